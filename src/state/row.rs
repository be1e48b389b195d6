//! Strict reading of rows: every value converts exactly or the row is an error that names
//! the table, the row's key and the column ([`StateError::BadRow`]). Nothing becomes a
//! default: a status read as `pending`, an amount as 0 or a date as 1970 would make the
//! sync act on something that is not so.

use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::{Row, ToSql};
use rust_decimal::Decimal;

use super::error::{bad_row, StateError};

/// One row being read, with what is needed to name it in an error.
pub(super) struct RowReader<'a, 'stmt> {
    row: &'a Row<'stmt>,
    path: &'a Path,
    table: &'static str,
    key: String,
}

impl<'a, 'stmt> RowReader<'a, 'stmt> {
    /// `key_idx` is the column that identifies the row (its primary key).
    pub fn new(
        path: &'a Path,
        table: &'static str,
        row: &'a Row<'stmt>,
        key_idx: usize,
    ) -> RowReader<'a, 'stmt> {
        let stmt = row.as_ref();
        let name = stmt.column_name(key_idx).unwrap_or("key");
        let value = match row.get_ref(key_idx) {
            Ok(ValueRef::Integer(n)) => n.to_string(),
            Ok(ValueRef::Text(t)) => format!("{:?}", String::from_utf8_lossy(t)),
            Ok(ValueRef::Real(r)) => r.to_string(),
            Ok(ValueRef::Null) => "NULL".into(),
            Ok(ValueRef::Blob(_)) | Err(_) => "?".into(),
        };
        RowReader {
            row,
            path,
            table,
            key: format!("{name}={value}"),
        }
    }

    pub fn get<T: FromSql>(&self, idx: usize) -> Result<T, StateError> {
        self.row.get(idx).map_err(|e| {
            let column = self.row.as_ref().column_name(idx).unwrap_or("a column");
            bad_row(self.path, self.table, self.key.clone(), column, e)
        })
    }
}

fn text<'v>(v: &ValueRef<'v>) -> Result<&'v str, FromSqlError> {
    match v {
        ValueRef::Text(t) => std::str::from_utf8(t).map_err(|e| FromSqlError::Other(e.into())),
        _ => Err(FromSqlError::InvalidType),
    }
}

fn not_a(what: &str, s: &str) -> FromSqlError {
    FromSqlError::Other(format!("{s:?} is not {what}").into())
}

/// An amount, stored as its exact decimal text (never a float).
pub(super) struct TextDecimal(pub Decimal);

impl FromSql for TextDecimal {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = text(&v)?;
        Decimal::from_str(s)
            .map(TextDecimal)
            .map_err(|_| not_a("an amount", s))
    }
}

impl ToSql for TextDecimal {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.to_string()))
    }
}

/// A calendar date, stored as `YYYY-MM-DD`.
pub(super) struct IsoDate(pub NaiveDate);

impl FromSql for IsoDate {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = text(&v)?;
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(IsoDate)
            .map_err(|_| not_a("a date (YYYY-MM-DD)", s))
    }
}

impl ToSql for IsoDate {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0.format("%Y-%m-%d").to_string()))
    }
}

/// An instant, stored as RFC 3339 text.
pub(super) struct Rfc3339(pub DateTime<Utc>);

impl FromSql for Rfc3339 {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = text(&v)?;
        DateTime::parse_from_rfc3339(s)
            .map(|d| Rfc3339(d.with_timezone(&Utc)))
            .map_err(|_| not_a("a time (RFC 3339)", s))
    }
}

/// A status column: one of the words `parse` knows, else an error quoting the word.
pub(super) fn status<T>(v: ValueRef<'_>, parse: fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let s = text(&v)?;
    parse(s).ok_or_else(|| FromSqlError::Other(format!("{s:?} is not known").into()))
}

/// Stores status enums as their word: written with `as_str`, read strictly with `parse`
/// (see [`status`]).
macro_rules! status_columns {
    ($($status:ty),+) => {$(
        impl rusqlite::types::FromSql for $status {
            fn column_result(
                v: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                $crate::state::row::status(v, <$status>::parse)
            }
        }

        impl rusqlite::ToSql for $status {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }
    )+};
}
pub(super) use status_columns;

/// Reads a row's columns, in order from `first` (default 0), into the named fields of a
/// struct: `read_fields!(r => T { a, b })` is `T { a: r.get(0)?, b: r.get(1)? }`. For
/// fields whose column type converts as it is; others are read by hand.
macro_rules! read_fields {
    ($r:ident => $ty:ident { $($field:ident),+ $(,)? }) => {
        $crate::state::row::read_fields!($r @ 0 => $ty { $($field),+ })
    };
    ($r:ident @ $first:expr => $ty:ident { $($field:ident),+ $(,)? }) => {{
        let mut column = $first..;
        $ty { $($field: $r.get(column.next().unwrap_or_default())?),+ }
    }};
}
pub(super) use read_fields;
