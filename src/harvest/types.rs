//! Harvest API v2 objects, as far as this tool reads them (field names from
//! `harvest-openapi.yaml`). Every field Harvest may leave out or null is optional; unknown
//! fields are ignored.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::de;
use crate::de::Field;

/// A list entry Harvest sent that this tool cannot read, with what could be recovered from
/// it: one bad entry is a problem of that entry, never of the whole list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub id: Option<i64>,
    /// The invoice number, for invoices.
    pub number: Option<String>,
    /// The name, for clients.
    pub name: Option<String>,
    /// The client an invoice or contact belongs to.
    pub client_id: Option<i64>,
    /// What is wrong, to follow the entry's name: `Harvest sent no issue date`.
    pub what: String,
}

impl Unreadable {
    fn of(entry: &Value, what: String) -> Unreadable {
        Unreadable {
            id: de::id_of(entry.get("id")),
            number: de::text_of(entry.get("number")),
            name: de::text_of(entry.get("name")),
            client_id: de::id_of(entry.get("client").and_then(|c| c.get("id"))),
            what,
        }
    }
}

/// The entries of a list answer: those that read, and those that did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed<T> {
    pub items: Vec<T>,
    pub unreadable: Vec<Unreadable>,
}

impl<T> Default for Listed<T> {
    fn default() -> Self {
        Listed {
            items: Vec::new(),
            unreadable: Vec::new(),
        }
    }
}

impl<T> From<Vec<T>> for Listed<T> {
    fn from(items: Vec<T>) -> Self {
        Listed {
            items,
            unreadable: Vec::new(),
        }
    }
}

/// A Harvest list entry: read one by one, with the fields that matter checked by name first
/// so that a refusal says which one is wrong.
pub trait Entry: DeserializeOwned {
    fn problem(_entry: &Value) -> Option<String> {
        None
    }
}

impl<T: Entry> Listed<T> {
    pub fn read(entries: Vec<Value>) -> Listed<T> {
        let mut out = Listed::default();
        for entry in entries {
            let problem = if entry.is_object() {
                T::problem(&entry)
            } else {
                Some("an entry that is not an object".to_string())
            };
            let result = match problem {
                Some(why) => Err(format!("Harvest sent {why}")),
                None => serde_json::from_value::<T>(entry.clone())
                    .map_err(|e| format!("Harvest sent an entry this tool cannot read ({e})")),
            };
            match result {
                Ok(item) => out.items.push(item),
                Err(what) => out.unreadable.push(Unreadable::of(&entry, what)),
            }
        }
        out
    }
}

/// `id` must be an integer on every entry.
fn id_problem(entry: &Value) -> Option<String> {
    match entry.get("id") {
        Some(Value::Number(n)) if n.as_i64().is_some() => None,
        Some(Value::Null) | None => Some("an entry without an id".into()),
        Some(other) => Some(format!("an id that is not a number ({other})")),
    }
}

impl Entry for Invoice {
    fn problem(entry: &Value) -> Option<String> {
        let client_id = entry.get("client").and_then(|c| c.get("id"));
        id_problem(entry)
            .or_else(|| {
                client_id
                    .is_none_or(|c| c.as_i64().is_none())
                    .then(|| "no client id".to_string())
            })
            .or_else(|| de::field_problem(entry, "amount", "amount", Field::Number))
            .or_else(|| de::field_problem(entry, "due_amount", "due amount", Field::Number))
            .or_else(|| de::field_problem(entry, "issue_date", "issue date", Field::Date))
            .or_else(|| de::field_problem(entry, "due_date", "due date", Field::OptionalDate))
            .or_else(|| match entry.get("line_items") {
                None | Some(Value::Null) => None,
                Some(Value::Array(lines)) => lines.iter().enumerate().find_map(|(i, line)| {
                    ["quantity", "unit_price"].iter().find_map(|key| {
                        let label = if *key == "quantity" {
                            "quantity"
                        } else {
                            "unit price"
                        };
                        de::field_problem(line, key, label, Field::Number)
                            .map(|p| format!("{p} on line {}", i + 1))
                    })
                }),
                Some(_) => Some("line items that are not a list".into()),
            })
    }
}

impl Entry for Client {
    fn problem(entry: &Value) -> Option<String> {
        id_problem(entry)
    }
}

impl Entry for Contact {
    fn problem(entry: &Value) -> Option<String> {
        id_problem(entry)
    }
}

impl Entry for ItemCategory {
    fn problem(entry: &Value) -> Option<String> {
        id_problem(entry)
    }
}

impl Entry for Payment {
    fn problem(entry: &Value) -> Option<String> {
        id_problem(entry).or_else(|| de::field_problem(entry, "amount", "amount", Field::Number))
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct IdName {
    pub id: i64,
    #[serde(default, deserialize_with = "de::string")]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Invoice {
    pub id: i64,
    pub client: IdName,
    #[serde(default, deserialize_with = "de::string")]
    pub number: String,
    #[serde(default, deserialize_with = "de::string")]
    pub purchase_order: String,
    #[serde(deserialize_with = "de::required_decimal")]
    pub amount: Decimal,
    #[serde(deserialize_with = "de::required_decimal")]
    pub due_amount: Decimal,
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub tax: Option<Decimal>,
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub tax2: Option<Decimal>,
    #[serde(default, deserialize_with = "de::opt_decimal")]
    pub discount: Option<Decimal>,
    #[serde(default, deserialize_with = "de::string")]
    pub subject: String,
    #[serde(default, deserialize_with = "de::string")]
    pub notes: String,
    #[serde(default, deserialize_with = "de::string")]
    pub currency: String,
    #[serde(deserialize_with = "de::string")]
    pub state: String,
    #[serde(deserialize_with = "de::date")]
    pub issue_date: NaiveDate,
    #[serde(default, deserialize_with = "de::opt_date")]
    pub due_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "lines")]
    pub line_items: Vec<LineItem>,
}

/// Line items; null is none (the planner refuses an invoice without lines).
fn lines<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<LineItem>, D::Error> {
    Ok(Option::<Vec<LineItem>>::deserialize(d)?.unwrap_or_default())
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct LineItem {
    #[serde(default)]
    pub id: i64,
    #[serde(default, deserialize_with = "de::string")]
    pub kind: String,
    #[serde(default, deserialize_with = "de::string")]
    pub description: String,
    #[serde(deserialize_with = "de::required_decimal")]
    pub quantity: Decimal,
    #[serde(deserialize_with = "de::required_decimal")]
    pub unit_price: Decimal,
    #[serde(default, deserialize_with = "de::decimal")]
    pub amount: Decimal,
    #[serde(default, deserialize_with = "de::boolean")]
    pub taxed: bool,
    #[serde(default, deserialize_with = "de::boolean")]
    pub taxed2: bool,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Client {
    pub id: i64,
    #[serde(default, deserialize_with = "de::string")]
    pub name: String,
    #[serde(default = "yes", deserialize_with = "de::boolean")]
    pub is_active: bool,
    #[serde(default, deserialize_with = "de::string")]
    pub address: String,
    #[serde(default, deserialize_with = "de::string")]
    pub currency: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Contact {
    pub id: i64,
    pub client: IdName,
    #[serde(default, deserialize_with = "de::string")]
    pub title: String,
    #[serde(default, deserialize_with = "de::string")]
    pub first_name: String,
    #[serde(default, deserialize_with = "de::string")]
    pub last_name: String,
    #[serde(default, deserialize_with = "de::string")]
    pub email: String,
    #[serde(default, deserialize_with = "de::string")]
    pub phone_office: String,
    #[serde(default, deserialize_with = "de::string")]
    pub phone_mobile: String,
    #[serde(default, deserialize_with = "de::string")]
    pub fax: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ItemCategory {
    pub id: i64,
    #[serde(deserialize_with = "de::string")]
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Payment {
    pub id: i64,
    #[serde(deserialize_with = "de::required_decimal")]
    pub amount: Decimal,
    #[serde(default, deserialize_with = "de::opt_date")]
    pub paid_date: Option<NaiveDate>,
    #[serde(default, deserialize_with = "de::string")]
    pub notes: String,
    #[serde(default, deserialize_with = "de::string")]
    pub recorded_by: String,
}

/// What the tool sends to create a payment. `send_thank_you` is always false: Harvest's
/// default would e-mail the client when a mirrored payment settles the invoice.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPayment {
    pub amount: Decimal,
    pub paid_date: NaiveDate,
    pub notes: String,
}

impl NewPayment {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "amount": de::json_number(self.amount.round_dp(2)),
            "paid_date": self.paid_date.format("%Y-%m-%d").to_string(),
            "notes": self.notes,
            "send_thank_you": false,
        })
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Company {
    #[serde(default, deserialize_with = "de::string")]
    pub base_uri: String,
    #[serde(default, deserialize_with = "de::string")]
    pub full_domain: String,
    #[serde(default, deserialize_with = "de::string")]
    pub name: String,
    #[serde(default = "yes", deserialize_with = "de::boolean")]
    pub invoice_feature: bool,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct User {
    pub id: i64,
    #[serde(default, deserialize_with = "de::string")]
    pub first_name: String,
    #[serde(default, deserialize_with = "de::string")]
    pub last_name: String,
    #[serde(default, deserialize_with = "de::string")]
    pub email: String,
    #[serde(default)]
    pub access_roles: Vec<String>,
}

impl User {
    /// Administrators, and managers granted invoice management, may record payments.
    pub fn may_manage_invoices(&self) -> bool {
        self.access_roles
            .iter()
            .any(|r| r == "administrator" || r == "managed_projects_invoice_manager")
    }

    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        let name = name.trim();
        if self.email.is_empty() {
            name.to_string()
        } else {
            format!("{name} <{}>", self.email)
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Account {
    pub id: i64,
    #[serde(default, deserialize_with = "de::string")]
    pub name: String,
    #[serde(default, deserialize_with = "de::string")]
    pub product: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Accounts {
    #[serde(default)]
    pub accounts: Vec<Account>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn invoice(id: i64) -> Value {
        json!({"id": id, "client": {"id": 5, "name": "Muster AG"}, "number": format!("10{id}"),
               "amount": "288.90", "due_amount": 288.9, "state": "open", "issue_date": "2026-03-01",
               "line_items": [{"kind": "Beratung", "quantity": 2, "unit_price": 144.45, "amount": 288.9}]})
    }

    fn unreadable_because(entry: Value) -> Unreadable {
        let listed = Listed::<Invoice>::read(vec![invoice(1), entry, invoice(3)]);
        assert_eq!(
            listed.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            [1, 3],
            "the good entries are read"
        );
        assert_eq!(listed.unreadable.len(), 1);
        listed.unreadable.into_iter().next().unwrap()
    }

    #[test]
    fn one_bad_invoice_is_named_and_the_others_are_read() {
        let mut bad = invoice(42);
        bad["amount"] = json!("abc");
        let u = unreadable_because(bad);
        assert_eq!((u.id, u.number.as_deref()), (Some(42), Some("1042")));
        assert_eq!(u.client_id, Some(5));
        assert_eq!(
            u.what,
            "Harvest sent an amount that is not a number (\"abc\")"
        );

        let mut bad = invoice(42);
        bad["issue_date"] = Value::Null;
        assert_eq!(unreadable_because(bad).what, "Harvest sent no issue date");

        let mut bad = invoice(42);
        bad["amount"] = json!("");
        assert_eq!(unreadable_because(bad).what, "Harvest sent no amount");

        let mut bad = invoice(42);
        bad["line_items"][0]["unit_price"] = Value::Null;
        assert_eq!(
            unreadable_because(bad).what,
            "Harvest sent no unit price on line 1"
        );

        let mut bad = invoice(42);
        bad["id"] = Value::Null;
        let u = unreadable_because(bad);
        assert_eq!((u.id, u.number.as_deref()), (None, Some("1042")));

        let mut bad = invoice(42);
        bad["state"] = json!(["open"]);
        assert!(unreadable_because(bad).what.contains("cannot read"));

        let u = unreadable_because(json!("not an object"));
        assert_eq!(u.id, None);
    }

    #[test]
    fn a_typed_invoice_never_turns_a_missing_amount_into_zero() {
        let mut v = invoice(1);
        v.as_object_mut().unwrap().remove("amount");
        assert!(serde_json::from_value::<Invoice>(v).is_err());
        let mut v = invoice(1);
        v["amount"] = Value::Null;
        assert!(serde_json::from_value::<Invoice>(v).is_err());
    }

    #[test]
    fn contacts_name_their_client_when_unreadable() {
        let listed = Listed::<Contact>::read(vec![
            json!({"id": "x", "client": {"id": 7}}),
            json!({"id": 8, "client": {"id": 7, "name": "A"}, "first_name": "Eva"}),
        ]);
        assert_eq!(listed.items.len(), 1);
        assert_eq!(listed.unreadable[0].client_id, Some(7));
    }
}
