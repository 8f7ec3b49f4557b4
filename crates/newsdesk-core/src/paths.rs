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

/// The media folder beside a database: `<db-stem>.media/`.
pub fn media_dir(db_path: &Path) -> PathBuf {
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "newsdesk".into());
    db_path.with_file_name(format!("{stem}.media"))
}
