//! The window's page served with the answers its launch asks first (the workspace and the
//! list's first page), so the list is in the page's first frame instead of two round trips later.
//!
//! Asked over IPC, those answers came back while the page was painting its empty frame and
//! waited behind it: about 90 ms of a launch. Served inside `index.html` as a JSON data block
//! (not a script: the page's CSP stays as it is), `ipc.ts` answers the same two calls from it
//! once, when they ask for exactly what was served. Anything else, or a site not open yet
//! (the first launch installs the demo meanwhile), goes over IPC as before.

use std::borrow::Cow;

use newsdesk_core::ipc::{ArticleListing, Workspace};
use newsdesk_core::{ArticleFilter, ArticleSort};
use serde::Serialize;
use tauri::Manager;
use tauri::http::{Request, Response, header::CONTENT_TYPE};

use crate::AppState;

/// The list's page size: `PAGE_SIZE` in `ui/src/lib/list.svelte.ts` (a UI test holds them equal).
pub const FIRST_PAGE_ROWS: u32 = 100;

/// The element `ipc.ts` reads.
const ELEMENT_ID: &str = "newsdesk-first-page";

#[derive(Serialize)]
struct Served<'a> {
    workspace: &'a Workspace,
    /// The filter the listing answers, for `ipc.ts` to compare with the one it is asked.
    filter: &'a ArticleFilter,
    listing: &'a ArticleListing,
}

/// The filter of a window just opened: every live article, last changed first.
pub fn launch_filter() -> ArticleFilter {
    ArticleFilter {
        sort: ArticleSort::Updated,
        trash: false,
        offset: Some(0),
        limit: Some(FIRST_PAGE_ROWS),
        ..ArticleFilter::default()
    }
}

/// Called for each response of the app's own protocol; only the page itself is touched.
/// It runs on the async runtime, not the main thread, and never waits for the site to open.
pub fn serve(app: &tauri::AppHandle, request: &Request<Vec<u8>>, response: &mut Response<Cow<'static, [u8]>>) {
    if !is_the_page(request.uri()) {
        return;
    }
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html {
        return;
    }
    let state = app.state::<AppState>();
    let Some(site) = state.site_if_open() else {
        return;
    };
    let filter = launch_filter();
    let answers = {
        let db = site.db();
        Workspace::of(&db, &site.path, state.system_lang).and_then(|ws| Ok((ws, ArticleListing::of(&db, &filter)?)))
    };
    // A failure is the IPC calls' to report, in the window, as it would be without this.
    let Ok((workspace, listing)) = answers else {
        return;
    };
    let Ok(json) = serde_json::to_string(&Served {
        workspace: &workspace,
        filter: &filter,
        listing: &listing,
    }) else {
        return;
    };
    if let Some(page) = with_data_block(response.body(), &json) {
        *response.body_mut() = Cow::Owned(page);
    }
}

/// The window's own page: `tauri://localhost` (`http://tauri.localhost/` on Windows), as the
/// window opens it, or by its name.
fn is_the_page(uri: &tauri::http::Uri) -> bool {
    matches!(uri.path(), "" | "/" | "/index.html")
}

/// `page` with `json` in a data block just before `</head>`; None when the page has no head.
fn with_data_block(page: &[u8], json: &str) -> Option<Vec<u8>> {
    let at = page.windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>"))?;
    // `<` only occurs inside JSON strings, where `\u003c` reads the same: no `</script>` can end
    // the block early.
    let block = format!(
        "<script type=\"application/json\" id=\"{ELEMENT_ID}\">{}</script>",
        json.replace('<', "\\u003c")
    );
    let mut out = Vec::with_capacity(page.len() + block.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(block.as_bytes());
    out.extend_from_slice(&page[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_block_goes_before_the_head_ends_and_cannot_close_early() {
        let page = b"<html><head><title>t</title></HEAD><body></body></html>";
        let out = with_data_block(page, r#"{"title":"</script><b>"}"#).expect("the page has a head");
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.starts_with("<html><head><title>t</title><script type=\"application/json\""),
            "the block is inside the head, after what was there: {out}"
        );
        assert!(
            out.ends_with("</script></HEAD><body></body></html>"),
            "the rest of the page follows: {out}"
        );
        assert_eq!(
            out.matches("</script>").count(),
            1,
            "a string in the data cannot end the block: {out}"
        );
        assert!(
            out.contains(r#"\u003c/script>\u003cb>"#),
            "and reads the same once parsed: {out}"
        );
    }

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

    #[test]
    fn a_page_without_a_head_is_left_as_it_is() {
        assert_eq!(with_data_block(b"<p>no head</p>", "{}"), None);
    }

    #[test]
    fn the_launch_filter_is_the_first_page_of_the_live_articles() {
        let f = launch_filter();
        assert_eq!((f.offset, f.limit, f.trash), (Some(0), Some(FIRST_PAGE_ROWS), false));
        assert_eq!(
            serde_json::to_value(&f).unwrap()["sort"],
            "updated",
            "as the UI names the sort"
        );
    }
}
