//! Executes a plan step by step. Before each remote write the intent is recorded in the
//! state file; after it, the outcome. A crash anywhere leaves a `pending` row that the next
//! run resolves by looking it up, so nothing is booked or paid twice.

mod payments;
mod verify;

use std::collections::HashSet;

use super::mapping::money;
use super::plan::{collision, InvoiceRef, Plan, Step};
use super::report::{Event, EventKind, Level, Report};
use super::{HarvestApi, RmaApi, ServiceError, ServiceResult};
use crate::progress::Progress;
use crate::state::{CustomerLink, InvoiceLink, InvoiceStatus, State};

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
    let mut failed_customers: HashSet<i64> = HashSet::new();
    let mut booked: Vec<&InvoiceRef> = Vec::new();
    let mut acknowledge: Vec<i64> = Vec::new();

    for step in &plan.steps {
        progress.step(step);
        match step {
            Step::UpsertCustomer {
                client_id,
                client_name,
                customernumber,
                customer,
                content_hash,
                is_new,
                notes,
            } => {
                for note in notes {
                    report.add(Event::warning(
                        EventKind::CustomerCut,
                        format!("Customer {customernumber} ({client_name}): {note}"),
                    ));
                }
                match upsert_customer(rma, customernumber, customer) {
                    Ok(()) => {
                        state.put_customer(&CustomerLink {
                            client_id: *client_id,
                            customernumber: customernumber.clone(),
                            content_hash: content_hash.clone(),
                        })?;
                        report.counts.customers += 1;
                        report.add(Event::info(
                            EventKind::Customer,
                            format!(
                                "Customer {customernumber} ({client_name}) {} in Run my Accounts",
                                if *is_new { "created" } else { "updated" }
                            ),
                        ));
                    }
                    Err(fatal @ ServiceError::Failed { .. }) => return Err(fatal),
                    Err(e) => {
                        failed_customers.insert(*client_id);
                        report.add(Event::error(
                            EventKind::Error,
                            format!("Customer {customernumber} ({client_name}) could not be saved in Run my Accounts: {e}"),
                        ));
                    }
                }
            }
            Step::BookInvoice {
                invoice,
                rma_invoice,
                customernumber,
            } => {
                let booking = Booking {
                    invoice,
                    rma_invoice,
                    customernumber,
                };
                if book_invoice(state, rma, report, &booking, &failed_customers)? {
                    booked.push(invoice);
                }
            }
            Step::LinkInvoice { invoice } => {
                let message = step.describe().replace(
                    ": link it, do not book it again",
                    "; linked, not booked again",
                );
                record_linked(state, report, invoice, message)?;
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
            Step::CreatePayment { .. }
            | Step::ReplacePayment { .. }
            | Step::DeletePayment { .. }
            | Step::AcknowledgePayment { .. }
            | Step::IgnorePayment { .. }
            | Step::PaymentsNeedReview { .. }
            | Step::StopPayments { .. }
            | Step::ForeignPayments { .. }
            | Step::PaymentNotMirrored { .. }
            | Step::UnreadablePayment { .. }
            | Step::RekeyPayment { .. }
            | Step::AdoptPayment { .. }
            | Step::PaymentHeld { .. } => {
                if payments::apply_payment_step(step, state, harvest, report)? {
                    acknowledge.extend(step.acknowledges());
                }
            }
        }
    }

    verify::verify_totals(rma, &booked, report);

    // Acknowledged last: only rows whose Harvest side is done and recorded.
    if let Err(e) = rma.acknowledge_payments(&acknowledge) {
        report.add(Event::warning(
            EventKind::Warning,
            format!("Run my Accounts did not take the acknowledgement of {} ({e}); they come again next run and are recognised", crate::human::count(acknowledge.len(), "payment", "payments")),
        ));
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
        invnumber,
        client_name,
        currency,
        amount,
        ..
    } = invoice;
    let event = |e: Event| e.invoice(*harvest_id, harvest_number);
    if failed_customers.contains(&invoice.client_id) {
        report.counts.refused += 1;
        report.add(event(Event::error(
            EventKind::Refused,
            format!("Invoice {harvest_number} ({client_name}) was not booked: its customer could not be saved; it is tried again next run"),
        )));
        return Ok(false);
    }
    state.put_invoice(&invoice_link(
        invoice,
        InvoiceStatus::Pending,
        String::new(),
    ))?;
    match rma.create_invoice(booking.rma_invoice) {
        Ok(()) => {
            state.put_invoice(&invoice_link(invoice, InvoiceStatus::Booked, String::new()))?;
            state.set_booked_hash(*harvest_id, &invoice.content_hash)?;
            report.counts.booked += 1;
            report.add(event(Event::info(
                EventKind::Booked,
                format!(
                    "Invoice {harvest_number} ({client_name}, {}) booked in Run my Accounts as {invnumber}",
                    money(currency, *amount)
                ),
            )));
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            // RMA refuses a number it already has; one that our existence check missed
            // (another date) is linked when it is the same invoice, else a collision.
            let existing = rma.invoice(invnumber)?;
            let collision = existing
                .as_ref()
                .and_then(|e| collision(e, invoice, booking.customernumber));
            if let Some(rma_side) = collision {
                let message = Step::NumberCollision {
                    invoice: invoice.clone(),
                    rma_side,
                }
                .describe();
                record_refused(state, report, invoice, EventKind::NumberCollision, message)?;
            } else if existing.is_some() {
                let message = format!("Invoice {harvest_number} ({client_name}) already exists in Run my Accounts as {invnumber}; linked, not booked again");
                record_linked(state, report, invoice, message)?;
            } else {
                let message = format!(
                    "Invoice {harvest_number} ({client_name}) was refused by Run my Accounts: {text}"
                );
                record_refused(state, report, invoice, EventKind::Refused, message)?;
            }
            Ok(false)
        }
        Err(ServiceError::Lost(text)) => {
            report.add(event(Event::error(
                EventKind::Error,
                format!("Invoice {harvest_number} ({client_name}): no answer from Run my Accounts ({text}); the next run checks whether it was booked and never books it twice"),
            )));
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}

/// An invoice that is not booked: its state row keeps why, and the run says it as an error.
fn record_refused(
    state: &State,
    report: &mut Report,
    invoice: &InvoiceRef,
    kind: EventKind,
    message: String,
) -> ServiceResult<()> {
    state.put_invoice(&invoice_link(
        invoice,
        InvoiceStatus::Refused,
        message.clone(),
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
    message: String,
) -> ServiceResult<()> {
    state.put_invoice(&invoice_link(invoice, InvoiceStatus::Linked, String::new()))?;
    state.set_booked_hash(invoice.harvest_id, &invoice.content_hash)?;
    report.counts.linked += 1;
    report.add(
        Event::info(EventKind::Linked, message)
            .invoice(invoice.harvest_id, &invoice.harvest_number),
    );
    Ok(())
}

/// The state row of an invoice step (book, link or refuse).
fn invoice_link(invoice: &InvoiceRef, status: InvoiceStatus, message: String) -> InvoiceLink {
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
