//! rma-harvest: books Harvest invoices in Run my Accounts and mirrors RMA payments back.
//!
//! `main.rs` only calls [`run`]; every concern lives in its own module and the modules talk
//! through plain data types (README "Development").

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
pub mod mail;
pub mod notify;
pub mod output;
mod percent;
pub mod progress;
pub mod reconcile;
pub mod rma;
pub mod secret;
pub mod state;
pub mod stop;
pub mod sync;
pub mod words;

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
    // Until the config names a language (and when it cannot be read), the locale's.
    words::set_language(commands::env_language());
    let outcome = commands::dispatch(&cli);
    log_peak_memory();
    match outcome {
        Ok(code) => code.code(),
        Err(err) => {
            // Also here: an error may quote a service text that no lower layer scrubbed.
            errln!(
                "rma-harvest: {}",
                secret::redact(&commands::error::error_text(&err))
            );
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
    let inner = env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(filter))
        .format_target(false)
        .format_timestamp(None)
        .build();
    let max_level = inner.filter();
    if log::set_logger(Box::leak(Box::new(ScrubbingLogger(inner)))).is_ok() {
        log::set_max_level(max_level);
    }
}

/// Wraps the real logger so that no level, `RUST_LOG=trace` included, prints a secret: the
/// HTTP and TLS libraries' wire dumps (which show request headers) are dropped below
/// warnings whatever `RUST_LOG` asks, and every message is scrubbed of known secrets.
struct ScrubbingLogger(env_logger::Logger);

/// Crates whose debug and trace output can show `Authorization` headers or bodies.
const WIRE_LOGGERS: &[&str] = &["ureq", "ureq_proto", "rustls", "hyper", "h2", "http"];

fn is_wire_dump(metadata: &log::Metadata) -> bool {
    let krate = metadata.target().split("::").next().unwrap_or_default();
    metadata.level() > log::Level::Warn && WIRE_LOGGERS.contains(&krate)
}

impl log::Log for ScrubbingLogger {
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        !is_wire_dump(metadata) && self.0.enabled(metadata)
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let text = secret::redact(&record.args().to_string());
        self.0.log(
            &log::Record::builder()
                .args(format_args!("{text}"))
                .metadata(record.metadata().clone())
                .module_path(record.module_path())
                .file(record.file())
                .line(record.line())
                .build(),
        );
    }

    fn flush(&self) {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_dumps_are_dropped_below_warnings_only() {
        let meta = |target: &'static str, level| {
            log::Metadata::builder().target(target).level(level).build()
        };
        assert!(is_wire_dump(&meta(
            "ureq::unversioned::transport",
            log::Level::Trace
        )));
        assert!(is_wire_dump(&meta("ureq_proto::client", log::Level::Debug)));
        assert!(is_wire_dump(&meta("rustls::client", log::Level::Info)));
        assert!(!is_wire_dump(&meta("ureq::tls", log::Level::Warn)));
        assert!(!is_wire_dump(&meta("rma_harvest::http", log::Level::Trace)));
    }
}
