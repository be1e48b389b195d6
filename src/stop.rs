//! A stop asked for by a signal (SIGINT from Ctrl-C, SIGTERM from `systemctl stop` or a
//! Kubernetes eviction). The first signal only raises a flag: no new request is sent, the one
//! in flight completes and is recorded, and the run ends with its record written. A second
//! signal ends the process at once. Signals are process-wide, so the flags are too.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static TERMINATED: AtomicBool = AtomicBool::new(false);
/// Either signal seen once; the next one exits.
static ANY: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM.
    Terminate,
}

impl Signal {
    pub fn name(self) -> &'static str {
        match self {
            Signal::Interrupt => "SIGINT",
            Signal::Terminate => "SIGTERM",
        }
    }

    /// The shell's convention, 128 + the signal number.
    pub fn exit_status(self) -> i32 {
        match self {
            Signal::Interrupt => 130,
            Signal::Terminate => 143,
        }
    }
}

/// Installs the handlers (a real `sync` run only: other commands may die at once).
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    for (signal, flag, status) in [
        (SIGINT, &INTERRUPTED, Signal::Interrupt.exit_status()),
        (SIGTERM, &TERMINATED, Signal::Terminate.exit_status()),
    ] {
        // Registered first, so it sees ANY as it was before this signal: only a second one exits.
        signal_hook::flag::register_conditional_shutdown(signal, status, &ANY)?;
        signal_hook::flag::register(signal, &ANY)?;
        signal_hook::flag::register(signal, flag)?;
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn install() -> std::io::Result<()> {
    Ok(())
}

/// The signal that asked the run to stop, if one did.
pub fn requested() -> Option<Signal> {
    if TERMINATED.load(Ordering::SeqCst) {
        Some(Signal::Terminate)
    } else if INTERRUPTED.load(Ordering::SeqCst) {
        Some(Signal::Interrupt)
    } else {
        None
    }
}

/// The text a stopped run says; `None` while no stop was asked for.
pub fn reason() -> Option<String> {
    requested().map(|s| crate::words::render(&crate::msg!("stop-reason", signal = s.name())))
}
