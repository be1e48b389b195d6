//! Progress for long runs on a terminal: a spinner while reading, then "booking n of N" and
//! "mirroring n of N". Off (draws nothing at all) when stderr is not a terminal or with
//! `--quiet`, so cron mail and piped output stay clean.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::sync::plan::{Plan, Step};

/// Which phase a plan step belongs to, for the bar that counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Booking,
    Mirroring,
}

fn phase_of(step: &Step) -> Option<Phase> {
    match step {
        Step::BookInvoice { .. } => Some(Phase::Booking),
        Step::CreatePayment { .. } | Step::ReplacePayment { .. } | Step::DeletePayment { .. } => {
            Some(Phase::Mirroring)
        }
        _ => None,
    }
}

pub struct Progress {
    /// `None`: hidden, every call does nothing.
    bar: Option<ProgressBar>,
    current: std::cell::Cell<Option<Phase>>,
    booking_total: std::cell::Cell<u64>,
    mirroring_total: std::cell::Cell<u64>,
}

impl Progress {
    /// Draws nothing, ever.
    pub fn hidden() -> Progress {
        Progress::with_bar(None)
    }

    fn with_bar(bar: Option<ProgressBar>) -> Progress {
        Progress {
            bar,
            current: Default::default(),
            booking_total: Default::default(),
            mirroring_total: Default::default(),
        }
    }

    /// On stderr when it is a terminal and the run is not `--quiet`; hidden otherwise.
    pub fn for_terminal(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        Progress::with_bar(Some(ProgressBar::with_draw_target(
            None,
            ProgressDrawTarget::stderr(),
        )))
    }

    /// A spinner with `what` until the next phase (or [`Progress::finish`]).
    pub fn reading(&self, what: &str) {
        if let Some(bar) = &self.bar {
            bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("template"));
            bar.set_message(what.to_string());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// Counts the writes of `plan`, so that [`Progress::step`] can show "n of N".
    pub fn start_plan(&self, plan: &Plan) {
        let count = |p| plan.steps.iter().filter(|s| phase_of(s) == Some(p)).count() as u64;
        self.booking_total.set(count(Phase::Booking));
        self.mirroring_total.set(count(Phase::Mirroring));
        if let Some(bar) = &self.bar {
            bar.disable_steady_tick();
            bar.set_message("");
        }
    }

    /// Called once per plan step as it is applied; steps that write nothing are not counted.
    pub fn step(&self, step: &Step) {
        let (Some(bar), Some(phase)) = (&self.bar, phase_of(step)) else {
            return;
        };
        if self.current.get() != Some(phase) {
            self.current.set(Some(phase));
            let (label, total) = match phase {
                Phase::Booking => ("booking", self.booking_total.get()),
                Phase::Mirroring => ("mirroring payments", self.mirroring_total.get()),
            };
            // Length and position first: a style set before them would draw the new label
            // with the last phase's numbers ("mirroring payments 23 of 1").
            bar.set_length(total);
            bar.set_position(0);
            bar.set_style(
                ProgressStyle::with_template(&format!("{label} {{pos}} of {{len}} {{wide_bar}}"))
                    .expect("template"),
            );
        }
        bar.inc(1);
    }

    /// Removes whatever was drawn, so that the summary starts on a clean line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_progress_accepts_every_call() {
        let p = Progress::hidden();
        p.reading("Reading");
        p.start_plan(&Plan::default());
        p.step(&Step::StopPayments {
            reason: "x".into(),
            failure: None,
        });
        p.finish();
        assert!(p.bar.is_none());
    }

    #[test]
    fn only_writes_are_counted_in_a_phase() {
        assert_eq!(
            phase_of(&Step::StopPayments {
                reason: "x".into(),
                failure: None
            }),
            None
        );
    }
}
