//! The search index's rows, written in the transaction that saves an article (so the index
//! never falls behind the articles, not even when the process is killed), and the indexing of an
//! older database's articles after the window opens, then the merge of the index's segments
//! into one. Queries are `search.rs`.

use std::hash::Hasher;

use rusqlite::{Connection, OptionalExtension, params};

use super::Db;
use super::articles::{self, ARTICLE_COLUMNS};
use crate::article::{Article, ArticleId};
use crate::error::Result;
use crate::search::{self, grams};

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

pub(super) fn captions(conn: &Connection, id: ArticleId) -> Result<Vec<String>> {
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
    let (channel_id, trashed): (i64, bool) = conn
        .prepare_cached("SELECT channel_id, deleted_at IS NOT NULL FROM articles WHERE id = ?1")?
        .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO search_grams (rowid, title_1, title_2, body_1, body_2, source_1, source_2, author_1, author_2, editor_1, editor_2)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let c = &columns;
    insert.execute(params![
        key, c[0].0, c[0].1, c[1].0, c[1].1, c[2].0, c[2].1, c[3].0, c[3].1, c[4].0, c[4].1
    ])?;
    conn.prepare_cached("DELETE FROM search_docs WHERE article_id = ?1")?
        .execute([&id])?;
    conn.prepare_cached(
        "INSERT INTO search_docs (doc, article_id, status, trashed, channel_id, day, source, editor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        key,
        id,
        article.status.as_str(),
        trashed,
        channel_id,
        article.publish_at.map(|t| t.format("%Y-%m-%d").to_string()),
        article.source.name,
        article.editor,
    ])?;
    Ok(())
}

/// Drops the index rows of every trashed article (before they are deleted for good).
pub(super) fn forget_trashed(conn: &Connection) -> Result<()> {
    conn.execute(
        "DELETE FROM search_grams WHERE rowid IN (SELECT doc FROM search_docs WHERE trashed = 1)",
        [],
    )?;
    conn.execute("DELETE FROM search_docs WHERE trashed = 1", [])?;
    Ok(())
}

/// Follows the articles of one channel into another.
pub(super) fn move_channel(conn: &Connection, from: i64, into: i64) -> Result<()> {
    conn.execute(
        "UPDATE search_docs SET channel_id = ?2 WHERE channel_id = ?1",
        params![from, into],
    )?;
    Ok(())
}

/// Follows an article into or out of the trash.
pub(super) fn set_trashed(conn: &Connection, id: ArticleId, trashed: bool) -> Result<()> {
    conn.prepare_cached("UPDATE search_docs SET trashed = ?2 WHERE article_id = ?1")?
        .execute(params![id.to_string(), trashed])?;
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

/// Merges up to `pages` pages of the index's segments towards one, and tells whether there is
/// more to do. Every term a query looks up costs a lookup in each segment; a backfill leaves a
/// dozen or more. FTS5 keeps a merge's progress in the index itself, so steps in separate
/// transactions (or processes) continue one another; a negative count merges segments of every
/// level, as `optimize` would at once. FTS5 counts two or more changes when it merged anything.
///
/// A save between steps adds a segment, and FTS5 then starts the merge again over everything,
/// what it merged so far included: the pages written are counted against twice the file's
/// size (the index is most of it), so an editor saving all along cannot keep it rewriting
/// the index for ever; what is left is merged as saves go on, a little at a time, as always.
fn merge_step(conn: &Connection, pages: usize) -> Result<bool> {
    let pages = pages.max(1) as i64;
    let left: Option<i64> = conn.query_row("SELECT merge_pages FROM search_state WHERE id = 1", [], |r| r.get(0))?;
    let left = match left {
        Some(left) => left,
        None => 2 * conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0))?,
    };
    let before = conn.total_changes();
    conn.prepare_cached("INSERT INTO search_grams (search_grams, rank) VALUES ('merge', ?1)")?
        .execute([-pages])?;
    let worked = conn.total_changes() - before >= 2;
    let left = left - pages;
    conn.execute("UPDATE search_state SET merge_pages = ?1 WHERE id = 1", [left])?;
    Ok(worked && left > 0)
}

impl Db {
    /// Whether older articles are still waiting to be indexed, or the index to be merged
    /// (search says so meanwhile, and callers go on calling [`Db::index_pending`]).
    pub fn search_indexing(&self) -> Result<bool> {
        Ok(self
            .conn()
            .query_row("SELECT backfill OR merging FROM search_state WHERE id = 1", [], |r| {
                r.get(0)
            })?)
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
    /// once none are left, merges up to `batch` pages (~4 KB each) of the index's segments
    /// instead, until it is one. Resumable: it goes on from where the last call (or process)
    /// stopped.
    pub fn index_pending(&mut self, batch: usize) -> Result<IndexProgress> {
        let tx = self.write_tx()?;
        let (backfill, cursor, merging): (bool, i64, bool) = tx.query_row(
            "SELECT backfill, cursor, merging FROM search_state WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        if !backfill {
            let pending = merging && merge_step(&tx, batch)?;
            if !pending {
                tx.execute(
                    "UPDATE search_state SET merging = 0, merge_pages = NULL WHERE id = 1",
                    [],
                )?;
            }
            tx.commit()?;
            return Ok(IndexProgress { indexed: 0, pending });
        }
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
        let more = seen == batch;
        // A backfill leaves the index in many segments (a batch's each, merged only a little
        // as they piled up): the merge follows it.
        tx.execute(
            "UPDATE search_state SET cursor = ?1, backfill = ?2, merging = merging OR NOT ?2 WHERE id = 1",
            params![last, more],
        )?;
        tx.commit()?;
        Ok(IndexProgress {
            indexed: todo.len(),
            pending: true,
        })
    }
}
