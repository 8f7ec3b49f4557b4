//! The editor's plain paste into the body: HTML (from a browser, Word, WeChat) through the one
//! HTML → Markdown conversion, plain text a line per paragraph without the leading full-width
//! spaces news pages indent with (the theme indents). The full repost import is [`crate::extract`].

use crate::markdown::{Image, to_markdown};

/// Markdown for what the clipboard held. A paste without a line break (a word, a name) stays
/// exactly as it was, so typing around it is not disturbed. HTML larger than a page an import
/// reads ([`crate::MAX_PAGE_BYTES`]) goes in as its text: converting it would hold the window for
/// minutes, and the save says the body is too large.
pub fn paste_as_markdown(html: Option<&str>, text: &str) -> String {
    if let Some(html) = html.filter(|h| !h.trim().is_empty() && h.len() <= crate::MAX_PAGE_BYTES) {
        let md = to_markdown(html, &mut |img: &Image| {
            let words = if img.caption.is_empty() { &img.alt } else { &img.caption };
            format!("![{}]({})", words.replace(['[', ']'], ""), img.src)
        });
        let md = md.trim();
        // A fragment of one line (a word copied from a page) goes in as plain words.
        if !md.is_empty() && (md.contains('\n') || text.contains('\n')) {
            return md.to_string();
        }
        if !md.is_empty() && text.trim().is_empty() {
            return md.to_string();
        }
    }
    if !text.contains('\n') && !text.contains('\r') {
        return text.to_string();
    }
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}'))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}
