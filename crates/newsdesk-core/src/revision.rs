//! An article's revision history as the editor sees it: how each revision came to be (its
//! label), and what changed from one revision to another, field by field.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::{Article, Status};
use crate::time;

/// How a save treats the revision history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SaveKind {
    /// While an editor types: rewrites the newest revision as long as it is open.
    Autosave,
    /// A pause in typing, or leaving the article: closes the revision like a checkpoint, and the
    /// history still calls it an autosave, since the editor asked for nothing.
    Pause,
    /// An explicit save (Ctrl+S, a status change, the CLI): closes the revision.
    Checkpoint,
}

impl SaveKind {
    /// Whether the save closes the open revision (and so may queue work for the portals).
    pub fn closes(self) -> bool {
        self != SaveKind::Autosave
    }

    /// What the history says made a revision written by this save.
    pub fn made_by(self) -> MadeBy {
        match self {
            SaveKind::Autosave | SaveKind::Pause => MadeBy::Autosave,
            SaveKind::Checkpoint => MadeBy::Saved,
        }
    }
}

/// What wrote a revision, kept beside it so the history can say so later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MadeBy {
    /// The first revision of a new article (or of a copy).
    Created,
    /// Autosaves while typing, closed by a pause (or still open).
    Autosave,
    /// An explicit save.
    Saved,
    /// Revision `from` made current again.
    Restore { from: i64 },
    /// A restore taken back: revision `to`, the one before the restore, made current again.
    Undo { to: i64 },
    /// A backup or a portal's post read in.
    Imported,
    /// A conflict with a portal settled (its text taken, or a merge).
    Conflict,
}

impl MadeBy {
    /// The stored form: a word and the revision it names, if any.
    pub(crate) fn to_stored(self) -> (&'static str, Option<i64>) {
        match self {
            MadeBy::Created => ("created", None),
            MadeBy::Autosave => ("autosave", None),
            MadeBy::Saved => ("saved", None),
            MadeBy::Restore { from } => ("restore", Some(from)),
            MadeBy::Undo { to } => ("undo", Some(to)),
            MadeBy::Imported => ("imported", None),
            MadeBy::Conflict => ("conflict", None),
        }
    }

    /// Reads the stored form back. A word this build does not know (or a restore without its
    /// revision) reads as a plain save: a label is never a reason to refuse a history.
    pub(crate) fn from_stored(word: &str, revision: Option<i64>) -> MadeBy {
        match (word, revision) {
            ("created", _) => MadeBy::Created,
            ("autosave", _) => MadeBy::Autosave,
            ("restore", Some(from)) => MadeBy::Restore { from },
            ("undo", Some(to)) => MadeBy::Undo { to },
            ("imported", _) => MadeBy::Imported,
            ("conflict", _) => MadeBy::Conflict,
            _ => MadeBy::Saved,
        }
    }
}

/// What the history calls a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RevisionLabel {
    Created,
    Autosave,
    Saved,
    /// The status changed in this revision (已发布, 转为草稿…).
    Status {
        from: Status,
        to: Status,
    },
    Restored {
        from: i64,
    },
    /// A restore undone: back to revision `to`.
    Undone {
        to: i64,
    },
    Imported,
    Conflict,
}

/// The label of a revision made by `made`, whose status went from `before` (the revision
/// ahead of it, if any) to `status`. Where the text came from (a restore, an import…) says
/// more than a status change, and a status change more than how it was saved.
pub fn label(made: MadeBy, before: Option<Status>, status: Status) -> RevisionLabel {
    match made {
        MadeBy::Created => RevisionLabel::Created,
        MadeBy::Restore { from } => RevisionLabel::Restored { from },
        MadeBy::Undo { to } => RevisionLabel::Undone { to },
        MadeBy::Imported => RevisionLabel::Imported,
        MadeBy::Conflict => RevisionLabel::Conflict,
        MadeBy::Autosave | MadeBy::Saved => match before {
            Some(from) if from != status => RevisionLabel::Status { from, to: status },
            _ if made == MadeBy::Autosave => RevisionLabel::Autosave,
            _ => RevisionLabel::Saved,
        },
    }
}

/// A field of an article as the history names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArticleField {
    /// 引题.
    Kicker,
    Title,
    /// 副题.
    Subtitle,
    Slug,
    Status,
    /// 栏目.
    Channel,
    /// 发布日期.
    PublishAt,
    /// 摘要.
    Summary,
    Keywords,
    /// 责任编辑.
    Editor,
    /// 来源.
    SourceName,
    /// 原文链接.
    SourceUrl,
    /// 作者.
    SourceAuthor,
    /// 来源时间.
    SourceTime,
    Body,
}

/// One field that differs between two revisions, with its value on each side as the wire
/// writes it: a status as its word, 发布日期 as RFC 3339, 来源时间 as `YYYY-MM-DD` or RFC 3339,
/// keywords joined by 、 (the separator editors type). `None` is an empty field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldChange {
    pub field: ArticleField,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Every field but the body, in the order the editor's form shows them, with its wire value.
fn fields(a: &Article) -> [(ArticleField, Option<String>); 14] {
    let keywords = (!a.keywords.is_empty()).then(|| a.keywords.join("、"));
    [
        (ArticleField::Kicker, a.kicker.clone()),
        (ArticleField::Title, (!a.title.is_empty()).then(|| a.title.clone())),
        (ArticleField::Subtitle, a.subtitle.clone()),
        (ArticleField::Status, Some(a.status.as_str().to_string())),
        (ArticleField::Channel, Some(a.channel.clone())),
        (ArticleField::PublishAt, a.publish_at.as_ref().map(time::rfc3339)),
        (ArticleField::Slug, Some(a.slug.clone())),
        (ArticleField::Summary, a.summary.clone()),
        (ArticleField::Keywords, keywords),
        (ArticleField::Editor, a.editor.clone()),
        (ArticleField::SourceName, a.source.name.clone()),
        (ArticleField::SourceUrl, a.source.url.clone()),
        (ArticleField::SourceAuthor, a.source.author.clone()),
        (ArticleField::SourceTime, a.source.published_at.map(|t| t.to_string())),
    ]
}

/// What changed from `before` to `after` besides the body (which the history shows as a line
/// diff of its own), in the form's order.
pub fn changes(before: &Article, after: &Article) -> Vec<FieldChange> {
    fields(before)
        .into_iter()
        .zip(fields(after))
        .filter(|((_, b), (_, a))| b != a)
        .map(|((field, before), (_, after))| FieldChange { field, before, after })
        .collect()
}

/// The fields that differ from `before` to `after`, the body last.
pub fn changed_fields(before: &Article, after: &Article) -> Vec<ArticleField> {
    let mut changed: Vec<ArticleField> = changes(before, after).into_iter().map(|c| c.field).collect();
    if before.body != after.body {
        changed.push(ArticleField::Body);
    }
    changed
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
    pub label: RevisionLabel,
    /// What this revision changed from the one before it (nothing for the first).
    pub changed: Vec<ArticleField>,
    /// A restore that is still the newest revision: 撤销 takes it back.
    pub undoable: bool,
}
