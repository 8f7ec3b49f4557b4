//! Newsdesk's core: the article model, its SQLite storage, Markdown rendering and interchange.
//!
//! Nothing here depends on a UI toolkit: the desktop shell and the `newsdesk` CLI are thin
//! adapters over this crate, and its tests run without a webview. Time and ids are inputs
//! (`now`, `ArticleId`) so that every function is deterministic under test.

pub mod article;
pub mod chinese;
pub mod db;
pub mod demo;
pub mod disk;
pub mod error;
pub mod export;
pub mod interchange;
pub mod ipc;
pub mod lang;
pub mod list;
pub mod media;
pub mod near_copy;
pub mod nesting;
pub mod page;
pub mod paths;
pub mod preview;
pub mod publishing;
pub mod render;
pub mod repost;
pub mod revision;
pub mod search;
pub mod site;
pub mod sites;
pub mod slug;
pub mod sync_status;
pub mod time;
pub mod updates;

pub use article::{Article, ArticleId, ArticlePatch, SourceAttribution, Status};
pub use db::Db;
pub use error::{Error, ErrorKind, Result};
pub use lang::Lang;
pub use list::{ArticleCounts, ArticleFilter, ArticlePage, ArticleSort, ArticleSummary, DamagedRow, Found};
pub use revision::{ArticleField, FieldChange, RevisionLabel, RevisionSummary, SaveKind};
pub use site::{Channel, Site};
