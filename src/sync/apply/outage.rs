//! A service that goes away in the middle of a run (issue 16). Its client stops sending after
//! a few failures in a row (`http::GIVE_UP_AFTER`); the items not sent wait for the next run:
//! no intent is kept for them, so the next run neither looks them up nor sends them twice.
//! The phase that needed the service says once where it stopped and how much waits.

use super::super::report::{EventKind, Report};
use super::super::ServiceError;
use crate::failure::Category;
use crate::msg;
use crate::words::render;

/// The service a phase writes to: RMA for booking, Harvest for mirroring payments.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Service {
    Rma,
    Harvest,
}

pub(super) struct Outage {
    service: Service,
    failure: Option<ServiceError>,
    last_done: Option<String>,
    waiting: usize,
    /// The client sent nothing more after some point (else single items failed and the
    /// service came back).
    gave_up: bool,
}

impl Outage {
    pub(super) fn new(service: Service) -> Outage {
        Outage {
            service,
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
            let service = match self.service {
                Service::Rma => "Run my Accounts",
                Service::Harvest => "Harvest",
            };
            self.failure = Some(ServiceError::Failed {
                category: Category::Unavailable,
                message: render(&msg!(
                    "outage-gave-up",
                    service = service,
                    failures = crate::http::GIVE_UP_AFTER
                )),
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
        // Given up on with nothing left to send: still a service gone (exit 4), said once.
        self.skips(gave_up, false);
        let Some(failure) = self.failure else {
            return;
        };
        let (waiting, reason) = (self.waiting, failure.to_string());
        let message = match (self.service, self.gave_up, self.last_done) {
            (Service::Rma, true, Some(invoice)) => msg!(
                "outage-rma-gone-after",
                invoice = invoice,
                waiting = waiting,
                reason = reason
            ),
            (Service::Rma, true, None) => {
                msg!("outage-rma-gone-before", waiting = waiting, reason = reason)
            }
            (Service::Rma, false, _) => {
                msg!("outage-rma-blip", waiting = waiting, reason = reason)
            }
            (Service::Harvest, true, Some(payment)) => msg!(
                "outage-harvest-gone-after",
                payment = payment,
                waiting = waiting,
                reason = reason
            ),
            (Service::Harvest, true, None) => {
                msg!(
                    "outage-harvest-gone-before",
                    waiting = waiting,
                    reason = reason
                )
            }
            (Service::Harvest, false, _) => {
                msg!("outage-harvest-blip", waiting = waiting, reason = reason)
            }
        };
        report.phase_stopped(kind, message, Some(&failure));
    }
}
