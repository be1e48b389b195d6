//! How `reconcile` shows its verdicts: a table for a person (in `ui.language`), JSON for
//! scripts (ISO dates, exact amounts), CSV for a spreadsheet (one row per invoice).

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::csv_out::{amount, Csv};
use super::Result;
use crate::reconcile::{Row, Summary};
use crate::words::{self, Arg};
use crate::{msg, outln};

pub(super) struct Report<'a> {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: &'a [Row],
    pub summary: &'a Summary,
    pub unreadable: &'a [String],
}

/// The columns of `reconcile --csv` (README "CSV").
pub(crate) const COLUMNS: [&str; 13] = [
    "issue_date",
    "harvest_number",
    "harvest_id",
    "client",
    "currency",
    "harvest_total",
    "harvest_paid",
    "rma_number",
    "rma_total",
    "rma_paid",
    "verdict",
    "detail",
    "what_to_do",
];

pub(super) fn write_csv(r: &Report<'_>, file: &Path, excel: bool) -> Result<()> {
    let mut csv = Csv::new(&COLUMNS, excel)?;
    for row in r.rows {
        csv.row([
            row.issue_date.map(|d| d.to_string()).unwrap_or_default(),
            row.harvest_number.clone().unwrap_or_default(),
            row.harvest_id.map(|i| i.to_string()).unwrap_or_default(),
            row.client.clone(),
            row.currency.clone(),
            amount(row.harvest_total),
            amount(row.harvest_paid),
            row.rma_number.clone().unwrap_or_default(),
            amount(row.rma_total),
            amount(row.rma_paid),
            row.verdict.code().to_string(),
            words::render(&row.verdict.message()),
            todo_text(row),
        ])?;
    }
    csv.finish(file)
}

fn todo_text(row: &Row) -> String {
    row.verdict
        .what_to_do()
        .map(|m| words::render(&m))
        .unwrap_or_default()
}

pub(super) fn print_json(r: &Report<'_>) -> Result<()> {
    let mut invoices = Vec::new();
    for row in r.rows {
        let mut v = serde_json::to_value(row)?;
        v["text"] = words::render(&row.verdict.message()).into();
        v["what_to_do"] = row.verdict.what_to_do().map(|m| words::render(&m)).into();
        invoices.push(v);
    }
    let out = serde_json::json!({
        "from": r.from,
        "to": r.to,
        "agree": r.summary.agrees() && r.unreadable.is_empty(),
        "invoices": invoices,
        "summary": r.summary,
        "unreadable": r.unreadable,
    });
    outln!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}

/// The figure without its currency (the table has a currency column): `1'234.50`.
fn cell(currency: &str, a: Option<Decimal>) -> String {
    a.map(|a| {
        let text = words::money(currency, a);
        text.split_once(' ')
            .map(|(_, n)| n.to_string())
            .unwrap_or(text)
    })
    .unwrap_or_else(|| "—".into())
}

pub(super) fn print_table(r: &Report<'_>, quiet: bool) {
    if !quiet {
        outln!(
            "{}\n",
            words::render(&msg!("reconcile-heading", from = r.from, to = r.to))
        );
    }
    // With --quiet only the differences, as cron mail would want them.
    let shown: Vec<&Row> = r
        .rows
        .iter()
        .filter(|row| !quiet || row.verdict.is_difference())
        .collect();
    let mut lines: Vec<[String; 9]> = vec![[
        words::render(&msg!("reconcile-col-invoice")),
        words::render(&msg!("reconcile-col-client")),
        String::new(),
        words::render(&msg!("reconcile-col-harvest-total")),
        words::render(&msg!("reconcile-col-harvest-paid")),
        words::render(&msg!("reconcile-col-rma-invoice")),
        words::render(&msg!("reconcile-col-rma-total")),
        words::render(&msg!("reconcile-col-rma-paid")),
        words::render(&msg!("reconcile-col-verdict")),
    ]];
    for row in &shown {
        lines.push([
            row.harvest_number.clone().unwrap_or_else(|| "—".into()),
            truncate(&row.client, 24),
            row.currency.clone(),
            cell(&row.currency, row.harvest_total),
            cell(&row.currency, row.harvest_paid),
            row.rma_number.clone().unwrap_or_else(|| "—".into()),
            cell(&row.currency, row.rma_total),
            cell(&row.currency, row.rma_paid),
            words::render(&row.verdict.message()),
        ]);
    }
    let width = |i: usize| {
        lines
            .iter()
            .map(|l| l[i].chars().count())
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..8).map(width).collect();
    let right = [false, false, false, true, true, false, true, true];
    let text = |l: &[String; 9]| {
        let mut out = String::new();
        for i in 0..8 {
            let fill = " ".repeat(widths[i].saturating_sub(l[i].chars().count()));
            if right[i] {
                out.push_str(&format!("{fill}{}  ", l[i]));
            } else {
                out.push_str(&format!("{}{fill}  ", l[i]));
            }
        }
        out.push_str(&l[8]);
        out.trim_end().to_string()
    };
    if !shown.is_empty() {
        outln!("{}", text(&lines[0]));
    }
    for (line, row) in lines[1..].iter().zip(&shown) {
        outln!("{}", text(line));
        if let Some(todo) = row.verdict.what_to_do() {
            outln!(
                "    → {}",
                words::render(&msg!("reconcile-what-to-do", todo = todo))
            );
        }
    }
    for what in r.unreadable {
        outln!(
            "{}",
            words::render(&msg!("reconcile-unreadable", what = what))
        );
    }
    print_summary(r, quiet);
}

fn print_summary(r: &Report<'_>, quiet: bool) {
    if r.rows.is_empty() && !quiet {
        outln!("{}", words::render(&msg!("reconcile-none")));
        return;
    }
    if quiet && r.summary.agrees() {
        return;
    }
    outln!("");
    for (currency, s) in &r.summary.currencies {
        let m = |a: Decimal| Arg::money(currency, a);
        outln!(
            "{}",
            words::render(&msg!(
                "reconcile-sum",
                currency = currency,
                count = s.invoices,
                harvest_total = m(s.harvest_total),
                rma_total = m(s.rma_total),
                total_difference = m(s.total_difference),
                harvest_paid = m(s.harvest_paid),
                rma_paid = m(s.rma_paid),
                paid_difference = m(s.paid_difference)
            ))
        );
    }
    outln!(
        "{}",
        words::render(&if r.summary.agrees() {
            msg!("reconcile-agree")
        } else {
            msg!("reconcile-differences", count = r.summary.differences)
        })
    );
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}
