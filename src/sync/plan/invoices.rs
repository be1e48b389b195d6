//! Invoice and customer steps: book what is new, link what RMA already has, refuse the rest
//! with every reason at once.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::{payments, InvoiceRef, Plan, Snapshot, Step};
use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::state::InvoiceStatus;
use crate::sync::mapping;

/// The invoice and customer steps, then the payment steps.
pub fn plan(snap: &Snapshot, sync: &SyncConfig, ar_account: Option<&str>) -> Plan {
    let mut customers = BTreeMap::new();
    let mut invoices = Vec::new();
    // Invoices RMA will have after this run, by RMA number: payments on them are mirrored.
    let mut in_rma: HashMap<String, (i64, String, String)> = HashMap::new();
    let mut numbers_this_run: HashMap<String, i64> = HashMap::new();

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
                        "issued {} before sync.start_date {start}; not booked",
                        inv.issue_date
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
        if let Some(known) = snap.known_invoices.get(&inv.id) {
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
        };
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
            None => reasons.push(format!(
                "its client (id {}) could not be read from Harvest",
                inv.client.id
            )),
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
            in_rma.insert(
                invnumber.clone(),
                (inv.id, inv.number.clone(), currency.clone()),
            );
            invoices.push(Step::BookInvoice {
                rma_invoice: Box::new(mapping::map_invoice(
                    inv,
                    &invnumber,
                    &customernumber,
                    &currency,
                    ar_account,
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

    // Invoices the state knows but Harvest no longer lists as open (paid, closed): their
    // payments are still mirrored.
    for link in snap.known_invoices.values() {
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
    let payments = payments::plan_payments(snap, sync, &in_rma, &due);

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
