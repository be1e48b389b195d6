//! The HTTP layer both service clients share: one `ureq::Agent` per service with timeouts,
//! retries with capped exponential backoff for idempotent requests, `Retry-After`, pacing
//! under a rate limit, and errors that never carry a secret.
//!
//! A request that may have changed something on the server (POST) is never retried after a
//! lost answer: the caller looks the result up instead.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::clock::{self, SharedClock};

mod error;
mod pacing;
#[cfg(test)]
mod tests;

use error::kept_body;
pub use error::{error_message, HttpError};
use pacing::Pacer;
pub use pacing::RetryPolicy;

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

/// After this many failures in a row to reach a service (refused, reset, timed out, 5xx, or
/// a success answer that proves nothing), nothing more is sent to it in this run. Three,
/// because one failure is a blip that the next request often rides over, two in a row are
/// still seen during a restart, and a third means the service is gone for now: every further
/// write would only add an item for the next run to look up (issue 16).
pub const GIVE_UP_AFTER: usize = 3;

/// The longest a wait (backoff, pacing) sleeps before it looks whether a stop was asked for.
const STOP_CHECK: Duration = Duration::from_millis(200);

pub struct HttpClient {
    service: &'static str,
    /// Requests in a row that did not reach the service or got a 5xx; any other answer resets it.
    failures_in_a_row: AtomicUsize,
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
            failures_in_a_row: AtomicUsize::new(0),
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

    /// Sleeps in slices, so that a stop signal does not wait for a long backoff or pacing wait.
    fn sleep(&self, d: Duration) {
        let mut left = d;
        while !left.is_zero() && crate::stop::requested().is_none() {
            let slice = left.min(STOP_CHECK);
            self.clock.sleep(slice);
            left -= slice;
        }
    }

    /// A 2xx answer to a POST that does not prove the request was done (a maintenance
    /// page): the caller says so, and it counts as a failure to reach the service.
    pub fn note_unproven_answer(&self) {
        self.failures_in_a_row.fetch_add(1, Ordering::SeqCst);
    }

    /// A 2xx answer to a POST that proves it was done: the service is there.
    pub fn note_proven_answer(&self) {
        self.failures_in_a_row.store(0, Ordering::SeqCst);
    }

    /// True when this client sends nothing more in this run (see [`GIVE_UP_AFTER`]).
    pub fn gave_up(&self) -> bool {
        self.failures_in_a_row.load(Ordering::SeqCst) >= GIVE_UP_AFTER
    }

    fn pace(&self) {
        if let Some(pacer) = &self.pacer {
            let mut p = pacer.lock().expect("pacer lock");
            let wait = p.wait_before_next(self.clock.now());
            if !wait.is_zero() {
                log::debug!("{}: pacing, waiting {:?}", self.service, wait);
                self.sleep(wait);
            }
            p.sent_at(self.clock.now());
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
    /// Nothing is sent once a stop was asked for, or once the service failed
    /// [`GIVE_UP_AFTER`] times in a row.
    pub fn send(&self, req: &Request) -> Result<Response, HttpError> {
        let path = || crate::secret::scrub(&req.path());
        let method = req.method.as_str();
        let service = self.service;
        if crate::stop::requested().is_some() {
            let path = path();
            return Err(HttpError::Stopped {
                service,
                method,
                path,
            });
        }
        let failures = self.failures_in_a_row.load(Ordering::SeqCst);
        if failures >= GIVE_UP_AFTER {
            let path = path();
            return Err(HttpError::GaveUp {
                service,
                method,
                path,
                failures,
            });
        }
        let outcome = self.send_with_retries(req);
        let unreached = match &outcome {
            // Whether a POST's 2xx proves anything only its caller can tell (see
            // `note_proven_answer`): it neither counts nor resets here.
            Ok(_) if !req.method.is_idempotent() => return outcome,
            Ok(_) => false,
            Err(HttpError::Status { status, .. }) => *status >= 500,
            Err(HttpError::Unreachable { .. } | HttpError::Lost { .. }) => true,
            Err(HttpError::GaveUp { .. } | HttpError::Stopped { .. }) => false,
        };
        if unreached {
            self.failures_in_a_row.fetch_add(1, Ordering::SeqCst);
        } else if !matches!(&outcome, Err(e) if e.status() == Some(429) || e.category() == crate::failure::Category::Stopped)
        {
            self.failures_in_a_row.store(0, Ordering::SeqCst);
        }
        outcome
    }

    fn send_with_retries(&self, req: &Request) -> Result<Response, HttpError> {
        // A path can hold server text (Harvest's next-page links).
        let path = crate::secret::scrub(&req.path());
        let method = req.method.as_str();
        let mut attempt = 0;
        loop {
            if attempt > 0 && crate::stop::requested().is_some() {
                return Err(HttpError::Stopped {
                    service: self.service,
                    method,
                    path,
                });
            }
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
                        // A connection that was never made sent nothing: unreachable, safe to
                        // send again. Anything later might have reached the server.
                        if never_connected(&err) {
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

/// ureq 3 reports a refused connection as an I/O error, not as `ConnectionFailed`.
fn never_connected(err: &ureq::Error) -> bool {
    match err {
        ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => true,
        ureq::Error::Timeout(t) => matches!(t, ureq::Timeout::Connect | ureq::Timeout::Resolve),
        ureq::Error::Io(e) => matches!(
            e.kind(),
            std::io::ErrorKind::ConnectionRefused
                | std::io::ErrorKind::HostUnreachable
                | std::io::ErrorKind::NetworkUnreachable
                | std::io::ErrorKind::AddrNotAvailable
        ),
        _ => false,
    }
}

fn describe_transport_error(err: &ureq::Error) -> String {
    match err {
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "connection refused".into(),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".into()
        }
        ureq::Error::Io(e) => format!("connection error: {}", e.kind()),
        other => {
            // ureq errors never include request headers, so no token can leak here.
            other.to_string()
        }
    }
}

pub use crate::percent::url_encode;

/// Splits `a=1&b=2` into decoded pairs (`+` is a space).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}
