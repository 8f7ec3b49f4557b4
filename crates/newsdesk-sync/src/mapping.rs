//! The article → WordPress post mapping: a pure function, tested without a server.
//!
//! The content is the core's one render of the body (`render::markdown_to_html`) with figures as
//! `<figure class="wp-block-image">` pointing at the portal's copies of the photos, followed by
//! the attribution (来源/作者/责任编辑, the other credits) as Newsdesk's own page shows it: WordPress drops post meta
//! it does not know, so the footer keeps the source visible even without the must-use plugin.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use chrono_tz::Tz;
use newsdesk_core::error::Invalid;
use newsdesk_core::publishing::PublishingState;
use newsdesk_core::render::{self, PhotoResolver, ResolvedPhoto, escape};
use newsdesk_core::{Article, Error};
use serde_json::{Map, Value, json};

/// The post meta keys the must-use plugin registers (portal/mu-plugins/newsdesk.php).
pub const META_KEYS: [&str; 7] = [
    "source_name",
    "source_url",
    "source_author",
    "source_published_at",
    "responsible_editor",
    "other_credits",
    "newsdesk_id",
];

/// Photos as the portal has them: figure id → the portal's address and the photo's words.
#[derive(Debug, Default, Clone)]
pub struct PortalPhotos {
    photos: HashMap<String, ResolvedPhoto>,
}

impl PortalPhotos {
    pub fn insert(&mut self, photo_id: &str, photo: ResolvedPhoto) {
        self.photos.insert(photo_id.to_string(), photo);
    }
}

impl PhotoResolver for PortalPhotos {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto> {
        self.photos.get(id).cloned()
    }

    fn figure_class(&self) -> &'static str {
        "wp-block-image"
    }
}

/// The photo ids an article's body shows as figures (`![…](photo:<id>)`), in order, once each.
pub fn figure_ids(body: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (i, _) in body.match_indices(&format!("]({}", render::PHOTO_SCHEME)) {
        let rest = &body[i + 2 + render::PHOTO_SCHEME.len()..];
        let id: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        if !id.is_empty() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The term ids a post is filed under on the portal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Terms {
    /// The channel's category.
    pub category: i64,
    /// One tag per keyword.
    pub tags: Vec<i64>,
}

/// Checks what WordPress would refuse only after writing the post (a 400 that leaves a post
/// behind, see portal/README.md): nothing is sent when this fails.
pub fn validate_meta(article: &Article) -> Result<(), Error> {
    if let Some(url) = &article.source.url
        && (!(url.starts_with("http://") || url.starts_with("https://")) || url.chars().any(char::is_whitespace))
    {
        return Err(Invalid::Meta {
            key: "source_url",
            value: url.clone(),
        }
        .into());
    }
    Ok(())
}

/// The attribution meta, each a single line of text; empty clears a value on the portal.
pub fn meta(article: &Article) -> Map<String, Value> {
    let one_line = |v: &Option<String>| {
        v.as_deref()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut m = Map::new();
    m.insert("source_name".into(), one_line(&article.source.name).into());
    m.insert("source_url".into(), one_line(&article.source.url).into());
    m.insert("source_author".into(), one_line(&article.source.author).into());
    m.insert(
        "source_published_at".into(),
        article
            .source
            .published_at
            .map(|t| t.to_string())
            .unwrap_or_default()
            .into(),
    );
    m.insert("responsible_editor".into(), one_line(&article.editor).into());
    m.insert("other_credits".into(), one_line(&article.other_credits).into());
    m.insert("newsdesk_id".into(), article.id.to_string().into());
    m
}

/// 来源/作者/责任编辑 and the other credits as the article page's footer shows them; empty when
/// there is none.
pub fn attribution_html(article: &Article) -> String {
    let mut lines = Vec::new();
    if let Some(name) = &article.source.name {
        let name = escape(name);
        lines.push(match &article.source.url {
            Some(url) => format!(
                "<p class=\"source\">来源:<a href=\"{}\" rel=\"nofollow noopener\">{name}</a></p>",
                escape(url)
            ),
            None => format!("<p class=\"source\">来源:{name}</p>"),
        });
    }
    if let Some(author) = &article.source.author {
        lines.push(format!("<p class=\"author\">作者:{}</p>", escape(author)));
    }
    if let Some(editor) = &article.editor {
        lines.push(format!("<p class=\"editor\">责任编辑:{}</p>", escape(editor)));
    }
    if let Some(credits) = &article.other_credits {
        lines.push(format!("<p class=\"credits\">{}</p>", escape(credits)));
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("<div class=\"attribution\">\n{}\n</div>\n", lines.join("\n"))
}

/// The post's content: the body rendered once, then the attribution.
pub fn content(article: &Article, photos: &PortalPhotos) -> String {
    let mut html = render::markdown_to_html(&article.body, photos);
    html.push_str(&attribution_html(article));
    html
}

/// `2021-09-13T02:43:08+08:00` in the site's zone, and `2021-09-12T18:43:08` for `date_gmt`.
pub fn dates(at: DateTime<FixedOffset>, zone: Tz) -> (String, String) {
    let local = at.with_timezone(&zone);
    (
        local.format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        at.with_timezone(&Utc).format("%Y-%m-%dT%H:%M:%S").to_string(),
    )
}

/// The REST body that creates or updates the post.
pub fn post_body(
    article: &Article,
    zone: Tz,
    state: PublishingState,
    terms: &Terms,
    featured_media: Option<i64>,
    photos: &PortalPhotos,
) -> Result<Value, Error> {
    validate_meta(article)?;
    let mut body = json!({
        "title": article.title,
        "content": content(article, photos),
        "excerpt": article.summary.clone().unwrap_or_default(),
        "slug": article.slug,
        "status": state.wordpress_status(),
        "categories": [terms.category],
        "tags": terms.tags,
        // 0 clears a featured image the article no longer has.
        "featured_media": featured_media.unwrap_or(0),
        "meta": meta(article),
    });
    if let Some(at) = article.publish_at {
        let (date, date_gmt) = dates(at, zone);
        body["date"] = date.into();
        body["date_gmt"] = date_gmt.into();
    }
    Ok(body)
}

/// The file name a photo is uploaded under: it carries the hash, so a lookup after an
/// ambiguous upload finds it (`nd-<first 16 hex digits>.jpg`).
pub fn media_file_name(sha256: &str, extension: &str) -> String {
    format!("nd-{}.{extension}", &sha256[..sha256.len().min(16)])
}
