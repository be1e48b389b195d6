//! `rma-harvest auth`: connects Harvest through OAuth2 (browser + local listener, or `--paste`),
//! verifies a personal access token, or with `--check` tests both connections as a sync
//! would make them.
//!
//! Secrets (tokens, the client secret, the authorization code) are never printed: only the
//! authorize URL is, and it holds none of them.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use super::error::error_text;
use super::services::{self, TokenAccess};
use super::{CommandError, Result};
use crate::cli::{AuthArgs, Cli};
use crate::clock::SharedClock;
use crate::config::{self, Config};
use crate::exit::ExitCode;
use crate::harvest::oauth::{self, ScopeAccounts, TokenSet};
use crate::harvest::types::{Company, User};
use crate::harvest::{Credentials, HarvestClient};
use crate::http::parse_query;
use crate::state::{State, StoredTokens};
use crate::words::{render, Message};
use crate::{errln, msg, outln};

/// How long the listener waits for the browser, on the injected clock.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(300);
/// How often the listener looks for the browser's connection.
const POLL: Duration = Duration::from_millis(50);

pub fn run(cli: &Cli, args: &AuthArgs, clock: &SharedClock) -> Result<ExitCode> {
    let config = super::load_config(cli)?;
    if args.check {
        return check(&config, cli.quiet, clock);
    }
    if config.harvest.access_token.is_some() {
        return personal(&config, clock);
    }
    login(&config, args.paste, clock)
}

fn auth_failure(message: impl Into<Message>) -> CommandError {
    CommandError::auth(message)
}

/// The company and user behind a client, refused unless it is the configured Harvest account
/// and the user may record payments.
fn verify(client: &HarvestClient, config: &Config) -> Result<(Company, User)> {
    let company = client.company()?;
    let wanted = config.harvest.account_domain();
    if !company.full_domain.eq_ignore_ascii_case(&wanted) {
        return Err(auth_failure(msg!(
            "auth-wrong-account",
            found = &company.full_domain,
            configured = &config.harvest.account_url
        )));
    }
    let user = verify_user(client)?;
    Ok((company, user))
}

fn verify_user(client: &HarvestClient) -> Result<User> {
    let user = client.me()?;
    if !user.may_manage_invoices() {
        return Err(auth_failure(msg!(
            "auth-user-may-not-manage",
            user = user.display_name()
        )));
    }
    Ok(user)
}

fn warn_without_invoices(company: &Company) {
    if !company.invoice_feature {
        errln!(
            "{}",
            render(&msg!("auth-invoices-off", account = &company.full_domain))
        );
    }
}

fn personal(config: &Config, clock: &SharedClock) -> Result<ExitCode> {
    let client = services::harvest_client(config, TokenAccess::ReadOnly, clock)?;
    let (company, user) = verify(&client, config)?;
    warn_without_invoices(&company);
    outln!(
        "{}",
        render(&msg!(
            "auth-connected-personal",
            domain = &company.full_domain,
            account = client.account_id(),
            user = user.display_name()
        ))
    );
    Ok(ExitCode::Success)
}

/// Both connections tried, each reported (with `quiet` only what failed); the exit code is
/// the worse of the two failures (3 for a refused key or a wrong tenant, 4 for a service
/// that cannot be reached).
fn check(config: &Config, quiet: bool, clock: &SharedClock) -> Result<ExitCode> {
    let mut failed: Option<ExitCode> = None;
    match check_harvest(config, clock) {
        Ok((line, warnings)) => {
            if !quiet {
                outln!("{}", render(&msg!("auth-check-harvest-ok", found = line)));
                for w in warnings {
                    errln!("{}", render(&msg!("auth-warning", warning = w)));
                }
            }
        }
        Err(e) => {
            failed = Some(failed.unwrap_or(ExitCode::Success).worst(e.exit_code()));
            outln!(
                "{}",
                render(&msg!("auth-check-harvest-failed", error = error_text(&e)))
            );
        }
    }
    match check_rma(config, clock) {
        Ok(line) if !quiet => outln!("{}", render(&msg!("auth-check-rma-ok", found = line))),
        Ok(_) => {}
        Err(e) => {
            failed = Some(failed.unwrap_or(ExitCode::Success).worst(e.exit_code()));
            outln!(
                "{}",
                render(&msg!("auth-check-rma-failed", error = error_text(&e)))
            );
        }
    }
    Ok(failed.unwrap_or(ExitCode::Success))
}

fn check_harvest(config: &Config, clock: &SharedClock) -> Result<(Message, Vec<String>)> {
    // Read-only: a check changes nothing, except that a renewed token is saved (the token
    // store opens the state file for that one compare-and-swap write).
    let client = services::harvest_client(config, TokenAccess::ReadOnly, clock)?;
    let (company, user) = verify(&client, config)?;
    warn_without_invoices(&company);
    Ok((
        msg!(
            "auth-check-harvest-found",
            domain = &company.full_domain,
            user = user.display_name()
        ),
        client.take_warnings(),
    ))
}

fn check_rma(config: &Config, clock: &SharedClock) -> Result<Message> {
    let client = services::rma_client(config, clock)?;
    let parts = client.list_parts()?;
    Ok(msg!(
        "auth-check-rma-found",
        tenant = &config.rma.tenant,
        count = parts.len()
    ))
}

/// What the browser brought back from Harvest ID.
#[derive(Debug, PartialEq)]
struct Callback {
    code: String,
    scope: String,
}

/// Checks a redirect's query: refusal, CSRF `state`, and the code.
fn read_callback(query: &str, expected_state: &str) -> Result<Callback> {
    let params = parse_query(query);
    let get = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if let Some(err) = get("error") {
        if err == "access_denied" {
            return Err(auth_failure(msg!("auth-access-refused")));
        }
        let detail = get("error_description").unwrap_or_default();
        return Err(auth_failure(msg!(
            "auth-id-error",
            error = err,
            detail = detail
        )));
    }
    if get("state").as_deref() != Some(expected_state) {
        return Err(auth_failure(msg!("auth-state-mismatch")));
    }
    let code = get("code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| auth_failure(msg!("auth-no-code")))?;
    Ok(Callback {
        code,
        scope: get("scope").unwrap_or_default(),
    })
}

/// The address to listen on and the path to answer, from `harvest.redirect_uri`.
fn listen_addr(redirect_uri: &str) -> std::result::Result<(String, String), Message> {
    let rest = redirect_uri
        .strip_prefix("http://")
        .ok_or_else(|| msg!("auth-redirect-not-http"))?;
    let host = config::host_of(redirect_uri).unwrap_or_default();
    if !config::is_loopback(&host) {
        return Err(msg!("auth-redirect-not-local", host = host));
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let path = if path.is_empty() { "/" } else { path };
    let port_text = match authority.strip_prefix('[') {
        Some(v6) => v6.split_once("]:").map(|(_, p)| p),
        None => authority.split_once(':').map(|(_, p)| p),
    };
    let port = match port_text {
        Some(p) => p
            .parse::<u16>()
            .map_err(|_| msg!("auth-redirect-port", port = p))?,
        None => 80,
    };
    let bind_host = if host.contains(':') {
        format!("[{host}]")
    } else {
        host
    };
    Ok((format!("{bind_host}:{port}"), path.to_string()))
}

/// `redirect_uri` with the port the listener got, when it names port 0 ("any free port").
fn bound_redirect_uri(redirect_uri: &str, port: u16) -> String {
    let Some(rest) = redirect_uri.strip_prefix("http://") else {
        return redirect_uri.to_string();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rsplit_once(':') {
        Some((host, "0")) => format!("http://{host}:{port}{}", &rest[end..]),
        _ => redirect_uri.to_string(),
    }
}

fn login(config: &Config, paste: bool, clock: &SharedClock) -> Result<ExitCode> {
    let h = &config.harvest;
    let (Some(client_id), Some(client_secret)) = (h.client_id.as_deref(), h.client_secret.as_ref())
    else {
        return Err(CommandError::config(msg!(
            "auth-no-client",
            path = config.path.display().to_string()
        )));
    };
    let state = oauth::random_state()
        .map_err(|e| auth_failure(msg!("auth-no-random", detail = e.to_string())))?;
    let authorize_url =
        |redirect_uri: &str| oauth::authorize_url(&h.id_url, client_id, redirect_uri, &state);

    let callback = if paste {
        let url = authorize_url(&h.redirect_uri);
        outln!("{}\n\n  {url}\n", render(&msg!("auth-open-address")));
        outln!(
            "{}",
            render(&msg!("auth-paste-address", redirect_uri = &h.redirect_uri))
        );
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        let line = line.trim();
        let query = line.split_once('?').map(|(_, q)| q).unwrap_or(line);
        let query = query.split('#').next().unwrap_or("");
        read_callback(query, &state)?
    } else {
        let (addr, path) = listen_addr(&h.redirect_uri).map_err(CommandError::config)?;
        // Bound before the address is shown, so the browser cannot come back too early.
        let listener = TcpListener::bind(&addr).map_err(|e| {
            CommandError::config(msg!(
                "auth-cannot-listen",
                address = &addr,
                detail = e.to_string()
            ))
        })?;
        let redirect_uri = bound_redirect_uri(&h.redirect_uri, listener.local_addr()?.port());
        let url = authorize_url(&redirect_uri);
        outln!("{}\n\n  {url}\n", render(&msg!("auth-open-address")));
        outln!(
            "{}",
            render(&msg!("auth-waiting", redirect_uri = &redirect_uri))
        );
        receive_callback(&listener, &path, &state, clock.as_ref())?
    };

    let id_http = oauth::id_client(&h.user_agent()).with_clock(clock.clone());
    let tokens = oauth::exchange_code(
        &id_http,
        &h.id_url,
        client_id,
        client_secret,
        &callback.code,
    )?;
    let (account_id, company, user) = choose_account(config, &id_http, &tokens, &callback.scope)?;
    warn_without_invoices(&company);
    State::open(&config.state_path)?
        .with_clock(clock.clone())
        .save_tokens(&StoredTokens {
            access_token: tokens.access_token.clone(),
            refresh_token: tokens.refresh_token.clone(),
            expires_at: tokens.expires_at,
            account_id: account_id.to_string(),
        })?;
    outln!(
        "{}",
        render(&msg!(
            "auth-connected",
            domain = &company.full_domain,
            account = account_id.to_string(),
            user = user.display_name()
        ))
    );
    Ok(ExitCode::Success)
}

/// Picks, among the accounts the grant reaches, the one at `harvest.account_url`.
fn choose_account(
    config: &Config,
    id_http: &crate::http::HttpClient,
    tokens: &TokenSet,
    scope: &str,
) -> Result<(i64, Company, User)> {
    let h = &config.harvest;
    let ids: Vec<i64> = match oauth::parse_scope(scope) {
        ScopeAccounts::Listed(ids) => ids,
        ScopeAccounts::All => oauth::accounts(id_http, &h.id_url, &tokens.access_token)?
            .into_iter()
            .map(|a| a.id)
            .collect(),
    };
    let wanted = h.account_domain();
    let mut found = Vec::new();
    for id in ids {
        let client = HarvestClient::new(
            &h.api_url,
            &id.to_string(),
            &h.user_agent(),
            Credentials::Personal(tokens.access_token.clone()),
        )
        .with_clock(id_http.clock().clone());
        let company = client.company()?;
        if company.full_domain.eq_ignore_ascii_case(&wanted) {
            let user = verify_user(&client)?;
            return Ok((id, company, user));
        }
        found.push(company.full_domain);
    }
    Err(auth_failure(if found.is_empty() {
        msg!("auth-no-account", wanted = &wanted)
    } else {
        msg!(
            "auth-account-not-reached",
            wanted = &wanted,
            found = found.join(", ")
        )
    }))
}

fn page(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<!doctype html><meta charset=utf-8><title>rma-harvest</title><p>{escaped}")
}

fn error_page(message: &str) -> String {
    page(&render(&msg!("auth-page-not-connected", reason = message)))
}

fn respond(stream: &mut TcpStream, status: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// Waits for the browser's request on the redirect path and answers it. Other requests
/// (a favicon, a port scanner) get a 404 and do not end the wait. The wait is measured on
/// `clock`, so under the test clock a browser that never comes gives up at once.
fn receive_callback(
    listener: &TcpListener,
    path: &str,
    state: &str,
    clock: &dyn crate::clock::Clock,
) -> Result<Callback> {
    listener.set_nonblocking(true)?;
    let deadline = clock.now()
        + chrono::Duration::from_std(BROWSER_TIMEOUT).expect("five minutes fit a chrono::Duration");
    loop {
        let mut stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if clock.now() >= deadline {
                    return Err(auth_failure(msg!(
                        "auth-browser-timeout",
                        seconds = BROWSER_TIMEOUT.as_secs()
                    )));
                }
                clock.sleep(POLL);
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        stream.set_nonblocking(false)?;
        // Browsers open spare connections that never send a request; one of those must not
        // hold up the real answer for long.
        stream.set_read_timeout(Some(Duration::from_secs(3)))?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).is_err() {
            continue;
        }
        // Drain the headers so the browser sees a clean answer.
        loop {
            let mut header = String::new();
            match reader.read_line(&mut header) {
                Ok(0) | Err(_) => break,
                Ok(_) if header.trim().is_empty() => break,
                Ok(_) => {}
            }
        }
        let target = request_line.split_whitespace().nth(1).unwrap_or("");
        let (req_path, query) = target.split_once('?').unwrap_or((target, ""));
        if req_path != path {
            respond(&mut stream, "404 Not Found", "not found");
            continue;
        }
        return match read_callback(query, state) {
            Ok(cb) => {
                respond(&mut stream, "200 OK", &page(&render(&msg!("auth-page-ok"))));
                Ok(cb)
            }
            Err(e) => {
                respond(&mut stream, "400 Bad Request", &error_page(&e.to_string()));
                Err(e)
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_address_from_redirect_uri() {
        assert_eq!(
            listen_addr("http://127.0.0.1:8976/callback").unwrap(),
            ("127.0.0.1:8976".into(), "/callback".into())
        );
        assert_eq!(
            listen_addr("http://localhost/").unwrap(),
            ("localhost:80".into(), "/".into())
        );
        assert_eq!(
            listen_addr("http://[::1]:9000/cb?x=1").unwrap(),
            ("[::1]:9000".into(), "/cb".into())
        );
        assert!(listen_addr("https://example.com/cb").is_err());
        assert!(listen_addr("http://example.com:80/cb").is_err());
    }

    #[test]
    fn port_zero_in_the_redirect_uri_becomes_the_bound_port() {
        assert_eq!(
            bound_redirect_uri("http://127.0.0.1:0/callback?x=1", 50123),
            "http://127.0.0.1:50123/callback?x=1"
        );
        assert_eq!(
            bound_redirect_uri("http://[::1]:0", 50123),
            "http://[::1]:50123"
        );
        assert_eq!(
            bound_redirect_uri("http://127.0.0.1:8976/callback", 50123),
            "http://127.0.0.1:8976/callback"
        );
        assert_eq!(bound_redirect_uri("http://[::1]/cb", 1), "http://[::1]/cb");
    }

    #[test]
    fn callback_checks_state_and_refusal() {
        let cb = read_callback("code=abc&scope=harvest%3A42&state=s1", "s1").unwrap();
        assert_eq!(
            cb,
            Callback {
                code: "abc".into(),
                scope: "harvest:42".into()
            }
        );
        let wrong = read_callback("code=abc&state=other", "s1").unwrap_err();
        assert_eq!(wrong.exit_code(), ExitCode::Auth);
        assert!(wrong
            .to_string()
            .contains("did not come from this login attempt"));
        assert!(!wrong.to_string().contains("abc"));
        let refused = read_callback("error=access_denied&state=s1", "s1").unwrap_err();
        assert_eq!(refused.to_string(), "access was refused in Harvest");
        assert!(read_callback("state=s1", "s1").is_err());
    }
}
