//! One module per subcommand; each returns the exit code of a run that finished, or an error
//! ([`CommandError`]) that `lib::run` turns into one.

pub mod auth;
pub mod check_categories;
pub mod completions;
mod csv_out;
pub mod dismiss;
pub mod doctor;
pub mod error;
pub mod log;
mod log_views;
pub mod man;
pub mod reconcile;
mod reconcile_out;
pub mod services;
pub mod sync;

use std::io::Write;

pub use error::{CommandError, Result};

use crate::cli::{Cli, Command};
use crate::clock::{self, SharedClock};
use crate::config::{self, Config, ProcessEnv};
use crate::exit::ExitCode;
use crate::words::{self, Lang};

/// The one test hook (README "Development"): an RFC 3339 instant at which the clock stands
/// still; sleeping (retries, pacing, the auth listener's wait) only moves it on. Read here and
/// nowhere else; never set it in production.
pub const TEST_CLOCK_ENV: &str = "RMA_HARVEST_TEST_CLOCK";

/// Reads the config; from here on the process speaks `ui.language`, else the locale's.
pub fn load_config(cli: &Cli) -> Result<Config> {
    let config = config::load(cli.config.as_deref(), &ProcessEnv)?;
    words::set_language(config.language.unwrap_or_else(env_language));
    Ok(config)
}

/// The language `LC_ALL`, `LC_MESSAGES` or `LANG` asks for.
pub fn env_language() -> Lang {
    Lang::from_env(|name| std::env::var(name).ok())
}

/// The clock everything in this process uses: the system's, or the test clock.
fn clock_from_env() -> Result<SharedClock> {
    let Some(text) = std::env::var_os(TEST_CLOCK_ENV) else {
        return Ok(clock::system());
    };
    let text = text.to_string_lossy();
    let at = chrono::DateTime::parse_from_rfc3339(text.trim()).map_err(|e| {
        CommandError::config(format!(
            "{TEST_CLOCK_ENV} must be an RFC 3339 instant such as 2026-11-28T01:00:00Z ({e})"
        ))
    })?;
    Ok(clock::fixed(at.with_timezone(&chrono::Utc)))
}

pub fn dispatch(cli: &Cli) -> Result<ExitCode> {
    let clock = clock_from_env()?;
    match &cli.command {
        Command::Log(args) => log::run(cli, args),
        Command::Sync(args) => sync::run(cli, args, &clock),
        Command::CheckCategories(args) => check_categories::run(cli, args, &clock),
        Command::Auth(args) => auth::run(cli, args, &clock),
        Command::Dismiss(args) => dismiss::run(cli, args),
        Command::Doctor(args) => doctor::run(cli, args, &clock),
        Command::Reconcile(args) => reconcile::run(cli, args, &clock),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    }
}

/// Generated text to stdout. A reader that stops early (`| head`) is not an error.
pub(crate) fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
