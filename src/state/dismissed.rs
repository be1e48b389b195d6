//! The problems a bookkeeper closed with `dismiss`: `reconcile` shows what was dismissed.

use super::row::read_fields;
use super::{Result, State};

#[derive(Debug, Clone, PartialEq)]
pub struct DismissedProblem {
    pub key: String,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub message: String,
}

impl State {
    pub fn dismissed_problems(&self) -> Result<Vec<DismissedProblem>> {
        self.rows(
            "SELECT key, harvest_invoice_id, invoice_number, message FROM problems
             WHERE closed_by = 'dismissed' ORDER BY closed_at, key",
            [],
            "problems",
            |r| {
                Ok(read_fields!(r => DismissedProblem {
                    key, harvest_invoice_id, invoice_number, message
                }))
            },
        )
    }
}
