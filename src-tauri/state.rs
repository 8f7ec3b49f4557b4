//! What the shell keeps between commands: the open database and the UI's language.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use newsdesk_core::{ArticleId, Db, Error, Lang, demo};

pub struct AppState {
    pub db_path: PathBuf,
    pub system_lang: Lang,
    db: Mutex<Db>,
    lang: Mutex<Lang>,
}

impl AppState {
    /// Opens the default database; a first launch fills it with the demo site.
    pub fn open(db_path: PathBuf, system_lang: Lang, now: DateTime<Utc>) -> Result<AppState, String> {
        let start = || -> Result<Db, Error> {
            let mut db = Db::open(&db_path)?;
            demo::install(&mut db, now, &mut ArticleId::generate)?;
            Ok(db)
        };
        let db = start().map_err(|e| e.message(system_lang))?;
        Ok(AppState {
            db_path,
            system_lang,
            db: Mutex::new(db),
            lang: Mutex::new(system_lang),
        })
    }

    pub fn db(&self) -> MutexGuard<'_, Db> {
        // A panic while holding the lock leaves the database as consistent as SQLite left it.
        self.db.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn lang(&self) -> Lang {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_lang(&self, lang: Lang) {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner()) = lang;
    }
}
