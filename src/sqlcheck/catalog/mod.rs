//! The catalog: Snowflake's vocabulary as data. Per object kind, the statement forms Snowflake has
//! (CREATE, ALTER, DROP, UNDROP, SHOW, DESCRIBE) and whether snowtenant checks them; its properties
//! with their value types, enumerations, ranges, and whether CREATE, SET and UNSET take them; the
//! rules that tie properties together; and the privileges that can be granted on it.
//!
//! Each property is one line with its doc page (`docs.snowflake.com/en/<doc>`), so a new property is
//! one line. The grammar (`warehouse.rs`, `schema.rs`...) and the checks of sqlparser's option lists
//! (`check.rs`) both read properties from here; nothing is accepted because an option list is generic.

pub mod check;
mod kinds;
pub mod ours;
mod privileges;
pub mod props;
pub mod readback;
pub mod sql_trees;

pub use kinds::{KINDS, find_kind, find_plural, kind_named};
pub use privileges::{GLOBAL_PRIVILEGES, SCHEMA_CREATE_OBJECTS};

/// How a statement form of a kind is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// Snowflake has no such form for this kind.
    Absent,
    /// Snowflake has it and snowtenant checks it (our grammar or sqlparser plus the catalog).
    Checked,
    /// Snowflake has it; snowtenant does not check it yet (SQL010, `lint --allow-unsupported`).
    Unchecked,
}

/// Where an object lives, which decides what a grant names and what a DROP can qualify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Account,
    Database,
    Schema,
}

/// One object kind.
#[derive(Debug)]
pub struct Kind {
    /// The kind's keywords, e.g. `["ROW", "ACCESS", "POLICY"]`.
    pub words: &'static [&'static str],
    /// The plural SHOW takes, e.g. `["ROW", "ACCESS", "POLICIES"]` (empty: no SHOW).
    pub plural: &'static [&'static str],
    pub scope: Scope,
    pub create: Support,
    pub alter: Support,
    pub drop: Support,
    pub undrop: Support,
    pub describe: Support,
    /// Properties; empty when the kind's forms are checked by grammar alone.
    pub props: &'static [Prop],
    /// Rules between properties.
    pub rules: &'static [Rule],
    /// Privileges grantable ON this kind (OWNERSHIP included where Snowflake has it).
    pub privileges: &'static [&'static str],
    /// Doc page of CREATE <kind>, under docs.snowflake.com/en/.
    pub doc: &'static str,
    /// Sub-kinds chosen by a property (`TYPE = EMAIL` of a notification integration), each with
    /// its own properties and rules; empty when `props` serve every statement of the kind.
    pub variants: &'static [Variant],
}

/// A sub-kind of a kind, chosen by the value of one property: a security integration of
/// `TYPE = OAUTH` takes other properties than one of `TYPE = SAML2`.
#[derive(Debug)]
pub struct Variant {
    /// The property that chooses, e.g. `TYPE`.
    pub key: &'static str,
    /// Its values that choose this variant (the first is the one messages name).
    pub values: &'static [&'static str],
    pub props: &'static [Prop],
    pub rules: &'static [Rule],
    /// Doc page of this variant's CREATE, under docs.snowflake.com/en/.
    pub doc: &'static str,
}

impl Variant {
    /// The property `name` (case-insensitive).
    pub fn prop(&self, name: &str) -> Option<&'static Prop> {
        self.props
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// True when `value` (a word or string, any case) chooses this variant.
    pub fn chosen_by(&self, value: &str) -> bool {
        self.values.iter().any(|v| v.eq_ignore_ascii_case(value))
    }
}

impl Kind {
    /// `ROW ACCESS POLICY`.
    pub fn name(&self) -> String {
        self.words.join(" ")
    }

    /// The property `name` (case-insensitive).
    pub fn prop(&self, name: &str) -> Option<&'static Prop> {
        self.props
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The variant whose key has `value` (`TYPE = OAUTH`).
    pub fn variant(&self, value: &str) -> Option<&'static Variant> {
        self.variants.iter().find(|v| v.chosen_by(value))
    }

    /// The property `name` in the kind's table or in any of its variants (the first that has it).
    pub fn any_prop(&self, name: &str) -> Option<&'static Prop> {
        self.prop(name)
            .or_else(|| self.variants.iter().find_map(|v| v.prop(name)))
    }

    /// True when `privilege` (upper case, words joined by one space) can be granted on this kind.
    pub fn grants(&self, privilege: &str) -> bool {
        privilege == "ALL" || privilege == "ALL PRIVILEGES" || self.privileges.contains(&privilege)
    }
}

/// The statement forms a property is accepted in.
pub type Forms = u8;
/// CREATE <kind> ... NAME = value.
pub const CREATE: Forms = 1;
/// ALTER <kind> ... SET NAME = value.
pub const SET: Forms = 2;
/// ALTER <kind> ... UNSET NAME.
pub const UNSET: Forms = 4;
/// CREATE, SET and UNSET.
pub const ALL: Forms = CREATE | SET | UNSET;
/// SET and UNSET (not at creation).
pub const ALTER: Forms = SET | UNSET;
/// CREATE and SET, never UNSET (e.g. a type chosen once).
pub const CREATE_SET: Forms = CREATE | SET;

/// A property's value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// TRUE or FALSE.
    Bool,
    /// An integer in `min..=max`; `null` when `NULL` is allowed too.
    Int { min: i64, max: i64, null: bool },
    /// One of the words (bare or quoted, case-insensitive).
    Enum(&'static [&'static str]),
    /// A single-quoted string of at most `max` characters.
    Str { max: usize },
    /// An object name (bare or quoted).
    Name,
    /// A parenthesized list (of strings or names); `max` items at most.
    List { max: usize },
    /// A parenthesized list of strings drawn from the words (`DEFAULT_SECONDARY_ROLES = ('ALL')`).
    EnumList(&'static [&'static str]),
    /// A single-quoted string or a parenthesized list of at most `max` of them.
    StrOrList { max: usize },
    /// A number (integer or decimal) of at least 0, e.g. a credit quota.
    Number,
    /// One of the words (bare or quoted) or else a single-quoted string
    /// (`START_TIMESTAMP = IMMEDIATELY | '<timestamp>'`).
    WordOrStr(&'static [&'static str]),
    /// A parenthesized list of at most `max` single-quoted IPv4 addresses or CIDR blocks.
    IpList { max: usize },
}

/// A property of a kind.
#[derive(Debug)]
pub struct Prop {
    pub name: &'static str,
    pub value: Value,
    pub forms: Forms,
    /// Doc page, under docs.snowflake.com/en/.
    pub doc: &'static str,
}

/// One property line: `p("AUTO_SUSPEND", int(0, i64::MAX, true), ALL, DOC)`.
pub const fn p(name: &'static str, value: Value, forms: Forms, doc: &'static str) -> Prop {
    Prop {
        name,
        value,
        forms,
        doc,
    }
}

/// An integer range.
pub const fn int(min: i64, max: i64) -> Value {
    Value::Int {
        min,
        max,
        null: false,
    }
}

/// An integer range that also takes NULL.
pub const fn int_or_null(min: i64, max: i64) -> Value {
    Value::Int {
        min,
        max,
        null: true,
    }
}

/// A string of at most `max` characters.
pub const fn string(max: usize) -> Value {
    Value::Str { max }
}

/// Snowflake's limit on a string literal (16 MB).
pub const ANY_STRING: Value = Value::Str { max: 16_777_216 };

/// A rule tying properties of one statement together.
#[derive(Debug)]
pub enum Rule {
    /// `lo` must not exceed `hi` when both are given as numbers.
    AtMost {
        lo: &'static str,
        hi: &'static str,
        doc: &'static str,
    },
    /// `a` and `b` cannot be given together.
    Excludes {
        a: &'static str,
        b: &'static str,
        doc: &'static str,
    },
    /// When `prop` has one of `values`, `other` must be absent or one of `allowed`.
    WhenThen {
        prop: &'static str,
        values: &'static [&'static str],
        other: &'static str,
        allowed: &'static [&'static str],
        doc: &'static str,
    },
    /// At CREATE, `a` and `b` are given both or neither.
    Together {
        a: &'static str,
        b: &'static str,
        doc: &'static str,
    },
    /// At CREATE, `prop` must be given.
    Required {
        prop: &'static str,
        doc: &'static str,
    },
    /// At CREATE, when `prop` has one of `values`, `other` must be given.
    NeedsWhen {
        prop: &'static str,
        values: &'static [&'static str],
        other: &'static str,
        doc: &'static str,
    },
    /// When `prop` has one of `values`, `other` (a number) is at most `max`.
    CapWhen {
        prop: &'static str,
        values: &'static [&'static str],
        other: &'static str,
        max: i64,
        doc: &'static str,
    },
}
