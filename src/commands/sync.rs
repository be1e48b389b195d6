//! `rma-harvest sync`: one pass (read → repair → plan → apply → record), or with `--dry-run`
//! the plan alone, written nowhere.

use std::rc::Rc;

use super::error::outcome_code;
use super::services::{self, TokenAccess};
use super::{CommandError, Result};
use crate::cli::{Cli, SyncArgs};
use crate::config::Config;
use crate::exit::ExitCode;
use crate::state::{self, State};
use crate::sync::apply::{apply, Report};
use crate::sync::plan::{plan, Plan, Step};
use crate::sync::{read_snapshot, repair, HarvestApi, ReadOptions, RmaApi, ServiceError};
use crate::{clock, notify};

const LAST_SUCCESS_KEY: &str = "last_successful_run";

pub fn run(cli: &Cli, args: &SyncArgs) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    if args.dry_run {
        return dry_run(cli, &config, args.json);
    }
    let _lock = state::lock(&config.state_path)?;
    notify::ping(&config, "start");
    // A state file that cannot be used is a failed run for the health check too.
    let opened = State::open(&config.state_path).and_then(|s| s.start_run().map(|id| (s, id)));
    let (state, run_id) = match opened {
        Ok(ok) => ok,
        Err(e) => {
            let e = CommandError::from(e);
            notify::ping(&config, &e.exit_code().code().to_string());
            return Err(e);
        }
    };
    // Shared with the Harvest client's token store: a renewed grant is saved through this
    // connection, under the run lock.
    let state = Rc::new(state);
    let started = clock::now();

    let mut report = Report::default();
    let mut exit = ExitCode::Success;
    if let Err(e) = sync_once(&config, &state, &mut report) {
        exit = e.exit_code();
        report.problem_fatal(&super::error::error_text(&e), e.advice());
    }
    let exit = exit.worst(outcome_code(report.worst));
    for ev in &report.events {
        state.add_event(run_id, ev)?;
    }
    state.finish_run(run_id, exit.code(), &report.counts)?;
    if exit <= ExitCode::Refused {
        state.set_meta(LAST_SUCCESS_KEY, &started.to_rfc3339())?;
    }
    print_report(cli, &report, run_id, exit);
    notify::ping(&config, &exit.code().to_string());
    Ok(exit)
}

fn sync_once(config: &Config, state: &Rc<State>, report: &mut Report) -> Result<()> {
    let rma = services::rma_client(config)?;
    let harvest = services::harvest_client(config, TokenAccess::Open(state.clone()))?;
    let result = repair(state, &harvest, &rma, report)
        .and_then(|()| read_and_plan(config, Some(&**state), &harvest, &rma))
        .and_then(|plan| apply(&plan, state, &harvest, &rma, report));
    for w in HarvestApi::warnings(&harvest) {
        report.warning("warning", None, None, None, w);
    }
    Ok(result?)
}

/// Both sides read and the plan made: the same for a real run and a dry run.
fn read_and_plan(
    config: &Config,
    state: Option<&State>,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
) -> std::result::Result<Plan, ServiceError> {
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
    Ok(plan)
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
        if ev.level == "error" {
            problems += 1;
            eprintln!("{}", ev.message);
        } else if !cli.quiet
            && matches!(
                ev.kind,
                "booked" | "linked" | "payment_created" | "payment_deleted" | "customer"
            )
        {
            println!("{}", ev.message);
        } else if !cli.quiet && ev.level == "warning" {
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
            "Run {run_id} needs attention (exit {exit}); details: rma-harvest log --run {run_id}"
        );
    }
}

fn dry_run(cli: &Cli, config: &Config, json: bool) -> Result<ExitCode> {
    // Read-only: no lock, no state file created, no write request to either service.
    let state = State::open_read_only(&config.state_path)?;
    let rma = services::rma_client(config)?;
    let harvest = services::harvest_client(config, TokenAccess::ReadOnly)?;
    let plan = read_and_plan(config, state.as_ref(), &harvest, &rma)?;
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
