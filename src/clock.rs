//! The one place that reads the time, so that tests can fix it with `RMA_HARVEST_NOW`
//! (an RFC 3339 timestamp) instead of depending on the real clock.

use chrono::{DateTime, Utc};

pub const NOW_ENV: &str = "RMA_HARVEST_NOW";

pub fn now() -> DateTime<Utc> {
    std::env::var(NOW_ENV)
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(Utc::now)
}

pub fn now_text() -> String {
    now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
