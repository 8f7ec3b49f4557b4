//! The system browser and file manager: the portal's authorization page and published posts
//! open in the one, the export's folder in the other.
//!
//! `$BROWSER` is honoured first where it is the convention (Linux and the BSDs: what xdg-open
//! and Python's webbrowser do), so a person's choice, or a test's stand-in browser, is used.

use newsdesk_core::Error;
use tauri::AppHandle;
use tauri_plugin_opener::OpenerExt;

/// Opens a web address (http or https only: nothing else reaches the system from here).
pub fn open(app: &AppHandle, url: &str) -> Result<(), Error> {
    let parsed = url::Url::parse(url).map_err(|e| Error::io(url, std::io::Error::other(e.to_string())))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        let refused = std::io::Error::other("only web addresses (http, https) open in the browser");
        return Err(Error::io(url, refused));
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    if let Some(browsers) = std::env::var_os("BROWSER") {
        // A list like `firefox:chromium`: the first that starts.
        for browser in std::env::split_paths(&browsers) {
            if std::process::Command::new(&browser).arg(url).spawn().is_ok() {
                return Ok(());
            }
        }
    }
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| Error::io(url, std::io::Error::other(e.to_string())))
}

/// Opens a folder in the system's file manager (the export's folder, after an export).
pub fn open_folder(app: &AppHandle, path: &str) -> Result<(), Error> {
    let dir = std::path::Path::new(path);
    if !dir.is_dir() {
        return Err(Error::io(path, std::io::Error::from(std::io::ErrorKind::NotFound)));
    }
    app.opener()
        .open_path(path, None::<&str>)
        .map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))
}
