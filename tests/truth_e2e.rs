//! Bookkeeping truth end to end (issue 10): a number that belongs to another invoice is never
//! linked, a change or deletion after booking is reported and never re-posted, a feed row
//! nobody can attribute is never acknowledged, and `dismiss` closes a handled problem.

mod support;

use serde_json::json;
use support::{booked_world, date, dec, text, World};

/// RMA has 2026-0101 already, booked by hand for another firm, dated `transdate`.
fn foreign_invoice(w: &World, transdate: &str) {
    w.sb.rma
        .add_customer(json!({"customernumber": "K-900", "name": "Fremd GmbH"}));
    w.sb.rma.add_invoice_raw(json!({"invnumber": "2026-0101", "currency": "CHF", "transdate": transdate,
        "duedate": transdate, "customernumber": "K-900", "status": "OPEN",
        "parts": {"part": {"partnumber": "Beratung", "description": "Fremd", "quantity": "1", "sellprice": "500", "discount": "0"}}}));
}

fn open_problems(w: &World) -> Vec<serde_json::Value> {
    let out = w.run(&["log", "--json"]);
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    log["open_problems"].as_array().unwrap().clone()
}

fn harvest_writes(w: &World) -> usize {
    w.sb.requests()
        .iter()
        .filter(|r| r.is_write && r.service == rma_harvest_sandbox::Service::Harvest)
        .count()
}

fn assert_collision_and_no_mirroring(w: &World) {
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("number collision"), "{err}");
    assert!(err.contains("K-900 Fremd GmbH"), "{err}");
    assert_eq!(
        w.rma_invoice_numbers()
            .iter()
            .filter(|n| *n == "2026-0101")
            .count(),
        1
    );
    // The other firm pays its invoice: nothing lands on our client's Harvest invoice.
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("500"), "Fremd", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "still refused");
    assert!(w.sb.harvest.payments(w.firm.open_zurich).is_empty());
    assert_eq!(w.sb.rma.pending_feed_rows(), 0, "identified as not ours");
}

#[test]
fn a_number_of_another_firm_found_by_the_list_is_a_collision() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    foreign_invoice(&w, "2026-03-02T00:00:00+01:00");
    assert_collision_and_no_mirroring(&w);
    let problems = open_problems(&w);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["kind"], "number_collision");
    assert_eq!(problems[0]["invoice_number"], "2026-0101");
}

#[test]
fn a_number_of_another_firm_found_by_a_refused_post_is_a_collision() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    // Dated outside the list the existence check reads: only the POST finds it.
    foreign_invoice(&w, "2025-06-01T00:00:00+02:00");
    assert_collision_and_no_mirroring(&w);
}

#[test]
fn dismiss_closes_the_collision_and_the_nights_are_quiet_again() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    foreign_invoice(&w, "2026-03-02T00:00:00+01:00");
    assert_eq!(w.sync().status.code(), Some(1));
    let out = w.run(&["dismiss", "2026-0101"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(open_problems(&w).is_empty());
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&w.run(&["log"]).stdout).contains("dismissed by hand"));
    let unknown = w.run(&["dismiss", "9999"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("9999"));
}

#[test]
fn an_invoice_edited_after_booking_is_reported_once_and_never_reposted() {
    let w = booked_world();
    w.sb.harvest.edit_invoice(w.firm.open_zurich, |inv| {
        inv.lines[0].unit_price = dec("200");
    });
    let before = w.sb.rma.invoice("2026-0101");
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "news the first time");
    assert!(text(&out.stderr).contains("changed in Harvest after it was booked"));
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(w.sb.rma.invoice("2026-0101"), before, "RMA never edited");
    assert!(
        !w.sb.requests().iter().any(|r| r.is_write
            && r.service == rma_harvest_sandbox::Service::Rma
            && r.path.contains("invoices")),
        "never booked again"
    );
    let problems = open_problems(&w);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["kind"], "changed_after_booking");
    let log = text(&w.run(&["log"]).stdout);
    assert!(log.starts_with("Open problems (1):"), "{log}");
}

#[test]
fn an_invoice_deleted_after_booking_gets_no_more_harvest_writes() {
    let w = booked_world();
    w.sb.harvest.delete_invoice(w.firm.open_zurich);
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("deleted in Harvest"));
    assert_eq!(w.sb.rma.pending_feed_rows(), 0, "handled: acknowledged");
    w.sb.rma
        .book_payment("2026-0101", date(4, 20), dec("500"), "Zahlung", "1090");
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(harvest_writes(&w), 0);
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
    let kinds: Vec<String> = open_problems(&w)
        .iter()
        .map(|p| p["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["deleted_in_harvest"]);
}

#[test]
fn an_unattributable_feed_row_stays_pending_while_the_rest_goes_on() {
    let w = booked_world();
    let stray =
        w.sb.rma
            .book_payment("", date(4, 2), dec("77"), "?", "1090");
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(&format!("RMA payment {stray}")));
    assert_eq!(w.sb.harvest.payments(w.firm.open_zurich).len(), 1);
    assert_eq!(w.sb.rma.pending_feed_rows(), 1, "never acknowledged");
    let problems = open_problems(&w);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["rma_payment_id"], stray);
    // Later nights: still pending, still said, nothing else disturbed.
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(w.sb.harvest.payments(w.firm.open_zurich).len(), 1);
    assert_eq!(w.sb.rma.pending_feed_rows(), 1);
}
