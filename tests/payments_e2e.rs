//! Payment mirroring end to end: RMA → Harvest, new, changed, deleted, partial, lost answers,
//! hand-entered payments left alone, and the safety stops.

mod support;

use rma_harvest_sandbox::{FaultKind, Service};
use support::{acknowledge_elsewhere, amounts, booked_world, date, dec, text, World};

#[test]
fn a_payment_appears_once_across_two_runs() {
    let w = booked_world();
    let inv = w.firm.open_zurich;
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    assert_eq!(w.sync().status.code(), Some(0));
    assert_eq!(w.sync().status.code(), Some(0));
    let payments = w.sb.harvest.payments(inv);
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["paid_date"], "2026-04-02");
    assert!(payments[0]["notes"]
        .as_str()
        .unwrap()
        .ends_with(": Anzahlung"));
    assert_eq!(w.sb.harvest.thank_you_requests(), 0);
}

#[test]
fn partial_payment_leaves_the_invoice_open_with_the_right_due_amount() {
    let w = booked_world();
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sync();
    let inv = w.sb.harvest.invoice(w.firm.open_zurich);
    assert_eq!(inv["state"], "open");
    assert_eq!(inv["due_amount"].to_string(), "2124.09");
    // The rest, with a Skonto booked as a second "payment" on another account.
    w.sb.rma
        .book_payment("2026-0101", date(4, 20), dec("2100"), "Zahlung", "1090");
    w.sb.rma
        .book_payment("2026-0101", date(4, 20), dec("24.09"), "Skonto", "3800");
    assert_eq!(w.sync().status.code(), Some(0));
    let inv = w.sb.harvest.invoice(w.firm.open_zurich);
    assert_eq!(
        (inv["state"].as_str(), inv["due_amount"].to_string()),
        (Some("paid"), "0".to_string())
    );
    let notes: Vec<String> =
        w.sb.harvest
            .payments(w.firm.open_zurich)
            .iter()
            .map(|p| p["notes"].as_str().unwrap().to_string())
            .collect();
    assert!(notes.iter().any(|n| n.ends_with(": Skonto")), "{notes:?}");
}

#[test]
fn a_changed_amount_replaces_the_payment() {
    let w = booked_world();
    let id =
        w.sb.rma
            .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sync();
    w.sb.rma
        .change_payment(id, Some(dec("1200")), Some(date(4, 3)));
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let payments = w.sb.harvest.payments(w.firm.open_zurich);
    assert_eq!(payments.len(), 1);
    assert_eq!(
        (
            payments[0]["amount"].to_string(),
            payments[0]["paid_date"].as_str()
        ),
        ("1200".to_string(), Some("2026-04-03"))
    );
}

#[test]
fn a_deleted_payment_is_removed_and_a_hand_entered_one_stays() {
    let w = booked_world();
    let inv = w.firm.open_zurich;
    let id =
        w.sb.rma
            .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sync();
    w.sb.harvest
        .add_payment_by_hand(inv, dec("50"), date(4, 5), "Bar bezahlt");
    w.sb.rma.delete_payment(id);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(amounts(&w, inv), ["50"]);
    let log = w.run(&["log", "--json"]);
    let log: serde_json::Value = serde_json::from_slice(&log.stdout).unwrap();
    let runs = &log["runs"];
    let messages: Vec<&str> = runs[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("removed from Harvest invoice 2026-0101")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("entered in Harvest by hand")),
        "{messages:?}"
    );
}

#[test]
fn lost_answer_to_the_payment_post_then_rerun_leaves_exactly_one_payment() {
    let w = booked_world();
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sb.faults.fail_next(
        Some(Service::Harvest),
        Some("POST"),
        "/payments",
        1,
        FaultKind::DropAfterApply,
    );
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("never adds it twice"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        w.sb.rma.pending_feed_rows(),
        1,
        "not acknowledged while Harvest's side is unknown"
    );
    assert_eq!(w.sync().status.code(), Some(0));
    assert_eq!(amounts(&w, w.firm.open_zurich), ["1000"]);
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
}

#[test]
fn harvest_refusing_a_payment_is_reported_and_retried() {
    let w = booked_world();
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sb.harvest.set_invoice_state(w.firm.open_zurich, "closed");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Payments cannot be recorded on a closed invoice"),
        "{}",
        text(&out.stderr)
    );
    w.sb.harvest.set_invoice_state(w.firm.open_zurich, "open");
    assert_eq!(w.sync().status.code(), Some(0));
    assert_eq!(amounts(&w, w.firm.open_zurich), ["1000"]);
}

#[test]
fn payment_on_an_invoice_the_tool_does_not_know_is_ignored() {
    let w = booked_world();
    w.sb.rma.add_invoice_raw(serde_json::json!({"invnumber": "R-77", "currency": "CHF", "transdate": "2026-05-01",
        "customernumber": "10023", "parts": {"part": {"partnumber": "Beratung", "quantity": "1", "sellprice": "100"}}}));
    w.sb.rma
        .book_payment("R-77", date(5, 3), dec("100"), "Zahlung", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0));
    let log = w.run(&["log", "--run", "2"]);
    assert!(
        text(&log.stdout).contains("on invoice R-77 ignored"),
        "{}",
        text(&log.stdout)
    );
}

#[test]
fn payments_that_do_not_add_up_need_review_and_nothing_is_guessed() {
    let w = booked_world();
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    // A second payment whose feed row someone else acknowledged with the same key: the feed
    // no longer shows it, but RMA's paid total includes it.
    let out = {
        let id =
            w.sb.rma
                .book_payment("2026-0101", date(4, 3), dec("10"), "Gebühr", "1090");
        acknowledge_elsewhere(&w, id);
        w.sync()
    };
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("needs review"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        w.sb.harvest.payments(w.firm.open_zurich).is_empty(),
        "nothing is guessed"
    );
}

#[test]
fn mass_deletion_stops_the_payment_phase() {
    let w = booked_world();
    let mut ids = Vec::new();
    for (i, number) in ["2026-0101", "2026-0102", "2026-0103"].iter().enumerate() {
        ids.push(w.sb.rma.book_payment(
            number,
            date(4, 2 + i as u32),
            dec("100"),
            "Zahlung",
            "1090",
        ));
    }
    assert_eq!(w.sync().status.code(), Some(0));
    let before = w.sb.harvest.snapshot();
    for id in ids {
        w.sb.rma.delete_payment(id);
    }
    w.sb.rma.delete_payment(w.firm.linked_payment);
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Payments were not mirrored in this run"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        w.sb.harvest.snapshot(),
        before,
        "no Harvest payment deleted"
    );
}

#[test]
fn list_entries_without_totals_are_looked_up_one_by_one() {
    let w = World::new();
    w.sb.rma.set_list_totals(false);
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("did not report its total"),
        "totals were checked: {}",
        text(&out.stderr)
    );
    assert_eq!(
        amounts(&w, w.firm.open_linked),
        ["500"],
        "paid total read from the single invoice"
    );
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    assert_eq!(w.sync().status.code(), Some(0));
    assert_eq!(amounts(&w, w.firm.open_zurich), ["1000"]);
}

#[test]
fn invoice_booked_from_paid_is_not_paid_twice_in_harvest() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let config = std::fs::read_to_string(&w.config).unwrap();
    std::fs::write(
        &w.config,
        config.replace("[sync]\n", "[sync]\nimport_states = [\"open\", \"paid\"]\n"),
    )
    .unwrap();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        w.sb.rma.invoice("2026-0090").is_some(),
        "the invoice paid in Harvest is booked"
    );
    w.sb.rma
        .book_payment("2026-0090", date(2, 10), dec("972.90"), "Zahlung", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        amounts(&w, w.firm.paid),
        ["972.9"],
        "only the payment entered in Harvest"
    );
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
    let log = w.run(&["log", "--run", "2"]);
    assert!(
        text(&log.stdout).contains("already paid there"),
        "{}",
        text(&log.stdout)
    );
}
