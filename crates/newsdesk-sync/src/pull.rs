//! Pull: the portal's posts into the local database, so articles written on the web can be
//! edited offline. Paged (oldest id first), idempotent (a post whose `modified_gmt` we hold is
//! skipped before anything else is read, so a second pull writes nothing and downloads nothing)
//! and therefore resumable: an interrupted pull run again only lists the pages it already took.
//!
//! Images become local photos recorded under their SHA-256 with the portal's media id, so
//! pull → edit → push never uploads them again. The body is the portal's HTML through the one
//! HTML → Markdown conversion (`newsdesk_extract::markdown`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use newsdesk_core::db::{Pulled, PulledPost, RemoteMedia};
use newsdesk_core::media::{MediaFolder, PhotoInput};
use newsdesk_core::publishing::Target;
use newsdesk_core::sync_status::ConflictView;
use newsdesk_core::{ArticleId, ArticlePatch, Db, Error, ErrorKind, Lang, Status};
use serde_json::Value;

use newsdesk_extract::markdown::{plain_text, to_markdown};

use crate::wordpress::WordPress;

/// What a pull did.
#[derive(Debug, Default)]
pub struct PullReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicts: usize,
    pub photos_downloaded: usize,
    /// Posts Newsdesk could not take as articles (a published post without a title, a body
    /// over the limit): the pull goes on without them and says which and why.
    pub skipped: Vec<SkippedPost>,
    /// Images that stayed on the web (their address kept in the body): gone, refused, damaged.
    pub images_left: Vec<ImageLeft>,
}

/// An image a pull could not bring in.
#[derive(Debug)]
pub struct ImageLeft {
    /// The post it is in.
    pub remote_id: i64,
    /// Its address, or `#id` for a featured image known by its media id.
    pub image: String,
    pub error: Error,
}

impl PullReport {
    /// What the pull left out, a line each, in the editor's language.
    pub fn left_out(&self, lang: Lang) -> Vec<String> {
        let posts = self.skipped.iter().map(|p| {
            let title = match p.title.trim() {
                "" => lang.pick("（无标题）", "(no title)").to_string(),
                t => lang
                    .pick("「{t}」", "“{t}”")
                    .replace("{t}", &newsdesk_core::error::echo(t)),
            };
            lang.pick(
                "稿件 #{id} {title} 未拉取：{why}",
                "Post #{id} {title} was not pulled: {why}",
            )
            .replace("{id}", &p.remote_id.to_string())
            .replace("{title}", &title)
            .replace("{why}", &p.error.message(lang))
        });
        let images = self.images_left.iter().map(|i| {
            lang.pick(
                "稿件 #{id} 的图片 {image} 留在原处（正文里保留它的网址和图说）：{why}",
                "An image of post #{id} ({image}) stayed where it is, its address and caption kept in the body: {why}",
            )
            .replace("{id}", &i.remote_id.to_string())
            .replace("{image}", &i.image)
            .replace("{why}", &i.error.message(lang))
        });
        posts.chain(images).collect()
    }
}

/// A post a pull left on the portal, and why.
#[derive(Debug)]
pub struct SkippedPost {
    pub remote_id: i64,
    /// The post's title as the portal has it (may be empty).
    pub title: String,
    pub error: Error,
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
    // The account first: WordPress answers a refused password on the list as an anonymous
    // reader's "invalid status" (400), which would send the editor looking in the wrong place.
    portal.check()?;
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
            let taken = read_post(
                db,
                media,
                portal,
                target,
                &post.json,
                &mut terms,
                new_id,
                now,
                &mut report,
            )
            .and_then(|pulled| db.take_pulled(&pulled, now));
            match taken {
                Ok(Pulled::Created) => report.created += 1,
                Ok(Pulled::Updated) => report.updated += 1,
                Ok(Pulled::Unchanged) => report.unchanged += 1,
                Ok(Pulled::Conflict) => report.conflicts += 1,
                // One post the model refuses is that post's problem, not the pull's (its
                // transaction wrote nothing); a network or database failure stops the pull.
                Err(error) if error.kind() == ErrorKind::Validation => report.skipped.push(SkippedPost {
                    remote_id: post.id,
                    title: post.title_raw.clone(),
                    error,
                }),
                Err(e) => return Err(e),
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
    // One that cannot be had (gone, refused, not an image) stays where it is on the web and is
    // named in the report: a decade of posts has dead images, and none of them stops a pull.
    let mut photos = Vec::new();
    let lead = match post["featured_media"].as_i64().filter(|id| *id > 0) {
        Some(id) => local_photo(db, media, portal, target, id, None, now, report).or_else(|e| {
            left_on_web(report, remote_id, &format!("#{id}"), e)?;
            Ok::<_, Error>(None)
        })?,
        None => None,
    };
    let html = crate::wordpress::content_html(post);
    let body_html = strip_attribution(&html);
    let mut images: Vec<(String, Option<i64>, String, String)> = Vec::new();
    let markdown = to_markdown(body_html, &mut |img| {
        images.push((img.src.clone(), img.media_id, img.caption.clone(), img.alt.clone()));
        format!("\u{0}{}\u{0}", images.len() - 1)
    });
    let mut body = markdown;
    for (n, (src, media_id, caption, alt)) in images.iter().enumerate() {
        let id = match media_id {
            Some(mid) => local_photo(db, media, portal, target, *mid, Some((caption, alt)), now, report),
            None => download_photo(db, media, portal, src, caption, alt, None, target, now, report).map(Some),
        };
        let replacement = match id {
            Ok(Some(id)) => {
                photos.push(id.clone());
                format!("![{}](photo:{id})", alt.replace([']', '['], ""))
            }
            Ok(None) => String::new(),
            Err(e) => {
                left_on_web(report, remote_id, src, e)?;
                // The image as a plain one at its address, and its caption (with the credit)
                // kept as text: nothing the post said is lost.
                let image = format!("![{}]({src})", alt.replace([']', '['], ""));
                if caption.is_empty() {
                    image
                } else {
                    format!("{image}\n\n{caption}")
                }
            }
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
        // Newsdesk's title and summary are plain text; WordPress may hold entities and inline
        // tags there (kses encodes `&` for accounts without unfiltered_html, migrated posts).
        title: Some(plain_text(&text("/title/raw"))),
        slug: (!slug.is_empty()).then_some(slug),
        channel: Some(channel),
        status: Some(status),
        body: Some(body),
        summary: Some(plain_text(&text("/excerpt/raw"))),
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
        // Only from a portal whose plugin knows the field: one that does not say clears nothing.
        other_credits: post
            .pointer("/meta/other_credits")
            .and_then(Value::as_str)
            .map(str::to_string),
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

/// Notes an image a pull could not take, or gives back an error that stops the pull (the
/// portal gone offline, the disk or database failing: the next image would fail the same way).
fn left_on_web(report: &mut PullReport, post: i64, image: &str, error: Error) -> Result<(), Error> {
    match error.kind() {
        ErrorKind::Network | ErrorKind::Database | ErrorKind::Io | ErrorKind::Auth => Err(error),
        _ => {
            report.images_left.push(ImageLeft {
                remote_id: post,
                image: image.to_string(),
                error,
            });
            Ok(())
        }
    }
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

/// Ours beside the portal's copy of a conflicting post, both bodies as Markdown: what the app's
/// conflict view shows and what "take theirs" takes. NotFound when there is no conflict.
pub fn conflict_view(db: &Db, article: ArticleId, target: i64) -> Result<ConflictView, Error> {
    let copy = db
        .publication(article, target)?
        .and_then(|p| p.conflict)
        .ok_or_else(|| Error::NotFound {
            what: "conflict",
            id: article.to_string(),
        })?;
    let ours = db.article(article)?;
    let target = db.target_by_id(target)?;
    Ok(ConflictView {
        article,
        target: target.id,
        target_name: target.name,
        ours_title: ours.title,
        ours_body: ours.body,
        theirs_body: theirs_as_markdown(db, target.id, &copy.body)?,
        theirs_title: plain_text(&copy.title),
        theirs_modified_gmt: copy.modified_gmt,
        theirs_removed: copy.removed,
    })
}
