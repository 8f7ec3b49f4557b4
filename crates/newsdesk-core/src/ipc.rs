//! The types that cross from the core to the UI, and their TypeScript declarations.
//!
//! The declarations are generated from these Rust types and committed under
//! `ui/src/lib/bindings/`; a test fails when the committed files are stale
//! (`NEWSDESK_BLESS=1 cargo test -p newsdesk-core bindings` rewrites them).

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::{Config, TS};

use crate::article::{Article, ArticleId, ArticlePatch, SourceAttribution, Status};
use crate::db::{ArticleCounts, ArticleFilter, ArticleSort, ArticleSummary, Db, RevisionSummary, SaveKind};
use crate::error::{ErrorKind, Result, WireError};
use crate::export::{ExportProgress, ExportReport};
use crate::lang::Lang;
use crate::media::{PhotoPatch, StripPhoto};
use crate::preview::Preview;
use crate::site::{Channel, Site};

/// What the window needs to know about the open database when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Workspace {
    pub db_path: String,
    pub site: Site,
    pub channels: Vec<Channel>,
    /// The language of the system, which the UI starts in until the editor picks another.
    pub system_lang: Lang,
}

/// A page of the article list with the counts shown beside the filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArticleListing {
    pub items: Vec<ArticleSummary>,
    pub counts: ArticleCounts,
}

impl Workspace {
    /// What the window shows of the open database.
    pub fn of(db: &Db, db_path: &Path, system_lang: Lang) -> Result<Workspace> {
        Ok(Workspace {
            db_path: db_path.display().to_string(),
            site: db.site()?,
            channels: db.channels()?,
            system_lang,
        })
    }
}

impl ArticleListing {
    /// The list for a filter, with the counts beside it.
    pub fn of(db: &Db, filter: &ArticleFilter) -> Result<ArticleListing> {
        Ok(ArticleListing {
            items: db.list_articles(filter)?,
            counts: db.article_counts()?,
        })
    }
}

/// `(file name without .ts, contents)` for every type the UI imports.
pub fn typescript_declarations() -> Vec<(String, String)> {
    // JSON numbers, not bigint: revision numbers and counts stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let mut out = Vec::new();
    macro_rules! decl {
        ($($t:ty),* $(,)?) => {$(
            out.push((
                <$t as TS>::ident(&cfg),
                <$t as TS>::export_to_string(&cfg).expect("a plain type has a declaration"),
            ));
        )*};
    }
    decl!(
        Article,
        ArticleId,
        ArticlePatch,
        SourceAttribution,
        Status,
        ArticleCounts,
        ArticleFilter,
        ArticleSort,
        ArticleSummary,
        RevisionSummary,
        SaveKind,
        ErrorKind,
        WireError,
        Lang,
        Site,
        Channel,
        Workspace,
        ArticleListing,
        Preview,
        StripPhoto,
        ExportReport,
        ExportProgress,
        PhotoPatch,
    );
    out
}
