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

/// Takes the run lock next to the state file, or fails at once if another run holds it.
pub fn lock(state_path: &Path) -> Result<RunLock> {
    let path = lock_path(state_path);
    ensure_parent(&path)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| classify_io(&path, &e))?;
    match file.try_lock() {
        Ok(()) => Ok(RunLock { _file: file, path }),
        Err(std::fs::TryLockError::WouldBlock) => Err(StateError::Locked {
            lock: path.display().to_string(),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(classify_io(&path, &e)),
    }
}
