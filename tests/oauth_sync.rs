//! A nightly sync on an OAuth grant stored by `auth`: it renews an expired access token by
//! itself, saves the new pair, and asks for `auth` (exit 3) only when Harvest refuses.

mod support;

use rma_harvest::secret::Secret;
use rma_harvest::state::{State, StoredTokens};
use rma_harvest_sandbox::{HARVEST_ACCOUNT_ID, OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET};
use support::{text, World};

/// What `auth` leaves behind: the config without a personal token, and a grant in the state.
fn oauth_world() -> World {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("access_token") && !l.starts_with("account_id"))
        .map(|l| {
            if l == "[harvest]" {
                format!("[harvest]\nclient_id = \"{OAUTH_CLIENT_ID}\"\nclient_secret = \"{OAUTH_CLIENT_SECRET}\"\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect::<String>();
    std::fs::write(&w.config, config).unwrap();

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let resp = agent
        .get(format!(
            "{}/oauth2/authorize?client_id={OAUTH_CLIENT_ID}&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&response_type=code&state=s",
            w.sb.harvest.id_url()
        ))
        .call()
        .unwrap();
    let location = resp.headers()["location"].to_str().unwrap().to_string();
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let mut token = agent
        .post(format!("{}/api/v2/oauth2/token", w.sb.harvest.id_url()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "test (t@example.ch)")
        .send(format!("code={code}&client_id={OAUTH_CLIENT_ID}&client_secret={OAUTH_CLIENT_SECRET}&grant_type=authorization_code"))
        .unwrap();
    let body: serde_json::Value =
        serde_json::from_str(&token.body_mut().read_to_string().unwrap()).unwrap();
    State::open(&w.state_path())
        .unwrap()
        .save_tokens(&StoredTokens {
            access_token: Secret::new(body["access_token"].as_str().unwrap()),
            refresh_token: Secret::new(body["refresh_token"].as_str().unwrap()),
            expires_at: chrono::DateTime::parse_from_rfc3339("2026-12-12T00:00:00Z")
                .unwrap()
                .into(),
            account_id: HARVEST_ACCOUNT_ID.to_string(),
        })
        .unwrap();
    w
}

fn stored_access_token(w: &World) -> String {
    State::open_read_only(&w.state_path())
        .unwrap()
        .unwrap()
        .tokens()
        .unwrap()
        .unwrap()
        .access_token
        .expose()
        .to_string()
}

#[test]
fn sync_runs_on_the_stored_grant_and_renews_a_rejected_token() {
    let w = oauth_world();
    let out = w.sync();
    assert_eq!(
        out.status.code(),
        Some(1),
        "runs, refusing only Hosting: {}",
        text(&out.stderr)
    );
    let before = stored_access_token(&w);

    // Harvest stops accepting the access token: the run renews it, saves it, and goes on.
    w.sb.harvest.expire_access_tokens();
    w.sb.rma.book_payment(
        "2026-0101",
        chrono::NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(),
        "100".parse().unwrap(),
        "Zahlung",
        "1090",
    );
    let out = w.run(&["-vv", "sync"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(w.sb.harvest.payments(w.firm.open_zurich).len(), 1);
    let after = stored_access_token(&w);
    assert_ne!(before, after, "the renewed token is saved");
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains(&after) && !all.contains(&before),
        "tokens never printed"
    );
}

#[test]
fn refused_renewal_exits_3_and_asks_for_auth() {
    let w = oauth_world();
    w.sb.harvest.expire_access_tokens();
    w.sb.harvest.revoke_refresh_tokens();
    let out = w.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("rma-harvest auth"),
        "{}",
        text(&out.stderr)
    );
    let log = w.run(&["log"]);
    assert!(
        text(&log.stdout).contains("authentication failed (exit 3)"),
        "{}",
        text(&log.stdout)
    );
}

#[test]
fn sync_without_any_harvest_connection_exits_3() {
    let w = oauth_world();
    std::fs::remove_file(w.state_path()).unwrap();
    let out = w.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("Harvest is not connected"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn auth_listener_gives_up_when_no_browser_answers() {
    let w = oauth_world();
    let config = std::fs::read_to_string(&w.config).unwrap();
    std::fs::write(
        &w.config,
        config.replace(
            "[harvest]\n",
            "[harvest]\nredirect_uri = \"http://127.0.0.1:0/callback\"\n",
        ),
    )
    .unwrap();
    // Under the test clock the five minutes' wait passes without waiting.
    let out = w.cmd().arg("auth").output().unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("/oauth2/authorize?client_id="),
        "the address to open is printed"
    );
    assert!(
        text(&out.stderr).contains("no answer from the browser"),
        "{}",
        text(&out.stderr)
    );
}
