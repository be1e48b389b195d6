//! What each step says in a bookkeeper's words: the dry run's lines, the log and the events
//! of a run.

use super::Step;
use crate::sync::mapping::money;

impl Step {
    /// One line in a bookkeeper's words.
    pub fn describe(&self) -> String {
        match self {
            Step::UpsertCustomer { client_name, customernumber, is_new, .. } => format!(
                "{} customer {customernumber} ({client_name}) in Run my Accounts",
                if *is_new { "Create" } else { "Update" }
            ),
            Step::BookInvoice { invoice: i, .. } => format!(
                "Book invoice {} ({}, {}) in Run my Accounts as {}",
                i.harvest_number,
                i.client_name,
                money(&i.currency, i.amount),
                i.invnumber
            ),
            Step::LinkInvoice { invoice: i } => format!(
                "Invoice {} ({}) already exists in Run my Accounts as {}: link it, do not book it again",
                i.harvest_number, i.client_name, i.invnumber
            ),
            Step::RefuseInvoice { invoice: i, reasons } => {
                format!("Invoice {} ({}): {}", i.harvest_number, i.client_name, reasons.join("; "))
            }
            Step::NumberCollision { invoice: i, rma_side } => format!(
                "Invoice {} ({}, {}): number collision, {rma_side}; not booked, not linked, and payments on that Run my Accounts invoice are not mirrored. Book it in Run my Accounts under another number by hand, then run `rma-harvest dismiss {}`",
                i.harvest_number, i.client_name, money(&i.currency, i.amount), i.harvest_number
            ),
            Step::ChangedAfterBooking { invoice: i, booked_amount, booked_currency, .. } => format!(
                "Invoice {} ({}) was changed in Harvest after it was booked in Run my Accounts as {}: booked {}, now {}. It is not booked again; correct {} in Run my Accounts by hand if needed, then run `rma-harvest dismiss {}`",
                i.harvest_number, i.client_name, i.invnumber,
                money(booked_currency, *booked_amount), money(&i.currency, i.amount),
                i.invnumber, i.harvest_number
            ),
            Step::SkipInvoice { harvest_number, reason, .. } => format!("Invoice {harvest_number}: {reason}"),
            Step::UnreadableInvoice { harvest_id, harvest_number, reason } => {
                let name = match (harvest_number, harvest_id) {
                    (Some(number), _) => number.clone(),
                    (None, Some(id)) => format!("with id {id}"),
                    (None, None) => "without number or id".into(),
                };
                format!("Invoice {name}: {reason}")
            }
            Step::CreatePayment { invoice_number, currency, amount, paid_date, rma_payment_id, .. } => format!(
                "Add payment of {} on {} (RMA payment {rma_payment_id}) to Harvest invoice {invoice_number}",
                money(currency, *amount),
                paid_date.format("%d.%m.%Y")
            ),
            Step::ReplacePayment { invoice_number, currency, old_amount, amount, paid_date, rma_payment_id, .. } => format!(
                "Change payment (RMA payment {rma_payment_id}) on Harvest invoice {invoice_number} from {} to {} on {}",
                money(currency, *old_amount),
                money(currency, *amount),
                paid_date.format("%d.%m.%Y")
            ),
            Step::DeletePayment { invoice_number, currency, amount, rma_payment_id, .. } => format!(
                "Remove payment of {} (RMA payment {rma_payment_id}, deleted in Run my Accounts) from Harvest invoice {invoice_number}",
                money(currency, *amount)
            ),
            Step::AcknowledgePayment { rma_payment_id, reason, .. } => format!("RMA payment {rma_payment_id}: {reason}"),
            Step::IgnorePayment { rma_payment_id, invnumber, reason } => {
                format!("RMA payment {rma_payment_id} on invoice {invnumber} ignored: {reason}")
            }
            Step::PaymentsNeedReview { invoice_number, reason, .. } => {
                format!("Invoice {invoice_number} needs review: {reason}")
            }
            Step::StopBooking { reason, .. } => format!("Invoices were not booked in this run: {reason}"),
            Step::StopPayments { reason, .. } => format!("Payments were not mirrored in this run: {reason}"),
            Step::PaymentNotMirrored { rma_payment_id, invoice_number, .. } => format!(
                "RMA payment {rma_payment_id} not mirrored: Harvest invoice {invoice_number} was deleted in Harvest after booking"
            ),
            Step::UnreadablePayment { rma_payment_id, invnumber, why } => format!(
                "RMA payment {} (invoice \"{invnumber}\") cannot be attributed: {why}; it is not acknowledged and stays pending. Check it in Run my Accounts",
                rma_payment_id.map_or("without id".to_string(), |id| id.to_string())
            ),
            Step::ForeignPayments { invoice_number, amount, currency, .. } => format!(
                "Harvest invoice {invoice_number} has {} in payments entered in Harvest by hand; left as they are",
                money(currency, *amount)
            ),
            Step::RekeyPayment { old_rma_payment_id, rma_payment_id, invoice_number, invnumber, currency, amount, paid_date, .. } => format!(
                "RMA payment {old_rma_payment_id} of {} on {} is now RMA payment {rma_payment_id} (invoice {invnumber} was saved again in Run my Accounts); the payment on Harvest invoice {invoice_number} stays as it is",
                money(currency, *amount),
                paid_date.format("%d.%m.%Y")
            ),
            Step::AdoptPayment { rma_payment_id, invoice_number, currency, amount, paid_date, .. } => format!(
                "Harvest invoice {invoice_number} has the payment of {} on {} marked RMA payment {rma_payment_id}, which the state file did not know; recorded as mirrored, not added again",
                money(currency, *amount),
                paid_date.format("%d.%m.%Y")
            ),
            Step::PaymentHeld { rma_payment_id, invoice_number, refusal, held_since, .. } => format!(
                "RMA payment {rma_payment_id} on Harvest invoice {invoice_number} is not sent again: Harvest refused it on {held_since} ({refusal}) and neither the payment nor the invoice has changed since; it is sent again when one of them changes"
            ),
        }
    }
}
