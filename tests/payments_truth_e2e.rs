//! Payments by what they are, end to end (issue 10 items 4-6): a payment RMA re-created
//! under a new id makes no Harvest write, a lost state file is rebuilt from Harvest's
//! `RMA payment <id>` markers, and a payment Harvest refused is not sent again unchanged.

mod support;

use rma_harvest_sandbox::{FaultKind, Service};
use support::{amounts, booked_world, date, dec, text, World};

/// Harvest requests since the log was cleared: (method, path).
fn harvest_requests(w: &World) -> Vec<(String, String)> {
    w.sb.requests()
        .into_iter()
        .filter(|r| r.service == Service::Harvest)
        .map(|r| (r.method, r.path))
        .collect()
}

fn payment_posts(w: &World) -> usize {
    harvest_requests(w)
        .iter()
        .filter(|(m, p)| m == "POST" && p.ends_with("/payments"))
        .count()
}

/// The state file's mirrored payments: (RMA payment id, Harvest payment id).
fn mirrored_in_state(w: &World) -> Vec<(i64, i64)> {
    let db = rusqlite::Connection::open(w.state_path()).unwrap();
    let mut stmt = db
        .prepare("SELECT rma_payment_id, harvest_payment_id FROM payments WHERE status = 'mirrored' ORDER BY rma_payment_id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    rows
}

fn open_problem_kinds(w: &World) -> Vec<String> {
    support::open_problem_kinds_in(&w.run(&["log", "--json"]).stdout)
}

#[test]
fn a_rekeyed_payment_makes_no_harvest_write_and_the_state_follows_the_new_id() {
    let w = booked_world();
    let inv = w.firm.open_zurich;
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sb.rma
        .book_payment("2026-0101", date(4, 9), dec("200"), "Rest", "1090");
    assert_eq!(w.sync().status.code(), Some(0));
    let before = mirrored_in_state(&w);

    // The bookkeeper saves the invoice again in RMA's UI: both payments get new ids.
    let pairs = w.sb.rma.resave_invoice_payments("2026-0101");
    assert_eq!(pairs.len(), 2);
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        !w.sb
            .requests()
            .iter()
            .any(|r| r.is_write && r.service == Service::Harvest),
        "{:?}",
        harvest_requests(&w)
    );
    assert_eq!(
        w.sb.rma.pending_feed_rows(),
        0,
        "old and new rows acknowledged"
    );
    assert_eq!(amounts(&w, inv), ["1000", "200"]);
    // Same Harvest payments, now known by the new ids.
    let mut expected: Vec<(i64, i64)> = before
        .iter()
        .map(|(rma, h)| {
            let now = pairs
                .iter()
                .find(|(old, _)| old == rma)
                .map_or(*rma, |p| p.1);
            (now, *h)
        })
        .collect();
    expected.sort();
    assert_eq!(mirrored_in_state(&w), expected);
    let log = text(&w.run(&["log"]).stdout);
    assert!(
        log.contains(&format!("is now RMA payment {}", pairs[0].1)),
        "{log}"
    );

    // The new id is the one that counts: deleting it in RMA removes the Harvest payment.
    w.sb.rma.delete_payment(pairs[1].1);
    assert_eq!(w.sync().status.code(), Some(0));
    assert_eq!(amounts(&w, inv), ["1000"]);
}

#[test]
fn after_the_state_file_is_lost_earlier_payments_are_adopted_and_new_ones_mirror_once() {
    let w = booked_world();
    let inv = w.firm.open_zurich;
    let first =
        w.sb.rma
            .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    assert_eq!(w.sync().status.code(), Some(0));
    for suffix in ["", "-wal", "-shm"] {
        let mut p = w.state_path().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    assert!(!w.state_path().exists());
    let numbers = w.rma_invoice_numbers();
    let second =
        w.sb.rma
            .book_payment("2026-0101", date(4, 20), dec("500"), "Zahlung", "1090");

    // The run re-links the invoices (same number, customer and total) and, in the same run,
    // adopts the marked Harvest payment and mirrors the new one.
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("5 linked"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(amounts(&w, inv), ["1000", "500"], "no duplicate");
    assert_eq!(payment_posts(&w), 1, "exactly one Harvest create");
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
    let ids: Vec<i64> = mirrored_in_state(&w).iter().map(|(r, _)| *r).collect();
    assert_eq!(ids, [first, second]);
    assert!(open_problem_kinds(&w).is_empty());
    assert_eq!(w.rma_invoice_numbers(), numbers, "nothing booked twice");
    let log = text(&w.run(&["log"]).stdout);
    assert!(
        log.contains(&format!(
            "marked RMA payment {first}, which the state file did not know"
        )),
        "{log}"
    );

    // A night without news reads no Harvest payments.
    w.sb.clear_requests();
    assert_eq!(w.sync().status.code(), Some(0));
    assert!(
        !harvest_requests(&w)
            .iter()
            .any(|(_, p)| p.contains("payments")),
        "{:?}",
        harvest_requests(&w)
    );
}

#[test]
fn a_payment_harvest_refused_is_not_sent_again_until_it_changes() {
    let w = booked_world();
    let inv = w.firm.open_zurich;
    let id =
        w.sb.rma
            .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sb.faults.fail_next(
        Some(Service::Harvest),
        Some("POST"),
        "/payments",
        1,
        FaultKind::Status(422),
    );
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Harvest refused the payment"));
    assert_eq!(payment_posts(&w), 1);

    // Nothing changed: not sent (it would go through now), still reported, still pending.
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(1), "work left undone");
    let err = text(&out.stderr);
    assert!(err.contains(&format!("RMA payment {id}")), "{err}");
    assert!(err.contains("is not sent again"), "{err}");
    assert_eq!(payment_posts(&w), 0);
    assert!(amounts(&w, inv).is_empty());
    assert_eq!(w.sb.rma.pending_feed_rows(), 1, "never acknowledged");
    assert_eq!(open_problem_kinds(&w), ["payment_held"]);

    // The bookkeeper corrects the payment in RMA: sent again, once, and the problem closes.
    w.sb.rma.change_payment(id, Some(dec("900")), None);
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(payment_posts(&w), 1);
    assert_eq!(amounts(&w, inv), ["900"]);
    assert_eq!(w.sb.rma.pending_feed_rows(), 0);
    assert!(open_problem_kinds(&w).is_empty());
}
