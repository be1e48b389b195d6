//! `rma-harvest doctor`: the checklist of [`crate::doctor`], printed for a person or as JSON.
//! Writes nothing: no lock, no state file created, GET requests only.

use super::Result;

use crate::cli::{Cli, DoctorArgs};
use crate::clock::SharedClock;
use crate::doctor::{self, Status};
use crate::exit::ExitCode;
use crate::state::State;
use crate::words::render;
use crate::{msg, outln};

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
            "{}\n",
            render(&msg!(
                "doctor-heading",
                harvest = config.harvest.account_domain(),
                tenant = &config.rma.tenant
            ))
        );
    }
    let labels: Vec<(Status, String)> = Status::ALL
        .into_iter()
        .map(|s| (s, render(&s.label())))
        .collect();
    let label = |s: Status| labels.iter().find(|(l, _)| *l == s).map_or("", |(_, t)| t);
    let width = labels
        .iter()
        .map(|(_, t)| t.chars().count())
        .max()
        .unwrap_or(0);
    for c in &list.checks {
        // With --quiet only what does not hold, as cron mail would want it.
        if cli.quiet && c.status == Status::Holds {
            continue;
        }
        outln!(
            "  {:<width$}  {}",
            label(c.status),
            render(&msg!(
                "doctor-line",
                title = c.title(),
                detail = c.detail.clone()
            ))
        );
        if let Some(advice) = c.advice.as_ref().filter(|_| c.status != Status::Holds) {
            outln!("  {:<width$}  → {}", "", render(advice));
        }
    }
    if !cli.quiet || exit != ExitCode::Success {
        outln!(
            "\n{}",
            render(&msg!(
                "doctor-summary",
                count = list.checks.len(),
                holds = list.tally(Status::Holds),
                warnings = list.tally(Status::Warning),
                fails = list.tally(Status::Fails),
                unknown = list.tally(Status::CouldNotTell)
            ))
        );
    }
    Ok(exit)
}
