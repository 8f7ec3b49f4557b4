//! The article: what an editor drafts, with its source attribution (来源, 作者, 来源时间).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Invalid, Result};
use crate::site::check_web_url;
use crate::slug;
use crate::time::{self, SourceTime, instant_serde};

/// The largest body an article may have (5 MiB, about 1.7 million Chinese characters): far above
/// any real article, low enough that a stray paste of a whole archive cannot make every render,
/// export and backup of the site carry it.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

/// Reads a body written elsewhere (a Markdown file), refusing one over [`MAX_BODY_BYTES`]
/// before it is read: a file of many gigabytes would otherwise be read whole only to be refused.
pub fn read_body_file(path: &std::path::Path) -> Result<String> {
    let io = |e| crate::Error::io(path, e);
    let bytes = usize::try_from(std::fs::metadata(path).map_err(io)?.len()).unwrap_or(usize::MAX);
    if bytes > MAX_BODY_BYTES {
        return Err(Invalid::BodyTooLarge {
            bytes,
            limit: MAX_BODY_BYTES,
        }
        .into());
    }
    read_body(std::fs::File::open(path).map_err(io)?, &path.display().to_string())
}

/// Reads a body from `source` (standard input, whose size is not known beforehand), called
/// `name` in messages. One byte past the limit is read, enough to refuse it, and no more.
pub fn read_body(source: impl std::io::Read, name: &str) -> Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    source
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| crate::Error::io(name, e))?;
    if bytes.len() > MAX_BODY_BYTES {
        // Refused before decoding: the cut may fall inside a character, which would read as
        // "not UTF-8".
        return Err(Invalid::BodyTooLarge {
            bytes: bytes.len(),
            limit: MAX_BODY_BYTES,
        }
        .into());
    }
    String::from_utf8(bytes)
        .map_err(|e| crate::Error::io(name, std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// An article's identity: a UUID v7, unique across machines and never changed, so that every
/// publish target can key on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(transparent)]
pub struct ArticleId(pub uuid::Uuid);

impl ArticleId {
    /// A fresh id; callers make it at the edge so that core logic stays deterministic.
    pub fn generate() -> ArticleId {
        ArticleId(uuid::Uuid::now_v7())
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for ArticleId {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        uuid::Uuid::parse_str(s.trim())
            .map(ArticleId)
            .map_err(|_| Invalid::ArticleId(s.to_string()).into())
    }
}

/// Where an article stands on its way to the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Draft,
    Ready,
    Scheduled,
    Published,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Draft,
        Status::Ready,
        Status::Scheduled,
        Status::Published,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Ready => "ready",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
            Status::Withdrawn => "withdrawn",
        }
    }
}

impl FromStr for Status {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| Invalid::Status(s.to_string()).into())
    }
}

/// Who first published what an article reposts (转载), and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
pub struct SourceAttribution {
    /// The outlet (来源), e.g. 中国劳动保障报.
    pub name: Option<String>,
    pub url: Option<String>,
    /// The original author(s) (作者) exactly as written; several are joined by 、.
    pub author: Option<String>,
    /// 来源时间: a date alone or an instant.
    #[ts(type = "string | null")]
    pub published_at: Option<SourceTime>,
}

impl SourceAttribution {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.url.is_none() && self.author.is_none() && self.published_at.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Article {
    pub id: ArticleId,
    /// 引题, the line above the title.
    pub kicker: Option<String>,
    pub title: String,
    /// 副题, the line below the title.
    pub subtitle: Option<String>,
    pub slug: String,
    /// The channel's name (栏目).
    pub channel: String,
    pub status: Status,
    /// Markdown.
    pub body: String,
    /// 摘要.
    pub summary: Option<String>,
    pub keywords: Vec<String>,
    /// 发布日期, in the site's zone.
    #[serde(with = "instant_serde::option")]
    #[ts(type = "string | null")]
    pub publish_at: Option<DateTime<FixedOffset>>,
    pub source: SourceAttribution,
    /// 责任编辑.
    pub editor: Option<String>,
    /// The credits beside the 责任编辑 (二审, 三审, 监制, 编辑…) as one line, as written:
    /// `二审 朱晖、监制 王五`. Absent from revisions and backups older than the field.
    #[serde(default)]
    pub other_credits: Option<String>,
    #[serde(with = "instant_serde")]
    #[ts(type = "string")]
    pub created_at: DateTime<FixedOffset>,
    #[serde(with = "instant_serde")]
    #[ts(type = "string")]
    pub updated_at: DateTime<FixedOffset>,
    /// Counts saves that closed a revision; starts at 1.
    pub revision: i64,
}

/// What page addresses, list order and change detection need of a published article: no text
/// at all, so a large site's index is read without copying a title, let alone a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    pub id: ArticleId,
    /// The channel's name (栏目).
    pub channel: String,
    pub slug: String,
    pub publish_at: Option<DateTime<FixedOffset>>,
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
    pub revision: i64,
    /// Counts every write of the article: two saves within one second of the same open revision
    /// differ here and nowhere else in the listing.
    pub saves: i64,
    /// A digest of the [`ListText`]: a list page changes when it does, not on every body edit.
    pub text_digest: i64,
}

impl Listing {
    /// The time pages show for the article: its publish time, or its creation for a draft.
    pub fn shown(&self) -> DateTime<FixedOffset> {
        self.publish_at.unwrap_or(self.created_at)
    }

    /// The date a list shows beside the title: `2021-09-13`, in the zone the time was written in.
    pub fn list_date(&self) -> String {
        self.shown().format("%Y-%m-%d").to_string()
    }

    /// Newest first by the time pages show, then by id: the order of every list on the site.
    pub fn newest_first(a: &Listing, b: &Listing) -> std::cmp::Ordering {
        b.shown().cmp(&a.shown()).then(b.id.cmp(&a.id))
    }
}

/// The text an article's entry in a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListText {
    pub title: String,
    /// 摘要.
    pub summary: Option<String>,
}

/// Changes to an article's fields as an editor, the UI or the CLI gives them. A field left out
/// (`None`) stays as it is; an empty string clears an optional field. Times are written as
/// editors write them and read in the site's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct ArticlePatch {
    pub kicker: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub slug: Option<String>,
    /// A channel's name or slug.
    pub channel: Option<String>,
    pub status: Option<Status>,
    pub body: Option<String>,
    pub summary: Option<String>,
    pub keywords: Option<Vec<String>>,
    pub publish_at: Option<String>,
    pub source_name: Option<String>,
    pub source_url: Option<String>,
    pub source_author: Option<String>,
    pub source_time: Option<String>,
    pub editor: Option<String>,
    /// 二审 朱晖、监制 王五: the other credits as one line.
    pub other_credits: Option<String>,
}

/// An optional text field: trimmed, and absent when empty.
pub(crate) fn optional_text(value: &str) -> Option<String> {
    let t = value.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// Keywords as a clean list: split on the separators editors type, trimmed, without repeats.
pub fn normalize_keywords<S: AsRef<str>>(raw: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in raw {
        for k in item.as_ref().split([',', '，', '、', ';', '；']) {
            let k = k.trim();
            if !k.is_empty() && !out.iter().any(|x| x == k) {
                out.push(k.to_string());
            }
        }
    }
    out
}

impl Article {
    /// Applies a patch's plain fields. The channel and slug are settled by the store, which
    /// knows the other articles and channels.
    pub(crate) fn apply(&mut self, patch: &ArticlePatch, zone: Tz) -> Result<()> {
        if let Some(v) = &patch.kicker {
            self.kicker = optional_text(v);
        }
        if let Some(v) = &patch.title {
            self.title = v.trim().to_string();
        }
        if let Some(v) = &patch.subtitle {
            self.subtitle = optional_text(v);
        }
        if let Some(v) = patch.status {
            self.status = v;
        }
        if let Some(v) = &patch.body {
            // Line endings from Windows clipboards must not make two versions of one text.
            self.body = v.replace("\r\n", "\n");
        }
        if let Some(v) = &patch.summary {
            self.summary = optional_text(v);
        }
        if let Some(v) = &patch.keywords {
            self.keywords = normalize_keywords(v);
        }
        if let Some(v) = &patch.publish_at {
            self.publish_at = match optional_text(v) {
                Some(t) => Some(time::parse_instant(&t, zone)?),
                None => None,
            };
        }
        if let Some(v) = &patch.source_name {
            self.source.name = optional_text(v);
        }
        if let Some(v) = &patch.source_url {
            self.source.url = optional_text(v);
        }
        if let Some(v) = &patch.source_author {
            self.source.author = optional_text(v);
        }
        if let Some(v) = &patch.source_time {
            self.source.published_at = match optional_text(v) {
                Some(t) => Some(SourceTime::parse(&t, zone)?),
                None => None,
            };
        }
        if let Some(v) = &patch.editor {
            self.editor = optional_text(v);
        }
        if let Some(v) = &patch.other_credits {
            // One line, as the page prints it: lines typed or pasted apart are joined as a list.
            let line = v
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("、");
            self.other_credits = optional_text(&line);
        }
        Ok(())
    }

    /// The rules an article must keep whatever else is in the database.
    pub fn validate(&self, zone: Tz) -> Result<()> {
        // A draft may stay untitled while it is written (its other fields keep saving); what
        // readers get has a title.
        if self.title.trim().is_empty() && matches!(self.status, Status::Published | Status::Scheduled) {
            return Err(Invalid::TitleRequired.into());
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(Invalid::BodyTooLarge {
                bytes: self.body.len(),
                limit: MAX_BODY_BYTES,
            }
            .into());
        }
        // Parsing refuses such times already; this also guards what arrives ready-made
        // (a revision's snapshot, a pulled post), so none can reach the database.
        if let Some(publish) = self.publish_at {
            time::within_range(publish, &time::rfc3339(&publish))?;
        }
        if let Some(source) = self.source.published_at {
            source.within_range()?;
        }
        slug::validate(&self.slug)?;
        if let Some(url) = &self.source.url {
            check_web_url("source.url", url)?;
        }
        if let (Some(source), Some(publish)) = (&self.source.published_at, &self.publish_at)
            && source.is_after(publish, zone)
        {
            return Err(Invalid::SourceAfterPublish {
                source: source.to_string(),
                publish: time::portal_format(publish),
            }
            .into());
        }
        if self.status == Status::Scheduled && self.publish_at.is_none() {
            return Err(Invalid::ScheduledWithoutTime.into());
        }
        Ok(())
    }

    /// The body's length as the portal's 字数 counts it: the characters a reader sees.
    pub fn char_count(&self) -> usize {
        crate::render::visible_chars(&self.body)
    }
}
