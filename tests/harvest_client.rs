//! The Harvest client against a mockito server: paging, retries, OAuth refresh, and writes
//! that are never repeated.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{Duration, NaiveDate, Utc};
use mockito::{Matcher, Server};
use rust_decimal::Decimal;
use serde_json::json;

use rma_harvest::clock;
use rma_harvest::commands::CommandError;
use rma_harvest::exit::ExitCode;
use rma_harvest::failure::Category;
use rma_harvest::harvest::types::NewPayment;
use rma_harvest::harvest::{
    Credentials, DeleteOutcome, Error, HarvestClient, SaveOutcome, TokenSet, TokenStore,
};
use rma_harvest::secret::Secret;

const UA: &str = "rma-harvest/test (books@example.ch)";

/// The clients' clock: fixed, so retries and pacing only move it on instead of waiting.
fn now() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-28T01:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn personal(server: &Server) -> HarvestClient {
    HarvestClient::new(
        &server.url(),
        "4711",
        UA,
        Credentials::Personal(Secret::new("pat-secret")),
    )
    .with_clock(clock::fixed(now()))
}

type Saved = Rc<RefCell<Vec<TokenSet>>>;

/// A token store that records what the client saves (and holds nothing else).
struct Recorder(Saved);

impl TokenStore for Recorder {
    fn load(&self) -> Result<Option<TokenSet>, String> {
        Ok(self.0.borrow().last().cloned())
    }

    fn save(&self, _previous: &Secret, renewed: &TokenSet) -> Result<SaveOutcome, String> {
        self.0.borrow_mut().push(renewed.clone());
        Ok(SaveOutcome::Saved)
    }
}

fn oauth(server: &Server, access: &str, expires_in: Duration) -> (HarvestClient, Saved) {
    let saved: Saved = Rc::new(RefCell::new(Vec::new()));
    let sink = saved.clone();
    let client = HarvestClient::new(
        &format!("{}/v2", server.url()),
        "4711",
        UA,
        Credentials::OAuth {
            tokens: TokenSet {
                access_token: Secret::new(access),
                refresh_token: Secret::new("refresh-old"),
                expires_at: now() + expires_in,
            },
            client_id: Some("cid".into()),
            client_secret: Some(Secret::new("csecret")),
            id_url: server.url(),
            store: Box::new(Recorder(sink)),
        },
    )
    .with_clock(clock::fixed(now()));
    (client, saved)
}

fn invoice(id: i64) -> serde_json::Value {
    json!({"id": id, "client": {"id": 1, "name": "Muster AG"}, "number": id.to_string(),
           "amount": 288.9, "due_amount": 288.9, "state": "open", "issue_date": "2026-03-01",
           "line_items": [{"id": 1, "kind": "Service", "quantity": 2, "unit_price": 100, "amount": 200}]})
}

fn company() -> String {
    json!({"full_domain": "acme.harvestapp.com", "base_uri": "https://acme.harvestapp.com", "name": "Acme"})
        .to_string()
}

#[test]
fn invoices_follow_page_links_verbatim() {
    let mut server = Server::new();
    let base = server.url();
    let p1 = server
        .mock("GET", "/invoices")
        .match_query(Matcher::Exact(
            "state=open&per_page=2000&from=2026-01-01".into(),
        ))
        .match_header("authorization", "Bearer pat-secret")
        .match_header("harvest-account-id", "4711")
        .match_header("user-agent", UA)
        .with_body(
            json!({"invoices": [invoice(1), invoice(2)], "page": 1, "next_page": 2,
                   "links": {"next": format!("{base}/invoices?page=2&per_page=2000&state=open&from=2026-01-01")}})
            .to_string(),
        )
        .create();
    let p2 = server
        .mock("GET", "/invoices")
        .match_query(Matcher::Exact(
            "page=2&per_page=2000&state=open&from=2026-01-01".into(),
        ))
        .with_body(
            json!({"invoices": [invoice(3)], "page": 2, "next_page": 3,
                   "links": {"next": format!("{base}/invoices?page=3&per_page=2000&state=open&from=2026-01-01")}})
            .to_string(),
        )
        .create();
    let p3 = server
        .mock("GET", "/invoices")
        .match_query(Matcher::Exact(
            "page=3&per_page=2000&state=open&from=2026-01-01".into(),
        ))
        .with_body(json!({"invoices": [invoice(4)], "page": 3, "next_page": null, "links": {"next": null}}).to_string())
        .create();
    let client = personal(&server);
    let list = client
        .list_invoices("open", NaiveDate::from_ymd_opt(2026, 1, 1))
        .unwrap()
        .items;
    assert_eq!(
        list.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
    assert_eq!(list[0].amount, Decimal::new(2889, 1));
    assert_eq!(client.requests_sent(), 3);
    p1.assert();
    p2.assert();
    p3.assert();
}

#[test]
fn clients_follow_cursor_links_and_ignore_null_page_numbers() {
    let mut server = Server::new();
    let base = server.url();
    let first = server
        .mock("GET", "/clients")
        .match_query(Matcher::Exact("per_page=2000".into()))
        .with_body(
            json!({"clients": [{"id": 1, "name": "A", "address": "Weg 1\r\n8000 Zürich"}],
                   "page": 1, "next_page": 2,
                   "links": {"next": format!("{base}/clients?cursor=eyJhZnRlciI6eyJpZCI6MX19&per_page=2000&ref=next_cursor")}})
            .to_string(),
        )
        .create();
    let middle = server
        .mock("GET", "/clients")
        .match_query(Matcher::Exact(
            "cursor=eyJhZnRlciI6eyJpZCI6MX19&per_page=2000&ref=next_cursor".into(),
        ))
        .with_body(
            json!({"clients": [{"id": 2, "name": "B", "address": null}],
                   "page": null, "next_page": null,
                   "links": {"next": format!("{base}/clients?cursor=eyJhZnRlciI6eyJpZCI6Mn19&per_page=2000&ref=next_cursor")}})
            .to_string(),
        )
        .create();
    let last = server
        .mock("GET", "/clients")
        .match_query(Matcher::Exact(
            "cursor=eyJhZnRlciI6eyJpZCI6Mn19&per_page=2000&ref=next_cursor".into(),
        ))
        .with_body(
            json!({"clients": [{"id": 3, "name": "C"}], "page": 3, "next_page": null,
                   "links": {"next": null}})
            .to_string(),
        )
        .create();
    let clients = personal(&server).list_clients().unwrap().items;
    assert_eq!(
        clients.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(clients[1].address, "");
    first.assert();
    middle.assert();
    last.assert();
}

#[test]
fn other_lists_use_their_envelope_keys() {
    let mut server = Server::new();
    server
        .mock("GET", "/contacts")
        .match_query(Matcher::Exact("per_page=2000".into()))
        .with_body(json!({"contacts": [{"id": 5, "client": {"id": 1, "name": "A"}, "first_name": "Eva", "email": null}], "links": {"next": null}}).to_string())
        .create();
    server
        .mock("GET", "/invoice_item_categories")
        .match_query(Matcher::Exact("per_page=2000".into()))
        .with_body(json!({"invoice_item_categories": [{"id": 9, "name": "Service"}], "links": {"next": null}}).to_string())
        .create();
    server
        .mock("GET", "/invoices/7/payments")
        .match_query(Matcher::Exact("per_page=2000".into()))
        .with_body(json!({"invoice_payments": [{"id": 11, "amount": "100.50", "paid_date": "2026-03-02", "notes": "RMA payment 4"}], "links": {"next": null}}).to_string())
        .create();
    let c = personal(&server);
    assert_eq!(c.list_contacts().unwrap().items[0].first_name, "Eva");
    assert_eq!(c.list_item_categories().unwrap()[0].name, "Service");
    let p = c.list_payments(7).unwrap();
    assert_eq!(p[0].amount, Decimal::new(10050, 2));
    assert_eq!(p[0].notes, "RMA payment 4");
}

#[test]
fn a_page_linking_to_itself_stops_the_loop() {
    let mut server = Server::new();
    let base = server.url();
    server
        .mock("GET", "/clients")
        .match_query(Matcher::Exact("per_page=2000".into()))
        .with_body(
            json!({"clients": [], "links": {"next": format!("{base}/clients?per_page=2000")}})
                .to_string(),
        )
        .expect(1)
        .create();
    let err = personal(&server).list_clients().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err}");
}

#[test]
fn throttled_request_is_repeated_after_retry_after() {
    let mut server = Server::new();
    let throttled = server
        .mock("GET", "/company")
        .with_status(429)
        .with_header("retry-after", "15")
        .with_header("content-type", "text/html")
        .with_body("<html><body>Too many requests</body></html>")
        .expect(1)
        .create();
    let ok = server
        .mock("GET", "/company")
        .with_body(company())
        .expect(1)
        .create();
    let started = std::time::Instant::now();
    let c = personal(&server).company().unwrap();
    assert_eq!(c.full_domain, "acme.harvestapp.com");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    throttled.assert();
    ok.assert();
}

#[test]
fn server_errors_are_retried_up_to_the_limit_then_reported() {
    let mut server = Server::new();
    let failing = server
        .mock("GET", "/users/me")
        .with_status(503)
        .with_body("upstream down")
        .expect(5)
        .create();
    let err = personal(&server).me().unwrap_err();
    failing.assert();
    assert_eq!(err.category(), Category::Unavailable);
    let text = err.to_string();
    assert_eq!(CommandError::from(err).exit_code(), ExitCode::Unreachable);
    assert!(text.contains("503") && text.contains("/users/me"), "{text}");
    assert!(!text.contains("pat-secret"));
}

#[test]
fn a_failed_payment_post_is_sent_exactly_once() {
    let mut server = Server::new();
    let post = server
        .mock("POST", "/invoices/7/payments")
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(
            json!({"amount": 100.5, "paid_date": "2026-03-02",
                                          "notes": "RMA payment 4", "send_thank_you": false}),
        ))
        .with_status(500)
        .expect(1)
        .create();
    let err = personal(&server)
        .create_payment(
            7,
            &NewPayment {
                amount: Decimal::new(10050, 2),
                paid_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                notes: "RMA payment 4".into(),
            },
        )
        .unwrap_err();
    post.assert();
    assert!(err.to_string().contains("500"), "{err}");
}

#[test]
fn a_payment_post_is_done_only_when_harvest_answers_201_with_the_payment() {
    // Anything else leaves the outcome unknown (issue 16): looked up before it counts.
    for (status, body) in [
        (200, json!({"id": 99, "amount": 100.5}).to_string()),
        (201, "<html><body>Maintenance</body></html>".to_string()),
        (201, json!({"id": 99}).to_string()),
    ] {
        let mut server = Server::new();
        server
            .mock("POST", "/invoices/7/payments")
            .with_status(status)
            .with_body(body.as_str())
            .create();
        let err = personal(&server)
            .create_payment(
                7,
                &NewPayment {
                    amount: Decimal::new(10050, 2),
                    paid_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                    notes: "RMA payment 4".into(),
                },
            )
            .unwrap_err();
        assert!(
            matches!(err, rma_harvest::harvest::Error::Unproven { .. }),
            "{status} {body}: {err:?}"
        );
        assert_eq!(err.category(), rma_harvest::failure::Category::Lost);
    }
}

#[test]
fn payment_is_created_and_deleted() {
    let mut server = Server::new();
    server
        .mock("POST", "/invoices/7/payments")
        .with_status(201)
        .with_body(
            json!({"id": 99, "amount": 100.5, "paid_date": "2026-03-02", "notes": "RMA payment 4"})
                .to_string(),
        )
        .create();
    server
        .mock("DELETE", "/invoices/7/payments/99")
        .with_status(200)
        .create();
    server
        .mock("DELETE", "/invoices/7/payments/98")
        .with_status(404)
        .with_body(r#"{"message":"Not found"}"#)
        .create();
    let c = personal(&server);
    let p = c
        .create_payment(
            7,
            &NewPayment {
                amount: Decimal::new(10050, 2),
                paid_date: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
                notes: "RMA payment 4".into(),
            },
        )
        .unwrap();
    assert_eq!(p.id, 99);
    assert_eq!(c.delete_payment(7, 99).unwrap(), DeleteOutcome::Deleted);
    assert_eq!(c.delete_payment(7, 98).unwrap(), DeleteOutcome::NotFound);
}

#[test]
fn unauthorized_oauth_request_refreshes_once_and_repeats() {
    let mut server = Server::new();
    let rejected = server
        .mock("GET", "/v2/company")
        .match_header("authorization", "Bearer access-old")
        .with_status(401)
        .with_body(r#"{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}"#)
        .expect(1)
        .create();
    let token = server
        .mock("POST", "/api/v2/oauth2/token")
        .match_header("content-type", "application/x-www-form-urlencoded")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "refresh_token".into()),
            Matcher::UrlEncoded("refresh_token".into(), "refresh-old".into()),
            Matcher::UrlEncoded("client_id".into(), "cid".into()),
            Matcher::UrlEncoded("client_secret".into(), "csecret".into()),
        ]))
        .with_body(r#"{"access_token":"access-new","refresh_token":"refresh-new","token_type":"bearer","expires_in":1209599}"#)
        .expect(1)
        .create();
    let accepted = server
        .mock("GET", "/v2/company")
        .match_header("authorization", "Bearer access-new")
        .with_body(company())
        .expect(1)
        .create();
    let (client, saved) = oauth(&server, "access-old", Duration::days(10));
    assert_eq!(client.company().unwrap().full_domain, "acme.harvestapp.com");
    rejected.assert();
    token.assert();
    accepted.assert();
    let saved = saved.borrow();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].access_token.expose(), "access-new");
    assert_eq!(saved[0].refresh_token.expose(), "refresh-new");
    assert!(saved[0].expires_at > now() + Duration::days(13));
}

#[test]
fn token_expiring_within_a_day_is_renewed_before_the_request() {
    let mut server = Server::new();
    let token = server
        .mock("POST", "/api/v2/oauth2/token")
        .with_body(
            r#"{"access_token":"access-new","refresh_token":"refresh-new","expires_in":1209599}"#,
        )
        .expect(1)
        .create();
    let api = server
        .mock("GET", "/v2/users/me")
        .match_header("authorization", "Bearer access-new")
        .with_body(
            r#"{"id":1,"first_name":"Eva","last_name":"Muster","access_roles":["administrator"]}"#,
        )
        .expect(1)
        .create();
    let (client, saved) = oauth(&server, "access-old", Duration::hours(3));
    assert!(client.me().unwrap().may_manage_invoices());
    token.assert();
    api.assert();
    assert_eq!(saved.borrow().len(), 1);
}

#[test]
fn refused_refresh_means_run_auth_again() {
    let mut server = Server::new();
    server
        .mock("GET", "/v2/company")
        .with_status(401)
        .with_body(r#"{"error":"invalid_token"}"#)
        .create();
    server
        .mock("POST", "/api/v2/oauth2/token")
        .with_status(400)
        .with_body(r#"{"error":"invalid_grant","error_description":"The provided authorization grant is invalid"}"#)
        .expect(1)
        .create();
    let (client, saved) = oauth(&server, "access-old", Duration::days(10));
    let err = client.company().unwrap_err();
    assert!(matches!(err, Error::AuthExpired(_)), "{err:?}");
    assert_eq!(err.category(), Category::Auth);
    assert_eq!(CommandError::from(err).exit_code(), ExitCode::Auth);
    assert!(saved.borrow().is_empty());
}

#[test]
fn refused_refresh_message_names_the_auth_command() {
    let mut server = Server::new();
    server
        .mock("POST", "/api/v2/oauth2/token")
        .with_status(401)
        .with_body(r#"{"error":"invalid_client"}"#)
        .create();
    let (client, _) = oauth(&server, "access-old", Duration::hours(1));
    let text = client.me().unwrap_err().to_string();
    assert!(text.contains("rma-harvest auth"), "{text}");
    assert!(!text.contains("csecret") && !text.contains("refresh-old"));
}

#[test]
fn harvest_id_outage_does_not_stop_a_run_while_the_token_works() {
    let mut server = Server::new();
    server
        .mock("POST", "/api/v2/oauth2/token")
        .with_status(503)
        .create();
    server
        .mock("GET", "/v2/company")
        .match_header("authorization", "Bearer access-old")
        .with_body(company())
        .create();
    let (client, saved) = oauth(&server, "access-old", Duration::hours(5));
    client.company().unwrap();
    assert!(saved.borrow().is_empty());
    let warnings = client.take_warnings();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("rma-harvest auth"));
}

#[test]
fn expiring_connection_without_client_secret_is_a_warning() {
    let server = Server::new();
    let client = HarvestClient::new(
        &server.url(),
        "4711",
        UA,
        Credentials::OAuth {
            tokens: TokenSet {
                access_token: Secret::new("a"),
                refresh_token: Secret::new("r"),
                expires_at: now() + Duration::days(3),
            },
            client_id: None,
            client_secret: None,
            id_url: server.url(),
            store: Box::new(Recorder(Saved::default())),
        },
    )
    .with_clock(clock::fixed(now()));
    let _ = client.company();
    let w = client.take_warnings();
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("expires on") && w[0].contains("rma-harvest auth"));
}

#[test]
fn second_401_after_a_refresh_asks_for_auth() {
    let mut server = Server::new();
    let api = server
        .mock("GET", "/v2/company")
        .with_status(401)
        .with_body(r#"{"error":"invalid_token","error_description":"wrong account"}"#)
        .expect(2)
        .create();
    let token = server
        .mock("POST", "/api/v2/oauth2/token")
        .with_body(
            r#"{"access_token":"access-new","refresh_token":"refresh-new","expires_in":1209599}"#,
        )
        .expect(1)
        .create();
    let (client, saved) = oauth(&server, "access-old", Duration::days(10));
    let err = client.company().unwrap_err();
    api.assert();
    token.assert();
    assert_eq!(saved.borrow().len(), 1);
    assert_eq!(err.category(), Category::Auth);
    assert!(err.to_string().contains("rma-harvest auth"), "{err}");
    assert_eq!(client.requests_sent(), 2);
}
