//! Connecting a portal through the browser: the real WordPress approves Newsdesk on its
//! authorize-application page (its browser part done over HTTP by
//! scripts/test-portal-authorize.sh), and what comes back through `newsdesk://auth/callback`
//! is a working application password.

use std::process::Command;
use std::time::Duration;

use newsdesk_sync::authorize::{self, Answer};
use newsdesk_sync::{Secret, WordPress};

use crate::support::{http, portal, repo};

#[test]
fn the_portal_approves_newsdesk_and_the_callback_carries_a_working_password() {
    let p = portal();
    let (h, _) = http(Duration::from_secs(20));
    // No credentials yet: only the REST index is read.
    let anonymous = WordPress::new(h.clone(), "门户", &p.url, "", &Secret::new(""));
    let page = anonymous
        .authorization_page()
        .expect("the portal offers application passwords");
    assert!(
        page.ends_with("/wp-admin/authorize-application.php"),
        "the portal's REST index names its authorization page: {page}"
    );
    let request = "e2e-7f3a";
    // A name of its own each run: WordPress takes each application name once per user.
    let name = authorize::app_name(chrono::Utc::now()) + &crate::support::unique(" it");
    let open = authorize::page_url(&page, request, &name).unwrap();
    let out = Command::new(repo().join("scripts/test-portal-authorize.sh"))
        .arg(&open)
        .env("NEWSDESK_PORTAL_DIR", &p.dir)
        .env("AUTHORIZE_USER", &p.editor)
        .env("AUTHORIZE_PASSWORD", &p.editor_login)
        .output()
        .expect("the browser's part runs");
    assert!(
        out.status.success(),
        "WordPress accepted the request (app name, app id and the newsdesk:// success URL): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let callback = String::from_utf8(out.stdout).unwrap();
    assert!(
        callback.starts_with("newsdesk://auth/callback?request=e2e-7f3a&"),
        "the browser is sent back into the app: {callback}"
    );
    let Some(Answer::Approved {
        request: got,
        site_url,
        user_login,
        password,
    }) = authorize::read_callback(&callback)
    else {
        panic!("the callback is an approval: {callback}");
    };
    assert_eq!(got, request, "the callback answers our request");
    assert_eq!(user_login, p.editor, "the user who approved");
    assert_eq!(site_url.trim_end_matches('/'), p.url.trim_end_matches('/'));
    let connected = WordPress::new(h, "门户", &site_url, &user_login, &password);
    let info = connected.check().expect("the new application password works");
    assert!(
        info.capabilities.iter().any(|c| c == "publish_posts"),
        "the editor may publish: {:?}",
        info.capabilities
    );
}

#[test]
fn callbacks_that_are_not_approvals_are_told_apart() {
    let rejected = authorize::read_callback("newsdesk://auth/callback?request=r1&rejected=1&success=false");
    assert_eq!(
        rejected,
        Some(Answer::Rejected { request: "r1".into() }),
        "No on the portal's page"
    );
    for not_ours in [
        "newsdesk://open/article?id=1",
        "https://auth/callback?request=r1&site_url=x&user_login=u&password=p",
        // An approval must carry every part: without a password there is nothing to store.
        "newsdesk://auth/callback?request=r1&site_url=http%3A%2F%2Fa&user_login=u",
        "newsdesk://auth/callback?site_url=http%3A%2F%2Fa&user_login=u&password=p",
        "not a url",
    ] {
        assert_eq!(
            authorize::read_callback(not_ours),
            None,
            "{not_ours} is not an approval"
        );
    }
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T08:30:00Z")
        .unwrap()
        .to_utc();
    let page = authorize::page_url(
        "https://portal.example/wp-admin/authorize-application.php",
        "r2",
        &authorize::app_name(at),
    )
    .unwrap();
    assert!(
        page.contains("app_name=Newsdesk+%E7%BC%96%E8%BE%91%E5%8F%B0+%282026-12-01+08%3A30%3A00+UTC%29"),
        "the name says when it was connected: {page}"
    );
    assert!(
        page.contains("success_url=newsdesk%3A%2F%2Fauth%2Fcallback%3Frequest%3Dr2&"),
        "the success URL is the app's scheme, encoded once: {page}"
    );
    assert!(page.contains(&format!("app_id={}", authorize::APP_ID)), "{page}");
}
