//! Both clients behind [`RmaApi`] and [`HarvestApi`], and their errors turned into
//! [`ServiceError`]. The command layer builds the clients (`commands::services`).

use chrono::NaiveDate;

use super::{RmaApi, ServiceError, ServiceResult};
use crate::failure::Category;
use crate::harvest::{self, types as ht, HarvestClient};
use crate::http::HttpError;
use crate::rma::{self, types as rt, RmaClient};

/// How the sync must treat a failed HTTP call.
pub fn from_http(e: &HttpError) -> ServiceError {
    match (e.category(), e) {
        (Category::Lost, _) => ServiceError::Lost(e.to_string()),
        (Category::Refused, HttpError::Status { service, body, .. }) => ServiceError::Refused(
            format!("{service} says: {}", crate::http::error_message(body)),
        ),
        (category, _) => ServiceError::Failed {
            category,
            message: e.to_string(),
        },
    }
}

fn from_rma(e: rma::Error) -> ServiceError {
    match e {
        rma::Error::Http(h) => from_http(&h),
        rma::Error::Refused(text) => ServiceError::Refused(text),
        unproven @ rma::Error::Unproven { .. } => ServiceError::Lost(unproven.to_string()),
        other => ServiceError::Failed {
            category: other.category(),
            message: other.to_string(),
        },
    }
}

impl RmaApi for RmaClient {
    fn parts(&self) -> ServiceResult<Vec<rt::Part>> {
        self.list_parts().map_err(from_rma)
    }

    fn customer(&self, number: &str) -> ServiceResult<Option<serde_json::Value>> {
        self.get_customer_value(number).map_err(from_rma)
    }

    fn upsert_customer(&self, customer: &serde_json::Value) -> ServiceResult<()> {
        self.upsert_customer_value(customer).map_err(from_rma)
    }

    fn invoice(&self, invnumber: &str) -> ServiceResult<Option<rt::Invoice>> {
        self.get_invoice(invnumber).map_err(from_rma)
    }

    fn invoices(&self, from: NaiveDate, to: NaiveDate) -> ServiceResult<Vec<rt::Invoice>> {
        self.list_invoices(from, to).map_err(from_rma)
    }

    fn create_invoice(&self, invoice: &rt::NewInvoice) -> ServiceResult<()> {
        RmaClient::create_invoice(self, invoice).map_err(from_rma)
    }

    fn payment_feed(
        &self,
        since: Option<chrono::DateTime<chrono::Utc>>,
    ) -> ServiceResult<Vec<rt::FeedRow>> {
        RmaClient::payment_feed(self, since).map_err(from_rma)
    }

    fn acknowledge_payments(&self, ids: &[i64]) -> ServiceResult<()> {
        self.set_as_processed(ids).map_err(from_rma)
    }

    fn gave_up(&self) -> bool {
        self.http.gave_up()
    }
}

fn from_harvest(e: harvest::Error) -> ServiceError {
    match e {
        // Harvest's 404 on an invoice's payments: the invoice was deleted there.
        harvest::Error::Http(HttpError::Status {
            status: 404,
            ref service,
            ..
        }) => ServiceError::NotFound(format!("{service} says: not found")),
        harvest::Error::Http(h) => from_http(&h),
        unproven @ harvest::Error::Unproven { .. } => ServiceError::Lost(unproven.to_string()),
        other => ServiceError::Failed {
            category: other.category(),
            message: other.to_string(),
        },
    }
}

impl super::HarvestApi for HarvestClient {
    fn invoices(
        &self,
        state: &str,
        from: Option<NaiveDate>,
    ) -> ServiceResult<ht::Listed<ht::Invoice>> {
        self.list_invoices(state, from).map_err(from_harvest)
    }

    fn issued_invoices(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> ServiceResult<ht::Listed<ht::Invoice>> {
        self.list_invoices_issued(from, to).map_err(from_harvest)
    }

    fn clients(&self) -> ServiceResult<ht::Listed<ht::Client>> {
        self.list_clients().map_err(from_harvest)
    }

    fn contacts(&self) -> ServiceResult<ht::Listed<ht::Contact>> {
        self.list_contacts().map_err(from_harvest)
    }

    fn item_categories(&self) -> ServiceResult<Vec<ht::ItemCategory>> {
        self.list_item_categories().map_err(from_harvest)
    }

    fn payments(&self, invoice_id: i64) -> ServiceResult<Vec<ht::Payment>> {
        self.list_payments(invoice_id).map_err(from_harvest)
    }

    fn create_payment(
        &self,
        invoice_id: i64,
        payment: &ht::NewPayment,
    ) -> ServiceResult<ht::Payment> {
        HarvestClient::create_payment(self, invoice_id, payment).map_err(from_harvest)
    }

    fn delete_payment(&self, invoice_id: i64, payment_id: i64) -> ServiceResult<bool> {
        HarvestClient::delete_payment(self, invoice_id, payment_id)
            .map(|o| o == harvest::DeleteOutcome::Deleted)
            .map_err(from_harvest)
    }

    fn warnings(&self) -> Vec<String> {
        self.take_warnings()
    }

    fn gave_up(&self) -> bool {
        HarvestClient::gave_up(self)
    }
}
