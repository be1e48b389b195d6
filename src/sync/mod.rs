//! One sync pass: read both sides, repair what an interrupted run left pending, plan, apply,
//! and report. The sync sees the two services only through the small traits below, so the
//! clients never know about each other or about the sync.

pub mod apply;
pub mod bulk_guard;
pub mod invoice_filter;
pub mod mapping;
pub mod plan;
mod problems;
mod read;
mod repair;
pub mod report;
pub mod services;
pub mod trace;
mod unreadable;

use chrono::NaiveDate;

use crate::failure::Category;
use crate::harvest::types as harvest;
use crate::rma::types as rma;

pub use problems::record_problems;
pub use read::{read_snapshot, ReadOptions};
pub use repair::repair;
pub use report::{Event, EventKind, Level, Report};

/// A failed remote call, as the sync needs to know it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    /// The service answered and refused: nothing happened there.
    #[error("{0}")]
    Refused(String),
    /// The thing the request was about does not exist (Harvest 404): nothing happened.
    #[error("{0}")]
    NotFound(String),
    /// The request went out and the answer was lost: it may have happened.
    #[error("{0}")]
    Lost(String),
    /// The service (or the state file) cannot be used now: stop the run.
    #[error("{message}")]
    Failed { category: Category, message: String },
}

impl ServiceError {
    pub fn category(&self) -> Category {
        match self {
            ServiceError::Refused(_) | ServiceError::NotFound(_) => Category::Refused,
            ServiceError::Lost(_) => Category::Lost,
            ServiceError::Failed { category, .. } => *category,
        }
    }
}

/// The state file failing in the middle of a run stops the run, like a service that is gone.
impl From<crate::state::StateError> for ServiceError {
    fn from(e: crate::state::StateError) -> ServiceError {
        ServiceError::Failed {
            category: e.category(),
            message: e.to_string(),
        }
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// What the sync needs from Harvest.
pub trait HarvestApi {
    fn invoices(
        &self,
        state: &str,
        from: Option<NaiveDate>,
    ) -> ServiceResult<harvest::Listed<harvest::Invoice>>;
    /// Every invoice issued `from..=to`, drafts included (`reconcile` compares a draft the
    /// state booked, and leaves the others out). By default one list per state; the real
    /// client asks once, without a state filter.
    fn issued_invoices(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ServiceResult<harvest::Listed<harvest::Invoice>> {
        let mut all = harvest::Listed {
            items: Vec::new(),
            unreadable: Vec::new(),
        };
        for state in ["draft", "open", "paid", "closed"] {
            let listed = self.invoices(state, Some(from))?;
            all.items
                .extend(listed.items.into_iter().filter(|i| i.issue_date <= to));
            all.unreadable.extend(listed.unreadable);
        }
        Ok(all)
    }
    fn clients(&self) -> ServiceResult<harvest::Listed<harvest::Client>>;
    fn contacts(&self) -> ServiceResult<harvest::Listed<harvest::Contact>>;
    fn item_categories(&self) -> ServiceResult<Vec<harvest::ItemCategory>>;
    fn payments(&self, invoice_id: i64) -> ServiceResult<Vec<harvest::Payment>>;
    fn create_payment(
        &self,
        invoice_id: i64,
        payment: &harvest::NewPayment,
    ) -> ServiceResult<harvest::Payment>;
    /// `Ok(false)` when the payment was already gone.
    fn delete_payment(&self, invoice_id: i64, payment_id: i64) -> ServiceResult<bool>;
    /// Things the run log should show (e.g. a connection about to expire).
    fn warnings(&self) -> Vec<String> {
        Vec::new()
    }
    /// True when Harvest failed too often in a row in this run: nothing more is sent to it.
    fn gave_up(&self) -> bool {
        false
    }
}

/// What the sync needs from Run my Accounts.
pub trait RmaApi {
    fn parts(&self) -> ServiceResult<Vec<rma::Part>>;
    fn customer(&self, number: &str) -> ServiceResult<Option<serde_json::Value>>;
    fn upsert_customer(&self, customer: &serde_json::Value) -> ServiceResult<()>;
    fn invoice(&self, invnumber: &str) -> ServiceResult<Option<rma::Invoice>>;
    fn invoices(&self, from: NaiveDate, to: NaiveDate) -> ServiceResult<Vec<rma::Invoice>>;
    fn create_invoice(&self, invoice: &rma::NewInvoice) -> ServiceResult<()>;
    fn payment_feed(
        &self,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> ServiceResult<Vec<rma::FeedRow>>;
    fn acknowledge_payments(&self, ids: &[i64]) -> ServiceResult<()>;
    /// True when RMA failed too often in a row in this run: nothing more is sent to it.
    fn gave_up(&self) -> bool {
        false
    }
}

impl ServiceError {
    /// The request did not reach the service, or the service kept failing: nothing was
    /// done, and the item waits for the next run (a stop signal is not this).
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            ServiceError::Failed {
                category: Category::Unavailable,
                ..
            }
        )
    }

    /// A stop signal: the run ends with what it did recorded.
    pub fn stopped(message: String) -> ServiceError {
        ServiceError::Failed {
            category: Category::Stopped,
            message,
        }
    }
}
