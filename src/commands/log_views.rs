//! The views of `log` beside its run table: `--problems` (the open problems as a table, as
//! JSON or as CSV) and `--csv` (one row per event of the runs shown). Kept apart from
//! `log.rs` so that the run table's rendering can change without touching them.

use super::csv_out;
use super::{CommandError, Result};
use crate::cli::{Cli, LogArgs};
use crate::state::{EventRecord, State};
use crate::{msg, outln, words};

/// `Some(())` when `args` asked for one of these views and it was shown.
pub(super) fn show(cli: &Cli, args: &LogArgs, state: Option<&State>) -> Result<Option<()>> {
    if args.problems {
        let problems = match state {
            Some(s) => s.open_problems()?,
            None => Vec::new(),
        };
        if let Some(file) = &args.csv.file {
            csv_out::write_problems(&problems, file, args.csv.excel)?;
        } else if args.json {
            outln!("{}", serde_json::to_string_pretty(&problems)?);
        } else if problems.is_empty() {
            if !cli.quiet {
                outln!("{}", words::render(&msg!("log-no-problems")));
            }
        } else {
            problems_table(&problems);
        }
        return Ok(Some(()));
    }
    let Some(file) = &args.csv.file else {
        return Ok(None);
    };
    let mut events: Vec<EventRecord> = Vec::new();
    if let Some(s) = state {
        let runs = match args.run {
            Some(id) => vec![s
                .run(id)?
                .ok_or_else(|| CommandError::config(format!("there is no run {id} in the log")))?],
            None => s.runs(args.limit)?,
        };
        // Oldest run first, as a spreadsheet reads down.
        for r in runs.iter().rev() {
            events.extend(s.events(r.id)?);
        }
    }
    match state {
        Some(s) => csv_out::write_events(s, &events, file, args.csv.excel)?,
        None => csv_out::write_events_header(file, args.csv.excel)?,
    }
    Ok(Some(()))
}

fn problems_table(problems: &[crate::state::Problem]) {
    outln!(
        "{}",
        words::render(&msg!("log-problems-heading", count = problems.len()))
    );
    for p in problems {
        let invoice = p.invoice_number.as_deref().unwrap_or("—");
        outln!(
            "  ✗ {invoice:<12} {} → {}",
            crate::human::date_time_text(&p.last_seen),
            words::render(&p.message)
        );
        outln!(
            "    {}",
            words::render(&msg!("log-problem-todo", todo = p.what_to_do.clone()))
        );
    }
}
