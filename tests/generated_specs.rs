//! Property tests: generated valid specs build, deterministically.

use proptest::prelude::*;
use snowtenant::diag::SourceFile;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn generated_specs_build_and_rebuild_identically(tenants in 1usize..60) {
        let text = snowtenant::spec::generate(tenants);
        let source = SourceFile::new("generated.yaml", text);
        let a = snowtenant::build::compile(&source).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        let b = snowtenant::build::compile(&source).unwrap();
        prop_assert_eq!(&a.files, &b.files);
        prop_assert_eq!(a.manifest.tenants, tenants);
        prop_assert_eq!(a.files.keys().filter(|k| k.starts_with("offboard/")).count(), tenants);
    }

    #[test]
    fn arbitrary_text_never_panics_the_compiler(text in "\\PC{0,400}") {
        let _ = snowtenant::build::compile(&SourceFile::new("fuzz.yaml", text));
    }

    #[test]
    fn mutated_example_never_panics(cut in 0usize..4000, insert in "[ :\\-\\[\\]{}a-z0-9\\n]{0,8}") {
        let base = include_str!("../examples/platform.yaml");
        let at = base.char_indices().map(|(i, _)| i).take_while(|i| *i <= cut).last().unwrap_or(0);
        let text = format!("{}{}{}", &base[..at], insert, &base[at..]);
        let _ = snowtenant::build::compile(&SourceFile::new("mutated.yaml", text));
    }
}
