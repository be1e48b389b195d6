//! What a failed request was, in words that never carry a secret.

use crate::failure::Category;
use crate::msg;
use crate::words::{self, Message};

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("{}", words::render(&self.message()))]
    Unreachable {
        service: &'static str,
        method: &'static str,
        path: String,
        detail: String,
    },
    /// The request went out but no answer came back: the server may or may not have done it.
    #[error("{}", words::render(&self.message()))]
    Lost {
        service: &'static str,
        method: &'static str,
        path: String,
        detail: String,
    },
    /// Not sent: the service failed [`super::GIVE_UP_AFTER`] times in a row in this run.
    #[error("{}", words::render(&self.message()))]
    GaveUp {
        service: &'static str,
        method: &'static str,
        path: String,
        failures: usize,
    },
    /// Not sent: a signal asked the run to stop.
    #[error("{}", words::render(&self.message()))]
    Stopped {
        service: &'static str,
        method: &'static str,
        path: String,
    },
    #[error("{}", words::render(&self.message()))]
    Status {
        service: &'static str,
        method: &'static str,
        path: String,
        status: u16,
        body: String,
    },
}

impl HttpError {
    /// What happened, for a person (the error's `Display` renders it).
    pub fn message(&self) -> Message {
        match self {
            HttpError::Unreachable {
                service,
                method,
                path,
                detail,
            } => msg!(
                "http-unreachable",
                service = *service,
                method = *method,
                path = path,
                detail = transport_detail(detail)
            ),
            HttpError::Lost {
                service,
                method,
                path,
                detail,
            } => msg!(
                "http-lost",
                service = *service,
                method = *method,
                path = path,
                detail = transport_detail(detail)
            ),
            HttpError::GaveUp {
                service,
                method,
                path,
                failures,
            } => msg!(
                "http-gave-up",
                service = *service,
                method = *method,
                path = path,
                failures = *failures
            ),
            HttpError::Stopped {
                service,
                method,
                path,
            } => msg!(
                "http-stopped",
                service = *service,
                method = *method,
                path = path
            ),
            HttpError::Status {
                service,
                method,
                path,
                status,
                body,
            } => msg!(
                "http-status",
                service = *service,
                method = *method,
                path = path,
                status = u32::from(*status),
                body = body_message(body)
            ),
            // A variant with its own `#[error]` text (added by another branch) is shown as it
            // says itself; a variant whose Display is this function must have its arm above.
            #[allow(unreachable_patterns)]
            other => Message::Text(other.to_string()),
        }
    }

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
            HttpError::Stopped { .. } => Category::Stopped,
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

/// The transport's own words for the common failures, in the reader's language; anything
/// else as the HTTP library said it.
fn transport_detail(detail: &str) -> Message {
    // An I/O error comes as "connection error: <kind>" (`describe_transport_error`).
    match detail.strip_prefix("connection error: ").unwrap_or(detail) {
        "timed out" => msg!("http-detail-timed-out"),
        "connection refused" => msg!("http-detail-connection-refused"),
        "connection reset" => msg!("http-detail-connection-reset"),
        "host not found" => msg!("http-detail-host-not-found"),
        _ => Message::Text(detail.to_string()),
    }
}

/// [`short_body`], with its placeholders for an empty body or an HTML page translated.
fn body_message(body: &str) -> Message {
    match short_body(body).as_str() {
        "(no details)" => msg!("http-body-empty"),
        "(HTML page)" => msg!("http-body-html"),
        other => Message::Text(other.to_string()),
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
pub(super) fn short_body(body: &str) -> String {
    let scrubbed = crate::secret::scrub(body);
    if scrubbed.is_empty() {
        return "(no details)".into();
    }
    if scrubbed.starts_with('<') && !scrubbed.starts_with("<?xml") {
        return "(HTML page)".into();
    }
    cut(&scrubbed)
}

pub(super) fn cut(text: &str) -> String {
    let mut s: String = text.chars().take(300).collect();
    if text.chars().count() > 300 {
        s.push('…');
    }
    s
}

/// The part of an error body the program keeps: scrubbed at once, so no error, run log
/// entry or state row made from it can carry a secret, and bounded in size.
pub(super) fn kept_body(body: &str) -> String {
    const KEPT: usize = 64 * 1024;
    let end = (0..=KEPT.min(body.len()))
        .rev()
        .find(|i| body.is_char_boundary(*i))
        .unwrap_or(0);
    crate::secret::scrub(&body[..end])
}
