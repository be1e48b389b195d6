//! `rma-harvest dismiss <harvest invoice number>`: a bookkeeper handled an invoice's problem
//! by hand. Its open problems close, the invoice is not refused or reported as changed again,
//! and the dismissal is recorded in the run log as an entry of its own.

use super::{CommandError, Result};
use crate::cli::{Cli, DismissArgs};
use crate::exit::ExitCode;
use crate::outln;
use crate::state::{self, NewEvent, RunCounts, State};

pub fn run(cli: &Cli, args: &DismissArgs) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    let number = args.invoice.trim();
    // A run must not see the state half-dismissed.
    let _lock = state::lock(&config.state_path)?;
    let state = State::open(&config.state_path)?;
    let (closed, marked) = state
        .in_transaction(|s| Ok((s.dismiss_problems_of(number)?, s.mark_dismissed(number)?)))?;
    if closed == 0 && marked == 0 {
        return Err(CommandError::config(crate::msg!(
            "dismiss-unknown-invoice",
            invoice = number
        )));
    }
    let message = format!(
        "Invoice {number}: dismissed by hand ({} closed); it is no longer refused or reported as changed",
        crate::human::count(closed, "open problem", "open problems")
    );
    let run_id = state.start_run()?;
    state.add_event(
        run_id,
        &NewEvent {
            level: "info",
            kind: "dismissed",
            invoice_number: Some(number.to_string()),
            message: message.clone(),
            ..Default::default()
        },
    )?;
    state.finish_run(run_id, ExitCode::Success.code(), &RunCounts::default())?;
    if !cli.quiet {
        outln!("{message}.");
    }
    Ok(ExitCode::Success)
}
