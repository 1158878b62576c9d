//! Splits a script into statements at top-level `;`.
//!
//! The splitter needs to know where literals and comments start and end, so that a `;`
//! inside `'...'`, `"..."`, `$$...$$`, `--` or `/* */` does not end a statement, and where
//! Snowflake Scripting blocks start and end: a `;` inside `[DECLARE ...] BEGIN ... END` (an
//! anonymous block, a procedure body or an alert action written without `$$`) ends a statement of
//! the block, not the block [developer-guide/snowflake-scripting/blocks]. `BEGIN` opens a block at
//! the start of a statement or after `AS`, `THEN`, `ELSE` or `DO`, and anywhere inside a block,
//! unless it is `BEGIN TRANSACTION` / `BEGIN WORK` / `BEGIN NAME` or stands alone; inside a block
//! `CASE` opens too, and `END` closes one unless followed by `IF`, `FOR`, `LOOP`, `WHILE` or `REPEAT`. It runs before
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
    /// A `$$` string closed earlier in the same statement: the usual cause is a `$$` inside a `$$`
    /// body, which ended the body early (a `$$` in a comment does not count).
    pub after_dollar_body: bool,
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
    let mut block = Blocks::default();
    let mut dollar_bodies = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b';' if block.depth == 0 && !block.declare => {
                push_piece(src, start, i, has_code, None, &mut lines, &mut pieces);
                start = i + 1;
                has_code = false;
                block = Blocks::default();
                dollar_bodies = 0;
                i += 1;
            }
            b';' => {
                block.prev_word = (0, 0);
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
                if open.is_none() {
                    dollar_bodies += 1;
                }
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_until(bytes, i, i + 2, b"*/", "block comment", &mut open);
            }
            c if is_word_start(c) && (i == 0 || !is_word_byte(bytes[i - 1])) => {
                let end = word_end(bytes, i);
                block.word(bytes, i, end, !has_code);
                has_code = true;
                i = end;
            }
            c => {
                has_code |= !c.is_ascii_whitespace();
                i += 1;
            }
        }
        if let Some(o) = open.as_mut() {
            o.after_dollar_body = dollar_bodies > 0;
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

/// Snowflake Scripting block nesting within the current statement.
#[derive(Default)]
struct Blocks {
    /// Open `BEGIN` blocks (and `CASE`s inside them).
    depth: usize,
    /// The block's DECLARE section has begun (at the start of the statement, or after the AS of
    /// a CREATE: a procedure or task body written without `$$`) and its BEGIN has not come yet.
    declare: bool,
    /// The statement starts with CREATE.
    create: bool,
    /// Byte range of the previous word in this statement.
    prev_word: (usize, usize),
}

impl Blocks {
    /// Updates the nesting for the word `bytes[start..end]`; `first` when it starts the statement.
    fn word(&mut self, bytes: &[u8], start: usize, end: usize, first: bool) {
        let w = &bytes[start..end];
        let prev = &bytes[self.prev_word.0..self.prev_word.1];
        self.prev_word = (start, end);
        if first && w.eq_ignore_ascii_case(b"CREATE") {
            self.create = true;
        } else if w.eq_ignore_ascii_case(b"DECLARE")
            && (first
                || (self.create
                    && self.depth == 0
                    && prev.eq_ignore_ascii_case(b"AS")
                    && declaration_follows(next_token(bytes, end))))
        {
            self.declare = true;
        } else if w.eq_ignore_ascii_case(b"BEGIN") {
            let opener = first
                || self.depth > 0
                || self.declare
                || [&b"AS"[..], b"THEN", b"ELSE", b"DO"]
                    .iter()
                    .any(|k| prev.eq_ignore_ascii_case(k));
            let next = next_token(bytes, end);
            let transaction = next.is_empty()
                || next == b";"
                || [&b"TRANSACTION"[..], b"WORK", b"NAME"]
                    .iter()
                    .any(|k| next.eq_ignore_ascii_case(k));
            if opener && !transaction {
                self.depth += 1;
                self.declare = false;
            }
        } else if self.depth > 0 && w.eq_ignore_ascii_case(b"CASE") {
            // `END CASE` closes a CASE statement; a CASE expression closes with a bare END.
            if !prev.eq_ignore_ascii_case(b"END") {
                self.depth += 1;
            }
        } else if self.depth > 0 && w.eq_ignore_ascii_case(b"END") {
            let next = next_token(bytes, end);
            let other = [&b"IF"[..], b"FOR", b"LOOP", b"WHILE", b"REPEAT"]
                .iter()
                .any(|k| next.eq_ignore_ascii_case(k));
            if !other {
                self.depth -= 1;
            }
        }
    }
}

/// Whether the word after `AS DECLARE` starts a declaration (`pi FLOAT;`), not a query clause
/// after a column alias named `declare` (`SELECT 1 AS declare FROM t`).
fn declaration_follows(next: &[u8]) -> bool {
    const CLAUSES: &[&[u8]] = &[
        b"FROM",
        b"WHERE",
        b"GROUP",
        b"ORDER",
        b"HAVING",
        b"QUALIFY",
        b"LIMIT",
        b"UNION",
        b"INTERSECT",
        b"EXCEPT",
        b"MINUS",
        b"WINDOW",
        b"JOIN",
        b"INNER",
        b"LEFT",
        b"RIGHT",
        b"FULL",
        b"CROSS",
        b"NATURAL",
        b"ON",
        b"AS",
    ];
    next.first().is_some_and(|c| is_word_start(*c))
        && !CLAUSES.iter().any(|k| next.eq_ignore_ascii_case(k))
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$'
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !is_word_byte(b))
        .map_or(bytes.len(), |p| from + p)
}

/// The next word (or `;`) after `from`, skipping whitespace; empty at the end of the script.
fn next_token(bytes: &[u8], from: usize) -> &[u8] {
    let Some(s) = bytes[from..]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map(|p| from + p)
    else {
        return &[];
    };
    if bytes[s] == b';' {
        return &bytes[s..=s];
    }
    &bytes[s..word_end(bytes, s)]
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
        after_dollar_body: false,
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
        after_dollar_body: false,
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

    /// Anonymous blocks, alert actions and procedure bodies without `$$` stay whole
    /// [developer-guide/snowflake-scripting/blocks, sql/create-alert "action"].
    #[test]
    fn scripting_blocks_are_not_cut_at_inner_semicolons() {
        let src = "DECLARE x INT DEFAULT 0; BEGIN x := 1; IF (x = 1) THEN x := 2; END IF; \
                   SELECT CASE WHEN x = 1 THEN 1 ELSE 2 END; RETURN x; END; SELECT 1;\n\
                   CREATE ALERT a SCHEDULE = '1 MINUTE' IF (EXISTS (SELECT 1)) THEN BEGIN \
                   INSERT INTO t VALUES (1); CALL p(); END; BEGIN TRANSACTION; COMMIT;";
        let t = texts(src);
        assert_eq!(t.len(), 5, "{t:#?}");
        assert!(t[0].starts_with("DECLARE") && t[0].ends_with("RETURN x; END"));
        assert_eq!(t[1], "SELECT 1");
        assert!(t[2].starts_with("CREATE ALERT") && t[2].ends_with("CALL p(); END"));
        assert_eq!(t[3..], ["BEGIN TRANSACTION", "COMMIT"]);
    }

    #[test]
    fn words_named_like_block_keywords_do_not_open_blocks() {
        let src = "SELECT begin, end FROM t; CREATE TABLE x (begin INT); SELECT 2";
        assert_eq!(texts(src).len(), 3);
        let src = "CREATE VIEW v AS SELECT 1 AS declare FROM t; SELECT 2; \
                   CREATE VIEW w AS SELECT 1 AS declare; SELECT 3";
        assert_eq!(texts(src).len(), 4, "{:#?}", texts(src));
    }

    /// A procedure body written without `$$` may start with its DECLARE section
    /// [developer-guide/snowflake-scripting/running-examples, Snowsight].
    #[test]
    fn a_procedure_body_declare_section_stays_with_its_block() {
        let src = "CREATE PROCEDURE area(r FLOAT) RETURNS FLOAT LANGUAGE SQL AS\nDECLARE\n  pi FLOAT;\n\
                   BEGIN\n  pi := 3.14;\n  RETURN pi * r * r;\nEND;\nSELECT 1;";
        let t = texts(src);
        assert_eq!(t.len(), 2, "{t:#?}");
        assert!(t[0].ends_with("RETURN pi * r * r;\nEND"), "{t:#?}");
    }

    #[test]
    fn unterminated_dollar_body_is_reported_at_its_opening() {
        let p = split("SELECT 1; CREATE PROCEDURE p() AS $$ x;");
        let u = p[1].unterminated.expect("unterminated");
        assert_eq!((u.what, u.offset), ("`$$` string", 34));
    }

    #[test]
    fn a_dollar_pair_in_a_comment_is_not_a_body() {
        let p = split("-- costs $$ and $$\nSELECT 'x");
        let u = p[0].unterminated.expect("unterminated");
        assert!(!u.after_dollar_body);
        let p = split("CREATE PROCEDURE p() AS $$ var s = '$$'; $$");
        assert!(p[0].unterminated.expect("unterminated").after_dollar_body);
    }
}
