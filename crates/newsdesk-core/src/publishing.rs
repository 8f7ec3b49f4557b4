//! Publishing: what an article's status means on a given day, and what each portal still needs.
//!
//! [`publishing_state`] is the one reading of 状态 and 发布日期 that export, preview and push all
//! use: 已发布 with a future 发布日期 is 定时发布; 定时发布 whose time has come is public. The
//! planning ([`plan`]) is pure: given the article's state, its [`fingerprint`] and what the last
//! successful push to a target left ([`Publication`]), it says which [`Operation`] the target
//! needs, if any. The outbox (`db/outbox.rs`) stores what the planning says, in the same
//! transaction as the checkpoint that caused it; the sync crate sends it.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::article::{Article, ArticleId, Status};
use crate::lang::Lang;

/// An article's status as it stands at a moment: the stored status read against the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum PublishingState {
    Draft,
    Ready,
    /// Public from `at` on; the portal publishes it by itself then.
    Scheduled {
        #[ts(type = "string")]
        at: DateTime<FixedOffset>,
    },
    Published,
    Withdrawn,
}

impl PublishingState {
    /// Whether a reader can see it now: on the exported site, on the portal.
    pub fn is_public(self) -> bool {
        self == PublishingState::Published
    }

    /// Whether it belongs on the portal (now or at its time).
    pub fn wants_portal(self) -> bool {
        matches!(self, PublishingState::Published | PublishingState::Scheduled { .. })
    }

    /// The WordPress post status for it.
    pub fn wordpress_status(self) -> &'static str {
        match self {
            PublishingState::Published => "publish",
            PublishingState::Scheduled { .. } => "future",
            PublishingState::Draft | PublishingState::Ready | PublishingState::Withdrawn => "draft",
        }
    }
}

/// THE reading of status and publish time. A published or scheduled article with a future
/// publish time is scheduled; one whose time has come (or that has none) is published.
pub fn publishing_state(
    status: Status,
    publish_at: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> PublishingState {
    match (status, publish_at) {
        (Status::Published | Status::Scheduled, Some(at)) if at > now => PublishingState::Scheduled { at },
        (Status::Published | Status::Scheduled, _) => PublishingState::Published,
        (Status::Draft, _) => PublishingState::Draft,
        (Status::Ready, _) => PublishingState::Ready,
        (Status::Withdrawn, _) => PublishingState::Withdrawn,
    }
}

/// What the editor is told when a save changed the status they chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StatusNotice {
    /// 已发布 with a future 发布日期 was saved as 定时发布.
    SavedAsScheduled,
}

impl StatusNotice {
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            StatusNotice::SavedAsScheduled => lang.pick(
                "发布日期在将来，已保存为定时发布：到时间后自动发布。",
                "The publish time is in the future, so the article was saved as scheduled: it goes public at that time.",
            ),
        }
    }
}

/// Settles the stored status before a save: 已发布 with a future time is stored as 定时发布, so
/// that lists, export and push agree on it without each reading the clock their own way.
pub fn settle_status(article: &mut Article, now: DateTime<Utc>) -> Option<StatusNotice> {
    if article.status == Status::Published && article.publish_at.is_some_and(|at| at > now) {
        article.status = Status::Scheduled;
        return Some(StatusNotice::SavedAsScheduled);
    }
    None
}

/// The notice a save should show, from the status asked for and the article as saved.
pub fn status_notice(asked: Option<Status>, saved: &Article) -> Option<StatusNotice> {
    (asked == Some(Status::Published) && saved.status == Status::Scheduled).then_some(StatusNotice::SavedAsScheduled)
}

/// The words of a photo that reach the portal with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhotoPart {
    pub sha256: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub alt: Option<String>,
    pub is_lead: bool,
}

/// A digest of everything a push sends of an article: its fields (not its save counters or
/// times of saving) and its photos' hashes and words. An article needs an update on a target
/// when this differs from the fingerprint stored at its last successful push there; the app's
/// 待更新 mark is the same comparison.
///
/// Not the export's page fingerprint: that one also covers the theme and the channel's latest
/// list, which a WordPress post does not carry, and changes with every save.
pub fn fingerprint(article: &Article, photos: &[PhotoPart]) -> String {
    fn none(v: &&Option<String>) -> bool {
        v.is_none()
    }
    #[derive(Serialize)]
    struct Pushed<'a> {
        id: ArticleId,
        kicker: &'a Option<String>,
        title: &'a str,
        subtitle: &'a Option<String>,
        slug: &'a str,
        channel: &'a str,
        status: Status,
        body: &'a str,
        summary: &'a Option<String>,
        keywords: &'a [String],
        publish_at: Option<String>,
        source: &'a crate::article::SourceAttribution,
        editor: &'a Option<String>,
        // Left out when there are none, so the posts pushed before the field stay up to date.
        #[serde(skip_serializing_if = "none")]
        other_credits: &'a Option<String>,
        photos: &'a [PhotoPart],
    }
    let pushed = Pushed {
        id: article.id,
        kicker: &article.kicker,
        title: &article.title,
        subtitle: &article.subtitle,
        slug: &article.slug,
        channel: &article.channel,
        status: article.status,
        body: &article.body,
        summary: &article.summary,
        keywords: &article.keywords,
        publish_at: article.publish_at.map(|t| t.with_timezone(&Utc).to_rfc3339()),
        source: &article.source,
        editor: &article.editor,
        other_credits: &article.other_credits,
        photos,
    };
    let json = serde_json::to_vec(&pushed).expect("the pushed fields serialize");
    let digest = Sha256::digest(&json);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// A portal an article can go to. Its password is in the OS keychain, never here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Target {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: TargetKind,
    /// The portal's home address, e.g. `https://www.example.cn/`.
    pub url: String,
    pub user: String,
    /// Set when the portal refused the credentials: nothing is sent until new ones are given.
    pub stopped_reason: Option<String>,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    Wordpress,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Wordpress => "wordpress",
        }
    }
}

/// Where an article stands on one target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PublicationState {
    Queued,
    Sending,
    Published,
    Failed,
    Conflict,
}

impl PublicationState {
    pub fn as_str(self) -> &'static str {
        match self {
            PublicationState::Queued => "queued",
            PublicationState::Sending => "sending",
            PublicationState::Published => "published",
            PublicationState::Failed => "failed",
            PublicationState::Conflict => "conflict",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<PublicationState> {
        [
            PublicationState::Queued,
            PublicationState::Sending,
            PublicationState::Published,
            PublicationState::Failed,
            PublicationState::Conflict,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// An article on a target: what the last successful push left, and the state now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Publication {
    pub article: ArticleId,
    #[ts(type = "number")]
    pub target: i64,
    pub state: PublicationState,
    #[ts(type = "number | null")]
    pub remote_id: Option<i64>,
    /// The public address from the portal's last answer.
    pub remote_url: Option<String>,
    /// The portal's post status from its last answer (publish, future, draft).
    pub remote_status: Option<String>,
    /// The portal's `modified_gmt` from the answer to our last write.
    pub remote_modified_gmt: Option<String>,
    pub pushed_fingerprint: Option<String>,
    pub last_error: Option<String>,
    /// The portal's copy when it changed behind our back.
    pub conflict: Option<PortalCopy>,
}

/// The portal's version of a post, kept for the editor to compare with ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PortalCopy {
    pub title: String,
    /// The post's content as the portal stores it (HTML).
    pub body: String,
    /// Empty when the post is gone (nothing there has a time).
    pub modified_gmt: String,
    /// Someone on the portal took the post down: a push over it would bring it back, which is
    /// theirs to have decided (a takedown), so it waits for the editor like an edit does.
    pub removed: Option<Removal>,
}

impl PortalCopy {
    /// A post deleted for good on the portal: no text, no time.
    pub fn deleted() -> PortalCopy {
        PortalCopy {
            title: String::new(),
            body: String::new(),
            modified_gmt: String::new(),
            removed: Some(Removal::Deleted),
        }
    }
}

/// How a post left the portal behind our back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Removal {
    /// In WordPress's trash (`status: trash`): it can come back.
    Trashed,
    /// Deleted for good: the portal answers 404 for its id.
    Deleted,
}

impl Removal {
    pub fn as_str(self) -> &'static str {
        match self {
            Removal::Trashed => "trashed",
            Removal::Deleted => "deleted",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Removal> {
        [Removal::Trashed, Removal::Deleted]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    /// Why the push waits, for the outbox and the queue view.
    pub fn reason(self, lang: Lang) -> &'static str {
        match self {
            Removal::Trashed => lang.pick(
                "门户上的这篇稿件已被移到回收站，未恢复：请选择恢复并推送我们的版本，或在本地撤稿。",
                "The post was moved to the trash on the portal and was not brought back: restore it with ours, or withdraw the article here.",
            ),
            Removal::Deleted => lang.pick(
                "门户上的这篇稿件已被删除，未重新发布：请选择作为新稿件重新发布，或在本地撤稿。",
                "The post was deleted on the portal and was not published again: publish ours as a new post, or withdraw the article here.",
            ),
        }
    }
}

/// What a target must do with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// Create the post.
    Publish,
    /// Send our version over the portal's.
    Update,
    /// 撤稿: the post becomes a draft on the portal, kept but no longer public.
    Withdraw,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Publish => "publish",
            Operation::Update => "update",
            Operation::Withdraw => "withdraw",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Operation> {
        [Operation::Publish, Operation::Update, Operation::Withdraw]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// THE planning: which operation an article needs on a target, given its state now, its
/// fingerprint and what the last successful push left there.
pub fn plan(state: PublishingState, fingerprint: &str, publication: Option<&Publication>) -> Option<Operation> {
    let remote = publication.filter(|p| p.remote_id.is_some());
    if state.wants_portal() {
        return match remote {
            None => Some(Operation::Publish),
            Some(p) if p.pushed_fingerprint.as_deref() != Some(fingerprint) => Some(Operation::Update),
            // Withdrawn on the portal and wanted again with unchanged text.
            Some(p) if p.remote_status.as_deref() == Some("draft") => Some(Operation::Update),
            Some(_) => None,
        };
    }
    // Not (or no longer) for readers: only a post that is public there (or scheduled to be)
    // needs anything. A draft, one in the trash, and one the portal keeps pending review or
    // private (a pulled post is one of ours as a draft) are left as the portal has them: they
    // were demoted to drafts by the first push after a pull.
    match remote {
        Some(p) if matches!(p.remote_status.as_deref(), Some("publish" | "future")) => Some(Operation::Withdraw),
        _ => None,
    }
}

/// One row of the outbox, as the queue view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxItem {
    pub article: ArticleId,
    pub title: String,
    #[ts(type = "number")]
    pub target: i64,
    pub target_name: String,
    pub operation: Operation,
    pub attempts: u32,
    #[ts(type = "string")]
    pub next_attempt_at: DateTime<Utc>,
    /// Who is sending it now, if anyone (a lease that has not run out).
    pub sending_by: Option<String>,
    /// Why it waits for a person instead of being retried.
    pub parked_reason: Option<String>,
    pub last_error: Option<String>,
}

/// An item a worker holds: it may send it until the lease runs out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub article: ArticleId,
    pub target: i64,
    pub operation: Operation,
    /// The row's generation when claimed: an edit meanwhile makes it newer.
    pub generation: i64,
    pub attempts: u32,
    /// An earlier attempt may have reached the portal: look before creating anything.
    pub ambiguous: bool,
    pub owner: String,
}

/// What the portal answered to a successful push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    pub remote_id: i64,
    pub remote_url: Option<String>,
    pub remote_status: String,
    pub remote_modified_gmt: Option<String>,
    /// The article's fingerprint as sent.
    pub fingerprint: String,
}

/// Why a push did not go through, and what the outbox does about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Try again after a backoff. `ambiguous`: the request may have reached the portal.
    Retry { reason: String, ambiguous: bool },
    /// A permanent refusal (400, 403): wait for a person.
    Park { reason: String },
    /// The portal refused the credentials (401): the whole target waits for new ones.
    StopTarget { reason: String },
}

/// How the editor settles a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Push our version over the portal's: over a trashed post it comes back from the trash; a
    /// deleted one is published again as a new post.
    KeepOurs,
    /// Take the portal's version into Newsdesk as a new revision (title and body as Markdown).
    /// When the portal took the post down, theirs is that: the article is withdrawn (撤稿) here.
    TakeTheirs { title: String, body: String },
    /// The editor's merged text becomes ours and is pushed.
    Merge { title: String, body: String },
}

/// The wait before the `attempts`-th retry: 15 s doubling up to an hour, scaled by `jitter`
/// (0 to 1, from the caller: tests pass a fixed one) into its upper half, so that workers that
/// failed together do not all come back together.
pub fn backoff(attempts: u32, jitter: f64) -> Duration {
    let base = 15u64.saturating_mul(1u64 << attempts.saturating_sub(1).min(20));
    let capped = base.min(3600) as f64;
    Duration::from_secs_f64(capped * (0.5 + 0.5 * jitter.clamp(0.0, 1.0)))
}
