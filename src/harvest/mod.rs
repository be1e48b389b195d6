//! The Harvest API v2 client: Bearer token, `Harvest-Account-Id`, paging that
//! follows `links.next`, OAuth2 refresh. It knows nothing about RMA or the sync.

pub mod client;
pub mod oauth;
pub mod types;

pub use client::{Credentials, DeleteOutcome, HarvestClient, SaveOutcome, TokenSet, TokenStore};

use crate::failure::Category;
use crate::http::HttpError;
use crate::msg;
use crate::words::{self, Message};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// Harvest refused to renew the connection: a person must run `auth` again.
    #[error("{}", words::render(&self.message()))]
    AuthExpired(String),
    #[error("{}", words::render(&self.message()))]
    Decode { what: String, detail: String },
    #[error("{}", words::render(&self.message()))]
    Auth(Message),
    /// A write answered in a way that does not prove it was done: it may have happened.
    #[error("{}", words::render(&self.message()))]
    Unproven { status: u16 },
    /// The token store (the state file, for the command layer) failed to load or save.
    #[error("{}", words::render(&self.message()))]
    TokenStore {
        action: &'static str,
        detail: String,
    },
}

impl Error {
    /// What happened, for a person (the error's `Display` renders it).
    pub fn message(&self) -> Message {
        match self {
            Error::Http(e) => e.message(),
            Error::AuthExpired(reason) => msg!("harvest-auth-expired", reason = reason),
            Error::Decode { what, detail } => msg!(
                "harvest-decode",
                what = what,
                detail = crate::secret::scrub(detail)
            ),
            Error::Auth(m) => m.clone(),
            Error::Unproven { status } => {
                msg!("harvest-payment-unproven", status = u32::from(*status))
            }
            Error::TokenStore { action, detail } => {
                msg!("harvest-token-store", action = *action, detail = detail)
            }
            // A variant with its own `#[error]` text (added by another branch) is shown as it
            // says itself; a variant whose Display is this function must have its arm above.
            #[allow(unreachable_patterns)]
            other => Message::Text(other.to_string()),
        }
    }

    pub fn category(&self) -> Category {
        match self {
            Error::Http(e) => e.category(),
            Error::AuthExpired(_) | Error::Auth(_) => Category::Auth,
            Error::Decode { .. } => Category::Unavailable,
            Error::Unproven { .. } => Category::Lost,
            Error::TokenStore { .. } => Category::State,
        }
    }
}
