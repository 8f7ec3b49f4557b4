//! The commands the UI invokes: each takes the state, makes one core call and maps the error.
//!
//! Every command that touches the database is async and does its work on a blocking thread, so
//! the main thread, which paints the window and takes the editor's keys, never waits for it.

use std::path::Path;
use std::sync::MutexGuard;

use chrono::Utc;
use newsdesk_core::error::WireError;
use newsdesk_core::export::{ExportProgress, ExportReport};
use newsdesk_core::ipc::{ArticleListing, Workspace};
use newsdesk_core::media::{PhotoPatch, StripPhoto};
use newsdesk_core::preview::Preview;
use newsdesk_core::{
    Article, ArticleFilter, ArticleId, ArticlePatch, Channel, Db, Error, Lang, RevisionSummary, SaveKind,
};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::AppState;

type Reply<T> = Result<T, WireError>;

fn wire(state: &AppState) -> impl Fn(Error) -> WireError + '_ {
    move |e| e.to_wire(state.lang())
}

fn id(state: &AppState, id: &str) -> Reply<ArticleId> {
    id.parse().map_err(wire(state))
}

/// The database, waiting while it is still being opened at launch.
fn db(state: &AppState) -> Reply<MutexGuard<'_, Db>> {
    state.db().map_err(|e| e.to_wire(state.lang()))
}

/// Runs a command's work on the async runtime's blocking pool. It takes the app handle rather
/// than `State`, because a blocking task outlives the borrow a `State` holds.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppState) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    let state = app.state::<AppState>();
    let (lang, db_path) = (state.lang(), state.db_path.clone());
    let task = app.clone();
    tauri::async_runtime::spawn_blocking(move || work(&task.state::<AppState>()))
        .await
        .unwrap_or_else(|_| {
            // A panic inside the core: its transaction was rolled back, nothing half-stored.
            let stopped = std::io::Error::other("the command stopped before it finished; try again");
            Err(Error::io(db_path, stopped).to_wire(lang))
        })
}

#[tauri::command]
pub async fn workspace(app: AppHandle) -> Reply<Workspace> {
    blocking(app, |state| {
        Workspace::of(&*db(state)?, &state.db_path, state.system_lang).map_err(wire(state))
    })
    .await
}

/// No database here: a quick lock on the main thread is cheaper than a trip to a worker.
#[tauri::command]
pub fn set_lang(state: State<'_, AppState>, lang: Lang) {
    state.set_lang(lang);
}

#[tauri::command]
pub async fn list_articles(app: AppHandle, filter: ArticleFilter) -> Reply<ArticleListing> {
    blocking(app, move |state| {
        ArticleListing::of(&*db(state)?, &filter).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn get_article(app: AppHandle, id: String) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?.article(id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn create_article(app: AppHandle, input: ArticlePatch) -> Reply<Article> {
    blocking(app, move |state| {
        db(state)?
            .create_article(ArticleId::generate(), &input, Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn save_article(app: AppHandle, id: String, patch: ArticlePatch, kind: SaveKind) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?
            .save_article(id, &patch, kind, Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn duplicate_article(app: AppHandle, id: String) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?
            .duplicate_article(id, ArticleId::generate(), Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn trash_article(app: AppHandle, id: String) -> Reply<()> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?.trash_article(id, Utc::now()).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn untrash_article(app: AppHandle, id: String) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?.untrash_article(id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_history(app: AppHandle, id: String) -> Reply<Vec<RevisionSummary>> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?.history(id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_revision(app: AppHandle, id: String, revision: i64) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?.revision(id, revision).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn restore_revision(app: AppHandle, id: String, revision: i64) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        db(state)?
            .restore_revision(id, revision, Utc::now())
            .map_err(wire(state))
    })
    .await
}

/// The page exactly as export writes it; the window shows it through the `newsdesk-page` protocol.
#[tauri::command]
pub async fn preview_article(app: AppHandle, id: String, patch: ArticlePatch) -> Reply<Preview> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        newsdesk_core::preview::preview_as_exported(&*db(state)?, id, &patch, state.lang(), Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn suggest_slug(app: AppHandle, title: String, id: Option<String>) -> Reply<String> {
    blocking(app, move |state| {
        let id = id.map(|i| self::id(state, &i)).transpose()?;
        db(state)?.suggest_slug(&title, id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn known_outlets(app: AppHandle) -> Reply<Vec<String>> {
    blocking(app, |state| db(state)?.known_outlets().map_err(wire(state))).await
}

#[tauri::command]
pub async fn update_site(app: AppHandle, name: String, base_url: String, time_zone: String) -> Reply<Workspace> {
    blocking(app, move |state| {
        let mut db = db(state)?;
        db.rename_site(&name, &base_url, &time_zone).map_err(wire(state))?;
        Workspace::of(&db, &state.db_path, state.system_lang).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn add_channel(app: AppHandle, name: String, slug: Option<String>) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        let mut db = db(state)?;
        db.add_channel(&name, slug.as_deref()).map_err(wire(state))?;
        db.channels().map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn rename_channel(app: AppHandle, channel: String, new_name: String) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        let mut db = db(state)?;
        db.rename_channel(&channel, &new_name).map_err(wire(state))?;
        db.channels().map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn reorder_channels(app: AppHandle, order: Vec<String>) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        db(state)?.reorder_channels(&order).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_photos(app: AppHandle, article: String) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        db(state)?.photo_strip(&state.media, article).map_err(wire(state))
    })
    .await
}

/// Decoding and resizing a photo take a moment, so the import runs on a blocking thread and on
/// the import connection: the window, the autosaves and the preview go on meanwhile.
#[tauri::command]
pub async fn import_photo(app: AppHandle, article: String, file: String) -> Reply<Vec<StripPhoto>> {
    let lang = app.state::<AppState>().lang();
    let path = file.clone();
    let import = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let article = id(&state, &article)?;
        state
            .with_long_job_db(|db| db.import_into_strip(&state.media, article, Path::new(&path), Utc::now()))
            .map_err(wire(&state))
    });
    import.await.unwrap_or_else(|_| {
        let stopped = std::io::Error::other("the import stopped before it finished; nothing was stored");
        Err(Error::io(&file, stopped).to_wire(lang))
    })
}

#[tauri::command]
pub async fn update_photo(app: AppHandle, article: String, photo: String, patch: PhotoPatch) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        db(state)?
            .edit_strip_photo(&state.media, article, &photo, &patch)
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn detach_photo(app: AppHandle, article: String, photo: String) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        db(state)?
            .detach_from_strip(&state.media, article, &photo)
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn set_lead_photo(app: AppHandle, article: String, photo: Option<String>) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        db(state)?
            .choose_lead_photo(&state.media, article, photo.as_deref())
            .map_err(wire(state))
    })
    .await
}

/// Exports the static site into `out` on the background connection, reporting progress to the
/// window as `export-progress` events (at most a hundred of them, however large the site).
#[tauri::command]
pub async fn export_site(app: AppHandle, out: String, full: bool) -> Reply<ExportReport> {
    let lang = app.state::<AppState>().lang();
    let target = out.clone();
    let run = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let progress = |done: usize, total: usize| {
            if done == total || done.is_multiple_of((total / 100).max(1)) {
                let _ = app.emit(
                    "export-progress",
                    ExportProgress {
                        done: done as u32,
                        total: total as u32,
                    },
                );
            }
        };
        state
            .with_long_job_db(|db| {
                newsdesk_core::export::export_site(
                    db,
                    &state.media,
                    Path::new(&out),
                    full,
                    chrono::Utc::now(),
                    &progress,
                )
            })
            .map_err(wire(&state))
    });
    run.await.unwrap_or_else(|_| {
        let stopped = std::io::Error::other("the export stopped before it finished; run it again");
        Err(Error::io(&target, stopped).to_wire(lang))
    })
}
