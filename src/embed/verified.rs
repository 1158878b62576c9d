//! Tokens already verified, so a backend that reuses its access token for several dashboards pays
//! the signature check (HMAC, or Ed25519 at ~50x the cost), the header and claims parse once.
//!
//! What is cached is everything about a token that does not depend on the clock: its signature
//! under a configured key, the header rules, the claims' shape, `iss` and `aud`. The time checks run
//! on every use. The cache belongs to one [`super::tokens::TokenService`], which a config reload
//! replaces, so a key removed on SIGHUP takes its tokens with it. Only tokens that passed every check
//! are inserted, so refused tokens (an attacker's) never occupy it.
//!
//! A lookup hashes the tail of the presented token (its signature) with a per-process random key and
//! compares the whole token with the cached one in constant time: the comparison cannot tell an
//! attacker how many leading bytes of another user's token they guessed. Two tokens that share a
//! tail only share a slot; the comparison tells them apart.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

/// Entries kept; when full the cache starts over (a hot set of live tokens refills it in one round).
pub const CAPACITY: usize = 4096;
const TAIL: usize = 64;

/// Equal contents, in time that depends only on the lengths: eight bytes at a time, differences
/// OR-ed together, one test at the end (`subtle`'s byte-wise `ct_eq` was 2% of the server's CPU).
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut diff = 0u64;
    let (wa, wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let (ra, rb) = (wa.remainder(), wb.remainder());
    for (x, y) in wa.zip(wb) {
        let x = u64::from_ne_bytes(x.try_into().expect("chunks of 8"));
        let y = u64::from_ne_bytes(y.try_into().expect("chunks of 8"));
        diff |= x ^ y;
    }
    for (x, y) in ra.iter().zip(rb) {
        diff |= u64::from(x ^ y);
    }
    std::hint::black_box(diff) == 0
}

/// Keyed hash of a token's tail to the whole token and what verifying it gave.
type Entries<T> = HashMap<u64, (Box<[u8]>, Arc<T>)>;

pub struct Verified<T> {
    hasher: RandomState,
    entries: Mutex<Entries<T>>,
}

impl<T> Default for Verified<T> {
    fn default() -> Self {
        Verified {
            hasher: RandomState::new(),
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> Verified<T> {
    pub fn get(&self, token: &str) -> Option<Arc<T>> {
        let key = self.key(token);
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let (cached, value) = entries.get(&key)?;
        same_bytes(cached, token.as_bytes()).then(|| value.clone())
    }

    /// A keyed hash of the last 64 bytes: the signature, which differs between any two tokens we
    /// issued, at a fraction of hashing 400 bytes.
    fn key(&self, token: &str) -> u64 {
        let b = token.as_bytes();
        self.hasher.hash_one(&b[b.len().saturating_sub(TAIL)..])
    }

    pub fn insert(&self, token: &str, value: Arc<T>) {
        let key = self.key(token);
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (token.as_bytes().into(), value));
    }

    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_hits() {
        let v = Verified::default();
        v.insert("aaa.bbb.ccc", Arc::new(1));
        assert_eq!(v.get("aaa.bbb.ccc").as_deref(), Some(&1));
        assert_eq!(v.get("aaa.bbb.ccd"), None);
        assert_eq!(v.get("aaa.bbb.cc"), None);
        assert_eq!(v.get(""), None);
    }

    #[test]
    fn same_bytes_compares_every_byte() {
        let a: Vec<u8> = (0..77).collect();
        assert!(same_bytes(&a, &a.clone()));
        for i in 0..a.len() {
            let mut b = a.clone();
            b[i] ^= 0x80;
            assert!(!same_bytes(&a, &b), "byte {i}");
        }
        assert!(!same_bytes(&a, &a[..76]));
        assert!(same_bytes(b"", b""));
    }

    #[test]
    fn tokens_sharing_a_tail_share_a_slot_but_never_an_answer() {
        let v = Verified::default();
        let tail = "s".repeat(TAIL);
        v.insert(&format!("one.{tail}"), Arc::new(1));
        assert_eq!(v.get(&format!("two.{tail}")), None);
        v.insert(&format!("two.{tail}"), Arc::new(2));
        assert_eq!(v.get(&format!("two.{tail}")).as_deref(), Some(&2));
        assert_eq!(
            v.get(&format!("one.{tail}")),
            None,
            "replaced, not confused"
        );
    }

    #[test]
    fn stays_bounded() {
        let v = Verified::default();
        for i in 0..CAPACITY * 2 + 7 {
            v.insert(&format!("t{i}"), Arc::new(i));
            assert!(v.len() <= CAPACITY);
        }
        assert_eq!(
            v.get(&format!("t{}", CAPACITY * 2 + 6)).as_deref(),
            Some(&(CAPACITY * 2 + 6))
        );
    }
}
