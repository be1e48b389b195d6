//! The two phases fail apart (issue 11 item 1): a payment feed that is refused, keeps failing
//! or answers in an odd shape stops only the payment phase; a failing article list stops only
//! booking. And output never crashes the tool (item 8): a closed stdout ends printing quietly,
//! and the health check still gets the run's exit code.

mod support;

use std::process::{Output, Stdio};

use rma_harvest_sandbox::{FaultKind, NewInvoice, NewLine, Service};
use support::{date, dec, text, World};

/// The seed with "Hosting" made an article, so that a clean run exits 0.
fn ready_world() -> World {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    w
}

/// RMA has the seed's invoices, Hosting's included, each once.
fn assert_all_seed_invoices_in_rma(w: &World) {
    assert_eq!(
        w.rma_invoice_numbers(),
        [
            "2026-0100",
            "2026-0101",
            "2026-0102",
            "2026-0103",
            "2026-0104"
        ]
    );
}

fn fail_rma_get(w: &World, path: &str, times: usize, kind: FaultKind) {
    w.sb.faults
        .fail_next(Some(Service::Rma), Some("GET"), path, times, kind);
}

fn acknowledgements(w: &World) -> usize {
    w.sb.requests()
        .iter()
        .filter(|r| r.path.contains("set_as_processed"))
        .count()
}

/// A feed failure: every invoice booked, no payment mirrored or acknowledged, and the
/// summary and the log say why; the next run, with the feed back, mirrors the payment.
fn feed_failure_stops_only_payments(kind: FaultKind, exit: i32) {
    let w = ready_world();
    let pending = w.sb.rma.pending_feed_rows();
    fail_rma_get(&w, "payment_list", 100, kind);
    let out = w.sync();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(exit), "{stdout}{stderr}");
    assert_all_seed_invoices_in_rma(&w);
    assert!(stdout.contains("4 booked, 1 linked"), "{stdout}");
    assert!(
        stderr.contains(
            "Payments were not mirrored in this run: the payment feed of Run my Accounts could not be read ("
        ),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was acknowledged"), "{stderr}");
    assert!(
        stdout.contains("Payments were not mirrored in this run."),
        "{stdout}"
    );
    assert!(w.sb.harvest.payments(w.firm.open_linked).is_empty());
    assert_eq!(acknowledgements(&w), 0);
    assert_eq!(w.sb.rma.pending_feed_rows(), pending);

    let log = w.run(&["log"]);
    assert!(
        text(&log.stdout).contains("Payments were not mirrored in this run: the payment feed"),
        "{}",
        text(&log.stdout)
    );
    let events = w.run(&["log", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&events.stdout).unwrap();
    assert_eq!(v["runs"][0]["exit_code"], exit);
    assert!(v["runs"][0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "payments_stopped"));

    w.sb.faults.clear();
    let again = w.sync();
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(w.sb.harvest.payments(w.firm.open_linked).len(), 1);
    assert_all_seed_invoices_in_rma(&w);
}

#[test]
fn a_refused_feed_stops_only_payments_with_exit_1() {
    feed_failure_stops_only_payments(FaultKind::Status(404), 1);
}

#[test]
fn a_feed_that_keeps_failing_stops_only_payments_with_exit_4() {
    feed_failure_stops_only_payments(FaultKind::Status(500), 4);
}

#[test]
fn a_feed_answer_that_is_not_a_list_stops_only_payments_with_exit_4() {
    feed_failure_stops_only_payments(FaultKind::Body("\"under maintenance\""), 4);
}

#[test]
fn a_failing_article_list_stops_only_booking() {
    let w = ready_world();
    assert_eq!(w.sync().status.code(), Some(0));
    w.sb.harvest.add_invoice(NewInvoice::open(
        w.firm.client_zurich,
        "3001",
        date(5, 1),
        vec![NewLine::new("Beratung", "Beratung", dec("1"), dec("180"))],
    ));
    w.sb.rma
        .book_payment("2026-0101", date(5, 2), dec("1000"), "Anzahlung", "1090");
    fail_rma_get(&w, "/parts", 100, FaultKind::Status(500));

    let out = w.sync();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(4), "{stdout}{stderr}");
    assert_all_seed_invoices_in_rma(&w); // 3001 not booked
    assert!(
        stderr.contains(
            "Invoices were not booked in this run: the article list of Run my Accounts could not be read ("
        ),
        "{stderr}"
    );
    assert!(
        stdout.contains("Invoices were not booked in this run."),
        "{stdout}"
    );
    // The payment on an invoice booked earlier is mirrored all the same, and acknowledged.
    let payments = w.sb.harvest.payments(w.firm.open_zurich);
    assert_eq!(payments.len(), 1, "{payments:?}");
    assert_eq!(payments[0]["amount"].to_string(), "1000");
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
    let log = text(&w.run(&["log"]).stdout);
    assert!(
        log.contains("Invoices were not booked in this run: the article list"),
        "{log}"
    );

    w.sb.faults.clear();
    assert_eq!(w.sync().status.code(), Some(0));
    assert!(w.rma_invoice_numbers().contains(&"3001".to_string()));
}

#[test]
fn a_dry_run_exits_as_the_real_run_when_a_phase_stops() {
    let w = ready_world();
    fail_rma_get(&w, "payment_list", 100, FaultKind::Status(500));
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Book invoice"));
    assert!(text(&out.stdout).contains("Payments were not mirrored in this run"));
}

/// Runs the binary with stdout a pipe whose reader is already gone (`| head` that quit).
fn with_closed_stdout(w: &World, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    support::spawnable(w.dir.path())
        .arg("--config")
        .arg(&w.config)
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
        .wait_with_output()
        .unwrap()
}

#[test]
fn log_into_a_closed_pipe_exits_0_without_a_panic() {
    let w = ready_world();
    assert_eq!(w.sync().status.code(), Some(0));
    for args in [&["log"][..], &["log", "--json"], &["log", "--run", "1"]] {
        let out = with_closed_stdout(&w, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn a_sync_with_a_closed_stdout_still_pings_its_own_exit_code() {
    let mut hc = mockito::Server::new();
    let start = hc
        .mock("GET", "/hc/start")
        .with_status(200)
        .expect(1)
        .create();
    // The seed's Hosting invoice is refused: the run's own code is 1.
    let end = hc.mock("GET", "/hc/1").with_status(200).expect(1).create();
    let w = World::new();
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!(
        "\n[notify]\nhealthcheck_url = \"{}/hc\"\n",
        hc.url()
    ));
    std::fs::write(&w.config, config).unwrap();

    let out = with_closed_stdout(&w, &["sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("panicked"),
        "{}",
        text(&out.stderr)
    );
    start.assert();
    end.assert();
    w.assert_seed_invoices_in_rma();
}
