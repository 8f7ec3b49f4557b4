//! The one SQLite file that holds a site: opening it safely and upgrading its schema. Every SQL
//! statement of the core lives in this folder, one file per concern (articles, revisions,
//! listings, photos, site, targets, publications, outbox); the types they return belong to the modules that own them.
//!
//! WAL, foreign keys and a busy timeout let the desktop app and the CLI share the file.
//! Migrations are append-only SQL files applied in one transaction and guarded by
//! `PRAGMA user_version`; a file from a newer Newsdesk is refused before anything is written.

mod articles;
mod listings;
mod outbox;
mod photos;
mod publications;
mod revisions;
mod rows;
mod search;
mod search_index;
mod site;
mod targets;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

pub use articles::EmptiedTrash;
pub(crate) use articles::ImportItem;
pub use publications::{Pulled, PulledPost, RemoteMedia};
pub use search_index::IndexProgress;

/// Every schema step, in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_trash_and_open_revisions.sql"),
    include_str!("migrations/0003_photos.sql"),
    include_str!("migrations/0004_site_pages.sql"),
    include_str!("migrations/0005_listing_index.sql"),
    include_str!("migrations/0006_search.sql"),
    include_str!("migrations/0007_publications.sql"),
    include_str!("migrations/0008_remote_terms.sql"),
    include_str!("migrations/0009_search_merge.sql"),
    include_str!("migrations/0010_other_credits.sql"),
    include_str!("migrations/0011_revision_labels.sql"),
    include_str!("migrations/0012_outlets_index.sql"),
    include_str!("migrations/0013_article_tally.sql"),
    include_str!("migrations/0014_latest_index.sql"),
    include_str!("migrations/0015_portal_removals.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open site database.
pub struct Db {
    conn: Connection,
    /// The last search's counts and ranked ids, so that paging through it ranks it once.
    last_search: std::sync::Mutex<Option<search::LastSearch>>,
}

impl Db {
    /// Opens (creating when missing) and upgrades the database at `path`.
    pub fn open(path: &Path) -> Result<Db> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Db::setup(conn)
    }

    /// The schema version of the file at `path`, read without writing a byte to it: 0 for an
    /// SQLite file that Newsdesk never opened, an error for a file that is not SQLite at all.
    pub fn schema_version_at(path: &Path) -> Result<i64> {
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        current_version(&conn)
    }

    /// A private database in memory, for tests and previews of imports.
    pub fn open_in_memory() -> Result<Db> {
        Db::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<Db> {
        // A second process may hold the write lock for a moment; wait rather than fail.
        conn.busy_timeout(Duration::from_secs(30))?;
        // Refuse a newer file before anything (even the journal mode) is written to it.
        check_version(current_version(&conn)?)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // In WAL mode NORMAL loses nothing when a process is killed; only an OS crash can
        // lose the last commits, and never corrupts the file.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // A page cache of its own, 16 MiB at most, rather than a memory map of the file: mapped
        // pages count as the app's memory, and each page fault maps its neighbours too (at
        // 100,000 articles a scan of an 8 MB index mapped ~60 MB, and a day's searches grew it
        // to hundreds). The cache holds a search's pages as well: a phrase query at 100,000
        // articles answers in ~1.5 ms against ~1.3 mapped and ~2.7 with the default 2 MiB,
        // and a first one-character search sooner than through fresh page faults.
        conn.pragma_update(None, "mmap_size", 0)?;
        conn.pragma_update(None, "cache_size", -16 * 1024)?;
        listings::register_text_digest(&conn)?;
        listings::register_is_public(&conn)?;
        let mut db = Db {
            conn,
            last_search: std::sync::Mutex::new(None),
        };
        db.migrate()?;
        Ok(db)
    }

    fn migrate(&mut self) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read again under the write lock: another process may have migrated meanwhile.
        let from = current_version(&tx)?;
        check_version(from)?;
        for sql in &MIGRATIONS[from as usize..] {
            tx.execute_batch(sql)?;
        }
        if from < SCHEMA_VERSION {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        current_version(&self.conn)
    }

    /// `PRAGMA integrity_check`, "ok" when the file is sound.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    pub(crate) fn write_tx(&mut self) -> Result<rusqlite::Transaction<'_>> {
        // Take the write lock at the start: a deferred transaction that reads and then writes
        // can fail with SQLITE_BUSY at once instead of waiting.
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

fn current_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

fn check_version(found: i64) -> Result<()> {
    if found > SCHEMA_VERSION {
        Err(Error::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        })
    } else {
        Ok(())
    }
}
