//! What a dry run and a run print, read the way a new user reads them (issue 19), against the
//! sandbox fakes: each line once when stdout and stderr are one file or pipe, a summary that
//! counts links and customer saves, and a `log --run` hint that names the configuration.

mod support;

use std::io::Read;
use std::process::Stdio;

use support::{text, World};

const REFUSAL: &str =
    "Invoice 2026-0104 (Muster AG): line 2 category \"Hosting\" is not an article";

/// The command's stdout and stderr in one file, as `>file 2>&1` or cron mail has them.
fn into_one_file(w: &World, args: &[&str]) -> (Option<i32>, String) {
    let path = w.dir.path().join("both.txt");
    let file = std::fs::File::create(&path).unwrap();
    let mut cmd = support::spawnable(w.dir.path());
    cmd.arg("--config").arg(&w.config).args(args);
    let status = cmd
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    (status.code(), std::fs::read_to_string(&path).unwrap())
}

/// The same through one pipe, as `2>&1 | less` has them.
fn into_one_pipe(w: &World, args: &[&str]) -> (Option<i32>, String) {
    let (mut reader, writer) = std::io::pipe().unwrap();
    let mut cmd = support::spawnable(w.dir.path());
    cmd.arg("--config").arg(&w.config).args(args);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(writer.try_clone().unwrap())
        .stderr(writer)
        .spawn()
        .unwrap();
    // The parent's copies of the writer went with `cmd`: the read ends with the child.
    drop(cmd);
    let mut all = String::new();
    reader.read_to_string(&mut all).unwrap();
    (child.wait().unwrap().code(), all)
}

fn with_max_new_bookings(w: &World, n: usize) {
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("[sync]\n", &format!("[sync]\nmax_new_bookings = {n}\n"));
    std::fs::write(&w.config, config).unwrap();
}

#[test]
fn a_refusal_is_printed_once_when_stdout_and_stderr_are_one_file_or_pipe() {
    let w = World::new();
    for (code, all) in [
        into_one_file(&w, &["sync", "--dry-run"]),
        into_one_pipe(&w, &["sync", "--dry-run"]),
    ] {
        assert_eq!(code, Some(1), "{all}");
        assert_eq!(all.matches(REFUSAL).count(), 1, "{all}");
    }
    // Apart, the plan on stdout has it, and stderr has it as a real run says it.
    let out = w.run(&["sync", "--dry-run"]);
    assert!(text(&out.stdout).contains(REFUSAL), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains(REFUSAL), "{}", text(&out.stderr));
    assert_eq!(w.writes(), 0);
}

#[test]
fn the_bulk_guard_verdict_is_in_the_plan_on_stdout_and_said_once() {
    let w = World::new();
    with_max_new_bookings(&w, 2);
    let verdict = "more than sync.max_new_bookings (2); the real run would write nothing";
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains(verdict), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains(verdict), "{}", text(&out.stderr));
    let (_, all) = into_one_file(&w, &["sync", "--dry-run"]);
    assert_eq!(all.matches(verdict).count(), 1, "{all}");
}

#[test]
fn the_dry_run_summary_counts_links_and_customer_saves() {
    let w = World::new();
    // Three customers, one link, three bookings and one payment; 2026-0104 is refused.
    let out = w.run(&["sync", "--dry-run"]);
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("Create customer").count(), 3, "{stdout}");
    assert!(
        stdout.contains("Dry run: 8 changes planned, 1 needs a person"),
        "{stdout}"
    );

    // After a lost state file every invoice RMA has is linked again: five changes, not none.
    w.sb.rma
        .add_part("Hosting", "Hosting", rust_decimal::Decimal::new(81, 1));
    assert_eq!(w.sync().status.code(), Some(0));
    std::fs::remove_file(w.state_path()).unwrap();
    let out = w.run(&["sync", "--dry-run"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.matches(": link it, do not book it again").count(),
        5,
        "{stdout}"
    );
    assert!(
        stdout.contains("Dry run: 5 changes planned, 0 need a person"),
        "{stdout}"
    );
}

#[test]
fn the_log_hint_names_the_configuration_the_run_was_started_with() {
    let w = World::new();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    let hint = format!(
        "details: rma-harvest --config {} log --run 1",
        w.config.display()
    );
    assert!(text(&out.stderr).contains(&hint), "{}", text(&out.stderr));

    // Found through RMA_HARVEST_CONFIG: the hint names it too, so a paste reads the same file.
    let out = support::binary(w.dir.path())
        .env("RMA_HARVEST_CONFIG", &w.config)
        .arg("sync")
        .output()
        .unwrap();
    let hint = format!(
        "details: rma-harvest --config {} log --run 2",
        w.config.display()
    );
    assert!(text(&out.stderr).contains(&hint), "{}", text(&out.stderr));
    // And the hint works as printed.
    let out = support::binary(w.dir.path())
        .args([
            "--config",
            &w.config.display().to_string(),
            "log",
            "--run",
            "2",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
