//! Harvest entries that could not be read: each is a problem of that entry only. An
//! unreadable invoice is refused by name; an unreadable client (or a contact of it) refuses
//! that client's invoices, since its customer record cannot be trusted.

use std::collections::HashMap;

use super::plan::{Snapshot, Step};
use crate::harvest::types::Unreadable;
use crate::msg;
use crate::words::Message;

/// Why each client cannot be used, by client id: its own entry or one of its contacts was
/// unreadable. Entries that name no client cannot be attributed and are only logged.
pub(crate) fn unreadable_clients(
    clients: &[Unreadable],
    contacts: &[Unreadable],
) -> HashMap<i64, Message> {
    let mut out = HashMap::new();
    for c in clients {
        match c.id {
            Some(id) => {
                out.entry(id)
                    .or_insert_with(|| Message::Text(c.what.clone()));
            }
            None => log::warn!(
                "a Harvest client without a readable id was left out ({}); invoices of a client Harvest did not send are refused",
                c.what
            ),
        }
    }
    for c in contacts {
        match c.client_id {
            Some(client) => {
                out.entry(client).or_insert_with(|| match c.id {
                    Some(id) => msg!("client-contact-unreadable", contact = id, what = &c.what),
                    None => msg!("client-contact-unreadable-no-id", what = &c.what),
                });
            }
            None => log::warn!(
                "a Harvest contact {:?} that names no client was left out ({})",
                c.id,
                c.what
            ),
        }
    }
    out
}

/// One refusal per unreadable invoice, sorted by id. One the state already has in Run my
/// Accounts stays as it is there; its payments are still mirrored.
pub(crate) fn unreadable_invoice_steps(snap: &Snapshot) -> Vec<Step> {
    let mut entries: Vec<&Unreadable> = snap.unreadable_invoices.iter().collect();
    entries.sort_by_key(|u| u.id);
    entries
        .into_iter()
        .map(|u| {
            let known = u.id.and_then(|id| snap.known_invoices.get(&id));
            let reason = match known {
                Some(link) if link.status.is_in_rma() => msg!(
                    "invoice-unreadable-in-rma",
                    what = &u.what,
                    invnumber = &link.rma_invnumber
                ),
                _ => msg!("invoice-unreadable", what = &u.what),
            };
            Step::UnreadableInvoice {
                harvest_id: u.id,
                harvest_number: u
                    .number
                    .clone()
                    .or_else(|| known.map(|l| l.harvest_number.clone())),
                reason,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: Option<i64>, client_id: Option<i64>, what: &str) -> Unreadable {
        Unreadable {
            id,
            number: None,
            name: None,
            client_id,
            what: what.into(),
        }
    }

    #[test]
    fn clients_and_contacts_name_the_client_they_belong_to() {
        let found = unreadable_clients(
            &[entry(Some(5), None, "Harvest sent no name")],
            &[
                entry(Some(9), Some(7), "Harvest sent an entry without an id"),
                entry(Some(10), None, "nobody's"),
            ],
        );
        assert_eq!(found.len(), 2);
        assert_eq!(found[&5], Message::Text("Harvest sent no name".into()));
        assert_eq!(
            crate::words::render_in(&found[&7], crate::words::Lang::En),
            "its contact 9 could not be read: Harvest sent an entry without an id"
        );
    }

    #[test]
    fn unreadable_invoices_are_refused_by_number() {
        let snap = Snapshot {
            unreadable_invoices: vec![Unreadable {
                number: Some("1042".into()),
                ..entry(
                    Some(42),
                    Some(5),
                    "Harvest sent an amount that is not a number (\"abc\")",
                )
            }],
            ..Default::default()
        };
        let steps = unreadable_invoice_steps(&snap);
        assert_eq!(steps.len(), 1);
        assert!(steps[0].needs_attention());
        assert_eq!(
            crate::words::render_in(&steps[0].describe(), crate::words::Lang::En),
            "Invoice 1042: Harvest sent an amount that is not a number (\"abc\"); not booked"
        );
    }
}
