//! Assumptions (docs/rma-assumptions.md) kept here so that a correction is a one-line change:
//! - A2: `GET invoices/{n}` returns the bare invoice entity (or `{"invoice": {...}}`); an
//!   unknown number answers 404.
//! - A3: `POST invoices` answers 204 on success and 400 `{"error": "..."}` for a duplicate
//!   number, an unknown part or an unknown customer.
//! - A4: `POST customers` creates or replaces the whole customer and answers 204 or 200.
//! - `GET customers/{n}` answers the customer (bare or `{"customer": {...}}`), 404 when the
//!   number is unknown; any other answer is not proof either way.
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
            // RMA list calls can be slow and unpaged: 120 s.
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
            // The key belongs to one tenant: a 403 means this key and this tenant
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

    /// A GET answer as a JSON object. A body that is empty, not JSON, not an object, or RMA's
    /// `{"error": …}` (even with a 200) is an error naming `what` and the endpoint.
    pub(crate) fn get_json<T: DeserializeOwned>(&self, path: &str, what: &str) -> Result<T, Error> {
        let resp = self.send(&self.request(Method::Get, path))?;
        let what = format!("{what} (GET {})", path.split('?').next().unwrap_or(path));
        let value = answer_object(&resp.body, &what)?;
        serde_json::from_value(value).map_err(|e| Error::Decode {
            what,
            detail: e.to_string(),
        })
    }

    pub fn list_parts(&self) -> Result<Vec<Part>, Error> {
        Ok(self
            .get_list::<PartList>("parts", ("parts", "part"), "the article list")
            .map_err(|e| self.parts_not_found(e))?
            .part)
    }

    /// A list answer: `{"part": …}` as RMA documents it, or the same inside an XML-style
    /// root (`{"parts": {"part": …}}`), which a JSON mapping of the XML would give. No items
    /// is `{}` or an empty root (A1); an answer that has fields but not the list's (`item`)
    /// is an error, never "no items": a list under another name must not read as empty.
    pub(crate) fn get_list<T: DeserializeOwned>(
        &self,
        path: &str,
        (root, item): (&str, &str),
        what: &str,
    ) -> Result<T, Error> {
        let mut v: serde_json::Value = self.get_json(path, what)?;
        let what = format!("{what} (GET {})", path.split('?').next().unwrap_or(path));
        match v.get_mut(root).map(serde_json::Value::take) {
            Some(inner @ serde_json::Value::Object(_)) => v = inner,
            // An empty XML root: no items, as RMA's other zero-item shapes.
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => v = serde_json::json!({}),
            None => {}
            Some(other) => {
                return Err(Error::Decode {
                    what,
                    detail: format!("\"{root}\" is {other}, not a list"),
                })
            }
        }
        if let Some(fields) = v.as_object() {
            if !fields.is_empty() && !fields.contains_key(item) {
                let names: Vec<&str> = fields.keys().map(String::as_str).collect();
                return Err(Error::Decode {
                    what,
                    detail: format!(
                        "no \"{item}\" list in the answer (it has {})",
                        names.join(", ")
                    ),
                });
            }
        }
        serde_json::from_value(v).map_err(|e| Error::Decode {
            what,
            detail: e.to_string(),
        })
    }

    /// The customer as RMA has it, every field kept (so an update can send them all back).
    /// `None` only for a 404. Any other odd answer (a 500, a 200 with `{"error": …}`, a body
    /// that is no customer) is [`Error::Refused`] with RMA's message: that customer and its
    /// invoices wait, the rest of the run goes on. Authentication failures and an unreachable
    /// service stay what they are.
    pub fn get_customer_value(&self, number: &str) -> Result<Option<serde_json::Value>, Error> {
        let path = format!("customers/{}", url_encode(number));
        let refused = |why: String| {
            Error::Refused(crate::words::render(&crate::msg!(
                "rma-customer-lookup",
                number = number,
                why = why
            )))
        };
        // Through `send`: a 404 that says "Client not found" is the wrong tenant, not a
        // customer that does not exist.
        let resp = match self.send(&self.request(Method::Get, &path)) {
            Err(Error::Http(e)) if e.status() == Some(404) => return Ok(None),
            Err(Error::Http(HttpError::Status { status, body, .. }))
                if !matches!(status, 401 | 403 | 429 | 502 | 503 | 504) =>
            {
                return Err(refused(format!(
                    "HTTP {status} ({})",
                    crate::http::error_message(&body)
                )))
            }
            other => other?,
        };
        let value = answer_object(&resp.body, "the customer").map_err(|e| match e {
            Error::Decode { detail, .. } => refused(detail),
            other => other,
        })?;
        let entity = match value.get("customer") {
            Some(inner) if value.get("customernumber").is_none() => inner.clone(),
            _ => value,
        };
        let entity = match entity {
            serde_json::Value::Array(mut items) if items.len() == 1 => items.remove(0),
            other => other,
        };
        if entity.get("customernumber").is_none() {
            return Err(refused(format!(
                "something that is not a customer ({})",
                crate::http::error_message(&entity.to_string())
            )));
        }
        Ok(Some(entity))
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
        let value = answer_object(&resp.body, &format!("invoice {invnumber} (GET invoices)"))?;
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
            .get_list::<InvoiceList>(&path, ("invoices", "invoice"), "the invoice list")?
            .invoice)
    }

    /// Books the invoice. RMA answers 204 without a body (A3), so there is no id to return.
    pub fn create_invoice(&self, invoice: &NewInvoice) -> Result<(), Error> {
        self.post(
            self.request(Method::Post, "invoices")
                .json(&invoice.to_json()),
        )
    }

    /// A write that counts as done only when RMA's answer proves it (issue 16): 204, or 200
    /// or 201 with an empty body or JSON that is not `{"error": …}`. Any other answer (a
    /// maintenance page, an error object, another 2xx) leaves the outcome unknown: the caller
    /// looks the item up before it ever calls it done.
    pub(crate) fn post(&self, req: Request) -> Result<(), Error> {
        match self.send(&req) {
            Ok(resp) => match unproven(&resp) {
                None => {
                    self.http.note_proven_answer();
                    Ok(())
                }
                Some(detail) => {
                    self.http.note_unproven_answer();
                    Err(Error::Unproven {
                        what: format!("POST {}", endpoint(&req.path())),
                        detail,
                    })
                }
            },
            Err(Error::Http(HttpError::Status {
                status: 400 | 409 | 422,
                body,
                ..
            })) => Err(Error::Refused(crate::http::error_message(&body))),
            Err(e) => Err(e),
        }
    }
}

/// `invoices` of `/api/latest/clients/<tenant>/invoices`: the part a person knows.
fn endpoint(path: &str) -> &str {
    path.split_once("/clients/")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map_or(path, |(_, endpoint)| endpoint)
}

/// Why a 2xx answer to a write does not prove it was done, or `None` when it does.
fn unproven(resp: &Response) -> Option<String> {
    let body = resp.body.trim();
    match resp.status {
        204 => None,
        200 | 201 if body.is_empty() => None,
        200 | 201 => match serde_json::from_str::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(o)) if o.contains_key("error") => Some(format!(
                "{} with an error: {}",
                resp.status,
                crate::http::error_message(body)
            )),
            Ok(_) => None,
            Err(_) => Some(format!(
                "{} with {}",
                resp.status,
                if body.starts_with('<') {
                    "a page instead of an answer"
                } else {
                    "something that is not JSON"
                }
            )),
        },
        other => Some(format!("{other}, which this write never answers")),
    }
}

/// A 200 body as a JSON object; anything else, or RMA's `{"error": …}`, is an error.
fn answer_object(body: &str, what: &str) -> Result<serde_json::Value, Error> {
    let value: serde_json::Value = decode(body, what)?;
    let detail = match &value {
        serde_json::Value::Object(o) if o.contains_key("error") => format!(
            "an error instead of an answer: {}",
            crate::http::error_message(body)
        ),
        serde_json::Value::Object(_) => return Ok(value),
        serde_json::Value::Null => "null instead of an answer".into(),
        _ => "an answer that is not a JSON object".into(),
    };
    Err(Error::Decode {
        what: what.into(),
        detail,
    })
}

pub(crate) fn decode<T: DeserializeOwned>(body: &str, what: &str) -> Result<T, Error> {
    crate::de::json_body(body).map_err(|detail| Error::Decode {
        what: what.into(),
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::Category;
    use mockito::Server;

    fn client(server: &Server) -> RmaClient {
        // Retries must not sleep in tests: a fixed clock only moves on.
        RmaClient::new(&server.url(), "muster", Secret::new("pat_test"))
            .with_clock(crate::clock::fixed(chrono::Utc::now()))
    }

    fn customer_answer(server: &mut Server, status: usize, body: &str) -> RmaClient {
        server
            .mock("GET", "/clients/muster/customers/H5")
            .with_status(status)
            .with_body(body)
            .create();
        client(server)
    }

    #[test]
    fn a_write_is_done_only_when_the_answer_proves_it() {
        let cases: [(usize, &str, bool); 8] = [
            (204, "", true),
            (200, "", true),
            (201, "  ", true),
            (200, r#"{"ok": true}"#, true),
            (200, "<html><body>Wartung</body></html>", false),
            (200, r#"{"error": "database locked"}"#, false),
            (200, "<?xml version=\"1.0\"?><error/>", false),
            (202, "", false),
        ];
        for (status, body, proven) in cases {
            let mut server = Server::new();
            server
                .mock("POST", "/clients/muster/customers")
                .with_status(status)
                .with_body(body)
                .create();
            let rma = client(&server);
            let outcome = rma.upsert_customer_value(&serde_json::json!({"customernumber": "H5"}));
            match outcome {
                Ok(()) => assert!(proven, "{status} {body} taken as done"),
                Err(Error::Unproven { what, .. }) => {
                    assert!(!proven, "{status} {body} not taken as done");
                    assert_eq!(what, "POST customers");
                    assert_eq!(
                        Error::Unproven {
                            what,
                            detail: String::new()
                        }
                        .category(),
                        Category::Lost
                    );
                }
                Err(other) => panic!("{status} {body}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_feed_under_another_name_is_an_error_not_an_empty_feed() {
        let mut server = Server::new();
        let feed = |server: &mut Server, body: &str| {
            server
                .mock("GET", "/clients/muster/invoices/payment_list")
                .match_query(mockito::Matcher::Any)
                .with_body(body)
                .create()
        };
        let _m = feed(&mut server, r#"{"rows": [{"id": 1}]}"#);
        let err = client(&server).payment_feed(None).unwrap_err().to_string();
        assert!(err.contains("no \"payment\" list"), "{err}");
        server.reset();
        // A1's empty shapes still mean "nothing pending".
        let _m = feed(&mut server, "{}");
        assert!(client(&server).payment_feed(None).unwrap().is_empty());
        server.reset();
        let _m = feed(&mut server, r#"{"payment": ""}"#);
        assert!(client(&server).payment_feed(None).unwrap().is_empty());
    }

    #[test]
    fn only_a_404_means_no_such_customer() {
        let mut server = Server::new();
        let c = customer_answer(&mut server, 404, r#"{"error": "not found"}"#);
        assert_eq!(c.get_customer_value("H5").unwrap(), None);
    }

    #[test]
    fn a_found_customer_is_the_entity_with_every_field() {
        let mut server = Server::new();
        let c = customer_answer(
            &mut server,
            200,
            r#"{"customer": {"customernumber": "H5", "id": "10199", "terms": "30"}}"#,
        );
        let v = c.get_customer_value("H5").unwrap().unwrap();
        assert_eq!(v["terms"], "30");
    }

    #[test]
    fn other_answers_refuse_that_customer_with_rmas_message() {
        for (status, body, expected) in [
            (
                500,
                r#"{"error": "Datenbank nicht erreichbar"}"#,
                "HTTP 500 (Datenbank nicht erreichbar)",
            ),
            (
                200,
                r#"{ "error": "Mandant gesperrt" }"#,
                "Mandant gesperrt",
            ),
            (200, "<html><body>Wartung</body></html>", "HTML page"),
            (200, "", "an empty answer"),
            (200, r#"{"name": "no number"}"#, "not a customer"),
            (400, r#"{"error": "bad number"}"#, "HTTP 400 (bad number)"),
        ] {
            let mut server = Server::new();
            let c = customer_answer(&mut server, status, body);
            match c.get_customer_value("H5") {
                Err(Error::Refused(text)) => {
                    assert!(text.contains("customer H5"), "{text}");
                    assert!(text.contains(expected), "{status} {body}: {text}");
                }
                other => panic!("{status} {body}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_rejected_key_is_not_a_customer_problem() {
        let mut server = Server::new();
        let c = customer_answer(&mut server, 401, r#"{"error": "Unauthorized"}"#);
        assert!(matches!(c.get_customer_value("H5"), Err(Error::Http(_))));
    }

    #[test]
    fn a_list_without_its_list_is_an_error_naming_the_endpoint() {
        for body in [
            "",
            "null",
            "[]",
            r#"{"parts": null}"#,
            r#"{"part": null}"#,
            r#"{"error": "Mandant gesperrt"}"#,
            "not json",
        ] {
            let mut server = Server::new();
            server
                .mock("GET", "/clients/muster/parts")
                .with_body(body)
                .create();
            let err = client(&server).list_parts().unwrap_err();
            let text = err.to_string();
            assert!(matches!(err, Error::Decode { .. }), "{body}: {text}");
            assert!(
                text.contains("Run my Accounts") && text.contains("GET parts"),
                "{body}: {text}"
            );
        }
    }

    #[test]
    fn documented_zero_item_lists_are_empty() {
        for body in [
            "{}",
            r#"{"part": ""}"#,
            r#"{"parts": ""}"#,
            r#"{"parts": {}}"#,
        ] {
            let mut server = Server::new();
            server
                .mock("GET", "/clients/muster/parts")
                .with_body(body)
                .create();
            assert_eq!(client(&server).list_parts().unwrap(), vec![], "{body}");
        }
    }

    #[test]
    fn an_invoice_answer_with_an_error_is_not_an_invoice() {
        let mut server = Server::new();
        server
            .mock("GET", "/clients/muster/invoices/1001")
            .with_body(r#"{"error": "Rechnung gesperrt"}"#)
            .create();
        let err = client(&server).get_invoice("1001").unwrap_err().to_string();
        assert!(err.contains("Rechnung gesperrt"), "{err}");
    }
}
