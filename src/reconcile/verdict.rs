//! The verdict on one invoice, and how a row is made for an invoice Harvest lists and for
//! one the state booked that Harvest no longer has.

use std::collections::HashMap;

use serde::Serialize;

use super::{rma_number, Books, Known, Row};
use crate::config::SyncConfig;
use crate::harvest::types as harvest;
use crate::rma::types::Invoice as RmaInvoice;
use crate::state::InvoiceStatus;
use crate::sync::mapping;
use crate::sync::plan::{booked_hash, collision, InvoiceRef};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    NotInRma {
        why: NotInRma,
    },
    TotalDiffers {
        why: TotalWhy,
    },
    PaidDiffers {
        why: PaidWhy,
    },
    DeletedInHarvest,
    NumberCollision {
        rma_side: String,
    },
    InRmaOnly,
    /// A difference a bookkeeper handled by hand (`dismiss`): shown, not counted.
    Dismissed {
        what: Vec<String>,
        difference: Box<Verdict>,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotInRma {
    /// The sync refused it: a difference.
    Refused {
        message: String,
    },
    /// The state says booked, yet RMA does not list it: a difference.
    Missing,
    /// Not booked yet: tonight's run books it.
    WaitingForNextRun,
    BeforeStartDate {
        start_date: chrono::NaiveDate,
    },
    StateNotImported {
        state: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TotalWhy {
    /// Harvest's invoice is not what was booked.
    ChangedAfterBooking,
    /// What was booked is unchanged: RMA computed the VAT (or its rounding) otherwise.
    VatComputedDifferently,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PaidWhy {
    /// A payment write Harvest refused and the sync holds.
    HeldWrite { message: String },
    /// RMA's feed has rows for it that no run has mirrored yet.
    PendingInFeed { rows: usize },
    /// Neither: a payment entered (or removed) by hand in Harvest.
    ByHandInHarvest,
}

impl Verdict {
    /// Anything but agreement, a reason that is no difference, or a dismissal.
    pub fn is_difference(&self) -> bool {
        match self {
            Verdict::Ok | Verdict::Dismissed { .. } => false,
            Verdict::NotInRma { why } => {
                matches!(why, NotInRma::Refused { .. } | NotInRma::Missing)
            }
            _ => true,
        }
    }

    /// Whether the invoice is in the sums: not one waiting, left out on purpose, or dismissed.
    pub fn counts(&self) -> bool {
        match self {
            Verdict::Dismissed { .. } => false,
            Verdict::NotInRma { why } => {
                matches!(why, NotInRma::Refused { .. } | NotInRma::Missing)
            }
            _ => true,
        }
    }

    /// The stable word of the verdict (JSON, CSV).
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Ok => "ok",
            Verdict::NotInRma { .. } => "not_in_rma",
            Verdict::TotalDiffers { .. } => "total_differs",
            Verdict::PaidDiffers { .. } => "paid_differs",
            Verdict::DeletedInHarvest => "deleted_in_harvest",
            Verdict::NumberCollision { .. } => "number_collision",
            Verdict::InRmaOnly => "in_rma_only",
            Verdict::Dismissed { .. } => "dismissed",
        }
    }
}

pub(super) struct Context<'a> {
    pub books: &'a Books,
    pub sync: &'a SyncConfig,
    pub rma: &'a HashMap<&'a str, &'a RmaInvoice>,
}

pub(super) fn rma_currency(r: &RmaInvoice) -> String {
    match r.currency.trim() {
        "" => "CHF".into(),
        c => c.to_string(),
    }
}

impl Context<'_> {
    /// A Harvest invoice of the range.
    pub fn harvest_row(&self, inv: &harvest::Invoice, known: Option<&Known>) -> Row {
        let number = rma_number(inv, known, self.sync);
        let currency = match (inv.currency.trim(), known) {
            ("", Some(k)) => k.link.currency.clone(),
            ("", None) => "CHF".into(),
            (c, _) => c.to_string(),
        };
        let client = self
            .books
            .clients
            .get(&inv.client.id)
            .cloned()
            .unwrap_or_else(|| inv.client.name.clone());
        let listed = self.rma.get(number.as_str()).copied();
        let ours = InvoiceRef {
            harvest_id: inv.id,
            harvest_number: inv.number.clone(),
            invnumber: number.clone(),
            client_id: inv.client.id,
            client_name: client.clone(),
            currency: currency.clone(),
            amount: inv.amount,
            issue_date: inv.issue_date,
            content_hash: booked_hash(inv, &currency),
        };
        let customernumber = mapping::customer_number(self.sync, inv.client.id);
        let status = known.map(|k| k.link.status);
        let in_rma = status.is_some_and(InvoiceStatus::is_in_rma);
        // RMA's invoice of that number, unless it is someone else's.
        let clash = match listed {
            Some(r) if !in_rma => collision(r, &ours, &customernumber),
            _ => None,
        }
        .or_else(|| {
            known
                .filter(|k| k.collision && k.link.status == InvoiceStatus::Refused)
                .and_then(|k| k.link.message.clone())
        });
        let mut row = Row {
            harvest_id: Some(inv.id),
            harvest_number: Some(inv.number.clone()),
            client,
            currency,
            issue_date: Some(inv.issue_date),
            harvest_total: Some(inv.amount),
            harvest_paid: Some(inv.amount - inv.due_amount),
            rma_number: Some(number.clone()),
            rma_total: None,
            rma_paid: None,
            verdict: Verdict::Ok,
        };
        row.verdict = if let Some(rma_side) = clash {
            Verdict::NumberCollision {
                rma_side: crate::words::render(&rma_side),
            }
        } else if let Some(r) = listed {
            row.rma_total = r.amount;
            row.rma_paid = Some(r.paid.unwrap_or_default());
            self.compare_amounts(inv, known, &ours, r)
        } else {
            row.rma_number = None;
            Verdict::NotInRma {
                why: self.why_not_in_rma(inv, known),
            }
        };
        dismissed(known, row)
    }

    fn why_not_in_rma(&self, inv: &harvest::Invoice, known: Option<&Known>) -> NotInRma {
        match known.map(|k| (k.link.status, &k.link.message)) {
            Some((InvoiceStatus::Refused, message)) => NotInRma::Refused {
                message: message
                    .as_ref()
                    .map(crate::words::render)
                    .unwrap_or_default(),
            },
            Some((InvoiceStatus::Booked | InvoiceStatus::Linked, _)) => NotInRma::Missing,
            Some((InvoiceStatus::Pending, _)) => NotInRma::WaitingForNextRun,
            None => match self.sync.start_date {
                Some(start) if inv.issue_date < start => {
                    NotInRma::BeforeStartDate { start_date: start }
                }
                _ if !self.sync.import_states.contains(&inv.state) => NotInRma::StateNotImported {
                    state: inv.state.clone(),
                },
                _ => NotInRma::WaitingForNextRun,
            },
        }
    }

    fn compare_amounts(
        &self,
        inv: &harvest::Invoice,
        known: Option<&Known>,
        ours: &InvoiceRef,
        r: &RmaInvoice,
    ) -> Verdict {
        if r.amount != Some(inv.amount) {
            let changed = known.is_some_and(|k| {
                k.link.amount != inv.amount
                    || k.marks
                        .content_hash
                        .as_ref()
                        .is_some_and(|h| *h != ours.content_hash)
            });
            return Verdict::TotalDiffers {
                why: if changed {
                    TotalWhy::ChangedAfterBooking
                } else {
                    TotalWhy::VatComputedDifferently
                },
            };
        }
        let harvest_paid = inv.amount - inv.due_amount;
        if r.paid.unwrap_or_default() == harvest_paid {
            return Verdict::Ok;
        }
        let held = self
            .books
            .held
            .iter()
            .find(|h| h.harvest_invoice_id == inv.id);
        let pending = self
            .books
            .feed
            .iter()
            .filter(|p| p.invnumber == r.invnumber)
            .count();
        Verdict::PaidDiffers {
            why: match (held, pending) {
                (Some(h), _) => PaidWhy::HeldWrite {
                    message: h.message.clone(),
                },
                (None, rows) if rows > 0 => PaidWhy::PendingInFeed { rows },
                _ => PaidWhy::ByHandInHarvest,
            },
        }
    }

    /// An invoice the state booked that Harvest no longer lists.
    pub fn deleted_row(&self, k: &Known) -> Row {
        let listed = self.rma.get(k.link.rma_invnumber.as_str());
        let row = Row {
            harvest_id: Some(k.link.harvest_id),
            harvest_number: Some(k.link.harvest_number.clone()),
            client: self
                .books
                .clients
                .get(&k.link.client_id)
                .cloned()
                .unwrap_or_default(),
            currency: k.link.currency.clone(),
            issue_date: k.link.issue_date,
            harvest_total: None,
            harvest_paid: None,
            rma_number: Some(k.link.rma_invnumber.clone()),
            rma_total: listed.and_then(|r| r.amount),
            rma_paid: listed.map(|r| r.paid.unwrap_or_default()),
            verdict: Verdict::DeletedInHarvest,
        };
        dismissed(Some(k), row)
    }
}

/// A difference on an invoice a bookkeeper dismissed becomes `dismissed`.
fn dismissed(known: Option<&Known>, mut row: Row) -> Row {
    if let Some(k) = known.filter(|k| k.marks.dismissed) {
        if row.verdict.is_difference() {
            row.verdict = Verdict::Dismissed {
                what: k.dismissed.clone(),
                difference: Box::new(row.verdict),
            };
        }
    }
    row
}
