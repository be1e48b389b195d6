//! `rma-harvest doctor` against the sandbox fakes: every check holds on a healthy tenant, a
//! broken assumption is named, and nothing is ever written (GET requests only, no state file).

mod support;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use support::{text, World};

fn assert_read_only(w: &World) {
    let requests = w.sb.requests();
    assert!(!requests.is_empty(), "doctor asked both services");
    for r in &requests {
        assert_eq!(r.method, "GET", "doctor sent {} {}", r.method, r.path);
    }
    assert!(!w.state_path().exists(), "doctor created no state file");
    assert_eq!(w.sb.rma.pending_feed_rows(), 1, "nothing was acknowledged");
}

#[test]
fn every_check_holds_on_a_healthy_tenant_and_nothing_is_written() {
    let w = World::new();
    // The seed's one category that is not an article becomes one.
    w.sb.rma.add_part("Hosting", "Hosting", Decimal::new(81, 1));
    w.sb.clear_requests();
    let out = w.run(&["doctor"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    for line in [
        "holds           Harvest accepts the access token",
        "holds           Every category on an invoice still to book is an article",
        "holds           An unknown customer number answers 404",
        "holds           Every pending payment row has an id, an invoice number, a date and an amount",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    // Warnings do not fail the doctor: "2026-0101" is not digits only, 2026-0103 is in EUR.
    assert!(stdout.contains("warning"), "{stdout}");
    assert!(stdout.contains("2026-0103 (EUR)"), "{stdout}");
    assert!(
        !stdout.contains("FAILS") && !stdout.contains("  could not tell  "),
        "{stdout}"
    );
    assert_read_only(&w);
}

#[test]
fn a_feed_row_without_invoice_number_and_an_unknown_category_are_named() {
    let w = World::new();
    let row = w.sb.rma.book_payment(
        "",
        NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(),
        Decimal::new(100, 0),
        "unklar",
        "1090",
    );
    w.sb.clear_requests();
    let out = w.run(&["doctor", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    let check = |id: &str| {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("no check {id}"))
            .clone()
    };
    let categories = check("categories");
    assert_eq!(categories["status"], "fails");
    assert!(
        categories["detail"]
            .as_str()
            .unwrap()
            .contains("invoice 2026-0104 line 2 \"Hosting\""),
        "{categories}"
    );
    let rows = check("payment_feed_rows");
    assert_eq!(rows["status"], "fails");
    assert_eq!(
        rows["detail"],
        format!("payment {row}: it names no invoice")
    );
    assert!(rows["advice"]
        .as_str()
        .unwrap()
        .contains("never acknowledged"));
    assert_eq!(check("harvest_token")["status"], "holds");
    // Nothing written, and both feed rows still pending.
    for r in &w.sb.requests() {
        assert_eq!(r.method, "GET", "doctor sent {} {}", r.method, r.path);
    }
    assert!(!w.state_path().exists());
    assert_eq!(w.sb.rma.pending_feed_rows(), 2);
}

#[test]
fn a_rejected_key_leaves_the_dependent_checks_open_and_a_wrong_ar_account_fails() {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("pat_sandbox", "pat_wrong")
        .replace("[rma]\n", "[rma]\nar_account = \"1105\"\n");
    std::fs::write(&w.config, config).unwrap();
    let out = w.run(&["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("FAILS           Run my Accounts accepts the API key for rma.tenant"),
        "{stdout}"
    );
    assert!(stdout.contains("→ check rma.api_key"), "{stdout}");
    assert!(
        stdout.contains("could not tell  The payment feed is readable"),
        "{stdout}"
    );

    // With the right key, the chart of accounts is asked for the configured account.
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("pat_wrong", "pat_sandbox");
    std::fs::write(&w.config, config).unwrap();
    let out = w.run(&["doctor", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ar = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "ar_account")
        .unwrap()
        .clone();
    assert_eq!(ar["status"], "fails", "{ar}");
    assert!(ar["detail"].as_str().unwrap().contains("1105"));
}

#[test]
fn quiet_doctor_prints_only_what_does_not_hold() {
    let w = World::new();
    let out = w.run(&["doctor", "-q"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("holds  "), "{stdout}");
    assert!(stdout.contains("FAILS"), "{stdout}");
}

#[test]
fn an_unknown_invoice_number_must_answer_404() {
    // A2: the sync tells a booked invoice from one still to book by the 404.
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", Decimal::new(81, 1));
    let out = w.run(&["doctor"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("holds           An unknown invoice number answers 404"),
        "{stdout}"
    );

    w.sb.faults.fail_next(
        None,
        Some("GET"),
        "rma-harvest-doctor-no-such-invoice",
        1,
        rma_harvest_sandbox::FaultKind::Body(
            r#"{"invnumber":"rma-harvest-doctor-no-such-invoice","amount":"0"}"#,
        ),
    );
    let out = w.run(&["doctor", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "unknown_invoice")
        .expect("an unknown_invoice check")
        .clone();
    assert_eq!(check["status"], "fails", "{check}");
    assert_read_only(&w);
}

#[test]
fn the_totals_are_judged_on_invoices_rma_has_not_on_those_still_to_book() {
    // Everything booked; one new invoice, on a day RMA has no invoice for.
    let w = support::booked_world();
    w.sb.harvest
        .add_invoice(rma_harvest_sandbox::NewInvoice::open(
            w.firm.client_zurich,
            "3001",
            NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            vec![rma_harvest_sandbox::NewLine::new(
                "Beratung",
                "Beratung",
                Decimal::ONE,
                Decimal::new(180, 0),
            )],
        ));
    let out = w.run(&["doctor"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("holds           Invoice list entries carry the totals the sync needs"),
        "{stdout}"
    );
}

#[test]
fn a_tenant_without_any_invoice_gets_a_warning_that_says_so() {
    let sb = rma_harvest_sandbox::Sandbox::start();
    sb.rma.add_part("Beratung", "Beratung", Decimal::new(81, 1));
    sb.harvest.add_category("Beratung");
    let client = sb
        .harvest
        .add_client("Muster AG", "Bahnhofstrasse 10\n8001 Zürich", "CHF");
    sb.harvest
        .add_invoice(rma_harvest_sandbox::NewInvoice::open(
            client,
            "1001",
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
            vec![rma_harvest_sandbox::NewLine::new(
                "Beratung",
                "Beratung",
                Decimal::ONE,
                Decimal::new(180, 0),
            )],
        ));
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, sb.config_toml(&dir.path().join("state.sqlite"))).unwrap();
    let out = support::binary(dir.path())
        .arg("--config")
        .arg(&config)
        .args(["doctor"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("warning         Invoice list entries carry the totals the sync needs (amount, paid): Run my Accounts has no invoice yet"),
        "{stdout}"
    );
    assert!(!stdout.contains("could not tell  Invoice list"), "{stdout}");
}
