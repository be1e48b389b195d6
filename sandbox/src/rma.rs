//! A stateful fake of the Run my Accounts REST API, implementing exactly the assumptions of
//! docs/rma-assumptions.md: Bearer key, XML unless JSON is asked for, one-or-many lists, every scalar a
//! string, 204 on invoice create, 400 `{ "error": ... }` on refusals, and the payment feed (A1).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Map, Value};

use super::http::{HttpRequest, HttpResponse};
use super::{RMA_API_KEY, RMA_TENANT};
use crate::wire::{parse_date_prefix, parse_decimal};

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn s(d: Decimal) -> String {
    let d = d.normalize();
    if d.scale() == 0 {
        format!("{d}.0")
    } else {
        d.to_string()
    }
}

#[derive(Debug, Clone)]
struct Line {
    partnumber: String,
    description: String,
    quantity: Decimal,
    sellprice: Decimal,
    discount: Decimal,
}

#[derive(Debug, Clone)]
struct Invoice {
    invnumber: String,
    fields: Map<String, Value>,
    transdate: NaiveDate,
    customernumber: String,
    lines: Vec<Line>,
    netamount: Decimal,
    amount: Decimal,
}

#[derive(Debug, Clone)]
struct Payment {
    id: i64,
    invnumber: String,
    datepaid: NaiveDate,
    amount: Decimal,
    memo: String,
    source: String,
    payment_accno: String,
    currency: String,
    deleted: bool,
    version: u32,
    acknowledged: Option<u32>,
}

#[derive(Debug)]
struct State {
    parts: BTreeMap<String, (String, Decimal)>,
    customers: BTreeMap<String, Map<String, Value>>,
    invoices: BTreeMap<String, Invoice>,
    payments: BTreeMap<i64, Payment>,
    next_payment: i64,
    today: NaiveDate,
    close_date: NaiveDate,
    paid: std::collections::HashMap<String, Decimal>,
    list_totals: bool,
    list_supported: bool,
}

impl State {
    /// Sum of live payments per invoice, kept up to date so that big lists stay fast.
    fn paid(&self, invnumber: &str) -> Decimal {
        self.paid.get(invnumber).copied().unwrap_or_default()
    }

    fn reindex(&mut self, invnumber: &str) {
        let total = self
            .payments
            .values()
            .filter(|p| p.invnumber == invnumber && !p.deleted)
            .map(|p| p.amount)
            .sum();
        self.paid.insert(invnumber.to_string(), total);
    }

    fn invoice_json(&self, inv: &Invoice) -> Value {
        let paid = self.paid(&inv.invnumber);
        let mut v = Value::Object(inv.fields.clone());
        v["invnumber"] = Value::String(inv.invnumber.clone());
        v["amount"] = Value::String(s(inv.amount));
        v["netamount"] = Value::String(s(inv.netamount));
        v["paid"] = Value::String(s(paid));
        v["status"] = Value::String(
            if paid >= inv.amount && inv.amount > Decimal::ZERO {
                "PAID"
            } else {
                "OPEN"
            }
            .into(),
        );
        v["transdate"] = Value::String(format!("{}T00:00:00+01:00", inv.transdate));
        v["customernumber"] = Value::String(inv.customernumber.clone());
        v["taxincluded"] = Value::String("false".into());
        if let Some(c) = self.customers.get(&inv.customernumber) {
            v["customer"] = Value::Object(c.clone());
        }
        let parts: Vec<Value> = inv
            .lines
            .iter()
            .map(|l| {
                json!({"partnumber": l.partnumber, "description": l.description, "quantity": s(l.quantity),
                       "sellprice": s(l.sellprice), "discount": s(l.discount), "unit": "", "itemnote": "",
                       "income_accno": "3400", "expense_accno": "0"})
            })
            .collect();
        v["parts"] = one_or_many("part", parts);
        v
    }

    fn payment_json(p: &Payment, flag: &str) -> Value {
        json!({"id": p.id.to_string(), "invnumber": p.invnumber, "datepaid": format!("{}T00:00:00+01:00", p.datepaid),
               "amount_paid": s(p.amount), "memo": p.memo, "source": p.source, "payment_accno": p.payment_accno,
               "currency": p.currency, "exchangerate": "1.0", "flag": flag})
    }
}

/// RMA's list shape: `{}` for none, a bare object for one, an array for more.
fn one_or_many(key: &str, items: Vec<Value>) -> Value {
    let mut m = Map::new();
    match items.len() {
        0 => {}
        1 => {
            m.insert(key.into(), items.into_iter().next().expect("one"));
        }
        _ => {
            m.insert(key.into(), Value::Array(items));
        }
    }
    Value::Object(m)
}

fn error(status: u16, message: &str) -> HttpResponse {
    HttpResponse::text(
        status,
        "application/json",
        format!("{{ \"error\": {} }}", Value::String(message.into())),
    )
}

/// A plain JSON → XML rendering, enough for clients that forget `Accept: application/json`.
fn to_xml(name: &str, v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in m {
                to_xml(k, v, out);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Array(items) => {
            for i in items {
                to_xml(name, i, out);
            }
        }
        Value::Null => out.push_str(&format!("<{name}/>")),
        other => {
            let text = match other {
                Value::String(s) => s.clone(),
                o => o.to_string(),
            };
            let escaped = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            out.push_str(&format!("<{name}>{escaped}</{name}>"));
        }
    }
}

#[derive(Clone)]
pub struct FakeRma {
    state: Arc<Mutex<State>>,
    base: Arc<Mutex<String>>,
}

impl FakeRma {
    pub(crate) fn new() -> FakeRma {
        FakeRma {
            state: Arc::new(Mutex::new(State {
                parts: BTreeMap::new(),
                customers: BTreeMap::new(),
                invoices: BTreeMap::new(),
                payments: BTreeMap::new(),
                next_payment: 500,
                today: NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
                close_date: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                paid: Default::default(),
                list_totals: true,
                list_supported: true,
            })),
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
        format!("{}/api/latest", self.base_url())
    }

    fn st(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    pub fn add_part(&self, partnumber: &str, description: &str, vat_rate: Decimal) {
        self.st()
            .parts
            .insert(partnumber.into(), (description.into(), vat_rate));
    }

    pub fn add_customer(&self, customer: Value) {
        let number = customer["customernumber"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        self.st()
            .customers
            .insert(number, customer.as_object().cloned().unwrap_or_default());
    }

    pub fn customer(&self, number: &str) -> Option<Value> {
        self.st()
            .customers
            .get(number)
            .map(|c| Value::Object(c.clone()))
    }

    pub fn customers(&self) -> Vec<Value> {
        self.st()
            .customers
            .values()
            .map(|c| Value::Object(c.clone()))
            .collect()
    }

    pub fn invoice(&self, invnumber: &str) -> Option<Value> {
        let s = self.st();
        s.invoices.get(invnumber).map(|i| s.invoice_json(i))
    }

    pub fn invoices(&self) -> Vec<Value> {
        let s = self.st();
        s.invoices.values().map(|i| s.invoice_json(i)).collect()
    }

    /// An invoice that "already exists" in RMA (booked by hand or another tool).
    pub fn add_invoice_raw(&self, invoice: Value) {
        let mut s = self.st();
        if let Err(e) = Self::insert_invoice(&mut s, &invoice) {
            panic!("bad seed invoice: {e}");
        }
    }

    pub fn book_payment(
        &self,
        invnumber: &str,
        datepaid: NaiveDate,
        amount: Decimal,
        memo: &str,
        payment_accno: &str,
    ) -> i64 {
        let mut s = self.st();
        s.next_payment += 1;
        let id = s.next_payment;
        let currency = s
            .invoices
            .get(invnumber)
            .and_then(|i| i.fields.get("currency"))
            .and_then(|c| c.as_str())
            .unwrap_or("CHF")
            .to_string();
        s.payments.insert(
            id,
            Payment {
                id,
                invnumber: invnumber.into(),
                datepaid,
                amount,
                memo: memo.into(),
                source: String::new(),
                payment_accno: payment_accno.into(),
                currency,
                deleted: false,
                version: 1,
                acknowledged: None,
            },
        );
        *s.paid.entry(invnumber.to_string()).or_default() += amount;
        id
    }

    pub fn change_payment(&self, id: i64, amount: Option<Decimal>, datepaid: Option<NaiveDate>) {
        let mut s = self.st();
        if let Some(p) = s.payments.get_mut(&id) {
            if let Some(a) = amount {
                p.amount = a;
            }
            if let Some(d) = datepaid {
                p.datepaid = d;
            }
            p.version += 1;
            let invnumber = p.invnumber.clone();
            s.reindex(&invnumber);
        }
    }

    pub fn delete_payment(&self, id: i64) {
        let mut s = self.st();
        let never_acknowledged = s
            .payments
            .get(&id)
            .is_some_and(|p| p.acknowledged.is_none());
        let invnumber = s.payments.get(&id).map(|p| p.invnumber.clone());
        if never_acknowledged {
            s.payments.remove(&id);
        } else if let Some(p) = s.payments.get_mut(&id) {
            p.deleted = true;
            p.version += 1;
        }
        if let Some(n) = invnumber {
            s.reindex(&n);
        }
    }

    /// What RMA does when an invoice is saved again in its UI: every live payment on it is
    /// deleted and re-created under a new id, same date, amount and memo. Returns the
    /// (old id, new id) pairs.
    pub fn resave_invoice_payments(&self, invnumber: &str) -> Vec<(i64, i64)> {
        let old: Vec<Payment> = self
            .st()
            .payments
            .values()
            .filter(|p| p.invnumber == invnumber && !p.deleted)
            .cloned()
            .collect();
        let mut pairs = Vec::new();
        for p in old {
            self.delete_payment(p.id);
            let new = self.book_payment(invnumber, p.datepaid, p.amount, &p.memo, &p.payment_accno);
            pairs.push((p.id, new));
        }
        pairs
    }

    /// Acknowledges every pending feed row, as if an earlier run had (benchmark set-up).
    pub fn acknowledge_all(&self) {
        let mut s = self.st();
        s.payments.retain(|_, p| !p.deleted);
        for p in s.payments.values_mut() {
            p.acknowledged = Some(p.version);
        }
    }

    /// Rows the feed would return now.
    pub fn pending_feed_rows(&self) -> usize {
        self.feed().len()
    }

    /// Whether invoice list entries carry `amount` and `paid` (RMA's list example has
    /// neither; the single-invoice answer always does, A2).
    pub fn set_list_totals(&self, on: bool) {
        self.st().list_totals = on;
    }

    /// Whether `GET invoices` (the list) exists; without it the answer is 404.
    pub fn set_list_supported(&self, on: bool) {
        self.st().list_supported = on;
    }

    pub fn set_today(&self, d: NaiveDate) {
        self.st().today = d;
    }

    pub fn set_close_date(&self, d: NaiveDate) {
        self.st().close_date = d;
    }

    /// A canonical picture for "both sides end in the same state": generated ids left out.
    pub fn snapshot(&self) -> Value {
        let s = self.st();
        let invoices: Vec<Value> = s
            .invoices
            .values()
            .map(|i| {
                let mut v = s.invoice_json(i);
                if let Some(c) = v.get_mut("customer").and_then(|c| c.as_object_mut()) {
                    c.remove("id");
                }
                // The booking run's number in the trace is a generated id as well.
                if let Some(Value::String(notes)) = v.get_mut("intnotes") {
                    if let Some(at) = notes.rfind(", run ") {
                        notes.truncate(at);
                    }
                }
                v
            })
            .collect();
        let payments: Vec<Value> = s
            .payments
            .values()
            .map(|p| json!({"id": p.id, "invnumber": p.invnumber, "amount": s_dec(p.amount), "deleted": p.deleted,
                            "acknowledged": p.acknowledged == Some(p.version)}))
            .collect();
        let customers: Vec<Value> = s
            .customers
            .values()
            .map(|c| {
                let mut c = c.clone();
                c.remove("id");
                Value::Object(c)
            })
            .collect();
        json!({"customers": customers, "invoices": invoices, "payments": payments})
    }

    fn feed(&self) -> Vec<Value> {
        let s = self.st();
        s.payments
            .values()
            .filter_map(|p| match (p.deleted, p.acknowledged) {
                (false, None) => Some(State::payment_json(p, "NEW")),
                (false, Some(v)) if v < p.version => Some(State::payment_json(p, "CHANGED")),
                (true, Some(v)) if v < p.version => Some(State::payment_json(p, "DELETED")),
                _ => None,
            })
            .collect()
    }

    fn insert_invoice(s: &mut State, body: &Value) -> Result<(), String> {
        let text = |k: &str| match body.get(k) {
            Some(Value::String(v)) => v.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let invnumber = text("invnumber");
        if invnumber.is_empty() {
            return Err("invnumber is mandatory".into());
        }
        if s.invoices.contains_key(&invnumber) {
            return Err(format!("Invoice number {invnumber} already exists"));
        }
        let customernumber = match body
            .get("customer")
            .and_then(|c| c.get("customernumber"))
            .and_then(|c| c.as_str())
        {
            Some(c) => c.to_string(),
            None => text("customernumber"),
        };
        if !s.customers.contains_key(&customernumber) {
            return Err(format!("Customer {customernumber} does not exist"));
        }
        let transdate = parse_date_prefix(&text("transdate")).ok_or("transdate is mandatory")?;
        let rows: Vec<Value> = match body.pointer("/parts/part") {
            Some(Value::Array(a)) => a.clone(),
            Some(o @ Value::Object(_)) => vec![o.clone()],
            _ => Vec::new(),
        };
        let num = |v: &Value, k: &str| -> Decimal {
            match v.get(k) {
                Some(Value::Number(n)) => parse_decimal(&n.to_string()).unwrap_or_default(),
                Some(Value::String(t)) => parse_decimal(t).unwrap_or_default(),
                _ => Decimal::ZERO,
            }
        };
        let mut lines = Vec::new();
        let (mut net, mut tax) = (Decimal::ZERO, Decimal::ZERO);
        for r in rows {
            let partnumber = r
                .get("partnumber")
                .and_then(|p| p.as_str())
                .unwrap_or("")
                .to_string();
            let Some((_, vat)) = s.parts.get(&partnumber) else {
                return Err(format!("Part {partnumber} does not exist"));
            };
            let line = Line {
                description: r
                    .get("description")
                    .and_then(|p| p.as_str())
                    .unwrap_or("")
                    .to_string(),
                quantity: num(&r, "quantity"),
                sellprice: num(&r, "sellprice"),
                discount: num(&r, "discount"),
                partnumber,
            };
            let line_net = round2(
                line.quantity
                    * line.sellprice
                    * (Decimal::ONE - line.discount / Decimal::ONE_HUNDRED),
            );
            net += line_net;
            tax += round2(line_net * *vat / Decimal::ONE_HUNDRED);
            lines.push(line);
        }
        let mut fields = body.as_object().cloned().unwrap_or_default();
        fields.remove("parts");
        fields.remove("customer");
        s.invoices.insert(
            invnumber.clone(),
            Invoice {
                invnumber,
                fields,
                transdate,
                customernumber,
                lines,
                netamount: net,
                amount: net + tax,
            },
        );
        Ok(())
    }

    fn respond(req: &HttpRequest, root: &str, v: Value) -> HttpResponse {
        if req
            .header("accept")
            .is_some_and(|a| a.contains("application/json"))
        {
            HttpResponse::json(200, &v)
        } else {
            let mut out =
                String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>");
            to_xml(root, &v, &mut out);
            HttpResponse::text(200, "application/xml", out)
        }
    }

    fn route(&self, req: &HttpRequest) -> HttpResponse {
        let Some(rest) = req.path.strip_prefix("/api/latest/clients/") else {
            return error(404, "Resource not found");
        };
        let mut segs: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        if segs.is_empty() || segs.remove(0) != RMA_TENANT {
            return error(404, "Client not found");
        }
        if req.header("authorization") != Some(&format!("Bearer {RMA_API_KEY}")) {
            return error(
                401,
                "Unauthorized: a valid API key is required (Authorization: Bearer)",
            );
        }
        match (req.method.as_str(), segs.as_slice()) {
            ("GET", ["parts"]) => {
                let s = self.st();
                let parts = s
                    .parts
                    .iter()
                    .map(|(n, (d, vat))| json!({"partnumber": n, "description": d, "unit": "", "quantity": "1.0", "sellprice": "0.0",
                         "discount": "0.0", "income_accno": "3400", "expense_accno": "4000",
                         "tax_accnos": if vat.is_zero() { "" } else { "2200" }}))
                    .collect();
                Self::respond(req, "parts", one_or_many("part", parts))
            }
            // The chart of accounts (`GET charts`), as much as `doctor` asks of it.
            ("GET", ["charts"]) => {
                let accounts = [
                    ("1020", "Bank"),
                    ("1090", "Transferkonto"),
                    ("1100", "Debitoren"),
                    ("3400", "Dienstleistungsertrag"),
                ]
                .iter()
                .map(|(accno, description)| json!({"accno": accno, "description": description}))
                .collect();
                Self::respond(req, "charts", one_or_many("chart", accounts))
            }
            ("GET", ["customers"]) => {
                let list = self.customers();
                Self::respond(req, "customers", one_or_many("customer", list))
            }
            ("GET", ["customers", number]) => match self.customer(number) {
                Some(c) => Self::respond(req, "customer", c),
                None => error(404, "Customer not found"),
            },
            ("POST", ["customers"]) => {
                let Some(body) = req.body_json().filter(|b| b.is_object()) else {
                    return error(400, "Invalid customer");
                };
                let number = body
                    .get("customernumber")
                    .and_then(|v| v.as_str())
                    .unwrap_or("");
                let name = body.get("name").and_then(|v| v.as_str()).unwrap_or("");
                if number.is_empty() || name.is_empty() {
                    return error(400, "customernumber and name are mandatory");
                }
                // Replaces the whole record (A4): fields left out are gone.
                let mut record: Map<String, Value> = body
                    .as_object()
                    .expect("checked")
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            match v {
                                Value::String(_) => v.clone(),
                                Value::Null => Value::String(String::new()),
                                other => Value::String(other.to_string()),
                            },
                        )
                    })
                    .collect();
                let id = self
                    .st()
                    .customers
                    .get(number)
                    .and_then(|c| c.get("id").cloned());
                let count = self.st().customers.len();
                record.insert(
                    "id".into(),
                    id.unwrap_or_else(|| Value::String((10100 + count).to_string())),
                );
                self.st().customers.insert(number.to_string(), record);
                HttpResponse::empty(204)
            }
            ("GET", ["invoices", "payment_list"]) => {
                if req.param("processed").is_none() {
                    return error(400, "Parameter processed is mandatory");
                }
                Self::respond(req, "payments", one_or_many("payment", self.feed()))
            }
            ("POST", ["invoices", "set_as_processed"]) => {
                let ids: Vec<i64> = crate::wire::parse_query(&req.body_text())
                    .into_iter()
                    .filter(|(k, _)| k == "id")
                    .filter_map(|(_, v)| v.parse().ok())
                    .collect();
                let mut s = self.st();
                for id in ids {
                    let purge = match s.payments.get_mut(&id) {
                        Some(p) => {
                            p.acknowledged = Some(p.version);
                            p.deleted
                        }
                        None => false,
                    };
                    if purge {
                        s.payments.remove(&id);
                    }
                }
                HttpResponse::empty(204)
            }
            ("GET", ["invoices"]) => {
                let s = self.st();
                if !s.list_supported {
                    return error(404, "Resource not found");
                }
                let from = req
                    .param("from")
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(s.close_date);
                let to = req
                    .param("to")
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(s.today);
                let status = req.param("status");
                let customer = req.param("customer_number");
                let list: Vec<Value> = s
                    .invoices
                    .values()
                    .filter(|i| i.transdate >= from && i.transdate <= to)
                    .filter(|i| customer.is_none_or(|c| c == i.customernumber))
                    .map(|i| s.invoice_json(i))
                    .filter(|v| status.is_none_or(|st| v["status"] == st))
                    .map(|mut v| {
                        if !s.list_totals {
                            // As in RMA's own list example: no totals in list entries.
                            if let Some(o) = v.as_object_mut() {
                                o.remove("amount");
                                o.remove("paid");
                            }
                        }
                        v
                    })
                    .collect();
                drop(s);
                Self::respond(req, "invoices", one_or_many("invoice", list))
            }
            ("GET", ["invoices", number]) => match self.invoice(number) {
                Some(v) => Self::respond(req, "invoice", v),
                None => error(404, "Invoice not found"),
            },
            ("POST", ["invoices"]) => {
                let Some(body) = req.body_json().filter(|b| b.is_object()) else {
                    return error(400, "Invalid invoice");
                };
                match Self::insert_invoice(&mut self.st(), &body) {
                    Ok(()) => HttpResponse::empty(204),
                    Err(e) => error(400, &e),
                }
            }
            ("POST", ["invoices", number, "payments"]) => {
                let Some(body) = req.body_json() else {
                    return error(400, "Invalid payment");
                };
                if self.invoice(number).is_none() {
                    return error(404, "Invoice not found");
                }
                let amount = body.get("amount_paid").and_then(|v| match v {
                    Value::String(t) => parse_decimal(t),
                    Value::Number(n) => parse_decimal(&n.to_string()),
                    _ => None,
                });
                let date = body
                    .get("datepaid")
                    .and_then(|d| d.as_str())
                    .and_then(parse_date_prefix);
                let (Some(amount), Some(date)) = (amount, date) else {
                    return error(400, "datepaid and amount_paid are mandatory");
                };
                let memo = body.get("memo").and_then(|v| v.as_str()).unwrap_or("");
                let accno = body
                    .get("payment_accno")
                    .and_then(|v| v.as_str())
                    .unwrap_or("1020");
                let id = self.book_payment(number, date, amount, memo, accno);
                let s = self.st();
                let p = s.payments.get(&id).expect("just booked");
                Self::respond(req, "payment", State::payment_json(p, "NEW"))
            }
            _ => error(404, "Resource not found"),
        }
    }
}

fn s_dec(d: Decimal) -> String {
    s(d)
}

impl super::http::Handler for FakeRma {
    fn handle(&self, req: &HttpRequest) -> HttpResponse {
        self.route(req)
    }
}
