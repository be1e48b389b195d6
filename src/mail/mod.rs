//! The bookkeeper's mail (issue 18): after a run whose work is recorded, a mail in the
//! bookkeeper's language says what was booked and mirrored and what needs a person — only
//! when there is something new, and never twice.
//!
//! Nothing is lost: the mail is sent after the run record is written, so a mail that fails
//! costs no booking. It becomes the open problem `mail_failed`, the run's exit code becomes
//! at least 1, and the run stays marked as due: the next mail that goes through carries it
//! too and closes the problem. A mail that went through stamps the runs it carried.

pub mod compose;
pub mod digest;
pub mod transport;

use chrono::{DateTime, Utc};

use crate::config::{Config, EmailConfig};
use crate::msg;
use crate::state::{ProblemSighting, State, StateError};
use crate::sync::{Event, EventKind};
use crate::words::{self, Lang};

pub use compose::{compose, Mail};
pub use digest::{gather, Digest};
pub use transport::MailError;

const MAIL_FAILED_KEY: &str = "mail_failed";

/// What became of the mail after a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// No `[notify.email]`.
    NotConfigured,
    /// Nothing new: no mail.
    NothingNew,
    Sent {
        to: Vec<String>,
    },
    /// Not sent; the run is marked so that the next mail carries it.
    Failed(String),
}

/// The mail of `run_id` in `lang`, read from the state file (also what `mail --preview` shows).
pub fn mail_of(
    state: &State,
    config: &Config,
    email: &EmailConfig,
    run_id: i64,
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<(Digest, Mail), StateError> {
    let digest = gather(state, email, run_id, now)?;
    let mail = compose(&digest, &config.rma.tenant, lang);
    Ok((digest, mail))
}

/// After a run whose record is written: sends its mail when there is something to say.
pub fn after_run(
    config: &Config,
    state: &State,
    run_id: i64,
    now: DateTime<Utc>,
) -> Result<Outcome, StateError> {
    let Some(email) = &config.email else {
        // Mail switched off: a failure of the mail that was is no longer anybody's problem.
        state.close_problem(MAIL_FAILED_KEY, "resolved")?;
        return Ok(Outcome::NotConfigured);
    };
    let (digest, mail) = mail_of(state, config, email, run_id, now, words::language())?;
    if digest.due {
        state.mark_mail_due(run_id)?;
    }
    if !digest.worth_sending {
        return Ok(Outcome::NothingNew);
    }
    match transport::send(email, &mail, now.into()) {
        Ok(answer) => {
            log::info!("mail sent; the server answered: {answer}");
            let carried: Vec<i64> = digest.runs.iter().map(|r| r.id).collect();
            state.mark_mailed(&carried, &now.to_rfc3339())?;
            state.close_problem(MAIL_FAILED_KEY, "resolved")?;
            Ok(Outcome::Sent {
                to: email.to.clone(),
            })
        }
        Err(MailError { text, .. }) => {
            record_failure(state, run_id, &text)?;
            Ok(Outcome::Failed(text))
        }
    }
}

/// The failure in the run log and as an open problem; the run exits at least 1. Stored in
/// English like the run log's other sentences (issue 17 stores the message id instead).
fn record_failure(state: &State, run_id: i64, reason: &str) -> Result<(), StateError> {
    let text = words::render_in(&msg!("mail-failed", reason = reason), Lang::En);
    state.add_event(
        run_id,
        &Event::error(EventKind::MailFailed, text.clone()).record(),
    )?;
    state.see_problem(&ProblemSighting {
        key: MAIL_FAILED_KEY.into(),
        kind: EventKind::MailFailed.as_str(),
        harvest_invoice_id: None,
        invoice_number: None,
        rma_payment_id: None,
        message: text,
        todo: words::render_in(&msg!("mail-failed-todo"), Lang::En),
    })?;
    state.raise_run_exit(run_id, 1)
}
