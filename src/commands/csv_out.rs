//! CSV for a Treuhänder's spreadsheet (`reconcile --csv`, `log --csv`, `log --problems
//! --csv`): the `csv` crate quotes what needs quoting; dates are ISO, amounts have a `.`
//! decimal point and two places. `--excel` writes what Excel with Swiss settings opens
//! directly: `;` between fields and a UTF-8 byte-order mark.

use std::path::Path;

use rust_decimal::Decimal;

use super::Result;
use crate::state::{EventRecord, Problem, State};

/// A CSV table built in memory and written to its file (or stdout) at the end, so a
/// failure half-way leaves no half-written file.
pub(crate) struct Csv {
    writer: csv::Writer<Vec<u8>>,
}

impl Csv {
    pub fn new(header: &[&str], excel: bool) -> Result<Csv> {
        let mut start = Vec::new();
        if excel {
            start.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if excel { b';' } else { b',' })
            .from_writer(start);
        writer.write_record(header).map_err(io)?;
        Ok(Csv { writer })
    }

    pub fn row<I, S>(&mut self, fields: I) -> Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<[u8]>,
    {
        self.writer.write_record(fields).map_err(io)
    }

    /// Writes the table to `file`; `-` is stdout.
    pub fn finish(self, file: &Path) -> Result<()> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| io(e.into_error().into()))?;
        if file == Path::new("-") {
            super::write_stdout(&bytes)
        } else {
            std::fs::write(file, bytes).map_err(|e| {
                super::CommandError::config(format!("cannot write {}: {e}", file.display()))
            })
        }
    }
}

fn io(e: csv::Error) -> super::CommandError {
    std::io::Error::other(e.to_string()).into()
}

/// `1234.50`; empty for no amount.
pub(crate) fn amount(a: Option<Decimal>) -> String {
    a.map(|a| format!("{:.2}", a.round_dp(2)))
        .unwrap_or_default()
}

fn text<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// The columns of `log --csv` (README "CSV").
pub(crate) const EVENT_COLUMNS: [&str; 8] = [
    "run_id", "time", "code", "invoice", "payment", "amount", "currency", "message",
];

/// One row per event. `code` is the event's kind; amount and currency are those of the
/// payment (or else the invoice) the event is about, as the state file has them now.
pub(crate) fn write_events(
    state: &State,
    events: &[EventRecord],
    file: &Path,
    excel: bool,
) -> Result<()> {
    let mut csv = Csv::new(&EVENT_COLUMNS, excel)?;
    for e in events {
        let payment = match e.rma_payment_id {
            Some(id) => state.payment(id)?,
            None => None,
        };
        let invoice_id = payment
            .as_ref()
            .map(|p| p.harvest_invoice_id)
            .or(e.harvest_invoice_id);
        let invoice = match invoice_id {
            Some(id) => state.invoice(id)?,
            None => None,
        };
        let amount_of = payment
            .as_ref()
            .map(|p| p.amount)
            .or(invoice.as_ref().map(|i| i.amount));
        csv.row([
            e.run_id.to_string(),
            e.at.clone(),
            e.kind.clone(),
            text(e.invoice_number.as_ref()),
            text(e.rma_payment_id),
            amount(amount_of),
            text(invoice.as_ref().map(|i| &i.currency)),
            crate::words::render(&e.message),
        ])?;
    }
    csv.finish(file)
}

/// `log --csv` without a state file: the header alone.
pub(crate) fn write_events_header(file: &Path, excel: bool) -> Result<()> {
    Csv::new(&EVENT_COLUMNS, excel)?.finish(file)
}

/// The columns of `log --problems --csv` (README "CSV").
pub(crate) const PROBLEM_COLUMNS: [&str; 7] = [
    "code",
    "invoice",
    "payment",
    "first_seen",
    "last_seen",
    "message",
    "what_to_do",
];

pub(crate) fn write_problems(problems: &[Problem], file: &Path, excel: bool) -> Result<()> {
    let mut csv = Csv::new(&PROBLEM_COLUMNS, excel)?;
    for p in problems {
        csv.row([
            p.kind.clone(),
            text(p.invoice_number.as_ref()),
            text(p.rma_payment_id),
            p.first_seen.clone(),
            p.last_seen.clone(),
            crate::words::render(&p.message),
            crate::words::render(&p.what_to_do),
        ])?;
    }
    csv.finish(file)
}
