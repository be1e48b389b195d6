//! The bulk guard: a run that would book more invoices than `sync.max_new_bookings` writes
//! nothing. A first run without `sync.start_date` would otherwise book the whole history of
//! the Harvest account, and booked invoices cannot be taken back by the tool.

use super::plan::{Plan, Step};

/// How many invoices the plan books in Run my Accounts (links are not bookings).
pub fn new_bookings(plan: &Plan) -> usize {
    plan.steps
        .iter()
        .filter(|s| matches!(s, Step::BookInvoice { .. }))
        .count()
}

/// `Some(message)` when the plan books more than `max`: the run must then write nothing.
pub fn refusal(plan: &Plan, max: usize) -> Option<String> {
    let n = new_bookings(plan);
    (n > max).then(|| {
        format!(
            "This run would book {n} invoices in Run my Accounts, more than sync.max_new_bookings ({max}); nothing was written. \
             If older invoices must not be booked, set sync.start_date in the configuration; \
             if all {n} are meant, run `rma-harvest sync --max-new-bookings {n}` once (`rma-harvest sync --dry-run` lists them)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skip(id: i64) -> Step {
        Step::SkipInvoice {
            harvest_id: id,
            harvest_number: id.to_string(),
            reason: String::new(),
        }
    }

    #[test]
    fn only_bookings_count_and_the_limit_itself_is_allowed() {
        let plan = Plan {
            steps: (0..60).map(skip).collect(),
        };
        assert_eq!(new_bookings(&plan), 0);
        assert_eq!(refusal(&plan, 0), None);
    }
}
