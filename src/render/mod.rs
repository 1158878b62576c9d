//! Stage 4, render: each planned object to SQL statements through the askama templates under
//! `templates/sql/`. Templates only place values whose `Display` is already safe (`quote`).

mod objects;
mod offboard;

pub use objects::MERGE_BATCH_ROWS;
pub use offboard::offboard;

use crate::plan::{Object, Plan, Step};

/// One statement of the package, without its terminating `;`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// What it does, e.g. `create_role`; counted in the manifest.
    pub kind: &'static str,
    pub text: String,
    /// The tenant the statement serves; `None` for platform statements.
    pub tenant: Option<String>,
}

/// The statements of one deployment step.
pub struct StepScript {
    pub step: Step,
    pub statements: Vec<Statement>,
}

/// Renders every planned object, grouped by step in deployment order (empty steps omitted).
pub fn render(plan: &Plan) -> Vec<StepScript> {
    let mut scripts: Vec<StepScript> = Vec::new();
    for (step, object) in &plan.objects {
        if scripts.last().is_none_or(|s| s.step != *step) {
            scripts.push(StepScript {
                step: *step,
                statements: Vec::new(),
            });
        }
        let tenant = object.tenant().map(|t| t.as_str().to_string());
        let target = &mut scripts.last_mut().expect("pushed above").statements;
        for (kind, text) in objects::render_object(object) {
            target.push(Statement {
                kind,
                text,
                tenant: tenant.clone(),
            });
        }
    }
    scripts
}

/// Renders one object on its own (used by offboarding and tests).
pub fn render_one(object: &Object) -> Vec<Statement> {
    let tenant = object.tenant().map(|t| t.as_str().to_string());
    objects::render_object(object)
        .into_iter()
        .map(|(kind, text)| Statement {
            kind,
            text,
            tenant: tenant.clone(),
        })
        .collect()
}
