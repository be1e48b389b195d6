//! The configuration file as written: serde structs that reject unknown sections and keys,
//! so these structs are the one list of what the file may hold. Values are checked afterwards
//! by [`super::parse`].

use std::collections::BTreeMap;

use serde::Deserialize;

/// The whole file.
#[derive(Deserialize, Default)]
#[serde(
    deny_unknown_fields,
    default,
    expecting = "the sections [harvest], [rma], [sync], [state], [notify] and [ui]"
)]
pub(super) struct RawConfig {
    pub(super) harvest: RawHarvest,
    pub(super) rma: RawRma,
    pub(super) sync: RawSync,
    pub(super) state: RawState,
    pub(super) notify: RawNotify,
    pub(super) ui: RawUi,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawHarvest {
    pub(super) account_url: Option<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub(super) account_id: Option<String>,
    pub(super) access_token: Option<String>,
    #[serde(deserialize_with = "text_or_number")]
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<String>,
    pub(super) redirect_uri: Option<String>,
    pub(super) api_url: Option<String>,
    pub(super) id_url: Option<String>,
    pub(super) contact: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawRma {
    pub(super) tenant: Option<String>,
    pub(super) api_key: Option<String>,
    pub(super) api_url: Option<String>,
    pub(super) ar_account: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawSync {
    /// A TOML date or a quoted one.
    pub(super) start_date: Option<toml::Value>,
    pub(super) import_states: Option<Vec<String>>,
    pub(super) invoice_number: Option<String>,
    pub(super) customer_number: Option<String>,
    pub(super) default_country: Option<String>,
    pub(super) max_payment_deletions: Option<i64>,
    pub(super) max_new_bookings: Option<i64>,
    pub(super) customers: Option<BTreeMap<String, toml::Value>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawState {
    pub(super) path: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawNotify {
    pub(super) healthcheck_url: Option<String>,
    pub(super) email: Option<RawEmail>,
}

/// `[notify.email]` (issue 18): the bookkeeper's mail.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawEmail {
    /// One address or a list.
    pub(super) to: Option<OneOrMany>,
    pub(super) from: Option<String>,
    pub(super) smtp_url: Option<String>,
    pub(super) username: Option<String>,
    pub(super) password: Option<String>,
    pub(super) when: Option<String>,
    pub(super) remind_after_days: Option<i64>,
    pub(super) ca_file: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged, expecting = "an address or a list of addresses")]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, default, expecting = "a section")]
pub(super) struct RawUi {
    pub(super) language: Option<String>,
}

/// Ids are numbers; accept them unquoted too.
fn text_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct TextOrNumber;
    impl serde::de::Visitor<'_> for TextOrNumber {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("text or a whole number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
    }
    d.deserialize_any(TextOrNumber)
}

/// Empty or blank text counts as not given.
pub(super) fn text(value: Option<String>) -> Option<String> {
    value
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
