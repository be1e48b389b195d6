//! Fault injection and the request log, shared by both fakes so that "the k-th write" counts
//! across Harvest and Run my Accounts alike.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::request::HttpRequest;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Harvest,
    Rma,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this status and do nothing.
    Status(u16),
    /// Do the request, then close the connection without an answer.
    DropAfterApply,
    /// Answer after this delay.
    Delay(Duration),
    /// Answer 200 with this JSON body and do nothing: an answer of an unexpected shape.
    Body(&'static str),
}

#[derive(Debug, Clone)]
pub struct LoggedRequest {
    pub service: Service,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub is_write: bool,
    pub fault: Option<String>,
}

#[derive(Debug)]
struct Rule {
    service: Option<Service>,
    method: Option<String>,
    path_contains: String,
    remaining: usize,
    kind: FaultKind,
}

#[derive(Debug, Default)]
struct Inner {
    rules: Vec<Rule>,
    /// (write number counted from the arming, fault)
    nth_write: Vec<(usize, FaultKind)>,
    writes_since_armed: usize,
    latency: Duration,
    log: Vec<LoggedRequest>,
}

#[derive(Debug, Clone, Default)]
pub struct Faults {
    inner: Arc<Mutex<Inner>>,
}

impl Faults {
    /// The `n`-th write from now (1-based, both services) gets `kind`.
    pub fn fail_nth_write(&self, n: usize, kind: FaultKind) {
        let mut i = self.inner.lock().unwrap();
        i.writes_since_armed = 0;
        i.nth_write.push((n, kind));
    }

    /// The next `times` requests matching get `kind`.
    pub fn fail_next(
        &self,
        service: Option<Service>,
        method: Option<&str>,
        path_contains: &str,
        times: usize,
        kind: FaultKind,
    ) {
        self.inner.lock().unwrap().rules.push(Rule {
            service,
            method: method.map(str::to_string),
            path_contains: path_contains.to_string(),
            remaining: times,
            kind,
        });
    }

    /// Added to every request (benchmarks).
    pub fn set_latency(&self, d: Duration) {
        self.inner.lock().unwrap().latency = d;
    }

    pub fn clear(&self) {
        let mut i = self.inner.lock().unwrap();
        i.rules.clear();
        i.nth_write.clear();
        i.writes_since_armed = 0;
    }

    pub(crate) fn before(
        &self,
        service: Service,
        req: &HttpRequest,
        is_write: bool,
    ) -> Option<FaultKind> {
        let latency;
        let fault = {
            let mut i = self.inner.lock().unwrap();
            latency = i.latency;
            let mut fault = None;
            if is_write {
                i.writes_since_armed += 1;
                let n = i.writes_since_armed;
                if let Some(pos) = i.nth_write.iter().position(|(k, _)| *k == n) {
                    fault = Some(i.nth_write.remove(pos).1);
                }
            }
            if fault.is_none() {
                if let Some(rule) = i.rules.iter_mut().find(|r| {
                    r.remaining > 0
                        && r.service.is_none_or(|s| s == service)
                        && r.method
                            .as_deref()
                            .is_none_or(|m| m.eq_ignore_ascii_case(&req.method))
                        && req.path.contains(&r.path_contains)
                }) {
                    rule.remaining -= 1;
                    fault = Some(rule.kind);
                }
            }
            fault
        };
        if !latency.is_zero() {
            std::thread::sleep(latency);
        }
        fault
    }

    pub(crate) fn log(
        &self,
        service: Service,
        req: &HttpRequest,
        status: u16,
        is_write: bool,
        fault: Option<String>,
    ) {
        self.inner.lock().unwrap().log.push(LoggedRequest {
            service,
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.raw_query.clone(),
            status,
            is_write,
            fault,
        });
    }

    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.inner.lock().unwrap().log.clone()
    }

    pub fn clear_requests(&self) {
        self.inner.lock().unwrap().log.clear();
    }
}
