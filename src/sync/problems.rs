//! From a run's events to the open-problems table: what the run saw is recorded (first
//! seen, last seen), what it no longer sees closes by itself (README "Open problems").

use std::collections::HashSet;

use super::plan::problem_key;
use super::report::{Closes, Event, EventKind, Level, Report};
use crate::state::{ProblemSighting, State, StateError};

/// The problem an event stands for, if it is one.
fn sighting(e: &Event) -> Option<ProblemSighting> {
    if !e.kind.is_problem() || (e.kind == EventKind::Error && e.level != Level::Error) {
        return None;
    }
    let kind = e.kind.as_str();
    let key = match (e.kind.closes_when(), e.harvest_invoice_id, e.rma_payment_id) {
        (Closes::WhenUnseen, _, Some(payment)) => format!("{kind}:payment:{payment}"),
        (_, Some(invoice), _) => problem_key(kind, invoice),
        (_, None, Some(payment)) => format!("{kind}:payment:{payment}"),
        (_, None, None) => format!("{kind}:number:{}", e.invoice_number.as_deref()?),
    };
    Some(ProblemSighting {
        key,
        kind,
        harvest_invoice_id: e.harvest_invoice_id,
        invoice_number: e.invoice_number.clone(),
        rma_payment_id: e.rma_payment_id,
        message: e.message.clone(),
        todo: e.kind.what_to_do().to_string(),
    })
}

/// Records the run's problems and closes the ones whose cause is gone. `listed` are the
/// Harvest invoices the run read; `completed` is false when the run had to stop early (then
/// nothing is closed for not being seen); `only_listed` when the run looked at `listed`
/// alone (`sync --invoice`): a problem of any other invoice, or of none, was not looked at.
pub fn record_problems(
    state: &State,
    report: &Report,
    listed: &HashSet<i64>,
    completed: bool,
    only_listed: bool,
) -> Result<(), StateError> {
    let mut seen = HashSet::new();
    for s in report.events.iter().filter_map(sighting) {
        state.see_problem(&s)?;
        seen.insert(s.key);
    }
    for p in state.open_problems()? {
        if seen.contains(&p.key) {
            continue;
        }
        let closes = EventKind::parse(&p.kind).map_or(Closes::WhenUnseen, |k| k.closes_when());
        let gone = match closes {
            Closes::WhenInvoiceListedAndUnseen => {
                completed && p.harvest_invoice_id.is_some_and(|id| listed.contains(&id))
            }
            Closes::WhenUnseen => {
                completed
                    && (!only_listed || p.harvest_invoice_id.is_some_and(|id| listed.contains(&id)))
            }
            Closes::OnlyByDismiss => false,
        };
        if gone {
            state.close_problem(&p.key, "resolved")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_keyed_by_invoice_or_payment() {
        let refused = Event::error(EventKind::Refused, "x").invoice(7, "1001");
        assert_eq!(sighting(&refused).unwrap().key, "refused:invoice:7");
        let review = Event::error(EventKind::UnreadablePayment, "x").payment(17);
        assert_eq!(
            sighting(&review).unwrap().key,
            "unreadable_payment:payment:17"
        );
        assert!(sighting(&Event::info(EventKind::Booked, "b").invoice(7, "1001")).is_none());
        // A stopped run is in the run log, not an open problem.
        assert!(sighting(&Event::error(EventKind::Error, "stopped")).is_none());
    }
}
