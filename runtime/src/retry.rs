//! When and how long to wait before trying a request again.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// Retries of failed requests: connection failures, 429 and 503, with
/// exponential backoff and jitter, honouring `Retry-After`. Only idempotent
/// methods are retried unless `retry_non_idempotent` is set (or a request
/// asks for it), because a POST that reached the server may have acted; an
/// operation the document marks `x-idempotent: false` is never retried.
///
/// Start from [`RetryPolicy::default`] (or [`RetryPolicy::none`]) and change
/// what differs with the `with_` methods:
/// `RetryPolicy::default().with_max_retries(5).with_initial_backoff(Duration::from_millis(50))`.
/// It is `#[non_exhaustive]`, so a later runtime can add settings without
/// breaking that code.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (0: never retry).
    pub max_retries: u32,
    /// The wait before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// The longest wait between attempts (also caps `Retry-After`).
    pub max_backoff: Duration,
    /// Retry POST and PATCH too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// Two retries, from 200 ms up to 5 s, idempotent methods only.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// With [`max_retries`](Self::max_retries): retries after the first
    /// attempt (0: never retry).
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// With [`initial_backoff`](Self::initial_backoff): the wait before the
    /// first retry.
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// With [`max_backoff`](Self::max_backoff): the longest wait between
    /// attempts.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// With [`retry_non_idempotent`](Self::retry_non_idempotent): whether
    /// POST and PATCH are retried too.
    pub fn with_retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The wait before retry number `retry` (0-based): the server's
    /// `Retry-After` when given, else exponential backoff with "equal
    /// jitter" (between half and all of the step), capped at `max_backoff`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_backoff);
        }
        backoff(self.initial_backoff, self.max_backoff, retry)
    }
}

/// `initial * 2^step`, capped, with equal jitter.
pub(crate) fn backoff(initial: Duration, max: Duration, step: u32) -> Duration {
    let exponential = initial.saturating_mul(1u32 << step.min(16)).min(max);
    let half = exponential / 2;
    half + half.mul_f64(jitter_fraction())
}

/// A number in [0, 1) that differs between calls. The standard library's
/// randomly seeded hasher is enough for spreading retries; no RNG crate.
fn jitter_fraction() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` as delay-seconds (the HTTP-date form is not used by this
/// API's servers and is ignored).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_within_bounds() {
        let policy = RetryPolicy::default()
            .with_max_retries(5)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(1000));
        assert_eq!(policy.max_retries, 5);
        assert!(!policy.retry_non_idempotent);
        assert!(
            RetryPolicy::none()
                .with_retry_non_idempotent(true)
                .retry_non_idempotent
        );
        for (retry, step) in [(0, 100), (1, 200), (2, 400), (3, 800), (4, 1000), (9, 1000)] {
            let delay = policy.delay(retry, None);
            let step = Duration::from_millis(step);
            assert!(
                delay >= step / 2 && delay <= step,
                "retry {retry}: {delay:?}"
            );
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            policy.delay(0, Some(Duration::from_secs(600))),
            policy.max_backoff
        );
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
