//! `[notify] healthcheck_url`: pings `<url>/start` when a run begins and `<url>/<exit code>`
//! when it ends (the healthchecks.io convention), so that a run that never happened is
//! noticed too. A failed ping is a warning, never a failed run.

use std::time::Duration;

use crate::config::Config;

pub fn ping(config: &Config, suffix: &str) {
    let Some(base) = &config.healthcheck_url else {
        return;
    };
    let url = format!("{}/{suffix}", base.trim_end_matches('/'));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    match agent.get(&url).call() {
        Ok(r) if r.status().is_success() => log::debug!("health check pinged: /{suffix}"),
        Ok(r) => log::warn!("the health check answered {} to /{suffix}", r.status()),
        Err(e) => log::warn!("the health check could not be pinged (/{suffix}): {e}"),
    }
}
