//! Harvest ID's OAuth2 authorization-code flow: authorize URL, code
//! exchange, refresh, and the accounts a grant reaches. Token request bodies hold secrets
//! and are never logged (the HTTP layer logs method and path only).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::types::Accounts;
use super::Error;
use crate::http::{HttpClient, HttpError, Method, Request};

// (TokenSet is re-exported by the client.)
use crate::secret::Secret;

#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub expires_at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
}

pub fn id_client(user_agent: &str) -> HttpClient {
    HttpClient::new(
        "Harvest ID",
        user_agent.to_string(),
        Duration::from_secs(60),
    )
}

pub fn authorize_url(id_url: &str, client_id: &str, redirect_uri: &str, state: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect_uri)
        .append_pair("response_type", "code")
        .append_pair("state", state)
        .finish();
    format!("{id_url}/oauth2/authorize?{query}")
}

/// A random, unguessable `state` for one login attempt (128 bits from the operating system).
pub fn random_state() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn token_request(
    http: &HttpClient,
    id_url: &str,
    form: &[(&str, &str)],
    previous_refresh: Option<&Secret>,
) -> Result<TokenSet, Error> {
    let req = Request::new(Method::Post, format!("{id_url}/api/v2/oauth2/token"))
        .header("Accept", "application/json")
        .form(form);
    let resp = match http.send(&req) {
        Ok(r) => r,
        Err(HttpError::Status {
            status: 400 | 401 | 403,
            body,
            ..
        }) => return Err(Error::AuthExpired(crate::http::error_message(&body))),
        Err(e) => return Err(e.into()),
    };
    let t: TokenResponse = serde_json::from_str(&resp.body).map_err(|e| Error::Decode {
        what: "the token answer".into(),
        detail: e.to_string(),
    })?;
    let refresh = t
        .refresh_token
        .map(Secret::new)
        .or_else(|| previous_refresh.cloned())
        .ok_or_else(|| Error::Decode {
            what: "the token answer".into(),
            detail: "it has no refresh token".into(),
        })?;
    Ok(TokenSet {
        access_token: Secret::new(t.access_token),
        refresh_token: refresh,
        // Harvest says 14 days; always trust the value it sends.
        expires_at: http.clock().now()
            + chrono::Duration::seconds(t.expires_in.unwrap_or(1_209_599)),
    })
}

pub fn exchange_code(
    http: &HttpClient,
    id_url: &str,
    client_id: &str,
    client_secret: &Secret,
    code: &str,
) -> Result<TokenSet, Error> {
    token_request(
        http,
        id_url,
        &[
            ("code", code),
            ("client_id", client_id),
            ("client_secret", client_secret.expose()),
            ("grant_type", "authorization_code"),
        ],
        None,
    )
}

pub fn refresh(
    http: &HttpClient,
    id_url: &str,
    client_id: &str,
    client_secret: &Secret,
    refresh_token: &Secret,
) -> Result<TokenSet, Error> {
    token_request(
        http,
        id_url,
        &[
            ("refresh_token", refresh_token.expose()),
            ("client_id", client_id),
            ("client_secret", client_secret.expose()),
            ("grant_type", "refresh_token"),
        ],
        Some(refresh_token),
    )
}

/// The Harvest accounts a token reaches (Forecast accounts left out).
pub fn accounts(
    http: &HttpClient,
    id_url: &str,
    access_token: &Secret,
) -> Result<Vec<super::types::Account>, Error> {
    let req = Request::new(Method::Get, format!("{id_url}/api/v2/accounts"))
        .header("Authorization", format!("Bearer {}", access_token.expose()))
        .header("Accept", "application/json");
    let resp = http.send(&req)?;
    let a: Accounts = serde_json::from_str(&resp.body).map_err(|e| Error::Decode {
        what: "the account list".into(),
        detail: e.to_string(),
    })?;
    Ok(a.accounts
        .into_iter()
        .filter(|a| a.product == "harvest")
        .collect())
}

/// What the callback's `scope` says about the accounts of a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeAccounts {
    /// `harvest:123 harvest:456`
    Listed(Vec<i64>),
    /// `harvest:all` or `all`: ask the account list.
    All,
}

pub fn parse_scope(scope: &str) -> ScopeAccounts {
    let mut ids = Vec::new();
    for part in scope.split([' ', '+', ',']).filter(|p| !p.is_empty()) {
        match part {
            "all" | "harvest:all" => return ScopeAccounts::All,
            p => {
                if let Some(id) = p.strip_prefix("harvest:").and_then(|i| i.parse().ok()) {
                    ids.push(id);
                }
            }
        }
    }
    if ids.is_empty() {
        ScopeAccounts::All
    } else {
        ScopeAccounts::Listed(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes() {
        assert_eq!(parse_scope("harvest:123"), ScopeAccounts::Listed(vec![123]));
        assert_eq!(
            parse_scope("harvest:1 forecast:9 harvest:2"),
            ScopeAccounts::Listed(vec![1, 2])
        );
        assert_eq!(parse_scope("harvest:all"), ScopeAccounts::All);
        assert_eq!(parse_scope("all"), ScopeAccounts::All);
    }

    #[test]
    fn authorize_url_carries_state_and_encoded_redirect() {
        let u = authorize_url(
            "https://id.getharvest.com",
            "cid",
            "http://127.0.0.1:8976/callback",
            "abc",
        );
        assert_eq!(
            u,
            "https://id.getharvest.com/oauth2/authorize?client_id=cid&redirect_uri=http%3A%2F%2F127.0.0.1%3A8976%2Fcallback&response_type=code&state=abc"
        );
    }

    #[test]
    fn random_states_differ() {
        let a = random_state().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, random_state().unwrap());
    }
}
