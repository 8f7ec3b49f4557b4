//! What the window shows of a repost (转载) before it is saved: each field read off the page, the
//! text it came from and how sure the reading is, for the editor to check and correct.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::ArticleId;

/// The fields a repost fills; the names are the `ArticlePatch` fields they go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RepostField {
    Title,
    PublishAt,
    SourceName,
    SourceUrl,
    SourceAuthor,
    SourceTime,
    Editor,
    /// 二审 朱晖、监制 王五: the credits beside the 责任编辑, as one line.
    OtherCredits,
}

/// One field as read: the value, where in [`RepostReview::source_text`] it was read (UTF-16
/// offsets, as the window's strings count), and a confidence from 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewField {
    pub field: RepostField,
    pub value: String,
    pub start: Option<u32>,
    pub end: Option<u32>,
    pub confidence: f32,
}

/// What a live article shares with a repost under review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SameBy {
    /// The original's address (原文链接).
    Address,
    /// The very title.
    Title,
    /// Nearly the same title and body ([`crate::near_copy`]).
    Text,
}

/// An article the repost may repeat: the editor may not want a second copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SameOriginal {
    pub id: ArticleId,
    pub title: String,
    pub by: SameBy,
    /// For [`SameBy::Text`]: the share of their text the two have in common, 0–1.
    pub similarity: Option<f32>,
}

/// A repost read off a pasted or opened page, nothing saved yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RepostReview {
    /// The page's text, a block a line: what the fields' offsets point into.
    pub source_text: String,
    pub fields: Vec<ReviewField>,
    /// The body as Markdown, captions with their credits in place.
    pub body: String,
    /// What the editor should look at, in their language.
    pub warnings: Vec<String>,
    pub same_original: Vec<SameOriginal>,
}

/// UTF-16 offset of byte offset `at` in `text` (clamped to a character boundary).
pub fn utf16_offset(text: &str, at: usize) -> u32 {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[..at].encode_utf16().count() as u32
}
