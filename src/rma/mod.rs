//! The Run my Accounts REST API client: Bearer key, JSON, tolerant reading.
//! It knows nothing about Harvest or the sync.

pub mod client;
pub mod payments;
pub mod types;

pub use client::RmaClient;

use crate::failure::Category;
use crate::http::HttpError;
use crate::msg;
use crate::words::{self, Message};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Http(#[from] HttpError),
    /// RMA refused the request and said why (`{"error": "..."}`, A3).
    #[error("{}", words::render(&self.message()))]
    Refused(String),
    /// RMA does not know the tenant (it answers "Client not found", or 404/403 where only a
    /// wrong tenant explains it). Retrying cannot help: the configuration must change.
    #[error("{}", words::render(&self.message()))]
    UnknownTenant { tenant: String, detail: String },
    #[error("{}", words::render(&self.message()))]
    Decode { what: String, detail: String },
    /// A write answered with a success status whose body does not prove it was done: it
    /// may or may not have happened, so the item is looked up before it is called done.
    #[error("{}", words::render(&self.message()))]
    Unproven { what: String, detail: String },
}

impl Error {
    /// What happened, for a person (the error's `Display` renders it).
    pub fn message(&self) -> Message {
        match self {
            Error::Http(e) => e.message(),
            Error::Refused(reason) => msg!("rma-refused", reason = reason),
            Error::UnknownTenant { tenant, detail } => {
                msg!("rma-unknown-tenant", tenant = tenant, detail = detail)
            }
            Error::Decode { what, detail } => msg!(
                "rma-decode",
                what = what,
                detail = crate::secret::scrub(detail)
            ),
            Error::Unproven { what, detail } => msg!(
                "rma-unproven",
                what = what,
                detail = crate::secret::scrub(detail)
            ),
            // A variant with its own `#[error]` text (added by another branch) is shown as it
            // says itself; a variant whose Display is this function must have its arm above.
            #[allow(unreachable_patterns)]
            other => Message::Text(other.to_string()),
        }
    }

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
