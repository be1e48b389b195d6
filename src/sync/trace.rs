//! The trace a booked invoice carries in Run my Accounts' internal notes (`intnotes`): who
//! booked it, from which Harvest invoice, when and in which run. RMA shows internal notes on
//! the invoice form and in its receivables report, and has no invoice update, so the note
//! is written once, when the invoice is created. It is a machine-recognisable mark (English
//! in every language): `reconcile` finds the tool's invoices in RMA by it.

use chrono::NaiveDate;

/// The run that books: its record id in the state file and its day (Zurich).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunStamp {
    pub run_id: i64,
    pub date: NaiveDate,
}

/// `rma-harvest: booked from Harvest invoice 2026-0101 (id 17) on 02.12.2026, run 17`.
/// Without a run (a dry run's plan) the note ends after the id.
pub fn booking_note(harvest_number: &str, harvest_id: i64, run: Option<RunStamp>) -> String {
    let mut note = format!(
        "rma-harvest: booked from Harvest invoice {} (id {harvest_id})",
        harvest_number.trim()
    );
    if let Some(run) = run {
        note.push_str(&format!(
            " on {}, run {}",
            run.date.format("%d.%m.%Y"),
            run.run_id
        ));
    }
    note
}

/// The Harvest invoice an RMA invoice was booked from, read from its internal notes: the
/// current note, or the older `Harvest invoice N (id X)` that earlier versions wrote.
/// `(number, id)`; `None` for notes the tool did not write.
pub fn booked_from(intnotes: &str) -> Option<(String, i64)> {
    const MARK: &str = "Harvest invoice ";
    let start = intnotes.find(MARK)? + MARK.len();
    let rest = &intnotes[start..];
    // The number is free text in Harvest; the id is what closes it: ` (id <digits>)`.
    let at = rest.rfind(" (id ")?;
    let number = rest[..at].trim();
    let after = &rest[at + " (id ".len()..];
    let close = after.find(')')?;
    let id: i64 = after[..close].parse().ok()?;
    let older = intnotes[..start - MARK.len()].trim();
    if !(older.is_empty() || older == "rma-harvest: booked from") || number.is_empty() {
        return None;
    }
    Some((number.to_string(), id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_names_the_invoice_the_day_and_the_run_and_reads_back() {
        let run = RunStamp {
            run_id: 17,
            date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        };
        let note = booking_note("2026-0101", 4711, Some(run));
        assert_eq!(
            note,
            "rma-harvest: booked from Harvest invoice 2026-0101 (id 4711) on 02.12.2026, run 17"
        );
        assert_eq!(booked_from(&note), Some(("2026-0101".into(), 4711)));
        assert_eq!(
            booked_from(&booking_note("A (1)", 5, None)),
            Some(("A (1)".into(), 5))
        );
    }

    #[test]
    fn the_older_note_is_recognised_and_other_notes_are_not() {
        assert_eq!(
            booked_from("Harvest invoice 1001 (id 13150403)"),
            Some(("1001".into(), 13150403))
        );
        assert_eq!(booked_from(""), None);
        assert_eq!(booked_from("Lieferadresse: Bahnhofstrasse 1"), None);
        assert_eq!(booked_from("see Harvest invoice 1001 (id 5)"), None);
        assert_eq!(booked_from("Harvest invoice 1001 (id x)"), None);
    }
}
