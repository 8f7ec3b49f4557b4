//! Connecting a portal without copying a password: WordPress's authorize-application page,
//! opened in the system browser, sends the browser back to `newsdesk://auth/callback` with the
//! new application password; the OS hands that address to the running app (deep link).
//!
//! Each request carries a one-time `request` value, so a callback nobody asked for (a link
//! someone sent, an old tab) is refused rather than stored. WordPress before 6.2 refuses every
//! `http` success URL, so the way back is the app's own scheme, never a loopback server.

use chrono::{DateTime, Utc};
use url::Url;

use crate::credentials::Secret;

/// The name the portal shows in the user's list of application passwords, with when it was
/// connected: WordPress wants each name once per user (409 `application_password_duplicate_name`),
/// and an editor connects from more than one computer.
pub fn app_name(connected_at: DateTime<Utc>) -> String {
    format!("Newsdesk 编辑台 ({})", connected_at.format("%Y-%m-%d %H:%M:%S UTC"))
}

/// The same for every Newsdesk, so the portal's list groups its passwords under one app.
pub const APP_ID: &str = "6f1c6d0e-7b8a-4f43-9a55-2f0d3c8e9b41";

/// The address WordPress sends the browser back to; the deep-link scheme is `newsdesk`.
pub const CALLBACK: &str = "newsdesk://auth/callback";

/// The page to open in the browser for one authorization request.
pub fn page_url(authorization_page: &str, request: &str, app_name: &str) -> Result<String, url::ParseError> {
    let mut url = Url::parse(authorization_page)?;
    let success = format!("{CALLBACK}?request={request}");
    let reject = format!("{CALLBACK}?request={request}&rejected=1");
    url.query_pairs_mut()
        .append_pair("app_name", app_name)
        .append_pair("app_id", APP_ID)
        .append_pair("success_url", &success)
        .append_pair("reject_url", &reject);
    Ok(url.into())
}

/// What came back through the callback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Approved {
        request: String,
        /// The portal's address as WordPress knows it.
        site_url: String,
        user_login: String,
        password: Secret,
    },
    /// The editor chose "No" on the portal's page.
    Rejected { request: String },
}

impl Answer {
    pub fn request(&self) -> &str {
        match self {
            Answer::Approved { request, .. } | Answer::Rejected { request } => request,
        }
    }
}

/// Reads a callback address; None when it is not one (another deep link, or one missing the
/// parts WordPress adds).
pub fn read_callback(address: &str) -> Option<Answer> {
    let url = Url::parse(address.trim()).ok()?;
    // `newsdesk://auth/callback`: the host is `auth`, the path `/callback`.
    if url.scheme() != "newsdesk" || url.host_str() != Some("auth") || url.path().trim_end_matches('/') != "/callback" {
        return None;
    }
    let get = |key: &str| url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned());
    let request = get("request").filter(|r| !r.is_empty())?;
    // WordPress adds `success=false` to the reject URL; ours says `rejected=1` too.
    if get("rejected").is_some() || get("success").as_deref() == Some("false") {
        return Some(Answer::Rejected { request });
    }
    Some(Answer::Approved {
        request,
        site_url: get("site_url")?,
        user_login: get("user_login").filter(|u| !u.is_empty())?,
        password: Secret::new(&get("password").filter(|p| !p.trim().is_empty())?),
    })
}
