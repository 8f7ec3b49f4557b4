//! The media folder on disk: where originals and renditions go, and writing them atomically.

use std::path::{Path, PathBuf};

use super::RenditionSettings;
use crate::disk::{self, Durability};
use crate::error::{Error, Result};
use crate::paths;

/// The site's media folder (`<db-stem>.media/` beside the database) and the rendition sizes.
#[derive(Debug, Clone)]
pub struct MediaFolder {
    root: PathBuf,
    settings: RenditionSettings,
}

impl MediaFolder {
    /// The media folder of the database at `db_path`, with the default sizes.
    pub fn beside(db_path: &Path) -> MediaFolder {
        MediaFolder::at(paths::media_dir(db_path))
    }

    pub fn at(root: impl Into<PathBuf>) -> MediaFolder {
        MediaFolder {
            root: root.into(),
            settings: RenditionSettings::default(),
        }
    }

    pub fn with_settings(mut self, settings: RenditionSettings) -> MediaFolder {
        self.settings = settings;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Makes the folder when it is missing and returns its canonical path (symbolic links
    /// resolved), the form in which the desktop app allows its asset protocol to read it.
    pub fn create(&self) -> Result<PathBuf> {
        std::fs::create_dir_all(&self.root).map_err(|e| Error::io(&self.root, e))?;
        std::fs::canonicalize(&self.root).map_err(|e| Error::io(&self.root, e))
    }

    pub fn settings(&self) -> &RenditionSettings {
        &self.settings
    }

    /// The file behind a path stored in the database.
    pub fn absolute(&self, relative: &str) -> PathBuf {
        paths::below(&self.root, relative)
    }

    /// The rendition a page addresses as `media/<relative>`, as the exported site and the
    /// desktop preview serve it: only below `renditions/`, never a step out of the folder.
    pub fn web_file(&self, relative: &str) -> Option<PathBuf> {
        let safe = relative.starts_with("renditions/") && paths::is_portable_relative(relative);
        safe.then(|| self.absolute(relative))
    }

    /// `originals/ab/<sha256>.<ext>`: content-addressed, so one file is stored once.
    pub(crate) fn original_path(sha256: &str, extension: &str) -> String {
        format!("originals/{}/{sha256}.{extension}", &sha256[..2])
    }

    /// `renditions/ab/<id>-<long edge>q<quality>.jpg`: a change of settings gives new names, so
    /// pages that still link the old files keep working until the remake is committed.
    pub(crate) fn rendition_path(id: &str, long_edge: u32, quality: u8) -> String {
        format!("renditions/{}/{id}-{long_edge}q{quality}.jpg", &id[..2])
    }
}

/// Files one import created, removed again unless the import is committed.
#[derive(Debug, Default)]
pub(crate) struct NewFiles {
    paths: Vec<PathBuf>,
    kept: bool,
}

impl NewFiles {
    pub fn push(&mut self, path: PathBuf) {
        self.paths.push(path);
    }

    /// The database row is written: the files now belong to it.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for NewFiles {
    fn drop(&mut self) {
        if !self.kept {
            for p in &self.paths {
                let _ = std::fs::remove_file(p);
            }
        }
    }
}

/// Writes a content-addressed file unless it is already there (then it holds the same bytes);
/// returns whether it wrote. A killed process never leaves a half-written file under the name.
pub(crate) fn write_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    if path.exists() {
        return Ok(false);
    }
    write_atomically(path, bytes).map(|()| true)
}

/// Writes a file of the media folder in one step, its folder made when missing.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().expect("media paths have a folder");
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // The database row will point at this file: its bytes must be on disk before the name is.
    disk::write_atomically(path, bytes, Durability::Synced)
}
