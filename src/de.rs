//! Tolerant deserialisation shared by both clients: numbers that arrive as JSON numbers or
//! strings (RMA sends `"99.0"`, Harvest `99.0`), booleans as strings, and RMA's one-or-many
//! lists (`[...]`, a single `{...}`, `""` or nothing at all for zero items).
//!
//! Numbers never pass through `f64`: serde_json's `arbitrary_precision` keeps their text.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::str::FromStr;

/// A service's answer as JSON; `Err` says in a person's words what came instead (nothing,
/// a web page, or where the JSON breaks).
pub fn json_body<T: DeserializeOwned>(body: &str) -> Result<T, String> {
    if body.trim().is_empty() {
        return Err("an empty answer".into());
    }
    serde_json::from_str(body).map_err(|e| {
        if body.trim_start().starts_with('<') {
            "an XML or HTML page instead of JSON".into()
        } else {
            e.to_string()
        }
    })
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .or_else(|_| Decimal::from_scientific(text))
        .ok()
}

/// An optional quantity where missing, null or `""` means zero. Not for values that matter
/// when absent (an invoice amount): use [`required_decimal`] there.
pub fn decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    Ok(opt_decimal(d)?.unwrap_or_default())
}

/// A number that must be there: null or `""` is an error, never zero.
pub fn required_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    opt_decimal(d)?.ok_or_else(|| D::Error::custom("no number given"))
}

pub fn opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    opt_parsed(d, "a number", parse_decimal)
}

/// Missing, null or `""` is `None`; any other value must parse as `what`, else an error
/// quoting it (never `None`: a value that is there but unreadable is not absent).
fn opt_parsed<'de, D: Deserializer<'de>, T>(
    d: D,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, D::Error> {
    let v = Value::deserialize(d)?;
    match value_text(&v) {
        None => Ok(None),
        Some(t) => parse(&t)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("not {what}: {t:?}"))),
    }
}

/// Text that may arrive as a number (`"id": 10199` or `"id": "10199"`); null is empty. A
/// list or an object is not text: an error, never `""`.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    match v {
        Value::String(s) => Ok(s),
        Value::Array(_) | Value::Object(_) => Err(D::Error::custom(format!("not text: {v}"))),
        other => Ok(value_text(&other).unwrap_or_default()),
    }
}

pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let s = string(d)?;
    Ok(if s.is_empty() { None } else { Some(s) })
}

/// An integer id that may be quoted.
pub fn int<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(d)?;
    let t = value_text(&v).ok_or_else(|| D::Error::custom("missing id"))?;
    t.parse::<i64>()
        .map_err(|_| D::Error::custom(format!("not an id: {t:?}")))
}

pub fn boolean<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(matches!(
        value_text(&v).as_deref(),
        Some("true" | "1" | "TRUE" | "True")
    ))
}

/// A date given as `2026-03-15` or as a datetime starting with it (`2026-03-15T00:00:00+01:00`).
pub fn parse_date_prefix(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok()
}

pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    opt_parsed(d, "a date", parse_date_prefix)
}

pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    opt_date(d)?.ok_or_else(|| D::Error::custom("missing date"))
}

/// What a required field of an entry is, for [`field_problem`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A number that must be there (an amount).
    Number,
    /// A date that must be there.
    Date,
    /// A date that may be missing, but not garbage.
    OptionalDate,
}

/// What is wrong with `entry[key]`, in a bookkeeper's words to follow "<service> sent"
/// (`no issue date`, `an amount that is not a number ("abc")`), or `None` when it reads. The typed decoders enforce the same;
/// this names the field, which serde's messages do not.
pub fn field_problem(entry: &Value, key: &str, label: &str, kind: Field) -> Option<String> {
    let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let value = entry.get(key).unwrap_or(&Value::Null);
    let text = match value {
        Value::Array(_) | Value::Object(_) => {
            return Some(format!("{article} {label} that is not a single value"))
        }
        other => value_text(other),
    };
    match (text, kind) {
        (None, Field::OptionalDate) => None,
        (None, _) => Some(format!("no {label}")),
        (Some(t), Field::Number) if parse_decimal(&t).is_none() => {
            Some(format!("{article} {label} that is not a number ({t:?})"))
        }
        (Some(t), Field::Date | Field::OptionalDate) if parse_date_prefix(&t).is_none() => {
            Some(format!("{article} {label} that is not a date ({t:?})"))
        }
        _ => None,
    }
}

/// An integer id, quoted or not, if `v` holds one.
pub fn id_of(v: Option<&Value>) -> Option<i64> {
    value_text(v?)?.parse().ok()
}

/// Non-empty text, if `v` holds some.
pub fn text_of(v: Option<&Value>) -> Option<String> {
    value_text(v?)
}

/// RMA's one-or-many list: `[a, b]`, `a`, or `""`/`{}`/missing (with `#[serde(default)]`)
/// for none. A `null` is not one of RMA's shapes: an error, never "no items".
pub fn one_or_many<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    let v = Value::deserialize(d)?;
    match v {
        Value::Null => Err(D::Error::custom("null instead of a list")),
        Value::String(s) if s.trim().is_empty() => Ok(Vec::new()),
        Value::Array(items) => items
            .into_iter()
            .map(|i| serde_json::from_value(i).map_err(D::Error::custom))
            .collect(),
        Value::Object(ref o) if o.is_empty() => Ok(Vec::new()),
        other => Ok(vec![
            serde_json::from_value(other).map_err(D::Error::custom)?
        ]),
    }
}

/// A JSON number with exactly the decimal's digits (no `f64` on the way).
pub fn json_number(d: Decimal) -> Value {
    serde_json::from_str(&d.normalize().to_string()).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Row {
        #[serde(default, deserialize_with = "decimal")]
        amount: Decimal,
        #[serde(default, deserialize_with = "boolean")]
        flag: bool,
        #[serde(default, deserialize_with = "one_or_many")]
        part: Vec<Part>,
    }
    #[derive(Deserialize)]
    struct Part {
        #[serde(deserialize_with = "string")]
        partnumber: String,
    }

    #[test]
    fn strings_numbers_and_one_or_many() {
        let r: Row =
            serde_json::from_str(r#"{"amount":"288.90","flag":"true","part":{"partnumber":"A"}}"#)
                .unwrap();
        assert_eq!(r.amount, Decimal::new(28890, 2));
        assert!(r.flag);
        assert_eq!(r.part.len(), 1);
        let r: Row = serde_json::from_str(
            r#"{"amount":288.9,"part":[{"partnumber":1},{"partnumber":"B"}]}"#,
        )
        .unwrap();
        assert_eq!(r.amount.to_string(), "288.9");
        assert_eq!(r.part[0].partnumber, "1");
        let r: Row = serde_json::from_str(r#"{"amount":"","part":""}"#).unwrap();
        assert!(r.part.is_empty() && r.amount.is_zero());
        let r: Row = serde_json::from_str(r#"{"amount":null,"part":{}}"#).unwrap();
        assert!(r.part.is_empty() && r.amount.is_zero());
        let r: Row = serde_json::from_str(r#"{}"#).unwrap();
        assert!(r.part.is_empty());
    }

    #[derive(Deserialize, Debug)]
    struct Required {
        #[serde(deserialize_with = "required_decimal")]
        #[allow(dead_code)]
        amount: Decimal,
    }

    #[test]
    fn required_numbers_are_never_zero_by_default() {
        assert!(serde_json::from_str::<Required>(r#"{"amount":"1.5"}"#).is_ok());
        for bad in [
            r#"{}"#,
            r#"{"amount":null}"#,
            r#"{"amount":""}"#,
            r#"{"amount":"x"}"#,
        ] {
            assert!(serde_json::from_str::<Required>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn null_is_not_a_one_or_many_list() {
        assert!(serde_json::from_str::<Row>(r#"{"part":null}"#).is_err());
    }

    #[test]
    fn field_problems_name_the_field() {
        let e =
            serde_json::json!({"amount": "abc", "date": "2026-13-01", "none": null, "list": []});
        assert_eq!(
            field_problem(&e, "amount", "amount", Field::Number).unwrap(),
            "an amount that is not a number (\"abc\")"
        );
        assert_eq!(
            field_problem(&e, "date", "due date", Field::OptionalDate).unwrap(),
            "a due date that is not a date (\"2026-13-01\")"
        );
        assert_eq!(
            field_problem(&e, "none", "due date", Field::OptionalDate),
            None
        );
        assert_eq!(
            field_problem(&e, "none", "issue date", Field::Date).unwrap(),
            "no issue date"
        );
        assert!(field_problem(&e, "list", "amount", Field::Number).is_some());
    }

    #[test]
    fn exact_json_numbers() {
        let v = json_number(Decimal::new(157586, 2));
        assert_eq!(v.to_string(), "1575.86");
    }

    #[test]
    fn dates_with_time_suffix() {
        assert_eq!(
            parse_date_prefix("2026-03-15T00:00:00+01:00"),
            NaiveDate::from_ymd_opt(2026, 3, 15)
        );
        assert_eq!(parse_date_prefix("15.03.2026"), None);
    }
}
