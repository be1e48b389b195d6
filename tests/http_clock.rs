//! The HTTP layer waits on the clock it is given, never on its own: under a fixed clock a
//! retry or a full rate-limit window moves the time on by exactly the wait, at once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use mockito::Server;

use rma_harvest::clock;
use rma_harvest::http::{HttpClient, Method, Request, RetryPolicy};

fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T01:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

#[test]
fn retries_after_429_wait_on_the_injected_clock() {
    let mut server = Server::new();
    let throttled = server
        .mock("GET", "/x")
        .with_status(429)
        .with_header("retry-after", "15")
        .expect(3)
        .create();
    let clock = clock::fixed(start());
    let http = HttpClient::new("Test", "ua", Duration::from_secs(5))
        .with_retry(RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        })
        .with_clock(clock.clone());
    let err = http
        .send(&Request::new(Method::Get, format!("{}/x", server.url())))
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    throttled.assert();
    assert_eq!(clock.now(), start() + chrono::Duration::seconds(30));
}

#[test]
fn pacing_waits_out_the_window_on_the_injected_clock() {
    let mut server = Server::new();
    let ok = server.mock("GET", "/x").expect(3).create();
    let clock = clock::fixed(start());
    let http = HttpClient::new("Test", "ua", Duration::from_secs(5))
        .with_rate_limit(2, Duration::from_secs(15))
        .with_clock(clock.clone());
    for _ in 0..3 {
        http.send(&Request::new(Method::Get, format!("{}/x", server.url())))
            .unwrap();
    }
    ok.assert();
    assert_eq!(clock.now(), start() + chrono::Duration::seconds(15));
}
