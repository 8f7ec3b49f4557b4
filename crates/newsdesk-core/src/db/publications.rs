//! Publications (an article on a target), the media already on each target, and settling a
//! conflict between our version and the portal's.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Db;
use super::articles;
use super::rows;
use super::site::site_of;
use crate::article::{Article, ArticleId, ArticlePatch};
use crate::error::{Error, Result};
use crate::publishing::{self, PhotoPart, PortalCopy, Publication, PublicationState, Resolution};
use crate::revision::SaveKind;
use crate::time;

const PUBLICATION_COLUMNS: &str = "article_id, target_id, state, remote_id, remote_url, remote_status, \
     remote_modified_gmt, pushed_fingerprint, last_error, conflict_title, conflict_body, conflict_modified_gmt";

fn publication_from_row(r: &Row<'_>) -> rusqlite::Result<Publication> {
    let state = r.get_ref(2)?.as_str()?;
    let conflict = match (r.get::<_, Option<String>>(9)?, r.get::<_, Option<String>>(10)?, r.get::<_, Option<String>>(11)?) {
        (Some(title), Some(body), Some(modified_gmt)) => Some(PortalCopy {
            title,
            body,
            modified_gmt,
        }),
        _ => None,
    };
    Ok(Publication {
        article: rows::article_id(r, 0)?,
        target: r.get(1)?,
        state: PublicationState::parse(state)
            .ok_or_else(|| rows::unreadable("state", state, "not a publication state"))?,
        remote_id: r.get(3)?,
        remote_url: r.get(4)?,
        remote_status: r.get(5)?,
        remote_modified_gmt: r.get(6)?,
        pushed_fingerprint: r.get(7)?,
        last_error: r.get(8)?,
        conflict,
    })
}

pub(super) fn publication(conn: &Connection, article: ArticleId, target: i64) -> Result<Option<Publication>> {
    Ok(conn
        .query_row(
            &format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE article_id = ?1 AND target_id = ?2"),
            params![article.to_string(), target],
            publication_from_row,
        )
        .optional()?)
}

/// Sets a publication's state, creating the row when the article has none on the target yet.
pub(super) fn set_state(
    tx: &Transaction<'_>,
    article: ArticleId,
    target: i64,
    state: PublicationState,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO publications (article_id, target_id, state, last_error, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (article_id, target_id) DO UPDATE SET state = ?3, last_error = ?4, updated_at = ?5",
        params![article.to_string(), target, state.as_str(), error, stamp(now)],
    )?;
    Ok(())
}

pub(super) fn stamp(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The words of an article's photos that a push sends, lead photo marked, in strip order.
pub(super) fn photo_parts(conn: &Connection, article: ArticleId) -> Result<Vec<PhotoPart>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.sha256, p.caption, p.credit, p.alt, ap.is_lead FROM article_photos ap JOIN photos p ON p.id = ap.photo_id
         WHERE ap.article_id = ?1 ORDER BY ap.position, ap.photo_id",
    )?;
    let parts = stmt
        .query_map([article.to_string()], |r| {
            Ok(PhotoPart {
                sha256: r.get(0)?,
                caption: r.get(1)?,
                credit: r.get(2)?,
                alt: r.get(3)?,
                is_lead: r.get(4)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(parts)
}

pub(super) fn fingerprint_of(conn: &Connection, article: &Article) -> Result<String> {
    Ok(publishing::fingerprint(article, &photo_parts(conn, article.id)?))
}

/// A photo as a target has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteMedia {
    pub remote_id: i64,
    pub remote_url: String,
}

impl Db {
    /// The article's publication on a target, if it was ever queued or pushed there.
    pub fn publication(&self, article: ArticleId, target: i64) -> Result<Option<Publication>> {
        publication(self.conn(), article, target)
    }

    /// The article on every target it was queued for or pushed to.
    pub fn publications(&self, article: ArticleId) -> Result<Vec<Publication>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE article_id = ?1 ORDER BY target_id"
        ))?;
        Ok(stmt
            .query_map([article.to_string()], publication_from_row)?
            .collect::<Result<_, _>>()?)
    }

    /// Publications that failed or are in conflict, for the sync status.
    pub fn troubled_publications(&self) -> Result<Vec<Publication>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE state IN ('failed', 'conflict') ORDER BY updated_at, article_id"
        ))?;
        Ok(stmt.query_map([], publication_from_row)?.collect::<Result<_, _>>()?)
    }

    /// The article on a target found by the portal's post id (pull uses it).
    pub fn publication_by_remote(&self, target: i64, remote_id: i64) -> Result<Option<Publication>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE target_id = ?1 AND remote_id = ?2"),
                params![target, remote_id],
                publication_from_row,
            )
            .optional()?)
    }

    /// The push fingerprint of an article as it is stored now.
    pub fn push_fingerprint(&self, article: ArticleId) -> Result<String> {
        let a = self.article(article)?;
        fingerprint_of(self.conn(), &a)
    }

    /// The photos' parts of the fingerprint, for the mapping to send the same.
    pub fn photo_parts(&self, article: ArticleId) -> Result<Vec<PhotoPart>> {
        photo_parts(self.conn(), article)
    }

    /// A photo already on a target, by the SHA-256 of its original.
    pub fn remote_media(&self, sha256: &str, target: i64) -> Result<Option<RemoteMedia>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT remote_id, remote_url FROM remote_media WHERE sha256 = ?1 AND target_id = ?2",
                params![sha256, target],
                |r| {
                    Ok(RemoteMedia {
                        remote_id: r.get(0)?,
                        remote_url: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Records that a photo is on a target (uploaded by a push, or found by a pull).
    pub fn record_remote_media(&mut self, sha256: &str, target: i64, media: &RemoteMedia) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO remote_media (sha256, target_id, remote_id, remote_url) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (sha256, target_id) DO UPDATE SET remote_id = ?3, remote_url = ?4",
            params![sha256, target, media.remote_id, media.remote_url],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Settles a conflict as the editor chose, in one transaction with the revision it makes.
    ///
    /// Each way records the portal's `modified_gmt` as seen, so the next update goes through:
    /// keeping ours queues the update; taking theirs saves their text as a new revision and
    /// counts as pushed (the portal has it already); a merge saves the editor's text and queues it.
    pub fn resolve_conflict(
        &mut self,
        article: ArticleId,
        target: i64,
        resolution: &Resolution,
        now: DateTime<Utc>,
    ) -> Result<Article> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let Some(copy) = publication(&tx, article, target)?.and_then(|p| p.conflict) else {
            return Err(Error::NotFound {
                what: "conflict",
                id: article.to_string(),
            });
        };
        // The conflict is settled first, so the checkpoint below queues like any other.
        tx.execute(
            "UPDATE publications SET remote_modified_gmt = ?3, conflict_title = NULL, conflict_body = NULL,
                 conflict_modified_gmt = NULL, last_error = NULL, state = 'queued', updated_at = ?4
             WHERE article_id = ?1 AND target_id = ?2",
            params![article.to_string(), target, copy.modified_gmt, stamp(now)],
        )?;
        let mut current = articles::load(&tx, article, false)?;
        if let Resolution::TakeTheirs { title, body } | Resolution::Merge { title, body } = resolution {
            let patch = ArticlePatch {
                title: Some(title.clone()),
                body: Some(body.clone()),
                ..ArticlePatch::default()
            };
            current.apply(&patch, zone)?;
            current.validate(zone)?;
            current.updated_at = time::in_zone(now, zone);
            // A checkpoint: it queues an update on every target whose fingerprint is now stale.
            articles::write(&tx, &mut current, SaveKind::Checkpoint, false)?;
        }
        match resolution {
            Resolution::TakeTheirs { .. } => {
                // The portal holds this text already: nothing to send there.
                let fingerprint = fingerprint_of(&tx, &current)?;
                tx.execute(
                    "UPDATE publications SET state = 'published', pushed_fingerprint = ?3 WHERE article_id = ?1 AND target_id = ?2",
                    params![article.to_string(), target, fingerprint],
                )?;
                tx.execute(
                    "DELETE FROM outbox WHERE article_id = ?1 AND target_id = ?2",
                    params![article.to_string(), target],
                )?;
            }
            Resolution::KeepOurs | Resolution::Merge { .. } => {
                super::outbox::queue(&tx, article, target, publishing::Operation::Update, now)?;
            }
        }
        tx.commit()?;
        Ok(current)
    }
}
