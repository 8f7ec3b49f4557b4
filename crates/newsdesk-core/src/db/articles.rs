//! Articles and their revisions: every save is one transaction that also keeps a revision.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Db;
use super::site::{resolve_channel, site_of};
use crate::article::{Article, ArticleId, ArticlePatch, ListText, Listing, SourceAttribution, Status};
use crate::error::{Error, Invalid, Result};
use crate::slug;
use crate::time::{self, SourceTime};

/// How a save treats the revision history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SaveKind {
    /// While an editor types: rewrites the newest revision as long as it is open.
    Autosave,
    /// An explicit save, a pause in typing or a status change: closes the revision.
    Checkpoint,
}

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
    /// Words that must appear in the title or body; Chinese needs no segmentation here
    /// because the match is by substring.
    pub query: Option<String>,
    pub status: Option<Status>,
    /// A channel's name or slug.
    pub channel: Option<String>,
    pub sort: ArticleSort,
    /// List the trash instead of the live articles.
    pub trash: bool,
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

const ARTICLE_COLUMNS: &str = "a.id, a.kicker, a.title, a.subtitle, a.slug, c.name, a.status, a.body, a.summary, \
     a.keywords, a.publish_at, a.source_name, a.source_url, a.source_author, a.source_time, a.editor, \
     a.created_at, a.updated_at, a.revision";

fn parse_time(s: String) -> rusqlite::Result<DateTime<FixedOffset>> {
    parse_time_str(&s)
}

fn parse_time_str(s: &str) -> rusqlite::Result<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn json_column<T: serde::de::DeserializeOwned>(s: String) -> rusqlite::Result<T> {
    serde_json::from_str(&s)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

fn article_from_row(r: &Row<'_>) -> rusqlite::Result<Article> {
    let id: String = r.get(0)?;
    let status: String = r.get(6)?;
    let keywords: String = r.get(9)?;
    let source_time: Option<String> = r.get(14)?;
    Ok(Article {
        id: ArticleId(
            uuid::Uuid::parse_str(&id)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?,
        ),
        kicker: r.get(1)?,
        title: r.get(2)?,
        subtitle: r.get(3)?,
        slug: r.get(4)?,
        channel: r.get(5)?,
        status: json_column(format!("\"{status}\""))?,
        body: r.get(7)?,
        summary: r.get(8)?,
        keywords: json_column(keywords)?,
        publish_at: r.get::<_, Option<String>>(10)?.map(parse_time).transpose()?,
        source: SourceAttribution {
            name: r.get(11)?,
            url: r.get(12)?,
            author: r.get(13)?,
            published_at: source_time
                .map(|s| json_column::<SourceTime>(serde_json::Value::String(s).to_string()))
                .transpose()?,
        },
        editor: r.get(15)?,
        created_at: parse_time(r.get(16)?)?,
        updated_at: parse_time(r.get(17)?)?,
        revision: r.get(18)?,
    })
}

fn article_id(id: &str) -> rusqlite::Result<ArticleId> {
    Ok(ArticleId(uuid::Uuid::parse_str(id).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?))
}

fn listing_from_row(r: &Row<'_>, channels: &HashMap<i64, String>) -> rusqlite::Result<Listing> {
    Ok(Listing {
        id: article_id(r.get_ref(0)?.as_str()?)?,
        channel: channels.get(&r.get(1)?).cloned().unwrap_or_default(),
        slug: r.get(2)?,
        publish_at: r.get_ref(3)?.as_str_or_null()?.map(parse_time_str).transpose()?,
        created_at: parse_time_str(r.get_ref(4)?.as_str()?)?,
        updated_at: parse_time_str(r.get_ref(5)?.as_str()?)?,
        revision: r.get(6)?,
        saves: r.get(7)?,
        text_digest: r.get(8)?,
    })
}

/// The SQL function giving [`Listing::text_digest`]: computed inside the query, so the texts
/// themselves never leave SQLite when only their change matters.
pub(crate) const TEXT_DIGEST: &str = "newsdesk_text_digest";

/// Registers [`TEXT_DIGEST`] on a connection. FxHash: fast, and only ever compared with digests
/// this same build made (an export's manifest records fingerprints built from it).
pub(crate) fn register_text_digest(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use std::hash::Hasher;
    conn.create_scalar_function(
        TEXT_DIGEST,
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let mut h = rustc_hash::FxHasher::default();
            h.write(ctx.get_raw(0).as_str().unwrap_or_default().as_bytes());
            match ctx.get_raw(1).as_str_or_null().ok().flatten() {
                Some(summary) => {
                    h.write_u8(1);
                    h.write(summary.as_bytes());
                }
                None => h.write_u8(0),
            }
            Ok(h.finish() as i64)
        },
    )
}

fn load(conn: &Connection, id: ArticleId, trashed: bool) -> Result<Article> {
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id WHERE a.id = ?1 AND (a.deleted_at IS NOT NULL) = ?2"
    );
    conn.query_row(&sql, params![id.to_string(), trashed], article_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "article",
            id: id.to_string(),
        })
}

/// Settles the slug: the editor's own when given (it must be free), else one made from the
/// title and numbered until free. An article keeps its slug until someone changes it.
fn settle_slug(tx: &Transaction<'_>, article: &mut Article, requested: Option<&str>, is_new: bool) -> Result<()> {
    match requested.map(str::trim) {
        Some(s) if !s.is_empty() => {
            slug::validate(s)?;
            if slug_taken(tx, s, article.id)? {
                return Err(Invalid::SlugClash(s.to_string()).into());
            }
            article.slug = s.to_string();
        }
        Some(_) => article.slug = free_slug(tx, &article.title, article.id)?,
        None if is_new => article.slug = free_slug(tx, &article.title, article.id)?,
        None => {}
    }
    Ok(())
}

fn slug_taken(conn: &Connection, slug: &str, except: ArticleId) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE slug = ?1 AND id <> ?2)",
        params![slug, except.to_string()],
        |r| r.get(0),
    )?)
}

fn free_slug(conn: &Connection, title: &str, id: ArticleId) -> Result<String> {
    let base = slug::from_title(title);
    let mut candidate = base.clone();
    let mut n = 2;
    while slug_taken(conn, &candidate, id)? {
        candidate = slug::numbered(&base, n);
        n += 1;
    }
    Ok(candidate)
}

/// Writes the article's row and its revision as one step of the enclosing transaction.
fn write(tx: &Transaction<'_>, article: &mut Article, kind: SaveKind, insert: bool) -> Result<()> {
    let (channel_id, channel_name) = resolve_channel(tx, &article.channel)?;
    article.channel = channel_name;
    let latest: Option<(i64, bool)> = tx
        .query_row(
            "SELECT revision, open FROM article_revisions WHERE article_id = ?1 ORDER BY revision DESC LIMIT 1",
            [article.id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    article.revision = match latest {
        // An open revision absorbs further saves; a checkpoint closes it.
        Some((n, true)) => n,
        Some((n, false)) => n + 1,
        None => article.revision.max(1),
    };
    let open = kind == SaveKind::Autosave;
    let keywords = serde_json::to_string(&article.keywords).expect("a list of strings serializes");
    let values = params![
        article.id.to_string(),
        channel_id,
        article.kicker,
        article.title,
        article.subtitle,
        article.slug,
        article.status.as_str(),
        article.body,
        article.summary,
        keywords,
        article.publish_at.as_ref().map(time::rfc3339),
        article.source.name,
        article.source.url,
        article.source.author,
        article.source.published_at.map(|t| t.to_string()),
        article.editor,
        time::rfc3339(&article.created_at),
        time::rfc3339(&article.updated_at),
        article.revision,
    ];
    if insert {
        tx.execute(
            "INSERT INTO articles (id, channel_id, kicker, title, subtitle, slug, status, body, summary, keywords, publish_at,
                 source_name, source_url, source_author, source_time, editor, created_at, updated_at, revision)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            values,
        )?;
    } else {
        tx.execute(
            "UPDATE articles SET channel_id = ?2, kicker = ?3, title = ?4, subtitle = ?5, slug = ?6, status = ?7, body = ?8,
                 summary = ?9, keywords = ?10, publish_at = ?11, source_name = ?12, source_url = ?13, source_author = ?14,
                 source_time = ?15, editor = ?16, created_at = ?17, updated_at = ?18, revision = ?19,
                 saves = saves + 1
             WHERE id = ?1",
            values,
        )?;
    }
    let snapshot = serde_json::to_string(&article).expect("an article serializes");
    tx.execute(
        "INSERT INTO article_revisions (article_id, revision, saved_at, snapshot, open) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (article_id, revision) DO UPDATE SET saved_at = ?3, snapshot = ?4, open = ?5",
        params![
            article.id.to_string(),
            article.revision,
            time::rfc3339(&article.updated_at),
            snapshot,
            open
        ],
    )?;
    Ok(())
}

fn blank(id: ArticleId, now: DateTime<FixedOffset>) -> Article {
    Article {
        id,
        kicker: None,
        title: String::new(),
        subtitle: None,
        slug: String::new(),
        channel: String::new(),
        status: Status::Draft,
        body: String::new(),
        summary: None,
        keywords: Vec::new(),
        publish_at: None,
        source: SourceAttribution::default(),
        editor: None,
        created_at: now,
        updated_at: now,
        revision: 1,
    }
}

impl Db {
    /// Creates an article from the editor's fields; the title and channel are required.
    pub fn create_article(&mut self, id: ArticleId, input: &ArticlePatch, now: DateTime<Utc>) -> Result<Article> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let mut article = blank(id, time::in_zone(now, zone));
        article.apply(input, zone)?;
        if article.title.is_empty() {
            return Err(Invalid::TitleRequired.into());
        }
        article.channel = resolve_channel(&tx, input.channel.as_deref().unwrap_or_default())?.1;
        settle_slug(&tx, &mut article, input.slug.as_deref(), true)?;
        article.validate(zone)?;
        write(&tx, &mut article, SaveKind::Checkpoint, true)?;
        tx.commit()?;
        Ok(article)
    }

    /// Applies the editor's changes as one transaction with its revision.
    pub fn save_article(
        &mut self,
        id: ArticleId,
        patch: &ArticlePatch,
        kind: SaveKind,
        now: DateTime<Utc>,
    ) -> Result<Article> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let before = load(&tx, id, false)?;
        let mut article = before.clone();
        article.apply(patch, zone)?;
        if let Some(c) = &patch.channel {
            article.channel = resolve_channel(&tx, c)?.1;
        }
        settle_slug(&tx, &mut article, patch.slug.as_deref(), false)?;
        article.validate(zone)?;
        let open: bool = tx
            .query_row(
                "SELECT open FROM article_revisions WHERE article_id = ?1 AND revision = ?2",
                params![id.to_string(), before.revision],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if article == before && (kind == SaveKind::Autosave || !open) {
            // Nothing changed and nothing to close: no new revision for an idle autosave.
            return Ok(before);
        }
        article.updated_at = time::in_zone(now, zone);
        write(&tx, &mut article, kind, false)?;
        tx.commit()?;
        Ok(article)
    }

    pub fn article(&self, id: ArticleId) -> Result<Article> {
        load(self.conn(), id, false)
    }

    /// A copy with a new id, as a draft with its own slug.
    pub fn duplicate_article(&mut self, id: ArticleId, new_id: ArticleId, now: DateTime<Utc>) -> Result<Article> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let now = time::in_zone(now, zone);
        let mut copy = load(&tx, id, false)?;
        copy.id = new_id;
        copy.status = Status::Draft;
        copy.created_at = now;
        copy.updated_at = now;
        copy.revision = 1;
        settle_slug(&tx, &mut copy, None, true)?;
        write(&tx, &mut copy, SaveKind::Checkpoint, true)?;
        tx.commit()?;
        Ok(copy)
    }

    /// Moves an article to the trash.
    pub fn trash_article(&mut self, id: ArticleId, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        load(&tx, id, false)?;
        tx.execute(
            "UPDATE articles SET deleted_at = ?2 WHERE id = ?1",
            params![id.to_string(), time::rfc3339(&time::in_zone(now, zone))],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Brings an article back from the trash.
    pub fn untrash_article(&mut self, id: ArticleId) -> Result<Article> {
        let tx = self.write_tx()?;
        load(&tx, id, true)?;
        tx.execute("UPDATE articles SET deleted_at = NULL WHERE id = ?1", [id.to_string()])?;
        let article = load(&tx, id, false)?;
        tx.commit()?;
        Ok(article)
    }

    pub fn list_articles(&self, filter: &ArticleFilter) -> Result<Vec<ArticleSummary>> {
        // An empty list from a database without a site would hide that `init` is missing.
        site_of(self.conn())?;
        let order = match filter.sort {
            ArticleSort::Updated => "a.updated_at DESC, a.id DESC",
            ArticleSort::Publish => "a.publish_at IS NULL, a.publish_at DESC, a.id DESC",
        };
        let sql = format!(
            "SELECT a.id, a.title, c.name, a.status, a.publish_at, a.updated_at, a.revision
             FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE (a.deleted_at IS NOT NULL) = ?1
               AND (?2 IS NULL OR a.status = ?2)
               AND (?3 IS NULL OR c.name = ?3 OR c.slug = ?3)
               AND (?4 IS NULL OR instr(lower(a.title), lower(?4)) > 0 OR instr(lower(a.body), lower(?4)) > 0)
             ORDER BY {order}"
        );
        let query = filter.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let channel = filter.channel.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![filter.trash, filter.status.map(Status::as_str), channel, query],
            |r| {
                let id: String = r.get(0)?;
                let status: String = r.get(3)?;
                Ok(ArticleSummary {
                    id: ArticleId(uuid::Uuid::parse_str(&id).unwrap_or_default()),
                    title: r.get(1)?,
                    channel: r.get(2)?,
                    status: json_column(format!("\"{status}\""))?,
                    publish_at: r.get::<_, Option<String>>(4)?.map(parse_time).transpose()?,
                    updated_at: parse_time(r.get(5)?)?,
                    revision: r.get(6)?,
                })
            },
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub fn article_counts(&self) -> Result<ArticleCounts> {
        let mut counts = ArticleCounts::default();
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT status, deleted_at IS NOT NULL, COUNT(*) FROM articles GROUP BY 1, 2")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let status: String = r.get(0)?;
            let trashed: bool = r.get(1)?;
            let n: i64 = r.get(2)?;
            if trashed {
                counts.trash += n;
                continue;
            }
            counts.total += n;
            match status.as_str() {
                "draft" => counts.draft += n,
                "ready" => counts.ready += n,
                "scheduled" => counts.scheduled += n,
                "published" => counts.published += n,
                _ => counts.withdrawn += n,
            }
        }
        Ok(counts)
    }

    /// Every article's revisions, newest first.
    pub fn history(&self, id: ArticleId) -> Result<Vec<RevisionSummary>> {
        load(self.conn(), id, false)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT revision, saved_at, json_extract(snapshot, '$.title'), length(replace(replace(replace(json_extract(snapshot, '$.body'), ' ', ''), char(10), ''), char(9), '')), open
             FROM article_revisions WHERE article_id = ?1 ORDER BY revision DESC",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok(RevisionSummary {
                revision: r.get(0)?,
                saved_at: parse_time(r.get(1)?)?,
                title: r.get(2)?,
                chars: r.get(3)?,
                open: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The article as it was saved at `revision`.
    pub fn revision(&self, id: ArticleId, revision: i64) -> Result<Article> {
        let snapshot: String = self
            .conn()
            .query_row(
                "SELECT snapshot FROM article_revisions WHERE article_id = ?1 AND revision = ?2",
                params![id.to_string(), revision],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "revision",
                id: format!("{id} #{revision}"),
            })?;
        serde_json::from_str(&snapshot).map_err(|e| Invalid::Json(e.to_string()).into())
    }

    /// Makes an older revision the current text again, as a new revision: nothing is lost.
    pub fn restore_revision(&mut self, id: ArticleId, revision: i64, now: DateTime<Utc>) -> Result<Article> {
        let old = self.revision(id, revision)?;
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let current = load(&tx, id, false)?;
        let mut article = Article {
            created_at: current.created_at,
            updated_at: time::in_zone(now, zone),
            revision: current.revision,
            slug: current.slug.clone(),
            ..old.clone()
        };
        // The old slug comes back only while no other article has taken it.
        if !slug_taken(&tx, &old.slug, id)? {
            article.slug = old.slug;
        }
        if resolve_channel(&tx, &article.channel).is_err() {
            article.channel = current.channel;
        }
        // Close an open revision first so the restore stands as a revision of its own.
        tx.execute(
            "UPDATE article_revisions SET open = 0 WHERE article_id = ?1",
            [id.to_string()],
        )?;
        write(&tx, &mut article, SaveKind::Checkpoint, false)?;
        tx.commit()?;
        Ok(article)
    }

    /// Outlets (来源) used before, most used first, for the attribution form's suggestions.
    pub fn known_outlets(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT source_name FROM articles WHERE source_name IS NOT NULL GROUP BY source_name ORDER BY COUNT(*) DESC, source_name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The slug an article with this title would get now (for the "regenerate" button).
    pub fn suggest_slug(&self, title: &str, for_article: Option<ArticleId>) -> Result<String> {
        free_slug(self.conn(), title, for_article.unwrap_or(ArticleId(uuid::Uuid::nil())))
    }

    /// The newest published articles of a channel with their titles, for its 最新<栏目> list,
    /// in the order the export lists them (by instant, whatever zone each time was written in).
    pub fn latest_published(&self, channel: &str, limit: usize) -> Result<Vec<(Listing, ListText)>> {
        let mut list = self.listings(
            "AND a.channel_id = (SELECT id FROM channels WHERE name = ?1)",
            [channel],
        )?;
        list.sort_by(Listing::newest_first);
        list.truncate(limit);
        let ids: Vec<ArticleId> = list.iter().map(|l| l.id).collect();
        let mut texts = self.list_texts(Some(&ids))?;
        Ok(list
            .into_iter()
            .filter_map(|l| texts.remove(&l.id).map(|t| (l, t)))
            .collect())
    }

    /// Every live article, oldest first: the order exports use so that output is stable.
    pub fn all_articles(&self) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.deleted_at IS NULL ORDER BY a.created_at, a.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let rows = stmt.query_map([], article_from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The published articles among `ids`, whole: what an export renders, a batch at a time.
    pub fn published_by_ids(&self, ids: &[ArticleId]) -> Result<Vec<Article>> {
        // By primary key (the unary `+` keeps SQLite from scanning the listing index instead).
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.id IN (SELECT value FROM json_each(?1))
               AND +a.status = 'published' AND +a.deleted_at IS NULL"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let ids = serde_json::to_string(ids).expect("ids serialize");
        let rows = stmt.query_map([ids], article_from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Every published article without its text: what an export plans from. Answered from the
    /// `articles_listing` index alone, so no body is read.
    pub fn published_listings(&self) -> Result<Vec<Listing>> {
        // One pass over a few megabytes of index: a small page cache is refilled as it goes,
        // where the usual one would take (and zero) two megabytes of fresh memory first.
        let conn = self.conn();
        let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -256)?;
        let listings = self.listings("", []);
        conn.pragma_update(None, "cache_size", cache)?;
        listings
    }

    fn listings<P: rusqlite::Params>(&self, and: &str, params: P) -> Result<Vec<Listing>> {
        // Channel names from a map rather than a join: one lookup per channel, not per article.
        let channels: HashMap<i64, String> = self
            .conn()
            .prepare_cached("SELECT id, name FROM channels")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let sql = format!(
            "SELECT a.id, a.channel_id, a.slug, a.publish_at, a.created_at, a.updated_at, a.revision, a.saves,
                    {TEXT_DIGEST}(a.title, a.summary)
             FROM articles a INDEXED BY articles_listing
             WHERE a.status = 'published' AND a.deleted_at IS NULL {and}"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params, |r| listing_from_row(r, &channels))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The list texts of published articles: of those in `ids`, or of all.
    pub fn list_texts(&self, ids: Option<&[ArticleId]>) -> Result<HashMap<ArticleId, ListText>> {
        const PUBLISHED: &str = "a.status = 'published' AND a.deleted_at IS NULL";
        let mut stmt = self.conn().prepare_cached(&match ids {
            // By primary key, one lookup per id (the unary `+` keeps SQLite from scanning the
            // listing index for the status instead).
            Some(_) => "SELECT a.id, a.title, a.summary FROM articles a
                 WHERE a.id IN (SELECT value FROM json_each(?1))
                   AND +a.status = 'published' AND +a.deleted_at IS NULL"
                .to_string(),
            // One pass over the listing index, which holds every title and summary.
            None => format!(
                "SELECT a.id, a.title, a.summary FROM articles a INDEXED BY articles_listing
                 WHERE {PUBLISHED} AND ?1 IS NULL"
            ),
        })?;
        let ids = ids.map(|ids| serde_json::to_string(ids).expect("ids serialize"));
        let rows = stmt.query_map([ids], |r| {
            Ok((
                article_id(r.get_ref(0)?.as_str()?)?,
                ListText {
                    title: r.get(1)?,
                    summary: r.get(2)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes articles brought in from elsewhere, all in one transaction: each is new (keeping
    /// its id, times and revision) or, when its id exists, a new revision of that article.
    pub(crate) fn import_articles(&mut self, items: Vec<(usize, ImportItem)>, now: DateTime<Utc>) -> Result<usize> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let n = items.len();
        for (line, item) in items {
            import_one(&tx, zone, item, now).map_err(|e| Error::Import {
                line,
                source: Box::new(e),
            })?;
        }
        tx.commit()?;
        Ok(n)
    }
}

/// One article read from an interchange file, with what it may leave out.
pub(crate) struct ImportItem {
    pub id: ArticleId,
    pub patch: ArticlePatch,
    pub created_at: Option<DateTime<FixedOffset>>,
    pub updated_at: Option<DateTime<FixedOffset>>,
    pub revision: Option<i64>,
}

fn import_one(tx: &Transaction<'_>, zone: Tz, item: ImportItem, now: DateTime<Utc>) -> Result<()> {
    let now = time::in_zone(now, zone);
    let existing = match load(tx, item.id, false) {
        Ok(a) => Some(a),
        Err(Error::NotFound { .. }) => match load(tx, item.id, true) {
            Ok(_) => {
                tx.execute(
                    "UPDATE articles SET deleted_at = NULL WHERE id = ?1",
                    [item.id.to_string()],
                )?;
                Some(load(tx, item.id, false)?)
            }
            Err(Error::NotFound { .. }) => None,
            Err(e) => return Err(e),
        },
        Err(e) => return Err(e),
    };
    let insert = existing.is_none();
    let mut article = existing.unwrap_or_else(|| blank(item.id, now));
    article.apply(&item.patch, zone)?;
    if article.title.is_empty() {
        return Err(Invalid::TitleRequired.into());
    }
    if let Some(c) = &item.patch.channel {
        article.channel = resolve_channel(tx, c)?.1;
    }
    settle_slug(tx, &mut article, item.patch.slug.as_deref(), insert)?;
    if insert {
        article.created_at = item.created_at.unwrap_or(now);
        article.updated_at = item.updated_at.unwrap_or(article.created_at);
        article.revision = item.revision.unwrap_or(1).max(1);
    } else {
        article.updated_at = now;
        tx.execute(
            "UPDATE article_revisions SET open = 0 WHERE article_id = ?1",
            [item.id.to_string()],
        )?;
    }
    article.validate(zone)?;
    write(tx, &mut article, SaveKind::Checkpoint, insert)
}
