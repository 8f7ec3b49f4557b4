//! The types that cross from the core to the UI, and their TypeScript declarations.
//!
//! The declarations are generated from these Rust types and committed under
//! `ui/src/lib/bindings/`; a test fails when the committed files are stale
//! (`NEWSDESK_BLESS=1 cargo test -p newsdesk-core bindings` rewrites them).

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::{Config, TS};

use crate::article::{Article, ArticleId, ArticlePatch, SourceAttribution, Status};
use crate::db::Db;
use crate::error::{ErrorKind, Result, WireError};
use crate::export::{ExportProgress, ExportReport};
use crate::lang::Lang;
use crate::list::{ArticleCounts, ArticleFilter, ArticleSort, ArticleSummary, DamagedRow};
use crate::media::{PhotoPatch, StripPhoto};
use crate::preview::Preview;
use crate::publishing::{Operation, PublicationState, Target, TargetKind};
use crate::revision::{ArticleField, FieldChange, RevisionLabel, RevisionSummary, SaveKind};
use crate::site::{Channel, Site};
use crate::sync_status::{
    ArticlePublication, ConflictChoice, ConflictView, Connectivity, PublicationMark, PullSummary, SyncStatus,
};

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
    /// The page `[offset, offset + limit)` of what the whole filter matches, in its order.
    pub items: Vec<ArticleSummary>,
    /// By status, for the filter's query, channel, dates and attribution (not its status).
    pub counts: ArticleCounts,
    /// Rows that cannot be read, shown apart so the editor knows they exist.
    pub damaged: Vec<DamagedRow>,
    /// How many articles the whole filter matches: the list's length, or at least that many
    /// when `total_is_lower_bound`.
    pub total: i64,
    /// A search with many hits stops counting: `total` and `counts` are "at least" (shown as
    /// "300+"); later pages still hold every hit.
    pub total_is_lower_bound: bool,
    /// The search index is still being built for older articles.
    pub indexing: bool,
    /// The publishing state of the listed articles that are or were on a portal.
    pub marks: Vec<PublicationMark>,
}

/// Rows the window asks for at once when it does not say, and at most.
pub const PAGE_SIZE: u32 = 100;
pub const MAX_PAGE_SIZE: u32 = 500;

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
        let filter = ArticleFilter {
            limit: Some(filter.limit.unwrap_or(PAGE_SIZE).min(MAX_PAGE_SIZE)),
            ..filter.clone()
        };
        let page = db.list_articles(&filter)?;
        let ids: Vec<_> = page.items.items.iter().map(|a| a.id).collect();
        let marks = db.publication_marks(&ids)?;
        Ok(ArticleListing {
            marks,
            items: page.items.items,
            counts: page.counts,
            damaged: page.items.damaged,
            total: page.total,
            total_is_lower_bound: page.total_is_lower_bound,
            indexing: db.search_indexing()?,
        })
    }
}

/// The first two answers a window just opened asks for, the workspace and the list's first
/// page, which the shell serves inside the window's page: asked over IPC, they came back while
/// the page painted its empty first frame and waited behind it. `ui/src/lib/ipc.ts` hands each
/// out once, the listing only to a call for exactly `filter`.
#[derive(Debug, Serialize)]
pub struct LaunchAnswers {
    pub workspace: Workspace,
    /// The filter `listing` answers, for the page to compare with the one it asks.
    pub filter: ArticleFilter,
    pub listing: ArticleListing,
}

/// The id of the page's element that holds [`LaunchAnswers`]; `ipc.ts` reads the same.
pub const LAUNCH_ANSWERS_ELEMENT: &str = "newsdesk-first-page";

impl LaunchAnswers {
    /// The filter of a window just opened: every live article, last changed first, one page.
    pub fn filter() -> ArticleFilter {
        ArticleFilter {
            sort: ArticleSort::Updated,
            offset: Some(0),
            limit: Some(PAGE_SIZE),
            ..ArticleFilter::default()
        }
    }

    pub fn of(db: &Db, db_path: &Path, system_lang: Lang) -> Result<LaunchAnswers> {
        let filter = LaunchAnswers::filter();
        Ok(LaunchAnswers {
            workspace: Workspace::of(db, db_path, system_lang)?,
            listing: ArticleListing::of(db, &filter)?,
            filter,
        })
    }

    /// `page` with the answers in a JSON data block just before `</head>`: data, not a script,
    /// so the page's CSP stays as it is. None when the page has no head.
    pub fn inside(&self, page: &[u8]) -> Option<Vec<u8>> {
        let at = page.windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>"))?;
        // `<` only occurs inside JSON strings, where `\u003c` reads the same: no `</script>`
        // in an article's title can end the block early.
        let json = serde_json::to_string(self).ok()?.replace('<', "\\u003c");
        let block = format!("<script type=\"application/json\" id=\"{LAUNCH_ANSWERS_ELEMENT}\">{json}</script>");
        let mut out = Vec::with_capacity(page.len() + block.len());
        out.extend_from_slice(&page[..at]);
        out.extend_from_slice(block.as_bytes());
        out.extend_from_slice(&page[at..]);
        Some(out)
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
        crate::search::SnippetPart,
        DamagedRow,
        RevisionSummary,
        RevisionLabel,
        ArticleField,
        FieldChange,
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
        Target,
        TargetKind,
        PublicationState,
        Operation,
        Connectivity,
        SyncStatus,
        ArticlePublication,
        PublicationMark,
        ConflictView,
        ConflictChoice,
        crate::publishing::Removal,
        PullSummary,
        crate::repost::RepostField,
        crate::repost::ReviewField,
        crate::repost::SameBy,
        crate::repost::SameOriginal,
        crate::repost::RepostReview,
        crate::time::TimeReading,
        crate::updates::UpdateOffer,
        crate::updates::UpdateCheck,
        crate::updates::InstallStep,
        crate::updates::InstallOutcome,
        crate::sites::NewSite,
        crate::sites::RecentSite,
        crate::sites::SiteList,
    );
    out
}
