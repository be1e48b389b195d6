//! One sync pass: read both sides, repair what an interrupted run left pending, plan, apply,
//! and report. The sync sees the two services only through the small traits below, so the
//! clients never know about each other or about the sync.

pub mod apply;
pub mod mapping;
pub mod plan;
mod read;
pub mod services;
mod unreadable;

use chrono::NaiveDate;

use crate::exit::ExitCode;
use crate::harvest::types as harvest;
use crate::rma::types as rma;

pub use read::{read_snapshot, repair, ReadOptions};

/// A failed remote call, as the sync needs to know it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    /// The service answered and refused: nothing happened there.
    #[error("{0}")]
    Refused(String),
    /// The request went out and the answer was lost: it may have happened.
    #[error("{0}")]
    Lost(String),
    /// The service cannot be used now (unreachable, authentication): stop the run.
    #[error("{message}")]
    Failed { code: ExitCode, message: String },
}

impl ServiceError {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            ServiceError::Refused(_) | ServiceError::Lost(_) => ExitCode::Refused,
            ServiceError::Failed { code, .. } => *code,
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
    ) -> ServiceResult<Vec<rma::FeedPayment>>;
    fn acknowledge_payments(&self, ids: &[i64]) -> ServiceResult<()>;
}
