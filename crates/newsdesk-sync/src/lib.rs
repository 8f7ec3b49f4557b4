//! Newsdesk's way to the portals: the one HTTP client ([`http`]), the WordPress target
//! ([`wordpress`]), connecting one ([`connect`], through the browser: [`authorize`]), the pure article → post
//! mapping ([`mapping`]), the keychain ([`credentials`]), the outbox worker ([`worker`]),
//! pull ([`pull`]) and a repost's page and images ([`repost`]).
//!
//! The core holds the state (targets, publications, the outbox) and the planning; this crate
//! only talks to the network and the keychain. Errors are the core's [`newsdesk_core::Error`]
//! (kinds network, auth, remote, keychain), so they cross to the UI as `{kind, message}` like any other.

pub mod authorize;
pub mod connect;
pub mod credentials;
pub mod http;
pub mod mapping;
pub mod pull;
pub mod repost;
pub mod wordpress;
pub mod worker;

pub use credentials::Secret;
pub use http::{Http, RequestLog};
pub use wordpress::WordPress;
pub use worker::{Outcome, Progress, Scope, Worker, WorkerSetup};
