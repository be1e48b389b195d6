//! The planner: a pure function from what both sides have (and what the state remembers) to
//! a sorted list of steps. No I/O, no clock: every decision is a value that tests assert on
//! and `--dry-run` prints.

mod describe;
mod invoices;
mod payment_keys;
mod payments;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::ServiceError;
use crate::harvest::types as harvest;
use crate::rma::types::{Customer, FeedPayment, NewInvoice, UnreadableFeedRow};
use crate::state::{CustomerLink, HeldWrite, InvoiceLink, InvoiceMarks, PaymentLink};
use crate::words::Message;

pub use invoices::{booked_hash, collision, plan};
pub use payment_keys::write_fingerprint;

/// Everything the planner looks at, gathered by the reader.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Harvest invoices in the importable states.
    pub invoices: Vec<harvest::Invoice>,
    pub clients: HashMap<i64, harvest::Client>,
    /// Contacts by client id.
    pub contacts: HashMap<i64, Vec<harvest::Contact>>,
    /// RMA article numbers.
    pub parts: HashSet<String>,
    /// RMA invoices that already exist, by number (only the numbers the plan may book).
    pub rma_invoices: HashMap<String, crate::rma::types::Invoice>,
    /// RMA's `paid` total of every invoice that has payment-feed rows (A2).
    pub rma_paid: HashMap<String, Decimal>,
    /// Pending payment-feed rows.
    pub feed: Vec<FeedPayment>,
    /// State rows of the Harvest invoices above, and of the invoices the feed mentions.
    pub known_invoices: HashMap<i64, InvoiceLink>,
    /// RMA invoice number -> Harvest invoice id, for every number the state has taken.
    pub taken_numbers: HashMap<String, i64>,
    pub known_customers: HashMap<i64, CustomerLink>,
    /// State rows of the payments of every invoice the feed mentions.
    pub known_payments: HashMap<i64, PaymentLink>,
    /// How many mirrored payments the state knows in all.
    pub live_payment_count: usize,
    /// Harvest invoice entries that could not be read: each is refused by name.
    pub unreadable_invoices: Vec<harvest::Unreadable>,
    /// Why a client cannot be used (its entry or a contact of it was unreadable), by id.
    pub unreadable_clients: HashMap<i64, Message>,
    /// Feed rows that cannot be attributed to an invoice: never acknowledged.
    pub unreadable_feed: Vec<UnreadableFeedRow>,
    /// What the state remembers beyond the link (booked hash, deleted, dismissed), by
    /// Harvest id, for the invoices in `known_invoices`.
    pub marks: HashMap<i64, InvoiceMarks>,
    /// Keys of the problems already open (see [`problem_key`]): a change already reported
    /// is not news.
    pub open_problems: HashSet<String>,
    /// Harvest's payments of each invoice (by Harvest id) that has feed rows while the state
    /// knows none of its mirrored payments: those with our marker are adopted (state lost
    /// or restored from an old backup).
    pub harvest_payments: HashMap<i64, Vec<harvest::Payment>>,
    /// Payment writes Harvest refused, by RMA payment id: not sent again unchanged.
    pub held_writes: HashMap<i64, HeldWrite>,
    /// Booking (customers, invoices) could not be read: it stops, payments go on.
    pub booking_stopped: Option<PhaseStop>,
    /// The payment feed or RMA's paid totals could not be read: payments stop, booking goes on.
    pub payments_stopped: Option<PhaseStop>,
    /// The run that books (its id and day go into each booked invoice's trace); `None` for
    /// a dry run, which books nothing.
    pub run: Option<crate::sync::trace::RunStamp>,
}

/// Why one phase cannot run in this run. The other phase is not affected.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseStop {
    /// What could not be read and what the service answered.
    pub reason: Message,
    /// The failure itself: its kind (unreachable or refused) decides the exit code.
    pub failure: ServiceError,
}

/// How the open-problems table names a problem about one Harvest invoice.
pub fn problem_key(kind: &str, harvest_id: i64) -> String {
    format!("{kind}:invoice:{harvest_id}")
}

/// The Harvest invoice a book, link or refuse step is about, and the RMA number it has or
/// would get.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvoiceRef {
    pub harvest_id: i64,
    pub harvest_number: String,
    pub invnumber: String,
    pub client_id: i64,
    pub client_name: String,
    pub currency: String,
    pub amount: Decimal,
    pub issue_date: NaiveDate,
    /// Hash of the invoice as Harvest has it now (total, currency, client, lines): stored on
    /// booking, compared every run after.
    pub content_hash: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Step {
    UpsertCustomer {
        client_id: i64,
        client_name: String,
        customernumber: String,
        #[serde(skip)]
        customer: Box<Customer>,
        content_hash: String,
        is_new: bool,
        #[serde(serialize_with = "rendered::all")]
        notes: Vec<Message>,
    },
    BookInvoice {
        #[serde(flatten)]
        invoice: InvoiceRef,
        customernumber: String,
        #[serde(skip)]
        rma_invoice: Box<NewInvoice>,
    },
    LinkInvoice {
        #[serde(flatten)]
        invoice: InvoiceRef,
    },
    RefuseInvoice {
        #[serde(flatten)]
        invoice: InvoiceRef,
        #[serde(serialize_with = "rendered::all")]
        reasons: Vec<Message>,
    },
    /// The number exists in RMA for another invoice (another customer, currency or total).
    NumberCollision {
        #[serde(flatten)]
        invoice: InvoiceRef,
        /// Why it is not the same invoice, naming RMA's side.
        #[serde(serialize_with = "rendered::one")]
        rma_side: Message,
    },
    /// Booked earlier; Harvest's invoice is not what was booked any more.
    ChangedAfterBooking {
        #[serde(flatten)]
        invoice: InvoiceRef,
        booked_amount: Decimal,
        booked_currency: String,
        /// Reported in an earlier run and still open: said again, not news.
        already_reported: bool,
    },
    SkipInvoice {
        harvest_id: i64,
        harvest_number: String,
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
    },
    /// A Harvest invoice entry that could not be read, named as well as it can be.
    UnreadableInvoice {
        harvest_id: Option<i64>,
        harvest_number: Option<String>,
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
    },
    CreatePayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        currency: String,
        amount: Decimal,
        paid_date: NaiveDate,
        notes: String,
        memo: String,
        /// The inputs of this write (see [`write_fingerprint`]): a refusal is held with it.
        #[serde(skip)]
        fingerprint: String,
    },
    ReplacePayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        currency: String,
        old_harvest_payment_id: i64,
        old_amount: Decimal,
        amount: Decimal,
        paid_date: NaiveDate,
        notes: String,
        memo: String,
        #[serde(skip)]
        fingerprint: String,
    },
    DeletePayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        currency: String,
        harvest_payment_id: i64,
        amount: Decimal,
        #[serde(skip)]
        fingerprint: String,
    },
    /// RMA re-created a mirrored payment under a new id (the invoice was saved again): the
    /// state adopts the new id for the same Harvest payment; no Harvest write.
    RekeyPayment {
        old_rma_payment_id: i64,
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        harvest_payment_id: i64,
        currency: String,
        amount: Decimal,
        paid_date: NaiveDate,
    },
    /// A Harvest payment with our marker that the state does not know: recorded as mirrored,
    /// no Harvest write.
    AdoptPayment {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        harvest_payment_id: i64,
        currency: String,
        amount: Decimal,
        paid_date: NaiveDate,
        memo: String,
    },
    /// Harvest refused this write before and nothing it depends on has changed: not sent.
    PaymentHeld {
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        /// Harvest's refusal as the run that got it reported it.
        refusal: String,
        held_since: String,
    },
    /// Nothing to do in Harvest; the feed row only needs acknowledging.
    AcknowledgePayment {
        rma_payment_id: i64,
        invnumber: String,
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
    },
    IgnorePayment {
        rma_payment_id: i64,
        invnumber: String,
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
    },
    PaymentsNeedReview {
        harvest_invoice_id: i64,
        invoice_number: String,
        invnumber: String,
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
        rma_payment_ids: Vec<i64>,
    },
    /// The booking phase does nothing in this run (a list it needs could not be read).
    StopBooking {
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
        /// The read failure behind it.
        #[serde(skip)]
        failure: Option<ServiceError>,
    },
    /// The payment phase does nothing in this run and nothing is acknowledged: a safety
    /// stop (no `failure`) or a read failure.
    StopPayments {
        #[serde(serialize_with = "rendered::one")]
        reason: Message,
        #[serde(skip)]
        failure: Option<ServiceError>,
    },
    /// A feed row for an invoice deleted in Harvest after booking: logged, acknowledged.
    PaymentNotMirrored {
        rma_payment_id: i64,
        invnumber: String,
        harvest_invoice_id: i64,
        invoice_number: String,
    },
    /// A feed row that cannot be attributed: never acknowledged.
    UnreadablePayment {
        rma_payment_id: Option<i64>,
        invnumber: String,
        why: String,
    },
    /// Payments someone entered in Harvest by hand; reported, never touched.
    ForeignPayments {
        harvest_invoice_id: i64,
        invoice_number: String,
        amount: Decimal,
        currency: String,
    },
}

impl Step {
    /// Steps that need a person: the run exits 1 when the plan has any.
    pub fn needs_attention(&self) -> bool {
        matches!(
            self,
            Step::RefuseInvoice { .. }
                | Step::UnreadableInvoice { .. }
                | Step::NumberCollision { .. }
                | Step::ChangedAfterBooking {
                    already_reported: false,
                    ..
                }
                | Step::PaymentsNeedReview { .. }
                | Step::StopBooking { .. }
                | Step::StopPayments { .. }
                | Step::UnreadablePayment { .. }
                | Step::PaymentHeld { .. }
        )
    }

    /// The read failure behind a stopped phase, if any.
    pub fn stop_failure(&self) -> Option<&ServiceError> {
        match self {
            Step::StopBooking { failure, .. } | Step::StopPayments { failure, .. } => {
                failure.as_ref()
            }
            _ => None,
        }
    }

    /// Steps that only say why nothing is done (skips, acknowledgements): a dry run counts
    /// them instead of listing hundreds of "already booked" lines.
    pub fn is_quiet(&self) -> bool {
        matches!(
            self,
            Step::SkipInvoice { .. } | Step::AcknowledgePayment { .. }
        )
    }

    /// The RMA payment (feed row) a payment step is about.
    pub fn rma_payment_id(&self) -> Option<i64> {
        match self {
            Step::CreatePayment { rma_payment_id, .. }
            | Step::ReplacePayment { rma_payment_id, .. }
            | Step::DeletePayment { rma_payment_id, .. }
            | Step::AcknowledgePayment { rma_payment_id, .. }
            | Step::IgnorePayment { rma_payment_id, .. }
            | Step::RekeyPayment { rma_payment_id, .. }
            | Step::PaymentNotMirrored { rma_payment_id, .. } => Some(*rma_payment_id),
            _ => None,
        }
    }

    /// The feed rows acknowledged when this step is done: a re-key handles the deleted row
    /// and the new one; an adoption or a held write none.
    pub fn acknowledges(&self) -> Vec<i64> {
        match self {
            Step::RekeyPayment {
                old_rma_payment_id,
                rma_payment_id,
                ..
            } => vec![*old_rma_payment_id, *rma_payment_id],
            _ => self.rma_payment_id().into_iter().collect(),
        }
    }

    /// The inputs of a Harvest payment write, held with it when Harvest refuses it.
    pub fn fingerprint(&self) -> Option<&str> {
        match self {
            Step::CreatePayment { fingerprint, .. }
            | Step::ReplacePayment { fingerprint, .. }
            | Step::DeletePayment { fingerprint, .. } => Some(fingerprint),
            _ => None,
        }
    }

    /// The Harvest invoice a payment step writes to.
    pub fn harvest_invoice_id(&self) -> Option<i64> {
        match self {
            Step::CreatePayment {
                harvest_invoice_id, ..
            }
            | Step::ReplacePayment {
                harvest_invoice_id, ..
            }
            | Step::DeletePayment {
                harvest_invoice_id, ..
            } => Some(*harvest_invoice_id),
            _ => None,
        }
    }

    pub fn writes(&self) -> bool {
        matches!(
            self,
            Step::UpsertCustomer { .. }
                | Step::BookInvoice { .. }
                | Step::CreatePayment { .. }
                | Step::ReplacePayment { .. }
                | Step::DeletePayment { .. }
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn needs_attention(&self) -> bool {
        self.steps.iter().any(Step::needs_attention)
    }

    /// True when a phase does nothing in this run (a stop step): what the run did not look
    /// at is not "gone", so no problem closes for not being seen.
    pub fn has_stopped_phase(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, Step::StopBooking { .. } | Step::StopPayments { .. }))
    }
}

/// The Harvest note that marks a payment as mirrored from RMA; also how a lost POST is found.
pub fn payment_marker(rma_payment_id: i64) -> String {
    format!("RMA payment {rma_payment_id}")
}

pub fn payment_notes(rma_payment_id: i64, memo: &str) -> String {
    let memo = memo.trim();
    if memo.is_empty() {
        payment_marker(rma_payment_id)
    } else {
        format!("{}: {memo}", payment_marker(rma_payment_id))
    }
}

/// True when Harvest payment notes carry the marker of exactly this RMA payment.
pub fn has_marker(notes: &str, rma_payment_id: i64) -> bool {
    parse_marker(notes).is_some_and(|(id, _)| id == rma_payment_id)
}

/// The RMA payment id and the memo of notes that start with our marker; `None` for notes
/// someone typed in Harvest.
pub fn parse_marker(notes: &str) -> Option<(i64, &str)> {
    let rest = notes.trim_start().strip_prefix("RMA payment ")?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let id = rest[..digits].parse().ok()?;
    let memo = &rest[digits..];
    Some((id, memo.strip_prefix(':').unwrap_or(memo).trim()))
}

/// Message fields of a step in the dry run's JSON: rendered, under the keys they always
/// had; the step's `code` and `args` carry them as ids and arguments.
mod rendered {
    use serde::Serializer;

    use crate::words::{render, Message};

    pub fn one<S: Serializer>(message: &Message, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&render(message))
    }

    pub fn all<S: Serializer>(messages: &[Message], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(messages.iter().map(render))
    }
}

#[cfg(test)]
mod tests;
