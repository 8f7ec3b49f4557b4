//! The output folder: which files of the last export are still there, writing files into it,
//! and removing those the site no longer has.
//!
//! Every path comes from the site's own data and is checked here again before anything is
//! written or removed: nothing lands outside the output folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::SystemTime;

use rustc_hash::FxHashSet;

use super::manifest::PreviousManifest;
use super::plan::Planned;
use crate::disk::{Durability, write_atomically};
use crate::error::{Error, Invalid, Result};

/// Whether a path from the site's own data stays inside the output folder, on every system.
pub(super) fn stays_inside(relative: &str) -> bool {
    crate::paths::is_portable_relative(relative)
}

/// A path from the site's own data must stay inside the output folder.
fn inside(out: &Path, relative: &str) -> Result<PathBuf> {
    if !stays_inside(relative) {
        return Err(Invalid::Slug(relative.to_string()).into());
    }
    Ok(crate::paths::below(out, relative))
}

/// The folder part of a path below the output folder (`""` for the folder itself).
fn folder_of(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Which files of the last export are still in the output folder.
///
/// A folder's modification time changes whenever a file in it is added, removed or renamed, and
/// the manifest is written after every page. So a folder last modified before the manifest holds
/// what the manifest says, and only the folders touched since (or at the same instant, as a
/// coarse clock cannot tell) are listed. An incremental export thus reads a few hundred folder
/// times instead of many thousand names.
#[derive(Default)]
pub(super) struct Presence {
    /// Folders unchanged since the manifest was written.
    unchanged: FxHashSet<String>,
    /// The files found in the folders that had to be listed.
    listed: FxHashSet<String>,
}

impl Presence {
    /// Which of the files `old` lists are in `out`, given when `old` was written.
    pub fn of(out: &Path, old: &PreviousManifest<'_>, written: SystemTime) -> Presence {
        let folders: BTreeSet<&str> = old.files.keys().map(|p| folder_of(p)).collect();
        let mut presence = Presence::default();
        for folder in folders {
            let dir = if folder.is_empty() {
                out.to_path_buf()
            } else {
                match inside(out, folder) {
                    Ok(dir) => dir,
                    Err(_) => continue,
                }
            };
            // The output folder itself changed when the manifest was renamed into it: always listed.
            let modified = std::fs::metadata(&dir).and_then(|m| m.modified());
            if !folder.is_empty() && modified.as_ref().is_ok_and(|m| *m < written) {
                presence.unchanged.insert(folder.to_string());
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(name) = name.to_str() else { continue };
                // As `Path::exists` sees it: a symbolic link counts when what it points at exists.
                let exists = match entry.file_type() {
                    Ok(t) if !t.is_symlink() => true,
                    _ => entry.path().exists(),
                };
                if exists {
                    presence.listed.insert(if folder.is_empty() {
                        name.to_string()
                    } else {
                        format!("{folder}/{name}")
                    });
                }
            }
        }
        presence
    }

    pub fn contains(&self, path: &str) -> bool {
        let folder = folder_of(path);
        (!folder.is_empty() && self.unchanged.contains(folder)) || self.listed.contains(path)
    }
}

/// The output folder as this run writes it, counting the files written for the progress shown.
pub(super) struct OutputFolder<'a> {
    out: &'a Path,
    done: AtomicUsize,
    total: usize,
    progress: &'a (dyn Fn(usize, usize) + Sync),
}

impl<'a> OutputFolder<'a> {
    pub fn new(out: &'a Path, total: usize, progress: &'a (dyn Fn(usize, usize) + Sync)) -> OutputFolder<'a> {
        OutputFolder {
            out,
            done: AtomicUsize::new(0),
            total,
            progress,
        }
    }

    /// Makes the folders the files to write go in: once each, rather than once per file.
    pub fn make_folders(&self, todo: &[&Planned]) -> Result<()> {
        let folders: BTreeSet<&str> = todo.iter().map(|p| folder_of(&p.path)).collect();
        for folder in folders.into_iter().filter(|f| !f.is_empty()) {
            // A path that may not be written is refused when its file is, with the file's own name.
            if let Ok(dir) = inside(self.out, folder) {
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            }
        }
        Ok(())
    }

    /// Writes one planned file, whole or not at all.
    pub fn write(&self, file: &Planned, bytes: &[u8]) -> Result<()> {
        // No fsync per file: it would cost more than the rest of an incremental export, and a
        // site is written again from the database. The rename still keeps the portal's server
        // and a second export from ever seeing half a page; only a power loss may leave a page
        // whose bytes never reached the disk (`--full` writes every page again).
        write_atomically(&inside(self.out, &file.path)?, bytes, Durability::Unsynced)?;
        (self.progress)(self.done.fetch_add(1, Ordering::Relaxed) + 1, self.total);
        Ok(())
    }

    /// Removes the files of the last export that the site no longer has (withdrawn articles,
    /// changed slugs); returns how many were removed.
    pub fn remove_withdrawn(&self, old: &PreviousManifest<'_>, plan: &[Planned]) -> usize {
        let current: FxHashSet<&str> = plan.iter().map(|p| p.path.as_ref()).collect();
        old.files
            .keys()
            .filter(|p| !current.contains(p.as_ref()))
            .filter(|p| inside(self.out, p).is_ok_and(|file| std::fs::remove_file(file).is_ok()))
            .count()
    }
}
