//! Fault injection and the request log, shared by both fakes so that "the k-th write" counts
//! across Harvest and Run my Accounts alike.

use std::sync::{Arc, Condvar, Mutex};
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
    /// Answer 200 with an HTML maintenance page and do nothing.
    Html,
    /// Wait until the test calls [`Faults::release`], then do the request: a write held in
    /// flight, so a test can act (send a signal) at a known point of a run.
    Hold,
}

/// Whether a fake's listener takes connections (see [`Faults::refuse_after_nth_write`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Listening {
    Open,
    /// The k-th write was done: the listener closes before that write is answered.
    Closing,
    Closed,
    /// The test wants it back: the listener binds its address again.
    Reopening,
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
    /// (service, write number from the arming, fault for everything from then on)
    from_nth_write: Vec<(Service, usize, FaultKind)>,
    /// A service that gets this fault for every request until `clear`.
    everything: Vec<(Service, FaultKind)>,
    /// (service, write number) after which the service refuses connections.
    refuse_after: Vec<(Service, usize)>,
    listening: Vec<(Service, Listening)>,
    held: usize,
    released: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Faults {
    inner: Arc<Mutex<Inner>>,
    /// Woken when `listening`, `held` or `released` change.
    changed: Arc<Condvar>,
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

    /// From the `n`-th write from now (1-based, both services) on, every request to
    /// `service` gets `kind` until [`Faults::clear`]: a service that goes down mid-run.
    pub fn everything_from_nth_write(&self, service: Service, n: usize, kind: FaultKind) {
        let mut i = self.inner.lock().unwrap();
        i.writes_since_armed = 0;
        i.from_nth_write.push((service, n, kind));
    }

    /// After the `n`-th write from now (1-based, both services) has been done, `service`
    /// refuses connections (its listener is closed) until [`Faults::clear`].
    pub fn refuse_after_nth_write(&self, service: Service, n: usize) {
        let mut i = self.inner.lock().unwrap();
        i.writes_since_armed = 0;
        i.refuse_after.push((service, n));
    }

    /// Waits (at most `timeout`) until a request is held by [`FaultKind::Hold`].
    pub fn wait_until_held(&self, timeout: Duration) -> bool {
        let i = self.inner.lock().unwrap();
        let (i, _) = self
            .changed
            .wait_timeout_while(i, timeout, |i| i.held == 0)
            .unwrap();
        i.held > 0
    }

    /// Lets held requests go on (and any later [`FaultKind::Hold`] pass at once).
    pub fn release(&self) {
        self.inner.lock().unwrap().released = true;
        self.changed.notify_all();
    }

    pub fn clear(&self) {
        let mut i = self.inner.lock().unwrap();
        i.rules.clear();
        i.nth_write.clear();
        i.from_nth_write.clear();
        i.everything.clear();
        i.refuse_after.clear();
        i.writes_since_armed = 0;
        i.released = true;
        // A closed listener is opened again before `clear` returns.
        for (_, l) in i.listening.iter_mut() {
            if *l == Listening::Closed {
                *l = Listening::Reopening;
            }
        }
        self.changed.notify_all();
        let i = self
            .changed
            .wait_while(i, |i| {
                i.listening.iter().any(|(_, l)| *l == Listening::Reopening)
            })
            .unwrap();
        drop(i);
    }

    pub(crate) fn listening(&self, service: Service) -> Listening {
        let i = self.inner.lock().unwrap();
        i.listening
            .iter()
            .find(|(s, _)| *s == service)
            .map_or(Listening::Open, |(_, l)| *l)
    }

    pub(crate) fn set_listening(&self, service: Service, state: Listening) {
        let mut i = self.inner.lock().unwrap();
        i.listening.retain(|(s, _)| *s != service);
        i.listening.push((service, state));
        self.changed.notify_all();
    }

    /// Blocks while `service`'s listener is in `state`.
    pub(crate) fn wait_while_listening(&self, service: Service, state: Listening) {
        let i = self.inner.lock().unwrap();
        let _i = self
            .changed
            .wait_while(i, |i| {
                i.listening
                    .iter()
                    .any(|(s, l)| *s == service && *l == state)
            })
            .unwrap();
    }

    /// A [`FaultKind::Hold`]: blocks until [`Faults::release`].
    pub(crate) fn hold(&self) {
        let mut i = self.inner.lock().unwrap();
        i.held += 1;
        self.changed.notify_all();
        let mut i = self.changed.wait_while(i, |i| !i.released).unwrap();
        i.held -= 1;
    }

    /// True when this write was the one after which `service` refuses connections.
    pub(crate) fn closes_after(&self, service: Service) -> bool {
        let mut i = self.inner.lock().unwrap();
        let n = i.writes_since_armed;
        match i
            .refuse_after
            .iter()
            .position(|(s, k)| *s == service && *k == n)
        {
            Some(pos) => {
                i.refuse_after.remove(pos);
                true
            }
            None => false,
        }
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
                // Armed at the n-th write whichever service it goes to.
                if let Some(pos) = i.from_nth_write.iter().position(|(_, k, _)| *k == n) {
                    let (s, _, kind) = i.from_nth_write.remove(pos);
                    i.everything.push((s, kind));
                }
            }
            if fault.is_none() {
                fault = i
                    .everything
                    .iter()
                    .find(|(s, _)| *s == service)
                    .map(|(_, k)| *k);
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
