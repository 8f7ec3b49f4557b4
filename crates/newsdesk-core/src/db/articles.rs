//! Articles: creating, saving, trashing and importing them; every save is one transaction that
//! also keeps a revision (see `revisions`).

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Db;
use super::revisions;
use super::rows::{self, damaged_as_error};
use super::search_index;
use super::site::{first_channel, resolve_channel, site_of};
use crate::article::{Article, ArticleId, ArticlePatch, SourceAttribution, Status};
use crate::error::{Error, Invalid, Result};
use crate::repost::{SameBy, SameOriginal};
use crate::revision::{MadeBy, SaveKind};
use crate::slug;
use crate::time::{self, SourceTime};

pub(super) const ARTICLE_COLUMNS: &str = "a.id, a.kicker, a.title, a.subtitle, a.slug, c.name, a.status, a.body, a.summary, \
     a.keywords, a.publish_at, a.source_name, a.source_url, a.source_author, a.source_time, a.editor, \
     a.created_at, a.updated_at, a.revision, a.other_credits";

/// How many columns [`ARTICLE_COLUMNS`] holds: a query that reads more after them starts there.
pub(super) const ARTICLE_COLUMN_COUNT: usize = 20;

pub(super) fn article_from_row(r: &Row<'_>) -> rusqlite::Result<Article> {
    article_from_row_offset(r, 0)
}

/// The article whose [`ARTICLE_COLUMNS`] start at column `at` of the row.
pub(super) fn article_from_row_offset(r: &Row<'_>, at: usize) -> rusqlite::Result<Article> {
    let source_time = r
        .get_ref(at + 14)?
        .as_str_or_null()?
        .map(|s| rows::json::<SourceTime>("source_time", &serde_json::Value::String(s.to_string()).to_string()))
        .transpose()?;
    Ok(Article {
        id: rows::article_id(r, at)?,
        kicker: r.get(at + 1)?,
        title: r.get(at + 2)?,
        subtitle: r.get(at + 3)?,
        slug: r.get(at + 4)?,
        channel: r.get(at + 5)?,
        status: rows::word("status", r.get_ref(at + 6)?.as_str()?)?,
        body: r.get(at + 7)?,
        summary: r.get(at + 8)?,
        keywords: rows::json("keywords", r.get_ref(at + 9)?.as_str()?)?,
        publish_at: rows::instant_or_null(r, at + 10, "publish_at")?,
        source: SourceAttribution {
            name: r.get(at + 11)?,
            url: r.get(at + 12)?,
            author: r.get(at + 13)?,
            published_at: source_time,
        },
        editor: r.get(at + 15)?,
        created_at: rows::instant(r, at + 16, "created_at")?,
        updated_at: rows::instant(r, at + 17, "updated_at")?,
        revision: r.get(at + 18)?,
        other_credits: r.get(at + 19)?,
    })
}

pub(super) fn load(conn: &Connection, id: ArticleId, trashed: bool) -> Result<Article> {
    let sql = format!(
        "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id WHERE a.id = ?1 AND (a.deleted_at IS NOT NULL) = ?2"
    );
    let key = id.to_string();
    conn.query_row(&sql, params![key, trashed], article_from_row)
        .optional()
        .map_err(damaged_as_error("article", &key))?
        .ok_or_else(|| Error::NotFound {
            what: "article",
            id: key.clone(),
        })
}

/// Settles the slug: the editor's own when given (it must be free), else one made from the
/// title and numbered until free. An article keeps its slug until someone changes it.
pub(super) fn settle_slug(
    tx: &Transaction<'_>,
    article: &mut Article,
    requested: Option<&str>,
    is_new: bool,
) -> Result<()> {
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

pub(super) fn slug_taken(conn: &Connection, slug: &str, except: ArticleId) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE slug = ?1 AND id <> ?2)",
        params![slug, except.to_string()],
        |r| r.get(0),
    )?)
}

/// Whether the article's slug is the one its title gives (numbered or not), not the editor's own.
fn slug_is_generated(article: &Article) -> bool {
    let base = slug::from_title(&article.title);
    article.slug == base
        || article
            .slug
            .strip_prefix(&format!("{base}-"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the article is or ever was out on the portal (published, scheduled or withdrawn).
fn ever_public(conn: &Connection, article: &Article) -> Result<bool> {
    if matches!(
        article.status,
        Status::Published | Status::Scheduled | Status::Withdrawn
    ) {
        return Ok(true);
    }
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM article_revisions WHERE article_id = ?1
             AND json_extract(snapshot, '$.status') IN ('published', 'scheduled', 'withdrawn'))",
        [article.id.to_string()],
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

/// Writes the article's row and its revision (`made` says what wrote it, for the history's
/// label) as one step of the enclosing transaction.
pub(super) fn write(
    tx: &Transaction<'_>,
    article: &mut Article,
    kind: SaveKind,
    made: MadeBy,
    insert: bool,
) -> Result<()> {
    let (channel_id, channel_name) = resolve_channel(tx, &article.channel)?;
    article.channel = channel_name;
    article.revision = match revisions::latest(tx, article.id)? {
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
        article.other_credits,
    ];
    if insert {
        tx.execute(
            "INSERT INTO articles (id, channel_id, kicker, title, subtitle, slug, status, body, summary, keywords, publish_at,
                 source_name, source_url, source_author, source_time, editor, created_at, updated_at, revision, other_credits)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            values,
        )?;
    } else {
        tx.execute(
            "UPDATE articles SET channel_id = ?2, kicker = ?3, title = ?4, subtitle = ?5, slug = ?6, status = ?7, body = ?8,
                 summary = ?9, keywords = ?10, publish_at = ?11, source_name = ?12, source_url = ?13, source_author = ?14,
                 source_time = ?15, editor = ?16, created_at = ?17, updated_at = ?18, revision = ?19,
                 other_credits = ?20, saves = saves + 1
             WHERE id = ?1",
            values,
        )?;
    }
    revisions::keep(tx, article, open, made)?;
    search_index::index(tx, article)?;
    if kind.closes() {
        // What the portals need follows the text in the same transaction (never an autosave's).
        super::outbox::note_checkpoint(tx, article)?;
    }
    Ok(())
}

pub(super) fn blank(id: ArticleId, now: DateTime<FixedOffset>) -> Article {
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
        other_credits: None,
        created_at: now,
        updated_at: now,
        revision: 1,
    }
}

impl Db {
    /// Creates an article from the editor's fields. The title is required; without a channel it
    /// goes to the site's first (as the window's 新建 and a repost import do).
    pub fn create_article(&mut self, id: ArticleId, input: &ArticlePatch, now: DateTime<Utc>) -> Result<Article> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let mut article = blank(id, time::in_zone(now, zone));
        article.apply(input, zone)?;
        if article.title.is_empty() {
            return Err(Invalid::TitleRequired.into());
        }
        article.channel = match input.channel.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(named) => resolve_channel(&tx, named)?.1,
            None => first_channel(&tx)?,
        };
        settle_slug(&tx, &mut article, input.slug.as_deref(), true)?;
        crate::publishing::settle_status(&mut article, now);
        article.validate(zone)?;
        write(&tx, &mut article, SaveKind::Checkpoint, MadeBy::Created, true)?;
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
        // The slug follows the title until the editor sets one by hand or the article first
        // goes out: after that its address is stable.
        let retitled = patch.title.as_deref().is_some_and(|t| t.trim() != before.title.trim());
        let follows = patch.slug.is_none() && retitled && slug_is_generated(&before) && !ever_public(&tx, &before)?;
        settle_slug(
            &tx,
            &mut article,
            if follows { Some("") } else { patch.slug.as_deref() },
            false,
        )?;
        crate::publishing::settle_status(&mut article, now);
        article.validate(zone)?;
        let open = revisions::is_open(&tx, id, before.revision)?;
        if article == before && (kind == SaveKind::Autosave || !open) {
            // Nothing changed and nothing to close: no new revision for an idle autosave.
            return Ok(before);
        }
        article.updated_at = time::in_zone(now, zone);
        write(&tx, &mut article, kind, kind.made_by(), false)?;
        tx.commit()?;
        Ok(article)
    }

    /// Live articles a repost may repeat, each once: those with its original address, then
    /// those with its very title, then those whose title and body it nearly copies (found
    /// through the search index, never by reading every article: [`crate::near_copy`]).
    pub fn same_repost(&self, source_url: Option<&str>, title: Option<&str>, body: &str) -> Result<Vec<SameOriginal>> {
        let mut same: Vec<SameOriginal> = Vec::new();
        let mut add = |id: ArticleId, title: String, by: SameBy, similarity: Option<f32>| {
            if !same.iter().any(|s| s.id == id) {
                same.push(SameOriginal {
                    id,
                    title,
                    by,
                    similarity,
                });
            }
        };
        if let Some(url) = source_url {
            for (id, t) in self.articles_with_source_url(url)? {
                add(id, t, SameBy::Address, None);
            }
        }
        if let Some(title) = title {
            for (id, t) in self.articles_with_title(title)? {
                add(id, t, SameBy::Title, None);
            }
        }
        for near in crate::near_copy::near_copies(self, title.unwrap_or_default(), body)? {
            add(near.id, near.title, SameBy::Text, Some(near.similarity));
        }
        Ok(same)
    }

    /// Live articles with this very title (spaces around it aside): a repost seen before.
    pub fn articles_with_title(&self, title: &str) -> Result<Vec<(ArticleId, String)>> {
        let title = title.trim();
        if title.is_empty() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, title FROM articles WHERE trim(title) = ?1 AND deleted_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([title], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut found = Vec::new();
        for row in rows {
            let (id, title) = row?;
            if let Ok(id) = id.parse() {
                found.push((id, title));
            }
        }
        Ok(found)
    }

    pub fn articles_with_source_url(&self, url: &str) -> Result<Vec<(ArticleId, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, title FROM articles WHERE source_url = ?1 AND deleted_at IS NULL ORDER BY id")?;
        let rows = stmt.query_map([url.trim()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut found = Vec::new();
        for row in rows {
            let (id, title) = row?;
            if let Ok(id) = id.parse() {
                found.push((id, title));
            }
        }
        Ok(found)
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
        write(&tx, &mut copy, SaveKind::Checkpoint, MadeBy::Created, true)?;
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
        search_index::set_trashed(&tx, id, true)?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes every article in the trash for good, with its revisions and index rows, and the
    /// photos no other article shows; returns those photos, whose files the caller removes
    /// once the rows are gone ([`crate::media::empty_trash`] does both).
    pub fn empty_trash(&mut self) -> Result<EmptiedTrash> {
        let tx = self.write_tx()?;
        let articles: usize = tx.query_row("SELECT COUNT(*) FROM articles WHERE deleted_at IS NOT NULL", [], |r| {
            r.get::<_, i64>(0)
        })? as usize;
        let orphans: Vec<String> = tx
            .prepare(
                "SELECT DISTINCT ap.photo_id FROM article_photos ap JOIN articles a ON a.id = ap.article_id
                 WHERE a.deleted_at IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM article_photos o JOIN articles b ON b.id = o.article_id
                                   WHERE o.photo_id = ap.photo_id AND b.deleted_at IS NULL)",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let photos = orphans
            .iter()
            .map(|id| super::photos::load(&tx, id))
            .collect::<Result<Vec<_>>>()?;
        search_index::forget_trashed(&tx)?;
        tx.execute("DELETE FROM articles WHERE deleted_at IS NOT NULL", [])?;
        for id in &orphans {
            tx.execute("DELETE FROM photos WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(EmptiedTrash { articles, photos })
    }

    /// Brings an article back from the trash.
    pub fn untrash_article(&mut self, id: ArticleId) -> Result<Article> {
        let tx = self.write_tx()?;
        load(&tx, id, true)?;
        tx.execute("UPDATE articles SET deleted_at = NULL WHERE id = ?1", [id.to_string()])?;
        search_index::set_trashed(&tx, id, false)?;
        let article = load(&tx, id, false)?;
        tx.commit()?;
        Ok(article)
    }

    /// The slug an article with this title would get now (for the "regenerate" button).
    pub fn suggest_slug(&self, title: &str, for_article: Option<ArticleId>) -> Result<String> {
        free_slug(self.conn(), title, for_article.unwrap_or(ArticleId(uuid::Uuid::nil())))
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

/// What emptying the trash deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptiedTrash {
    pub articles: usize,
    /// The photos only trashed articles showed; their rows are gone, their files not yet.
    pub photos: Vec<crate::media::Photo>,
}

/// One article read from an interchange file, with what it may leave out.
pub(crate) struct ImportItem {
    pub id: ArticleId,
    pub patch: ArticlePatch,
    pub created_at: Option<DateTime<FixedOffset>>,
    pub updated_at: Option<DateTime<FixedOffset>>,
    pub revision: Option<i64>,
}

pub(super) fn import_one(tx: &Transaction<'_>, zone: Tz, item: ImportItem, now: DateTime<Utc>) -> Result<()> {
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
    // The title rule is validate's: a draft may be untitled (the editor's own untitled draft in
    // a backup, a draft started on the portal), what readers get may not.
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
        revisions::close_all(tx, item.id)?;
    }
    article.validate(zone)?;
    write(tx, &mut article, SaveKind::Checkpoint, MadeBy::Imported, insert)
}
