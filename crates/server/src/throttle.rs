//! Throttling: sign-in failures per login and per address, and per-account rate limits on
//! writes and pushed mutations. Everything here is in memory and bounded: entries expire,
//! and the tables are swept when they grow.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::Limits;

/// Entries a table holds before expired ones are swept.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    first: Instant,
    blocked_until: Option<Instant>,
}

/// Failures for one kind of key, with the number forgiven before the delays start.
struct FailureTable<K> {
    entries: Mutex<HashMap<K, Failures>>,
    free: u32,
}

impl<K: Eq + Hash + Clone> FailureTable<K> {
    fn new(free: u32) -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
            free,
        }
    }

    fn blocked_for(&self, key: &K, now: Instant) -> Option<Duration> {
        let entries = self.entries.lock().ok()?;
        let until = entries.get(key)?.blocked_until?;
        (until > now).then(|| until - now)
    }

    fn fail(&self, key: K, now: Instant, window: Duration, max_delay: Duration) {
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, f| now.duration_since(f.first) < window || f.blocked_until.is_some_and(|u| u > now));
        }
        let entry = entries.entry(key).or_insert(Failures {
            count: 0,
            first: now,
            blocked_until: None,
        });
        if now.duration_since(entry.first) >= window && entry.blocked_until.is_none_or(|until| until <= now) {
            *entry = Failures {
                count: 0,
                first: now,
                blocked_until: None,
            };
        }
        entry.count += 1;
        if entry.count > self.free {
            // 1 s after the first failure past the free ones, then doubling.
            let exponent = (entry.count - self.free - 1).min(20);
            let delay = Duration::from_secs(1u64 << exponent).min(max_delay);
            entry.blocked_until = Some(now + delay);
        }
    }

    fn forget(&self, key: &K) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(key);
        }
    }
}

/// Sign-in throttling: after a few wrong passwords for a login, or from an address, each
/// further failure makes the next attempt wait longer (1 s, 2 s, 4 s … up to the maximum);
/// an attempt during the wait is answered 429 with `Retry-After`, without checking the
/// password. A right password clears the login's failures; failures are forgotten after
/// the window.
pub struct SignInThrottle {
    logins: FailureTable<String>,
    addresses: FailureTable<IpAddr>,
    window: Duration,
    max_delay: Duration,
}

impl SignInThrottle {
    /// Throttling by these limits.
    pub fn new(limits: &Limits) -> Self {
        Self {
            logins: FailureTable::new(limits.sign_in_free_failures),
            addresses: FailureTable::new(limits.sign_in_free_failures_per_address),
            window: limits.sign_in_window,
            max_delay: limits.sign_in_max_delay,
        }
    }

    fn login_key(login: &str) -> String {
        login.trim().to_lowercase()
    }

    /// How long to wait before trying, if the login or the address must wait.
    pub fn wait(&self, login: &str, address: Option<IpAddr>) -> Option<Duration> {
        let now = Instant::now();
        let by_login = self.logins.blocked_for(&Self::login_key(login), now);
        let by_address = address.and_then(|a| self.addresses.blocked_for(&a, now));
        by_login.max(by_address)
    }

    /// A wrong password.
    pub fn failed(&self, login: &str, address: Option<IpAddr>) {
        let now = Instant::now();
        self.logins
            .fail(Self::login_key(login), now, self.window, self.max_delay);
        if let Some(address) = address {
            self.addresses.fail(address, now, self.window, self.max_delay);
        }
    }

    /// A right password.
    pub fn succeeded(&self, login: &str) {
        self.logins.forget(&Self::login_key(login));
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// A token bucket per key: `burst` at most, refilled at `per_minute`.
pub struct RateLimit<K> {
    buckets: Mutex<HashMap<K, Bucket>>,
    burst: f64,
    per_second: f64,
}

impl<K: Eq + Hash + Clone> RateLimit<K> {
    /// A limit of `per_minute` sustained with bursts of `burst`.
    pub fn new(per_minute: u32, burst: u32) -> Self {
        Self {
            buckets: Mutex::new(HashMap::new()),
            burst: f64::from(burst.max(1)),
            per_second: f64::from(per_minute.max(1)) / 60.0,
        }
    }

    /// Takes `cost` tokens for `key`, or says how long until they would be there. A cost
    /// above the burst is refused with the time the whole burst takes to refill.
    pub fn take(&self, key: &K, cost: u32) -> Result<(), Duration> {
        let now = Instant::now();
        let cost = f64::from(cost);
        let Ok(mut buckets) = self.buckets.lock() else {
            return Ok(());
        };
        if buckets.len() >= SWEEP_AT {
            let full_after = self.burst / self.per_second;
            buckets.retain(|_, b| now.duration_since(b.at).as_secs_f64() < full_after);
        }
        let bucket = buckets.entry(key.clone()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        let refill = now.duration_since(bucket.at).as_secs_f64() * self.per_second;
        bucket.tokens = (bucket.tokens + refill).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= cost {
            bucket.tokens -= cost;
            return Ok(());
        }
        let missing = cost.min(self.burst) - bucket.tokens;
        Err(Duration::from_secs_f64((missing / self.per_second).max(1.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_beyond_the_free_ones_block_for_longer_each_time() {
        let table = FailureTable::<&str>::new(2);
        let start = Instant::now();
        let window = Duration::from_secs(900);
        let max = Duration::from_secs(8);
        table.fail("a", start, window, max);
        table.fail("a", start, window, max);
        assert_eq!(table.blocked_for(&"a", start), None);
        table.fail("a", start, window, max);
        assert_eq!(table.blocked_for(&"a", start), Some(Duration::from_secs(1)));
        table.fail("a", start, window, max);
        assert_eq!(table.blocked_for(&"a", start), Some(Duration::from_secs(2)));
        for _ in 0..10 {
            table.fail("a", start, window, max);
        }
        assert_eq!(table.blocked_for(&"a", start), Some(max));
        assert_eq!(table.blocked_for(&"a", start + max), None);
        assert_eq!(table.blocked_for(&"b", start), None);
    }

    #[test]
    fn buckets_allow_bursts_then_refill() {
        let limit = RateLimit::<u8>::new(60, 3);
        assert!(limit.take(&1, 2).is_ok());
        assert!(limit.take(&1, 1).is_ok());
        let wait = limit.take(&1, 1).unwrap_err();
        assert!(wait >= Duration::from_secs(1));
        assert!(limit.take(&2, 3).is_ok(), "per key");
        assert!(limit.take(&3, 4).is_err(), "more than a burst never fits");
    }
}
