//! Configuration (README "Configure"): one TOML file, found by `--config`, `$RMA_HARVEST_CONFIG`,
//! `$XDG_CONFIG_HOME/rma-harvest/config.toml` or `/etc/rma-harvest/config.toml`; secrets may
//! come from the environment instead. Every error names the file and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Value;

use crate::secret::Secret;
use crate::words::{self, Lang};

mod email;
mod file;
mod toml_error;

pub use email::{security, EmailConfig, MailWhen, SmtpSecurity, SmtpServer, SMTP_PASSWORD_ENV};

use file::{text, RawConfig, RawSync};

pub const CONFIG_ENV: &str = "RMA_HARVEST_CONFIG";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no configuration file found (looked in: {}); create one from examples/config.toml or pass --config", .0.join(", "))]
    NotFound(Vec<String>),
    #[error("{path}: cannot read the configuration: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
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
        reason: if e.kind() == std::io::ErrorKind::NotFound {
            "the file does not exist".into()
        } else {
            e.to_string()
        },
    })?;
    parse(&text, &path, env)
}

/// https is required, except for loopback hosts (the sandbox and the tests).
pub fn check_url(raw: &str) -> Result<(), String> {
    if !raw.contains("://") {
        return Err("not a URL (it needs https://)".into());
    }
    let uri: ureq::http::Uri = raw
        .parse()
        .map_err(|_| "not a URL (it needs https://)".to_string())?;
    let host = uri_host(&uri).ok_or("the URL has no host")?;
    match uri.scheme_str().unwrap_or_default() {
        "https" => Ok(()),
        "http" if is_loopback(&host) => Ok(()),
        "http" => Err(
            "must use https:// (plain http is only allowed for loopback addresses such as 127.0.0.1, ::1 and localhost)"
                .into(),
        ),
        scheme => Err(format!("unsupported scheme {scheme:?} (use https://)")),
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

fn check_placeholders(template: &str, allowed: &[&str]) -> Result<(), String> {
    let mut rest = template;
    let mut found = false;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').ok_or("has a '{' without '}'")? + start;
        let name = &rest[start + 1..end];
        if !allowed.contains(&name) {
            return Err(format!(
                "unknown placeholder {{{name}}} (allowed: {})",
                placeholders(allowed, " ")
            ));
        }
        found = true;
        rest = &rest[end + 1..];
    }
    if !found {
        return Err(format!(
            "needs a placeholder ({}) so that every number is different",
            placeholders(allowed, " or ")
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
    let err = |message: String| ConfigError::Invalid {
        path: path.display().to_string(),
        message,
    };
    // Syntax first, so its errors say "not valid TOML"; then the shape, which serde checks.
    if let Err(e) = toml::de::DeTable::parse(text_in) {
        return Err(err(format!(
            "not valid TOML{}: {}",
            toml_error::at_line(text_in, &e),
            e.message().trim()
        )));
    }
    let raw: RawConfig =
        toml::from_str(text_in).map_err(|e| err(toml_error::shape_error(text_in, &e)))?;
    validate(raw, path, env).map_err(err)
}

/// The one validation pass over what serde read. Messages name the key.
fn validate(raw: RawConfig, path: &Path, env: &dyn Env) -> Result<Config, String> {
    let url = |key: &str, value: Option<String>, default: Option<&str>| {
        let Some(raw) = text(value).or(default.map(String::from)) else {
            return Ok(None);
        };
        check_url(&raw).map_err(|why| format!("{key} = {raw:?}: {why}"))?;
        Ok::<_, String>(Some(raw.trim_end_matches('/').to_string()))
    };
    let secret =
        |value: Option<String>, env_name: &str| env.var(env_name).or(text(value)).map(Secret::new);

    let h = raw.harvest;
    let account_url =
        url("harvest.account_url", h.account_url, None)?.ok_or("harvest.account_url is missing")?;
    let account_id = text(h.account_id);
    if let Some(id) = &account_id {
        if !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "harvest.account_id = {id:?}: must be the numeric Harvest account id"
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
    let tenant = text(r.tenant).ok_or("rma.tenant is missing")?;
    if !tenant
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err(format!(
            "rma.tenant = {tenant:?}: must be the Mandant name (letters, digits, - _ .)"
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

fn language(value: Option<String>) -> Result<Option<Lang>, String> {
    let Some(value) = text(value) else {
        return Ok(None);
    };
    match Lang::parse(&value) {
        Some(lang) => Ok(Some(lang)),
        None => Err(words::render(&crate::msg!(
            "config-language-unknown",
            key = "ui.language",
            value = value
        ))),
    }
}

fn validate_sync(s: RawSync) -> Result<SyncConfig, String> {
    let mut sync = SyncConfig::default();
    if let Some(d) = s.start_date {
        let text = match d {
            Value::String(s) => s,
            Value::Datetime(dt) => dt.to_string(),
            other => {
                return Err(format!(
                    "sync.start_date must be a date like \"2026-01-01\", not {}",
                    other.type_str()
                ))
            }
        };
        sync.start_date = Some(
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
                format!("sync.start_date = {text:?}: not a date like \"2026-01-01\"")
            })?,
        );
    }
    if let Some(list) = s.import_states {
        let mut states: Vec<String> = Vec::new();
        for s in list {
            match s.as_str() {
                "open" | "paid" => {
                    if !states.contains(&s) {
                        states.push(s)
                    }
                }
                "draft" => {
                    return Err(
                        "sync.import_states: \"draft\" is not allowed; drafts are never booked"
                            .into(),
                    )
                }
                other => {
                    return Err(format!(
                        "sync.import_states: unknown state {other:?} (allowed: \"open\", \"paid\")"
                    ))
                }
            }
        }
        if states.is_empty() {
            return Err("sync.import_states is empty; use [\"open\"]".into());
        }
        sync.import_states = states;
    }
    if let Some(t) = text(s.invoice_number) {
        check_placeholders(&t, &["number", "id"])
            .map_err(|why| format!("sync.invoice_number = {t:?}: {why}"))?;
        sync.invoice_number = t;
    }
    if let Some(t) = text(s.customer_number) {
        check_placeholders(&t, &["client_id"])
            .map_err(|why| format!("sync.customer_number = {t:?}: {why}"))?;
        if t.len() > 24 {
            return Err(format!(
                "sync.customer_number = {t:?}: too long for RMA's 32-character customer numbers"
            ));
        }
        sync.customer_number = t;
    }
    if let Some(c) = text(s.default_country) {
        if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(format!(
                "sync.default_country = {c:?}: must be a two-letter country code like \"CH\""
            ));
        }
        sync.default_country = c.to_ascii_uppercase();
    }
    let count = |key: &str, n: i64| {
        usize::try_from(n).map_err(|_| format!("sync.{key} must be a whole number, 0 or more"))
    };
    if let Some(n) = s.max_payment_deletions {
        sync.max_payment_deletions = count("max_payment_deletions", n)?;
    }
    if let Some(n) = s.max_new_bookings {
        sync.max_new_bookings = count("max_new_bookings", n)?;
    }
    for (client, number) in s.customers.unwrap_or_default() {
        let id: i64 = client.parse().map_err(|_| {
            format!("sync.customers: key {client:?} must be a Harvest client id (digits)")
        })?;
        let number = number
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= 32)
            .ok_or_else(|| {
                format!("sync.customers.{client} must be an RMA customer number (text, up to 32 characters)")
            })?;
        sync.customers.insert(id, number.to_string());
    }
    Ok(sync)
}

#[cfg(test)]
mod tests;
