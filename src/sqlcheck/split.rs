//! Splits a script into statements at top-level `;`.
//!
//! The splitter only needs to know where literals and comments start and end, so that a `;`
//! inside `'...'`, `"..."`, `$$...$$`, `--` or `/* */` does not end a statement. It runs before
//! sqlparser's tokenizer (which works per statement) and reports each piece's position in the
//! script so diagnostics can point at the right line of the file the DBA opened.

/// One statement's text and where it starts in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece<'a> {
    /// The statement text, without the terminating `;` and without surrounding whitespace.
    pub text: &'a str,
    /// Byte offset of `text` in the script.
    pub offset: usize,
    /// 1-based line of the first character.
    pub line: usize,
    /// 1-based column (in characters) of the first character.
    pub col: usize,
    /// Set when a literal or comment in this piece is never closed.
    pub unterminated: Option<Unterminated>,
}

/// A literal or comment that reaches the end of the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unterminated {
    /// What was left open.
    pub what: &'static str,
    /// Byte offset (in the script) of the opening delimiter.
    pub offset: usize,
}

/// Splits `src` into non-empty statements. Pieces made only of comments are dropped: they are
/// not statements, and a trailing comment after the last `;` is normal in hand-written scripts.
pub fn split(src: &str) -> Vec<Piece<'_>> {
    let bytes = src.as_bytes();
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let mut has_code = false;
    let mut open: Option<Unterminated> = None;
    let mut lines = LineTracker::default();
    while i < bytes.len() {
        match bytes[i] {
            b';' => {
                push_piece(src, start, i, has_code, None, &mut lines, &mut pieces);
                start = i + 1;
                has_code = false;
                i += 1;
            }
            b'\'' => {
                has_code = true;
                i = skip_single_quoted(bytes, i, &mut open);
            }
            b'"' => {
                has_code = true;
                i = skip_until(
                    bytes,
                    i,
                    i + 1,
                    b"\"",
                    "double-quoted identifier",
                    &mut open,
                );
            }
            b'$' if bytes.get(i + 1) == Some(&b'$') => {
                has_code = true;
                i = skip_until(bytes, i, i + 2, b"$$", "`$$` string", &mut open);
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_until(bytes, i, i + 2, b"*/", "block comment", &mut open);
            }
            c => {
                has_code |= !c.is_ascii_whitespace();
                i += 1;
            }
        }
        if open.is_some() {
            break;
        }
    }
    push_piece(
        src,
        start,
        bytes.len(),
        has_code || open.is_some(),
        open,
        &mut lines,
        &mut pieces,
    );
    pieces
}

/// Line and column of increasing offsets in one pass, so splitting stays linear in the script.
#[derive(Default)]
struct LineTracker {
    pos: usize,
    line: usize,
    line_start: usize,
}

impl LineTracker {
    fn advance_to(&mut self, src: &str, offset: usize) -> (usize, usize) {
        let bytes = src.as_bytes();
        for (k, &b) in bytes[self.pos..offset].iter().enumerate() {
            if b == b'\n' {
                self.line += 1;
                self.line_start = self.pos + k + 1;
            }
        }
        self.pos = offset;
        let col = 1 + String::from_utf8_lossy(&bytes[self.line_start..offset])
            .chars()
            .count();
        (self.line + 1, col)
    }
}

fn push_piece<'a>(
    src: &'a str,
    start: usize,
    end: usize,
    has_code: bool,
    unterminated: Option<Unterminated>,
    lines: &mut LineTracker,
    out: &mut Vec<Piece<'a>>,
) {
    if !has_code {
        return;
    }
    // `start..end` always falls on ASCII delimiters (`;` or the ends), so slicing is safe.
    let raw = &src[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    let offset = start + lead;
    let (line, col) = lines.advance_to(src, offset);
    out.push(Piece {
        text,
        offset,
        line,
        col,
        unterminated,
    });
}

/// 1-based line and character column of byte `offset` in `src`.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..offset.min(src.len())];
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    // Count characters, not bytes, to match sqlparser's tokenizer columns.
    let col = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (line, col)
}

/// Snowflake strings escape `'` both as `''` and as `\'`.
fn skip_single_quoted(bytes: &[u8], open_at: usize, open: &mut Option<Unterminated>) -> usize {
    let mut i = open_at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\'' if bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b'\'' => return i + 1,
            _ => i += 1,
        }
    }
    *open = Some(Unterminated {
        what: "string literal",
        offset: open_at,
    });
    bytes.len()
}

fn skip_until(
    bytes: &[u8],
    open_at: usize,
    from: usize,
    close: &[u8],
    what: &'static str,
    open: &mut Option<Unterminated>,
) -> usize {
    let mut i = from;
    while i + close.len() <= bytes.len() {
        if &bytes[i..i + close.len()] == close {
            // `""` inside a quoted identifier is an escaped quote, not the end.
            if close == b"\"" && bytes.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return i + close.len();
        }
        i += 1;
    }
    *open = Some(Unterminated {
        what,
        offset: open_at,
    });
    bytes.len()
}

fn skip_line(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        split(src).into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn semicolons_inside_literals_and_comments_do_not_split() {
        let src = "SELECT 'a;''b\\';c'; SELECT \"x;\"\"y\"; -- c;\nSELECT $$ ; $$ /* ; */;";
        assert_eq!(
            texts(src),
            [
                "SELECT 'a;''b\\';c'",
                "SELECT \"x;\"\"y\"",
                "-- c;\nSELECT $$ ; $$ /* ; */"
            ]
        );
    }

    #[test]
    fn comment_only_pieces_are_dropped() {
        assert_eq!(texts("SELECT 1; -- end\n/* x */ ;\n"), ["SELECT 1"]);
    }

    #[test]
    fn positions_are_script_lines_and_columns() {
        let p = split("SELECT 1;\n  SELECT é;  SELECT 3");
        assert_eq!((p[1].line, p[1].col, p[1].offset), (2, 3, 12));
        assert_eq!((p[2].line, p[2].col), (2, 14));
    }

    #[test]
    fn unterminated_dollar_body_is_reported_at_its_opening() {
        let p = split("SELECT 1; CREATE PROCEDURE p() AS $$ x;");
        let u = p[1].unterminated.expect("unterminated");
        assert_eq!((u.what, u.offset), ("`$$` string", 34));
    }
}
