//! The embed service (`snowtenant serve`): short-lived access tokens for a tenant's SaaS backend, Sigma
//! JWT embed URLs carrying the tenant's Snowflake role, and a Snowflake external function minting the same.
//! See `docs/embed.md` for the contract and the security model.

pub mod api;
pub mod client_ip;
pub mod cors;
pub mod error;
pub mod external_function;
pub mod limits;
pub mod metrics;
pub mod secrets;
pub mod server;
pub mod sigma;
pub mod state;
pub mod tokens;
pub mod verified;

/// 16 random bytes as hex: `jti` of our tokens and of Sigma JWTs (Sigma's samples use the same shape).
/// From the thread's CSPRNG (ChaCha12 seeded and periodically reseeded from the OS), not a syscall per
/// request: unpredictability is what a `jti` needs, and the OS source stays behind the seed.
pub fn random_hex16() -> String {
    String::from_utf8(random_hex16_bytes().to_vec()).expect("hex digits are ASCII")
}

/// [`random_hex16`] as ASCII bytes on the stack, for writers that append it.
pub fn random_hex16_bytes() -> [u8; 32] {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    let mut out = [0u8; 32];
    hex::encode_to_slice(b, &mut out).expect("32 bytes hold 16 in hex");
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    #[test]
    fn jti_is_32_lowercase_hex_digits_and_never_repeats() {
        let seen: HashSet<String> = (0..10_000).map(|_| super::random_hex16()).collect();
        assert_eq!(seen.len(), 10_000);
        assert!(seen.iter().all(|j| {
            j.len() == 32
                && j.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        }));
    }

    #[test]
    fn threads_draw_different_jtis() {
        let a = std::thread::spawn(super::random_hex16).join().unwrap();
        let b = std::thread::spawn(super::random_hex16).join().unwrap();
        assert_ne!(
            a, b,
            "each thread's generator is seeded independently from the OS"
        );
    }
}
