//! `sync --invoice NUMBER`: a snapshot cut down to a few Harvest invoices before planning,
//! so that the planner stays as it is. Feed rows on other invoices are taken out of the
//! snapshot, not ignored in the plan: an ignored row would be acknowledged, and these rows
//! must stay pending for the next full run.

use std::collections::{BTreeSet, HashSet};

use super::mapping;
use super::plan::Snapshot;
use crate::config::SyncConfig;
use crate::state::{State, StateError};

/// Adds to the snapshot the invoices among `numbers` that the state knows as booked or
/// linked but that Harvest no longer lists as importable (paid, closed) and the feed does
/// not mention: they are accepted, nothing is booked again, and their payments are mirrored.
pub fn add_booked_earlier(
    snap: &mut Snapshot,
    state: &State,
    numbers: &[String],
) -> Result<(), StateError> {
    for number in numbers.iter().map(|n| n.trim()) {
        let seen = snap.invoices.iter().any(|i| i.number.trim() == number)
            || snap
                .known_invoices
                .values()
                .any(|l| l.harvest_number.trim() == number);
        if seen {
            continue;
        }
        if let Some(link) = state.booked_invoice_by_harvest_number(number)? {
            snap.marks
                .insert(link.harvest_id, state.invoice_marks(link.harvest_id)?);
            snap.known_invoices.insert(link.harvest_id, link);
        }
    }
    Ok(())
}

/// The numbers among `numbers` that are neither in `found` (importable Harvest invoices and
/// invoices the tool booked or linked) as the usage error that names them, or `None`.
pub fn not_importable(
    numbers: &[String],
    found: &HashSet<&str>,
    sync: &SyncConfig,
) -> Option<String> {
    let wanted: BTreeSet<&str> = numbers.iter().map(|n| n.trim()).collect();
    let missing: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|n| !found.contains(n))
        .collect();
    if missing.is_empty() {
        return None;
    }
    let states = sync.import_states.join(", ");
    let since = sync
        .start_date
        .map(|d| format!(", issued on or after {}", d.format("%d.%m.%Y")))
        .unwrap_or_default();
    let (noun, verb) = if missing.len() == 1 {
        ("Invoice", "is")
    } else {
        ("Invoices", "are")
    };
    Some(format!(
        "{noun} {} {verb} not an importable Harvest invoice (state {states}{since}) nor one rma-harvest booked or linked; check the number given to --invoice",
        missing.join(", ")
    ))
}

/// Keeps only the Harvest invoices numbered `numbers` (with their clients, contacts and
/// payment-feed rows). A number is accepted when it is an importable Harvest invoice or one
/// the snapshot knows as booked or linked (its payments are still mirrored; see
/// [`add_booked_earlier`]). `Err` names every number that is neither.
pub fn restrict_to_invoices(
    snap: &mut Snapshot,
    numbers: &[String],
    sync: &SyncConfig,
) -> Result<(), String> {
    let wanted: BTreeSet<&str> = numbers.iter().map(|n| n.trim()).collect();
    let found: HashSet<&str> = snap
        .invoices
        .iter()
        .map(|i| i.number.trim())
        .chain(
            snap.known_invoices
                .values()
                .filter(|l| l.status.is_in_rma())
                .map(|l| l.harvest_number.trim()),
        )
        .collect();
    if let Some(message) = not_importable(numbers, &found, sync) {
        return Err(message);
    }

    snap.invoices.retain(|i| wanted.contains(i.number.trim()));
    snap.known_invoices
        .retain(|_, l| wanted.contains(l.harvest_number.trim()));
    let clients: HashSet<i64> = snap.invoices.iter().map(|i| i.client.id).collect();
    snap.clients.retain(|id, _| clients.contains(id));
    snap.contacts.retain(|id, _| clients.contains(id));
    snap.known_customers.retain(|id, _| clients.contains(id));

    let invnumbers: HashSet<String> = snap
        .invoices
        .iter()
        .map(|i| mapping::rma_invoice_number(&sync.invoice_number, i))
        .chain(
            snap.known_invoices
                .values()
                .map(|l| l.rma_invnumber.clone()),
        )
        .collect();
    snap.feed.retain(|row| invnumbers.contains(&row.invnumber));
    let payment_invoices: HashSet<i64> = snap
        .invoices
        .iter()
        .map(|i| i.id)
        .chain(snap.known_invoices.keys().copied())
        .collect();
    snap.known_payments
        .retain(|_, p| payment_invoices.contains(&p.harvest_invoice_id));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rma::types::{FeedFlag, FeedPayment};

    fn invoice(id: i64, number: &str, client: i64) -> crate::harvest::types::Invoice {
        serde_json::from_value(serde_json::json!({
            "id": id, "number": number, "state": "open", "issue_date": "2026-03-02",
            "client": {"id": client, "name": format!("Client {client}")}, "amount": "100.0",
            "due_amount": "100.0"
        }))
        .unwrap()
    }

    fn row(id: i64, invnumber: &str) -> FeedPayment {
        FeedPayment {
            id,
            invnumber: invnumber.into(),
            datepaid: chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
            amount: 100.into(),
            memo: String::new(),
            source: String::new(),
            payment_accno: "1090".into(),
            currency: "CHF".into(),
            flag: FeedFlag::New,
        }
    }

    fn snapshot() -> Snapshot {
        let mut snap = Snapshot {
            invoices: vec![invoice(1, "1001", 7), invoice(2, "1002", 8)],
            feed: vec![row(50, "1001"), row(51, "1002"), row(52, "0999")],
            ..Default::default()
        };
        for c in [7, 8] {
            let client = serde_json::from_value(
                serde_json::json!({"id": c, "name": format!("Client {c}"), "currency": "CHF"}),
            )
            .unwrap();
            snap.clients.insert(c, client);
        }
        snap
    }

    #[test]
    fn keeps_the_named_invoice_its_client_and_its_feed_rows_only() {
        let mut snap = snapshot();
        restrict_to_invoices(&mut snap, &["1002".into()], &SyncConfig::default()).unwrap();
        assert_eq!(snap.invoices.len(), 1);
        assert_eq!(snap.invoices[0].id, 2);
        assert_eq!(snap.clients.keys().copied().collect::<Vec<_>>(), [8]);
        // Rows on other invoices leave the snapshot: they are neither mirrored nor acknowledged.
        assert_eq!(snap.feed.iter().map(|r| r.id).collect::<Vec<_>>(), [51]);
    }

    #[test]
    fn a_number_that_is_not_importable_is_named() {
        let mut snap = snapshot();
        let err = restrict_to_invoices(
            &mut snap,
            &["1001".into(), "7777".into(), "8888".into()],
            &SyncConfig::default(),
        )
        .unwrap_err();
        assert!(
            err.starts_with("Invoices 7777, 8888 are not an importable"),
            "{err}"
        );
        assert_eq!(
            snap.invoices.len(),
            2,
            "nothing is cut when a number is wrong"
        );
    }
}
