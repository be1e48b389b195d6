//! The few wire helpers the fakes need, kept here rather than borrowed from the client so
//! that the fakes and the client never share a decoding bug.

use chrono::NaiveDate;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// Everything but RFC 3986's unreserved characters is escaped.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a query value.
pub fn url_encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// Decodes `%XX` in a path (a `+` stays a `+`: only forms and queries mean space by it).
pub fn path_decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Splits `a=1&b=2` (a query or a form body) into decoded pairs.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A JSON number with exactly the decimal's digits (no `f64` on the way).
pub fn json_number(d: Decimal) -> Value {
    serde_json::from_str(&d.normalize().to_string()).unwrap_or(Value::Null)
}

pub fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

/// A date given as `2026-03-15` or as a datetime starting with it.
pub fn parse_date_prefix(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim().get(..10)?, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_round_trip_and_exact_numbers() {
        let s = "harvest:123 & ü/?";
        let q = format!("code={}&x", url_encode(s));
        assert_eq!(
            parse_query(&q),
            vec![("code".into(), s.into()), ("x".into(), String::new())]
        );
        assert_eq!(parse_query("a=b+c"), vec![("a".into(), "b c".into())]);
        assert_eq!(path_decode("/v2/a%20b+c"), "/v2/a b+c");
        assert_eq!(json_number(Decimal::new(157586, 2)).to_string(), "1575.86");
        assert_eq!(
            parse_date_prefix("2026-03-15T00:00:00+01:00"),
            NaiveDate::from_ymd_opt(2026, 3, 15)
        );
    }
}
