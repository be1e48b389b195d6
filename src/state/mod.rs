//! Local state (DESIGN §4): one SQLite file, mode 0600, WAL, versioned schema with
//! forward-only migrations. Only this module touches SQLite.
//!
//! It remembers which Harvest invoice became which RMA invoice, which client became which
//! customer, which RMA payment became which Harvest payment, the Harvest OAuth tokens, and
//! the run log. Rows in `pending` status are intents written before a remote write; the next
//! run resolves them by looking the result up (DESIGN §5.2).

mod schema;

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use rust_decimal::Decimal;

use crate::clock;
use crate::failure::Category;
use crate::secret::Secret;

pub use schema::SCHEMA_VERSION;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("the state file {path} was written by a newer rma-harvest (schema {found}, this version knows {known}); update rma-harvest")]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("the state file {path} cannot be used: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("another rma-harvest run is active (lock file {lock} is held); try again when it has finished")]
    Locked { lock: String },
}

impl StateError {
    pub fn category(&self) -> Category {
        match self {
            StateError::Locked { .. } => Category::Locked,
            _ => Category::State,
        }
    }
}

type Result<T> = std::result::Result<T, StateError>;

/// Held for the whole of a run; dropping it releases the OS lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    pub path: PathBuf,
}

pub fn lock_path(state_path: &Path) -> PathBuf {
    let mut s = state_path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Takes the run lock next to the state file, or fails at once if another run holds it.
pub fn lock(state_path: &Path) -> Result<RunLock> {
    let path = lock_path(state_path);
    ensure_parent(&path)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| unreadable(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(RunLock { _file: file, path }),
        Err(std::fs::TryLockError::WouldBlock) => Err(StateError::Locked {
            lock: path.display().to_string(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(unreadable(&path, e)),
    }
}

fn unreadable(path: &Path, e: impl std::fmt::Display) -> StateError {
    StateError::Unreadable {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

fn ensure_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| unreadable(dir, e))?;
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceStatus {
    Pending,
    Booked,
    Linked,
    Refused,
}

impl InvoiceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Pending => "pending",
            InvoiceStatus::Booked => "booked",
            InvoiceStatus::Linked => "linked",
            InvoiceStatus::Refused => "refused",
        }
    }

    fn parse(s: &str) -> InvoiceStatus {
        match s {
            "booked" => InvoiceStatus::Booked,
            "linked" => InvoiceStatus::Linked,
            "refused" => InvoiceStatus::Refused,
            _ => InvoiceStatus::Pending,
        }
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
    pub message: String,
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
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::PendingCreate => "pending",
            PaymentStatus::PendingDelete => "pending_delete",
            PaymentStatus::Mirrored => "mirrored",
            PaymentStatus::Deleted => "deleted",
        }
    }

    fn parse(s: &str) -> PaymentStatus {
        match s {
            "pending_delete" => PaymentStatus::PendingDelete,
            "mirrored" => PaymentStatus::Mirrored,
            "deleted" => PaymentStatus::Deleted,
            _ => PaymentStatus::PendingCreate,
        }
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

#[derive(Debug, Clone)]
pub struct StoredTokens {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub expires_at: DateTime<Utc>,
    pub account_id: String,
}

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
    pub message: String,
}

/// An event of the run being recorded (plain data, written by [`State::add_event`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewEvent {
    pub level: &'static str,
    pub kind: &'static str,
    pub harvest_invoice_id: Option<i64>,
    pub invoice_number: Option<String>,
    pub rma_payment_id: Option<i64>,
    pub message: String,
}

pub struct State {
    conn: Connection,
    path: PathBuf,
}

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> StateError + '_ {
    move |e| unreadable(path, e)
}

fn dec(s: String) -> Decimal {
    Decimal::from_str(&s).unwrap_or_default()
}

impl State {
    /// Opens (creating if needed) the state file for writing and brings its schema up to date.
    pub fn open(path: &Path) -> Result<State> {
        ensure_parent(path)?;
        let existed = path.exists();
        if !existed {
            // Created 0600 before SQLite writes anything: it will hold OAuth tokens.
            create_private(path)?;
        } else {
            warn_if_shared(path);
        }
        let conn = Connection::open(path).map_err(sql_err(path))?;
        let state = State {
            conn,
            path: path.to_path_buf(),
        };
        state.setup(true)?;
        Ok(state)
    }

    /// Opens an existing state file without writing to it (`--dry-run`, `log`); `None` when
    /// there is no state file yet.
    pub fn open_read_only(path: &Path) -> Result<Option<State>> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql_err(path))?;
        let state = State {
            conn,
            path: path.to_path_buf(),
        };
        state.setup(false)?;
        Ok(Some(state))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn setup(&self, writable: bool) -> Result<()> {
        let e = sql_err(&self.path);
        self.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&e)?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|err| {
                unreadable(&self.path, format!("not an rma-harvest state file ({err})"))
            })?;
        if version > SCHEMA_VERSION {
            return Err(StateError::NewerSchema {
                path: self.path.display().to_string(),
                found: version,
                known: SCHEMA_VERSION,
            });
        }
        if writable {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(&e)?;
            self.conn
                .pragma_update(None, "foreign_keys", "ON")
                .map_err(&e)?;
            schema::migrate(&self.conn, version).map_err(&e)?;
        } else if version < SCHEMA_VERSION && version != 0 {
            return Err(unreadable(
                &self.path,
                format!("schema {version} is older than {SCHEMA_VERSION}; run `rma-harvest sync` once to upgrade it"),
            ));
        }
        Ok(())
    }

    fn e(&self) -> impl Fn(rusqlite::Error) -> StateError + '_ {
        sql_err(&self.path)
    }

    /// Runs `f` in one transaction (bulk imports; one fsync instead of thousands).
    pub fn in_transaction<T>(&self, f: impl FnOnce(&State) -> Result<T>) -> Result<T> {
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(self.e())?;
        match f(self) {
            Ok(v) => {
                self.conn.execute_batch("COMMIT").map_err(self.e())?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    // ---- tokens -----------------------------------------------------------------------

    pub fn tokens(&self) -> Result<Option<StoredTokens>> {
        self.conn
            .query_row(
                "SELECT access_token, refresh_token, expires_at, account_id FROM tokens WHERE id = 1",
                [],
                |r| {
                    let expires: String = r.get(2)?;
                    Ok(StoredTokens {
                        access_token: Secret::new(r.get::<_, String>(0)?),
                        refresh_token: Secret::new(r.get::<_, String>(1)?),
                        expires_at: DateTime::parse_from_rfc3339(&expires)
                            .map(|d| d.with_timezone(&Utc))
                            .unwrap_or_default(),
                        account_id: r.get(3)?,
                    })
                },
            )
            .optional()
            .map_err(self.e())
    }

    /// Replaces the stored grant in one statement, so a crash never leaves half a token pair.
    pub fn save_tokens(&self, t: &StoredTokens) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO tokens (id, access_token, refresh_token, expires_at, account_id, obtained_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET access_token = excluded.access_token,
                   refresh_token = excluded.refresh_token, expires_at = excluded.expires_at,
                   account_id = excluded.account_id, obtained_at = excluded.obtained_at",
                params![
                    t.access_token.expose(),
                    t.refresh_token.expose(),
                    t.expires_at.to_rfc3339(),
                    t.account_id,
                    clock::now_text()
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    /// Replaces the grant whose refresh token is `previous_refresh` with `renewed` (keeping
    /// the account), in one statement. False when the stored grant is another one: a process
    /// renewed it first, and overwriting it would lose the rotated refresh token.
    pub fn replace_tokens_if(
        &self,
        previous_refresh: &Secret,
        renewed: &StoredTokens,
    ) -> Result<bool> {
        let changed = self
            .conn
            .execute(
                "UPDATE tokens SET access_token = ?1, refresh_token = ?2, expires_at = ?3,
                   obtained_at = ?4
                 WHERE id = 1 AND refresh_token = ?5",
                params![
                    renewed.access_token.expose(),
                    renewed.refresh_token.expose(),
                    renewed.expires_at.to_rfc3339(),
                    clock::now_text(),
                    previous_refresh.expose()
                ],
            )
            .map_err(self.e())?;
        Ok(changed == 1)
    }

    // ---- meta -------------------------------------------------------------------------

    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(self.e())
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(self.e())?;
        Ok(())
    }

    // ---- invoices ---------------------------------------------------------------------

    const INVOICE_COLS: &'static str =
        "harvest_id, harvest_number, rma_invnumber, client_id, status, amount, currency, issue_date, message";

    fn invoice_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InvoiceLink> {
        Ok(InvoiceLink {
            harvest_id: r.get(0)?,
            harvest_number: r.get(1)?,
            rma_invnumber: r.get(2)?,
            client_id: r.get(3)?,
            status: InvoiceStatus::parse(&r.get::<_, String>(4)?),
            amount: dec(r.get(5)?),
            currency: r.get(6)?,
            issue_date: r
                .get::<_, Option<String>>(7)?
                .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
            message: r.get(8)?,
        })
    }

    pub fn invoice(&self, harvest_id: i64) -> Result<Option<InvoiceLink>> {
        let sql = format!(
            "SELECT {} FROM invoices WHERE harvest_id = ?1",
            Self::INVOICE_COLS
        );
        self.conn
            .query_row(&sql, [harvest_id], Self::invoice_row)
            .optional()
            .map_err(self.e())
    }

    pub fn invoice_by_invnumber(&self, invnumber: &str) -> Result<Option<InvoiceLink>> {
        let sql = format!(
            "SELECT {} FROM invoices WHERE rma_invnumber = ?1 AND status IN ('booked','linked','pending') ORDER BY harvest_id LIMIT 1",
            Self::INVOICE_COLS
        );
        self.conn
            .query_row(&sql, [invnumber], Self::invoice_row)
            .optional()
            .map_err(self.e())
    }

    pub fn invoices_with_status(&self, status: InvoiceStatus) -> Result<Vec<InvoiceLink>> {
        let sql = format!(
            "SELECT {} FROM invoices WHERE status = ?1 ORDER BY harvest_id",
            Self::INVOICE_COLS
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.e())?;
        let rows = stmt
            .query_map([status.as_str()], Self::invoice_row)
            .map_err(self.e())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.e());
        rows
    }

    pub fn put_invoice(&self, link: &InvoiceLink) -> Result<()> {
        let now = clock::now_text();
        self.conn
            .execute(
                "INSERT INTO invoices (harvest_id, harvest_number, rma_invnumber, client_id, status, amount, currency, issue_date, message, booked_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, CASE WHEN ?5 IN ('booked','linked') THEN ?10 END, ?10)
                 ON CONFLICT(harvest_id) DO UPDATE SET harvest_number = excluded.harvest_number,
                   rma_invnumber = excluded.rma_invnumber, client_id = excluded.client_id,
                   status = excluded.status, amount = excluded.amount, currency = excluded.currency,
                   issue_date = excluded.issue_date, message = excluded.message,
                   booked_at = COALESCE(invoices.booked_at, excluded.booked_at), updated_at = excluded.updated_at",
                params![
                    link.harvest_id,
                    link.harvest_number,
                    link.rma_invnumber,
                    link.client_id,
                    link.status.as_str(),
                    link.amount.to_string(),
                    link.currency,
                    link.issue_date.map(|d| d.to_string()),
                    link.message,
                    now
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    pub fn delete_invoice(&self, harvest_id: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM invoices WHERE harvest_id = ?1", [harvest_id])
            .map_err(self.e())?;
        Ok(())
    }

    // ---- customers --------------------------------------------------------------------

    pub fn customer(&self, client_id: i64) -> Result<Option<CustomerLink>> {
        self.conn
            .query_row(
                "SELECT harvest_client_id, rma_customernumber, content_hash FROM customers WHERE harvest_client_id = ?1",
                [client_id],
                |r| {
                    Ok(CustomerLink {
                        client_id: r.get(0)?,
                        customernumber: r.get(1)?,
                        content_hash: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(self.e())
    }

    pub fn put_customer(&self, c: &CustomerLink) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO customers (harvest_client_id, rma_customernumber, content_hash, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(harvest_client_id) DO UPDATE SET rma_customernumber = excluded.rma_customernumber,
                   content_hash = excluded.content_hash, updated_at = excluded.updated_at",
                params![c.client_id, c.customernumber, c.content_hash, clock::now_text()],
            )
            .map_err(self.e())?;
        Ok(())
    }

    // ---- payments ---------------------------------------------------------------------

    const PAYMENT_COLS: &'static str =
        "rma_payment_id, harvest_invoice_id, rma_invnumber, harvest_payment_id, amount, paid_date, memo, status";

    fn payment_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PaymentLink> {
        Ok(PaymentLink {
            rma_payment_id: r.get(0)?,
            harvest_invoice_id: r.get(1)?,
            rma_invnumber: r.get(2)?,
            harvest_payment_id: r.get(3)?,
            amount: dec(r.get(4)?),
            paid_date: NaiveDate::parse_from_str(&r.get::<_, String>(5)?, "%Y-%m-%d")
                .unwrap_or_default(),
            memo: r.get(6)?,
            status: PaymentStatus::parse(&r.get::<_, String>(7)?),
        })
    }

    fn payments_where(&self, clause: &str, p: impl rusqlite::Params) -> Result<Vec<PaymentLink>> {
        let sql = format!(
            "SELECT {} FROM payments WHERE {clause} ORDER BY rma_payment_id",
            Self::PAYMENT_COLS
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(self.e())?;
        let rows = stmt
            .query_map(p, Self::payment_row)
            .map_err(self.e())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.e());
        rows
    }

    pub fn payment(&self, rma_payment_id: i64) -> Result<Option<PaymentLink>> {
        Ok(self
            .payments_where("rma_payment_id = ?1", [rma_payment_id])?
            .pop())
    }

    /// Payments of one invoice that exist (or may exist) in Harvest: everything not deleted.
    pub fn live_payments_of(&self, harvest_invoice_id: i64) -> Result<Vec<PaymentLink>> {
        self.payments_where(
            "harvest_invoice_id = ?1 AND status != 'deleted'",
            [harvest_invoice_id],
        )
    }

    pub fn pending_payments(&self) -> Result<Vec<PaymentLink>> {
        self.payments_where("status IN ('pending','pending_delete')", [])
    }

    pub fn count_live_payments(&self) -> Result<i64> {
        self.conn
            .query_row(
                "SELECT count(*) FROM payments WHERE status != 'deleted'",
                [],
                |r| r.get(0),
            )
            .map_err(self.e())
    }

    pub fn put_payment(&self, p: &PaymentLink) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO payments (rma_payment_id, harvest_invoice_id, rma_invnumber, harvest_payment_id, amount, paid_date, memo, status, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT(rma_payment_id) DO UPDATE SET harvest_invoice_id = excluded.harvest_invoice_id,
                   rma_invnumber = excluded.rma_invnumber, harvest_payment_id = excluded.harvest_payment_id,
                   amount = excluded.amount, paid_date = excluded.paid_date, memo = excluded.memo,
                   status = excluded.status, updated_at = excluded.updated_at",
                params![
                    p.rma_payment_id,
                    p.harvest_invoice_id,
                    p.rma_invnumber,
                    p.harvest_payment_id,
                    p.amount.to_string(),
                    p.paid_date.to_string(),
                    p.memo,
                    p.status.as_str(),
                    clock::now_text()
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    pub fn delete_payment(&self, rma_payment_id: i64) -> Result<()> {
        self.conn
            .execute(
                "DELETE FROM payments WHERE rma_payment_id = ?1",
                [rma_payment_id],
            )
            .map_err(self.e())?;
        Ok(())
    }

    // ---- runs and events --------------------------------------------------------------

    pub fn start_run(&self) -> Result<i64> {
        self.conn
            .execute(
                "INSERT INTO runs (started_at, dry_run) VALUES (?1, 0)",
                [clock::now_text()],
            )
            .map_err(self.e())?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_run(&self, run_id: i64, exit_code: i32, counts: &RunCounts) -> Result<()> {
        self.conn
            .execute(
                "UPDATE runs SET finished_at = ?2, exit_code = ?3, booked = ?4, linked = ?5, refused = ?6,
                   customers = ?7, payments_created = ?8, payments_deleted = ?9, warnings = ?10, errors = ?11
                 WHERE id = ?1",
                params![
                    run_id,
                    clock::now_text(),
                    exit_code,
                    counts.booked,
                    counts.linked,
                    counts.refused,
                    counts.customers,
                    counts.payments_created,
                    counts.payments_deleted,
                    counts.warnings,
                    counts.errors
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    pub fn add_event(&self, run_id: i64, ev: &NewEvent) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO events (run_id, at, level, kind, harvest_invoice_id, invoice_number, rma_payment_id, message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    run_id,
                    clock::now_text(),
                    ev.level,
                    ev.kind,
                    ev.harvest_invoice_id,
                    ev.invoice_number,
                    ev.rma_payment_id,
                    ev.message
                ],
            )
            .map_err(self.e())?;
        Ok(())
    }

    fn runs_where(&self, clause: &str, p: impl rusqlite::Params) -> Result<Vec<RunRecord>> {
        let sql = format!(
            "SELECT id, started_at, finished_at, exit_code, booked, linked, refused, customers,
                    payments_created, payments_deleted, warnings, errors
             FROM runs {clause}"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(self.e())?;
        let rows = stmt
            .query_map(p, |r| {
                Ok(RunRecord {
                    id: r.get(0)?,
                    started_at: r.get(1)?,
                    finished_at: r.get(2)?,
                    exit_code: r.get(3)?,
                    counts: RunCounts {
                        booked: r.get(4)?,
                        linked: r.get(5)?,
                        refused: r.get(6)?,
                        customers: r.get(7)?,
                        payments_created: r.get(8)?,
                        payments_deleted: r.get(9)?,
                        warnings: r.get(10)?,
                        errors: r.get(11)?,
                    },
                })
            })
            .map_err(self.e())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.e());
        rows
    }

    /// The latest runs, newest first.
    pub fn runs(&self, limit: usize) -> Result<Vec<RunRecord>> {
        self.runs_where("ORDER BY id DESC LIMIT ?1", [limit as i64])
    }

    pub fn run(&self, id: i64) -> Result<Option<RunRecord>> {
        Ok(self.runs_where("WHERE id = ?1", [id])?.pop())
    }

    pub fn events(&self, run_id: i64) -> Result<Vec<EventRecord>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT run_id, at, level, kind, harvest_invoice_id, invoice_number, rma_payment_id, message
                 FROM events WHERE run_id = ?1 ORDER BY id",
            )
            .map_err(self.e())?;
        let rows = stmt
            .query_map([run_id], |r| {
                Ok(EventRecord {
                    run_id: r.get(0)?,
                    at: r.get(1)?,
                    level: r.get(2)?,
                    kind: r.get(3)?,
                    harvest_invoice_id: r.get(4)?,
                    invoice_number: r.get(5)?,
                    rma_payment_id: r.get(6)?,
                    message: r.get(7)?,
                })
            })
            .map_err(self.e())?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.e());
        rows
    }
}

#[cfg(unix)]
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| unreadable(path, e))?;
    Ok(())
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> Result<()> {
    File::create(path).map_err(|e| unreadable(path, e))?;
    Ok(())
}

#[cfg(unix)]
fn warn_if_shared(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            log::warn!(
                "the state file {} can be read by other users and holds access tokens; run: chmod 600 {}",
                path.display(),
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_shared(_: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_state() -> (tempfile::TempDir, State) {
        let dir = tempfile::tempdir().unwrap();
        let s = State::open(&dir.path().join("s.sqlite")).unwrap();
        (dir, s)
    }

    #[test]
    fn new_file_is_private_and_versioned() {
        let (dir, s) = temp_state();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("s.sqlite"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let v: i64 = s
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }

    #[test]
    fn newer_schema_is_refused() {
        let (dir, s) = temp_state();
        s.conn
            .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(s);
        let err = State::open(&dir.path().join("s.sqlite")).err().unwrap();
        assert_eq!(err.category(), Category::State);
    }

    #[test]
    fn second_lock_fails() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.sqlite");
        let _held = lock(&p).unwrap();
        let err = lock(&p).unwrap_err();
        assert_eq!(err.category(), Category::Locked);
        assert!(err.to_string().contains("s.sqlite.lock"));
    }

    #[test]
    fn invoices_payments_runs_round_trip() {
        let (_d, s) = temp_state();
        let link = InvoiceLink {
            harvest_id: 7,
            harvest_number: "1001".into(),
            rma_invnumber: "1001".into(),
            client_id: 3,
            status: InvoiceStatus::Booked,
            amount: Decimal::new(28890, 2),
            currency: "CHF".into(),
            issue_date: NaiveDate::from_ymd_opt(2026, 3, 1),
            message: String::new(),
        };
        s.put_invoice(&link).unwrap();
        assert_eq!(s.invoice(7).unwrap(), Some(link.clone()));
        assert_eq!(s.invoice_by_invnumber("1001").unwrap(), Some(link));
        let p = PaymentLink {
            rma_payment_id: 11,
            harvest_invoice_id: 7,
            rma_invnumber: "1001".into(),
            harvest_payment_id: Some(99),
            amount: Decimal::new(100, 0),
            paid_date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
            memo: "Zahlung".into(),
            status: PaymentStatus::Mirrored,
        };
        s.put_payment(&p).unwrap();
        assert_eq!(s.live_payments_of(7).unwrap(), vec![p]);
        let run = s.start_run().unwrap();
        s.add_event(
            run,
            &NewEvent {
                level: "info",
                kind: "booked",
                message: "Invoice 1001 booked".into(),
                ..Default::default()
            },
        )
        .unwrap();
        s.finish_run(
            run,
            0,
            &RunCounts {
                booked: 1,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(s.runs(5).unwrap()[0].counts.booked, 1);
        assert_eq!(s.events(run).unwrap()[0].message, "Invoice 1001 booked");
    }
}
