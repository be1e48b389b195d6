//! The fakes themselves speak the services' wire formats (Harvest's API v2, Run my Accounts
//! as docs/rma-assumptions.md describes it): checked here with raw HTTP, so
//! that the end-to-end tests rest on something that behaves like the real services.

use std::time::Duration;

use rma_harvest_sandbox::{
    seed, FaultKind, Sandbox, Service, HARVEST_ACCOUNT_ID, HARVEST_TOKEN, RMA_API_KEY,
};
use serde_json::Value;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

fn harvest_get(url: &str) -> (u16, Value) {
    let mut r = agent()
        .get(url)
        .header("Authorization", format!("Bearer {HARVEST_TOKEN}"))
        .header("Harvest-Account-Id", HARVEST_ACCOUNT_ID.to_string())
        .header("User-Agent", "rma-harvest tests (test@example.ch)")
        .call()
        .unwrap();
    let status = r.status().as_u16();
    let body = r.body_mut().read_to_string().unwrap();
    (status, serde_json::from_str(&body).unwrap_or(Value::Null))
}

fn rma_get(sb: &Sandbox, path: &str, json: bool) -> (u16, String) {
    let mut req = agent()
        .get(format!("{}/clients/muster/{path}", sb.rma.api_url()))
        .header("Authorization", format!("Bearer {RMA_API_KEY}"));
    if json {
        req = req.header("Accept", "application/json");
    }
    let mut r = req.call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn harvest_requires_token_account_and_user_agent() {
    let sb = Sandbox::start();
    let url = format!("{}/company", sb.harvest.api_url());
    let r = agent()
        .get(&url)
        .header("User-Agent", "x (y)")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = agent()
        .get(&url)
        .header("Authorization", format!("Bearer {HARVEST_TOKEN}"))
        .header("User-Agent", "x (y)")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401, "no Harvest-Account-Id");
    let (status, company) = harvest_get(&url);
    assert_eq!(
        (status, company["full_domain"].as_str()),
        (200, Some("muster-beratung.harvestapp.com"))
    );
}

#[test]
fn harvest_pages_by_page_for_invoices_and_by_cursor_for_clients() {
    let sb = Sandbox::start();
    seed::swiss_firm(&sb);
    let mut url = format!("{}/invoices?state=open&per_page=2", sb.harvest.api_url());
    let mut seen = Vec::new();
    loop {
        let (status, page) = harvest_get(&url);
        assert_eq!(status, 200);
        seen.extend(
            page["invoices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["number"].as_str().unwrap().to_string()),
        );
        match page["links"]["next"].as_str() {
            Some(next) => {
                assert!(next.contains("state=open"), "filters kept: {next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    assert_eq!(seen[0], "2026-0104", "newest first");

    let (_, first) = harvest_get(&format!("{}/clients?per_page=3", sb.harvest.api_url()));
    assert_eq!(first["clients"].as_array().unwrap().len(), 3);
    let next = first["links"]["next"].as_str().unwrap();
    assert!(next.contains("cursor="));
    let (_, second) = harvest_get(next);
    assert_eq!(second["clients"].as_array().unwrap().len(), 1);
    assert!(second["links"]["next"].is_null());

    let (status, _) = harvest_get(&format!("{}/clients?per_page=2001", sb.harvest.api_url()));
    assert_eq!(status, 422);
}

#[test]
fn rma_speaks_xml_unless_asked_for_json_with_one_or_many_lists() {
    let sb = Sandbox::start();
    sb.rma
        .add_part("Beratung", "Beratung", "8.1".parse().unwrap());
    let (status, xml) = rma_get(&sb, "parts", false);
    assert_eq!(status, 200);
    assert!(
        xml.starts_with("<?xml") && xml.contains("<partnumber>Beratung</partnumber>"),
        "{xml}"
    );
    let (_, json) = rma_get(&sb, "parts", true);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert!(v["part"].is_object(), "one part is a bare object: {v}");
    assert_eq!(v["part"]["sellprice"], "0.0", "numbers are strings");
    sb.rma.add_part("Spesen", "Spesen", "8.1".parse().unwrap());
    let v: Value = serde_json::from_str(&rma_get(&sb, "parts", true).1).unwrap();
    assert_eq!(v["part"].as_array().unwrap().len(), 2);
    let (_, empty) = rma_get(&sb, "customers", true);
    assert_eq!(empty, "{}");
    let (status, body) = rma_get(&sb, "invoices/4711", true);
    assert_eq!(status, 404);
    assert!(body.starts_with("{ \"error\": "));
}

#[test]
fn rma_needs_the_bearer_key() {
    let sb = Sandbox::start();
    let r = agent()
        .get(format!("{}/clients/muster/parts", sb.rma.api_url()))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = agent()
        .get(format!(
            "{}/clients/muster/parts?api_key={RMA_API_KEY}",
            sb.rma.api_url()
        ))
        .call()
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        401,
        "the key in the URL is no longer accepted"
    );
}

#[test]
fn rma_payment_feed_lifecycle() {
    let sb = Sandbox::start();
    let firm = seed::swiss_firm(&sb);
    let feed = |sb: &Sandbox| -> Value {
        serde_json::from_str(
            &rma_get(sb, "invoices/payment_list?processed=2026-01-01T00:00", true).1,
        )
        .unwrap()
    };
    assert_eq!(feed(&sb)["payment"]["flag"], "NEW");
    let ack = |id: i64| {
        agent()
            .post(format!(
                "{}/clients/muster/invoices/set_as_processed",
                sb.rma.api_url()
            ))
            .header("Authorization", format!("Bearer {RMA_API_KEY}"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(format!("id={id}"))
            .unwrap()
    };
    ack(firm.linked_payment);
    assert_eq!(feed(&sb), serde_json::json!({}));
    sb.rma
        .change_payment(firm.linked_payment, Some("450".parse().unwrap()), None);
    assert_eq!(feed(&sb)["payment"]["flag"], "CHANGED");
    assert_eq!(feed(&sb)["payment"]["amount_paid"], "450.0");
    ack(firm.linked_payment);
    sb.rma.delete_payment(firm.linked_payment);
    assert_eq!(feed(&sb)["payment"]["flag"], "DELETED");
    ack(firm.linked_payment);
    assert_eq!(
        feed(&sb),
        serde_json::json!({}),
        "an acknowledged deletion is gone for good"
    );
}

#[test]
fn faults_drop_after_apply_status_and_429() {
    let sb = Sandbox::start();
    let firm = seed::swiss_firm(&sb);
    let post = |sb: &Sandbox| {
        agent()
            .post(format!(
                "{}/invoices/{}/payments",
                sb.harvest.api_url(),
                firm.open_zurich
            ))
            .header("Authorization", format!("Bearer {HARVEST_TOKEN}"))
            .header("Harvest-Account-Id", HARVEST_ACCOUNT_ID.to_string())
            .header("User-Agent", "x (y)")
            .header("Content-Type", "application/json")
            .send(r#"{"amount": 10, "paid_date": "2026-04-01", "send_thank_you": false}"#)
    };
    sb.faults.fail_nth_write(1, FaultKind::DropAfterApply);
    assert!(post(&sb).is_err(), "the answer is lost");
    assert_eq!(
        sb.harvest.payments(firm.open_zurich).len(),
        1,
        "but the write happened"
    );
    sb.faults.fail_nth_write(1, FaultKind::Status(500));
    assert_eq!(post(&sb).unwrap().status().as_u16(), 500);
    assert_eq!(
        sb.harvest.payments(firm.open_zurich).len(),
        1,
        "a 500 does nothing"
    );
    sb.faults.fail_next(
        Some(Service::Harvest),
        Some("GET"),
        "/company",
        1,
        FaultKind::Status(429),
    );
    let r = agent()
        .get(format!("{}/company", sb.harvest.api_url()))
        .header("Authorization", format!("Bearer {HARVEST_TOKEN}"))
        .header("Harvest-Account-Id", HARVEST_ACCOUNT_ID.to_string())
        .header("User-Agent", "x (y)")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 429);
    assert_eq!(r.headers().get("retry-after").unwrap(), "1");
    sb.faults.fail_next(
        None,
        None,
        "/company",
        1,
        FaultKind::Delay(Duration::from_millis(5)),
    );
    assert_eq!(
        harvest_get(&format!("{}/company", sb.harvest.api_url())).0,
        200
    );
    let log = sb.requests();
    assert!(log
        .iter()
        .any(|r| r.fault.as_deref() == Some("dropped after apply")));
    assert_eq!(sb.write_count(), 2);
}

#[test]
fn harvest_payments_move_the_invoice_between_open_and_paid() {
    let sb = Sandbox::start();
    let firm = seed::swiss_firm(&sb);
    let amount: rust_decimal::Decimal = sb.harvest.invoice(firm.open_zurich)["amount"]
        .to_string()
        .parse()
        .unwrap();
    let id = sb.harvest.add_payment_by_hand(
        firm.open_zurich,
        amount,
        chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
        "",
    );
    assert_eq!(sb.harvest.invoice(firm.open_zurich)["state"], "paid");
    let r = agent()
        .delete(format!(
            "{}/invoices/{}/payments/{id}",
            sb.harvest.api_url(),
            firm.open_zurich
        ))
        .header("Authorization", format!("Bearer {HARVEST_TOKEN}"))
        .header("Harvest-Account-Id", HARVEST_ACCOUNT_ID.to_string())
        .header("User-Agent", "x (y)")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(sb.harvest.invoice(firm.open_zurich)["state"], "open");
}
