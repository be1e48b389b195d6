//! Time and waiting, injected: the command layer builds one [`SharedClock`] per process and
//! hands it to the state and the HTTP clients, so nothing else reads the system clock or
//! sleeps on its own. Tests use a [`FixedClock`], whose sleeping only moves its time on.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
    /// Waits `d` (retries, pacing under a rate limit).
    fn sleep(&self, d: Duration);

    /// `now()` as the state file stores it.
    fn now_text(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// The real clock: the system time and `std::thread::sleep`.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn sleep(&self, d: Duration) {
        if !d.is_zero() {
            std::thread::sleep(d);
        }
    }
}

/// A clock that stands still until something sleeps: then it jumps ahead by that long, at
/// once. Retries and pacing behave as in production, only without waiting.
#[derive(Debug)]
pub struct FixedClock {
    now: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock {
            now: Mutex::new(at),
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().expect("clock lock")
    }

    fn sleep(&self, d: Duration) {
        let step = chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX);
        let mut now = self.now.lock().expect("clock lock");
        *now = now.checked_add_signed(step).unwrap_or(*now);
    }
}

pub fn system() -> SharedClock {
    Arc::new(SystemClock)
}

pub fn fixed(at: DateTime<Utc>) -> SharedClock {
    Arc::new(FixedClock::new(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_slept() {
        let at = DateTime::parse_from_rfc3339("2026-11-28T01:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let c = FixedClock::new(at);
        assert_eq!(c.now(), at);
        c.sleep(Duration::from_secs(90));
        assert_eq!(c.now_text(), "2026-11-28T01:01:30Z");
    }
}
