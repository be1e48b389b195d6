//! `rma-harvest doctor`: the checklist of [`crate::doctor`], printed for a person or as JSON.
//! Writes nothing: no lock, no state file created, GET requests only.

use super::Result;

use crate::cli::{Cli, DoctorArgs};
use crate::clock::SharedClock;
use crate::doctor::{self, Status};
use crate::exit::ExitCode;
use crate::human;
use crate::outln;
use crate::state::State;

pub fn run(cli: &Cli, args: &DoctorArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    let state = State::open_read_only(&config.state_path)?;
    let since = state
        .as_ref()
        .map(|s| s.meta(super::sync::LAST_SUCCESS_KEY))
        .transpose()?
        .flatten()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&chrono::Utc));
    let mut list = doctor::run(&config, state.as_ref(), since, clock);
    list.checks.extend(super::mail::doctor_check(&config));
    let exit = list.exit_code();
    if args.json {
        let out = serde_json::json!({
            "ok": exit == ExitCode::Success,
            "checks": list.checks,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(exit);
    }
    if !cli.quiet {
        outln!(
            "Checking Harvest ({}) and Run my Accounts (tenant {}); nothing is written.\n",
            config.harvest.account_domain(),
            config.rma.tenant
        );
    }
    let width = Status::CouldNotTell.label().len();
    for c in &list.checks {
        // With --quiet only what does not hold, as cron mail would want it.
        if cli.quiet && c.status == Status::Holds {
            continue;
        }
        outln!("  {:<width$}  {}: {}", c.status.label(), c.title, c.detail);
        if !c.advice.is_empty() && c.status != Status::Holds {
            outln!("  {:<width$}  → {}", "", c.advice);
        }
    }
    if !cli.quiet || exit != ExitCode::Success {
        let tally = |s: Status| list.checks.iter().filter(|c| c.status == s).count();
        let holds = tally(Status::Holds);
        outln!(
            "\n{}: {holds} {}, {}, {}, {} could not tell.",
            human::count(list.checks.len(), "check", "checks"),
            if holds == 1 { "holds" } else { "hold" },
            human::count(tally(Status::Warning), "warning", "warnings"),
            human::count(tally(Status::Fails), "fails", "fail"),
            tally(Status::CouldNotTell)
        );
    }
    Ok(exit)
}
