//! What the state remembers about a booked invoice beyond its link: the hash of
//! what was booked, a deletion in Harvest, and a bookkeeper's dismissal.

use rusqlite::params;

use super::row::read_fields;
use super::{Result, State};

/// The marks of one invoice row; all empty for an invoice the state does not know.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InvoiceMarks {
    /// Hash of the invoice as booked or linked (total, currency, client, lines).
    pub content_hash: Option<String>,
    /// Harvest answered 404 for it: no Harvest write is attempted again.
    pub deleted_in_harvest: bool,
    /// A person handled its problem by hand (`rma-harvest dismiss`).
    pub dismissed: bool,
}

impl State {
    pub fn invoice_marks(&self, harvest_id: i64) -> Result<InvoiceMarks> {
        let mut rows = self.rows(
            "SELECT harvest_id, content_hash, deleted_in_harvest_at IS NOT NULL, dismissed_at IS NOT NULL
             FROM invoices WHERE harvest_id = ?1",
            [harvest_id],
            "invoices",
            |r| {
                Ok(read_fields!(r @ 1 => InvoiceMarks {
                    content_hash, deleted_in_harvest, dismissed
                }))
            },
        )?;
        Ok(rows.pop().unwrap_or_default())
    }

    /// Remembers what was booked or linked, to notice a change later.
    pub fn set_booked_hash(&self, harvest_id: i64, hash: &str) -> Result<()> {
        self.exec(
            "UPDATE invoices SET content_hash = ?2 WHERE harvest_id = ?1",
            params![harvest_id, hash],
        )?;
        Ok(())
    }

    pub fn mark_deleted_in_harvest(&self, harvest_id: i64) -> Result<()> {
        self.exec(
                "UPDATE invoices SET deleted_in_harvest_at = COALESCE(deleted_in_harvest_at, ?2) WHERE harvest_id = ?1",
                params![harvest_id, self.clock.now_text()],
            )?;
        Ok(())
    }

    /// Takes a dismissal back: the invoices with this Harvest number are refused and
    /// reported again like any other; how many were marked.
    pub fn unmark_dismissed(&self, harvest_number: &str) -> Result<usize> {
        self.exec(
            "UPDATE invoices SET dismissed_at = NULL WHERE harvest_number = ?1 AND dismissed_at IS NOT NULL",
            params![harvest_number],
        )
    }

    /// Marks the invoices with this Harvest number as handled by hand; how many there were.
    pub fn mark_dismissed(&self, harvest_number: &str) -> Result<usize> {
        self.exec(
            "UPDATE invoices SET dismissed_at = ?2 WHERE harvest_number = ?1",
            params![harvest_number, self.clock.now_text()],
        )
    }
}
