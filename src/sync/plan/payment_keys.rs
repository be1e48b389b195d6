//! Which RMA payment a Harvest payment is, when the ids do not say it plainly: a payment RMA
//! re-created under a new id (re-key), a Harvest payment with our marker the state forgot
//! (adoption), and a write Harvest refused that nothing has changed since (held).

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::{parse_marker, Snapshot, Step};
use crate::rma::types::{FeedFlag, FeedPayment};
use crate::state::{PaymentLink, PaymentStatus};
use crate::sync::mapping;

/// The inputs a Harvest payment write is made of: the feed row (id, flag, amount, date,
/// memo), the Harvest invoice and its due amount (`None`: Harvest did not list it). A write
/// Harvest refused is sent again only when this changes (issue 10 item 6).
pub fn write_fingerprint(
    row: &FeedPayment,
    harvest_invoice_id: i64,
    due_amount: Option<Decimal>,
) -> String {
    let flag = match row.flag {
        FeedFlag::New => "new",
        FeedFlag::Changed => "changed",
        FeedFlag::Deleted => "deleted",
    };
    let text = serde_json::json!([
        row.id,
        flag,
        row.amount.normalize().to_string(),
        row.datepaid.to_string(),
        row.memo,
        harvest_invoice_id,
        due_amount.map(|d| d.normalize().to_string()),
    ]);
    mapping::hash_text(&text.to_string())
}

/// A deleted row of a mirrored payment and a new row of an unknown id on the same invoice
/// with the same date and amount, in one read: RMA re-created the payment (the invoice was
/// saved again in its UI), it was not paid again. Pairs in id order; returns the pairs (old
/// state row, new row) and the rows left.
pub(super) fn rekeys<'a, 'k>(
    rows: &[&'a FeedPayment],
    known: &HashMap<i64, &'k PaymentLink>,
) -> (
    Vec<(&'k PaymentLink, &'a FeedPayment)>,
    Vec<&'a FeedPayment>,
) {
    let mut taken = BTreeSet::new();
    let mut pairs = Vec::new();
    for deleted in rows.iter().filter(|r| r.flag == FeedFlag::Deleted) {
        let Some(old) = known.get(&deleted.id) else {
            continue;
        };
        let new = rows.iter().find(|r| {
            r.flag == FeedFlag::New
                && !taken.contains(&r.id)
                && !known.contains_key(&r.id)
                && r.datepaid == deleted.datepaid
                && r.amount == deleted.amount
                && r.amount == old.amount
        });
        if let Some(new) = new {
            taken.insert(deleted.id);
            taken.insert(new.id);
            pairs.push((*old, *new));
        }
    }
    let left = rows
        .iter()
        .filter(|r| !taken.contains(&r.id))
        .copied()
        .collect();
    (pairs, left)
}

/// The Harvest payments of `harvest_id` (as the reader found them) that carry our marker
/// but that the state does not know, by RMA id or by Harvest payment id: mirrored earlier,
/// then forgotten (state lost or restored from an old backup). Harvest's answer is
/// untrusted: a payment without a date is left alone.
pub(super) fn adoptions(
    snap: &Snapshot,
    harvest_id: i64,
    invnumber: &str,
    known: &[&PaymentLink],
) -> Vec<PaymentLink> {
    let Some(in_harvest) = snap.harvest_payments.get(&harvest_id) else {
        return Vec::new();
    };
    let mut adopted: Vec<PaymentLink> = Vec::new();
    for p in in_harvest {
        let (Some((rma_id, memo)), Some(paid_date)) = (parse_marker(&p.notes), p.paid_date) else {
            continue;
        };
        let is_known = known
            .iter()
            .any(|k| k.rma_payment_id == rma_id || k.harvest_payment_id == Some(p.id))
            || adopted.iter().any(|a| a.rma_payment_id == rma_id);
        if is_known {
            continue;
        }
        adopted.push(PaymentLink {
            rma_payment_id: rma_id,
            harvest_invoice_id: harvest_id,
            rma_invnumber: invnumber.to_string(),
            harvest_payment_id: Some(p.id),
            amount: p.amount,
            paid_date,
            memo: memo.to_string(),
            status: PaymentStatus::Mirrored,
        });
    }
    adopted
}

/// A write Harvest refused before with the same inputs becomes [`Step::PaymentHeld`].
pub(super) fn held_or(step: Step, snap: &Snapshot) -> Step {
    let (Some(id), Some(fingerprint)) = (step.rma_payment_id(), step.fingerprint()) else {
        return step;
    };
    let Some(held) = snap
        .held_writes
        .get(&id)
        .filter(|h| h.fingerprint == fingerprint)
    else {
        return step;
    };
    let (harvest_invoice_id, invoice_number, invnumber) = match &step {
        Step::CreatePayment {
            harvest_invoice_id,
            invoice_number,
            invnumber,
            ..
        }
        | Step::ReplacePayment {
            harvest_invoice_id,
            invoice_number,
            invnumber,
            ..
        }
        | Step::DeletePayment {
            harvest_invoice_id,
            invoice_number,
            invnumber,
            ..
        } => (
            *harvest_invoice_id,
            invoice_number.clone(),
            invnumber.clone(),
        ),
        _ => return step,
    };
    Step::PaymentHeld {
        rma_payment_id: id,
        harvest_invoice_id,
        invoice_number,
        invnumber,
        refusal: held.message.clone(),
        held_since: held.held_at.chars().take(10).collect(),
    }
}
