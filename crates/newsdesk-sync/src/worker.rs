//! The outbox worker: claim → send → complete, one item at a time under a lease, so the app's
//! worker and a `newsdesk push` from cron never send one item twice. No database transaction is
//! open while a request is out: each claim, record and settlement is its own short transaction.
//!
//! On the happy path a new article costs one upload per new photo and one create; an update one
//! read (the conflict check on `modified_gmt`) and one write. Lookups happen only when an earlier
//! attempt may have gone through (the claim says `ambiguous`): the post by its `newsdesk_id`
//! (the must-use plugin's filter), else by its slug; a photo by its hashed title.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use newsdesk_core::media::{MediaFolder, Photo};
use newsdesk_core::publishing::{
    self, Claim, Failure, Operation, PortalCopy, Publication, Pushed, Removal, Target, publishing_state,
};
use newsdesk_core::render::ResolvedPhoto;
use newsdesk_core::{Article, ArticleId, Db, Error, ErrorKind, Lang};
use serde_json::json;

use crate::credentials::Secret;
use crate::http::Http;
use crate::mapping::{self, PortalPhotos, Terms};
use crate::wordpress::{CallError, Post, WordPress};

/// How an item ended in this round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// On the portal; its public address.
    Pushed { url: Option<String> },
    /// Nothing needed sending after all (the plan at send time was empty).
    Unchanged,
    /// Will be tried again later.
    Retry(String),
    /// Waits for a person (a permanent refusal).
    Parked(String),
    /// The portal's copy changed: kept, nothing overwritten.
    Conflict,
    /// The credentials were refused: the target is stopped.
    TargetStopped(String),
}

/// One item done, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub article: ArticleId,
    pub target: i64,
    pub operation: Operation,
    pub outcome: Outcome,
    /// Whether the portal answered this attempt (None: nothing was sent): the app's online mark.
    pub answered: Option<bool>,
}

/// Gives the password of a target (from the keychain, or from stdin for headless use).
pub type Credentials = Box<dyn Fn(&Target) -> Result<Secret, Error> + Send>;

/// What the worker needs from its surroundings: time and randomness are inputs.
pub struct WorkerSetup {
    /// Names this worker in leases (e.g. `app-<pid>`, `cli-<pid>`).
    pub owner: String,
    pub http: Http,
    pub credentials: Credentials,
    pub clock: Box<dyn Fn() -> DateTime<Utc> + Send>,
    /// 0..1 for each backoff; tests pass a fixed sequence.
    pub jitter: Box<dyn FnMut() -> f64 + Send>,
    pub lease: Duration,
    pub lang: Lang,
}

/// A jitter source for [`WorkerSetup::jitter`], seeded at the edge (the process and the clock):
/// each process backs off differently, and nothing in the core reads randomness. The CLI and
/// the app use it; tests pass fixed sequences.
pub fn edge_jitter() -> Box<dyn FnMut() -> f64 + Send> {
    let mut state = (u64::from(std::process::id()) << 32) ^ Utc::now().timestamp_subsec_nanos() as u64 | 1;
    Box::new(move || {
        // xorshift64: a few lines, enough to spread retries.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    })
}

/// Sends the outbox of one database.
pub struct Worker {
    db: Db,
    media: MediaFolder,
    setup: WorkerSetup,
    portals: HashMap<i64, WordPress>,
    /// (target, taxonomy, name) → term id, for this worker's life: a term costs one request.
    terms: HashMap<(i64, &'static str, String), i64>,
}

/// Which items a round may take.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    pub target: Option<i64>,
    pub article: Option<ArticleId>,
}

impl Worker {
    /// A worker on its own connection to the database at `path`.
    pub fn open(path: &Path, setup: WorkerSetup) -> Result<Worker, Error> {
        Ok(Worker::new(Db::open(path)?, MediaFolder::beside(path), setup))
    }

    pub fn new(db: Db, media: MediaFolder, setup: WorkerSetup) -> Worker {
        Worker {
            db,
            media,
            setup,
            portals: HashMap::new(),
            terms: HashMap::new(),
        }
    }

    pub fn db(&mut self) -> &mut Db {
        &mut self.db
    }

    /// Forgets the portals' passwords read so far: after a target is authorized again, the
    /// next item reads the new one from the keychain.
    pub fn forget_credentials(&mut self) {
        self.portals.clear();
    }

    /// Sends every due item in scope until none is left or `stop` is set; returns what happened.
    pub fn run_until_idle(
        &mut self,
        scope: Scope,
        stop: &AtomicBool,
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Vec<Progress>, Error> {
        let mut done = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let now = (self.setup.clock)();
            let claims =
                self.db
                    .claim_outbox(&self.setup.owner, scope.target, scope.article, now, self.setup.lease, 1)?;
            let Some(claim) = claims.into_iter().next() else { break };
            let (outcome, answered) = self.send(&claim)?;
            let p = Progress {
                article: claim.article,
                target: claim.target,
                operation: claim.operation,
                outcome,
                answered,
            };
            progress(&p);
            done.push(p);
        }
        Ok(done)
    }

    /// Runs rounds on a thread until `stop` is set, resting `idle` between empty rounds: the
    /// desktop app's worker.
    pub fn spawn(
        mut self,
        stop: Arc<AtomicBool>,
        idle: Duration,
        mut progress: Box<dyn FnMut(&Progress) + Send>,
        mut failed: Box<dyn FnMut(&Error) + Send>,
    ) -> std::thread::JoinHandle<()>
    where
        Self: Send + 'static,
    {
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match self.run_until_idle(Scope::default(), &stop, &mut *progress) {
                    Ok(done) if !done.is_empty() => continue,
                    Ok(_) => {}
                    Err(e) => failed(&e),
                }
                std::thread::sleep(idle);
            }
        })
    }

    fn portal(&mut self, target: &Target) -> Result<WordPress, Error> {
        if let Some(p) = self.portals.get(&target.id) {
            return Ok(p.clone());
        }
        let secret = (self.setup.credentials)(target)?;
        let portal = WordPress::new(
            self.setup.http.clone(),
            &target.name,
            &target.url,
            &target.user,
            &secret,
        );
        self.portals.insert(target.id, portal.clone());
        Ok(portal)
    }

    /// Sends one claimed item and settles it in the outbox.
    fn send(&mut self, claim: &Claim) -> Result<(Outcome, Option<bool>), Error> {
        // Without a password nothing can be sent: the item goes back as it was and the round
        // ends with the reason (the CLI's "use --password-stdin", the app's "authorize again").
        let target = self.db.target_by_id(claim.target)?;
        if let Err(e) = self.portal(&target) {
            self.db.release_claim(claim, (self.setup.clock)())?;
            return Err(e);
        }
        let result = self.attempt(claim);
        let now = (self.setup.clock)();
        let lang = self.setup.lang;
        match result {
            Ok(Sent::Pushed(pushed)) => {
                let url = pushed.remote_url.clone();
                self.db.complete_push(claim, &pushed, now)?;
                Ok((Outcome::Pushed { url }, Some(true)))
            }
            Ok(Sent::Unchanged) => {
                self.db.complete_unchanged(claim, now)?;
                Ok((Outcome::Unchanged, None))
            }
            Ok(Sent::Gone) => {
                self.db.complete_gone(claim, now)?;
                Ok((Outcome::Unchanged, Some(true)))
            }
            Ok(Sent::Conflict(copy)) => {
                let reason = match copy.removed {
                    Some(removal) => removal.reason(lang),
                    None => lang.pick(
                        "门户上的版本在上次推送后被修改过，未覆盖：请选择保留我们的、采用门户的，或手工合并。",
                        "The portal's copy was changed after our last push and was not overwritten: keep ours, take theirs, or merge by hand.",
                    ),
                }
                .to_string();
                self.db.mark_conflict(claim, &copy, &reason, now)?;
                Ok((Outcome::Conflict, Some(true)))
            }
            Err(failure) => {
                // A status is an answer; a local refusal (the mapping's) sent nothing.
                let answered = match (&failure.status, failure.error.kind()) {
                    (Some(_), _) => Some(true),
                    (None, ErrorKind::Network) => Some(false),
                    (None, _) => None,
                };
                let (failure, outcome) = self.classify(failure, lang);
                let jitter = (self.setup.jitter)();
                self.db.fail_push(claim, &failure, now, jitter)?;
                if let Outcome::TargetStopped(_) = outcome {
                    self.portals.remove(&claim.target);
                }
                Ok((outcome, answered))
            }
        }
    }

    fn classify(&self, e: CallError, lang: Lang) -> (Failure, Outcome) {
        let reason = e.error.message(lang);
        match e.error.kind() {
            ErrorKind::Auth | ErrorKind::Keychain => (
                Failure::StopTarget { reason: reason.clone() },
                Outcome::TargetStopped(reason),
            ),
            ErrorKind::Network => (
                Failure::Retry {
                    reason: reason.clone(),
                    ambiguous: e.maybe_sent,
                },
                Outcome::Retry(reason),
            ),
            ErrorKind::Remote if e.status.is_none_or(|s| s >= 500 || s == 429 || s == 408) => (
                Failure::Retry {
                    reason: reason.clone(),
                    ambiguous: e.maybe_sent,
                },
                Outcome::Retry(reason),
            ),
            ErrorKind::Database | ErrorKind::Io => (
                Failure::Retry {
                    reason: reason.clone(),
                    ambiguous: e.maybe_sent,
                },
                Outcome::Retry(reason),
            ),
            // 400, 403, 404 and what the mapping refused before sending: a person must look.
            _ => {
                let reason = format!(
                    "{reason}{}",
                    lang.pick(
                        "这一项已暂停，修改后会重新发送。",
                        " The item is on hold and is sent again after a change."
                    )
                );
                (Failure::Park { reason: reason.clone() }, Outcome::Parked(reason))
            }
        }
    }

    fn attempt(&mut self, claim: &Claim) -> Result<Sent, CallError> {
        let local = |error: Error| CallError {
            error,
            maybe_sent: false,
            status: None,
            body: None,
        };
        let article = match self.db.article(claim.article) {
            Ok(a) => a,
            // Trashed or gone: nothing to send for it.
            Err(Error::NotFound { .. }) => return Ok(Sent::Unchanged),
            Err(e) => return Err(local(e)),
        };
        let target = self.db.target_by_id(claim.target).map_err(local)?;
        let publication = self.db.publication(article.id, target.id).map_err(local)?;
        let now = (self.setup.clock)();
        let state = publishing_state(article.status, article.publish_at, now);
        let fingerprint = self.db.push_fingerprint(article.id).map_err(local)?;
        let Some(op) = publishing::plan(state, &fingerprint, publication.as_ref()) else {
            return Ok(Sent::Unchanged);
        };
        let portal = self.portal(&target).map_err(local)?;
        let remote_id = publication.as_ref().and_then(|p| p.remote_id);
        match (op, remote_id) {
            (Operation::Withdraw, Some(id)) | (Operation::Update, Some(id)) => {
                let current = portal.post(id)?;
                let withdraw = op == Operation::Withdraw;
                // Taken down on the portal: a withdrawal has what it asked for; an update would
                // bring the post back, which is the editor's call, not ours.
                let Some(current) = current else {
                    return Ok(if withdraw {
                        Sent::Gone
                    } else {
                        Sent::Conflict(PortalCopy::deleted())
                    });
                };
                let trashed = current.status == "trash";
                if trashed && withdraw {
                    return Ok(Sent::Pushed(pushed(current, fingerprint)));
                }
                // Trashed since our last write (its time may not have moved within the second):
                // once the editor has seen it there, the update below brings it back.
                let seen_trashed = publication.as_ref().and_then(|p| p.remote_status.as_deref()) == Some("trash");
                if trashed && !seen_trashed {
                    return Ok(Sent::Conflict(PortalCopy {
                        removed: Some(Removal::Trashed),
                        ..portal_copy(&current)
                    }));
                }
                if let Some(copy) = changed_on_portal(&current, publication.as_ref()) {
                    return Ok(Sent::Conflict(PortalCopy {
                        removed: trashed.then_some(Removal::Trashed),
                        ..copy
                    }));
                }
                let post = if op == Operation::Withdraw {
                    portal.update_post(id, &json!({ "status": "draft" }))?
                } else {
                    let body = self.post_body(&portal, &target, &article, state, claim.ambiguous)?;
                    let post = portal.update_post(id, &body)?;
                    self.terms_kept(&portal, &target, &article, state, claim.ambiguous, &body, post)?
                };
                Ok(Sent::Pushed(pushed(post, fingerprint)))
            }
            _ => {
                // A create. After an ambiguous attempt the post may be there already: find it
                // (ours, by our id) and update it instead of making a second one. Without the
                // plugin the slug finds it; a post with our slug that carries another article's
                // id is someone else's. (Should WordPress have renamed ours to `-2`, the slug
                // lookup misses it: the plugin's id lookup is the reliable one.)
                let existing = if claim.ambiguous {
                    match portal.find_by_newsdesk_id(&article.id.to_string())? {
                        Some(p) => Some(p),
                        None => portal.find_by_slug(&article.slug)?.filter(|p| {
                            p.json
                                .pointer("/meta/newsdesk_id")
                                .and_then(|v| v.as_str())
                                .is_none_or(|id| id.is_empty() || id == article.id.to_string())
                        }),
                    }
                } else {
                    None
                };
                let body = self.post_body(&portal, &target, &article, state, claim.ambiguous)?;
                let write = |body: &serde_json::Value| match &existing {
                    Some(p) => portal.update_post(p.id, body),
                    None => portal.create_post(body),
                };
                let post = write(&body)?;
                let post = self.terms_kept(&portal, &target, &article, state, claim.ambiguous, &body, post)?;
                Ok(Sent::Pushed(pushed(post, fingerprint)))
            }
        }
    }

    fn post_body(
        &mut self,
        portal: &WordPress,
        target: &Target,
        article: &Article,
        state: publishing::PublishingState,
        ambiguous: bool,
    ) -> Result<serde_json::Value, CallError> {
        let local = |error: Error| CallError {
            error,
            maybe_sent: false,
            status: None,
            body: None,
        };
        // Refuse what the portal would refuse after writing, before anything goes out.
        mapping::validate_meta(article).map_err(local)?;
        let zone = self.db.site().map_err(local)?.zone();
        let mut photos = PortalPhotos::default();
        let strip = self.db.article_photos(article.id).map_err(local)?;
        let mut featured = None;
        let mut wanted: Vec<(Photo, bool)> = strip.into_iter().map(|p| (p.photo, p.is_lead)).collect();
        for id in mapping::figure_ids(&article.body) {
            if !wanted.iter().any(|(p, _)| p.id == id)
                && let Ok(photo) = self.db.photo(&id)
            {
                wanted.push((photo, false));
            }
        }
        for (photo, is_lead) in wanted {
            let media = self.ensure_media(portal, target, &photo, ambiguous)?;
            if is_lead {
                featured = Some(media.remote_id);
            }
            let largest = photo.renditions.first();
            photos.insert(
                &photo.id,
                ResolvedPhoto {
                    src: media.remote_url,
                    srcset: None,
                    width: largest.map(|r| r.width),
                    height: largest.map(|r| r.height),
                    alt: photo.alt.clone().unwrap_or_default(),
                    caption: photo.caption.clone().unwrap_or_default(),
                    credit: photo.credit.clone(),
                },
            );
        }
        let category = self.term(portal, target.id, "categories", &article.channel)?;
        let mut tags = Vec::new();
        for k in &article.keywords {
            tags.push(self.term(portal, target.id, "tags", k)?);
        }
        mapping::post_body(article, zone, state, &Terms { category, tags }, featured, &photos).map_err(local)
    }

    /// A term's id: from this worker's memory, the database (an earlier run met it), or one
    /// request that creates it or learns the existing one's id.
    fn term(&mut self, portal: &WordPress, target: i64, taxonomy: &'static str, name: &str) -> Result<i64, CallError> {
        let key = (target, taxonomy, name.to_string());
        if let Some(id) = self.terms.get(&key) {
            return Ok(*id);
        }
        let local = |error: Error| CallError {
            error,
            maybe_sent: false,
            status: None,
            body: None,
        };
        let id = match self.db.remote_term(target, taxonomy, name).map_err(local)? {
            Some(id) => id,
            None => {
                let id = portal.term(taxonomy, name)?;
                self.db.record_remote_term(target, taxonomy, name, id).map_err(local)?;
                id
            }
        };
        self.terms.insert(key, id);
        Ok(id)
    }

    /// The photo on the portal: known by its hash, found after an ambiguous upload, or uploaded
    /// now (the largest rendition; WordPress makes its own sizes).
    fn ensure_media(
        &mut self,
        portal: &WordPress,
        target: &Target,
        photo: &Photo,
        ambiguous: bool,
    ) -> Result<newsdesk_core::db::RemoteMedia, CallError> {
        let local = |error: Error| CallError {
            error,
            maybe_sent: false,
            status: None,
            body: None,
        };
        if let Some(m) = self.db.remote_media(&photo.sha256, target.id).map_err(local)? {
            return Ok(m);
        }
        let file_name = mapping::media_file_name(&photo.sha256, "jpg");
        let title = file_name.trim_end_matches(".jpg").to_string();
        let found = if ambiguous { portal.find_media(&title)? } else { None };
        let media = match found {
            Some(m) => m,
            None => {
                let rendition = photo.renditions.first().ok_or_else(|| {
                    local(Error::NotFound {
                        what: "photo",
                        id: photo.id.clone(),
                    })
                })?;
                let path = self.media.absolute(&rendition.path);
                let bytes = match std::fs::read(&path) {
                    Ok(bytes) => bytes,
                    // The web rendition is gone (a cleaned or half-synced media folder): made
                    // again from the original when that is there, else the photo is named.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => self.rendition_again(photo).map_err(local)?,
                    Err(e) => return Err(local(Error::io(&path, e))),
                };
                let caption = match (&photo.caption, &photo.credit) {
                    (Some(c), Some(cr)) => format!("{c} {cr}"),
                    (Some(c), None) => c.clone(),
                    (None, Some(cr)) => cr.clone(),
                    (None, None) => String::new(),
                };
                let alt = photo.alt.clone().or_else(|| photo.caption.clone()).unwrap_or_default();
                portal.upload_media(&bytes, &file_name, "image/jpeg", &title, &caption, &alt)?
            }
        };
        let remote = newsdesk_core::db::RemoteMedia {
            remote_id: media.id,
            remote_url: media.source_url,
        };
        self.db
            .record_remote_media(&photo.sha256, target.id, &remote)
            .map_err(local)?;
        Ok(remote)
    }
}

impl Worker {
    /// The photo's first rendition, made again from its original; a photo whose original is
    /// gone too is a photo problem (held for the editor, not retried: no retry brings it back).
    fn rendition_again(&mut self, photo: &Photo) -> Result<Vec<u8>, Error> {
        let missing = || Error::Photo {
            file: photo.caption.clone().unwrap_or_else(|| photo.id.clone()),
            problem: newsdesk_core::error::PhotoProblem::FilesMissing,
        };
        if !self.media.absolute(&photo.original).is_file() {
            return Err(missing());
        }
        let remade = self.db.remake_photo(&self.media, &photo.id)?;
        let rendition = remade.renditions.first().ok_or_else(missing)?;
        let path = self.media.absolute(&rendition.path);
        std::fs::read(&path).map_err(|e| Error::io(&path, e))
    }

    /// WordPress files a post under term ids it does not have without a word (the default
    /// category instead). When the answer lacks a term we sent, a kept id was deleted on the
    /// portal: forget the kept ids, ask for the terms again and send them (one more request, only then).
    #[allow(clippy::too_many_arguments)]
    fn terms_kept(
        &mut self,
        portal: &WordPress,
        target: &Target,
        article: &Article,
        state: publishing::PublishingState,
        ambiguous: bool,
        sent: &serde_json::Value,
        post: Post,
    ) -> Result<Post, CallError> {
        let has_all = |key: &str| {
            let got = post.json[key].as_array().cloned().unwrap_or_default();
            sent[key].as_array().into_iter().flatten().all(|id| got.contains(id))
        };
        if has_all("categories") && has_all("tags") {
            return Ok(post);
        }
        self.terms.retain(|(t, _, _), _| *t != target.id);
        self.db.forget_remote_terms(target.id).map_err(|error| CallError {
            error,
            maybe_sent: false,
            status: None,
            body: None,
        })?;
        let body = self.post_body(portal, target, article, state, ambiguous)?;
        portal.update_post(post.id, &body)
    }
}

enum Sent {
    Pushed(Pushed),
    Unchanged,
    /// A withdrawal found the post deleted on the portal.
    Gone,
    Conflict(PortalCopy),
}

fn pushed(post: Post, fingerprint: String) -> Pushed {
    Pushed {
        remote_id: post.id,
        remote_url: post.link,
        remote_status: post.status,
        remote_modified_gmt: post.modified_gmt,
        fingerprint,
    }
}

/// The portal's copy when it changed since our last write there (its `modified_gmt` moved).
fn changed_on_portal(current: &Post, publication: Option<&Publication>) -> Option<PortalCopy> {
    let stored = publication.and_then(|p| p.remote_modified_gmt.as_deref())?;
    let theirs = current.modified_gmt.as_deref()?;
    (stored != theirs).then(|| portal_copy(current))
}

fn portal_copy(current: &Post) -> PortalCopy {
    PortalCopy {
        title: current.title_raw.clone(),
        body: current.content_html.clone(),
        modified_gmt: current.modified_gmt.clone().unwrap_or_default(),
        removed: None,
    }
}
