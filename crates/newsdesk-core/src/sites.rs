//! The sites of one desk: starting a new site in a file of its own, opening another site's file,
//! and the recent-sites list the File menu shows (JSON in the OS config folder).
//!
//! A site is its database file (and the photo store beside it); the desk opens one at a time.
//! The recent list is a convenience: a garbled list starts again empty rather than keeping the
//! app from starting, and an entry whose file is gone is shown as missing, never opened.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::db::Db;
use crate::disk::{Durability, write_atomically};
use crate::error::{Error, Invalid, Result};
use crate::site::Site;

/// The recent-sites list's file name in the config folder.
pub const RECENT_FILE_NAME: &str = "recent-sites.json";

/// How many sites the list keeps: a desk holds a handful of portals, not an archive of files.
pub const RECENT_LIMIT: usize = 10;

/// The extension new sites' files get (the file picker offers `.db` files).
pub const SITE_EXTENSION: &str = "db";

/// What an editor fills in to start a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewSite {
    pub name: String,
    pub base_url: String,
    pub time_zone: String,
    /// 栏目 names in navigation order; blank ones are skipped, slugs come from the names.
    pub channels: Vec<String>,
}

/// One entry of the recent-sites list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RecentSite {
    /// The database file, as the system writes paths.
    pub path: String,
    /// The site's name when it was last open.
    pub name: String,
    #[ts(type = "string")]
    pub opened_at: DateTime<Utc>,
    /// The file is not there any more (moved, deleted, an unplugged drive): shown, not opened.
    #[serde(default, skip_deserializing)]
    pub missing: bool,
}

/// What the File menu shows: the recent sites and which of them is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SiteList {
    /// The open site's file, as in `Workspace::db_path`.
    pub open: String,
    pub sites: Vec<RecentSite>,
}

/// The list as stored.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    sites: Vec<RecentSite>,
}

/// The recent-sites list, most recent first, each file once.
#[derive(Debug, Clone)]
pub struct RecentSites {
    file: PathBuf,
    /// The desk's own database (the demo's, at first): it stays on the list however many
    /// others were opened since, so the way back to it is always in the menu.
    home: PathBuf,
    sites: Vec<RecentSite>,
}

impl RecentSites {
    /// The list kept in `config_dir`; `home` is the database the app opens at launch. A missing
    /// or unreadable list is an empty one; only a folder that cannot be read is an error.
    pub fn load(config_dir: &Path, home: &Path) -> Result<RecentSites> {
        let file = config_dir.join(RECENT_FILE_NAME);
        let sites = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice::<Stored>(&bytes)
                .map(|s| s.sites)
                .unwrap_or_default(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(Error::io(&file, e)),
        };
        let mut list = RecentSites {
            file,
            home: home.to_path_buf(),
            sites: Vec::new(),
        };
        // A hand-edited list may repeat a file or run long; it is read as if each was opened.
        for site in sites.into_iter().rev() {
            list.opened(Path::new(&site.path), &site.name, site.opened_at);
        }
        Ok(list)
    }

    /// Puts `path` first (it was just opened, under the name `name`).
    pub fn opened(&mut self, path: &Path, name: &str, now: DateTime<Utc>) {
        let path = absolute(path);
        self.sites.retain(|s| !same_file(Path::new(&s.path), &path));
        self.sites.insert(
            0,
            RecentSite {
                path: path.to_string_lossy().into_owned(),
                name: name.trim().to_string(),
                opened_at: now,
                missing: false,
            },
        );
        let home = absolute(&self.home);
        while self.sites.len() > RECENT_LIMIT {
            // The oldest entry goes, unless it is the home database: then the one before it.
            let last = self.sites.len() - 1;
            let at = if same_file(Path::new(&self.sites[last].path), &home) {
                last - 1
            } else {
                last
            };
            self.sites.remove(at);
        }
    }

    /// Takes `path` off the list (the editor removed a missing file's entry).
    pub fn forget(&mut self, path: &Path) {
        let path = absolute(path);
        self.sites.retain(|s| !same_file(Path::new(&s.path), &path));
    }

    /// Takes off the list every entry whose file is gone (the File menu's 移除找不到的站点), except
    /// the home database, which the app makes again at launch. Returns how many went.
    pub fn forget_missing(&mut self) -> usize {
        let before = self.sites.len();
        let home = absolute(&self.home);
        self.sites
            .retain(|s| Path::new(&s.path).is_file() || same_file(Path::new(&s.path), &home));
        before - self.sites.len()
    }

    /// The site to open at launch in place of the home database: the one open last, when it is
    /// another and its file is still there. (When it is missing, the editor gets the home site
    /// and the menu shows the entry as missing, rather than an older site they did not choose.)
    pub fn to_reopen(&self) -> Option<PathBuf> {
        let last = Path::new(&self.sites.first()?.path);
        (last.is_file() && !same_file(last, &self.home)).then(|| last.to_path_buf())
    }

    /// The entries, most recent first, each marked missing when its file is gone.
    pub fn entries(&self) -> Vec<RecentSite> {
        self.sites
            .iter()
            .map(|s| RecentSite {
                missing: !Path::new(&s.path).is_file(),
                ..s.clone()
            })
            .collect()
    }

    /// Writes the list (atomically: a crash leaves the old list or the new, never half).
    pub fn save(&self) -> Result<()> {
        if let Some(folder) = self.file.parent() {
            std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
        }
        let stored = Stored {
            sites: self.sites.clone(),
        };
        let json = serde_json::to_vec_pretty(&stored).map_err(|e| Error::Invalid(Invalid::Json(e.to_string())))?;
        write_atomically(&self.file, &json, Durability::Synced)
    }
}

/// The path made absolute (against the working folder) without resolving links, so that the
/// list shows what the editor chose and `\\?\` never appears on Windows.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Whether two paths name one file: compared part by part (so `a/./b` and `a/b`, or `C:\x` and
/// `C:/x` on Windows, agree), and without regard to case where the file system ignores it.
fn same_file(a: &Path, b: &Path) -> bool {
    let (a, b) = (absolute(a), absolute(b));
    if cfg!(any(windows, target_os = "macos")) {
        a.to_string_lossy().replace('\\', "/").to_lowercase() == b.to_string_lossy().replace('\\', "/").to_lowercase()
    } else {
        a == b
    }
}

/// A file for a new site named `name` in `folder`: its pinyin slug (`wo-ai-zun-yi.db`), numbered
/// when that is taken (`wo-ai-zun-yi-2.db`).
pub fn suggested_path(folder: &Path, name: &str) -> PathBuf {
    let stem = match name.trim() {
        // Before a name is typed the dialog still shows a file.
        "" => "site".to_string(),
        name => crate::slug::from_title(name),
    };
    let taken = |p: &Path| p.exists() || crate::paths::media_dir(p).exists();
    let first = folder.join(format!("{stem}.{SITE_EXTENSION}"));
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("{stem}-{n}.{SITE_EXTENSION}")))
        .find(|p| !taken(p))
        .expect("some number is free")
}

/// Starts a site in a new file at `path`: the site, then its channels. Everything is checked
/// before the file exists, and a failure after that removes the file again, so a mistake never
/// leaves half a site behind. An existing file is refused, whatever it holds.
pub fn create_site(path: &Path, new: &NewSite) -> Result<Db> {
    let site = Site::new(&new.name, &new.base_url, &new.time_zone)?;
    let channels: Vec<&str> = new
        .channels
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect();
    if path.exists() {
        return Err(Invalid::SiteFileExists(path.display().to_string()).into());
    }
    let made = (|| {
        let mut db = Db::open(path)?;
        db.init_site(&site)?;
        for channel in &channels {
            db.add_channel(channel, None)?;
        }
        Ok(db)
    })();
    if made.is_err() {
        for leftover in [path.to_path_buf(), with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
            let _ = std::fs::remove_file(leftover);
        }
    }
    made
}

/// Opens the site in the existing file at `path` (migrating it, as every open does). A file that
/// is not a Newsdesk database is refused before anything is written to it.
pub fn open_site(path: &Path) -> Result<Db> {
    if !path.is_file() {
        return Err(Error::NotFound {
            what: "site",
            id: path.display().to_string(),
        });
    }
    let not_a_site = || Error::from(Invalid::NotASite(path.display().to_string()));
    match Db::schema_version_at(path) {
        Ok(version) if version > 0 => {}
        Ok(_) | Err(Error::Database(_)) => return Err(not_a_site()),
        Err(e) => return Err(e),
    }
    let db = Db::open(path)?;
    db.site()?;
    Ok(db)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
