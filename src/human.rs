//! Dates for people, in one Swiss style
//! (`dd.mm.yyyy`, times in Zurich local time). JSON output keeps ISO 8601; only human output
//! goes through here.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc, Weekday};

pub use crate::words::date;

/// `28.11.2026 02:00`, in Zurich local time (CET/CEST).
pub fn date_time(t: DateTime<Utc>) -> String {
    let offset = chrono::FixedOffset::east_opt(zurich_offset_seconds(t)).expect("valid offset");
    offset
        .from_utc_datetime(&t.naive_utc())
        .format("%d.%m.%Y %H:%M")
        .to_string()
}

/// A stored RFC 3339 timestamp in Zurich local time; the text itself if it does not parse.
pub fn date_time_text(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| date_time(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Summer time in Switzerland (EU rule since 1996, no time-zone database needed): from
/// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
fn zurich_offset_seconds(t: DateTime<Utc>) -> i32 {
    let switch = |month: u32| {
        let mut day = NaiveDate::from_ymd_opt(t.year(), month, 31).expect("31 days");
        while day.weekday() != Weekday::Sun {
            day = day.pred_opt().expect("valid date");
        }
        Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).expect("valid time"))
    };
    if t >= switch(3) && t < switch(10) {
        2 * 3600
    } else {
        3600
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn zurich_local_time_switches_at_one_utc() {
        assert_eq!(date_time(utc("2026-11-28T01:00:00Z")), "28.11.2026 02:00");
        assert_eq!(date_time(utc("2026-07-01T23:30:00Z")), "02.07.2026 01:30");
        // 29 March 2026 is the last Sunday of March.
        assert_eq!(date_time(utc("2026-03-29T00:59:00Z")), "29.03.2026 01:59");
        assert_eq!(date_time(utc("2026-03-29T01:00:00Z")), "29.03.2026 03:00");
        // 25 October 2026 is the last Sunday of October.
        assert_eq!(date_time(utc("2026-10-25T00:59:00Z")), "25.10.2026 02:59");
        assert_eq!(date_time(utc("2026-10-25T01:00:00Z")), "25.10.2026 02:00");
        assert_eq!(date_time_text("garbage"), "garbage");
        assert_eq!(
            date(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap()),
            "05.03.2026"
        );
    }
}
