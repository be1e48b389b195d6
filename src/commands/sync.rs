//! `rma-harvest sync`: one pass (read → repair → plan → apply → record), or with `--dry-run`
//! the plan alone, written nowhere.

use std::collections::HashSet;
use std::rc::Rc;

use super::error::outcome_code;
use super::services::{self, TokenAccess};
use super::{CommandError, Result};
use crate::cli::{Cli, SyncArgs};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::exit::ExitCode;
use crate::notify;
use crate::progress::Progress;
use crate::state::{self, State};
use crate::sync::apply::apply_with_progress;
use crate::sync::plan::{plan, Plan, Step};
use crate::sync::trace::RunStamp;
use crate::sync::{bulk_guard, invoice_filter};
use crate::sync::{
    read_snapshot, record_problems, repair, Event, EventKind, HarvestApi, Level, ReadOptions,
    Report, RmaApi, ServiceError,
};
use crate::words::{render, Message};
use crate::{errln, msg, outln};

/// The start of the last run that finished; `doctor` reads it too, to ask the feed as a run would.
pub const LAST_SUCCESS_KEY: &str = "last_successful_run";

pub fn run(cli: &Cli, args: &SyncArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    if args.dry_run {
        return dry_run(cli, &config, args, clock);
    }
    // A wrong number given to --invoice is a usage error, not a run: said before a run is
    // recorded or the health check pinged, as a dry run says it.
    check_invoice_numbers(&config, args, clock)?;
    let _lock = state::lock(&config.state_path)?;
    // From here a stop signal ends the run cleanly: its record is written, the lock released.
    if let Err(e) = crate::stop::install() {
        log::warn!("stop signals could not be caught ({e}); a stop ends the run at once");
    }
    notify::ping(&config, "start");
    let (state, run_id) = open_run(&config, clock)?;
    // Shared with the Harvest client's token store: a renewed grant is saved through this
    // connection, under the run lock.
    let state = Rc::new(state);
    let started = clock.now();

    let mut report = Report::journaled(state.clone(), run_id);
    let mut listed = HashSet::new();
    let progress = Progress::for_terminal(cli.quiet);
    let stamp = RunStamp {
        run_id,
        date: started
            .with_timezone(&chrono_tz::Europe::Zurich)
            .date_naive(),
    };
    let outcome = sync_once(
        &config,
        args,
        (&state, stamp),
        clock,
        &mut report,
        &mut listed,
        &progress,
    );
    progress.finish();
    // `sync --invoice` looks at a few invoices only; the others' feed rows stay pending.
    let only_listed = !args.invoices.is_empty();
    let applied = matches!(outcome, Ok(true));
    let (completed, exit) = completion(outcome, &mut report);
    record_problems(&state, &report, &listed, completed, only_listed)?;
    let exit = exit.worst(outcome_code(report.worst));
    // The feed watermark moves only with a run whose record is written (one transaction)
    // and whose payment phase ran, over the whole feed (not stopped by the bulk guard, not
    // cut down by --invoice).
    let started = started.to_rfc3339();
    let payments_ran =
        applied && !only_listed && report.of_kind(EventKind::PaymentsStopped).next().is_none();
    let watermark =
        (exit <= ExitCode::Refused && payments_ran).then_some((LAST_SUCCESS_KEY, started.as_str()));
    let events: Vec<_> = report.unwritten().iter().map(|ev| ev.record()).collect();
    state.record_run_end(run_id, exit.code(), &report.counts, &events, watermark)?;
    // The bookkeeper's mail, once the run's work is recorded: a mail that fails costs nothing
    // but makes the run exit at least 1.
    let exit = exit.worst(super::mail::after_sync(&config, &state, run_id, clock));
    // Pinged before printing: output that cannot be written never costs the health check.
    notify::ping(&config, &exit.code().to_string());
    print_report(cli, &report, run_id, exit);
    Ok(exit)
}

/// Opens the state file and records the run's start. A state file that cannot be used is a
/// failed run for the health check too.
fn open_run(config: &Config, clock: &SharedClock) -> Result<(State, i64)> {
    let opened = State::open(&config.state_path)
        .map(|s| s.with_clock(clock.clone()))
        .and_then(|s| s.start_run().map(|id| (s, id)));
    match opened {
        Ok(ok) => Ok(ok),
        Err(e) => {
            let e = CommandError::from(e);
            notify::ping(config, &e.exit_code().code().to_string());
            Err(e)
        }
    }
}

/// Whether the run looked at everything (so problems it no longer sees are gone), and the
/// exit code its outcome gives; a run that ended early says why in the report.
fn completion(outcome: Result<bool>, report: &mut Report) -> (bool, ExitCode) {
    match outcome {
        // A stop signal after the last write: the run still says it was stopped.
        Ok(_) if crate::stop::requested().is_some() => {
            let reason = crate::stop::reason().unwrap_or_default();
            report.problem_fatal(reason, Some(msg!("stop-advice").into()));
            (
                false,
                super::error::stop_code(crate::failure::Category::Stopped),
            )
        }
        // A phase that stopped did not look: its problems are not gone for being unseen.
        Ok(completed) => (completed && !report.has_stopped_phase(), ExitCode::Success),
        Err(e) => {
            report.problem_fatal(
                super::error::error_text(&e),
                e.advice_message().map(Into::into),
            );
            (false, e.exit_code())
        }
    }
}

/// `sync --invoice`: every number must be an importable Harvest invoice or one the state
/// knows as booked or linked. A read that fails here decides nothing: the run that follows
/// meets the same failure and records it as its own.
fn check_invoice_numbers(config: &Config, args: &SyncArgs, clock: &SharedClock) -> Result<()> {
    if args.invoices.is_empty() {
        return Ok(());
    }
    let Ok(harvest) = services::harvest_client(config, TokenAccess::ReadOnly, clock) else {
        return Ok(());
    };
    let mut listed = Vec::new();
    for s in &config.sync.import_states {
        match HarvestApi::invoices(&harvest, s, config.sync.start_date) {
            Ok(found) => listed.extend(found.items.into_iter().map(|i| i.number)),
            Err(_) => return Ok(()),
        }
    }
    // A state file that cannot be used is the run's to report (exit 6, with its ping).
    let Ok(state) = State::open_read_only(&config.state_path) else {
        return Ok(());
    };
    let mut found: HashSet<&str> = listed.iter().map(|n| n.trim()).collect();
    let mut booked = Vec::new();
    for number in &args.invoices {
        if let Some(state) = &state {
            match state.booked_invoice_by_harvest_number(number) {
                Ok(link) => booked.extend(link),
                Err(_) => return Ok(()),
            }
        }
    }
    found.extend(booked.iter().map(|l| l.harvest_number.trim()));
    match invoice_filter::not_importable(&args.invoices, &found, &config.sync) {
        Some(message) => Err(CommandError::config(render(&message))),
        None => Ok(()),
    }
}

/// `listed` gets the Harvest invoices read: their problems close when no longer seen.
/// `Ok(false)`: the run stopped before applying anything (the bulk guard).
fn sync_once(
    config: &Config,
    args: &SyncArgs,
    (state, stamp): (&Rc<State>, RunStamp),
    clock: &SharedClock,
    report: &mut Report,
    listed: &mut HashSet<i64>,
    progress: &Progress,
) -> Result<bool> {
    let rma = services::rma_client(config, clock)?;
    let harvest = services::harvest_client(config, TokenAccess::Open(state.clone()), clock)?;
    repair(state, &config.sync, &harvest, &rma, report)?;
    let (plan, read) = read_and_plan(
        config,
        args,
        (Some(&**state), Some(stamp)),
        &harvest,
        &rma,
        progress,
    )?;
    if let Some(message) = bulk_guard::refusal(&plan, max_new_bookings(config, args), false) {
        report.add(Event::error(EventKind::Error, message));
        return Ok(false);
    }
    *listed = read;
    let result = apply_with_progress(&plan, state, &harvest, &rma, report, progress);
    for w in HarvestApi::warnings(&harvest) {
        // The Harvest client says these in its own words.
        report.add(Event::warning(EventKind::Warning, Message::Text(w)));
    }
    result?;
    Ok(true)
}

fn max_new_bookings(config: &Config, args: &SyncArgs) -> usize {
    args.max_new_bookings
        .unwrap_or(config.sync.max_new_bookings)
}

/// Both sides read and the plan made: the same for a real run and a dry run.
fn read_and_plan(
    config: &Config,
    args: &SyncArgs,
    (state, run): (Option<&State>, Option<RunStamp>),
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    progress: &Progress,
) -> std::result::Result<(Plan, HashSet<i64>), ServiceError> {
    progress.reading(&render(&msg!("sync-progress-reading")));
    // The payment feed is asked for what changed since the last run that finished (A1).
    let since = state
        .map(|s| s.meta(LAST_SUCCESS_KEY))
        .transpose()?
        .flatten()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&chrono::Utc));
    let mut snapshot = read_snapshot(
        config,
        state,
        harvest,
        rma,
        &ReadOptions { feed_since: since },
    )?;
    snapshot.run = run;
    if !args.invoices.is_empty() {
        if let Some(state) = state {
            invoice_filter::add_booked_earlier(&mut snapshot, state, &args.invoices)?;
        }
        invoice_filter::restrict_to_invoices(&mut snapshot, &args.invoices, &config.sync).map_err(
            |message| ServiceError::Failed {
                category: crate::failure::Category::Config,
                message: render(&message),
            },
        )?;
    }
    log_snapshot(&snapshot);
    let plan = plan(&snapshot, &config.sync, config.rma.ar_account.as_deref());
    log::info!(
        "{} steps planned, {} of them writes",
        plan.steps.len(),
        plan.steps.iter().filter(|s| s.writes()).count()
    );
    Ok((plan, snapshot.invoices.iter().map(|i| i.id).collect()))
}

/// At `-v`: what was read, so a person can see why the plan is what it is.
fn log_snapshot(s: &crate::sync::plan::Snapshot) {
    log::info!(
        "read {} importable Harvest invoices ({} known), {} clients, {} RMA articles, {} payment feed rows",
        s.invoices.len(),
        s.known_invoices.len(),
        s.clients.len(),
        s.parts.len(),
        s.feed.len()
    );
}

fn print_report(cli: &Cli, report: &Report, run_id: i64, exit: ExitCode) {
    let mut problems = 0;
    for ev in &report.events {
        if ev.level == Level::Error {
            problems += 1;
            errln!("{}", render(&ev.message));
        } else if !cli.quiet
            && matches!(
                ev.kind,
                EventKind::Booked
                    | EventKind::Linked
                    | EventKind::PaymentCreated
                    | EventKind::PaymentDeleted
                    | EventKind::Customer
            )
        {
            outln!("{}", render(&ev.message));
        } else if !cli.quiet && ev.level == Level::Warning {
            errln!(
                "{}",
                render(&msg!("sync-warning", warning = ev.message.clone()))
            );
        }
    }
    let c = &report.counts;
    if !cli.quiet {
        // A stopped phase is said in the summary too: its zeros mean "not done", not "nothing".
        let mut summary = vec![msg!(
            "sync-summary",
            run = run_id,
            booked = c.booked,
            linked = c.linked,
            refused = c.refused,
            customers = c.customers,
            payments = c.payments_created,
            removed = c.payments_deleted
        )];
        if report.of_kind(EventKind::BookingStopped).next().is_some() {
            summary.push(msg!("sync-summary-booking-stopped"));
        }
        if report.of_kind(EventKind::PaymentsStopped).next().is_some() {
            summary.push(msg!("sync-summary-payments-stopped"));
        }
        let lines: Vec<String> = summary.iter().map(render).collect();
        outln!("{}", lines.join(" "));
    }
    if problems > 0 {
        errln!(
            "{}",
            render(&msg!(
                "sync-needs-attention",
                run = run_id,
                exit = exit.code(),
                command = super::command_for_hints(cli)
            ))
        );
    }
}

fn dry_run(cli: &Cli, config: &Config, args: &SyncArgs, clock: &SharedClock) -> Result<ExitCode> {
    // Read-only: no lock, no state file created, no write request to either service.
    let state = State::open_read_only(&config.state_path)?;
    let rma = services::rma_client(config, clock)?;
    let harvest = services::harvest_client(config, TokenAccess::ReadOnly, clock)?;
    let progress = Progress::for_terminal(cli.quiet || args.json);
    let read = read_and_plan(
        config,
        args,
        (state.as_ref(), None),
        &harvest,
        &rma,
        &progress,
    );
    // Also when the read failed: a spinner left running would garble the error line.
    progress.finish();
    let (plan, _) = read?;
    let guard = bulk_guard::refusal(&plan, max_new_bookings(config, args), true);
    // A real run going on now: its intents are in flight, not left by an interrupted run.
    let running = state::is_held(&config.state_path);
    let pending = match &state {
        Some(_) if running => 0,
        Some(s) => {
            s.invoices_with_status(crate::state::InvoiceStatus::Pending)?
                .len()
                + s.pending_payments()?.len()
        }
        None => 0,
    };
    print_plan(cli, &plan, args.json, (pending, running), guard.as_ref())?;
    let attention = if plan.needs_attention() || guard.is_some() {
        ExitCode::Refused
    } else {
        ExitCode::Success
    };
    // As the real run would exit: a phase stopped by a failing service counts with its code.
    Ok(plan
        .steps
        .iter()
        .filter_map(Step::stop_failure)
        .fold(attention, |worst, e| {
            worst.worst(outcome_code(Some(e.category())))
        }))
}

fn print_plan(
    cli: &Cli,
    plan: &Plan,
    json: bool,
    (pending, running): (usize, bool),
    guard: Option<&Message>,
) -> Result<()> {
    if json {
        return print_plan_json(plan, (pending, running), guard);
    }
    // The whole plan on stdout; what needs a person also on stderr, as a real run says it,
    // unless both go to the same place (a terminal, `2>&1`, cron mail), where it would be
    // read twice.
    let listed = !cli.quiet;
    let one_stream = crate::output::stdout_is_stderr();
    let attention = |line: &str| {
        if listed {
            outln!("{line}");
        }
        if !(listed && one_stream) {
            errln!("{line}");
        }
    };
    for s in &plan.steps {
        if s.needs_attention() {
            attention(&render(&s.describe()));
        } else if listed && !s.is_quiet() {
            outln!("{}", render(&s.describe()));
        }
    }
    if let Some(message) = guard {
        attention(&render(message));
    }
    if !cli.quiet {
        print_plan_summary(plan, (pending, running));
    }
    Ok(())
}

/// The dry run's plan as JSON: every step with its rendered sentence, code and arguments.
fn print_plan_json(
    plan: &Plan,
    (pending, running): (usize, bool),
    guard: Option<&Message>,
) -> Result<()> {
    let steps: Vec<serde_json::Value> = plan
        .steps
        .iter()
        .map(|s| {
            let mut v = serde_json::to_value(s).expect("steps serialise");
            let description = s.describe();
            v["description"] = render(&description).into();
            v["code"] = description.code().into();
            v["args"] = description.args_json();
            v
        })
        .collect();
    let out = serde_json::json!({
        "dry_run": true,
        "needs_attention": plan.needs_attention() || guard.is_some(),
        "pending_from_last_run": pending,
        "run_in_progress": running,
        "new_bookings": bulk_guard::new_bookings(plan),
        "bulk_guard": guard.map(render),
        "bulk_guard_code": guard.and_then(Message::code),
        "bulk_guard_args": guard.map(Message::args_json),
        "steps": steps,
    });
    outln!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// The dry run's closing lines: a run beside it, what waits from the last run, what is
/// skipped, and how many changes and problems the plan holds.
fn print_plan_summary(plan: &Plan, (pending, running): (usize, bool)) {
    if running {
        outln!(
            "{}",
            crate::words::render(&crate::msg!("dry-run-beside-a-run"))
        );
    }
    if pending > 0 {
        outln!("{}", render(&msg!("sync-dry-run-pending", count = pending)));
    }
    let skipped = plan
        .steps
        .iter()
        .filter(|s| matches!(s, Step::SkipInvoice { .. }))
        .count();
    if skipped > 0 {
        outln!("{}", render(&msg!("sync-dry-run-skipped", count = skipped)));
    }
    // A link is a change too (the invoice is RMA's from then on), as is a customer save.
    let changes = plan
        .steps
        .iter()
        .filter(|s| s.writes() || matches!(s, Step::LinkInvoice { .. }))
        .count();
    let attention = plan.steps.iter().filter(|s| s.needs_attention()).count();
    outln!(
        "{}",
        render(&msg!(
            "sync-dry-run-summary",
            changes = changes,
            attention = attention
        ))
    );
}
