//! Configuration (README "Configure"): one TOML file, found by `--config`, `$RMA_HARVEST_CONFIG`,
//! `$XDG_CONFIG_HOME/rma-harvest/config.toml` or `/etc/rma-harvest/config.toml`; secrets may
//! come from the environment instead. Every error names the file and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Value;

use crate::msg;
use crate::secret::Secret;
use crate::words::{self, Lang, Message};

mod email;
mod file;
mod toml_error;

pub use email::{security, EmailConfig, MailWhen, SmtpSecurity, SmtpServer, SMTP_PASSWORD_ENV};

use file::{text, RawConfig, RawSync};

pub const CONFIG_ENV: &str = "RMA_HARVEST_CONFIG";

/// Translated like every sentence, but key names, paths and TOML line and column numbers
/// are written as they are in the file.
#[derive(Debug, thiserror::Error)]
#[error("{}", words::render(&self.message()))]
pub enum ConfigError {
    NotFound(Vec<String>),
    Unreadable {
        path: String,
        reason: Message,
    },
    /// `language`: the file's `ui.language`, when it can be read despite the error, so the
    /// error is said in the language the file asks for.
    Invalid {
        path: String,
        message: Message,
        language: Option<Lang>,
    },
}

impl ConfigError {
    pub fn message(&self) -> Message {
        match self {
            ConfigError::NotFound(paths) => msg!("config-not-found", paths = paths.join(", ")),
            ConfigError::Unreadable { path, reason } => {
                msg!("config-unreadable", path = path, reason = reason.clone())
            }
            ConfigError::Invalid { path, message, .. } => {
                msg!("config-invalid", path = path, problem = message.clone())
            }
        }
    }
}

/// Why a file cannot be read, in a bookkeeper's words rather than the system's
/// (`Is a directory (os error 21)`).
pub(crate) fn unreadable_reason(e: &std::io::Error) -> Message {
    match e.kind() {
        std::io::ErrorKind::NotFound => msg!("config-file-missing"),
        std::io::ErrorKind::IsADirectory => msg!("config-file-is-folder"),
        std::io::ErrorKind::PermissionDenied => msg!("config-file-not-permitted"),
        _ => Message::Text(e.to_string()),
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub path: PathBuf,
    pub harvest: HarvestConfig,
    pub rma: RmaConfig,
    pub sync: SyncConfig,
    pub state_path: PathBuf,
    pub healthcheck_url: Option<String>,
    /// `[notify.email]`: the bookkeeper's mail after a night that did or found something.
    pub email: Option<EmailConfig>,
    /// `ui.language`; `None` leaves the choice to the locale variables.
    pub language: Option<Lang>,
}

#[derive(Debug, Clone)]
pub struct HarvestConfig {
    pub account_url: String,
    pub account_id: Option<String>,
    pub access_token: Option<Secret>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub redirect_uri: String,
    pub api_url: String,
    pub id_url: String,
    /// Who to contact about this tool's requests; Harvest wants one in the User-Agent.
    pub contact: Option<String>,
}

impl HarvestConfig {
    /// The host of `account_url`, e.g. `acme.harvestapp.com`.
    pub fn account_domain(&self) -> String {
        host_of(&self.account_url)
            .unwrap_or_default()
            .to_ascii_lowercase()
    }

    pub fn user_agent(&self) -> String {
        let contact = self
            .contact
            .clone()
            .unwrap_or_else(|| self.account_url.clone());
        format!("rma-harvest/{} ({contact})", env!("CARGO_PKG_VERSION"))
    }
}

#[derive(Debug, Clone)]
pub struct RmaConfig {
    pub tenant: String,
    pub api_key: Option<Secret>,
    pub api_url: String,
    pub ar_account: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SyncConfig {
    pub start_date: Option<NaiveDate>,
    pub import_states: Vec<String>,
    pub invoice_number: String,
    pub customer_number: String,
    pub default_country: String,
    pub max_payment_deletions: usize,
    /// A run that would book more invoices than this writes nothing (a first run without
    /// `start_date` would otherwise book the account's whole history).
    pub max_new_bookings: usize,
    /// Harvest client id -> existing RMA customer number.
    pub customers: BTreeMap<i64, String>,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            start_date: None,
            import_states: vec!["open".into()],
            invoice_number: "{number}".into(),
            customer_number: "H{client_id}".into(),
            default_country: "CH".into(),
            max_payment_deletions: 10,
            max_new_bookings: 50,
            customers: BTreeMap::new(),
        }
    }
}

/// The environment a configuration is read in; injected so tests need not touch the real one.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

/// Finds the configuration file: an explicit path must exist; otherwise the first of the
/// search path that does.
pub fn locate(explicit: Option<&Path>, env: &dyn Env) -> Result<PathBuf, ConfigError> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    if let Some(p) = env.var(CONFIG_ENV) {
        return Ok(PathBuf::from(p));
    }
    let mut candidates = Vec::new();
    if let Some(xdg) = env.var("XDG_CONFIG_HOME") {
        candidates.push(PathBuf::from(xdg).join("rma-harvest/config.toml"));
    } else if let Some(home) = env.var("HOME") {
        candidates.push(PathBuf::from(home).join(".config/rma-harvest/config.toml"));
    }
    candidates.push(PathBuf::from("/etc/rma-harvest/config.toml"));
    candidates
        .iter()
        .find(|p| p.exists())
        .cloned()
        .ok_or_else(|| {
            ConfigError::NotFound(candidates.iter().map(|p| p.display().to_string()).collect())
        })
}

pub fn load(explicit: Option<&Path>, env: &dyn Env) -> Result<Config, ConfigError> {
    let path = locate(explicit, env)?;
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Unreadable {
        path: path.display().to_string(),
        reason: unreadable_reason(&e),
    })?;
    parse(&text, &path, env)
}

/// https is required, except for loopback hosts (the sandbox and the tests).
pub fn check_url(raw: &str) -> Result<(), String> {
    url_problem(raw).map_or(Ok(()), |m| Err(words::render(&m)))
}

fn url_problem(raw: &str) -> Option<Message> {
    let Some(uri) = raw
        .contains("://")
        .then(|| raw.parse::<ureq::http::Uri>().ok())
        .flatten()
    else {
        return Some(msg!("config-url-not-url"));
    };
    let Some(host) = uri_host(&uri) else {
        return Some(msg!("config-url-no-host"));
    };
    match uri.scheme_str().unwrap_or_default() {
        "https" => None,
        "http" if is_loopback(&host) => None,
        "http" => Some(msg!("config-url-needs-https")),
        scheme => Some(msg!("config-url-scheme", scheme = scheme)),
    }
}

/// The host of a URL as a URL parser reads it (user info and port removed, IPv6 without
/// brackets), so `http://127.0.0.1@evil.example` is `evil.example`.
pub fn host_of(url: &str) -> Option<String> {
    uri_host(&url.trim().parse().ok()?)
}

fn uri_host(uri: &ureq::http::Uri) -> Option<String> {
    let host = uri.host()?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// A loopback IP address (127.0.0.0/8, ::1) or exactly `localhost`; never a name that only
/// starts like one (`127.evil.example`).
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn expand_home(p: &str, env: &dyn Env) -> PathBuf {
    match (p.strip_prefix("~/"), env.var("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    }
}

fn default_state_path(env: &dyn Env) -> PathBuf {
    if let Some(x) = env.var("XDG_STATE_HOME") {
        return PathBuf::from(x).join("rma-harvest/state.sqlite");
    }
    let home = env.var("HOME").unwrap_or_else(|| ".".into());
    PathBuf::from(home).join(".local/state/rma-harvest/state.sqlite")
}

fn check_placeholders(template: &str, allowed: &[&str]) -> Result<(), Message> {
    let mut rest = template;
    let mut found = false;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| msg!("config-placeholder-unclosed"))?
            + start;
        let name = &rest[start + 1..end];
        if !allowed.contains(&name) {
            return Err(msg!(
                "config-placeholder-unknown",
                placeholder = format!("{{{name}}}"),
                allowed = placeholders(allowed, " ")
            ));
        }
        found = true;
        rest = &rest[end + 1..];
    }
    if !found {
        return Err(msg!(
            "config-placeholder-needed",
            allowed = placeholders(allowed, ", ")
        ));
    }
    Ok(())
}

/// `{number} {id}`: the placeholders a template may use, as written in it.
fn placeholders(allowed: &[&str], separator: &str) -> String {
    allowed
        .iter()
        .map(|a| format!("{{{a}}}"))
        .collect::<Vec<_>>()
        .join(separator)
}

pub fn parse(text_in: &str, path: &Path, env: &dyn Env) -> Result<Config, ConfigError> {
    let err = |message: Message| ConfigError::Invalid {
        path: path.display().to_string(),
        message,
        language: declared_language(text_in),
    };
    // Syntax first, so its errors say "not valid TOML"; then the shape, which serde checks.
    if let Err(e) = toml::de::DeTable::parse(text_in) {
        return Err(err(toml_error::syntax_error(text_in, &e)));
    }
    let raw: RawConfig =
        toml::from_str(text_in).map_err(|e| err(toml_error::shape_error(text_in, &e)))?;
    validate(raw, path, env).map_err(err)
}

/// `key = "value": why`: a value that is there but wrong.
fn wrong_value(key: &str, value: &str, why: Message) -> Message {
    msg!("config-value-wrong", key = key, value = value, why = why)
}

/// The one validation pass over what serde read. Messages name the key.
fn validate(raw: RawConfig, path: &Path, env: &dyn Env) -> Result<Config, Message> {
    let url = |key: &str, value: Option<String>, default: Option<&str>| {
        let Some(raw) = text(value).or(default.map(String::from)) else {
            return Ok(None);
        };
        if let Some(why) = url_problem(&raw) {
            return Err(wrong_value(key, &raw, why));
        }
        Ok::<_, Message>(Some(raw.trim_end_matches('/').to_string()))
    };
    let secret =
        |value: Option<String>, env_name: &str| env.var(env_name).or(text(value)).map(Secret::new);

    let h = raw.harvest;
    let account_url = url("harvest.account_url", h.account_url, None)?
        .ok_or_else(|| msg!("config-key-missing", key = "harvest.account_url"))?;
    let account_id = text(h.account_id);
    if let Some(id) = &account_id {
        if !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(wrong_value(
                "harvest.account_id",
                id,
                msg!("config-why-account-id"),
            ));
        }
    }
    let harvest = HarvestConfig {
        account_url,
        account_id,
        access_token: secret(h.access_token, "HARVEST_ACCESS_TOKEN"),
        client_id: env.var("HARVEST_CLIENT_ID").or(text(h.client_id)),
        client_secret: secret(h.client_secret, "HARVEST_CLIENT_SECRET"),
        redirect_uri: url(
            "harvest.redirect_uri",
            h.redirect_uri,
            Some("http://127.0.0.1:8976/callback"),
        )?
        .expect("has a default"),
        api_url: url(
            "harvest.api_url",
            h.api_url,
            Some("https://api.harvestapp.com/v2"),
        )?
        .expect("has a default"),
        id_url: url(
            "harvest.id_url",
            h.id_url,
            Some("https://id.getharvest.com"),
        )?
        .expect("has a default"),
        contact: text(h.contact),
    };

    let r = raw.rma;
    let tenant = text(r.tenant).ok_or_else(|| msg!("config-key-missing", key = "rma.tenant"))?;
    if !tenant
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err(wrong_value(
            "rma.tenant",
            &tenant,
            msg!("config-why-tenant"),
        ));
    }
    let rma = RmaConfig {
        tenant,
        api_key: secret(r.api_key, "RMA_API_KEY"),
        api_url: url(
            "rma.api_url",
            r.api_url,
            Some("https://service.runmyaccounts.com/api/latest"),
        )?
        .expect("has a default"),
        ar_account: text(r.ar_account),
    };

    let sync = validate_sync(raw.sync)?;

    let state_path = match text(raw.state.path) {
        Some(p) => {
            let p = expand_home(&p, env);
            if p.is_relative() {
                path.parent().unwrap_or(Path::new(".")).join(p)
            } else {
                p
            }
        }
        None => default_state_path(env),
    };

    Ok(Config {
        path: path.to_path_buf(),
        harvest,
        rma,
        sync,
        state_path,
        healthcheck_url: url("notify.healthcheck_url", raw.notify.healthcheck_url, None)?,
        email: email::validate(raw.notify.email, path, env)?,
        language: language(raw.ui.language)?,
    })
}

/// `ui.language` of a file that is valid TOML, whatever else is wrong with it.
fn declared_language(text: &str) -> Option<Lang> {
    let table: toml::Table = toml::from_str(text).ok()?;
    Lang::parse(table.get("ui")?.get("language")?.as_str()?)
}

fn language(value: Option<String>) -> Result<Option<Lang>, Message> {
    let Some(value) = text(value) else {
        return Ok(None);
    };
    match Lang::parse(&value) {
        Some(lang) => Ok(Some(lang)),
        None => Err(msg!(
            "config-language-unknown",
            key = "ui.language",
            value = value
        )),
    }
}

fn validate_sync(s: RawSync) -> Result<SyncConfig, Message> {
    let mut sync = SyncConfig::default();
    if let Some(d) = s.start_date {
        sync.start_date = Some(start_date(d)?);
    }
    if let Some(list) = s.import_states {
        sync.import_states = import_states(list)?;
    }
    if let Some(t) = text(s.invoice_number) {
        check_placeholders(&t, &["number", "id"])
            .map_err(|why| wrong_value("sync.invoice_number", &t, why))?;
        sync.invoice_number = t;
    }
    if let Some(t) = text(s.customer_number) {
        check_placeholders(&t, &["client_id"])
            .map_err(|why| wrong_value("sync.customer_number", &t, why))?;
        if t.len() > 24 {
            return Err(wrong_value(
                "sync.customer_number",
                &t,
                msg!("config-why-customer-number-long"),
            ));
        }
        sync.customer_number = t;
    }
    if let Some(c) = text(s.default_country) {
        if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(wrong_value(
                "sync.default_country",
                &c,
                msg!("config-why-country"),
            ));
        }
        sync.default_country = c.to_ascii_uppercase();
    }
    let count = |key: &str, n: i64| {
        usize::try_from(n).map_err(|_| msg!("config-count", key = format!("sync.{key}")))
    };
    if let Some(n) = s.max_payment_deletions {
        sync.max_payment_deletions = count("max_payment_deletions", n)?;
    }
    if let Some(n) = s.max_new_bookings {
        sync.max_new_bookings = count("max_new_bookings", n)?;
    }
    for (client, number) in s.customers.unwrap_or_default() {
        let id: i64 = client
            .parse()
            .map_err(|_| msg!("config-customers-key", client = client.as_str()))?;
        let number = number
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= 32)
            .ok_or_else(|| {
                msg!(
                    "config-customers-number",
                    key = format!("sync.customers.{client}")
                )
            })?;
        sync.customers.insert(id, number.to_string());
    }
    Ok(sync)
}

fn start_date(d: Value) -> Result<NaiveDate, Message> {
    let text = match d {
        Value::String(s) => s,
        Value::Datetime(dt) => dt.to_string(),
        other => {
            return Err(msg!(
                "config-start-date-type",
                key = "sync.start_date",
                found = other.type_str()
            ))
        }
    };
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| wrong_value("sync.start_date", &text, msg!("config-why-date")))
}

/// Harvest's own words for a state (its screens say "Sent" and "Draft") are not the API's.
fn import_states(list: Vec<String>) -> Result<Vec<String>, Message> {
    let key = "sync.import_states";
    let mut states: Vec<String> = Vec::new();
    for s in list {
        match s.as_str() {
            "open" | "paid" => {
                if !states.contains(&s) {
                    states.push(s)
                }
            }
            "draft" => return Err(msg!("config-import-draft", key = key)),
            other if ["sent", "open"].contains(&other.to_ascii_lowercase().as_str()) => {
                return Err(msg!("config-import-sent", key = key, state = other))
            }
            other if other.eq_ignore_ascii_case("paid") => {
                return Err(msg!("config-import-paid", key = key, state = other))
            }
            other => return Err(msg!("config-import-unknown", key = key, state = other)),
        }
    }
    if states.is_empty() {
        return Err(msg!("config-import-empty", key = key));
    }
    Ok(states)
}

#[cfg(test)]
mod tests;
