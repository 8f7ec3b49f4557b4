//! Repost import (转载): a pasted or saved page in — HTML, plain text, or a file's bytes in any
//! encoding — and its article fields out, each with the text it came from and a confidence.
//!
//! Pure: no database, no network, no clock. The site's zone and `now` (for a date printed
//! without its year) are inputs; a URL is fetched by the caller, who passes the bytes. The one
//! HTML → Markdown conversion ([`markdown::to_markdown`]) and the one set of tidy rules
//! ([`tidy::tidy`]) live here, for the editor's plain paste ([`paste`]) and the portal pull as well.

pub mod dates;
pub mod decode;
pub mod error;
pub mod extraction;
mod fold;
pub mod furniture;
pub mod html;
pub mod labels;
mod lines;
pub mod markdown;
mod page;
pub mod paste;
pub mod tidy;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use newsdesk_core::chinese::to_simplified;

pub use error::ExtractError;
pub use extraction::{Caption, Credit, Extraction, Field, Span, Warning};
use html::{Block, Head};

/// What the editor gives.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// The clipboard's `text/html`, or a page's source.
    Html(&'a str),
    /// Plain text, as a reader copies a page.
    Text(&'a str),
    /// A `.html`, `.htm` or `.txt` file's bytes; the name decides HTML or text, else the content does.
    File { name: &'a str, bytes: &'a [u8] },
}

/// Choices the editor makes on import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// 繁简: convert every field to Simplified characters (phrase by phrase).
    pub simplified: bool,
    /// 一键排版 on the body.
    pub tidy: bool,
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && [
            "<html",
            "<body",
            "<p",
            "<div",
            "<!doctype",
            "<meta",
            "<span",
            "<h1",
            "<table",
        ]
        .iter()
        .any(|t| head.contains(t))
}

/// Plain text as blocks: a line is a paragraph; indentation and blank lines carry nothing.
fn text_blocks(text: &str) -> Vec<Block> {
    text.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{FEFF}'))
        .filter(|l| !l.is_empty())
        .map(|l| {
            if html::is_image_name(l) {
                Block::Image {
                    src: l.to_string(),
                    alt: String::new(),
                }
            } else {
                Block::Paragraph(l.to_string())
            }
        })
        .collect()
}

/// Reads a page with the default options.
pub fn extract(input: Input, zone: Tz, now: DateTime<Utc>) -> Result<Extraction, ExtractError> {
    extract_with(input, zone, now, Options::default())
}

/// The largest page an import reads. A saved page holds scripts, styles and sometimes its images
/// inline besides the article, so this is a few times the article limit.
pub const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// The largest plain text an import reads: text is nearly all body, and a body is at most
/// [`newsdesk_core::article::MAX_BODY_BYTES`].
pub const MAX_TEXT_BYTES: usize = 2 * newsdesk_core::article::MAX_BODY_BYTES;

/// The most an import reads of a file called `name`: a `.txt` is plain text, anything else a page.
pub fn file_limit(name: &str) -> usize {
    if name.to_ascii_lowercase().ends_with(".txt") {
        MAX_TEXT_BYTES
    } else {
        MAX_PAGE_BYTES
    }
}

/// Refuses a file of `len` bytes called `name` before it is read: reading a file far over the
/// limit whole only to refuse it took as long as the disk and as much memory as the file.
pub fn check_file_size(name: &str, len: u64) -> Result<(), ExtractError> {
    let (bytes, limit) = (usize::try_from(len).unwrap_or(usize::MAX), file_limit(name));
    if bytes > limit {
        return Err(ExtractError::TooLarge { bytes, limit });
    }
    Ok(())
}

/// Reads a page: its fields, body and warnings. Binary data, an undecodable file, a page without
/// text or one too large to be an article is refused.
pub fn extract_with(input: Input, zone: Tz, now: DateTime<Utc>, options: Options) -> Result<Extraction, ExtractError> {
    let (bytes, limit) = match input {
        Input::Html(h) => (h.len(), MAX_PAGE_BYTES),
        Input::Text(t) => (t.len(), MAX_TEXT_BYTES),
        Input::File { name, bytes } => (bytes.len(), file_limit(name)),
    };
    if bytes > limit {
        return Err(ExtractError::TooLarge { bytes, limit });
    }
    let mut warnings = Vec::new();
    let (blocks, head, plain) = match input {
        Input::Html(h) => {
            let (b, head) = html::read_html(h);
            (b, head, false)
        }
        Input::Text(t) => (text_blocks(t), Head::default(), true),
        Input::File { name, bytes } => {
            let decoded = decode::decode(bytes)?;
            if decoded.guessed {
                warnings.push(Warning::EncodingGuessed(decoded.encoding.to_string()));
            }
            let lower = name.to_ascii_lowercase();
            let is_html = lower.ends_with(".html")
                || lower.ends_with(".htm")
                || lower.ends_with(".xhtml")
                || (!lower.ends_with(".txt") && looks_like_html(&decoded.text));
            if is_html {
                let (b, head) = html::read_html(&decoded.text);
                (b, head, false)
            } else {
                (text_blocks(&decoded.text), Head::default(), true)
            }
        }
    };
    if blocks
        .iter()
        .all(|b| matches!(b, Block::Paragraph(t) | Block::Heading(t) | Block::Caption(t) if t.trim().is_empty()))
    {
        return Err(ExtractError::Empty);
    }
    let mut e = page::analyse(blocks, &head, plain, zone, now);
    if e.body.trim().is_empty() && e.title.is_none() {
        return Err(ExtractError::Empty);
    }
    warnings.append(&mut e.warnings);
    e.warnings = warnings;
    if options.tidy {
        let title = e.title.as_ref().map(|t| t.value.clone());
        e.body = tidy::tidy(
            &e.body,
            &tidy::TidyContext {
                title: title.as_deref(),
                summary: None,
            },
        );
    }
    if options.simplified {
        simplify(&mut e);
    }
    Ok(e)
}

/// Every text the extraction gives in Simplified characters; the source text (what the spans
/// point into) stays as the page wrote it.
fn simplify(e: &mut Extraction) {
    let fields = [&mut e.title, &mut e.source_name, &mut e.editor];
    for f in fields.into_iter().flatten() {
        f.value = to_simplified(&f.value);
    }
    for a in &mut e.authors {
        a.value = to_simplified(&a.value);
    }
    for c in &mut e.other_credits {
        c.value.role = to_simplified(&c.value.role);
        c.value.name = to_simplified(&c.value.name);
    }
    for c in &mut e.captions {
        c.caption = to_simplified(&c.caption);
        c.credit = c.credit.as_deref().map(to_simplified);
        c.credit_as_written = c.credit_as_written.as_deref().map(to_simplified);
    }
    e.body = to_simplified(&e.body);
}
