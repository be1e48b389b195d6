//! The Harvest side: token, account, permissions, and the importable invoices (their numbers
//! and currencies, which Run my Accounts has opinions about).

use super::{examples, Checklist, HarvestFindings, Status};
use crate::commands::services::TokenAccess;
use crate::config::Config;
use crate::failure::Category;
use crate::harvest::types::Invoice;
use crate::state::State;
use crate::sync::{mapping, HarvestApi};

const TOKEN: &str = "Harvest accepts the access token";
const ACCOUNT: &str = "The token belongs to harvest.account_url";
const PERMISSIONS: &str = "The Harvest user may manage invoices and read clients and contacts";
const INVOICES: &str = "Harvest lists the importable invoices";
const NUMBERS: &str =
    "Invoice numbers are digits only (Run my Accounts builds the QR reference from them)";
const CURRENCY: &str = "Invoices are in CHF";

pub(super) fn run(
    config: &Config,
    state: Option<&State>,
    clock: &crate::clock::SharedClock,
    list: &mut Checklist,
) -> HarvestFindings {
    let dependents = [ACCOUNT, PERMISSIONS, INVOICES, NUMBERS, CURRENCY];
    let ids = [
        "harvest_account",
        "harvest_permissions",
        "harvest_invoices",
        "invoice_numbers",
        "currency",
    ];
    let give_up = |list: &mut Checklist, because: &str| {
        for (id, title) in ids.iter().zip(dependents) {
            list.could_not_tell(id, title, because);
        }
        HarvestFindings::default()
    };

    let client =
        match crate::commands::services::harvest_client(config, TokenAccess::ReadOnly, clock) {
            Ok(c) => c,
            Err(e) => {
                // The message says what to set or run; the advice would say it again.
                list.add("harvest_token", TOKEN, Status::Fails, e.to_string(), "");
                return give_up(list, "Harvest is not connected");
            }
        };
    let company = match client.company() {
        Ok(c) => c,
        Err(e) => {
            let status = match e.category() {
                Category::Unavailable => Status::CouldNotTell,
                _ => Status::Fails,
            };
            // The client's refusal says what to check (a personal token) or run (OAuth).
            list.add("harvest_token", TOKEN, status, e.to_string(), "");
            return give_up(list, "the Harvest token could not be checked");
        }
    };
    list.holds(
        "harvest_token",
        TOKEN,
        format!("account {}", client.account_id()),
    );

    let wanted = config.harvest.account_domain();
    if company.full_domain.eq_ignore_ascii_case(&wanted) {
        list.holds("harvest_account", ACCOUNT, company.full_domain.clone());
    } else {
        list.add("harvest_account", ACCOUNT, Status::Fails,
            format!("the token belongs to {}, harvest.account_url is {}", company.full_domain, config.harvest.account_url),
            "use a token of the configured account, or correct harvest.account_url and harvest.account_id");
    }

    let api: &dyn HarvestApi = &client;
    let manager =
        "use a token of an administrator, or of a manager allowed to create and edit invoices";
    match client.me() {
        Err(e) => list.add("harvest_permissions", PERMISSIONS, Status::Fails, e.to_string(), manager),
        Ok(u) if !u.may_manage_invoices() => list.add("harvest_permissions", PERMISSIONS, Status::Fails,
            format!("{} may not manage invoices", u.display_name()), manager),
        Ok(u) => match (api.clients(), api.contacts()) {
            (Ok(c), Ok(k)) => list.holds("harvest_permissions", PERMISSIONS,
                format!("{} ({} clients, {} contacts readable)", u.display_name(), c.items.len(), k.items.len())),
            (Err(e), _) | (_, Err(e)) => list.failed_call("harvest_permissions", PERMISSIONS, &e,
                "the user needs to see every client: an administrator, or a manager with access to all clients"),
        },
    }

    let mut invoices = Vec::new();
    let mut unreadable = Vec::new();
    for s in &config.sync.import_states {
        match api.invoices(s, config.sync.start_date) {
            Ok(found) => {
                invoices.extend(found.items);
                unreadable.extend(found.unreadable.into_iter().map(|u| {
                    format!(
                        "{} ({})",
                        u.number.unwrap_or_else(|| "without number".into()),
                        u.what
                    )
                }));
            }
            Err(e) => {
                list.failed_call(
                    "harvest_invoices",
                    INVOICES,
                    &e,
                    "check the permissions above and sync.import_states",
                );
                list.could_not_tell("invoice_numbers", NUMBERS, "the invoices could not be read");
                list.could_not_tell("currency", CURRENCY, "the invoices could not be read");
                return HarvestFindings::default();
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
        list.add(
            "harvest_invoices",
            INVOICES,
            Status::Fails,
            format!(
                "Harvest sent invoices that cannot be read: {}",
                examples(&unreadable)
            ),
            "correct them in Harvest; the sync refuses each of them by name and books the others",
        );
    } else {
        list.holds(
            "harvest_invoices",
            INVOICES,
            format!(
                "{} still to book (state {}{})",
                crate::human::count(invoices.len(), "invoice", "invoices"),
                config.sync.import_states.join(", "),
                config
                    .sync
                    .start_date
                    .map(|d| format!(", issued on or after {}", crate::human::date(d)))
                    .unwrap_or_default()
            ),
        );
    }
    check_numbers(config, &invoices, list);
    check_currencies(&invoices, list);
    HarvestFindings {
        invoices: Some(invoices),
    }
}

fn check_numbers(config: &Config, invoices: &[Invoice], list: &mut Checklist) {
    let odd: Vec<String> = invoices
        .iter()
        .map(|i| mapping::rma_invoice_number(&config.sync.invoice_number, i))
        .filter(|n| n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()))
        .collect();
    if odd.is_empty() {
        list.holds("invoice_numbers", NUMBERS, "every number is digits only");
    } else {
        list.add("invoice_numbers", NUMBERS, Status::Warning,
            format!("{} not digits only: {}", crate::human::count(odd.len(), "number is", "numbers are"), examples(&odd)),
            "Run my Accounts then cannot build the QR reference (dcn) of those invoices; use digit-only invoice numbers in Harvest, or sync.invoice_number = \"{id}\"");
    }
}

fn check_currencies(invoices: &[Invoice], list: &mut Checklist) {
    let foreign: Vec<String> = invoices
        .iter()
        .filter(|i| !i.currency.is_empty() && !i.currency.eq_ignore_ascii_case("CHF"))
        .map(|i| format!("{} ({})", i.number, i.currency))
        .collect();
    if foreign.is_empty() {
        list.holds(
            "currency",
            CURRENCY,
            "every invoice still to book is in CHF",
        );
    } else {
        list.add("currency", CURRENCY, Status::Warning,
            format!("{} in another currency: {}", crate::human::count(foreign.len(), "invoice", "invoices"), examples(&foreign)),
            "Run my Accounts needs an exchange rate for each such currency and day (Settings > Currencies)");
    }
}
