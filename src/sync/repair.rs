//! Resolving what an interrupted run left `pending` (DESIGN §5.2): every intent is looked up
//! on the service it was meant for, and adopted or dropped.

use std::collections::BTreeMap;

use super::plan::has_marker;
use super::report::{Event, EventKind, Report};
use super::{HarvestApi, RmaApi, ServiceResult};
use crate::state::{InvoiceStatus, PaymentStatus, State};

/// Resolves every `pending` row an interrupted run left: adopted when the write happened,
/// dropped (to be done again) when it did not (DESIGN §5.2).
pub fn repair(
    state: &State,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    report: &mut Report,
) -> ServiceResult<()> {
    for mut link in state.invoices_with_status(InvoiceStatus::Pending)? {
        match rma.invoice(&link.rma_invnumber)? {
            Some(_) => {
                link.status = InvoiceStatus::Booked;
                state.put_invoice(&link)?;
                report.counts.booked += 1;
                report.add(
                    Event::info(EventKind::Booked, format!(
                        "Invoice {}: the last run did not hear back, but Run my Accounts has it as {}; recorded as booked",
                        link.harvest_number, link.rma_invnumber
                    ))
                    .invoice(link.harvest_id, &link.harvest_number),
                );
            }
            None => {
                state.delete_invoice(link.harvest_id)?;
                report.add(
                    Event::info(EventKind::Repaired, format!(
                        "Invoice {}: the last run's booking did not reach Run my Accounts; it is booked again",
                        link.harvest_number
                    ))
                    .invoice(link.harvest_id, &link.harvest_number),
                );
            }
        }
    }

    let mut by_invoice: BTreeMap<i64, Vec<_>> = BTreeMap::new();
    for p in state.pending_payments()? {
        by_invoice.entry(p.harvest_invoice_id).or_default().push(p);
    }
    for (invoice_id, pending) in by_invoice {
        let in_harvest = harvest.payments(invoice_id)?;
        for mut p in pending {
            match p.status {
                PaymentStatus::PendingCreate => match in_harvest
                    .iter()
                    .find(|h| has_marker(&h.notes, p.rma_payment_id))
                {
                    Some(h) => {
                        p.harvest_payment_id = Some(h.id);
                        p.status = PaymentStatus::Mirrored;
                        state.put_payment(&p)?;
                        state.release_write(p.rma_payment_id)?;
                        report.counts.payments_created += 1;
                        let mut event = Event::info(EventKind::PaymentCreated, format!(
                                "RMA payment {}: the last run did not hear back, but Harvest has it; recorded",
                                p.rma_payment_id
                            ))
                            .payment(p.rma_payment_id);
                        event.harvest_invoice_id = Some(invoice_id);
                        report.add(event);
                    }
                    None => state.delete_payment(p.rma_payment_id)?,
                },
                PaymentStatus::PendingDelete => {
                    let still_there = p
                        .harvest_payment_id
                        .is_some_and(|id| in_harvest.iter().any(|h| h.id == id));
                    p.status = if still_there {
                        PaymentStatus::Mirrored
                    } else {
                        PaymentStatus::Deleted
                    };
                    state.put_payment(&p)?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}
