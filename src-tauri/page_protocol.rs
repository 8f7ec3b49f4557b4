//! The `newsdesk-page` protocol: where the live preview is shown. The page's HTML is the exported
//! file's, byte for byte; shown at the page's own path beside a `media/` folder, its relative
//! photo addresses load the renditions just as they do on the portal.
//!
//! `/<page path>?shell` is a small shell document that holds the page in a sandboxed frame and
//! takes each new render from the editor window; `/media/renditions/…` are the renditions.

use std::borrow::Cow;

use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext};

use crate::state::AppState;

pub const SCHEME: &str = "newsdesk-page";

const SHELL_HTML: &str = include_str!("preview/shell.html");
const SHELL_JS: &str = include_str!("preview/shell.js");

/// The shell runs its own script only; the page inside inherits this policy: its inline style,
/// its photos from here, nothing else.
const SHELL_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; \
    img-src 'self' newsdesk-page: http://newsdesk-page.localhost https://newsdesk-page.localhost; \
    frame-src 'self' about:; base-uri 'none'; form-action 'none'";

fn respond(status: StatusCode, content_type: &str, body: Cow<'static, [u8]>) -> Response<Cow<'static, [u8]>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_SECURITY_POLICY, SHELL_POLICY)
        .header(header::CACHE_CONTROL, "no-store")
        .body(body)
        .unwrap_or_else(|_| Response::new(Cow::Borrowed(&[])))
}

fn not_found() -> Response<Cow<'static, [u8]>> {
    respond(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        Cow::Borrowed("预览中不打开此地址 / Not shown in the preview".as_bytes()),
    )
}

pub fn handle<R: Runtime>(ctx: UriSchemeContext<'_, R>, request: Request<Vec<u8>>) -> Response<Cow<'static, [u8]>> {
    let uri = request.uri();
    let path = uri.path();
    if path == "/__newsdesk/shell.js" {
        return respond(
            StatusCode::OK,
            "text/javascript; charset=utf-8",
            Cow::Borrowed(SHELL_JS.as_bytes()),
        );
    }
    if path.ends_with(".html") && uri.query() == Some("shell") {
        return respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            Cow::Borrowed(SHELL_HTML.as_bytes()),
        );
    }
    let Some(relative) = path.strip_prefix("/media/") else {
        return not_found();
    };
    // Never waits for the database: a photo asked before the site is open is not there yet.
    let Some(site) = ctx.app_handle().state::<AppState>().site_if_open() else {
        return not_found();
    };
    let Some(file) = site.media.web_file(relative) else {
        return not_found();
    };
    let content_type = match file.extension().and_then(|e| e.to_str()) {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("gif") => "image/gif",
        _ => "application/octet-stream",
    };
    match std::fs::read(&file) {
        Ok(bytes) => respond(StatusCode::OK, content_type, Cow::Owned(bytes)),
        Err(_) => not_found(),
    }
}
