//! The shape check's repairs applied to the spec's text, and the way back: places in the repaired
//! text mapped to the file, and diagnostics on a repaired value dropped, so the semantic checks can
//! run on a spec with shape errors without a placeholder ever being reported.

use super::shape::Edit;
use super::spanned::Span;
use crate::diag::Diagnostic;

/// The repaired text and where each repair landed in it.
pub struct Repaired {
    pub text: String,
    /// (start in the file, end in the file, start in the repaired text, end in the repaired text)
    moves: Vec<(usize, usize, usize, usize)>,
}

/// Applies `edits` (overlapping ones after the first are left out: the typed read then fails and
/// the semantic checks wait, as they would without repairs).
pub fn apply(source: &str, edits: &[Edit]) -> Repaired {
    let mut edits: Vec<&Edit> = edits
        .iter()
        .filter(|e| e.start <= e.end && e.end <= source.len())
        .collect();
    edits.sort_by_key(|e| (e.start, e.end));
    let mut text = String::with_capacity(source.len() + 64 * edits.len());
    let mut moves = Vec::with_capacity(edits.len());
    let mut copied = 0;
    for edit in edits {
        if edit.start < copied
            || !source.is_char_boundary(edit.start)
            || !source.is_char_boundary(edit.end)
        {
            continue;
        }
        text.push_str(&source[copied..edit.start]);
        let new_start = text.len();
        match &edit.text {
            Some(replacement) => text.push_str(replacement),
            // One blank per byte, so every place after it stays where it was.
            None => {
                for c in source[edit.start..edit.end].chars() {
                    match c {
                        '\n' => text.push('\n'),
                        c => text.extend(std::iter::repeat_n(' ', c.len_utf8())),
                    }
                }
            }
        }
        moves.push((edit.start, edit.end, new_start, text.len()));
        copied = edit.end;
    }
    text.push_str(&source[copied..]);
    Repaired { text, moves }
}

impl Repaired {
    /// Where a place of the repaired text is in the file, or `None` when it begins on a repair.
    fn restore_offset(&self, offset: usize) -> Option<usize> {
        let mut shift: isize = 0;
        for &(start, end, new_start, new_end) in &self.moves {
            if offset < new_start {
                break;
            }
            if offset < new_end {
                return None;
            }
            shift += (new_end - new_start) as isize - (end - start) as isize;
        }
        Some((offset as isize - shift).max(0) as usize)
    }

    /// The end of a place: one that ends inside a repair ends where the repaired text did.
    fn restore_end(&self, end: usize) -> usize {
        let mut shift: isize = 0;
        for &(start, old_end, new_start, new_end) in &self.moves {
            if end <= new_start {
                break;
            }
            if end < new_end {
                return old_end;
            }
            shift += (new_end - new_start) as isize - (old_end - start) as isize;
        }
        (end as isize - shift).max(0) as usize
    }

    /// `diag` with its places in the file, or `None` when one begins on a repaired value (a
    /// placeholder's own error, or one it caused).
    pub fn restore(&self, mut diag: Diagnostic) -> Option<Diagnostic> {
        for (span, _) in &mut diag.labels {
            let offset = self.restore_offset(span.offset)?;
            let end = self.restore_end(span.offset + span.len).max(offset);
            *span = Span {
                offset,
                len: end - offset,
            };
        }
        Some(diag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, text: Option<&str>) -> Edit {
        Edit {
            start,
            end,
            text: text.map(str::to_string),
        }
    }

    #[test]
    fn places_map_back_and_repaired_ones_are_dropped() {
        let source = "a: x\nb: yy\nc: z\n";
        // `x` becomes `[]` (one byte longer), `d: 0` is inserted before `c`, `b: yy` is blanked.
        let repaired = apply(
            source,
            &[
                edit(3, 4, Some("[]")),
                edit(11, 11, Some("d: 0\n")),
                edit(5, 10, None),
            ],
        );
        assert_eq!(repaired.text, "a: []\n     \nd: 0\nc: z\n");
        let at = |offset, len| Diagnostic::new("SPEC010", "m").at(Span { offset, len }, "l");
        // `c: z` in the repaired text is `c: z` in the file.
        let c = repaired.text.find("c: z").unwrap();
        let back = repaired.restore(at(c, 4)).unwrap();
        assert_eq!(back.labels[0].0, Span { offset: 11, len: 4 });
        // On the placeholder `[]`, or on the inserted key: dropped.
        assert!(repaired.restore(at(3, 2)).is_none());
        assert!(
            repaired
                .restore(at(repaired.text.find("d: 0").unwrap(), 1))
                .is_none()
        );
        // A place that encloses a repair keeps its start and ends where the file's text does.
        let whole = repaired.restore(at(0, repaired.text.len())).unwrap();
        assert_eq!(
            whole.labels[0].0,
            Span {
                offset: 0,
                len: source.len()
            }
        );
    }
}
