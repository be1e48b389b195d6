//! `check-categories` against the sandbox: which Harvest categories are RMA articles, and
//! which open invoices would be refused.

mod support;

use support::{text, World};

#[test]
fn missing_article_in_use_is_listed_and_exits_1() {
    let w = World::new();
    let out = w.run(&["check-categories"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let hosting = stdout.lines().find(|l| l.starts_with("Hosting")).unwrap();
    assert!(hosting.contains("missing"), "{stdout}");
    assert!(stdout
        .lines()
        .find(|l| l.starts_with("Beratung"))
        .unwrap()
        .contains('✓'));
    assert!(text(&out.stderr)
        .contains("Invoice 2026-0104 (Muster AG) would be refused: line 2 category \"Hosting\""));
    assert_eq!(w.writes(), 0);
}

#[test]
fn json_output_and_exit_0_when_every_category_in_use_exists() {
    let w = World::new();
    w.sb.rma
        .add_part("Hosting", "Hosting", "8.1".parse().unwrap());
    let out = w.run(&["check-categories", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert!(v["invoices_refused"].as_array().unwrap().is_empty());
    let names: Vec<&str> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Beratung", "Entwicklung", "Hosting", "Spesen"]);
}
