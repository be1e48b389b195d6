//! Open problems (README "Open problems"): things that need a person, with first seen, last
//! seen and what to do. A run reports what it saw; what it did not see again closes by
//! itself; `dismiss` closes them by hand.

use rusqlite::params;
use serde::Serialize;

use super::row::read_fields;
use super::{Result, State};

/// A problem as a run saw it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemSighting {
    /// Identifies the problem across runs, e.g. `refused:invoice:7`.
    pub key: String,
    pub kind: &'static str,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub rma_payment_id: Option<i64>,
    pub message: String,
    pub todo: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub key: String,
    pub kind: String,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub rma_payment_id: Option<i64>,
    pub message: String,
    pub what_to_do: String,
    pub first_seen: String,
    pub last_seen: String,
}

impl State {
    /// Records a sighting; true when the problem was not open before (a new problem).
    pub fn see_problem(&self, p: &ProblemSighting) -> Result<bool> {
        let was_open: bool = self
            .conn
            .query_row(
                "SELECT count(*) > 0 FROM problems WHERE key = ?1 AND closed_at IS NULL",
                [&p.key],
                |r| r.get(0),
            )
            .map_err(self.e())?;
        let now = self.clock.now_text();
        self.exec(
                "INSERT INTO problems (key, kind, harvest_invoice_id, invoice_number, rma_payment_id, message, todo, first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
                 ON CONFLICT(key) DO UPDATE SET kind = excluded.kind, message = excluded.message,
                   todo = excluded.todo, invoice_number = excluded.invoice_number, last_seen = excluded.last_seen,
                   first_seen = CASE WHEN problems.closed_at IS NULL THEN problems.first_seen ELSE excluded.first_seen END,
                   closed_at = NULL, closed_by = NULL",
                params![p.key, p.kind, p.harvest_invoice_id, p.invoice_number, p.rma_payment_id, p.message, p.todo, now],
            )?;
        Ok(!was_open)
    }

    pub fn open_problems(&self) -> Result<Vec<Problem>> {
        self.rows(
            "SELECT key, kind, harvest_invoice_id, invoice_number, rma_payment_id, message, todo, first_seen, last_seen
             FROM problems WHERE closed_at IS NULL ORDER BY first_seen, key",
            [],
            "problems",
            |r| {
                Ok(read_fields!(r => Problem {
                    key, kind, harvest_invoice_id, invoice_number, rma_payment_id,
                    message, what_to_do, first_seen, last_seen
                }))
            },
        )
    }

    /// Closes one problem: `resolved` (its cause is gone) or `dismissed` (by a person).
    pub fn close_problem(&self, key: &str, by: &str) -> Result<()> {
        self.exec(
                "UPDATE problems SET closed_at = ?2, closed_by = ?3 WHERE key = ?1 AND closed_at IS NULL",
                params![key, self.clock.now_text(), by],
            )?;
        Ok(())
    }

    /// Closes every open problem of the Harvest invoice with this number; how many.
    pub fn dismiss_problems_of(&self, harvest_number: &str) -> Result<usize> {
        self.exec(
            "UPDATE problems SET closed_at = ?2, closed_by = 'dismissed'
                 WHERE invoice_number = ?1 AND closed_at IS NULL",
            params![harvest_number, self.clock.now_text()],
        )
    }

    /// Opens again the problems a dismissal of this Harvest invoice closed (`dismiss
    /// --undo`); the next run closes those whose cause is gone. How many.
    pub fn reopen_dismissed_problems_of(&self, harvest_number: &str) -> Result<usize> {
        self.exec(
            "UPDATE problems SET closed_at = NULL, closed_by = NULL
                 WHERE invoice_number = ?1 AND closed_by = 'dismissed'",
            params![harvest_number],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sighting(key: &str) -> ProblemSighting {
        ProblemSighting {
            key: key.into(),
            kind: "refused",
            harvest_invoice_id: Some(7),
            invoice_number: Some("1001".into()),
            rma_payment_id: None,
            message: "Invoice 1001 refused".into(),
            todo: "add the article".into(),
        }
    }

    #[test]
    fn a_problem_is_new_once_and_closes_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let s = State::open(&dir.path().join("s.sqlite")).unwrap();
        assert!(s.see_problem(&sighting("a")).unwrap());
        assert!(!s.see_problem(&sighting("a")).unwrap());
        assert_eq!(s.open_problems().unwrap().len(), 1);
        s.close_problem("a", "resolved").unwrap();
        assert!(s.open_problems().unwrap().is_empty());
        assert!(s.see_problem(&sighting("a")).unwrap());
        assert_eq!(s.dismiss_problems_of("1001").unwrap(), 1);
        assert_eq!(s.dismiss_problems_of("1001").unwrap(), 0);
        assert_eq!(s.reopen_dismissed_problems_of("1001").unwrap(), 1);
        assert_eq!(s.open_problems().unwrap().len(), 1);
    }
}
