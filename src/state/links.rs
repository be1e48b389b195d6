//! What became what: Harvest invoices ↔ RMA invoices, clients ↔ customers, RMA payments ↔
//! Harvest payments. Rows in `pending` status are intents written before a remote write.

use rusqlite::params;

use super::model::{CustomerLink, InvoiceLink, InvoiceStatus, PaymentLink, PaymentStatus};
use super::row::{read_fields, status_columns, IsoDate, RowReader, TextDecimal};
use super::{Result, State};

status_columns!(InvoiceStatus, PaymentStatus);

const INVOICE_COLS: &str =
    "harvest_id, harvest_number, rma_invnumber, client_id, status, amount, currency, issue_date, message";

fn invoice_row(r: &RowReader<'_, '_>) -> Result<InvoiceLink> {
    Ok(InvoiceLink {
        harvest_id: r.get(0)?,
        harvest_number: r.get(1)?,
        rma_invnumber: r.get(2)?,
        client_id: r.get(3)?,
        status: r.get(4)?,
        amount: r.get::<TextDecimal>(5)?.0,
        currency: r.get(6)?,
        issue_date: r.get::<Option<IsoDate>>(7)?.map(|d| d.0),
        message: r.get(8)?,
    })
}

const PAYMENT_COLS: &str =
    "rma_payment_id, harvest_invoice_id, rma_invnumber, harvest_payment_id, amount, paid_date, memo, status";

fn payment_row(r: &RowReader<'_, '_>) -> Result<PaymentLink> {
    Ok(PaymentLink {
        rma_payment_id: r.get(0)?,
        harvest_invoice_id: r.get(1)?,
        rma_invnumber: r.get(2)?,
        harvest_payment_id: r.get(3)?,
        amount: r.get::<TextDecimal>(4)?.0,
        paid_date: r.get::<IsoDate>(5)?.0,
        memo: r.get(6)?,
        status: r.get(7)?,
    })
}

impl State {
    // ---- invoices ---------------------------------------------------------------------

    fn invoices_where(&self, clause: &str, p: impl rusqlite::Params) -> Result<Vec<InvoiceLink>> {
        let sql = format!("SELECT {INVOICE_COLS} FROM invoices WHERE {clause}");
        self.rows(&sql, p, "invoices", invoice_row)
    }

    pub fn invoice(&self, harvest_id: i64) -> Result<Option<InvoiceLink>> {
        Ok(self.invoices_where("harvest_id = ?1", [harvest_id])?.pop())
    }

    pub fn invoice_by_invnumber(&self, invnumber: &str) -> Result<Option<InvoiceLink>> {
        Ok(self
            .invoices_where(
                "rma_invnumber = ?1 AND status IN ('booked','linked','pending') ORDER BY harvest_id LIMIT 1",
                [invnumber],
            )?
            .pop())
    }

    /// Every invoice the state knows under this Harvest number, in any status.
    pub fn invoices_by_harvest_number(&self, number: &str) -> Result<Vec<InvoiceLink>> {
        self.invoices_where("harvest_number = ?1 ORDER BY harvest_id", [number])
    }

    /// The invoice booked or linked under this Harvest number, if the state knows one: what
    /// `sync --invoice` accepts even when Harvest no longer lists it as importable (paid).
    pub fn booked_invoice_by_harvest_number(&self, number: &str) -> Result<Option<InvoiceLink>> {
        Ok(self
            .invoices_where(
                "trim(harvest_number) = ?1 AND status IN ('booked','linked') ORDER BY harvest_id LIMIT 1",
                [number.trim()],
            )?
            .pop())
    }

    pub fn invoices_with_status(&self, status: InvoiceStatus) -> Result<Vec<InvoiceLink>> {
        self.invoices_where("status = ?1 ORDER BY harvest_id", [status])
    }

    pub fn put_invoice(&self, link: &InvoiceLink) -> Result<()> {
        let now = self.clock.now_text();
        self.exec(
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
                    link.status,
                    TextDecimal(link.amount),
                    link.currency,
                    link.issue_date.map(IsoDate),
                    link.message,
                    now
                ],
            )?;
        Ok(())
    }

    pub fn delete_invoice(&self, harvest_id: i64) -> Result<()> {
        self.exec("DELETE FROM invoices WHERE harvest_id = ?1", [harvest_id])?;
        Ok(())
    }

    // ---- customers --------------------------------------------------------------------

    pub fn customer(&self, client_id: i64) -> Result<Option<CustomerLink>> {
        let mut rows = self.rows(
            "SELECT harvest_client_id, rma_customernumber, content_hash FROM customers WHERE harvest_client_id = ?1",
            [client_id],
            "customers",
            |r| Ok(read_fields!(r => CustomerLink { client_id, customernumber, content_hash })),
        )?;
        Ok(rows.pop())
    }

    pub fn put_customer(&self, c: &CustomerLink) -> Result<()> {
        self.exec(
                "INSERT INTO customers (harvest_client_id, rma_customernumber, content_hash, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(harvest_client_id) DO UPDATE SET rma_customernumber = excluded.rma_customernumber,
                   content_hash = excluded.content_hash, updated_at = excluded.updated_at",
                params![c.client_id, c.customernumber, c.content_hash, self.clock.now_text()],
            )?;
        Ok(())
    }

    // ---- payments ---------------------------------------------------------------------

    fn payments_where(&self, clause: &str, p: impl rusqlite::Params) -> Result<Vec<PaymentLink>> {
        let sql =
            format!("SELECT {PAYMENT_COLS} FROM payments WHERE {clause} ORDER BY rma_payment_id");
        self.rows(&sql, p, "payments", payment_row)
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
        self.exec(
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
                    TextDecimal(p.amount),
                    IsoDate(p.paid_date),
                    p.memo,
                    p.status,
                    self.clock.now_text()
                ],
            )?;
        Ok(())
    }

    /// RMA gave a mirrored payment a new id (the invoice was saved again in its UI): the row,
    /// with its Harvest payment, is now known by `new_id`. The Harvest payment's notes keep
    /// the marker of `old_id`; the row is found by its Harvest payment id.
    pub fn rekey_payment(&self, old_id: i64, new_id: i64) -> Result<()> {
        let tx = self.conn.unchecked_transaction().map_err(self.e())?;
        tx.execute("DELETE FROM payments WHERE rma_payment_id = ?1", [new_id])
            .map_err(self.e())?;
        tx.execute(
            "UPDATE payments SET rma_payment_id = ?2, updated_at = ?3 WHERE rma_payment_id = ?1",
            params![old_id, new_id, self.clock.now_text()],
        )
        .map_err(self.e())?;
        tx.commit().map_err(self.e())?;
        Ok(())
    }

    pub fn delete_payment(&self, rma_payment_id: i64) -> Result<()> {
        self.exec(
            "DELETE FROM payments WHERE rma_payment_id = ?1",
            [rma_payment_id],
        )?;
        Ok(())
    }
}
