//! Articles as JSON lines, for backup, migration and bringing in articles from other systems.
//!
//! Export writes every live article as the same JSON the CLI prints. Import takes that back
//! losslessly (same ids, times and revisions) and also accepts lines that leave out the id,
//! the times and every optional field, naming the channel by name or slug.

use std::io::{BufRead, Write};

use chrono::Utc;
use serde_json::{Map, Value};

use crate::article::{ArticleId, ArticlePatch, Status};
use crate::db::Db;
use crate::error::{Error, Invalid, Result};
use crate::list::DamagedRow;
use crate::time;

/// What a JSON lines export wrote, and the damaged rows it could not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub written: usize,
    pub damaged: Vec<DamagedRow>,
}

/// Writes every live article as one JSON line. A damaged row is left out and reported, so the
/// backup still holds every other article.
pub fn export_jsonl(db: &Db, out: &mut dyn Write) -> Result<Backup> {
    let articles = db.all_articles()?;
    for a in &articles.items {
        let line = serde_json::to_string(a).expect("an article serializes");
        writeln!(out, "{line}").map_err(|e| Error::io("<output>", e))?;
    }
    Ok(Backup {
        written: articles.items.len(),
        damaged: articles.damaged,
    })
}

/// Reads JSON lines and imports them in one transaction: a bad line is named by its number
/// and nothing is imported. `new_id` gives ids to lines that have none.
pub fn import_jsonl(
    db: &mut Db,
    input: &mut dyn BufRead,
    new_id: &mut dyn FnMut() -> ArticleId,
    now: chrono::DateTime<Utc>,
) -> Result<usize> {
    let zone = db.site()?.zone();
    let mut items = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let line_no = i + 1;
        let line = line.map_err(|e| Error::Import {
            line: line_no,
            source: Box::new(Error::io("<input>", e)),
        })?;
        // Tolerate CRLF files and blank lines, as Windows editors and shell scripts leave them.
        let text = line.trim().trim_start_matches('\u{feff}');
        if text.is_empty() {
            continue;
        }
        let item = parse_line(text, zone, new_id).map_err(|e| Error::Import {
            line: line_no,
            source: Box::new(e),
        })?;
        items.push((line_no, item));
    }
    db.import_articles(items, now)
}

fn text_field(obj: &Map<String, Value>, key: &str) -> Result<Option<String>> {
    match obj.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(String::new())),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(Invalid::Json(format!("“{key}” should be text, not {other}")).into()),
    }
}

fn parse_line(text: &str, zone: chrono_tz::Tz, new_id: &mut dyn FnMut() -> ArticleId) -> Result<crate::db::ImportItem> {
    let value: Value = serde_json::from_str(text).map_err(|e| Invalid::Json(e.to_string()))?;
    let Value::Object(obj) = value else {
        return Err(Invalid::Json("a line must be a JSON object".into()).into());
    };
    let id = match text_field(&obj, "id")?.filter(|s| !s.is_empty()) {
        Some(s) => s
            .parse::<ArticleId>()
            .map_err(|_| Invalid::Json(format!("“id” is not a UUID: {s}")))?,
        None => new_id(),
    };
    let empty = Map::new();
    let source = match obj.get("source") {
        Some(Value::Object(s)) => s,
        None | Some(Value::Null) => &empty,
        Some(other) => return Err(Invalid::Json(format!("“source” should be an object, not {other}")).into()),
    };
    let keywords = match obj.get("keywords") {
        None => None,
        Some(Value::Null) => Some(Vec::new()),
        Some(Value::String(s)) => Some(vec![s.clone()]),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .map(|k| k.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| Invalid::Json("“keywords” should be a list of text".into()))?,
        ),
        Some(other) => return Err(Invalid::Json(format!("“keywords” should be a list, not {other}")).into()),
    };
    let status = match text_field(&obj, "status")?.filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<Status>()?),
        None => None,
    };
    let title = text_field(&obj, "title")?;
    // An untitled draft is one being written, and a backup holds it as such; any other line
    // without a title (one with no status included) is not an article yet.
    if title.as_deref().is_none_or(|t| t.trim().is_empty()) && !matches!(status, Some(Status::Draft | Status::Ready)) {
        return Err(Invalid::TitleRequired.into());
    }
    let patch = ArticlePatch {
        kicker: text_field(&obj, "kicker")?,
        title,
        subtitle: text_field(&obj, "subtitle")?,
        slug: text_field(&obj, "slug")?.filter(|s| !s.is_empty()),
        channel: text_field(&obj, "channel")?,
        status,
        body: text_field(&obj, "body")?,
        summary: text_field(&obj, "summary")?,
        keywords,
        publish_at: text_field(&obj, "publish_at")?,
        source_name: text_field(source, "name")?,
        source_url: text_field(source, "url")?,
        source_author: text_field(source, "author")?,
        source_time: text_field(source, "published_at")?,
        editor: text_field(&obj, "editor")?,
        other_credits: text_field(&obj, "other_credits")?,
    };
    let instant = |key: &str| -> Result<Option<chrono::DateTime<chrono::FixedOffset>>> {
        match text_field(&obj, key)?.filter(|s| !s.is_empty()) {
            Some(s) => Ok(Some(time::parse_instant(&s, zone)?)),
            None => Ok(None),
        }
    };
    let revision = match obj.get("revision") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .ok_or_else(|| Invalid::Json(format!("“revision” should be a whole number, not {v}")))?,
        ),
    };
    Ok(crate::db::ImportItem {
        id,
        patch,
        created_at: instant("created_at")?,
        updated_at: instant("updated_at")?,
        revision,
    })
}

/// An article as IPTC ninjs (1.x, as Superdesk and most wire services exchange it): the body as
/// sanitized HTML, the attribution as `infosource` and `by`, the channel as a subject.
pub fn ninjs(
    site: &crate::site::Site,
    article: &crate::article::Article,
    photos: &dyn crate::render::PhotoResolver,
) -> Value {
    use crate::article::Status;
    let pubstatus = match article.status {
        Status::Published => "usable",
        Status::Withdrawn => "canceled",
        _ => "withheld",
    };
    let mut obj = serde_json::json!({
        "uri": format!("urn:uuid:{}", article.id),
        "type": "text",
        "mimetype": "text/html",
        "version": article.revision.to_string(),
        "firstcreated": time::rfc3339(&article.created_at),
        "versioncreated": time::rfc3339(&article.updated_at),
        "pubstatus": pubstatus,
        "language": "zh-CN",
        "headline": article.title,
        "slugline": article.slug,
        "body_html": crate::render::markdown_to_html(&article.body, photos),
        "keywords": article.keywords,
        "subject": [{ "name": article.channel, "scheme": format!("{}#channel", site.base_url) }],
    });
    let o = obj.as_object_mut().expect("built as an object");
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            o.insert(key.to_string(), v);
        }
    };
    put(
        "contentcreated",
        article.publish_at.as_ref().map(|t| time::rfc3339(t).into()),
    );
    put("description_text", article.summary.clone().map(Value::from));
    put("by", article.source.author.clone().map(Value::from));
    put(
        "title",
        article
            .kicker
            .clone()
            .or_else(|| article.subtitle.clone())
            .map(Value::from),
    );
    if article.source.name.is_some() || article.source.url.is_some() {
        let mut source = Map::new();
        if let Some(n) = &article.source.name {
            source.insert("name".into(), n.clone().into());
        }
        if let Some(u) = &article.source.url {
            source.insert("uri".into(), u.clone().into());
        }
        source.insert("role".into(), "originating".into());
        put("infosource", Some(Value::Array(vec![Value::Object(source)])));
    }
    // The editors answerable for the text, as the page's footer names them.
    let ednote = [
        article.editor.as_ref().map(|e| format!("责任编辑:{e}")),
        article.other_credits.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    put("ednote", (!ednote.is_empty()).then(|| ednote.join(" ").into()));
    put("copyrightholder", article.source.name.clone().map(Value::from));
    obj
}

/// A YAML value for front matter: JSON's quoting is valid YAML and escapes everything.
fn yaml<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("front matter values serialize")
}

/// An article as Markdown with YAML front matter, the way Hugo (and most static site tools)
/// read content files: title, date, slug, categories, tags, summary, draft, and the attribution.
pub fn markdown_with_front_matter(article: &crate::article::Article) -> String {
    use crate::article::Status;
    let mut fm = vec![
        format!("title: {}", yaml(&article.title)),
        format!("slug: {}", yaml(&article.slug)),
        format!("categories: {}", yaml(&[&article.channel])),
        format!("draft: {}", article.status != Status::Published),
        format!("newsdesk_id: {}", yaml(&article.id.to_string())),
        format!("newsdesk_status: {}", yaml(&article.status.as_str())),
    ];
    if let Some(t) = &article.publish_at {
        fm.push(format!("date: {}", time::rfc3339(t)));
    }
    fm.push(format!("lastmod: {}", time::rfc3339(&article.updated_at)));
    if !article.keywords.is_empty() {
        fm.push(format!("tags: {}", yaml(&article.keywords)));
    }
    for (key, value) in [
        ("kicker", &article.kicker),
        ("subtitle", &article.subtitle),
        ("summary", &article.summary),
        ("editor", &article.editor),
        ("other_credits", &article.other_credits),
    ] {
        if let Some(v) = value {
            fm.push(format!("{key}: {}", yaml(v)));
        }
    }
    if !article.source.is_empty() {
        fm.push(format!("source: {}", yaml(&article.source)));
    }
    let body = article.body.trim_end();
    format!("---\n{}\n---\n\n{body}\n", fm.join("\n"))
}
