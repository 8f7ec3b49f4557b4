//! Revisions: every save keeps the whole article as JSON; autosaves rewrite the newest while it
//! is open, a checkpoint closes it, and a restore is a new revision.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use super::Db;
use super::articles;
use super::rows;
use super::site::{resolve_channel, site_of};
use crate::article::{Article, ArticleId};
use crate::error::{Error, Invalid, Result};
use crate::revision::{RevisionSummary, SaveKind};
use crate::time;

/// The newest revision of an article and whether it is still open.
pub(super) fn latest(tx: &Transaction<'_>, id: ArticleId) -> Result<Option<(i64, bool)>> {
    Ok(tx
        .query_row(
            "SELECT revision, open FROM article_revisions WHERE article_id = ?1 ORDER BY revision DESC LIMIT 1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub(super) fn is_open(tx: &Transaction<'_>, id: ArticleId, revision: i64) -> Result<bool> {
    Ok(tx
        .query_row(
            "SELECT open FROM article_revisions WHERE article_id = ?1 AND revision = ?2",
            params![id.to_string(), revision],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// Closes an open revision, so that what is written next stands as a revision of its own.
pub(super) fn close_all(tx: &Transaction<'_>, id: ArticleId) -> Result<()> {
    tx.execute(
        "UPDATE article_revisions SET open = 0 WHERE article_id = ?1",
        [id.to_string()],
    )?;
    Ok(())
}

/// Writes the article's snapshot as its current revision, open or closed.
pub(super) fn keep(tx: &Transaction<'_>, article: &Article, open: bool) -> Result<()> {
    let snapshot = serde_json::to_string(article).expect("an article serializes");
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

impl Db {
    /// Every article's revisions, newest first.
    pub fn history(&self, id: ArticleId) -> Result<Vec<RevisionSummary>> {
        articles::load(self.conn(), id, false)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT revision, saved_at, json_extract(snapshot, '$.title'), json_extract(snapshot, '$.body'), open
             FROM article_revisions WHERE article_id = ?1 ORDER BY revision DESC",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok(RevisionSummary {
                revision: r.get(0)?,
                saved_at: rows::instant(r, 1, "saved_at")?,
                title: r.get(2)?,
                chars: crate::render::visible_chars(r.get_ref(3)?.as_str()?) as i64,
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
        let current = articles::load(&tx, id, false)?;
        let mut article = Article {
            created_at: current.created_at,
            updated_at: time::in_zone(now, zone),
            revision: current.revision,
            slug: current.slug.clone(),
            ..old.clone()
        };
        // The old slug comes back only while no other article has taken it.
        if !articles::slug_taken(&tx, &old.slug, id)? {
            article.slug = old.slug;
        }
        if resolve_channel(&tx, &article.channel).is_err() {
            article.channel = current.channel;
        }
        // Close an open revision first so the restore stands as a revision of its own.
        close_all(&tx, id)?;
        articles::write(&tx, &mut article, SaveKind::Checkpoint, false)?;
        tx.commit()?;
        Ok(article)
    }
}
