//! `sync --invoice`, the bulk guard (`sync.max_new_bookings`, `--max-new-bookings`) and the
//! progress display against the sandbox fakes.

mod support;

use chrono::NaiveDate;
use rma_harvest_sandbox::{NewInvoice, NewLine};
use rust_decimal::Decimal;
use support::{acknowledge_elsewhere, text, World};

/// The seed with its "Hosting" category made an article: four invoices to book
/// (2026-0101..0104), 2026-0100 to link.
fn bookable_world() -> World {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", Decimal::new(81, 1));
    w
}

/// `n` more bookable invoices, numbered 3001.., for the Zürich client.
fn add_invoices(w: &World, n: usize) {
    for i in 0..n {
        w.sb.harvest.add_invoice(NewInvoice::open(
            w.firm.client_zurich,
            &format!("{}", 3001 + i),
            NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            vec![NewLine::new(
                "Beratung",
                "Beratung",
                Decimal::ONE,
                Decimal::new(180, 0),
            )],
        ));
    }
}

fn bookings(w: &World) -> usize {
    w.sb.requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/invoices"))
        .count()
}

#[test]
fn one_invoice_is_booked_and_payments_on_others_stay_pending() {
    let w = World::new();
    let out = w.run(&["sync", "--invoice", "2026-0101"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(w.rma_invoice_numbers(), ["2026-0100", "2026-0101"]);
    assert_eq!(bookings(&w), 1);
    // The payment on 2026-0100 is neither mirrored nor acknowledged: the next full run does it.
    assert!(w.sb.harvest.payments(w.firm.open_linked).is_empty());
    assert_eq!(w.sb.rma.pending_feed_rows(), 1);
    assert!(
        text(&out.stdout).contains(
            "Run 1: 1 booked, 0 linked, 0 refused, 1 customer saved, 0 payments added, 0 removed."
        ),
        "{}",
        text(&out.stdout)
    );

    // The linked invoice alone: linked, and its payment mirrored and acknowledged.
    let out = w.run(&["sync", "--invoice", "2026-0100"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(w.sb.harvest.payments(w.firm.open_linked).len(), 1);
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
    assert_eq!(w.rma_invoice_numbers(), ["2026-0100", "2026-0101"]);
}

#[test]
fn dry_run_with_invoice_shows_only_that_invoice() {
    let w = World::new();
    let out = w.run(&[
        "sync",
        "--dry-run",
        "--invoice",
        "2026-0102",
        "--invoice",
        "2026-0103",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Book invoice 2026-0102"), "{stdout}");
    assert!(stdout.contains("Book invoice 2026-0103"), "{stdout}");
    assert!(
        !stdout.contains("2026-0101") && !stdout.contains("2026-0104"),
        "{stdout}"
    );
    assert!(!stdout.contains("RMA payment"), "{stdout}");
    assert_eq!(w.writes(), 0);
}

#[test]
fn a_number_that_is_not_importable_is_named_and_nothing_is_written() {
    let w = World::new();
    // 2026-0105 is a draft; 4711 does not exist.
    for args in [
        &["sync", "--invoice", "2026-0101", "--invoice", "4711"][..],
        &["sync", "--dry-run", "--invoice", "2026-0105"][..],
    ] {
        let out = w.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        let named = if args.contains(&"4711") {
            "Invoice 4711 is not an importable Harvest invoice"
        } else {
            "Invoice 2026-0105 is not"
        };
        assert!(stderr.contains(named), "{stderr}");
    }
    assert_eq!(w.writes(), 0);
    assert_eq!(w.sb.rma.pending_feed_rows(), 1);
}

#[test]
fn fifty_new_bookings_are_booked() {
    let w = bookable_world();
    add_invoices(&w, 46);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(bookings(&w), 50);
}

#[test]
fn fifty_one_new_bookings_write_nothing_and_say_what_to_do() {
    let w = bookable_world();
    add_invoices(&w, 47);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("would book 51 invoices"), "{stderr}");
    assert!(stderr.contains("sync.start_date"), "{stderr}");
    assert!(
        stderr.contains("rma-harvest sync --max-new-bookings 51"),
        "{stderr}"
    );
    assert_eq!(
        w.writes(),
        0,
        "no customer, invoice, payment or acknowledgement"
    );
    assert_eq!(w.sb.rma.pending_feed_rows(), 1);

    // The dry run shows the whole plan, mentions the guard and exits as the run would.
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout).matches("Book invoice").count(), 51);
    assert!(text(&out.stderr).contains("the real run would write nothing"));

    // Raised for one run: all 51 are booked.
    let out = w.run(&["sync", "--max-new-bookings", "51"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(bookings(&w), 51);
}

#[test]
fn the_limit_comes_from_the_configuration() {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace("[sync]\n", "[sync]\nmax_new_bookings = 2\n");
    std::fs::write(&w.config, config).unwrap();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr)
        .contains("would book 3 invoices in Run my Accounts, more than sync.max_new_bookings (2)"));
    assert_eq!(w.writes(), 0);
}

#[test]
fn no_progress_is_drawn_when_output_is_not_a_terminal() {
    let w = bookable_world();
    add_invoices(&w, 5);
    // assert_cmd pipes stdout and stderr, as cron does.
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for stream in [text(&out.stdout), text(&out.stderr)] {
        assert!(
            !stream.contains('\u{1b}'),
            "an escape sequence in {stream:?}"
        );
        assert!(!stream.contains('\r'), "a redrawn line in {stream:?}");
        assert!(
            !stream.contains("booking ") && !stream.contains("Reading"),
            "{stream}"
        );
    }
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
}

/// The payment-feed watermark (`last_successful_run`) as the state file has it.
fn watermark(w: &World) -> Option<String> {
    rma_harvest::state::State::open_read_only(&w.state_path())
        .unwrap()
        .and_then(|s| {
            s.meta(rma_harvest::commands::sync::LAST_SUCCESS_KEY)
                .unwrap()
        })
}

#[test]
fn a_run_for_some_invoices_closes_no_problem_of_the_others() {
    let w = bookable_world();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Payments on 2026-0101 that do not add up (one row acknowledged by someone else): a
    // problem that needs a person.
    w.sb.rma.book_payment(
        "2026-0101",
        NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(),
        Decimal::new(1000, 0),
        "Anzahlung",
        "1090",
    );
    let other = w.sb.rma.book_payment(
        "2026-0101",
        NaiveDate::from_ymd_opt(2026, 4, 3).unwrap(),
        Decimal::new(10, 0),
        "Gebühr",
        "1090",
    );
    acknowledge_elsewhere(&w, other);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let open = |w: &World| {
        let out = w.run(&["log", "--json"]);
        let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        log["open_problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["kind"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(open(&w), ["needs_review"]);

    // A run for another invoice did not look at 2026-0101: its problem stays open.
    add_invoices(&w, 1);
    let out = w.run(&["sync", "--invoice", "3001"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(open(&w), ["needs_review"]);
}

#[test]
fn the_feed_watermark_stays_when_the_payment_phase_did_not_run_for_every_invoice() {
    let w = bookable_world();
    // Stopped by the bulk guard: nothing handled, the feed is asked as before next time.
    add_invoices(&w, 47);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(watermark(&w), None);
    // One invoice only: the feed rows of the others are left for the next full run.
    let out = w.run(&["sync", "--invoice", "2026-0101"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(watermark(&w), None);
    // A full run moves it.
    let out = w.run(&["sync", "--max-new-bookings", "60"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(watermark(&w).is_some());
}
