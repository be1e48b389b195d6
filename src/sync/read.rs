//! Reading both sides into a [`Snapshot`], and repairing what an interrupted run left
//! pending. Reads are bulk: a fixed number of list calls whatever the history's size.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use super::apply::Report;
use super::plan::{has_marker, Snapshot};
use super::{mapping, HarvestApi, RmaApi, ServiceResult};
use crate::config::Config;
use crate::state::{InvoiceStatus, PaymentStatus, State};

pub struct ReadOptions {
    pub feed_since: Option<chrono::DateTime<chrono::Utc>>,
}

/// State errors while reading are fatal for the run; wrap them like a service failure.
fn st<T>(r: Result<T, crate::state::StateError>) -> ServiceResult<T> {
    r.map_err(|e| super::ServiceError::Failed {
        code: e.exit_code(),
        message: e.to_string(),
    })
}

pub fn read_snapshot(
    config: &Config,
    state: Option<&State>,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    opts: &ReadOptions,
) -> ServiceResult<Snapshot> {
    let sync = &config.sync;
    let mut snap = Snapshot::default();
    for s in &sync.import_states {
        let listed = harvest.invoices(s, sync.start_date)?;
        snap.invoices.extend(listed.items);
        snap.unreadable_invoices.extend(listed.unreadable);
    }
    if !snap.invoices.is_empty() {
        let clients = harvest.clients()?;
        snap.clients = clients.items.into_iter().map(|c| (c.id, c)).collect();
        let needed: HashSet<i64> = snap.invoices.iter().map(|i| i.client.id).collect();
        let contacts = harvest.contacts()?;
        for c in contacts.items {
            if needed.contains(&c.client.id) {
                snap.contacts.entry(c.client.id).or_default().push(c);
            }
        }
        snap.unreadable_clients =
            super::unreadable::unreadable_clients(&clients.unreadable, &contacts.unreadable);
        snap.clients
            .retain(|id, _| needed.contains(id) && !snap.unreadable_clients.contains_key(id));
    }

    // What the state already knows about these invoices and clients.
    if let Some(state) = state {
        for inv in &snap.invoices {
            if let Some(link) = st(state.invoice(inv.id))? {
                snap.known_invoices.insert(inv.id, link);
            }
        }
        for id in snap.unreadable_invoices.iter().filter_map(|u| u.id) {
            if let Some(link) = st(state.invoice(id))? {
                snap.known_invoices.insert(id, link);
            }
        }
        for id in snap.clients.keys() {
            if let Some(c) = st(state.customer(*id))? {
                snap.known_customers.insert(*id, c);
            }
        }
        snap.live_payment_count = st(state.count_live_payments())? as usize;
    }

    // Invoices that may be booked now: RMA's articles and whether the numbers exist already.
    let candidates: Vec<(String, i64, NaiveDate)> = snap
        .invoices
        .iter()
        .filter(|i| sync.start_date.is_none_or(|s| i.issue_date >= s))
        .filter(|i| {
            snap.known_invoices
                .get(&i.id)
                .is_none_or(|l| l.status == InvoiceStatus::Refused)
        })
        .map(|i| {
            (
                mapping::rma_invoice_number(&sync.invoice_number, i),
                i.id,
                i.issue_date,
            )
        })
        .collect();
    if !candidates.is_empty() {
        snap.parts = rma.parts()?.into_iter().map(|p| p.partnumber).collect();
        let from = candidates.iter().map(|c| c.2).min().expect("non-empty");
        let to = candidates.iter().map(|c| c.2).max().expect("non-empty");
        let wanted: HashSet<&str> = candidates.iter().map(|c| c.0.as_str()).collect();
        snap.rma_invoices = rma_invoices(rma, &wanted, from, to)?
            .into_iter()
            .map(|i| (i.invnumber.clone(), i))
            .collect();
        if let Some(state) = state {
            for (number, harvest_id, _) in &candidates {
                if let Some(link) = st(state.invoice_by_invnumber(number))? {
                    if link.harvest_id != *harvest_id {
                        snap.taken_numbers.insert(number.clone(), link.harvest_id);
                    }
                }
            }
        }
    }

    // The payment feed, and what the state knows about the invoices it mentions.
    snap.feed = rma.payment_feed(opts.feed_since)?;
    if !snap.feed.is_empty() {
        let mut by_number: BTreeMap<String, Option<NaiveDate>> = BTreeMap::new();
        for row in &snap.feed {
            if by_number.contains_key(&row.invnumber) {
                continue;
            }
            let link = match state {
                Some(state) => st(state.invoice_by_invnumber(&row.invnumber))?,
                None => None,
            };
            match link {
                Some(link) if link.status.is_in_rma() => {
                    if let Some(state) = state {
                        for p in st(state.live_payments_of(link.harvest_id))? {
                            snap.known_payments.insert(p.rma_payment_id, p);
                        }
                    }
                    by_number.insert(row.invnumber.clone(), link.issue_date);
                    snap.known_invoices.entry(link.harvest_id).or_insert(link);
                }
                _ => {
                    // Linked in this run? Its paid total came with the existence check.
                    if let Some(inv) = snap.rma_invoices.get(&row.invnumber) {
                        match inv.paid {
                            Some(paid) => {
                                snap.rma_paid.insert(inv.invnumber.clone(), paid);
                            }
                            None => {
                                by_number.insert(row.invnumber.clone(), None);
                            }
                        }
                    }
                }
            }
        }
        // RMA's paid totals (A2) for the known invoices: one list call over their dates,
        // single look-ups only for numbers that list did not show.
        let dates: Vec<NaiveDate> = by_number.values().flatten().copied().collect();
        if let (Some(from), Some(to)) = (dates.iter().min(), dates.iter().max()) {
            let wanted: HashSet<&str> = by_number.keys().map(String::as_str).collect();
            for inv in rma_invoices(rma, &wanted, *from, *to)? {
                if let Some(paid) = inv.paid {
                    snap.rma_paid.insert(inv.invnumber.clone(), paid);
                }
            }
        }
        for number in by_number.keys() {
            if !snap.rma_paid.contains_key(number) {
                if let Some(inv) = rma.invoice(number)? {
                    // A2: the single invoice carries `paid`; absent means nothing is paid.
                    snap.rma_paid
                        .insert(number.clone(), inv.paid.unwrap_or_default());
                }
            }
        }
    }
    Ok(snap)
}

/// The RMA invoices among `wanted` dated `from..=to`: one list call (rma.md §7), or, if RMA
/// refuses the list, one look-up per number.
pub(crate) fn rma_invoices(
    rma: &dyn RmaApi,
    wanted: &HashSet<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> ServiceResult<Vec<crate::rma::types::Invoice>> {
    match rma.invoices(from, to) {
        Ok(list) => Ok(list
            .into_iter()
            .filter(|i| wanted.contains(i.invnumber.as_str()))
            .collect()),
        Err(super::ServiceError::Refused(why)) => {
            log::warn!(
                "Run my Accounts refused the invoice list ({why}); asking for each invoice instead"
            );
            let mut found = Vec::new();
            for number in wanted {
                found.extend(rma.invoice(number)?);
            }
            Ok(found)
        }
        Err(e) => Err(e),
    }
}

/// Resolves every `pending` row an interrupted run left: adopted when the write happened,
/// dropped (to be done again) when it did not (DESIGN §5.2).
pub fn repair(
    state: &State,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    report: &mut Report,
) -> ServiceResult<()> {
    for mut link in st(state.invoices_with_status(InvoiceStatus::Pending))? {
        match rma.invoice(&link.rma_invnumber)? {
            Some(_) => {
                link.status = InvoiceStatus::Booked;
                st(state.put_invoice(&link))?;
                report.counts.booked += 1;
                report.info(
                    "booked",
                    Some(link.harvest_id),
                    Some(&link.harvest_number),
                    None,
                    format!(
                        "Invoice {}: the last run did not hear back, but Run my Accounts has it as {}; recorded as booked",
                        link.harvest_number, link.rma_invnumber
                    ),
                );
            }
            None => {
                st(state.delete_invoice(link.harvest_id))?;
                report.info(
                    "repaired",
                    Some(link.harvest_id),
                    Some(&link.harvest_number),
                    None,
                    format!(
                        "Invoice {}: the last run's booking did not reach Run my Accounts; it is booked again",
                        link.harvest_number
                    ),
                );
            }
        }
    }

    let mut by_invoice: BTreeMap<i64, Vec<_>> = BTreeMap::new();
    for p in st(state.pending_payments())? {
        by_invoice.entry(p.harvest_invoice_id).or_default().push(p);
    }
    for (invoice_id, pending) in by_invoice {
        let in_harvest = harvest.payments(invoice_id)?;
        for mut p in pending {
            match p.status {
                PaymentStatus::PendingCreate => match in_harvest
                    .iter()
                    .find(|h| has_marker(&h.notes, p.rma_payment_id))
                {
                    Some(h) => {
                        p.harvest_payment_id = Some(h.id);
                        p.status = PaymentStatus::Mirrored;
                        st(state.put_payment(&p))?;
                        report.counts.payments_created += 1;
                        report.info(
                            "payment_created",
                            Some(invoice_id),
                            None,
                            Some(p.rma_payment_id),
                            format!(
                                "RMA payment {}: the last run did not hear back, but Harvest has it; recorded",
                                p.rma_payment_id
                            ),
                        );
                    }
                    None => st(state.delete_payment(p.rma_payment_id))?,
                },
                PaymentStatus::PendingDelete => {
                    let still_there = p
                        .harvest_payment_id
                        .is_some_and(|id| in_harvest.iter().any(|h| h.id == id));
                    p.status = if still_there {
                        PaymentStatus::Mirrored
                    } else {
                        PaymentStatus::Deleted
                    };
                    st(state.put_payment(&p))?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}
