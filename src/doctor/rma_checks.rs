//! The Run my Accounts side: the key, the articles against the Harvest categories, the
//! invoice totals (A2), 404 for an unknown customer and an unknown invoice number (A2), the
//! payment feed (A1) and the AR account.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::{examples, Checklist, HarvestFindings, Status};
use crate::config::Config;
use crate::failure::Category;
use crate::rma::types::FeedRow;
use crate::rma::RmaClient;
use crate::sync::{RmaApi, ServiceError};
use crate::words;

const KEY: &str = "Run my Accounts accepts the API key for rma.tenant";
const ARTICLES: &str = "Run my Accounts lists its articles";
const CATEGORIES: &str = "Every category on an invoice still to book is an article";
const TOTALS: &str = "Invoice list entries carry the totals the sync needs (amount, paid)";
const UNKNOWN_CUSTOMER: &str = "An unknown customer number answers 404";
const UNKNOWN_INVOICE: &str = "An unknown invoice number answers 404";
const FEED: &str = "The payment feed is readable";
const FEED_ROWS: &str =
    "Every pending payment row has an id, an invoice number, a date and an amount";
const AR_ACCOUNT: &str = "rma.ar_account exists in the chart of accounts";

/// A customer number that cannot exist: the answer must be 404, not an empty customer.
const NO_SUCH_CUSTOMER: &str = "rma-harvest-doctor-no-such-customer";
/// An invoice number that cannot exist: the answer must be 404 (docs/rma-assumptions.md, A2), which is how
/// the sync tells an invoice still to book, and a lost booking still to retry, from a booked one.
const NO_SUCH_INVOICE: &str = "rma-harvest-doctor-no-such-invoice";

pub(super) fn run(
    config: &Config,
    feed_since: Option<DateTime<Utc>>,
    booked: Option<(NaiveDate, NaiveDate)>,
    clock: &crate::clock::SharedClock,
    harvest: &HarvestFindings,
    list: &mut Checklist,
) {
    let rest = [
        ("rma_articles", ARTICLES),
        ("categories", CATEGORIES),
        ("invoice_totals", TOTALS),
        ("unknown_customer", UNKNOWN_CUSTOMER),
        ("unknown_invoice", UNKNOWN_INVOICE),
        ("payment_feed", FEED),
        ("payment_feed_rows", FEED_ROWS),
        ("ar_account", AR_ACCOUNT),
    ];
    let give_up = |list: &mut Checklist| {
        for (id, title) in rest {
            list.could_not_tell(id, title, "the Run my Accounts key could not be checked");
        }
    };
    let key_advice = "check rma.api_key (or RMA_API_KEY) and rma.tenant (the Mandant, as in the Run my Accounts login)";
    let client = match crate::commands::services::rma_client(config, clock) {
        Ok(c) => c,
        // A missing key: the message says what to set, once.
        Err(e) => {
            list.add("rma_key", KEY, Status::Fails, e.to_string(), "");
            return give_up(list);
        }
    };
    let rma: &dyn RmaApi = &client;
    let parts: HashSet<String> = match rma.parts() {
        Ok(parts) => parts.into_iter().map(|p| p.partnumber).collect(),
        Err(e) => {
            list.failed_call("rma_key", KEY, &e, key_advice);
            return give_up(list);
        }
    };
    list.holds("rma_key", KEY, format!("tenant {}", config.rma.tenant));
    if parts.is_empty() {
        list.add(
            "rma_articles",
            ARTICLES,
            Status::Fails,
            "the article list is empty",
            "create an article in Run my Accounts for each Harvest item category (Typ)",
        );
    } else {
        list.holds(
            "rma_articles",
            ARTICLES,
            crate::human::count(parts.len(), "article", "articles"),
        );
    }

    check_categories(harvest, &parts, list);
    check_totals(booked, rma, clock.now().date_naive(), list);
    match rma.customer(NO_SUCH_CUSTOMER) {
        Ok(None) => list.holds("unknown_customer", UNKNOWN_CUSTOMER, format!("customer {NO_SUCH_CUSTOMER}: 404")),
        Ok(Some(_)) => list.add("unknown_customer", UNKNOWN_CUSTOMER, Status::Fails,
            format!("Run my Accounts answered a customer for {NO_SUCH_CUSTOMER}"),
            "the sync would take every new customer as existing; report this before running sync"),
        Err(e) => list.failed_call("unknown_customer", UNKNOWN_CUSTOMER, &e,
            "the sync cannot tell a new customer from an existing one; report this before running sync"),
    }
    match rma.invoice(NO_SUCH_INVOICE) {
        Ok(None) => list.holds("unknown_invoice", UNKNOWN_INVOICE, format!("invoice {NO_SUCH_INVOICE}: 404")),
        Ok(Some(_)) => list.add("unknown_invoice", UNKNOWN_INVOICE, Status::Fails,
            format!("Run my Accounts answered an invoice for {NO_SUCH_INVOICE}"),
            "the sync would take every invoice as already booked; report this before running sync"),
        Err(e) => list.failed_call("unknown_invoice", UNKNOWN_INVOICE, &e,
            "the sync cannot tell an invoice still to book from a booked one; report this before running sync"),
    }
    check_feed(feed_since, &client, list);
    check_ar_account(config, &client, list);
}

fn check_categories(harvest: &HarvestFindings, parts: &HashSet<String>, list: &mut Checklist) {
    let Some(invoices) = &harvest.invoices else {
        return list.could_not_tell(
            "categories",
            CATEGORIES,
            "the Harvest invoices could not be read",
        );
    };
    let mut missing: Vec<String> = Vec::new();
    for inv in invoices {
        for (i, line) in inv.line_items.iter().enumerate() {
            if !parts.contains(&line.kind) {
                missing.push(format!(
                    "invoice {} line {} \"{}\"",
                    inv.number,
                    i + 1,
                    line.kind
                ));
            }
        }
    }
    if missing.is_empty() {
        list.holds(
            "categories",
            CATEGORIES,
            format!(
                "{} checked",
                crate::human::count(invoices.len(), "invoice", "invoices")
            ),
        );
    } else {
        list.add("categories", CATEGORIES, Status::Fails,
            format!("not an article: {}", examples(&missing)),
            "create the missing articles in Run my Accounts (article number = the Harvest category, exactly), or change the category in Harvest; `rma-harvest check-categories` lists them all");
    }
}

/// The oldest date the totals check looks back to when RMA has nothing more recent.
const LONG_AGO: (i32, u32, u32) = (2000, 1, 1);

/// Decided from invoices RMA has: those the tool booked or linked (their dates, from the
/// state), else the last year's, else any since [`LONG_AGO`]. The invoices still to book
/// are no help: RMA by definition does not have them yet.
fn check_totals(
    booked: Option<(NaiveDate, NaiveDate)>,
    rma: &dyn RmaApi,
    today: NaiveDate,
    list: &mut Checklist,
) {
    let long_ago = NaiveDate::from_ymd_opt(LONG_AGO.0, LONG_AGO.1, LONG_AGO.2).expect("a date");
    let spans = booked
        .into_iter()
        .chain([(today - chrono::Days::new(365), today), (long_ago, today)]);
    let mut found = None;
    for (from, to) in spans {
        match rma.invoices(from, to) {
            Ok(entries) if entries.is_empty() => continue,
            Ok(entries) => {
                found = Some((entries, from, to));
                break;
            }
            Err(ServiceError::Refused(why)) => {
                return list.add(
                    "invoice_totals",
                    TOTALS,
                    Status::Warning,
                    format!("the invoice list was refused ({why})"),
                    "the sync asks for each invoice on its own instead: slower, but correct",
                );
            }
            Err(e) => return list.failed_call("invoice_totals", TOTALS, &e, ""),
        }
    }
    let Some((entries, from, to)) = found else {
        return list.add(
            "invoice_totals",
            TOTALS,
            Status::Warning,
            words::render(&crate::msg!(
                "doctor-totals-no-invoice",
                from = long_ago,
                to = today
            )),
            words::render(&crate::msg!("doctor-totals-no-invoice-advice")),
        );
    };
    let span = format!("{} to {}", crate::human::date(from), crate::human::date(to));
    let first = &entries[0];
    let lacking: Vec<String> = entries
        .iter()
        .filter(|i| i.amount.is_none() || i.paid.is_none())
        .map(|i| i.invnumber.clone())
        .collect();
    if lacking.is_empty() {
        return list.holds(
            "invoice_totals",
            TOTALS,
            format!(
                "{} dated {span}",
                crate::human::count(entries.len(), "entry", "entries")
            ),
        );
    }
    // A2: the single invoice must carry them; then the sync only gets slower.
    let number = lacking.first().unwrap_or(&first.invnumber);
    match rma.invoice(number) {
        Ok(Some(one)) if one.amount.is_some() && one.paid.is_some() => list.add("invoice_totals", TOTALS, Status::Warning,
            format!("list entries without amount or paid: {}; the single invoice has them", examples(&lacking)),
            "the sync asks for those invoices one by one: slower, but correct"),
        Ok(_) => list.add("invoice_totals", TOTALS, Status::Fails,
            format!("invoice {number} has no amount or no paid total, in the list or on its own"),
            "payments cannot be checked against RMA's paid total (docs/rma-assumptions.md, A2); report this before running sync"),
        Err(e) => list.failed_call("invoice_totals", TOTALS, &e, ""),
    }
}

/// `since` as a run would ask: what changed since the last run that finished.
fn check_feed(since: Option<DateTime<Utc>>, client: &RmaClient, list: &mut Checklist) {
    // The sync's own reader: a row it cannot attribute here is one it would never acknowledge.
    let rows = match RmaApi::payment_feed(client, since) {
        Ok(rows) => rows,
        Err(e) => {
            list.failed_call(
                "payment_feed",
                FEED,
                &e,
                "the sync stops the payment phase while this fails",
            );
            return list.could_not_tell(
                "payment_feed_rows",
                FEED_ROWS,
                "the payment feed could not be read",
            );
        }
    };
    list.holds(
        "payment_feed",
        FEED,
        format!("{} pending", crate::human::count(rows.len(), "row", "rows")),
    );
    let unreadable: Vec<String> = rows
        .iter()
        .filter_map(|row| match row {
            FeedRow::Payment(_) => None,
            FeedRow::Unreadable(u) => Some(match u.id {
                Some(id) => format!("payment {id}: {}", u.why),
                None => format!("a row without an id: {}", u.why),
            }),
        })
        .collect();
    if unreadable.is_empty() {
        list.holds(
            "payment_feed_rows",
            FEED_ROWS,
            format!("{} checked", crate::human::count(rows.len(), "row", "rows")),
        );
    } else {
        list.add("payment_feed_rows", FEED_ROWS, Status::Fails, examples(&unreadable),
            "such a row is never acknowledged and its payment never mirrored; correct the payment in Run my Accounts (it must be booked on an invoice)");
    }
}

/// A direct client call that failed (the reads the sync's traits do not offer).
fn failed_rma(
    list: &mut Checklist,
    id: &'static str,
    title: &'static str,
    e: crate::rma::Error,
    advice: &str,
) {
    let status = match e.category() {
        Category::Unavailable => Status::CouldNotTell,
        _ => Status::Fails,
    };
    list.add(id, title, status, e.to_string(), advice);
}

fn check_ar_account(config: &Config, client: &RmaClient, list: &mut Checklist) {
    let Some(account) = config.rma.ar_account.as_deref() else {
        return list.holds(
            "ar_account",
            AR_ACCOUNT,
            "not set: Run my Accounts books on the tenant's default",
        );
    };
    // `GET charts` lists the accounts; `accno` may come as an attribute (`@accno`).
    let chart: serde_json::Value = match client.get_json("charts", "the chart of accounts") {
        Ok(v) => v,
        Err(e) => return failed_rma(list, "ar_account", AR_ACCOUNT, e, ""),
    };
    let mut numbers = Vec::new();
    collect_accnos(&chart, &mut numbers);
    if numbers.iter().any(|n| n == account) {
        list.holds("ar_account", AR_ACCOUNT, format!("account {account}"));
    } else if numbers.is_empty() {
        list.could_not_tell(
            "ar_account",
            AR_ACCOUNT,
            "the chart of accounts lists no account numbers",
        );
    } else {
        list.add("ar_account", AR_ACCOUNT, Status::Fails,
            format!("account {account} is not among the {} accounts", numbers.len()),
            "set rma.ar_account to an existing receivables account (e.g. 1100), or remove it to use the default");
    }
}

fn collect_accnos(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("accno" | "@accno", serde_json::Value::String(s)) => {
                        out.push(s.trim().to_string())
                    }
                    ("accno" | "@accno", serde_json::Value::Number(n)) => out.push(n.to_string()),
                    _ => collect_accnos(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_accnos(i, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn account_numbers_are_found_as_fields_or_attributes() {
        let mut out = Vec::new();
        collect_accnos(
            &json!({"chart": [{"@accno": "1100"}, {"accno": 1020, "description": "Bank"}]}),
            &mut out,
        );
        assert_eq!(out, ["1100", "1020"]);
    }
}
