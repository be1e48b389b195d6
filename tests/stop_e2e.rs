//! A stop in the middle of a run (issue 16): SIGTERM and SIGINT while a write is in flight
//! end the run within seconds with 143 / 130, its record completed and marked interrupted,
//! naming what it did; a kill -9 leaves a log that names every invoice Run my Accounts has
//! from that run. The next run converges without a duplicate. The point of the stop is
//! deterministic: the fake holds the k-th write until the test has sent the signal.

mod support;

use std::collections::BTreeSet;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

use rma_harvest_sandbox::FaultKind;
use support::{text, World};

const EXTRA: usize = 20;
const BOUND: Duration = Duration::from_secs(30);

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

fn signal(child: &Child, name: &str) {
    let sent = std::process::Command::new("kill")
        .arg(format!("-{name}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Waits (bounded) for the child to end; returns its status and how long it took.
fn wait_for_exit(child: &mut Child) -> (ExitStatus, Duration) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status, start.elapsed());
        }
        assert!(
            start.elapsed() < BOUND,
            "the run did not end after the signal"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The invoice numbers of a run's events of `kind`.
fn numbers(run: &serde_json::Value, kind: &str) -> BTreeSet<String> {
    run["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == kind)
        .map(|e| e["invoice_number"].as_str().unwrap().to_string())
        .collect()
}

/// RMA's invoices booked by the tool (the seed's linked 2026-0100 was there before).
fn booked_in_rma(w: &World) -> BTreeSet<String> {
    w.rma_invoice_numbers()
        .into_iter()
        .filter(|n| n != "2026-0100")
        .collect()
}

fn assert_all_booked_once(w: &World) {
    let numbers = w.rma_invoice_numbers();
    let unique: BTreeSet<&String> = numbers.iter().collect();
    assert_eq!(unique.len(), numbers.len(), "{numbers:?}");
    assert_eq!(numbers.len(), 5 + EXTRA, "{numbers:?}");
}

/// The run is held at its 8th write, in progress: `log` says running.
fn held_run(w: &World) -> Child {
    w.sb.faults.fail_nth_write(8, FaultKind::Hold);
    let child = w.spawn(&["sync"]);
    assert!(w.sb.faults.wait_until_held(BOUND), "no write was held");
    let log = json(&w.run(&["log", "--json"]));
    assert_eq!(log["runs"][0]["status"], "running", "{log}");
    let dry = json(&w.run(&["sync", "--dry-run", "--json"]));
    assert_eq!(dry["run_in_progress"], true);
    assert_eq!(dry["pending_from_last_run"], 0);
    child
}

fn stop_mid_booking(name: &str, code: i32) {
    let w = World::with_extra_invoices(EXTRA);
    // The health check hears the run's end as interrupted, with its exit code.
    let mut health = mockito::Server::new();
    let started = health.mock("GET", "/hc/start").expect(1).create();
    let ended = health
        .mock("GET", format!("/hc/{code}").as_str())
        .expect(1)
        .create();
    let mut config = std::fs::read_to_string(&w.config).unwrap();
    config.push_str(&format!(
        "\n[notify]\nhealthcheck_url = \"{}/hc\"\n",
        health.url()
    ));
    std::fs::write(&w.config, config).unwrap();
    let mut child = held_run(&w);
    signal(&child, name);
    w.sb.faults.release();
    let (status, took) = wait_for_exit(&mut child);
    let stderr = text(&child.wait_with_output().unwrap().stderr);
    assert_eq!(status.code(), Some(code), "{stderr}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        stderr.contains(&format!("stopped by SIG{name}")),
        "{stderr}"
    );
    started.assert();
    ended.assert();

    let log = json(&w.run(&["log", "--json"]));
    let run = &log["runs"][0];
    assert_eq!(run["status"], "interrupted");
    assert_eq!(run["exit_code"], code);
    // The write in flight completed and was recorded; nothing was sent after it.
    let booked = numbers(run, "booked");
    assert!(!booked.is_empty());
    assert_eq!(booked, booked_in_rma(&w));
    assert_eq!(run["booked"], booked.len());
    let table = text(&w.run(&["log"]).stdout);
    assert!(
        table.contains(&format!("stopped by SIG{name} (exit {code})")),
        "{table}"
    );

    // The lock is released: the next run goes, and books the rest once.
    w.sb.faults.clear();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_all_booked_once(&w);
}

#[test]
fn sigterm_mid_booking_ends_the_run_with_143_and_its_record() {
    stop_mid_booking("TERM", 143);
}

#[test]
fn sigint_mid_booking_ends_the_run_with_130_and_its_record() {
    stop_mid_booking("INT", 130);
}

#[test]
fn sigterm_mid_payment_night_records_the_payments_it_mirrored() {
    let (w, invoices) = support::booked_world_with_three_payments();
    w.sb.faults.fail_nth_write(2, FaultKind::Hold);
    let mut child = w.spawn(&["sync"]);
    assert!(w.sb.faults.wait_until_held(BOUND), "no write was held");
    signal(&child, "TERM");
    w.sb.faults.release();
    let (status, took) = wait_for_exit(&mut child);
    assert_eq!(status.code(), Some(143));
    assert!(took < Duration::from_secs(5), "{took:?}");

    let log = json(&w.run(&["log", "--json"]));
    let run = &log["runs"][0];
    assert_eq!(run["status"], "interrupted");
    let mirrored = numbers(run, "payment_created");
    assert_eq!(
        mirrored.len(),
        2,
        "the held write completed, the third was not sent"
    );
    assert_eq!(run["payments_created"], 2);
    let paid: usize = invoices
        .iter()
        .map(|id| w.sb.harvest.payments(*id).len())
        .sum();
    assert_eq!(paid, 2);

    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for id in invoices {
        assert_eq!(support::amounts(&w, id), ["100"], "one payment each");
    }
}

#[test]
fn kill_9_mid_booking_leaves_a_log_naming_every_invoice_rma_has() {
    let w = World::with_extra_invoices(EXTRA);
    let mut child = held_run(&w);
    child.kill().unwrap();
    child.wait().unwrap();
    // The held write reaches RMA after the process is gone: its answer is lost.
    w.sb.faults.release();
    let start = Instant::now();
    while w.writes() < 8 {
        assert!(start.elapsed() < BOUND, "the held write was not done");
        std::thread::sleep(Duration::from_millis(10));
    }
    let in_rma = booked_in_rma(&w);

    let log = json(&w.run(&["log", "--json"]));
    let run = &log["runs"][0];
    assert_eq!(run["status"], "interrupted");
    assert!(run["exit_code"].is_null());
    let mut named = numbers(run, "booked");
    let in_flight: Vec<String> = run["in_flight"]["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap().to_string())
        .collect();
    assert_eq!(in_flight.len(), 1, "{run}");
    named.extend(in_flight);
    assert_eq!(named, in_rma);
    let table = text(&w.run(&["log"]).stdout);
    assert!(table.contains("interrupted (no end recorded)"), "{table}");
    assert!(table.contains("outcome not recorded"), "{table}");

    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_all_booked_once(&w);
}

#[test]
fn a_second_signal_ends_the_process_at_once() {
    let w = World::with_extra_invoices(EXTRA);
    let mut child = held_run(&w);
    signal(&child, "TERM");
    // The first signal waits for the held write; the second does not.
    signal(&child, "INT");
    let (status, _) = wait_for_exit(&mut child);
    // Both may be pending at once, and the kernel picks the order: the exit code is the
    // second one's, either way the shell's 128 + signal.
    assert!(matches!(status.code(), Some(130 | 143)), "{status:?}");
    assert!(w.sb.faults.wait_until_held(Duration::ZERO), "still held");
    w.sb.faults.release();
    // The lock went with the process; the write it had in flight is looked up next run.
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_all_booked_once(&w);
}
