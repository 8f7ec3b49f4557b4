//! The window's page served with the answers its launch asks first (the core's
//! `LaunchAnswers`: the workspace and the list's first page), so the list is drawn in the
//! window's first update instead of two round trips later. They are read as soon as the site
//! opens, while the webview starts (`OpenSite::prepare_launch_answers`). A site not open yet (the
//! first launch installs the demo meanwhile) leaves the page as it is; those calls go over IPC.

use std::borrow::Cow;

use tauri::Manager;
use tauri::http::{Request, Response, Uri, header::CONTENT_TYPE};

use crate::AppState;

/// Called for each response of the app's own protocol; only the page itself is touched.
/// It runs on the async runtime, not the main thread, and never waits for the site to open.
pub fn serve(app: &tauri::AppHandle, request: &Request<Vec<u8>>, response: &mut Response<Cow<'static, [u8]>>) {
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || !is_the_page(request.uri()) {
        return;
    }
    let state = app.state::<AppState>();
    let Some(site) = state.site_if_open() else {
        return;
    };
    // A failure is the IPC calls' to report, in the window, as it would be without this.
    let Some(answers) = site.take_launch_answers(state.system_lang) else {
        return;
    };
    if let Some(page) = answers.inside(response.body()) {
        *response.body_mut() = Cow::Owned(page);
    }
}

/// The window's own page: `tauri://localhost` (`http://tauri.localhost/` on Windows), as the
/// window opens it, or by its name.
fn is_the_page(uri: &Uri) -> bool {
    matches!(uri.path(), "" | "/" | "/index.html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_is_told_by_its_address_on_each_system() {
        for page in [
            "tauri://localhost",
            "tauri://localhost/",
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
        ] {
            assert!(is_the_page(&page.parse().unwrap()), "{page} is the window's page");
        }
        for other in ["tauri://localhost/assets/index.js", "tauri://localhost/index.html.map"] {
            assert!(!is_the_page(&other.parse().unwrap()), "{other} is served as it is");
        }
    }
}
