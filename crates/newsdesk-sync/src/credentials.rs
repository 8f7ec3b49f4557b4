//! Application passwords: in the OS keychain (Secret Service, macOS Keychain, Windows Credential
//! Manager), keyed by the target's URL and user; or given on standard input for headless use.
//! A password is a [`Secret`]: its Debug and Display print no characters of it.

use std::fmt;

use newsdesk_core::Error;
use newsdesk_core::error::RemoteProblem;
use newsdesk_core::publishing::Target;

/// The keychain service under which every Newsdesk password is stored.
pub const SERVICE: &str = "cn.newsdesk.desktop";

/// A password in memory; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// From what a person typed or piped: surrounding white space (a trailing newline) dropped.
    pub fn new(text: &str) -> Secret {
        Secret(text.trim().to_string())
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// The keychain entry's user name: the portal and the account, so two targets on one portal
/// with different users, or one name reused for another portal, never share a password.
pub fn account(target: &Target) -> String {
    format!("{} {}", target.user, target.url.trim_end_matches('/'))
}

fn keychain_error(target: &Target, e: keyring::Error) -> Error {
    Error::Keychain {
        target: target.name.clone(),
        detail: match e {
            keyring::Error::NoDefaultStore => "no keychain is available on this machine".to_string(),
            keyring::Error::NoEntry => "no password is stored for it".to_string(),
            // Other errors name the platform's failure; none carries the secret.
            other => other.to_string(),
        },
    }
}

/// Stores the target's password in the OS keychain.
pub fn store(target: &Target, secret: &Secret) -> Result<(), Error> {
    let entry = keyring::Entry::new(SERVICE, &account(target)).map_err(|e| keychain_error(target, e))?;
    entry
        .set_password(secret.expose())
        .map_err(|e| keychain_error(target, e))
}

/// The target's password from the OS keychain. Without a keychain the message says to use
/// `--password-stdin`.
pub fn load(target: &Target) -> Result<Secret, Error> {
    let entry = match keyring::Entry::new(SERVICE, &account(target)) {
        Ok(e) => e,
        Err(keyring::Error::NoDefaultStore) => return Err(no_keychain(target)),
        Err(e) => return Err(keychain_error(target, e)),
    };
    match entry.get_password() {
        Ok(p) => Ok(Secret(p)),
        Err(keyring::Error::NoDefaultStore | keyring::Error::PlatformFailure(_)) if !available() => {
            Err(no_keychain(target))
        }
        Err(e) => Err(keychain_error(target, e)),
    }
}

/// The password given on standard input when there is one, else the keychain's.
pub fn load_from(target: &Target, given: Option<&Secret>) -> Result<Secret, Error> {
    match given {
        Some(s) => Ok(s.clone()),
        None if !available() => Err(no_keychain(target)),
        None => load(target),
    }
}

/// Removes the target's password (no error when there is none).
pub fn forget(target: &Target) -> Result<(), Error> {
    let entry = match keyring::Entry::new(SERVICE, &account(target)) {
        Ok(e) => e,
        Err(keyring::Error::NoDefaultStore) => return Ok(()),
        Err(e) => return Err(keychain_error(target, e)),
    };
    match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keychain_error(target, e)),
    }
}

/// Whether this process can reach a keychain at all.
pub fn available() -> bool {
    keyring::Entry::store_status().is_ok()
}

fn no_keychain(target: &Target) -> Error {
    Error::Remote {
        url: target.url.clone(),
        problem: RemoteProblem::NoKeychainNoStdin,
    }
}
