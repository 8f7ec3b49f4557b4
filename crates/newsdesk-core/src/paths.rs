//! Where Newsdesk keeps its files on each operating system.

use std::path::{Path, PathBuf};

/// The bundle identifier: the desktop app's data folder is named after it, and the CLI uses the
/// same folder so both open the same database.
pub const APP_IDENTIFIER: &str = "cn.newsdesk.desktop";

/// The database file name inside the data folder.
pub const DB_FILE_NAME: &str = "newsdesk.db";

/// `newsdesk.db` in the OS data folder for the app (what Tauri's `app_data_dir` gives):
/// `~/.local/share/cn.newsdesk.desktop` on Linux, `~/Library/Application Support/…` on macOS,
/// `%APPDATA%\…` on Windows. `NEWSDESK_DB` overrides it.
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("NEWSDESK_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_IDENTIFIER)
        .join(DB_FILE_NAME)
}

/// The app's folder in the OS config folder (the recent-sites list): `~/.config/cn.newsdesk.desktop`
/// on Linux, `~/Library/Application Support/…` on macOS, `%APPDATA%\…` on Windows.
pub fn config_dir() -> PathBuf {
    dirs::config_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join(APP_IDENTIFIER)
}

/// The media folder beside a database: `<db-stem>.media/`.
pub fn media_dir(db_path: &Path) -> PathBuf {
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "newsdesk".into());
    db_path.with_file_name(format!("{stem}.media"))
}

/// Names Windows keeps for devices, whatever their extension (`con.html` cannot be a file there).
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "lpt1", "lpt2",
    "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Whether `name` is a Windows device name (`CON`, `nul.html`, `Com1.txt`).
pub fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    WINDOWS_DEVICES.iter().any(|d| d.eq_ignore_ascii_case(stem))
}

/// Whether a `/`-separated path from the site's own data (a page, a rendition, a URL pattern)
/// names a file below its folder on every system: relative, no `..`, and nothing Windows reads
/// otherwise — a backslash or a drive (`C:`) that would step out, device names, names ending in
/// a dot or a space (which Windows drops), characters its file names cannot hold.
pub fn is_portable_relative(relative: &str) -> bool {
    !relative.is_empty()
        && !relative.starts_with('/')
        && relative.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part.ends_with(['.', ' '])
                && !is_windows_device(part)
                && !part
                    .chars()
                    .any(|c| c.is_control() || matches!(c, '\\' | ':' | '<' | '>' | '"' | '|' | '?' | '*'))
        })
}

/// The file a portable relative path names below `root`, joined part by part so that the
/// system's own separator is used.
pub fn below(root: &Path, relative: &str) -> PathBuf {
    relative.split('/').fold(root.to_path_buf(), |p, part| p.join(part))
}
