//! Reading both sides into a [`Snapshot`]. Reads are bulk: a fixed number of list calls whatever the history's size.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;

use super::plan::{problem_key, PhaseStop, Snapshot};
use super::{mapping, HarvestApi, RmaApi, ServiceError, ServiceResult};
use crate::config::Config;
use crate::failure::Category;
use crate::rma::types::FeedRow;
use crate::state::{InvoiceStatus, State, StateError};

pub struct ReadOptions {
    pub feed_since: Option<chrono::DateTime<chrono::Utc>>,
}

pub fn read_snapshot(
    config: &Config,
    state: Option<&State>,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    opts: &ReadOptions,
) -> ServiceResult<Snapshot> {
    let mut snap = Snapshot::default();
    // The two phases read, and fail, apart. Harvest's invoice list is needed
    // by both (the payment checks compare with what Harvest shows as due and as paid by
    // hand), so without it the run stops as a whole.
    for s in &config.sync.import_states {
        let listed = harvest.invoices(s, config.sync.start_date)?;
        snap.invoices.extend(listed.items);
        snap.unreadable_invoices.extend(listed.unreadable);
    }
    // What the state knows about these invoices: both phases need it.
    if let Some(state) = state {
        for inv in &snap.invoices {
            if let Some(link) = state.invoice(inv.id)? {
                snap.known_invoices.insert(inv.id, link);
            }
        }
        for id in snap.unreadable_invoices.iter().filter_map(|u| u.id) {
            if let Some(link) = state.invoice(id)? {
                snap.known_invoices.insert(id, link);
            }
        }
    }
    match read_booking(config, state, harvest, rma, &mut snap) {
        Ok(()) => {}
        Err(ReadError::Run(e)) => return Err(e),
        Err(ReadError::Phase(stop)) => {
            snap.booking_stopped = Some(PhaseStop {
                reason: format!("{}; the next run tries again", stop.reason),
                failure: stop.failure,
            })
        }
    }
    match read_payments(config, state, harvest, rma, opts, &mut snap) {
        Ok(()) => {}
        Err(ReadError::Run(e)) => return Err(e),
        Err(ReadError::Phase(stop)) => {
            snap.payments_stopped = Some(PhaseStop {
                reason: format!(
                    "{}; nothing was acknowledged in Run my Accounts, the next run asks again",
                    stop.reason
                ),
                failure: stop.failure,
            })
        }
    }
    if let Some(state) = state {
        for id in snap.known_invoices.keys() {
            snap.marks.insert(*id, state.invoice_marks(*id)?);
        }
        snap.open_problems = state.open_problems()?.into_iter().map(|p| p.key).collect();
        snap.held_writes = state
            .held_writes()?
            .into_iter()
            .map(|h| (h.rma_payment_id, h))
            .collect();
    }
    Ok(snap)
}

/// A failed read: the whole run stops (authentication, the state file, the configuration),
/// or only the phase that needed it.
enum ReadError {
    Run(ServiceError),
    Phase(PhaseStop),
}

impl From<ServiceError> for ReadError {
    fn from(e: ServiceError) -> ReadError {
        ReadError::Run(e)
    }
}

impl From<StateError> for ReadError {
    fn from(e: StateError) -> ReadError {
        ReadError::Run(e.into())
    }
}

trait Reading<T> {
    /// Names what was being read; a failure stops only its phase unless it must stop the run.
    fn reading(self, what: &str) -> Result<T, ReadError>;
}

impl<T> Reading<T> for ServiceResult<T> {
    fn reading(self, what: &str) -> Result<T, ReadError> {
        self.map_err(|e| failed_reading(what, e))
    }
}

fn failed_reading(what: &str, e: ServiceError) -> ReadError {
    if stops_the_run(&e) {
        ReadError::Run(e)
    } else {
        ReadError::Phase(PhaseStop {
            reason: format!("{what} could not be read ({e})"),
            failure: e,
        })
    }
}

/// A rejected key or token, an unusable state file or a bad configuration is the same for
/// both phases: the run stops with its own exit code.
fn stops_the_run(e: &ServiceError) -> bool {
    matches!(
        e.category(),
        Category::Auth | Category::WrongTenant | Category::State | Category::Config
    )
}

/// What booking needs beyond Harvest's invoices: their clients and contacts, RMA's
/// articles, and whether the numbers exist in RMA already.
fn read_booking(
    config: &Config,
    state: Option<&State>,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    snap: &mut Snapshot,
) -> Result<(), ReadError> {
    let sync = &config.sync;
    if !snap.invoices.is_empty() {
        let clients = harvest.clients().reading("the Harvest client list")?;
        let contacts = harvest.contacts().reading("the Harvest contact list")?;
        snap.clients = clients.items.into_iter().map(|c| (c.id, c)).collect();
        let needed: HashSet<i64> = snap.invoices.iter().map(|i| i.client.id).collect();
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

    // What the state already knows about these clients.
    if let Some(state) = state {
        for id in snap.clients.keys() {
            if let Some(c) = state.customer(*id)? {
                snap.known_customers.insert(*id, c);
            }
        }
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
        snap.parts = rma
            .parts()
            .reading("the article list of Run my Accounts")?
            .into_iter()
            .map(|p| p.partnumber)
            .collect();
        let from = candidates.iter().map(|c| c.2).min().expect("non-empty");
        let to = candidates.iter().map(|c| c.2).max().expect("non-empty");
        let wanted: HashSet<&str> = candidates.iter().map(|c| c.0.as_str()).collect();
        snap.rma_invoices = rma_invoices(rma, &wanted, from, to)
            .reading("the invoice list of Run my Accounts")?
            .into_iter()
            .map(|i| (i.invnumber.clone(), i))
            .collect();
        // A collision found by a refused POST is dated outside the list: looked up alone,
        // so the collision is seen again (and its payments known as not ours) without
        // posting again.
        if let Some(state) = state {
            let collided: HashSet<String> = state
                .open_problems()?
                .into_iter()
                .filter(|p| p.kind == "number_collision")
                .filter_map(|p| p.harvest_invoice_id)
                .map(|id| problem_key("number_collision", id))
                .collect();
            for (number, harvest_id, _) in &candidates {
                let key = problem_key("number_collision", *harvest_id);
                if collided.contains(&key) && !snap.rma_invoices.contains_key(number) {
                    if let Some(found) = rma
                        .invoice(number)
                        .reading("an invoice in Run my Accounts")?
                    {
                        snap.rma_invoices.insert(number.clone(), found);
                    }
                }
            }
        }
        // Linking needs the total: a list entry without it is looked up alone.
        for (number, existing) in snap.rma_invoices.iter_mut() {
            if existing.amount.is_none() {
                if let Some(full) = rma
                    .invoice(number)
                    .reading("an invoice in Run my Accounts")?
                {
                    *existing = full;
                }
            }
        }
        if let Some(state) = state {
            for (number, harvest_id, _) in &candidates {
                if let Some(link) = state.invoice_by_invnumber(number)? {
                    if link.harvest_id != *harvest_id {
                        snap.taken_numbers.insert(number.clone(), link.harvest_id);
                    }
                }
            }
        }
    }

    Ok(())
}

/// The payment feed, what the state knows about the invoices it mentions, and RMA's paid
/// totals of those invoices.
fn read_payments(
    config: &Config,
    state: Option<&State>,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    opts: &ReadOptions,
    snap: &mut Snapshot,
) -> Result<(), ReadError> {
    if let Some(state) = state {
        snap.live_payment_count = state.count_live_payments()? as usize;
    }
    // The payment feed, and what the state knows about the invoices it mentions.
    for row in rma
        .payment_feed(opts.feed_since)
        .reading("the payment feed of Run my Accounts")?
    {
        match row {
            FeedRow::Payment(p) => snap.feed.push(p),
            FeedRow::Unreadable(u) => snap.unreadable_feed.push(u),
        }
    }
    if !snap.feed.is_empty() {
        let mut by_number: BTreeMap<String, Option<NaiveDate>> = BTreeMap::new();
        // Invoices whose mirrored payments the state does not know: Harvest's are read, so
        // those with our marker are adopted instead of paid twice or reviewed forever.
        let mut unknown_payments: BTreeSet<i64> = BTreeSet::new();
        for row in &snap.feed {
            if by_number.contains_key(&row.invnumber) {
                continue;
            }
            let link = match state {
                Some(state) => state.invoice_by_invnumber(&row.invnumber)?,
                None => None,
            };
            match link {
                Some(link) if link.status.is_in_rma() => {
                    if let Some(state) = state {
                        let live = state.live_payments_of(link.harvest_id)?;
                        if live.is_empty()
                            && !state.invoice_marks(link.harvest_id)?.deleted_in_harvest
                        {
                            unknown_payments.insert(link.harvest_id);
                        }
                        for p in live {
                            snap.known_payments.insert(p.rma_payment_id, p);
                        }
                    }
                    by_number.insert(row.invnumber.clone(), link.issue_date);
                    snap.known_invoices.entry(link.harvest_id).or_insert(link);
                }
                _ => {
                    // Linked in this run? Its paid total came with the existence check.
                    if let Some(inv) = snap.rma_invoices.get(&row.invnumber) {
                        unknown_payments.extend(
                            snap.invoices
                                .iter()
                                .filter(|i| {
                                    mapping::rma_invoice_number(&config.sync.invoice_number, i)
                                        == row.invnumber
                                })
                                .map(|i| i.id),
                        );
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
            for inv in rma_invoices(rma, &wanted, *from, *to)
                .reading("the paid totals of Run my Accounts")?
            {
                if let Some(paid) = inv.paid {
                    snap.rma_paid.insert(inv.invnumber.clone(), paid);
                }
            }
        }
        for harvest_id in unknown_payments {
            match harvest.payments(harvest_id) {
                Ok(payments) => {
                    snap.harvest_payments.insert(harvest_id, payments);
                }
                // Gone in Harvest, or refused: the payment steps find out and say so.
                Err(super::ServiceError::NotFound(why) | super::ServiceError::Refused(why)) => {
                    log::warn!("Harvest payments of invoice id {harvest_id} not read: {why}");
                }
                Err(e) => return Err(failed_reading("the payments of a Harvest invoice", e)),
            }
        }
        for number in by_number.keys() {
            if !snap.rma_paid.contains_key(number) {
                if let Some(inv) = rma
                    .invoice(number)
                    .reading("the paid total of an invoice in Run my Accounts")?
                {
                    // A2: the single invoice carries `paid`; absent means nothing is paid.
                    snap.rma_paid
                        .insert(number.clone(), inv.paid.unwrap_or_default());
                }
            }
        }
    }
    Ok(())
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
