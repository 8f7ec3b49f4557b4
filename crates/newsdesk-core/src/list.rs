//! The article list as the editor filters and sorts it, with the counts beside the filters.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::{ArticleId, Status};
use crate::search::SnippetPart;
use crate::time;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArticleSort {
    #[default]
    Updated,
    Publish,
}

/// Which articles a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct ArticleFilter {
    /// A search: words that must all occur (see [`crate::search::SearchQuery`] for the syntax).
    pub query: Option<String>,
    pub status: Option<Status>,
    /// A channel's name or slug.
    pub channel: Option<String>,
    pub sort: ArticleSort,
    /// List the trash instead of the live articles.
    pub trash: bool,
    /// Published on or after this day (`YYYY-MM-DD`, the site's calendar).
    pub from: Option<String>,
    /// Published on or before this day.
    pub to: Option<String>,
    /// 来源, exactly.
    pub source: Option<String>,
    /// 责任编辑, exactly.
    pub editor: Option<String>,
    /// The page: rows skipped, and how many at most (all when None).
    pub offset: Option<u32>,
    pub limit: Option<u32>,
}

/// One row of the article list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub channel: String,
    pub status: Status,
    #[serde(with = "time::instant_serde::option")]
    #[ts(type = "string | null")]
    pub publish_at: Option<DateTime<FixedOffset>>,
    #[serde(with = "time::instant_serde")]
    #[ts(type = "string")]
    pub updated_at: DateTime<FixedOffset>,
    pub revision: i64,
    /// Around the first hit of a search, hits marked; None without a query.
    pub snippet: Option<Vec<SnippetPart>>,
}

/// A page of the list: its rows, how many rows the whole filter matches, and the counts by
/// status of what the filter's query, channel, dates and attribution match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePage {
    pub items: Found<ArticleSummary>,
    pub total: i64,
    /// `total` and `counts` are "at least": a search with many hits stops counting
    /// (`search::COUNT_EXACTLY_UP_TO`); the pages past them still hold every hit.
    pub total_is_lower_bound: bool,
    pub counts: ArticleCounts,
}

/// How many live articles there are, in all and by status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
pub struct ArticleCounts {
    pub total: i64,
    pub draft: i64,
    pub ready: i64,
    pub scheduled: i64,
    pub published: i64,
    pub withdrawn: i64,
    pub trash: i64,
}

/// A stored row that cannot be read, named by the id it holds (which may itself be the damage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DamagedRow {
    pub id: String,
    /// Which column holds what, and why it cannot be read.
    pub problem: String,
}

/// What a read of many rows found: the readable ones, and those set aside as damaged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    pub items: Vec<T>,
    pub damaged: Vec<DamagedRow>,
}

impl<T> Default for Found<T> {
    fn default() -> Self {
        Found {
            items: Vec::new(),
            damaged: Vec::new(),
        }
    }
}
