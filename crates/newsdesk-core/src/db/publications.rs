//! Publications (an article on a target), the media already on each target, and settling a
//! conflict between our version and the portal's.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Db;
use super::articles;
use super::rows;
use super::site::site_of;
use crate::article::Status;
use crate::article::{Article, ArticleId, ArticlePatch};
use crate::error::{Error, Result};
use crate::publishing::{self, PhotoPart, PortalCopy, Publication, PublicationState, Removal, Resolution};
use crate::revision::{MadeBy, SaveKind};
use crate::sync_status::{ArticlePublication, PublicationMark, urgency};
use crate::time;

const PUBLICATION_COLUMNS: &str = "article_id, target_id, state, remote_id, remote_url, remote_status, \
     remote_modified_gmt, pushed_fingerprint, last_error, conflict_title, conflict_body, conflict_modified_gmt, conflict_removed";

fn publication_from_row(r: &Row<'_>) -> rusqlite::Result<Publication> {
    let state = r.get_ref(2)?.as_str()?;
    let conflict = match (
        r.get::<_, Option<String>>(9)?,
        r.get::<_, Option<String>>(10)?,
        r.get::<_, Option<String>>(11)?,
    ) {
        (Some(title), Some(body), Some(modified_gmt)) => Some(PortalCopy {
            title,
            body,
            modified_gmt,
            removed: match r.get_ref(12)?.as_str_or_null()? {
                None => None,
                Some(s) => {
                    Some(Removal::parse(s).ok_or_else(|| rows::unreadable("conflict_removed", s, "not a removal"))?)
                }
            },
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
    ///
    /// A post taken down on the portal: keeping ours (or a merge) brings it back, from the trash
    /// by the update, or as a new post when it was deleted; taking theirs accepts the takedown,
    /// so the article is withdrawn (撤稿) here and nothing is sent.
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
                 conflict_modified_gmt = NULL, conflict_removed = NULL, last_error = NULL, state = 'queued',
                 updated_at = ?4
             WHERE article_id = ?1 AND target_id = ?2",
            params![article.to_string(), target, copy.modified_gmt, stamp(now)],
        )?;
        if copy.removed == Some(Removal::Trashed) {
            // Seen there: the update that follows (or a later one) brings it back.
            tx.execute(
                "UPDATE publications SET remote_status = 'trash' WHERE article_id = ?1 AND target_id = ?2",
                params![article.to_string(), target],
            )?;
        }
        if copy.removed == Some(Removal::Deleted) {
            // Nothing is left there to update: what is sent next is a new post.
            tx.execute(
                "UPDATE publications SET remote_id = NULL, remote_url = NULL, remote_status = NULL,
                     remote_modified_gmt = NULL, pushed_fingerprint = NULL
                 WHERE article_id = ?1 AND target_id = ?2",
                params![article.to_string(), target],
            )?;
        }
        let mut current = articles::load(&tx, article, false)?;
        let patch = match (resolution, copy.removed) {
            (Resolution::TakeTheirs { .. }, Some(_)) => Some(ArticlePatch {
                status: Some(Status::Withdrawn),
                ..ArticlePatch::default()
            }),
            (Resolution::TakeTheirs { title, body } | Resolution::Merge { title, body }, _) => Some(ArticlePatch {
                title: Some(title.clone()),
                body: Some(body.clone()),
                ..ArticlePatch::default()
            }),
            (Resolution::KeepOurs, _) => None,
        };
        if let Some(patch) = patch {
            current.apply(&patch, zone)?;
            current.validate(zone)?;
            current.updated_at = time::in_zone(now, zone);
            // A checkpoint: it queues an update on every target whose fingerprint is now stale.
            articles::write(&tx, &mut current, SaveKind::Checkpoint, MadeBy::Conflict, false)?;
        }
        match (resolution, copy.removed) {
            (Resolution::TakeTheirs { .. }, removed) => {
                // The portal holds this already (their text, or the post taken down): nothing
                // to send there.
                let fingerprint = fingerprint_of(&tx, &current)?;
                match removed {
                    Some(Removal::Deleted) => {
                        tx.execute(
                            "DELETE FROM publications WHERE article_id = ?1 AND target_id = ?2",
                            params![article.to_string(), target],
                        )?;
                    }
                    Some(Removal::Trashed) | None => {
                        tx.execute(
                            "UPDATE publications SET state = 'published', pushed_fingerprint = ?3 WHERE article_id = ?1 AND target_id = ?2",
                            params![article.to_string(), target, fingerprint],
                        )?;
                    }
                }
                tx.execute(
                    "DELETE FROM outbox WHERE article_id = ?1 AND target_id = ?2",
                    params![article.to_string(), target],
                )?;
            }
            (Resolution::KeepOurs | Resolution::Merge { .. }, removed) => {
                let op = if removed == Some(Removal::Deleted) {
                    publishing::Operation::Publish
                } else {
                    publishing::Operation::Update
                };
                super::outbox::queue(&tx, article, target, op, now)?;
            }
        }
        tx.commit()?;
        Ok(current)
    }
}

/// A post brought in from a target by pull, already turned into the article's fields.
#[derive(Debug, Clone)]
pub struct PulledPost {
    pub target: i64,
    pub remote_id: i64,
    pub remote_url: Option<String>,
    pub remote_status: String,
    pub remote_modified_gmt: Option<String>,
    /// The post's content as the portal stores it, kept when it conflicts with a local edit.
    pub portal_html: String,
    /// The local id: the post's `newsdesk_id` when it has one, else a new one from the caller.
    pub article: ArticleId,
    pub patch: ArticlePatch,
    /// Local photo ids of its images, in order; the lead photo (题图) among them.
    pub photos: Vec<String>,
    pub lead: Option<String>,
}

/// What a pull did with one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pulled {
    Created,
    Updated,
    /// The portal's copy is the one we have: nothing written.
    Unchanged,
    /// The portal's copy changed and so did ours since the last push: kept for the editor.
    Conflict,
}

impl Db {
    /// Whether a pull has this post as it is now (same `modified_gmt`): it need not be read further.
    pub fn pulled_already(&self, target: i64, remote_id: i64, modified_gmt: Option<&str>) -> Result<bool> {
        Ok(self
            .publication_by_remote(target, remote_id)?
            .is_some_and(|p| p.remote_modified_gmt.is_some() && p.remote_modified_gmt.as_deref() == modified_gmt))
    }

    /// Takes a pulled post into the database in one transaction: the article (new, or a new
    /// revision), its photos and its publication, recorded as pushed so nothing goes back to
    /// the portal it came from. A local edit not yet pushed is never overwritten: that is a conflict.
    pub fn take_pulled(&mut self, post: &PulledPost, now: DateTime<Utc>) -> Result<Pulled> {
        let tx = self.write_tx()?;
        let zone = site_of(&tx)?.zone();
        let known = tx
            .query_row(
                &format!("SELECT {PUBLICATION_COLUMNS} FROM publications WHERE target_id = ?1 AND remote_id = ?2"),
                params![post.target, post.remote_id],
                publication_from_row,
            )
            .optional()?;
        let id = known.as_ref().map_or(post.article, |p| p.article);
        if let Some(p) = &known {
            if p.remote_modified_gmt.is_some() && p.remote_modified_gmt == post.remote_modified_gmt {
                return Ok(Pulled::Unchanged);
            }
            let local = articles::load(&tx, id, false)?;
            if p.pushed_fingerprint.as_deref() != Some(fingerprint_of(&tx, &local)?.as_str()) {
                tx.execute(
                    "UPDATE publications SET state = 'conflict', conflict_title = ?3, conflict_body = ?4,
                         conflict_modified_gmt = ?5, conflict_removed = NULL, updated_at = ?6
                     WHERE article_id = ?1 AND target_id = ?2",
                    params![
                        id.to_string(),
                        post.target,
                        post.patch.title.clone().unwrap_or_default(),
                        post.portal_html,
                        post.remote_modified_gmt.clone().unwrap_or_default(),
                        stamp(now)
                    ],
                )?;
                tx.commit()?;
                return Ok(Pulled::Conflict);
            }
        }
        let exists = articles::load(&tx, id, false).is_ok();
        let mut patch = post.patch.clone();
        if let Some(slug) = patch.slug.as_deref()
            && (crate::slug::validate(slug).is_err() || articles::slug_taken(&tx, slug, id)?)
        {
            // The portal's slug (often percent-encoded Chinese) is not one of ours: make our own.
            patch.slug = None;
        }
        articles::import_one(
            &tx,
            zone,
            articles::ImportItem {
                id,
                patch,
                created_at: None,
                updated_at: None,
                revision: None,
            },
            now,
        )?;
        for photo in &post.photos {
            super::photos::attach(&tx, id, photo)?;
        }
        if let Some(lead) = &post.lead {
            super::photos::attach(&tx, id, lead)?;
            tx.execute(
                "UPDATE article_photos SET is_lead = (photo_id = ?2) WHERE article_id = ?1",
                params![id.to_string(), lead],
            )?;
        }
        let article = articles::load(&tx, id, false)?;
        let fingerprint = fingerprint_of(&tx, &article)?;
        tx.execute(
            "INSERT INTO publications (article_id, target_id, state, remote_id, remote_url, remote_status, remote_modified_gmt,
                 pushed_fingerprint, updated_at)
             VALUES (?1, ?2, 'published', ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (article_id, target_id) DO UPDATE SET state = 'published', remote_id = ?3, remote_url = ?4,
                 remote_status = ?5, remote_modified_gmt = ?6, pushed_fingerprint = ?7, last_error = NULL,
                 conflict_title = NULL, conflict_body = NULL, conflict_modified_gmt = NULL, conflict_removed = NULL,
                 updated_at = ?8",
            params![
                id.to_string(),
                post.target,
                post.remote_id,
                post.remote_url,
                post.remote_status,
                post.remote_modified_gmt,
                fingerprint,
                stamp(now)
            ],
        )?;
        // The portal has this version: the checkpoint's queue entry for it goes.
        tx.execute(
            "DELETE FROM outbox WHERE article_id = ?1 AND target_id = ?2",
            params![id.to_string(), post.target],
        )?;
        tx.commit()?;
        Ok(if exists { Pulled::Updated } else { Pulled::Created })
    }

    /// A term's id on a target (`categories` or `tags`), as a push or pull met it.
    pub fn remote_term(&self, target: i64, taxonomy: &str, name: &str) -> Result<Option<i64>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT remote_id FROM remote_terms WHERE target_id = ?1 AND taxonomy = ?2 AND name = ?3",
                params![target, taxonomy, name],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn record_remote_term(&mut self, target: i64, taxonomy: &str, name: &str, remote_id: i64) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO remote_terms (target_id, taxonomy, name, remote_id) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (target_id, taxonomy, name) DO UPDATE SET remote_id = ?4",
            params![target, taxonomy, name, remote_id],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Forgets a target's term ids (one was deleted on the portal): the next push asks again.
    pub fn forget_remote_terms(&mut self, target: i64) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM remote_terms WHERE target_id = ?1", [target])?;
        tx.commit()?;
        Ok(())
    }

    /// The local photo a target's medium is, if pull or push has met it.
    pub fn photo_for_remote_media(&self, target: i64, remote_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT p.id FROM remote_media m JOIN photos p ON p.sha256 = m.sha256 WHERE m.target_id = ?1 AND m.remote_id = ?2",
                params![target, remote_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// What the window shows of publishing (the sync indicator, the publishing panel, list marks).
impl Db {
    /// How many articles stand in each state, over every target.
    pub fn publication_states(&self) -> Result<Vec<(PublicationState, u32)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT state, count(*) FROM publications GROUP BY state")?;
        let rows = stmt
            .query_map([], |r| {
                let state: String = r.get(0)?;
                Ok((state, r.get::<_, i64>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        // A state this version does not know is left out of the counts rather than failing them.
        Ok(rows
            .into_iter()
            .filter_map(|(s, n)| Some((PublicationState::parse(&s)?, n.max(0) as u32)))
            .collect())
    }

    /// The article on every target, in the targets' order; a target it never went to has no state.
    pub fn article_publications(&self, article: ArticleId) -> Result<Vec<ArticlePublication>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.id, t.name, t.url, t.stopped_reason, p.state, p.remote_url, p.remote_status,
                    coalesce(o.last_error, p.last_error), o.operation, o.parked_reason IS NOT NULL OR p.state = 'conflict',
                    coalesce(o.attempts, 0), o.next_attempt_at
             FROM targets t
             LEFT JOIN publications p ON p.target_id = t.id AND p.article_id = ?1
             LEFT JOIN outbox o ON o.target_id = t.id AND o.article_id = ?1
             ORDER BY t.name, t.id",
        )?;
        let rows = stmt
            .query_map([article.to_string()], |r| {
                let state: Option<String> = r.get(4)?;
                let op: Option<String> = r.get(8)?;
                let attempts = r.get::<_, i64>(10)?.max(0) as u32;
                let next: Option<i64> = r.get(11)?;
                Ok(ArticlePublication {
                    target: r.get(0)?,
                    target_name: r.get(1)?,
                    target_url: r.get(2)?,
                    target_stopped: r.get(3)?,
                    state: state.as_deref().and_then(PublicationState::parse),
                    remote_url: r.get(5)?,
                    remote_status: r.get(6)?,
                    last_error: r.get(7)?,
                    operation: op.as_deref().and_then(publishing::Operation::parse),
                    held: r.get::<_, Option<bool>>(9)?.unwrap_or(false),
                    attempts,
                    // Only a failed attempt has a "next" worth showing; a fresh item goes at once.
                    next_attempt_at: next
                        .filter(|_| attempts > 0)
                        .and_then(|s| chrono::DateTime::<Utc>::from_timestamp(s, 0))
                        .map(stamp),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The mark of each listed article that is or was on a target (one query per row of a page).
    pub fn publication_marks(&self, articles: &[ArticleId]) -> Result<Vec<PublicationMark>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.state, p.remote_id IS NOT NULL AND o.operation = 'update'
             FROM publications p LEFT JOIN outbox o ON o.article_id = p.article_id AND o.target_id = p.target_id
             WHERE p.article_id = ?1",
        )?;
        let mut marks = Vec::new();
        for &article in articles {
            let states = stmt
                .query_map([article.to_string()], |r| {
                    let state: String = r.get(0)?;
                    Ok((state, r.get::<_, Option<bool>>(1)?.unwrap_or(false)))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            let worst = states
                .iter()
                .filter_map(|(s, update)| Some((PublicationState::parse(s)?, *update)))
                .max_by_key(|(s, _)| urgency(*s));
            if let Some((state, update)) = worst {
                marks.push(PublicationMark { article, state, update });
            }
        }
        Ok(marks)
    }
}
