//! A service that goes away in the middle of a run, and an answer that is not a success
//! (issue 16): Run my Accounts refusing connections, answering 503 to everything, or a
//! maintenance page. The run sends at most three more requests, exits 4, keeps no intent for
//! what it did not send, and the next run books the rest once. And a night of first payments
//! costs one Harvest request per payment.

mod support;

use rma_harvest_sandbox::{FaultKind, NewInvoice, NewLine, Service};
use support::{date, dec, text, World};

/// Invoices added to the seed, so that a first run has many writes to make.
const EXTRA: usize = 20;

fn big_world() -> World {
    World::with_extra_invoices(EXTRA)
}

/// The seed's five invoices (one linked) and the extra ones.
const ALL: usize = 5 + EXTRA;

fn assert_all_booked_once(w: &World) {
    let numbers = w.rma_invoice_numbers();
    let mut unique = numbers.clone();
    unique.dedup();
    assert_eq!(numbers, unique);
    assert_eq!(numbers.len(), ALL, "{numbers:?}");
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

/// Writes of the last run left for the next one to look up (the dry run counts them).
fn pending(w: &World) -> u64 {
    let plan = json(&w.run(&["sync", "--dry-run", "--json"]));
    plan["pending_from_last_run"].as_u64().unwrap()
}

fn event_kinds(log: &serde_json::Value, run: usize) -> Vec<String> {
    log["runs"][run]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

/// The run after the outage: everything booked once, nothing looked up that was never sent.
fn next_run_books_the_rest_once(w: &World, looked_up: usize) {
    w.sb.faults.clear();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_all_booked_once(w);
    let log = json(&w.run(&["log", "--json"]));
    let repaired = event_kinds(&log, 0)
        .iter()
        .filter(|k| *k == "repaired")
        .count();
    assert!(repaired <= looked_up, "{repaired} look-ups");
}

#[test]
fn rma_refusing_connections_mid_run_stops_booking_and_the_rest_waits() {
    let w = big_world();
    w.sb.faults.refuse_after_nth_write(Service::Rma, 8);
    let out = w.sync();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    // The refused attempts never reach the fake: it saw exactly the 8 writes it took.
    let rma_writes =
        w.sb.requests()
            .iter()
            .filter(|r| r.service == Service::Rma && r.is_write)
            .count();
    assert_eq!(rma_writes, 8);
    assert!(
        stderr.contains("Run my Accounts stopped answering after invoice 2026-"),
        "{stderr}"
    );
    assert!(stderr.contains("wait for the next run"), "{stderr}");
    assert!(
        !stderr.contains("no answer from Run my Accounts"),
        "{stderr}"
    );
    let in_rma = w.rma_invoice_numbers().len();
    assert!(in_rma < ALL, "{in_rma}");
    // Nothing was sent after the refusals, so nothing is left to look up.
    assert_eq!(pending(&w), 0);
    let log = json(&w.run(&["log", "--json"]));
    assert_eq!(log["runs"][0]["exit_code"], 4);
    assert!(event_kinds(&log, 0).contains(&"booking_stopped".to_string()));

    next_run_books_the_rest_once(&w, 0);
}

#[test]
fn rma_answering_503_to_everything_mid_run_gets_three_more_requests() {
    let w = big_world();
    w.sb.faults
        .everything_from_nth_write(Service::Rma, 8, FaultKind::Status(503));
    let out = w.sync();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    let faulted = w.sb.requests().iter().filter(|r| r.fault.is_some()).count();
    assert_eq!(faulted, 3, "at most three requests after RMA went down");
    assert!(
        stderr.contains("Run my Accounts stopped answering after invoice 2026-"),
        "{stderr}"
    );
    // Only the writes that were sent and got a 503 are looked up.
    let lost = pending(&w);
    assert!(lost <= 3, "{lost}");

    next_run_books_the_rest_once(&w, lost as usize);
}

#[test]
fn a_maintenance_page_is_not_a_booking_and_a_later_run_books_them() {
    let w = big_world();
    w.sb.faults.fail_next(
        Some(Service::Rma),
        Some("POST"),
        "/invoices",
        1000,
        FaultKind::Html,
    );
    let out = w.sync();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert!(!stdout.contains("booked in Run my Accounts"), "{stdout}");
    assert!(stdout.contains("Run 1: 0 booked"), "{stdout}");
    assert!(stderr.contains("does not prove it was done"), "{stderr}");
    // RMA has only the invoice it had before.
    assert_eq!(w.rma_invoice_numbers(), ["2026-0100"]);
    let log = json(&w.run(&["log", "--json"]));
    assert!(!event_kinds(&log, 0).contains(&"booked".to_string()));
    let unknown = pending(&w);
    assert_eq!(
        unknown, 3,
        "each unproven write is looked up, the rest waits"
    );

    next_run_books_the_rest_once(&w, unknown as usize);
    let out = w.run(&["log", "--run", "2"]);
    assert!(text(&out.stdout).contains("booked in Run my Accounts"));
}

#[test]
fn a_night_of_150_first_payments_costs_about_one_harvest_request_each() {
    const N: usize = 150;
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let mut numbers = Vec::new();
    for i in 0..N {
        let number = format!("2026-{:04}", 1000 + i);
        w.sb.harvest.add_invoice(NewInvoice::open(
            w.firm.client_zurich,
            &number,
            date(5, 1) + chrono::Duration::days(i as i64),
            vec![NewLine::new("Beratung", "Beratung", dec("1"), dec("100"))],
        ));
        numbers.push(number);
    }
    let out = w.run(&["sync", "--max-new-bookings", "200"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for number in &numbers {
        w.sb.rma
            .book_payment(number, date(11, 20), dec("50"), "Zahlung", "1020");
    }
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let requests = w.sb.requests();
    let harvest = requests
        .iter()
        .filter(|r| r.service == Service::Harvest)
        .count();
    let created = requests
        .iter()
        .filter(|r| r.service == Service::Harvest && r.method == "POST")
        .count();
    assert_eq!(created, N);
    assert!(
        harvest <= N + 5,
        "{harvest} Harvest requests for {N} first payments"
    );
}

#[test]
fn harvest_answering_503_mid_payment_night_stops_only_the_payments() {
    let (w, invoices) = support::booked_world_with_three_payments();
    // A new invoice to book in the same night: booking does not need Harvest's writes.
    w.sb.harvest.add_invoice(NewInvoice::open(
        w.firm.client_zurich,
        "2026-0300",
        date(11, 1),
        vec![NewLine::new("Beratung", "Beratung", dec("1"), dec("100"))],
    ));
    w.sb.faults
        .everything_from_nth_write(Service::Harvest, 1, FaultKind::Status(503));
    let out = w.sync();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert!(w.rma_invoice_numbers().contains(&"2026-0300".to_string()));
    let faulted = w.sb.requests().iter().filter(|r| r.fault.is_some()).count();
    assert!(faulted <= 3, "{faulted} requests after Harvest went down");
    assert!(stderr.contains("Harvest "), "{stderr}");
    assert!(stderr.contains("for the next run"), "{stderr}");

    w.sb.faults.clear();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for id in invoices {
        assert_eq!(support::amounts(&w, id), ["100"], "one payment each");
    }
}
