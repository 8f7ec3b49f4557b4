//! The commands the UI invokes: each takes the state, makes one core call and maps the error.

use std::path::Path;

use chrono::Utc;
use newsdesk_core::error::WireError;
use newsdesk_core::export::{ExportProgress, ExportReport};
use newsdesk_core::ipc::{ArticleListing, Workspace};
use newsdesk_core::media::{PhotoPatch, StripPhoto};
use newsdesk_core::preview::Preview;
use newsdesk_core::{Article, ArticleFilter, ArticleId, ArticlePatch, Channel, Error, Lang, RevisionSummary, SaveKind};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::AppState;

type Reply<T> = Result<T, WireError>;

fn wire(state: &AppState) -> impl Fn(Error) -> WireError + '_ {
    move |e| e.to_wire(state.lang())
}

fn id(state: &AppState, id: &str) -> Reply<ArticleId> {
    id.parse().map_err(wire(state))
}

#[tauri::command]
pub fn workspace(state: State<'_, AppState>) -> Reply<Workspace> {
    Workspace::of(&state.db(), &state.db_path, state.system_lang).map_err(wire(&state))
}

#[tauri::command]
pub fn set_lang(state: State<'_, AppState>, lang: Lang) {
    state.set_lang(lang);
}

#[tauri::command]
pub fn list_articles(state: State<'_, AppState>, filter: ArticleFilter) -> Reply<ArticleListing> {
    ArticleListing::of(&state.db(), &filter).map_err(wire(&state))
}

#[tauri::command]
pub fn get_article(state: State<'_, AppState>, id: String) -> Reply<Article> {
    let id = self::id(&state, &id)?;
    state.db().article(id).map_err(wire(&state))
}

#[tauri::command]
pub fn create_article(state: State<'_, AppState>, input: ArticlePatch) -> Reply<Article> {
    state
        .db()
        .create_article(ArticleId::generate(), &input, Utc::now())
        .map_err(wire(&state))
}

#[tauri::command]
pub fn save_article(state: State<'_, AppState>, id: String, patch: ArticlePatch, kind: SaveKind) -> Reply<Article> {
    let id = self::id(&state, &id)?;
    state
        .db()
        .save_article(id, &patch, kind, Utc::now())
        .map_err(wire(&state))
}

#[tauri::command]
pub fn duplicate_article(state: State<'_, AppState>, id: String) -> Reply<Article> {
    let id = self::id(&state, &id)?;
    state
        .db()
        .duplicate_article(id, ArticleId::generate(), Utc::now())
        .map_err(wire(&state))
}

#[tauri::command]
pub fn trash_article(state: State<'_, AppState>, id: String) -> Reply<()> {
    let id = self::id(&state, &id)?;
    state.db().trash_article(id, Utc::now()).map_err(wire(&state))
}

#[tauri::command]
pub fn untrash_article(state: State<'_, AppState>, id: String) -> Reply<Article> {
    let id = self::id(&state, &id)?;
    state.db().untrash_article(id).map_err(wire(&state))
}

#[tauri::command]
pub fn article_history(state: State<'_, AppState>, id: String) -> Reply<Vec<RevisionSummary>> {
    let id = self::id(&state, &id)?;
    state.db().history(id).map_err(wire(&state))
}

#[tauri::command]
pub fn article_revision(state: State<'_, AppState>, id: String, revision: i64) -> Reply<Article> {
    let id = self::id(&state, &id)?;
    state.db().revision(id, revision).map_err(wire(&state))
}

#[tauri::command]
pub fn restore_revision(state: State<'_, AppState>, id: String, revision: i64) -> Reply<Article> {
    let id = self::id(&state, &id)?;
    state
        .db()
        .restore_revision(id, revision, Utc::now())
        .map_err(wire(&state))
}

/// The page exactly as export writes it; the window shows it through the `newsdesk-page` protocol.
#[tauri::command]
pub fn preview_article(state: State<'_, AppState>, id: String, patch: ArticlePatch) -> Reply<Preview> {
    let id = self::id(&state, &id)?;
    newsdesk_core::preview::preview_as_exported(&state.db(), id, &patch, state.lang(), chrono::Utc::now())
        .map_err(wire(&state))
}

#[tauri::command]
pub fn suggest_slug(state: State<'_, AppState>, title: String, id: Option<String>) -> Reply<String> {
    let id = id.map(|i| self::id(&state, &i)).transpose()?;
    state.db().suggest_slug(&title, id).map_err(wire(&state))
}

#[tauri::command]
pub fn known_outlets(state: State<'_, AppState>) -> Reply<Vec<String>> {
    state.db().known_outlets().map_err(wire(&state))
}

#[tauri::command]
pub fn update_site(state: State<'_, AppState>, name: String, base_url: String, time_zone: String) -> Reply<Workspace> {
    let mut db = state.db();
    db.rename_site(&name, &base_url, &time_zone).map_err(wire(&state))?;
    Workspace::of(&db, &state.db_path, state.system_lang).map_err(wire(&state))
}

#[tauri::command]
pub fn add_channel(state: State<'_, AppState>, name: String, slug: Option<String>) -> Reply<Vec<Channel>> {
    let mut db = state.db();
    db.add_channel(&name, slug.as_deref()).map_err(wire(&state))?;
    db.channels().map_err(wire(&state))
}

#[tauri::command]
pub fn rename_channel(state: State<'_, AppState>, channel: String, new_name: String) -> Reply<Vec<Channel>> {
    let mut db = state.db();
    db.rename_channel(&channel, &new_name).map_err(wire(&state))?;
    db.channels().map_err(wire(&state))
}

#[tauri::command]
pub fn reorder_channels(state: State<'_, AppState>, order: Vec<String>) -> Reply<Vec<Channel>> {
    state.db().reorder_channels(&order).map_err(wire(&state))
}

#[tauri::command]
pub fn article_photos(state: State<'_, AppState>, article: String) -> Reply<Vec<StripPhoto>> {
    let article = id(&state, &article)?;
    state.db().photo_strip(&state.media, article).map_err(wire(&state))
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
pub fn update_photo(
    state: State<'_, AppState>,
    article: String,
    photo: String,
    patch: PhotoPatch,
) -> Reply<Vec<StripPhoto>> {
    let article = id(&state, &article)?;
    state
        .db()
        .edit_strip_photo(&state.media, article, &photo, &patch)
        .map_err(wire(&state))
}

#[tauri::command]
pub fn detach_photo(state: State<'_, AppState>, article: String, photo: String) -> Reply<Vec<StripPhoto>> {
    let article = id(&state, &article)?;
    state
        .db()
        .detach_from_strip(&state.media, article, &photo)
        .map_err(wire(&state))
}

#[tauri::command]
pub fn set_lead_photo(state: State<'_, AppState>, article: String, photo: Option<String>) -> Reply<Vec<StripPhoto>> {
    let article = id(&state, &article)?;
    state
        .db()
        .choose_lead_photo(&state.media, article, photo.as_deref())
        .map_err(wire(&state))
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
