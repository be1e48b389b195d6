//! Executes a plan step by step. Before each remote write the intent is recorded in the
//! state file; after it, the outcome. A crash anywhere leaves a `pending` row that the next
//! run resolves by looking it up (DESIGN §5), so nothing is booked or paid twice.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::mapping::money;
use super::plan::{Plan, Step};
use super::{HarvestApi, RmaApi, ServiceError, ServiceResult};
use crate::exit::ExitCode;
use crate::harvest::types::NewPayment;
use crate::state::{
    CustomerLink, InvoiceLink, InvoiceStatus, NewEvent, PaymentLink, PaymentStatus, RunCounts,
    State,
};

/// Differences up to this much between Harvest's and RMA's totals are rounding (CHF 0.05).
const ROUNDING_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 2);

/// What a run did: its events, counts and exit code.
#[derive(Debug, Default)]
pub struct Report {
    pub events: Vec<NewEvent>,
    pub counts: RunCounts,
    pub exit: Option<ExitCode>,
}

impl Report {
    pub fn exit_code(&self) -> ExitCode {
        self.exit.unwrap_or(ExitCode::Success)
    }

    pub fn raise(&mut self, code: ExitCode) {
        self.exit = Some(self.exit_code().worst(code));
    }

    fn push(
        &mut self,
        level: &'static str,
        kind: &'static str,
        invoice: Option<i64>,
        number: Option<&str>,
        payment: Option<i64>,
        message: String,
    ) {
        match level {
            "error" => self.counts.errors += 1,
            "warning" => self.counts.warnings += 1,
            _ => {}
        }
        self.events.push(NewEvent {
            level,
            kind,
            harvest_invoice_id: invoice,
            invoice_number: number.map(str::to_string),
            rma_payment_id: payment,
            message,
        });
    }

    pub fn info(
        &mut self,
        kind: &'static str,
        invoice: Option<i64>,
        number: Option<&str>,
        payment: Option<i64>,
        message: String,
    ) {
        self.push("info", kind, invoice, number, payment, message);
    }

    pub fn warning(
        &mut self,
        kind: &'static str,
        invoice: Option<i64>,
        number: Option<&str>,
        payment: Option<i64>,
        message: String,
    ) {
        self.push("warning", kind, invoice, number, payment, message);
    }

    /// The run had to stop: the reason is the last event.
    pub fn problem_fatal(&mut self, e: &ServiceError) {
        let message = match e.exit_code() {
            ExitCode::Auth => {
                format!("The run stopped: {e}. Run `rma-harvest auth` (or check rma.api_key)")
            }
            _ => format!(
                "The run stopped: {e}. Everything done before is recorded; the next run continues"
            ),
        };
        self.push("error", "error", None, None, None, message);
    }

    /// Something a person must look at: the run exits 1.
    pub fn problem(
        &mut self,
        kind: &'static str,
        invoice: Option<i64>,
        number: Option<&str>,
        payment: Option<i64>,
        message: String,
    ) {
        self.push("error", kind, invoice, number, payment, message);
        self.raise(ExitCode::Refused);
    }
}

fn st<T>(r: Result<T, crate::state::StateError>) -> ServiceResult<T> {
    r.map_err(|e| ServiceError::Failed {
        code: e.exit_code(),
        message: e.to_string(),
    })
}

/// Runs the plan. `Err` means the run had to stop (a service is gone, authentication
/// failed); everything done until then is recorded.
pub fn apply(
    plan: &Plan,
    state: &State,
    harvest: &dyn HarvestApi,
    rma: &dyn RmaApi,
    report: &mut Report,
) -> ServiceResult<()> {
    let mut failed_customers: HashSet<i64> = HashSet::new();
    let mut booked: Vec<(&Step, String)> = Vec::new();
    let mut acknowledge: Vec<i64> = Vec::new();

    for step in &plan.steps {
        match step {
            Step::UpsertCustomer {
                client_id,
                client_name,
                customernumber,
                customer,
                content_hash,
                is_new,
                notes,
            } => {
                for note in notes {
                    report.warning(
                        "customer_cut",
                        None,
                        None,
                        None,
                        format!("Customer {customernumber} ({client_name}): {note}"),
                    );
                }
                let outcome = upsert_customer(rma, customernumber, customer);
                match outcome {
                    Ok(()) => {
                        st(state.put_customer(&CustomerLink {
                            client_id: *client_id,
                            customernumber: customernumber.clone(),
                            content_hash: content_hash.clone(),
                        }))?;
                        report.counts.customers += 1;
                        report.info(
                            "customer",
                            None,
                            None,
                            None,
                            format!(
                                "Customer {customernumber} ({client_name}) {} in Run my Accounts",
                                if *is_new { "created" } else { "updated" }
                            ),
                        );
                    }
                    Err(ServiceError::Failed { code, message }) => {
                        return Err(ServiceError::Failed { code, message })
                    }
                    Err(e) => {
                        failed_customers.insert(*client_id);
                        report.problem(
                            "error",
                            None,
                            None,
                            None,
                            format!("Customer {customernumber} ({client_name}) could not be saved in Run my Accounts: {e}"),
                        );
                    }
                }
            }
            Step::BookInvoice {
                harvest_id,
                harvest_number,
                invnumber,
                client_id,
                client_name,
                currency,
                amount,
                invoice,
                ..
            } => {
                let link =
                    |status: InvoiceStatus, message: String| invoice_link(step, status, message);
                if failed_customers.contains(client_id) {
                    report.counts.refused += 1;
                    report.problem(
                        "refused",
                        Some(*harvest_id),
                        Some(harvest_number),
                        None,
                        format!("Invoice {harvest_number} ({client_name}) was not booked: its customer could not be saved; it is tried again next run"),
                    );
                    continue;
                }
                st(state.put_invoice(&link(InvoiceStatus::Pending, String::new())))?;
                match rma.create_invoice(invoice) {
                    Ok(()) => {
                        st(state.put_invoice(&link(InvoiceStatus::Booked, String::new())))?;
                        report.counts.booked += 1;
                        report.info(
                            "booked",
                            Some(*harvest_id),
                            Some(harvest_number),
                            None,
                            format!(
                                "Invoice {harvest_number} ({client_name}, {}) booked in Run my Accounts as {invnumber}",
                                money(currency, *amount)
                            ),
                        );
                        booked.push((step, invnumber.clone()));
                    }
                    Err(ServiceError::Refused(text)) => {
                        // RMA refuses a number it already has; one that our existence check
                        // missed (another date) is linked rather than refused.
                        if rma.invoice(invnumber)?.is_some() {
                            st(state.put_invoice(&link(InvoiceStatus::Linked, String::new())))?;
                            report.counts.linked += 1;
                            report.info(
                                "linked",
                                Some(*harvest_id),
                                Some(harvest_number),
                                None,
                                format!("Invoice {harvest_number} ({client_name}) already exists in Run my Accounts as {invnumber}; linked, not booked again"),
                            );
                        } else {
                            let message = format!("Invoice {harvest_number} ({client_name}) was refused by Run my Accounts: {text}");
                            st(state.put_invoice(&link(InvoiceStatus::Refused, message.clone())))?;
                            report.counts.refused += 1;
                            report.problem(
                                "refused",
                                Some(*harvest_id),
                                Some(harvest_number),
                                None,
                                message,
                            );
                        }
                    }
                    Err(ServiceError::Lost(text)) => {
                        report.problem(
                            "error",
                            Some(*harvest_id),
                            Some(harvest_number),
                            None,
                            format!("Invoice {harvest_number} ({client_name}): no answer from Run my Accounts ({text}); the next run checks whether it was booked and never books it twice"),
                        );
                    }
                    Err(fatal) => return Err(fatal),
                }
            }
            Step::LinkInvoice {
                harvest_id,
                harvest_number,
                ..
            } => {
                st(state.put_invoice(&invoice_link(step, InvoiceStatus::Linked, String::new())))?;
                report.counts.linked += 1;
                report.info(
                    "linked",
                    Some(*harvest_id),
                    Some(harvest_number),
                    None,
                    step.describe().replace(
                        ": link it, do not book it again",
                        "; linked, not booked again",
                    ),
                );
            }
            Step::RefuseInvoice {
                harvest_id,
                harvest_number,
                ..
            } => {
                let message = step.describe();
                st(state.put_invoice(&invoice_link(
                    step,
                    InvoiceStatus::Refused,
                    message.clone(),
                )))?;
                report.counts.refused += 1;
                report.problem(
                    "refused",
                    Some(*harvest_id),
                    Some(harvest_number),
                    None,
                    message,
                );
            }
            // Nothing happens, and a nightly line per booked invoice would bury the log.
            Step::SkipInvoice { .. } => {}
            // Not recorded in the state: nothing about it could be trusted.
            Step::UnreadableInvoice {
                harvest_id,
                harvest_number,
                ..
            } => {
                report.counts.refused += 1;
                report.problem(
                    "refused",
                    *harvest_id,
                    harvest_number.as_deref(),
                    None,
                    step.describe(),
                );
            }
            Step::CreatePayment {
                rma_payment_id,
                harvest_invoice_id,
                invoice_number,
                invnumber,
                amount,
                paid_date,
                notes,
                memo,
                ..
            } => {
                let mut link = PaymentLink {
                    rma_payment_id: *rma_payment_id,
                    harvest_invoice_id: *harvest_invoice_id,
                    rma_invnumber: invnumber.clone(),
                    harvest_payment_id: None,
                    amount: *amount,
                    paid_date: *paid_date,
                    memo: memo.clone(),
                    status: PaymentStatus::PendingCreate,
                };
                if create_payment(
                    state,
                    harvest,
                    report,
                    &mut link,
                    notes,
                    invoice_number,
                    step,
                )? {
                    acknowledge.push(*rma_payment_id);
                }
            }
            Step::ReplacePayment {
                rma_payment_id,
                harvest_invoice_id,
                invoice_number,
                invnumber,
                old_harvest_payment_id,
                old_amount,
                amount,
                paid_date,
                notes,
                memo,
                ..
            } => {
                let mut link = st(state.payment(*rma_payment_id))?.unwrap_or(PaymentLink {
                    rma_payment_id: *rma_payment_id,
                    harvest_invoice_id: *harvest_invoice_id,
                    rma_invnumber: invnumber.clone(),
                    harvest_payment_id: Some(*old_harvest_payment_id),
                    amount: *old_amount,
                    paid_date: *paid_date,
                    memo: memo.clone(),
                    status: PaymentStatus::Mirrored,
                });
                if !delete_payment(state, harvest, report, &mut link, invoice_number)? {
                    continue;
                }
                // Harvest has no update: the changed payment is a new one.
                link.amount = *amount;
                link.paid_date = *paid_date;
                link.memo = memo.clone();
                if create_payment(
                    state,
                    harvest,
                    report,
                    &mut link,
                    notes,
                    invoice_number,
                    step,
                )? {
                    report.counts.payments_deleted += 1;
                    acknowledge.push(*rma_payment_id);
                }
            }
            Step::DeletePayment {
                rma_payment_id,
                invoice_number,
                ..
            } => {
                let Some(mut link) = st(state.payment(*rma_payment_id))? else {
                    acknowledge.push(*rma_payment_id);
                    continue;
                };
                if delete_payment(state, harvest, report, &mut link, invoice_number)? {
                    report.counts.payments_deleted += 1;
                    report.info("payment_deleted", Some(link.harvest_invoice_id), Some(invoice_number), Some(*rma_payment_id), format!(
                        "Payment of {} (RMA payment {rma_payment_id}) removed from Harvest invoice {invoice_number}: it was deleted in Run my Accounts",
                        money("", link.amount)
                    ));
                    acknowledge.push(*rma_payment_id);
                }
            }
            Step::AcknowledgePayment {
                rma_payment_id,
                invnumber,
                ..
            } => {
                report.info(
                    "payment_acknowledged",
                    None,
                    Some(invnumber),
                    Some(*rma_payment_id),
                    step.describe(),
                );
                acknowledge.push(*rma_payment_id);
            }
            Step::IgnorePayment {
                rma_payment_id,
                invnumber,
                ..
            } => {
                report.info(
                    "ignored",
                    None,
                    Some(invnumber),
                    Some(*rma_payment_id),
                    step.describe(),
                );
                acknowledge.push(*rma_payment_id);
            }
            Step::PaymentsNeedReview {
                harvest_invoice_id,
                invoice_number,
                ..
            } => {
                report.problem(
                    "needs_review",
                    Some(*harvest_invoice_id),
                    Some(invoice_number),
                    None,
                    step.describe(),
                );
            }
            Step::StopPayments { .. } => {
                report.problem("needs_review", None, None, None, step.describe())
            }
            Step::ForeignPayments {
                harvest_invoice_id,
                invoice_number,
                ..
            } => {
                report.info(
                    "foreign_payment",
                    Some(*harvest_invoice_id),
                    Some(invoice_number),
                    None,
                    step.describe(),
                );
            }
        }
    }

    verify_totals(rma, &booked, report);

    // Acknowledged last: only rows whose Harvest side is done and recorded (DESIGN §5.6).
    if let Err(e) = rma.acknowledge_payments(&acknowledge) {
        report.warning(
            "warning",
            None,
            None,
            None,
            format!("Run my Accounts did not take the acknowledgement of {} payments ({e}); they come again next run and are recognised", acknowledge.len()),
        );
    }
    Ok(())
}

/// The state row of an invoice step (book, link or refuse).
fn invoice_link(step: &Step, status: InvoiceStatus, message: String) -> InvoiceLink {
    let (harvest_id, harvest_number, invnumber, client_id, currency, amount, issue_date) =
        match step {
            Step::BookInvoice {
                harvest_id,
                harvest_number,
                invnumber,
                client_id,
                currency,
                amount,
                issue_date,
                ..
            }
            | Step::LinkInvoice {
                harvest_id,
                harvest_number,
                invnumber,
                client_id,
                currency,
                amount,
                issue_date,
                ..
            }
            | Step::RefuseInvoice {
                harvest_id,
                harvest_number,
                invnumber,
                client_id,
                currency,
                amount,
                issue_date,
                ..
            } => (
                harvest_id,
                harvest_number,
                invnumber,
                client_id,
                currency,
                amount,
                issue_date,
            ),
            other => unreachable!("not an invoice step: {other:?}"),
        };
    InvoiceLink {
        harvest_id: *harvest_id,
        harvest_number: harvest_number.clone(),
        rma_invnumber: invnumber.clone(),
        client_id: *client_id,
        status,
        amount: *amount,
        currency: currency.clone(),
        issue_date: Some(*issue_date),
        message,
    }
}

/// Creates the customer, or updates what RMA has (see [`Customer::to_update_json`]). Only a
/// 404 on the look-up means "new"; any other odd answer refuses this customer.
///
/// [`Customer::to_update_json`]: crate::rma::types::Customer::to_update_json
fn upsert_customer(
    rma: &dyn RmaApi,
    number: &str,
    customer: &crate::rma::types::Customer,
) -> ServiceResult<()> {
    let body = match rma.customer(number)? {
        Some(current) => customer.to_update_json(&current),
        None => customer.to_new_json(),
    };
    rma.upsert_customer(&body)
}

/// A payment step that needs a person; the event names the invoice and both payments.
fn payment_problem(report: &mut Report, link: &PaymentLink, invoice_number: &str, message: String) {
    report.problem(
        "error",
        Some(link.harvest_invoice_id),
        Some(invoice_number),
        Some(link.rma_payment_id),
        message,
    );
}

/// Returns true when the payment now exists in Harvest and is recorded.
fn create_payment(
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
    link: &mut PaymentLink,
    notes: &str,
    invoice_number: &str,
    step: &Step,
) -> ServiceResult<bool> {
    link.status = PaymentStatus::PendingCreate;
    link.harvest_payment_id = None;
    st(state.put_payment(link))?;
    let payment = NewPayment {
        amount: link.amount,
        paid_date: link.paid_date,
        notes: notes.to_string(),
    };
    match harvest.create_payment(link.harvest_invoice_id, &payment) {
        Ok(created) => {
            link.harvest_payment_id = Some(created.id);
            link.status = PaymentStatus::Mirrored;
            st(state.put_payment(link))?;
            report.counts.payments_created += 1;
            let message = match step {
                Step::ReplacePayment { .. } => format!(
                    "Changed in Harvest: {}",
                    step.describe().replacen("Change payment", "payment", 1)
                ),
                _ => step
                    .describe()
                    .replacen("Add payment", "Payment", 1)
                    .replace(" to Harvest invoice", " added to Harvest invoice"),
            };
            report.info(
                "payment_created",
                Some(link.harvest_invoice_id),
                Some(invoice_number),
                Some(link.rma_payment_id),
                message,
            );
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            // Nothing was created: forget the intent; the feed row stays unacknowledged and
            // the payment is tried again next run.
            link.status = PaymentStatus::Deleted;
            st(state.put_payment(link))?;
            payment_problem(report, link, invoice_number, format!(
                    "Harvest refused the payment of {} (RMA payment {}) on invoice {invoice_number}: {text}; it is tried again next run",
                    money("", link.amount),
                    link.rma_payment_id
                ));
            Ok(false)
        }
        Err(ServiceError::Lost(text)) => {
            payment_problem(report, link, invoice_number, format!(
                    "RMA payment {} on invoice {invoice_number}: no answer from Harvest ({text}); the next run checks and never adds it twice",
                    link.rma_payment_id
                ));
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}

/// Deletes our Harvest payment; true when it is gone and recorded.
fn delete_payment(
    state: &State,
    harvest: &dyn HarvestApi,
    report: &mut Report,
    link: &mut PaymentLink,
    invoice_number: &str,
) -> ServiceResult<bool> {
    let Some(harvest_payment_id) = link.harvest_payment_id else {
        link.status = PaymentStatus::Deleted;
        st(state.put_payment(link))?;
        return Ok(true);
    };
    link.status = PaymentStatus::PendingDelete;
    st(state.put_payment(link))?;
    match harvest.delete_payment(link.harvest_invoice_id, harvest_payment_id) {
        Ok(_) => {
            link.status = PaymentStatus::Deleted;
            st(state.put_payment(link))?;
            Ok(true)
        }
        Err(ServiceError::Refused(text)) => {
            link.status = PaymentStatus::Mirrored;
            st(state.put_payment(link))?;
            payment_problem(report, link, invoice_number, format!("Harvest refused to remove the payment (RMA payment {}) from invoice {invoice_number}: {text}", link.rma_payment_id));
            Ok(false)
        }
        Err(ServiceError::Lost(text)) => {
            payment_problem(report, link, invoice_number, format!("RMA payment {} on invoice {invoice_number}: no answer from Harvest while removing it ({text}); the next run checks", link.rma_payment_id));
            Ok(false)
        }
        Err(fatal) => Err(fatal),
    }
}

/// Re-reads the booked invoices in one list call and compares their totals with Harvest's.
fn verify_totals(rma: &dyn RmaApi, booked: &[(&Step, String)], report: &mut Report) {
    let dates: Vec<_> = booked
        .iter()
        .filter_map(|(s, _)| match s {
            Step::BookInvoice { issue_date, .. } => Some(*issue_date),
            _ => None,
        })
        .collect();
    let (Some(from), Some(to)) = (dates.iter().min(), dates.iter().max()) else {
        return;
    };
    let wanted: std::collections::HashSet<&str> = booked.iter().map(|(_, n)| n.as_str()).collect();
    let in_rma = match super::read::rma_invoices(rma, &wanted, *from, *to) {
        Ok(list) => list,
        Err(e) => {
            report.warning(
                "warning",
                None,
                None,
                None,
                format!("The totals of the booked invoices could not be checked: {e}"),
            );
            return;
        }
    };
    for (step, invnumber) in booked {
        let Step::BookInvoice {
            harvest_id,
            harvest_number,
            currency,
            amount,
            ..
        } = step
        else {
            continue;
        };
        let listed = in_rma.iter().find(|i| &i.invnumber == invnumber).cloned();
        // A list entry without its total is looked up on its own.
        let listed = match listed {
            Some(i) if i.amount.is_none() => rma.invoice(invnumber).ok().flatten(),
            other => other,
        };
        match listed.and_then(|i| i.amount) {
            None => report.warning(
                "warning",
                Some(*harvest_id),
                Some(harvest_number),
                None,
                format!("Invoice {harvest_number}: booked, but Run my Accounts did not report its total, so it was not compared with Harvest's"),
            ),
            Some(rma_amount) => {
                let diff = (rma_amount - *amount).abs();
                if diff.is_zero() {
                    continue;
                }
                let message = format!(
                    "Invoice {harvest_number}: the total in Run my Accounts is {}, in Harvest {} (difference {})",
                    money(currency, rma_amount),
                    money(currency, *amount),
                    money(currency, diff)
                );
                if diff <= ROUNDING_TOLERANCE {
                    report.warning("rounding", Some(*harvest_id), Some(harvest_number), None, format!("{message}; rounding, accepted"));
                } else {
                    report.problem(
                        "total_mismatch",
                        Some(*harvest_id),
                        Some(harvest_number),
                        None,
                        format!("{message}; please check the VAT of its articles in Run my Accounts"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
