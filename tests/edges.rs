//! Edges of issues 11 and 12 end to end: a server that echoes the credentials it was sent
//! never gets them into any output, log level or the state file; Harvest pacing keeps its
//! margin over hundreds of writes; configuration mistakes name the key and the line.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use mockito::{Matcher, Server, ServerGuard};
use rust_decimal::Decimal;

use rma_harvest::clock::{self, SharedClock};
use rma_harvest::harvest::types::NewPayment;
use rma_harvest::harvest::{Credentials, HarvestClient};
use rma_harvest::secret::Secret;

mod support;

const HARVEST_TOKEN: &str = "hv_e2e_token_3f9a7c";
const RMA_KEY: &str = "pat_e2e_key_51d2b8";

/// A server that answers every request 401 with a body quoting the `Authorization` header it
/// got, as some proxies and frameworks do.
fn echoing_server() -> ServerGuard {
    let mut server = Server::new();
    for method in ["GET", "POST", "DELETE"] {
        server
            .mock(method, Matcher::Any)
            .with_status(401)
            .with_header("content-type", "application/json")
            .with_body_from_request(|req| {
                let auth = req
                    .header("authorization")
                    .first()
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                let bare = auth.trim_start_matches("Bearer ").to_string();
                serde_json::json!({
                    "message": format!("token {bare} is not valid"),
                    "request": {"headers": {"Authorization": auth}},
                    "trace": format!("line 1\nline 2 {bare}"),
                })
                .to_string()
                .into_bytes()
            })
            .create();
    }
    server
}

fn config(dir: &Path, harvest_api: &str, rma_api: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    let text = format!(
        "[harvest]\naccount_url = \"https://{domain}\"\naccount_id = \"{account}\"\naccess_token = \"{HARVEST_TOKEN}\"\napi_url = \"{harvest_api}\"\n\
         [rma]\ntenant = \"muster\"\napi_key = \"{RMA_KEY}\"\napi_url = \"{rma_api}\"\n\
         [sync]\nstart_date = \"2026-01-01\"\n[state]\npath = {state:?}\n",
        domain = rma_harvest_sandbox::HARVEST_DOMAIN,
        account = rma_harvest_sandbox::HARVEST_ACCOUNT_ID,
        state = dir.join("state.sqlite").display().to_string(),
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Every text a person or a later run could see: the run's output at the most verbose
/// setting, `log` and `log --json`, and the state file with its journal.
fn everything_visible(dir: &Path, config: &Path) -> (i32, String) {
    let run = support::binary(dir)
        .arg("--config")
        .arg(config)
        .args(["-vv", "sync"])
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    let mut seen = String::from_utf8_lossy(&run.stdout).into_owned();
    seen.push_str(&String::from_utf8_lossy(&run.stderr));
    for args in [&["log"][..], &["log", "--json"][..]] {
        let out = support::binary(dir)
            .arg("--config")
            .arg(config)
            .args(args)
            .output()
            .unwrap();
        seen.push_str(&String::from_utf8_lossy(&out.stdout));
        seen.push_str(&String::from_utf8_lossy(&out.stderr));
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("state")
        {
            seen.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    (run.status.code().unwrap(), seen)
}

fn assert_no_secret(seen: &str) {
    for secret in [HARVEST_TOKEN, RMA_KEY, "3f9a7c", "51d2b8"] {
        assert!(!seen.contains(secret), "{secret} leaked in:\n{seen}");
    }
}

#[test]
fn harvest_echoing_the_token_leaks_it_nowhere() {
    let dir = tempfile::tempdir().unwrap();
    let harvest = echoing_server();
    let rma = echoing_server();
    let config = config(dir.path(), &harvest.url(), &rma.url());
    let (code, seen) = everything_visible(dir.path(), &config);
    assert_eq!(code, 3, "{seen}");
    // The echo did arrive and was shown, scrubbed and on one line.
    assert!(seen.contains("token **** is not valid"), "{seen}");
    assert_no_secret(&seen);
}

#[test]
fn rma_echoing_the_key_leaks_it_nowhere_not_even_in_the_run_log() {
    let dir = tempfile::tempdir().unwrap();
    let sb = rma_harvest_sandbox::Sandbox::start();
    let _firm = rma_harvest_sandbox::seed::swiss_firm(&sb);
    let rma = echoing_server();
    let config = config(dir.path(), &sb.harvest.api_url(), &rma.url());
    // The sandbox's Harvest wants its own token.
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace(HARVEST_TOKEN, rma_harvest_sandbox::HARVEST_TOKEN);
    std::fs::write(&config, text).unwrap();
    let (code, seen) = everything_visible(dir.path(), &config);
    assert_ne!(code, 0, "{seen}");
    assert!(seen.contains("token **** is not valid"), "{seen}");
    assert!(seen.contains("Bearer ****"), "{seen}");
    assert_no_secret(&seen);
}

#[test]
fn trace_logging_prints_no_credential_of_a_successful_run() {
    let w = support::World::new();
    let out = w
        .cmd()
        .args(["-vv", "sync"])
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    // The seeded firm has one invoice to refuse, so a clean run exits 1.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Our own debug lines are there; the libraries' wire dumps with their headers are not.
    assert!(stderr.contains("Harvest: GET"), "{stderr}");
    for secret in [
        rma_harvest_sandbox::HARVEST_TOKEN,
        rma_harvest_sandbox::RMA_API_KEY,
    ] {
        assert!(!stderr.contains(secret), "{secret} in:\n{stderr}");
    }
    assert!(
        !stderr.to_ascii_lowercase().contains("authorization"),
        "{stderr}"
    );
}

fn start() -> DateTime<Utc> {
    support::test_now()
}

#[test]
fn hundreds_of_harvest_writes_stay_under_harvests_limit() {
    let clock: SharedClock = clock::fixed(start());
    // The fake Harvest notes when each write arrives, on the client's (fixed) clock.
    let arrivals: Arc<Mutex<Vec<DateTime<Utc>>>> = Arc::default();
    let mut server = Server::new();
    let (seen, at) = (arrivals.clone(), clock.clone());
    let writes = server
        .mock("POST", Matcher::Regex(r"^/invoices/\d+/payments$".into()))
        .with_status(201)
        .with_body_from_request(move |_| {
            seen.lock().unwrap().push(at.now());
            br#"{"id": 1, "amount": 10.0, "paid_date": "2026-03-02", "notes": ""}"#.to_vec()
        })
        .expect(300)
        .create();
    let harvest = HarvestClient::new(
        &server.url(),
        "4711",
        "rma-harvest/test",
        Credentials::Personal(Secret::new("pat-pacing-test")),
    )
    .with_clock(clock.clone());
    for invoice in 0..300 {
        harvest
            .create_payment(
                invoice,
                &NewPayment {
                    amount: Decimal::new(1000, 2),
                    paid_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                    notes: format!("RMA payment {invoice}"),
                },
            )
            .unwrap();
    }
    writes.assert();
    let arrivals = arrivals.lock().unwrap();
    let window = chrono::Duration::seconds(15);
    let busiest = arrivals
        .iter()
        .map(|from| {
            arrivals
                .iter()
                .filter(|t| **t >= *from && **t - *from < window)
                .count()
        })
        .max()
        .unwrap();
    // Harvest answers 429 above 100 in 15 s; the pacer keeps ten below that.
    assert_eq!(busiest, 90);
    // 300 writes = 3 full windows and a part: the pacer waited exactly as long as needed.
    assert_eq!(
        clock.now() - start(),
        chrono::Duration::from_std(Duration::from_secs(45)).unwrap()
    );
}

#[test]
fn a_config_typo_names_key_line_and_the_likely_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[harvest]\naccount_url = \"https://a.harvestapp.com\"\napi_url = \"http://127.evil.example/v2\"\n[rma]\ntenant = \"a\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        support::binary(dir.path())
            .arg("--config")
            .arg(&path)
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("harvest.api_url"), "{stderr}");
    assert!(stderr.contains("must use https://"), "{stderr}");

    std::fs::write(
        &path,
        "[harvest]\naccount_url = \"https://a.harvestapp.com\"\n[rma]\ntenant = \"a\"\n[sync]\nimprot_states = [\"open\"]\n",
    )
    .unwrap();
    let out = run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "config.toml: unknown key sync.improt_states; did you mean sync.import_states? (line 6, column 1)"
    ));

    std::fs::write(&path, "[harvest]\naccount_url = \"https://a\n").unwrap();
    let out = run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not valid TOML at line 2, column"),
        "{stderr}"
    );
}
