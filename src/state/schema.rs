//! Schema migrations, forward only: migration N brings `user_version` from N-1 to N. A
//! released migration is never edited; a change is a new migration.

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE tokens (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        access_token TEXT NOT NULL,
        refresh_token TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        account_id TEXT NOT NULL,
        obtained_at TEXT NOT NULL
    );
    CREATE TABLE invoices (
        harvest_id INTEGER PRIMARY KEY,
        harvest_number TEXT NOT NULL,
        rma_invnumber TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','booked','linked','refused')),
        amount TEXT NOT NULL DEFAULT '0',
        currency TEXT NOT NULL DEFAULT '',
        issue_date TEXT,
        content_hash TEXT,
        message TEXT NOT NULL DEFAULT '',
        booked_at TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX invoices_by_invnumber ON invoices (rma_invnumber);
    CREATE INDEX invoices_by_status ON invoices (status);
    CREATE TABLE customers (
        harvest_client_id INTEGER PRIMARY KEY,
        rma_customernumber TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE payments (
        rma_payment_id INTEGER PRIMARY KEY,
        harvest_invoice_id INTEGER NOT NULL,
        rma_invnumber TEXT NOT NULL,
        harvest_payment_id INTEGER,
        amount TEXT NOT NULL,
        paid_date TEXT NOT NULL,
        memo TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('pending','pending_delete','mirrored','deleted')),
        updated_at TEXT NOT NULL
    );
    CREATE INDEX payments_by_invoice ON payments (harvest_invoice_id);
    CREATE INDEX payments_by_status ON payments (status);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        dry_run INTEGER NOT NULL DEFAULT 0,
        exit_code INTEGER,
        booked INTEGER NOT NULL DEFAULT 0,
        linked INTEGER NOT NULL DEFAULT 0,
        refused INTEGER NOT NULL DEFAULT 0,
        customers INTEGER NOT NULL DEFAULT 0,
        payments_created INTEGER NOT NULL DEFAULT 0,
        payments_deleted INTEGER NOT NULL DEFAULT 0,
        warnings INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        at TEXT NOT NULL,
        level TEXT NOT NULL,
        kind TEXT NOT NULL,
        harvest_invoice_id INTEGER,
        invoice_number TEXT,
        rma_payment_id INTEGER,
        message TEXT NOT NULL
    );
    CREATE INDEX events_by_run ON events (run_id);
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 2: bookkeeping truth (issue 10): what was booked is compared every run, a deletion in
    // Harvest and a dismissal are remembered, and problems stay open until their cause is
    // gone or a person dismisses them.
    "ALTER TABLE invoices ADD COLUMN deleted_in_harvest_at TEXT;
    ALTER TABLE invoices ADD COLUMN dismissed_at TEXT;
    CREATE TABLE problems (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        harvest_invoice_id INTEGER,
        invoice_number TEXT,
        rma_payment_id INTEGER,
        message TEXT NOT NULL,
        todo TEXT NOT NULL DEFAULT '',
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        closed_at TEXT,
        closed_by TEXT
    );
    CREATE INDEX problems_open ON problems (closed_at);",
    // 3: a payment write Harvest refused is held with the inputs that produced it, so it is
    // not sent again unchanged every night (issue 10 item 6).
    "CREATE TABLE held_writes (
        rma_payment_id INTEGER PRIMARY KEY,
        harvest_invoice_id INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        message TEXT NOT NULL,
        held_at TEXT NOT NULL
    );",
    // 4 (issue 18): which runs have something to tell the bookkeeper (`mail_due`) and when
    // the mail that told it went out (`mailed_at`), so a mail that failed is carried by the
    // next one and a mail that went through is never sent again.
    "ALTER TABLE runs ADD COLUMN mail_due INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN mailed_at TEXT;",
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &Connection, from: i64) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
