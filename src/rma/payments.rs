//! The RMA payment feed, behind one small interface.
//!
//! ASSUMPTION A1 (docs/rma-assumptions.md; no public source confirms it):
//! `GET invoices/payment_list?processed=<yyyy-MM-ddTHH:mm>` answers `{"payment": …}`
//! (one-or-many; absent or empty when there are none). Each row carries `id`, `invnumber`,
//! `datepaid`, `amount_paid`, `memo`, `source`, `payment_accno`, `currency` and `flag`. A row
//! is returned while it is pending for this API key: never acknowledged (`NEW`), changed since
//! it was acknowledged (`CHANGED`, same id, new values) or deleted since (`DELETED`, last known
//! values). `POST invoices/set_as_processed` with a form body `id=1&id=2…` acknowledges rows;
//! an acknowledged `DELETED` row never comes back. `processed` is the tool's last successful
//! run time; correctness does not depend on how the server reads it, because the sync checks
//! every invoice's payment rows against its `paid` total (A2) before mirroring anything.

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::types::{FeedFlag, FeedPayment, FeedRow, UnreadableFeedRow};
use super::{Error, RmaClient};
use crate::de;
use crate::http::Method;

#[derive(Debug, Deserialize)]
struct RawFeedRow {
    #[serde(deserialize_with = "de::int")]
    id: i64,
    #[serde(default, deserialize_with = "de::string")]
    invnumber: String,
    #[serde(default, deserialize_with = "zurich_day")]
    datepaid: Option<chrono::NaiveDate>,
    #[serde(default, deserialize_with = "de::opt_decimal")]
    amount_paid: Option<rust_decimal::Decimal>,
    #[serde(default, deserialize_with = "de::string")]
    memo: String,
    #[serde(default, deserialize_with = "de::string")]
    source: String,
    #[serde(default, deserialize_with = "de::string")]
    payment_accno: String,
    #[serde(default, deserialize_with = "de::string")]
    currency: String,
    #[serde(default, deserialize_with = "de::string")]
    flag: String,
}

fn zurich_day<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    use serde::de::Error as _;
    match de::opt_string(d)? {
        None => Ok(None),
        Some(text) => super::types::zurich_date(&text)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("not a date: {text:?}"))),
    }
}

/// Rows are decoded one by one: a row that does not decode is a problem of that row.
#[derive(Debug, Deserialize)]
struct FeedList {
    #[serde(default, deserialize_with = "de::one_or_many")]
    payment: Vec<serde_json::Value>,
}

/// A feed row as a payment, or as a row nobody can attribute (no invoice number, an id,
/// date or amount that does not parse).
fn feed_row(v: serde_json::Value) -> FeedRow {
    let loose_id = match v.get("id") {
        Some(serde_json::Value::Number(n)) => n.as_i64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    let loose_invnumber = v
        .get("invnumber")
        .and_then(|n| n.as_str())
        .unwrap_or("")
        .trim()
        .to_string();
    let unreadable = |why: String| {
        FeedRow::Unreadable(UnreadableFeedRow {
            id: loose_id,
            invnumber: loose_invnumber.clone(),
            why,
        })
    };
    let r: RawFeedRow = match serde_json::from_value(v.clone()) {
        Ok(r) => r,
        Err(e) => return unreadable(e.to_string()),
    };
    if r.invnumber.trim().is_empty() {
        return unreadable("it names no invoice".into());
    }
    let Some(datepaid) = r.datepaid else {
        return unreadable("it has no payment date".into());
    };
    // A missing amount is no zero payment: the row cannot be mirrored.
    let Some(amount) = r.amount_paid else {
        return unreadable("it has no amount (amount_paid)".into());
    };
    let Some(flag) = flag(&r.flag) else {
        return unreadable(format!("its flag {:?} is not known", r.flag.trim()));
    };
    FeedRow::Payment(FeedPayment {
        id: r.id,
        datepaid,
        invnumber: r.invnumber.trim().to_string(),
        amount,
        memo: r.memo,
        source: r.source,
        payment_accno: r.payment_accno,
        currency: r.currency,
        flag,
    })
}

/// `None` for a flag this version does not know: guessing whether a row means "paid" or
/// "deleted" could invent or lose a payment, so such a row is not handled (nor acknowledged).
fn flag(text: &str) -> Option<FeedFlag> {
    match text.trim().to_ascii_uppercase().as_str() {
        // Without a flag a row carries the payment's current values (A1).
        "NEW" | "" => Some(FeedFlag::New),
        "CHANGED" | "UPDATED" | "MODIFIED" => Some(FeedFlag::Changed),
        "DELETED" | "REMOVED" => Some(FeedFlag::Deleted),
        _ => None,
    }
}

impl RmaClient {
    /// The payment rows pending for this API key.
    pub fn payment_feed(
        &self,
        processed_since: Option<DateTime<Utc>>,
    ) -> Result<Vec<FeedRow>, Error> {
        let since = processed_since
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let list: FeedList = self.get_list(
            &format!(
                "invoices/payment_list?processed={}",
                crate::http::url_encode(&since)
            ),
            ("payments", "payment"),
            "the payment list",
        )?;
        Ok(list.payment.into_iter().map(feed_row).collect())
    }

    /// Acknowledges feed rows so that they are not reported again.
    pub fn set_as_processed(&self, ids: &[i64]) -> Result<(), Error> {
        if ids.is_empty() {
            return Ok(());
        }
        let texts: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        let pairs: Vec<(&str, &str)> = texts.iter().map(|t| ("id", t.as_str())).collect();
        self.post(
            self.request(Method::Post, "invoices/set_as_processed")
                .form(&pairs),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_rows_parse_with_strings_and_single_objects() {
        let list: FeedList = serde_json::from_str(
            r#"{"payment":{"id":"17","invnumber":"1001","datepaid":"2026-03-15T00:00:00+01:00","amount_paid":"648.0","memo":"Zahlung","payment_accno":"1090","flag":"NEW"}}"#,
        )
        .unwrap();
        assert_eq!(list.payment.len(), 1);
        let FeedRow::Payment(p) = feed_row(list.payment[0].clone()) else {
            panic!()
        };
        assert_eq!(p.id, 17);
        assert_eq!(flag("changed"), Some(FeedFlag::Changed));
        assert_eq!(flag("DELETED"), Some(FeedFlag::Deleted));
        assert_eq!(flag(""), Some(FeedFlag::New));
        assert_eq!(flag("VOIDED"), None);
    }

    #[test]
    fn a_row_without_invoice_or_with_a_bad_amount_is_unreadable_not_lost() {
        let no_invoice =
            feed_row(serde_json::json!({"id": "18", "datepaid": "2026-03-15", "amount_paid": "5"}));
        assert_eq!(
            no_invoice,
            FeedRow::Unreadable(UnreadableFeedRow {
                id: Some(18),
                invnumber: String::new(),
                why: "it names no invoice".into()
            })
        );
        let bad_amount = feed_row(
            serde_json::json!({"id": 19, "invnumber": "1001", "datepaid": "2026-03-15", "amount_paid": "fünf"}),
        );
        assert!(matches!(
            bad_amount,
            FeedRow::Unreadable(UnreadableFeedRow { id: Some(19), .. })
        ));
        // An amount under another name is no zero payment.
        let no_amount = feed_row(
            serde_json::json!({"id": 20, "invnumber": "1001", "datepaid": "2026-03-15", "amount": "5"}),
        );
        assert!(
            matches!(&no_amount, FeedRow::Unreadable(u) if u.why.contains("no amount")),
            "{no_amount:?}"
        );
        let odd_flag = feed_row(
            serde_json::json!({"id": 21, "invnumber": "1001", "datepaid": "2026-03-15", "amount_paid": "5", "flag": "VOIDED"}),
        );
        assert!(matches!(
            odd_flag,
            FeedRow::Unreadable(UnreadableFeedRow { id: Some(21), .. })
        ));
    }
}
