//! newsdesk-extract's integration tests: the seed page, the test pages beside their expected
//! fields, the tidy rules as tables, dates, encodings.

mod decode;
mod pages;
mod paste;
mod seed;
mod tidy;

use chrono::{DateTime, Utc};

/// Every test reads pages on this day, so a date without its year has one answer.
pub fn now() -> DateTime<Utc> {
    "2026-12-01T00:00:00Z".parse().unwrap()
}

pub fn zone() -> chrono_tz::Tz {
    chrono_tz::Asia::Shanghai
}

pub fn pages_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages")
}
