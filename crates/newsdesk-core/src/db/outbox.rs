//! The outbox: what still has to reach each target, written in the same transaction as the
//! checkpoint that causes it, claimed by workers under a lease, and settled by what the portal
//! answered. One row per article and target, so edits merge; the worker plans again at send
//! time, so the row says "this needs attention" and the operation is what it last looked like.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Transaction, params};

use super::Db;
use super::articles;
use super::publications::{fingerprint_of, publication, set_state, stamp};
use super::rows;
use super::targets;
use crate::article::{Article, ArticleId};
use crate::error::Result;
use crate::publishing::{
    self, Claim, Failure, Operation, OutboxItem, PortalCopy, PublicationState, Pushed, publishing_state,
};

/// Plans the article on every target and queues what they need: called by every checkpoint
/// (never by an autosave) inside its transaction, so the queue and the text never disagree.
pub(super) fn note_checkpoint(tx: &Transaction<'_>, article: &Article) -> Result<()> {
    let now = article.updated_at.with_timezone(&Utc);
    for target in targets::all(tx)? {
        plan_one(tx, article, target.id, now)?;
    }
    Ok(())
}

/// Queues (or drops from the queue) what one target needs for one article; true when queued.
fn plan_one(tx: &Transaction<'_>, article: &Article, target: i64, now: DateTime<Utc>) -> Result<bool> {
    let state = publishing_state(article.status, article.publish_at, now);
    let fingerprint = fingerprint_of(tx, article)?;
    let current = publication(tx, article.id, target)?;
    match publishing::plan(state, &fingerprint, current.as_ref()) {
        Some(op) => {
            queue(tx, article.id, target, op, now)?;
            if current.as_ref().is_none_or(|p| p.state != PublicationState::Conflict) {
                set_state(tx, article.id, target, PublicationState::Queued, None, now)?;
            }
            Ok(true)
        }
        None => {
            // Nothing to send any more (e.g. a queued publish taken back to draft): a row no
            // worker holds goes; a held one is settled by its worker, which plans again.
            let dropped = tx.execute(
                "DELETE FROM outbox WHERE article_id = ?1 AND target_id = ?2 AND (lease_expires_at IS NULL OR lease_expires_at <= ?3)",
                params![article.id.to_string(), target, now.timestamp()],
            )?;
            if dropped > 0 {
                match current {
                    Some(p) if p.remote_id.is_some() => {
                        set_state(tx, article.id, target, PublicationState::Published, None, now)?
                    }
                    _ => {
                        tx.execute(
                            "DELETE FROM publications WHERE article_id = ?1 AND target_id = ?2",
                            params![article.id.to_string(), target],
                        )?;
                    }
                }
            }
            Ok(false)
        }
    }
}

/// Puts an operation in the queue, merged with what is there: the newest wins, the count of
/// attempts starts again, a refusal's hold is lifted (the editor changed something). A hold for
/// a conflict stays until the editor settles it.
pub(super) fn queue(
    tx: &Transaction<'_>,
    article: ArticleId,
    target: i64,
    op: Operation,
    now: DateTime<Utc>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO outbox (article_id, target_id, operation, next_attempt_at, created_at) VALUES (?1, ?2, ?3, ?4, ?4)
         ON CONFLICT (article_id, target_id) DO UPDATE SET operation = ?3, generation = generation + 1, attempts = 0,
             next_attempt_at = ?4, last_error = NULL,
             parked_reason = CASE WHEN EXISTS (SELECT 1 FROM publications p WHERE p.article_id = ?1
                 AND p.target_id = ?2 AND p.state = 'conflict') THEN parked_reason ELSE NULL END",
        params![article.to_string(), target, op.as_str(), now.timestamp()],
    )?;
    Ok(())
}

fn unix(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().unwrap_or_default()
}

impl Db {
    /// Plans every article (or one) on every target (or one) and queues what is stale: after a
    /// target is added, after photo words changed, and before each `push`.
    pub fn plan_pushes(
        &mut self,
        target: Option<i64>,
        article: Option<ArticleId>,
        now: DateTime<Utc>,
    ) -> Result<usize> {
        let tx = self.write_tx()?;
        let targets: Vec<i64> = targets::all(&tx)?
            .into_iter()
            .map(|t| t.id)
            .filter(|id| target.is_none_or(|t| t == *id))
            .collect();
        // Without a portal there is nothing to plan, and no reason to read every article.
        if targets.is_empty() {
            return Ok(0);
        }
        let ids: Vec<ArticleId> = match article {
            Some(id) => vec![id],
            None => {
                let mut stmt = tx.prepare_cached("SELECT id FROM articles WHERE deleted_at IS NULL ORDER BY id")?;
                stmt.query_map([], |r| rows::article_id(r, 0))?
                    .collect::<Result<_, _>>()?
            }
        };
        let mut queued = 0;
        for id in ids {
            let a = articles::load(&tx, id, false)?;
            for &t in &targets {
                queued += usize::from(plan_one(&tx, &a, t, now)?);
            }
        }
        tx.commit()?;
        Ok(queued)
    }

    /// Claims up to `limit` due items for `owner` until `now + lease`. Claimed items are marked
    /// ambiguous at once: if the worker dies after its request went out, the next attempt looks
    /// before creating, and the happy path (the first attempt) never looks.
    pub fn claim_outbox(
        &mut self,
        owner: &str,
        target: Option<i64>,
        article: Option<ArticleId>,
        now: DateTime<Utc>,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<Claim>> {
        let tx = self.write_tx()?;
        let claims: Vec<Claim> = {
            let mut stmt = tx.prepare_cached(
                "SELECT o.article_id, o.target_id, o.operation, o.generation, o.attempts, o.ambiguous
                 FROM outbox o JOIN targets t ON t.id = o.target_id
                 WHERE o.parked_reason IS NULL AND t.stopped_reason IS NULL AND o.next_attempt_at <= ?1
                   AND (o.lease_expires_at IS NULL OR o.lease_expires_at <= ?1)
                   AND (?2 IS NULL OR o.target_id = ?2) AND (?3 IS NULL OR o.article_id = ?3)
                 ORDER BY o.next_attempt_at, o.created_at, o.article_id LIMIT ?4",
            )?;
            stmt.query_map(
                params![now.timestamp(), target, article.map(|a| a.to_string()), limit as i64],
                |r| {
                    let op: String = r.get(2)?;
                    Ok(Claim {
                        article: rows::article_id(r, 0)?,
                        target: r.get(1)?,
                        operation: Operation::parse(&op)
                            .ok_or_else(|| rows::unreadable("operation", &op, "unknown"))?,
                        generation: r.get(3)?,
                        attempts: r.get::<_, i64>(4)?.max(0) as u32,
                        ambiguous: r.get(5)?,
                        owner: owner.to_string(),
                    })
                },
            )?
            .collect::<Result<_, _>>()?
        };
        let until = now.timestamp() + lease.as_secs().max(1) as i64;
        for c in &claims {
            tx.execute(
                "UPDATE outbox SET lease_owner = ?3, lease_expires_at = ?4, leased_generation = generation, ambiguous = 1
                 WHERE article_id = ?1 AND target_id = ?2",
                params![c.article.to_string(), c.target, owner, until],
            )?;
            set_state(&tx, c.article, c.target, PublicationState::Sending, None, now)?;
        }
        tx.commit()?;
        Ok(claims)
    }

    /// Records a successful push and takes the item off the queue, unless an edit came in while
    /// it was sent: then the item stays, free for the next round.
    pub fn complete_push(&mut self, claim: &Claim, pushed: &Pushed, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write_tx()?;
        let (article, target) = (claim.article.to_string(), claim.target);
        tx.execute(
            "INSERT INTO publications (article_id, target_id, state, updated_at) VALUES (?1, ?2, 'published', ?3)
             ON CONFLICT (article_id, target_id) DO NOTHING",
            params![article, target, stamp(now)],
        )?;
        tx.execute(
            "UPDATE publications SET state = 'published', remote_id = ?3, remote_url = ?4, remote_status = ?5,
                 remote_modified_gmt = ?6, pushed_fingerprint = ?7, last_error = NULL, conflict_title = NULL,
                 conflict_body = NULL, conflict_modified_gmt = NULL, conflict_removed = NULL, updated_at = ?8
             WHERE article_id = ?1 AND target_id = ?2",
            params![
                article,
                target,
                pushed.remote_id,
                pushed.remote_url,
                pushed.remote_status,
                pushed.remote_modified_gmt,
                pushed.fingerprint,
                stamp(now)
            ],
        )?;
        settle(&tx, claim, now)?;
        tx.commit()?;
        Ok(())
    }

    /// The worker found nothing to send (the plan at send time was empty).
    pub fn complete_unchanged(&mut self, claim: &Claim, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write_tx()?;
        match publication(&tx, claim.article, claim.target)? {
            Some(p) if p.remote_id.is_some() => {
                set_state(&tx, claim.article, claim.target, PublicationState::Published, None, now)?
            }
            _ => forget_publication(&tx, claim)?,
        }
        settle(&tx, claim, now)?;
        tx.commit()?;
        Ok(())
    }

    /// A withdrawal found the post deleted on the portal: what it asked for is done, and the
    /// article has nothing there any more (published again, it is a new post).
    pub fn complete_gone(&mut self, claim: &Claim, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write_tx()?;
        forget_publication(&tx, claim)?;
        settle(&tx, claim, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Records a failed push: a retry after a backoff (`jitter` in 0..1 from the caller), a hold
    /// for a person, or the whole target stopped for new credentials.
    pub fn fail_push(&mut self, claim: &Claim, failure: &Failure, now: DateTime<Utc>, jitter: f64) -> Result<()> {
        let tx = self.write_tx()?;
        let (article, target) = (claim.article.to_string(), claim.target);
        let reason = match failure {
            Failure::Retry { reason, ambiguous } => {
                let attempts = claim.attempts + 1;
                let next = now.timestamp() + publishing::backoff(attempts, jitter).as_secs() as i64;
                tx.execute(
                    "UPDATE outbox SET attempts = ?4, next_attempt_at = ?5, last_error = ?6, ambiguous = ?7,
                         lease_owner = NULL, lease_expires_at = NULL
                     WHERE article_id = ?1 AND target_id = ?2 AND lease_owner = ?3",
                    params![
                        article,
                        target,
                        claim.owner,
                        attempts,
                        next,
                        reason,
                        claim.ambiguous || *ambiguous
                    ],
                )?;
                reason
            }
            Failure::Park { reason } => {
                // A refused create may still have left a post behind (WordPress writes the post
                // before it checks meta): the next attempt looks before creating.
                tx.execute(
                    "UPDATE outbox SET parked_reason = ?4, last_error = ?4, lease_owner = NULL, lease_expires_at = NULL
                     WHERE article_id = ?1 AND target_id = ?2 AND lease_owner = ?3",
                    params![article, target, claim.owner, reason],
                )?;
                reason
            }
            Failure::StopTarget { reason } => {
                tx.execute(
                    "UPDATE targets SET stopped_reason = ?2 WHERE id = ?1",
                    params![target, reason],
                )?;
                tx.execute(
                    "UPDATE outbox SET last_error = ?4, lease_owner = NULL, lease_expires_at = NULL, ambiguous = ?5
                     WHERE article_id = ?1 AND target_id = ?2 AND lease_owner = ?3",
                    params![article, target, claim.owner, reason, claim.ambiguous],
                )?;
                reason
            }
        };
        set_state(
            &tx,
            claim.article,
            claim.target,
            PublicationState::Failed,
            Some(reason),
            now,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The portal's copy changed since our last push: keep it for the editor and hold the item.
    pub fn mark_conflict(
        &mut self,
        claim: &Claim,
        theirs: &PortalCopy,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tx = self.write_tx()?;
        let (article, target) = (claim.article.to_string(), claim.target);
        set_state(
            &tx,
            claim.article,
            claim.target,
            PublicationState::Conflict,
            Some(reason),
            now,
        )?;
        tx.execute(
            "UPDATE publications SET conflict_title = ?3, conflict_body = ?4, conflict_modified_gmt = ?5,
                 conflict_removed = ?6
             WHERE article_id = ?1 AND target_id = ?2",
            params![
                article,
                target,
                theirs.title,
                theirs.body,
                theirs.modified_gmt,
                theirs.removed.map(|r| r.as_str())
            ],
        )?;
        tx.execute(
            "UPDATE outbox SET parked_reason = ?3, last_error = ?3, lease_owner = NULL, lease_expires_at = NULL, ambiguous = ?4
             WHERE article_id = ?1 AND target_id = ?2",
            params![article, target, reason, claim.ambiguous],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Gives a claimed item back untouched (its worker could not even start, e.g. no password):
    /// no attempt is counted, and the publication shows it queued again.
    pub fn release_claim(&mut self, claim: &Claim, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL, ambiguous = ?4
             WHERE article_id = ?1 AND target_id = ?2 AND lease_owner = ?3",
            params![claim.article.to_string(), claim.target, claim.owner, claim.ambiguous],
        )?;
        set_state(&tx, claim.article, claim.target, PublicationState::Queued, None, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Lifts a hold (after the editor fixed what the portal refused, or asked to try again).
    pub fn retry_parked(&mut self, article: ArticleId, target: i64, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE outbox SET parked_reason = NULL, attempts = 0, next_attempt_at = ?3
             WHERE article_id = ?1 AND target_id = ?2
               AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.article_id = ?1 AND p.target_id = ?2 AND p.state = 'conflict')",
            params![article.to_string(), target, now.timestamp()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The queue, oldest due first, as the sync status shows it.
    pub fn outbox(&self, now: DateTime<Utc>) -> Result<Vec<OutboxItem>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT o.article_id, a.title, o.target_id, t.name, o.operation, o.attempts, o.next_attempt_at,
                    CASE WHEN o.lease_expires_at > ?1 THEN o.lease_owner END, o.parked_reason, o.last_error
             FROM outbox o JOIN articles a ON a.id = o.article_id JOIN targets t ON t.id = o.target_id
             ORDER BY o.next_attempt_at, o.created_at, o.article_id",
        )?;
        let items = stmt
            .query_map([now.timestamp()], |r| {
                let op: String = r.get(4)?;
                Ok(OutboxItem {
                    article: rows::article_id(r, 0)?,
                    title: r.get(1)?,
                    target: r.get(2)?,
                    target_name: r.get(3)?,
                    operation: Operation::parse(&op).ok_or_else(|| rows::unreadable("operation", &op, "unknown"))?,
                    attempts: r.get::<_, i64>(5)?.max(0) as u32,
                    next_attempt_at: unix(r.get(6)?),
                    sending_by: r.get(7)?,
                    parked_reason: r.get(8)?,
                    last_error: r.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(items)
    }
}

/// The article has nothing on the claim's target (never had, or the post is gone there).
fn forget_publication(tx: &Transaction<'_>, claim: &Claim) -> Result<()> {
    tx.execute(
        "DELETE FROM publications WHERE article_id = ?1 AND target_id = ?2",
        params![claim.article.to_string(), claim.target],
    )?;
    Ok(())
}

/// Takes the claimed item off the queue if no edit came in meanwhile; else frees it.
fn settle(tx: &Transaction<'_>, claim: &Claim, now: DateTime<Utc>) -> Result<()> {
    let (article, target) = (claim.article.to_string(), claim.target);
    let gone = tx.execute(
        "DELETE FROM outbox WHERE article_id = ?1 AND target_id = ?2 AND generation = ?3",
        params![article, target, claim.generation],
    )?;
    if gone == 0 {
        tx.execute(
            "UPDATE outbox SET lease_owner = NULL, lease_expires_at = NULL, ambiguous = 0, attempts = 0
             WHERE article_id = ?1 AND target_id = ?2",
            params![article, target],
        )?;
        set_state(tx, claim.article, claim.target, PublicationState::Queued, None, now)?;
    }
    Ok(())
}
