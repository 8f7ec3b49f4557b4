//! Integration tests of the `newsdesk` binary: real processes on real SQLite files.

mod cli;
mod crash;
mod hardening;
mod import;
mod photo;
mod seed;
mod sync;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's shared test fixtures (copies of ../shared/fixtures).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// Runs `newsdesk` on `db` with English messages.
pub fn newsdesk(db: &Path, args: &[&str]) -> Output {
    newsdesk_in(db, "en_US.UTF-8", args)
}

pub fn newsdesk_in(db: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(args)
        .env("NEWSDESK_DB", db)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NEWSDESK_LANG")
        .output()
        .expect("the newsdesk binary runs")
}

/// Runs `newsdesk --json …`, asserts success and parses the output.
pub fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = newsdesk(db, &all);
    assert!(
        out.status.success(),
        "newsdesk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "newsdesk {args:?} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// A fresh database with the site 我爱遵义 and the channel 百姓生活.
pub fn site_db(dir: &Path) -> PathBuf {
    let db = dir.join("site.db");
    json(&db, &["init", "--name", "我爱遵义", "--url", "https://zunyi.example"]);
    json(&db, &["channel", "add", "百姓生活", "--slug", "life"]);
    db
}
