//! Executes a plan step by step. Before each remote write the intent is recorded in the
//! state file; after it, the outcome. A crash anywhere leaves a `pending` row that the next
//! run resolves by looking it up, so nothing is booked or paid twice.

mod outage;
mod payments;
mod steps;
mod verify;

use std::collections::HashSet;

use super::plan::{collision, InvoiceRef, Plan, Step};
use super::report::{Event, EventKind, Level, Report};
use super::{HarvestApi, RmaApi, ServiceError, ServiceResult};
use crate::msg;
use crate::progress::Progress;
use crate::state::{InvoiceLink, InvoiceStatus, State};
use crate::words::{Arg, Message};

/// Runs the plan. `Err` means the run had to stop (a service is gone, authentication
/// failed); everything done until then is recorded.
pub fn apply(
    plan: &Plan,
    state: &State,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    report: &mut Report,
) -> ServiceResult<()> {
    apply_with_progress(plan, state, harvest, rma, report, &Progress::hidden())
}

/// [`apply`], showing "booking n of N" and "mirroring n of N" on `progress`.
pub fn apply_with_progress(
    plan: &Plan,
    state: &State,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    report: &mut Report,
    progress: &Progress,
) -> ServiceResult<()> {
    progress.start_plan(plan);
    let mut run = steps::Run::new(state, harvest, rma);
    for step in &plan.steps {
        progress.step(step);
        // A stop signal: no new write starts; everything done so far is recorded.
        if step.writes() {
            if let Some(reason) = crate::stop::reason() {
                return Err(ServiceError::stopped(reason));
            }
        }
        run.step(step, report)?;
    }

    finish(
        rma,
        harvest,
        (run.rma_out, run.harvest_out),
        &run.booked,
        &run.acknowledge,
        report,
    );
    Ok(())
}

/// After the steps: what an outage left undone is said, the booked totals are compared and
/// the done feed rows acknowledged (last: only rows whose Harvest side is recorded).
fn finish(
    rma: &dyn RmaApi,
    harvest: &dyn HarvestApi,
    (rma_out, harvest_out): (outage::Outage, outage::Outage),
    booked: &[&InvoiceRef],
    acknowledge: &[i64],
    report: &mut Report,
) {
    let rma_down = rma_out.is_down() || rma.gave_up();
    rma_out.report(EventKind::BookingStopped, report, rma.gave_up());
    harvest_out.report(EventKind::PaymentsStopped, report, harvest.gave_up());
    if rma_down {
        // Nothing more is asked of RMA: the totals are compared, and the rows acknowledged,
        // by the next run.
        if !acknowledge.is_empty() {
            report.add(Event::warning(
                EventKind::Warning,
                msg!("outage-not-acknowledged", count = acknowledge.len()),
            ));
        }
        return;
    }
    verify::verify_totals(rma, booked, report);

    // Acknowledged last: only rows whose Harvest side is done and recorded.
    if let Err(e) = rma.acknowledge_payments(acknowledge) {
        report.add(Event::warning(
            EventKind::Warning,
            msg!(
                "sync-acknowledge-failed",
                count = acknowledge.len(),
                error = e.to_string()
            ),
        ));
    }
}

/// An invoice step that writes nothing to RMA: a link, a refusal, a change after booking,
/// an unreadable entry, the booking stop. Recorded in the state and the run log.
fn record_invoice_step(step: &Step, state: &State, report: &mut Report) -> ServiceResult<()> {
    match step {
        Step::LinkInvoice { invoice } => {
            record_linked(state, report, invoice, linked(invoice))?;
        }
        Step::RefuseInvoice { invoice, .. } | Step::NumberCollision { invoice, .. } => {
            let kind = match step {
                Step::NumberCollision { .. } => EventKind::NumberCollision,
                _ => EventKind::Refused,
            };
            record_refused(state, report, invoice, kind, step.describe())?;
        }
        Step::ChangedAfterBooking {
            invoice,
            already_reported,
            ..
        } => {
            // Said once as news; while it stays open, said again without exit 1.
            let level = if *already_reported {
                Level::Info
            } else {
                Level::Error
            };
            report.add(
                Event::new(level, EventKind::ChangedAfterBooking, step.describe())
                    .invoice(invoice.harvest_id, &invoice.harvest_number),
            );
        }
        // Nothing happens, and a nightly line per booked invoice would bury the log.
        Step::SkipInvoice { .. } => {}
        // Not recorded in the state: nothing about it could be trusted.
        Step::UnreadableInvoice {
            harvest_id,
            harvest_number,
            ..
        } => {
            report.counts.refused += 1;
            let mut event = Event::error(EventKind::Refused, step.describe());
            event.harvest_invoice_id = *harvest_id;
            event.invoice_number = harvest_number.clone();
            report.add(event);
        }
        Step::StopBooking { .. } => record_stop(step, report),
        _ => {}
    }
    Ok(())
}

/// A phase that does nothing in this run, said once with why.
pub(super) fn record_stop(step: &Step, report: &mut Report) {
    let kind = match step {
        Step::StopBooking { .. } => EventKind::BookingStopped,
        _ => EventKind::PaymentsStopped,
    };
    report.phase_stopped(kind, step.describe(), step.stop_failure());
}

/// A book step's parts.
struct Booking<'a> {
    invoice: &'a InvoiceRef,
    rma_invoice: &'a crate::rma::types::NewInvoice,
    customernumber: &'a str,
}

/// Books one invoice; true when RMA has it now as booked by this run.
fn book_invoice(
    state: &State,
    rma: &dyn RmaApi,
    report: &mut Report,
    booking: &Booking<'_>,
    failed_customers: &HashSet<i64>,
) -> ServiceResult<bool> {
    let invoice = booking.invoice;
    let InvoiceRef {
        harvest_id,
        harvest_number,
        client_name,
        ..
    } = invoice;
    let event = |e: Event| e.invoice(*harvest_id, harvest_number);
    if failed_customers.contains(&invoice.client_id) {
        report.counts.refused += 1;
        report.add(event(Event::error(
            EventKind::Refused,
            msg!(
                "sync-invoice-customer-failed",
                invoice = harvest_number,
                client = client_name
            ),
        )));
        return Ok(false);
    }
    let before = state.invoice(*harvest_id)?;
    state.put_invoice(&invoice_link(invoice, InvoiceStatus::Pending, None))?;
    let outcome = rma.create_invoice(booking.rma_invoice);
    if let Err(e) = &outcome {
        if e.is_unreachable() || e.category() == crate::failure::Category::Stopped {
            // Not sent: no intent is kept, so the next run books it without a look-up.
            match before {
                Some(link) => state.put_invoice(&link)?,
                None => state.delete_invoice(*harvest_id)?,
            }
        }
    }
    match outcome {
        Ok(()) => {
            record_booked(state, report, invoice)?;
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            refused_by_rma(state, rma, report, booking, text)?;
            Ok(false)
        }
        Err(ServiceError::Lost(text)) => {
            report.add(event(Event::error(
                EventKind::Error,
                msg!(
                    "sync-invoice-no-answer",
                    invoice = harvest_number,
                    client = client_name,
                    error = text
                ),
            )));
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}

/// A booking RMA accepted. The outcome and its log line in one transaction: the log names
/// every booking.
fn record_booked(state: &State, report: &mut Report, invoice: &InvoiceRef) -> ServiceResult<()> {
    let InvoiceRef {
        harvest_id,
        harvest_number,
        invnumber,
        client_name,
        currency,
        amount,
        ..
    } = invoice;
    state.in_transaction(|state| {
        state.put_invoice(&invoice_link(invoice, InvoiceStatus::Booked, None))?;
        state.set_booked_hash(*harvest_id, &invoice.content_hash)?;
        report.counts.booked += 1;
        report.add(
            Event::info(
                EventKind::Booked,
                msg!(
                    "sync-invoice-booked",
                    invoice = harvest_number,
                    client = client_name,
                    amount = Arg::money(currency, *amount),
                    invnumber = invnumber
                ),
            )
            .invoice(*harvest_id, harvest_number),
        );
        Ok(())
    })?;
    Ok(())
}

/// A booking RMA refused. RMA refuses a number it already has; one that our existence check
/// missed (another date) is linked when it is the same invoice, else a collision.
fn refused_by_rma(
    state: &State,
    rma: &dyn RmaApi,
    report: &mut Report,
    booking: &Booking<'_>,
    text: String,
) -> ServiceResult<()> {
    let invoice = booking.invoice;
    let existing = rma.invoice(&invoice.invnumber)?;
    let collision = existing
        .as_ref()
        .and_then(|e| collision(e, invoice, booking.customernumber));
    if let Some(rma_side) = collision {
        let message = Step::NumberCollision {
            invoice: invoice.clone(),
            rma_side,
        }
        .describe();
        record_refused(state, report, invoice, EventKind::NumberCollision, message)
    } else if existing.is_some() {
        record_linked(state, report, invoice, linked(invoice))
    } else {
        let message = msg!(
            "sync-invoice-refused-by-rma",
            invoice = &invoice.harvest_number,
            client = &invoice.client_name,
            error = text
        );
        record_refused(state, report, invoice, EventKind::Refused, message)
    }
}

/// An invoice that is not booked: its state row keeps why, and the run says it as an error.
fn record_refused(
    state: &State,
    report: &mut Report,
    invoice: &InvoiceRef,
    kind: EventKind,
    message: Message,
) -> ServiceResult<()> {
    state.put_invoice(&invoice_link(
        invoice,
        InvoiceStatus::Refused,
        Some(message.clone()),
    ))?;
    report.counts.refused += 1;
    report.add(Event::error(kind, message).invoice(invoice.harvest_id, &invoice.harvest_number));
    Ok(())
}

/// An invoice RMA already has as this one: linked with the hash of what it is, not booked.
fn record_linked(
    state: &State,
    report: &mut Report,
    invoice: &InvoiceRef,
    message: Message,
) -> ServiceResult<()> {
    state.put_invoice(&invoice_link(invoice, InvoiceStatus::Linked, None))?;
    state.set_booked_hash(invoice.harvest_id, &invoice.content_hash)?;
    report.counts.linked += 1;
    report.add(
        Event::info(EventKind::Linked, message)
            .invoice(invoice.harvest_id, &invoice.harvest_number),
    );
    Ok(())
}

/// An invoice RMA already had as this one.
fn linked(invoice: &InvoiceRef) -> Message {
    msg!(
        "sync-invoice-linked",
        invoice = &invoice.harvest_number,
        client = &invoice.client_name,
        invnumber = &invoice.invnumber
    )
}

/// The state row of an invoice step (book, link or refuse).
fn invoice_link(
    invoice: &InvoiceRef,
    status: InvoiceStatus,
    message: Option<Message>,
) -> InvoiceLink {
    InvoiceLink {
        harvest_id: invoice.harvest_id,
        harvest_number: invoice.harvest_number.clone(),
        rma_invnumber: invoice.invnumber.clone(),
        client_id: invoice.client_id,
        status,
        amount: invoice.amount,
        currency: invoice.currency.clone(),
        issue_date: Some(invoice.issue_date),
        message,
    }
}

/// Creates the customer, or updates what RMA has (see [`Customer::to_update_json`]). Only a
/// 404 on the look-up means "new"; any other odd answer refuses this customer.
///
/// [`Customer::to_update_json`]: crate::rma::types::Customer::to_update_json
fn upsert_customer(
    rma: &dyn RmaApi,
    number: &str,
    customer: &crate::rma::types::Customer,
) -> ServiceResult<()> {
    let body = match rma.customer(number)? {
        Some(current) => customer.to_update_json(&current),
        None => customer.to_new_json(),
    };
    rma.upsert_customer(&body)
}

#[cfg(test)]
mod tests;
