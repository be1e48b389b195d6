//! Harvest invoice → RMA invoice, Harvest client + contacts → RMA customer. Pure functions.

use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::msg;
use crate::rma::types::{Customer, NewInvoice, NewInvoiceLine};
use crate::words::Message;

/// The RMA invoice number for a Harvest invoice (`sync.invoice_number`).
pub fn rma_invoice_number(template: &str, invoice: &harvest::Invoice) -> String {
    template
        .replace("{number}", invoice.number.trim())
        .replace("{id}", &invoice.id.to_string())
}

/// The RMA customer number for a Harvest client: `[sync.customers]` first, then the template.
pub fn customer_number(sync: &SyncConfig, client_id: i64) -> String {
    sync.customers.get(&client_id).cloned().unwrap_or_else(|| {
        sync.customer_number
            .replace("{client_id}", &client_id.to_string())
    })
}

/// RMA's order number field chokes on special characters.
fn order_number(purchase_order: &str) -> String {
    purchase_order
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '\\'))
        .collect()
}

pub fn map_invoice(
    invoice: &harvest::Invoice,
    invnumber: &str,
    customernumber: &str,
    currency: &str,
    ar_account: Option<&str>,
    run: Option<super::trace::RunStamp>,
) -> NewInvoice {
    let discount = invoice.discount.unwrap_or_default();
    NewInvoice {
        invnumber: invnumber.to_string(),
        ordnumber: order_number(&invoice.purchase_order),
        currency: currency.to_string(),
        ar_accno: ar_account.map(str::to_string),
        transdate: invoice.issue_date,
        duedate: invoice.due_date.unwrap_or(invoice.issue_date),
        description: invoice.subject.trim().to_string(),
        notes: invoice.notes.trim().to_string(),
        intnotes: super::trace::booking_note(&invoice.number, invoice.id, run),
        customernumber: customernumber.to_string(),
        lines: invoice
            .line_items
            .iter()
            .map(|l| NewInvoiceLine {
                partnumber: l.kind.clone(),
                description: if l.description.trim().is_empty() {
                    l.kind.clone()
                } else {
                    l.description.trim().to_string()
                },
                quantity: l.quantity,
                sellprice: l.unit_price,
                // Harvest's discount is a percentage of the subtotal, the same on every line.
                discount,
            })
            .collect(),
    }
}

/// A Harvest free-text address split into RMA's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Address {
    pub address1: String,
    pub address2: String,
    pub zipcode: String,
    pub city: String,
    pub country: String,
}

/// Country names and codes as people write them on an address's last line.
const COUNTRIES: &[(&str, &[&str])] = &[
    (
        "CH",
        &[
            "ch",
            "schweiz",
            "switzerland",
            "suisse",
            "svizzera",
            "svizra",
        ],
    ),
    (
        "LI",
        &["li", "fl", "liechtenstein", "fürstentum liechtenstein"],
    ),
    (
        "DE",
        &["de", "d", "deutschland", "germany", "allemagne", "germania"],
    ),
    (
        "AT",
        &[
            "at",
            "a",
            "österreich",
            "oesterreich",
            "austria",
            "autriche",
        ],
    ),
    ("FR", &["fr", "france", "frankreich"]),
    ("IT", &["it", "italia", "italy", "italien", "italie"]),
    ("NL", &["nl", "netherlands", "niederlande", "nederland"]),
    (
        "GB",
        &[
            "gb",
            "uk",
            "united kingdom",
            "grossbritannien",
            "großbritannien",
            "england",
        ],
    ),
    (
        "US",
        &[
            "us",
            "usa",
            "united states",
            "united states of america",
            "vereinigte staaten",
        ],
    ),
];

fn country_code(line: &str) -> Option<&'static str> {
    let l = line.trim().trim_end_matches('.').to_lowercase();
    COUNTRIES
        .iter()
        .find(|(_, names)| names.contains(&l.as_str()))
        .map(|(code, _)| *code)
}

/// `8001 Zürich`, `CH-8001 Zürich`, `D-10115 Berlin`, `A-1060 Wien`, `10115 Berlin`.
fn zip_city(line: &str) -> Option<(Option<&'static str>, String, String)> {
    let line = line.trim();
    let (prefix, rest) = match line.split_once('-') {
        Some((p, r)) if p.len() <= 2 && p.chars().all(|c| c.is_ascii_alphabetic()) => {
            (country_code(p), r.trim())
        }
        _ => (None, line),
    };
    let (zip, city) = rest.split_once(char::is_whitespace)?;
    let city = city.trim();
    if !(4..=5).contains(&zip.len()) || !zip.chars().all(|c| c.is_ascii_digit()) || city.is_empty()
    {
        return None;
    }
    Some((prefix, zip.to_string(), city.to_string()))
}

/// Splits Harvest's free-text address. The postcode line decides zip and city; a last line
/// that names a country decides the country; a five-digit postcode without a country is
/// German, four digits take the configured default.
pub fn split_address(text: &str, default_country: &str) -> Address {
    let mut lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut country = None;
    if let Some(last) = lines.last() {
        if let Some(code) = country_code(last) {
            country = Some(code);
            lines.pop();
        }
    }
    let mut addr = Address::default();
    if let Some(pos) = lines.iter().rposition(|l| zip_city(l).is_some()) {
        let (prefix, zip, city) = zip_city(lines[pos]).expect("checked");
        country = country
            .or(prefix)
            .or(if zip.len() == 5 { Some("DE") } else { None });
        addr.zipcode = zip;
        addr.city = city;
        lines.remove(pos);
    }
    addr.country = country
        .map(str::to_string)
        .unwrap_or_else(|| default_country.to_string());
    let mut street = lines.into_iter();
    addr.address1 = street.next().unwrap_or_default().to_string();
    addr.address2 = street.collect::<Vec<_>>().join(", ");
    addr
}

/// Cuts `value` to RMA's field length, noting what was cut.
fn fit(value: &str, max: usize, field: Message, notes: &mut Vec<Message>) -> String {
    let value = value.trim();
    if value.chars().count() <= max {
        return value.to_string();
    }
    let cut: String = value.chars().take(max).collect();
    notes.push(msg!(
        "customer-field-too-long",
        field = field,
        value = value,
        max = max,
        cut = &cut
    ));
    cut
}

/// The first contact (lowest id) that has an e-mail address, else the first.
fn primary_contact(contacts: &[harvest::Contact]) -> Option<&harvest::Contact> {
    let mut sorted: Vec<&harvest::Contact> = contacts.iter().collect();
    sorted.sort_by_key(|c| c.id);
    sorted
        .iter()
        .find(|c| !c.email.trim().is_empty())
        .or(sorted.first())
        .copied()
}

/// The RMA customer for a Harvest client, with notes on anything that had to be cut.
/// The primary contact is the first one (lowest id) that has an e-mail address, else the first.
pub fn map_customer(
    client: &harvest::Client,
    contacts: &[harvest::Contact],
    number: &str,
    default_country: &str,
) -> (Customer, Vec<Message>) {
    let mut notes = Vec::new();
    let primary = primary_contact(contacts);
    // A text of the primary contact; empty without one.
    let contact =
        |field: fn(&harvest::Contact) -> &String| primary.map(field).map_or("", String::as_str);
    let addr = split_address(&client.address, default_country);
    let phone = primary
        .map(|c| {
            if c.phone_office.trim().is_empty() {
                &c.phone_mobile
            } else {
                &c.phone_office
            }
        })
        .cloned()
        .unwrap_or_default();
    // Cut to RMA's field lengths, noting what was cut.
    let mut cut = |value: &str, max: usize, field: Message| fit(value, max, field, &mut notes);
    let customer = Customer {
        customernumber: number.to_string(),
        name: cut(&client.name, 64, msg!("customer-field-name")),
        firstname: cut(
            contact(|c| &c.first_name),
            32,
            msg!("customer-field-first-name"),
        ),
        lastname: cut(
            contact(|c| &c.last_name),
            32,
            msg!("customer-field-last-name"),
        ),
        address1: cut(&addr.address1, 32, msg!("customer-field-address")),
        address2: cut(&addr.address2, 32, msg!("customer-field-address2")),
        zipcode: cut(&addr.zipcode, 10, msg!("customer-field-postcode")),
        city: cut(&addr.city, 32, msg!("customer-field-city")),
        country: addr.country,
        phone: cut(&phone, 20, msg!("customer-field-phone")),
        mobile: cut(
            contact(|c| &c.phone_mobile),
            20,
            msg!("customer-field-mobile"),
        ),
        fax: cut(contact(|c| &c.fax), 20, msg!("customer-field-fax")),
        email: primary
            .map(|c| c.email.trim().to_string())
            .unwrap_or_default(),
        typeofcontact: "company".into(),
    };
    (customer, notes)
}

/// A stable fingerprint of what the tool last pushed (FNV-1a 64 over the JSON; the standard
/// library's hasher may change between Rust versions, this one never does).
pub fn content_hash(customer: &Customer) -> String {
    hash_text(&serde_json::to_string(customer).expect("a customer always serialises"))
}

/// FNV-1a of a text: stable across versions and platforms, unlike `std`'s hasher.
pub fn hash_text(json: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in json.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

pub use crate::words::money;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn addr(text: &str) -> Address {
        split_address(text, "CH")
    }

    /// Postcode, city and country.
    fn place(a: &Address) -> (&str, &str, &str) {
        (&a.zipcode, &a.city, &a.country)
    }

    #[test]
    fn swiss_address() {
        let a = addr("Bahnhofstrasse 10\r\n8001 Zürich");
        assert_eq!(
            (
                a.address1.as_str(),
                a.zipcode.as_str(),
                a.city.as_str(),
                a.country.as_str()
            ),
            ("Bahnhofstrasse 10", "8001", "Zürich", "CH")
        );
        let a = addr("Bundesgasse 3\nPostfach 123\nCH-3001 Bern\nSchweiz");
        assert_eq!(a.address2, "Postfach 123");
        assert_eq!(place(&a), ("3001", "Bern", "CH"));
    }

    #[test]
    fn german_and_austrian_addresses() {
        let a = addr("Hauptstraße 5\n10115 Berlin\nDeutschland");
        assert_eq!(place(&a), ("10115", "Berlin", "DE"));
        let a = addr("Hauptstraße 5\nD-10115 Berlin");
        assert_eq!(a.country, "DE");
        let a = addr("Hauptstraße 5\n10115 Berlin");
        assert_eq!(a.country, "DE", "five digits without a country are German");
        let a = addr("Mariahilfer Straße 1\n1060 Wien\nÖsterreich");
        assert_eq!(place(&a), ("1060", "Wien", "AT"));
        let a = addr("Mariahilfer Straße 1\nA-1060 Wien");
        assert_eq!(a.country, "AT");
    }

    #[test]
    fn odd_addresses_do_not_panic() {
        assert_eq!(
            addr(""),
            Address {
                country: "CH".into(),
                ..Default::default()
            }
        );
        let a = addr("Somewhere without postcode");
        assert_eq!(a.address1, "Somewhere without postcode");
        assert_eq!(a.zipcode, "");
    }

    fn client(name: &str, address: &str) -> harvest::Client {
        harvest::Client {
            id: 5,
            name: name.into(),
            is_active: true,
            address: address.into(),
            currency: "CHF".into(),
        }
    }

    fn contact(id: i64, first: &str, email: &str) -> harvest::Contact {
        harvest::Contact {
            id,
            client: harvest::IdName {
                id: 5,
                name: String::new(),
            },
            title: String::new(),
            first_name: first.into(),
            last_name: "Muster".into(),
            email: email.into(),
            phone_office: "+41 44 123 45 67".into(),
            phone_mobile: String::new(),
            fax: String::new(),
        }
    }

    #[test]
    fn customer_takes_the_first_contact_with_email_and_cuts_long_fields() {
        let long = "A very long street name that goes on and on 12";
        let c = client("Muster AG", &format!("{long}\n8001 Zürich"));
        let (cust, notes) = map_customer(
            &c,
            &[contact(9, "Eva", "eva@muster.ch"), contact(3, "Hans", "")],
            "H5",
            "CH",
        );
        assert_eq!(cust.firstname, "Eva");
        assert_eq!(cust.email, "eva@muster.ch");
        assert_eq!(cust.phone, "+41 44 123 45 67");
        assert_eq!(cust.address1.chars().count(), 32);
        assert_eq!(notes.len(), 1);
        assert!(crate::words::render(&notes[0]).contains("32 characters"));
        assert_eq!(cust.customernumber, "H5");
    }

    #[test]
    fn content_hash_changes_with_content() {
        let c = client("Muster AG", "Bahnhofstrasse 10\n8001 Zürich");
        let (a, _) = map_customer(&c, &[], "H5", "CH");
        let (b, _) = map_customer(
            &client("Muster AG", "Bahnhofstrasse 11\n8001 Zürich"),
            &[],
            "H5",
            "CH",
        );
        assert_eq!(content_hash(&a), content_hash(&a.clone()));
        assert_ne!(content_hash(&a), content_hash(&b));
    }

    fn invoice() -> harvest::Invoice {
        serde_json::from_str(
            r#"{"id":13150403,"number":"1001","purchase_order":"PO #7/2026","amount":288.9,"due_amount":288.9,"tax":5,"tax2":2,
            "discount":10,"subject":"Online Store","notes":"Danke","state":"open","issue_date":"2017-04-01","due_date":"2017-05-01",
            "currency":"EUR","client":{"id":5735776,"name":"123 Industries"},
            "line_items":[{"id":1,"kind":"Service","description":"Planning","quantity":2,"unit_price":100,"amount":200,"taxed":true,"taxed2":true},
                          {"id":2,"kind":"Service","description":"","quantity":1.5,"unit_price":"100.05","amount":150.08,"taxed":true,"taxed2":true}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn invoice_mapping() {
        let inv = invoice();
        let sync = SyncConfig::default();
        let number = rma_invoice_number(&sync.invoice_number, &inv);
        assert_eq!(number, "1001");
        assert_eq!(rma_invoice_number("H-{id}", &inv), "H-13150403");
        let m = map_invoice(&inv, &number, "H5735776", "EUR", Some("1100"), None);
        assert_eq!(m.ordnumber, "PO72026", "special characters are dropped");
        assert_eq!(m.currency, "EUR");
        assert_eq!(m.duedate, NaiveDate::from_ymd_opt(2017, 5, 1).unwrap());
        assert_eq!(m.lines.len(), 2);
        assert_eq!(m.lines[0].partnumber, "Service");
        assert_eq!(m.lines[0].discount, Decimal::from(10));
        assert_eq!(
            m.lines[1].description, "Service",
            "an empty description falls back to the category"
        );
        assert_eq!(m.lines[1].sellprice.to_string(), "100.05");
        let json = m.to_json();
        assert_eq!(json["taxincluded"], "false");
        assert_eq!(json["parts"]["part"][1]["quantity"], "1.5");
        assert_eq!(json["transdate"], "2017-04-01T00:00:00+02:00");
    }

    #[test]
    fn customer_number_uses_map_first() {
        let mut sync = SyncConfig::default();
        assert_eq!(customer_number(&sync, 42), "H42");
        sync.customers.insert(42, "10023".into());
        assert_eq!(customer_number(&sync, 42), "10023");
    }

    #[test]
    fn money_is_swiss_formatted() {
        assert_eq!(money("CHF", Decimal::new(123450, 2)), "CHF 1'234.50");
        assert_eq!(money("EUR", Decimal::new(5, 1)), "EUR 0.50");
        assert_eq!(money("CHF", Decimal::new(-100000, 2)), "CHF -1'000.00");
    }
}
