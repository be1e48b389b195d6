//! `rma-harvest dismiss` against the sandbox fakes: nothing to dismiss is a usage error
//! unless `--force`, `--undo` takes a dismissal back, and `log` shows dismissals as what they
//! are, not as syncs that did nothing.

mod support;

use support::{text, World};

fn open_problem_numbers(w: &World) -> Vec<String> {
    let out = w.run(&["log", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["open_problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["invoice_number"].as_str().map(str::to_string))
        .collect()
}

fn log_json(w: &World) -> serde_json::Value {
    let out = w.run(&["log", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_invoice_without_an_open_problem_is_not_dismissed_unless_forced() {
    let w = World::new();
    // 2026-0101 is booked cleanly; 2026-0104 is refused (its "Hosting" line).
    assert_eq!(w.sync().status.code(), Some(1));
    let entries = log_json(&w)["runs"].as_array().unwrap().len();

    let out = w.run(&["dismiss", "2026-0101"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("Invoice 2026-0101 has no open problem, so there is nothing to dismiss"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        log_json(&w)["runs"].as_array().unwrap().len(),
        entries,
        "nothing recorded"
    );

    let out = w.run(&["dismiss", "--force", "2026-0101"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("dismissed by hand (0 open problems closed)"));
    // The dismissal is stamped by the process clock, as a run is (the test clock here).
    let runs = log_json(&w)["runs"].as_array().unwrap().clone();
    let stamped: Vec<&str> = runs
        .iter()
        .filter_map(|r| r["started_at"].as_str())
        .collect();
    assert_eq!(stamped.len(), runs.len());
    assert!(
        stamped.iter().all(|t| t.starts_with("2026-11-28T01:00:00")),
        "{stamped:?}"
    );
}

#[test]
fn a_dismissal_is_taken_back_and_the_invoice_is_refused_again() {
    let w = World::new();
    assert_eq!(w.sync().status.code(), Some(1));
    assert_eq!(open_problem_numbers(&w), ["2026-0104"]);

    let out = w.run(&["dismiss", "2026-0104"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(open_problem_numbers(&w).is_empty());
    assert_eq!(w.sync().status.code(), Some(0), "dismissed: skipped");

    let out = w.run(&["dismiss", "--undo", "2026-0104"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("Invoice 2026-0104: dismissal taken back (1 problem open again)"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(open_problem_numbers(&w), ["2026-0104"]);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "refused again");
    assert!(
        text(&out.stderr).contains("2026-0104"),
        "{}",
        text(&out.stderr)
    );

    let again = w.run(&["dismiss", "--undo", "2026-0104"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("nothing to take back"),
        "{}",
        text(&again.stderr)
    );
}

#[test]
fn the_log_shows_dismissals_as_what_they_are() {
    let w = World::new();
    assert_eq!(w.sync().status.code(), Some(1));
    assert_eq!(w.run(&["dismiss", "2026-0104"]).status.code(), Some(0));

    let out = w.run(&["log"]);
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("2 "))
        .unwrap_or_else(|| panic!("no entry 2 in:\n{stdout}"));
    assert!(
        line.contains("Invoice 2026-0104: dismissed by hand"),
        "{stdout}"
    );
    assert!(
        !line.contains(" ok ") && !line.contains(" 0 "),
        "a dismissal is no sync with zeros: {line:?}"
    );

    let one = text(&w.run(&["log", "--run", "2"]).stdout);
    assert!(one.starts_with("Entry 2 — by hand"), "{one}");
    assert!(!one.contains("0 booked"), "{one}");

    let v = log_json(&w);
    let kinds: Vec<&str> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["dismissal", "sync"]);
}
