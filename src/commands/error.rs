//! The one place where a failure becomes an exit code (README "Exit codes"). The lower layers only say
//! what kind of failure happened ([`Category`]); every command returns [`CommandError`], and
//! `lib::run_with` prints it and exits with [`CommandError::exit_code`].

use crate::config::ConfigError;
use crate::exit::ExitCode;
use crate::failure::Category;
use crate::http::HttpError;
use crate::state::StateError;
use crate::sync::ServiceError;
use crate::words::{self, Message};
use crate::{harvest, msg, rma};

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    Harvest(#[from] harvest::Error),
    #[error(transparent)]
    Rma(#[from] rma::Error),
    #[error(transparent)]
    Service(#[from] ServiceError),
    #[error(transparent)]
    Http(#[from] HttpError),
    /// A command's own finding (the wrong Harvest account, a missing setting, …), classified
    /// where it is made.
    #[error("{}", words::render(message))]
    Failure {
        category: Category,
        message: Message,
    },
    /// Local input or output: the terminal, the browser listener, JSON output.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

pub type Result<T> = std::result::Result<T, CommandError>;

impl CommandError {
    /// Text (a `String`) is shown as it is; new sentences are a [`Message`] (`msg!`).
    pub fn new(category: Category, message: impl Into<Message>) -> CommandError {
        CommandError::Failure {
            category,
            message: message.into(),
        }
    }

    /// A setting is missing or wrong (exit 2).
    pub fn config(message: impl Into<Message>) -> CommandError {
        CommandError::new(Category::Config, message)
    }

    /// Authentication failed (exit 3).
    pub fn auth(message: impl Into<Message>) -> CommandError {
        CommandError::new(Category::Auth, message)
    }

    pub fn category(&self) -> Category {
        match self {
            CommandError::Config(_) => Category::Config,
            CommandError::State(e) => e.category(),
            CommandError::Harvest(e) => e.category(),
            CommandError::Rma(e) => e.category(),
            CommandError::Service(e) => e.category(),
            CommandError::Http(e) => e.category(),
            CommandError::Failure { category, .. } => *category,
            // The command could not finish; no exit code fits better than "kept
            // failing", and it is what such failures always exited with.
            CommandError::Io(_) | CommandError::Json(_) => Category::Unavailable,
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        stop_code(self.category())
    }

    /// What a person should do, for the run log's last event; `None` when the message
    /// already says it.
    pub fn advice_message(&self) -> Option<Message> {
        let text = self.to_string();
        match self.category() {
            // The client's own message already says what to do about a rejected Harvest token.
            // So do the messages that name the key to set (issue 19: advice once).
            Category::Auth
                if ["rma-harvest auth", "harvest.access_token", "rma.api_key"]
                    .iter()
                    .any(|k| text.contains(k)) =>
            {
                None
            }
            Category::Auth if self.is_rma() => Some(msg!("advice-check-rma-key")),
            Category::Auth => Some(msg!("advice-run-auth")),
            Category::WrongTenant => Some(msg!("advice-wrong-tenant")),
            Category::Config => None,
            _ => Some(msg!("advice-next-run-continues")),
        }
    }

    /// [`Self::advice_message`] in the process's language; empty when there is none.
    pub fn advice(&self) -> String {
        self.advice_message()
            .map(|m| words::render(&m))
            .unwrap_or_default()
    }

    fn is_rma(&self) -> bool {
        match self {
            CommandError::Rma(_) => true,
            CommandError::Http(e) | CommandError::Harvest(harvest::Error::Http(e)) => {
                e.to_string().contains("Run my Accounts")
            }
            other => other.to_string().contains("Run my Accounts"),
        }
    }
}

/// The exit code of a command that had to stop because of a failure of this kind.
pub fn stop_code(category: Category) -> ExitCode {
    match category {
        // A request the command needed was refused, or got no answer: it could not go on.
        // (A refused or lost write of one item does not stop a run; see `outcome_code`.)
        Category::Refused | Category::Lost | Category::Unavailable => ExitCode::Unreachable,
        Category::Config => ExitCode::Usage,
        Category::Auth | Category::WrongTenant => ExitCode::Auth,
        Category::Locked => ExitCode::Locked,
        Category::State => ExitCode::State,
        Category::Stopped => match crate::stop::requested() {
            Some(crate::stop::Signal::Interrupt) => ExitCode::Interrupted,
            _ => ExitCode::Terminated,
        },
    }
}

/// The exit code of a run that went through, from the worst failure it met on the way: a
/// refused or lost write of one invoice or payment means "needs review" (1).
pub fn outcome_code(worst: Option<Category>) -> ExitCode {
    match worst {
        None => ExitCode::Success,
        Some(Category::Refused | Category::Lost) => ExitCode::Refused,
        Some(other) => stop_code(other),
    }
}

/// The error and its causes on one line, without repeating a cause that is already quoted.
pub fn error_text(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        let c_text = c.to_string();
        if !text.contains(&c_text) {
            text.push_str(": ");
            text.push_str(&c_text);
        }
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Category; 8] = [
        Category::Refused,
        Category::Lost,
        Category::Config,
        Category::Auth,
        Category::WrongTenant,
        Category::Unavailable,
        Category::Locked,
        Category::State,
    ];

    #[test]
    fn every_category_has_its_exit_code() {
        let table = [
            (Category::Refused, ExitCode::Unreachable, ExitCode::Refused),
            (Category::Lost, ExitCode::Unreachable, ExitCode::Refused),
            (Category::Config, ExitCode::Usage, ExitCode::Usage),
            (Category::Auth, ExitCode::Auth, ExitCode::Auth),
            (Category::WrongTenant, ExitCode::Auth, ExitCode::Auth),
            (
                Category::Unavailable,
                ExitCode::Unreachable,
                ExitCode::Unreachable,
            ),
            (Category::Locked, ExitCode::Locked, ExitCode::Locked),
            (Category::State, ExitCode::State, ExitCode::State),
        ];
        assert_eq!(table.len(), ALL.len());
        for (category, stopped, finished) in table {
            assert_eq!(
                stop_code(category),
                stopped,
                "{category:?} stopping a command"
            );
            assert_eq!(
                outcome_code(Some(category)),
                finished,
                "{category:?} met by a run"
            );
        }
        assert_eq!(outcome_code(None), ExitCode::Success);
    }

    #[test]
    fn the_worst_category_is_the_worst_exit_code() {
        // Report::raise keeps the most severe category; the code must agree with that order.
        for a in ALL {
            for b in ALL {
                if a < b {
                    assert!(
                        outcome_code(Some(a)) <= outcome_code(Some(b)),
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }

    fn status(method: &'static str, status: u16) -> HttpError {
        HttpError::Status {
            service: "Harvest",
            method,
            path: "/v2/x".into(),
            status,
            body: String::new(),
        }
    }

    /// The disagreements issue 12 found, each settled here once.
    #[test]
    fn layer_errors_reach_one_exit_code() {
        for (err, code) in http_cases().into_iter().chain(layer_cases()) {
            assert_eq!(err.exit_code(), code, "{err:?}");
        }
    }

    fn http_cases() -> Vec<(CommandError, ExitCode)> {
        vec![
            (status("GET", 401).into(), ExitCode::Auth),
            (status("GET", 403).into(), ExitCode::Auth),
            // A read the command needs, refused: it cannot go on (no longer 4 here, 1 there).
            (status("GET", 400).into(), ExitCode::Unreachable),
            (
                harvest::Error::Http(status("GET", 404)).into(),
                ExitCode::Unreachable,
            ),
            (
                ServiceError::Refused("no".into()).into(),
                ExitCode::Unreachable,
            ),
            (status("GET", 503).into(), ExitCode::Unreachable),
            (status("POST", 500).into(), ExitCode::Unreachable),
            (
                HttpError::Lost {
                    service: "Harvest",
                    method: "POST",
                    path: "/v2/x".into(),
                    detail: "timeout".into(),
                }
                .into(),
                ExitCode::Unreachable,
            ),
        ]
    }

    fn layer_cases() -> Vec<(CommandError, ExitCode)> {
        vec![
            // The state file failing while Harvest tokens are read or saved is the state file's
            // problem (it was exit 3).
            (
                harvest::Error::TokenStore {
                    action: "read",
                    detail: "disk I/O error".into(),
                }
                .into(),
                ExitCode::State,
            ),
            (
                StateError::Unreadable {
                    path: "s".into(),
                    reason: "x".into(),
                }
                .into(),
                ExitCode::State,
            ),
            (
                StateError::Locked { lock: "l".into() }.into(),
                ExitCode::Locked,
            ),
            (
                rma::Error::UnknownTenant {
                    tenant: "acme".into(),
                    detail: "404".into(),
                }
                .into(),
                ExitCode::Auth,
            ),
            (
                ServiceError::Failed {
                    category: Category::WrongTenant,
                    message: "x".into(),
                }
                .into(),
                ExitCode::Auth,
            ),
            (
                harvest::Error::AuthExpired("invalid_grant".into()).into(),
                ExitCode::Auth,
            ),
            (
                rma::Error::Decode {
                    what: "parts".into(),
                    detail: "x".into(),
                }
                .into(),
                ExitCode::Unreachable,
            ),
            (
                ConfigError::NotFound(vec!["a".into()]).into(),
                ExitCode::Usage,
            ),
            (CommandError::config("x"), ExitCode::Usage),
            (CommandError::auth("x"), ExitCode::Auth),
        ]
    }
}
