//! Run my Accounts entities as this tool reads and writes them. Reading is tolerant (numbers
//! and booleans as strings, one-or-many lists, empty strings for empty XML elements, unknown
//! fields ignored); writing sends every field as RMA's docs show them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::de;

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Part {
    #[serde(deserialize_with = "de::string")]
    pub partnumber: String,
    #[serde(default, deserialize_with = "de::string")]
    pub description: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct PartList {
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub part: Vec<Part>,
}

/// The customer fields the tool manages, all TEXT in RMA. Everything else (terms,
/// payment slip, accounts, language, bank) is left to RMA's defaults for a new customer and
/// to what RMA has for an existing one.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, Hash)]
pub struct Customer {
    pub customernumber: String,
    pub name: String,
    pub firstname: String,
    pub lastname: String,
    pub address1: String,
    pub address2: String,
    pub zipcode: String,
    pub city: String,
    pub country: String,
    pub phone: String,
    pub fax: String,
    pub mobile: String,
    pub email: String,
    /// `company` or `person`.
    pub typeofcontact: String,
}

/// Fields RMA reports but does not take back.
const RESPONSE_ONLY: [&str; 4] = ["id", "contactId", "addressId", "taxfree"];

impl Customer {
    /// The body that creates the customer: the managed fields only, so RMA's own defaults
    /// apply to the rest (no `""` where RMA expects an INTEGER or a BOOLEAN).
    pub fn to_new_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a customer always serialises")
    }

    /// The body that updates the customer RMA has as `current`. RMA replaces the whole
    /// record on every POST (A4), so everything RMA has is sent back, in RMA's own form,
    /// with the managed fields set; a managed field the tool has nothing for keeps RMA's
    /// value. Response-only fields are not sent back.
    pub fn to_update_json(&self, current: &serde_json::Value) -> serde_json::Value {
        let mut record = current.as_object().cloned().unwrap_or_default();
        if let serde_json::Value::Object(ours) = self.to_new_json() {
            for (k, v) in ours {
                if v.as_str().is_some_and(str::is_empty) && record.contains_key(&k) {
                    continue;
                }
                record.insert(k, v);
            }
        }
        for k in RESPONSE_ONLY {
            record.remove(k);
        }
        serde_json::Value::Object(record)
    }
}

/// An AR invoice as RMA reports it: enough to know it exists and what is paid on it (A2).
/// `amount` and `paid` are optional: RMA's own list example leaves them out, so a list entry
/// without them is looked up on its own (`GET invoices/{n}`) instead of read as zero.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Invoice {
    #[serde(deserialize_with = "de::string")]
    pub invnumber: String,
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub amount: Option<Decimal>,
    #[serde(default, deserialize_with = "de::decimal")]
    pub netamount: Decimal,
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub paid: Option<Decimal>,
    #[serde(default, deserialize_with = "de::string")]
    pub status: String,
    #[serde(default, deserialize_with = "de::string")]
    pub currency: String,
    #[serde(default, deserialize_with = "de::opt_date")]
    pub transdate: Option<NaiveDate>,
    /// Whose invoice it is: the top-level number, or the embedded customer. An
    /// invoice number alone does not say the invoice is ours.
    #[serde(default, deserialize_with = "de::string")]
    pub customernumber: String,
    #[serde(default, deserialize_with = "embedded_customer")]
    pub customer: InvoiceCustomer,
    /// Internal notes: the tool's trace on the invoices it booked (`sync::trace`). Only
    /// read to recognise that trace, so anything but text (an empty XML element) is empty.
    #[serde(default, deserialize_with = "notes_text")]
    pub intnotes: String,
}

/// The customer RMA embeds in an invoice answer; anything but an object reads as unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InvoiceCustomer {
    pub customernumber: String,
    pub name: String,
}

impl Invoice {
    /// The customer number, wherever RMA put it.
    pub fn customer_number(&self) -> &str {
        if self.customernumber.is_empty() {
            &self.customer.customernumber
        } else {
            &self.customernumber
        }
    }
}

fn notes_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        _ => String::new(),
    })
}

fn embedded_customer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<InvoiceCustomer, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    let text = |k: &str| match v.get(k) {
        Some(serde_json::Value::String(s)) => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    Ok(InvoiceCustomer {
        customernumber: text("customernumber"),
        name: text("name"),
    })
}

#[derive(Debug, Deserialize)]
pub(crate) struct InvoiceList {
    #[serde(default, deserialize_with = "de::one_or_many")]
    pub invoice: Vec<Invoice>,
}

/// The invoice the tool posts. Numbers go out as strings, as in RMA's docs.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInvoice {
    pub invnumber: String,
    pub ordnumber: String,
    pub currency: String,
    pub ar_accno: Option<String>,
    pub transdate: NaiveDate,
    pub duedate: NaiveDate,
    pub description: String,
    pub notes: String,
    pub intnotes: String,
    pub customernumber: String,
    pub lines: Vec<NewInvoiceLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewInvoiceLine {
    pub partnumber: String,
    pub description: String,
    pub quantity: Decimal,
    pub sellprice: Decimal,
    /// Percent.
    pub discount: Decimal,
}

/// Invoice dates go out as midnight in Zurich, which is what RMA's own UI books.
pub fn rma_datetime(d: NaiveDate) -> String {
    use chrono::TimeZone;
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    // Zurich switches at 02:00/03:00, so midnight always exists exactly once.
    chrono_tz::Europe::Zurich
        .from_local_datetime(&midnight)
        .earliest()
        .expect("midnight exists in Zurich")
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// The calendar day in Zurich of an RMA date or datetime: `2026-03-15`,
/// `2026-03-15T00:00:00+01:00`, or a UTC time such as `2026-03-14T23:30:00Z` (which is
/// 15 March in Zurich). The bookkeeping day is what Harvest's `paid_date` must show.
pub fn zurich_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let with_offset = chrono::DateTime::parse_from_rfc3339(t)
        .or_else(|_| chrono::DateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok();
    match with_offset {
        // The offset belongs to the instant, not to its UTC day: the time-zone database knows
        // both the rule and the hour of each switch.
        Some(dt) => Some(dt.with_timezone(&chrono_tz::Europe::Zurich).date_naive()),
        None => crate::de::parse_date_prefix(t),
    }
}

impl NewInvoice {
    pub fn to_json(&self) -> serde_json::Value {
        let dec = |d: Decimal| d.normalize().to_string();
        let parts: Vec<serde_json::Value> = self
            .lines
            .iter()
            .map(|l| {
                serde_json::json!({
                    "partnumber": l.partnumber,
                    "description": l.description,
                    "unit": "",
                    "quantity": dec(l.quantity),
                    "sellprice": dec(l.sellprice),
                    "discount": dec(l.discount),
                    "itemnote": "",
                })
            })
            .collect();
        let mut body = serde_json::json!({
            "invnumber": self.invnumber,
            "ordnumber": self.ordnumber,
            "status": "OPEN",
            "currency": self.currency,
            "transdate": rma_datetime(self.transdate),
            "duedate": rma_datetime(self.duedate),
            "description": self.description,
            "notes": self.notes,
            "intnotes": self.intnotes,
            "taxincluded": "false",
            "dcn": "",
            "customernumber": self.customernumber,
            "parts": { "part": parts },
        });
        if let Some(acc) = &self.ar_accno {
            body["ar_accno"] = serde_json::Value::String(acc.clone());
        }
        body
    }
}

/// What a payment-feed row says happened to a payment since this API key last acknowledged
/// it (docs/rma-assumptions.md A1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFlag {
    New,
    Changed,
    Deleted,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedPayment {
    pub id: i64,
    pub invnumber: String,
    pub datepaid: NaiveDate,
    pub amount: Decimal,
    pub memo: String,
    pub source: String,
    pub payment_accno: String,
    pub currency: String,
    pub flag: FeedFlag,
}

/// One row of the payment feed: a payment, or a row that cannot be attributed to an invoice.
/// Such a row is a problem of that row, never acknowledged.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedRow {
    Payment(FeedPayment),
    Unreadable(UnreadableFeedRow),
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnreadableFeedRow {
    /// The payment id, when at least that could be read.
    pub id: Option<i64>,
    pub invnumber: String,
    pub why: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zurich_offsets() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(rma_datetime(d(1, 15)), "2026-01-15T00:00:00+01:00");
        assert_eq!(rma_datetime(d(7, 1)), "2026-07-01T00:00:00+02:00");
        // 2026: summer time from Sunday 29 March to Sunday 25 October.
        assert_eq!(rma_datetime(d(3, 29)), "2026-03-29T00:00:00+01:00");
        assert_eq!(rma_datetime(d(3, 30)), "2026-03-30T00:00:00+02:00");
        assert_eq!(rma_datetime(d(10, 25)), "2026-10-25T00:00:00+02:00");
        assert_eq!(rma_datetime(d(10, 26)), "2026-10-26T00:00:00+01:00");
    }

    #[test]
    fn payment_days_are_zurich_days() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(zurich_date("2026-03-15"), Some(d(3, 15)));
        assert_eq!(zurich_date("2026-03-15T00:00:00+01:00"), Some(d(3, 15)));
        assert_eq!(zurich_date("2026-03-14T23:30:00Z"), Some(d(3, 15)));
        assert_eq!(zurich_date("2026-07-14T22:30:00.000+0000"), Some(d(7, 15)));
        assert_eq!(zurich_date("2026-07-14T21:30:00Z"), Some(d(7, 14)));
        assert_eq!(zurich_date("15.03.2026"), None);
    }

    fn customer() -> Customer {
        Customer {
            customernumber: "H5".into(),
            name: "Muster AG".into(),
            firstname: "Eva".into(),
            address1: "Bahnhofstrasse 10".into(),
            zipcode: "8001".into(),
            city: "Zürich".into(),
            country: "CH".into(),
            email: "eva@muster.ch".into(),
            typeofcontact: "company".into(),
            ..Customer::default()
        }
    }

    #[test]
    fn a_new_customer_sends_only_managed_text_fields() {
        let json = customer().to_new_json();
        let fields = json.as_object().unwrap();
        for unmanaged in ["terms", "remittancevoucher", "id", "taxfree", "arap_accno"] {
            assert!(!fields.contains_key(unmanaged), "{unmanaged} sent: {json}");
        }
        assert!(fields.values().all(serde_json::Value::is_string), "{json}");
        assert_eq!(json["customernumber"], "H5");
        assert_eq!(json["lastname"], "");
    }

    #[test]
    fn an_update_keeps_what_rma_has_and_drops_response_only_fields() {
        let current = serde_json::json!({
            "id": "10199", "contactId": "3", "addressId": "4", "taxfree": "false",
            "customernumber": "H5", "name": "Old name", "lastname": "Muster", "terms": "30",
            "remittancevoucher": "true", "bank_iban": "CH93 0076 2011 6238 5295 7",
            "created": "2026-01-22T00:00:00+01:00"
        });
        let json = customer().to_update_json(&current);
        for gone in RESPONSE_ONLY {
            assert!(json.get(gone).is_none(), "{gone} sent back: {json}");
        }
        assert_eq!(json["name"], "Muster AG", "managed fields are ours");
        assert_eq!(
            json["lastname"], "Muster",
            "an empty managed field keeps RMA's"
        );
        assert_eq!(
            json["terms"], "30",
            "unmanaged fields are sent back as RMA has them"
        );
        assert_eq!(json["remittancevoucher"], "true");
        assert_eq!(json["bank_iban"], "CH93 0076 2011 6238 5295 7");
        assert_eq!(json["created"], "2026-01-22T00:00:00+01:00");
    }

    #[test]
    fn zurich_days_follow_the_instant_across_both_2026_switches() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Summer time starts 29 March 2026 at 01:00 UTC (02:00 CET -> 03:00 CEST).
        assert_eq!(zurich_date("2026-03-28T22:59:59Z"), Some(d(3, 28)));
        assert_eq!(zurich_date("2026-03-28T23:00:00Z"), Some(d(3, 29)));
        assert_eq!(zurich_date("2026-03-29T00:59:00Z"), Some(d(3, 29)));
        assert_eq!(zurich_date("2026-03-29T01:00:00Z"), Some(d(3, 29)));
        assert_eq!(zurich_date("2026-03-29T21:59:00Z"), Some(d(3, 29)));
        assert_eq!(zurich_date("2026-03-29T22:00:00Z"), Some(d(3, 30)));
        // First full day of summer time: 00:30 in Zurich is 22:30 UTC the day before, and
        // 00:30 UTC is 02:30 in Zurich, still 30 March.
        assert_eq!(zurich_date("2026-03-29T22:30:00Z"), Some(d(3, 30)));
        assert_eq!(zurich_date("2026-03-30T00:30:00Z"), Some(d(3, 30)));
        assert_eq!(zurich_date("2026-03-30T00:30:00+02:00"), Some(d(3, 30)));
        // Summer time ends 25 October 2026 at 01:00 UTC (03:00 CEST -> 02:00 CET).
        assert_eq!(zurich_date("2026-10-24T21:59:00Z"), Some(d(10, 24)));
        assert_eq!(zurich_date("2026-10-24T22:00:00Z"), Some(d(10, 25)));
        assert_eq!(zurich_date("2026-10-25T22:59:00Z"), Some(d(10, 25)));
        assert_eq!(zurich_date("2026-10-25T23:00:00Z"), Some(d(10, 26)));
    }

    #[test]
    fn invoice_list_one_or_many() {
        let one: InvoiceList =
            serde_json::from_str(r#"{"invoice":{"invnumber":"1","amount":"10.0","paid":"0"}}"#)
                .unwrap();
        assert_eq!(one.invoice.len(), 1);
        let none: InvoiceList = serde_json::from_str("{}").unwrap();
        assert!(none.invoice.is_empty());
    }
}
