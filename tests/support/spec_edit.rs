//! The example spec, edited the way a user would, and compiled in memory: shared by the test files
//! that compare a spec with its evolutions.
#![allow(dead_code)]

use snowtenant::diag::{Diagnostic, SourceFile};
use snowtenant::package::Package;

pub fn example() -> String {
    std::fs::read_to_string("examples/platform.yaml").unwrap()
}

/// `spec` with the first `from` replaced by `to`; `from` must be there.
pub fn edit(spec: &str, from: &str, to: &str) -> String {
    assert!(spec.contains(from), "spec lacks {from:?}");
    spec.replacen(from, to, 1)
}

pub fn compile(spec: &str) -> Result<Package, Vec<Diagnostic>> {
    snowtenant::build::compile(&SourceFile::new("spec.yaml", spec.to_string()))
}

pub fn file(p: &Package, path: &str) -> String {
    String::from_utf8(p.files[path].clone()).unwrap_or_else(|_| panic!("{path}"))
}
