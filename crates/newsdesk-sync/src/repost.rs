//! A repost's network part, through the one HTTP client: the page at an address (its reading is
//! newsdesk-extract's, which gets the bytes), and the remote images of a body, downloaded into
//! the photo store with their captions and credits so the figures point at local photos.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use newsdesk_core::error::PageProblem;
use newsdesk_core::media::{MediaFolder, PhotoInput, split_caption};
use newsdesk_core::render::PHOTO_SCHEME;
use newsdesk_core::{ArticleId, Db, Error};

use crate::http::{Http, Request};

/// Pages and images larger than this are refused rather than read into memory.
const MAX_BYTES: usize = 32 * 1024 * 1024;

/// GETs `url` (a page or an image to import) and returns its bytes; no answer, an error status
/// or an oversized answer is an error that says so.
pub fn fetch(http: &Http, url: &str) -> Result<Vec<u8>, Error> {
    let failed = |problem| Error::Page {
        url: url.to_string(),
        problem,
    };
    let reply = http
        .send(Request {
            method: "GET",
            url,
            authorization: None,
            headers: Vec::new(),
            body: None,
        })
        .map_err(|e| failed(PageProblem::Unreachable(e.detail)))?;
    if !(200..300).contains(&reply.status) {
        return Err(failed(PageProblem::Refused(reply.status)));
    }
    if reply.body.len() > MAX_BYTES {
        return Err(failed(PageProblem::TooLarge(reply.body.len())));
    }
    Ok(reply.body)
}

/// The name a fetched page goes by (its last path part, `.html` when it has no extension), so
/// extract decides HTML or text as it does for a file.
pub fn page_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if last.contains('.') && !last.contains(':') {
        last.to_string()
    } else {
        "page.html".to_string()
    }
}

/// What became of a body's remote images.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LocalImages {
    /// The body with each downloaded image's figure pointing at its photo.
    pub body: String,
    /// The photos made, in body order, attached to the article.
    pub photos: Vec<String>,
    /// Addresses that could not be downloaded: their figures stay as they were, visibly remote.
    pub failed: Vec<String>,
}

/// Downloads every `![caption](http…)` figure of `article`'s body into the photo store (the
/// caption's credit split off as for any photo), attaches them, and points the figures at them.
/// Each download is its own step: one that fails leaves its figure and is reported.
pub fn localize_images(
    db: &mut Db,
    media: &MediaFolder,
    http: &Http,
    article: ArticleId,
    now: DateTime<Utc>,
) -> Result<LocalImages, Error> {
    let body = db.article(article)?.body;
    let mut out = LocalImages {
        body: body.clone(),
        ..LocalImages::default()
    };
    for (caption, url) in remote_figures(&body) {
        let bytes = match fetch(http, &url) {
            Ok(b) => b,
            Err(_) => {
                out.failed.push(url);
                continue;
            }
        };
        let folder = media.create()?;
        let file = folder.join(format!("repost-{}-{}", std::process::id(), out.photos.len()));
        std::fs::write(&file, &bytes).map_err(|e| Error::io(&file, e))?;
        // The page's credit (…李华摄) is the one that counts, over what the file's metadata says.
        let parts = split_caption(&caption);
        let input = PhotoInput {
            caption: (!parts.caption.is_empty()).then_some(parts.caption),
            credit: parts.credit,
            article: Some(article),
            ..PhotoInput::default()
        };
        let photo = db.import_photo(media, &file, &input, now);
        let _ = std::fs::remove_file(&file);
        match photo {
            Ok(photo) => {
                out.body = out
                    .body
                    .replacen(&format!("]({url})"), &format!("]({PHOTO_SCHEME}{})", photo.id), 1);
                out.photos.push(photo.id);
            }
            // Not a picture after all (an error page, a tracking pixel): the figure stays.
            Err(_) => out.failed.push(url),
        }
    }
    if out.body != body {
        let patch = newsdesk_core::ArticlePatch {
            body: Some(out.body.clone()),
            ..Default::default()
        };
        db.save_article(article, &patch, newsdesk_core::SaveKind::Checkpoint, now)?;
    }
    Ok(out)
}

/// The body with each figure's credit back at the end of its caption (`![…李华摄](…)`), as the
/// page printed it: the download splits it off again for the photo store, so the page's credit
/// is the photo's, not whatever the file's metadata says.
pub fn credited_figures(extraction: &newsdesk_extract::Extraction) -> String {
    let mut body = extraction.body.clone();
    for c in &extraction.captions {
        let (Some(image), Some(credit)) = (&c.image, &c.credit_as_written) else {
            continue;
        };
        body = body.replacen(
            &format!("![{}]({image})", c.caption),
            &format!("![{}{credit}]({image})", c.caption),
            1,
        );
    }
    body
}

/// A fetched page's extraction completed by its address: the address is the 原文链接 when the
/// page names none (so fetching it again is flagged as a repeat), the day in it
/// (`/2019/0508/…`, `t20180223_…`) the publish date when the page shows none, and the figures'
/// relative addresses (`/img/a.jpg`, `a.jpg`) are made absolute against it, so they can be
/// downloaded.
pub fn at_address(extraction: &mut newsdesk_extract::Extraction, page_url: &str, zone: Tz, now: DateTime<Utc>) {
    if extraction.publish_at.is_none()
        && let Some(day) = newsdesk_extract::dates::date_in_address(page_url, zone, now)
    {
        extraction.publish_at = Some(newsdesk_extract::Field {
            value: day,
            span: None,
            confidence: 0.5,
        });
        extraction
            .warnings
            .retain(|w| *w != newsdesk_extract::Warning::NoPublishTime);
    }
    if extraction.source_url.is_none() {
        extraction.source_url = Some(newsdesk_extract::Field {
            value: page_url.to_string(),
            span: None,
            confidence: 0.9,
        });
    }
    let Ok(base) = url::Url::parse(page_url) else {
        return;
    };
    extraction.body = absolute_figures(&extraction.body, &base);
    for c in &mut extraction.captions {
        if let Some(image) = &mut c.image {
            *image = absolute(image, &base);
        }
    }
    for image in &mut extraction.images {
        *image = absolute(image, &base);
    }
}

/// `addr` against `base` when it is relative; as it is otherwise.
fn absolute(addr: &str, base: &url::Url) -> String {
    if addr.contains(':') {
        return addr.to_string();
    }
    base.join(addr).map_or_else(|_| addr.to_string(), String::from)
}

/// The body with each figure's relative address made absolute.
fn absolute_figures(body: &str, base: &url::Url) -> String {
    body.split("\n\n")
        .map(|p| {
            let figure = p
                .trim()
                .strip_prefix("![")
                .and_then(|rest| rest.split_once("]("))
                .and_then(|(caption, rest)| Some((caption, rest.strip_suffix(')')?)));
            match figure {
                Some((caption, addr)) if !addr.contains(':') => format!("![{caption}]({})", absolute(addr, base)),
                _ => p.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// `(caption, address)` of each figure paragraph whose address is on the web.
fn remote_figures(body: &str) -> Vec<(String, String)> {
    body.split("\n\n")
        .filter_map(|p| {
            let p = p.trim();
            let rest = p.strip_prefix("![")?;
            let (caption, rest) = rest.split_once("](")?;
            let url = rest.strip_suffix(')')?;
            (url.starts_with("http://") || url.starts_with("https://")).then(|| (caption.to_string(), url.to_string()))
        })
        .collect()
}
