//! An article's revision history as the editor sees it.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::time;

/// How a save treats the revision history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SaveKind {
    /// While an editor types: rewrites the newest revision as long as it is open.
    Autosave,
    /// An explicit save, a pause in typing or a status change: closes the revision.
    Checkpoint,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionSummary {
    pub revision: i64,
    #[serde(with = "time::instant_serde")]
    #[ts(type = "string")]
    pub saved_at: DateTime<FixedOffset>,
    pub title: String,
    /// Characters of the body, as 字数 counts them.
    pub chars: i64,
    /// Still being rewritten by autosaves.
    pub open: bool,
}
