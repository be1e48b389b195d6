use super::error::*;
use super::pacing::*;
use super::*;
use chrono::{DateTime, Utc};
use std::collections::VecDeque;

#[test]
fn url_round_trip() {
    let s = "harvest:123 & ü/?~";
    assert_eq!(url_encode(s), "harvest%3A123%20%26%20%C3%BC%2F%3F~");
    assert_eq!(parse_query(&format!("v={}", url_encode(s)))[0].1, s);
    assert_eq!(
        parse_query("code=a%20b&scope=harvest%3A1+harvest%3A2&x"),
        vec![
            ("code".into(), "a b".into()),
            ("scope".into(), "harvest:1 harvest:2".into()),
            ("x".into(), String::new())
        ]
    );
    let form = Request::new(Method::Post, "http://h/")
        .form(&[("code", "a b&c"), ("grant_type", "authorization_code")]);
    assert_eq!(
        form.body.unwrap().1,
        b"code=a+b%26c&grant_type=authorization_code"
    );
}

#[test]
fn waits_honour_retry_after_and_back_off_exponentially_with_a_cap() {
    let p = RetryPolicy::default();
    assert_eq!(
        p.wait(Some(Duration::from_secs(15)), 1),
        Duration::from_secs(15)
    );
    assert_eq!(
        p.wait(Some(Duration::from_secs(3600)), 1),
        Duration::from_secs(60)
    );
    let waits: Vec<u64> = (1..=8).map(|a| p.wait(None, a).as_secs()).collect();
    assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
}

#[test]
fn pacer_waits_when_window_is_full() {
    let mut p = Pacer {
        limit: 2,
        window: Duration::from_secs(15),
        sent: VecDeque::new(),
    };
    let t0 = Utc::now();
    assert_eq!(p.wait_before_next(t0), Duration::ZERO);
    p.sent.push_back(t0);
    p.sent.push_back(t0);
    let wait = p.wait_before_next(t0 + Duration::from_secs(5));
    assert_eq!(wait, Duration::from_secs(10));
    assert_eq!(
        p.wait_before_next(t0 + Duration::from_secs(15)),
        Duration::ZERO
    );
}

#[test]
fn harvest_pacing_keeps_a_margin_below_100_per_15_seconds() {
    let window = Duration::from_secs(15);
    let mut p = Pacer::below(100, window);
    assert_eq!(p.limit, 90);
    assert_eq!(Pacer::below(2, window).limit, 2);
    // A sustained run: each request leaves as soon as the pacer lets it, 50 ms apart.
    let t0 = DateTime::parse_from_rfc3339("2026-11-28T01:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let mut now = t0;
    let mut sent = Vec::new();
    for _ in 0..500 {
        now += chrono::Duration::from_std(p.wait_before_next(now)).unwrap();
        p.sent.push_back(now);
        sent.push(now);
        now += chrono::Duration::milliseconds(50);
    }
    // However Harvest lays its 15 s windows, none holds more than 90 of them.
    let busiest = sent
        .iter()
        .map(|start| {
            sent.iter()
                .filter(|t| **t >= *start && elapsed(*start, **t) < window)
                .count()
        })
        .max()
        .unwrap();
    assert_eq!(busiest, 90);
    // And no slower than it must be: the last 50 go out in the sixth window, from 75 s on.
    assert_eq!(
        elapsed(t0, sent[499]),
        Duration::from_millis(75_000 + 49 * 50)
    );
}

#[test]
fn error_message_reads_each_service() {
    assert_eq!(
        error_message(r#"{ "error": "Invoice number 1 already exists" }"#),
        "Invoice number 1 already exists"
    );
    assert_eq!(
        error_message(r#"{"message":"Amount too high"}"#),
        "Amount too high"
    );
    assert_eq!(
        error_message(r#"{"error":"invalid_grant","error_description":"revoked"}"#),
        "revoked"
    );
    assert_eq!(error_message("boom"), "boom");
    assert_eq!(error_message(""), "(no reason given)");
}

#[test]
fn error_texts_never_carry_a_secret() {
    let _token = crate::secret::Secret::new("tok_http_unit_123");
    let body = "{\"message\":\"bad token tok_http_unit_\\u0031\\u00323\",\n\"echo\":\"Bearer tok_http_unit_123, Bearer unknown_tok\"}";
    let err = HttpError::Status {
        service: "Harvest",
        method: "GET",
        path: "/v2/x".into(),
        status: 401,
        body: kept_body(body),
    };
    for text in [
        err.to_string(),
        error_message(err.body()),
        error_message(body),
    ] {
        assert!(!text.contains("tok_http_unit_123"), "{text}");
        assert!(!text.contains("unknown_tok"), "{text}");
        assert!(!text.contains('\n'), "{text}");
    }
    assert_eq!(error_message(body), "bad token ****");
}

#[test]
fn short_body_hides_html_and_cuts_long_text() {
    assert_eq!(
        short_body("<html><body>Too many</body></html>"),
        "(HTML page)"
    );
    assert!(short_body(&"x".repeat(1000)).ends_with('…'));
    assert_eq!(short_body("line one\n  line two\n"), "line one line two");
}

#[test]
fn path_of_strips_host() {
    assert_eq!(
        path_of("https://api.harvestapp.com/v2/invoices?page=2"),
        "/v2/invoices?page=2"
    );
}

/// A port nothing listens on: every connection to it is refused.
fn refusing_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/invoices")
}

#[test]
fn a_refused_post_is_unreachable_and_the_client_gives_up_after_three() {
    let client = HttpClient::new("Run my Accounts", "test", Duration::from_secs(5));
    let req = Request::new(Method::Post, refusing_url());
    for _ in 0..GIVE_UP_AFTER {
        let e = client.send(&req).unwrap_err();
        // Never connected, so nothing was sent: not a lost answer to look up later.
        assert!(matches!(e, HttpError::Unreachable { .. }), "{e:?}");
        assert!(e.to_string().contains("connection refused"), "{e}");
    }
    assert!(client.gave_up());
    let e = client.send(&req).unwrap_err();
    assert!(matches!(e, HttpError::GaveUp { failures: 3, .. }), "{e:?}");
}

#[test]
fn an_answer_between_failures_starts_the_count_again() {
    let mut server = mockito::Server::new();
    let ok = server.mock("GET", "/ok").with_status(200).create();
    let client = HttpClient::new("Harvest", "test", Duration::from_secs(5));
    let refused = Request::new(Method::Post, refusing_url());
    for _ in 0..GIVE_UP_AFTER - 1 {
        client.send(&refused).unwrap_err();
    }
    client
        .send(&Request::new(Method::Get, format!("{}/ok", server.url())))
        .unwrap();
    ok.assert();
    client.send(&refused).unwrap_err();
    assert!(!client.gave_up());
}
