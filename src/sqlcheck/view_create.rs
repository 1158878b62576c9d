//! CREATE VIEW with the clauses sqlparser 0.64 cannot read [sql/create-view]: RECURSIVE, column
//! masking / projection policies and tags, `[WITH] ROW ACCESS POLICY p ON (cols)`, `[WITH]
//! AGGREGATION POLICY p [ENTITY KEY (cols)]`, `[WITH] JOIN POLICY p [ALLOWED JOIN KEYS (cols)]`,
//! `[WITH] TAG (...)`, `WITH CONTACT (...)`, `CHANGE_TRACKING`, `COPY GRANTS`, `COPY TAGS`,
//! `COPY = (...)`, `COMMENT`. Plain views stay with sqlparser (the router sends only views with
//! one of these clauses); the query after AS is sqlparser's.

use std::fmt;

use sqlparser::ast::{Ident, ObjectName, Query};
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::ast::SnowflakeStatement;
use super::diagnostic::Code;
use super::grammar::GrammarError;
use super::task::{Tags, parse_tags, write_tags};
use super::words::{Commas, Quoted, eat_words, expect_eq, expect_one_of, expect_words, flag};
use super::words::{expected_err, peek_words};
use super::words::{or_replace, parse_bool, parse_if_not_exists, parse_or_replace, parse_string};

const DOC: &str = "[docs.snowflake.com/en/sql-reference/sql/create-view]";

/// `CREATE [OR REPLACE | OR ALTER] [SECURE] [TEMPORARY] [RECURSIVE] VIEW [IF NOT EXISTS] name
/// [(columns)] clauses AS query`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CreateSnowflakeView {
    pub or_replace: bool,
    pub or_alter: bool,
    pub secure: bool,
    /// `TEMPORARY`, `LOCAL TEMPORARY`, `VOLATILE`... as written, upper case.
    pub temporary: Option<String>,
    pub recursive: bool,
    pub if_not_exists: bool,
    pub name: ObjectName,
    pub columns: Vec<ViewColumn>,
    pub clauses: Vec<ViewClause>,
    pub query: Box<Query>,
}

/// A column of the column list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewColumn {
    pub name: Ident,
    /// `MASKING POLICY p [USING (cols)]`.
    pub masking: Option<(ObjectName, Vec<Ident>)>,
    pub projection: Option<ObjectName>,
    pub tags: Tags,
    pub comment: Option<String>,
}

/// A view-level clause.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ViewClause {
    RowAccessPolicy(ObjectName, Vec<Ident>),
    AggregationPolicy(ObjectName, Vec<Ident>),
    JoinPolicy(ObjectName, Vec<Ident>),
    Tags(Tags),
    Contact(Vec<(Ident, ObjectName)>),
    ChangeTracking(bool),
    CopyGrants,
    CopyTags,
    /// `COPY = (COMMENTS | TAGS | GRANTS, ...)`.
    Copy(Vec<String>),
    Comment(String),
}

impl ViewClause {
    fn key(&self) -> &'static str {
        match self {
            Self::RowAccessPolicy(..) => "ROW ACCESS POLICY",
            Self::AggregationPolicy(..) => "AGGREGATION POLICY",
            Self::JoinPolicy(..) => "JOIN POLICY",
            Self::Tags(_) => "TAG",
            Self::Contact(_) => "WITH CONTACT",
            Self::ChangeTracking(_) => "CHANGE_TRACKING",
            Self::CopyGrants => "COPY GRANTS",
            Self::CopyTags => "COPY TAGS",
            Self::Copy(_) => "COPY =",
            Self::Comment(_) => "COMMENT",
        }
    }
}

fn ident_list(p: &mut Parser) -> Result<Vec<Ident>, GrammarError> {
    p.expect_token(&Token::LParen)?;
    let items = p.parse_comma_separated(|p| p.parse_identifier())?;
    p.expect_token(&Token::RParen)?;
    Ok(items)
}

/// Parses the statement.
pub fn parse(p: &mut Parser) -> Result<SnowflakeStatement, GrammarError> {
    expect_words(p, &["CREATE"])?;
    let (or_replace, or_alter) = parse_or_replace(p);
    let secure = eat_words(p, &["SECURE"]);
    let temporary = ["LOCAL", "GLOBAL", "TEMP", "TEMPORARY", "VOLATILE"]
        .iter()
        .filter(|w| eat_words(p, &[w]))
        .map(|w| w.to_string())
        .reduce(|a, b| format!("{a} {b}"));
    let recursive = eat_words(p, &["RECURSIVE"]);
    let view_at = p.peek_token();
    expect_words(p, &["VIEW"])?;
    let if_not_exists = parse_if_not_exists(p, or_replace)?;
    let name = p.parse_object_name(false)?;
    let mut columns = Vec::new();
    if p.consume_token(&Token::LParen) {
        columns = p.parse_comma_separated(parse_column)?;
        p.expect_token(&Token::RParen)?;
    }
    if recursive && columns.is_empty() {
        let message = format!("a RECURSIVE view needs its column list {DOC}");
        return Err(GrammarError::at(Code::Syntax, message, &view_at));
    }
    let mut clauses: Vec<ViewClause> = Vec::new();
    while !peek_words(p, &["AS"]) {
        let at = p.peek_token();
        let with = eat_words(p, &["WITH"]);
        let clause = if eat_words(p, &["ROW", "ACCESS", "POLICY"]) {
            let policy = p.parse_object_name(false)?;
            expect_words(p, &["ON"])?;
            ViewClause::RowAccessPolicy(policy, ident_list(p)?)
        } else if eat_words(p, &["AGGREGATION", "POLICY"]) {
            let policy = p.parse_object_name(false)?;
            let keys = if eat_words(p, &["ENTITY", "KEY"]) {
                ident_list(p)?
            } else {
                Vec::new()
            };
            ViewClause::AggregationPolicy(policy, keys)
        } else if eat_words(p, &["JOIN", "POLICY"]) {
            let policy = p.parse_object_name(false)?;
            let keys = if eat_words(p, &["ALLOWED", "JOIN", "KEYS"]) {
                ident_list(p)?
            } else {
                Vec::new()
            };
            ViewClause::JoinPolicy(policy, keys)
        } else if peek_words(p, &["TAG"]) {
            if p.peek_nth_token_ref(1).token != Token::LParen {
                p.advance_token();
                return Err(expected_err("( after TAG", p.peek_token_ref()).into());
            }
            ViewClause::Tags(parse_tags(p)?)
        } else if with && eat_words(p, &["CONTACT"]) {
            p.expect_token(&Token::LParen)?;
            let contacts = p.parse_comma_separated(|p| {
                let purpose = p.parse_identifier()?;
                expect_eq(p)?;
                Ok((purpose, p.parse_object_name(false)?))
            })?;
            p.expect_token(&Token::RParen)?;
            ViewClause::Contact(contacts)
        } else if with {
            let what =
                "ROW ACCESS POLICY, AGGREGATION POLICY, JOIN POLICY, TAG or CONTACT after WITH";
            return Err(expected_err(what, p.peek_token_ref()).into());
        } else if eat_words(p, &["CHANGE_TRACKING"]) {
            expect_eq(p)?;
            ViewClause::ChangeTracking(parse_bool(p)?)
        } else if eat_words(p, &["COPY", "GRANTS"]) {
            ViewClause::CopyGrants
        } else if eat_words(p, &["COPY", "TAGS"]) {
            ViewClause::CopyTags
        } else if eat_words(p, &["COPY"]) {
            expect_eq(p)?;
            p.expect_token(&Token::LParen)?;
            let items = p.parse_comma_separated(|p| {
                let words = ["COMMENTS", "TAGS", "GRANTS"];
                Ok(words[expect_one_of(p, &words)?].to_string())
            })?;
            p.expect_token(&Token::RParen)?;
            ViewClause::Copy(items)
        } else if eat_words(p, &["COMMENT"]) {
            expect_eq(p)?;
            ViewClause::Comment(parse_string(p)?)
        } else {
            let what = "ROW ACCESS POLICY, AGGREGATION POLICY, JOIN POLICY, TAG, WITH CONTACT, CHANGE_TRACKING, COPY GRANTS, COPY TAGS, COMMENT or AS";
            return Err(expected_err(what, &at).into());
        };
        if clauses.iter().any(|c| c.key() == clause.key()) {
            let message = format!("{} is given more than once {DOC}", clause.key());
            return Err(GrammarError::at(Code::Syntax, message, &at));
        }
        clauses.push(clause);
    }
    expect_words(p, &["AS"])?;
    let query = p.parse_query()?;
    Ok(SnowflakeStatement::CreateSnowflakeView(
        CreateSnowflakeView {
            or_replace,
            or_alter,
            secure,
            temporary,
            recursive,
            if_not_exists,
            name,
            columns,
            clauses,
            query,
        },
    ))
}

fn parse_column(p: &mut Parser) -> Result<ViewColumn, sqlparser::parser::ParserError> {
    let name = p.parse_identifier()?;
    let mut c = ViewColumn {
        name,
        masking: None,
        projection: None,
        tags: Vec::new(),
        comment: None,
    };
    loop {
        let with = peek_words(p, &["WITH"]);
        let k = usize::from(with);
        let word = |w: &str| super::words::is_word(&p.peek_nth_token_ref(k).token, w);
        if c.masking.is_none() && word("MASKING") {
            if with {
                p.advance_token();
            }
            expect_words(p, &["MASKING", "POLICY"])?;
            let policy = p.parse_object_name(false)?;
            let using = if eat_words(p, &["USING"]) {
                p.expect_token(&Token::LParen)?;
                let cols = p.parse_comma_separated(|p| p.parse_identifier())?;
                p.expect_token(&Token::RParen)?;
                cols
            } else {
                Vec::new()
            };
            c.masking = Some((policy, using));
        } else if c.projection.is_none() && word("PROJECTION") {
            if with {
                p.advance_token();
            }
            expect_words(p, &["PROJECTION", "POLICY"])?;
            c.projection = Some(p.parse_object_name(false)?);
        } else if c.tags.is_empty() && word("TAG") {
            // `[WITH] TAG (` or an error: a TAG without its list must not loop here.
            if with {
                p.advance_token();
            }
            expect_words(p, &["TAG"])?;
            p.expect_token(&Token::LParen)?;
            c.tags = p.parse_comma_separated(|p| {
                let name = p.parse_object_name(false)?;
                expect_eq(p)?;
                Ok((name, parse_string(p)?))
            })?;
            p.expect_token(&Token::RParen)?;
        } else if c.comment.is_none() && !with && eat_words(p, &["COMMENT"]) {
            c.comment = Some(parse_string(p)?);
        } else {
            return Ok(c);
        }
    }
}

impl fmt::Display for CreateSnowflakeView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CREATE")?;
        or_replace(f, self.or_replace, self.or_alter)?;
        flag(f, self.secure, "SECURE")?;
        if let Some(t) = &self.temporary {
            write!(f, " {t}")?;
        }
        flag(f, self.recursive, "RECURSIVE")?;
        f.write_str(" VIEW")?;
        flag(f, self.if_not_exists, "IF NOT EXISTS")?;
        write!(f, " {}", self.name)?;
        if !self.columns.is_empty() {
            f.write_str(" (")?;
            for (i, c) in self.columns.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{}", c.name)?;
                if let Some((policy, using)) = &c.masking {
                    write!(f, " WITH MASKING POLICY {policy}")?;
                    if !using.is_empty() {
                        write!(f, " USING ({})", Commas(using))?;
                    }
                }
                if let Some(pp) = &c.projection {
                    write!(f, " WITH PROJECTION POLICY {pp}")?;
                }
                write_tags(f, &c.tags)?;
                if let Some(cm) = &c.comment {
                    write!(f, " COMMENT {}", Quoted(cm))?;
                }
            }
            f.write_str(")")?;
        }
        for clause in &self.clauses {
            match clause {
                ViewClause::RowAccessPolicy(p, on) => {
                    write!(f, " WITH ROW ACCESS POLICY {p} ON ({})", Commas(on))?
                }
                ViewClause::AggregationPolicy(p, keys) => {
                    write!(f, " WITH AGGREGATION POLICY {p}")?;
                    if !keys.is_empty() {
                        write!(f, " ENTITY KEY ({})", Commas(keys))?;
                    }
                }
                ViewClause::JoinPolicy(p, keys) => {
                    write!(f, " WITH JOIN POLICY {p}")?;
                    if !keys.is_empty() {
                        write!(f, " ALLOWED JOIN KEYS ({})", Commas(keys))?;
                    }
                }
                ViewClause::Tags(t) => write_tags(f, t)?,
                ViewClause::Contact(c) => {
                    f.write_str(" WITH CONTACT (")?;
                    for (i, (purpose, contact)) in c.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "{purpose} = {contact}")?;
                    }
                    f.write_str(")")?;
                }
                ViewClause::ChangeTracking(b) => write!(
                    f,
                    " CHANGE_TRACKING = {}",
                    if *b { "TRUE" } else { "FALSE" }
                )?,
                ViewClause::CopyGrants => f.write_str(" COPY GRANTS")?,
                ViewClause::CopyTags => f.write_str(" COPY TAGS")?,
                ViewClause::Copy(items) => write!(f, " COPY = ({})", items.join(", "))?,
                ViewClause::Comment(c) => write!(f, " COMMENT = {}", Quoted(c))?,
            }
        }
        write!(f, " AS {}", self.query)
    }
}
