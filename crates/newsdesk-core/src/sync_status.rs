//! What the window shows of publishing: the title bar's sync indicator, an article's state on
//! each target, the marks on the list's rows, and a conflict side by side.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::ArticleId;
use crate::publishing::{Operation, PublicationState, Removal, Target};

/// Whether the portals answered the last time the worker tried; the shell knows, the database does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Connectivity {
    /// Nothing was sent since the app started.
    #[default]
    Unknown,
    Online,
    /// The last request got no answer (no network, or the portal is down): the queue waits.
    Offline,
}

/// The title bar's indicator: the targets and how many articles stand where.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub targets: Vec<Target>,
    /// Waiting to be sent, or being sent.
    pub queued: u32,
    pub sending: u32,
    /// Failed: retried later, or held for a person with the reason.
    pub failed: u32,
    pub conflicts: u32,
    pub connectivity: Connectivity,
    /// The worker's last failure that was not about one article (e.g. the keychain), for the indicator's tooltip.
    pub last_problem: Option<String>,
}

impl SyncStatus {
    /// Counts from the publications' states; connectivity is the caller's.
    pub fn from_states(targets: Vec<Target>, states: &[(PublicationState, u32)]) -> SyncStatus {
        let count = |s: PublicationState| states.iter().filter(|(x, _)| *x == s).map(|(_, n)| n).sum();
        SyncStatus {
            targets,
            queued: count(PublicationState::Queued) + count(PublicationState::Sending),
            sending: count(PublicationState::Sending),
            failed: count(PublicationState::Failed),
            conflicts: count(PublicationState::Conflict),
            connectivity: Connectivity::Unknown,
            last_problem: None,
        }
    }
}

/// An article on one target, as the editor's publishing panel shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArticlePublication {
    #[ts(type = "number")]
    pub target: i64,
    pub target_name: String,
    pub target_url: String,
    /// None: never queued for this target (not for readers yet).
    pub state: Option<PublicationState>,
    /// What the queue holds for it, if anything.
    pub operation: Option<Operation>,
    /// The post's public address from the portal's last answer.
    pub remote_url: Option<String>,
    /// publish, future or draft, as the portal last said.
    pub remote_status: Option<String>,
    pub last_error: Option<String>,
    /// Held for a person (a refusal or a conflict) rather than retried.
    pub held: bool,
    pub attempts: u32,
    /// When a failed item is tried again (RFC 3339), if it will be.
    pub next_attempt_at: Option<String>,
    /// The target is stopped (its credentials were refused): nothing goes out until it is authorized again.
    pub target_stopped: Option<String>,
}

/// The state a list row shows for an article: the one that most needs the editor's eye
/// across its targets (conflict, then failed, sending, queued, published).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublicationMark {
    pub article: ArticleId,
    pub state: PublicationState,
    /// Queued on a post that is on the portal already: 待更新.
    pub update: bool,
}

/// How much a state needs the editor's eye; the mark shows the highest.
pub fn urgency(state: PublicationState) -> u8 {
    match state {
        PublicationState::Published => 0,
        PublicationState::Queued => 1,
        PublicationState::Sending => 2,
        PublicationState::Failed => 3,
        PublicationState::Conflict => 4,
    }
}

/// Ours beside the portal's, for the conflict view; both bodies in Markdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConflictView {
    pub article: ArticleId,
    #[ts(type = "number")]
    pub target: i64,
    pub target_name: String,
    pub ours_title: String,
    pub ours_body: String,
    pub theirs_title: String,
    pub theirs_body: String,
    /// When the portal's copy was last changed (its `modified_gmt`); empty for a deleted post.
    pub theirs_modified_gmt: String,
    /// The post was taken down on the portal: the choices are then to bring it back or to
    /// withdraw the article here.
    pub theirs_removed: Option<Removal>,
}

/// The editor's choice in the conflict view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ConflictChoice {
    Ours,
    Theirs,
    Merged,
}

/// What a pull did, for the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PullSummary {
    pub created: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub conflicts: u32,
    pub photos_downloaded: u32,
    /// Posts and images the pull could not take, a line each in the editor's language.
    pub left_out: Vec<String>,
}
