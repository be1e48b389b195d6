//! Completions, man page and help: what an installer and a person at a shell see. None of
//! them needs a configuration.

use assert_cmd::Command;
use predicates::prelude::*;

const SUBCOMMANDS: [&str; 10] = [
    "auth",
    "sync",
    "log",
    "check-categories",
    "completions",
    "man",
    "dismiss",
    "doctor",
    "reconcile",
    "mail",
];

/// The binary with a configuration path that does not exist: a command that tried to read
/// it would exit 2.
fn bin() -> Command {
    let mut cmd = Command::cargo_bin("rma-harvest").unwrap();
    cmd.env("RMA_HARVEST_CONFIG", "/nonexistent/rma-harvest.toml");
    cmd
}

fn stdout_of(args: &[&str]) -> String {
    let out = bin()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn completions_for_each_shell_name_every_subcommand() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef rma-harvest"),
        ("fish", "complete -c rma-harvest"),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: {marker:?} missing");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: subcommand {sub} missing");
        }
        assert!(
            script.contains("dry-run"),
            "{shell}: sync's --dry-run missing"
        );
    }
}

#[test]
fn unknown_shell_is_a_usage_error() {
    bin().args(["completions", "cmd.exe"]).assert().code(2);
}

#[test]
fn man_page_is_roff_with_commands_examples_and_exit_codes() {
    let page = stdout_of(&["man"]);
    let first_request = page
        .lines()
        .find(|l| l.starts_with('.') && !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(
        first_request.starts_with(".TH rma-harvest 1"),
        "{first_request}"
    );
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("rma\\-harvest\\-{}(1)", sub.replace('-', "\\-"))),
            "{sub} not listed"
        );
    }
    assert!(page.contains(".SH \"EXAMPLES\"\n.nf\nrma\\-harvest check\\-categories"));
    assert!(page.contains("5  another run holds the lock"));
    assert!(page.contains("RMA_API_KEY"));
    assert!(!page.contains("rma\\-harvest\\-help(1)"));
}

#[test]
fn man_dir_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let listed = stdout_of(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert_eq!(listed.lines().count(), 1 + SUBCOMMANDS.len());
    for name in std::iter::once("rma-harvest".to_string())
        .chain(SUBCOMMANDS.iter().map(|s| format!("rma-harvest-{s}")))
    {
        let page = std::fs::read_to_string(dir.path().join(format!("{name}.1"))).unwrap();
        assert!(page.contains(".TH "), "{name}");
        assert!(page.contains(".SH \"EXAMPLES\""), "{name}");
    }
}

#[test]
fn man_dir_that_does_not_exist_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["man", "--dir"])
        .arg(dir.path().join("missing"))
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("cannot write")
                .and(predicate::str::contains("panicked").not()),
        );
}

#[test]
fn help_shows_examples_for_the_program_and_each_subcommand() {
    bin()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Examples:\n  rma-harvest check-categories",
        ));
    for sub in SUBCOMMANDS {
        bin()
            .args([sub, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "Examples:\n  rma-harvest {sub}"
            )));
    }
}

#[test]
fn with_rma_harvest_config_set_usage_and_help_show_no_required_or_empty_config() {
    // `bin()` sets RMA_HARVEST_CONFIG, as a user's profile or crontab would.
    let out = bin().args(["sync", "--no-such-flag"]).assert().code(2);
    let usage = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(usage.contains("Usage: rma-harvest sync"), "{usage}");
    assert!(!usage.contains("--config <PATH>"), "{usage}");
    let help = stdout_of(&["--help"]);
    assert!(help.contains("$RMA_HARVEST_CONFIG"), "{help}");
    assert!(!help.contains("[env: RMA_HARVEST_CONFIG"), "{help}");
}
