//! The HTTP layer both service clients share: one `ureq::Agent` per service with timeouts,
//! retries with capped exponential backoff for idempotent requests, `Retry-After`, pacing
//! under a rate limit, and errors that never carry a secret.
//!
//! A request that may have changed something on the server (POST) is never retried after a
//! lost answer: the caller looks the result up instead.

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
