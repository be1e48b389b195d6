//! The Run my Accounts REST API client (rma.md): Bearer key, JSON, tolerant reading.
//! It knows nothing about Harvest or the sync.

pub mod client;
pub mod payments;
pub mod types;

pub use client::RmaClient;

use crate::failure::Category;
use crate::http::HttpError;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// RMA refused the request and said why (`{"error": "..."}`, A3).
    #[error("Run my Accounts refused it: {0}")]
    Refused(String),
    /// RMA does not know the tenant (it answers "Client not found", or 404/403 where only a
    /// wrong tenant explains it). Retrying cannot help: the configuration must change.
    #[error("Run my Accounts does not know the tenant \"{tenant}\" or refuses this API key access to it ({detail}); check rma.tenant (and that rma.api_key belongs to that tenant)")]
    UnknownTenant { tenant: String, detail: String },
    #[error(
        "Run my Accounts sent something unexpected for {what}: {}",
        crate::secret::scrub(detail)
    )]
    Decode { what: String, detail: String },
    /// A write answered with a success status whose body does not prove it was done: it
    /// may or may not have happened, so the item is looked up before it is called done.
    #[error(
        "Run my Accounts answered {} to {what}, which does not prove it was done; it is checked before it counts",
        crate::secret::scrub(detail)
    )]
    Unproven { what: String, detail: String },
}

impl Error {
    pub fn category(&self) -> Category {
        match self {
            Error::Http(e) => e.category(),
            Error::Refused(_) => Category::Refused,
            Error::UnknownTenant { .. } => Category::WrongTenant,
            Error::Decode { .. } => Category::Unavailable,
            Error::Unproven { .. } => Category::Lost,
        }
    }
}
