//! The Harvest side: token, account, permissions, and the importable invoices (their numbers
//! and currencies, which Run my Accounts has opinions about).

use super::{examples, service_error, Checklist, HarvestFindings, Status};
use crate::commands::services::TokenAccess;
use crate::config::Config;
use crate::failure::Category;
use crate::harvest::types::{Company, Invoice};
use crate::harvest::HarvestClient;
use crate::msg;
use crate::state::State;
use crate::sync::{mapping, HarvestApi};
use crate::words::Message;

/// The checks that need a working Harvest token.
const DEPENDENTS: [&str; 5] = [
    "harvest_account",
    "harvest_permissions",
    "harvest_invoices",
    "invoice_numbers",
    "currency",
];

pub(super) fn run(
    config: &Config,
    state: Option<&State>,
    clock: &crate::clock::SharedClock,
    list: &mut Checklist,
) -> HarvestFindings {
    let Some((client, company)) = check_token(config, clock, list) else {
        return HarvestFindings::default();
    };
    check_account(config, &company, list);
    check_permissions(&client, list);
    let Some(invoices) = check_invoices(config, state, &client, list) else {
        list.could_not_tell("invoice_numbers", msg!("doctor-no-harvest-invoices"));
        list.could_not_tell("currency", msg!("doctor-no-harvest-invoices"));
        return HarvestFindings::default();
    };
    check_numbers(config, &invoices, list);
    check_currencies(&invoices, list);
    HarvestFindings {
        invoices: Some(invoices),
    }
}

/// The client, when Harvest accepts its token; otherwise every dependent check could not tell.
fn check_token(
    config: &Config,
    clock: &crate::clock::SharedClock,
    list: &mut Checklist,
) -> Option<(HarvestClient, Company)> {
    let give_up = |list: &mut Checklist, because: Message| {
        for id in DEPENDENTS {
            list.could_not_tell(id, because.clone());
        }
    };
    let client =
        match crate::commands::services::harvest_client(config, TokenAccess::ReadOnly, clock) {
            Ok(c) => c,
            Err(e) => {
                // The message says what to set or run; an advice would say it again.
                list.add("harvest_token", Status::Fails, service_error(&e), None);
                give_up(list, msg!("doctor-harvest-not-connected"));
                return None;
            }
        };
    match client.company() {
        Ok(company) => {
            let account = client.account_id().to_string();
            list.holds(
                "harvest_token",
                msg!("doctor-harvest-account-id", account = account),
            );
            Some((client, company))
        }
        Err(e) => {
            let status = match e.category() {
                Category::Unavailable => Status::CouldNotTell,
                _ => Status::Fails,
            };
            // The client's refusal says what to check (a personal token) or run (OAuth).
            list.add("harvest_token", status, service_error(&e), None);
            give_up(list, msg!("doctor-harvest-token-unchecked"));
            None
        }
    }
}

fn check_account(config: &Config, company: &Company, list: &mut Checklist) {
    let wanted = config.harvest.account_domain();
    if company.full_domain.eq_ignore_ascii_case(&wanted) {
        list.holds(
            "harvest_account",
            Message::Text(company.full_domain.clone()),
        );
    } else {
        list.fails(
            "harvest_account",
            msg!(
                "doctor-harvest-other-account",
                found = &company.full_domain,
                configured = &config.harvest.account_url
            ),
            msg!("doctor-advice-harvest-account"),
        );
    }
}

fn check_permissions(client: &HarvestClient, list: &mut Checklist) {
    let api: &dyn HarvestApi = client;
    let id = "harvest_permissions";
    match client.me() {
        Err(e) => list.fails(id, service_error(&e), msg!("doctor-advice-manager")),
        Ok(u) if !u.may_manage_invoices() => list.fails(
            id,
            msg!("doctor-harvest-may-not-manage", user = u.display_name()),
            msg!("doctor-advice-manager"),
        ),
        Ok(u) => match (api.clients(), api.contacts()) {
            (Ok(c), Ok(k)) => list.holds(
                id,
                msg!(
                    "doctor-harvest-readable",
                    user = u.display_name(),
                    clients = c.items.len(),
                    contacts = k.items.len()
                ),
            ),
            (Err(e), _) | (_, Err(e)) => {
                list.failed_call(id, &e, Some(msg!("doctor-advice-all-clients")))
            }
        },
    }
}

/// The importable invoices not yet in RMA; `None` when Harvest could not list them.
fn check_invoices(
    config: &Config,
    state: Option<&State>,
    client: &HarvestClient,
    list: &mut Checklist,
) -> Option<Vec<Invoice>> {
    let api: &dyn HarvestApi = client;
    let mut invoices = Vec::new();
    let mut unreadable = Vec::new();
    for s in &config.sync.import_states {
        match api.invoices(s, config.sync.start_date) {
            Ok(found) => {
                invoices.extend(found.items);
                unreadable.extend(found.unreadable.into_iter().map(|u| match u.number {
                    Some(number) => format!("{number} ({})", u.what),
                    None => format!("– ({})", u.what),
                }));
            }
            Err(e) => {
                let advice = msg!("doctor-advice-import-states");
                list.failed_call("harvest_invoices", &e, Some(advice));
                return None;
            }
        }
    }
    // Invoices the state knows as booked or linked are done: only the others still matter.
    invoices.retain(|inv| {
        !state.is_some_and(|s| {
            s.invoice(inv.id)
                .ok()
                .flatten()
                .is_some_and(|l| l.status.is_in_rma())
        })
    });
    if !unreadable.is_empty() {
        list.fails(
            "harvest_invoices",
            msg!(
                "doctor-harvest-unreadable",
                invoices = examples(&unreadable)
            ),
            msg!("doctor-advice-correct-in-harvest"),
        );
    } else {
        let states = config.sync.import_states.join(", ");
        let detail = match config.sync.start_date {
            Some(from) => msg!(
                "doctor-harvest-to-book-since",
                count = invoices.len(),
                states = states,
                from = from
            ),
            None => msg!(
                "doctor-harvest-to-book",
                count = invoices.len(),
                states = states
            ),
        };
        list.holds("harvest_invoices", detail);
    }
    Some(invoices)
}

fn check_numbers(config: &Config, invoices: &[Invoice], list: &mut Checklist) {
    let odd: Vec<String> = invoices
        .iter()
        .map(|i| mapping::rma_invoice_number(&config.sync.invoice_number, i))
        .filter(|n| n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if odd.is_empty() {
        list.holds("invoice_numbers", msg!("doctor-numbers-digits"));
    } else {
        list.warns(
            "invoice_numbers",
            msg!(
                "doctor-numbers-not-digits",
                count = odd.len(),
                numbers = examples(&odd)
            ),
            msg!("doctor-advice-numbers"),
        );
    }
}

fn check_currencies(invoices: &[Invoice], list: &mut Checklist) {
    let foreign: Vec<String> = invoices
        .iter()
        .filter(|i| !i.currency.is_empty() && !i.currency.eq_ignore_ascii_case("CHF"))
        .map(|i| format!("{} ({})", i.number, i.currency))
        .collect();
    if foreign.is_empty() {
        list.holds("currency", msg!("doctor-currency-chf"));
    } else {
        list.warns(
            "currency",
            msg!(
                "doctor-currency-foreign",
                count = foreign.len(),
                invoices = examples(&foreign)
            ),
            msg!("doctor-advice-currency"),
        );
    }
}
