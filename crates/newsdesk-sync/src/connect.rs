//! Adding a portal as a target, the one way the CLI and the app both use: check the portal with
//! the credentials first (a wrong address or password adds nothing), then keep the password in
//! the keychain and queue every published article for the new target.

use chrono::{DateTime, Utc};
use newsdesk_core::publishing::{Target, TargetKind};
use newsdesk_core::{Db, Error};

use crate::credentials::{self, Secret};
use crate::http::Http;
use crate::wordpress::{PortalInfo, WordPress};

/// Where the password goes once the portal accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// The OS keychain; failing to store it removes the target again.
    Keychain,
    /// Nowhere: a headless machine gives it on standard input each time.
    Nowhere,
}

/// A portal account as the editor gives it.
pub struct Account<'a> {
    /// How people and the keychain know the target.
    pub name: &'a str,
    pub url: &'a str,
    pub user: &'a str,
    pub secret: &'a Secret,
}

/// Checks the portal as the account's user, adds the target and keeps the password.
pub fn add_wordpress(
    db: &mut Db,
    http: Http,
    account: &Account<'_>,
    keep: Keep,
    now: DateTime<Utc>,
) -> Result<Target, Error> {
    check(http, account)?;
    add_checked(db, account, keep, now)
}

/// The portal check alone, which needs no database: the app runs it without holding one.
/// An address that is no web address is refused as such, before any request.
pub fn check(http: Http, account: &Account<'_>) -> Result<PortalInfo, Error> {
    newsdesk_core::site::check_web_url("target.url", account.url.trim())?;
    WordPress::new(http, account.name, account.url, account.user, account.secret).check()
}

/// Adds a target whose account [`check`] accepted, and keeps its password.
pub fn add_checked(db: &mut Db, account: &Account<'_>, keep: Keep, now: DateTime<Utc>) -> Result<Target, Error> {
    let Account {
        name,
        url,
        user,
        secret,
    } = *account;
    let target = db.add_target(name, TargetKind::Wordpress, url, user, now)?;
    if keep == Keep::Keychain
        && let Err(e) = credentials::store(&target, secret)
    {
        db.remove_target(&target.name)?;
        return Err(e);
    }
    // A new target needs every published article.
    db.plan_pushes(Some(target.id), None, now)?;
    Ok(target)
}

/// New credentials for a target that exists (e.g. stopped after its password was revoked),
/// once [`check`] accepted them: stored, and the target sends again.
pub fn renew_checked(db: &mut Db, target: &Target, user: &str, secret: &Secret) -> Result<(), Error> {
    if user.trim() != target.user {
        // The keychain entry is per user: another account is another target.
        return Err(Error::Remote {
            url: target.url.clone(),
            problem: newsdesk_core::error::RemoteProblem::CredentialsRefused { user: user.to_string() },
        });
    }
    credentials::store(target, secret)?;
    db.resume_target(target.id)
}
