//! How hard to try, and how fast to go: retries with capped backoff, and the pacing
//! window that keeps Harvest under its rate limit.

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// How hard to try before giving up.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`: the server's `Retry-After` when it sent
    /// one, else 1 s, 2 s, 4 s … — both capped, so a cron job never hangs for long.
    pub fn wait(&self, retry_after: Option<Duration>, attempt: u32) -> Duration {
        retry_after
            .unwrap_or_else(|| self.base_delay * 2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_delay)
    }
}

/// At most `limit` requests in any sliding `window`.
#[derive(Debug)]
pub(super) struct Pacer {
    pub(super) limit: usize,
    pub(super) window: Duration,
    pub(super) sent: VecDeque<DateTime<Utc>>,
}

/// Time from `earlier` to `later`; zero if the clock went back.
pub(super) fn elapsed(earlier: DateTime<Utc>, later: DateTime<Utc>) -> Duration {
    (later - earlier).to_std().unwrap_or(Duration::ZERO)
}

impl Pacer {
    /// Notes a request sent at `at`.
    pub(super) fn sent_at(&mut self, at: DateTime<Utc>) {
        self.sent.push_back(at);
    }

    /// Paces a tenth below a service's published limit (Harvest: 100 per 15 s, so 90): the
    /// service counts arrivals on its own clock, and varying latency can bunch requests that
    /// left a little apart into one of its windows. Small limits (tests) stay as they are.
    pub(super) fn below(published_limit: usize, window: Duration) -> Pacer {
        Pacer {
            limit: (published_limit - published_limit / 10).max(1),
            window,
            sent: VecDeque::new(),
        }
    }

    /// How long to wait before the next request may go out.
    pub(super) fn wait_before_next(&mut self, now: DateTime<Utc>) -> Duration {
        while let Some(&first) = self.sent.front() {
            if elapsed(first, now) >= self.window {
                self.sent.pop_front();
            } else {
                break;
            }
        }
        if self.sent.len() < self.limit {
            return Duration::ZERO;
        }
        let oldest = *self.sent.front().expect("non-empty at limit");
        self.window.saturating_sub(elapsed(oldest, now))
    }
}
