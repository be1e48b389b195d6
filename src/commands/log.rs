//! `rma-harvest log`: recent runs as a table, or one run's events. Reads the state file
//! without locking or writing it.

use super::dismiss::{DISMISSED, UNDISMISSED};
use super::{CommandError, Result};
use crate::cli::{Cli, LogArgs};
use crate::exit::ExitCode;
use crate::human;
use crate::state::{EventRecord, RunRecord, State};
use crate::words;
use crate::{msg, outln};

pub fn run(cli: &Cli, args: &LogArgs) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    // A run without an end is still going while its process holds the lock.
    let running = crate::state::is_held(&config.state_path);
    let state = State::open_read_only(&config.state_path)?;
    if super::log_views::show(cli, args, state.as_ref())?.is_some() {
        return Ok(ExitCode::Success);
    }
    let Some(state) = state else {
        if args.json {
            outln!("{}", serde_json::json!({"open_problems": [], "runs": []}));
        } else if !cli.quiet {
            outln!(
                "No runs recorded yet (no state file at {}).",
                config.state_path.display()
            );
        }
        return Ok(ExitCode::Success);
    };
    if let Some(id) = args.run {
        let run = state
            .run(id)?
            .ok_or_else(|| CommandError::config(format!("there is no run {id} in the log")))?;
        let events = state.events(id)?;
        if args.json {
            let newest = state.runs(1)?.first().map(|r| r.id) == Some(run.id);
            let mut v = serde_json::to_value(&run)?;
            v["kind"] = entry_kind(&events).into();
            v["status"] = status(&run, running && newest).into();
            v["events"] = serde_json::to_value(&events)?;
            if newest && run.exit_code.is_none() {
                v["in_flight"] = serde_json::to_value(in_flight(&state)?)?;
            }
            outln!("{}", serde_json::to_string_pretty(&v)?);
        } else if is_dismissal(&events) {
            outln!(
                "{}",
                crate::words::render(&crate::msg!(
                    "log-dismissal-entry",
                    id = run.id.to_string(),
                    at = human::date_time_text(&run.started_at)
                ))
            );
            for e in events {
                outln!("  · {}", e.message);
            }
        } else {
            let newest = state.runs(1)?.first().map(|r| r.id) == Some(run.id);
            outln!("Run {} — {}", run.id, describe(&run, running && newest));
            if events.is_empty() {
                outln!("  (no events)");
            }
            if newest && run.exit_code.is_none() {
                print_in_flight(&state, "  ")?;
            }
            for e in events {
                let marker = match e.level.as_str() {
                    "error" => "✗",
                    "warning" => "!",
                    _ => "·",
                };
                outln!("  {marker} {}", e.message);
            }
        }
        return Ok(ExitCode::Success);
    }
    let runs = state.runs(args.limit)?;
    let problems = state.open_problems()?;
    if args.json {
        let mut out = Vec::new();
        for (i, r) in runs.iter().enumerate() {
            let mut v = serde_json::to_value(r)?;
            let events = state.events(r.id)?;
            v["kind"] = entry_kind(&events).into();
            v["status"] = status(r, running && i == 0).into();
            if i == 0 && r.exit_code.is_none() {
                v["in_flight"] = serde_json::to_value(in_flight(&state)?)?;
            }
            v["events"] = serde_json::to_value(events)?;
            out.push(v);
        }
        let all = serde_json::json!({"open_problems": problems, "runs": out});
        outln!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::Success);
    }
    // What needs a person first: it may be older than the runs shown.
    if !problems.is_empty() {
        outln!("Open problems ({}):", problems.len());
        for p in &problems {
            outln!(
                "  ✗ {} (first seen {}, last seen {})",
                p.message,
                crate::human::date_time_text(&p.first_seen),
                crate::human::date_time_text(&p.last_seen)
            );
            outln!("    what to do: {}", p.what_to_do);
        }
        outln!("");
    }
    if runs.is_empty() {
        if args.limit == 0 {
            outln!("--limit 0: no runs shown.");
        } else {
            outln!("No runs recorded yet.");
        }
        return Ok(ExitCode::Success);
    }
    outln!(
        "{:>5}  {:<20}  {:<28}  {:>6} {:>6} {:>7} {:>9}",
        "run",
        "started",
        "result",
        "booked",
        "linked",
        "refused",
        "payments"
    );
    for (i, r) in runs.iter().enumerate() {
        let events = state.events(r.id)?;
        // A dismissal is a person's entry, not a sync: no result, no counts.
        if is_dismissal(&events) {
            for e in &events {
                outln!(
                    "{:>5}  {:<20}  {}",
                    r.id,
                    human::date_time_text(&r.started_at),
                    e.message
                );
            }
            continue;
        }
        outln!(
            "{:>5}  {:<20}  {:<28}  {:>6} {:>6} {:>7} {:>9}",
            r.id,
            human::date_time_text(&r.started_at),
            result_text(r, running && i == 0),
            r.counts.booked,
            r.counts.linked,
            r.counts.refused,
            r.counts.payments_created + r.counts.payments_deleted,
        );
        // Booked and linked invoices as number lists (a first run may book hundreds); what
        // needs a person, and every payment change, one line each.
        if i == 0 && r.exit_code.is_none() {
            print_in_flight(&state, "         ")?;
        }
        for (kind, label) in [("booked", "booked"), ("linked", "linked")] {
            let numbers: Vec<&str> = events
                .iter()
                .filter(|e| e.kind == kind)
                .filter_map(|e| e.invoice_number.as_deref())
                .collect();
            if !numbers.is_empty() {
                outln!("         {label}: {}", numbers.join(", "));
            }
        }
        for e in &events {
            if e.level == "error"
                || matches!(
                    e.kind.as_str(),
                    "payment_created" | "payment_deleted" | "payment_rekeyed" | "payment_adopted"
                )
            {
                outln!("         {}", e.message);
            }
        }
    }
    outln!("\n`rma-harvest log --run ID` shows every event of one run.");
    Ok(ExitCode::Success)
}

/// An entry `rma-harvest dismiss` wrote (a dismissal or its undoing), not a sync.
fn is_dismissal(events: &[EventRecord]) -> bool {
    !events.is_empty()
        && events
            .iter()
            .all(|e| matches!(e.kind.as_str(), DISMISSED | UNDISMISSED))
}

/// `kind` in `log --json`: what wrote the entry.
fn entry_kind(events: &[EventRecord]) -> &'static str {
    if is_dismissal(events) {
        "dismissal"
    } else {
        "sync"
    }
}

/// Writes whose intent is recorded but not their outcome: sent (or about to be) by the newest
/// run when it was killed, or in flight in the run going on now. The next run looks each up.
#[derive(serde::Serialize)]
struct InFlight {
    invoices: Vec<String>,
    rma_payment_ids: Vec<i64>,
}

fn in_flight(state: &State) -> Result<InFlight> {
    Ok(InFlight {
        invoices: state
            .invoices_with_status(crate::state::InvoiceStatus::Pending)?
            .into_iter()
            .map(|l| l.harvest_number)
            .collect(),
        rma_payment_ids: state
            .pending_payments()?
            .into_iter()
            .map(|p| p.rma_payment_id)
            .collect(),
    })
}

fn print_in_flight(state: &State, indent: &str) -> Result<()> {
    let f = in_flight(state)?;
    if !f.invoices.is_empty() {
        let invoices = f.invoices.join(", ");
        outln!(
            "{indent}{}",
            words::render(&msg!("log-in-flight-invoices", invoices = invoices))
        );
    }
    if !f.rma_payment_ids.is_empty() {
        let ids: Vec<String> = f.rma_payment_ids.iter().map(i64::to_string).collect();
        let payments = ids.join(", ");
        outln!(
            "{indent}{}",
            words::render(&msg!("log-in-flight-payments", payments = payments))
        );
    }
    Ok(())
}

/// `running`: this run has no end yet and a process holds the run lock (only the newest
/// run can be that one).
fn status(r: &RunRecord, running: bool) -> &'static str {
    match r.exit_code {
        None if running => "running",
        None | Some(130 | 143) => "interrupted",
        Some(_) => "finished",
    }
}

fn result_text(r: &RunRecord, running: bool) -> String {
    match r.exit_code {
        None if running => words::render(&msg!("log-run-running")),
        None => words::render(&msg!("log-run-interrupted")),
        Some(130) => words::render(&msg!("log-run-stopped", signal = "SIGINT", code = 130)),
        Some(143) => words::render(&msg!("log-run-stopped", signal = "SIGTERM", code = 143)),
        Some(0) => "ok".into(),
        Some(1) => "needs attention (exit 1)".into(),
        Some(3) => "authentication failed (exit 3)".into(),
        Some(4) => "service unreachable (exit 4)".into(),
        Some(c) => format!("failed (exit {c})"),
    }
}

fn describe(r: &RunRecord, running: bool) -> String {
    format!(
        "started {}, {}; {} booked, {} linked, {} refused, {} added, {} removed",
        human::date_time_text(&r.started_at),
        result_text(r, running),
        r.counts.booked,
        r.counts.linked,
        r.counts.refused,
        human::count(r.counts.payments_created as usize, "payment", "payments"),
        r.counts.payments_deleted
    )
}
