//! The run lock: one run at a time, a second one fails at once.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use super::error::{classify_io, StateError};
use super::{ensure_parent, Result};

/// Held for the whole of a run; dropping it releases the OS lock.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    pub path: PathBuf,
}

pub fn lock_path(state_path: &Path) -> PathBuf {
    let mut s = state_path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

/// Takes the run lock next to the state file, or fails (within a moment) if another run
/// holds it. `log` and a dry run look at the lock with [`is_held`], which holds it shared for
/// an instant: a run starting just then tries a few times before it calls the lock taken.
pub fn lock(state_path: &Path) -> Result<RunLock> {
    let path = lock_path(state_path);
    ensure_parent(&path)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| classify_io(&path, &e))?;
    let mut tries = 0;
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(RunLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) if tries < 10 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(StateError::Locked {
                    lock: path.display().to_string(),
                })
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(classify_io(&path, &e)),
        }
    }
}

/// True when a run holds the lock now (its process is alive): `log` says "running" rather
/// than "interrupted", and a dry run says a run is in progress. Never blocks, never creates
/// the lock file.
pub fn is_held(state_path: &Path) -> bool {
    let Ok(file) = File::open(lock_path(state_path)) else {
        return false;
    };
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            false
        }
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => false,
    }
}
