//! Abuse limits: request sizes, token-bucket rate limits per client IP and per tenant, and the constants
//! that bound slow or oversized clients at the HTTP layer.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Largest request head (request line + headers) hyper buffers; beyond it the client gets 431.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most header fields in one request.
pub const MAX_HEADERS: usize = 64;
/// Time a client has to send a complete request head (slowloris).
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Largest body of `POST /v1/tokens`: `{"user": "<email>"}` is far smaller.
pub const MAX_TOKEN_REQUEST_BYTES: usize = 4 * 1024;
/// Most open connections; the accept loop waits above it.
pub const MAX_CONNECTIONS: usize = 8192;
/// Keys tracked per limiter shard before idle ones are dropped; bounds memory under address spraying.
const MAX_KEYS_PER_SHARD: usize = 8192;
const SHARDS: usize = 16;

/// The rate-limit key of a client address: IPv4 as is, IPv6 by /64, since one host can hold a whole /64
/// and would otherwise get a fresh bucket per address.
pub fn ip_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Token buckets keyed by `K`, sharded so unrelated keys do not contend on one lock.
pub struct RateLimiter<K> {
    shards: Vec<Mutex<HashMap<K, Bucket>>>,
    hasher: RandomState,
    rate: f64,
    burst: f64,
}

impl<K: Hash + Eq + Clone> RateLimiter<K> {
    pub fn new(per_second: u32, burst: u32) -> Self {
        RateLimiter {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
            rate: per_second.max(1) as f64,
            burst: burst.max(per_second).max(1) as f64,
        }
    }

    /// Takes `cost` tokens for `key` at `now`; false means over the limit.
    pub fn check(&self, key: &K, cost: u32, now: Instant) -> bool {
        let shard = &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS];
        let mut map = shard.lock().unwrap_or_else(|p| p.into_inner());
        if !map.contains_key(key) && map.len() >= MAX_KEYS_PER_SHARD {
            // Forget keys whose bucket has refilled: they carry no information.
            let full_after = Duration::from_secs_f64(self.burst / self.rate);
            map.retain(|_, b| now.saturating_duration_since(b.last) < full_after);
            if map.len() >= MAX_KEYS_PER_SHARD {
                return false; // fail closed rather than grow without bound
            }
        }
        // Look up before inserting, so the hot path (a known key) does not clone it.
        if !map.contains_key(key) {
            let fresh = Bucket {
                tokens: self.burst,
                last: now,
            };
            map.insert(key.clone(), fresh);
        }
        let Some(b) = map.get_mut(key) else {
            return false;
        };
        let elapsed = now.saturating_duration_since(b.last).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.rate).min(self.burst);
        b.last = now;
        if b.tokens >= cost as f64 {
            b.tokens -= cost as f64;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_limits_and_refills() {
        let l = RateLimiter::new(10, 20);
        let t0 = Instant::now();
        let k = "a".to_string();
        assert!((0..20).all(|_| l.check(&k, 1, t0)));
        assert!(!l.check(&k, 1, t0));
        assert!(l.check(&"b".to_string(), 1, t0), "keys are independent");
        assert!(l.check(&k, 1, t0 + Duration::from_millis(150)));
        assert!(!l.check(&k, 5, t0 + Duration::from_millis(150)));
    }

    #[test]
    fn ipv6_keyed_by_64() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        assert_eq!(ip_key(a), ip_key(b));
        let v4: IpAddr = "192.0.2.1".parse().unwrap();
        assert_eq!(ip_key(v4), v4);
    }
}
