//! `rma-harvest reconcile`: reads both books for a range (lists only: Harvest's invoices and
//! clients, RMA's invoices and payment feed) and the state file, compares them with
//! [`crate::reconcile::compare`] and prints the verdicts. Read-only like `doctor`: no lock,
//! no state file created, GET requests only, nothing acknowledged; only a renewed Harvest
//! grant is saved.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;

use super::services::{self, TokenAccess};
use super::{reconcile_out, CommandError, Result};
use crate::cli::{Cli, ReconcileArgs};
use crate::clock::SharedClock;
use crate::config::SyncConfig;
use crate::exit::ExitCode;
use crate::reconcile::{compare, Books, Known};
use crate::rma::types::FeedRow;
use crate::state::{InvoiceStatus, State};
use crate::sync::{mapping, HarvestApi, RmaApi, ServiceError};
use crate::{msg, words};

pub fn run(cli: &Cli, args: &ReconcileArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    let state = State::open_read_only(&config.state_path)?;
    let (known, held) = match &state {
        Some(s) => (known_invoices(s)?, s.held_writes()?),
        None => (Vec::new(), Vec::new()),
    };
    let today = clock
        .now()
        .with_timezone(&chrono_tz::Europe::Zurich)
        .date_naive();
    let from = args
        .from
        .or(config.sync.start_date)
        .or_else(|| known.iter().filter_map(|k| k.link.issue_date).min())
        .unwrap_or(today);
    let to = args.to.unwrap_or(today);
    if from > to {
        return Err(CommandError::config(words::render(&msg!(
            "reconcile-range-reversed",
            from = from,
            to = to
        ))));
    }
    let rma = services::rma_client(&config, clock)?;
    let harvest = services::harvest_client(&config, TokenAccess::ReadOnly, clock)?;
    let since = match &state {
        Some(s) => s
            .meta(super::sync::LAST_SUCCESS_KEY)?
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|d| d.with_timezone(&chrono::Utc)),
        None => None,
    };
    let mut books = Books {
        from,
        to,
        known,
        held,
        ..Books::default()
    };
    let unreadable = read_books(&harvest, &rma, &mut books, (&config.sync, since))?;
    let (rows, summary) = compare(&books, &config.sync);
    let exit = if summary.agrees() && unreadable.is_empty() {
        ExitCode::Success
    } else {
        ExitCode::Refused
    };
    let out = reconcile_out::Report {
        from,
        to,
        rows: &rows,
        summary: &summary,
        unreadable: &unreadable,
    };
    if let Some(file) = &args.csv.file {
        reconcile_out::write_csv(&out, file, args.csv.excel)?;
    } else if args.json {
        reconcile_out::print_json(&out)?;
    } else {
        reconcile_out::print_table(&out, cli.quiet);
    }
    Ok(exit)
}

/// The lists of both sides for the range: a fixed number of paged calls, whatever the
/// number of invoices (single look-ups only for RMA entries listed without their totals).
/// Returns what Harvest sent that could not be read.
fn read_books(
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    books: &mut Books,
    (sync, feed_since): (&SyncConfig, Option<chrono::DateTime<chrono::Utc>>),
) -> std::result::Result<Vec<String>, ServiceError> {
    let (from, to) = (books.from, books.to);
    let listed = harvest.issued_invoices(from, to)?;
    books.harvest = listed.items;
    if !books.harvest.is_empty() {
        books.clients = harvest
            .clients()?
            .items
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
    }
    let unreadable = unreadable_text(&listed.unreadable);
    books.rma = match rma.invoices(from, to) {
        Ok(list) => list,
        Err(ServiceError::Refused(why)) => {
            log::warn!(
                "Run my Accounts refused the invoice list ({why}); asking for each invoice instead, so invoices only Run my Accounts has are not seen"
            );
            let mut found = Vec::new();
            for number in expected_numbers(books, sync) {
                found.extend(rma.invoice(&number)?);
            }
            found
        }
        Err(e) => return Err(e),
    };
    for inv in books.rma.iter_mut() {
        if inv.amount.is_none() || inv.paid.is_none() {
            if let Some(full) = rma.invoice(&inv.invnumber)? {
                *inv = full;
            }
        }
    }
    // Only to say why a paid amount differs: read, never acknowledged.
    books.feed = rma
        .payment_feed(feed_since)?
        .into_iter()
        .filter_map(|row| match row {
            FeedRow::Payment(p) => Some(p),
            FeedRow::Unreadable(_) => None,
        })
        .collect();
    Ok(unreadable)
}

/// The RMA numbers the range should have: those the state took, and those Harvest's
/// invoices get.
fn expected_numbers(books: &Books, sync: &SyncConfig) -> BTreeSet<String> {
    let in_range = |d: NaiveDate| d >= books.from && d <= books.to;
    let known = books
        .known
        .iter()
        .filter(|k| k.link.issue_date.is_some_and(in_range))
        .map(|k| k.link.rma_invnumber.clone());
    let listed = books
        .harvest
        .iter()
        .map(|i| mapping::rma_invoice_number(&sync.invoice_number, i));
    known.chain(listed).collect()
}

/// Harvest entries that could not be read: the books cannot be said to agree on them.
fn unreadable_text(entries: &[crate::harvest::types::Unreadable]) -> Vec<String> {
    entries
        .iter()
        .map(|e| match (&e.number, e.id) {
            (Some(n), _) => format!("{n}: {}", e.what),
            (None, Some(id)) => format!("id {id}: {}", e.what),
            (None, None) => e.what.clone(),
        })
        .collect()
}

/// Every invoice row of the state, with its marks, whether its collision is open, and what
/// a bookkeeper dismissed about it.
fn known_invoices(state: &State) -> Result<Vec<Known>> {
    let collided: HashSet<i64> = state
        .open_problems()?
        .into_iter()
        .filter(|p| p.kind == "number_collision")
        .filter_map(|p| p.harvest_invoice_id)
        .collect();
    let mut dismissed: HashMap<i64, Vec<String>> = HashMap::new();
    for p in state.dismissed_problems()? {
        if let Some(id) = p.harvest_invoice_id {
            dismissed.entry(id).or_default().push(p.message);
        }
    }
    let mut known = Vec::new();
    for status in InvoiceStatus::ALL {
        for link in state.invoices_with_status(status)? {
            let id = link.harvest_id;
            known.push(Known {
                marks: state.invoice_marks(id)?,
                collision: collided.contains(&id),
                dismissed: dismissed.remove(&id).unwrap_or_default(),
                link,
            });
        }
    }
    Ok(known)
}
