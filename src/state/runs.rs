//! The run log (runs and their events) and `meta`, the small key/value settings such as
//! the time of the last successful run.

use rusqlite::params;

use super::row::read_fields;
use super::stored_message::{load, store};
use super::{Result, State};
use crate::words::Message;

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct RunCounts {
    pub booked: i64,
    pub linked: i64,
    pub refused: i64,
    pub customers: i64,
    pub payments_created: i64,
    pub payments_deleted: i64,
    pub warnings: i64,
    pub errors: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RunRecord {
    pub id: i64,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub exit_code: Option<i64>,
    #[serde(flatten)]
    pub counts: RunCounts,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRecord {
    pub run_id: i64,
    pub at: String,
    pub level: String,
    pub kind: String,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub rma_payment_id: Option<i64>,
    /// Said by `log` in the reader's language; JSON has it rendered, with `code` and `args`.
    #[serde(skip)]
    pub message: Message,
}

/// An event of the run being recorded (plain data, written by [`State::record_run_end`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub level: &'static str,
    pub kind: &'static str,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub rma_payment_id: Option<i64>,
    pub message: Message,
}

impl Default for NewEvent {
    fn default() -> NewEvent {
        NewEvent {
            level: "info",
            kind: "",
            harvest_invoice_id: None,
            invoice_number: None,
            rma_payment_id: None,
            message: Message::Text(String::new()),
        }
    }
}

impl State {
    // ---- meta -------------------------------------------------------------------------

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        let mut rows = self.rows(
            "SELECT key, value FROM meta WHERE key = ?1",
            [key],
            "meta",
            |r| r.get(1),
        )?;
        Ok(rows.pop())
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.exec(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?;
        Ok(())
    }

    // ---- runs and events --------------------------------------------------------------

    pub fn start_run(&self) -> Result<i64> {
        self.exec(
            "INSERT INTO runs (started_at, dry_run) VALUES (?1, 0)",
            [self.clock.now_text()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Writes the end of a run in one transaction: its events, its result and counts, and
    /// (for a run that may move the payment feed's watermark) one `meta` value. A crash
    /// leaves either all of it or none, never a finished run without its events or a
    /// watermark moved past a run whose record is missing.
    pub fn record_run_end(
        &self,
        run_id: i64,
        exit_code: i32,
        counts: &RunCounts,
        events: &[NewEvent],
        meta: Option<(&str, &str)>,
    ) -> Result<()> {
        self.in_transaction(|s| {
            for ev in events {
                s.add_event(run_id, ev)?;
            }
            s.finish_run(run_id, exit_code, counts)?;
            if let Some((key, value)) = meta {
                s.set_meta(key, value)?;
            }
            Ok(())
        })
    }

    /// Writes events of the run in progress and its counts so far (issue 16: the log is
    /// written as the run goes). Inside a transaction that records a write's outcome it is
    /// part of it, so the log names exactly what was done however the process ends.
    pub fn record_progress(
        &self,
        run_id: i64,
        counts: &RunCounts,
        events: &[NewEvent],
    ) -> Result<()> {
        self.in_transaction_unless_in_one(|s| {
            for ev in events {
                s.add_event(run_id, ev)?;
            }
            s.write_counts(run_id, counts)
        })
    }

    /// Marks the run finished with `exit_code` and its final counts, both or neither.
    pub fn finish_run(&self, run_id: i64, exit_code: i32, counts: &RunCounts) -> Result<()> {
        self.in_transaction_unless_in_one(|s| {
            s.write_counts(run_id, counts)?;
            s.exec(
                "UPDATE runs SET finished_at = ?2, exit_code = ?3 WHERE id = ?1",
                params![run_id, s.clock.now_text(), exit_code],
            )?;
            Ok(())
        })
    }

    /// The counts of a run, as they stand now (in progress or at its end).
    fn write_counts(&self, run_id: i64, counts: &RunCounts) -> Result<()> {
        self.exec(
            "UPDATE runs SET booked = ?2, linked = ?3, refused = ?4, customers = ?5,
               payments_created = ?6, payments_deleted = ?7, warnings = ?8, errors = ?9
             WHERE id = ?1",
            params![
                run_id,
                counts.booked,
                counts.linked,
                counts.refused,
                counts.customers,
                counts.payments_created,
                counts.payments_deleted,
                counts.warnings,
                counts.errors
            ],
        )?;
        Ok(())
    }

    /// Runs `write` in a transaction of its own, or as part of the caller's open one.
    fn in_transaction_unless_in_one(&self, write: impl FnOnce(&State) -> Result<()>) -> Result<()> {
        if self.conn.is_autocommit() {
            self.in_transaction(write)
        } else {
            write(self)
        }
    }

    pub fn add_event(&self, run_id: i64, ev: &NewEvent) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO events (run_id, at, level, kind, harvest_invoice_id, invoice_number, rma_payment_id, message, code, args)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut stmt| {
                let message = store(&ev.message);
                stmt.execute(params![
                    run_id,
                    self.clock.now_text(),
                    ev.level,
                    ev.kind,
                    ev.harvest_invoice_id,
                    ev.invoice_number,
                    ev.rma_payment_id,
                    message.text,
                    message.code,
                    message.args
                ])
            })
            .map_err(self.e())?;
        Ok(())
    }

    fn runs_where(&self, clause: &str, p: impl rusqlite::Params) -> Result<Vec<RunRecord>> {
        let sql = format!(
            "SELECT id, started_at, finished_at, exit_code, booked, linked, refused, customers,
                    payments_created, payments_deleted, warnings, errors
             FROM runs {clause}"
        );
        self.rows(&sql, p, "runs", |r| {
            let counts = read_fields!(r @ 4 => RunCounts {
                booked, linked, refused, customers,
                payments_created, payments_deleted, warnings, errors
            });
            Ok(RunRecord {
                id: r.get(0)?,
                started_at: r.get(1)?,
                finished_at: r.get(2)?,
                exit_code: r.get(3)?,
                counts,
            })
        })
    }

    /// The latest runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunRecord>> {
        self.runs_where("ORDER BY id DESC LIMIT ?1", [limit as i64])
    }

    pub fn run(&self, id: i64) -> Result<Option<RunRecord>> {
        Ok(self.runs_where("WHERE id = ?1", [id])?.pop())
    }

    pub fn events(&self, run_id: i64) -> Result<Vec<EventRecord>> {
        self.rows(
            &format!(
                "SELECT id, run_id, at, level, kind, harvest_invoice_id, invoice_number, rma_payment_id, message, {}
                 FROM events WHERE run_id = ?1 ORDER BY id",
                self.message_columns("events", "code, args")
            ),
            [run_id],
            "events",
            |r| {
                Ok(EventRecord {
                    run_id: r.get(1)?,
                    at: r.get(2)?,
                    level: r.get(3)?,
                    kind: r.get(4)?,
                    harvest_invoice_id: r.get(5)?,
                    invoice_number: r.get(6)?,
                    rma_payment_id: r.get(7)?,
                    message: load(r.get(8)?, r.get(9)?, r.get(10)?),
                })
            },
        )
    }
}
