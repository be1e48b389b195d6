//! The Harvest API v2 client (harvest.md): Bearer token, `Harvest-Account-Id`, paging that
//! follows `links.next`, OAuth2 refresh. It knows nothing about RMA or the sync.

pub mod client;
pub mod oauth;
pub mod types;

pub use client::{connect, Credentials, DeleteOutcome, HarvestClient, TokenSet};

use crate::exit::ExitCode;
use crate::http::HttpError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// Harvest refused to renew the connection: a person must run `auth` again.
    #[error("Harvest refused to renew the connection ({0}); run `rma-harvest auth` again")]
    AuthExpired(String),
    #[error("Harvest is not connected: run `rma-harvest auth` (or set harvest.access_token and harvest.account_id)")]
    NotConnected,
    #[error("{0}")]
    Config(String),
    #[error(
        "Harvest sent something unexpected for {what}: {}",
        crate::secret::scrub(detail)
    )]
    Decode { what: String, detail: String },
    #[error("{0}")]
    Auth(String),
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Http(e) => e.exit_code(),
            Error::AuthExpired(_) | Error::NotConnected | Error::Auth(_) => ExitCode::Auth,
            Error::Config(_) => ExitCode::Usage,
            Error::Decode { .. } => ExitCode::Unreachable,
        }
    }
}
