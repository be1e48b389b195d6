//! One module per subcommand; each returns the exit code of a run that finished, or an error
//! that `lib::run` turns into one.

pub mod auth;
pub mod check_categories;
pub mod completions;
pub mod log;
pub mod man;
pub mod sync;

use std::io::Write;

use anyhow::Result;

use crate::cli::{Cli, Command};
use crate::config::{self, Config, ProcessEnv};
use crate::exit::ExitCode;

pub fn load_config(cli: &Cli) -> Result<Config> {
    Ok(config::load(cli.config.as_deref(), &ProcessEnv)?)
}

pub fn dispatch(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Log(args) => log::run(cli, args),
        Command::Sync(args) => sync::run(cli, args),
        Command::CheckCategories(args) => check_categories::run(cli, args),
        Command::Auth(args) => auth::run(cli, args),
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
