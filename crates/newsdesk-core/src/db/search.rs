//! The search index's SQL: writing an article's grams in the transaction that saves it,
//! indexing older articles after the window opens, and answering queries (see `search/`).

use std::hash::Hasher;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Db;
use super::articles::{self, ARTICLE_COLUMNS, article_from_row};
use super::rows;
use crate::article::{Article, ArticleId, Status};
use crate::error::Result;
use crate::list::{ArticleCounts, ArticleFilter, ArticlePage, ArticleSummary, Found};
use crate::search::{self, CHEAP_RANKING_ABOVE, Field, SearchQuery, grams, snippet};

/// How far indexing the articles of an older database has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProgress {
    pub indexed: usize,
    /// Whether articles remain to be indexed.
    pub pending: bool,
}

/// The index row id of an article: its recency in the high bits (publish time, else last
/// edit), a hash of its id in the low 20, so that rows sort newest first by id alone.
fn doc_key(article: &Article) -> i64 {
    let secs = article.publish_at.unwrap_or(article.updated_at).timestamp();
    let mut h = rustc_hash::FxHasher::default();
    h.write(article.id.0.as_bytes());
    (secs << 20) | (h.finish() & 0xF_FFFF) as i64
}

fn captions(conn: &Connection, id: ArticleId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.caption, p.credit FROM article_photos ap JOIN photos p ON p.id = ap.photo_id
         WHERE ap.article_id = ?1 ORDER BY ap.position",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok([r.get::<_, Option<String>>(0)?, r.get::<_, Option<String>>(1)?])
    })?;
    let mut out = Vec::new();
    for r in rows {
        out.extend(r?.into_iter().flatten());
    }
    Ok(out)
}

/// Writes an article's index row, replacing its old one; part of the saving transaction, so
/// the index never falls behind the articles (not even when the process is killed).
pub(super) fn index(conn: &Connection, article: &Article) -> Result<()> {
    let folded = search::folded_article(article, &captions(conn, article.id)?);
    let columns: Vec<(String, String)> = folded.groups.iter().map(|g| grams::columns([g.as_str()])).collect();
    let id = article.id.to_string();
    let old: Option<i64> = conn
        .prepare_cached("SELECT doc FROM search_docs WHERE article_id = ?1")?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    if let Some(old) = old {
        conn.prepare_cached("DELETE FROM search_grams WHERE rowid = ?1")?
            .execute([old])?;
    }
    let mut key = doc_key(article);
    let mut taken =
        conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM search_docs WHERE doc = ?1 AND article_id <> ?2)")?;
    while taken.query_row(params![key, id], |r| r.get::<_, bool>(0))? {
        key += 1;
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO search_grams (rowid, title_1, title_2, body_1, body_2, source_1, source_2, author_1, author_2, editor_1, editor_2)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let c = &columns;
    insert.execute(params![
        key, c[0].0, c[0].1, c[1].0, c[1].1, c[2].0, c[2].1, c[3].0, c[3].1, c[4].0, c[4].1
    ])?;
    conn.prepare_cached(
        "INSERT INTO search_docs (article_id, doc) VALUES (?1, ?2)
         ON CONFLICT (article_id) DO UPDATE SET doc = excluded.doc",
    )?
    .execute(params![id, key])?;
    Ok(())
}

/// Indexes an article again (its photos' captions changed), wherever it is, trash included.
pub(super) fn reindex(conn: &Connection, id: ArticleId) -> Result<()> {
    match articles::load(conn, id, false).or_else(|_| articles::load(conn, id, true)) {
        Ok(article) => index(conn, &article),
        // A damaged or vanished row keeps its old index row; the next save mends it.
        Err(_) => Ok(()),
    }
}

/// Indexes again every article that shows `photo`.
pub(super) fn reindex_showing(conn: &Connection, photo: &str) -> Result<()> {
    let ids: Vec<String> = conn
        .prepare_cached("SELECT article_id FROM article_photos WHERE photo_id = ?1")?
        .query_map([photo], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in ids {
        if let Ok(id) = id.parse() {
            reindex(conn, id)?;
        }
    }
    Ok(())
}

/// A query's SQL pieces, with their parameters in order.
struct Plan {
    hits: String,
    excluded: String,
    /// The match and exclusion expressions, as the SQL above numbers them.
    params: Vec<Value>,
    /// What a title hit matches; numbered last, as only the page's ordering needs it.
    title: Option<String>,
}

impl Plan {
    /// The ranking: title hits first (their expression added to `params`), then BM25 (zero on
    /// the cheap path), then recency, which the index's row ids give.
    fn order(&self, params: &mut Vec<Value>) -> String {
        let rest = "h.score, h.doc DESC";
        match &self.title {
            Some(e) => {
                params.push(Value::Text(e.clone()));
                format!(
                    "(h.doc IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?{})) DESC, {rest}",
                    params.len()
                )
            }
            None => rest.to_string(),
        }
    }
}

/// The filter's conditions on the article row (`a`) and its channel (`c`), status and trash
/// aside: those are what the counts beside the filter break down.
pub(super) fn common_conditions(filter: &ArticleFilter, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    let mut add = |cond: &str, value: Option<String>| {
        if let Some(v) = value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty()) {
            params.push(Value::Text(v));
            sql.push_str(&cond.replace('?', &format!("?{}", params.len())));
        }
    };
    add(" AND (c.name = ? OR c.slug = ?)", filter.channel.clone());
    add(" AND substr(a.publish_at, 1, 10) >= ?", filter.from.clone());
    add(" AND substr(a.publish_at, 1, 10) <= ?", filter.to.clone());
    add(" AND a.source_name = ?", filter.source.clone());
    add(" AND a.editor = ?", filter.editor.clone());
    sql
}

pub(super) fn page_conditions(filter: &ArticleFilter, params: &mut Vec<Value>) -> String {
    let mut sql = format!(" AND (a.deleted_at IS NOT NULL) = {}", i32::from(filter.trash));
    if let Some(s) = filter.status {
        params.push(Value::Text(s.as_str().to_string()));
        sql.push_str(&format!(" AND a.status = ?{}", params.len()));
    }
    sql
}

fn counts_of(rows: impl IntoIterator<Item = (String, bool, i64)>) -> ArticleCounts {
    let mut counts = ArticleCounts::default();
    for (status, trashed, n) in rows {
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
    counts
}

/// How many of the counted articles the filter's status and trash choice leave.
pub(super) fn total_of(counts: &ArticleCounts, filter: &ArticleFilter) -> i64 {
    if filter.trash {
        return counts.trash;
    }
    match filter.status {
        None => counts.total,
        Some(Status::Draft) => counts.draft,
        Some(Status::Ready) => counts.ready,
        Some(Status::Scheduled) => counts.scheduled,
        Some(Status::Published) => counts.published,
        Some(Status::Withdrawn) => counts.withdrawn,
    }
}

/// Counts by status of the rows `from` gives (with `and` on them) for the filter's channel,
/// dates and attribution: all articles without a query, its hits with one.
pub(super) fn filtered_counts(
    conn: &Connection,
    filter: &ArticleFilter,
    from: &str,
    and: &str,
    mut params: Vec<Value>,
) -> Result<ArticleCounts> {
    let common = common_conditions(filter, &mut params);
    let sql =
        format!("SELECT a.status, a.deleted_at IS NOT NULL, COUNT(*) {from} WHERE 1 {and} {common} GROUP BY 1, 2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, i64>(2)?))
    })?;
    Ok(counts_of(rows.collect::<Result<Vec<_>, _>>()?))
}

pub(super) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: rows::article_id(r, 0)?,
        title: r.get(1)?,
        channel: r.get(2)?,
        status: rows::word("status", r.get_ref(3)?.as_str()?)?,
        publish_at: rows::instant_or_null(r, 4, "publish_at")?,
        updated_at: rows::instant(r, 5, "updated_at")?,
        revision: r.get(6)?,
        snippet: None,
    })
}

/// The snippet of a hit: around the first hit in the body, else in the title.
fn snippet_of(query: &SearchQuery, title: &str, body: &str) -> Option<Vec<search::SnippetPart>> {
    let terms: Vec<&str> = query
        .positive()
        .filter(|t| matches!(t.field, None | Some(Field::Body) | Some(Field::Title)))
        .map(|t| t.text.as_str())
        .collect();
    snippet::snippet(body, &terms).or_else(|| snippet::snippet(title, &terms))
}

const JOINS: &str =
    "JOIN search_docs d ON d.doc = h.doc JOIN articles a ON a.id = d.article_id JOIN channels c ON c.id = a.channel_id";

impl Db {
    /// Whether older articles are still waiting to be indexed (search says so meanwhile).
    pub fn search_indexing(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT backfill FROM search_state WHERE id = 1", [], |r| r.get(0))?)
    }

    /// Writes one article's index row again, in a transaction of its own: mends a row by hand,
    /// and tells what share of a save the index takes.
    pub fn reindex_article(&mut self, id: ArticleId) -> Result<()> {
        let tx = self.write_tx()?;
        reindex(&tx, id)?;
        tx.commit()?;
        Ok(())
    }

    /// Indexes up to `batch` articles written before the index existed, in one transaction;
    /// resumable: it goes on from where the last call (or process) stopped.
    pub fn index_pending(&mut self, batch: usize) -> Result<IndexProgress> {
        let tx = self.write_tx()?;
        let cursor: i64 = tx.query_row("SELECT cursor FROM search_state WHERE id = 1", [], |r| r.get(0))?;
        let sql = format!(
            "SELECT a.rowid, {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.rowid > ?1 ORDER BY a.rowid LIMIT ?2"
        );
        let mut last = cursor;
        let mut seen = 0;
        let mut todo = Vec::new();
        {
            let mut stmt = tx.prepare(&sql)?;
            let mut q = stmt.query(params![cursor, batch as i64])?;
            while let Some(r) = q.next()? {
                seen += 1;
                last = r.get(0)?;
                // A damaged row is passed over; its next save indexes it.
                if let Ok(article) = articles::article_from_row_offset(r, 1) {
                    todo.push(article);
                }
            }
        }
        for article in &todo {
            let done: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM search_docs WHERE article_id = ?1)",
                [article.id.to_string()],
                |r| r.get(0),
            )?;
            if !done {
                index(&tx, article)?;
            }
        }
        let pending = seen == batch;
        tx.execute(
            "UPDATE search_state SET cursor = ?1, backfill = ?2 WHERE id = 1",
            params![last, pending],
        )?;
        tx.commit()?;
        Ok(IndexProgress {
            indexed: todo.len(),
            pending,
        })
    }

    /// The page of articles matching `query` and `filter`, ranked, with snippets; the counts
    /// break the matches of query, channel, dates and attribution down by status.
    pub fn search(&self, query: &SearchQuery, filter: &ArticleFilter) -> Result<ArticlePage> {
        let conn = self.conn();
        let mut params: Vec<Value> = Vec::new();
        let expression = query.expression();
        let cheap = match &expression {
            Some(e) => {
                let n: i64 = conn.query_row(
                    &format!(
                        "SELECT COUNT(*) FROM (SELECT rowid FROM search_grams WHERE search_grams MATCH ?1 LIMIT {})",
                        CHEAP_RANKING_ABOVE + 1
                    ),
                    [e],
                    |r| r.get(0),
                )?;
                n as usize > CHEAP_RANKING_ABOVE
            }
            None => true,
        };
        let hits = match expression {
            Some(e) => {
                params.push(Value::Text(e));
                let score = if cheap {
                    "0"
                } else {
                    "bm25(search_grams, 10, 10, 1, 1, 3, 3, 3, 3, 3, 3)"
                };
                format!("SELECT rowid AS doc, {score} AS score FROM search_grams WHERE search_grams MATCH ?1")
            }
            None => "SELECT doc, 0 AS score FROM search_docs".to_string(),
        };
        let excluded = match query.excluded_expression() {
            Some(e) => {
                params.push(Value::Text(e));
                format!(
                    " AND h.doc NOT IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?{})",
                    params.len()
                )
            }
            None => String::new(),
        };
        let plan = Plan {
            hits,
            excluded,
            params,
            title: query.title_expression(),
        };
        if query.needs_check() {
            return self.search_checked(query, filter, plan);
        }
        let from = format!("FROM ({}) h {JOINS}", plan.hits);
        let counts = filtered_counts(conn, filter, &from, &plan.excluded, plan.params.clone())?;
        let mut params = plan.params.clone();
        let common = common_conditions(filter, &mut params);
        let page = page_conditions(filter, &mut params);
        let order = plan.order(&mut params);
        let (limit, offset) = (
            filter.limit.map_or(-1, i64::from),
            i64::from(filter.offset.unwrap_or(0)),
        );
        let sql = format!(
            "SELECT a.id, a.title, c.name, a.status, a.publish_at, a.updated_at, a.revision, a.body
             {from} WHERE 1 {} {common} {page}
             ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            plan.excluded
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut found = rows::read_all(&mut stmt, rusqlite::params_from_iter(params.iter()), |r| {
            let mut s = summary_from_row(r)?;
            let body: String = r.get(7)?;
            s.snippet = snippet_of(query, &s.title, &body);
            Ok(s)
        })?;
        found.damaged.dedup();
        Ok(ArticlePage {
            total: total_of(&counts, filter),
            items: found,
            counts,
        })
    }

    /// A query the index only narrows: every candidate is checked against its folded text.
    fn search_checked(&self, query: &SearchQuery, filter: &ArticleFilter, plan: Plan) -> Result<ArticlePage> {
        let mut params = plan.params.clone();
        let common = common_conditions(filter, &mut params);
        let order = plan.order(&mut params);
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, a.deleted_at IS NOT NULL
             FROM ({}) h {JOINS} WHERE 1 {} {common}
             ORDER BY {order}",
            plan.hits, plan.excluded
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let candidates = rows::read_all(&mut stmt, rusqlite::params_from_iter(params.iter()), |r| {
            Ok((article_from_row(r)?, r.get::<_, bool>(19)?))
        })?;
        let mut matching = Vec::new();
        for (article, trashed) in candidates.items {
            let folded = search::folded_article(&article, &captions(self.conn(), article.id)?);
            if query.matches(&folded) {
                matching.push((article, trashed));
            }
        }
        let counts = counts_of(matching.iter().map(|(a, t)| (a.status.as_str().to_string(), *t, 1)));
        let offset = filter.offset.unwrap_or(0) as usize;
        let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
        let items = matching
            .into_iter()
            .filter(|(a, t)| *t == filter.trash && filter.status.is_none_or(|s| s == a.status))
            .skip(offset)
            .take(limit)
            .map(|(a, _)| ArticleSummary {
                snippet: snippet_of(query, &a.title, &a.body),
                id: a.id,
                title: a.title,
                channel: a.channel,
                status: a.status,
                publish_at: a.publish_at,
                updated_at: a.updated_at,
                revision: a.revision,
            })
            .collect();
        Ok(ArticlePage {
            total: total_of(&counts, filter),
            items: Found {
                items,
                damaged: candidates.damaged,
            },
            counts,
        })
    }
}
