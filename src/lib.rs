//! rma-harvest: books Harvest invoices in Run my Accounts and mirrors RMA payments back.
//!
//! `main.rs` only calls [`run`]; every concern lives in its own module and the modules talk
//! through plain data types (see `DESIGN.md` §2).

pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
mod de;
pub mod doctor;
pub mod exit;
pub mod failure;
pub mod harvest;
pub mod http;
pub mod human;
pub mod notify;
pub mod output;
pub mod progress;
pub mod rma;
pub mod secret;
pub mod state;
pub mod sync;

use clap::Parser;

use crate::exit::ExitCode;

/// Parses the command line, runs the command and returns the process exit code. Errors are
/// printed here, once, in the words of the layer that raised them.
pub fn run() -> i32 {
    run_with(std::env::args_os())
}

/// [`run`] with explicit arguments (the first is the program name): the sandbox example and
/// the benchmark drive the real command line in-process with it.
pub fn run_with<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::Usage.code()
            } else {
                0
            };
        }
    };
    init_logging(cli.verbose, cli.quiet);
    let outcome = commands::dispatch(&cli);
    log_peak_memory();
    match outcome {
        Ok(code) => code.code(),
        Err(err) => {
            errln!("rma-harvest: {}", commands::error::error_text(&err));
            err.exit_code().code()
        }
    }
}

/// At `-vv`: the process's peak memory, which the benchmark reads (Linux only).
fn log_peak_memory() {
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:")) {
            log::debug!("peak memory {}", line.trim_start_matches("VmHWM:").trim());
        }
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (_, 0) => "warn",
        (_, 1) => "info",
        _ => "debug",
    };
    // Only this crate's own messages at -vv: ureq's and rustls' debug output is noise here.
    let filter = format!(
        "rma_harvest={default},{}",
        if quiet { "error" } else { "warn" }
    );
    let _ = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(filter))
        .format_target(false)
        .format_timestamp(None)
        .try_init();
}
