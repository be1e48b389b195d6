//! Local state: one SQLite file, mode 0600, WAL, versioned schema with
//! forward-only migrations. Only this module touches SQLite.
//!
//! It remembers which Harvest invoice became which RMA invoice, which client became which
//! customer, which RMA payment became which Harvest payment, the Harvest OAuth tokens, and
//! the run log. Rows in `pending` status are intents written before a remote write; the next
//! run resolves them by looking the result up.
//!
//! By concern: `model` (the plain rows the planner reads), `links`, `tokens`, `runs`
//! (run log and meta), `lock`, `schema`; `row` reads values strictly and `error` says what
//! is wrong with a file that cannot be used.

mod booked;
mod dismissed;
mod error;
mod held;
mod links;
mod lock;
mod mail;
mod model;
mod problems;
mod row;
mod runs;
mod schema;
mod stored_message;
#[cfg(test)]
mod tests;
mod tokens;

use std::fs::OpenOptions;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::clock::{self, SharedClock};

pub use booked::InvoiceMarks;
pub use dismissed::DismissedProblem;
pub use error::{StateError, StateErrorKind};
pub use held::HeldWrite;
pub use lock::{is_held, lock, lock_path, RunLock};
pub use mail::RunMail;
pub use model::{CustomerLink, InvoiceLink, InvoiceStatus, PaymentLink, PaymentStatus};
pub use problems::{Problem, ProblemSighting};
pub use runs::{EventRecord, NewEvent, RunCounts, RunRecord};
pub use schema::{create_old_version, SCHEMA_VERSION};
pub use tokens::StoredTokens;

use error::{classify_io, classify_sqlite};
use row::RowReader;

type Result<T> = std::result::Result<T, StateError>;

/// The tables of schema 1: a file without them is not ours, whatever its `user_version`.
const TABLES: [&str; 7] = [
    "tokens",
    "invoices",
    "customers",
    "payments",
    "runs",
    "events",
    "meta",
];

fn ensure_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| classify_io(dir, &e))?;
    }
    Ok(())
}

/// Whether a file with schema `version` and these tables is an rma-harvest state file this
/// version can use.
fn recognise(path: &Path, version: i64, tables: &[String]) -> Result<()> {
    let not_ours = |reason: String| StateError::NotAStateFile {
        path: path.display().to_string(),
        reason,
    };
    let missing: Vec<&str> = TABLES
        .into_iter()
        .filter(|t| !tables.iter().any(|have| have == t))
        .collect();
    if version == 0 {
        if !tables.is_empty() {
            return Err(not_ours(format!(
                "an SQLite database with other tables ({})",
                tables.join(", ")
            )));
        }
        return Ok(());
    }
    if version > SCHEMA_VERSION {
        // A newer schema may have changed tables, but keeps some of these: tables and none
        // of them is another program's database.
        if !tables.is_empty() && missing.len() == TABLES.len() {
            return Err(not_ours(format!(
                "an SQLite database with other tables ({})",
                tables.join(", ")
            )));
        }
        return Err(StateError::NewerSchema {
            path: path.display().to_string(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if !missing.is_empty() {
        return Err(not_ours(format!(
            "an SQLite database without the tables {}",
            missing.join(", ")
        )));
    }
    Ok(())
}

pub struct State {
    conn: Connection,
    path: PathBuf,
    /// Stamps the rows it writes; the system clock unless [`State::with_clock`] says otherwise.
    clock: SharedClock,
}

impl State {
    /// Opens (creating if needed) the state file for writing and brings its schema up to date.
    pub fn open(path: &Path) -> Result<State> {
        refuse_directory(path)?;
        ensure_parent(path)?;
        let existed = path.exists();
        if !existed {
            // Created 0600 before SQLite writes anything: it will hold OAuth tokens.
            create_private(path)?;
        } else {
            warn_if_shared(path);
        }
        let conn = Connection::open(path).map_err(|e| classify_sqlite(path, &e))?;
        let state = State {
            conn,
            path: path.to_path_buf(),
            clock: clock::system(),
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
        refuse_directory(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify_sqlite(path, &e))?;
        let state = State {
            conn,
            path: path.to_path_buf(),
            clock: clock::system(),
        };
        state.setup(false)?;
        Ok(Some(state))
    }

    /// Timestamps come from `clock` (the command layer's) from now on.
    pub fn with_clock(mut self, clock: SharedClock) -> Self {
        self.clock = clock;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn setup(&self, writable: bool) -> Result<()> {
        let e = self.e();
        self.conn
            .busy_timeout(std::time::Duration::from_secs(10))
            .map_err(&e)?;
        // The first read of the file: a text file fails here as "not a database", a
        // directory SQLite may not write as "cannot open" (a permission problem).
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(&e)?;
        let tables = self.table_names()?;
        recognise(&self.path, version, &tables)?;
        if writable {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(&e)?;
            self.conn
                .pragma_update(None, "foreign_keys", "ON")
                .map_err(&e)?;
            schema::migrate(&self.conn, version).map_err(&e)?;
        } else if version < SCHEMA_VERSION
            && version != 0
            && !schema::readable_without_upgrade(version)
        {
            return Err(StateError::Unreadable {
                path: self.path.display().to_string(),
                reason: format!("schema {version} is older than {SCHEMA_VERSION}; run `rma-harvest sync` once to upgrade it"),
            });
        }
        Ok(())
    }

    fn table_names(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .map_err(self.e())?;
        let names = stmt
            .query_map([], |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(self.e());
        names
    }

    fn e(&self) -> impl Fn(rusqlite::Error) -> StateError + '_ {
        |e| classify_sqlite(&self.path, &e)
    }

    /// Runs one statement that writes; how many rows it changed.
    fn exec(&self, sql: &str, p: impl rusqlite::Params) -> Result<usize> {
        self.conn.execute(sql, p).map_err(self.e())
    }

    /// Runs `sql` and reads every row with `read`; column `0` is the row's key, named in
    /// the error when a value of the row cannot be read.
    fn rows<T>(
        &self,
        sql: &str,
        p: impl rusqlite::Params,
        table: &'static str,
        read: impl Fn(&RowReader<'_, '_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(self.e())?;
        let mut rows = stmt.query(p).map_err(self.e())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.e())? {
            out.push(read(&RowReader::new(&self.path, table, row, 0))?);
        }
        Ok(out)
    }

    /// Runs `f` in one transaction: all of it is written, or none (the run record; bulk
    /// imports, one fsync instead of thousands).
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
}

fn refuse_directory(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(StateError::NotAStateFile {
            path: path.display().to_string(),
            reason: "a directory".into(),
        });
    }
    Ok(())
}

#[cfg(unix)]
fn create_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| classify_io(path, &e))?;
    Ok(())
}

#[cfg(not(unix))]
fn create_private(path: &Path) -> Result<()> {
    std::fs::File::create(path).map_err(|e| classify_io(path, &e))?;
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
