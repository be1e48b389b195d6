//! The binary's contract without any service: configuration errors, lock, state file,
//! `log`, `--help` and exit codes.

use std::path::{Path, PathBuf};

mod support;

use assert_cmd::Command;
use predicates::prelude::*;

const BASE: &str = r#"
[harvest]
account_url = "https://acme.harvestapp.com"
account_id = "123456"
access_token = "tok_never_printed"
api_url = "http://127.0.0.1:9/v2"
[rma]
tenant = "acme"
api_key = "pat_never_printed"
api_url = "http://127.0.0.1:9/api/latest"
"#;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state.sqlite")
    }

    fn config(&self, extra: &str) -> PathBuf {
        let path = self.dir.path().join("config.toml");
        let text = format!(
            "{BASE}{extra}\n[state]\npath = {:?}\n",
            self.state().display().to_string()
        );
        std::fs::write(&path, text).unwrap();
        path
    }

    fn cmd(&self, config: &Path) -> Command {
        let mut c = support::binary(self.dir.path());
        c.arg("--config").arg(config);
        c
    }
}

fn bad_config(extra_or_whole: &str, whole: bool) -> (Setup, PathBuf) {
    let s = Setup::new();
    let path = if whole {
        let p = s.dir.path().join("config.toml");
        std::fs::write(&p, extra_or_whole).unwrap();
        p
    } else {
        s.config(extra_or_whole)
    };
    (s, path)
}

#[test]
fn config_errors_exit_2_and_name_the_key() {
    let cases: &[(&str, bool, &str)] = &[
        (
            "[harvest]\naccount_url = \"https://a.harvestapp.com\"\n",
            true,
            "rma.tenant is missing",
        ),
        (
            "[sync]\nimprot_states = [\"open\"]",
            false,
            "unknown key sync.improt_states",
        ),
        (
            "[sync]\nstart_date = \"01.01.2026\"",
            false,
            "sync.start_date",
        ),
        (
            "[sync]\nimport_states = [\"draft\"]",
            false,
            "sync.import_states",
        ),
        (
            "[notify]\nhealthcheck_url = \"http://hc.example.com/x\"",
            false,
            "notify.healthcheck_url",
        ),
        (
            "[rma]\ntenant = \"acme\"\n[harvest]\naccount_url = \"ftp://x\"",
            true,
            "harvest.account_url",
        ),
    ];
    for (text, whole, expected) in cases {
        let (s, path) = bad_config(text, *whole);
        s.cmd(&path)
            .args(["sync", "--dry-run"])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains(*expected).and(predicate::str::contains("config.toml")),
            );
    }
}

#[test]
fn missing_explicit_config_is_an_error_not_a_fallback() {
    let s = Setup::new();
    s.cmd(&s.dir.path().join("nope.toml"))
        .arg("log")
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("nope.toml").and(predicate::str::contains("does not exist")),
        );
}

#[test]
fn config_from_environment_variable() {
    let s = Setup::new();
    let path = s.config("");
    let mut c = Command::cargo_bin("rma-harvest").unwrap();
    c.env_clear()
        .env("HOME", s.dir.path())
        .env("RMA_HARVEST_CONFIG", &path)
        .arg("log")
        .assert()
        .success()
        .stdout(predicate::str::contains("No runs recorded yet"));
}

#[test]
fn held_lock_exits_5_and_names_the_lock_file() {
    let s = Setup::new();
    let path = s.config("");
    let lock_path = format!("{}.lock", s.state().display());
    let file = std::fs::File::create(&lock_path).unwrap();
    file.try_lock().unwrap();
    s.cmd(&path)
        .arg("sync")
        .assert()
        .code(5)
        .stderr(predicate::str::contains(lock_path));
}

#[test]
fn newer_state_schema_exits_6() {
    let s = Setup::new();
    let path = s.config("");
    {
        let conn = rusqlite::Connection::open(s.state()).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    s.cmd(&path)
        .arg("log")
        .assert()
        .code(6)
        .stderr(predicate::str::contains("newer"));
    s.cmd(&path).arg("sync").assert().code(6);
}

#[test]
fn state_file_is_private_and_runs_are_logged() {
    let s = Setup::new();
    let path = s.config("");
    // Nothing listens on port 9: the run fails (exit 4), and is still recorded.
    s.cmd(&path)
        .args(["sync", "--quiet"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("could not be reached"))
        .stderr(predicate::str::contains("never_printed").not());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.state()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    s.cmd(&path)
        .arg("log")
        .assert()
        .success()
        .stdout(predicate::str::contains("service unreachable (exit 4)"));
    let out = s.cmd(&path).args(["log", "--json"]).output().unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = &log["runs"];
    assert_eq!(runs[0]["exit_code"], 4);
    assert!(runs[0]["events"][0]["message"]
        .as_str()
        .unwrap()
        .contains("The run stopped"));
    s.cmd(&path)
        .args(["log", "--run", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains("The run stopped"));
    s.cmd(&path).args(["log", "--run", "42"]).assert().code(2);
}

#[test]
fn dry_run_creates_no_state_file() {
    let s = Setup::new();
    let path = s.config("");
    s.cmd(&path).args(["sync", "--dry-run"]).assert().code(4);
    assert!(!s.state().exists());
}

#[test]
fn help_lists_subcommands_and_exit_codes() {
    Command::cargo_bin("rma-harvest")
        .unwrap()
        .arg("--help")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("auth")
                .and(predicate::str::contains("sync"))
                .and(predicate::str::contains("log"))
                .and(predicate::str::contains("check-categories"))
                .and(predicate::str::contains("5  another run holds the lock"))
                .and(predicate::str::contains("6  the local state file")),
        );
}

#[test]
fn bad_command_line_exits_2() {
    Command::cargo_bin("rma-harvest")
        .unwrap()
        .arg("frobnicate")
        .assert()
        .code(2);
    Command::cargo_bin("rma-harvest")
        .unwrap()
        .args(["sync", "--json"])
        .assert()
        .code(2);
}

#[test]
fn healthcheck_is_pinged_at_start_and_with_the_exit_code() {
    let mut server = mockito::Server::new();
    let start = server
        .mock("GET", "/hc/start")
        .with_status(200)
        .expect(1)
        .create();
    let end = server
        .mock("GET", "/hc/4")
        .with_status(200)
        .expect(1)
        .create();
    let s = Setup::new();
    let path = s.config(&format!(
        "[notify]\nhealthcheck_url = \"{}/hc\"",
        server.url()
    ));
    s.cmd(&path).args(["sync", "--quiet"]).assert().code(4);
    start.assert();
    end.assert();
}

#[test]
fn failing_healthcheck_never_fails_the_run() {
    // The same sandbox run twice: without a health check, and with one that answers every
    // ping with a 500. The pings are tried, and the exit code is the run's own.
    let plain = support::World::new().sync();
    let mut server = mockito::Server::new();
    let code = plain.status.code().unwrap();
    let pings = server
        .mock(
            "GET",
            mockito::Matcher::Regex(format!("^/hc/(start|{code})$")),
        )
        .with_status(500)
        .expect(2)
        .create();
    let w = support::World::new();
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!(
        "\n[notify]\nhealthcheck_url = \"{}/hc\"\n",
        server.url()
    ));
    std::fs::write(&w.config, config).unwrap();
    let out = w.sync();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        support::text(&out.stderr)
    );
    assert!(
        code <= 1,
        "the sandbox run itself succeeds (0, or 1 for its refused invoice)"
    );
    pings.assert();
    assert!(
        support::text(&out.stderr).contains("the health check answered 500"),
        "{}",
        support::text(&out.stderr)
    );
}

#[test]
fn unusable_state_file_is_reported_to_the_healthcheck() {
    let mut server = mockito::Server::new();
    let start = server
        .mock("GET", "/hc/start")
        .with_status(200)
        .expect(1)
        .create();
    let end = server
        .mock("GET", "/hc/6")
        .with_status(200)
        .expect(1)
        .create();
    let s = Setup::new();
    let path = s.config(&format!(
        "[notify]\nhealthcheck_url = \"{}/hc\"",
        server.url()
    ));
    std::fs::write(s.state(), b"this is not a database").unwrap();
    s.cmd(&path).args(["sync", "--quiet"]).assert().code(6);
    start.assert();
    end.assert();
}

#[test]
fn an_unreadable_test_clock_is_a_usage_error() {
    let s = Setup::new();
    let path = s.config("");
    s.cmd(&path)
        .env(support::TEST_CLOCK_ENV, "yesterday")
        .arg("sync")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "RMA_HARVEST_TEST_CLOCK must be an RFC 3339 instant",
        ));
    assert!(!s.state().exists(), "nothing ran");
}
