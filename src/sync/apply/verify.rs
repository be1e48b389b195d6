//! After booking: RMA's totals compared with Harvest's.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::super::mapping::money;
use super::super::plan::InvoiceRef;
use super::super::report::{Event, EventKind, Report};
use super::super::RmaApi;

/// Differences up to this much between Harvest's and RMA's totals are rounding (CHF 0.05).
pub const ROUNDING_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// Re-reads the booked invoices in one list call and compares their totals with Harvest's.
pub(super) fn verify_totals(rma: &dyn RmaApi, booked: &[&InvoiceRef], report: &mut Report) {
    let (Some(from), Some(to)) = (
        booked.iter().map(|i| i.issue_date).min(),
        booked.iter().map(|i| i.issue_date).max(),
    ) else {
        return;
    };
    let wanted: HashSet<&str> = booked.iter().map(|i| i.invnumber.as_str()).collect();
    let in_rma = match super::super::read::rma_invoices(rma, &wanted, from, to) {
        Ok(list) => list,
        Err(e) => {
            report.add(Event::warning(
                EventKind::Warning,
                format!("The totals of the booked invoices could not be checked: {e}"),
            ));
            return;
        }
    };
    for invoice in booked {
        let (harvest_number, invnumber) = (&invoice.harvest_number, &invoice.invnumber);
        let (currency, amount) = (&invoice.currency, &invoice.amount);
        let event = |e: Event| e.invoice(invoice.harvest_id, harvest_number);
        let listed = in_rma.iter().find(|i| &i.invnumber == invnumber).cloned();
        // A list entry without its total is looked up on its own.
        let listed = match listed {
            Some(i) if i.amount.is_none() => rma.invoice(invnumber).ok().flatten(),
            other => other,
        };
        match listed.and_then(|i| i.amount) {
            None => report.add(event(Event::warning(
                EventKind::Warning,
                format!("Invoice {harvest_number}: booked, but Run my Accounts did not report its total, so it was not compared with Harvest's"),
            ))),
            Some(rma_amount) => {
                let diff = (rma_amount - *amount).abs();
                if diff.is_zero() {
                    continue;
                }
                let message = format!(
                    "Invoice {harvest_number}: the total in Run my Accounts is {}, in Harvest {} (difference {})",
                    money(currency, rma_amount),
                    money(currency, *amount),
                    money(currency, diff)
                );
                if diff <= ROUNDING_TOLERANCE {
                    report.add(event(Event::warning(
                        EventKind::Rounding,
                        format!("{message}; rounding, accepted"),
                    )));
                } else {
                    report.add(event(Event::error(
                        EventKind::TotalMismatch,
                        format!("{message}; please check the VAT of its articles in Run my Accounts"),
                    )));
                }
            }
        }
    }
}
