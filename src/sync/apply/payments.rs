//! Payment steps: create, replace and delete our Harvest payments, intent first.

use super::super::plan::Step;
use super::super::report::{Event, EventKind, Report};
use super::super::{HarvestApi, ServiceError, ServiceResult};
use crate::harvest::types::NewPayment;
use crate::msg;
use crate::state::{PaymentLink, PaymentStatus, State};
use crate::words::{Arg, Message};

/// Runs one payment step; true when its feed row may be acknowledged.
pub(super) fn apply_payment_step(
    step: &Step,
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
) -> ServiceResult<bool> {
    if let Some(invoice_id) = step.harvest_invoice_id() {
        if step.writes() && state.invoice_marks(invoice_id)?.deleted_in_harvest {
            return not_mirrored(step, invoice_id, report);
        }
    }
    match step {
        Step::CreatePayment { .. } | Step::ReplacePayment { .. } => {
            add_payment(step, state, harvest, report)
        }
        Step::DeletePayment {
            rma_payment_id,
            invoice_number,
            ..
        } => remove_payment(
            step,
            *rma_payment_id,
            invoice_number,
            state,
            harvest,
            report,
        ),
        Step::StopPayments { .. } => {
            super::record_stop(step, report);
            Ok(false)
        }
        Step::PaymentNotMirrored {
            harvest_invoice_id, ..
        } => not_mirrored(step, *harvest_invoice_id, report),
        Step::RekeyPayment { .. } | Step::AdoptPayment { .. } | Step::PaymentHeld { .. } => {
            record_only(step, state, report)
        }
        // Acknowledged and ignored rows are done; a review, hand payments and an
        // unreadable row leave their rows pending.
        _ => {
            say_feed_row(step, report);
            Ok(matches!(
                step,
                Step::AcknowledgePayment { .. } | Step::IgnorePayment { .. }
            ))
        }
    }
}

/// A payment added, or changed (Harvest has no update: the old one is removed and a new
/// one added). True when Harvest has it now and it is recorded.
fn add_payment(
    step: &Step,
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
) -> ServiceResult<bool> {
    let (Step::CreatePayment {
        rma_payment_id,
        harvest_invoice_id,
        invoice_number,
        invnumber,
        amount,
        paid_date,
        notes,
        memo,
        ..
    }
    | Step::ReplacePayment {
        rma_payment_id,
        harvest_invoice_id,
        invoice_number,
        invnumber,
        amount,
        paid_date,
        notes,
        memo,
        ..
    }) = step
    else {
        return Ok(false);
    };
    let new = PaymentLink {
        rma_payment_id: *rma_payment_id,
        harvest_invoice_id: *harvest_invoice_id,
        rma_invnumber: invnumber.clone(),
        harvest_payment_id: None,
        amount: *amount,
        paid_date: *paid_date,
        memo: memo.clone(),
        status: PaymentStatus::PendingCreate,
    };
    let mut link = match step {
        Step::ReplacePayment {
            old_harvest_payment_id,
            old_amount,
            ..
        } => {
            let mut old = state.payment(*rma_payment_id)?.unwrap_or(PaymentLink {
                harvest_payment_id: Some(*old_harvest_payment_id),
                amount: *old_amount,
                status: PaymentStatus::Mirrored,
                ..new.clone()
            });
            if !delete_payment(state, harvest, report, &mut old, invoice_number, step)? {
                return Ok(false);
            }
            PaymentLink {
                amount: *amount,
                paid_date: *paid_date,
                memo: memo.clone(),
                ..old
            }
        }
        _ => new,
    };
    let done = create_payment(
        state,
        harvest,
        report,
        &mut link,
        notes,
        invoice_number,
        step,
    )?;
    if done && matches!(step, Step::ReplacePayment { .. }) {
        report.counts.payments_deleted += 1;
    }
    Ok(done)
}

/// A payment deleted in RMA, removed from Harvest; true when it is gone and recorded.
fn remove_payment(
    step: &Step,
    rma_payment_id: i64,
    invoice_number: &str,
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
) -> ServiceResult<bool> {
    let Some(mut link) = state.payment(rma_payment_id)? else {
        return Ok(true);
    };
    if !delete_payment(state, harvest, report, &mut link, invoice_number, step)? {
        return Ok(false);
    }
    state.release_write(rma_payment_id)?;
    report.counts.payments_deleted += 1;
    report.add(
        Event::info(
            EventKind::PaymentDeleted,
            msg!(
                "sync-payment-removed",
                amount = Arg::money("", link.amount),
                payment = rma_payment_id,
                invoice = invoice_number
            ),
        )
        .invoice(link.harvest_invoice_id, invoice_number)
        .payment(rma_payment_id),
    );
    Ok(true)
}

/// Recorded in the state only (or, held, not even that): no Harvest write. True when the
/// feed rows may be acknowledged (a re-key).
fn record_only(step: &Step, state: &State, report: &mut Report) -> ServiceResult<bool> {
    let (event, acknowledge) = match step {
        Step::RekeyPayment {
            old_rma_payment_id,
            rma_payment_id,
            ..
        } => {
            state.rekey_payment(*old_rma_payment_id, *rma_payment_id)?;
            state.release_write(*old_rma_payment_id)?;
            (
                Event::info(EventKind::PaymentRekeyed, step.describe()),
                true,
            )
        }
        Step::AdoptPayment {
            rma_payment_id,
            harvest_invoice_id,
            invnumber,
            harvest_payment_id,
            amount,
            paid_date,
            memo,
            ..
        } => {
            state.put_payment(&PaymentLink {
                rma_payment_id: *rma_payment_id,
                harvest_invoice_id: *harvest_invoice_id,
                rma_invnumber: invnumber.clone(),
                harvest_payment_id: Some(*harvest_payment_id),
                amount: *amount,
                paid_date: *paid_date,
                memo: memo.clone(),
                status: PaymentStatus::Mirrored,
            })?;
            (
                Event::info(EventKind::PaymentAdopted, step.describe()),
                false,
            )
        }
        // Work left undone: said every run (exit 1), but never sent again unchanged.
        _ => (Event::error(EventKind::PaymentHeld, step.describe()), false),
    };
    let (Step::RekeyPayment {
        rma_payment_id,
        harvest_invoice_id,
        invoice_number,
        ..
    }
    | Step::AdoptPayment {
        rma_payment_id,
        harvest_invoice_id,
        invoice_number,
        ..
    }
    | Step::PaymentHeld {
        rma_payment_id,
        harvest_invoice_id,
        invoice_number,
        ..
    }) = step
    else {
        return Ok(false);
    };
    report.add(
        event
            .invoice(*harvest_invoice_id, invoice_number)
            .payment(*rma_payment_id),
    );
    Ok(acknowledge)
}

/// A feed row that needs no Harvest write, said in the run log: acknowledged or ignored
/// rows (acknowledged by the caller), a review, payments entered by hand, an unreadable row.
fn say_feed_row(step: &Step, report: &mut Report) {
    let event = match step {
        Step::AcknowledgePayment {
            rma_payment_id,
            invnumber,
            ..
        } => Event::info(EventKind::PaymentAcknowledged, step.describe())
            .number(invnumber)
            .payment(*rma_payment_id),
        Step::IgnorePayment {
            rma_payment_id,
            invnumber,
            ..
        } => Event::info(EventKind::Ignored, step.describe())
            .number(invnumber)
            .payment(*rma_payment_id),
        Step::PaymentsNeedReview {
            harvest_invoice_id,
            invoice_number,
            ..
        } => Event::error(EventKind::NeedsReview, step.describe())
            .invoice(*harvest_invoice_id, invoice_number),
        Step::ForeignPayments {
            harvest_invoice_id,
            invoice_number,
            ..
        } => Event::info(EventKind::ForeignPayment, step.describe())
            .invoice(*harvest_invoice_id, invoice_number),
        Step::UnreadablePayment {
            rma_payment_id,
            invnumber,
            ..
        } => {
            let mut event = Event::error(EventKind::UnreadablePayment, step.describe());
            event.rma_payment_id = *rma_payment_id;
            if !invnumber.is_empty() {
                event = event.number(invnumber);
            }
            event
        }
        _ => return,
    };
    report.add(event);
}

/// A feed row of an invoice deleted in Harvest: logged, acknowledged, no Harvest write.
fn not_mirrored(step: &Step, invoice_id: i64, report: &mut Report) -> ServiceResult<bool> {
    let Some(rma_payment_id) = step.rma_payment_id() else {
        return Ok(false);
    };
    let mut event = Event::info(
        EventKind::PaymentNotMirrored,
        msg!("sync-payment-not-mirrored", payment = rma_payment_id),
    )
    .payment(rma_payment_id);
    event.harvest_invoice_id = Some(invoice_id);
    report.add(event);
    Ok(true)
}

/// Harvest answered 404 for the invoice: it was deleted there after booking. Recorded once;
/// no Harvest write is attempted for it again.
fn deleted_in_harvest(
    state: &State,
    report: &mut Report,
    link: &PaymentLink,
    invoice_number: &str,
) -> ServiceResult<()> {
    state.mark_deleted_in_harvest(link.harvest_invoice_id)?;
    report.add(
        Event::error(
            EventKind::DeletedInHarvest,
            msg!(
                "sync-invoice-deleted-in-harvest",
                invoice = invoice_number,
                invnumber = &link.rma_invnumber
            ),
        )
        .invoice(link.harvest_invoice_id, invoice_number),
    );
    Ok(())
}

/// A payment step that needs a person; the event names the invoice and both payments.
fn payment_problem(
    report: &mut Report,
    link: &PaymentLink,
    invoice_number: &str,
    message: Message,
) {
    report.add(
        Event::error(EventKind::Error, message)
            .invoice(link.harvest_invoice_id, invoice_number)
            .payment(link.rma_payment_id),
    );
}

/// Harvest refused a payment write: held with the step's inputs, so the next runs do not
/// send it again until the feed row or the invoice changes (issue 10 item 6).
fn hold(
    state: &State,
    report: &mut Report,
    link: &PaymentLink,
    invoice_number: &str,
    step: &Step,
    refusal: &str,
    message: Message,
) -> ServiceResult<()> {
    if let Some(fingerprint) = step.fingerprint() {
        state.hold_write(
            link.rma_payment_id,
            link.harvest_invoice_id,
            fingerprint,
            refusal,
        )?;
    }
    report.add(
        Event::error(EventKind::PaymentHeld, message)
            .invoice(link.harvest_invoice_id, invoice_number)
            .payment(link.rma_payment_id),
    );
    Ok(())
}

/// Returns true when the payment now exists in Harvest and is recorded.
fn create_payment(
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
    link: &mut PaymentLink,
    notes: &str,
    invoice_number: &str,
    step: &Step,
) -> ServiceResult<bool> {
    let before = state.payment(link.rma_payment_id)?;
    link.status = PaymentStatus::PendingCreate;
    link.harvest_payment_id = None;
    state.put_payment(link)?;
    let payment = NewPayment {
        amount: link.amount,
        paid_date: link.paid_date,
        notes: notes.to_string(),
    };
    match harvest.create_payment(link.harvest_invoice_id, &payment) {
        Ok(created) => {
            link.harvest_payment_id = Some(created.id);
            link.status = PaymentStatus::Mirrored;
            let message = created_message(link, invoice_number, step);
            record_created(state, report, link, invoice_number, message)?;
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            // Nothing was created: forget the intent; the feed row stays unacknowledged and
            // the payment is sent again when it or the invoice changes.
            link.status = PaymentStatus::Deleted;
            state.put_payment(link)?;
            let message = msg!(
                "sync-payment-refused",
                amount = Arg::money("", link.amount),
                payment = link.rma_payment_id,
                invoice = invoice_number,
                error = &text
            );
            hold(state, report, link, invoice_number, step, &text, message)?;
            Ok(false)
        }
        Err(ServiceError::NotFound(_)) => {
            link.status = PaymentStatus::Deleted;
            state.put_payment(link)?;
            deleted_in_harvest(state, report, link, invoice_number)?;
            // Handled: the row is logged as not mirrored and acknowledged.
            Ok(true)
        }
        Err(e) if not_sent(&e) => {
            // No intent is kept: the next run sends it without a look-up.
            match before {
                Some(row) => state.put_payment(&row)?,
                None => state.delete_payment(link.rma_payment_id)?,
            }
            Err(e)
        }
        Err(ServiceError::Lost(text)) => {
            payment_problem(
                report,
                link,
                invoice_number,
                msg!(
                    "sync-payment-no-answer",
                    payment = link.rma_payment_id,
                    invoice = invoice_number,
                    error = text
                ),
            );
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}

/// What the log says about a payment now in Harvest: added, or changed from the old amount.
fn created_message(link: &PaymentLink, invoice_number: &str, step: &Step) -> Message {
    let currency = match step {
        Step::CreatePayment { currency, .. } | Step::ReplacePayment { currency, .. } => {
            currency.as_str()
        }
        _ => "",
    };
    match step {
        Step::ReplacePayment { old_amount, .. } => msg!(
            "sync-payment-changed",
            payment = link.rma_payment_id,
            invoice = invoice_number,
            old = Arg::money(currency, *old_amount),
            amount = Arg::money(currency, link.amount),
            date = link.paid_date
        ),
        _ => msg!(
            "sync-payment-added",
            amount = Arg::money(currency, link.amount),
            date = link.paid_date,
            payment = link.rma_payment_id,
            invoice = invoice_number
        ),
    }
}

/// A payment Harvest created. The outcome and its log line in one transaction (issue 16).
fn record_created(
    state: &State,
    report: &mut Report,
    link: &PaymentLink,
    invoice_number: &str,
    message: Message,
) -> ServiceResult<()> {
    state.in_transaction(|state| {
        state.put_payment(link)?;
        state.release_write(link.rma_payment_id)?;
        report.counts.payments_created += 1;
        report.add(
            Event::info(EventKind::PaymentCreated, message)
                .invoice(link.harvest_invoice_id, invoice_number)
                .payment(link.rma_payment_id),
        );
        Ok(())
    })?;
    Ok(())
}

/// Deletes our Harvest payment; true when it is gone and recorded.
fn delete_payment(
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
    link: &mut PaymentLink,
    invoice_number: &str,
    step: &Step,
) -> ServiceResult<bool> {
    let Some(harvest_payment_id) = link.harvest_payment_id else {
        link.status = PaymentStatus::Deleted;
        state.put_payment(link)?;
        return Ok(true);
    };
    link.status = PaymentStatus::PendingDelete;
    state.put_payment(link)?;
    match harvest.delete_payment(link.harvest_invoice_id, harvest_payment_id) {
        Ok(_) => {
            link.status = PaymentStatus::Deleted;
            state.put_payment(link)?;
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            link.status = PaymentStatus::Mirrored;
            state.put_payment(link)?;
            let message = msg!(
                "sync-payment-remove-refused",
                payment = link.rma_payment_id,
                invoice = invoice_number,
                error = &text
            );
            hold(state, report, link, invoice_number, step, &text, message)?;
            Ok(false)
        }
        Err(e) if not_sent(&e) => {
            link.status = PaymentStatus::Mirrored;
            state.put_payment(link)?;
            Err(e)
        }
        Err(ServiceError::NotFound(_)) => {
            // The invoice, and with it the payment, is gone in Harvest.
            link.status = PaymentStatus::Deleted;
            state.put_payment(link)?;
            Ok(true)
        }
        Err(ServiceError::Lost(text)) => {
            payment_problem(
                report,
                link,
                invoice_number,
                msg!(
                    "sync-payment-remove-no-answer",
                    payment = link.rma_payment_id,
                    invoice = invoice_number,
                    error = text
                ),
            );
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}

/// The write never reached Harvest: unreachable, given up on, or a stop signal came first.
fn not_sent(e: &ServiceError) -> bool {
    e.is_unreachable() || e.category() == crate::failure::Category::Stopped
}
