//! `sync --invoice` with numbers a new user gives it, against the sandbox fakes: an invoice
//! the tool booked is accepted after Harvest stopped listing it as importable (paid), and a
//! wrong number is a usage error before any run is recorded or the health check pinged.

mod support;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use support::{booked_world, text, World};

fn runs_in_log(w: &World) -> usize {
    let out = w.run(&["log", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["runs"].as_array().unwrap().len()
}

#[test]
fn an_invoice_the_tool_booked_is_accepted_after_it_was_paid_in_harvest() {
    let w = booked_world();
    let number = w.firm.number(w.firm.open_zurich);
    // Paid in Harvest: no longer listed as importable (state open), and the feed is quiet.
    w.sb.harvest.set_invoice_state(w.firm.open_zurich, "paid");
    w.sb.clear_requests();

    let out = w.run(&["sync", "--dry-run", "--invoice", &number]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("not an importable"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("Dry run: 0 changes planned"),
        "{}",
        text(&out.stdout)
    );

    // RMA books a payment on it: the --invoice run mirrors it and books nothing again.
    w.sb.rma.book_payment(
        &number,
        NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        Decimal::new(100, 0),
        "Teilzahlung",
        "1090",
    );
    let before = w.rma_invoice_numbers();
    let out = w.run(&["sync", "--invoice", &number]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(w.rma_invoice_numbers(), before, "nothing booked again");
    let amounts = support::amounts(&w, w.firm.open_zurich);
    assert_eq!(amounts.len(), 1, "{amounts:?}");
    assert!(amounts[0].contains("100"), "{amounts:?}");
    assert_eq!(w.sb.rma.pending_feed_rows(), 0, "its row is acknowledged");
}

#[test]
fn the_refusal_says_what_is_accepted_with_its_commas() {
    let w = World::new();
    let out = w.run(&["sync", "--dry-run", "--invoice", "4711"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains(
            "Invoice 4711 is not an importable Harvest invoice (state open, issued on or after 01.01.2026) nor one rma-harvest booked or linked"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_wrong_number_is_a_usage_error_before_a_run_is_recorded() {
    let mut hc = mockito::Server::new();
    let pings = hc.mock("GET", mockito::Matcher::Any).expect(0).create();
    let w = booked_world();
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!(
        "\n[notify]\nhealthcheck_url = \"{}/hc\"\n",
        hc.url()
    ));
    std::fs::write(&w.config, config).unwrap();
    let runs = runs_in_log(&w);
    w.sb.clear_requests();

    let out = w.run(&["sync", "--invoice", "4711"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Invoice 4711 is not an importable"),
        "{stderr}"
    );
    // A plain error line, as the dry run says it: no run number, no summary.
    assert!(!stderr.contains("needs attention"), "{stderr}");
    assert!(!text(&out.stdout).contains("Run "), "{}", text(&out.stdout));
    assert_eq!(runs_in_log(&w), runs, "no run recorded");
    assert_eq!(w.writes(), 0);
    pings.assert();
}
