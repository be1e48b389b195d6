//! Builds the two service clients from the configuration. The clients know nothing of the
//! configuration or the state file: they get credentials, and Harvest's OAuth grant comes
//! with a token store that this module implements over the state file.

use std::path::PathBuf;
use std::rc::Rc;

use super::error::{CommandError, Result};
use crate::clock::SharedClock;
use crate::config::Config;
use crate::harvest::{Credentials, HarvestClient, SaveOutcome, TokenSet, TokenStore};
use crate::rma::RmaClient;
use crate::secret::Secret;
use crate::state::{State, StoredTokens};

/// The Run my Accounts client for the configured tenant.
pub fn rma_client(config: &Config, clock: &SharedClock) -> Result<RmaClient> {
    let api_key = config
        .rma
        .api_key
        .clone()
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            // A missing key exits as a refused one (3), like a missing Harvest token.
            CommandError::auth(
                "no Run my Accounts API key: set rma.api_key in the configuration or RMA_API_KEY",
            )
        })?;
    Ok(RmaClient::new(&config.rma.api_url, &config.rma.tenant, api_key).with_clock(clock.clone()))
}

/// How a command reaches the stored Harvest grant.
pub enum TokenAccess {
    /// The state file a real run holds open (read-write, under the run lock).
    Open(Rc<State>),
    /// A command that holds no lock and opens the state file read-only (dry run,
    /// check-categories, auth): it reads the grant from the file, and opens the file for
    /// writing only to save a renewed grant.
    ReadOnly,
}

/// The Harvest client a command uses: the personal token from the configuration, or the
/// OAuth grant `auth` stored in the state file.
pub fn harvest_client(
    config: &Config,
    access: TokenAccess,
    clock: &SharedClock,
) -> Result<HarvestClient> {
    let h = &config.harvest;
    let ua = h.user_agent();
    if let Some(token) = &h.access_token {
        let account_id = h.account_id.clone().ok_or_else(|| {
            CommandError::config(format!(
                "{}: harvest.account_id is missing; a personal access token needs the account id shown next to it at id.getharvest.com/developers",
                config.path.display()
            ))
        })?;
        return Ok(HarvestClient::new(
            &h.api_url,
            &account_id,
            &ua,
            Credentials::Personal(token.clone()),
        )
        .with_clock(clock.clone()));
    }
    let state = match access {
        TokenAccess::Open(state) => Some(state),
        TokenAccess::ReadOnly => None,
    };
    let stored = match &state {
        Some(s) => s.tokens()?,
        None => match State::open_read_only(&config.state_path)? {
            Some(s) => s.tokens()?,
            None => None,
        },
    };
    let stored = stored.ok_or_else(|| {
        CommandError::auth(crate::words::render(&if h.client_id.is_some() {
            crate::msg!("harvest-not-connected-oauth")
        } else {
            crate::msg!("harvest-not-connected")
        }))
    })?;
    let store = StateTokenStore {
        state,
        path: config.state_path.clone(),
        account_id: stored.account_id.clone(),
    };
    let account_id = stored.account_id.clone();
    Ok(HarvestClient::new(
        &h.api_url,
        &account_id,
        &ua,
        Credentials::OAuth {
            tokens: token_set(stored),
            client_id: h.client_id.clone(),
            client_secret: h.client_secret.clone(),
            id_url: h.id_url.clone(),
            store: Box::new(store),
        },
    )
    .with_clock(clock.clone()))
}

fn token_set(t: StoredTokens) -> TokenSet {
    TokenSet {
        access_token: t.access_token,
        refresh_token: t.refresh_token,
        expires_at: t.expires_at,
    }
}

/// The Harvest grant in the state file. Saving is a compare-and-swap on the refresh token,
/// so that two processes renewing the same grant (the nightly run and a check started
/// beside it) never overwrite each other's rotated refresh token: the later one adopts the
/// grant the earlier one saved.
pub struct StateTokenStore {
    /// The open state of a locked run; `None`: open the file for each access.
    pub state: Option<Rc<State>>,
    pub path: PathBuf,
    pub account_id: String,
}

impl TokenStore for StateTokenStore {
    fn load(&self) -> std::result::Result<Option<TokenSet>, String> {
        let stored = match &self.state {
            Some(s) => s.tokens(),
            None => State::open_read_only(&self.path).and_then(|s| match s {
                Some(s) => s.tokens(),
                None => Ok(None),
            }),
        };
        stored.map(|t| t.map(token_set)).map_err(|e| e.to_string())
    }

    fn save(
        &self,
        previous_refresh: &Secret,
        renewed: &TokenSet,
    ) -> std::result::Result<SaveOutcome, String> {
        let row = StoredTokens {
            access_token: renewed.access_token.clone(),
            refresh_token: renewed.refresh_token.clone(),
            expires_at: renewed.expires_at,
            account_id: self.account_id.clone(),
        };
        let replaced = match &self.state {
            Some(s) => s.replace_tokens_if(previous_refresh, &row),
            // Without the run's connection this one write opens the file itself: a renewed
            // grant that is not saved may be lost for good (the old refresh token rotated).
            None => {
                State::open(&self.path).and_then(|s| s.replace_tokens_if(previous_refresh, &row))
            }
        }
        .map_err(|e| e.to_string())?;
        Ok(if replaced {
            SaveOutcome::Saved
        } else {
            SaveOutcome::Superseded
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(access: &str, refresh: &str) -> TokenSet {
        TokenSet {
            access_token: Secret::new(access),
            refresh_token: Secret::new(refresh),
            expires_at: chrono::DateTime::UNIX_EPOCH + chrono::Duration::days(20_000),
        }
    }

    fn seeded() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.sqlite");
        State::open(&path)
            .unwrap()
            .save_tokens(&StoredTokens {
                access_token: Secret::new("a0"),
                refresh_token: Secret::new("r0"),
                expires_at: chrono::DateTime::UNIX_EPOCH,
                account_id: "4711".into(),
            })
            .unwrap();
        (dir, path)
    }

    #[test]
    fn two_stores_racing_the_second_adopts_the_first_grant() {
        let (_dir, path) = seeded();
        // The nightly run (its own open state) and a check beside it (opening the file).
        let run = StateTokenStore {
            state: Some(Rc::new(State::open(&path).unwrap())),
            path: path.clone(),
            account_id: "4711".into(),
        };
        let check = StateTokenStore {
            state: None,
            path: path.clone(),
            account_id: "4711".into(),
        };
        let old = Secret::new("r0");
        assert_eq!(
            run.save(&old, &grant("a1", "r1")).unwrap(),
            SaveOutcome::Saved
        );
        assert_eq!(
            check.save(&old, &grant("a2", "r2")).unwrap(),
            SaveOutcome::Superseded
        );
        let stored = check.load().unwrap().unwrap();
        assert_eq!(stored.refresh_token.expose(), "r1");
        assert_eq!(stored.access_token.expose(), "a1");
        assert_eq!(run.load().unwrap().unwrap().refresh_token.expose(), "r1");
        // The account stays the one `auth` chose.
        let row = State::open(&path).unwrap().tokens().unwrap().unwrap();
        assert_eq!(row.account_id, "4711");
    }

    #[test]
    fn a_read_only_command_saves_its_renewed_grant() {
        let (_dir, path) = seeded();
        let check = StateTokenStore {
            state: None,
            path: path.clone(),
            account_id: "4711".into(),
        };
        assert_eq!(
            check.save(&Secret::new("r0"), &grant("a1", "r1")).unwrap(),
            SaveOutcome::Saved
        );
        let row = State::open(&path).unwrap().tokens().unwrap().unwrap();
        assert_eq!(row.refresh_token.expose(), "r1");
    }
}
