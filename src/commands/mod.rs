//! One module per subcommand; each returns the exit code of a run that finished, or an error
//! ([`CommandError`]) that `lib::run` turns into one.

pub mod auth;
pub mod check_categories;
pub mod error;
pub mod log;
pub mod services;
pub mod sync;

pub use error::{CommandError, Result};

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
    }
}
