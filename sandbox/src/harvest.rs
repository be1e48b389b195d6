//! A stateful fake of Harvest API v2 and its OAuth ID server, on one port:
//! `/v2/...` is the API, `/oauth2/authorize` and `/api/v2/...` the ID server.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{Duration as ChronoDuration, NaiveDate, TimeZone, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};

use super::http::{HttpRequest, HttpResponse};
use super::{
    HARVEST_ACCOUNT_ID, HARVEST_DOMAIN, HARVEST_TOKEN, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET,
};
use crate::wire::json_number;
use crate::wire::url_encode;

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

#[derive(Debug, Clone)]
pub struct NewLine {
    pub kind: String,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    pub taxed: bool,
    pub taxed2: bool,
}

impl NewLine {
    pub fn new(kind: &str, description: &str, quantity: Decimal, unit_price: Decimal) -> NewLine {
        NewLine {
            kind: kind.into(),
            description: description.into(),
            quantity,
            unit_price,
            taxed: true,
            taxed2: false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewInvoice {
    pub client_id: i64,
    pub number: String,
    pub state: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub currency: String,
    pub subject: String,
    pub notes: String,
    pub purchase_order: String,
    pub tax: Option<Decimal>,
    pub tax2: Option<Decimal>,
    pub discount: Option<Decimal>,
    pub lines: Vec<NewLine>,
}

impl NewInvoice {
    /// An open CHF invoice with 8.1 % VAT on taxed lines, due 30 days after issue.
    pub fn open(
        client_id: i64,
        number: &str,
        issue_date: NaiveDate,
        lines: Vec<NewLine>,
    ) -> NewInvoice {
        NewInvoice {
            client_id,
            number: number.into(),
            state: "open".into(),
            issue_date,
            due_date: issue_date + ChronoDuration::days(30),
            currency: "CHF".into(),
            subject: format!("Rechnung {number}"),
            notes: "Zahlbar innert 30 Tagen.".into(),
            purchase_order: String::new(),
            tax: Some(Decimal::new(81, 1)),
            tax2: None,
            discount: None,
            lines,
        }
    }
}

#[derive(Debug, Clone)]
struct Invoice {
    new: NewInvoice,
    id: i64,
    line_ids: Vec<i64>,
    client_key: String,
    state: String,
    created_at: String,
    updated_at: String,
}

#[derive(Debug, Clone)]
struct Payment {
    id: i64,
    invoice_id: i64,
    amount: Decimal,
    paid_date: NaiveDate,
    notes: String,
    created_at: String,
}

#[derive(Debug, Default)]
struct State {
    next_id: i64,
    clock: i64,
    clients: BTreeMap<i64, (String, String, String, String)>, // name, address, currency, updated_at
    contacts: BTreeMap<i64, Value>,
    categories: BTreeMap<i64, String>,
    invoices: BTreeMap<i64, Invoice>,
    payments: BTreeMap<i64, Payment>,
    accounts: Vec<(i64, String, String)>,
    roles: Vec<String>,
    scope: String,
    access_tokens: HashMap<String, (i64, bool)>, // token -> (expires_at seconds, valid)
    refresh_tokens: HashMap<String, bool>,
    codes: HashMap<String, String>,
    thank_you_requests: usize,
    /// Sum of payments per invoice, kept up to date so that big lists stay fast.
    paid: HashMap<i64, Decimal>,
}

impl State {
    fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// A deterministic clock: 2026-11-27T00:00:00Z plus one second per change.
    fn tick(&mut self) -> String {
        self.clock += 1;
        timestamp(self.clock)
    }

    fn totals(&self, inv: &Invoice) -> (Decimal, Decimal, Decimal, Decimal, Decimal, Decimal) {
        let n = &inv.new;
        let subtotal: Decimal = n
            .lines
            .iter()
            .map(|l| round2(l.quantity * l.unit_price))
            .sum();
        let pct = |p: Option<Decimal>| p.unwrap_or_default() / Decimal::ONE_HUNDRED;
        let discount_amount = round2(subtotal * pct(n.discount));
        let keep = Decimal::ONE - pct(n.discount);
        let taxed: Decimal = n
            .lines
            .iter()
            .filter(|l| l.taxed)
            .map(|l| round2(l.quantity * l.unit_price))
            .sum();
        let taxed2: Decimal = n
            .lines
            .iter()
            .filter(|l| l.taxed2)
            .map(|l| round2(l.quantity * l.unit_price))
            .sum();
        let tax_amount = round2(taxed * keep * pct(n.tax));
        let tax2_amount = round2(taxed2 * keep * pct(n.tax2));
        let amount = subtotal - discount_amount + tax_amount + tax2_amount;
        let paid: Decimal = self
            .payments
            .values()
            .filter(|p| p.invoice_id == inv.id)
            .map(|p| p.amount)
            .sum();
        (
            subtotal,
            discount_amount,
            tax_amount,
            tax2_amount,
            amount,
            amount - paid,
        )
    }

    fn invoice_json(&self, inv: &Invoice) -> Value {
        let (_, discount_amount, tax_amount, tax2_amount, amount, due) = self.totals(inv);
        let n = &inv.new;
        let client_name = self
            .clients
            .get(&n.client_id)
            .map(|c| c.0.clone())
            .unwrap_or_default();
        let last_payment = self
            .payments
            .values()
            .filter(|p| p.invoice_id == inv.id)
            .max_by_key(|p| (p.paid_date, p.id));
        let paid = inv.state == "paid";
        let mut v = json!({
            "id": inv.id,
            "client_key": inv.client_key,
            "number": n.number,
            "purchase_order": n.purchase_order,
            "amount": json_number(amount),
            "due_amount": json_number(due),
            "tax": n.tax.map(json_number),
            "tax_amount": json_number(tax_amount),
            "tax2": n.tax2.map(json_number),
            "tax2_amount": json_number(tax2_amount),
            "discount": n.discount.map(json_number),
            "discount_amount": json_number(discount_amount),
            "subject": n.subject,
            "notes": n.notes,
            "currency": n.currency,
            "state": inv.state,
            "period_start": null,
            "period_end": null,
            "issue_date": n.issue_date.to_string(),
            "due_date": n.due_date.to_string(),
            "payment_term": "net 30",
            "payment_options": [],
            "sent_at": if n.state == "draft" { Value::Null } else { Value::String(inv.created_at.clone()) },
            "paid_at": if paid { last_payment.map(|p| Value::String(format!("{}T00:00:00Z", p.paid_date))).unwrap_or(Value::Null) } else { Value::Null },
            "paid_date": if paid { last_payment.map(|p| Value::String(p.paid_date.to_string())).unwrap_or(Value::Null) } else { Value::Null },
            "closed_at": if inv.state == "closed" { Value::String(inv.updated_at.clone()) } else { Value::Null },
            "recurring_invoice_id": null,
            "created_at": inv.created_at,
            "updated_at": inv.updated_at,
            "client": {"id": n.client_id, "name": client_name},
            "estimate": null,
            "retainer": null,
            "creator": {"id": 1782884, "name": "Sandra Sandbox"},
        });
        let lines: Vec<Value> = n
            .lines
            .iter()
            .zip(&inv.line_ids)
            .map(|(l, id)| {
                json!({
                    "id": id,
                    "kind": l.kind,
                    "description": l.description,
                    "quantity": json_number(l.quantity),
                    "unit_price": json_number(l.unit_price),
                    "amount": json_number(round2(l.quantity * l.unit_price)),
                    "taxed": l.taxed,
                    "taxed2": l.taxed2,
                    "project": null,
                })
            })
            .collect();
        v["line_items"] = Value::Array(lines);
        v
    }

    fn payment_json(p: &Payment) -> Value {
        json!({
            "id": p.id,
            "amount": json_number(p.amount),
            "paid_at": format!("{}T00:00:00Z", p.paid_date),
            "paid_date": p.paid_date.to_string(),
            "recorded_by": "Sandra Sandbox",
            "recorded_by_email": "sandra@muster-beratung.ch",
            "notes": p.notes,
            "transaction_id": null,
            "created_at": p.created_at,
            "updated_at": p.created_at,
            "payment_gateway": {"id": null, "name": null},
        })
    }

    fn insert_payment(&mut self, p: Payment) {
        *self.paid.entry(p.invoice_id).or_default() += p.amount;
        self.payments.insert(p.id, p);
    }

    fn remove_payment(&mut self, id: i64) {
        if let Some(p) = self.payments.remove(&id) {
            *self.paid.entry(p.invoice_id).or_default() -= p.amount;
        }
    }

    /// open ↔ paid follow the due amount, as Harvest does after each payment change.
    fn settle(&mut self, invoice_id: i64) {
        let now = self.tick();
        let Some(inv) = self.invoices.get(&invoice_id).cloned() else {
            return;
        };
        let (_, _, _, _, _, due) = self.totals(&inv);
        let inv = self.invoices.get_mut(&invoice_id).expect("exists");
        if due <= Decimal::ZERO && inv.state == "open" {
            inv.state = "paid".into();
        } else if due > Decimal::ZERO && inv.state == "paid" {
            inv.state = "open".into();
        }
        inv.updated_at = now;
    }
}

fn timestamp(seconds: i64) -> String {
    (Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap() + ChronoDuration::seconds(seconds))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[derive(Clone)]
pub struct FakeHarvest {
    state: Arc<Mutex<State>>,
    base: Arc<Mutex<String>>,
}

fn dec(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => n.to_string().parse().ok(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn error_422(message: &str) -> HttpResponse {
    HttpResponse::json(422, &json!({ "message": message }))
}

fn invalid_token() -> HttpResponse {
    HttpResponse::json(
        401,
        &json!({"error": "invalid_token", "error_description": "The access token provided is expired, revoked, malformed or invalid for other reasons."}),
    )
}

impl FakeHarvest {
    pub(crate) fn new() -> FakeHarvest {
        let state = State {
            accounts: vec![(
                HARVEST_ACCOUNT_ID,
                "Muster Beratung GmbH".into(),
                HARVEST_DOMAIN.into(),
            )],
            roles: vec!["administrator".into()],
            scope: format!("harvest:{HARVEST_ACCOUNT_ID}"),
            next_id: 1000,
            ..Default::default()
        };
        FakeHarvest {
            state: Arc::new(Mutex::new(state)),
            base: Arc::new(Mutex::new(String::new())),
        }
    }

    pub(crate) fn set_base(&self, base: String) {
        *self.base.lock().unwrap() = base;
    }

    pub fn base_url(&self) -> String {
        self.base.lock().unwrap().clone()
    }

    pub fn api_url(&self) -> String {
        format!("{}/v2", self.base_url())
    }

    pub fn id_url(&self) -> String {
        self.base_url()
    }

    fn s(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    pub fn add_client(&self, name: &str, address: &str, currency: &str) -> i64 {
        let mut s = self.s();
        let id = s.id();
        let now = s.tick();
        s.clients
            .insert(id, (name.into(), address.into(), currency.into(), now));
        id
    }

    pub fn update_client(&self, id: i64, name: &str, address: &str) {
        let mut s = self.s();
        let now = s.tick();
        if let Some(c) = s.clients.get_mut(&id) {
            c.0 = name.into();
            c.1 = address.into();
            c.3 = now;
        }
    }

    pub fn add_contact(
        &self,
        client_id: i64,
        first_name: &str,
        last_name: &str,
        email: Option<&str>,
        phone_office: Option<&str>,
        phone_mobile: Option<&str>,
    ) -> i64 {
        let mut s = self.s();
        let id = s.id();
        let now = s.tick();
        let client_name = s
            .clients
            .get(&client_id)
            .map(|c| c.0.clone())
            .unwrap_or_default();
        s.contacts.insert(
            id,
            json!({"id": id, "client": {"id": client_id, "name": client_name}, "title": null,
                   "first_name": first_name, "last_name": last_name, "email": email,
                   "phone_office": phone_office, "phone_mobile": phone_mobile, "fax": null,
                   "created_at": now, "updated_at": now}),
        );
        id
    }

    pub fn add_category(&self, name: &str) -> i64 {
        let mut s = self.s();
        let id = s.id();
        s.categories.insert(id, name.into());
        id
    }

    pub fn add_invoice(&self, new: NewInvoice) -> i64 {
        let mut s = self.s();
        let id = s.id();
        let line_ids = new.lines.iter().map(|_| s.id()).collect();
        let now = s.tick();
        let state = new.state.clone();
        s.invoices.insert(
            id,
            Invoice {
                client_key: format!("{:040x}", id * 7919),
                new,
                id,
                line_ids,
                state,
                created_at: now.clone(),
                updated_at: now,
            },
        );
        id
    }

    /// Edits an invoice as a person would in Harvest's UI (after it was sent).
    pub fn edit_invoice(&self, id: i64, edit: impl FnOnce(&mut NewInvoice)) {
        let mut s = self.s();
        let now = s.tick();
        if let Some(inv) = s.invoices.get_mut(&id) {
            edit(&mut inv.new);
            inv.updated_at = now;
        }
    }

    /// Deletes an invoice and its payments; later requests about it answer 404.
    pub fn delete_invoice(&self, id: i64) {
        let mut s = self.s();
        s.invoices.remove(&id);
        s.payments.retain(|_, p| p.invoice_id != id);
        s.paid.remove(&id);
    }

    pub fn set_invoice_state(&self, id: i64, state: &str) {
        let mut s = self.s();
        let now = s.tick();
        if let Some(inv) = s.invoices.get_mut(&id) {
            inv.state = state.into();
            inv.updated_at = now;
        }
    }

    pub fn add_payment_by_hand(
        &self,
        invoice_id: i64,
        amount: Decimal,
        paid_date: NaiveDate,
        notes: &str,
    ) -> i64 {
        let mut s = self.s();
        let id = s.id();
        let now = s.tick();
        s.payments.insert(
            id,
            Payment {
                id,
                invoice_id,
                amount,
                paid_date,
                notes: notes.into(),
                created_at: now,
            },
        );
        s.settle(invoice_id);
        id
    }

    pub fn invoice(&self, id: i64) -> Value {
        let s = self.s();
        s.invoices
            .get(&id)
            .map(|i| s.invoice_json(i))
            .unwrap_or(Value::Null)
    }

    pub fn payments(&self, invoice_id: i64) -> Vec<Value> {
        let s = self.s();
        let mut list: Vec<&Payment> = s
            .payments
            .values()
            .filter(|p| p.invoice_id == invoice_id)
            .collect();
        list.sort_by_key(|p| std::cmp::Reverse(p.id));
        list.into_iter().map(State::payment_json).collect()
    }

    pub fn add_account(&self, id: i64, name: &str, full_domain: &str) {
        self.s()
            .accounts
            .push((id, name.into(), full_domain.into()));
    }

    pub fn set_user_roles(&self, roles: Vec<String>) {
        self.s().roles = roles;
    }

    pub fn expire_access_tokens(&self) {
        for v in self.s().access_tokens.values_mut() {
            v.1 = false;
        }
    }

    pub fn revoke_refresh_tokens(&self) {
        for v in self.s().refresh_tokens.values_mut() {
            *v = false;
        }
    }

    pub fn set_scope(&self, scope: &str) {
        self.s().scope = scope.into();
    }

    /// Payments created without `"send_thank_you": false` (which would e-mail the client).
    pub fn thank_you_requests(&self) -> usize {
        self.s().thank_you_requests
    }

    /// A canonical picture for "both sides end in the same state": no generated ids or times.
    pub fn snapshot(&self) -> Value {
        let s = self.s();
        let invoices: Vec<Value> = s
            .invoices
            .values()
            .map(|inv| {
                let (_, _, _, _, amount, due) = s.totals(inv);
                let mut payments: Vec<(String, String, String)> = s
                    .payments
                    .values()
                    .filter(|p| p.invoice_id == inv.id)
                    .map(|p| (p.amount.normalize().to_string(), p.paid_date.to_string(), p.notes.clone()))
                    .collect();
                payments.sort();
                json!({"id": inv.id, "number": inv.new.number, "state": inv.state,
                       "amount": amount.normalize().to_string(), "due_amount": due.normalize().to_string(),
                       "payments": payments})
            })
            .collect();
        json!({ "invoices": invoices })
    }

    // ---- HTTP ----------------------------------------------------------------------------

    fn authenticate(&self, req: &HttpRequest) -> Result<i64, HttpResponse> {
        if req.header("user-agent").is_none_or(|u| u.trim().is_empty()) {
            return Err(HttpResponse::json(
                400,
                &json!({"message": "User-Agent header is required"}),
            ));
        }
        let token = req
            .header("authorization")
            .and_then(|a| a.strip_prefix("Bearer "))
            .unwrap_or("");
        let s = self.s();
        let valid = token == HARVEST_TOKEN || s.access_tokens.get(token).is_some_and(|t| t.1);
        if !valid {
            return Err(invalid_token());
        }
        let account: i64 = req
            .header("harvest-account-id")
            .and_then(|a| a.parse().ok())
            .unwrap_or(-1);
        if !s.accounts.iter().any(|a| a.0 == account) {
            return Err(invalid_token());
        }
        Ok(account)
    }

    /// Harvest's list envelope. `cursor` lists use an opaque cursor, invoices pages.
    fn page(&self, req: &HttpRequest, key: &str, items: Vec<Value>, cursor: bool) -> HttpResponse {
        self.page_of(req, key, items, |v| v, cursor)
    }

    /// A page of `items`, only its own entries rendered: a big account's list stays fast.
    fn page_of<T>(
        &self,
        req: &HttpRequest,
        key: &str,
        items: Vec<T>,
        render: impl Fn(T) -> Value,
        cursor: bool,
    ) -> HttpResponse {
        let default = if cursor { 2000 } else { 100 };
        let per_page: i64 = req
            .param("per_page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(default);
        if !(1..=2000).contains(&per_page) {
            return error_422("per_page must be between 1 and 2000");
        }
        let per_page = per_page as usize;
        let offset = if cursor && req.param("cursor").is_some() {
            req.param("cursor")
                .and_then(|c| c.strip_prefix("c"))
                .and_then(|c| c.parse().ok())
                .unwrap_or(0)
        } else {
            let page: usize = req
                .param("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1)
                .max(1);
            (page - 1) * per_page
        };
        let total = items.len();
        let total_pages = total.div_ceil(per_page).max(1);
        let page_no = offset / per_page + 1;
        let slice: Vec<Value> = items
            .into_iter()
            .skip(offset)
            .take(per_page)
            .map(render)
            .collect();
        let filters: Vec<String> = req
            .query
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "page" | "cursor" | "ref" | "per_page"))
            .map(|(k, v)| format!("{k}={}", url_encode(v)))
            .collect();
        let base = format!("{}{}?{}", self.base_url(), req.path, {
            let mut q = filters.clone();
            q.push(format!("per_page={per_page}"));
            q.join("&")
        });
        let has_next = offset + per_page < total;
        let next = has_next.then(|| {
            if cursor {
                format!("{base}&cursor=c{}&ref=next_cursor", offset + per_page)
            } else {
                format!("{base}&page={}", page_no + 1)
            }
        });
        let first_or_last = page_no == 1 || !has_next;
        let mut body = json!({
            "per_page": per_page,
            "total_pages": total_pages,
            "total_entries": total,
            "next_page": if has_next && (!cursor || first_or_last) { json!(page_no + 1) } else { Value::Null },
            "previous_page": if page_no > 1 && (!cursor || first_or_last) { json!(page_no - 1) } else { Value::Null },
            "page": if !cursor || first_or_last { json!(page_no) } else { Value::Null },
            "links": {
                "first": if cursor { base.clone() } else { format!("{base}&page=1") },
                "next": next,
                "previous": Value::Null,
                "last": if cursor { Value::Null } else { Value::String(format!("{base}&page={total_pages}")) },
            },
        });
        body[key] = Value::Array(slice);
        HttpResponse::json(200, &body)
    }

    fn api(&self, req: &HttpRequest) -> HttpResponse {
        let account = match self.authenticate(req) {
            Ok(a) => a,
            Err(resp) => return resp,
        };
        let segs: Vec<&str> = req
            .path
            .trim_start_matches("/v2/")
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        match (req.method.as_str(), segs.as_slice()) {
            ("GET", ["invoices"]) => {
                let s = self.s();
                let state = req.param("state");
                let client: Option<i64> = req.param("client_id").and_then(|c| c.parse().ok());
                let from: Option<NaiveDate> = req.param("from").and_then(|d| d.parse().ok());
                let to: Option<NaiveDate> = req.param("to").and_then(|d| d.parse().ok());
                let since = req.param("updated_since");
                let mut list: Vec<&Invoice> = s
                    .invoices
                    .values()
                    .filter(|i| state.is_none_or(|st| st == i.state))
                    .filter(|i| client.is_none_or(|c| c == i.new.client_id))
                    .filter(|i| from.is_none_or(|f| i.new.issue_date >= f))
                    .filter(|i| to.is_none_or(|t| i.new.issue_date <= t))
                    .filter(|i| since.is_none_or(|u| i.updated_at.as_str() >= u))
                    .collect();
                list.sort_by_key(|i| std::cmp::Reverse((i.new.issue_date, i.id)));
                self.page_of(req, "invoices", list, |i| s.invoice_json(i), false)
            }
            ("GET", ["invoices", id]) => {
                let s = self.s();
                match id.parse::<i64>().ok().and_then(|id| s.invoices.get(&id)) {
                    Some(inv) => HttpResponse::json(200, &s.invoice_json(inv)),
                    None => HttpResponse::json(404, &json!({"message": "Not found"})),
                }
            }
            ("GET", ["invoices", id, "payments"]) => {
                let Ok(id) = id.parse::<i64>() else {
                    return HttpResponse::json(404, &json!({"message": "Not found"}));
                };
                if !self.s().invoices.contains_key(&id) {
                    return HttpResponse::json(404, &json!({"message": "Not found"}));
                }
                let items = self.payments(id);
                self.page(req, "invoice_payments", items, true)
            }
            ("POST", ["invoices", id, "payments"]) => self.create_payment(req, id),
            ("DELETE", ["invoices", id, "payments", pid]) => {
                let mut s = self.s();
                let (Ok(id), Ok(pid)) = (id.parse::<i64>(), pid.parse::<i64>()) else {
                    return HttpResponse::json(404, &json!({"message": "Not found"}));
                };
                match s.payments.get(&pid) {
                    Some(p) if p.invoice_id == id => {
                        s.remove_payment(pid);
                        s.settle(id);
                        HttpResponse::json(200, &json!({}))
                    }
                    _ => HttpResponse::json(404, &json!({"message": "Not found"})),
                }
            }
            ("GET", ["invoice_item_categories"]) => {
                let items = self
                    .s()
                    .categories
                    .iter()
                    .map(|(id, name)| json!({"id": id, "name": name, "use_as_service": name == "Beratung", "use_as_expense": name == "Spesen",
                                             "created_at": timestamp(0), "updated_at": timestamp(0)}))
                    .collect();
                self.page(req, "invoice_item_categories", items, true)
            }
            ("GET", ["clients"]) => {
                let items = self
                    .s()
                    .clients
                    .iter()
                    .map(|(id, (name, address, currency, updated))| json!({"id": id, "name": name, "is_active": true, "address": address,
                        "statement_key": format!("{:032x}", id), "currency": currency, "created_at": timestamp(0), "updated_at": updated}))
                    .collect();
                self.page(req, "clients", items, true)
            }
            ("GET", ["clients", id]) => {
                let s = self.s();
                match id
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| s.clients.get(&i).map(|c| (i, c)))
                {
                    Some((id, (name, address, currency, updated))) => HttpResponse::json(
                        200,
                        &json!({"id": id, "name": name, "is_active": true, "address": address, "currency": currency, "updated_at": updated}),
                    ),
                    None => HttpResponse::json(404, &json!({"message": "Not found"})),
                }
            }
            ("GET", ["contacts"]) => {
                let client: Option<i64> = req.param("client_id").and_then(|c| c.parse().ok());
                let items = self
                    .s()
                    .contacts
                    .values()
                    .filter(|c| client.is_none_or(|id| c["client"]["id"] == id))
                    .cloned()
                    .collect();
                self.page(req, "contacts", items, true)
            }
            ("GET", ["company"]) => {
                let s = self.s();
                let (_, name, domain) = s
                    .accounts
                    .iter()
                    .find(|a| a.0 == account)
                    .cloned()
                    .expect("authenticated");
                HttpResponse::json(
                    200,
                    &json!({"base_uri": format!("https://{domain}"), "full_domain": domain, "name": name, "is_active": true,
                            "week_start_day": "Monday", "invoice_feature": true, "expense_feature": true, "estimate_feature": true}),
                )
            }
            ("GET", ["users", "me"]) => {
                let roles = self.s().roles.clone();
                HttpResponse::json(
                    200,
                    &json!({"id": 1782884, "first_name": "Sandra", "last_name": "Sandbox", "email": "sandra@muster-beratung.ch",
                            "is_active": true, "access_roles": roles, "roles": ["Buchhaltung"]}),
                )
            }
            ("PATCH", ["invoices", _, "payments", _]) => {
                HttpResponse::json(405, &json!({"message": "Method not allowed"}))
            }
            _ => HttpResponse::json(404, &json!({"message": "Not found"})),
        }
    }

    fn create_payment(&self, req: &HttpRequest, id: &str) -> HttpResponse {
        let Some(body) = req.body_json() else {
            return error_422("the body must be JSON");
        };
        let mut s = self.s();
        let Some(inv) = id
            .parse::<i64>()
            .ok()
            .and_then(|id| s.invoices.get(&id))
            .cloned()
        else {
            return HttpResponse::json(404, &json!({"message": "Not found"}));
        };
        let Some(amount) = body
            .get("amount")
            .and_then(dec)
            .filter(|a| *a > Decimal::ZERO)
        else {
            return error_422("Amount must be greater than 0");
        };
        if body.get("paid_at").is_some_and(|v| !v.is_null())
            && body.get("paid_date").is_some_and(|v| !v.is_null())
        {
            return error_422("Pass either paid_at or paid_date, but not both");
        }
        if inv.state == "draft" || inv.state == "closed" {
            return error_422(&format!(
                "Payments cannot be recorded on a {} invoice",
                inv.state
            ));
        }
        let (_, _, _, _, _, due) = s.totals(&inv);
        if amount > due {
            return error_422(&format!(
                "Amount cannot be greater than the amount due ({due})"
            ));
        }
        let paid_date = body
            .get("paid_date")
            .or(body.get("paid_at"))
            .and_then(|v| v.as_str())
            .and_then(crate::wire::parse_date_prefix)
            .unwrap_or(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
        if body.get("send_thank_you") != Some(&Value::Bool(false)) {
            s.thank_you_requests += 1;
        }
        let pid = s.id();
        let now = s.tick();
        let payment = Payment {
            id: pid,
            invoice_id: inv.id,
            amount,
            paid_date,
            notes: body
                .get("notes")
                .and_then(|n| n.as_str())
                .unwrap_or("")
                .to_string(),
            created_at: now,
        };
        let json = State::payment_json(&payment);
        s.insert_payment(payment);
        s.settle(inv.id);
        HttpResponse::json(201, &json)
    }

    fn oauth(&self, req: &HttpRequest) -> HttpResponse {
        match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/oauth2/authorize") => {
                if req.param("client_id") != Some(OAUTH_CLIENT_ID) {
                    return HttpResponse::text(400, "text/html", "<html>Unknown client</html>");
                }
                let redirect = req.param("redirect_uri").unwrap_or("").to_string();
                let mut s = self.s();
                let code = format!("code-{}", s.id());
                let scope = s.scope.clone();
                s.codes.insert(code.clone(), scope.clone());
                let sep = if redirect.contains('?') { '&' } else { '?' };
                let location = format!(
                    "{redirect}{sep}code={}&scope={}&state={}",
                    url_encode(&code),
                    url_encode(&scope),
                    url_encode(req.param("state").unwrap_or(""))
                );
                HttpResponse::empty(302).with_header("Location", location)
            }
            ("POST", "/api/v2/oauth2/token") => {
                let Some(body) = req.body_json() else {
                    return HttpResponse::json(400, &json!({"error": "invalid_request"}));
                };
                let field = |k: &str| {
                    body.get(k)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                let bad = || {
                    HttpResponse::json(
                        400,
                        &json!({"error": "invalid_grant", "error_description": "The provided authorization grant is invalid, expired or revoked."}),
                    )
                };
                if field("client_id") != OAUTH_CLIENT_ID
                    || field("client_secret") != OAUTH_CLIENT_SECRET
                {
                    return HttpResponse::json(
                        401,
                        &json!({"error": "invalid_client", "error_description": "Client authentication failed."}),
                    );
                }
                let mut s = self.s();
                match field("grant_type").as_str() {
                    "authorization_code" => {
                        if s.codes.remove(&field("code")).is_none() {
                            return bad();
                        }
                    }
                    "refresh_token" => {
                        if s.refresh_tokens.get(&field("refresh_token")) != Some(&true) {
                            return bad();
                        }
                    }
                    _ => {
                        return HttpResponse::json(400, &json!({"error": "unsupported_grant_type"}))
                    }
                }
                let n = s.id();
                let access = format!("sandbox-access-{n}");
                let refresh = format!("sandbox-refresh-{n}");
                s.access_tokens.insert(access.clone(), (0, true));
                s.refresh_tokens.insert(refresh.clone(), true);
                HttpResponse::json(
                    200,
                    &json!({"access_token": access, "refresh_token": refresh, "token_type": "bearer", "expires_in": 1209599}),
                )
            }
            ("GET", "/api/v2/accounts") => {
                let token = req
                    .header("authorization")
                    .and_then(|a| a.strip_prefix("Bearer "))
                    .unwrap_or("");
                let s = self.s();
                if !(token == HARVEST_TOKEN || s.access_tokens.get(token).is_some_and(|t| t.1)) {
                    return invalid_token();
                }
                let mut accounts: Vec<Value> = s
                    .accounts
                    .iter()
                    .map(|(id, name, _)| json!({"id": id, "name": name, "product": "harvest"}))
                    .collect();
                accounts
                    .push(json!({"id": 999001, "name": "Muster Forecast", "product": "forecast"}));
                HttpResponse::json(
                    200,
                    &json!({"user": {"id": 1782884, "first_name": "Sandra", "last_name": "Sandbox", "email": "sandra@muster-beratung.ch"}, "accounts": accounts}),
                )
            }
            _ => HttpResponse::json(404, &json!({"error": "not_found"})),
        }
    }
}

impl super::http::Handler for FakeHarvest {
    fn handle(&self, req: &HttpRequest) -> HttpResponse {
        if req.path.starts_with("/v2/") {
            self.api(req)
        } else {
            self.oauth(req)
        }
    }

    fn is_write(&self, req: &HttpRequest) -> bool {
        req.method != "GET" && req.path.starts_with("/v2/")
    }
}
