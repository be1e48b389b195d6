//! The Harvest OAuth grant: one row, replaced as a whole.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::row::Rfc3339;
use super::{Result, State};
use crate::secret::Secret;

#[derive(Debug, Clone)]
pub struct StoredTokens {
    pub access_token: Secret,
    pub refresh_token: Secret,
    pub expires_at: DateTime<Utc>,
    pub account_id: String,
}

impl State {
    pub fn tokens(&self) -> Result<Option<StoredTokens>> {
        let mut rows = self.rows(
            "SELECT id, access_token, refresh_token, expires_at, account_id FROM tokens WHERE id = 1",
            [],
            "tokens",
            |r| {
                Ok(StoredTokens {
                    access_token: Secret::new(r.get::<String>(1)?),
                    refresh_token: Secret::new(r.get::<String>(2)?),
                    expires_at: r.get::<Rfc3339>(3)?.0,
                    account_id: r.get(4)?,
                })
            },
        )?;
        Ok(rows.pop())
    }

    /// Replaces the grant whose refresh token is `previous_refresh` with `renewed` (keeping
    /// the account), in one statement. False when the stored grant is another one: a process
    /// renewed it first, and overwriting it would lose the rotated refresh token.
    pub fn replace_tokens_if(
        &self,
        previous_refresh: &Secret,
        renewed: &StoredTokens,
    ) -> Result<bool> {
        let changed = self
            .conn
            .execute(
                "UPDATE tokens SET access_token = ?1, refresh_token = ?2, expires_at = ?3,
                   obtained_at = ?4
                 WHERE id = 1 AND refresh_token = ?5",
                params![
                    renewed.access_token.expose(),
                    renewed.refresh_token.expose(),
                    renewed.expires_at.to_rfc3339(),
                    self.clock.now_text(),
                    previous_refresh.expose()
                ],
            )
            .map_err(self.e())?;
        Ok(changed == 1)
    }

    /// Replaces the stored grant in one statement, so a crash never leaves half a token pair.
    pub fn save_tokens(&self, t: &StoredTokens) -> Result<()> {
        self.exec(
                "INSERT INTO tokens (id, access_token, refresh_token, expires_at, account_id, obtained_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(id) DO UPDATE SET access_token = excluded.access_token,
                   refresh_token = excluded.refresh_token, expires_at = excluded.expires_at,
                   account_id = excluded.account_id, obtained_at = excluded.obtained_at",
                params![
                    t.access_token.expose(),
                    t.refresh_token.expose(),
                    t.expires_at.to_rfc3339(),
                    t.account_id,
                    self.clock.now_text()
                ],
            )?;
        Ok(())
    }
}
