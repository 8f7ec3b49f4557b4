//! The commands the UI invokes: each takes the state, makes one core call and maps the error.
//!
//! Every command that touches the database is async and does its work on a blocking thread, so
//! the main thread, which paints the window and takes the editor's keys, never waits for it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use newsdesk_core::error::WireError;
use newsdesk_core::export::{ExportProgress, ExportReport};
use newsdesk_core::ipc::{ArticleListing, Workspace};
use newsdesk_core::media::{PhotoPatch, StripPhoto};
use newsdesk_core::preview::Preview;
use newsdesk_core::{
    Article, ArticleFilter, ArticleId, ArticlePatch, Channel, Db, Error, ErrorKind, FieldChange, Lang, RevisionSummary,
    SaveKind,
};
use tauri::{AppHandle, Emitter, Manager, State};

use newsdesk_core::publishing::Resolution;
use newsdesk_core::repost::RepostReview;
use newsdesk_core::sites::{self, NewSite, SiteList};
use newsdesk_core::sync_status::{ArticlePublication, ConflictChoice, ConflictView, PullSummary, SyncStatus};
use newsdesk_core::time::TimeReading;
use newsdesk_extract::{Input, Options, extract_with};
use newsdesk_sync::connect;

use crate::state::{AppState, OpenSite};
use crate::{browser, publishing};

type Reply<T> = Result<T, WireError>;

fn wire(state: &AppState) -> impl Fn(Error) -> WireError + '_ {
    move |e| e.to_wire(state.lang())
}

fn id(state: &AppState, id: &str) -> Reply<ArticleId> {
    id.parse().map_err(wire(state))
}

/// The open site, waiting while it is still being opened at launch. A command keeps the site it
/// started with to its end, whatever the editor opens meanwhile.
fn site(state: &AppState) -> Reply<Arc<OpenSite>> {
    state.site().map_err(|e| e.to_wire(state.lang()))
}

/// Runs a command's work on the async runtime's blocking pool. It takes the app handle rather
/// than `State`, because a blocking task outlives the borrow a `State` holds.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    work: impl FnOnce(&AppState) -> Reply<T> + Send + 'static,
) -> Reply<T> {
    let state = app.state::<AppState>();
    let (lang, db_path) = (state.lang(), state.home_db.clone());
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
        let site = site(state)?;
        Workspace::of(&site.db(), &site.path, state.system_lang).map_err(wire(state))
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
        ArticleListing::of(&site(state)?.db(), &filter).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn get_article(app: AppHandle, id: String) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().article(id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn create_article(app: AppHandle, input: ArticlePatch) -> Reply<Article> {
    blocking(app, move |state| {
        site(state)?
            .db()
            .create_article(ArticleId::generate(), &input, Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn save_article(app: AppHandle, id: String, patch: ArticlePatch, kind: SaveKind) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let saved = site(state)?
            .db()
            .save_article(id, &patch, kind, Utc::now())
            .map_err(wire(state))?;
        // A save that closes a revision may have queued a push; an autosave never does.
        if kind.closes() {
            state.publishing.wake();
        }
        Ok(saved)
    })
    .await
}

#[tauri::command]
pub async fn duplicate_article(app: AppHandle, id: String) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?
            .db()
            .duplicate_article(id, ArticleId::generate(), Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn trash_article(app: AppHandle, id: String) -> Reply<()> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().trash_article(id, Utc::now()).map_err(wire(state))?;
        state.publishing.wake();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn untrash_article(app: AppHandle, id: String) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().untrash_article(id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_history(app: AppHandle, id: String) -> Reply<Vec<RevisionSummary>> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().history(id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_revision(app: AppHandle, id: String, revision: i64) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().revision(id, revision).map_err(wire(state))
    })
    .await
}

/// What differs between a revision and the article now, the body aside.
#[tauri::command]
pub async fn revision_changes(app: AppHandle, id: String, revision: i64) -> Reply<Vec<FieldChange>> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().revision_changes(id, revision).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn restore_revision(app: AppHandle, id: String, revision: i64) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let restored = site(state)?
            .db()
            .restore_revision(id, revision, Utc::now())
            .map_err(wire(state))?;
        state.publishing.wake();
        Ok(restored)
    })
    .await
}

/// Takes back the restore that wrote `revision` while it is the newest revision.
#[tauri::command]
pub async fn undo_restore(app: AppHandle, id: String, revision: i64) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let undone = site(state)?
            .db()
            .undo_restore(id, revision, Utc::now())
            .map_err(wire(state))?;
        state.publishing.wake();
        Ok(undone)
    })
    .await
}

/// The page exactly as export writes it; the window shows it through the `newsdesk-page` protocol.
#[tauri::command]
pub async fn preview_article(app: AppHandle, id: String, patch: ArticlePatch) -> Reply<Preview> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        newsdesk_core::preview::preview_as_exported(&site(state)?.db(), id, &patch, state.lang(), Utc::now())
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn suggest_slug(app: AppHandle, title: String, id: Option<String>) -> Reply<String> {
    blocking(app, move |state| {
        let id = id.map(|i| self::id(state, &i)).transpose()?;
        site(state)?.db().suggest_slug(&title, id).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn known_outlets(app: AppHandle) -> Reply<Vec<String>> {
    blocking(app, |state| site(state)?.db().known_outlets().map_err(wire(state))).await
}

#[tauri::command]
pub async fn update_site(app: AppHandle, name: String, base_url: String, time_zone: String) -> Reply<Workspace> {
    blocking(app, move |state| {
        let site = site(state)?;
        let mut db = site.db();
        db.rename_site(&name, &base_url, &time_zone).map_err(wire(state))?;
        Workspace::of(&db, &site.path, state.system_lang).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn add_channel(app: AppHandle, name: String, slug: Option<String>) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        let site = site(state)?;
        let mut db = site.db();
        db.add_channel(&name, slug.as_deref()).map_err(wire(state))?;
        db.channels().map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn rename_channel(app: AppHandle, channel: String, new_name: String) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        let site = site(state)?;
        let mut db = site.db();
        db.rename_channel(&channel, &new_name).map_err(wire(state))?;
        db.channels().map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn reorder_channels(app: AppHandle, order: Vec<String>) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        site(state)?.db().reorder_channels(&order).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_photos(app: AppHandle, article: String) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        let site = site(state)?;
        site.db().photo_strip(&site.media, article).map_err(wire(state))
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
        let site = site(&state)?;
        site.with_long_job_db(|db| db.import_into_strip(&site.media, article, Path::new(&path), Utc::now()))
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
        let site = site(state)?;
        site.db()
            .edit_strip_photo(&site.media, article, &photo, &patch)
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn detach_photo(app: AppHandle, article: String, photo: String) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        let site = site(state)?;
        site.db()
            .detach_from_strip(&site.media, article, &photo)
            .map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn set_lead_photo(app: AppHandle, article: String, photo: Option<String>) -> Reply<Vec<StripPhoto>> {
    blocking(app, move |state| {
        let article = id(state, &article)?;
        let site = site(state)?;
        site.db()
            .choose_lead_photo(&site.media, article, photo.as_deref())
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
        let site = site(&state)?;
        site.with_long_job_db(|db| {
            newsdesk_core::export::export_site(db, &site.media, Path::new(&out), full, chrono::Utc::now(), &progress)
        })
        .map_err(wire(&state))
    });
    run.await.unwrap_or_else(|_| {
        let stopped = std::io::Error::other("the export stopped before it finished; run it again");
        Err(Error::io(&target, stopped).to_wire(lang))
    })
}

// Publishing: the targets, the queue's state, conflicts, and connecting a portal.

#[tauri::command]
pub async fn sync_status(app: AppHandle) -> Reply<SyncStatus> {
    blocking(app, |state| {
        state.publishing.status(&site(state)?.db()).map_err(wire(state))
    })
    .await
}

#[tauri::command]
pub async fn article_publications(app: AppHandle, id: String) -> Reply<Vec<ArticlePublication>> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        site(state)?.db().article_publications(id).map_err(wire(state))
    })
    .await
}

/// Plans every article on every target again (what is stale is queued) and wakes the worker.
#[tauri::command]
pub async fn push_now(app: AppHandle) -> Reply<SyncStatus> {
    blocking(app, |state| {
        let site = site(state)?;
        site.with_long_job_db(|db| db.plan_pushes(None, None, Utc::now()))
            .map_err(wire(state))?;
        state.publishing.wake();
        state.publishing.status(&site.db()).map_err(wire(state))
    })
    .await
}

/// Lifts a hold on an item the portal refused, once the editor fixed it or wants another try.
#[tauri::command]
pub async fn retry_publication(app: AppHandle, id: String, target: i64) -> Reply<Vec<ArticlePublication>> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let site = site(state)?;
        let mut db = site.db();
        db.retry_parked(id, target, Utc::now()).map_err(wire(state))?;
        state.publishing.wake();
        db.article_publications(id).map_err(wire(state))
    })
    .await
}

/// Ours beside the portal's copy, both bodies as Markdown.
#[tauri::command]
pub async fn conflict_view(app: AppHandle, id: String, target: i64) -> Reply<ConflictView> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let site = site(state)?;
        let db = site.db();
        newsdesk_sync::pull::conflict_view(&db, id, target).map_err(wire(state))
    })
    .await
}

/// Settles a conflict as the editor chose: keep ours (pushed over theirs), take theirs (a new
/// revision of ours), or the text merged by hand (`title`, `body`), which is pushed.
#[tauri::command]
pub async fn resolve_conflict(
    app: AppHandle,
    id: String,
    target: i64,
    choice: ConflictChoice,
    title: Option<String>,
    body: Option<String>,
) -> Reply<Article> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let site = site(state)?;
        let mut db = site.db();
        let resolution = match choice {
            ConflictChoice::Ours => Resolution::KeepOurs,
            ConflictChoice::Theirs => {
                let view = newsdesk_sync::pull::conflict_view(&db, id, target).map_err(wire(state))?;
                Resolution::TakeTheirs {
                    title: view.theirs_title,
                    body: view.theirs_body,
                }
            }
            ConflictChoice::Merged => Resolution::Merge {
                title: title.unwrap_or_default(),
                body: body.unwrap_or_default(),
            },
        };
        let article = db
            .resolve_conflict(id, target, &resolution, Utc::now())
            .map_err(wire(state))?;
        state.publishing.wake();
        Ok(article)
    })
    .await
}

/// Adds a portal with a user and an application password typed by hand (the fallback to
/// authorizing in the browser). The portal is checked before the database is touched.
#[tauri::command]
pub async fn add_target(
    app: AppHandle,
    name: String,
    url: String,
    user: String,
    password: String,
) -> Reply<SyncStatus> {
    blocking(app, move |state| {
        let secret = newsdesk_sync::Secret::new(&password);
        let account = connect::Account {
            name: &name,
            url: &url,
            user: &user,
            secret: &secret,
        };
        let site = site(state)?;
        // No lock on the database while the portal is asked.
        connect::check(publishing::http(&site.path), &account).map_err(wire(state))?;
        let mut db = site.db();
        connect::add_checked(&mut db, &account, connect::Keep::Keychain, Utc::now()).map_err(wire(state))?;
        state.publishing.wake();
        state.publishing.status(&db).map_err(wire(state))
    })
    .await
}

/// Removes a portal, its queue and its password; its posts stay on the portal.
#[tauri::command]
pub async fn remove_target(app: AppHandle, name: String) -> Reply<SyncStatus> {
    blocking(app, move |state| {
        let site = site(state)?;
        let mut db = site.db();
        let target = db.target(&name).map_err(wire(state))?;
        newsdesk_sync::credentials::forget(&target).map_err(wire(state))?;
        db.remove_target(&name).map_err(wire(state))?;
        state.publishing.status(&db).map_err(wire(state))
    })
    .await
}

/// Opens the portal's authorization page in the system browser; the answer comes back through
/// `newsdesk://auth/callback` as a `target-authorized` event. Returns the page's address, for
/// the editor to open by hand when no browser starts.
#[tauri::command]
pub async fn authorize_target(app: AppHandle, name: String, url: String) -> Reply<String> {
    let handle = app.clone();
    blocking(app, move |state| {
        let site = site(state)?;
        let page = state
            .publishing
            .begin_authorization(&site.path, &name, &url)
            .map_err(wire(state))?;
        // Not opening is not a failure: the window shows the address to open by hand.
        let _ = browser::open(&handle, &page);
        Ok(page)
    })
    .await
}

/// Opens a published post (or any web address) in the system browser.
#[tauri::command]
pub async fn open_in_browser(app: AppHandle, url: String) -> Reply<()> {
    let handle = app.clone();
    blocking(app, move |state| browser::open(&handle, &url).map_err(wire(state))).await
}

/// Brings the portal's posts into the database, reporting `pull-progress` per page.
#[tauri::command]
pub async fn pull_target(app: AppHandle, name: String) -> Reply<PullSummary> {
    let lang = app.state::<AppState>().lang();
    let run = tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let site = site(&state)?;
        let target = site.db().target(&name).map_err(wire(&state))?;
        let secret = newsdesk_sync::credentials::load(&target).map_err(wire(&state))?;
        let portal = newsdesk_sync::WordPress::new(
            publishing::http(&site.path),
            &target.name,
            &target.url,
            &target.user,
            &secret,
        );
        let report = site
            .with_long_job_db(|db| {
                newsdesk_sync::pull::pull(
                    db,
                    &site.media,
                    &portal,
                    &target,
                    &mut ArticleId::generate,
                    Utc::now(),
                    &mut |page, pages| {
                        let _ = app.emit(
                            "pull-progress",
                            ExportProgress {
                                done: page,
                                total: pages,
                            },
                        );
                    },
                )
            })
            .map_err(wire(&state))?;
        Ok(PullSummary {
            created: report.created as u32,
            updated: report.updated as u32,
            unchanged: report.unchanged as u32,
            conflicts: report.conflicts as u32,
            photos_downloaded: report.photos_downloaded as u32,
            left_out: report.left_out(state.lang()),
        })
    });
    run.await.unwrap_or_else(|_| {
        let stopped = std::io::Error::other("the pull stopped before it finished; run it again");
        Err(Error::io("pull", stopped).to_wire(lang))
    })
}

// Reposts (转载): a page read into fields for the editor to check; saved with `create_article`.

/// A page the import refused, as the window shows it.
fn extract_wire(e: &newsdesk_extract::ExtractError, lang: Lang) -> WireError {
    WireError {
        kind: ErrorKind::Import,
        message: e.message(lang),
    }
}

/// `address`: where the page was fetched from, which completes it (`repost::at_address`).
fn review_of(state: &AppState, input: Input<'_>, address: Option<&str>) -> Reply<RepostReview> {
    let lang = state.lang();
    let site = site(state)?;
    let db = site.db();
    let zone = db.site().map_err(wire(state))?.zone();
    let options = Options {
        simplified: false,
        tidy: true,
    };
    let now = Utc::now();
    let mut extraction = extract_with(input, zone, now, options).map_err(|e| extract_wire(&e, lang))?;
    if let Some(url) = address {
        newsdesk_sync::repost::at_address(&mut extraction, url, zone, now);
    }
    let same = db
        .same_repost(
            extraction.source_url.as_ref().map(|f| f.value.as_str()),
            extraction.title.as_ref().map(|f| f.value.as_str()),
            &extraction.body,
        )
        .map_err(wire(state))?;
    let mut review = extraction.review(lang, same);
    // The figures keep the page's credits, so the photos made from them carry those credits.
    review.body = newsdesk_sync::repost::credited_figures(&extraction);
    Ok(review)
}

/// Reads the clipboard's HTML (as a browser, Word or WeChat copies a page), else its text, into
/// a repost for review.
#[tauri::command]
pub async fn repost_from_clipboard(app: AppHandle) -> Reply<RepostReview> {
    blocking(app, |state| {
        let nothing = || WireError {
            kind: ErrorKind::Import,
            message: newsdesk_extract::ExtractError::NothingPasted.message(state.lang()),
        };
        let mut clipboard = arboard::Clipboard::new().map_err(|_| nothing())?;
        if let Ok(html) = clipboard.get().html()
            && !html.trim().is_empty()
        {
            return review_of(state, Input::Html(&html), None);
        }
        match clipboard.get_text() {
            Ok(text) if !text.trim().is_empty() => review_of(state, Input::Text(&text), None),
            _ => Err(nothing()),
        }
    })
    .await
}

/// Reads a saved page (`.html`, `.htm`, `.txt`, any encoding) into a repost for review.
#[tauri::command]
pub async fn repost_from_file(app: AppHandle, file: String) -> Reply<RepostReview> {
    blocking(app, move |state| {
        let name = Path::new(&file)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let io = |e| Error::io(&file, e).to_wire(state.lang());
        let len = std::fs::metadata(&file).map_err(io)?.len();
        newsdesk_extract::check_file_size(&name, len).map_err(|e| extract_wire(&e, state.lang()))?;
        let bytes = std::fs::read(&file).map_err(io)?;
        review_of(
            state,
            Input::File {
                name: &name,
                bytes: &bytes,
            },
            None,
        )
    })
    .await
}

/// Fetches the page at a web address (as `newsdesk import URL` does) and reads it into a
/// repost for review. The fetch runs on a blocking thread with no database lock held; its
/// remote images are downloaded once the draft is saved (`fetch_article_images`).
#[tauri::command]
pub async fn repost_from_url(app: AppHandle, url: String) -> Reply<RepostReview> {
    blocking(app, move |state| {
        let url = url.trim();
        newsdesk_core::site::check_web_url("page.url", url).map_err(wire(state))?;
        let http = publishing::http(&site(state)?.path);
        let bytes = newsdesk_sync::repost::fetch(&http, url).map_err(wire(state))?;
        let name = newsdesk_sync::repost::page_name(url);
        review_of(
            state,
            Input::File {
                name: &name,
                bytes: &bytes,
            },
            Some(url),
        )
    })
    .await
}

/// The editor's plain paste into the body: the clipboard's HTML or lines as Markdown paragraphs.
#[tauri::command]
pub async fn paste_as_markdown(app: AppHandle, html: Option<String>, text: String) -> Reply<String> {
    blocking(app, move |_| {
        Ok(newsdesk_extract::paste::paste_as_markdown(html.as_deref(), &text))
    })
    .await
}

/// Reads a time as the editor typed it (`2021/9/13 2:43:08`, `2021年9月13日`, `2020-08-12`…) in
/// the site's zone, for the date boxes: the core's one reading, so the box and a save agree.
#[tauri::command]
pub async fn read_time(app: AppHandle, text: String) -> Reply<TimeReading> {
    blocking(app, move |state| {
        let zone = site(state)?.db().site().map_err(wire(state))?.zone();
        TimeReading::of(&text, zone).map_err(wire(state))
    })
    .await
}

/// Opens the folder a site was exported into, in the system's file manager.
#[tauri::command]
pub async fn open_folder(app: AppHandle, path: String) -> Reply<()> {
    let handle = app.clone();
    blocking(app, move |state| {
        browser::open_folder(&handle, &path).map_err(wire(state))
    })
    .await
}

/// The site's page settings the window edits: the footer lines (contact, the ICP filing number)
/// and the theme folder ("" for the built-in theme).
#[tauri::command]
pub async fn update_site_pages(app: AppHandle, footer: String, theme_dir: String) -> Reply<Workspace> {
    blocking(app, move |state| {
        let site = site(state)?;
        let mut db = site.db();
        db.set_site_pages(Some(&footer), Some(&theme_dir), None)
            .map_err(wire(state))?;
        Workspace::of(&db, &site.path, state.system_lang).map_err(wire(state))
    })
    .await
}

/// Deletes a channel; its articles (the trash's too) move to `move_to` first.
#[tauri::command]
pub async fn delete_channel(app: AppHandle, channel: String, move_to: Option<String>) -> Reply<Vec<Channel>> {
    blocking(app, move |state| {
        let site = site(state)?;
        let mut db = site.db();
        db.delete_channel(&channel, move_to.as_deref()).map_err(wire(state))?;
        db.channels().map_err(wire(state))
    })
    .await
}

/// Deletes the trash for good; photos go with it only when no live article shows them. Returns
/// how many articles were deleted.
#[tauri::command]
pub async fn empty_trash(app: AppHandle) -> Reply<u32> {
    blocking(app, |state| {
        let site = site(state)?;
        let emptied = site
            .with_long_job_db(|db| newsdesk_core::media::empty_trash(db, &site.media))
            .map_err(wire(state))?;
        Ok(emptied.articles as u32)
    })
    .await
}

/// Downloads the remote images of an article's body into the photo store (a repost just saved),
/// attaches them and points its figures at them. Returns the article as it is now and the
/// addresses that could not be downloaded (their figures stay, visibly remote).
#[tauri::command]
pub async fn fetch_article_images(app: AppHandle, id: String) -> Reply<(Article, Vec<String>)> {
    blocking(app, move |state| {
        let id = self::id(state, &id)?;
        let site = site(state)?;
        let http = publishing::http(&site.path);
        // The long jobs' connection: the downloads take a while and the editor keeps typing.
        let local = site
            .with_long_job_db(|db| newsdesk_sync::repost::localize_images(db, &site.media, &http, id, Utc::now()))
            .map_err(wire(state))?;
        let article = site.db().article(id).map_err(wire(state))?;
        Ok((article, local.failed))
    })
    .await
}

/// The Edit menu's undo, redo, cut, copy, paste or select all, run as the keyboard would run it
/// in the focused field; false when this system leaves it to the page.
#[tauri::command]
pub fn edit_command(window: tauri::WebviewWindow, which: String) -> Reply<bool> {
    crate::editing::run(&window, &which).map_err(|e| {
        let lang = window.state::<AppState>().lang();
        newsdesk_core::Error::io("webview", std::io::Error::other(e.to_string())).to_wire(lang)
    })
}

// Sites: the File menu's 新建站点, 打开站点 and 最近的站点.

/// The recent sites, most recent first, and which of them is open.
#[tauri::command]
pub async fn recent_sites(app: AppHandle) -> Reply<SiteList> {
    blocking(app, |state| state.recent_sites().map_err(wire(state))).await
}

/// The recent sites left once the entries whose file is gone are taken off (File menu).
#[tauri::command]
pub async fn forget_missing_sites(app: AppHandle) -> Reply<SiteList> {
    blocking(app, |state| state.forget_missing_sites().map_err(wire(state))).await
}

/// A free file for a new site named `name`, beside the desk's own database.
#[tauri::command]
pub async fn suggest_site_path(app: AppHandle, name: String) -> Reply<String> {
    blocking(app, move |state| {
        Ok(sites::suggested_path(&sites_folder(state), &name).display().to_string())
    })
    .await
}

/// Starts a site in a new file at `path` and opens it in the window, in place of the open one.
#[tauri::command]
pub async fn create_site(app: AppHandle, path: String, site: NewSite) -> Reply<Workspace> {
    let handle = app.clone();
    blocking(app, move |state| {
        let path = site_path(state, &path);
        let db = sites::create_site(&path, &site).map_err(wire(state))?;
        switch_site(&handle, state, &path, db)
    })
    .await
}

/// Opens the site in the file at `path` in the window, in place of the open one.
#[tauri::command]
pub async fn open_site(app: AppHandle, path: String) -> Reply<Workspace> {
    let handle = app.clone();
    blocking(app, move |state| {
        let path = site_path(state, &path);
        let db = sites::open_site(&path).map_err(wire(state))?;
        switch_site(&handle, state, &path, db)
    })
    .await
}

/// Where new sites go unless the editor chooses: the folder of the desk's own database.
fn sites_folder(state: &AppState) -> PathBuf {
    state
        .home_db
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// A path as the editor typed it; a bare file name is in the sites' folder, not wherever the
/// app happened to start.
fn site_path(state: &AppState, typed: &str) -> PathBuf {
    let typed = Path::new(typed.trim());
    if typed.is_absolute() {
        typed.to_path_buf()
    } else {
        sites_folder(state).join(typed)
    }
}

/// Makes the opened `db` the window's site: its photos readable by the webview, the recent list
/// and the publishing worker told, its older articles indexed in the background as at launch.
fn switch_site(app: &AppHandle, state: &AppState, path: &Path, db: Db) -> Reply<Workspace> {
    let site = OpenSite::new(path, db);
    site.allow_media(app).map_err(wire(state))?;
    let workspace = Workspace::of(&site.db(), path, state.system_lang).map_err(wire(state))?;
    let site = state.switch_to(site, Utc::now());
    let _ = std::thread::Builder::new()
        .name("index-older-articles".into())
        .spawn(move || site.index_older_articles());
    Ok(workspace)
}
