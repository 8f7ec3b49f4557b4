//! The app's own updates through the Tauri updater: a check once the window is painted, and an
//! install that never runs over unsaved work. The decisions are the core's (`updates`); this
//! module fetches, verifies and installs.
//!
//! Nothing happens without a public key: tauri.conf.json ships `plugins.updater.pubkey` empty,
//! the release workflow fills it, and `NEWSDESK_UPDATE_PUBKEY` / `NEWSDESK_UPDATE_ENDPOINT`
//! point any build at another channel (the end-to-end test's server).

use std::sync::Mutex;
use std::time::Duration;

use newsdesk_core::Error;
use newsdesk_core::error::WireError;
use newsdesk_core::updates::{
    self, ENDPOINT_VAR, InstallOutcome, InstallStep, Installation, PUBKEY_VAR, UpdateCheck, UpdateOffer, UpdateProblem,
    UpdateSource,
};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::state::AppState;

/// The release the last check found, which an install downloads.
#[derive(Default)]
pub struct Updates {
    found: Mutex<Option<Update>>,
}

/// The configured source: `plugins.updater` of tauri.conf.json under the environment's values.
fn source(app: &AppHandle) -> Option<UpdateSource> {
    let config = app.config().plugins.0.get("updater");
    let text = |key: &str| config.and_then(|c| c.get(key));
    let pubkey = text("pubkey").and_then(|v| v.as_str()).unwrap_or_default();
    let endpoints: Vec<String> = text("endpoints")
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|e| e.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    let env = |name| std::env::var(name).ok();
    UpdateSource::resolve(
        pubkey,
        &endpoints,
        env(PUBKEY_VAR).as_deref(),
        env(ENDPOINT_VAR).as_deref(),
    )
}

/// How this program was installed. A debug build, or one without a package's marker, is a
/// build folder's: replacing it would overwrite a developer's (or a test's) binary.
fn installation() -> Installation {
    if cfg!(debug_assertions) {
        return Installation::BuildFolder;
    }
    match tauri::utils::platform::bundle_type() {
        // The marker says "app" for every macOS binary; only one inside a bundle is installed.
        Some(_) if cfg!(target_os = "macos") => {
            let in_bundle = std::env::current_exe()
                .map(|p| p.to_string_lossy().contains(".app/Contents/MacOS/"))
                .unwrap_or(false);
            if in_bundle {
                Installation::Package
            } else {
                Installation::BuildFolder
            }
        }
        Some(_) => Installation::Package,
        None => Installation::BuildFolder,
    }
}

fn problem(p: UpdateProblem) -> Error {
    Error::Update(p)
}

/// The updater's failures of a download, as the editor needs to tell them apart.
fn download_problem(e: tauri_plugin_updater::Error) -> Error {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => problem(UpdateProblem::BadSignature(e.to_string())),
        e => problem(UpdateProblem::Download(e.to_string())),
    }
}

async fn check(app: &AppHandle) -> Result<UpdateCheck, Error> {
    let Some(source) = source(app) else {
        return Ok(UpdateCheck::Off);
    };
    let unreachable = |e: &dyn std::fmt::Display| problem(UpdateProblem::Unreachable(e.to_string()));
    let endpoints = source
        .endpoints
        .iter()
        .map(|e| e.parse::<url::Url>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| unreachable(&e))?;
    let updater = app
        .updater_builder()
        .pubkey(source.pubkey)
        .endpoints(endpoints)
        .map_err(|e| unreachable(&e))?
        .version_comparator(|current, release| updates::is_newer(&release.version.to_string(), &current.to_string()))
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| unreachable(&e))?;
    let current_version = app.package_info().version.to_string();
    let found = updater.check().await.map_err(|e| unreachable(&e))?;
    let slot = app.state::<Updates>();
    let mut slot = slot.found.lock().unwrap_or_else(|p| p.into_inner());
    *slot = found.clone();
    Ok(match found {
        None => UpdateCheck::UpToDate { current_version },
        Some(update) => UpdateCheck::Available {
            offer: UpdateOffer {
                version: update.version.clone(),
                current_version,
                notes: update.body.clone().filter(|n| !n.trim().is_empty()),
                pub_date: update
                    .raw_json
                    .get("pub_date")
                    .and_then(|d| d.as_str())
                    .map(str::to_string),
            },
        },
    })
}

/// Looks for a newer release. `asked` is the editor's Help → 检查更新…; the check at launch
/// passes false. Failures are logged either way; the window shows them only when asked.
#[tauri::command]
pub async fn check_update(app: AppHandle, asked: bool) -> Result<UpdateCheck, WireError> {
    let lang = app.state::<AppState>().lang();
    check(&app).await.map_err(|e| {
        eprintln!("Newsdesk: update check failed (asked: {asked}): {e}");
        e.to_wire(lang)
    })
}

async fn install(app: &AppHandle, unsaved_work: bool) -> Result<InstallOutcome, Error> {
    updates::may_install(unsaved_work)?;
    let update = app
        .state::<Updates>()
        .found
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
        .ok_or_else(|| problem(UpdateProblem::NothingOffered))?;
    // The window follows the install's steps under this event.
    let emit = |step: InstallStep| {
        let _ = app.emit("update-progress", step);
    };
    let mut received = 0u64;
    let mut shown_percent = None;
    emit(InstallStep::Downloading { received, total: None });
    // `download` checks the signature against the configured key before it returns the bytes.
    let bytes = update
        .download(
            |chunk, total| {
                received += chunk as u64;
                // A step per percent at most: a large package must not flood the window.
                let percent = total.map(|t| received * 100 / t.max(1));
                if percent != shown_percent {
                    shown_percent = percent;
                    emit(InstallStep::Downloading { received, total });
                }
            },
            || {},
        )
        .await
        .map_err(download_problem)?;
    emit(InstallStep::Verified);
    let outcome = updates::outcome_for(installation());
    if outcome == InstallOutcome::DownloadedOnly {
        eprintln!(
            "Newsdesk: update {} downloaded ({} bytes) and verified; not installed over a build run from its folder",
            update.version,
            bytes.len()
        );
        return Ok(outcome);
    }
    emit(InstallStep::Installing);
    update
        .install(&bytes)
        .map_err(|e| problem(UpdateProblem::Install(e.to_string())))?;
    app.restart()
}

/// Downloads, verifies and installs the release the last check found, then restarts. The window
/// flushes its saves first and says whether anything is still unsaved; with unsaved work this
/// refuses, whatever the window did before.
#[tauri::command]
pub async fn install_update(app: AppHandle, unsaved_work: bool) -> Result<InstallOutcome, WireError> {
    let lang = app.state::<AppState>().lang();
    install(&app, unsaved_work).await.map_err(|e| {
        eprintln!("Newsdesk: update install refused or failed: {e}");
        e.to_wire(lang)
    })
}
