use super::*;
use crate::config::SyncConfig;
use crate::harvest::types::{self as harvest, Client, IdName, Invoice, LineItem};
use crate::rma::types::Invoice as RmaInvoice;
use crate::rma::types::{FeedFlag, UnreadableFeedRow};
use crate::state::{HeldWrite, InvoiceStatus, PaymentStatus};

/// A step's description in English, as the tests below read it.
trait Said {
    fn said(&self) -> String;
}

impl Said for Step {
    fn said(&self) -> String {
        crate::words::render_in(&self.describe(), crate::words::Lang::En)
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn line(kind: &str) -> LineItem {
    LineItem {
        id: 1,
        kind: kind.into(),
        description: "Arbeit".into(),
        quantity: dec("2"),
        unit_price: dec("150"),
        amount: dec("300"),
        taxed: true,
        taxed2: false,
    }
}

fn invoice(id: i64, number: &str, kinds: &[&str]) -> Invoice {
    Invoice {
        id,
        client: IdName {
            id: 7,
            name: "Muster AG".into(),
        },
        number: number.into(),
        purchase_order: String::new(),
        amount: dec("324.30"),
        due_amount: dec("324.30"),
        tax: Some(dec("8.1")),
        tax2: None,
        discount: None,
        subject: "Beratung März".into(),
        notes: String::new(),
        currency: "CHF".into(),
        state: "open".into(),
        issue_date: d("2026-03-02"),
        due_date: Some(d("2026-04-01")),
        line_items: kinds.iter().map(|k| line(k)).collect(),
    }
}

fn snapshot(invoices: Vec<Invoice>) -> Snapshot {
    let mut s = Snapshot {
        invoices,
        parts: ["Beratung".to_string(), "Entwicklung".to_string()].into(),
        ..Default::default()
    };
    s.clients.insert(
        7,
        Client {
            id: 7,
            name: "Muster AG".into(),
            is_active: true,
            address: "Bahnhofstrasse 10\n8001 Zürich".into(),
            currency: "CHF".into(),
        },
    );
    s
}

fn cfg() -> SyncConfig {
    SyncConfig::default()
}

/// What the plan does, skips left out (see [`skips`]).
fn actions(plan: &Plan) -> Vec<&'static str> {
    plan.steps
        .iter()
        .filter(|s| !matches!(s, Step::SkipInvoice { .. }))
        .map(|s| match s {
            Step::UpsertCustomer { .. } => "customer",
            Step::BookInvoice { .. } => "book",
            Step::LinkInvoice { .. } => "link",
            Step::RefuseInvoice { .. } | Step::UnreadableInvoice { .. } => "refuse",
            Step::SkipInvoice { .. } => "skip",
            Step::CreatePayment { .. } => "create",
            Step::ReplacePayment { .. } => "replace",
            Step::DeletePayment { .. } => "delete",
            Step::AcknowledgePayment { .. } => "ack",
            Step::IgnorePayment { .. } => "ignore",
            Step::PaymentsNeedReview { .. } => "review",
            Step::StopPayments { .. } => "stop",
            Step::StopBooking { .. } => "stop_booking",
            Step::ForeignPayments { .. } => "foreign",
            Step::NumberCollision { .. } => "collision",
            Step::ChangedAfterBooking { .. } => "changed",
            Step::PaymentNotMirrored { .. } => "not_mirrored",
            Step::UnreadablePayment { .. } => "unreadable",
            Step::RekeyPayment { .. } => "rekey",
            Step::AdoptPayment { .. } => "adopt",
            Step::PaymentHeld { .. } => "held",
        })
        .collect()
}

/// The steps that do something (skips left out).
fn acting(plan: &Plan) -> Vec<&Step> {
    plan.steps
        .iter()
        .filter(|s| !matches!(s, Step::SkipInvoice { .. }))
        .collect()
}

/// The skipped invoices with their reasons.
fn skips(plan: &Plan) -> Vec<String> {
    plan.steps
        .iter()
        .filter(|s| matches!(s, Step::SkipInvoice { .. }))
        .map(Said::said)
        .collect()
}

fn booked(harvest_id: i64, number: &str) -> InvoiceLink {
    InvoiceLink {
        harvest_id,
        harvest_number: number.into(),
        rma_invnumber: number.into(),
        client_id: 7,
        status: InvoiceStatus::Booked,
        amount: dec("324.30"),
        currency: "CHF".into(),
        issue_date: Some(d("2026-03-02")),
        message: None,
    }
}

#[test]
fn new_invoice_is_booked_with_its_customer_first() {
    let mut snap = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    snap.run = Some(crate::sync::trace::RunStamp {
        run_id: 17,
        date: d("2026-12-02"),
    });
    let plan = plan(&snap, &cfg(), None);
    assert_eq!(actions(&plan), ["customer", "book"]);
    assert!(!plan.needs_attention());
    match &plan.steps[1] {
        Step::BookInvoice {
            invoice,
            customernumber,
            rma_invoice,
        } => {
            assert_eq!(invoice.invnumber, "1001");
            assert_eq!(customernumber, "H7");
            assert_eq!(rma_invoice.lines[0].partnumber, "Beratung");
            // The run that books is in the trace (the planner gets it with its input).
            assert_eq!(
                rma_invoice.intnotes,
                "rma-harvest: booked from Harvest invoice 1001 (id 1) on 02.12.2026, run 17"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_category_refuses_exactly_that_invoice_and_names_the_line() {
    let plan = plan(
        &snapshot(vec![
            invoice(1, "1001", &["Beratung"]),
            invoice(2, "1002", &["Beratung", "Hosting"]),
        ]),
        &cfg(),
        None,
    );
    assert_eq!(actions(&plan), ["customer", "book", "refuse"]);
    assert!(plan.needs_attention());
    assert_eq!(
        plan.steps[2].said(),
        "Invoice 1002 (Muster AG): line 2 category \"Hosting\" is not an article in Run my Accounts"
    );
}

#[test]
fn drafts_and_invoices_before_start_date_are_not_booked() {
    let mut draft = invoice(1, "1001", &["Beratung"]);
    draft.state = "draft".into();
    let mut old = invoice(2, "0999", &["Beratung"]);
    old.issue_date = d("2025-12-15");
    let mut c = cfg();
    c.start_date = Some(d("2026-01-01"));
    let plan = plan(&snapshot(vec![draft, old]), &c, None);
    assert!(actions(&plan).is_empty());
    assert_eq!(
        skips(&plan),
        [
            "Invoice 0999: issued 15.12.2025 before sync.start_date 01.01.2026; not booked",
            "Invoice 1001: state \"draft\" is not in sync.import_states; not booked"
        ]
    );
}

#[test]
fn invoice_already_in_rma_is_linked_not_booked() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Hosting"])]);
    rma_has(&mut s, rma_1001("0"));
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["link"]);
}

#[test]
fn booked_invoice_is_not_booked_again_and_unchanged_customer_not_pushed() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    s.known_invoices.insert(1, booked(1, "1001"));
    let first = plan(&s, &cfg(), None);
    assert_eq!(actions(&first), ["customer"], "customer never pushed yet");
    let Step::UpsertCustomer { content_hash, .. } = &first.steps[0] else {
        panic!()
    };
    s.known_customers.insert(
        7,
        CustomerLink {
            client_id: 7,
            customernumber: "H7".into(),
            content_hash: content_hash.clone(),
        },
    );
    let again = plan(&s, &cfg(), None);
    assert!(actions(&again).is_empty());
    assert_eq!(
        skips(&again),
        ["Invoice 1001: already in Run my Accounts as 1001"]
    );
    s.clients.get_mut(&7).unwrap().address = "Neue Strasse 1\n8002 Zürich".into();
    assert_eq!(
        actions(&plan(&s, &cfg(), None)),
        ["customer"],
        "changed address is pushed"
    );
}

#[test]
fn duplicate_numbers_are_refused() {
    let plan = plan(
        &snapshot(vec![
            invoice(1, "1001", &["Beratung"]),
            invoice(2, "1001", &["Beratung"]),
        ]),
        &cfg(),
        None,
    );
    assert_eq!(actions(&plan), ["customer", "book", "refuse"]);
    let mut s = snapshot(vec![invoice(3, "1001", &["Beratung"])]);
    s.taken_numbers.insert("1001".into(), 99);
    assert_eq!(actions(&super::plan(&s, &cfg(), None)), ["refuse"]);
}

#[test]
fn missing_client_refuses() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    s.clients.clear();
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["refuse"]);
    assert!(acting(&p)[0].said().contains("client"));
}

fn feed(id: i64, invnumber: &str, amount: &str, flag: FeedFlag) -> FeedPayment {
    FeedPayment {
        id,
        invnumber: invnumber.into(),
        datepaid: d("2026-03-15"),
        amount: dec(amount),
        memo: "Zahlung".into(),
        source: String::new(),
        payment_accno: "1090".into(),
        currency: "CHF".into(),
        flag,
    }
}

fn mirrored(rma_id: i64, harvest_payment_id: i64, amount: &str) -> PaymentLink {
    PaymentLink {
        rma_payment_id: rma_id,
        harvest_invoice_id: 1,
        rma_invnumber: "1001".into(),
        harvest_payment_id: Some(harvest_payment_id),
        amount: dec(amount),
        paid_date: d("2026-03-15"),
        memo: "Zahlung".into(),
        status: PaymentStatus::Mirrored,
    }
}

fn paying_snapshot() -> Snapshot {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    s.known_invoices.insert(1, booked(1, "1001"));
    s.known_customers.insert(
        7,
        CustomerLink {
            client_id: 7,
            customernumber: "H7".into(),
            content_hash: String::new(),
        },
    );
    s.clients.clear(); // no customer steps in payment tests
    s
}

/// A new feed row `id` of `amount` on invoice 1001, and RMA's paid total of that invoice.
fn new_payment(s: &mut Snapshot, id: i64, amount: &str, paid: &str) {
    s.feed.push(feed(id, "1001", amount, FeedFlag::New));
    s.rma_paid.insert("1001".into(), dec(paid));
}

/// [`paying_snapshot`] with [`new_payment`].
fn paying(id: i64, amount: &str, paid: &str) -> Snapshot {
    let mut s = paying_snapshot();
    new_payment(&mut s, id, amount, paid);
    s
}

#[test]
fn new_payment_is_created_with_marker_and_no_thank_you() {
    let s = paying(17, "100.00", "100");
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["create"]);
    let Step::CreatePayment { notes, amount, .. } = acting(&p)[0] else {
        panic!()
    };
    assert_eq!(notes, "RMA payment 17: Zahlung");
    assert_eq!(*amount, dec("100"));
}

#[test]
fn changed_payment_is_replaced_and_identical_one_acknowledged() {
    let mut s = paying_snapshot();
    s.known_payments.insert(17, mirrored(17, 500, "100"));
    s.known_payments.insert(18, mirrored(18, 501, "50"));
    s.feed.push(feed(17, "1001", "120", FeedFlag::Changed));
    let mut same = feed(18, "1001", "50", FeedFlag::New);
    same.memo = "Zahlung".into();
    s.feed.push(same);
    s.rma_paid.insert("1001".into(), dec("170"));
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["replace", "ack"]);
}

#[test]
fn deleted_payment_is_deleted_and_hand_payments_reported() {
    let mut s = paying_snapshot();
    s.invoices[0].due_amount = dec("224.30"); // 100 mirrored + 0 … see below
    s.known_payments.insert(17, mirrored(17, 500, "50"));
    s.invoices[0].due_amount = dec("174.30"); // 324.30 - 50 ours - 100 by hand
    s.feed.push(feed(17, "1001", "50", FeedFlag::Deleted));
    s.rma_paid.insert("1001".into(), Decimal::ZERO);
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["delete", "foreign"]);
    let Step::DeletePayment {
        harvest_payment_id, ..
    } = acting(&p)[0]
    else {
        panic!()
    };
    assert_eq!(*harvest_payment_id, 500);
}

#[test]
fn sums_that_do_not_match_need_review() {
    let s = paying(17, "100", "150");
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["review"]);
    assert!(p.needs_attention());
    assert!(acting(&p)[0].said().contains("CHF 150.00"));
}

#[test]
fn payments_on_unknown_invoices_are_ignored() {
    let mut s = paying_snapshot();
    s.feed.push(feed(30, "R-77", "10", FeedFlag::New));
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["ignore"]);
}

#[test]
fn payment_more_than_due_needs_review() {
    let s = paying(17, "400", "400");
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["review"]);
}

#[test]
fn too_many_deletions_stop_the_payment_phase() {
    let mut s = paying_snapshot();
    s.invoices.clear();
    let mut c = cfg();
    c.max_payment_deletions = 1;
    s.live_payment_count = 10;
    for id in 1..=2 {
        s.known_payments.insert(id, mirrored(id, 500 + id, "10"));
        s.feed.push(feed(id, "1001", "10", FeedFlag::Deleted));
    }
    s.known_payments.insert(3, mirrored(3, 503, "10"));
    s.rma_paid.insert("1001".into(), dec("10"));
    let p = plan(&s, &c, None);
    assert_eq!(actions(&p), ["stop"]);
    assert!(acting(&p)[0].said().contains("max_payment_deletions"));
}

#[test]
fn feed_deleting_everything_known_stops() {
    let mut s = paying_snapshot();
    s.invoices.clear();
    s.live_payment_count = 3;
    for id in 1..=3 {
        s.known_payments.insert(id, mirrored(id, 500 + id, "10"));
        s.feed.push(feed(id, "1001", "10", FeedFlag::Deleted));
    }
    s.rma_paid.insert("1001".into(), Decimal::ZERO);
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["stop"]);
    assert!(acting(&p)[0].said().contains("all 3 payments"));
}

#[test]
fn payments_follow_an_invoice_linked_in_the_same_run() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    rma_has(&mut s, rma_1001("100"));
    new_payment(&mut s, 17, "100", "100");
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["link", "create"]);
}

#[test]
fn marker_matches_exact_ids_only() {
    assert!(has_marker("RMA payment 12", 12));
    assert!(has_marker("RMA payment 12: Skonto", 12));
    assert!(!has_marker("RMA payment 123", 12));
    assert!(!has_marker("paid by phone", 12));
}

#[test]
fn plan_is_sorted_and_deterministic() {
    let mut a = invoice(2, "1002", &["Beratung"]);
    a.issue_date = d("2026-03-05");
    let b = invoice(1, "1001", &["Beratung"]);
    let p1 = plan(&snapshot(vec![a.clone(), b.clone()]), &cfg(), None);
    let p2 = plan(&snapshot(vec![b, a]), &cfg(), None);
    assert_eq!(p1, p2);
    let Step::BookInvoice { invoice, .. } = &p1.steps[1] else {
        panic!()
    };
    assert_eq!(invoice.harvest_number, "1001");
}

#[test]
fn payment_on_an_invoice_already_paid_in_harvest_by_hand_is_acknowledged_not_mirrored() {
    let mut s = paying_snapshot();
    s.invoices[0].state = "paid".into();
    s.invoices[0].due_amount = Decimal::ZERO;
    let mut c = cfg();
    c.import_states = vec!["open".into(), "paid".into()];
    new_payment(&mut s, 17, "324.30", "324.30");
    let p = plan(&s, &c, None);
    assert_eq!(actions(&p), ["ack"]);
    assert!(!p.needs_attention());
    assert!(acting(&p)[0].said().contains("already paid there"));
}

// ---- bookkeeping truth (issue 10) --------------------------------------------------------

/// RMA has `invoice` already.
fn rma_has(s: &mut Snapshot, invoice: RmaInvoice) {
    s.rma_invoices.insert(invoice.invnumber.clone(), invoice);
}

/// Invoice 1001 (customer H7, CHF 324.30) as RMA has it, `paid` of it paid.
fn rma_1001(paid: &str) -> RmaInvoice {
    RmaInvoice {
        netamount: dec("300"),
        paid: Some(dec(paid)),
        customer: Default::default(),
        ..rma_invoice("1001", "H7", "", "324.30")
    }
}

fn rma_invoice(number: &str, customernumber: &str, name: &str, amount: &str) -> RmaInvoice {
    RmaInvoice {
        invnumber: number.into(),
        amount: Some(dec(amount)),
        netamount: Decimal::ZERO,
        paid: Some(Decimal::ZERO),
        status: "OPEN".into(),
        currency: "CHF".into(),
        transdate: None,
        customernumber: customernumber.into(),
        customer: crate::rma::types::InvoiceCustomer {
            customernumber: customernumber.into(),
            name: name.into(),
        },
        intnotes: String::new(),
    }
}

#[test]
fn an_existing_number_of_another_firm_is_a_collision_not_a_link() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    rma_has(&mut s, rma_invoice("1001", "K-9", "Fremd GmbH", "500"));
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["collision"]);
    assert!(p.needs_attention());
    let text = acting(&p)[0].said();
    for part in [
        "1001",
        "K-9 Fremd GmbH",
        "CHF 500.00",
        "Muster AG",
        "324.30",
    ] {
        assert!(text.contains(part), "{part} missing in {text}");
    }
}

#[test]
fn same_customer_by_name_and_total_within_five_rappen_links() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    rma_has(&mut s, rma_invoice("1001", "K-1", "muster ag", "324.34"));
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["link"]);
    // Our customer number, but another total: a collision.
    rma_has(&mut s, rma_invoice("1001", "H7", "", "324.40"));
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["collision"]);
    // A total RMA did not report cannot be confirmed.
    let mut no_total = rma_invoice("1001", "H7", "", "0");
    no_total.amount = None;
    rma_has(&mut s, no_total);
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["collision"]);
}

#[test]
fn payments_on_a_collided_number_are_not_mirrored() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    rma_has(&mut s, rma_invoice("1001", "K-9", "Fremd GmbH", "500"));
    let mut refused = booked(1, "1001");
    refused.status = InvoiceStatus::Refused;
    s.known_invoices.insert(1, refused);
    new_payment(&mut s, 17, "100", "100");
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["collision", "ignore"]);
}

fn booked_with_hash(s: &mut Snapshot) {
    let inv = s.invoices[0].clone();
    s.known_invoices.insert(1, booked(1, "1001"));
    s.marks.insert(
        1,
        InvoiceMarks {
            content_hash: Some(booked_hash(&inv, "CHF")),
            ..Default::default()
        },
    );
}

#[test]
fn a_change_after_booking_is_news_once_and_never_booked_again() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Beratung"])]);
    booked_with_hash(&mut s);
    assert!(
        plan(&s, &cfg(), None)
            .steps
            .iter()
            .all(|st| matches!(st, Step::SkipInvoice { .. } | Step::UpsertCustomer { .. })),
        "unchanged: nothing reported"
    );
    s.invoices[0].line_items[0].description = "Beratung April".into();
    let p = plan(&s, &cfg(), None);
    assert!(actions(&p).contains(&"changed"));
    assert!(!actions(&p).contains(&"book"));
    assert!(p.needs_attention());
    s.open_problems
        .insert(problem_key("changed_after_booking", 1));
    let again = plan(&s, &cfg(), None);
    assert!(actions(&again).contains(&"changed"));
    assert!(!again.needs_attention(), "already reported is not news");
    // A new total is a change even for a row booked before hashes were kept.
    s.marks.clear();
    s.invoices[0].amount = dec("400");
    assert!(actions(&plan(&s, &cfg(), None)).contains(&"changed"));
    // Dismissed: not reported again.
    s.marks.insert(
        1,
        InvoiceMarks {
            dismissed: true,
            ..Default::default()
        },
    );
    assert!(!actions(&plan(&s, &cfg(), None)).contains(&"changed"));
}

#[test]
fn payments_of_an_invoice_deleted_in_harvest_are_logged_not_mirrored() {
    let mut s = snapshot(vec![]);
    s.known_invoices.insert(1, booked(1, "1001"));
    s.marks.insert(
        1,
        InvoiceMarks {
            deleted_in_harvest: true,
            ..Default::default()
        },
    );
    new_payment(&mut s, 17, "100", "100");
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["not_mirrored"]);
    assert!(!p.steps.iter().any(Step::writes));
    assert_eq!(p.steps[0].rma_payment_id(), Some(17));
}

#[test]
fn an_unreadable_feed_row_is_a_problem_while_the_others_mirror() {
    let mut s = paying(17, "100", "100");
    s.unreadable_feed.push(UnreadableFeedRow {
        id: Some(18),
        invnumber: String::new(),
        why: "it names no invoice".into(),
    });
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["create", "unreadable"]);
    assert!(p.needs_attention());
    let unreadable = acting(&p)[1];
    assert_eq!(unreadable.rma_payment_id(), None, "never acknowledged");
    assert!(unreadable.said().contains("RMA payment 18"));
}

#[test]
fn a_dismissed_refusal_is_skipped() {
    let mut s = snapshot(vec![invoice(1, "1001", &["Hosting"])]);
    let mut refused = booked(1, "1001");
    refused.status = InvoiceStatus::Refused;
    s.known_invoices.insert(1, refused);
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["refuse"]);
    s.marks.insert(
        1,
        InvoiceMarks {
            dismissed: true,
            ..Default::default()
        },
    );
    let p = plan(&s, &cfg(), None);
    assert!(actions(&p).is_empty());
    assert!(skips(&p)[0].contains("dismissed"));
}

// ---- re-keys, adoptions and held writes (issue 10 items 4-6) ----------------------------

fn harvest_payment(id: i64, amount: &str, notes: &str) -> harvest::Payment {
    harvest::Payment {
        id,
        amount: dec(amount),
        paid_date: Some(d("2026-03-15")),
        notes: notes.into(),
        recorded_by: String::new(),
    }
}

#[test]
fn a_deleted_and_a_new_row_of_the_same_date_and_amount_are_a_rekey_not_a_write() {
    let mut s = paying_snapshot();
    s.live_payment_count = 3;
    for id in 1..=3 {
        s.known_payments.insert(id, mirrored(id, 500 + id, "10"));
        s.feed.push(feed(id, "1001", "10", FeedFlag::Deleted));
        s.feed.push(feed(id + 10, "1001", "10", FeedFlag::New));
    }
    s.rma_paid.insert("1001".into(), dec("30"));
    let p = plan(&s, &cfg(), None);
    // All the state knows "deleted" in one read is no reset when each comes back re-keyed.
    assert_eq!(actions(&p), ["rekey", "rekey", "rekey"]);
    assert!(!p.steps.iter().any(Step::writes));
    assert!(!p.needs_attention());
    let Step::RekeyPayment {
        old_rma_payment_id,
        rma_payment_id,
        harvest_payment_id,
        ..
    } = acting(&p)[0]
    else {
        panic!()
    };
    assert_eq!(
        (*old_rma_payment_id, *rma_payment_id, *harvest_payment_id),
        (1, 11, 501)
    );
    assert_eq!(
        acting(&p)[0].acknowledges(),
        [1, 11],
        "both rows are handled"
    );
    assert!(acting(&p)[0].said().contains("is now RMA payment 11"));
}

/// Mirrored payment 17 (CHF 100) deleted in RMA, and a new row 23 of `amount`: a re-key
/// when nothing else differs.
fn mirrored_17_deleted_and_23_new(amount: &str, paid: &str) -> Snapshot {
    let mut s = paying_snapshot();
    s.known_payments.insert(17, mirrored(17, 500, "100"));
    s.feed.push(feed(17, "1001", "100", FeedFlag::Deleted));
    new_payment(&mut s, 23, amount, paid);
    s
}

#[test]
fn a_new_row_of_another_amount_or_an_unknown_deleted_row_is_no_rekey() {
    let s = mirrored_17_deleted_and_23_new("90", "90");
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["delete", "create"]);

    let mut s = paying_snapshot();
    s.feed.push(feed(17, "1001", "100", FeedFlag::Deleted));
    new_payment(&mut s, 23, "100", "100");
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["ack", "create"]);
}

#[test]
fn a_rekey_waits_while_the_invoice_needs_review() {
    let s = mirrored_17_deleted_and_23_new("100", "150");
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["review"]);
    let Step::PaymentsNeedReview {
        rma_payment_ids, ..
    } = acting(&p)[0]
    else {
        panic!()
    };
    assert_eq!(rma_payment_ids, &[17, 23]);
}

#[test]
fn harvest_payments_with_our_marker_the_state_forgot_are_adopted() {
    let mut s = paying(18, "50", "150");
    // Without Harvest's payments the sum cannot add up: that was "needs review" forever.
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["review"]);
    s.harvest_payments.insert(
        1,
        vec![
            harvest_payment(900, "100", "RMA payment 17: Zahlung"),
            harvest_payment(901, "20", "Bar bezahlt"),
        ],
    );
    s.invoices[0].due_amount = dec("204.30"); // 324.30 - 100 ours - 20 by hand
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["adopt", "create", "foreign"]);
    let Step::AdoptPayment {
        rma_payment_id,
        harvest_payment_id,
        amount,
        memo,
        ..
    } = acting(&p)[0]
    else {
        panic!()
    };
    assert_eq!(
        (*rma_payment_id, *harvest_payment_id, *amount, memo.as_str()),
        (17, 900, dec("100"), "Zahlung")
    );
    assert!(
        acting(&p)[0].acknowledges().is_empty(),
        "no feed row of its own"
    );
    assert_eq!(acting(&p)[1].rma_payment_id(), Some(18));
}

#[test]
fn an_adopted_payment_in_the_feed_again_is_acknowledged_not_added_twice() {
    let mut s = paying(17, "100", "100");
    s.harvest_payments.insert(
        1,
        vec![harvest_payment(900, "100", "RMA payment 17: Zahlung")],
    );
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["adopt", "ack"]);
    // Known already (a re-keyed payment keeps its old marker): not adopted again.
    s.known_payments.insert(23, {
        let mut p = mirrored(23, 900, "100");
        p.rma_payment_id = 23;
        p
    });
    s.feed[0].id = 23;
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["ack"]);
}

#[test]
fn a_refused_write_is_held_until_the_row_or_the_invoice_changes() {
    let mut s = paying(17, "100", "100");
    let p = plan(&s, &cfg(), None);
    let fingerprint = acting(&p)[0].fingerprint().unwrap().to_string();
    s.held_writes.insert(
        17,
        HeldWrite {
            rma_payment_id: 17,
            harvest_invoice_id: 1,
            fingerprint: fingerprint.clone(),
            message: "Harvest says: closed invoice".into(),
            held_at: "2026-11-27T01:00:00+00:00".into(),
        },
    );
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["held"]);
    assert!(p.needs_attention(), "work left undone");
    assert!(acting(&p)[0].acknowledges().is_empty());
    let text = acting(&p)[0].said();
    assert!(
        text.contains("closed invoice") && text.contains("27.11.2026"),
        "{text}"
    );

    // The invoice's due amount changed (someone reopened or edited it): sent again.
    let mut due_changed = Snapshot {
        held_writes: s.held_writes.clone(),
        ..paying_snapshot()
    };
    due_changed.feed = s.feed.clone();
    due_changed.rma_paid = s.rma_paid.clone();
    due_changed.invoices[0].due_amount = dec("300");
    assert_eq!(
        actions(&plan(&due_changed, &cfg(), None)),
        ["create", "foreign"]
    );
    // The feed row changed: sent again.
    s.feed[0].datepaid = d("2026-03-16");
    assert_eq!(actions(&plan(&s, &cfg(), None)), ["create"]);
}

#[test]
fn markers_are_read_back_with_their_memo() {
    assert_eq!(
        parse_marker("RMA payment 17: Skonto 2%"),
        Some((17, "Skonto 2%"))
    );
    assert_eq!(parse_marker("RMA payment 17"), Some((17, "")));
    assert_eq!(parse_marker("  RMA payment 5:"), Some((5, "")));
    assert_eq!(parse_marker("Bar bezahlt"), None);
    assert_eq!(parse_marker("RMA payment x"), None);
}

fn stop(reason: &str) -> PhaseStop {
    PhaseStop {
        reason: crate::words::Message::Text(reason.into()),
        failure: ServiceError::Refused("Run my Accounts says: not found".into()),
    }
}

#[test]
fn a_stopped_payment_phase_still_books_and_acknowledges_nothing() {
    let mut s = snapshot(vec![invoice(2, "1002", &["Beratung"])]);
    s.known_invoices.insert(1, booked(1, "1001"));
    new_payment(&mut s, 17, "100", "100");
    s.payments_stopped = Some(stop("the payment feed could not be read"));
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["customer", "book", "stop"]);
    assert!(p.steps.iter().all(|s| s.rma_payment_id().is_none()));
    assert!(p.has_stopped_phase());
    let last = p.steps.last().unwrap();
    assert_eq!(
        last.said(),
        "Payments were not mirrored in this run: the payment feed could not be read"
    );
    assert!(last.stop_failure().is_some());
}

#[test]
fn a_stopped_booking_phase_still_mirrors_known_invoices_and_keeps_the_others_pending() {
    let mut s = paying_snapshot();
    // 1002 would be booked: its feed row (an invoice entered in RMA by hand?) must wait.
    s.invoices.push(invoice(2, "1002", &["Beratung"]));
    s.feed.push(feed(17, "1001", "100", FeedFlag::New));
    s.feed.push(feed(18, "1002", "50", FeedFlag::New));
    s.rma_paid.insert("1001".into(), dec("100"));
    s.booking_stopped = Some(stop("the article list could not be read"));
    let p = plan(&s, &cfg(), None);
    assert_eq!(actions(&p), ["stop_booking", "create"]);
    assert_eq!(
        p.steps[0].said(),
        "Invoices were not booked in this run: the article list could not be read"
    );
    assert_eq!(p.steps[1].rma_payment_id(), Some(17));
    assert!(p.needs_attention());
}
