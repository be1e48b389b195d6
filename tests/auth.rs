//! `rma-harvest auth` as a person runs it: the real binary against a mockito Harvest ID and
//! API, with the browser played by the test (pasted URL, or a GET to the local listener).

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Output, Stdio};

use mockito::{Matcher, Mock, Server, ServerGuard};
use serde_json::json;

const ACCESS: &str = "acc-SECRET-1111";
const REFRESH: &str = "ref-SECRET-2222";
const CLIENT_SECRET: &str = "csecret-SECRET-3333";
const CODE: &str = "code-SECRET-4444";
const PAT: &str = "pat-SECRET-5555";
const RMA_KEY: &str = "rmakey-SECRET-6666";
/// Where a pasted answer claims to come from (`auth --paste` reads only its query).
const PASTED_PORT: u16 = 8976;

struct Setup {
    dir: tempfile::TempDir,
    server: ServerGuard,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            dir: tempfile::tempdir().unwrap(),
            server: Server::new(),
        }
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state/state.sqlite")
    }

    fn config(&self, harvest_extra: &str) -> PathBuf {
        let url = self.server.url();
        let text = format!(
            r#"[harvest]
account_url = "https://ACME.harvestapp.com"
client_id = "cid"
client_secret = "{CLIENT_SECRET}"
redirect_uri = "http://127.0.0.1:0/callback"
api_url = "{url}/v2"
id_url = "{url}"
{harvest_extra}
[rma]
tenant = "acme"
api_key = "{RMA_KEY}"
api_url = "{url}/rma"
[state]
path = {state:?}
"#,
            state = self.state().display().to_string(),
        );
        let path = self.dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    fn command(&self, config: &Path, args: &[&str]) -> std::process::Command {
        let mut c = support::spawnable(self.dir.path());
        c.args(["--config", config.to_str().unwrap(), "-vv", "auth"])
            .args(args);
        c
    }

    /// `auth` with the local listener, on the real clock: its wait for the browser runs on
    /// the clock, and under the test clock it would give up before the test's GET arrives.
    fn listening(&self, config: &Path) -> std::process::Command {
        let mut c = self.command(config, &[]);
        c.env_remove(support::TEST_CLOCK_ENV);
        c
    }

    fn token_endpoint(&mut self) -> Mock {
        self.server
            .mock("POST", "/api/v2/oauth2/token")
            .match_body(Matcher::AllOf(vec![
                Matcher::UrlEncoded("grant_type".into(), "authorization_code".into()),
                Matcher::UrlEncoded("code".into(), CODE.into()),
                Matcher::UrlEncoded("client_id".into(), "cid".into()),
                Matcher::UrlEncoded("client_secret".into(), CLIENT_SECRET.into()),
            ]))
            .with_body(
                json!({"access_token": ACCESS, "refresh_token": REFRESH,
                       "token_type": "bearer", "expires_in": 1209599})
                .to_string(),
            )
            .create()
    }

    fn company(&mut self, account: &str, domain: &str, token: &str) -> Mock {
        self.server
            .mock("GET", "/v2/company")
            .match_header("harvest-account-id", account)
            .match_header("authorization", format!("Bearer {token}").as_str())
            .with_body(
                json!({"full_domain": domain, "name": domain, "invoice_feature": true}).to_string(),
            )
            .create()
    }

    fn me(&mut self, account: &str, roles: &[&str]) -> Mock {
        self.server
            .mock("GET", "/v2/users/me")
            .match_header("harvest-account-id", account)
            .with_body(
                json!({"id": 1, "first_name": "Eva", "last_name": "Muster",
                       "email": "eva@acme.ch", "access_roles": roles})
                .to_string(),
            )
            .create()
    }
}

fn assert_no_secret(out: &Output) {
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for secret in [ACCESS, REFRESH, CLIENT_SECRET, CODE, PAT, RMA_KEY] {
        assert!(!all.contains(secret), "{secret} was printed:\n{all}");
    }
}

/// Reads the child's stdout up to the authorize URL and returns it with the lines read.
fn read_authorize_url(child: &mut Child) -> (String, BufReader<std::process::ChildStdout>) {
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "no authorize URL printed"
        );
        if let Some(i) = line.find("http") {
            if line.contains("/oauth2/authorize?") {
                return (line[i..].trim().to_string(), reader);
            }
        }
    }
}

fn url_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').unwrap().1;
    rma_harvest_sandbox::wire::parse_query(query)
        .into_iter()
        .find(|(k, _)| k == name)
        .unwrap()
        .1
}

fn state_param(url: &str) -> String {
    url_param(url, "state")
}

/// The port the listener got (the config asks for port 0, any free one): the authorize URL
/// sends the browser back to it.
fn listener_port(url: &str) -> u16 {
    let redirect = url_param(url, "redirect_uri");
    let port = redirect
        .strip_prefix("http://127.0.0.1:")
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("redirect_uri {redirect} names no port"));
    let port: u16 = port.parse().unwrap();
    assert_ne!(port, 0, "the bound port is shown, not 0");
    port
}

/// Runs `auth --paste`, answering with the redirect URL `answer` builds from the state.
fn run_paste(s: &Setup, config: &Path, answer: impl Fn(&str) -> String) -> Output {
    let mut child = s
        .command(config, &["--paste"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (url, mut rest) = read_authorize_url(&mut child);
    assert!(url.contains("client_id=cid") && url.contains("response_type=code"));
    let redirect = answer(&state_param(&url));
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{redirect}").unwrap();
    drop(stdin);
    let mut stdout = String::new();
    rest.read_to_string(&mut stdout).unwrap();
    let mut out = child.wait_with_output().unwrap();
    out.stdout = format!("{url}\n{stdout}").into_bytes();
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn paste_login_picks_the_account_by_domain_and_stores_tokens_privately() {
    let mut s = Setup::new();
    let config = s.config("");
    let token = s.token_endpoint();
    let other = s.company("111", "other.harvestapp.com", ACCESS);
    let acme = s.company("222", "acme.harvestapp.com", ACCESS);
    let me = s.me("222", &["administrator"]);
    let port = PASTED_PORT;
    let out = run_paste(&s, &config, |state| {
        format!("http://127.0.0.1:{port}/callback?code={CODE}&scope=harvest%3A111+harvest%3A222&state={state}")
    });
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains(
            "Harvest connected: acme.harvestapp.com (account 222) as Eva Muster <eva@acme.ch>"
        ),
        "{}",
        stdout(&out)
    );
    assert_no_secret(&out);
    token.assert();
    other.assert();
    acme.assert();
    me.assert();

    let mode = std::fs::metadata(s.state()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let state = rma_harvest::state::State::open_read_only(&s.state())
        .unwrap()
        .unwrap();
    let t = state.tokens().unwrap().unwrap();
    assert_eq!(t.account_id, "222");
    assert_eq!(t.access_token.expose(), ACCESS);
    assert_eq!(t.refresh_token.expose(), REFRESH);
}

#[test]
fn listener_login_answers_the_browser_and_stores_tokens() {
    let mut s = Setup::new();
    let config = s.config("");
    s.token_endpoint();
    s.company("222", "acme.harvestapp.com", ACCESS);
    s.me("222", &["administrator"]);
    let mut child = s
        .listening(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (url, mut rest) = read_authorize_url(&mut child);
    let state = state_param(&url);
    let port = listener_port(&url);

    // A stray request first: it must not end the wait.
    let page = browser_get(port, "/favicon.ico");
    assert!(page.starts_with("HTTP/1.1 404"), "{page}");
    let page = browser_get(
        port,
        &format!("/callback?code={CODE}&scope=harvest%3A222&state={state}"),
    );
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("close this window"));

    let mut text = String::new();
    rest.read_to_string(&mut text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(text.contains("Harvest connected: acme.harvestapp.com (account 222)"));
    assert_no_secret(&out);
    assert!(!text.contains(ACCESS) && !text.contains(CODE));
    let state = rma_harvest::state::State::open_read_only(&s.state())
        .unwrap()
        .unwrap();
    assert_eq!(state.tokens().unwrap().unwrap().account_id, "222");
}

fn browser_get(port: u16, target: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut page = String::new();
    stream.read_to_string(&mut page).unwrap();
    page
}

#[test]
fn listener_refuses_an_answer_with_the_wrong_state() {
    let mut s = Setup::new();
    let config = s.config("");
    let token = s.token_endpoint().expect(0);
    let mut child = s
        .listening(&config)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (url, mut rest) = read_authorize_url(&mut child);
    let page = browser_get(
        listener_port(&url),
        &format!("/callback?code={CODE}&scope=harvest%3A222&state=forged"),
    );
    assert!(page.starts_with("HTTP/1.1 400"), "{page}");
    let mut text = String::new();
    rest.read_to_string(&mut text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("did not come from this login attempt"));
    assert_no_secret(&out);
    token.assert();
    assert!(!s.state().exists());
}

#[test]
fn pasted_answer_with_the_wrong_state_is_refused() {
    let mut s = Setup::new();
    let config = s.config("");
    let token = s.token_endpoint().expect(0);
    let port = PASTED_PORT;
    let out = run_paste(&s, &config, |_| {
        format!("http://127.0.0.1:{port}/callback?code={CODE}&scope=harvest%3A222&state=forged")
    });
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("did not come from this login attempt"));
    token.assert();
    assert!(!s.state().exists());
}

#[test]
fn refusal_in_harvest_exits_3() {
    let s = Setup::new();
    let config = s.config("");
    let port = PASTED_PORT;
    let out = run_paste(&s, &config, |state| {
        format!("http://127.0.0.1:{port}/callback?error=access_denied&state={state}")
    });
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("access was refused in Harvest"));
}

#[test]
fn no_account_at_the_configured_domain_exits_3_and_lists_the_domains() {
    let mut s = Setup::new();
    let config = s.config("");
    s.token_endpoint();
    let accounts = s
        .server
        .mock("GET", "/api/v2/accounts")
        .match_header("authorization", format!("Bearer {ACCESS}").as_str())
        .with_body(
            json!({"user": {"id": 1}, "accounts": [
                {"id": 111, "name": "Other", "product": "harvest"},
                {"id": 333, "name": "Plans", "product": "forecast"},
                {"id": 444, "name": "Third", "product": "harvest"}]})
            .to_string(),
        )
        .create();
    s.company("111", "other.harvestapp.com", ACCESS);
    s.company("444", "third.harvestapp.com", ACCESS);
    let forecast = s
        .server
        .mock("GET", "/v2/company")
        .match_header("harvest-account-id", "333")
        .expect(0)
        .create();
    let port = PASTED_PORT;
    let out = run_paste(&s, &config, |state| {
        format!("http://127.0.0.1:{port}/callback?code={CODE}&scope=harvest%3Aall&state={state}")
    });
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("other.harvestapp.com, third.harvestapp.com"),
        "{err}"
    );
    assert_no_secret(&out);
    accounts.assert();
    forecast.assert();
    assert!(s
        .state()
        .exists()
        .then(|| rma_harvest::state::State::open_read_only(&s.state())
            .unwrap()
            .unwrap()
            .tokens()
            .unwrap())
        .flatten()
        .is_none());
}

#[test]
fn user_without_invoice_rights_is_refused() {
    let mut s = Setup::new();
    let config = s.config("");
    s.token_endpoint();
    s.company("222", "acme.harvestapp.com", ACCESS);
    s.me("222", &["member"]);
    let port = PASTED_PORT;
    let out = run_paste(&s, &config, |state| {
        format!("http://127.0.0.1:{port}/callback?code={CODE}&scope=harvest%3A222&state={state}")
    });
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("may not manage invoices"));
}

#[test]
fn personal_token_is_verified_and_nothing_is_stored() {
    let mut s = Setup::new();
    let config = s.config(&format!("access_token = \"{PAT}\"\naccount_id = \"222\""));
    s.company("222", "acme.harvestapp.com", PAT);
    s.me("222", &["administrator"]);
    let out = s.command(&config, &[]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(
        "Harvest connected: acme.harvestapp.com (account 222) as Eva Muster <eva@acme.ch> (personal access token)"
    ));
    assert_no_secret(&out);
    assert!(!s.state().exists());
}

#[test]
fn check_reports_both_services() {
    let mut s = Setup::new();
    let config = s.config(&format!("access_token = \"{PAT}\"\naccount_id = \"222\""));
    s.company("222", "acme.harvestapp.com", PAT);
    s.me("222", &["administrator"]);
    let parts = s
        .server
        .mock("GET", "/rma/clients/acme/parts")
        .match_header("authorization", format!("Bearer {RMA_KEY}").as_str())
        .with_body(r#"{"part":[{"partnumber":"Service"}]}"#)
        .create();
    let out = s.command(&config, &["--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Harvest: ok — acme.harvestapp.com as Eva Muster"),
        "{text}"
    );
    assert!(text.contains("Run my Accounts: ok — tenant acme"), "{text}");
    assert_no_secret(&out);
    parts.assert();
}

#[test]
fn check_without_a_connection_exits_3() {
    let mut s = Setup::new();
    let config = s.config("");
    s.server
        .mock("GET", "/rma/clients/acme/parts")
        .with_body(r#"{"part":[]}"#)
        .create();
    let out = s.command(&config, &["--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = stdout(&out);
    assert!(
        text.contains("Harvest: FAILED — Harvest is not connected"),
        "{text}"
    );
    assert!(text.contains("Run my Accounts: ok"), "{text}");
}

#[test]
fn check_renews_an_expiring_oauth_token_and_saves_it() {
    let mut s = Setup::new();
    let config = s.config("");
    {
        let state = rma_harvest::state::State::open(&s.state()).unwrap();
        state
            .save_tokens(&rma_harvest::state::StoredTokens {
                access_token: rma_harvest::secret::Secret::new("acc-old"),
                refresh_token: rma_harvest::secret::Secret::new(REFRESH),
                expires_at: support::test_now() + chrono::Duration::hours(2),
                account_id: "222".into(),
            })
            .unwrap();
    }
    let refresh = s
        .server
        .mock("POST", "/api/v2/oauth2/token")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "refresh_token".into()),
            Matcher::UrlEncoded("refresh_token".into(), REFRESH.into()),
        ]))
        .with_body(json!({"access_token": ACCESS, "refresh_token": "ref-SECRET-new", "expires_in": 1209599}).to_string())
        .expect(1)
        .create();
    s.company("222", "acme.harvestapp.com", ACCESS);
    s.me("222", &["administrator"]);
    s.server
        .mock("GET", "/rma/clients/acme/parts")
        .with_body(r#"{"part":[]}"#)
        .create();
    let out = s.command(&config, &["--check"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("Harvest: ok — acme.harvestapp.com"));
    assert_no_secret(&out);
    assert!(!stderr(&out).contains("ref-SECRET-new"));
    refresh.assert();
    let t = rma_harvest::state::State::open_read_only(&s.state())
        .unwrap()
        .unwrap()
        .tokens()
        .unwrap()
        .unwrap();
    assert_eq!(t.access_token.expose(), ACCESS);
    assert_eq!(t.refresh_token.expose(), "ref-SECRET-new");
    assert_eq!(
        t.expires_at,
        support::test_now() + chrono::Duration::seconds(1209599)
    );
}

/// The whole browser round trip against the built-in sandbox's Harvest ID (302 to the
/// listener), then `auth --check` with the stored grant.
#[test]
fn sandbox_login_round_trip_then_check() {
    use rma_harvest_sandbox::{Sandbox, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET};
    let sandbox = Sandbox::start();
    let dir = tempfile::tempdir().unwrap();
    let state_path = dir.path().join("state.sqlite");
    let text: String = sandbox
        .config_toml(&state_path)
        .lines()
        .filter(|l| !l.starts_with("access_token") && !l.starts_with("account_id"))
        .map(|l| {
            if l == "[harvest]" {
                format!("[harvest]\nclient_id = \"{OAUTH_CLIENT_ID}\"\nclient_secret = \"{OAUTH_CLIENT_SECRET}\"\nredirect_uri = \"http://127.0.0.1:0/callback\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, text).unwrap();
    let command = |args: &[&str]| {
        let mut c = support::spawnable(dir.path());
        // The listener's wait runs on the clock: see `Setup::listening`.
        c.env_remove(support::TEST_CLOCK_ENV)
            .args(["--config", config.to_str().unwrap(), "-vv", "auth"])
            .args(args);
        c
    };
    let mut child = command(&[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (url, mut rest) = read_authorize_url(&mut child);
    let port = listener_port(&url);
    // The browser: Harvest ID answers with a redirect to the listener.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent.get(&url).call().unwrap();
    assert_eq!(resp.status().as_u16(), 302);
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let target = location.split_once(&format!(":{port}")).unwrap().1;
    let page = browser_get(port, target);
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let mut out_text = String::new();
    rest.read_to_string(&mut out_text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        out_text.contains("Harvest connected: muster-beratung.harvestapp.com (account 424242)"),
        "{out_text}"
    );
    assert!(!out_text.contains("sandbox-access") && !stderr(&out).contains("sandbox-access"));

    let out = command(&["--check"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stdout(&out).contains("Harvest: ok — muster-beratung.harvestapp.com"));
    assert!(stdout(&out).contains("Run my Accounts: ok — tenant muster"));
}
