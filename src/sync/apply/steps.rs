//! One method per kind of step, on the state a run carries from step to step: which
//! customers failed or wait, what was booked, which feed rows may be acknowledged, and
//! whether a service went away (its [`Outage`]).

use std::collections::HashSet;

use super::super::plan::{InvoiceRef, Step};
use super::super::report::{Event, EventKind, Report};
use super::super::{HarvestApi, RmaApi, ServiceError, ServiceResult};
use super::outage::{Outage, Service};
use super::{book_invoice, payments, record_invoice_step, upsert_customer, Booking};
use crate::msg;
use crate::state::{CustomerLink, State};

/// What one run of the plan knows between its steps.
pub(super) struct Run<'a> {
    state: &'a State,
    harvest: &'a dyn HarvestApi,
    rma: &'a dyn RmaApi,
    /// Customers RMA refused: their invoices are refused too.
    failed_customers: HashSet<i64>,
    /// Customers not saved because RMA was out of reach: their invoices wait too.
    waiting_customers: HashSet<i64>,
    pub(super) booked: Vec<&'a InvoiceRef>,
    pub(super) acknowledge: Vec<i64>,
    pub(super) rma_out: Outage,
    pub(super) harvest_out: Outage,
}

impl<'a> Run<'a> {
    pub(super) fn new(state: &'a State, harvest: &'a dyn HarvestApi, rma: &'a dyn RmaApi) -> Self {
        Run {
            state,
            harvest,
            rma,
            failed_customers: HashSet::new(),
            waiting_customers: HashSet::new(),
            booked: Vec::new(),
            acknowledge: Vec::new(),
            rma_out: Outage::new(Service::Rma),
            harvest_out: Outage::new(Service::Harvest),
        }
    }

    /// Carries out one step. `Err` stops the run (see [`super::apply`]).
    pub(super) fn step(&mut self, step: &'a Step, report: &mut Report) -> ServiceResult<()> {
        match step {
            Step::UpsertCustomer { .. } => self.upsert_customer(step, report),
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
                self.book_invoice(&booking, report)
            }
            Step::LinkInvoice { .. }
            | Step::RefuseInvoice { .. }
            | Step::NumberCollision { .. }
            | Step::ChangedAfterBooking { .. }
            | Step::SkipInvoice { .. }
            | Step::UnreadableInvoice { .. }
            | Step::StopBooking { .. } => record_invoice_step(step, self.state, report),
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
            | Step::PaymentHeld { .. } => self.payment(step, report),
        }
    }

    /// Creates or updates a customer in RMA; its cut fields are said even when RMA is gone.
    fn upsert_customer(&mut self, step: &Step, report: &mut Report) -> ServiceResult<()> {
        let Step::UpsertCustomer {
            client_id,
            client_name,
            customernumber,
            customer,
            content_hash,
            is_new,
            notes,
        } = step
        else {
            return Ok(());
        };
        for note in notes {
            report.add(Event::warning(
                EventKind::CustomerCut,
                msg!(
                    "sync-customer-cut",
                    customer = customernumber,
                    client = client_name,
                    note = note.clone()
                ),
            ));
        }
        if self.rma_out.skips(self.rma.gave_up(), false) {
            self.waiting_customers.insert(*client_id);
            return Ok(());
        }
        match upsert_customer(self.rma, customernumber, customer) {
            Ok(()) => {
                self.state.put_customer(&CustomerLink {
                    client_id: *client_id,
                    customernumber: customernumber.clone(),
                    content_hash: content_hash.clone(),
                })?;
                report.counts.customers += 1;
                let message = match is_new {
                    true => msg!(
                        "sync-customer-created",
                        customer = customernumber,
                        client = client_name
                    ),
                    false => msg!(
                        "sync-customer-updated",
                        customer = customernumber,
                        client = client_name
                    ),
                };
                report.add(Event::info(EventKind::Customer, message));
            }
            Err(gone) if gone.is_unreachable() => {
                self.waiting_customers.insert(*client_id);
                self.rma_out.waits(gone, false);
            }
            Err(fatal @ ServiceError::Failed { .. }) => return Err(fatal),
            Err(e) => {
                self.failed_customers.insert(*client_id);
                report.add(Event::error(
                    EventKind::Error,
                    msg!(
                        "sync-customer-not-saved",
                        customer = customernumber,
                        client = client_name,
                        error = e.to_string()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Books an invoice in RMA unless RMA is gone or its customer waits for RMA.
    fn book_invoice(&mut self, booking: &Booking<'a>, report: &mut Report) -> ServiceResult<()> {
        let invoice = booking.invoice;
        // Its customer could not be saved because RMA was out of reach: it waits too.
        let customer_waits = self.waiting_customers.contains(&invoice.client_id);
        if self
            .rma_out
            .skips(customer_waits || self.rma.gave_up(), true)
        {
            return Ok(());
        }
        match book_invoice(
            self.state,
            self.rma,
            report,
            booking,
            &self.failed_customers,
        ) {
            Ok(true) => {
                self.rma_out.done(&invoice.harvest_number);
                self.booked.push(invoice);
            }
            Ok(false) => {}
            Err(gone) if gone.is_unreachable() => self.rma_out.waits(gone, true),
            Err(fatal) => return Err(fatal),
        }
        Ok(())
    }

    /// A payment step; one that writes waits when Harvest is gone.
    fn payment(&mut self, step: &Step, report: &mut Report) -> ServiceResult<()> {
        if step.writes() && self.harvest_out.skips(self.harvest.gave_up(), true) {
            return Ok(());
        }
        match payments::apply_payment_step(step, self.state, self.harvest, report) {
            Ok(done) => {
                if let (true, Some(id)) = (step.writes(), step.rma_payment_id()) {
                    self.harvest_out.done(&id.to_string());
                }
                if done {
                    self.acknowledge.extend(step.acknowledges());
                }
            }
            Err(gone) if gone.is_unreachable() => self.harvest_out.waits(gone, true),
            Err(fatal) => return Err(fatal),
        }
        Ok(())
    }
}
