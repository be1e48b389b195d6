//! Small output slips of issue 13: plurals, `log --limit 0`, a quiet `auth --check`, the advice
//! for a rejected Harvest token, and dates in one style.

mod support;

use support::{text, World};

#[test]
fn log_limit_zero_does_not_claim_there_are_no_runs() {
    let w = World::new();
    w.sync();
    let out = w.run(&["log", "--limit", "0"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("No runs recorded yet"), "{stdout}");
    assert!(stdout.contains("--limit 0"), "{stdout}");
}

#[test]
fn human_output_has_swiss_dates_in_zurich_time_and_json_keeps_iso() {
    let w = World::new();
    w.sync();
    // The test clock is 2026-11-28T01:00:00Z: 02:00 in Zurich (CET).
    let out = w.run(&["log"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("28.11.2026 02:00"), "{stdout}");
    assert!(!stdout.contains("2026-11-28"), "{stdout}");
    let out = w.run(&["log", "--json"]);
    assert!(text(&out.stdout).contains("2026-11-28T01:00:00Z"));
    // Plural agreement in the summary of a run.
    let out = w.run(&["log", "--run", "1"]);
    assert!(
        text(&out.stdout).contains("1 payment added"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn quiet_auth_check_prints_nothing_when_both_connections_work() {
    let w = World::new();
    let out = w.run(&["auth", "--check", "-q"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(text(&out.stderr), "");
    // Not quiet: both lines.
    let out = w.run(&["auth", "--check"]);
    assert!(text(&out.stdout).contains("Harvest: ok"));
    assert!(text(&out.stdout).contains("Run my Accounts: ok"));
}

#[test]
fn a_rejected_harvest_token_is_explained_once_and_without_rma_advice() {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("sandbox-harvest-token", "wrong-token");
    std::fs::write(&w.config, config).unwrap();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    // A personal token is the configuration's: no `auth` to run, the key to check instead.
    assert!(!stderr.contains("rma-harvest auth"), "{stderr}");
    assert_eq!(
        stderr.matches("harvest.access_token").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("rma.api_key"), "{stderr}");
}

#[test]
fn every_missing_credential_exits_3_and_says_once_which_key_to_set() {
    let w = World::new();
    let full = std::fs::read_to_string(&w.config).unwrap();
    for (line, key) in [
        ("api_key = \"pat_sandbox\"\n", "rma.api_key"),
        (
            "access_token = \"sandbox-harvest-token\"\n",
            "harvest.access_token",
        ),
    ] {
        std::fs::write(&w.config, full.replace(line, "")).unwrap();
        let out = w.sync();
        assert_eq!(out.status.code(), Some(3), "without {key}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(key), "{stderr}");
        assert!(!stderr.contains("Check "), "no second advice: {stderr}");
        let out = w.run(&["doctor"]);
        let stdout = text(&out.stdout);
        assert_eq!(stdout.matches(key).count(), 1, "said once: {stdout}");
    }
}

#[test]
fn a_rejected_rma_key_names_the_rma_settings() {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("pat_sandbox", "pat_wrong");
    std::fs::write(&w.config, config).unwrap();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(3));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("rma.api_key"), "{stderr}");
    assert!(!stderr.contains("rma-harvest auth"), "{stderr}");
}
