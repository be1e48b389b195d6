//! The Run my Accounts side: the key, the articles against the Harvest categories, the
//! invoice totals (A2), 404 for an unknown customer and an unknown invoice number (A2), the
//! payment feed (A1) and the AR account.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};

use super::{examples, service_error, Checklist, HarvestFindings, Status};
use crate::config::Config;
use crate::failure::Category;
use crate::msg;
use crate::rma::types::FeedRow;
use crate::rma::RmaClient;
use crate::sync::{RmaApi, ServiceError};
use crate::words::Message;

/// The checks that need a working key.
const DEPENDENTS: [&str; 8] = [
    "rma_articles",
    "categories",
    "invoice_totals",
    "unknown_customer",
    "unknown_invoice",
    "payment_feed",
    "payment_feed_rows",
    "ar_account",
];

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
    let Some((client, parts)) = check_key(config, clock, list) else {
        for id in DEPENDENTS {
            list.could_not_tell(id, msg!("doctor-rma-key-unchecked"));
        }
        return;
    };
    if parts.is_empty() {
        list.fails(
            "rma_articles",
            msg!("doctor-rma-no-articles"),
            msg!("doctor-advice-create-articles"),
        );
    } else {
        list.holds(
            "rma_articles",
            msg!("doctor-rma-articles", count = parts.len()),
        );
    }
    let rma: &dyn RmaApi = &client;
    check_categories(harvest, &parts, list);
    check_totals(booked, rma, clock.now().date_naive(), list);
    check_unknown_customer(rma, list);
    check_unknown_invoice(rma, list);
    check_feed(feed_since, &client, list);
    check_ar_account(config, &client, list);
}

/// The client and RMA's article numbers, when RMA accepts the key for the tenant.
fn check_key(
    config: &Config,
    clock: &crate::clock::SharedClock,
    list: &mut Checklist,
) -> Option<(RmaClient, HashSet<String>)> {
    let advice = msg!("doctor-advice-rma-key");
    let client = match crate::commands::services::rma_client(config, clock) {
        Ok(c) => c,
        // A missing key: the message says what to set, once.
        Err(e) => {
            list.add("rma_key", Status::Fails, service_error(&e), None);
            return None;
        }
    };
    match RmaApi::parts(&client) {
        Ok(parts) => {
            list.holds(
                "rma_key",
                msg!("doctor-rma-tenant", tenant = &config.rma.tenant),
            );
            Some((client, parts.into_iter().map(|p| p.partnumber).collect()))
        }
        Err(e) => {
            list.failed_call("rma_key", &e, Some(advice));
            None
        }
    }
}

fn check_unknown_customer(rma: &dyn RmaApi, list: &mut Checklist) {
    let id = "unknown_customer";
    match rma.customer(NO_SUCH_CUSTOMER) {
        Ok(None) => list.holds(id, msg!("doctor-customer-404", customer = NO_SUCH_CUSTOMER)),
        Ok(Some(_)) => list.fails(
            id,
            msg!("doctor-customer-answered", customer = NO_SUCH_CUSTOMER),
            msg!("doctor-advice-customers-existing"),
        ),
        Err(e) => list.failed_call(id, &e, Some(msg!("doctor-advice-customers-unknown"))),
    }
}

fn check_unknown_invoice(rma: &dyn RmaApi, list: &mut Checklist) {
    let id = "unknown_invoice";
    match rma.invoice(NO_SUCH_INVOICE) {
        Ok(None) => list.holds(id, msg!("doctor-invoice-404", invoice = NO_SUCH_INVOICE)),
        Ok(Some(_)) => list.fails(
            id,
            msg!("doctor-invoice-answered", invoice = NO_SUCH_INVOICE),
            msg!("doctor-advice-invoices-booked"),
        ),
        Err(e) => list.failed_call(id, &e, Some(msg!("doctor-advice-invoices-unknown"))),
    }
}

fn check_categories(harvest: &HarvestFindings, parts: &HashSet<String>, list: &mut Checklist) {
    let Some(invoices) = &harvest.invoices else {
        return list.could_not_tell("categories", msg!("doctor-no-harvest-invoices"));
    };
    let mut missing: Vec<Message> = Vec::new();
    for inv in invoices {
        for (i, line) in inv.line_items.iter().enumerate() {
            if !parts.contains(&line.kind) {
                missing.push(msg!(
                    "doctor-category-line",
                    invoice = &inv.number,
                    line = i + 1,
                    category = &line.kind
                ));
            }
        }
    }
    if missing.is_empty() {
        list.holds(
            "categories",
            msg!("doctor-categories-checked", count = invoices.len()),
        );
    } else {
        let shown: Vec<String> = missing.iter().map(crate::words::render).collect();
        list.fails(
            "categories",
            msg!("doctor-categories-missing", lines = examples(&shown)),
            msg!("doctor-advice-categories"),
        );
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
    let id = "invoice_totals";
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
                return list.warns(
                    id,
                    msg!("doctor-totals-list-refused", reason = why),
                    msg!("doctor-advice-one-by-one"),
                );
            }
            Err(e) => return list.failed_call(id, &e, None),
        }
    }
    let Some((entries, from, to)) = found else {
        return list.warns(
            id,
            msg!("doctor-totals-no-invoice", from = long_ago, to = today),
            msg!("doctor-totals-no-invoice-advice"),
        );
    };
    let first = &entries[0];
    let lacking: Vec<String> = entries
        .iter()
        .filter(|i| i.amount.is_none() || i.paid.is_none())
        .map(|i| i.invnumber.clone())
        .collect();
    if lacking.is_empty() {
        return list.holds(
            id,
            msg!(
                "doctor-totals-entries",
                count = entries.len(),
                from = from,
                to = to
            ),
        );
    }
    // A2: the single invoice must carry them; then the sync only gets slower.
    let number = lacking.first().unwrap_or(&first.invnumber);
    match rma.invoice(number) {
        Ok(Some(one)) if one.amount.is_some() && one.paid.is_some() => list.warns(
            id,
            msg!(
                "doctor-totals-single-has-them",
                invoices = examples(&lacking)
            ),
            msg!("doctor-advice-one-by-one"),
        ),
        Ok(_) => list.fails(
            id,
            msg!("doctor-totals-missing", invoice = number),
            msg!("doctor-advice-totals"),
        ),
        Err(e) => list.failed_call(id, &e, None),
    }
}

/// `since` as a run would ask: what changed since the last run that finished.
fn check_feed(since: Option<DateTime<Utc>>, client: &RmaClient, list: &mut Checklist) {
    // The sync's own reader: a row it cannot attribute here is one it would never acknowledge.
    let rows = match RmaApi::payment_feed(client, since) {
        Ok(rows) => rows,
        Err(e) => {
            list.failed_call("payment_feed", &e, Some(msg!("doctor-advice-feed")));
            return list.could_not_tell("payment_feed_rows", msg!("doctor-feed-unread"));
        }
    };
    list.holds(
        "payment_feed",
        msg!("doctor-feed-pending", count = rows.len()),
    );
    let unreadable: Vec<String> = rows
        .iter()
        .filter_map(|row| match row {
            FeedRow::Payment(_) => None,
            FeedRow::Unreadable(u) => Some(crate::words::render(&match u.id {
                Some(id) => msg!("doctor-feed-row", payment = id, why = &u.why),
                None => msg!("doctor-feed-row-without-id", why = &u.why),
            })),
        })
        .collect();
    if unreadable.is_empty() {
        list.holds(
            "payment_feed_rows",
            msg!("doctor-feed-rows-checked", count = rows.len()),
        );
    } else {
        list.fails(
            "payment_feed_rows",
            examples(&unreadable),
            msg!("doctor-advice-feed-rows"),
        );
    }
}

/// A direct client call that failed (the reads the sync's traits do not offer).
fn failed_rma(list: &mut Checklist, id: &'static str, e: crate::rma::Error) {
    let status = match e.category() {
        Category::Unavailable => Status::CouldNotTell,
        _ => Status::Fails,
    };
    list.add(id, status, service_error(&e), None);
}

fn check_ar_account(config: &Config, client: &RmaClient, list: &mut Checklist) {
    let id = "ar_account";
    let Some(account) = config.rma.ar_account.as_deref() else {
        return list.holds(id, msg!("doctor-ar-default"));
    };
    // `GET charts` lists the accounts; `accno` may come as an attribute (`@accno`).
    let chart: serde_json::Value = match client.get_json("charts", "the chart of accounts") {
        Ok(v) => v,
        Err(e) => return failed_rma(list, id, e),
    };
    let mut numbers = Vec::new();
    collect_accnos(&chart, &mut numbers);
    if numbers.iter().any(|n| n == account) {
        list.holds(id, msg!("doctor-ar-found", account = account));
    } else if numbers.is_empty() {
        list.could_not_tell(id, msg!("doctor-ar-no-numbers"));
    } else {
        list.fails(
            id,
            msg!(
                "doctor-ar-missing",
                account = account,
                count = numbers.len()
            ),
            msg!("doctor-advice-ar-account"),
        );
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
