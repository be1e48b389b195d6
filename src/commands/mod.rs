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
pub mod mail;
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
    let config = config::load(cli.config.as_deref(), &ProcessEnv).inspect_err(|e| {
        // A file that names its language has its errors said in it.
        if let config::ConfigError::Invalid {
            language: Some(lang),
            ..
        } = e
        {
            words::set_language(*lang);
        }
    })?;
    words::set_language(config.language.unwrap_or_else(env_language));
    Ok(config)
}

/// The language `LC_ALL`, `LC_MESSAGES` or `LANG` asks for.
pub fn env_language() -> Lang {
    Lang::from_env(|name| std::env::var(name).ok())
}

/// How to call the tool again with this run's configuration, for a hint a person copies:
/// `rma-harvest --config PATH` when the file came from `--config` or `$RMA_HARVEST_CONFIG`
/// (a pasted command would otherwise read another configuration, or none).
pub fn command_for_hints(cli: &Cli) -> String {
    use config::Env;
    let given = cli
        .config
        .clone()
        .or_else(|| ProcessEnv.var(config::CONFIG_ENV).map(Into::into));
    match given {
        Some(path) => {
            let path = std::path::absolute(&path).unwrap_or(path);
            format!(
                "rma-harvest --config {}",
                shell_word(&path.display().to_string())
            )
        }
        None => "rma-harvest".into(),
    }
}

/// `word` as one shell word: as it is when that is safe, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The clock everything in this process uses: the system's, or the test clock.
fn clock_from_env() -> Result<SharedClock> {
    let Some(text) = std::env::var_os(TEST_CLOCK_ENV) else {
        return Ok(clock::system());
    };
    let text = text.to_string_lossy();
    let at = chrono::DateTime::parse_from_rfc3339(text.trim()).map_err(|e| {
        CommandError::config(crate::msg!(
            "commands-test-clock",
            variable = TEST_CLOCK_ENV,
            detail = e.to_string()
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
        Command::Dismiss(args) => dismiss::run(cli, args, &clock),
        Command::Doctor(args) => doctor::run(cli, args, &clock),
        Command::Reconcile(args) => reconcile::run(cli, args, &clock),
        Command::Mail(args) => mail::run(cli, args, &clock),
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

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn a_path_is_one_shell_word() {
        assert_eq!(
            shell_word("/etc/rma-harvest/acme.toml"),
            "/etc/rma-harvest/acme.toml"
        );
        assert_eq!(shell_word("/home/a b/c.toml"), "'/home/a b/c.toml'");
        assert_eq!(shell_word("/tmp/it's.toml"), "'/tmp/it'\\''s.toml'");
    }
}
