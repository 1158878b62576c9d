//! Arrow result batches (what Snowflake returns for most queries) as rows of text.

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};

use super::client::Rows;

/// String and integer columns become text; other types and nulls become `None`.
pub fn rows(batches: &[RecordBatch]) -> Rows {
    let mut out = Rows::default();
    let Some(first) = batches.first() else {
        return out;
    };
    out.columns = first
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    for batch in batches {
        for r in 0..batch.num_rows() {
            let row = batch
                .columns()
                .iter()
                .map(|col| {
                    if col.is_null(r) {
                        return None;
                    }
                    if let Some(s) = col.as_string_opt::<i32>() {
                        return Some(s.value(r).to_string());
                    }
                    if let Some(s) = col.as_string_opt::<i64>() {
                        return Some(s.value(r).to_string());
                    }
                    col.as_primitive_opt::<arrow_array::types::Int64Type>()
                        .map(|n| n.value(r).to_string())
                })
                .collect();
            out.rows.push(row);
        }
    }
    out
}
