//! The rows the planner and the sync read, as plain values: no SQLite here, so the pure
//! planner depends on nothing that does I/O. How they are stored is in `links.rs`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceStatus {
    Pending,
    Booked,
    Linked,
    Refused,
}

impl InvoiceStatus {
    pub const ALL: [InvoiceStatus; 4] = [
        InvoiceStatus::Pending,
        InvoiceStatus::Booked,
        InvoiceStatus::Linked,
        InvoiceStatus::Refused,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Pending => "pending",
            InvoiceStatus::Booked => "booked",
            InvoiceStatus::Linked => "linked",
            InvoiceStatus::Refused => "refused",
        }
    }

    /// The status written as `s`, `None` for a word this version does not know.
    pub fn parse(s: &str) -> Option<InvoiceStatus> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Booked or linked: RMA has it, so its payments are mirrored.
    pub fn is_in_rma(self) -> bool {
        matches!(self, InvoiceStatus::Booked | InvoiceStatus::Linked)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InvoiceLink {
    pub harvest_id: i64,
    pub harvest_number: String,
    pub rma_invnumber: String,
    pub client_id: i64,
    pub status: InvoiceStatus,
    pub amount: Decimal,
    pub currency: String,
    pub issue_date: Option<NaiveDate>,
    /// Why the invoice was refused, if it was.
    pub message: Option<crate::words::Message>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerLink {
    pub client_id: i64,
    pub customernumber: String,
    pub content_hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// A Harvest POST is (or was) under way; look for the marker before posting again.
    PendingCreate,
    /// A Harvest DELETE of `harvest_payment_id` is (or was) under way.
    PendingDelete,
    Mirrored,
    Deleted,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 4] = [
        PaymentStatus::PendingCreate,
        PaymentStatus::PendingDelete,
        PaymentStatus::Mirrored,
        PaymentStatus::Deleted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::PendingCreate => "pending",
            PaymentStatus::PendingDelete => "pending_delete",
            PaymentStatus::Mirrored => "mirrored",
            PaymentStatus::Deleted => "deleted",
        }
    }

    /// The status written as `s`, `None` for a word this version does not know.
    pub fn parse(s: &str) -> Option<PaymentStatus> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PaymentLink {
    pub rma_payment_id: i64,
    pub harvest_invoice_id: i64,
    pub rma_invnumber: String,
    pub harvest_payment_id: Option<i64>,
    pub amount: Decimal,
    pub paid_date: NaiveDate,
    pub memo: String,
    pub status: PaymentStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_what_they_write_and_nothing_else() {
        for s in InvoiceStatus::ALL {
            assert_eq!(InvoiceStatus::parse(s.as_str()), Some(s));
        }
        for s in PaymentStatus::ALL {
            assert_eq!(PaymentStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(InvoiceStatus::parse("bogus"), None);
        assert_eq!(PaymentStatus::parse(""), None);
        assert_eq!(PaymentStatus::parse("Mirrored"), None);
    }
}
