//! Whole sync scenarios against the sandbox fakes: what gets booked, linked, refused and
//! mirrored, that a rerun and a dry run write nothing, and that a run broken at any write
//! ends, after a rerun, exactly where a clean run ends.

mod support;

use rma_harvest_sandbox::FaultKind;
use support::{dec, text, World};

#[test]
fn first_run_books_open_invoices_links_existing_refuses_unknown_category() {
    let w = World::new();
    let out = w.sync();
    assert_eq!(
        out.status.code(),
        Some(1),
        "one invoice is refused: {}",
        text(&out.stderr)
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Invoice 2026-0104 (Muster AG): line 2 category \"Hosting\" is not an article in Run my Accounts"),
        "{stderr}"
    );
    // 2026-0100 existed already; drafts, paid, closed and the pre-start-date invoice are not booked.
    w.assert_seed_invoices_in_rma();
    let posts: Vec<_> =
        w.sb.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/invoices"))
            .collect();
    assert_eq!(posts.len(), 3, "the existing invoice is linked, not posted");
    // Customers with their parsed addresses; the hand-made RMA customer is untouched.
    let zurich =
        w.sb.rma
            .customer(&format!("H{}", w.firm.client_zurich))
            .unwrap();
    assert_eq!(
        (
            zurich["address1"].as_str(),
            zurich["zipcode"].as_str(),
            zurich["city"].as_str()
        ),
        (Some("Bahnhofstrasse 10"), Some("8001"), Some("Zürich"))
    );
    assert_eq!(zurich["email"], "hans.muster@muster-ag.ch");
    let berlin =
        w.sb.rma
            .customer(&format!("H{}", w.firm.client_berlin))
            .unwrap();
    assert_eq!(berlin["country"], "DE");
    assert!(w
        .sb
        .rma
        .customer(&format!("H{}", w.firm.client_wien))
        .is_none());
    // The EUR invoice keeps its currency, the discount invoice its total.
    let eur = w.sb.rma.invoice("2026-0103").unwrap();
    assert_eq!(eur["currency"], "EUR");
    let discount = w.sb.rma.invoice("2026-0102").unwrap();
    assert_eq!(
        discount["amount"],
        w.sb.harvest.invoice(w.firm.open_discount)["amount"].to_string()
    );
    // The payment RMA had on the linked invoice is now in Harvest, once, without a thank-you mail.
    let payments = w.sb.harvest.payments(w.firm.open_linked);
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0]["amount"].to_string(), "500");
    assert!(payments[0]["notes"]
        .as_str()
        .unwrap()
        .starts_with(&format!("RMA payment {}", w.firm.linked_payment)));
    assert_eq!(w.sb.harvest.thank_you_requests(), 0);
    assert_eq!(
        w.sb.rma.pending_feed_rows(),
        0,
        "mirrored rows are acknowledged"
    );
}

#[test]
fn rerun_writes_nothing() {
    let w = World::new();
    w.sync();
    let before = w.picture();
    w.sb.clear_requests();
    let out = w.sync();
    assert_eq!(
        out.status.code(),
        Some(1),
        "still refusing the Hosting invoice"
    );
    assert_eq!(w.writes(), 0, "{:?}", w.sb.requests());
    assert_eq!(w.picture(), before);
}

#[test]
fn quiet_clean_run_prints_nothing() {
    let w = World::new();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let out = w.run(&["sync", "--quiet"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(text(&out.stderr), "");
    let out = w.run(&["sync", "--quiet"]);
    assert_eq!(
        (out.status.code(), out.stdout.len(), out.stderr.len()),
        (Some(0), 0, 0)
    );
}

#[test]
fn dry_run_writes_nothing_and_leaves_state_untouched() {
    let w = World::new();
    // Without a state file: none is created.
    let out = w.run(&["sync", "--dry-run"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "it would refuse the Hosting invoice"
    );
    assert!(text(&out.stdout).contains(
        "Book invoice 2026-0101 (Muster AG, CHF 3'124.09) in Run my Accounts as 2026-0101"
    ));
    assert!(text(&out.stderr).contains("\"Hosting\""));
    assert!(
        text(&out.stdout).contains("line 2 category \"Hosting\""),
        "the whole plan is on stdout"
    );
    assert_eq!(w.writes(), 0);
    assert!(!w.state_path().exists());

    // With a state file: byte for byte the same afterwards.
    w.sync();
    w.sb.rma.book_payment(
        "2026-0101",
        chrono::NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(),
        dec("100"),
        "Zahlung",
        "1090",
    );
    let state_before = std::fs::read(w.state_path()).unwrap();
    w.sb.clear_requests();
    let out = w.run(&["sync", "--dry-run", "--json"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let actions: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    // The four booked or linked invoices are listed as skipped, with the reason.
    assert_eq!(
        actions,
        [
            "skip_invoice",
            "skip_invoice",
            "skip_invoice",
            "skip_invoice",
            "refuse_invoice",
            "create_payment"
        ]
    );
    assert!(plan["steps"][0]["description"]
        .as_str()
        .unwrap()
        .contains("already in Run my Accounts"));
    assert_eq!(w.writes(), 0);
    assert_eq!(std::fs::read(w.state_path()).unwrap(), state_before);
}

#[test]
fn lost_invoice_answer_then_rerun_leaves_exactly_one_invoice() {
    let w = World::new();
    w.sb.faults.fail_next(
        Some(rma_harvest_sandbox::Service::Rma),
        Some("POST"),
        "/invoices",
        1,
        FaultKind::DropAfterApply,
    );
    // The first invoice POST is applied, its answer lost.
    let out = w.sync();
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("never books it twice"),
        "{}",
        text(&out.stderr)
    );
    let out = w.sync();
    assert_eq!(
        out.status.code(),
        Some(1),
        "only the Hosting refusal is left: {}",
        text(&out.stderr)
    );
    w.assert_seed_invoices_in_rma();
}

/// Runs a clean world to its end state, then for every write k of `scenario`'s measured run
/// breaks write k with `fault`, reruns without faults, and compares the end states.
fn crash_at_every_write(prepare: impl Fn(&World), fault: FaultKind, expected_writes: usize) {
    let clean = World::new();
    prepare(&clean);
    clean.sb.clear_requests();
    clean.sync();
    let writes = clean.writes();
    clean.sync();
    let expected = clean.picture();
    assert_eq!(
        writes,
        expected_writes,
        "the scenario's writes: {:?}",
        clean
            .sb
            .requests()
            .iter()
            .filter(|r| r.is_write)
            .map(|r| format!("{} {}", r.method, r.path))
            .collect::<Vec<_>>()
    );
    for k in 1..=writes {
        let w = World::new();
        prepare(&w);
        w.sb.faults.fail_nth_write(k, fault);
        let broken = w.sync();
        w.sb.faults.clear();
        let rerun = w.sync();
        let rerun2 = w.sync();
        assert_eq!(
            w.picture(),
            expected,
            "write {k} of {writes} broken with {fault:?}\nbroken run: {}\nrerun: {}\nsecond rerun: {}",
            text(&broken.stderr),
            text(&rerun.stderr),
            text(&rerun2.stderr)
        );
    }
}

/// The first run: 3 customers, 3 invoices, the linked invoice's payment, the acknowledgement.
fn first_run(_: &World) {}

/// A payment-mirroring night: after a first run, RMA gets a new payment, a changed one and a
/// deleted one: create, delete + create, delete, acknowledgement.
fn payment_night(w: &World) {
    let date = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    w.sb.rma.add_part("Hosting", "Hosting", dec("8.1"));
    let extra =
        w.sb.rma
            .book_payment("2026-0100", date(3, 25), dec("200"), "Zahlung 2", "1090");
    let out = w.sync();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    w.sb.rma
        .book_payment("2026-0101", date(4, 2), dec("1000"), "Anzahlung", "1090");
    w.sb.rma
        .change_payment(w.firm.linked_payment, Some(dec("450")), None);
    w.sb.rma.delete_payment(extra);
}

#[test]
fn crash_at_every_write_of_a_first_run_with_lost_answers() {
    crash_at_every_write(first_run, FaultKind::DropAfterApply, 8);
}

#[test]
fn crash_at_every_write_of_a_first_run_with_server_errors() {
    crash_at_every_write(first_run, FaultKind::Status(500), 8);
}

#[test]
fn crash_at_every_write_of_a_payment_night_with_lost_answers() {
    crash_at_every_write(payment_night, FaultKind::DropAfterApply, 5);
}

#[test]
fn crash_at_every_write_of_a_payment_night_with_server_errors() {
    crash_at_every_write(payment_night, FaultKind::Status(500), 5);
}

#[test]
fn mapped_customer_keeps_what_rma_has_and_gets_harvests_address() {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config).unwrap();
    std::fs::write(
        &w.config,
        format!(
            "{config}\n[sync.customers]\n\"{}\" = \"10023\"\n",
            w.firm.client_wien
        ),
    )
    .unwrap();
    let lines = vec![rma_harvest_sandbox::NewLine::new(
        "Beratung",
        "Workshop",
        dec("4"),
        dec("170"),
    )];
    w.sb.harvest
        .add_invoice(rma_harvest_sandbox::NewInvoice::open(
            w.firm.client_wien,
            "2026-0107",
            chrono::NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(),
            lines,
        ));
    w.sync();
    let invoice = w.sb.rma.invoice("2026-0107").expect("booked");
    assert_eq!(invoice["customernumber"], "10023");
    let customer = w.sb.rma.customer("10023").unwrap();
    assert_eq!(
        customer["bank_iban"], "AT611904300234573201",
        "fields the tool does not manage stay"
    );
    assert_eq!(customer["terms"], "30");
    assert_eq!(customer["email"], "anna.huber@werkstatt.at");
    assert_eq!(customer["country"], "AT");
    assert!(w
        .sb
        .rma
        .customer(&format!("H{}", w.firm.client_wien))
        .is_none());
}

#[test]
fn changed_client_address_updates_the_customer_once() {
    let w = World::new();
    w.sync();
    w.sb.harvest.update_client(
        w.firm.client_zurich,
        "Muster AG",
        "Limmatquai 1\n8001 Zürich",
    );
    w.sb.clear_requests();
    let out = w.sync();
    assert!(text(&out.stdout).contains(&format!(
        "Customer H{} (Muster AG) updated in Run my Accounts",
        w.firm.client_zurich
    )));
    assert_eq!(
        w.sb.rma
            .customer(&format!("H{}", w.firm.client_zurich))
            .unwrap()["address1"],
        "Limmatquai 1"
    );
    assert_eq!(w.writes(), 1);
    w.sb.clear_requests();
    w.sync();
    assert_eq!(w.writes(), 0);
}

#[test]
fn verbose_output_never_shows_the_keys() {
    let w = World::new();
    let out = w.run(&["-vv", "sync"]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        all.contains("GET /v2/invoices"),
        "-vv shows the requests: {all}"
    );
    assert!(!all.contains(rma_harvest_sandbox::HARVEST_TOKEN));
    assert!(!all.contains(rma_harvest_sandbox::RMA_API_KEY));
}

#[test]
fn without_the_invoice_list_each_invoice_is_asked_for() {
    let w = World::new();
    w.sb.rma.set_list_supported(false);
    let out = w.sync();
    assert_eq!(
        out.status.code(),
        Some(1),
        "only the Hosting refusal: {}",
        text(&out.stderr)
    );
    w.assert_seed_invoices_in_rma();
    assert_eq!(w.sb.harvest.payments(w.firm.open_linked).len(), 1);
    assert!(
        !text(&out.stderr).contains("could not be checked"),
        "{}",
        text(&out.stderr)
    );
}
