//! `rma-harvest sync`: one pass (read → repair → plan → apply → record), or with `--dry-run`
//! the plan alone, written nowhere.

use std::collections::HashSet;

use anyhow::Result;

use crate::cli::{Cli, SyncArgs};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::exit::ExitCode;
use crate::notify;
use crate::state::{self, State};
use crate::sync::apply::apply;
use crate::sync::plan::{plan, Plan, Step};
use crate::sync::{
    read_snapshot, record_problems, repair, services, Event, EventKind, HarvestApi, Level,
    ReadOptions, Report, RmaApi, ServiceError,
};

const LAST_SUCCESS_KEY: &str = "last_successful_run";

pub fn run(cli: &Cli, args: &SyncArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    if args.dry_run {
        return dry_run(cli, &config, args.json, clock);
    }
    let _lock = state::lock(&config.state_path)?;
    notify::ping(&config, "start");
    // A state file that cannot be used is a failed run for the health check too.
    let opened = State::open(&config.state_path)
        .map(|s| s.with_clock(clock.clone()))
        .and_then(|s| s.start_run().map(|id| (s, id)));
    let (state, run_id) = match opened {
        Ok(ok) => ok,
        Err(e) => {
            notify::ping(&config, &e.exit_code().code().to_string());
            return Err(e.into());
        }
    };
    let started = clock.now();

    let mut report = Report::default();
    let mut listed = HashSet::new();
    let completed = match sync_once(&config, &state, clock, &mut report, &mut listed) {
        Ok(()) => true,
        Err(e) => {
            report.problem_fatal(&e);
            false
        }
    };
    record_problems(&state, &report, &listed, completed)?;
    let exit = report.exit_code();
    // The feed watermark moves only with a run whose record is written (one transaction).
    let started = started.to_rfc3339();
    let watermark = (exit <= ExitCode::Refused).then_some((LAST_SUCCESS_KEY, started.as_str()));
    let events: Vec<_> = report.events.iter().map(|ev| ev.record()).collect();
    state.record_run_end(run_id, exit, &report.counts, &events, watermark)?;
    print_report(cli, &report, run_id);
    notify::ping(&config, &exit.code().to_string());
    Ok(exit)
}

/// `listed` gets the Harvest invoices read: their problems close when no longer seen.
fn sync_once(
    config: &Config,
    state: &State,
    clock: &SharedClock,
    report: &mut Report,
    listed: &mut HashSet<i64>,
) -> Result<(), ServiceError> {
    let rma = services::rma_api(config, clock)?;
    let harvest = services::harvest_api(config, Some(state), clock)?;
    repair(state, harvest.as_ref(), rma.as_ref(), report)?;
    let (plan, read) = read_and_plan(config, Some(state), harvest.as_ref(), rma.as_ref())?;
    *listed = read;
    let result = apply(&plan, state, harvest.as_ref(), rma.as_ref(), report);
    for w in harvest.warnings() {
        report.add(Event::warning(EventKind::Warning, w));
    }
    result
}

/// Both sides read and the plan made: the same for a real run and a dry run.
fn read_and_plan(
    config: &Config,
    state: Option<&State>,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
) -> Result<(Plan, HashSet<i64>), ServiceError> {
    // The payment feed is asked for what changed since the last run that finished (A1).
    let since = state
        .and_then(|s| s.meta(LAST_SUCCESS_KEY).ok().flatten())
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
        .map(|d| d.with_timezone(&chrono::Utc));
    let snapshot = read_snapshot(
        config,
        state,
        harvest,
        rma,
        &ReadOptions { feed_since: since },
    )?;
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

fn print_report(cli: &Cli, report: &Report, run_id: i64) {
    let mut problems = 0;
    for ev in &report.events {
        if ev.level == Level::Error {
            problems += 1;
            eprintln!("{}", ev.message);
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
            println!("{}", ev.message);
        } else if !cli.quiet && ev.level == Level::Warning {
            eprintln!("warning: {}", ev.message);
        }
    }
    let c = &report.counts;
    if !cli.quiet {
        println!(
            "Run {run_id}: {} booked, {} linked, {} refused, {} customers saved, {} payments added, {} removed.",
            c.booked, c.linked, c.refused, c.customers, c.payments_created, c.payments_deleted
        );
    }
    if problems > 0 {
        eprintln!(
            "Run {run_id} needs attention (exit {}); details: rma-harvest log --run {run_id}",
            report.exit_code()
        );
    }
}

fn dry_run(cli: &Cli, config: &Config, json: bool, clock: &SharedClock) -> Result<ExitCode> {
    // Read-only: no lock, no state file created, no write request to either service.
    let state = State::open_read_only(&config.state_path)?;
    let rma = services::rma_api(config, clock)?;
    let harvest = services::harvest_api(config, state.as_ref(), clock)?;
    let (plan, _) = read_and_plan(config, state.as_ref(), harvest.as_ref(), rma.as_ref())?;
    let pending = match &state {
        Some(s) => {
            s.invoices_with_status(crate::state::InvoiceStatus::Pending)?
                .len()
                + s.pending_payments()?.len()
        }
        None => 0,
    };
    print_plan(cli, &plan, json, pending)?;
    Ok(if plan.needs_attention() {
        ExitCode::Refused
    } else {
        ExitCode::Success
    })
}

fn print_plan(cli: &Cli, plan: &Plan, json: bool, pending: usize) -> Result<()> {
    if json {
        let steps: Vec<serde_json::Value> = plan
            .steps
            .iter()
            .map(|s| {
                let mut v = serde_json::to_value(s).expect("steps serialise");
                v["description"] = serde_json::Value::String(s.describe());
                v
            })
            .collect();
        let out = serde_json::json!({
            "dry_run": true,
            "needs_attention": plan.needs_attention(),
            "pending_from_last_run": pending,
            "steps": steps,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    // The whole plan on stdout; what needs a person also on stderr, as a real run says it.
    for s in &plan.steps {
        if !cli.quiet && !s.is_quiet() {
            println!("{}", s.describe());
        }
        if s.needs_attention() {
            eprintln!("{}", s.describe());
        }
    }
    if !cli.quiet {
        if pending > 0 {
            println!("{pending} writes of an interrupted run are checked first by the real run.");
        }
        let skipped = plan
            .steps
            .iter()
            .filter(|s| matches!(s, Step::SkipInvoice { .. }))
            .count();
        if skipped > 0 {
            println!("{skipped} invoices are left as they are (already in Run my Accounts, or not to be booked); --json lists them.");
        }
        let writes = plan.steps.iter().filter(|s| s.writes()).count();
        let attention = plan.steps.iter().filter(|s| s.needs_attention()).count();
        println!(
            "Dry run: {writes} changes planned, {attention} need a person; nothing was written."
        );
    }
    Ok(())
}
