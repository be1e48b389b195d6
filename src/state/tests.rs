//! Unit tests of the state file: round trips, the lock, and what an unusable file is called.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::*;
use crate::failure::Category;
use crate::words::Message;

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
    let link = sample_invoice();
    s.put_invoice(&link).unwrap();
    assert_eq!(s.invoice(7).unwrap(), Some(link.clone()));
    assert_eq!(s.invoice_by_invnumber("1001").unwrap(), Some(link));
    let p = PaymentLink {
        rma_payment_id: 11,
        ..sample_payment()
    };
    s.put_payment(&p).unwrap();
    assert_eq!(s.live_payments_of(7).unwrap(), vec![p]);
    let run = s.start_run().unwrap();
    s.add_event(
        run,
        &NewEvent {
            level: "info",
            kind: "booked",
            message: Message::Text("Invoice 1001 booked".into()),
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
    assert_eq!(
        s.events(run).unwrap()[0].message,
        Message::Text("Invoice 1001 booked".into())
    );
}

fn sample_invoice() -> InvoiceLink {
    InvoiceLink {
        harvest_id: 7,
        harvest_number: "1001".into(),
        rma_invnumber: "1001".into(),
        client_id: 3,
        status: InvoiceStatus::Booked,
        amount: Decimal::new(28890, 2),
        currency: "CHF".into(),
        issue_date: NaiveDate::from_ymd_opt(2026, 3, 1),
        message: None,
    }
}

fn sample_payment() -> PaymentLink {
    PaymentLink {
        rma_payment_id: 42,
        harvest_invoice_id: 7,
        rma_invnumber: "1001".into(),
        harvest_payment_id: Some(99),
        amount: Decimal::new(100, 0),
        paid_date: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
        memo: "Zahlung".into(),
        status: PaymentStatus::Mirrored,
    }
}

/// Writes `value` into one column of the state, bypassing the schema's CHECKs the way an
/// older or hand-edited file could hold it.
fn poke(s: &State, table: &str, column: &str, value: &str) {
    s.conn
        .execute_batch("PRAGMA ignore_check_constraints = ON")
        .unwrap();
    s.conn
        .execute(&format!("UPDATE {table} SET {column} = ?1"), [value])
        .unwrap();
}

/// Asserts that `err` is a bad row whose message contains `names`; the message.
fn assert_bad_row(err: StateError, names: &str) -> String {
    assert!(matches!(err, StateError::BadRow { .. }), "{err:?}");
    assert_eq!(err.kind(), StateErrorKind::Corrupt);
    assert_eq!(err.category(), Category::State);
    let msg = err.to_string();
    assert!(msg.contains(names), "{msg}");
    msg
}

#[test]
fn an_unknown_payment_status_names_the_row_and_is_never_pending() {
    let (_d, s) = temp_state();
    s.put_payment(&sample_payment()).unwrap();
    poke(&s, "payments", "status", "bogus");
    assert_bad_row(
        s.payment(42).unwrap_err(),
        "payments row rma_payment_id=42: status \"bogus\" is not known",
    );
    assert!(s.pending_payments().is_ok_and(|p| p.is_empty()));
}

#[test]
fn an_unreadable_amount_or_date_names_table_row_and_column() {
    let (_d, s) = temp_state();
    s.put_payment(&sample_payment()).unwrap();
    poke(&s, "payments", "amount", "abc");
    assert_bad_row(
        s.live_payments_of(7).unwrap_err(),
        "payments row rma_payment_id=42: amount \"abc\" is not an amount",
    );

    s.put_invoice(&sample_invoice()).unwrap();
    poke(&s, "invoices", "issue_date", "x");
    assert_bad_row(
        s.invoice(7).unwrap_err(),
        "invoices row harvest_id=7: issue_date \"x\" is not a date",
    );
}

#[test]
fn an_unknown_invoice_status_is_an_error_not_pending() {
    let (_d, s) = temp_state();
    s.put_invoice(&sample_invoice()).unwrap();
    poke(&s, "invoices", "status", "bogus");
    assert_bad_row(
        s.invoice(7).unwrap_err(),
        "invoices row harvest_id=7: status \"bogus\"",
    );
}

#[test]
fn a_token_expiry_that_is_not_a_time_is_an_error() {
    let (_d, s) = temp_state();
    s.save_tokens(&StoredTokens {
        access_token: crate::secret::Secret::new("a-secret-access"),
        refresh_token: crate::secret::Secret::new("a-secret-refresh"),
        expires_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        account_id: "1".into(),
    })
    .unwrap();
    poke(&s, "tokens", "expires_at", "soon");
    let msg = assert_bad_row(
        s.tokens().unwrap_err(),
        "tokens row id=1: expires_at \"soon\"",
    );
    assert!(!msg.contains("a-secret"), "{msg}");
}

#[test]
fn a_text_file_is_not_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.sqlite");
    std::fs::write(&p, "[harvest]\naccount_url = \"x\"\n".repeat(200)).unwrap();
    for err in [
        State::open(&p).err().unwrap(),
        State::open_read_only(&p).err().unwrap(),
    ] {
        assert_eq!(err.kind(), StateErrorKind::NotAStateFile, "{err}");
        assert!(
            err.to_string().contains("is not an rma-harvest state file"),
            "{err}"
        );
        assert_eq!(err.category(), Category::State);
    }
}

#[test]
fn another_programs_database_is_not_a_state_file_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("other.sqlite");
    let other = rusqlite::Connection::open(&p).unwrap();
    other
        .execute_batch("CREATE TABLE photos (id INTEGER)")
        .unwrap();
    drop(other);
    let err = State::open(&p).err().unwrap();
    assert_eq!(err.kind(), StateErrorKind::NotAStateFile, "{err}");
    assert!(err.to_string().contains("photos"), "{err}");
    let other = rusqlite::Connection::open(&p).unwrap();
    let tables: i64 = other
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1, "no rma-harvest tables were added");

    other.pragma_update(None, "user_version", 1).unwrap();
    drop(other);
    let err = State::open_read_only(&p).err().unwrap();
    assert_eq!(err.kind(), StateErrorKind::NotAStateFile, "{err}");
    assert!(err.to_string().contains("without the tables"), "{err}");
}

#[test]
fn a_damaged_file_is_corrupt() {
    let (dir, s) = temp_state();
    for i in 0..50 {
        s.put_invoice(&InvoiceLink {
            harvest_id: i,
            message: Some(Message::Text("x".repeat(200))),
            ..sample_invoice()
        })
        .unwrap();
    }
    s.conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .unwrap();
    drop(s);
    let p = dir.path().join("s.sqlite");
    let mut bytes = std::fs::read(&p).unwrap();
    let page = 4096;
    assert!(bytes.len() > 3 * page);
    // Everything after the first page (the schema) becomes garbage.
    for b in &mut bytes[page..] {
        *b = 0xA5;
    }
    std::fs::write(&p, &bytes).unwrap();
    let err = State::open(&p)
        .and_then(|s| s.invoice(3).map(|_| ()))
        .unwrap_err();
    assert_eq!(err.kind(), StateErrorKind::Corrupt, "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert_eq!(err.category(), Category::State);
}

#[test]
fn sqlite_and_io_errors_are_classified() {
    use rusqlite::ffi;
    let p = Path::new("/var/lib/rma-harvest/state.sqlite");
    let sqlite = |code| rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
    for (code, kind) in [
        (ffi::SQLITE_READONLY, StateErrorKind::Permission),
        (ffi::SQLITE_CANTOPEN, StateErrorKind::Permission),
        (ffi::SQLITE_PERM, StateErrorKind::Permission),
        (ffi::SQLITE_NOTADB, StateErrorKind::NotAStateFile),
        (ffi::SQLITE_CORRUPT, StateErrorKind::Corrupt),
        (ffi::SQLITE_FULL, StateErrorKind::Unusable),
    ] {
        let err = error::classify_sqlite(p, &sqlite(code));
        assert_eq!(err.kind(), kind, "{code}: {err}");
        assert_eq!(err.category(), Category::State);
    }
    let err = error::classify_sqlite(p, &sqlite(ffi::SQLITE_READONLY));
    let msg = err.to_string();
    assert!(
        msg.contains("permission denied") && msg.contains("state.sqlite"),
        "{msg}"
    );
    assert!(!msg.contains("not an rma-harvest state file"), "{msg}");

    let dir = Path::new("/var/lib/rma-harvest");
    let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let err = error::classify_io(dir, &io);
    assert_eq!(err.kind(), StateErrorKind::Permission);
    assert!(
        err.to_string()
            .starts_with("/var/lib/rma-harvest cannot be opened or written: permission denied"),
        "{err}"
    );
    let io = std::io::Error::from(std::io::ErrorKind::ReadOnlyFilesystem);
    assert_eq!(
        error::classify_io(dir, &io).kind(),
        StateErrorKind::Permission
    );
    let io = std::io::Error::from(std::io::ErrorKind::StorageFull);
    assert_eq!(
        error::classify_io(dir, &io).kind(),
        StateErrorKind::Unusable
    );
}

#[test]
fn a_write_sqlite_refuses_is_a_permission_problem() {
    // Tests run as root, which may write anything: a read-only connection gets the same
    // SQLITE_READONLY that a file without write permission gets.
    let (dir, s) = temp_state();
    drop(s);
    let ro = State::open_read_only(&dir.path().join("s.sqlite"))
        .unwrap()
        .unwrap();
    let err = ro.put_invoice(&sample_invoice()).unwrap_err();
    assert_eq!(err.kind(), StateErrorKind::Permission, "{err}");
    assert!(err.to_string().contains("permission denied"), "{err}");
}

#[test]
fn a_newer_schema_is_newer_not_foreign() {
    let p = Path::new("s.sqlite");
    let ours: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    let err = recognise(p, SCHEMA_VERSION + 1, &ours[..3]).unwrap_err();
    assert_eq!(err.kind(), StateErrorKind::Newer);
    let err = recognise(p, SCHEMA_VERSION + 1, &["photos".into()]).unwrap_err();
    assert_eq!(err.kind(), StateErrorKind::NotAStateFile);
    let err = recognise(p, SCHEMA_VERSION + 1, &[]).unwrap_err();
    assert_eq!(err.kind(), StateErrorKind::Newer);
    assert!(recognise(p, 0, &[]).is_ok());
    assert!(recognise(p, SCHEMA_VERSION, &ours).is_ok());
}

#[test]
fn the_run_record_is_written_whole_or_not_at_all() {
    let (_d, s) = temp_state();
    let run = s.start_run().unwrap();
    let events = [
        NewEvent {
            level: "info",
            kind: "booked",
            message: Message::Text("Invoice 1001 booked".into()),
            ..Default::default()
        },
        NewEvent {
            level: "error",
            kind: "refused",
            message: Message::Text("Invoice 1002 refused".into()),
            ..Default::default()
        },
    ];
    let counts = RunCounts {
        booked: 1,
        refused: 1,
        ..Default::default()
    };
    s.record_run_end(run, 1, &counts, &events, Some(("k", "v1")))
        .unwrap();
    let rec = s.run(run).unwrap().unwrap();
    assert_eq!(rec.exit_code, Some(1));
    assert_eq!(rec.counts, counts);
    assert!(rec.finished_at.is_some());
    let messages: Vec<String> = s
        .events(run)
        .unwrap()
        .into_iter()
        .map(|e| crate::words::render(&e.message))
        .collect();
    assert_eq!(messages, ["Invoice 1001 booked", "Invoice 1002 refused"]);
    assert_eq!(s.meta("k").unwrap().as_deref(), Some("v1"));

    // A run whose end cannot be written (here: it is made to fail at the last statement)
    // leaves neither its events nor its end nor the meta value behind.
    let run2 = s.start_run().unwrap();
    s.conn
        .execute_batch(
            "CREATE TRIGGER no_meta BEFORE UPDATE ON meta BEGIN SELECT RAISE(ABORT, 'refused'); END",
        )
        .unwrap();
    assert!(s
        .record_run_end(run2, 0, &RunCounts::default(), &events, Some(("k", "v2")))
        .is_err());
    assert!(s.events(run2).unwrap().is_empty());
    assert_eq!(s.run(run2).unwrap().unwrap().finished_at, None);
    assert_eq!(s.meta("k").unwrap().as_deref(), Some("v1"));
}
