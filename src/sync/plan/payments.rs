//! Payment steps: RMA's current payments on each invoice the tool owns, made so in Harvest,
//! with the safety stops of the payment phase. Each decision has its own function: the owner of a
//! feed row, the desired payments of an invoice, the paid-total check, one step per row,
//! the hand-payment check and the safety stops.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{payment_keys, payment_notes, write_fingerprint, Snapshot, Step};
use crate::config::SyncConfig;
use crate::msg;
use crate::rma::types::{FeedFlag, FeedPayment};
use crate::state::{InvoiceLink, PaymentLink, PaymentStatus};
use crate::words::{Arg, Message};

/// Feed deletions of this many mirrored payments or more, when they are all the state
/// knows, look like a reset of RMA's feed rather than a bookkeeper's work.
const MASS_DELETION_FLOOR: usize = 3;

/// Which Harvest invoice owns the payments of an RMA invoice number.
pub(super) struct Owners<'a> {
    /// Booked or linked: mirrored (Harvest id, number, currency).
    pub in_rma: &'a HashMap<String, (i64, String, String)>,
    /// Deleted in Harvest after booking: logged, not mirrored.
    pub deleted_in_harvest: &'a HashMap<String, &'a InvoiceLink>,
    /// Being booked in this run: left pending until the next run knows.
    pub booking_now: &'a HashSet<String>,
}

/// The owner of an RMA invoice's feed rows.
enum Owner<'a> {
    /// Booked in this run: whose it is is known only after the POST; the rows wait.
    BookingNow,
    DeletedInHarvest(&'a InvoiceLink),
    /// Not booked or linked by the tool: ignored (and acknowledged).
    Nobody,
    Mirrored(Mirrored<'a>),
}

/// An invoice whose payments are mirrored.
struct Mirrored<'a> {
    harvest_id: i64,
    harvest_number: &'a str,
    currency: &'a str,
    invnumber: &'a str,
}

fn owner_of<'a>(invnumber: &'a str, owners: &'a Owners<'a>) -> Owner<'a> {
    if owners.booking_now.contains(invnumber) {
        return Owner::BookingNow;
    }
    if let Some(link) = owners.deleted_in_harvest.get(invnumber) {
        return Owner::DeletedInHarvest(link);
    }
    match owners.in_rma.get(invnumber) {
        Some((harvest_id, harvest_number, currency)) => Owner::Mirrored(Mirrored {
            harvest_id: *harvest_id,
            harvest_number,
            currency,
            invnumber,
        }),
        None => Owner::Nobody,
    }
}

pub(super) fn plan_payments(
    snap: &Snapshot,
    sync: &SyncConfig,
    owners: &Owners<'_>,
    due: &HashMap<i64, (Decimal, Decimal)>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut planned = Vec::new();
    let mut deletions = 0usize;
    for (invnumber, rows) in rows_by_invoice(&snap.feed) {
        match owner_of(invnumber, owners) {
            Owner::BookingNow => {}
            Owner::DeletedInHarvest(link) => {
                steps.extend(rows.iter().map(|row| Step::PaymentNotMirrored {
                    rma_payment_id: row.id,
                    invnumber: invnumber.to_string(),
                    harvest_invoice_id: link.harvest_id,
                    invoice_number: link.harvest_number.clone(),
                }))
            }
            Owner::Nobody => steps.extend(rows.iter().map(|row| Step::IgnorePayment {
                rma_payment_id: row.id,
                invnumber: invnumber.to_string(),
                reason: msg!("payment-invoice-not-ours"),
            })),
            Owner::Mirrored(invoice) => {
                let plan = plan_invoice(snap, &invoice, rows, due.get(&invoice.harvest_id));
                steps.extend(plan.said);
                planned.extend(plan.planned);
                deletions += plan.deletions;
            }
        }
    }
    // Rows nobody can attribute are never acknowledged: acknowledging is the one step that
    // can lose a payment for good. They are said also when payments stop.
    let unreadable = snap
        .unreadable_feed
        .iter()
        .map(|r| Step::UnreadablePayment {
            rma_payment_id: r.id,
            invnumber: r.invnumber.clone(),
            why: r.why.clone(),
        });
    match safety_stop(snap, sync, &planned, deletions) {
        Some(reason) => std::iter::once(Step::StopPayments {
            reason,
            failure: None,
        })
        .chain(unreadable)
        .collect(),
        None => steps.into_iter().chain(planned).chain(unreadable).collect(),
    }
}

/// The last row per payment id wins; grouped by RMA invoice number.
fn rows_by_invoice(feed: &[FeedPayment]) -> BTreeMap<&str, Vec<&FeedPayment>> {
    let mut latest: BTreeMap<i64, &FeedPayment> = BTreeMap::new();
    for row in feed {
        latest.insert(row.id, row);
    }
    let mut by_invoice: BTreeMap<&str, Vec<&FeedPayment>> = BTreeMap::new();
    for row in latest.values() {
        by_invoice
            .entry(row.invnumber.as_str())
            .or_default()
            .push(row);
    }
    by_invoice
}

/// What one mirrored invoice's feed rows come to.
#[derive(Default)]
struct InvoicePlan {
    /// Said as they are: adoptions, a review, the acknowledgements of a hand payment.
    said: Vec<Step>,
    /// Writes and acknowledgements, which the safety stops may hold back.
    planned: Vec<Step>,
    /// Harvest payments deleted or replaced (counted even when a check then stops the
    /// invoice: the limit is about what RMA's feed asks for).
    deletions: usize,
}

/// The payment steps of one mirrored invoice. `due` is Harvest's (total, due amount), when
/// Harvest lists the invoice.
fn plan_invoice(
    snap: &Snapshot,
    invoice: &Mirrored<'_>,
    all_rows: Vec<&FeedPayment>,
    due: Option<&(Decimal, Decimal)>,
) -> InvoicePlan {
    let mut plan = InvoicePlan::default();
    let (known, adopted) = known_payments(snap, invoice);
    plan.said
        .extend(adopted.iter().map(|a| adopt_step(invoice, a)));
    let known: Vec<&PaymentLink> = known.into_iter().chain(adopted.iter()).collect();
    let known_by_id: HashMap<i64, &PaymentLink> =
        known.iter().map(|p| (p.rma_payment_id, *p)).collect();
    let (rekeyed, rows) = payment_keys::rekeys(&all_rows, &known_by_id);
    let review = |reason: Message| Step::PaymentsNeedReview {
        harvest_invoice_id: invoice.harvest_id,
        invoice_number: invoice.harvest_number.to_string(),
        invnumber: invoice.invnumber.to_string(),
        reason,
        rma_payment_ids: all_rows.iter().map(|r| r.id).collect(),
    };
    if let Some(reason) = paid_total_check(snap, invoice, &desired_payments(&known, &rows)) {
        plan.said.push(review(reason));
        return plan;
    }
    let mut steps: Vec<Step> = rekeyed
        .iter()
        .map(|(old, new)| rekey_step(invoice, old, new))
        .collect();
    let mut net_change = Decimal::ZERO;
    for row in &rows {
        let (step, change) = row_step(invoice, row, known_by_id.get(&row.id).copied(), due);
        plan.deletions += usize::from(change.deletes);
        net_change += change.net;
        steps.push(step);
    }
    if let Some(&(amount, due_amount)) = due {
        if net_change > Decimal::ZERO && settled_by_hand(due_amount, &known, &steps) {
            plan.said
                .extend(rows.iter().map(|row| Step::AcknowledgePayment {
                    rma_payment_id: row.id,
                    invnumber: invoice.invnumber.to_string(),
                    reason: msg!("payment-paid-by-hand", invoice = invoice.harvest_number),
                }));
            return plan;
        }
        if net_change > due_amount {
            plan.said.push(review(msg!(
                "payment-review-more-than-due",
                more = Arg::money(invoice.currency, net_change),
                due = Arg::money(invoice.currency, due_amount)
            )));
            return plan;
        }
        let ours: Decimal = known.iter().map(|p| p.amount).sum();
        let foreign = amount - due_amount - ours;
        if foreign > Decimal::ZERO {
            steps.push(Step::ForeignPayments {
                harvest_invoice_id: invoice.harvest_id,
                invoice_number: invoice.harvest_number.to_string(),
                amount: foreign,
                currency: invoice.currency.to_string(),
            });
        }
    }
    plan.planned = steps
        .into_iter()
        .map(|s| payment_keys::held_or(s, snap))
        .collect();
    plan
}

/// The invoice's mirrored payments the state knows (by RMA id), and Harvest's payments with
/// our marker that the state forgot, which count as mirrored.
fn known_payments<'s>(
    snap: &'s Snapshot,
    invoice: &Mirrored<'_>,
) -> (Vec<&'s PaymentLink>, Vec<PaymentLink>) {
    let mut known: Vec<&PaymentLink> = snap
        .known_payments
        .values()
        .filter(|p| p.harvest_invoice_id == invoice.harvest_id)
        .filter(|p| p.status == PaymentStatus::Mirrored)
        .collect();
    known.sort_by_key(|p| p.rma_payment_id);
    let adopted = payment_keys::adoptions(snap, invoice.harvest_id, invoice.invnumber, &known);
    (known, adopted)
}

/// What RMA has now: the mirrored payments, overlaid with the feed's news.
fn desired_payments(
    known: &[&PaymentLink],
    rows: &[&FeedPayment],
) -> BTreeMap<i64, (Decimal, NaiveDate)> {
    let mut desired: BTreeMap<i64, (Decimal, NaiveDate)> = known
        .iter()
        .map(|p| (p.rma_payment_id, (p.amount, p.paid_date)))
        .collect();
    for row in rows {
        match row.flag {
            FeedFlag::Deleted => {
                desired.remove(&row.id);
            }
            FeedFlag::New | FeedFlag::Changed => {
                desired.insert(row.id, (row.amount, row.datepaid));
            }
        }
    }
    desired
}

/// The desired payments must add up to what RMA shows as paid (A2); why not, else `None`.
fn paid_total_check(
    snap: &Snapshot,
    invoice: &Mirrored<'_>,
    desired: &BTreeMap<i64, (Decimal, NaiveDate)>,
) -> Option<Message> {
    let total: Decimal = desired.values().map(|(a, _)| *a).sum();
    match snap.rma_paid.get(invoice.invnumber) {
        None => Some(msg!(
            "payment-review-no-paid-total",
            invnumber = invoice.invnumber
        )),
        Some(paid) if *paid != total => Some(msg!(
            "payment-review-paid-mismatch",
            total = Arg::money(invoice.currency, total),
            paid = Arg::money(invoice.currency, *paid)
        )),
        Some(_) => None,
    }
}

/// How one row's step changes the invoice's payments in Harvest.
struct Change {
    /// Added minus removed.
    net: Decimal,
    /// A Harvest payment is deleted or replaced.
    deletes: bool,
}

/// The step of one feed row, given what the state has mirrored of that payment.
fn row_step(
    invoice: &Mirrored<'_>,
    row: &FeedPayment,
    mirrored: Option<&PaymentLink>,
    due: Option<&(Decimal, Decimal)>,
) -> (Step, Change) {
    let fingerprint = write_fingerprint(row, invoice.harvest_id, due.map(|(_, d)| *d));
    let unchanged = Change {
        net: Decimal::ZERO,
        deletes: false,
    };
    let acknowledge = |reason: Message| Step::AcknowledgePayment {
        rma_payment_id: row.id,
        invnumber: invoice.invnumber.to_string(),
        reason,
    };
    match (row.flag, mirrored) {
        (FeedFlag::Deleted, None) => (
            acknowledge(msg!("payment-deleted-not-in-harvest")),
            unchanged,
        ),
        (FeedFlag::Deleted, Some(p)) => (
            Step::DeletePayment {
                rma_payment_id: row.id,
                harvest_invoice_id: invoice.harvest_id,
                invoice_number: invoice.harvest_number.to_string(),
                invnumber: invoice.invnumber.to_string(),
                currency: invoice.currency.to_string(),
                harvest_payment_id: p.harvest_payment_id.unwrap_or_default(),
                amount: p.amount,
                fingerprint,
            },
            Change {
                net: -p.amount,
                deletes: true,
            },
        ),
        (_, None) => create_step(invoice, row, fingerprint),
        (_, Some(p))
            if p.amount == row.amount && p.paid_date == row.datepaid && p.memo == row.memo =>
        {
            (acknowledge(msg!("payment-already-in-harvest")), unchanged)
        }
        (_, Some(p)) => (
            Step::ReplacePayment {
                rma_payment_id: row.id,
                harvest_invoice_id: invoice.harvest_id,
                invoice_number: invoice.harvest_number.to_string(),
                invnumber: invoice.invnumber.to_string(),
                currency: invoice.currency.to_string(),
                old_harvest_payment_id: p.harvest_payment_id.unwrap_or_default(),
                old_amount: p.amount,
                amount: row.amount,
                paid_date: row.datepaid,
                notes: payment_notes(row.id, &row.memo),
                memo: row.memo.clone(),
                fingerprint,
            },
            Change {
                net: row.amount - p.amount,
                deletes: true,
            },
        ),
    }
}

/// A feed row with no mirrored payment yet: it is created in Harvest.
fn create_step(invoice: &Mirrored<'_>, row: &FeedPayment, fingerprint: String) -> (Step, Change) {
    (
        Step::CreatePayment {
            rma_payment_id: row.id,
            harvest_invoice_id: invoice.harvest_id,
            invoice_number: invoice.harvest_number.to_string(),
            invnumber: invoice.invnumber.to_string(),
            currency: invoice.currency.to_string(),
            amount: row.amount,
            paid_date: row.datepaid,
            notes: payment_notes(row.id, &row.memo),
            memo: row.memo.clone(),
            fingerprint,
        },
        Change {
            net: row.amount,
            deletes: false,
        },
    )
}

/// Booked from "paid" (import_states): someone recorded the payment in Harvest already
/// (nothing due, none of ours, only additions). Mirroring RMA's payment would pay the
/// invoice twice there.
fn settled_by_hand(due_amount: Decimal, known: &[&PaymentLink], steps: &[Step]) -> bool {
    due_amount.is_zero()
        && known.is_empty()
        && steps.iter().all(|s| {
            matches!(
                s,
                Step::CreatePayment { .. } | Step::AcknowledgePayment { .. }
            )
        })
}

/// The payment phase stops as a whole when the feed deletes every mirrored payment (a reset
/// or a new key, not a bookkeeper's work) or more than `sync.max_payment_deletions`.
fn safety_stop(
    snap: &Snapshot,
    sync: &SyncConfig,
    planned: &[Step],
    deletions: usize,
) -> Option<Message> {
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
        return Some(msg!(
            "payment-stop-all-deleted",
            count = snap.live_payment_count
        ));
    }
    (deletions > sync.max_payment_deletions).then(|| {
        msg!(
            "payment-stop-too-many-deletions",
            count = deletions,
            max = sync.max_payment_deletions
        )
    })
}

fn adopt_step(invoice: &Mirrored<'_>, adopted: &PaymentLink) -> Step {
    Step::AdoptPayment {
        rma_payment_id: adopted.rma_payment_id,
        harvest_invoice_id: invoice.harvest_id,
        invoice_number: invoice.harvest_number.to_string(),
        invnumber: invoice.invnumber.to_string(),
        harvest_payment_id: adopted.harvest_payment_id.unwrap_or_default(),
        currency: invoice.currency.to_string(),
        amount: adopted.amount,
        paid_date: adopted.paid_date,
        memo: adopted.memo.clone(),
    }
}

fn rekey_step(invoice: &Mirrored<'_>, old: &PaymentLink, new: &FeedPayment) -> Step {
    Step::RekeyPayment {
        old_rma_payment_id: old.rma_payment_id,
        rma_payment_id: new.id,
        harvest_invoice_id: invoice.harvest_id,
        invoice_number: invoice.harvest_number.to_string(),
        invnumber: invoice.invnumber.to_string(),
        harvest_payment_id: old.harvest_payment_id.unwrap_or_default(),
        currency: invoice.currency.to_string(),
        amount: old.amount,
        paid_date: old.paid_date,
    }
}
