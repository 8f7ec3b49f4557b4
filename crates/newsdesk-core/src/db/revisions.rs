//! Revisions: every save keeps the whole article as JSON, and what made it (for the history's
//! labels); autosaves rewrite the newest while it is open, a checkpoint closes it, and a restore
//! (or the undo of one) is a new revision.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::Db;
use super::articles;
use super::rows;
use super::site::{resolve_channel, site_of};
use crate::article::{Article, ArticleId};
use crate::error::{Error, Invalid, Result};
use crate::revision::{self, FieldChange, MadeBy, RevisionLabel, RevisionSummary, SaveKind};
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

/// Writes the article's snapshot as its current revision, open or closed, with what made it.
pub(super) fn keep(tx: &Transaction<'_>, article: &Article, open: bool, made: MadeBy) -> Result<()> {
    let snapshot = serde_json::to_string(article).expect("an article serializes");
    let (made_by, made_from) = made.to_stored();
    tx.execute(
        "INSERT INTO article_revisions (article_id, revision, saved_at, snapshot, open, made_by, made_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (article_id, revision) DO UPDATE SET saved_at = ?3, snapshot = ?4, open = ?5, made_by = ?6, made_from = ?7",
        params![
            article.id.to_string(),
            article.revision,
            time::rfc3339(&article.updated_at),
            snapshot,
            open,
            made_by,
            made_from
        ],
    )?;
    Ok(())
}

/// The article as it was saved at `revision`.
fn snapshot(conn: &Connection, id: ArticleId, revision: i64) -> Result<Article> {
    let snapshot: String = conn
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

fn made_by(conn: &Connection, id: ArticleId, revision: i64) -> Result<Option<MadeBy>> {
    Ok(conn
        .query_row(
            "SELECT made_by, made_from FROM article_revisions WHERE article_id = ?1 AND revision = ?2",
            params![id.to_string(), revision],
            |r| Ok(MadeBy::from_stored(r.get_ref(0)?.as_str()?, r.get(1)?)),
        )
        .optional()?)
}

/// Makes `old` the current text again as a new revision made by `made`: nothing is lost.
fn bring_back(tx: &Transaction<'_>, id: ArticleId, old: Article, made: MadeBy, now: DateTime<Utc>) -> Result<Article> {
    let zone = site_of(tx)?.zone();
    let current = articles::load(tx, id, false)?;
    let mut article = Article {
        created_at: current.created_at,
        updated_at: time::in_zone(now, zone),
        revision: current.revision,
        slug: current.slug.clone(),
        ..old.clone()
    };
    // The old slug comes back only while no other article has taken it.
    if !articles::slug_taken(tx, &old.slug, id)? {
        article.slug = old.slug;
    }
    if resolve_channel(tx, &article.channel).is_err() {
        article.channel = current.channel;
    }
    // Close an open revision first so the restore stands as a revision of its own.
    close_all(tx, id)?;
    articles::write(tx, &mut article, SaveKind::Checkpoint, made, false)?;
    Ok(article)
}

impl Db {
    /// Every revision of an article, newest first, each with its label and what it changed.
    pub fn history(&self, id: ArticleId) -> Result<Vec<RevisionSummary>> {
        articles::load(self.conn(), id, false)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT revision, saved_at, snapshot, open, made_by, made_from
             FROM article_revisions WHERE article_id = ?1 ORDER BY revision",
        )?;
        let mut rows = stmt.query([id.to_string()])?;
        let mut history = Vec::new();
        // Oldest first, each compared with the one before it; one snapshot held at a time.
        let mut before: Option<Article> = None;
        while let Some(r) = rows.next()? {
            let revision: i64 = r.get(0)?;
            let snapshot: String = r.get(2)?;
            let article: Article = rows::json("snapshot", &snapshot)
                .map_err(rows::damaged_as_error("revision", &format!("{id} #{revision}")))?;
            let made_by: String = r.get(4)?;
            let made = MadeBy::from_stored(&made_by, r.get(5)?);
            history.push(RevisionSummary {
                revision,
                saved_at: rows::instant(r, 1, "saved_at")?,
                title: article.title.clone(),
                chars: crate::render::visible_chars(&article.body) as i64,
                open: r.get(3)?,
                label: revision::label(made, before.as_ref().map(|b| b.status), article.status),
                changed: before
                    .as_ref()
                    .map(|b| revision::changed_fields(b, &article))
                    .unwrap_or_default(),
                undoable: false,
            });
            before = Some(article);
        }
        if let Some(newest) = history.last_mut() {
            newest.undoable = !newest.open && matches!(newest.label, RevisionLabel::Restored { .. });
        }
        history.reverse();
        Ok(history)
    }

    /// The article as it was saved at `revision`.
    pub fn revision(&self, id: ArticleId, revision: i64) -> Result<Article> {
        snapshot(self.conn(), id, revision)
    }

    /// What differs between `revision` and the article as it is now, the body aside: what a
    /// restore of it would change.
    pub fn revision_changes(&self, id: ArticleId, revision: i64) -> Result<Vec<FieldChange>> {
        let current = articles::load(self.conn(), id, false)?;
        Ok(revision::changes(&self.revision(id, revision)?, &current))
    }

    /// Makes an older revision the current text again, as a new revision: nothing is lost.
    pub fn restore_revision(&mut self, id: ArticleId, revision: i64, now: DateTime<Utc>) -> Result<Article> {
        let tx = self.write_tx()?;
        let old = snapshot(&tx, id, revision)?;
        let article = bring_back(&tx, id, old, MadeBy::Restore { from: revision }, now)?;
        tx.commit()?;
        Ok(article)
    }

    /// Takes back the restore that wrote `revision`, while it is still the newest: the article
    /// is again what it was before the restore, as a new revision (the restore stays in the
    /// history). Once the article changed after the restore there is nothing to undo.
    pub fn undo_restore(&mut self, id: ArticleId, revision: i64, now: DateTime<Utc>) -> Result<Article> {
        let tx = self.write_tx()?;
        articles::load(&tx, id, false)?;
        let newest = latest(&tx, id)?;
        let is_restore = matches!(made_by(&tx, id, revision)?, Some(MadeBy::Restore { .. }));
        if newest != Some((revision, false)) || !is_restore {
            return Err(Invalid::NothingToUndo.into());
        }
        // Every save writes a revision, so the one before the restore is what the article was.
        let before = revision - 1;
        let old = snapshot(&tx, id, before)?;
        let article = bring_back(&tx, id, old, MadeBy::Undo { to: before }, now)?;
        tx.commit()?;
        Ok(article)
    }
}
