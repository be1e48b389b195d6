use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::state::{HeldWrite, InvoiceLink, InvoiceMarks, InvoiceStatus};

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn sync() -> SyncConfig {
    SyncConfig {
        start_date: Some(day(1, 1)),
        ..SyncConfig::default()
    }
}

/// Harvest invoice `id`, number `N-<id>`, client 7, issued 2 March.
fn harvest(id: i64, state: &str, amount: &str, due: &str) -> harvest::Invoice {
    serde_json::from_value(serde_json::json!({
        "id": id, "number": format!("N-{id}"), "amount": amount, "due_amount": due,
        "state": state, "issue_date": "2026-03-02", "currency": "CHF",
        "client": {"id": 7, "name": "Muster AG"},
        "line_items": [{"id": 1, "kind": "Beratung", "description": "x", "quantity": 1,
                        "unit_price": amount, "amount": amount, "taxed": false}]
    }))
    .unwrap()
}

fn rma(number: &str, amount: &str, paid: &str) -> RmaInvoice {
    RmaInvoice {
        invnumber: number.into(),
        amount: Some(dec(amount)),
        netamount: Decimal::ZERO,
        paid: Some(dec(paid)),
        status: "OPEN".into(),
        currency: "CHF".into(),
        transdate: Some(day(3, 2)),
        customernumber: "H7".into(),
        customer: Default::default(),
        intnotes: String::new(),
    }
}

fn known(inv: &harvest::Invoice, status: InvoiceStatus) -> Known {
    Known {
        link: InvoiceLink {
            harvest_id: inv.id,
            harvest_number: inv.number.clone(),
            rma_invnumber: inv.number.clone(),
            client_id: 7,
            status,
            amount: inv.amount,
            currency: "CHF".into(),
            issue_date: Some(inv.issue_date),
            message: Some(crate::words::Message::Text(
                "refused: line 1 category \"Hosting\" is not an article".into(),
            )),
        },
        marks: InvoiceMarks {
            content_hash: Some(crate::sync::plan::booked_hash(inv, "CHF")),
            ..InvoiceMarks::default()
        },
        collision: false,
        dismissed: Vec::new(),
    }
}

fn books() -> Books {
    Books {
        from: day(1, 1),
        to: day(12, 31),
        ..Books::default()
    }
}

/// One booked invoice of 1000, 400 paid on both sides.
fn agreeing() -> Books {
    let inv = harvest(1, "open", "1000", "600");
    let mut b = books();
    b.known.push(known(&inv, InvoiceStatus::Booked));
    b.rma.push(rma("N-1", "1000", "400"));
    b.harvest.push(inv);
    b
}

fn verdicts(b: &Books) -> Vec<Verdict> {
    compare(b, &sync())
        .0
        .into_iter()
        .map(|r| r.verdict)
        .collect()
}

#[test]
fn books_that_agree_are_ok_with_equal_sums() {
    let (rows, summary) = compare(&agreeing(), &sync());
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].verdict, Verdict::Ok);
    assert_eq!(rows[0].harvest_paid, Some(dec("400")));
    assert!(summary.agrees());
    let chf = &summary.currencies["CHF"];
    assert_eq!(
        (chf.invoices, chf.harvest_total, chf.rma_total),
        (1, dec("1000"), dec("1000"))
    );
    assert_eq!(
        (chf.total_difference, chf.paid_difference),
        (Decimal::ZERO, Decimal::ZERO)
    );
}

#[test]
fn a_total_changed_after_booking_or_computed_otherwise() {
    let mut b = agreeing();
    b.harvest[0] = harvest(1, "open", "1100", "700");
    assert_eq!(
        verdicts(&b),
        [Verdict::TotalDiffers {
            why: TotalWhy::ChangedAfterBooking
        }]
    );
    let mut b = agreeing();
    b.rma[0].amount = Some(dec("1000.05"));
    let (rows, summary) = compare(&b, &sync());
    assert_eq!(
        rows[0].verdict,
        Verdict::TotalDiffers {
            why: TotalWhy::VatComputedDifferently
        }
    );
    assert_eq!(summary.currencies["CHF"].total_difference, dec("-0.05"));
    assert_eq!(summary.differences, 1);
}

#[test]
fn a_paid_difference_names_its_likely_reason_and_a_held_write_wins() {
    let mut b = agreeing();
    b.rma[0].paid = Some(dec("500"));
    assert_eq!(
        verdicts(&b),
        [Verdict::PaidDiffers {
            why: PaidWhy::ByHandInHarvest
        }]
    );
    b.feed.push(crate::rma::types::FeedPayment {
        id: 9,
        invnumber: "N-1".into(),
        datepaid: day(4, 1),
        amount: dec("100"),
        memo: String::new(),
        source: String::new(),
        payment_accno: "1020".into(),
        currency: "CHF".into(),
        flag: crate::rma::types::FeedFlag::New,
    });
    assert_eq!(
        verdicts(&b),
        [Verdict::PaidDiffers {
            why: PaidWhy::PendingInFeed { rows: 1 }
        }]
    );
    b.held.push(HeldWrite {
        rma_payment_id: 9,
        harvest_invoice_id: 1,
        fingerprint: String::new(),
        message: "Harvest says: invoice is closed".into(),
        held_at: String::new(),
    });
    assert_eq!(
        verdicts(&b),
        [Verdict::PaidDiffers {
            why: PaidWhy::HeldWrite {
                message: "Harvest says: invoice is closed".into()
            }
        }]
    );
}

#[test]
fn not_in_rma_only_a_refusal_is_a_difference_and_the_others_are_not_summed() {
    let mut b = books();
    let refused = harvest(1, "open", "100", "100");
    b.known.push(known(&refused, InvoiceStatus::Refused));
    b.harvest.push(refused);
    b.harvest.push(harvest(2, "open", "200", "200"));
    b.harvest.push(harvest(3, "paid", "300", "0"));
    let mut old = harvest(4, "open", "400", "400");
    old.issue_date = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    b.harvest.push(old);
    b.harvest.push(harvest(5, "draft", "500", "500"));
    let (rows, summary) = compare(&b, &sync());
    let whys: Vec<_> = rows
        .iter()
        .map(|r| (r.harvest_id, r.verdict.clone()))
        .collect();
    assert_eq!(whys.len(), 4, "the draft is no invoice yet: {whys:?}");
    assert!(whys.contains(&(
        Some(1),
        Verdict::NotInRma {
            why: NotInRma::Refused {
                message: refused_message()
            }
        }
    )));
    assert!(whys.contains(&(
        Some(2),
        Verdict::NotInRma {
            why: NotInRma::WaitingForNextRun
        }
    )));
    assert!(whys.contains(&(
        Some(3),
        Verdict::NotInRma {
            why: NotInRma::StateNotImported {
                state: "paid".into()
            }
        }
    )));
    assert!(whys.contains(&(
        Some(4),
        Verdict::NotInRma {
            why: NotInRma::BeforeStartDate {
                start_date: day(1, 1)
            }
        }
    )));
    assert_eq!(summary.differences, 1);
    let chf = &summary.currencies["CHF"];
    assert_eq!(
        (chf.invoices, chf.harvest_total, chf.rma_total),
        (1, dec("100"), Decimal::ZERO)
    );
}

fn refused_message() -> String {
    "refused: line 1 category \"Hosting\" is not an article".into()
}

#[test]
fn a_number_rma_has_for_another_customer_is_a_collision() {
    let mut b = books();
    b.harvest.push(harvest(1, "open", "100", "100"));
    let mut theirs = rma("N-1", "999", "0");
    theirs.customernumber = "10023".into();
    b.rma.push(theirs);
    let (rows, _) = compare(&b, &sync());
    assert!(
        matches!(rows[0].verdict, Verdict::NumberCollision { .. }),
        "{rows:?}"
    );
    assert_eq!(
        rows[0].rma_total, None,
        "RMA's invoice of that number is not this one"
    );
}

#[test]
fn deleted_in_harvest_and_in_rma_only() {
    let mut b = agreeing();
    b.harvest.clear();
    let mut lost = rma("N-9", "50", "0");
    lost.intnotes =
        "rma-harvest: booked from Harvest invoice N-9 (id 9) on 02.03.2026, run 3".into();
    b.rma.push(lost);
    let mut by_hand = rma("R-1", "70", "0");
    by_hand.intnotes = "Lieferung an Filiale".into();
    b.rma.push(by_hand);
    let (rows, summary) = compare(&b, &sync());
    let got: Vec<_> = rows
        .iter()
        .map(|r| (r.rma_number.clone(), r.verdict.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some("N-1".into()), Verdict::DeletedInHarvest),
            (Some("N-9".into()), Verdict::InRmaOnly)
        ]
    );
    assert_eq!(rows[1].harvest_number.as_deref(), Some("N-9"));
    assert_eq!(summary.currencies["CHF"].rma_total, dec("1050"));
    assert_eq!(summary.currencies["CHF"].harvest_total, Decimal::ZERO);
}

#[test]
fn a_dismissed_difference_is_shown_and_not_counted() {
    let mut b = agreeing();
    b.rma[0].paid = Some(dec("500"));
    b.known[0].marks.dismissed = true;
    b.known[0].dismissed = vec!["Invoice N-1: paid by hand".into()];
    let (rows, summary) = compare(&b, &sync());
    assert!(matches!(&rows[0].verdict, Verdict::Dismissed { what, .. } if what.len() == 1));
    assert!(summary.agrees());
    assert!(summary
        .currencies
        .get("CHF")
        .is_none_or(|c| c.invoices == 0));
    // Once the books agree again, the dismissal no longer matters.
    b.rma[0].paid = Some(dec("400"));
    assert_eq!(verdicts(&b), [Verdict::Ok]);
}
