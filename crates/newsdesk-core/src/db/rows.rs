//! Reading columns into the model, and the rule for a row that cannot be read.
//!
//! A row written by an older Newsdesk, or mended by hand, may hold a value this one refuses (a
//! malformed id, a time out of range). Such a row is set aside as damaged, named by its id,
//! and the read goes on: one row never makes a list, an export or a backup fail.

use chrono::{DateTime, FixedOffset};
use rusqlite::types::{Type, ValueRef};
use rusqlite::{Row, Statement};

use crate::article::ArticleId;
use crate::error::{Error, Result};
use crate::list::{DamagedRow, Found};

/// Why a column's value cannot be read; carried inside rusqlite's conversion error.
#[derive(Debug)]
struct Unreadable {
    column: &'static str,
    value: String,
    reason: String,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} = “{}”: {}", self.column, self.value, self.reason)
    }
}

impl std::error::Error for Unreadable {}

/// The error for a column whose stored value this build refuses.
pub(super) fn unreadable(column: &'static str, value: &str, reason: impl ToString) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        Type::Text,
        Box::new(Unreadable {
            column,
            value: value.chars().take(64).collect(),
            reason: reason.to_string(),
        }),
    )
}

/// Whether `e` is about a value in the row (a damaged row) rather than the database itself.
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::Utf8Error(..)
    )
}

fn problem_of(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::FromSqlConversionFailure(_, _, inner) => inner.to_string(),
        other => other.to_string(),
    }
}

/// The text of column 0, whatever it holds: the id a damaged row is reported by.
fn id_text(r: &Row<'_>) -> String {
    match r.get_ref(0) {
        Ok(ValueRef::Text(t) | ValueRef::Blob(t)) => String::from_utf8_lossy(t).into_owned(),
        Ok(ValueRef::Integer(n)) => n.to_string(),
        Ok(ValueRef::Real(x)) => x.to_string(),
        Ok(ValueRef::Null) | Err(_) => String::new(),
    }
}

/// Reads every row `stmt` gives, setting aside the damaged ones; column 0 must be the id.
pub(super) fn read_all<T, P: rusqlite::Params>(
    stmt: &mut Statement<'_>,
    params: P,
    mut read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Found<T>> {
    let mut rows = stmt.query(params)?;
    let mut found = Found::default();
    while let Some(r) = rows.next()? {
        match read(r) {
            Ok(item) => found.items.push(item),
            Err(e) if is_damage(&e) => found.damaged.push(DamagedRow {
                id: id_text(r),
                problem: problem_of(&e),
            }),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(found)
}

/// Turns a damaged single row into [`Error::Damaged`] naming it; other errors pass.
pub(super) fn damaged_as_error<'a>(what: &'static str, id: &'a str) -> impl FnOnce(rusqlite::Error) -> Error + 'a {
    move |e| {
        if is_damage(&e) {
            Error::Damaged {
                what,
                id: id.to_string(),
                problem: problem_of(&e),
            }
        } else {
            e.into()
        }
    }
}

pub(super) fn article_id(r: &Row<'_>, idx: usize) -> rusqlite::Result<ArticleId> {
    let s = r.get_ref(idx)?.as_str()?;
    uuid::Uuid::parse_str(s)
        .map(ArticleId)
        .map_err(|e| unreadable("id", s, e))
}

/// A stored instant (RFC 3339 with its offset), or None for NULL. Read as it stands, without
/// the range rule: a time an older Newsdesk let in is shown so the editor can correct it (the
/// next save checks it).
pub(super) fn instant_or_null(
    r: &Row<'_>,
    idx: usize,
    column: &'static str,
) -> rusqlite::Result<Option<DateTime<FixedOffset>>> {
    r.get_ref(idx)?
        .as_str_or_null()?
        .map(|s| DateTime::parse_from_rfc3339(s).map_err(|e| unreadable(column, s, e)))
        .transpose()
}

pub(super) fn instant(r: &Row<'_>, idx: usize, column: &'static str) -> rusqlite::Result<DateTime<FixedOffset>> {
    instant_or_null(r, idx, column)?.ok_or_else(|| unreadable(column, "NULL", "a time is required"))
}

/// A column holding JSON, or a bare word read as a JSON string (`status`).
pub(super) fn json<T: serde::de::DeserializeOwned>(column: &'static str, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| unreadable(column, text, e))
}

pub(super) fn word<T: serde::de::DeserializeOwned>(column: &'static str, text: &str) -> rusqlite::Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).map_err(|e| unreadable(column, text, e))
}
