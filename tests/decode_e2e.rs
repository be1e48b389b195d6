//! Strict decoding at the edges, end to end: the real binary against a Harvest (mockito) that
//! sends malformed answers and the sandbox's Run my Accounts, or the other way round. A list
//! answer without its list stops the run naming the service and the endpoint; one malformed
//! entry is refused by name while the others are booked; RMA's `{"error": …}` in a 200 is an
//! error; an odd answer on a customer look-up stops only that customer and its invoices.

mod support;

use mockito::{Matcher, Server, ServerGuard};
use rma_harvest_sandbox::{FaultKind, Sandbox, Service};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use support::{text, World};

/// The sandbox's RMA (with the articles) and a mockito Harvest, wired into one config.
struct HalfWorld {
    sb: Sandbox,
    harvest: ServerGuard,
    dir: tempfile::TempDir,
}

impl HalfWorld {
    fn new() -> HalfWorld {
        let sb = Sandbox::start();
        sb.rma.add_part("Beratung", "Beratung", Decimal::new(81, 1));
        HalfWorld {
            sb,
            harvest: Server::new(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn sync(&self) -> std::process::Output {
        let config = self.dir.path().join("config.toml");
        let toml = self
            .sb
            .config_toml(&self.dir.path().join("state.sqlite"))
            .replace(&self.sb.harvest.api_url(), &self.harvest.url());
        std::fs::write(&config, toml).unwrap();
        support::binary(self.dir.path())
            .arg("--config")
            .arg(&config)
            .arg("sync")
            .output()
            .unwrap()
    }

    fn harvest_list(&mut self, path: &str, body: &str) {
        self.harvest
            .mock("GET", path)
            .match_query(Matcher::Any)
            .with_header("content-type", "application/json")
            .with_body(body)
            .create();
    }

    fn rma_invoice_numbers(&self) -> Vec<String> {
        support::rma_invoice_numbers(&self.sb)
    }
}

fn invoice(id: i64, number: &str) -> Value {
    json!({"id": id, "client": {"id": 5, "name": "Muster AG"}, "number": number,
           "amount": 288.9, "due_amount": 288.9, "currency": "CHF", "state": "open",
           "issue_date": "2026-03-01", "due_date": "2026-03-31",
           "line_items": [{"id": 1, "kind": "Beratung", "description": "Beratung",
                           "quantity": 2, "unit_price": 144.45, "amount": 288.9}]})
}

#[test]
fn an_invoice_list_without_its_list_stops_the_run_naming_harvest_and_the_endpoint() {
    for (body, detail) in [
        (r#"{"invoices": null, "links": {"next": null}}"#, "is null"),
        (r#"{"links": {"next": null}}"#, "has no \"invoices\""),
        ("", "an empty answer"),
        (r#"{"invoices": {"id": 1}}"#, "not a list"),
    ] {
        let mut w = HalfWorld::new();
        w.harvest_list("/invoices", body);
        let out = w.sync();
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(4), "{body}: {stderr}");
        assert!(
            stderr.contains(
                "Harvest sent something unexpected for the invoices list (GET /invoices)"
            ) && stderr.contains(detail),
            "{body}: {stderr}"
        );
        assert!(w.rma_invoice_numbers().is_empty(), "nothing booked");
        assert!(
            !w.sb.requests().iter().any(|r| r.is_write),
            "nothing written to RMA"
        );
    }
}

#[test]
fn one_malformed_invoice_is_refused_by_name_and_the_others_are_booked() {
    let mut w = HalfWorld::new();
    let mut bad_amount = invoice(42, "1042");
    bad_amount["amount"] = json!("abc");
    let mut no_date = invoice(43, "1043");
    no_date["issue_date"] = Value::Null;
    let invoices = json!({"invoices": [invoice(41, "1041"), bad_amount, no_date, invoice(44, "1044")],
                          "links": {"next": null}});
    w.harvest_list("/invoices", &invoices.to_string());
    w.harvest_list(
        "/clients",
        &json!({"clients": [{"id": 5, "name": "Muster AG", "address": "Bahnhofstrasse 10\n8001 Zürich",
                             "currency": "CHF", "is_active": true}], "links": {"next": null}})
        .to_string(),
    );
    w.harvest_list(
        "/contacts",
        &json!({"contacts": [], "links": {"next": null}}).to_string(),
    );
    let out = w.sync();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "Invoice 1042: Harvest sent an amount that is not a number (\"abc\"); not booked"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("Invoice 1043: Harvest sent no issue date; not booked"),
        "{stderr}"
    );
    assert_eq!(w.rma_invoice_numbers(), ["1041", "1044"]);
    assert!(
        text(&out.stdout).contains("2 booked"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_unreadable_client_refuses_its_invoices_naming_the_client() {
    let mut w = HalfWorld::new();
    let mut other = invoice(51, "1051");
    other["client"] = json!({"id": 6, "name": "Beispiel GmbH"});
    w.harvest_list(
        "/invoices",
        &json!({"invoices": [invoice(41, "1041"), other], "links": {"next": null}}).to_string(),
    );
    w.harvest_list(
        "/clients",
        &json!({"clients": [{"id": 5, "name": ["Muster AG"]},
                            {"id": 6, "name": "Beispiel GmbH", "address": "Hauptstraße 5\n10115 Berlin", "currency": "CHF"}],
                "links": {"next": null}})
        .to_string(),
    );
    w.harvest_list(
        "/contacts",
        &json!({"contacts": [], "links": {"next": null}}).to_string(),
    );
    let out = w.sync();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Invoice 1041 (Muster AG): its client (id 5) could not be read from Harvest: Harvest sent an entry this tool cannot read"),
        "{stderr}"
    );
    assert_eq!(w.rma_invoice_numbers(), ["1051"]);
}

#[test]
fn an_rma_error_in_a_200_answer_is_an_error_not_an_entity() {
    let w = World::new();
    let mut rma = Server::new();
    rma.mock("GET", Matcher::Any)
        .with_header("content-type", "application/json")
        .with_body(r#"{ "error": "Mandant gesperrt" }"#)
        .create();
    let no_writes = rma.mock("POST", Matcher::Any).expect(0).create();
    let toml = std::fs::read_to_string(&w.config)
        .unwrap()
        .replace(&w.sb.rma.api_url(), &rma.url());
    std::fs::write(&w.config, toml).unwrap();
    let out = w.sync();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("Run my Accounts sent something unexpected for the article list (GET parts): an error instead of an answer: Mandant gesperrt"),
        "{stderr}"
    );
    no_writes.assert();
}

#[test]
fn a_server_error_on_a_customer_look_up_stops_that_customer_and_its_invoices_only() {
    let w = World::new();
    let zurich = format!("H{}", w.firm.client_zurich);
    w.sb.faults.fail_next(
        Some(Service::Rma),
        Some("GET"),
        &format!("/customers/{zurich}"),
        // GETs are retried: every try fails.
        20,
        FaultKind::Status(500),
    );
    let out = w.sync();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "Customer {zurich} (Muster AG) could not be saved in Run my Accounts: the look-up of customer {zurich} got HTTP 500 (injected fault 500)"
        )),
        "{stderr}"
    );
    let zurich_invoice = w.firm.number(w.firm.open_zurich);
    assert!(
        stderr.contains(&format!(
            "Invoice {zurich_invoice} (Muster AG) was not booked: its customer could not be saved"
        )),
        "{stderr}"
    );
    assert!(w.sb.rma.customer(&zurich).is_none(), "not created blindly");
    let booked = w.rma_invoice_numbers();
    assert!(!booked.contains(&zurich_invoice), "{booked:?}");
    for other in [w.firm.open_discount, w.firm.open_eur] {
        assert!(booked.contains(&w.firm.number(other)), "{booked:?}");
    }
    // A new customer carries only the fields the tool manages, as text: RMA's own defaults
    // apply to terms and the payment slip.
    let bern =
        w.sb.rma
            .customer(&format!("H{}", w.firm.client_bern))
            .expect("created");
    assert!(bern.get("terms").is_none_or(|t| t != ""), "{bern}");
    assert!(
        bern.get("remittancevoucher").is_none_or(|t| t != ""),
        "{bern}"
    );

    // The next night the look-up answers again and the customer and its invoice follow.
    w.sb.faults.clear();
    let out = w.sync();
    assert!(
        w.sb.rma.customer(&zurich).is_some(),
        "{}",
        text(&out.stderr)
    );
    assert!(w.rma_invoice_numbers().contains(&zurich_invoice));
}
