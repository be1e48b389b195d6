//! Reading both sides into a [`Snapshot`]. Reads are bulk: a fixed number of list calls whatever the history's size.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;

use super::plan::{problem_key, PhaseStop, Snapshot};
use super::{mapping, HarvestApi, RmaApi, ServiceError, ServiceResult};
use crate::config::Config;
use crate::failure::Category;
use crate::msg;
use crate::rma::types::FeedRow;
use crate::state::{InvoiceStatus, State, StateError};
use crate::words::Message;

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
                reason: msg!("sync-booking-read-failed", reason = stop.reason),
                failure: stop.failure,
            })
        }
    }
    match read_payments(config, state, harvest, rma, opts, &mut snap) {
        Ok(()) => {}
        Err(ReadError::Run(e)) => return Err(e),
        Err(ReadError::Phase(stop)) => {
            snap.payments_stopped = Some(PhaseStop {
                reason: msg!("sync-payments-read-failed", reason = stop.reason),
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
    fn reading(self, what: Message) -> Result<T, ReadError>;
}

impl<T> Reading<T> for ServiceResult<T> {
    fn reading(self, what: Message) -> Result<T, ReadError> {
        self.map_err(|e| failed_reading(what, e))
    }
}

fn failed_reading(what: Message, e: ServiceError) -> ReadError {
    if stops_the_run(&e) {
        ReadError::Run(e)
    } else {
        ReadError::Phase(PhaseStop {
            reason: msg!("sync-read-failed", what = what, error = e.to_string()),
            failure: e,
        })
    }
}

/// A rejected key or token, an unusable state file or a bad configuration is the same for
/// both phases: the run stops with its own exit code.
fn stops_the_run(e: &ServiceError) -> bool {
    matches!(
        e.category(),
        Category::Auth
            | Category::WrongTenant
            | Category::State
            | Category::Config
            | Category::Stopped
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
    if !snap.invoices.is_empty() {
        read_clients(harvest, snap)?;
    }
    // What the state already knows about these clients.
    if let Some(state) = state {
        for id in snap.clients.keys() {
            if let Some(c) = state.customer(*id)? {
                snap.known_customers.insert(*id, c);
            }
        }
    }
    let candidates = booking_candidates(&config.sync, snap);
    if !candidates.is_empty() {
        read_what_rma_has(state, rma, &candidates, snap)?;
    }
    Ok(())
}

/// The clients and contacts of the invoices; an unreadable entry refuses its client only.
fn read_clients(harvest: &dyn HarvestApi, snap: &mut Snapshot) -> Result<(), ReadError> {
    let clients = harvest.clients().reading(msg!("read-harvest-clients"))?;
    let contacts = harvest.contacts().reading(msg!("read-harvest-contacts"))?;
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
    Ok(())
}

/// An invoice that may be booked now: its RMA number, Harvest id and date.
type Candidate = (String, i64, NaiveDate);

/// The invoices that may be booked now: new or refused before, not before `sync.start_date`.
fn booking_candidates(sync: &crate::config::SyncConfig, snap: &Snapshot) -> Vec<Candidate> {
    snap.invoices
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
        .collect()
}

/// What RMA has for the candidates: its articles, and the invoices that have their numbers
/// already (with their totals, for linking).
fn read_what_rma_has(
    state: Option<&State>,
    rma: &dyn RmaApi,
    candidates: &[Candidate],
    snap: &mut Snapshot,
) -> Result<(), ReadError> {
    snap.parts = rma
        .parts()
        .reading(msg!("read-rma-articles"))?
        .into_iter()
        .map(|p| p.partnumber)
        .collect();
    let from = candidates.iter().map(|c| c.2).min().expect("non-empty");
    let to = candidates.iter().map(|c| c.2).max().expect("non-empty");
    let wanted: HashSet<&str> = candidates.iter().map(|c| c.0.as_str()).collect();
    snap.rma_invoices = rma_invoices(rma, &wanted, from, to)
        .reading(msg!("read-rma-invoices"))?
        .into_iter()
        .map(|i| (i.invnumber.clone(), i))
        .collect();
    if let Some(state) = state {
        read_collided(state, rma, candidates, snap)?;
    }
    // Linking needs the total: a list entry without it is looked up alone.
    for (number, existing) in snap.rma_invoices.iter_mut() {
        if existing.amount.is_none() {
            if let Some(full) = rma.invoice(number).reading(msg!("read-rma-invoice"))? {
                *existing = full;
            }
        }
    }
    if let Some(state) = state {
        for (number, harvest_id, _) in candidates {
            if let Some(link) = state.invoice_by_invnumber(number)? {
                if link.harvest_id != *harvest_id {
                    snap.taken_numbers.insert(number.clone(), link.harvest_id);
                }
            }
        }
    }
    Ok(())
}

/// A collision found by a refused POST is dated outside the list: looked up alone, so the
/// collision is seen again (and its payments known as not ours) without posting again.
fn read_collided(
    state: &State,
    rma: &dyn RmaApi,
    candidates: &[Candidate],
    snap: &mut Snapshot,
) -> Result<(), ReadError> {
    let collided: HashSet<String> = state
        .open_problems()?
        .into_iter()
        .filter(|p| p.kind == "number_collision")
        .filter_map(|p| p.harvest_invoice_id)
        .map(|id| problem_key("number_collision", id))
        .collect();
    for (number, harvest_id, _) in candidates {
        let key = problem_key("number_collision", *harvest_id);
        if collided.contains(&key) && !snap.rma_invoices.contains_key(number) {
            if let Some(found) = rma.invoice(number).reading(msg!("read-rma-invoice"))? {
                snap.rma_invoices.insert(number.clone(), found);
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
        .reading(msg!("read-rma-feed"))?
    {
        match row {
            FeedRow::Payment(p) => snap.feed.push(p),
            FeedRow::Unreadable(u) => snap.unreadable_feed.push(u),
        }
    }
    if !snap.feed.is_empty() {
        let (by_number, unknown_payments) = feed_invoices(config, state, snap)?;
        read_paid_totals(rma, &by_number, snap)?;
        read_harvest_payments(harvest, unknown_payments, snap)?;
    }
    Ok(())
}

/// RMA invoice numbers with their dates (`None`: unknown).
type InvoiceDates = BTreeMap<String, Option<NaiveDate>>;

/// The invoices the feed mentions, by RMA number with their date (`None`: its paid total
/// is looked up alone), and the Harvest invoices whose mirrored payments the state does not
/// know: Harvest's are read, so those with our marker are adopted instead of paid twice or
/// reviewed forever. What the state knows of them goes into the snapshot.
fn feed_invoices(
    config: &Config,
    state: Option<&State>,
    snap: &mut Snapshot,
) -> Result<(InvoiceDates, BTreeSet<i64>), ReadError> {
    let mut by_number = InvoiceDates::new();
    let mut unknown_payments: BTreeSet<i64> = BTreeSet::new();
    let numbers: Vec<String> = snap.feed.iter().map(|r| r.invnumber.clone()).collect();
    for invnumber in numbers {
        if by_number.contains_key(&invnumber) {
            continue;
        }
        let link = match state {
            Some(state) => state.invoice_by_invnumber(&invnumber)?,
            None => None,
        };
        match (link, state) {
            (Some(link), Some(state)) if link.status.is_in_rma() => {
                let live = state.live_payments_of(link.harvest_id)?;
                if unaccounted_money(snap, link.harvest_id, &live)
                    && !state.invoice_marks(link.harvest_id)?.deleted_in_harvest
                {
                    unknown_payments.insert(link.harvest_id);
                }
                for p in live {
                    snap.known_payments.insert(p.rma_payment_id, p);
                }
                by_number.insert(invnumber, link.issue_date);
                snap.known_invoices.entry(link.harvest_id).or_insert(link);
            }
            _ => {
                // Linked in this run? Its paid total came with the existence check.
                let Some(inv) = snap.rma_invoices.get(&invnumber) else {
                    continue;
                };
                unknown_payments.extend(
                    snap.invoices
                        .iter()
                        .filter(|i| {
                            mapping::rma_invoice_number(&config.sync.invoice_number, i) == invnumber
                        })
                        .map(|i| i.id),
                );
                match inv.paid {
                    Some(paid) => {
                        snap.rma_paid.insert(inv.invnumber.clone(), paid);
                    }
                    None => {
                        by_number.insert(invnumber, None);
                    }
                }
            }
        }
    }
    Ok((by_number, unknown_payments))
}

/// RMA's paid totals (A2) of the feed's invoices: one list call over their dates, single
/// look-ups only for numbers that list did not show.
fn read_paid_totals(
    rma: &dyn RmaApi,
    by_number: &InvoiceDates,
    snap: &mut Snapshot,
) -> Result<(), ReadError> {
    let dates: Vec<NaiveDate> = by_number.values().flatten().copied().collect();
    if let (Some(from), Some(to)) = (dates.iter().min(), dates.iter().max()) {
        let wanted: HashSet<&str> = by_number.keys().map(String::as_str).collect();
        for inv in rma_invoices(rma, &wanted, *from, *to).reading(msg!("read-rma-paid-totals"))? {
            if let Some(paid) = inv.paid {
                snap.rma_paid.insert(inv.invnumber.clone(), paid);
            }
        }
    }
    for number in by_number.keys() {
        if !snap.rma_paid.contains_key(number) {
            if let Some(inv) = rma.invoice(number).reading(msg!("read-rma-paid-total"))? {
                // A2: the single invoice carries `paid`; absent means nothing is paid.
                snap.rma_paid
                    .insert(number.clone(), inv.paid.unwrap_or_default());
            }
        }
    }
    Ok(())
}

/// Harvest's payments of the invoices whose mirrored payments the state does not know.
fn read_harvest_payments(
    harvest: &dyn HarvestApi,
    invoices: BTreeSet<i64>,
    snap: &mut Snapshot,
) -> Result<(), ReadError> {
    for harvest_id in invoices {
        match harvest.payments(harvest_id) {
            Ok(payments) => {
                snap.harvest_payments.insert(harvest_id, payments);
            }
            // Gone in Harvest, or refused: the payment steps find out and say so.
            Err(super::ServiceError::NotFound(why) | super::ServiceError::Refused(why)) => {
                log::warn!("Harvest payments of invoice id {harvest_id} not read: {why}");
            }
            Err(e) => return Err(failed_reading(msg!("read-harvest-payments"), e)),
        }
    }
    Ok(())
}

/// True when Harvest shows more paid on the invoice (`amount − due_amount`) than the
/// mirrored payments the state knows: some payment there is not in the state (a lost state
/// file), so Harvest's payments are read to adopt ours by their marker. An invoice's first
/// payment costs no read this way (issue 16). An invoice Harvest did not list is read when
/// the state knows none of its payments, as before.
fn unaccounted_money(snap: &Snapshot, harvest_id: i64, live: &[crate::state::PaymentLink]) -> bool {
    match snap.invoices.iter().find(|i| i.id == harvest_id) {
        Some(invoice) => {
            let known: rust_decimal::Decimal = live.iter().map(|p| p.amount).sum();
            invoice.amount - invoice.due_amount > known
        }
        None => live.is_empty(),
    }
}

/// The RMA invoices among `wanted` dated `from..=to`: one list call, or, if RMA
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
