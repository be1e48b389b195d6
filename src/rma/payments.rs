//! The RMA payment feed, behind one small interface.
//!
//! ASSUMPTION A1 (rma.md §13; no public source confirms it):
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

use super::types::{FeedFlag, FeedPayment};
use super::{Error, RmaClient};
use crate::de;
use crate::http::Method;

#[derive(Debug, Deserialize)]
struct FeedRow {
    #[serde(deserialize_with = "de::int")]
    id: i64,
    #[serde(default, deserialize_with = "de::string")]
    invnumber: String,
    #[serde(default, deserialize_with = "zurich_day")]
    datepaid: Option<chrono::NaiveDate>,
    #[serde(default, deserialize_with = "de::decimal")]
    amount_paid: rust_decimal::Decimal,
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

#[derive(Debug, Deserialize)]
struct FeedList {
    #[serde(default, deserialize_with = "de::one_or_many")]
    payment: Vec<FeedRow>,
}

fn flag(text: &str) -> FeedFlag {
    match text.trim().to_ascii_uppercase().as_str() {
        "CHANGED" | "UPDATED" | "MODIFIED" => FeedFlag::Changed,
        "DELETED" | "REMOVED" => FeedFlag::Deleted,
        // NEW, empty or anything unknown: treat as "current values of this payment".
        _ => FeedFlag::New,
    }
}

impl RmaClient {
    /// The payment rows pending for this API key.
    pub fn payment_feed(
        &self,
        processed_since: Option<DateTime<Utc>>,
    ) -> Result<Vec<FeedPayment>, Error> {
        let since = processed_since
            .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
            .format("%Y-%m-%dT%H:%M")
            .to_string();
        let list: FeedList = self.get_list(
            &format!(
                "invoices/payment_list?processed={}",
                crate::http::url_encode(&since)
            ),
            "payments",
            "the payment list",
        )?;
        list.payment
            .into_iter()
            .map(|r| {
                Ok(FeedPayment {
                    id: r.id,
                    datepaid: r.datepaid.ok_or_else(|| Error::Decode {
                        what: format!("payment {}", r.id),
                        detail: "it has no payment date".into(),
                    })?,
                    invnumber: r.invnumber,
                    amount: r.amount_paid,
                    memo: r.memo,
                    source: r.source,
                    payment_accno: r.payment_accno,
                    currency: r.currency,
                    flag: flag(&r.flag),
                })
            })
            .collect()
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
        assert_eq!(list.payment[0].id, 17);
        assert_eq!(flag("changed"), FeedFlag::Changed);
        assert_eq!(flag("DELETED"), FeedFlag::Deleted);
    }
}
