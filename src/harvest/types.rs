//! Harvest API v2 objects, as far as this tool reads them (field names from
//! `harvest-openapi.yaml`). Every field Harvest may leave out or null is optional; unknown
//! fields are ignored.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::de;

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
    #[serde(default, deserialize_with = "de::decimal")]
    pub amount: Decimal,
    #[serde(default, deserialize_with = "de::decimal")]
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
    #[serde(default)]
    pub line_items: Vec<LineItem>,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct LineItem {
    #[serde(default)]
    pub id: i64,
    #[serde(default, deserialize_with = "de::string")]
    pub kind: String,
    #[serde(default, deserialize_with = "de::string")]
    pub description: String,
    #[serde(default, deserialize_with = "de::decimal")]
    pub quantity: Decimal,
    #[serde(default, deserialize_with = "de::decimal")]
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
    #[serde(default, deserialize_with = "de::decimal")]
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
