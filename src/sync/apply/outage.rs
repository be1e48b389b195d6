//! A service that goes away in the middle of a run (issue 16). Its client stops sending after
//! a few failures in a row (`http::GIVE_UP_AFTER`); the items not sent wait for the next run:
//! no intent is kept for them, so the next run neither looks them up nor sends them twice.
//! The phase that needed the service says once where it stopped and how much waits.

use super::super::report::{EventKind, Report};
use super::super::ServiceError;
use crate::failure::Category;

pub(super) struct Outage {
    service: &'static str,
    /// "invoice" / "invoices", "payment" / "payments".
    one: &'static str,
    many: &'static str,
    failure: Option<ServiceError>,
    last_done: Option<String>,
    waiting: usize,
    /// The client sent nothing more after some point (else single items failed and the
    /// service came back).
    gave_up: bool,
}

impl Outage {
    pub(super) fn new(service: &'static str, one: &'static str, many: &'static str) -> Outage {
        Outage {
            service,
            one,
            many,
            failure: None,
            last_done: None,
            waiting: 0,
            gave_up: false,
        }
    }

    /// True when nothing more is sent to the service in this run (`gave_up`, its client's
    /// word): the caller leaves the item for the next run; `counted` items are said as waiting.
    pub(super) fn skips(&mut self, gave_up: bool, counted: bool) -> bool {
        if !gave_up {
            return false;
        }
        self.gave_up = true;
        if self.failure.is_none() {
            self.failure = Some(ServiceError::Failed {
                category: Category::Unavailable,
                message: format!(
                    "{} failed {} times in a row",
                    self.service,
                    crate::http::GIVE_UP_AFTER
                ),
            });
        }
        if counted {
            self.waiting += 1;
        }
        true
    }

    /// An item that was not sent because the service could not be reached.
    pub(super) fn waits(&mut self, failure: ServiceError, counted: bool) {
        if counted {
            self.waiting += 1;
        }
        self.failure.get_or_insert(failure);
    }

    /// The item the service confirmed last, for "stopped answering after …".
    pub(super) fn done(&mut self, name: &str) {
        self.last_done = Some(name.to_string());
    }

    pub(super) fn is_down(&self) -> bool {
        self.failure.is_some()
    }

    /// Says where the phase stopped (exit 4), once, when anything had to wait; `gave_up`
    /// is the client's word at the end of the run.
    pub(super) fn report(mut self, kind: EventKind, report: &mut Report, gave_up: bool) {
        self.gave_up |= gave_up;
        let Some(failure) = self.failure else {
            return;
        };
        let waiting = crate::human::count(
            self.waiting,
            &format!("{} waits", self.one),
            &format!("{} wait", self.many),
        );
        let message = if self.gave_up {
            let after = match &self.last_done {
                Some(name) => format!("after {} {name}", self.one),
                None => format!("before the first {} of this run", self.one),
            };
            format!(
                "{} stopped answering {after}; {waiting} for the next run ({failure})",
                self.service
            )
        } else {
            format!(
                "{} could not be reached for a moment; {waiting} for the next run ({failure})",
                self.service
            )
        };
        report.phase_stopped(kind, message, Some(&failure));
    }
}
