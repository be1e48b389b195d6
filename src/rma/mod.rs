//! The Run my Accounts REST API client (rma.md): Bearer key, JSON, tolerant reading.
//! It knows nothing about Harvest or the sync.

pub mod client;
pub mod payments;
pub mod types;

pub use client::RmaClient;

use crate::exit::ExitCode;
use crate::http::HttpError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// RMA refused the request and said why (`{"error": "..."}`, A3).
    #[error("Run my Accounts refused it: {0}")]
    Refused(String),
    #[error("no Run my Accounts API key: set rma.api_key in the configuration or RMA_API_KEY")]
    NoApiKey,
    #[error(
        "Run my Accounts sent something unexpected for {what}: {}",
        crate::secret::scrub(detail)
    )]
    Decode { what: String, detail: String },
}

impl Error {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Error::Http(e) => e.exit_code(),
            Error::Refused(_) => ExitCode::Refused,
            Error::NoApiKey => ExitCode::Usage,
            Error::Decode { .. } => ExitCode::Unreachable,
        }
    }
}
