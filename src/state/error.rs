//! What can be wrong with the state file, said so that a person knows what to do: a
//! permission problem is fixed with chmod/chown, a file that is not ours by pointing the
//! config at the right one, a damaged file by restoring a backup. Every SQLite and I/O error
//! of this module goes through [`classify_sqlite`] or [`classify_io`].

use std::path::Path;

use rusqlite::ErrorCode;

use crate::failure::Category;
use crate::msg;
use crate::words::{self, Message};

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}", words::render(&self.message()))]
    NewerSchema {
        path: String,
        found: i64,
        known: i64,
    },
    /// The file, or the directory SQLite keeps its `-wal`/`-shm` files in, cannot be written.
    #[error("{}", words::render(&self.message()))]
    PermissionDenied { path: String, reason: String },
    #[error("{}", words::render(&self.message()))]
    NotAStateFile { path: String, reason: String },
    #[error("{}", words::render(&self.message()))]
    Corrupt { path: String, reason: String },
    /// One row holds a value this version cannot read; never replaced by a default, since a
    /// guessed status or amount would make the sync book or pay the wrong thing.
    #[error("{}", words::render(&self.message()))]
    BadRow {
        path: String,
        table: &'static str,
        key: String,
        problem: String,
    },
    #[error("{}", words::render(&self.message()))]
    Unreadable { path: String, reason: String },
    #[error("{}", words::render(&self.message()))]
    Locked { lock: String },
}

/// What kind of problem a [`StateError`] is, for whoever maps errors to exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateErrorKind {
    /// Another run holds the lock.
    Locked,
    /// The file or its directory cannot be written (or read).
    Permission,
    /// Not SQLite, or SQLite without rma-harvest's tables.
    NotAStateFile,
    /// SQLite reports damage, or a row holds a value that cannot be read.
    Corrupt,
    /// Written by a newer version.
    Newer,
    /// Anything else (disk full, an I/O error, an old schema opened read-only).
    Unusable,
}

impl StateError {
    /// What is wrong and what to do, for a person (the error's `Display` renders it).
    pub fn message(&self) -> Message {
        match self {
            StateError::NewerSchema { path, found, known } => msg!(
                "state-newer-schema",
                path = path,
                found = *found,
                known = *known
            ),
            StateError::PermissionDenied { path, reason } => {
                msg!("state-permission-denied", path = path, reason = reason)
            }
            StateError::NotAStateFile { path, reason } => {
                msg!("state-not-a-state-file", path = path, reason = reason)
            }
            StateError::Corrupt { path, reason } => {
                msg!("state-corrupt", path = path, reason = reason)
            }
            StateError::BadRow {
                path,
                table,
                key,
                problem,
            } => msg!(
                "state-bad-row",
                path = path,
                table = *table,
                key = key,
                problem = problem
            ),
            StateError::Unreadable { path, reason } => {
                msg!("state-unreadable", path = path, reason = reason)
            }
            StateError::Locked { lock } => msg!("state-locked", lock = lock),
        }
    }

    pub fn kind(&self) -> StateErrorKind {
        match self {
            StateError::NewerSchema { .. } => StateErrorKind::Newer,
            StateError::PermissionDenied { .. } => StateErrorKind::Permission,
            StateError::NotAStateFile { .. } => StateErrorKind::NotAStateFile,
            StateError::Corrupt { .. } | StateError::BadRow { .. } => StateErrorKind::Corrupt,
            StateError::Unreadable { .. } => StateErrorKind::Unusable,
            StateError::Locked { .. } => StateErrorKind::Locked,
        }
    }

    /// What the command layer makes of it: the lock is busy, or the file cannot be used.
    pub fn category(&self) -> Category {
        match self.kind() {
            StateErrorKind::Locked => Category::Locked,
            _ => Category::State,
        }
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// An I/O error on `path` (the state file, its directory or the lock file).
pub fn classify_io(path: &Path, e: &std::io::Error) -> StateError {
    use std::io::ErrorKind;
    let (path, reason) = (display(path), io_reason(e));
    match e.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            StateError::PermissionDenied { path, reason }
        }
        _ => StateError::Unreadable { path, reason },
    }
}

/// The system's reason in a person's words where it has a common one (not `No such file or
/// directory (os error 2)`).
fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let known = match e.kind() {
        ErrorKind::NotFound => msg!("state-io-not-found"),
        ErrorKind::NotADirectory => msg!("state-io-not-a-folder"),
        ErrorKind::IsADirectory => msg!("state-io-is-a-folder"),
        ErrorKind::ReadOnlyFilesystem => msg!("state-io-read-only"),
        ErrorKind::StorageFull => msg!("state-io-disk-full"),
        _ => return e.to_string(),
    };
    words::render(&known)
}

/// An SQLite error on the state file at `path`.
pub fn classify_sqlite(path: &Path, e: &rusqlite::Error) -> StateError {
    let (path, reason) = (display(path), e.to_string());
    match e.sqlite_error_code() {
        // SQLite opens a file it may not write read-only and fails at the first write
        // (READONLY); it cannot create the -wal/-shm files in a directory it may not write
        // (CANTOPEN, or READONLY with an extended code).
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StateError::PermissionDenied { path, reason }
        }
        Some(ErrorCode::NotADatabase) => StateError::NotAStateFile { path, reason },
        Some(ErrorCode::DatabaseCorrupt) => StateError::Corrupt { path, reason },
        _ => StateError::Unreadable { path, reason },
    }
}

/// A value of one row that does not convert: names the table, the row's key and the column.
pub fn bad_row(
    path: &Path,
    table: &'static str,
    key: String,
    column: &str,
    e: rusqlite::Error,
) -> StateError {
    let problem = match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, err) => format!("{column} {err}"),
        rusqlite::Error::InvalidColumnType(_, _, ty) => {
            format!("{column} holds a value of type {ty}, which it never holds")
        }
        rusqlite::Error::IntegralValueOutOfRange(_, v) => format!("{column} {v} is out of range"),
        // Not a value problem (the statement itself failed): classify it as such.
        other => return classify_sqlite(path, &other),
    };
    StateError::BadRow {
        path: display(path),
        table,
        key,
        problem,
    }
}
