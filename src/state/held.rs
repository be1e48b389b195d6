//! Payment writes Harvest refused (a 4xx other than 404 and authentication), remembered with
//! a fingerprint of the inputs that produced them: the planner does not send the same write
//! again until the feed row or the invoice changes (issue 10 item 6).

use rusqlite::params;

use super::row::read_fields;
use super::{Result, State};

/// A refused write, keyed by the RMA payment it was for.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldWrite {
    pub rma_payment_id: i64,
    pub harvest_invoice_id: i64,
    /// What the write was made of (see `sync::plan::write_fingerprint`).
    pub fingerprint: String,
    /// Harvest's refusal, in the words of the run that got it.
    pub message: String,
    pub held_at: String,
}

impl State {
    pub fn held_writes(&self) -> Result<Vec<HeldWrite>> {
        self.rows(
            "SELECT rma_payment_id, harvest_invoice_id, fingerprint, message, held_at
             FROM held_writes ORDER BY rma_payment_id",
            [],
            "held_writes",
            |r| {
                Ok(read_fields!(r => HeldWrite {
                    rma_payment_id, harvest_invoice_id, fingerprint, message, held_at
                }))
            },
        )
    }

    /// Remembers a refusal; `held_at` is now.
    pub fn hold_write(
        &self,
        rma_payment_id: i64,
        harvest_invoice_id: i64,
        fingerprint: &str,
        message: &str,
    ) -> Result<()> {
        self.exec(
                "INSERT INTO held_writes (rma_payment_id, harvest_invoice_id, fingerprint, message, held_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(rma_payment_id) DO UPDATE SET harvest_invoice_id = excluded.harvest_invoice_id,
                   fingerprint = excluded.fingerprint, message = excluded.message, held_at = excluded.held_at",
                params![rma_payment_id, harvest_invoice_id, fingerprint, message, self.clock.now_text()],
            )?;
        Ok(())
    }

    /// Forgets a refusal: the write went through, or the payment is gone.
    pub fn release_write(&self, rma_payment_id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM held_writes WHERE rma_payment_id = ?1",
            [rma_payment_id],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_write_is_kept_replaced_and_released() {
        let dir = tempfile::tempdir().unwrap();
        let s = State::open(&dir.path().join("s.sqlite")).unwrap();
        s.hold_write(17, 1, "a", "closed").unwrap();
        s.hold_write(17, 1, "b", "still closed").unwrap();
        let held = s.held_writes().unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(
            (held[0].fingerprint.as_str(), held[0].message.as_str()),
            ("b", "still closed")
        );
        s.release_write(17).unwrap();
        assert!(s.held_writes().unwrap().is_empty());
    }
}
