//! The planner: a pure function from what both sides have (and what the state remembers) to
//! a sorted list of steps. No I/O, no clock: every decision is a value that tests assert on
//! and `--dry-run` prints.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::mapping::{self, money};
use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::rma::types::{Customer, FeedFlag, FeedPayment, NewInvoice};
use crate::state::{CustomerLink, InvoiceLink, InvoiceStatus, PaymentLink, PaymentStatus};

/// Feed deletions of this many mirrored payments or more, when they are all the state
/// knows, look like a reset of RMA's feed rather than a bookkeeper's work.
const MASS_DELETION_FLOOR: usize = 3;

/// Everything the planner looks at, gathered by the reader.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Harvest invoices in the importable states.
    pub invoices: Vec<harvest::Invoice>,
    pub clients: HashMap<i64, harvest::Client>,
    /// Contacts by client id.
    pub contacts: HashMap<i64, Vec<harvest::Contact>>,
    /// RMA article numbers.
    pub parts: HashSet<String>,
    /// RMA invoices that already exist, by number (only the numbers the plan may book).
    pub rma_invoices: HashMap<String, crate::rma::types::Invoice>,
    /// RMA's `paid` total of every invoice that has payment-feed rows (A2).
    pub rma_paid: HashMap<String, Decimal>,
    /// Pending payment-feed rows.
    pub feed: Vec<FeedPayment>,
    /// State rows of the Harvest invoices above, and of the invoices the feed mentions.
    pub known_invoices: HashMap<i64, InvoiceLink>,
    /// RMA invoice number -> Harvest invoice id, for every number the state has taken.
    pub taken_numbers: HashMap<String, i64>,
    pub known_customers: HashMap<i64, CustomerLink>,
    /// State rows of the payments of every invoice the feed mentions.
    pub known_payments: HashMap<i64, PaymentLink>,
    /// How many mirrored payments the state knows in all.
    pub live_payment_count: usize,
    /// Harvest invoice entries that could not be read: each is refused by name.
    pub unreadable_invoices: Vec<harvest::Unreadable>,
    /// Why a client cannot be used (its entry or a contact of it was unreadable), by id.
    pub unreadable_clients: HashMap<i64, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Step {
    UpsertCustomer {
        client_id: i64,
        client_name: String,
        customernumber: String,
        #[serde(skip)]
        customer: Box<Customer>,
        content_hash: String,
        is_new: bool,
        notes: Vec<String>,
    },
    BookInvoice {
        harvest_id: i64,
        harvest_number: String,
        invnumber: String,
        client_id: i64,
        client_name: String,
        customernumber: String,
        currency: String,
        amount: Decimal,
        issue_date: NaiveDate,
        #[serde(skip)]
        invoice: Box<NewInvoice>,
    },
    LinkInvoice {
        harvest_id: i64,
        harvest_number: String,
        invnumber: String,
        client_id: i64,
        client_name: String,
        currency: String,
        amount: Decimal,
        issue_date: NaiveDate,
    },
    RefuseInvoice {
        harvest_id: i64,
        harvest_number: String,
        client_id: i64,
        client_name: String,
        currency: String,
        amount: Decimal,
        issue_date: NaiveDate,
        invnumber: String,
        reasons: Vec<String>,
    },
    SkipInvoice {
        harvest_id: i64,
        harvest_number: String,
        reason: String,
    },
    /// A Harvest invoice entry that could not be read, named as well as it can be.
    UnreadableInvoice {
        harvest_id: Option<i64>,
        harvest_number: Option<String>,
        reason: String,
    },
    CreatePayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        currency: String,
        amount: Decimal,
        paid_date: NaiveDate,
        notes: String,
        memo: String,
    },
    ReplacePayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        currency: String,
        old_harvest_payment_id: i64,
        old_amount: Decimal,
        amount: Decimal,
        paid_date: NaiveDate,
        notes: String,
        memo: String,
    },
    DeletePayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        currency: String,
        harvest_payment_id: i64,
        amount: Decimal,
    },
    /// Nothing to do in Harvest; the feed row only needs acknowledging.
    AcknowledgePayment {
        rma_payment_id: i64,
        invnumber: String,
        reason: String,
    },
    IgnorePayment {
        rma_payment_id: i64,
        invnumber: String,
        reason: String,
    },
    PaymentsNeedReview {
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        reason: String,
        rma_payment_ids: Vec<i64>,
    },
    StopPayments {
        reason: String,
    },
    /// Payments someone entered in Harvest by hand; reported, never touched.
    ForeignPayments {
        harvest_invoice_id: i64,
        invoice_number: String,
        amount: Decimal,
        currency: String,
    },
}

impl Step {
    /// Steps that need a person: the run exits 1 when the plan has any.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            Step::RefuseInvoice { .. }
                | Step::UnreadableInvoice { .. }
                | Step::PaymentsNeedReview { .. }
                | Step::StopPayments { .. }
        )
    }

    /// Steps that only say why nothing is done (skips, acknowledgements): a dry run counts
    /// them instead of listing hundreds of "already booked" lines.
    pub fn is_quiet(&self) -> bool {
        matches!(
            self,
            Step::SkipInvoice { .. } | Step::AcknowledgePayment { .. }
        )
    }

    pub fn writes(&self) -> bool {
        matches!(
            self,
            Step::UpsertCustomer { .. }
                | Step::BookInvoice { .. }
                | Step::CreatePayment { .. }
                | Step::ReplacePayment { .. }
                | Step::DeletePayment { .. }
        )
    }

    /// One line in a bookkeeper's words.
    pub fn describe(&self) -> String {
        match self {
            Step::UpsertCustomer { client_name, customernumber, is_new, .. } => format!(
                "{} customer {customernumber} ({client_name}) in Run my Accounts",
                if *is_new { "Create" } else { "Update" }
            ),
            Step::BookInvoice { harvest_number, invnumber, client_name, currency, amount, .. } => format!(
                "Book invoice {harvest_number} ({client_name}, {}) in Run my Accounts as {invnumber}",
                money(currency, *amount)
            ),
            Step::LinkInvoice { harvest_number, invnumber, client_name, .. } => format!(
                "Invoice {harvest_number} ({client_name}) already exists in Run my Accounts as {invnumber}: link it, do not book it again"
            ),
            Step::RefuseInvoice { harvest_number, client_name, reasons, .. } => {
                format!("Invoice {harvest_number} ({client_name}): {}", reasons.join("; "))
            }
            Step::SkipInvoice { harvest_number, reason, .. } => format!("Invoice {harvest_number}: {reason}"),
            Step::UnreadableInvoice { harvest_id, harvest_number, reason } => {
                let name = match (harvest_number, harvest_id) {
                    (Some(number), _) => number.clone(),
                    (None, Some(id)) => format!("with id {id}"),
                    (None, None) => "without number or id".into(),
                };
                format!("Invoice {name}: {reason}")
            }
            Step::CreatePayment { invoice_number, currency, amount, paid_date, rma_payment_id, .. } => format!(
                "Add payment of {} on {} (RMA payment {rma_payment_id}) to Harvest invoice {invoice_number}",
                money(currency, *amount),
                paid_date.format("%d.%m.%Y")
            ),
            Step::ReplacePayment { invoice_number, currency, old_amount, amount, paid_date, rma_payment_id, .. } => format!(
                "Change payment (RMA payment {rma_payment_id}) on Harvest invoice {invoice_number} from {} to {} on {}",
                money(currency, *old_amount),
                money(currency, *amount),
                paid_date.format("%d.%m.%Y")
            ),
            Step::DeletePayment { invoice_number, currency, amount, rma_payment_id, .. } => format!(
                "Remove payment of {} (RMA payment {rma_payment_id}, deleted in Run my Accounts) from Harvest invoice {invoice_number}",
                money(currency, *amount)
            ),
            Step::AcknowledgePayment { rma_payment_id, reason, .. } => format!("RMA payment {rma_payment_id}: {reason}"),
            Step::IgnorePayment { rma_payment_id, invnumber, reason } => {
                format!("RMA payment {rma_payment_id} on invoice {invnumber} ignored: {reason}")
            }
            Step::PaymentsNeedReview { invoice_number, reason, .. } => {
                format!("Invoice {invoice_number} needs review: {reason}")
            }
            Step::StopPayments { reason } => format!("Payments not mirrored in this run: {reason}"),
            Step::ForeignPayments { invoice_number, amount, currency, .. } => format!(
                "Harvest invoice {invoice_number} has {} in payments entered in Harvest by hand; left as they are",
                money(currency, *amount)
            ),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn needs_attention(&self) -> bool {
        self.steps.iter().any(Step::needs_attention)
    }
}

/// The Harvest note that marks a payment as mirrored from RMA; also how a lost POST is found.
pub fn payment_marker(rma_payment_id: i64) -> String {
    format!("RMA payment {rma_payment_id}")
}

pub fn payment_notes(rma_payment_id: i64, memo: &str) -> String {
    let memo = memo.trim();
    if memo.is_empty() {
        payment_marker(rma_payment_id)
    } else {
        format!("{}: {memo}", payment_marker(rma_payment_id))
    }
}

/// True when Harvest payment notes carry the marker of exactly this RMA payment.
pub fn has_marker(notes: &str, rma_payment_id: i64) -> bool {
    let marker = payment_marker(rma_payment_id);
    notes
        .trim_start()
        .strip_prefix(&marker)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_ascii_digit()))
}

pub fn plan(snap: &Snapshot, sync: &SyncConfig, ar_account: Option<&str>) -> Plan {
    let mut customers = BTreeMap::new();
    let mut invoices = Vec::new();
    // Invoices RMA will have after this run, by RMA number: payments on them are mirrored.
    let mut in_rma: HashMap<String, (i64, String, String)> = HashMap::new();
    let mut numbers_this_run: HashMap<String, i64> = HashMap::new();

    let mut sorted: Vec<&harvest::Invoice> = snap.invoices.iter().collect();
    sorted.sort_by(|a, b| (a.issue_date, &a.number, a.id).cmp(&(b.issue_date, &b.number, b.id)));

    for inv in sorted {
        if !sync.import_states.iter().any(|s| s == &inv.state) {
            invoices.push(Step::SkipInvoice {
                harvest_id: inv.id,
                harvest_number: inv.number.clone(),
                reason: format!(
                    "state \"{}\" is not in sync.import_states; not booked",
                    inv.state
                ),
            });
            continue;
        }
        if let Some(start) = sync.start_date {
            if inv.issue_date < start {
                invoices.push(Step::SkipInvoice {
                    harvest_id: inv.id,
                    harvest_number: inv.number.clone(),
                    reason: format!(
                        "issued {} before sync.start_date {start}; not booked",
                        inv.issue_date
                    ),
                });
                continue;
            }
        }
        let client = snap.clients.get(&inv.client.id);
        let client_name = client
            .map(|c| c.name.clone())
            .unwrap_or_else(|| inv.client.name.clone());
        let currency = [
            inv.currency.as_str(),
            client.map(|c| c.currency.as_str()).unwrap_or(""),
        ]
        .into_iter()
        .find(|c| !c.is_empty())
        .unwrap_or("CHF")
        .to_string();
        if let Some(known) = snap.known_invoices.get(&inv.id) {
            if known.status.is_in_rma() || known.status == InvoiceStatus::Pending {
                invoices.push(Step::SkipInvoice {
                    harvest_id: inv.id,
                    harvest_number: inv.number.clone(),
                    reason: match known.status {
                        InvoiceStatus::Pending => format!(
                            "the last run's booking as {} is checked first; not booked again",
                            known.rma_invnumber
                        ),
                        _ => format!("already in Run my Accounts as {}", known.rma_invnumber),
                    },
                });
                in_rma.insert(
                    known.rma_invnumber.clone(),
                    (inv.id, inv.number.clone(), currency.clone()),
                );
                // Booked invoices still open in Harvest keep their customer up to date.
                if known.status == InvoiceStatus::Booked {
                    if let Some(c) = client {
                        customer_step(snap, sync, c, &mut customers);
                    }
                }
                continue;
            }
        }
        let invnumber = mapping::rma_invoice_number(&sync.invoice_number, inv);
        let mut reasons = Vec::new();
        if inv.number.trim().is_empty() && sync.invoice_number.contains("{number}") {
            reasons.push("the invoice has no number in Harvest".to_string());
        }
        match snap.taken_numbers.get(&invnumber) {
            Some(other) if *other != inv.id => reasons.push(format!(
                "Run my Accounts number {invnumber} is already used for another Harvest invoice (id {other}); check sync.invoice_number"
            )),
            _ => {}
        }
        if let Some(other) = numbers_this_run.get(&invnumber) {
            reasons.push(format!(
                "another Harvest invoice (id {other}) would get the same Run my Accounts number {invnumber}"
            ));
        }
        if reasons.is_empty() {
            if let Some(existing) = snap.rma_invoices.get(&invnumber) {
                numbers_this_run.insert(invnumber.clone(), inv.id);
                in_rma.insert(
                    invnumber.clone(),
                    (inv.id, inv.number.clone(), currency.clone()),
                );
                invoices.push(Step::LinkInvoice {
                    harvest_id: inv.id,
                    harvest_number: inv.number.clone(),
                    invnumber: existing.invnumber.clone(),
                    client_id: inv.client.id,
                    client_name,
                    currency,
                    amount: inv.amount,
                    issue_date: inv.issue_date,
                });
                continue;
            }
        }
        if inv.line_items.is_empty() {
            reasons.push("the invoice has no lines".into());
        }
        for (i, line) in inv.line_items.iter().enumerate() {
            if line.kind.trim().is_empty() {
                reasons.push(format!("line {} has no category (Type)", i + 1));
            } else if !snap.parts.contains(&line.kind) {
                reasons.push(format!(
                    "line {} category \"{}\" is not an article in Run my Accounts",
                    i + 1,
                    line.kind
                ));
            }
        }
        match client {
            None => reasons.push(match snap.unreadable_clients.get(&inv.client.id) {
                Some(why) => format!(
                    "its client (id {}) could not be read from Harvest: {why}",
                    inv.client.id
                ),
                None => format!(
                    "its client (id {}) could not be read from Harvest",
                    inv.client.id
                ),
            }),
            Some(c) if c.name.trim().is_empty() => {
                reasons.push("its client has no name in Harvest".into())
            }
            Some(_) => {}
        }
        let customernumber = mapping::customer_number(sync, inv.client.id);
        if reasons.is_empty() {
            let c = client.expect("checked above");
            customer_step(snap, sync, c, &mut customers);
            numbers_this_run.insert(invnumber.clone(), inv.id);
            in_rma.insert(
                invnumber.clone(),
                (inv.id, inv.number.clone(), currency.clone()),
            );
            invoices.push(Step::BookInvoice {
                harvest_id: inv.id,
                harvest_number: inv.number.clone(),
                invoice: Box::new(mapping::map_invoice(
                    inv,
                    &invnumber,
                    &customernumber,
                    &currency,
                    ar_account,
                )),
                invnumber,
                client_id: inv.client.id,
                client_name,
                customernumber,
                currency,
                amount: inv.amount,
                issue_date: inv.issue_date,
            });
        } else {
            invoices.push(Step::RefuseInvoice {
                harvest_id: inv.id,
                harvest_number: inv.number.clone(),
                client_id: inv.client.id,
                client_name,
                currency,
                amount: inv.amount,
                issue_date: inv.issue_date,
                invnumber,
                reasons,
            });
        }
    }

    invoices.extend(super::unreadable::unreadable_invoice_steps(snap));

    // Invoices the state knows but Harvest no longer lists as open (paid, closed): their
    // payments are still mirrored.
    for link in snap.known_invoices.values() {
        if link.status.is_in_rma() && !in_rma.contains_key(&link.rma_invnumber) {
            in_rma.insert(
                link.rma_invnumber.clone(),
                (
                    link.harvest_id,
                    link.harvest_number.clone(),
                    link.currency.clone(),
                ),
            );
        }
    }

    let due: HashMap<i64, (Decimal, Decimal)> = snap
        .invoices
        .iter()
        .map(|i| (i.id, (i.amount, i.due_amount)))
        .collect();
    let payments = plan_payments(snap, sync, &in_rma, &due);

    let mut steps: Vec<Step> = customers.into_values().collect();
    steps.extend(invoices);
    steps.extend(payments);
    Plan { steps }
}

fn customer_step(
    snap: &Snapshot,
    sync: &SyncConfig,
    client: &harvest::Client,
    out: &mut BTreeMap<String, Step>,
) {
    let number = mapping::customer_number(sync, client.id);
    if out.contains_key(&number) {
        return;
    }
    let contacts = snap
        .contacts
        .get(&client.id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let (customer, notes) = mapping::map_customer(client, contacts, &number, &sync.default_country);
    let hash = mapping::content_hash(&customer);
    let known = snap.known_customers.get(&client.id);
    if known.is_some_and(|k| k.content_hash == hash && k.customernumber == number) {
        return;
    }
    out.insert(
        number.clone(),
        Step::UpsertCustomer {
            client_id: client.id,
            client_name: client.name.clone(),
            customernumber: number,
            customer: Box::new(customer),
            content_hash: hash,
            is_new: known.is_none(),
            notes,
        },
    );
}

/// Payment steps: RMA's current payments on each known invoice, made so in Harvest.
fn plan_payments(
    snap: &Snapshot,
    sync: &SyncConfig,
    in_rma: &HashMap<String, (i64, String, String)>,
    due: &HashMap<i64, (Decimal, Decimal)>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    // The last row per payment id wins; group by invoice number.
    let mut latest: BTreeMap<i64, &FeedPayment> = BTreeMap::new();
    for row in &snap.feed {
        latest.insert(row.id, row);
    }
    let mut by_invoice: BTreeMap<&str, Vec<&FeedPayment>> = BTreeMap::new();
    for row in latest.values() {
        by_invoice
            .entry(row.invnumber.as_str())
            .or_default()
            .push(row);
    }

    let mut planned = Vec::new();
    let mut deletions = 0usize;
    for (invnumber, rows) in by_invoice {
        let Some((harvest_id, harvest_number, currency)) = in_rma.get(invnumber) else {
            for row in rows {
                steps.push(Step::IgnorePayment {
                    rma_payment_id: row.id,
                    invnumber: invnumber.to_string(),
                    reason: "that invoice was not booked or linked by rma-harvest".into(),
                });
            }
            continue;
        };
        let known: Vec<&PaymentLink> = snap
            .known_payments
            .values()
            .filter(|p| p.harvest_invoice_id == *harvest_id && p.status == PaymentStatus::Mirrored)
            .collect();
        // What RMA has now: the mirrored payments, overlaid with the feed's news.
        let mut desired: BTreeMap<i64, (Decimal, NaiveDate, String)> = known
            .iter()
            .map(|p| (p.rma_payment_id, (p.amount, p.paid_date, p.memo.clone())))
            .collect();
        for row in &rows {
            match row.flag {
                FeedFlag::Deleted => {
                    desired.remove(&row.id);
                }
                FeedFlag::New | FeedFlag::Changed => {
                    desired.insert(row.id, (row.amount, row.datepaid, row.memo.clone()));
                }
            }
        }
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let review = |reason: String| Step::PaymentsNeedReview {
            harvest_invoice_id: *harvest_id,
            invoice_number: harvest_number.clone(),
            invnumber: invnumber.to_string(),
            reason,
            rma_payment_ids: ids.clone(),
        };
        let total: Decimal = desired.values().map(|(a, _, _)| *a).sum();
        match snap.rma_paid.get(invnumber) {
            None => {
                steps.push(review(format!(
                    "Run my Accounts did not report invoice {invnumber} when asked for its paid total; nothing was changed in Harvest"
                )));
                continue;
            }
            Some(paid) if *paid != total => {
                steps.push(review(format!(
                    "the payments Run my Accounts reports add up to {}, but it shows {} as paid; nothing was changed in Harvest, please check the payments in Run my Accounts",
                    money(currency, total),
                    money(currency, *paid)
                )));
                continue;
            }
            Some(_) => {}
        }
        let mut invoice_steps = Vec::new();
        let mut net_change = Decimal::ZERO;
        for row in &rows {
            let state = snap
                .known_payments
                .get(&row.id)
                .filter(|p| p.status == PaymentStatus::Mirrored);
            let notes = payment_notes(row.id, &row.memo);
            match (row.flag, state) {
                (FeedFlag::Deleted, None) => invoice_steps.push(Step::AcknowledgePayment {
                    rma_payment_id: row.id,
                    invnumber: invnumber.to_string(),
                    reason: "deleted in Run my Accounts and not in Harvest; nothing to do".into(),
                }),
                (FeedFlag::Deleted, Some(p)) => {
                    deletions += 1;
                    net_change -= p.amount;
                    invoice_steps.push(Step::DeletePayment {
                        rma_payment_id: row.id,
                        harvest_invoice_id: *harvest_id,
                        invoice_number: harvest_number.clone(),
                        invnumber: invnumber.to_string(),
                        currency: currency.clone(),
                        harvest_payment_id: p.harvest_payment_id.unwrap_or_default(),
                        amount: p.amount,
                    });
                }
                (_, None) => {
                    net_change += row.amount;
                    invoice_steps.push(Step::CreatePayment {
                        rma_payment_id: row.id,
                        harvest_invoice_id: *harvest_id,
                        invoice_number: harvest_number.clone(),
                        invnumber: invnumber.to_string(),
                        currency: currency.clone(),
                        amount: row.amount,
                        paid_date: row.datepaid,
                        notes,
                        memo: row.memo.clone(),
                    });
                }
                (_, Some(p))
                    if p.amount == row.amount
                        && p.paid_date == row.datepaid
                        && p.memo == row.memo =>
                {
                    invoice_steps.push(Step::AcknowledgePayment {
                        rma_payment_id: row.id,
                        invnumber: invnumber.to_string(),
                        reason: "already in Harvest as it is".into(),
                    })
                }
                (_, Some(p)) => {
                    deletions += 1;
                    net_change += row.amount - p.amount;
                    invoice_steps.push(Step::ReplacePayment {
                        rma_payment_id: row.id,
                        harvest_invoice_id: *harvest_id,
                        invoice_number: harvest_number.clone(),
                        invnumber: invnumber.to_string(),
                        currency: currency.clone(),
                        old_harvest_payment_id: p.harvest_payment_id.unwrap_or_default(),
                        old_amount: p.amount,
                        amount: row.amount,
                        paid_date: row.datepaid,
                        notes,
                        memo: row.memo.clone(),
                    });
                }
            }
        }
        if let Some((amount, due_amount)) = due.get(harvest_id) {
            // Booked from "paid" (import_states): someone recorded the payment in Harvest
            // already. Mirroring RMA's payment would pay the invoice twice there.
            let settled_by_hand = due_amount.is_zero()
                && known.is_empty()
                && invoice_steps.iter().all(|s| {
                    matches!(
                        s,
                        Step::CreatePayment { .. } | Step::AcknowledgePayment { .. }
                    )
                });
            if net_change > Decimal::ZERO && settled_by_hand {
                for row in &rows {
                    steps.push(Step::AcknowledgePayment {
                        rma_payment_id: row.id,
                        invnumber: invnumber.to_string(),
                        reason: format!(
                            "not added to Harvest: invoice {harvest_number} is already paid there (payments entered in Harvest)"
                        ),
                    });
                }
                continue;
            }
            if net_change > *due_amount {
                steps.push(review(format!(
                    "Run my Accounts has {} more in payments than Harvest shows as due ({}); nothing was changed in Harvest",
                    money(currency, net_change),
                    money(currency, *due_amount)
                )));
                continue;
            }
            let ours: Decimal = known.iter().map(|p| p.amount).sum();
            let foreign = *amount - *due_amount - ours;
            if foreign > Decimal::ZERO {
                invoice_steps.push(Step::ForeignPayments {
                    harvest_invoice_id: *harvest_id,
                    invoice_number: harvest_number.clone(),
                    amount: foreign,
                    currency: currency.clone(),
                });
            }
        }
        planned.extend(invoice_steps);
    }

    let live_deleted: BTreeSet<i64> = planned
        .iter()
        .filter_map(|s| match s {
            Step::DeletePayment { rma_payment_id, .. } => Some(*rma_payment_id),
            _ => None,
        })
        .collect();
    if snap.live_payment_count >= MASS_DELETION_FLOOR
        && live_deleted.len() >= snap.live_payment_count
    {
        return vec![Step::StopPayments {
            reason: format!(
                "Run my Accounts reports all {} payments mirrored so far as deleted; this looks like a reset or a new API key, not real deletions. Check in Run my Accounts, then ask support to transfer the payment history to the key",
                snap.live_payment_count
            ),
        }];
    }
    if deletions > sync.max_payment_deletions {
        return vec![Step::StopPayments {
            reason: format!(
                "{deletions} Harvest payments would be deleted or replaced, more than sync.max_payment_deletions = {}; check Run my Accounts, and raise the limit for one run if this is right",
                sync.max_payment_deletions
            ),
        }];
    }
    steps.extend(planned);
    steps
}

#[cfg(test)]
mod tests;
