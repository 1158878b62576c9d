//! The bundled example spec, built and written to a folder, for tests that need a package on disk.

use std::path::{Path, PathBuf};

use snowtenant::diag::SourceFile;

/// Builds `examples/platform.yaml` into `dir/dist` and returns that folder.
pub fn example_package(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("examples/platform.yaml").unwrap();
    let package = snowtenant::build::compile(&SourceFile::new("examples/platform.yaml", text))
        .expect("the example is valid");
    let out = dir.join("dist");
    snowtenant::package::write_atomically(&out, &package.files).unwrap();
    out
}
