//! The bulk guard: a run that would book more invoices than `sync.max_new_bookings` writes
//! nothing. A first run without `sync.start_date` would otherwise book the whole history of
//! the Harvest account, and booked invoices cannot be taken back by the tool.

use super::plan::{Plan, Step};
use crate::msg;
use crate::words::Message;

/// How many invoices the plan books in Run my Accounts (links are not bookings).
pub fn new_bookings(plan: &Plan) -> usize {
    plan.steps
        .iter()
        .filter(|s| matches!(s, Step::BookInvoice { .. }))
        .count()
}

/// `Some(message)` when the plan books more than `max`: the run must then write nothing.
/// A dry run says what the real run would do.
pub fn refusal(plan: &Plan, max: usize, dry_run: bool) -> Option<Message> {
    let n = new_bookings(plan);
    (n > max).then(|| match dry_run {
        false => msg!("sync-bulk-guard", count = n, max = max),
        true => msg!("sync-bulk-guard-dry-run", count = n, max = max),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(id: i64) -> Step {
        Step::SkipInvoice {
            harvest_id: id,
            harvest_number: id.to_string(),
            reason: Message::Text(String::new()),
        }
    }

    #[test]
    fn only_bookings_count_and_the_limit_itself_is_allowed() {
        let plan = Plan {
            steps: (0..60).map(skip).collect(),
        };
        assert_eq!(new_bookings(&plan), 0);
        assert_eq!(refusal(&plan, 0, false), None);
    }
}
