//! `rma-harvest completions <shell>`: the completion script, generated from the clap
//! definition so that every subcommand and flag is completed as soon as it exists.

use super::Result;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::exit::ExitCode;

pub fn run(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut script = Vec::new();
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    clap_complete::generate(args.shell, &mut cmd, name, &mut script);
    super::write_stdout(&script)?;
    Ok(ExitCode::Success)
}
