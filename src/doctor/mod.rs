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
use serde::ser::SerializeMap;
use serde::Serialize;

use crate::config::Config;
use crate::exit::ExitCode;
use crate::failure::Category;
use crate::harvest::types::Invoice;
use crate::msg;
use crate::state::State;
use crate::sync::ServiceError;
use crate::words::{render, Message};

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
    pub const ALL: [Status; 4] = [
        Status::Holds,
        Status::Warning,
        Status::Fails,
        Status::CouldNotTell,
    ];

    pub fn label(self) -> Message {
        match self {
            Status::Holds => msg!("doctor-status-holds"),
            Status::Warning => msg!("doctor-status-warning"),
            Status::Fails => msg!("doctor-status-fails"),
            Status::CouldNotTell => msg!("doctor-status-could-not-tell"),
        }
    }
}

/// One assumption and what was found. `--json` shows the rendered `title`, `detail` and
/// `advice`, and beside them `code` and `args` of the finding (and `advice_code`), which
/// scripts read instead of the words.
#[derive(Debug, Clone)]
pub struct Check {
    /// Stable name for scripts (`--json`).
    pub id: &'static str,
    pub status: Status,
    /// What was found.
    pub detail: Message,
    /// What to do, when it does not hold.
    pub advice: Option<Message>,
}

impl Check {
    /// What is assumed, in a bookkeeper's words.
    pub fn title(&self) -> Message {
        title(self.id)
    }
}

impl Serialize for Check {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", self.id)?;
        map.serialize_entry("title", &render(&self.title()))?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("detail", &render(&self.detail))?;
        map.serialize_entry("code", &self.detail.code())?;
        map.serialize_entry("args", &self.detail.args_json())?;
        if let Some(advice) = &self.advice {
            map.serialize_entry("advice", &render(advice))?;
            map.serialize_entry("advice_code", &advice.code())?;
        }
        map.end()
    }
}

/// The assumption each check tests, by its id.
fn title(id: &str) -> Message {
    match id {
        "harvest_token" => msg!("doctor-title-harvest-token"),
        "harvest_account" => msg!("doctor-title-harvest-account"),
        "harvest_permissions" => msg!("doctor-title-harvest-permissions"),
        "harvest_invoices" => msg!("doctor-title-harvest-invoices"),
        "invoice_numbers" => msg!("doctor-title-invoice-numbers"),
        "currency" => msg!("doctor-title-currency"),
        "rma_key" => msg!("doctor-title-rma-key"),
        "rma_articles" => msg!("doctor-title-rma-articles"),
        "categories" => msg!("doctor-title-categories"),
        "invoice_totals" => msg!("doctor-title-invoice-totals"),
        "unknown_customer" => msg!("doctor-title-unknown-customer"),
        "unknown_invoice" => msg!("doctor-title-unknown-invoice"),
        "payment_feed" => msg!("doctor-title-payment-feed"),
        "payment_feed_rows" => msg!("doctor-title-payment-feed-rows"),
        "ar_account" => msg!("doctor-title-ar-account"),
        "mail_server" => msg!("doctor-title-mail-server"),
        // A check added without its title still says what it is.
        other => Message::Text(other.to_string()),
    }
}

#[derive(Debug, Default, Serialize)]
pub struct Checklist {
    pub checks: Vec<Check>,
}

impl Checklist {
    fn add(&mut self, id: &'static str, status: Status, detail: Message, advice: Option<Message>) {
        self.checks.push(Check {
            id,
            status,
            detail,
            advice,
        });
    }

    fn holds(&mut self, id: &'static str, detail: Message) {
        self.add(id, Status::Holds, detail, None);
    }

    fn fails(&mut self, id: &'static str, detail: Message, advice: Message) {
        self.add(id, Status::Fails, detail, Some(advice));
    }

    fn warns(&mut self, id: &'static str, detail: Message, advice: Message) {
        self.add(id, Status::Warning, detail, Some(advice));
    }

    fn could_not_tell(&mut self, id: &'static str, because: Message) {
        self.add(id, Status::CouldNotTell, because, None);
    }

    /// A check whose call failed: the service's refusal is a failure of the assumption, a
    /// service that cannot be reached leaves it open.
    fn failed_call(&mut self, id: &'static str, e: &ServiceError, advice: Option<Message>) {
        let status = match e {
            ServiceError::Failed {
                category: Category::Unavailable,
                ..
            }
            | ServiceError::Lost(_) => Status::CouldNotTell,
            _ => Status::Fails,
        };
        self.add(id, status, service_error(e), advice);
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

    /// How many checks have this status.
    pub fn tally(&self, status: Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
}

/// A service's failure as found: its words are already the reader's (the error types render
/// their messages), so it travels as one argument.
fn service_error(e: &impl std::fmt::Display) -> Message {
    msg!("doctor-service-error", error = e.to_string())
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
fn examples(items: &[String]) -> Message {
    const SHOWN: usize = 5;
    if items.len() <= SHOWN {
        Message::Text(items.join(", "))
    } else {
        msg!(
            "doctor-examples",
            shown = items[..SHOWN].join(", "),
            more = items.len() - SHOWN
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
    use crate::words::{render_in, Lang};

    #[test]
    fn warnings_do_not_fail_the_doctor_but_could_not_tell_does() {
        let mut list = Checklist::default();
        list.holds("a", Message::Text("fine".into()));
        list.warns(
            "b",
            Message::Text("note".into()),
            msg!("doctor-advice-currency"),
        );
        assert_eq!(list.exit_code(), ExitCode::Success);
        list.could_not_tell("c", Message::Text("no answer".into()));
        assert_eq!(list.exit_code(), ExitCode::Refused);
    }

    #[test]
    fn unreachable_is_could_not_tell_and_a_refusal_fails() {
        let mut list = Checklist::default();
        let down = ServiceError::Failed {
            category: Category::Unavailable,
            message: "down".into(),
        };
        list.failed_call("a", &down, None);
        list.failed_call("b", &ServiceError::Refused("no".into()), None);
        assert_eq!(list.checks[0].status, Status::CouldNotTell);
        assert_eq!(list.checks[1].status, Status::Fails);
    }

    #[test]
    fn long_lists_are_cut() {
        let items: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(
            render_in(&examples(&items), Lang::En),
            "1, 2, 3, 4, 5 and 2 more"
        );
        assert_eq!(
            render_in(&examples(&items), Lang::De),
            "1, 2, 3, 4, 5 und 2 weitere"
        );
        assert_eq!(render_in(&examples(&items[..2]), Lang::En), "1, 2");
    }

    #[test]
    fn every_check_has_a_title_in_its_own_words() {
        for id in [
            "harvest_token",
            "harvest_account",
            "harvest_permissions",
            "harvest_invoices",
            "invoice_numbers",
            "currency",
            "rma_key",
            "rma_articles",
            "categories",
            "invoice_totals",
            "unknown_customer",
            "unknown_invoice",
            "payment_feed",
            "payment_feed_rows",
            "ar_account",
            "mail_server",
        ] {
            assert!(title(id).code().is_some(), "{id}");
        }
    }
}
