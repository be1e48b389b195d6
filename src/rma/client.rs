//! Assumptions (rma.md §13) kept here so that a correction is a one-line change:
//! - A2: `GET invoices/{n}` returns the bare invoice entity (or `{"invoice": {...}}`); an
//!   unknown number answers 404.
//! - A3: `POST invoices` answers 204 on success and 400 `{"error": "..."}` for a duplicate
//!   number, an unknown part or an unknown customer.
//! - A4: `POST customers` creates or replaces the whole customer and answers 204 or 200.
//! - Lists are not paged; `GET invoices` hides invoices outside `from`/`to` (defaults: the
//!   account close date and today), so the tool always sends both.

use std::time::Duration;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::types::{Invoice, InvoiceList, NewInvoice, Part, PartList};
use super::Error;
use crate::http::{url_encode, HttpClient, HttpError, Method, Request, Response};
use crate::secret::Secret;

pub struct RmaClient {
    pub(crate) http: HttpClient,
    base: String,
    tenant: String,
    api_key: Secret,
}

impl RmaClient {
    /// A client for one tenant (the Mandant) at `api_url` (e.g.
    /// `https://service.runmyaccounts.com/api/latest`), authenticated with its API key.
    pub fn new(api_url: &str, tenant: &str, api_key: Secret) -> RmaClient {
        RmaClient {
            // RMA list calls can be slow and unpaged (rma.md §4): 120 s.
            http: HttpClient::new(
                "Run my Accounts",
                format!("rma-harvest/{}", env!("CARGO_PKG_VERSION")),
                Duration::from_secs(120),
            ),
            base: format!(
                "{}/clients/{}",
                api_url.trim_end_matches('/'),
                url_encode(tenant)
            ),
            tenant: tenant.to_string(),
            api_key,
        }
    }

    /// Sends a request; an answer that says the tenant is unknown becomes
    /// [`Error::UnknownTenant`], whatever was asked.
    fn send(&self, req: &Request) -> Result<Response, Error> {
        self.http.send(req).map_err(|e| match &e {
            HttpError::Status {
                status: 403 | 404,
                body,
                ..
            } if crate::http::error_message(body)
                .to_ascii_lowercase()
                .contains("client not found") =>
            {
                self.unknown_tenant(&e)
            }
            // The key belongs to one tenant (rma.md §2): a 403 means this key and this tenant
            // do not go together. (A bad key is a 401.)
            HttpError::Status { status: 403, .. } => self.unknown_tenant(&e),
            _ => Error::Http(e),
        })
    }

    /// Retries wait on `clock` (the command layer's).
    pub fn with_clock(mut self, clock: crate::clock::SharedClock) -> Self {
        self.http = self.http.with_clock(clock);
        self
    }

    fn unknown_tenant(&self, e: &HttpError) -> Error {
        Error::UnknownTenant {
            tenant: self.tenant.clone(),
            detail: match e {
                HttpError::Status { status, body, .. } => {
                    format!("{status}: {}", crate::http::error_message(body))
                }
                other => other.to_string(),
            },
        }
    }

    /// Every tenant has an article list: a 404 on it means the tenant is wrong (or the
    /// api_url). (Other lists may be missing on some installations; the sync falls back.)
    fn parts_not_found(&self, e: Error) -> Error {
        match e {
            Error::Http(h) if h.status() == Some(404) => self.unknown_tenant(&h),
            other => other,
        }
    }

    pub(crate) fn request(&self, method: Method, path: &str) -> Request {
        Request::new(method, format!("{}/{}", self.base, path))
            .header("Authorization", format!("Bearer {}", self.api_key.expose()))
            .header("Accept", "application/json")
    }

    pub(crate) fn get_json<T: DeserializeOwned>(&self, path: &str, what: &str) -> Result<T, Error> {
        let resp = self.send(&self.request(Method::Get, path))?;
        decode(&resp.body, what)
    }

    pub fn list_parts(&self) -> Result<Vec<Part>, Error> {
        Ok(self
            .get_list::<PartList>("parts", "parts", "the article list")
            .map_err(|e| self.parts_not_found(e))?
            .part)
    }

    /// A list answer: `{"part": …}` as RMA documents it, or the same inside an XML-style
    /// root (`{"parts": {"part": …}}`), which a JSON mapping of the XML would give.
    pub(crate) fn get_list<T: DeserializeOwned>(
        &self,
        path: &str,
        root: &str,
        what: &str,
    ) -> Result<T, Error> {
        let mut v: serde_json::Value = self.get_json(path, what)?;
        if let Some(inner) = v
            .get_mut(root)
            .filter(|i| i.is_object())
            .map(serde_json::Value::take)
        {
            v = inner;
        }
        serde_json::from_value(v).map_err(|e| Error::Decode {
            what: what.into(),
            detail: e.to_string(),
        })
    }

    /// The customer as RMA has it, every field kept (so an update can send them all back).
    pub fn get_customer_value(&self, number: &str) -> Result<Option<serde_json::Value>, Error> {
        match self.get_json::<serde_json::Value>(
            &format!("customers/{}", url_encode(number)),
            "a customer",
        ) {
            Err(Error::Http(e)) if e.status() == Some(404) => Ok(None),
            Ok(v) => Ok(Some(match v.get("customer") {
                Some(inner) if v.get("customernumber").is_none() => inner.clone(),
                _ => v,
            })),
            Err(e) => Err(e),
        }
    }

    /// Creates or replaces the customer (A4). Safe to repeat: it is an upsert by number.
    pub fn upsert_customer_value(&self, customer: &serde_json::Value) -> Result<(), Error> {
        self.post(self.request(Method::Post, "customers").json(customer))
    }

    /// `None` when RMA does not know the number (404).
    pub fn get_invoice(&self, invnumber: &str) -> Result<Option<Invoice>, Error> {
        let path = format!("invoices/{}", url_encode(invnumber));
        let resp = match self.send(&self.request(Method::Get, &path)) {
            Err(Error::Http(e)) if e.status() == Some(404) => return Ok(None),
            other => other?,
        };
        let value: serde_json::Value = decode(&resp.body, "an invoice")?;
        // A2: the bare entity, but accept the list wrapper too.
        let entity = match value.get("invoice") {
            Some(inner) if value.get("invnumber").is_none() => inner.clone(),
            _ => value,
        };
        let entity = match entity {
            serde_json::Value::Array(mut items) if !items.is_empty() => items.remove(0),
            other => other,
        };
        if entity.get("invnumber").is_none() {
            // A 200 with an empty or error body is not proof that the invoice exists.
            return Err(Error::Decode {
                what: format!("invoice {invnumber}"),
                detail: "the answer has no invoice number".into(),
            });
        }
        serde_json::from_value(entity)
            .map(Some)
            .map_err(|e| Error::Decode {
                what: format!("invoice {invnumber}"),
                detail: e.to_string(),
            })
    }

    /// Every invoice dated `from..=to`, in one call.
    pub fn list_invoices(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Invoice>, Error> {
        let path = format!("invoices?from={from}&to={to}");
        Ok(self
            .get_json::<InvoiceList>(&path, "the invoice list")?
            .invoice)
    }

    /// Books the invoice. RMA answers 204 without a body (A3), so there is no id to return.
    pub fn create_invoice(&self, invoice: &NewInvoice) -> Result<(), Error> {
        self.post(
            self.request(Method::Post, "invoices")
                .json(&invoice.to_json()),
        )
    }

    pub(crate) fn post(&self, req: Request) -> Result<(), Error> {
        match self.send(&req) {
            Ok(_) => Ok(()),
            Err(Error::Http(HttpError::Status {
                status: 400 | 409 | 422,
                body,
                ..
            })) => Err(Error::Refused(crate::http::error_message(&body))),
            Err(e) => Err(e),
        }
    }
}

pub(crate) fn decode<T: DeserializeOwned>(body: &str, what: &str) -> Result<T, Error> {
    let body = if body.trim().is_empty() { "{}" } else { body };
    serde_json::from_str(body).map_err(|e| Error::Decode {
        what: what.into(),
        detail: if body.trim_start().starts_with('<') {
            "an XML or HTML page instead of JSON".into()
        } else {
            e.to_string()
        },
    })
}
