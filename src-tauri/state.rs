//! What the shell keeps between commands: the open database, the photo store and the UI's language.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use newsdesk_core::media::MediaFolder;
use newsdesk_core::{ArticleId, Db, Error, Lang, demo};

pub struct AppState {
    pub db_path: PathBuf,
    pub system_lang: Lang,
    /// The site's photo store, `<db-stem>.media/` beside the database.
    pub media: MediaFolder,
    db: Mutex<Db>,
    /// A second connection for long jobs (photo imports, site exports), opened on the first:
    /// the editor's autosaves and previews must not wait behind them on the main connection.
    long_job_db: Mutex<Option<Db>>,
    lang: Mutex<Lang>,
}

impl AppState {
    /// Opens the default database; a first launch fills it with the demo site.
    pub fn open(db_path: PathBuf, system_lang: Lang, now: DateTime<Utc>) -> Result<AppState, String> {
        let start = || -> Result<Db, Error> {
            let mut db = Db::open(&db_path)?;
            demo::install(&mut db, &MediaFolder::beside(&db_path), now, &mut ArticleId::generate)?;
            Ok(db)
        };
        let db = start().map_err(|e| e.message(system_lang))?;
        Ok(AppState {
            media: MediaFolder::beside(&db_path),
            db_path,
            system_lang,
            db: Mutex::new(db),
            long_job_db: Mutex::new(None),
            lang: Mutex::new(system_lang),
        })
    }

    pub fn db(&self) -> MutexGuard<'_, Db> {
        // A panic while holding the lock leaves the database as consistent as SQLite left it.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the long jobs' connection; long jobs wait for each other, not for the editor.
    pub fn with_long_job_db<T>(&self, f: impl FnOnce(&mut Db) -> Result<T, Error>) -> Result<T, Error> {
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
