//! `serve` compares the secrets it reads: a tenant's API key is never a signing key (that tenant could
//! mint tokens for every tenant) and is random enough; `build` compares the references (SPEC082).

mod common;

use common::{Package, SIGNING_KEY};
use snowtenant::embed::state::Runtime;

#[test]
fn a_tenant_api_key_equal_to_the_signing_key_is_refused_at_start_up() {
    let pkg = Package::fixture();
    assert!(Runtime::from_config(&pkg.config).is_ok());
    let mut pkg = Package::fixture();
    // Same value, another file: only the value comparison can catch it.
    pkg.config.tenants[0].api_key = pkg.secret_file("copy-of-signing-key", SIGNING_KEY);
    let e = Runtime::from_config(&pkg.config).err().unwrap().to_string();
    assert!(e.contains("also a signing key"), "{e}");
    assert!(
        !e.contains(SIGNING_KEY),
        "the message must not echo the key: {e}"
    );
}

#[test]
fn a_long_but_typed_api_key_is_refused() {
    let mut pkg = Package::fixture();
    pkg.config.tenants[0].api_key = pkg.secret_file("typed", &"a".repeat(64));
    let e = Runtime::from_config(&pkg.config).err().unwrap().to_string();
    assert!(e.contains("entropy"), "{e}");
}
