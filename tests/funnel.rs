//! One exit-code funnel: a wrong Run my Accounts tenant is exit 3 naming rma.tenant in every
//! command, and a renewed Harvest grant is never lost when two processes renew it.

mod support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::{Duration, Utc};
use mockito::{Matcher, Server};
use serde_json::json;

use rma_harvest::commands::services::StateTokenStore;
use rma_harvest::harvest::{Credentials, HarvestClient, SaveOutcome, TokenSet, TokenStore};
use rma_harvest::secret::Secret;
use rma_harvest::state::{State, StoredTokens};
use rma_harvest_sandbox::RMA_TENANT;
use support::World;

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The sandbox world with `rma.tenant` set to a Mandant the fake RMA does not know (it
/// answers 404 "Client not found", as RMA does).
fn world_with_wrong_tenant() -> World {
    let w = World::new();
    let config = std::fs::read_to_string(&w.config).unwrap();
    let wrong = config.replace(
        &format!("tenant = \"{RMA_TENANT}\""),
        "tenant = \"musterr\"",
    );
    assert_ne!(config, wrong);
    std::fs::write(&w.config, wrong).unwrap();
    w
}

fn assert_names_the_tenant(out: &std::process::Output, command: &str) {
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{command}: {all}");
    assert!(
        all.contains("rma.tenant") && all.contains("\"musterr\""),
        "{command} names the setting and its value: {all}"
    );
    assert!(
        !all.contains("the next run continues"),
        "{command}: not a temporary failure: {all}"
    );
}

#[test]
fn wrong_tenant_is_exit_3_naming_rma_tenant_in_sync() {
    let w = world_with_wrong_tenant();
    let out = w.sync();
    assert_names_the_tenant(&out, "sync");
    assert_eq!(w.writes(), 0);
    // The run log says the same, for the bookkeeper who reads it the next morning.
    let log = w.run(&["log", "--json"]);
    let log = text(&log.stdout);
    assert!(log.contains("rma.tenant"), "{log}");
    assert!(log.contains("\"exit_code\": 3"), "{log}");
}

#[test]
fn wrong_tenant_is_exit_3_naming_rma_tenant_in_check_categories() {
    let w = world_with_wrong_tenant();
    assert_names_the_tenant(&w.run(&["check-categories"]), "check-categories");
}

#[test]
fn wrong_tenant_is_exit_3_naming_rma_tenant_in_auth_check() {
    let w = world_with_wrong_tenant();
    let out = w.run(&["auth", "--check"]);
    assert_names_the_tenant(&out, "auth --check");
    assert!(text(&out.stdout).contains("Harvest: ok"));
}

#[test]
fn rma_refusing_the_key_access_to_the_tenant_is_exit_3() {
    // RMA keys belong to one tenant: a 403 on the tenant's articles names rma.tenant too.
    let mut server = Server::new();
    server
        .mock("GET", "/api/clients/other/parts")
        .with_status(403)
        .with_body(r#"{ "error": "Forbidden" }"#)
        .create();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[harvest]\naccount_url = \"https://acme.harvestapp.com\"\naccount_id = \"1\"\naccess_token = \"t\"\napi_url = \"{url}/v2\"\n\
             [rma]\ntenant = \"other\"\napi_key = \"pat_x\"\napi_url = \"{url}/api\"\n[state]\npath = \"{}\"\n",
            dir.path().join("s.sqlite").display(),
            url = server.url()
        ),
    )
    .unwrap();
    let out = support::binary(dir.path())
        .args(["--config", config.to_str().unwrap(), "check-categories"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("rma.tenant"));
    assert!(!text(&out.stderr).contains("pat_x"));
}

// ---- renewed tokens: compare-and-swap ---------------------------------------------------

fn grant(access: &str, refresh: &str, expires_in: Duration) -> TokenSet {
    TokenSet {
        access_token: Secret::new(access),
        refresh_token: Secret::new(refresh),
        expires_at: Utc::now() + expires_in,
    }
}

fn client(server: &Server, tokens: TokenSet, store: Box<dyn TokenStore>) -> HarvestClient {
    HarvestClient::new(
        &format!("{}/v2", server.url()),
        "4711",
        "rma-harvest/test (books@example.ch)",
        Credentials::OAuth {
            tokens,
            client_id: Some("cid".into()),
            client_secret: Some(Secret::new("csecret")),
            id_url: server.url(),
            store,
        },
    )
    // Retries and pacing never wait on a fixed clock.
    .with_clock(rma_harvest::clock::fixed(Utc::now()))
}

fn company_for(server: &mut Server, access: &str) -> mockito::Mock {
    server
        .mock("GET", "/v2/company")
        .match_header("authorization", format!("Bearer {access}").as_str())
        .with_body(json!({"full_domain": "acme.harvestapp.com", "name": "Acme"}).to_string())
        .create()
}

fn refresh_of(server: &mut Server, old: &str, access: &str, refresh: &str) -> mockito::Mock {
    server
        .mock("POST", "/api/v2/oauth2/token")
        .match_body(Matcher::UrlEncoded("refresh_token".into(), old.into()))
        .with_body(
            json!({"access_token": access, "refresh_token": refresh, "expires_in": 1209599})
                .to_string(),
        )
        .expect(1)
        .create()
}

#[test]
fn a_second_process_adopts_the_grant_the_first_renewed() {
    let mut server = Server::new();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let expiring = grant("a0", "r0", Duration::hours(2));
    State::open(&path)
        .unwrap()
        .save_tokens(&StoredTokens {
            access_token: expiring.access_token.clone(),
            refresh_token: expiring.refresh_token.clone(),
            expires_at: expiring.expires_at,
            account_id: "4711".into(),
        })
        .unwrap();
    // Harvest ID renews r0 once; a second renewal with the rotated-away r0 would fail.
    let renew = refresh_of(&mut server, "r0", "a1", "r1");
    let api = company_for(&mut server, "a1").expect(2);

    // The nightly run (its open state) and a dry run beside it (read-only), both started
    // with the expiring grant.
    let run = client(
        &server,
        expiring.clone(),
        Box::new(StateTokenStore {
            state: Some(Rc::new(State::open(&path).unwrap())),
            path: path.clone(),
            account_id: "4711".into(),
        }),
    );
    let dry_run = client(
        &server,
        expiring,
        Box::new(StateTokenStore {
            state: None,
            path: path.clone(),
            account_id: "4711".into(),
        }),
    );
    run.company().unwrap();
    dry_run.company().unwrap();
    renew.assert();
    api.assert();
    let stored = State::open(&path).unwrap().tokens().unwrap().unwrap();
    assert_eq!(stored.refresh_token.expose(), "r1");
    assert_eq!(stored.account_id, "4711");
}

/// A store where another process saves `winner` at a chosen moment.
struct Racing {
    stored: RefCell<TokenSet>,
    winner: TokenSet,
    /// The load (1-based) before which the other process has saved; 0: at our save.
    wins_before_load: usize,
    loads: Cell<usize>,
}

impl TokenStore for Racing {
    fn load(&self) -> Result<Option<TokenSet>, String> {
        self.loads.set(self.loads.get() + 1);
        if self.loads.get() == self.wins_before_load {
            *self.stored.borrow_mut() = self.winner.clone();
        }
        Ok(Some(self.stored.borrow().clone()))
    }

    fn save(&self, previous: &Secret, renewed: &TokenSet) -> Result<SaveOutcome, String> {
        if self.wins_before_load == 0 {
            *self.stored.borrow_mut() = self.winner.clone();
        }
        let mut stored = self.stored.borrow_mut();
        if stored.refresh_token.expose() != previous.expose() {
            return Ok(SaveOutcome::Superseded);
        }
        *stored = renewed.clone();
        Ok(SaveOutcome::Saved)
    }
}

#[test]
fn a_lost_compare_and_swap_adopts_the_stored_grant() {
    let mut server = Server::new();
    let expiring = grant("a0", "r0", Duration::hours(2));
    let _renew = refresh_of(&mut server, "r0", "mine", "r-mine");
    let api = company_for(&mut server, "theirs").expect(1);
    let store = Racing {
        stored: RefCell::new(expiring.clone()),
        winner: grant("theirs", "r-theirs", Duration::days(14)),
        wins_before_load: 0,
        loads: Cell::new(0),
    };
    let c = client(&server, expiring, Box::new(store));
    c.company().unwrap();
    api.assert();
}

#[test]
fn a_refused_renewal_adopts_a_grant_another_process_saved_meanwhile() {
    let mut server = Server::new();
    let expiring = grant("a0", "r0", Duration::hours(2));
    // The other process renewed r0 between our look at the store and our request.
    let refused = server
        .mock("POST", "/api/v2/oauth2/token")
        .with_status(400)
        .with_body(r#"{"error":"invalid_grant"}"#)
        .expect(1)
        .create();
    let api = company_for(&mut server, "theirs").expect(1);
    let store = Racing {
        stored: RefCell::new(expiring.clone()),
        winner: grant("theirs", "r-theirs", Duration::days(14)),
        wins_before_load: 2,
        loads: Cell::new(0),
    };
    let c = client(&server, expiring, Box::new(store));
    c.company().unwrap();
    refused.assert();
    api.assert();
}

#[test]
fn a_refused_renewal_without_a_newer_grant_asks_for_auth() {
    let mut server = Server::new();
    let expiring = grant("a0", "r0", Duration::hours(2));
    server
        .mock("POST", "/api/v2/oauth2/token")
        .with_status(400)
        .with_body(r#"{"error":"invalid_grant"}"#)
        .create();
    let store = Racing {
        stored: RefCell::new(expiring.clone()),
        winner: expiring.clone(),
        wins_before_load: usize::MAX,
        loads: Cell::new(0),
    };
    let c = client(&server, expiring, Box::new(store));
    let err = c.company().unwrap_err();
    assert_eq!(err.category(), rma_harvest::failure::Category::Auth);
    assert!(err.to_string().contains("rma-harvest auth"), "{err}");
}
