//! Invoice and customer steps: book what is new, link what RMA already has, refuse the rest
//! with every reason at once.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde_json::json;

use crate::rma::types::Invoice as RmaInvoice;

use super::{payments, problem_key, InvoiceRef, Plan, Snapshot, Step};
use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::state::InvoiceStatus;
use crate::sync::mapping::{self, money};

/// The invoice and customer steps, then the payment steps.
pub fn plan(snap: &Snapshot, sync: &SyncConfig, ar_account: Option<&str>) -> Plan {
    let mut customers = BTreeMap::new();
    let mut invoices = Vec::new();
    // Invoices RMA will have after this run, by RMA number: payments on them are mirrored.
    let mut in_rma: HashMap<String, (i64, String, String)> = HashMap::new();
    let mut numbers_this_run: HashMap<String, i64> = HashMap::new();
    let mut booking_now: HashSet<String> = HashSet::new();

    let mut sorted: Vec<&harvest::Invoice> = snap.invoices.iter().collect();
    sorted.sort_by(|a, b| (a.issue_date, &a.number, a.id).cmp(&(b.issue_date, &b.number, b.id)));

    for inv in sorted {
        if !sync.import_states.iter().any(|s| s == &inv.state) {
            invoices.push(Step::SkipInvoice {
                harvest_id: inv.id,
                harvest_number: inv.number.clone(),
                reason: format!(
                    "state \"{}\" is not in sync.import_states; not booked",
                    inv.state
                ),
            });
            continue;
        }
        if let Some(start) = sync.start_date {
            if inv.issue_date < start {
                invoices.push(Step::SkipInvoice {
                    harvest_id: inv.id,
                    harvest_number: inv.number.clone(),
                    reason: format!(
                        "issued {} before sync.start_date {}; not booked",
                        crate::human::date(inv.issue_date),
                        crate::human::date(start)
                    ),
                });
                continue;
            }
        }
        let client = snap.clients.get(&inv.client.id);
        let client_name = client
            .map(|c| c.name.clone())
            .unwrap_or_else(|| inv.client.name.clone());
        let currency = [
            inv.currency.as_str(),
            client.map(|c| c.currency.as_str()).unwrap_or(""),
        ]
        .into_iter()
        .find(|c| !c.is_empty())
        .unwrap_or("CHF")
        .to_string();
        let invnumber = mapping::rma_invoice_number(&sync.invoice_number, inv);
        let invoice_ref = InvoiceRef {
            harvest_id: inv.id,
            harvest_number: inv.number.clone(),
            invnumber: invnumber.clone(),
            client_id: inv.client.id,
            client_name,
            currency: currency.clone(),
            amount: inv.amount,
            issue_date: inv.issue_date,
            content_hash: booked_hash(inv, &currency),
        };
        let marks = snap.marks.get(&inv.id).cloned().unwrap_or_default();
        if let Some(known) = snap.known_invoices.get(&inv.id) {
            if marks.dismissed && !known.status.is_in_rma() {
                invoices.push(Step::SkipInvoice {
                    harvest_id: inv.id,
                    harvest_number: inv.number.clone(),
                    reason: "handled by hand (dismissed); not booked".into(),
                });
                continue;
            }
            if known.status.is_in_rma() && !marks.dismissed && !marks.deleted_in_harvest {
                let changed = known.amount != inv.amount
                    || known.currency != currency
                    || known.client_id != inv.client.id
                    || marks
                        .content_hash
                        .as_ref()
                        .is_some_and(|h| *h != invoice_ref.content_hash);
                if changed {
                    invoices.push(Step::ChangedAfterBooking {
                        already_reported: snap
                            .open_problems
                            .contains(&problem_key("changed_after_booking", inv.id)),
                        booked_amount: known.amount,
                        booked_currency: known.currency.clone(),
                        invoice: InvoiceRef {
                            invnumber: known.rma_invnumber.clone(),
                            ..invoice_ref
                        },
                    });
                    in_rma.insert(
                        known.rma_invnumber.clone(),
                        (inv.id, inv.number.clone(), known.currency.clone()),
                    );
                    continue;
                }
            }
            if known.status.is_in_rma() || known.status == InvoiceStatus::Pending {
                invoices.push(Step::SkipInvoice {
                    harvest_id: inv.id,
                    harvest_number: inv.number.clone(),
                    reason: match known.status {
                        InvoiceStatus::Pending => format!(
                            "the last run's booking as {} is checked first; not booked again",
                            known.rma_invnumber
                        ),
                        _ => format!("already in Run my Accounts as {}", known.rma_invnumber),
                    },
                });
                in_rma.insert(
                    known.rma_invnumber.clone(),
                    (inv.id, inv.number.clone(), currency.clone()),
                );
                // Booked invoices still open in Harvest keep their customer up to date.
                if known.status == InvoiceStatus::Booked {
                    if let Some(c) = client {
                        customer_step(snap, sync, c, &mut customers);
                    }
                }
                continue;
            }
        }
        let mut reasons = Vec::new();
        if inv.number.trim().is_empty() && sync.invoice_number.contains("{number}") {
            reasons.push("the invoice has no number in Harvest".to_string());
        }
        match snap.taken_numbers.get(&invnumber) {
            Some(other) if *other != inv.id => reasons.push(format!(
                "Run my Accounts number {invnumber} is already used for another Harvest invoice (id {other}); check sync.invoice_number"
            )),
            _ => {}
        }
        if let Some(other) = numbers_this_run.get(&invnumber) {
            reasons.push(format!(
                "another Harvest invoice (id {other}) would get the same Run my Accounts number {invnumber}"
            ));
        }
        if reasons.is_empty() {
            if let Some(existing) = snap.rma_invoices.get(&invnumber) {
                let customernumber = mapping::customer_number(sync, inv.client.id);
                if let Some(rma_side) = collision(existing, &invoice_ref, &customernumber) {
                    invoices.push(Step::NumberCollision {
                        invoice: invoice_ref,
                        rma_side,
                    });
                    continue;
                }
                numbers_this_run.insert(invnumber.clone(), inv.id);
                in_rma.insert(
                    invnumber.clone(),
                    (inv.id, inv.number.clone(), currency.clone()),
                );
                invoices.push(Step::LinkInvoice {
                    invoice: InvoiceRef {
                        invnumber: existing.invnumber.clone(),
                        ..invoice_ref
                    },
                });
                continue;
            }
        }
        if inv.line_items.is_empty() {
            reasons.push("the invoice has no lines".into());
        }
        for (i, line) in inv.line_items.iter().enumerate() {
            if line.kind.trim().is_empty() {
                reasons.push(format!("line {} has no category (Type)", i + 1));
            } else if !snap.parts.contains(&line.kind) {
                reasons.push(format!(
                    "line {} category \"{}\" is not an article in Run my Accounts",
                    i + 1,
                    line.kind
                ));
            }
        }
        match client {
            None => reasons.push(match snap.unreadable_clients.get(&inv.client.id) {
                Some(why) => format!(
                    "its client (id {}) could not be read from Harvest: {why}",
                    inv.client.id
                ),
                None => format!(
                    "its client (id {}) could not be read from Harvest",
                    inv.client.id
                ),
            }),
            Some(c) if c.name.trim().is_empty() => {
                reasons.push("its client has no name in Harvest".into())
            }
            Some(_) => {}
        }
        let customernumber = mapping::customer_number(sync, inv.client.id);
        if reasons.is_empty() {
            let c = client.expect("checked above");
            customer_step(snap, sync, c, &mut customers);
            numbers_this_run.insert(invnumber.clone(), inv.id);
            // Whose payments these are is known only after the POST (it may turn out a
            // collision): its feed rows wait for the next run.
            booking_now.insert(invnumber.clone());
            invoices.push(Step::BookInvoice {
                rma_invoice: Box::new(mapping::map_invoice(
                    inv,
                    &invnumber,
                    &customernumber,
                    &currency,
                    ar_account,
                    snap.run,
                )),
                invoice: invoice_ref,
                customernumber,
            });
        } else {
            invoices.push(Step::RefuseInvoice {
                invoice: invoice_ref,
                reasons,
            });
        }
    }

    invoices.extend(super::super::unreadable::unreadable_invoice_steps(snap));
    if let Some(stop) = &snap.booking_stopped {
        // The booking phase does nothing. What it would have booked, linked
        // or refused is not in Run my Accounts by this run: its feed rows wait, unacknowledged.
        for step in &invoices {
            if let Step::BookInvoice { invoice, .. }
            | Step::LinkInvoice { invoice }
            | Step::RefuseInvoice { invoice, .. }
            | Step::NumberCollision { invoice, .. } = step
            {
                in_rma.remove(&invoice.invnumber);
                booking_now.insert(invoice.invnumber.clone());
            }
        }
        customers.clear();
        invoices = vec![Step::StopBooking {
            reason: stop.reason.clone(),
            failure: Some(stop.failure.clone()),
        }];
    }

    // Invoices the state knows but Harvest no longer lists as open (paid, closed): their
    // payments are still mirrored.
    let mut deleted_in_harvest = HashMap::new();
    for link in snap.known_invoices.values() {
        if snap
            .marks
            .get(&link.harvest_id)
            .is_some_and(|m| m.deleted_in_harvest)
        {
            deleted_in_harvest.insert(link.rma_invnumber.clone(), link);
            in_rma.remove(&link.rma_invnumber);
            continue;
        }
        if link.status.is_in_rma() && !in_rma.contains_key(&link.rma_invnumber) {
            in_rma.insert(
                link.rma_invnumber.clone(),
                (
                    link.harvest_id,
                    link.harvest_number.clone(),
                    link.currency.clone(),
                ),
            );
        }
    }

    let due: HashMap<i64, (Decimal, Decimal)> = snap
        .invoices
        .iter()
        .map(|i| (i.id, (i.amount, i.due_amount)))
        .collect();
    let owners = payments::Owners {
        in_rma: &in_rma,
        deleted_in_harvest: &deleted_in_harvest,
        booking_now: &booking_now,
    };
    let payments = match &snap.payments_stopped {
        // Nothing of the payment phase, and no row acknowledged: the next run asks again.
        Some(stop) => vec![Step::StopPayments {
            reason: stop.reason.clone(),
            failure: Some(stop.failure.clone()),
        }],
        None => payments::plan_payments(snap, sync, &owners, &due),
    };

    let mut steps: Vec<Step> = customers.into_values().collect();
    steps.extend(invoices);
    steps.extend(payments);
    Plan { steps }
}

fn customer_step(
    snap: &Snapshot,
    sync: &SyncConfig,
    client: &harvest::Client,
    out: &mut BTreeMap<String, Step>,
) {
    let number = mapping::customer_number(sync, client.id);
    if out.contains_key(&number) {
        return;
    }
    let contacts = snap
        .contacts
        .get(&client.id)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let (customer, notes) = mapping::map_customer(client, contacts, &number, &sync.default_country);
    let hash = mapping::content_hash(&customer);
    let known = snap.known_customers.get(&client.id);
    if known.is_some_and(|k| k.content_hash == hash && k.customernumber == number) {
        return;
    }
    out.insert(
        number.clone(),
        Step::UpsertCustomer {
            client_id: client.id,
            client_name: client.name.clone(),
            customernumber: number,
            customer: Box::new(customer),
            content_hash: hash,
            is_new: known.is_none(),
            notes,
        },
    );
}

/// Differences up to this much between two totals are rounding (CHF 0.05).
pub const ROUNDING_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// Why the RMA invoice with our number is not this Harvest invoice, or `None` when it is:
/// the customer the tool would use (its number, or the same name), the same currency and
/// the same total within CHF 0.05.
pub fn collision(existing: &RmaInvoice, ours: &InvoiceRef, customernumber: &str) -> Option<String> {
    let rma_customer = match (existing.customer_number(), existing.customer.name.as_str()) {
        ("", "") => "an unknown customer".to_string(),
        (number, "") => format!("customer {number}"),
        ("", name) => name.to_string(),
        (number, name) => format!("customer {number} {name}"),
    };
    let rma_currency = if existing.currency.trim().is_empty() {
        "CHF"
    } else {
        existing.currency.trim()
    };
    let rma_total = existing
        .amount
        .map_or("no total".to_string(), |a| money(rma_currency, a));
    let same_customer = existing.customer_number() == customernumber
        || (!existing.customer.name.is_empty()
            && existing
                .customer
                .name
                .trim()
                .eq_ignore_ascii_case(ours.client_name.trim()));
    let same_total = existing
        .amount
        .is_some_and(|a| (a - ours.amount).abs() <= ROUNDING_TOLERANCE);
    if same_customer && rma_currency.eq_ignore_ascii_case(&ours.currency) && same_total {
        return None;
    }
    Some(format!(
        "Run my Accounts already has number {} for {rma_customer} with {rma_total}, Harvest's invoice is for {} (customer {customernumber}) with {}",
        existing.invnumber,
        ours.client_name,
        money(&ours.currency, ours.amount)
    ))
}

/// What identifies the invoice as booked: total, currency, client and lines.
pub fn booked_hash(inv: &harvest::Invoice, currency: &str) -> String {
    let lines: Vec<_> = inv
        .line_items
        .iter()
        .map(|l| {
            json!([
                l.kind,
                l.description,
                l.quantity.normalize().to_string(),
                l.unit_price.normalize().to_string(),
                l.amount.normalize().to_string(),
                l.taxed
            ])
        })
        .collect();
    let value = json!({
        "amount": inv.amount.normalize().to_string(),
        "currency": currency,
        "client": inv.client.id,
        "lines": lines,
    });
    mapping::hash_text(&value.to_string())
}
