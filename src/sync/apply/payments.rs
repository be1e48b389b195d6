//! Payment steps: create, replace and delete our Harvest payments, intent first.

use super::super::mapping::money;
use super::super::plan::Step;
use super::super::report::{Event, EventKind, Report};
use super::super::{HarvestApi, ServiceError, ServiceResult};
use crate::harvest::types::NewPayment;
use crate::state::{PaymentLink, PaymentStatus, State};

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
        Step::CreatePayment {
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
        } => {
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
            let replaces = match step {
                Step::ReplacePayment {
                    old_harvest_payment_id,
                    old_amount,
                    ..
                } => Some(state.payment(*rma_payment_id)?.unwrap_or(PaymentLink {
                    harvest_payment_id: Some(*old_harvest_payment_id),
                    amount: *old_amount,
                    status: PaymentStatus::Mirrored,
                    ..new.clone()
                })),
                _ => None,
            };
            let mut link = match replaces {
                // Harvest has no update: the changed payment is a new one.
                Some(mut old) => {
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
                None => new,
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
        Step::DeletePayment {
            rma_payment_id,
            invoice_number,
            ..
        } => {
            let Some(mut link) = state.payment(*rma_payment_id)? else {
                return Ok(true);
            };
            if !delete_payment(state, harvest, report, &mut link, invoice_number, step)? {
                return Ok(false);
            }
            state.release_write(*rma_payment_id)?;
            report.counts.payments_deleted += 1;
            report.add(
                Event::info(EventKind::PaymentDeleted, format!(
                    "Payment of {} (RMA payment {rma_payment_id}) removed from Harvest invoice {invoice_number}: it was deleted in Run my Accounts",
                    money("", link.amount)
                ))
                .invoice(link.harvest_invoice_id, invoice_number)
                .payment(*rma_payment_id),
            );
            Ok(true)
        }
        Step::AcknowledgePayment {
            rma_payment_id,
            invnumber,
            ..
        }
        | Step::IgnorePayment {
            rma_payment_id,
            invnumber,
            ..
        } => {
            let kind = match step {
                Step::IgnorePayment { .. } => EventKind::Ignored,
                _ => EventKind::PaymentAcknowledged,
            };
            report.add(
                Event::info(kind, step.describe())
                    .number(invnumber)
                    .payment(*rma_payment_id),
            );
            Ok(true)
        }
        Step::PaymentsNeedReview {
            harvest_invoice_id,
            invoice_number,
            ..
        }
        | Step::ForeignPayments {
            harvest_invoice_id,
            invoice_number,
            ..
        } => {
            let event = match step {
                Step::PaymentsNeedReview { .. } => {
                    Event::error(EventKind::NeedsReview, step.describe())
                }
                _ => Event::info(EventKind::ForeignPayment, step.describe()),
            };
            report.add(event.invoice(*harvest_invoice_id, invoice_number));
            Ok(false)
        }
        Step::StopPayments { .. } => {
            super::record_stop(step, report);
            Ok(false)
        }
        Step::PaymentNotMirrored {
            harvest_invoice_id, ..
        } => not_mirrored(step, *harvest_invoice_id, report),
        // Recorded in the state only (or, held, not even that): no Harvest write.
        Step::RekeyPayment {
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
        } => {
            let (event, acknowledge) = match step {
                Step::RekeyPayment {
                    old_rma_payment_id, ..
                } => {
                    state.rekey_payment(*old_rma_payment_id, *rma_payment_id)?;
                    state.release_write(*old_rma_payment_id)?;
                    (
                        Event::info(EventKind::PaymentRekeyed, step.describe()),
                        true,
                    )
                }
                Step::AdoptPayment {
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
            report.add(
                event
                    .invoice(*harvest_invoice_id, invoice_number)
                    .payment(*rma_payment_id),
            );
            Ok(acknowledge)
        }
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
            report.add(event);
            Ok(false)
        }
        _ => Ok(false),
    }
}

/// A feed row of an invoice deleted in Harvest: logged, acknowledged, no Harvest write.
fn not_mirrored(step: &Step, invoice_id: i64, report: &mut Report) -> ServiceResult<bool> {
    let Some(rma_payment_id) = step.rma_payment_id() else {
        return Ok(false);
    };
    let mut event = Event::info(
        EventKind::PaymentNotMirrored,
        format!("RMA payment {rma_payment_id} not mirrored: the Harvest invoice was deleted in Harvest after booking"),
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
            format!(
                "Invoice {invoice_number} was deleted in Harvest after it was booked in Run my Accounts as {}; its payments are no longer mirrored. Cancel it in Run my Accounts if it should not exist, then run `rma-harvest dismiss {invoice_number}`",
                link.rma_invnumber
            ),
        )
        .invoice(link.harvest_invoice_id, invoice_number),
    );
    Ok(())
}

/// A payment step that needs a person; the event names the invoice and both payments.
fn payment_problem(report: &mut Report, link: &PaymentLink, invoice_number: &str, message: String) {
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
    message: String,
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
            state.put_payment(link)?;
            state.release_write(link.rma_payment_id)?;
            report.counts.payments_created += 1;
            let message = match step {
                Step::ReplacePayment { .. } => format!(
                    "Changed in Harvest: {}",
                    step.describe().replacen("Change payment", "payment", 1)
                ),
                _ => step
                    .describe()
                    .replacen("Add payment", "Payment", 1)
                    .replace(" to Harvest invoice", " added to Harvest invoice"),
            };
            report.add(
                Event::info(EventKind::PaymentCreated, message)
                    .invoice(link.harvest_invoice_id, invoice_number)
                    .payment(link.rma_payment_id),
            );
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            // Nothing was created: forget the intent; the feed row stays unacknowledged and
            // the payment is sent again when it or the invoice changes.
            link.status = PaymentStatus::Deleted;
            state.put_payment(link)?;
            let message = format!(
                "Harvest refused the payment of {} (RMA payment {}) on invoice {invoice_number}: {text}; it is not sent again until the payment or the invoice changes",
                money("", link.amount),
                link.rma_payment_id
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
        Err(ServiceError::Lost(text)) => {
            payment_problem(report, link, invoice_number, format!(
                    "RMA payment {} on invoice {invoice_number}: no answer from Harvest ({text}); the next run checks and never adds it twice",
                    link.rma_payment_id
                ));
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
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
            let message = format!("Harvest refused to remove the payment (RMA payment {}) from invoice {invoice_number}: {text}; it is not tried again until the payment or the invoice changes", link.rma_payment_id);
            hold(state, report, link, invoice_number, step, &text, message)?;
            Ok(false)
        }
        Err(ServiceError::NotFound(_)) => {
            // The invoice, and with it the payment, is gone in Harvest.
            link.status = PaymentStatus::Deleted;
            state.put_payment(link)?;
            Ok(true)
        }
        Err(ServiceError::Lost(text)) => {
            payment_problem(report, link, invoice_number, format!("RMA payment {} on invoice {invoice_number}: no answer from Harvest while removing it ({text}); the next run checks", link.rma_payment_id));
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}
