//! `reconcile`: do Harvest and Run my Accounts agree on every invoice? A pure comparison:
//! the command layer reads both lists and the state rows ([`Books`]); [`compare`] gives one
//! [`Row`] per invoice with its [`Verdict`], and a [`Summary`] per currency, exact to the
//! centime. Nothing here reads, writes or renders.

mod verdict;
mod words;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::rma::types::{FeedPayment, Invoice as RmaInvoice};
use crate::state::{HeldWrite, InvoiceLink, InvoiceMarks, InvoiceStatus};
use crate::sync::{mapping, trace};

pub use verdict::{NotInRma, PaidWhy, TotalWhy, Verdict};

/// What the state file knows about one invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub link: InvoiceLink,
    pub marks: InvoiceMarks,
    /// Its number collision is an open problem.
    pub collision: bool,
    /// What a bookkeeper dismissed (the messages of the problems `dismiss` closed).
    pub dismissed: Vec<String>,
}

/// Both books and the state, as read for the range.
#[derive(Debug, Default)]
pub struct Books {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Harvest's invoices issued in the range, drafts included (a draft the state booked is
    /// still compared; other drafts are not invoices yet).
    pub harvest: Vec<harvest::Invoice>,
    /// Harvest client names by id.
    pub clients: HashMap<i64, String>,
    /// RMA's invoices dated in the range.
    pub rma: Vec<RmaInvoice>,
    /// Every invoice row of the state file.
    pub known: Vec<Known>,
    pub held: Vec<HeldWrite>,
    /// Payment-feed rows not yet acknowledged.
    pub feed: Vec<FeedPayment>,
}

/// One invoice as both books have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub harvest_id: Option<i64>,
    pub harvest_number: Option<String>,
    pub client: String,
    pub currency: String,
    pub issue_date: Option<NaiveDate>,
    #[serde(serialize_with = "cents::opt")]
    pub harvest_total: Option<Decimal>,
    /// Harvest's amount minus what is due.
    #[serde(serialize_with = "cents::opt")]
    pub harvest_paid: Option<Decimal>,
    pub rma_number: Option<String>,
    #[serde(serialize_with = "cents::opt")]
    pub rma_total: Option<Decimal>,
    #[serde(serialize_with = "cents::opt")]
    pub rma_paid: Option<Decimal>,
    /// `"verdict": "paid_differs", "why": {...}` beside the figures.
    #[serde(flatten)]
    pub verdict: Verdict,
}

/// The sums of one currency, over the invoices that count ([`Verdict::counts`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CurrencySum {
    pub invoices: usize,
    #[serde(serialize_with = "cents::exact")]
    pub harvest_total: Decimal,
    #[serde(serialize_with = "cents::exact")]
    pub rma_total: Decimal,
    #[serde(serialize_with = "cents::exact")]
    pub total_difference: Decimal,
    #[serde(serialize_with = "cents::exact")]
    pub harvest_paid: Decimal,
    #[serde(serialize_with = "cents::exact")]
    pub rma_paid: Decimal,
    #[serde(serialize_with = "cents::exact")]
    pub paid_difference: Decimal,
    /// Invoices of this currency with a difference.
    pub differences: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub currencies: BTreeMap<String, CurrencySum>,
    pub differences: usize,
}

impl Summary {
    pub fn agrees(&self) -> bool {
        self.differences == 0
    }
}

/// Compares the books: every invoice the range shows on either side or in the state.
pub fn compare(books: &Books, sync: &SyncConfig) -> (Vec<Row>, Summary) {
    let in_range = |d: NaiveDate| d >= books.from && d <= books.to;
    let rma: HashMap<&str, &RmaInvoice> = books
        .rma
        .iter()
        .map(|i| (i.invnumber.as_str(), i))
        .collect();
    let known: HashMap<i64, &Known> = books.known.iter().map(|k| (k.link.harvest_id, k)).collect();
    let ctx = verdict::Context {
        books,
        sync,
        rma: &rma,
    };
    let mut rows = Vec::new();
    let mut seen_numbers: HashSet<String> = HashSet::new();
    let mut harvest_ids = HashSet::new();
    for inv in &books.harvest {
        harvest_ids.insert(inv.id);
        let k = known.get(&inv.id).copied();
        if inv.state == "draft" && k.is_none() {
            continue;
        }
        let row = ctx.harvest_row(inv, k);
        seen_numbers.extend(row.rma_number.clone());
        rows.push(row);
    }
    // Invoices the state booked that Harvest no longer lists.
    for k in &books.known {
        let issued = k.link.issue_date.is_some_and(in_range);
        if !issued || harvest_ids.contains(&k.link.harvest_id) {
            continue;
        }
        let number = k.link.rma_invnumber.as_str();
        let in_rma = rma.contains_key(number);
        if k.link.status.is_in_rma() || (k.link.status == InvoiceStatus::Pending && in_rma) {
            seen_numbers.insert(number.to_string());
            rows.push(ctx.deleted_row(k));
        }
    }
    // RMA invoices with the tool's trace that neither the state nor Harvest knows.
    let known_numbers: HashSet<&str> = books
        .known
        .iter()
        .map(|k| k.link.rma_invnumber.as_str())
        .collect();
    for r in &books.rma {
        let Some((number, id)) = trace::booked_from(&r.intnotes) else {
            continue;
        };
        if seen_numbers.contains(&r.invnumber)
            || known_numbers.contains(r.invnumber.as_str())
            || known.contains_key(&id)
            || harvest_ids.contains(&id)
        {
            continue;
        }
        rows.push(Row {
            harvest_id: Some(id),
            harvest_number: Some(number),
            client: r.customer.name.clone(),
            currency: verdict::rma_currency(r),
            issue_date: r.transdate,
            harvest_total: None,
            harvest_paid: None,
            rma_number: Some(r.invnumber.clone()),
            rma_total: r.amount,
            rma_paid: Some(r.paid.unwrap_or_default()),
            verdict: Verdict::InRmaOnly,
        });
    }
    rows.sort_by(|a, b| {
        (a.issue_date, &a.harvest_number, &a.rma_number).cmp(&(
            b.issue_date,
            &b.harvest_number,
            &b.rma_number,
        ))
    });
    let summary = summarise(&rows);
    (rows, summary)
}

fn summarise(rows: &[Row]) -> Summary {
    let mut summary = Summary::default();
    for row in rows {
        let difference = row.verdict.is_difference();
        if difference {
            summary.differences += 1;
        }
        if !row.verdict.counts() && !difference {
            continue;
        }
        let sum = summary.currencies.entry(row.currency.clone()).or_default();
        if difference {
            sum.differences += 1;
        }
        if !row.verdict.counts() {
            continue;
        }
        sum.invoices += 1;
        sum.harvest_total += row.harvest_total.unwrap_or_default();
        sum.harvest_paid += row.harvest_paid.unwrap_or_default();
        sum.rma_total += row.rma_total.unwrap_or_default();
        sum.rma_paid += row.rma_paid.unwrap_or_default();
        sum.total_difference = sum.harvest_total - sum.rma_total;
        sum.paid_difference = sum.harvest_paid - sum.rma_paid;
    }
    summary
}

/// Amounts in JSON: text with two places (`"1234.50"`), exact, whatever scale a service sent.
mod cents {
    use rust_decimal::Decimal;

    pub fn exact<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:.2}", d.round_dp(2)))
    }

    pub fn opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => exact(d, s),
            None => s.serialize_none(),
        }
    }
}

/// The RMA number a Harvest invoice has or would get.
fn rma_number(inv: &harvest::Invoice, known: Option<&Known>, sync: &SyncConfig) -> String {
    match known {
        Some(k) => k.link.rma_invnumber.clone(),
        None => mapping::rma_invoice_number(&sync.invoice_number, inv),
    }
}
