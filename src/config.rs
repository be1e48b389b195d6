//! Configuration (DESIGN §3): one TOML file, found by `--config`, `$RMA_HARVEST_CONFIG`,
//! `$XDG_CONFIG_HOME/rma-harvest/config.toml` or `/etc/rma-harvest/config.toml`; secrets may
//! come from the environment instead. Every error names the file and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use toml::Value;

use crate::secret::Secret;

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

/// Every key the file may hold, per table. Anything else is a typo worth an error.
const KNOWN_KEYS: &[(&str, &[&str])] = &[
    (
        "harvest",
        &[
            "account_url",
            "account_id",
            "access_token",
            "client_id",
            "client_secret",
            "redirect_uri",
            "api_url",
            "id_url",
            "contact",
        ],
    ),
    ("rma", &["tenant", "api_key", "api_url", "ar_account"]),
    (
        "sync",
        &[
            "start_date",
            "import_states",
            "invoice_number",
            "customer_number",
            "default_country",
            "max_payment_deletions",
            "max_new_bookings",
            "customers",
        ],
    ),
    ("state", &["path"]),
    ("notify", &["healthcheck_url"]),
];

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

struct Reader<'a> {
    path: &'a Path,
    root: toml::Table,
}

impl Reader<'_> {
    fn err(&self, message: impl Into<String>) -> ConfigError {
        ConfigError::Invalid {
            path: self.path.display().to_string(),
            message: message.into(),
        }
    }

    fn get(&self, table: &str, key: &str) -> Option<&Value> {
        self.root.get(table)?.as_table()?.get(key)
    }

    fn string(&self, table: &str, key: &str) -> Result<Option<String>, ConfigError> {
        match self.get(table, key) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
            // Account ids are numbers; accept them unquoted too.
            Some(Value::Integer(i)) if key.ends_with("_id") => Ok(Some(i.to_string())),
            Some(other) => Err(self.err(format!(
                "{table}.{key} must be a string, not {}",
                other.type_str()
            ))),
        }
    }

    fn required(&self, table: &str, key: &str) -> Result<String, ConfigError> {
        self.string(table, key)?
            .ok_or_else(|| self.err(format!("{table}.{key} is missing")))
    }

    fn url(
        &self,
        table: &str,
        key: &str,
        default: Option<&str>,
    ) -> Result<Option<String>, ConfigError> {
        let Some(raw) = self.string(table, key)?.or(default.map(String::from)) else {
            return Ok(None);
        };
        check_url(&raw).map_err(|why| self.err(format!("{table}.{key} = {raw:?}: {why}")))?;
        Ok(Some(raw.trim_end_matches('/').to_string()))
    }
}

/// https is required, except for loopback hosts (the sandbox and the tests).
pub fn check_url(raw: &str) -> Result<(), String> {
    let (scheme, _) = raw
        .split_once("://")
        .ok_or("not a URL (it needs https://)")?;
    let host = host_of(raw)
        .filter(|h| !h.is_empty())
        .ok_or("the URL has no host")?;
    match scheme {
        "https" => Ok(()),
        "http" if is_loopback(&host) => Ok(()),
        "http" => {
            Err("must use https:// (plain http is only allowed for 127.0.0.1 and localhost)".into())
        }
        _ => Err(format!("unsupported scheme {scheme:?} (use https://)")),
    }
}

pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    let host = if let Some(stripped) = authority.strip_prefix('[') {
        stripped.split(']').next()?.to_string()
    } else {
        authority.split(':').next()?.to_string()
    };
    Some(host)
}

pub fn is_loopback(host: &str) -> bool {
    host == "localhost" || host == "::1" || host.starts_with("127.")
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
                allowed
                    .iter()
                    .map(|a| format!("{{{a}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        found = true;
        rest = &rest[end + 1..];
    }
    if !found {
        return Err(format!(
            "needs a placeholder ({}) so that every number is different",
            allowed
                .iter()
                .map(|a| format!("{{{a}}}"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    }
    Ok(())
}

pub fn parse(text: &str, path: &Path, env: &dyn Env) -> Result<Config, ConfigError> {
    let root: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| ConfigError::Invalid {
            path: path.display().to_string(),
            message: format!("not valid TOML: {}", e.message()),
        })?;
    let r = Reader { path, root };

    // Unknown tables and keys first: a typo must not silently fall back to a default.
    for (table, value) in &r.root {
        let Some((_, keys)) = KNOWN_KEYS.iter().find(|(t, _)| t == table) else {
            return Err(r.err(format!("unknown section [{table}]")));
        };
        let Some(t) = value.as_table() else {
            return Err(r.err(format!("{table} must be a section ([{table}])")));
        };
        for key in t.keys() {
            if !keys.contains(&key.as_str()) {
                return Err(r.err(format!("unknown key {table}.{key}")));
            }
        }
    }

    let secret = |table: &str, key: &str, env_name: &str| -> Result<Option<Secret>, ConfigError> {
        Ok(env.var(env_name).or(r.string(table, key)?).map(Secret::new))
    };

    let account_url = r
        .url("harvest", "account_url", None)?
        .ok_or_else(|| r.err("harvest.account_url is missing"))?;
    let account_id = r.string("harvest", "account_id")?;
    if let Some(id) = &account_id {
        if !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(r.err(format!(
                "harvest.account_id = {id:?}: must be the numeric Harvest account id"
            )));
        }
    }
    let redirect_uri = r
        .url(
            "harvest",
            "redirect_uri",
            Some("http://127.0.0.1:8976/callback"),
        )?
        .expect("has a default");
    let harvest = HarvestConfig {
        account_url,
        account_id,
        access_token: secret("harvest", "access_token", "HARVEST_ACCESS_TOKEN")?,
        client_id: env
            .var("HARVEST_CLIENT_ID")
            .or(r.string("harvest", "client_id")?),
        client_secret: secret("harvest", "client_secret", "HARVEST_CLIENT_SECRET")?,
        redirect_uri,
        api_url: r
            .url("harvest", "api_url", Some("https://api.harvestapp.com/v2"))?
            .expect("default"),
        id_url: r
            .url("harvest", "id_url", Some("https://id.getharvest.com"))?
            .expect("default"),
        contact: r.string("harvest", "contact")?,
    };

    let tenant = r.required("rma", "tenant")?;
    if !tenant
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
    {
        return Err(r.err(format!(
            "rma.tenant = {tenant:?}: must be the Mandant name (letters, digits, - _ .)"
        )));
    }
    let rma = RmaConfig {
        tenant,
        api_key: secret("rma", "api_key", "RMA_API_KEY")?,
        api_url: r
            .url(
                "rma",
                "api_url",
                Some("https://service.runmyaccounts.com/api/latest"),
            )?
            .expect("default"),
        ar_account: r.string("rma", "ar_account")?,
    };

    let mut sync = SyncConfig::default();
    if let Some(d) = r.get("sync", "start_date") {
        let text = match d {
            Value::String(s) => s.clone(),
            Value::Datetime(dt) => dt.to_string(),
            other => {
                return Err(r.err(format!(
                    "sync.start_date must be a date like \"2026-01-01\", not {}",
                    other.type_str()
                )))
            }
        };
        sync.start_date = Some(NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(
            |_| {
                r.err(format!(
                    "sync.start_date = {text:?}: not a date like \"2026-01-01\""
                ))
            },
        )?);
    }
    if let Some(v) = r.get("sync", "import_states") {
        let list = v
            .as_array()
            .ok_or_else(|| r.err("sync.import_states must be a list like [\"open\"]"))?;
        let mut states = Vec::new();
        for item in list {
            let s = item
                .as_str()
                .ok_or_else(|| r.err("sync.import_states must be a list of strings"))?;
            match s {
                "open" | "paid" => {
                    if !states.iter().any(|x: &String| x == s) {
                        states.push(s.to_string())
                    }
                }
                "draft" => {
                    return Err(r.err(
                        "sync.import_states: \"draft\" is not allowed; drafts are never booked",
                    ))
                }
                other => {
                    return Err(r.err(format!(
                        "sync.import_states: unknown state {other:?} (allowed: \"open\", \"paid\")"
                    )))
                }
            }
        }
        if states.is_empty() {
            return Err(r.err("sync.import_states is empty; use [\"open\"]"));
        }
        sync.import_states = states;
    }
    if let Some(t) = r.string("sync", "invoice_number")? {
        check_placeholders(&t, &["number", "id"])
            .map_err(|why| r.err(format!("sync.invoice_number = {t:?}: {why}")))?;
        sync.invoice_number = t;
    }
    if let Some(t) = r.string("sync", "customer_number")? {
        check_placeholders(&t, &["client_id"])
            .map_err(|why| r.err(format!("sync.customer_number = {t:?}: {why}")))?;
        if t.len() > 24 {
            return Err(r.err(format!(
                "sync.customer_number = {t:?}: too long for RMA's 32-character customer numbers"
            )));
        }
        sync.customer_number = t;
    }
    if let Some(c) = r.string("sync", "default_country")? {
        if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
            return Err(r.err(format!(
                "sync.default_country = {c:?}: must be a two-letter country code like \"CH\""
            )));
        }
        sync.default_country = c.to_ascii_uppercase();
    }
    if let Some(v) = r.get("sync", "max_payment_deletions") {
        let n = v
            .as_integer()
            .filter(|n| *n >= 0)
            .ok_or_else(|| r.err("sync.max_payment_deletions must be a whole number, 0 or more"))?;
        sync.max_payment_deletions = n as usize;
    }
    if let Some(v) = r.get("sync", "max_new_bookings") {
        let n = v
            .as_integer()
            .filter(|n| *n >= 0)
            .ok_or_else(|| r.err("sync.max_new_bookings must be a whole number, 0 or more"))?;
        sync.max_new_bookings = n as usize;
    }
    if let Some(v) = r.get("sync", "customers") {
        let table = v
            .as_table()
            .ok_or_else(|| r.err("sync.customers must be a section [sync.customers]"))?;
        for (client, number) in table {
            let id: i64 = client.parse().map_err(|_| {
                r.err(format!(
                    "sync.customers: key {client:?} must be a Harvest client id (digits)"
                ))
            })?;
            let number = number
                .as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty() && s.len() <= 32)
                .ok_or_else(|| r.err(format!("sync.customers.{client} must be an RMA customer number (text, up to 32 characters)")))?;
            sync.customers.insert(id, number.to_string());
        }
    }

    let state_path = match r.string("state", "path")? {
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
        healthcheck_url: r.url("notify", "healthcheck_url", None)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnv(HashMap<&'static str, &'static str>);
    impl Env for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|s| s.to_string())
        }
    }
    fn env() -> FakeEnv {
        FakeEnv(HashMap::from([("HOME", "/home/anna")]))
    }

    const MINIMAL: &str =
        "[harvest]\naccount_url = \"https://acme.harvestapp.com\"\n[rma]\ntenant = \"acme\"\n";

    fn parse_err(text: &str) -> String {
        parse(text, Path::new("/etc/rh.toml"), &env())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn minimal_config_gets_defaults() {
        let c = parse(MINIMAL, Path::new("/x/c.toml"), &env()).unwrap();
        assert_eq!(c.harvest.api_url, "https://api.harvestapp.com/v2");
        assert_eq!(c.sync, SyncConfig::default());
        assert_eq!(
            c.state_path,
            PathBuf::from("/home/anna/.local/state/rma-harvest/state.sqlite")
        );
        assert_eq!(c.harvest.account_domain(), "acme.harvestapp.com");
    }

    #[test]
    fn errors_name_file_and_key() {
        assert_eq!(
            parse_err("[harvest]\naccount_url=\"https://a.harvestapp.com\"\n"),
            "/etc/rh.toml: rma.tenant is missing"
        );
        assert_eq!(
            parse_err(&format!("{MINIMAL}[sync]\nimprot_states = [\"open\"]\n")),
            "/etc/rh.toml: unknown key sync.improt_states"
        );
        assert!(
            parse_err(&format!("{MINIMAL}[sync]\nimport_states = [\"draft\"]\n"))
                .contains("sync.import_states")
        );
        assert!(
            parse_err(&format!("{MINIMAL}[sync]\nstart_date = \"1.1.2026\"\n"))
                .contains("sync.start_date")
        );
        assert!(
            parse_err(&format!("{MINIMAL}[sync]\ninvoice_number = \"R-{{nr}}\"\n"))
                .contains("sync.invoice_number")
        );
        assert!(parse_err(
            "[harvest]\naccount_url=\"http://acme.harvestapp.com\"\n[rma]\ntenant=\"a\""
        )
        .contains("harvest.account_url"));
        assert!(parse_err("[bogus]\n").contains("unknown section [bogus]"));
        assert!(parse_err("not toml =").contains("not valid TOML"));
    }

    #[test]
    fn loopback_http_is_allowed_and_secrets_come_from_env() {
        let text = format!("{MINIMAL}[state]\npath = \"state.db\"\n")
            .replace("[rma]", "api_url=\"http://127.0.0.1:9/v2\"\n[rma]");
        let mut e = env();
        e.0.insert("RMA_API_KEY", "pat_env");
        let c = parse(&text, Path::new("/x/c.toml"), &e).unwrap();
        assert_eq!(c.harvest.api_url, "http://127.0.0.1:9/v2");
        assert_eq!(c.rma.api_key.unwrap().expose(), "pat_env");
        assert_eq!(c.state_path, PathBuf::from("/x/state.db"));
    }

    #[test]
    fn customers_map_and_start_date() {
        let text = format!(
            "{MINIMAL}[sync]\nstart_date = 2026-01-01\n[sync.customers]\n\"8411112\" = \"10023\"\n"
        );
        let c = parse(&text, Path::new("/x/c.toml"), &env()).unwrap();
        assert_eq!(
            c.sync.customers.get(&8411112).map(String::as_str),
            Some("10023")
        );
        assert_eq!(c.sync.start_date, NaiveDate::from_ymd_opt(2026, 1, 1));
    }
}
