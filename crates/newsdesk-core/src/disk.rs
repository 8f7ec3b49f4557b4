//! Writing a file so that no reader, and no other writer, ever sees half of it.
//!
//! Every file Newsdesk makes for something else to read (a page of the site, a photo, an
//! interchange file) is written to a temporary file in the target's own folder (a rename is
//! atomic only within one file system) and renamed over the target. The temporary name is
//! unique to the writer (process id and a counter), so two exports into one folder, or two
//! threads writing one path, never write into each other's temporary file: each renames a
//! complete file, and the last rename wins.

use std::fs::File;
use std::io::{BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{Error, Result};

/// Whether a file's bytes must be on disk before its name points at them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// fsync, then rename: after a power loss the name holds the old bytes or the new ones.
    Synced,
    /// Renamed without waiting for the disk. Readers and other writers still never see half a
    /// file; only a power loss may leave the name on a file whose bytes did not reach the disk.
    Unsynced,
}

/// Tells apart the temporary files of this process's threads, which write at once.
static TEMPORARY_COUNT: AtomicU64 = AtomicU64::new(0);

/// In every temporary name, so that one a killed process left behind can be recognised.
const TEMPORARY_MARK: &str = ".newsdesk-tmp-";

/// How many names are tried before giving up: a name is taken only when a killed process of the
/// same id left its file behind.
const TEMPORARY_ATTEMPTS: usize = 64;

/// Writes `bytes` to `path` through a temporary file and a rename. The folder must exist.
pub fn write_atomically(path: &Path, bytes: &[u8], durability: Durability) -> Result<()> {
    replace(path, durability, |file, temporary| {
        file.write_all(bytes).map_err(|e| Error::io(temporary, e))
    })
}

/// [`write_atomically`] for a file written piece by piece (buffered) by `write`: when `write`
/// fails, the target is left as it was.
pub fn write_atomically_with<T>(
    path: &Path,
    durability: Durability,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    replace(path, durability, |file, temporary| {
        let mut buffered = BufWriter::new(file);
        let value = write(&mut buffered)?;
        buffered.flush().map_err(|e| Error::io(temporary, e))?;
        Ok(value)
    })
}

fn replace<T>(path: &Path, durability: Durability, fill: impl FnOnce(&mut File, &Path) -> Result<T>) -> Result<T> {
    let (temporary, mut file) = create_temporary(path)?;
    let result = (|| {
        let value = fill(&mut file, &temporary)?;
        if durability == Durability::Synced {
            file.sync_all().map_err(|e| Error::io(&temporary, e))?;
        }
        drop(file);
        std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e))?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// A new file beside `path` under a name no other writer uses.
fn create_temporary(path: &Path) -> Result<(PathBuf, File)> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    let mut attempt = 0;
    loop {
        let temporary = folder.join(format!(
            ".{name}{TEMPORARY_MARK}{}-{}",
            std::process::id(),
            TEMPORARY_COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        // `create_new`, never truncation: a file of this name is someone else's, never ours to reuse.
        match File::create_new(&temporary) {
            Ok(file) => return Ok((temporary, file)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists && attempt + 1 < TEMPORARY_ATTEMPTS => attempt += 1,
            Err(e) => return Err(Error::io(&temporary, e)),
        }
    }
}
