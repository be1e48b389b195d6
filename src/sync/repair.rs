//! Resolving what an interrupted run left `pending`: every intent is looked up
//! on the service it was meant for, and adopted or dropped.

use std::collections::BTreeMap;

use super::plan::{collision, has_marker, InvoiceRef, Step};
use super::report::{Event, EventKind, Report};
use super::{mapping, HarvestApi, RmaApi, ServiceResult};
use crate::config::SyncConfig;
use crate::state::{InvoiceStatus, PaymentStatus, State};

/// Resolves every `pending` row an interrupted run left: adopted when the write happened,
/// dropped (to be done again) when it did not.
pub fn repair(
    state: &State,
    sync: &SyncConfig,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    report: &mut Report,
) -> ServiceResult<()> {
    for mut link in state.invoices_with_status(InvoiceStatus::Pending)? {
        let found = rma.invoice(&link.rma_invnumber)?;
        // The number may be another invoice's (dated outside the existence check): adopted
        // only when it is this one, else a collision, never linked.
        let ours = InvoiceRef {
            harvest_id: link.harvest_id,
            harvest_number: link.harvest_number.clone(),
            invnumber: link.rma_invnumber.clone(),
            client_id: link.client_id,
            client_name: format!("client {}", link.client_id),
            currency: link.currency.clone(),
            amount: link.amount,
            issue_date: link.issue_date.unwrap_or_default(),
            content_hash: String::new(),
        };
        let customernumber = mapping::customer_number(sync, link.client_id);
        if let Some(rma_side) = found
            .as_ref()
            .and_then(|f| collision(f, &ours, &customernumber))
        {
            let message = Step::NumberCollision {
                invoice: ours,
                rma_side,
            }
            .describe();
            link.status = InvoiceStatus::Refused;
            link.message = message.clone();
            state.put_invoice(&link)?;
            report.counts.refused += 1;
            report.add(
                Event::error(EventKind::NumberCollision, message)
                    .invoice(link.harvest_id, &link.harvest_number),
            );
            continue;
        }
        match found {
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
