//! Unit tests of the configuration: defaults, every check, and the error texts.

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
        "/etc/rh.toml: unknown key sync.improt_states; did you mean sync.import_states? (line 6, column 1)"
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
    assert_eq!(
        parse_err("not toml ="),
        "/etc/rh.toml: not valid TOML at line 1, column 5: key with no value, expected `=`"
    );
}

#[test]
fn unknown_keys_and_sections_suggest_the_nearest_known_one() {
    assert_eq!(
        parse_err(&format!("{MINIMAL}[harvst]\nx = 1\n")),
        "/etc/rh.toml: unknown section [harvst]; did you mean [harvest]? (line 5, column 2)"
    );
    assert_eq!(
        parse_err("[harvest]\naccount_url = \"https://a.harvestapp.com\"\nacount_id = 5\n"),
        "/etc/rh.toml: unknown key harvest.acount_id; did you mean harvest.account_id? (line 3, column 1)"
    );
    // Nothing close: the known keys are listed instead of a guess.
    assert_eq!(
        parse_err(&format!("{MINIMAL}colour = \"red\"\n")),
        "/etc/rh.toml: unknown key rma.colour (known keys: tenant, api_key, api_url, ar_account) (line 5, column 1)"
    );
    // Inline tables are sections too.
    assert!(parse_err(&format!(
        "{MINIMAL}[sync]\ncustomers = {{ 1 = \"a\" }}\nmax_new_booking = 3\n"
    ))
    .contains("did you mean sync.max_new_bookings?"));
}

#[test]
fn wrong_types_name_the_key_and_the_line() {
    // A bookkeeper's words, not serde's `invalid type: string "ten", expected i64`.
    assert_eq!(
        parse_err(&format!("{MINIMAL}[sync]\nmax_payment_deletions = \"ten\"\n")),
        "/etc/rh.toml: sync.max_payment_deletions must be a whole number such as 50, written without quotes (line 6, column 25)"
    );
    assert_eq!(
        parse_err(&format!("{MINIMAL}[sync]\nmax_new_bookings = \"fifty\"\n")),
        "/etc/rh.toml: sync.max_new_bookings must be a whole number such as 50, written without quotes (line 6, column 20)"
    );
    assert!(
        parse_err(&format!("{MINIMAL}[sync]\nimport_states = [\"open\", 3]\n"))
            .starts_with("/etc/rh.toml: sync.import_states must be text in quotes")
    );
    assert_eq!(
        parse_err(&format!("{MINIMAL}[sync]\nmax_new_bookings = -1\n")),
        "/etc/rh.toml: sync.max_new_bookings must be a whole number, 0 or more"
    );
    assert!(
        parse_err(&format!("{MINIMAL}[sync.customers]\n\"1\" = 5\n"))
            .contains("sync.customers.1 must be an RMA customer number")
    );
    assert!(parse_err("harvest = 5\n[rma]\ntenant = \"a\"\n")
        .starts_with("/etc/rh.toml: harvest must be a section such as [sync]"));
}

#[test]
fn harvest_screen_words_for_states_get_a_hint() {
    let sent = parse_err(&format!("{MINIMAL}[sync]\nimport_states = [\"Sent\"]\n"));
    assert_eq!(
        sent,
        "/etc/rh.toml: sync.import_states: \"Sent\" is how Harvest's screens show an invoice; the configuration calls a sent, unpaid invoice \"open\" (set sync.import_states = [\"open\"])"
    );
    assert!(
        parse_err(&format!("{MINIMAL}[sync]\nimport_states = [\"closed\"]\n")).contains(
            "unknown state \"closed\" (allowed: \"open\" for sent, unpaid invoices, and \"paid\")"
        )
    );
}

#[test]
fn a_folder_given_as_the_configuration_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(Some(dir.path()), &env()).unwrap_err().to_string();
    assert!(err.contains("this is a folder, not a file"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    let missing = load(Some(&dir.path().join("nope.toml")), &env())
        .unwrap_err()
        .to_string();
    assert!(!missing.contains("os error"), "{missing}");
}

#[test]
fn max_new_bookings_defaults_to_50_and_can_be_set() {
    let c = parse(MINIMAL, Path::new("/x/c.toml"), &env()).unwrap();
    assert_eq!(c.sync.max_new_bookings, 50);
    let c = parse(
        &format!("{MINIMAL}[sync]\nmax_new_bookings = 200\n"),
        Path::new("/x/c.toml"),
        &env(),
    )
    .unwrap();
    assert_eq!(c.sync.max_new_bookings, 200);
}

#[test]
fn plain_http_only_for_loopback_addresses() {
    for ok in [
        "http://127.0.0.1:9/v2",
        "http://127.8.9.10/x",
        "http://localhost:8080/",
        "http://[::1]:8976/callback",
        "https://api.harvestapp.com/v2",
    ] {
        assert_eq!(check_url(ok), Ok(()), "{ok}");
    }
    for bad in [
        "http://127.evil.example/v2",
        "http://localhost.evil.example/",
        "http://127.0.0.1@evil.example/",
        "http://127.0.0.1.nip.io/",
        "http://[::2]/",
        "http://10.0.0.1/",
    ] {
        assert!(check_url(bad).unwrap_err().contains("https://"), "{bad}");
    }
    assert!(check_url("ftp://x/")
        .unwrap_err()
        .contains("unsupported scheme"));
    assert!(check_url("acme.harvestapp.com").is_err());
    assert_eq!(host_of("http://user@[::1]:80/x").as_deref(), Some("::1"));
    assert!(parse_err(
        "[harvest]\naccount_url=\"https://a.harvestapp.com\"\napi_url=\"http://127.evil.example/v2\"\n[rma]\ntenant=\"a\""
    )
    .contains("harvest.api_url"));
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
