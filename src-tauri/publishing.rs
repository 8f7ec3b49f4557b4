//! The app's side of publishing: the outbox worker on a thread of its own (woken by saves,
//! resting between rounds), what it saw of the network, and connecting a portal through the
//! browser, whose `newsdesk://auth/callback` the OS hands to this process (deep link).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use newsdesk_core::error::{RemoteProblem, WireError};
use newsdesk_core::sync_status::{Connectivity, SyncStatus};
use newsdesk_core::{Db, Error, ErrorKind, Lang};
use newsdesk_sync::authorize::{self, Answer};
use newsdesk_sync::worker::{Progress, Scope, Worker, WorkerSetup};
use newsdesk_sync::{Http, RequestLog, connect, credentials};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// How long the worker rests when nothing is due: an item waiting out its backoff is picked up
/// within this; a save wakes the worker at once.
const IDLE: Duration = Duration::from_secs(5);
/// How long the first round waits after launch when nothing wakes it (see `run`).
const LAUNCH_QUIET: Duration = Duration::from_secs(2);

/// How long a claimed item is ours; each request times out after 30 s.
const LEASE: Duration = Duration::from_secs(120);

const TIMEOUT: Duration = Duration::from_secs(30);

enum Signal {
    /// Something may have been queued: look now.
    Wake,
    /// Credentials changed: read them again from the keychain.
    Renew,
}

/// An authorization the window started and the browser has not answered yet.
#[derive(Debug, Clone)]
struct Pending {
    request: String,
    name: String,
    url: String,
}

/// What an item's progress tells the window (the event `publication-changed`).
#[derive(Debug, Clone, Serialize)]
struct Changed {
    article: String,
}

#[derive(Default)]
struct Seen {
    connectivity: Connectivity,
    last_problem: Option<String>,
}

#[derive(Default)]
pub struct Publishing {
    signal: Mutex<Option<Sender<Signal>>>,
    seen: Mutex<Seen>,
    pending: Mutex<Vec<Pending>>,
}

/// The CLI's client (the request log beside the database); without a log file requests still
/// go out, unlogged.
pub fn http(db_path: &Path) -> Http {
    Http::beside(db_path).unwrap_or_else(|_| Http::new(TIMEOUT, Arc::new(RequestLog::default())))
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Publishing {
    /// Starts the worker; it waits for the database to be open before its first round.
    pub fn start(&self, app: &AppHandle) -> std::io::Result<()> {
        let (tx, rx) = mpsc::channel();
        *lock(&self.signal) = Some(tx);
        let app = app.clone();
        std::thread::Builder::new()
            .name("outbox-worker".into())
            .spawn(move || run(app, rx))?;
        Ok(())
    }

    /// Another site is open: what the worker saw of the last one's portals no longer holds, and
    /// its next round is for the new site.
    pub fn site_changed(&self) {
        *lock(&self.seen) = Seen::default();
        self.wake();
    }

    /// Something may have been queued (a save, a status change): the worker looks now.
    pub fn wake(&self) {
        if let Some(tx) = lock(&self.signal).as_ref() {
            let _ = tx.send(Signal::Wake);
        }
    }

    fn renew(&self) {
        if let Some(tx) = lock(&self.signal).as_ref() {
            let _ = tx.send(Signal::Renew);
        }
    }

    /// The indicator's status: counts from the database, connectivity from the worker.
    pub fn status(&self, db: &Db) -> Result<SyncStatus, Error> {
        let mut status = SyncStatus::from_states(db.targets()?, &db.publication_states()?);
        let seen = lock(&self.seen);
        status.connectivity = seen.connectivity;
        status.last_problem = seen.last_problem.clone();
        Ok(status)
    }

    fn saw(&self, p: &Progress) {
        let mut seen = lock(&self.seen);
        match p.answered {
            Some(true) => seen.connectivity = Connectivity::Online,
            Some(false) => seen.connectivity = Connectivity::Offline,
            None => {}
        }
        seen.last_problem = None;
    }

    fn problem(&self, e: &Error, lang: Lang) {
        let mut seen = lock(&self.seen);
        if e.kind() == ErrorKind::Network {
            seen.connectivity = Connectivity::Offline;
        }
        seen.last_problem = Some(e.message(lang));
    }

    /// Remembers a request to authorize `name` at `url`; returns the page to open in the browser.
    pub fn begin_authorization(&self, db_path: &Path, name: &str, url: &str) -> Result<String, Error> {
        let portal = newsdesk_sync::WordPress::new(http(db_path), name, url, "", &newsdesk_sync::Secret::new(""));
        // The portal is checked before the browser opens: a wrong address is said here, not in the browser.
        let page = portal.authorization_page()?;
        let request = uuid::Uuid::now_v7().simple().to_string();
        let open =
            authorize::page_url(&page, &request, &authorize::app_name(Utc::now())).map_err(|e| Error::Remote {
                url: page.clone(),
                problem: RemoteProblem::Unreadable(e.to_string()),
            })?;
        let mut pending = lock(&self.pending);
        // One request per target name: asking again replaces the older one.
        pending.retain(|p| p.name != name.trim());
        pending.push(Pending {
            request,
            name: name.trim().to_string(),
            url: url.trim().to_string(),
        });
        Ok(open)
    }

    fn take_pending(&self, request: &str) -> Option<Pending> {
        let mut pending = lock(&self.pending);
        let at = pending.iter().position(|p| p.request == request)?;
        Some(pending.remove(at))
    }
}

/// The worker's loop: rounds until the queue has nothing due, then rest until woken or `IDLE`.
/// It works for the open site: after a switch its next round opens a worker on the new file.
fn run(app: AppHandle, rx: Receiver<Signal>) {
    let state = app.state::<AppState>();
    let mut worker: Option<(PathBuf, Worker)> = None;
    let stop = AtomicBool::new(false);
    // The first round waits while the window starts, unless something is queued first: it
    // builds an HTTP client and opens a connection, and on two cores the starting webview
    // needs the CPU more than a round that, at launch, mostly finds nothing to push.
    if let Err(RecvTimeoutError::Disconnected) = rx.recv_timeout(LAUNCH_QUIET) {
        return;
    }
    loop {
        // Opening migrates the database: the worker's own connection must come after. When
        // opening failed, the worker waits for the editor to open another site.
        if let Ok(site) = state.site() {
            let lang = state.lang();
            if worker.as_ref().is_some_and(|(path, _)| *path != site.path) {
                worker = None;
            }
            if worker.is_none() {
                let setup = WorkerSetup {
                    owner: format!("app-{}", std::process::id()),
                    http: http(&site.path),
                    credentials: Box::new(credentials::load),
                    clock: Box::new(Utc::now),
                    jitter: newsdesk_sync::worker::edge_jitter(),
                    lease: LEASE,
                    lang,
                };
                match Worker::open(&site.path, setup) {
                    Ok(w) => worker = Some((site.path.clone(), w)),
                    Err(e) => state.publishing.problem(&e, lang),
                }
            }
            // The worker has its own connection: the site itself need not stay open for it.
            drop(site);
            if let Some((_, w)) = worker.as_mut() {
                let mut report = |p: &Progress| {
                    state.publishing.saw(p);
                    let _ = app.emit(
                        "publication-changed",
                        Changed {
                            article: p.article.to_string(),
                        },
                    );
                };
                if let Err(e) = w.run_until_idle(Scope::default(), &stop, &mut report) {
                    state.publishing.problem(&e, lang);
                }
                let _ = app.emit("sync-changed", ());
            }
        }
        match rx.recv_timeout(IDLE) {
            Ok(Signal::Wake) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Signal::Renew) => {
                if let Some((_, w)) = worker.as_mut() {
                    w.forget_credentials();
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // Several saves in a row wake once.
        while rx.try_recv().is_ok() {}
    }
}

/// The result of an authorization, for the window (the event `target-authorized`).
#[derive(Debug, Clone, Serialize)]
struct Authorized {
    name: String,
    /// Set when it failed: what went wrong, in the editor's language.
    error: Option<WireError>,
}

/// Handles addresses the OS handed to the app (`newsdesk://…`); others are ignored.
pub fn open_urls(app: &AppHandle, urls: Vec<String>) {
    for url in urls {
        let Some(answer) = authorize::read_callback(&url) else {
            continue;
        };
        let app = app.clone();
        // The portal is checked over the network: never on the main thread.
        std::thread::spawn(move || {
            let state = app.state::<AppState>();
            let lang = state.lang();
            let (name, result) = match state.publishing.take_pending(answer.request()) {
                None => (
                    String::new(),
                    Err(Error::Remote {
                        url: url_site(&answer),
                        problem: RemoteProblem::AuthorizationUnasked,
                    }),
                ),
                Some(pending) => {
                    let result = store_answer(&state, &pending, &answer);
                    (pending.name, result)
                }
            };
            if result.is_ok() {
                state.publishing.renew();
                state.publishing.wake();
            }
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
            let _ = app.emit(
                "target-authorized",
                Authorized {
                    name,
                    error: result.err().map(|e| e.to_wire(lang)),
                },
            );
        });
    }
}

fn url_site(answer: &Answer) -> String {
    match answer {
        Answer::Approved { site_url, .. } => site_url.clone(),
        Answer::Rejected { .. } => String::new(),
    }
}

/// An approval becomes a target (or renews one that exists); a refusal adds nothing. The portal
/// is checked with no database lock held, so the editor's saves never wait for the network.
fn store_answer(state: &AppState, pending: &Pending, answer: &Answer) -> Result<(), Error> {
    let Answer::Approved {
        user_login, password, ..
    } = answer
    else {
        return Err(Error::Remote {
            url: pending.url.clone(),
            problem: RemoteProblem::AuthorizationRejected,
        });
    };
    let account = connect::Account {
        name: &pending.name,
        // The address the editor typed, where the authorization page was found.
        url: &pending.url,
        user: user_login,
        secret: password,
    };
    let site = state.site().map_err(|e| database_gone(&e, state))?;
    connect::check(http(&site.path), &account)?;
    let mut db = site.db();
    match db.targets()?.into_iter().find(|t| t.name == pending.name) {
        Some(target) => connect::renew_checked(&mut db, &target, user_login, password),
        None => connect::add_checked(&mut db, &account, connect::Keep::Keychain, Utc::now()).map(|_| ()),
    }
}

/// The database failed to open: its error again, as an owned one.
pub fn database_gone(e: &Error, state: &AppState) -> Error {
    Error::io(&state.home_db, std::io::Error::other(e.message(state.lang())))
}
