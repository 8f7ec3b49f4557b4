//! What the shell keeps between commands: the open site (its database and photo store), the UI's
//! language and the publishing worker.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use newsdesk_core::ipc::LaunchAnswers;
use newsdesk_core::media::MediaFolder;
use newsdesk_core::sites::{RecentSites, SiteList};
use newsdesk_core::{ArticleId, Db, Error, Lang, demo};
use tauri::Manager;

use crate::publishing::Publishing;

/// Articles indexed per transaction by the backfill: a few tens of milliseconds of writing, so
/// an autosave waits at most that long for the write lock.
const INDEX_BATCH: usize = 200;

/// One site's file, open: what every command works on. A command holds the site it started
/// with to its end, so a switch to another site never mixes two sites in one answer; the old
/// site's connections close when its last command is done.
pub struct OpenSite {
    pub path: PathBuf,
    /// The site's photo store, `<db-stem>.media/` beside the database.
    pub media: MediaFolder,
    db: Mutex<Db>,
    /// A second connection for long jobs (photo imports, site exports), opened on the first:
    /// the editor's autosaves and previews must not wait behind them on the main connection.
    long_job_db: Mutex<Option<Db>>,
    /// The window's first answers, made as soon as the site opened at launch, while the webview
    /// is still starting: the page takes them then, instead of waiting while they are read.
    launch_answers: Mutex<Option<LaunchAnswers>>,
}

impl OpenSite {
    pub fn new(path: &Path, db: Db) -> OpenSite {
        OpenSite {
            path: path.to_path_buf(),
            media: MediaFolder::beside(path),
            db: Mutex::new(db),
            long_job_db: Mutex::new(None),
            launch_answers: Mutex::new(None),
        }
    }

    /// Reads the window's first answers now, for [`OpenSite::take_launch_answers`]. A failure
    /// leaves them to be read when the page asks, which reports it over IPC.
    pub fn prepare_launch_answers(&self, system_lang: Lang) {
        let answers = LaunchAnswers::of(&self.db(), &self.path, system_lang).ok();
        *lock(&self.launch_answers) = answers;
    }

    /// The window's first answers: the ones made at launch, once, and read anew after that (a
    /// reload of the page wants the rows as they are by then).
    pub fn take_launch_answers(&self, system_lang: Lang) -> Option<LaunchAnswers> {
        let made = lock(&self.launch_answers).take();
        made.or_else(|| LaunchAnswers::of(&self.db(), &self.path, system_lang).ok())
    }

    /// Lets the webview read this site's photos: the asset protocol reads only the media
    /// folders it was given, each when its site opens.
    pub fn allow_media(&self, app: &tauri::AppHandle) -> Result<(), Error> {
        let media = self.media.create()?;
        app.asset_protocol_scope()
            .allow_directory(&media, true)
            .map_err(|e| Error::io(&media, std::io::Error::other(e.to_string())))
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
            None => slot.insert(Db::open(&self.path)?),
        };
        f(db)
    }

    /// Indexes for search the articles of a database made before the index existed, a batch per
    /// transaction on the long jobs' connection, so saves and lists get their turn between
    /// batches. Resumable: a quit leaves the rest to the next launch. Until it is done the
    /// listing says `indexing` and the window shows it.
    pub fn index_older_articles(&self) {
        if !self.db().search_indexing().unwrap_or(false) {
            return;
        }
        while let Ok(progress) = self.with_long_job_db(|db| db.index_pending(INDEX_BATCH)) {
            if !progress.pending {
                break;
            }
        }
    }
}

/// The open site, or why there is none.
enum Slot {
    /// At launch, until the default database is open: commands wait, off the main thread.
    Opening,
    Open(Arc<OpenSite>),
    /// Opening at launch failed; every command answers with that, until another site opens.
    Failed(Arc<Error>),
}

pub struct AppState {
    /// The database the app opens at launch (the demo's at first).
    pub home_db: PathBuf,
    /// Where the recent-sites list is kept.
    pub config_dir: PathBuf,
    pub system_lang: Lang,
    /// Set by `open_database`, off the setup hook: opening runs the migrations, whose cost may
    /// grow with the database, and the window must paint before any of that. Swapped by
    /// `switch_to` when the editor opens another site.
    site: Mutex<Slot>,
    opened: Condvar,
    /// One list, read and written by one switch at a time.
    recent: Mutex<()>,
    lang: Mutex<Lang>,
    /// The outbox worker and the authorizations in flight.
    pub publishing: Publishing,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl AppState {
    /// The state before the database is open: nothing here reads the database.
    pub fn new(home_db: PathBuf, config_dir: PathBuf, system_lang: Lang) -> AppState {
        AppState {
            home_db,
            config_dir,
            system_lang,
            site: Mutex::new(Slot::Opening),
            opened: Condvar::new(),
            recent: Mutex::new(()),
            lang: Mutex::new(system_lang),
            publishing: Publishing::default(),
        }
    }

    /// Opens the default database (migrating it); a first launch fills it with the demo site.
    /// Runs once, on its own thread; what it fails with, every command answers with.
    pub fn open_database(&self, now: DateTime<Utc>) {
        let open = || -> Result<OpenSite, Error> {
            // The site the editor had open when the app last closed; one that no longer opens
            // (moved, damaged, from a newer Newsdesk) leaves the home site, and the menu.
            if let Some(last) = self.last_site()
                && let Ok(db) = newsdesk_core::sites::open_site(&last)
            {
                return Ok(OpenSite::new(&last, db));
            }
            let mut db = Db::open(&self.home_db)?;
            let media = MediaFolder::beside(&self.home_db);
            demo::install(&mut db, &media, now, &mut ArticleId::generate)?;
            Ok(OpenSite::new(&self.home_db, db))
        };
        let slot = match open() {
            Ok(site) => {
                let site = Arc::new(site);
                self.remember(&site, now);
                Slot::Open(site)
            }
            Err(e) => Slot::Failed(Arc::new(e)),
        };
        *lock(&self.site) = slot;
        self.opened.notify_all();
    }

    /// The open site; waits while it is being opened at launch.
    pub fn site(&self) -> Result<Arc<OpenSite>, Arc<Error>> {
        let mut slot = lock(&self.site);
        loop {
            match &*slot {
                Slot::Opening => slot = self.opened.wait(slot).unwrap_or_else(|p| p.into_inner()),
                Slot::Open(site) => return Ok(site.clone()),
                Slot::Failed(e) => return Err(e.clone()),
            }
        }
    }

    /// The open site if one is open now, without waiting: for what runs on the main thread,
    /// which must never wait for the database to open.
    pub fn site_if_open(&self) -> Option<Arc<OpenSite>> {
        match &*lock(&self.site) {
            Slot::Open(site) => Some(site.clone()),
            _ => None,
        }
    }

    /// Makes `site` the open one (the editor created or opened it) and puts it first on the
    /// recent list. The publishing worker follows on its next round.
    pub fn switch_to(&self, site: OpenSite, now: DateTime<Utc>) -> Arc<OpenSite> {
        let site = Arc::new(site);
        self.remember(&site, now);
        *lock(&self.site) = Slot::Open(site.clone());
        self.opened.notify_all();
        self.publishing.site_changed();
        site
    }

    /// The recent-sites list as the File menu shows it.
    pub fn recent_sites(&self) -> Result<SiteList, Error> {
        let _one = lock(&self.recent);
        let list = RecentSites::load(&self.config_dir, &self.home_db)?;
        Ok(self.site_list(&list))
    }

    /// Takes the entries whose file is gone off the recent list, and answers the list left.
    pub fn forget_missing_sites(&self) -> Result<SiteList, Error> {
        let _one = lock(&self.recent);
        let mut list = RecentSites::load(&self.config_dir, &self.home_db)?;
        if list.forget_missing() > 0 {
            list.save()?;
        }
        Ok(self.site_list(&list))
    }

    fn site_list(&self, list: &RecentSites) -> SiteList {
        let open = self
            .site_if_open()
            .map(|site| site.path.display().to_string())
            .unwrap_or_default();
        SiteList {
            open,
            sites: list.entries(),
        }
    }

    /// Puts the site first on the recent list. A list that cannot be written costs the menu an
    /// entry, never the opening of the site.
    fn remember(&self, site: &OpenSite, now: DateTime<Utc>) {
        let Ok(name) = site.db().site().map(|s| s.name) else {
            return;
        };
        let _one = lock(&self.recent);
        if let Ok(mut list) = RecentSites::load(&self.config_dir, &self.home_db) {
            list.opened(&site.path, &name, now);
            let _ = list.save();
        }
    }

    /// The site to reopen at launch, from the recent list (see `RecentSites::to_reopen`).
    fn last_site(&self) -> Option<PathBuf> {
        let _one = lock(&self.recent);
        RecentSites::load(&self.config_dir, &self.home_db).ok()?.to_reopen()
    }

    pub fn lang(&self) -> Lang {
        *lock(&self.lang)
    }

    pub fn set_lang(&self, lang: Lang) {
        *lock(&self.lang) = lang;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_core::{ArticlePatch, Site};

    fn titles(answers: &LaunchAnswers) -> Vec<&str> {
        answers.listing.items.iter().map(|i| i.title.as_str()).collect()
    }

    #[test]
    fn the_launch_answers_made_at_opening_are_served_once_then_read_anew() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.db");
        let mut db = Db::open(&path).unwrap();
        db.init_site(&Site::new("我爱遵义", "https://zunyi.example", "Asia/Shanghai").unwrap())
            .unwrap();
        db.add_channel("本地新闻", Some("local")).unwrap();
        let patch = |title: &str| ArticlePatch {
            title: Some(title.into()),
            channel: Some("本地新闻".into()),
            ..ArticlePatch::default()
        };
        db.create_article(ArticleId::generate(), &patch("第一篇"), Utc::now())
            .unwrap();
        let site = OpenSite::new(&path, db);
        site.prepare_launch_answers(Lang::Zh);
        site.db()
            .create_article(ArticleId::generate(), &patch("第二篇"), Utc::now())
            .unwrap();

        let launch = site.take_launch_answers(Lang::Zh).unwrap();
        assert_eq!(
            titles(&launch),
            ["第一篇"],
            "the page takes the answers read when the site opened"
        );
        let reload = site.take_launch_answers(Lang::Zh).unwrap();
        assert_eq!(
            titles(&reload).len(),
            2,
            "a reload of the page gets the rows as they are by then, not the launch's again"
        );
    }
}
