//! Printing that never crashes the tool. `println!` panics when its reader has gone away
//! (`rma-harvest log | head -1`: exit 101 and a panic message); here a stream that cannot be
//! written ends printing to that stream, quietly, for the rest of the process. The command
//! goes on and exits with its own code: what a run did is in the state file and the health
//! check, not in its output. Use [`outln!`](crate::outln) and [`errln!`](crate::errln).

use std::fmt;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
static STDERR_GONE: AtomicBool = AtomicBool::new(false);

/// One line on stdout; nothing once stdout could not be written.
pub fn stdout_line(args: fmt::Arguments<'_>) {
    write_line(&mut io::stdout().lock(), &STDOUT_GONE, args);
}

/// One line on stderr; nothing once stderr could not be written.
pub fn stderr_line(args: fmt::Arguments<'_>) {
    write_line(&mut io::stderr().lock(), &STDERR_GONE, args);
}

/// True once stdout could not be written (its reader went away).
pub fn stdout_gone() -> bool {
    STDOUT_GONE.load(Ordering::Relaxed)
}

/// True when stdout and stderr are one file, pipe or terminal (`2>&1`, cron mail, a
/// terminal): a line meant for both is then printed once.
#[cfg(unix)]
pub fn stdout_is_stderr() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let identity = |fd: std::os::fd::BorrowedFd<'_>| {
        let file = std::fs::File::from(fd.try_clone_to_owned().ok()?);
        file.metadata().ok().map(|m| (m.dev(), m.ino()))
    };
    match (
        identity(io::stdout().as_fd()),
        identity(io::stderr().as_fd()),
    ) {
        (Some(out), Some(err)) => out == err,
        _ => false,
    }
}

#[cfg(not(unix))]
pub fn stdout_is_stderr() -> bool {
    use std::io::IsTerminal;
    io::stdout().is_terminal() && io::stderr().is_terminal()
}

fn write_line(w: &mut dyn Write, gone: &AtomicBool, args: fmt::Arguments<'_>) {
    if gone.load(Ordering::Relaxed) {
        return;
    }
    // Flushed per line: a closed pipe is noticed here, not in a buffer flushed at exit.
    let written = w
        .write_fmt(args)
        .and_then(|()| w.write_all(b"\n"))
        .and_then(|()| w.flush());
    if let Err(e) = written {
        gone.store(true, Ordering::Relaxed);
        log::debug!("output stopped: {e}");
    }
}

/// `println!` that never panics: see [`crate::output`].
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::stdout_line(format_args!($($arg)*))
    };
}

/// `eprintln!` that never panics: see [`crate::output`].
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr_line(format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that went away after `room` bytes.
    struct ClosedPipe {
        room: usize,
        written: Vec<u8>,
    }

    impl Write for ClosedPipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.written.len() + buf.len() > self.room {
                return Err(io::Error::from(io::ErrorKind::BrokenPipe));
            }
            self.written.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_ends_printing_quietly() {
        let gone = AtomicBool::new(false);
        let mut pipe = ClosedPipe {
            room: 8,
            written: Vec::new(),
        };
        write_line(&mut pipe, &gone, format_args!("run 1"));
        assert!(!gone.load(Ordering::Relaxed));
        write_line(&mut pipe, &gone, format_args!("run 2 with more"));
        assert!(gone.load(Ordering::Relaxed));
        pipe.room = 1000;
        write_line(&mut pipe, &gone, format_args!("run 3"));
        assert_eq!(String::from_utf8_lossy(&pipe.written), "run 1\n");
    }
}
