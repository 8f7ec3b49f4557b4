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
use crate::time;

/// Writes every live article as one JSON line; returns how many.
pub fn export_jsonl(db: &Db, out: &mut dyn Write) -> Result<usize> {
    let articles = db.all_articles()?;
    for a in &articles {
        let line = serde_json::to_string(a).expect("an article serializes");
        writeln!(out, "{line}").map_err(|e| Error::io("<output>", e))?;
    }
    Ok(articles.len())
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
    if title.as_deref().is_none_or(|t| t.trim().is_empty()) {
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
