//! `rma-harvest check-categories`: every Harvest item category against RMA's articles, and
//! the importable invoices that would be refused because of one.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::services::{self, TokenAccess};
use super::Result;
use crate::cli::{CheckCategoriesArgs, Cli};
use crate::clock::SharedClock;
use crate::exit::ExitCode;
use crate::harvest::types::Invoice;
use crate::state::State;
use crate::sync::{HarvestApi, RmaApi};
use crate::words::{render, Message};
use crate::{errln, msg, outln};

#[derive(Debug, Serialize)]
struct CategoryRow {
    category: String,
    is_article: bool,
    open_invoices: usize,
}

#[derive(Debug)]
struct RefusedInvoice {
    harvest_id: i64,
    number: String,
    client: String,
    lines: Vec<Message>,
}

impl RefusedInvoice {
    /// The sentence for a person: the invoice and each line that is not an article.
    fn message(&self) -> Message {
        msg!(
            "categories-invoice-refused",
            invoice = &self.number,
            client = &self.client,
            lines = self.lines.clone()
        )
    }

    /// For scripts: the rendered lines as before, and `code`/`args` to read instead.
    fn to_json(&self) -> serde_json::Value {
        let m = self.message();
        serde_json::json!({
            "harvest_id": self.harvest_id,
            "number": self.number,
            "client": self.client,
            "lines": self.lines.iter().map(render).collect::<Vec<_>>(),
            "message": render(&m),
            "code": m.code(),
            "args": m.args_json(),
        })
    }
}

type Rows = BTreeMap<String, CategoryRow>;

pub fn run(cli: &Cli, args: &CheckCategoriesArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    let state = State::open_read_only(&config.state_path)?;
    let harvest = services::harvest_client(&config, TokenAccess::ReadOnly, clock)?;
    let rma = services::rma_client(&config, clock)?;

    let parts: HashSet<String> = RmaApi::parts(&rma)?
        .into_iter()
        .map(|p| p.partnumber)
        .collect();
    let mut rows: Rows = BTreeMap::new();
    for c in HarvestApi::item_categories(&harvest)? {
        rows.insert(
            c.name.clone(),
            CategoryRow {
                is_article: parts.contains(&c.name),
                category: c.name,
                open_invoices: 0,
            },
        );
    }
    let mut refused = Vec::new();
    for s in &config.sync.import_states {
        let listed = HarvestApi::invoices(&harvest, s, config.sync.start_date)?;
        for bad in &listed.unreadable {
            log::warn!(
                "{}",
                render(&msg!(
                    "categories-invoice-not-counted",
                    invoice = bad.number.clone().unwrap_or_default(),
                    why = &bad.what
                ))
            );
        }
        for inv in listed.items {
            if let Some(state) = &state {
                if state.invoice(inv.id)?.is_some_and(|l| l.status.is_in_rma()) {
                    continue; // already in RMA: its categories no longer matter
                }
            }
            refused.extend(count_invoice(&inv, &parts, &mut rows));
        }
    }
    let missing_in_use = rows.values().any(|r| !r.is_article && r.open_invoices > 0);
    if args.json {
        let out = serde_json::json!({
            "categories": rows.values().collect::<Vec<_>>(),
            "invoices_refused": refused.iter().map(RefusedInvoice::to_json).collect::<Vec<_>>(),
            "ok": !missing_in_use,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_table(cli, &rows, &refused, missing_in_use);
    }
    Ok(if missing_in_use {
        ExitCode::Refused
    } else {
        ExitCode::Success
    })
}

/// Counts the invoice for each category it uses; the invoice as refused when a line's
/// category is no article.
fn count_invoice(
    inv: &Invoice,
    parts: &HashSet<String>,
    rows: &mut Rows,
) -> Option<RefusedInvoice> {
    let mut lines = Vec::new();
    for (i, line) in inv.line_items.iter().enumerate() {
        let row = rows
            .entry(line.kind.clone())
            .or_insert_with(|| CategoryRow {
                category: line.kind.clone(),
                is_article: parts.contains(&line.kind),
                open_invoices: 0,
            });
        if !row.is_article {
            lines.push(msg!(
                "categories-line-not-article",
                line = i + 1,
                category = &line.kind
            ));
        }
    }
    let mut kinds: Vec<&str> = inv.line_items.iter().map(|l| l.kind.as_str()).collect();
    kinds.sort();
    kinds.dedup();
    for k in kinds {
        if let Some(row) = rows.get_mut(k) {
            row.open_invoices += 1;
        }
    }
    (!lines.is_empty()).then(|| RefusedInvoice {
        harvest_id: inv.id,
        number: inv.number.clone(),
        client: inv.client.name.clone(),
        lines,
    })
}

fn print_table(cli: &Cli, rows: &Rows, refused: &[RefusedInvoice], missing_in_use: bool) {
    if !cli.quiet {
        let heading = [
            render(&msg!("categories-column-category")),
            render(&msg!("categories-column-article")),
            render(&msg!("categories-column-invoices")),
        ];
        let width = rows
            .keys()
            .map(|k| k.chars().count())
            .chain([8, heading[0].chars().count()])
            .max()
            .unwrap_or(8);
        let article_width = heading[1].chars().count().max(10);
        outln!(
            "{:<width$}  {:<article_width$}  {}",
            heading[0],
            heading[1],
            heading[2]
        );
        let missing = render(&msg!("categories-missing"));
        for r in rows.values() {
            let article = if r.is_article {
                "✓"
            } else {
                missing.as_str()
            };
            outln!(
                "{:<width$}  {:<article_width$}  {}",
                r.category,
                article,
                r.open_invoices
            );
        }
    }
    for inv in refused {
        errln!("{}", render(&inv.message()));
    }
    if missing_in_use {
        errln!("{}", render(&msg!("categories-create-articles")));
    } else if !cli.quiet {
        outln!("{}", render(&msg!("categories-all-articles")));
    }
}
