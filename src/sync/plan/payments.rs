//! Payment steps: RMA's current payments on each invoice the tool owns, made so in Harvest,
//! with the safety stops of the payment phase.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{payment_keys, payment_notes, write_fingerprint, Snapshot, Step};
use crate::config::SyncConfig;
use crate::rma::types::{FeedFlag, FeedPayment};
use crate::state::{InvoiceLink, PaymentLink, PaymentStatus};
use crate::sync::mapping::money;

/// Feed deletions of this many mirrored payments or more, when they are all the state
/// knows, look like a reset of RMA's feed rather than a bookkeeper's work.
const MASS_DELETION_FLOOR: usize = 3;

/// Payment steps: RMA's current payments on each known invoice, made so in Harvest.
/// Which Harvest invoice owns the payments of an RMA invoice number.
pub(super) struct Owners<'a> {
    /// Booked or linked: mirrored (Harvest id, number, currency).
    pub in_rma: &'a HashMap<String, (i64, String, String)>,
    /// Deleted in Harvest after booking: logged, not mirrored.
    pub deleted_in_harvest: &'a HashMap<String, &'a InvoiceLink>,
    /// Being booked in this run: left pending until the next run knows.
    pub booking_now: &'a HashSet<String>,
}

pub(super) fn plan_payments(
    snap: &Snapshot,
    sync: &SyncConfig,
    owners: &Owners<'_>,
    due: &HashMap<i64, (Decimal, Decimal)>,
) -> Vec<Step> {
    let Owners {
        in_rma,
        deleted_in_harvest,
        booking_now,
    } = owners;
    let mut steps = Vec::new();
    // Rows nobody can attribute are never acknowledged: acknowledging is the one step that
    // can lose a payment for good.
    let unreadable: Vec<Step> = snap
        .unreadable_feed
        .iter()
        .map(|r| Step::UnreadablePayment {
            rma_payment_id: r.id,
            invnumber: r.invnumber.clone(),
            why: r.why.clone(),
        })
        .collect();
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
        if booking_now.contains(invnumber) {
            continue;
        }
        if let Some(link) = deleted_in_harvest.get(invnumber) {
            for row in rows {
                steps.push(Step::PaymentNotMirrored {
                    rma_payment_id: row.id,
                    invnumber: invnumber.to_string(),
                    harvest_invoice_id: link.harvest_id,
                    invoice_number: link.harvest_number.clone(),
                });
            }
            continue;
        }
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
        let mut known: Vec<&PaymentLink> = snap
            .known_payments
            .values()
            .filter(|p| p.harvest_invoice_id == *harvest_id && p.status == PaymentStatus::Mirrored)
            .collect();
        known.sort_by_key(|p| p.rma_payment_id);
        // Harvest's payments with our marker that the state forgot count as mirrored.
        let adopted = payment_keys::adoptions(snap, *harvest_id, invnumber, &known);
        for a in &adopted {
            steps.push(Step::AdoptPayment {
                rma_payment_id: a.rma_payment_id,
                harvest_invoice_id: *harvest_id,
                invoice_number: harvest_number.clone(),
                invnumber: invnumber.to_string(),
                harvest_payment_id: a.harvest_payment_id.unwrap_or_default(),
                currency: currency.clone(),
                amount: a.amount,
                paid_date: a.paid_date,
                memo: a.memo.clone(),
            });
        }
        known.extend(adopted.iter());
        let known_by_id: HashMap<i64, &PaymentLink> =
            known.iter().map(|p| (p.rma_payment_id, *p)).collect();
        let all_rows = rows;
        let (rekeyed, rows) = payment_keys::rekeys(&all_rows, &known_by_id);
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
        let ids: Vec<i64> = all_rows.iter().map(|r| r.id).collect();
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
        let mut invoice_steps: Vec<Step> = rekeyed
            .iter()
            .map(|(old, new)| Step::RekeyPayment {
                old_rma_payment_id: old.rma_payment_id,
                rma_payment_id: new.id,
                harvest_invoice_id: *harvest_id,
                invoice_number: harvest_number.clone(),
                invnumber: invnumber.to_string(),
                harvest_payment_id: old.harvest_payment_id.unwrap_or_default(),
                currency: currency.clone(),
                amount: old.amount,
                paid_date: old.paid_date,
            })
            .collect();
        let mut net_change = Decimal::ZERO;
        let due_amount = due.get(harvest_id).map(|(_, d)| *d);
        for row in &rows {
            let state = known_by_id.get(&row.id).copied();
            let notes = payment_notes(row.id, &row.memo);
            let fingerprint = write_fingerprint(row, *harvest_id, due_amount);
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
                        fingerprint,
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
                        fingerprint,
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
                        fingerprint,
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
        planned.extend(
            invoice_steps
                .into_iter()
                .map(|s| payment_keys::held_or(s, snap)),
        );
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
        return with_unreadable(vec![Step::StopPayments {
            reason: format!(
                "Run my Accounts reports all {} payments mirrored so far as deleted; this looks like a reset or a new API key, not real deletions. Check in Run my Accounts, then ask support to transfer the payment history to the key",
                snap.live_payment_count
            ),
            failure: None,
        }], unreadable);
    }
    if deletions > sync.max_payment_deletions {
        return with_unreadable(vec![Step::StopPayments {
            reason: format!(
                "{deletions} Harvest payments would be deleted or replaced, more than sync.max_payment_deletions = {}; check Run my Accounts, and raise the limit for one run if this is right",
                sync.max_payment_deletions
            ),
            failure: None,
        }], unreadable);
    }
    steps.extend(planned);
    with_unreadable(steps, unreadable)
}

fn with_unreadable(mut steps: Vec<Step>, unreadable: Vec<Step>) -> Vec<Step> {
    steps.extend(unreadable);
    steps
}
