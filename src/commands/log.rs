//! `rma-harvest log`: recent runs as a table, or one run's events. Reads the state file
//! without locking or writing it. Every sentence is said in the reader's language; rows an
//! earlier version wrote are shown as they were written.

use serde_json::Value;

use super::dismiss::{DISMISSED, UNDISMISSED};
use super::{CommandError, Result};
use crate::cli::{Cli, LogArgs};
use crate::exit::ExitCode;
use crate::human;
use crate::state::{EventRecord, Problem, RunRecord, State};
use crate::words::{render, Message};
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
            let path = config.state_path.display().to_string();
            outln!("{}", render(&msg!("log-no-state-file", path = path)));
        }
        return Ok(ExitCode::Success);
    };
    if let Some(id) = args.run {
        return show_run(&state, id, args.json, running);
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
            v["events"] = events_json(&events)?;
            out.push(v);
        }
        let problems: Vec<Value> = problems.iter().map(problem_json).collect::<Result<_>>()?;
        let all = serde_json::json!({"open_problems": problems, "runs": out});
        outln!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::Success);
    }
    // What needs a person first: it may be older than the runs shown.
    print_problems(&problems);
    if runs.is_empty() {
        let message = match args.limit {
            0 => msg!("log-limit-zero"),
            _ => msg!("log-no-runs"),
        };
        outln!("{}", render(&message));
        return Ok(ExitCode::Success);
    }
    let table = Table::new(&runs, running);
    outln!("{}", table.line(&table.titles));
    for (i, r) in runs.iter().enumerate() {
        let events = state.events(r.id)?;
        // A dismissal is a person's entry, not a sync: no result, no counts.
        if is_dismissal(&events) {
            for e in &events {
                outln!(
                    "{:>w0$}  {:<w1$}  {}",
                    r.id,
                    human::date_time_text(&r.started_at),
                    render(&e.message),
                    w0 = table.widths[0],
                    w1 = table.widths[1]
                );
            }
            continue;
        }
        print_run(&table, r, running && i == 0);
        if i == 0 && r.exit_code.is_none() {
            print_in_flight(&state, "         ")?;
        }
        print_run_events(&events);
    }
    outln!("\n{}", render(&msg!("log-footer")));
    Ok(ExitCode::Success)
}

/// `log --run ID`: one run and every event of it.
fn show_run(state: &State, id: i64, json: bool, running: bool) -> Result<ExitCode> {
    let run = state
        .run(id)?
        .ok_or_else(|| CommandError::config(render(&msg!("log-no-such-run", run = id))))?;
    let events = state.events(id)?;
    let newest = state.runs(1)?.first().map(|r| r.id) == Some(run.id);
    if json {
        let mut v = serde_json::to_value(&run)?;
        v["kind"] = entry_kind(&events).into();
        v["status"] = status(&run, running && newest).into();
        v["events"] = events_json(&events)?;
        if newest && run.exit_code.is_none() {
            v["in_flight"] = serde_json::to_value(in_flight(state)?)?;
        }
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::Success);
    }
    if is_dismissal(&events) {
        let title = msg!(
            "log-dismissal-entry",
            id = run.id.to_string(),
            at = human::date_time_text(&run.started_at)
        );
        outln!("{}", render(&title));
        for e in events {
            outln!("  · {}", render(&e.message));
        }
        return Ok(ExitCode::Success);
    }
    outln!("{}", render(&describe(&run, running && newest)));
    if events.is_empty() {
        outln!("  {}", render(&msg!("log-no-events")));
    }
    if newest && run.exit_code.is_none() {
        print_in_flight(state, "  ")?;
    }
    for e in events {
        let marker = match e.level.as_str() {
            "error" => "✗",
            "warning" => "!",
            _ => "·",
        };
        outln!("  {marker} {}", render(&e.message));
    }
    Ok(ExitCode::Success)
}

fn print_problems(problems: &[Problem]) {
    if problems.is_empty() {
        return;
    }
    outln!(
        "{}",
        render(&msg!("log-open-problems", count = problems.len()))
    );
    for p in problems {
        let line = msg!(
            "log-open-problem",
            problem = p.message.clone(),
            first = human::date_time_text(&p.first_seen),
            last = human::date_time_text(&p.last_seen)
        );
        outln!("  ✗ {}", render(&line));
        let todo = msg!("log-what-to-do", todo = p.what_to_do.clone());
        outln!("    {}", render(&todo));
    }
    outln!("");
}

/// The run table: each column as wide as its title and its widest cell, at least as wide as
/// the English table always was.
struct Table {
    titles: Vec<String>,
    widths: Vec<usize>,
}

impl Table {
    fn new(runs: &[RunRecord], running: bool) -> Table {
        let titles: Vec<String> = [
            msg!("log-column-run"),
            msg!("log-column-started"),
            msg!("log-column-result"),
            msg!("log-column-booked"),
            msg!("log-column-linked"),
            msg!("log-column-refused"),
            msg!("log-column-payments"),
        ]
        .iter()
        .map(render)
        .collect();
        let results = runs
            .iter()
            .enumerate()
            .map(|(i, r)| render(&result_text(r, running && i == 0)).chars().count());
        let mut widths: Vec<usize> = [5, 20, 28, 6, 6, 7, 9]
            .into_iter()
            .zip(&titles)
            .map(|(least, title)| least.max(title.chars().count()))
            .collect();
        widths[2] = widths[2].max(results.max().unwrap_or(0));
        Table { titles, widths }
    }

    /// One line: the run number right-aligned, start and result left-aligned, the counts
    /// right-aligned.
    fn line(&self, cells: &[String]) -> String {
        let w = &self.widths;
        format!(
            "{:>w0$}  {:<w1$}  {:<w2$}  {:>w3$} {:>w4$} {:>w5$} {:>w6$}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            cells[4],
            cells[5],
            cells[6],
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3],
            w4 = w[4],
            w5 = w[5],
            w6 = w[6]
        )
    }
}

/// One run's row, its booked and linked invoices as number lists (a first run may book
/// hundreds), and what needs a person and every payment change, one line each.
fn print_run(table: &Table, r: &RunRecord, running: bool) {
    let cells = [
        r.id.to_string(),
        human::date_time_text(&r.started_at),
        render(&result_text(r, running)),
        r.counts.booked.to_string(),
        r.counts.linked.to_string(),
        r.counts.refused.to_string(),
        (r.counts.payments_created + r.counts.payments_deleted).to_string(),
    ];
    outln!("{}", table.line(&cells));
}

/// Below a run's row: its booked and linked invoices as number lists, and what needs a
/// person and every payment change, one line each.
fn print_run_events(events: &[EventRecord]) {
    let numbers = |kind: &str| -> String {
        let numbers: Vec<&str> = events
            .iter()
            .filter(|e| e.kind == kind)
            .filter_map(|e| e.invoice_number.as_deref())
            .collect();
        numbers.join(", ")
    };
    let (booked, linked) = (numbers("booked"), numbers("linked"));
    if !booked.is_empty() {
        outln!(
            "         {}",
            render(&msg!("log-booked-list", numbers = booked))
        );
    }
    if !linked.is_empty() {
        outln!(
            "         {}",
            render(&msg!("log-linked-list", numbers = linked))
        );
    }
    for e in events {
        if e.level == "error"
            || matches!(
                e.kind.as_str(),
                "payment_created" | "payment_deleted" | "payment_rekeyed" | "payment_adopted"
            )
        {
            outln!("         {}", render(&e.message));
        }
    }
}

/// A message's three JSON fields: the text in the reader's language under `key`, and the id
/// and arguments that scripts read (`null` for a row an earlier version wrote).
fn message_fields(v: &mut Value, key: &str, prefix: &str, message: &Message) {
    v[key] = render(message).into();
    v[format!("{prefix}code")] = message.code().into();
    v[format!("{prefix}args")] = match message.code() {
        Some(_) => message.args_json(),
        None => Value::Null,
    };
}

fn events_json(events: &[EventRecord]) -> Result<Value> {
    let mut out = Vec::new();
    for e in events {
        let mut v = serde_json::to_value(e)?;
        message_fields(&mut v, "message", "", &e.message);
        out.push(v);
    }
    Ok(Value::Array(out))
}

fn problem_json(p: &Problem) -> Result<Value> {
    let mut v = serde_json::to_value(p)?;
    message_fields(&mut v, "message", "", &p.message);
    message_fields(&mut v, "what_to_do", "what_to_do_", &p.what_to_do);
    Ok(v)
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
            render(&msg!("log-in-flight-invoices", invoices = invoices))
        );
    }
    if !f.rma_payment_ids.is_empty() {
        let ids: Vec<String> = f.rma_payment_ids.iter().map(i64::to_string).collect();
        let payments = ids.join(", ");
        outln!(
            "{indent}{}",
            render(&msg!("log-in-flight-payments", payments = payments))
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

fn result_text(r: &RunRecord, running: bool) -> Message {
    match r.exit_code {
        None if running => msg!("log-run-running"),
        None => msg!("log-run-interrupted"),
        Some(130) => msg!("log-run-stopped", signal = "SIGINT", code = 130),
        Some(143) => msg!("log-run-stopped", signal = "SIGTERM", code = 143),
        Some(0) => msg!("log-result-ok"),
        Some(1) => msg!("log-result-needs-attention"),
        Some(3) => msg!("log-result-auth-failed"),
        Some(4) => msg!("log-result-unreachable"),
        Some(c) => msg!("log-result-failed", exit = c),
    }
}

fn describe(r: &RunRecord, running: bool) -> Message {
    msg!(
        "log-run-title",
        run = r.id,
        started = human::date_time_text(&r.started_at),
        result = result_text(r, running),
        booked = r.counts.booked,
        linked = r.counts.linked,
        refused = r.counts.refused,
        payments = r.counts.payments_created,
        removed = r.counts.payments_deleted
    )
}
