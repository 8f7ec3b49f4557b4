//! What the shell keeps between commands: the open database, the photo store, the UI's language
//! and the publishing worker.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, Utc};
use newsdesk_core::media::MediaFolder;
use newsdesk_core::{ArticleId, Db, Error, Lang, demo};

use crate::publishing::Publishing;

/// Articles indexed per transaction by the backfill: a few tens of milliseconds of writing, so
/// an autosave waits at most that long for the write lock.
const INDEX_BATCH: usize = 200;

pub struct AppState {
    pub db_path: PathBuf,
    pub system_lang: Lang,
    /// The site's photo store, `<db-stem>.media/` beside the database.
    pub media: MediaFolder,
    /// Set once, by `open_database`, off the setup hook: opening runs the migrations, whose cost
    /// may grow with the database, and the window must paint before any of that. Commands that
    /// come first wait for it on their blocking threads, never on the main thread.
    db: OnceLock<Result<Mutex<Db>, Error>>,
    /// A second connection for long jobs (photo imports, site exports), opened on the first:
    /// the editor's autosaves and previews must not wait behind them on the main connection.
    long_job_db: Mutex<Option<Db>>,
    lang: Mutex<Lang>,
    /// The outbox worker and the authorizations in flight.
    pub publishing: Publishing,
}

impl AppState {
    /// The state before the database is open: nothing here reads the database.
    pub fn new(db_path: PathBuf, system_lang: Lang) -> AppState {
        AppState {
            media: MediaFolder::beside(&db_path),
            db_path,
            system_lang,
            db: OnceLock::new(),
            long_job_db: Mutex::new(None),
            lang: Mutex::new(system_lang),
            publishing: Publishing::default(),
        }
    }

    /// Opens the default database (migrating it); a first launch fills it with the demo site.
    /// Runs once, on its own thread; what it fails with, every command answers with.
    pub fn open_database(&self, now: DateTime<Utc>) {
        let open = || -> Result<Mutex<Db>, Error> {
            let mut db = Db::open(&self.db_path)?;
            demo::install(&mut db, &self.media, now, &mut ArticleId::generate)?;
            Ok(Mutex::new(db))
        };
        let _ = self.db.set(open());
    }

    /// Indexes for search the articles of a database made before the index existed, a batch per
    /// transaction on the long jobs' connection, so saves and lists get their turn between
    /// batches. Resumable: a quit leaves the rest to the next launch. Until it is done the
    /// listing says `indexing` and the window shows it.
    pub fn index_older_articles(&self) {
        let waiting = match self.db() {
            Ok(db) => db.search_indexing().unwrap_or(false),
            Err(_) => false,
        };
        if !waiting {
            return;
        }
        while let Ok(progress) = self.with_long_job_db(|db| db.index_pending(INDEX_BATCH)) {
            if !progress.pending {
                break;
            }
        }
    }

    /// The database, once it is open; waits while it is being opened.
    pub fn db(&self) -> Result<MutexGuard<'_, Db>, &Error> {
        let db = self.db.wait().as_ref()?;
        // A panic while holding the lock leaves the database as consistent as SQLite left it.
        Ok(db.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Runs `f` on the long jobs' connection; long jobs wait for each other, not for the editor.
    pub fn with_long_job_db<T>(&self, f: impl FnOnce(&mut Db) -> Result<T, Error>) -> Result<T, Error> {
        // The main connection migrates the file first; a second one must not race it. When
        // that failed, opening this one fails the same way and says why.
        let _ = self.db.wait();
        let mut slot = self.long_job_db.lock().unwrap_or_else(|p| p.into_inner());
        let db = match slot.as_mut() {
            Some(db) => db,
            None => slot.insert(Db::open(&self.db_path)?),
        };
        f(db)
    }

    pub fn lang(&self) -> Lang {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_lang(&self, lang: Lang) {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner()) = lang;
    }
}
