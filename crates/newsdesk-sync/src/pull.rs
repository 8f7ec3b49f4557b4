//! Pull: the portal's posts into the local database, so articles written on the web can be
//! edited offline. Paged (oldest id first), idempotent (a post whose `modified_gmt` we hold is
//! skipped before anything else is read, so a second pull writes nothing and downloads nothing)
//! and therefore resumable: an interrupted pull run again only lists the pages it already took.
//!
//! Images become local photos recorded under their SHA-256 with the portal's media id, so
//! pull → edit → push never uploads them again. The HTML → Markdown conversion ([`to_markdown`])
//! is small and lives here until the repost import's `newsdesk-extract` crate exists; it should
//! move there then.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use ego_tree::NodeRef;
use newsdesk_core::db::{Pulled, PulledPost, RemoteMedia};
use newsdesk_core::media::{MediaFolder, PhotoInput};
use newsdesk_core::publishing::Target;
use newsdesk_core::{ArticleId, ArticlePatch, Db, Error, Status};
use scraper::{Html, Node};
use serde_json::Value;

use crate::wordpress::WordPress;

/// What a pull did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    pub photos_downloaded: usize,
}

/// Posts per page: few enough that one page's content stays small.
const PER_PAGE: u32 = 20;

/// Pulls every post of `target` into `db`. New article ids come from `new_id` (the edge makes them).
pub fn pull(
    db: &mut Db,
    media: &MediaFolder,
    portal: &WordPress,
    target: &Target,
    new_id: &mut dyn FnMut() -> ArticleId,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(u32, u32),
) -> Result<PullReport, Error> {
    let mut report = PullReport::default();
    let mut terms: HashMap<(&'static str, i64), String> = HashMap::new();
    let mut page = 1;
    loop {
        let (posts, pages) = portal.posts_page(page, PER_PAGE)?;
        for post in posts {
            if db.pulled_already(target.id, post.id, post.modified_gmt.as_deref())? {
                report.unchanged += 1;
                continue;
            }
            let pulled = read_post(
                db,
                media,
                portal,
                target,
                &post.json,
                &mut terms,
                new_id,
                now,
                &mut report,
            )?;
            match db.take_pulled(&pulled, now)? {
                Pulled::Created => report.created += 1,
                Pulled::Updated => report.updated += 1,
                Pulled::Unchanged => report.unchanged += 1,
                Pulled::Conflict => report.conflicts += 1,
            }
        }
        progress(page, pages);
        if page >= pages {
            break;
        }
        page += 1;
    }
    Ok(report)
}

#[allow(clippy::too_many_arguments)]
fn read_post(
    db: &mut Db,
    media: &MediaFolder,
    portal: &WordPress,
    target: &Target,
    post: &Value,
    terms: &mut HashMap<(&'static str, i64), String>,
    new_id: &mut dyn FnMut() -> ArticleId,
    now: DateTime<Utc>,
    report: &mut PullReport,
) -> Result<PulledPost, Error> {
    let text = |p: &str| post.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
    let remote_id = post["id"].as_i64().unwrap_or_default();
    let article = text("/meta/newsdesk_id")
        .parse::<ArticleId>()
        .ok()
        .unwrap_or_else(&mut *new_id);

    let mut channel = None;
    if let Some(id) = post["categories"]
        .as_array()
        .and_then(|c| c.first())
        .and_then(Value::as_i64)
    {
        let name = term_name(portal, terms, "categories", id)?;
        if !db.channels()?.iter().any(|c| c.name == name) {
            db.add_channel(&name, None)?;
        }
        channel = Some(name);
    }
    let channel = match channel {
        Some(c) => c,
        None => db.channels()?.first().map(|c| c.name.clone()).unwrap_or_default(),
    };
    let mut keywords = Vec::new();
    for id in post["tags"].as_array().into_iter().flatten().filter_map(Value::as_i64) {
        keywords.push(term_name(portal, terms, "tags", id)?);
    }

    // Photos: the featured image, then those in the content, each known by the portal's id.
    let mut photos = Vec::new();
    let lead = match post["featured_media"].as_i64().filter(|id| *id > 0) {
        Some(id) => local_photo(db, media, portal, target, id, None, now, report)?,
        None => None,
    };
    let html = text("/content/raw");
    let body_html = strip_attribution(&html);
    let mut images: Vec<(String, Option<i64>, String, String)> = Vec::new();
    let markdown = to_markdown(body_html, &mut |img| {
        images.push((img.src.clone(), img.media_id, img.caption.clone(), img.alt.clone()));
        format!("\u{0}{}\u{0}", images.len() - 1)
    });
    let mut body = markdown;
    for (n, (src, media_id, caption, alt)) in images.iter().enumerate() {
        let id = match media_id {
            Some(mid) => local_photo(db, media, portal, target, *mid, Some((caption, alt)), now, report)?,
            None => Some(download_photo(
                db, media, portal, src, caption, alt, None, target, now, report,
            )?),
        };
        let replacement = match id {
            Some(id) => {
                photos.push(id.clone());
                format!("![{}](photo:{id})", alt.replace([']', '['], ""))
            }
            None => String::new(),
        };
        body = body.replace(&format!("\u{0}{n}\u{0}"), &replacement);
    }

    let status = match text("/status").as_str() {
        "publish" => Status::Published,
        "future" => Status::Scheduled,
        "pending" => Status::Ready,
        _ => Status::Draft,
    };
    let date_gmt = text("/date_gmt");
    let slug = percent_decode(&text("/slug"));
    let patch = ArticlePatch {
        title: Some(text("/title/raw")),
        slug: (!slug.is_empty()).then_some(slug),
        channel: Some(channel),
        status: Some(status),
        body: Some(body),
        summary: Some(text("/excerpt/raw")),
        keywords: Some(keywords),
        publish_at: Some(if date_gmt.is_empty() {
            String::new()
        } else {
            format!("{date_gmt}Z")
        }),
        source_name: Some(text("/meta/source_name")),
        source_url: Some(text("/meta/source_url")),
        source_author: Some(text("/meta/source_author")),
        source_time: Some(text("/meta/source_published_at")),
        editor: Some(text("/meta/responsible_editor")),
        ..ArticlePatch::default()
    };
    Ok(PulledPost {
        target: target.id,
        remote_id,
        remote_url: post["link"].as_str().map(str::to_string),
        remote_status: text("/status"),
        remote_modified_gmt: post["modified_gmt"].as_str().map(str::to_string),
        portal_html: html,
        article,
        patch,
        photos,
        lead,
    })
}

fn term_name(
    portal: &WordPress,
    cache: &mut HashMap<(&'static str, i64), String>,
    taxonomy: &'static str,
    id: i64,
) -> Result<String, Error> {
    if let Some(n) = cache.get(&(taxonomy, id)) {
        return Ok(n.clone());
    }
    let name = portal.term_name(taxonomy, id)?;
    cache.insert((taxonomy, id), name.clone());
    Ok(name)
}

/// The local photo for a portal medium: known already, or downloaded now.
#[allow(clippy::too_many_arguments)]
fn local_photo(
    db: &mut Db,
    media: &MediaFolder,
    portal: &WordPress,
    target: &Target,
    media_id: i64,
    words: Option<(&String, &String)>,
    now: DateTime<Utc>,
    report: &mut PullReport,
) -> Result<Option<String>, Error> {
    if let Some(id) = db.photo_for_remote_media(target.id, media_id)? {
        return Ok(Some(id));
    }
    let Some(m) = portal.media(media_id)? else {
        return Ok(None);
    };
    let (caption, alt) = match words {
        Some((c, a)) => (c.clone(), a.clone()),
        None => (m.caption.clone(), m.alt.clone()),
    };
    download_photo(
        db,
        media,
        portal,
        &m.source_url,
        &caption,
        &alt,
        Some(media_id),
        target,
        now,
        report,
    )
    .map(Some)
}

#[allow(clippy::too_many_arguments)]
fn download_photo(
    db: &mut Db,
    media: &MediaFolder,
    portal: &WordPress,
    url: &str,
    caption: &str,
    alt: &str,
    media_id: Option<i64>,
    target: &Target,
    now: DateTime<Utc>,
    report: &mut PullReport,
) -> Result<String, Error> {
    let bytes = portal.download(&encode_path(url))?;
    let folder = media.create()?;
    let name = url.rsplit('/').next().unwrap_or("photo").to_string();
    let file = folder.join(format!("pull-{}-{}", std::process::id(), sanitize(&name)));
    std::fs::write(&file, &bytes).map_err(|e| Error::io(&file, e))?;
    let input = PhotoInput {
        caption: (!caption.is_empty()).then(|| caption.to_string()),
        alt: (!alt.is_empty()).then(|| alt.to_string()),
        ..PhotoInput::default()
    };
    let photo = db.import_photo(media, &file, &input, now);
    let _ = std::fs::remove_file(&file);
    let photo = photo?;
    report.photos_downloaded += 1;
    if let Some(id) = media_id {
        db.record_remote_media(
            &photo.sha256,
            target.id,
            &RemoteMedia {
                remote_id: id,
                remote_url: url.to_string(),
            },
        )?;
    }
    Ok(photo.id)
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// WordPress's `source_url` holds raw UTF-8: percent-encode what a URL may not carry.
fn encode_path(url: &str) -> String {
    url.chars()
        .map(|c| {
            if c.is_ascii_graphic() {
                c.to_string()
            } else {
                url::form_urlencoded::byte_serialize(c.to_string().as_bytes()).collect()
            }
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The content without the attribution footer a push adds (it is meta, not body).
pub fn strip_attribution(html: &str) -> &str {
    match html.rfind("<div class=\"attribution\">") {
        Some(i) if html[i..].trim_end().ends_with("</div>") => &html[..i],
        _ => html,
    }
}

/// An image of the content as pull meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: String,
    /// From WordPress's `wp-image-<id>` class.
    pub media_id: Option<i64>,
    pub alt: String,
    /// The figure's caption, when it has one.
    pub caption: String,
}

/// The portal's HTML as Markdown: paragraphs, headings, lists, quotes, emphasis, links, code and
/// line breaks; each image (a figure with its caption, or a bare `<img>`) becomes its own
/// paragraph, written by `image` (pull puts a `photo:` figure there). Anything else keeps its text.
pub fn to_markdown(html: &str, image: &mut dyn FnMut(&Image) -> String) -> String {
    let doc = Html::parse_fragment(html);
    let mut out = Blocks::default();
    for child in doc.root_element().children() {
        block(child, &mut out, image, "");
    }
    out.finish()
}

#[derive(Default)]
struct Blocks {
    done: Vec<String>,
    line: String,
}

impl Blocks {
    fn end(&mut self, prefix: &str) {
        let t = self.line.trim();
        if !t.is_empty() {
            self.done.push(format!("{prefix}{t}"));
        }
        self.line.clear();
    }

    fn finish(mut self) -> String {
        self.end("");
        self.done.join("\n\n")
    }
}

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn block(node: NodeRef<'_, Node>, out: &mut Blocks, image: &mut dyn FnMut(&Image) -> String, prefix: &str) {
    let Some(name) = element_name(node) else {
        inline(node, &mut out.line, image);
        return;
    };
    match name {
        "p" | "div" | "section" | "article" | "header" | "footer" => {
            out.end(prefix);
            for c in node.children() {
                if matches!(
                    element_name(c),
                    Some("figure" | "ul" | "ol" | "blockquote" | "p" | "div")
                ) {
                    block(c, out, image, prefix);
                } else {
                    inline(c, &mut out.line, image);
                }
            }
            out.end(prefix);
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            out.end(prefix);
            let level = name[1..].parse::<usize>().unwrap_or(2);
            let mut text = String::new();
            for c in node.children() {
                inline(c, &mut text, image);
            }
            out.done.push(format!("{prefix}{} {}", "#".repeat(level), text.trim()));
        }
        "ul" | "ol" => {
            out.end(prefix);
            let mut items = Vec::new();
            for (n, li) in node.children().filter(|c| element_name(*c) == Some("li")).enumerate() {
                let mut text = String::new();
                for c in li.children() {
                    inline(c, &mut text, image);
                }
                let marker = if name == "ol" {
                    format!("{}.", n + 1)
                } else {
                    "-".to_string()
                };
                items.push(format!("{prefix}{marker} {}", text.trim()));
            }
            out.done.push(items.join("\n"));
        }
        "blockquote" => {
            out.end(prefix);
            let mut inner = Blocks::default();
            for c in node.children() {
                block(c, &mut inner, image, "");
            }
            let quoted = inner
                .finish()
                .lines()
                .map(|l| format!("{prefix}> {l}").trim_end().to_string())
                .collect::<Vec<_>>()
                .join("\n");
            out.done.push(quoted);
        }
        "figure" => {
            out.end(prefix);
            let caption = node
                .descendants()
                .find(|d| element_name(*d) == Some("figcaption"))
                .map(|f| plain(f).split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            if let Some(img) = node.descendants().find(|d| element_name(*d) == Some("img")) {
                let mut found = image_of(img);
                found.caption = caption;
                out.done.push(image(&found));
            }
        }
        "img" => {
            out.end(prefix);
            out.done.push(image(&image_of(node)));
        }
        "pre" => {
            out.end(prefix);
            out.done.push(format!("```\n{}\n```", plain(node).trim_end()));
        }
        "hr" => {
            out.end(prefix);
            out.done.push("---".into());
        }
        _ => inline(node, &mut out.line, image),
    }
}

fn image_of(img: NodeRef<'_, Node>) -> Image {
    let Node::Element(e) = img.value() else {
        unreachable!("an img element")
    };
    Image {
        src: e.attr("src").unwrap_or_default().to_string(),
        media_id: e
            .classes()
            .find_map(|c| c.strip_prefix("wp-image-"))
            .and_then(|n| n.parse().ok()),
        alt: e.attr("alt").unwrap_or_default().to_string(),
        caption: String::new(),
    }
}

fn plain(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|d| match d.value() {
            Node::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

fn escape_text(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            s.push('\\');
        }
        s.push(if c == '\n' { ' ' } else { c });
    }
    s
}

fn inline(node: NodeRef<'_, Node>, out: &mut String, image: &mut dyn FnMut(&Image) -> String) {
    match node.value() {
        Node::Text(t) => out.push_str(&escape_text(t)),
        Node::Element(e) => {
            let inner = |out: &mut String, image: &mut dyn FnMut(&Image) -> String| {
                for c in node.children() {
                    inline(c, out, image);
                }
            };
            match e.name() {
                "strong" | "b" => {
                    out.push_str("**");
                    inner(out, image);
                    out.push_str("**");
                }
                "em" | "i" => {
                    out.push('*');
                    inner(out, image);
                    out.push('*');
                }
                "code" => {
                    out.push('`');
                    out.push_str(&plain(node));
                    out.push('`');
                }
                "br" => out.push_str("  \n"),
                "a" => {
                    let mut text = String::new();
                    inner(&mut text, image);
                    match e.attr("href") {
                        Some(href) if !href.is_empty() => out.push_str(&format!("[{text}]({href})")),
                        _ => out.push_str(&text),
                    }
                }
                "img" => {
                    out.push_str("\n\n");
                    out.push_str(&image(&image_of(node)));
                    out.push_str("\n\n");
                }
                "script" | "style" => {}
                _ => inner(out, image),
            }
        }
        _ => {}
    }
}

/// The portal's copy of a conflicting post as Markdown, for "take theirs": images the database
/// knows (by the portal's media id) become its photo figures; others stay as plain images.
pub fn theirs_as_markdown(db: &Db, target: i64, html: &str) -> Result<String, Error> {
    let mut known = Vec::new();
    let mut failed = None;
    let md = to_markdown(strip_attribution(html), &mut |img| {
        let local = img
            .media_id
            .map(|id| db.photo_for_remote_media(target, id))
            .transpose()
            .unwrap_or_else(|e| {
                failed = Some(e);
                None
            })
            .flatten();
        let alt = img.alt.replace(['[', ']'], "");
        match local {
            Some(id) => {
                known.push(id.clone());
                format!("![{alt}](photo:{id})")
            }
            None => format!("![{alt}]({})", img.src),
        }
    });
    match failed {
        Some(e) => Err(e),
        None => Ok(md),
    }
}
