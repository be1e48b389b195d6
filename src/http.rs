//! The HTTP layer both service clients share: one `ureq::Agent` per service with timeouts,
//! retries with capped exponential backoff for idempotent requests, `Retry-After`, pacing
//! under a rate limit, and errors that never carry a secret.
//!
//! A request that may have changed something on the server (POST) is never retried after a
//! lost answer: the caller looks the result up instead (DESIGN §5.7).

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::{self, SharedClock};
use crate::failure::Category;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }

    /// GET and DELETE may be sent again after a lost answer; POST may not.
    fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{service} could not be reached ({method} {path}: {detail})")]
    Unreachable {
        service: &'static str,
        method: &'static str,
        path: String,
        detail: String,
    },
    /// The request went out but no answer came back: the server may or may not have done it.
    #[error("{service} did not answer {method} {path} ({detail}); it may have been done, the next run checks")]
    Lost {
        service: &'static str,
        method: &'static str,
        path: String,
        detail: String,
    },
    #[error("{service} answered {status} to {method} {path}: {}", short_body(body))]
    Status {
        service: &'static str,
        method: &'static str,
        path: String,
        status: u16,
        body: String,
    },
}

impl HttpError {
    pub fn status(&self) -> Option<u16> {
        match self {
            HttpError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn body(&self) -> &str {
        match self {
            HttpError::Status { body, .. } => body,
            _ => "",
        }
    }

    /// What happened, for the caller to decide what it means for its run.
    pub fn category(&self) -> Category {
        match self {
            HttpError::Status {
                status: 401 | 403, ..
            } => Category::Auth,
            HttpError::Lost { .. } => Category::Lost,
            // A write that failed on the server side may still have happened (a 500 after the
            // database commit): treat it as lost, so the next run looks it up.
            HttpError::Status { status, method, .. } if *status >= 500 && *method != "GET" => {
                Category::Lost
            }
            HttpError::Status { status, .. } if (400..500).contains(status) && *status != 429 => {
                Category::Refused
            }
            _ => Category::Unavailable,
        }
    }

    /// True when the request certainly did nothing on the server and may be sent again.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            HttpError::Unreachable { .. }
                | HttpError::Status {
                    status: 429 | 500 | 502 | 503 | 504,
                    ..
                }
        )
    }
}

/// The human part of an error body: Harvest's `message`, OAuth's `error_description`, RMA's
/// `error`, or the body itself, cut short. Scrubbed of secrets like every server text.
pub fn error_message(body: &str) -> String {
    let json: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let field = json.as_ref().and_then(|v| {
        ["message", "error_description", "error"]
            .iter()
            .find_map(|k| v.get(*k).and_then(|m| m.as_str()).map(str::to_string))
    });
    match field {
        // Decoded JSON may spell out what the raw text escaped, so it is scrubbed again.
        Some(text) => cut(&crate::secret::scrub(&text)),
        None => match short_body(body).as_str() {
            "(no details)" => "(no reason given)".into(),
            other => other.to_string(),
        },
    }
}

/// Error bodies can be whole HTML pages; a few hundred characters on one line say enough.
fn short_body(body: &str) -> String {
    let scrubbed = crate::secret::scrub(body);
    if scrubbed.is_empty() {
        return "(no details)".into();
    }
    if scrubbed.starts_with('<') && !scrubbed.starts_with("<?xml") {
        return "(HTML page)".into();
    }
    cut(&scrubbed)
}

fn cut(text: &str) -> String {
    let mut s: String = text.chars().take(300).collect();
    if text.chars().count() > 300 {
        s.push('…');
    }
    s
}

/// The part of an error body the program keeps: scrubbed at once, so no error, run log
/// entry or state row made from it can carry a secret, and bounded in size.
fn kept_body(body: &str) -> String {
    const KEPT: usize = 64 * 1024;
    let end = (0..=KEPT.min(body.len()))
        .rev()
        .find(|i| body.is_char_boundary(*i))
        .unwrap_or(0);
    crate::secret::scrub(&body[..end])
}

/// One outgoing request. Headers holding secrets are never logged: only method and path are.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<(&'static str, Vec<u8>)>,
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = Some(("application/json", body.to_string().into_bytes()));
        self
    }

    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some(("application/x-www-form-urlencoded", encoded.into_bytes()));
        self
    }

    /// Path and query for messages: everything after the host.
    pub fn path(&self) -> String {
        path_of(&self.url)
    }
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<Duration>,
}

/// How hard to try before giving up.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`: the server's `Retry-After` when it sent
    /// one, else 1 s, 2 s, 4 s … — both capped, so a cron job never hangs for long.
    pub fn wait(&self, retry_after: Option<Duration>, attempt: u32) -> Duration {
        retry_after
            .unwrap_or_else(|| self.base_delay * 2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max_delay)
    }
}

/// At most `limit` requests in any sliding `window`.
#[derive(Debug)]
struct Pacer {
    limit: usize,
    window: Duration,
    sent: VecDeque<DateTime<Utc>>,
}

/// Time from `earlier` to `later`; zero if the clock went back.
fn elapsed(earlier: DateTime<Utc>, later: DateTime<Utc>) -> Duration {
    (later - earlier).to_std().unwrap_or(Duration::ZERO)
}

impl Pacer {
    /// Paces a tenth below a service's published limit (Harvest: 100 per 15 s, so 90): the
    /// service counts arrivals on its own clock, and varying latency can bunch requests that
    /// left a little apart into one of its windows. Small limits (tests) stay as they are.
    fn below(published_limit: usize, window: Duration) -> Pacer {
        Pacer {
            limit: (published_limit - published_limit / 10).max(1),
            window,
            sent: VecDeque::new(),
        }
    }

    /// How long to wait before the next request may go out.
    fn wait_before_next(&mut self, now: DateTime<Utc>) -> Duration {
        while let Some(&first) = self.sent.front() {
            if elapsed(first, now) >= self.window {
                self.sent.pop_front();
            } else {
                break;
            }
        }
        if self.sent.len() < self.limit {
            return Duration::ZERO;
        }
        let oldest = *self.sent.front().expect("non-empty at limit");
        self.window.saturating_sub(elapsed(oldest, now))
    }
}

pub struct HttpClient {
    service: &'static str,
    agent: ureq::Agent,
    retry: RetryPolicy,
    pacer: Option<Mutex<Pacer>>,
    clock: SharedClock,
    user_agent: String,
}

impl HttpClient {
    pub fn new(
        service: &'static str,
        user_agent: impl Into<String>,
        read_timeout: Duration,
    ) -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(read_timeout))
            .build();
        HttpClient {
            service,
            agent: config.into(),
            retry: RetryPolicy::default(),
            pacer: None,
            clock: clock::system(),
            user_agent: user_agent.into(),
        }
    }

    /// Paces requests under a service's published limit of `limit` per `window`, with a
    /// margin (see `Pacer::below`).
    pub fn with_rate_limit(mut self, limit: usize, window: Duration) -> Self {
        self.pacer = Some(Mutex::new(Pacer::below(limit, window)));
        self
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Retries and pacing wait on `clock` (the command layer's), not on the system clock.
    pub fn with_clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    pub fn clock(&self) -> &SharedClock {
        &self.clock
    }

    pub fn service(&self) -> &'static str {
        self.service
    }

    fn sleep(&self, d: Duration) {
        self.clock.sleep(d);
    }

    fn pace(&self) {
        if let Some(pacer) = &self.pacer {
            let mut p = pacer.lock().expect("pacer lock");
            let wait = p.wait_before_next(self.clock.now());
            if !wait.is_zero() {
                log::debug!("{}: pacing, waiting {:?}", self.service, wait);
                self.sleep(wait);
            }
            p.sent.push_back(self.clock.now());
        }
    }

    /// Sends once: the raw outcome, a status of any value, or a transport error.
    fn send_once(&self, req: &Request) -> Result<Response, ureq::Error> {
        self.pace();
        let mut builder = ureq::http::Request::builder()
            .method(req.method.as_str())
            .uri(&req.url)
            .header("User-Agent", &self.user_agent);
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        let body = match &req.body {
            Some((content_type, bytes)) => {
                builder = builder.header("Content-Type", *content_type);
                bytes.clone()
            }
            None => Vec::new(),
        };
        let request = builder.body(body)?;
        let response = self.agent.run(request)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = response
            .into_body()
            .with_config()
            .limit(512 * 1024 * 1024)
            .read_to_string()?;
        Ok(Response {
            status,
            body,
            retry_after,
        })
    }

    /// Sends with retries and returns a 2xx response, or the error that ended the attempts.
    /// Non-2xx answers that are not worth retrying come back as [`HttpError::Status`].
    pub fn send(&self, req: &Request) -> Result<Response, HttpError> {
        // A path can hold server text (Harvest's next-page links).
        let path = crate::secret::scrub(&req.path());
        let method = req.method.as_str();
        let mut attempt = 0;
        loop {
            attempt += 1;
            log::debug!(
                "{}: {} {} (attempt {})",
                self.service,
                method,
                path,
                attempt
            );
            let outcome = self.send_once(req);
            let last = attempt >= self.retry.max_attempts;
            match outcome {
                Ok(resp) if (200..300).contains(&resp.status) => return Ok(resp),
                Ok(resp) => {
                    // 429 means "not done, come back later" for every method; 5xx gateway errors
                    // may hide a write that happened, so only idempotent requests repeat them.
                    let retryable = resp.status == 429
                        || (req.method.is_idempotent()
                            && matches!(resp.status, 500 | 502 | 503 | 504));
                    if retryable && !last {
                        let wait = self.retry.wait(resp.retry_after, attempt);
                        log::warn!(
                            "{} answered {} to {} {}; trying again in {:?}",
                            self.service,
                            resp.status,
                            method,
                            path,
                            wait
                        );
                        self.sleep(wait);
                        continue;
                    }
                    return Err(HttpError::Status {
                        service: self.service,
                        method,
                        path,
                        status: resp.status,
                        body: kept_body(&resp.body),
                    });
                }
                Err(err) => {
                    let detail = crate::secret::scrub(&describe_transport_error(&err));
                    if !req.method.is_idempotent() {
                        // Connection refused before anything was sent is safe to report as
                        // unreachable; anything later might have reached the server.
                        if matches!(
                            err,
                            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound
                        ) {
                            return Err(HttpError::Unreachable {
                                service: self.service,
                                method,
                                path,
                                detail,
                            });
                        }
                        return Err(HttpError::Lost {
                            service: self.service,
                            method,
                            path,
                            detail,
                        });
                    }
                    if !last {
                        let wait = self.retry.wait(None, attempt);
                        log::warn!(
                            "{}: {} {} failed ({}); trying again in {:?}",
                            self.service,
                            method,
                            path,
                            detail,
                            wait
                        );
                        self.sleep(wait);
                        continue;
                    }
                    return Err(HttpError::Unreachable {
                        service: self.service,
                        method,
                        path,
                        detail,
                    });
                }
            }
        }
    }
}

fn describe_transport_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "connection refused".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::Io(e) => format!("connection error: {}", e.kind()),
        other => {
            // ureq errors never include request headers, so no token can leak here.
            other.to_string()
        }
    }
}

/// Everything but RFC 3986's unreserved characters is encoded.
const COMPONENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a path segment or a query value.
pub fn url_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

/// Splits `a=1&b=2` into decoded pairs (`+` is a space).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
