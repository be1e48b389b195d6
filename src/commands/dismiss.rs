//! `rma-harvest dismiss <harvest invoice number>`: a bookkeeper handled an invoice's problem
//! by hand. Its open problems close, the invoice is not refused or reported as changed again,
//! and the dismissal is recorded in the run log as an entry of its own. An invoice without an
//! open problem is refused (dismissing it would only mute its later reports) unless
//! `--force`; `--undo` takes a dismissal back.

use super::{CommandError, Result};
use crate::cli::{Cli, DismissArgs};
use crate::clock::SharedClock;
use crate::exit::ExitCode;
use crate::outln;
use crate::state::{self, NewEvent, RunCounts, State};
use crate::words::{self, Message};

/// The event kinds of the log entries `dismiss` writes; `log` shows them as what they are.
pub const DISMISSED: &str = "dismissed";
pub const UNDISMISSED: &str = "undismissed";

pub fn run(cli: &Cli, args: &DismissArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    let number = args.invoice.trim();
    // A run must not see the state half-dismissed.
    let _lock = state::lock(&config.state_path)?;
    // The entry is stamped like a run's: by the process clock (the test clock in tests).
    let state = State::open(&config.state_path)?.with_clock(clock.clone());
    let message = if args.undo {
        undo(&state, number)?
    } else {
        dismiss(&state, number, args.force)?
    };
    let run_id = state.start_run()?;
    state.add_event(
        run_id,
        &NewEvent {
            level: "info",
            kind: if args.undo { UNDISMISSED } else { DISMISSED },
            invoice_number: Some(number.to_string()),
            message: message.clone(),
            ..Default::default()
        },
    )?;
    state.finish_run(run_id, ExitCode::Success.code(), &RunCounts::default())?;
    if !cli.quiet {
        outln!("{}.", words::render(&message));
    }
    Ok(ExitCode::Success)
}

fn dismiss(state: &State, number: &str, force: bool) -> Result<Message> {
    let open = state
        .open_problems()?
        .iter()
        .filter(|p| p.invoice_number.as_deref().map(str::trim) == Some(number))
        .count();
    let known = !state.invoices_by_harvest_number(number)?.is_empty();
    if open == 0 && !known {
        return Err(CommandError::config(crate::msg!(
            "dismiss-unknown-invoice",
            invoice = number
        )));
    }
    if open == 0 && !force {
        return Err(CommandError::config(crate::msg!(
            "dismiss-nothing-to-dismiss",
            number = number
        )));
    }
    let (closed, _) = state
        .in_transaction(|s| Ok((s.dismiss_problems_of(number)?, s.mark_dismissed(number)?)))?;
    Ok(crate::msg!(
        "dismiss-done",
        invoice = number,
        count = closed
    ))
}

fn undo(state: &State, number: &str) -> Result<Message> {
    let (unmarked, reopened) = state.in_transaction(|s| {
        Ok((
            s.unmark_dismissed(number)?,
            s.reopen_dismissed_problems_of(number)?,
        ))
    })?;
    if unmarked == 0 && reopened == 0 {
        // Nothing was changed: the transaction wrote nothing.
        return Err(CommandError::config(crate::msg!(
            "dismiss-not-dismissed",
            number = number
        )));
    }
    Ok(crate::msg!(
        "dismiss-undone",
        number = number,
        count = reopened
    ))
}
