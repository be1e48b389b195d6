//! Invoice and customer steps: book what is new, link what RMA already has, refuse the rest
//! with every reason at once.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde_json::json;

use crate::rma::types::Invoice as RmaInvoice;

use super::{payments, problem_key, InvoiceRef, Plan, Snapshot, Step};
use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::msg;
use crate::state::{InvoiceLink, InvoiceStatus};
use crate::sync::mapping;
use crate::words::{Arg, Message};

/// The invoice and customer steps, then the payment steps.
pub fn plan(snap: &Snapshot, sync: &SyncConfig, ar_account: Option<&str>) -> Plan {
    let mut planner = InvoicePlanner {
        snap,
        sync,
        ar_account,
        customers: BTreeMap::new(),
        invoices: Vec::new(),
        in_rma: HashMap::new(),
        numbers_this_run: HashMap::new(),
        booking_now: HashSet::new(),
    };
    let mut sorted: Vec<&harvest::Invoice> = snap.invoices.iter().collect();
    sorted.sort_by(|a, b| (a.issue_date, &a.number, a.id).cmp(&(b.issue_date, &b.number, b.id)));
    for inv in sorted {
        planner.invoice(inv);
    }
    planner
        .invoices
        .extend(super::super::unreadable::unreadable_invoice_steps(snap));
    if let Some(stop) = &snap.booking_stopped {
        planner.stop_booking(stop);
    }
    let InvoicePlanner {
        customers,
        invoices,
        mut in_rma,
        booking_now,
        ..
    } = planner;

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

/// The invoice steps as they are decided, invoice by invoice.
struct InvoicePlanner<'a> {
    snap: &'a Snapshot,
    sync: &'a SyncConfig,
    ar_account: Option<&'a str>,
    customers: BTreeMap<String, Step>,
    invoices: Vec<Step>,
    /// Invoices RMA will have after this run, by RMA number: payments on them are mirrored.
    in_rma: HashMap<String, (i64, String, String)>,
    /// RMA numbers this run gives (books or links), so no two invoices get the same.
    numbers_this_run: HashMap<String, i64>,
    /// Booked in this run: whose payments these are is known only after the POST (it may
    /// turn out a collision), so their feed rows wait for the next run.
    booking_now: HashSet<String>,
}

impl InvoicePlanner<'_> {
    /// One Harvest invoice: skipped, said as changed, linked, booked or refused.
    fn invoice(&mut self, inv: &harvest::Invoice) {
        if let Some(reason) = not_to_book(inv, self.sync) {
            return self.skip(inv, reason);
        }
        let client = self.snap.clients.get(&inv.client.id);
        let invoice_ref = invoice_ref(inv, client, self.sync);
        if let Some(known) = self.snap.known_invoices.get(&inv.id) {
            if self.known_invoice(inv, known, &invoice_ref, client) {
                return;
            }
        }
        let invnumber = invoice_ref.invnumber.clone();
        let mut reasons = self.number_problems(inv, &invnumber);
        if reasons.is_empty() {
            if let Some(existing) = self.snap.rma_invoices.get(&invnumber) {
                return self.link_or_collide(inv, existing, invoice_ref);
            }
        }
        reasons.extend(content_problems(inv, client, self.snap));
        match client {
            Some(c) if reasons.is_empty() => self.book(inv, c, invoice_ref),
            _ => self.invoices.push(Step::RefuseInvoice {
                invoice: invoice_ref,
                reasons,
            }),
        }
    }

    fn skip(&mut self, inv: &harvest::Invoice, reason: Message) {
        self.invoices.push(Step::SkipInvoice {
            harvest_id: inv.id,
            harvest_number: inv.number.clone(),
            reason,
        });
    }

    /// An invoice the state knows: true when that decides it (dismissed, changed after
    /// booking, already in RMA or pending); a refused one is looked at again.
    fn known_invoice(
        &mut self,
        inv: &harvest::Invoice,
        known: &InvoiceLink,
        invoice_ref: &InvoiceRef,
        client: Option<&harvest::Client>,
    ) -> bool {
        let marks = self.snap.marks.get(&inv.id).cloned().unwrap_or_default();
        if marks.dismissed && !known.status.is_in_rma() {
            self.skip(inv, msg!("invoice-dismissed"));
            return true;
        }
        let watched = known.status.is_in_rma() && !marks.dismissed && !marks.deleted_in_harvest;
        if watched && changed_since_booking(inv, known, &marks, invoice_ref) {
            self.invoices.push(Step::ChangedAfterBooking {
                already_reported: self
                    .snap
                    .open_problems
                    .contains(&problem_key("changed_after_booking", inv.id)),
                booked_amount: known.amount,
                booked_currency: known.currency.clone(),
                invoice: InvoiceRef {
                    invnumber: known.rma_invnumber.clone(),
                    ..invoice_ref.clone()
                },
            });
            self.in_rma.insert(
                known.rma_invnumber.clone(),
                (inv.id, inv.number.clone(), known.currency.clone()),
            );
            return true;
        }
        if !(known.status.is_in_rma() || known.status == InvoiceStatus::Pending) {
            return false;
        }
        let reason = match known.status {
            InvoiceStatus::Pending => {
                msg!("invoice-pending-check", invnumber = &known.rma_invnumber)
            }
            _ => msg!("invoice-already-in-rma", invnumber = &known.rma_invnumber),
        };
        self.skip(inv, reason);
        self.in_rma.insert(
            known.rma_invnumber.clone(),
            (inv.id, inv.number.clone(), invoice_ref.currency.clone()),
        );
        // Booked invoices still open in Harvest keep their customer up to date.
        if let (InvoiceStatus::Booked, Some(c)) = (known.status, client) {
            customer_step(self.snap, self.sync, c, &mut self.customers);
        }
        true
    }

    /// Why the RMA number cannot be this invoice's: no number, or taken by another.
    fn number_problems(&self, inv: &harvest::Invoice, invnumber: &str) -> Vec<Message> {
        let mut reasons = Vec::new();
        if inv.number.trim().is_empty() && self.sync.invoice_number.contains("{number}") {
            reasons.push(msg!("invoice-no-number"));
        }
        match self.snap.taken_numbers.get(invnumber) {
            Some(other) if *other != inv.id => reasons.push(msg!(
                "invoice-number-taken",
                invnumber = invnumber,
                other = *other
            )),
            _ => {}
        }
        if let Some(other) = self.numbers_this_run.get(invnumber) {
            reasons.push(msg!(
                "invoice-number-twice",
                other = *other,
                invnumber = invnumber
            ));
        }
        reasons
    }

    /// RMA has the number already: linked when it is this invoice, else a collision.
    fn link_or_collide(
        &mut self,
        inv: &harvest::Invoice,
        existing: &RmaInvoice,
        invoice_ref: InvoiceRef,
    ) {
        let customernumber = mapping::customer_number(self.sync, inv.client.id);
        if let Some(rma_side) = collision(existing, &invoice_ref, &customernumber) {
            self.invoices.push(Step::NumberCollision {
                invoice: invoice_ref,
                rma_side,
            });
            return;
        }
        let invnumber = invoice_ref.invnumber.clone();
        self.numbers_this_run.insert(invnumber.clone(), inv.id);
        self.in_rma.insert(
            invnumber,
            (inv.id, inv.number.clone(), invoice_ref.currency.clone()),
        );
        self.invoices.push(Step::LinkInvoice {
            invoice: InvoiceRef {
                invnumber: existing.invnumber.clone(),
                ..invoice_ref
            },
        });
    }

    fn book(&mut self, inv: &harvest::Invoice, client: &harvest::Client, invoice_ref: InvoiceRef) {
        customer_step(self.snap, self.sync, client, &mut self.customers);
        let invnumber = invoice_ref.invnumber.clone();
        let customernumber = mapping::customer_number(self.sync, inv.client.id);
        self.numbers_this_run.insert(invnumber.clone(), inv.id);
        self.booking_now.insert(invnumber.clone());
        self.invoices.push(Step::BookInvoice {
            rma_invoice: Box::new(mapping::map_invoice(
                inv,
                &invnumber,
                &customernumber,
                &invoice_ref.currency,
                self.ar_account,
                self.snap.run,
            )),
            invoice: invoice_ref,
            customernumber,
        });
    }

    /// The booking phase does nothing. What it would have booked, linked or
    /// refused is not in Run my Accounts by this run: its feed rows wait, unacknowledged.
    fn stop_booking(&mut self, stop: &super::PhaseStop) {
        for step in &self.invoices {
            if let Step::BookInvoice { invoice, .. }
            | Step::LinkInvoice { invoice }
            | Step::RefuseInvoice { invoice, .. }
            | Step::NumberCollision { invoice, .. } = step
            {
                self.in_rma.remove(&invoice.invnumber);
                self.booking_now.insert(invoice.invnumber.clone());
            }
        }
        self.customers.clear();
        self.invoices = vec![Step::StopBooking {
            reason: stop.reason.clone(),
            failure: Some(stop.failure.clone()),
        }];
    }
}

/// Why the configuration says not to book the invoice (its state, its date), if it does.
fn not_to_book(inv: &harvest::Invoice, sync: &SyncConfig) -> Option<Message> {
    if !sync.import_states.iter().any(|s| s == &inv.state) {
        return Some(msg!("invoice-state-not-imported", state = &inv.state));
    }
    sync.start_date
        .filter(|start| inv.issue_date < *start)
        .map(|start| {
            msg!(
                "invoice-before-start-date",
                issued = inv.issue_date,
                start = start
            )
        })
}

/// The invoice as a step names it, with the currency it is booked in (the invoice's, else
/// the client's, else CHF) and the RMA number it would get.
fn invoice_ref(
    inv: &harvest::Invoice,
    client: Option<&harvest::Client>,
    sync: &SyncConfig,
) -> InvoiceRef {
    let currency = [
        inv.currency.as_str(),
        client.map(|c| c.currency.as_str()).unwrap_or(""),
    ]
    .into_iter()
    .find(|c| !c.is_empty())
    .unwrap_or("CHF")
    .to_string();
    InvoiceRef {
        harvest_id: inv.id,
        harvest_number: inv.number.clone(),
        invnumber: mapping::rma_invoice_number(&sync.invoice_number, inv),
        client_id: inv.client.id,
        client_name: client
            .map(|c| c.name.clone())
            .unwrap_or_else(|| inv.client.name.clone()),
        content_hash: booked_hash(inv, &currency),
        currency,
        amount: inv.amount,
        issue_date: inv.issue_date,
    }
}

/// Harvest's invoice is not what was booked any more (total, currency, client or lines).
fn changed_since_booking(
    inv: &harvest::Invoice,
    known: &InvoiceLink,
    marks: &crate::state::InvoiceMarks,
    invoice_ref: &InvoiceRef,
) -> bool {
    known.amount != inv.amount
        || known.currency != invoice_ref.currency
        || known.client_id != inv.client.id
        || marks
            .content_hash
            .as_ref()
            .is_some_and(|h| *h != invoice_ref.content_hash)
}

/// What keeps the invoice itself from being booked: no lines, a line without an article,
/// a client that could not be read or has no name.
fn content_problems(
    inv: &harvest::Invoice,
    client: Option<&harvest::Client>,
    snap: &Snapshot,
) -> Vec<Message> {
    let mut reasons = Vec::new();
    if inv.line_items.is_empty() {
        reasons.push(msg!("invoice-no-lines"));
    }
    for (i, line) in inv.line_items.iter().enumerate() {
        if line.kind.trim().is_empty() {
            reasons.push(msg!("invoice-line-no-category", line = i + 1));
        } else if !snap.parts.contains(&line.kind) {
            reasons.push(msg!(
                "invoice-unknown-category",
                line = i + 1,
                category = &line.kind
            ));
        }
    }
    match client {
        None => reasons.push(match snap.unreadable_clients.get(&inv.client.id) {
            Some(why) => msg!(
                "invoice-client-unreadable-why",
                client = inv.client.id,
                why = why.clone()
            ),
            None => msg!("invoice-client-unreadable", client = inv.client.id),
        }),
        Some(c) if c.name.trim().is_empty() => reasons.push(msg!("invoice-client-no-name")),
        Some(_) => {}
    }
    reasons
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
pub fn collision(
    existing: &RmaInvoice,
    ours: &InvoiceRef,
    customernumber: &str,
) -> Option<Message> {
    let rma_customer = match (existing.customer_number(), existing.customer.name.as_str()) {
        ("", "") => msg!("invoice-rma-customer-unknown"),
        (number, "") => msg!("invoice-rma-customer-number", customer = number),
        ("", name) => msg!("invoice-rma-customer-name", name = name),
        (number, name) => msg!("invoice-rma-customer", customer = number, name = name),
    };
    let rma_currency = if existing.currency.trim().is_empty() {
        "CHF"
    } else {
        existing.currency.trim()
    };
    let rma_total = existing.amount.map_or_else(
        || Arg::from(msg!("invoice-rma-no-total")),
        |a| Arg::money(rma_currency, a),
    );
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
    Some(msg!(
        "invoice-collision",
        invnumber = &existing.invnumber,
        rma_customer = rma_customer,
        rma_total = rma_total,
        client = &ours.client_name,
        customer = customernumber,
        amount = Arg::money(&ours.currency, ours.amount)
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
