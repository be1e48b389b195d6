//! What a mail after a run would say, read from the state file: the runs it carries (this
//! one and any whose mail failed), their events, the open problems (new since the last mail
//! or still open) and the work left undone. Whether it is worth sending is decided here too,
//! so `sync` and `mail --preview` agree.

use chrono::{DateTime, Utc};

use crate::config::{EmailConfig, MailWhen};
use crate::state::{EventRecord, Problem, RunRecord, State, StateError};
use crate::sync::EventKind;

/// The mail of one run, before it is put in words.
#[derive(Debug, Clone, Default)]
pub struct Digest {
    /// Oldest first; the run the mail is for is the last.
    pub runs: Vec<RunRecord>,
    /// Every event of those runs, in order.
    pub events: Vec<EventRecord>,
    /// Open problems first seen after the last mail, with what to do.
    pub new_problems: Vec<Problem>,
    /// Open problems an earlier mail already told.
    pub still_open: Vec<Problem>,
    /// Needs a person but is no open problem (a run or a phase that stopped, an answer lost).
    pub undone: Vec<EventRecord>,
    /// Worth a mail: something new, a mail that failed before, or a reminder.
    pub worth_sending: bool,
    /// This run has news of its own (it is marked due, so a failed mail is carried on).
    pub due: bool,
}

impl Digest {
    pub fn run_id(&self) -> i64 {
        self.runs.last().map_or(0, |r| r.id)
    }

    pub fn of_kinds<'a>(&'a self, kinds: &'a [&str]) -> impl Iterator<Item = &'a EventRecord> {
        self.events
            .iter()
            .filter(move |e| kinds.contains(&e.kind.as_str()))
    }
}

pub const BOOKED_KINDS: &[&str] = &["booked", "linked"];
pub const PAYMENT_KINDS: &[&str] = &["payment_created", "payment_deleted"];
const MAIL_FAILED: &str = "mail_failed";

/// Needs a person, and no open problem stands for it (the same test as the sync's problem
/// keys: a problem kind about an invoice or a payment is one).
fn is_undone(e: &EventRecord) -> bool {
    let problem = EventKind::parse(&e.kind).is_some_and(EventKind::is_problem)
        && (e.harvest_invoice_id.is_some()
            || e.rma_payment_id.is_some()
            || e.invoice_number.is_some());
    e.level == "error" && !problem && e.kind != MAIL_FAILED
}

fn instant(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `a` is later than `b` (both stored RFC 3339 times).
fn later(a: &str, b: &str) -> bool {
    match (instant(a), instant(b)) {
        (Some(a), Some(b)) => a > b,
        _ => a > b,
    }
}

/// The mail for `run_id`, as it stands in the state file at `now`.
pub fn gather(
    state: &State,
    email: &EmailConfig,
    run_id: i64,
    now: DateTime<Utc>,
) -> Result<Digest, StateError> {
    let Some(run) = state.run(run_id)? else {
        return Ok(Digest::default());
    };
    let this_mail = state.run_mail(run_id)?.and_then(|m| m.mailed_at);
    // The mail before this run's: what it told is not news.
    let last = state.last_mail_before(run_id, this_mail.as_deref())?;
    let mut runs: Vec<RunRecord> = match &this_mail {
        Some(at) => state.runs_mailed_at(at)?,
        None => state
            .runs_awaiting_mail()?
            .into_iter()
            .filter(|r| r.id < run_id)
            .collect(),
    };
    let carried_before = runs.iter().any(|r| r.id != run_id);
    runs.retain(|r| r.id != run_id);
    runs.push(run);

    let told_before: Vec<(String, String)> = match &last {
        Some(at) => {
            let mut told = Vec::new();
            for id in state.runs_mailed_at(at)?.iter().map(|r| r.id) {
                told.extend(state.events(id)?.into_iter().map(|e| (e.kind, e.message)));
            }
            told
        }
        None => Vec::new(),
    };
    let own = state.events(run_id)?;
    let own_undone = own
        .iter()
        .filter(|e| is_undone(e) && !told_before.contains(&(e.kind.clone(), e.message.clone())))
        .count();
    let own_activity = own.iter().any(|e| {
        BOOKED_KINDS.contains(&e.kind.as_str()) || PAYMENT_KINDS.contains(&e.kind.as_str())
    });

    let (new_problems, still_open): (Vec<Problem>, Vec<Problem>) = state
        .open_problems()?
        .into_iter()
        .filter(|p| p.kind != MAIL_FAILED)
        .partition(|p| last.as_deref().is_none_or(|l| later(&p.first_seen, l)));
    let reminder = !still_open.is_empty()
        && last
            .as_deref()
            .and_then(instant)
            .is_some_and(|l| now - l >= chrono::Duration::days(email.remind_after_days.into()));

    let mut events = Vec::new();
    for r in &runs {
        events.extend(state.events(r.id)?);
    }
    let undone = events.iter().filter(|e| is_undone(e)).cloned().collect();
    let due = !new_problems.is_empty()
        || own_undone > 0
        || (email.when == MailWhen::Activity && own_activity);
    Ok(Digest {
        runs,
        events,
        new_problems,
        still_open,
        undone,
        worth_sending: due || carried_before || reminder || this_mail.is_some(),
        due,
    })
}
