//! `rma-harvest doctor`: every assumption the sync makes about the two services (docs/rma-assumptions.md,
//! the Harvest permissions, the configuration), checked against the real services with the
//! sync's own clients and readers, as a checklist.
//!
//! Read-only by construction: only GET requests, no acknowledgement, no state file created
//! (an existing one is opened read-only, for a stored Harvest grant and the feed cursor).
//! A check that depends on one that failed is "could not tell", never a guess.

mod harvest_checks;
mod rma_checks;

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Config;
use crate::exit::ExitCode;
use crate::failure::Category;
use crate::harvest::types::Invoice;
use crate::state::State;
use crate::sync::ServiceError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Holds,
    /// Holds, but something a person should know (the sync still works).
    Warning,
    Fails,
    CouldNotTell,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Holds => "holds",
            Status::Warning => "warning",
            Status::Fails => "FAILS",
            Status::CouldNotTell => "could not tell",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable name for scripts (`--json`).
    pub id: &'static str,
    /// What is assumed, in a bookkeeper's words.
    pub title: &'static str,
    pub status: Status,
    /// What was found.
    pub detail: String,
    /// What to do, when it does not hold.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub advice: String,
}

#[derive(Debug, Default, Serialize)]
pub struct Checklist {
    pub checks: Vec<Check>,
}

impl Checklist {
    fn add(
        &mut self,
        id: &'static str,
        title: &'static str,
        status: Status,
        detail: impl Into<String>,
        advice: impl Into<String>,
    ) {
        self.checks.push(Check {
            id,
            title,
            status,
            detail: detail.into(),
            advice: advice.into(),
        });
    }

    fn holds(&mut self, id: &'static str, title: &'static str, detail: impl Into<String>) {
        self.add(id, title, Status::Holds, detail, "");
    }

    fn could_not_tell(&mut self, id: &'static str, title: &'static str, because: &str) {
        self.add(id, title, Status::CouldNotTell, because, "");
    }

    /// A check whose call failed: the service's refusal is a failure of the assumption, a
    /// service that cannot be reached leaves it open.
    fn failed_call(
        &mut self,
        id: &'static str,
        title: &'static str,
        e: &ServiceError,
        advice: &str,
    ) {
        match e {
            ServiceError::Failed {
                category: Category::Unavailable,
                ..
            }
            | ServiceError::Lost(_) => {
                self.add(id, title, Status::CouldNotTell, e.to_string(), advice)
            }
            _ => self.add(id, title, Status::Fails, e.to_string(), advice),
        }
    }

    /// Exit 0 when every check holds (warnings included), 1 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        if self
            .checks
            .iter()
            .all(|c| matches!(c.status, Status::Holds | Status::Warning))
        {
            ExitCode::Success
        } else {
            ExitCode::Refused
        }
    }
}

/// What the Harvest checks found that the RMA checks need.
#[derive(Debug, Default)]
struct HarvestFindings {
    /// The importable invoices the sync would still look at (not yet in RMA), or `None`
    /// when Harvest could not be read.
    invoices: Option<Vec<Invoice>>,
}

/// Runs every check. `state` is the state file opened read-only, if there is one;
/// `feed_since` what a run would ask the payment feed for (its last finished run).
pub fn run(
    config: &Config,
    state: Option<&State>,
    feed_since: Option<chrono::DateTime<chrono::Utc>>,
    clock: &crate::clock::SharedClock,
) -> Checklist {
    let mut list = Checklist::default();
    let found = harvest_checks::run(config, state, clock, &mut list);
    let booked = state.and_then(|s| booked_range(s).ok().flatten());
    rma_checks::run(config, feed_since, booked, clock, &found, &mut list);
    list
}

/// A few examples and how many there are: "1001, 1002, 1003 and 4 more".
fn examples(items: &[String]) -> String {
    const SHOWN: usize = 5;
    if items.len() <= SHOWN {
        items.join(", ")
    } else {
        format!(
            "{} and {} more",
            items[..SHOWN].join(", "),
            items.len() - SHOWN
        )
    }
}

/// The issue dates of the invoices the state knows as booked or linked: RMA has those, so
/// its invoice list over them shows what the sync will get for them.
fn booked_range(
    state: &State,
) -> std::result::Result<Option<(NaiveDate, NaiveDate)>, crate::state::StateError> {
    use crate::state::InvoiceStatus;
    let mut dates = Vec::new();
    for status in [InvoiceStatus::Booked, InvoiceStatus::Linked] {
        dates.extend(
            state
                .invoices_with_status(status)?
                .into_iter()
                .filter_map(|l| l.issue_date),
        );
    }
    Ok(dates
        .iter()
        .min()
        .zip(dates.iter().max())
        .map(|(a, b)| (*a, *b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_do_not_fail_the_doctor_but_could_not_tell_does() {
        let mut list = Checklist::default();
        list.holds("a", "A", "fine");
        list.add("b", "B", Status::Warning, "note", "");
        assert_eq!(list.exit_code(), ExitCode::Success);
        list.could_not_tell("c", "C", "no answer");
        assert_eq!(list.exit_code(), ExitCode::Refused);
    }

    #[test]
    fn unreachable_is_could_not_tell_and_a_refusal_fails() {
        let mut list = Checklist::default();
        let down = ServiceError::Failed {
            category: Category::Unavailable,
            message: "down".into(),
        };
        list.failed_call("a", "A", &down, "");
        list.failed_call("b", "B", &ServiceError::Refused("no".into()), "");
        assert_eq!(list.checks[0].status, Status::CouldNotTell);
        assert_eq!(list.checks[1].status, Status::Fails);
    }

    #[test]
    fn long_lists_are_cut() {
        let items: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(examples(&items), "1, 2, 3, 4, 5 and 2 more");
        assert_eq!(examples(&items[..2]), "1, 2");
    }
}
