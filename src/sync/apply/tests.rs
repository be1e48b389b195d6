//! The applier and the repair against in-memory services: intents first, nothing twice.

use std::cell::RefCell;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::failure::Category;
use crate::harvest::types as harvest;
use crate::rma::types as rt;
use crate::state::{PaymentLink, PaymentStatus};
use crate::sync::plan::{has_marker, plan, Snapshot};
use crate::sync::EventKind;
use crate::sync::{repair, HarvestApi, RmaApi, ServiceResult};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// RMA payment 17 of CHF 100 on invoice 1001, mirrored as Harvest payment 5.
fn mirrored_17(memo: &str) -> PaymentLink {
    PaymentLink {
        rma_payment_id: 17,
        harvest_invoice_id: 1,
        rma_invnumber: "1001".into(),
        harvest_payment_id: Some(5),
        amount: Decimal::new(100, 0),
        paid_date: d("2026-03-15"),
        memo: memo.into(),
        status: PaymentStatus::Mirrored,
    }
}

/// What the next write should do instead of succeeding.
#[derive(Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// Done on the server, answer lost.
    Lost,
    /// Refused, nothing done.
    Refused,
    /// Never reached the service, nothing done.
    Unreachable,
}

#[derive(Default)]
struct Fakes {
    fault: RefCell<Option<Fault>>,
    rma_invoices: RefCell<BTreeMap<String, rt::NewInvoice>>,
    customers: RefCell<BTreeMap<String, serde_json::Value>>,
    harvest_payments: RefCell<BTreeMap<i64, (i64, harvest::NewPayment)>>,
    next_payment: RefCell<i64>,
    acknowledged: RefCell<Vec<i64>>,
}

impl Fakes {
    /// Applies `plan` with these fakes as both services; what the run reported.
    fn apply(&self, plan: &Plan, state: &State) -> Report {
        let mut report = Report::default();
        apply(plan, state, self, self, &mut report).unwrap();
        report
    }

    /// Runs the repair with these fakes as both services; what it reported.
    fn repair(&self, state: &State) -> Report {
        let mut report = Report::default();
        repair(state, &Default::default(), self, self, &mut report).unwrap();
        report
    }

    fn take_fault(&self) -> Fault {
        self.fault.borrow_mut().take().unwrap_or(Fault::None)
    }
}

impl HarvestApi for Fakes {
    fn invoices(
        &self,
        _: &str,
        _: Option<NaiveDate>,
    ) -> ServiceResult<harvest::Listed<harvest::Invoice>> {
        Ok(Default::default())
    }
    fn clients(&self) -> ServiceResult<harvest::Listed<harvest::Client>> {
        Ok(Default::default())
    }
    fn contacts(&self) -> ServiceResult<harvest::Listed<harvest::Contact>> {
        Ok(Default::default())
    }
    fn item_categories(&self) -> ServiceResult<Vec<harvest::ItemCategory>> {
        Ok(Vec::new())
    }
    fn payments(&self, invoice_id: i64) -> ServiceResult<Vec<harvest::Payment>> {
        Ok(self
            .harvest_payments
            .borrow()
            .iter()
            .filter(|(_, (inv, _))| *inv == invoice_id)
            .map(|(id, (_, p))| harvest::Payment {
                id: *id,
                amount: p.amount,
                paid_date: Some(p.paid_date),
                notes: p.notes.clone(),
                recorded_by: String::new(),
            })
            .collect())
    }
    fn create_payment(
        &self,
        invoice_id: i64,
        payment: &harvest::NewPayment,
    ) -> ServiceResult<harvest::Payment> {
        let fault = self.take_fault();
        if fault == Fault::Refused {
            return Err(ServiceError::Refused(
                "Harvest says: invoice is closed".into(),
            ));
        }
        *self.next_payment.borrow_mut() += 1;
        let id = *self.next_payment.borrow();
        self.harvest_payments
            .borrow_mut()
            .insert(id, (invoice_id, payment.clone()));
        if fault == Fault::Lost {
            return Err(ServiceError::Lost("timed out".into()));
        }
        Ok(harvest::Payment {
            id,
            amount: payment.amount,
            paid_date: Some(payment.paid_date),
            notes: payment.notes.clone(),
            recorded_by: String::new(),
        })
    }
    fn delete_payment(&self, _: i64, payment_id: i64) -> ServiceResult<bool> {
        let fault = self.take_fault();
        if fault == Fault::Refused {
            return Err(ServiceError::Refused("no".into()));
        }
        let existed = self
            .harvest_payments
            .borrow_mut()
            .remove(&payment_id)
            .is_some();
        if fault == Fault::Lost {
            return Err(ServiceError::Lost("timed out".into()));
        }
        Ok(existed)
    }
}

impl RmaApi for Fakes {
    fn parts(&self) -> ServiceResult<Vec<rt::Part>> {
        Ok(Vec::new())
    }
    fn customer(&self, number: &str) -> ServiceResult<Option<serde_json::Value>> {
        Ok(self.customers.borrow().get(number).cloned())
    }
    fn upsert_customer(&self, customer: &serde_json::Value) -> ServiceResult<()> {
        let number = customer["customernumber"].as_str().unwrap().to_string();
        self.customers.borrow_mut().insert(number, customer.clone());
        Ok(())
    }
    fn invoice(&self, invnumber: &str) -> ServiceResult<Option<rt::Invoice>> {
        Ok(self
            .rma_invoices
            .borrow()
            .get(invnumber)
            .map(|i| rt::Invoice {
                invnumber: i.invnumber.clone(),
                amount: Some(Decimal::new(32430, 2)),
                netamount: Decimal::new(30000, 2),
                paid: Some(Decimal::ZERO),
                status: "OPEN".into(),
                currency: i.currency.clone(),
                transdate: Some(i.transdate),
                customernumber: i.customernumber.clone(),
                customer: Default::default(),
                intnotes: i.intnotes.clone(),
            }))
    }
    fn invoices(&self, _: NaiveDate, _: NaiveDate) -> ServiceResult<Vec<rt::Invoice>> {
        let numbers: Vec<String> = self.rma_invoices.borrow().keys().cloned().collect();
        Ok(numbers
            .iter()
            .filter_map(|n| self.invoice(n).unwrap())
            .collect())
    }
    fn create_invoice(&self, invoice: &rt::NewInvoice) -> ServiceResult<()> {
        let fault = self.take_fault();
        if fault == Fault::Unreachable {
            return Err(ServiceError::Failed {
                category: Category::Unavailable,
                message: "connection refused".into(),
            });
        }
        if fault == Fault::Refused || self.rma_invoices.borrow().contains_key(&invoice.invnumber) {
            return Err(ServiceError::Refused("Invoice number exists".into()));
        }
        self.rma_invoices
            .borrow_mut()
            .insert(invoice.invnumber.clone(), invoice.clone());
        if fault == Fault::Lost {
            return Err(ServiceError::Lost("connection closed".into()));
        }
        Ok(())
    }
    fn payment_feed(
        &self,
        _: Option<chrono::DateTime<chrono::Utc>>,
    ) -> ServiceResult<Vec<rt::FeedRow>> {
        Ok(Vec::new())
    }
    fn acknowledge_payments(&self, ids: &[i64]) -> ServiceResult<()> {
        self.acknowledged.borrow_mut().extend_from_slice(ids);
        Ok(())
    }
}

fn temp_state() -> (tempfile::TempDir, State) {
    let dir = tempfile::tempdir().unwrap();
    let s = State::open(&dir.path().join("s.sqlite")).unwrap();
    (dir, s)
}

fn invoice_snapshot() -> Snapshot {
    let inv: harvest::Invoice = serde_json::from_value(serde_json::json!({
        "id": 1, "number": "1001", "amount": "324.30", "due_amount": "324.30", "state": "open",
        "issue_date": "2026-03-02", "currency": "CHF", "client": {"id": 7, "name": "Muster AG"},
        "line_items": [{"kind": "Beratung", "description": "x", "quantity": 2, "unit_price": 150, "amount": 300, "taxed": true}]
    }))
    .unwrap();
    let mut s = Snapshot {
        invoices: vec![inv],
        parts: ["Beratung".to_string()].into(),
        ..Default::default()
    };
    s.clients.insert(
        7,
        harvest::Client {
            id: 7,
            name: "Muster AG".into(),
            is_active: true,
            address: "Bahnhofstrasse 10\n8001 Zürich".into(),
            currency: "CHF".into(),
        },
    );
    s
}

#[test]
fn lost_invoice_answer_is_adopted_by_the_next_run_not_posted_again() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    let snap = invoice_snapshot();
    let p = plan(&snap, &Default::default(), None);
    *fakes.fault.borrow_mut() = Some(Fault::Lost);
    // The customer write comes first; make the fault hit the invoice.
    let customer_first = matches!(p.steps[0], Step::UpsertCustomer { .. });
    assert!(customer_first);
    // Customer upsert takes no fault in the fake; the invoice POST takes it.
    let report = fakes.apply(&p, &state);
    assert_eq!(
        report.worst,
        Some(Category::Refused),
        "a lost answer needs the next run"
    );
    assert_eq!(
        state.invoice(1).unwrap().unwrap().status,
        InvoiceStatus::Pending
    );

    fakes.repair(&state);
    assert_eq!(
        state.invoice(1).unwrap().unwrap().status,
        InvoiceStatus::Booked
    );
    assert_eq!(fakes.rma_invoices.borrow().len(), 1);
}

#[test]
fn invoice_that_never_arrived_is_booked_again() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    state
        .put_invoice(&crate::state::InvoiceLink {
            harvest_id: 1,
            harvest_number: "1001".into(),
            rma_invnumber: "1001".into(),
            client_id: 7,
            status: InvoiceStatus::Pending,
            amount: Decimal::ZERO,
            currency: "CHF".into(),
            issue_date: None,
            message: None,
        })
        .unwrap();
    fakes.repair(&state);
    assert!(
        state.invoice(1).unwrap().is_none(),
        "the pending row is dropped so the planner books it"
    );
}

#[test]
fn refused_payment_is_not_acknowledged_and_lost_one_is_adopted() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    let step = Step::CreatePayment {
        rma_payment_id: 17,
        harvest_invoice_id: 1,
        invoice_number: "1001".into(),
        invnumber: "1001".into(),
        currency: "CHF".into(),
        amount: Decimal::new(100, 0),
        paid_date: d("2026-03-15"),
        notes: "RMA payment 17: Zahlung".into(),
        memo: "Zahlung".into(),
        fingerprint: "fp-1".into(),
    };
    let p = crate::sync::plan::Plan { steps: vec![step] };

    *fakes.fault.borrow_mut() = Some(Fault::Refused);
    let report = fakes.apply(&p, &state);
    assert!(fakes.acknowledged.borrow().is_empty());
    assert!(report
        .events
        .iter()
        .any(|e| crate::words::render(&e.message).contains("invoice is closed")));

    let held = state.held_writes().unwrap();
    assert_eq!(held.len(), 1, "held with its inputs");
    assert_eq!(held[0].fingerprint, "fp-1");
    assert!(report.of_kind(EventKind::PaymentHeld).count() == 1);

    *fakes.fault.borrow_mut() = Some(Fault::Lost);
    fakes.apply(&p, &state);
    assert!(
        fakes.acknowledged.borrow().is_empty(),
        "not acknowledged before Harvest's side is known"
    );
    assert_eq!(
        state.payment(17).unwrap().unwrap().status,
        PaymentStatus::PendingCreate
    );

    fakes.repair(&state);
    let link = state.payment(17).unwrap().unwrap();
    assert_eq!(link.status, PaymentStatus::Mirrored);
    assert_eq!(fakes.harvest_payments.borrow().len(), 1);
    assert!(has_marker(
        &fakes.harvest_payments.borrow()[&link.harvest_payment_id.unwrap()]
            .1
            .notes,
        17
    ));
}

#[test]
fn replace_deletes_ours_then_creates_and_acknowledges() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    fakes.harvest_payments.borrow_mut().insert(
        5,
        (
            1,
            harvest::NewPayment {
                amount: Decimal::new(100, 0),
                paid_date: d("2026-03-15"),
                notes: "RMA payment 17".into(),
            },
        ),
    );
    fakes.harvest_payments.borrow_mut().insert(
        6,
        (
            1,
            harvest::NewPayment {
                amount: Decimal::new(20, 0),
                paid_date: d("2026-03-15"),
                notes: "paid by phone".into(),
            },
        ),
    );
    *fakes.next_payment.borrow_mut() = 6;
    state.put_payment(&mirrored_17("")).unwrap();
    let p = crate::sync::plan::Plan {
        steps: vec![Step::ReplacePayment {
            rma_payment_id: 17,
            harvest_invoice_id: 1,
            invoice_number: "1001".into(),
            invnumber: "1001".into(),
            currency: "CHF".into(),
            old_harvest_payment_id: 5,
            old_amount: Decimal::new(100, 0),
            amount: Decimal::new(120, 0),
            paid_date: d("2026-03-16"),
            notes: "RMA payment 17".into(),
            memo: String::new(),
            fingerprint: "fp-1".into(),
        }],
    };
    let report = fakes.apply(&p, &state);
    assert_eq!(report.worst, None);
    let payments = fakes.harvest_payments.borrow();
    assert!(!payments.contains_key(&5));
    assert!(payments.contains_key(&6), "the hand-entered payment stays");
    assert_eq!(payments.len(), 2);
    assert_eq!(*fakes.acknowledged.borrow(), vec![17]);
    let link = state.payment(17).unwrap().unwrap();
    assert_eq!(
        (link.amount, link.status),
        (Decimal::new(120, 0), PaymentStatus::Mirrored)
    );
}

fn booked_step(amount: &str) -> Step {
    let snap = invoice_snapshot();
    let p = plan(&snap, &Default::default(), None);
    let mut step = p
        .steps
        .into_iter()
        .find(|s| matches!(s, Step::BookInvoice { .. }))
        .unwrap();
    if let Step::BookInvoice { invoice, .. } = &mut step {
        invoice.amount = amount.parse().unwrap();
    }
    step
}

#[test]
fn totals_within_five_rappen_are_a_warning_beyond_an_error() {
    let fakes = Fakes::default();
    // The fake RMA reports 324.30 for every invoice.
    for (harvest_amount, level, exit) in [
        ("324.30", None, None),
        ("324.26", Some("warning"), None),
        ("324.20", Some("error"), Some(Category::Refused)),
    ] {
        let (_d, state) = temp_state();
        fakes.rma_invoices.borrow_mut().clear();
        let p = crate::sync::plan::Plan {
            steps: vec![booked_step(harvest_amount)],
        };
        let report = fakes.apply(&p, &state);
        let mismatch = report
            .events
            .iter()
            .find(|e| matches!(e.kind, EventKind::Rounding | EventKind::TotalMismatch));
        assert_eq!(
            mismatch.map(|e| e.level.as_str()),
            level,
            "Harvest {harvest_amount}"
        );
        assert_eq!(report.worst, exit);
    }
}

#[test]
fn a_rekey_and_an_adoption_write_only_the_state() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    let mirrored = mirrored_17("Zahlung");
    state.put_payment(&mirrored).unwrap();
    state.hold_write(17, 1, "fp", "closed").unwrap();
    let p = crate::sync::plan::Plan {
        steps: vec![
            Step::RekeyPayment {
                old_rma_payment_id: 17,
                rma_payment_id: 23,
                harvest_invoice_id: 1,
                invoice_number: "1001".into(),
                invnumber: "1001".into(),
                harvest_payment_id: 5,
                currency: "CHF".into(),
                amount: Decimal::new(100, 0),
                paid_date: d("2026-03-15"),
            },
            Step::AdoptPayment {
                rma_payment_id: 12,
                harvest_invoice_id: 1,
                invoice_number: "1001".into(),
                invnumber: "1001".into(),
                harvest_payment_id: 4,
                currency: "CHF".into(),
                amount: Decimal::new(50, 0),
                paid_date: d("2026-03-01"),
                memo: String::new(),
            },
        ],
    };
    let report = fakes.apply(&p, &state);
    assert_eq!(report.worst, None);
    assert!(
        fakes.harvest_payments.borrow().is_empty(),
        "no Harvest write"
    );
    assert_eq!(*fakes.acknowledged.borrow(), vec![17, 23]);
    assert!(state.payment(17).unwrap().is_none());
    let rekeyed = state.payment(23).unwrap().unwrap();
    assert_eq!(
        (rekeyed.harvest_payment_id, rekeyed.status),
        (Some(5), PaymentStatus::Mirrored)
    );
    assert!(state.held_writes().unwrap().is_empty());
    let adopted = state.payment(12).unwrap().unwrap();
    assert_eq!(
        (adopted.harvest_payment_id, adopted.amount, adopted.status),
        (Some(4), Decimal::new(50, 0), PaymentStatus::Mirrored)
    );
    assert_eq!(state.count_live_payments().unwrap(), 2);
}

#[test]
fn a_lost_booking_whose_number_rma_has_for_another_customer_is_not_adopted() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    // RMA has 1001 already, for another customer (client 8's number), same total.
    let mut other = invoice_snapshot();
    other.invoices[0].client.id = 8;
    let mut c = other.clients.remove(&7).unwrap();
    c.id = 8;
    other.clients.insert(8, c);
    fakes.apply(&plan(&other, &Default::default(), None), &state);
    state.delete_invoice(1).unwrap();
    assert_eq!(fakes.rma_invoices.borrow().len(), 1);
    // Our booking of 1001 for client 7 went out and its answer was lost.
    state
        .put_invoice(&crate::state::InvoiceLink {
            harvest_id: 1,
            harvest_number: "1001".into(),
            rma_invnumber: "1001".into(),
            client_id: 7,
            status: InvoiceStatus::Pending,
            amount: Decimal::new(32430, 2),
            currency: "CHF".into(),
            issue_date: Some(d("2026-03-02")),
            message: None,
        })
        .unwrap();
    let report = fakes.repair(&state);
    let link = state.invoice(1).unwrap().unwrap();
    assert_ne!(
        link.status,
        InvoiceStatus::Booked,
        "another customer's invoice"
    );
    assert_eq!(report.of_kind(EventKind::NumberCollision).count(), 1);
}

#[test]
fn an_invoice_that_never_reached_rma_keeps_no_intent_and_waits() {
    let (_d, state) = temp_state();
    let fakes = Fakes::default();
    let p = plan(&invoice_snapshot(), &Default::default(), None);
    *fakes.fault.borrow_mut() = Some(Fault::Unreachable);
    let report = fakes.apply(&p, &state);
    assert_eq!(report.worst, Some(Category::Unavailable), "exit 4");
    assert!(
        state.invoice(1).unwrap().is_none(),
        "not sent: nothing for the next run to look up"
    );
    let stopped: Vec<_> = report.of_kind(EventKind::BookingStopped).collect();
    assert_eq!(stopped.len(), 1);
    assert!(
        crate::words::render(&stopped[0].message).contains(
            "Run my Accounts could not be reached for a moment; 1 invoice waits for the next run"
        ),
        "{:?}",
        stopped[0].message
    );
    assert!(fakes.rma_invoices.borrow().is_empty());
}

#[test]
fn a_journaled_report_writes_each_event_as_it_happens() {
    let (_d, state) = temp_state();
    let state = std::rc::Rc::new(state);
    let run = state.start_run().unwrap();
    let fakes = Fakes::default();
    let p = plan(&invoice_snapshot(), &Default::default(), None);
    let mut report = Report::journaled(state.clone(), run);
    apply(&p, &state, &fakes, &fakes, &mut report).unwrap();
    // Before the run's end is recorded, its log already names the booking.
    let events = state.events(run).unwrap();
    assert!(events.iter().any(|e| e.kind == "booked"), "{events:?}");
    assert_eq!(state.run(run).unwrap().unwrap().counts.booked, 1);
    assert!(report.unwritten().is_empty());
}
