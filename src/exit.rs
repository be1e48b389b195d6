//! Exit codes (README "Exit codes") as a typed enum. Deliberately dependency-free: which failure means
//! which code is decided in one place only, `commands::error`.

use std::fmt;

/// The process exit status of every command. The numbers are a contract with cron jobs and
/// monitoring, so they never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    /// Done, nothing refused.
    Success = 0,
    /// Done, but at least one invoice or payment was refused or needs review.
    Refused = 1,
    /// Bad command line or configuration.
    Usage = 2,
    /// Authentication with Harvest or Run my Accounts failed.
    Auth = 3,
    /// A service was unreachable or kept failing.
    Unreachable = 4,
    /// Another run holds the lock.
    Locked = 5,
    /// The local state file is unreadable or from a newer version.
    State = 6,
    /// Stopped by SIGINT (Ctrl-C) before the end; what was done is recorded (128 + 2).
    Interrupted = 130,
    /// Stopped by SIGTERM before the end; what was done is recorded (128 + 15).
    Terminated = 143,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The worse of two outcomes: a run that was refused something and then lost a service
    /// reports the service failure.
    pub fn worst(self, other: ExitCode) -> ExitCode {
        self.max(other)
    }
}

impl fmt::Display for ExitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

/// Text for `--help` and the README.
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  done, nothing refused
  1  done, but at least one invoice or payment was refused or needs review
  2  bad command line or configuration
  3  a key or token is missing or was refused (Harvest or Run my Accounts)
  4  a service was unreachable or kept failing; nothing half-done is left behind
  5  another run holds the lock
  6  the local state file is unreadable or from a newer version
130  stopped by SIGINT (Ctrl-C); what was done is recorded, the rest waits for the next run
143  stopped by SIGTERM; what was done is recorded, the rest waits for the next run";
