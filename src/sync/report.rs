//! What a run did, as typed events: the run log (`events` table), the command's output and
//! the exit code are all made from a [`Report`]. The kinds and levels serialise to the
//! strings the state file and `log --json` have always used.

use std::rc::Rc;

use crate::failure::Category;
use crate::msg;
use crate::state::{NewEvent, RunCounts, State};
use crate::words::{Arg, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    /// Needs a person.
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// What an event is about; stored as its snake_case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Customer,
    CustomerCut,
    Booked,
    Linked,
    Refused,
    Repaired,
    PaymentCreated,
    PaymentDeleted,
    PaymentAcknowledged,
    Ignored,
    NeedsReview,
    ForeignPayment,
    Rounding,
    TotalMismatch,
    /// The invoice number exists in RMA for another invoice.
    NumberCollision,
    ChangedAfterBooking,
    DeletedInHarvest,
    /// A feed row about an invoice the tool keeps its hands off (deleted in Harvest).
    PaymentNotMirrored,
    /// A feed row nobody can attribute; never acknowledged.
    UnreadablePayment,
    /// Harvest refused a payment write and its inputs have not changed since.
    PaymentHeld,
    /// RMA gave an existing payment a new id.
    PaymentRekeyed,
    /// A Harvest payment with our marker that the state had forgotten.
    PaymentAdopted,
    Dismissed,
    /// The booking phase did nothing in this run, and why.
    BookingStopped,
    /// The payment phase did nothing in this run (nothing acknowledged), and why.
    PaymentsStopped,
    /// The bookkeeper's mail could not be sent; closed by the next mail that goes through.
    MailFailed,
    Warning,
    Error,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Customer => "customer",
            EventKind::CustomerCut => "customer_cut",
            EventKind::Booked => "booked",
            EventKind::Linked => "linked",
            EventKind::Refused => "refused",
            EventKind::Repaired => "repaired",
            EventKind::PaymentCreated => "payment_created",
            EventKind::PaymentDeleted => "payment_deleted",
            EventKind::PaymentAcknowledged => "payment_acknowledged",
            EventKind::Ignored => "ignored",
            EventKind::NeedsReview => "needs_review",
            EventKind::ForeignPayment => "foreign_payment",
            EventKind::Rounding => "rounding",
            EventKind::TotalMismatch => "total_mismatch",
            EventKind::NumberCollision => "number_collision",
            EventKind::ChangedAfterBooking => "changed_after_booking",
            EventKind::DeletedInHarvest => "deleted_in_harvest",
            EventKind::PaymentNotMirrored => "payment_not_mirrored",
            EventKind::UnreadablePayment => "unreadable_payment",
            EventKind::PaymentHeld => "payment_held",
            EventKind::PaymentRekeyed => "payment_rekeyed",
            EventKind::PaymentAdopted => "payment_adopted",
            EventKind::Dismissed => "dismissed",
            EventKind::BookingStopped => "booking_stopped",
            EventKind::PaymentsStopped => "payments_stopped",
            EventKind::MailFailed => "mail_failed",
            EventKind::Warning => "warning",
            EventKind::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<EventKind> {
        ALL_KINDS.iter().copied().find(|k| k.as_str() == text)
    }
}

const ALL_KINDS: [EventKind; 28] = [
    EventKind::Customer,
    EventKind::CustomerCut,
    EventKind::Booked,
    EventKind::Linked,
    EventKind::Refused,
    EventKind::Repaired,
    EventKind::PaymentCreated,
    EventKind::PaymentDeleted,
    EventKind::PaymentAcknowledged,
    EventKind::Ignored,
    EventKind::NeedsReview,
    EventKind::ForeignPayment,
    EventKind::Rounding,
    EventKind::TotalMismatch,
    EventKind::NumberCollision,
    EventKind::ChangedAfterBooking,
    EventKind::DeletedInHarvest,
    EventKind::PaymentNotMirrored,
    EventKind::UnreadablePayment,
    EventKind::PaymentHeld,
    EventKind::PaymentRekeyed,
    EventKind::PaymentAdopted,
    EventKind::Dismissed,
    EventKind::BookingStopped,
    EventKind::PaymentsStopped,
    EventKind::MailFailed,
    EventKind::Warning,
    EventKind::Error,
];

impl EventKind {
    /// Kinds that are an open problem when they happen (README "Open problems").
    pub fn is_problem(self) -> bool {
        matches!(
            self,
            EventKind::Refused
                | EventKind::NumberCollision
                | EventKind::ChangedAfterBooking
                | EventKind::DeletedInHarvest
                | EventKind::TotalMismatch
                | EventKind::NeedsReview
                | EventKind::UnreadablePayment
                | EventKind::PaymentHeld
                | EventKind::Error
        )
    }

    /// What a person does about a problem of this kind; `invoice` is the Harvest invoice
    /// number that `rma-harvest dismiss` then takes.
    pub fn what_to_do(self, invoice: Option<&str>) -> Message {
        let invoice = || match invoice {
            Some(number) => Arg::from(number),
            None => Arg::from(msg!("problem-todo-any-number")),
        };
        match self {
            EventKind::Refused => msg!("problem-todo-refused", invoice = invoice()),
            EventKind::NumberCollision => {
                msg!("problem-todo-number-collision", invoice = invoice())
            }
            EventKind::ChangedAfterBooking => {
                msg!("problem-todo-changed-after-booking", invoice = invoice())
            }
            EventKind::DeletedInHarvest => {
                msg!("problem-todo-deleted-in-harvest", invoice = invoice())
            }
            EventKind::TotalMismatch => msg!("problem-todo-total-mismatch", invoice = invoice()),
            EventKind::NeedsReview => msg!("problem-todo-needs-review"),
            EventKind::UnreadablePayment => msg!("problem-todo-unreadable-payment"),
            EventKind::PaymentHeld => msg!("problem-todo-payment-held"),
            _ => msg!("problem-todo-other"),
        }
    }

    /// Problems about an invoice as a whole: closed when Harvest lists the invoice and the
    /// run no longer sees them. The others close when a completed run does not see them;
    /// deletions and total mismatches stay until dismissed.
    pub fn closes_when(self) -> Closes {
        match self {
            EventKind::Refused | EventKind::NumberCollision | EventKind::ChangedAfterBooking => {
                Closes::WhenInvoiceListedAndUnseen
            }
            EventKind::DeletedInHarvest | EventKind::TotalMismatch => Closes::OnlyByDismiss,
            // Not by a run that does not see it: only a mail that goes through closes it.
            EventKind::MailFailed => Closes::OnlyByDismiss,
            _ => Closes::WhenUnseen,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closes {
    WhenInvoiceListedAndUnseen,
    WhenUnseen,
    OnlyByDismiss,
}

/// One thing that happened; built with [`Event::new`] and the setters.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub level: Level,
    pub kind: EventKind,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub rma_payment_id: Option<i64>,
    /// What happened, not yet said in any language: the run log stores its id and arguments.
    pub message: Message,
}

impl Event {
    pub fn new(level: Level, kind: EventKind, message: Message) -> Event {
        Event {
            level,
            kind,
            harvest_invoice_id: None,
            invoice_number: None,
            rma_payment_id: None,
            message,
        }
    }

    pub fn info(kind: EventKind, message: Message) -> Event {
        Event::new(Level::Info, kind, message)
    }

    pub fn warning(kind: EventKind, message: Message) -> Event {
        Event::new(Level::Warning, kind, message)
    }

    pub fn error(kind: EventKind, message: Message) -> Event {
        Event::new(Level::Error, kind, message)
    }

    /// The Harvest invoice (id and number) the event is about.
    pub fn invoice(mut self, harvest_id: i64, number: &str) -> Event {
        self.harvest_invoice_id = Some(harvest_id);
        self.invoice_number = Some(number.to_string());
        self
    }

    /// Only the number is known (an RMA invoice number from the payment feed).
    pub fn number(mut self, number: &str) -> Event {
        self.invoice_number = Some(number.to_string());
        self
    }

    pub fn payment(mut self, rma_payment_id: i64) -> Event {
        self.rma_payment_id = Some(rma_payment_id);
        self
    }

    /// The row the state file's `events` table stores.
    pub fn record(&self) -> NewEvent {
        NewEvent {
            level: self.level.as_str(),
            kind: self.kind.as_str(),
            harvest_invoice_id: self.harvest_invoice_id,
            invoice_number: self.invoice_number.clone(),
            rma_payment_id: self.rma_payment_id,
            message: self.message.clone(),
        }
    }
}

/// What a run did: its events, counts and exit code.
#[derive(Debug, Default)]
pub struct Report {
    pub events: Vec<Event>,
    pub counts: RunCounts,
    /// The worst kind of failure met; the command layer turns it into the exit code.
    pub worst: Option<Category>,
    journal: Option<Journal>,
}

/// The run's record in the state file, written as events happen (issue 16), so that a run
/// killed at any point leaves a log naming what it did.
struct Journal {
    state: Rc<State>,
    run_id: i64,
    /// Events already in the state file.
    written: usize,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Journal(run {}, {} written)", self.run_id, self.written)
    }
}

impl Report {
    /// A report whose events go into run `run_id`'s record as they are added.
    pub fn journaled(state: Rc<State>, run_id: i64) -> Report {
        Report {
            journal: Some(Journal {
                state,
                run_id,
                written: 0,
            }),
            ..Report::default()
        }
    }

    /// The events not yet in the state file: the end of the run writes them.
    pub fn unwritten(&self) -> &[Event] {
        let written = self.journal.as_ref().map_or(0, |j| j.written);
        &self.events[written.min(self.events.len())..]
    }

    /// Writes what is new since the last write. A failure (a full disk) is not the run's
    /// failure here: the events stay, and the end of the run tries again with the rest.
    fn write_journal(&mut self) {
        let Some(journal) = &mut self.journal else {
            return;
        };
        let new: Vec<NewEvent> = self.events[journal.written..]
            .iter()
            .map(Event::record)
            .collect();
        match journal
            .state
            .record_progress(journal.run_id, &self.counts, &new)
        {
            Ok(()) => journal.written = self.events.len(),
            Err(e) => log::warn!("the run log could not be written as the run goes: {e}"),
        }
    }

    pub fn raise(&mut self, category: Category) {
        self.worst = self.worst.max(Some(category));
    }

    /// Records the event; an error-level event also makes the run need review (exit 1).
    pub fn add(&mut self, event: Event) {
        match event.level {
            Level::Error => {
                self.counts.errors += 1;
                self.raise(Category::Refused);
            }
            Level::Warning => self.counts.warnings += 1,
            Level::Info => {}
        }
        self.events.push(event);
        self.write_journal();
    }

    /// The run had to stop: the reason is the last event, with what to do about it (the
    /// command layer knows what to advise; empty when the reason already says it).
    pub fn problem_fatal(&mut self, reason: impl Into<Arg>, advice: Option<Arg>) {
        let message = match advice {
            None => msg!("sync-run-stopped", reason = reason),
            Some(advice) => msg!("sync-run-stopped-advice", reason = reason, advice = advice),
        };
        self.counts.errors += 1;
        self.events.push(Event::error(EventKind::Error, message));
    }

    /// A phase that does nothing in this run: needs a person, and a read failure behind it
    /// counts with its own code (a service that kept failing is worse than a refusal).
    pub fn phase_stopped(
        &mut self,
        kind: EventKind,
        message: Message,
        failure: Option<&super::ServiceError>,
    ) {
        self.add(Event::error(kind, message));
        if let Some(e) = failure {
            self.raise(e.category());
        }
    }

    /// True when a phase did nothing in this run.
    pub fn has_stopped_phase(&self) -> bool {
        self.events.iter().any(|e| {
            matches!(
                e.kind,
                EventKind::BookingStopped | EventKind::PaymentsStopped
            )
        })
    }

    /// Events of one kind (tests and printing).
    pub fn of_kind(&self, kind: EventKind) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Message {
        Message::Text(t.into())
    }

    #[test]
    fn events_keep_the_stored_strings() {
        let e = Event::error(EventKind::NeedsReview, text("check it"))
            .invoice(7, "1001")
            .payment(17)
            .record();
        assert_eq!((e.level, e.kind), ("error", "needs_review"));
        assert_eq!(e.invoice_number.as_deref(), Some("1001"));
        assert_eq!(e.rma_payment_id, Some(17));
    }

    #[test]
    fn only_errors_raise_the_exit_code() {
        let mut r = Report::default();
        r.add(Event::warning(EventKind::Rounding, text("r")));
        r.add(Event::info(EventKind::Booked, text("b")));
        assert_eq!(r.worst, None);
        r.add(Event::error(EventKind::Refused, text("x")));
        assert_eq!(r.worst, Some(Category::Refused));
        assert_eq!((r.counts.errors, r.counts.warnings), (1, 1));
    }

    #[test]
    fn a_stopped_phase_exits_with_its_failure() {
        let mut r = Report::default();
        r.phase_stopped(EventKind::PaymentsStopped, text("p"), None);
        assert_eq!(r.worst, Some(Category::Refused));
        let gone = crate::sync::ServiceError::Failed {
            category: Category::Unavailable,
            message: "down".into(),
        };
        r.phase_stopped(EventKind::BookingStopped, text("b"), Some(&gone));
        assert_eq!(r.worst, Some(Category::Unavailable));
        assert!(r.has_stopped_phase());
        assert_eq!(
            EventKind::parse("payments_stopped"),
            Some(EventKind::PaymentsStopped)
        );
    }
}
