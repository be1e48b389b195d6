//! What the bookkeeper's mail has told (issue 18): a run that has something to say is marked
//! `mail_due`; the mail that says it stamps `mailed_at` on every run it carried. A due run
//! without a stamp is carried by the next mail that goes through; a stamped one never again.

use rusqlite::params;

use super::{Result, RunRecord, State};

/// A run's place in the mail: whether it had something to say, and when a mail said it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunMail {
    pub due: bool,
    pub mailed_at: Option<String>,
}

impl State {
    /// When the last mail that went through was sent; `None` before the first.
    pub fn last_mail_at(&self) -> Result<Option<String>> {
        let mut rows = self.rows("SELECT max(mailed_at) FROM runs", [], "runs", |r| {
            r.get::<Option<String>>(0)
        })?;
        Ok(rows.pop().flatten())
    }

    pub fn mark_mail_due(&self, run_id: i64) -> Result<()> {
        self.exec("UPDATE runs SET mail_due = 1 WHERE id = ?1", [run_id])?;
        Ok(())
    }

    /// Runs that had something to say and no mail said it yet, oldest first.
    pub fn runs_awaiting_mail(&self) -> Result<Vec<RunRecord>> {
        self.runs_selected(
            "SELECT id FROM runs WHERE mail_due = 1 AND mailed_at IS NULL ORDER BY id",
            [],
        )
    }

    /// The runs one mail carried (the ones stamped with its time), oldest first.
    pub fn runs_mailed_at(&self, at: &str) -> Result<Vec<RunRecord>> {
        self.runs_selected("SELECT id FROM runs WHERE mailed_at = ?1 ORDER BY id", [at])
    }

    /// The records of the runs whose ids `select_ids` selects, in its order.
    fn runs_selected(&self, select_ids: &str, p: impl rusqlite::Params) -> Result<Vec<RunRecord>> {
        let ids = self.rows(select_ids, p, "runs", |r| r.get::<i64>(0))?;
        let mut runs = Vec::new();
        for id in ids {
            runs.extend(self.run(id)?);
        }
        Ok(runs)
    }

    /// When the last mail before run `run_id` went out: stamped on an earlier run, and not
    /// the mail `own` that carried this run itself.
    pub fn last_mail_before(&self, run_id: i64, own: Option<&str>) -> Result<Option<String>> {
        let mut rows = self.rows(
            "SELECT max(mailed_at) FROM runs WHERE id < ?1 AND mailed_at IS NOT NULL AND mailed_at IS NOT ?2",
            params![run_id, own],
            "runs",
            |r| r.get::<Option<String>>(0),
        )?;
        Ok(rows.pop().flatten())
    }

    /// Stamps the runs a mail carried; one transaction, so a mail is recorded whole.
    pub fn mark_mailed(&self, run_ids: &[i64], at: &str) -> Result<()> {
        self.in_transaction(|s| {
            for id in run_ids {
                s.exec(
                    "UPDATE runs SET mailed_at = ?2 WHERE id = ?1 AND mailed_at IS NULL",
                    params![id, at],
                )?;
            }
            Ok(())
        })
    }

    pub fn run_mail(&self, run_id: i64) -> Result<Option<RunMail>> {
        let mut rows = self.rows(
            "SELECT id, mail_due, mailed_at FROM runs WHERE id = ?1",
            [run_id],
            "runs",
            |r| {
                Ok(RunMail {
                    due: r.get::<i64>(1)? != 0,
                    mailed_at: r.get(2)?,
                })
            },
        )?;
        Ok(rows.pop())
    }

    /// A recorded run's exit code made at least `code` (a mail that failed after the run
    /// was recorded).
    pub fn raise_run_exit(&self, run_id: i64, code: i32) -> Result<()> {
        self.exec(
            "UPDATE runs SET exit_code = max(coalesce(exit_code, 0), ?2), errors = errors + 1 WHERE id = ?1",
            params![run_id, code],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_run_waits_until_a_mail_stamps_it() {
        let dir = tempfile::tempdir().unwrap();
        let s = State::open(&dir.path().join("s.sqlite")).unwrap();
        let quiet = s.start_run().unwrap();
        let due = s.start_run().unwrap();
        s.mark_mail_due(due).unwrap();
        assert_eq!(s.last_mail_at().unwrap(), None);
        let waiting: Vec<i64> = s
            .runs_awaiting_mail()
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(waiting, [due]);
        s.mark_mailed(&[due, quiet], "2026-11-28T01:00:00+00:00")
            .unwrap();
        assert!(s.runs_awaiting_mail().unwrap().is_empty());
        let at = "2026-11-28T01:00:00+00:00";
        let carried: Vec<i64> = s.runs_mailed_at(at).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(carried, [quiet, due]);
        let later = s.start_run().unwrap();
        assert_eq!(
            s.last_mail_before(later, None).unwrap().as_deref(),
            Some(at)
        );
        assert_eq!(s.last_mail_before(due, Some(at)).unwrap(), None);
        assert_eq!(
            s.run_mail(due).unwrap().unwrap().mailed_at.as_deref(),
            Some("2026-11-28T01:00:00+00:00")
        );
        s.raise_run_exit(quiet, 1).unwrap();
        assert_eq!(s.run(quiet).unwrap().unwrap().exit_code, Some(1));
    }
}
