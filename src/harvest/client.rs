//! The blocking Harvest API v2 client. Every request carries the Bearer token, the
//! `Harvest-Account-Id` and a User-Agent naming the tool and a contact; lists
//! follow `links.next` verbatim at the largest page size; requests are paced under
//! 100 per 15 s.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::oauth;
pub use super::oauth::TokenSet;
use super::types::{
    Client, Company, Contact, Entry, Invoice, ItemCategory, Listed, NewPayment, Payment, User,
};
use super::Error;
use crate::clock::SharedClock;
use crate::http::{HttpClient, HttpError, Method, Request, Response};
use crate::secret::Secret;

/// Refresh an OAuth token this long before it expires: a nightly job must never start with
/// one that dies mid-run.
const REFRESH_AHEAD: chrono::Duration = chrono::Duration::days(1);
/// Warn in the run log when the connection will lapse this soon and cannot be renewed.
const WARN_AHEAD: chrono::Duration = chrono::Duration::days(7);
const PER_PAGE: u32 = 2000;

/// Where the OAuth grant lives between runs. The command layer implements it over the state
/// file; the client only reads the grant and hands over a renewed one. Harvest's refresh
/// tokens rotate, so two processes renewing the same grant must not overwrite each other.
pub trait TokenStore {
    /// The grant as stored now: another process may have renewed it since this one started.
    fn load(&self) -> Result<Option<TokenSet>, String>;
    /// Stores `renewed` in place of the grant whose refresh token is `previous_refresh`
    /// (compare-and-swap), unless another process has replaced that grant already.
    fn save(&self, previous_refresh: &Secret, renewed: &TokenSet) -> Result<SaveOutcome, String>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveOutcome {
    Saved,
    /// Another process renewed the grant first; the stored one is the one to use.
    Superseded,
}

pub enum Credentials {
    Personal(Secret),
    OAuth {
        tokens: TokenSet,
        client_id: Option<String>,
        client_secret: Option<Secret>,
        id_url: String,
        /// Renewed tokens are saved here before they are used.
        store: Box<dyn TokenStore>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeleteOutcome {
    Deleted,
    NotFound,
}

pub struct HarvestClient {
    http: HttpClient,
    id_http: HttpClient,
    api_url: String,
    account_id: String,
    credentials: RefCell<Credentials>,
    warnings: RefCell<Vec<String>>,
    requests: Cell<usize>,
}

impl HarvestClient {
    pub fn new(
        api_url: &str,
        account_id: &str,
        user_agent: &str,
        credentials: Credentials,
    ) -> HarvestClient {
        HarvestClient {
            http: HttpClient::new("Harvest", user_agent.to_string(), Duration::from_secs(60))
                .with_rate_limit(100, Duration::from_secs(15)),
            id_http: oauth::id_client(user_agent),
            api_url: api_url.trim_end_matches('/').to_string(),
            account_id: account_id.to_string(),
            credentials: RefCell::new(credentials),
            warnings: RefCell::new(Vec::new()),
            requests: Cell::new(0),
        }
    }

    /// Token expiry, retries and pacing follow `clock` (the command layer's).
    pub fn with_clock(mut self, clock: SharedClock) -> Self {
        self.http = self.http.with_clock(clock.clone());
        self.id_http = self.id_http.with_clock(clock);
        self
    }

    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.http.clock().now()
    }

    pub fn account_id(&self) -> &str {
        &self.account_id
    }

    /// API requests made so far (each counted once, however often the HTTP layer retried it;
    /// token refreshes go to Harvest ID and are not counted).
    pub fn requests_sent(&self) -> usize {
        self.requests.get()
    }

    fn warn(&self, msg: String) {
        if !self.warnings.borrow().contains(&msg) {
            log::warn!("{msg}");
            self.warnings.borrow_mut().push(msg);
        }
    }

    fn token_still_valid(&self) -> bool {
        match &*self.credentials.borrow() {
            Credentials::Personal(_) => true,
            Credentials::OAuth { tokens, .. } => tokens.expires_at > self.now(),
        }
    }

    /// Things the run log should show, such as a connection about to lapse.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.warnings.borrow_mut())
    }

    fn access_token(&self) -> Secret {
        match &*self.credentials.borrow() {
            Credentials::Personal(t) => t.clone(),
            Credentials::OAuth { tokens, .. } => tokens.access_token.clone(),
        }
    }

    /// Renews the OAuth grant when it is about to expire (or `force`d after a 401). True when
    /// the client now holds other tokens than before.
    fn refresh_if_needed(&self, force: bool) -> Result<bool, Error> {
        let mut creds = self.credentials.borrow_mut();
        let Credentials::OAuth {
            tokens,
            client_id,
            client_secret,
            id_url,
            store,
        } = &mut *creds
        else {
            return Ok(false);
        };
        let now = self.now();
        let (Some(id), Some(secret)) = (client_id.as_ref(), client_secret.as_ref()) else {
            // Checked before the refresh window: a week's notice gives a person time to act.
            if tokens.expires_at - now < WARN_AHEAD {
                let msg = crate::msg!(
                    "harvest-expires-without-client",
                    expires = crate::human::date_time(tokens.expires_at)
                );
                self.warn(crate::words::render(&msg));
            }
            return Ok(false);
        };
        if !force && tokens.expires_at - now > REFRESH_AHEAD {
            return Ok(false);
        }
        // Another process (the nightly run, or a check started beside it) may have renewed
        // the grant already: its refresh token replaced ours, which may no longer work.
        if adopt_stored(tokens, store.as_ref())?
            && (force || tokens.expires_at - now > REFRESH_AHEAD)
        {
            return Ok(true);
        }
        log::info!("renewing the Harvest connection");
        let previous = tokens.refresh_token.clone();
        let renewed = match oauth::refresh(&self.id_http, id_url, id, secret, &previous) {
            Ok(t) => t,
            // Renewed by another process between our look and our request.
            Err(Error::AuthExpired(why)) => {
                return match adopt_stored(tokens, store.as_ref())? {
                    true => Ok(true),
                    false => Err(Error::AuthExpired(why)),
                }
            }
            Err(e) => return Err(e),
        };
        // Saved before use: a crash after this point must not leave a rotated-away token.
        match store
            .save(&previous, &renewed)
            .map_err(|detail| Error::TokenStore {
                action: "saved",
                detail,
            })? {
            SaveOutcome::Saved => *tokens = renewed,
            SaveOutcome::Superseded => {
                log::info!("another rma-harvest renewed the Harvest connection first; using that");
                if !adopt_stored(tokens, store.as_ref())? {
                    return Err(Error::TokenStore {
                        action: "saved",
                        detail: "the stored connection changed while it was renewed".into(),
                    });
                }
            }
        }
        Ok(true)
    }

    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Response, Error> {
        match self.refresh_if_needed(false) {
            Ok(_) => {}
            // Renewing ahead of time is a precaution: while the old token still works, a
            // Harvest ID outage must not stop the night's run. A refused renewal still does.
            Err(Error::Http(e)) if e.is_transient() && self.token_still_valid() => {
                let expires = match &*self.credentials.borrow() {
                    Credentials::OAuth { tokens, .. } => tokens.expires_at,
                    Credentials::Personal(_) => self.now(),
                };
                self.warn(crate::words::render(&crate::msg!(
                    "harvest-renewal-postponed",
                    error = e.to_string(),
                    expires = crate::human::date_time(expires)
                )));
            }
            Err(e) => return Err(e),
        }
        let build = || {
            let mut r = Request::new(method, url)
                .header(
                    "Authorization",
                    format!("Bearer {}", self.access_token().expose()),
                )
                .header("Harvest-Account-Id", self.account_id.clone())
                .header("Accept", "application/json");
            if let Some(b) = body {
                r = r.json(b);
            }
            r
        };
        // A personal token is fixed in the configuration; only an OAuth grant is `auth`'s.
        let personal = matches!(&*self.credentials.borrow(), Credentials::Personal(_));
        let rejected = |body: &str| {
            let reason = crate::http::error_message(body);
            Error::Auth(if personal {
                crate::msg!("harvest-personal-token-rejected", reason = reason)
            } else {
                crate::msg!("harvest-token-rejected", reason = reason)
            })
        };
        self.requests.set(self.requests.get() + 1);
        match self.http.send(&build()) {
            // A 401 means Harvest did nothing, so even a POST may go again with the new token.
            Err(HttpError::Status { status: 401, .. }) if self.refresh_if_needed(true)? => {
                self.requests.set(self.requests.get() + 1);
                match self.http.send(&build()) {
                    Err(HttpError::Status {
                        status: 401, body, ..
                    }) => Err(rejected(&body)),
                    other => Ok(other?),
                }
            }
            Err(HttpError::Status {
                status: 401, body, ..
            }) => Err(rejected(&body)),
            other => Ok(other?),
        }
    }

    fn get<T: DeserializeOwned>(&self, path: &str, what: &str) -> Result<T, Error> {
        let resp = self.send(Method::Get, &format!("{}{path}", self.api_url), None)?;
        decode(&resp.body, what)
    }

    /// Every entry of a list, page after page, following `links.next` as Harvest gives it.
    /// A page without its list (no key, null, another type, an empty or non-JSON body) is an
    /// error naming the endpoint, never an empty list.
    fn list(&self, first: String, key: &str) -> Result<Vec<serde_json::Value>, Error> {
        let mut items = Vec::new();
        let mut next = Some(first);
        while let Some(url) = next.take() {
            let resp = self.send(Method::Get, &url, None)?;
            let what = || {
                format!(
                    "the {} list (GET {})",
                    key.replace('_', " "),
                    crate::http::Request::new(Method::Get, url.as_str())
                        .path()
                        .split('?')
                        .next()
                        .unwrap_or_default()
                )
            };
            let mut page: serde_json::Value = decode(&resp.body, &what())?;
            match page.get_mut(key).map(serde_json::Value::take) {
                Some(serde_json::Value::Array(list)) => items.extend(list),
                found => {
                    return Err(Error::Decode {
                        what: what(),
                        detail: match found {
                            None if page.is_object() => format!("the answer has no \"{key}\""),
                            None => "the answer is not a JSON object".into(),
                            Some(serde_json::Value::Null) => {
                                format!("\"{key}\" is null, not a list")
                            }
                            Some(_) => format!("\"{key}\" is not a list"),
                        },
                    })
                }
            }
            next = match page.get("links") {
                Some(links) => links
                    .get("next")
                    .and_then(|n| n.as_str())
                    .filter(|n| !n.is_empty())
                    .map(str::to_string),
                // Harvest always sends `links`; an answer without them still has `next_page`
                // on page-numbered lists, which is better than stopping after page one.
                None => page
                    .get("next_page")
                    .and_then(|n| n.as_u64())
                    .map(|n| with_page(&url, n)),
            };
            // A server that links a page to itself would otherwise keep a cron job busy forever.
            if next.as_deref() == Some(url.as_str()) {
                return Err(Error::Decode {
                    what: what(),
                    detail: "links.next points back to the same page".into(),
                });
            }
        }
        Ok(items)
    }

    /// A list whose every entry must read (payments and categories: a skipped payment could
    /// be created twice); the first unreadable entry is the error, named.
    fn list_all<T: Entry>(&self, first: String, key: &str) -> Result<Vec<T>, Error> {
        let listed = Listed::<T>::read(self.list(first, key)?);
        match listed.unreadable.into_iter().next() {
            None => Ok(listed.items),
            Some(bad) => Err(Error::Decode {
                what: match bad.id {
                    Some(id) => format!("an entry (id {id}) of the {} list", key.replace('_', " ")),
                    None => format!("an entry of the {} list", key.replace('_', " ")),
                },
                detail: bad.what,
            }),
        }
    }

    pub fn list_invoices(
        &self,
        state: &str,
        from: Option<NaiveDate>,
    ) -> Result<Listed<Invoice>, Error> {
        let mut url = format!(
            "{}/invoices?state={}&per_page={PER_PAGE}",
            self.api_url,
            crate::http::url_encode(state)
        );
        if let Some(f) = from {
            url.push_str(&format!("&from={f}"));
        }
        Ok(Listed::read(self.list(url, "invoices")?))
    }

    /// Every invoice issued `from..=to`, in any state (drafts too: Harvest cannot combine
    /// states in one filter), in one paged list.
    pub fn list_invoices_issued(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Listed<Invoice>, Error> {
        let url = format!(
            "{}/invoices?from={from}&to={to}&per_page={PER_PAGE}",
            self.api_url
        );
        Ok(Listed::read(self.list(url, "invoices")?))
    }

    pub fn list_clients(&self) -> Result<Listed<Client>, Error> {
        Ok(Listed::read(self.list(
            format!("{}/clients?per_page={PER_PAGE}", self.api_url),
            "clients",
        )?))
    }

    pub fn list_contacts(&self) -> Result<Listed<Contact>, Error> {
        Ok(Listed::read(self.list(
            format!("{}/contacts?per_page={PER_PAGE}", self.api_url),
            "contacts",
        )?))
    }

    pub fn list_item_categories(&self) -> Result<Vec<ItemCategory>, Error> {
        self.list_all(
            format!(
                "{}/invoice_item_categories?per_page={PER_PAGE}",
                self.api_url
            ),
            "invoice_item_categories",
        )
    }

    pub fn list_payments(&self, invoice_id: i64) -> Result<Vec<Payment>, Error> {
        self.list_all(
            format!(
                "{}/invoices/{invoice_id}/payments?per_page={PER_PAGE}",
                self.api_url
            ),
            "invoice_payments",
        )
    }

    /// Never retried after a lost answer (the HTTP layer reports it as lost): the caller
    /// looks for the `RMA payment <id>` note instead.
    /// True when Harvest failed too often in a row in this run (see [`HttpClient::gave_up`]).
    pub fn gave_up(&self) -> bool {
        self.http.gave_up()
    }

    pub fn create_payment(&self, invoice_id: i64, payment: &NewPayment) -> Result<Payment, Error> {
        let url = format!("{}/invoices/{invoice_id}/payments", self.api_url);
        let resp = self.send(Method::Post, &url, Some(&payment.to_json()))?;
        // Done only when proven (issue 16): a 201 with the payment, its id and amount. Any
        // other answer leaves it unknown, and the payment is looked up before it counts.
        let created = match resp.status {
            201 => decode::<Payment>(&resp.body, "the new payment").ok(),
            _ => None,
        };
        if created.is_some() {
            self.http.note_proven_answer();
        }
        created.ok_or_else(|| {
            self.http.note_unproven_answer();
            Error::Unproven {
                status: resp.status,
            }
        })
    }

    pub fn delete_payment(&self, invoice_id: i64, payment_id: i64) -> Result<DeleteOutcome, Error> {
        let url = format!(
            "{}/invoices/{invoice_id}/payments/{payment_id}",
            self.api_url
        );
        match self.send(Method::Delete, &url, None) {
            Ok(_) => Ok(DeleteOutcome::Deleted),
            Err(Error::Http(e)) if e.status() == Some(404) => Ok(DeleteOutcome::NotFound),
            Err(e) => Err(e),
        }
    }

    pub fn company(&self) -> Result<Company, Error> {
        self.get("/company", "the company")
    }

    pub fn me(&self) -> Result<User, Error> {
        self.get("/users/me", "the current user")
    }
}

/// `url` with its `page` parameter set to `page`.
fn with_page(url: &str, page: u64) -> String {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut params: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page="))
        .map(str::to_string)
        .collect();
    params.push(format!("page={page}"));
    format!("{base}?{}", params.join("&"))
}

fn decode<T: DeserializeOwned>(body: &str, what: &str) -> Result<T, Error> {
    crate::de::json_body(body).map_err(|detail| Error::Decode {
        what: what.into(),
        detail,
    })
}

/// Takes the stored grant when it is not the one `tokens` holds; true when it did.
fn adopt_stored(tokens: &mut TokenSet, store: &dyn TokenStore) -> Result<bool, Error> {
    let stored = store.load().map_err(|detail| Error::TokenStore {
        action: "read",
        detail,
    })?;
    match stored {
        Some(s) if s.refresh_token.expose() != tokens.refresh_token.expose() => {
            *tokens = s;
            Ok(true)
        }
        _ => Ok(false),
    }
}

#[cfg(test)]
mod tests {
    use super::with_page;

    #[test]
    fn page_parameter_is_replaced() {
        assert_eq!(
            with_page("https://h/v2/invoices?state=open&page=1&per_page=2000", 2),
            "https://h/v2/invoices?state=open&per_page=2000&page=2"
        );
        assert_eq!(
            with_page("https://h/v2/invoices", 3),
            "https://h/v2/invoices?page=3"
        );
    }
}
