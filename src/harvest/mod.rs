//! The Harvest API v2 client (harvest.md): Bearer token, `Harvest-Account-Id`, paging that
//! follows `links.next`, OAuth2 refresh. It knows nothing about RMA or the sync.

pub mod client;
pub mod oauth;
pub mod types;

pub use client::{Credentials, DeleteOutcome, HarvestClient, SaveOutcome, TokenSet, TokenStore};

use crate::failure::Category;
use crate::http::HttpError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// Harvest refused to renew the connection: a person must run `auth` again.
    #[error("Harvest refused to renew the connection ({0}); run `rma-harvest auth` again")]
    AuthExpired(String),
    #[error(
        "Harvest sent something unexpected for {what}: {}",
        crate::secret::scrub(detail)
    )]
    Decode { what: String, detail: String },
    #[error("{0}")]
    Auth(String),
    /// A write answered in a way that does not prove it was done: it may have happened.
    #[error("{0}")]
    Unproven(String),
    /// The token store (the state file, for the command layer) failed to load or save.
    #[error("the Harvest connection could not be {action}: {detail}")]
    TokenStore {
        action: &'static str,
        detail: String,
    },
}

impl Error {
    pub fn category(&self) -> Category {
        match self {
            Error::Http(e) => e.category(),
            Error::AuthExpired(_) | Error::Auth(_) => Category::Auth,
            Error::Decode { .. } => Category::Unavailable,
            Error::Unproven(_) => Category::Lost,
            Error::TokenStore { .. } => Category::State,
        }
    }
}
