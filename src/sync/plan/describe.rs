//! What each step says in a bookkeeper's words: the dry run's lines, the log and the events
//! of a run. A step says it as a [`Message`]; `words` renders it in the reader's language.

use chrono::NaiveDate;

use super::Step;
use crate::msg;
use crate::words::{Arg, Message};

impl Step {
    /// One line in a bookkeeper's words.
    pub fn describe(&self) -> Message {
        match self {
            Step::UpsertCustomer { .. }
            | Step::BookInvoice { .. }
            | Step::LinkInvoice { .. }
            | Step::RefuseInvoice { .. }
            | Step::NumberCollision { .. }
            | Step::ChangedAfterBooking { .. }
            | Step::SkipInvoice { .. }
            | Step::UnreadableInvoice { .. }
            | Step::StopBooking { .. } => self.booking_words(),
            Step::CreatePayment { .. }
            | Step::ReplacePayment { .. }
            | Step::DeletePayment { .. }
            | Step::RekeyPayment { .. }
            | Step::AdoptPayment { .. }
            | Step::PaymentHeld { .. } => self.payment_words(),
            Step::AcknowledgePayment { .. }
            | Step::IgnorePayment { .. }
            | Step::PaymentsNeedReview { .. }
            | Step::StopPayments { .. }
            | Step::PaymentNotMirrored { .. }
            | Step::UnreadablePayment { .. }
            | Step::ForeignPayments { .. } => self.feed_row_words(),
        }
    }

    /// Invoices booked, linked, refused or changed.
    fn booking_words(&self) -> Message {
        match self {
            Step::BookInvoice { invoice: i, .. } => msg!(
                "sync-step-book",
                invoice = &i.harvest_number,
                client = &i.client_name,
                amount = Arg::money(&i.currency, i.amount),
                invnumber = &i.invnumber
            ),
            Step::LinkInvoice { invoice: i } => msg!(
                "sync-step-link",
                invoice = &i.harvest_number,
                client = &i.client_name,
                invnumber = &i.invnumber
            ),
            Step::RefuseInvoice {
                invoice: i,
                reasons,
            } => msg!(
                "sync-step-refuse",
                invoice = &i.harvest_number,
                client = &i.client_name,
                reasons = reasons.clone()
            ),
            Step::NumberCollision {
                invoice: i,
                rma_side,
            } => msg!(
                "sync-step-number-collision",
                invoice = &i.harvest_number,
                client = &i.client_name,
                amount = Arg::money(&i.currency, i.amount),
                rma_side = rma_side.clone()
            ),
            Step::ChangedAfterBooking {
                invoice: i,
                booked_amount,
                booked_currency,
                ..
            } => msg!(
                "sync-step-changed-after-booking",
                invoice = &i.harvest_number,
                client = &i.client_name,
                invnumber = &i.invnumber,
                booked = Arg::money(booked_currency, *booked_amount),
                now = Arg::money(&i.currency, i.amount)
            ),
            _ => self.customer_and_skip_words(),
        }
    }

    /// Customers, skipped and unreadable invoices, and the booking stop.
    fn customer_and_skip_words(&self) -> Message {
        match self {
            Step::UpsertCustomer {
                client_name,
                customernumber,
                is_new: true,
                ..
            } => {
                msg!(
                    "sync-step-customer-create",
                    customer = customernumber,
                    client = client_name
                )
            }
            Step::UpsertCustomer {
                client_name,
                customernumber,
                ..
            } => {
                msg!(
                    "sync-step-customer-update",
                    customer = customernumber,
                    client = client_name
                )
            }
            Step::SkipInvoice {
                harvest_number,
                reason,
                ..
            } => {
                msg!(
                    "sync-step-skip",
                    invoice = harvest_number,
                    reason = reason.clone()
                )
            }
            Step::UnreadableInvoice {
                harvest_id,
                harvest_number,
                reason,
            } => match (harvest_number, harvest_id) {
                (Some(number), _) => msg!(
                    "sync-step-unreadable-invoice",
                    invoice = number,
                    reason = reason.clone()
                ),
                (None, Some(id)) => msg!(
                    "sync-step-unreadable-invoice-id",
                    id = *id,
                    reason = reason.clone()
                ),
                (None, None) => {
                    msg!(
                        "sync-step-unreadable-invoice-nameless",
                        reason = reason.clone()
                    )
                }
            },
            Step::StopBooking { reason, .. } => {
                msg!("sync-step-stop-booking", reason = reason.clone())
            }
            _ => unreachable!("describe() sends only booking steps here"),
        }
    }

    /// Payments in Harvest.
    fn payment_words(&self) -> Message {
        match self {
            Step::CreatePayment {
                invoice_number,
                currency,
                amount,
                paid_date,
                rma_payment_id,
                ..
            } => msg!(
                "sync-step-add-payment",
                amount = Arg::money(currency, *amount),
                date = *paid_date,
                payment = *rma_payment_id,
                invoice = invoice_number
            ),
            Step::ReplacePayment {
                invoice_number,
                currency,
                old_amount,
                amount,
                paid_date,
                rma_payment_id,
                ..
            } => msg!(
                "sync-step-change-payment",
                payment = *rma_payment_id,
                invoice = invoice_number,
                old = Arg::money(currency, *old_amount),
                amount = Arg::money(currency, *amount),
                date = *paid_date
            ),
            Step::DeletePayment {
                invoice_number,
                currency,
                amount,
                rma_payment_id,
                ..
            } => msg!(
                "sync-step-remove-payment",
                amount = Arg::money(currency, *amount),
                payment = *rma_payment_id,
                invoice = invoice_number
            ),
            _ => self.state_only_words(),
        }
    }

    /// Payments the state records without a Harvest write (a re-key, an adoption), and a
    /// held write.
    fn state_only_words(&self) -> Message {
        match self {
            Step::RekeyPayment {
                old_rma_payment_id,
                rma_payment_id,
                invoice_number,
                invnumber,
                currency,
                amount,
                paid_date,
                ..
            } => msg!(
                "sync-step-rekey",
                old = *old_rma_payment_id,
                amount = Arg::money(currency, *amount),
                date = *paid_date,
                payment = *rma_payment_id,
                invnumber = invnumber,
                invoice = invoice_number
            ),
            Step::AdoptPayment {
                rma_payment_id,
                invoice_number,
                currency,
                amount,
                paid_date,
                ..
            } => msg!(
                "sync-step-adopt",
                invoice = invoice_number,
                amount = Arg::money(currency, *amount),
                date = *paid_date,
                payment = *rma_payment_id
            ),
            Step::PaymentHeld {
                rma_payment_id,
                invoice_number,
                refusal,
                held_since,
                ..
            } => msg!(
                "sync-step-held",
                payment = *rma_payment_id,
                invoice = invoice_number,
                since = held_since
                    .parse::<NaiveDate>()
                    .map_or_else(|_| Arg::from(held_since), Arg::from),
                refusal = refusal
            ),
            _ => unreachable!("describe() sends only payment steps here"),
        }
    }

    /// Feed rows that need no Harvest write, payments left as they are, and the payment stop.
    fn feed_row_words(&self) -> Message {
        match self {
            Step::AcknowledgePayment {
                rma_payment_id,
                reason,
                ..
            } => msg!(
                "sync-step-acknowledge",
                payment = *rma_payment_id,
                reason = reason.clone()
            ),
            Step::IgnorePayment {
                rma_payment_id,
                invnumber,
                reason,
            } => msg!(
                "sync-step-ignore",
                payment = *rma_payment_id,
                invnumber = invnumber,
                reason = reason.clone()
            ),
            Step::PaymentsNeedReview {
                invoice_number,
                reason,
                ..
            } => msg!(
                "sync-step-needs-review",
                invoice = invoice_number,
                reason = reason.clone()
            ),
            Step::StopPayments { reason, .. } => {
                msg!("sync-step-stop-payments", reason = reason.clone())
            }
            Step::PaymentNotMirrored {
                rma_payment_id,
                invoice_number,
                ..
            } => msg!(
                "sync-step-not-mirrored",
                payment = *rma_payment_id,
                invoice = invoice_number
            ),
            Step::UnreadablePayment {
                rma_payment_id: Some(id),
                invnumber,
                why,
            } => msg!(
                "sync-step-unreadable-payment",
                payment = *id,
                invnumber = invnumber,
                why = why
            ),
            Step::UnreadablePayment {
                rma_payment_id: None,
                invnumber,
                why,
            } => msg!(
                "sync-step-unreadable-payment-no-id",
                invnumber = invnumber,
                why = why
            ),
            Step::ForeignPayments {
                invoice_number,
                amount,
                currency,
                ..
            } => msg!(
                "sync-step-foreign-payments",
                invoice = invoice_number,
                amount = Arg::money(currency, *amount)
            ),
            _ => unreachable!("describe() sends only feed-row steps here"),
        }
    }
}
