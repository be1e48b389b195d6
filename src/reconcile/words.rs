//! What a verdict says and what to do about it, as messages (rendered by the command).

use super::{NotInRma, PaidWhy, TotalWhy, Verdict};
use crate::msg;
use crate::words::{Arg, Message};

impl Verdict {
    /// The verdict and its reason, short enough for a table cell.
    pub fn message(&self) -> Message {
        match self {
            Verdict::Ok => msg!("reconcile-ok"),
            Verdict::NotInRma { why } => msg!("reconcile-not-in-rma", why = why.message()),
            Verdict::TotalDiffers { why } => msg!("reconcile-total-differs", why = why.message()),
            Verdict::PaidDiffers { why } => msg!("reconcile-paid-differs", why = why.message()),
            Verdict::DeletedInHarvest => msg!("reconcile-deleted"),
            Verdict::NumberCollision { rma_side } => {
                msg!("reconcile-collision", rma_side = rma_side)
            }
            Verdict::InRmaOnly => msg!("reconcile-rma-only"),
            Verdict::Dismissed { what, difference } => msg!(
                "reconcile-dismissed",
                difference = difference.message(),
                what = Arg::List(what.iter().cloned().map(Message::Text).collect())
            ),
        }
    }

    /// What a person does about a difference; `None` where there is nothing to do.
    pub fn what_to_do(&self) -> Option<Message> {
        Some(match self {
            Verdict::NotInRma {
                why: NotInRma::Refused { .. },
            } => msg!("reconcile-todo-refused"),
            Verdict::NotInRma {
                why: NotInRma::Missing,
            } => msg!("reconcile-todo-missing"),
            Verdict::TotalDiffers {
                why: TotalWhy::ChangedAfterBooking,
            } => msg!("reconcile-todo-changed"),
            Verdict::TotalDiffers {
                why: TotalWhy::VatComputedDifferently,
            } => msg!("reconcile-todo-vat"),
            Verdict::PaidDiffers {
                why: PaidWhy::HeldWrite { .. },
            } => msg!("reconcile-todo-held"),
            Verdict::PaidDiffers {
                why: PaidWhy::PendingInFeed { .. },
            } => msg!("reconcile-todo-pending"),
            Verdict::PaidDiffers {
                why: PaidWhy::ByHandInHarvest,
            } => msg!("reconcile-todo-by-hand"),
            Verdict::DeletedInHarvest => msg!("reconcile-todo-deleted"),
            Verdict::NumberCollision { .. } => msg!("reconcile-todo-collision"),
            Verdict::InRmaOnly => msg!("reconcile-todo-rma-only"),
            _ => return None,
        })
    }
}

impl NotInRma {
    fn message(&self) -> Message {
        match self {
            NotInRma::Refused { message } => msg!("reconcile-why-refused", reason = message),
            NotInRma::Missing => msg!("reconcile-why-missing"),
            NotInRma::WaitingForNextRun => msg!("reconcile-why-waiting"),
            NotInRma::BeforeStartDate { start_date } => {
                msg!("reconcile-why-before-start", start_date = *start_date)
            }
            NotInRma::StateNotImported { state } => {
                msg!("reconcile-why-state", state = state)
            }
        }
    }
}

impl TotalWhy {
    fn message(self) -> Message {
        match self {
            TotalWhy::ChangedAfterBooking => msg!("reconcile-why-changed"),
            TotalWhy::VatComputedDifferently => msg!("reconcile-why-vat"),
        }
    }
}

impl PaidWhy {
    fn message(&self) -> Message {
        match self {
            PaidWhy::HeldWrite { message } => msg!("reconcile-why-held", message = message),
            PaidWhy::PendingInFeed { rows } => msg!("reconcile-why-pending", count = *rows),
            PaidWhy::ByHandInHarvest => msg!("reconcile-why-by-hand"),
        }
    }
}
