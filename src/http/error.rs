//! What a failed request was, in words that never carry a secret.

use crate::failure::Category;

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
    /// Not sent: the service failed [`super::GIVE_UP_AFTER`] times in a row in this run.
    #[error("{service} was not asked {method} {path}: it failed {failures} times in a row in this run, so nothing more is sent to it until the next run")]
    GaveUp {
        service: &'static str,
        method: &'static str,
        path: String,
        failures: usize,
    },
    /// Not sent: a signal asked the run to stop.
    #[error("{service} was not asked {method} {path}: the run was asked to stop")]
    Stopped {
        service: &'static str,
        method: &'static str,
        path: String,
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
