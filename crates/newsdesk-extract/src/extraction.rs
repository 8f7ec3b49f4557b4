//! What an extraction gives: each field with the text it came from and a confidence, the body
//! as Markdown, the captions, and warnings in the editor's language.

use newsdesk_core::Lang;
use newsdesk_core::repost::{RepostField, RepostReview, ReviewField, SameBy, SameOriginal, utf16_offset};
use newsdesk_core::time::SourceTime;
use serde::Serialize;

/// Byte offsets into [`Extraction::source_text`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// A value, the text it was read from (none when it came from the page's head) and how sure
/// the reading is (0–1): a labelled field is surer than a dateline or a guessed title.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field<T> {
    pub value: T,
    pub span: Option<Span>,
    pub confidence: f32,
}

/// A credit beside the 责任编辑: 二审 朱晖, 监制 王五, 编辑 曾淑花.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Credit {
    /// The role as the page writes it (二审, 監製…).
    pub role: String,
    pub name: String,
}

/// A photo caption in the body, with its credit as the photo store keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Caption {
    pub caption: String,
    /// The photographer or agency: 陈鋆.
    pub credit: Option<String>,
    /// As written: 陈鋆摄, 新华社记者 李明 摄, 摄影 张三.
    pub credit_as_written: Option<String>,
    /// The image's address in the page, when the page had the image (HTML).
    pub image: Option<String>,
    pub span: Option<Span>,
}

/// Something the editor should look at before saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum Warning {
    NoTitle,
    NoPublishTime,
    /// A date printed without its year (`09-13 10:20`); the year came from `now`.
    YearInferred(String),
    /// `来源:` with nothing after it.
    EmptyLabel(String),
    /// A labelled time that reads as no date (`3小时前`) or names one that does not exist
    /// (`发布时间：2021年2月30日`), left out.
    TimeUnreadable(String),
    /// The encoding came from the bytes, not from the page.
    EncodingGuessed(String),
    /// Remote images the caller must fetch into the photo store; the figures point at them.
    ImagesToFetch(usize),
    /// A figure whose caption was found but whose image was not in the input.
    CaptionWithoutImage(String),
    /// The original's address is already the source of an article, or its title an article's
    /// (set by the caller).
    AlreadyImported {
        id: String,
        title: String,
    },
    /// An article has nearly the same title and body (set by the caller).
    NearCopy {
        id: String,
        title: String,
        /// How much of their text the two share, in percent.
        percent: u32,
    },
}

/// (kind, zh-CN, en): `{0}` is the detail.
const WARNING_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "no_title",
        "没有找到标题,请手动填写。",
        "No title was found; enter it by hand.",
    ),
    ("no_publish_time", "没有找到发布时间。", "No publish time was found."),
    (
        "year_inferred",
        "日期「{0}」没有写年份,已按当前年份补全,请核对。",
        "The date “{0}” has no year; the current year was assumed. Check it.",
    ),
    (
        "empty_label",
        "「{0}」后面是空的,已忽略。",
        "“{0}” is empty on the page; it was left out.",
    ),
    (
        "time_unreadable",
        "时间「{0}」读不成日期(或这一天、这一刻并不存在),已略去,请核对。",
        "The time “{0}” could not be read as a date (or names one that does not exist); it was left out. Check it.",
    ),
    (
        "encoding_guessed",
        "页面没有声明编码,按 {0} 读取,请核对文字是否正常。",
        "The page declares no encoding; it was read as {0}. Check the text.",
    ),
    (
        "images_to_fetch",
        "正文中有 {0} 张远程图片需要下载到图片库。",
        "The body has {0} remote images to download into the photo store.",
    ),
    (
        "caption_without_image",
        "图片说明「{0}」没有对应的图片,已留占位。",
        "The caption “{0}” has no image in the input; a placeholder stands in.",
    ),
    (
        "already_imported",
        "文章「{0}」的原文链接或标题与此相同，可能是重复转载。",
        "“{0}” already has this original's address or title; this may be a repeat repost.",
    ),
    (
        "near_copy",
        "文章「{0}」的标题和正文与此几乎相同，可能是重复转载。",
        "“{0}” has nearly the same title and text; this may be a repeat repost.",
    ),
];

impl Warning {
    fn key_and_detail(&self) -> (&'static str, String) {
        match self {
            Warning::NoTitle => ("no_title", String::new()),
            Warning::NoPublishTime => ("no_publish_time", String::new()),
            Warning::YearInferred(d) => ("year_inferred", d.clone()),
            Warning::EmptyLabel(d) => ("empty_label", d.clone()),
            Warning::TimeUnreadable(d) => ("time_unreadable", d.clone()),
            Warning::EncodingGuessed(d) => ("encoding_guessed", d.clone()),
            Warning::ImagesToFetch(n) => ("images_to_fetch", n.to_string()),
            Warning::CaptionWithoutImage(d) => ("caption_without_image", d.chars().take(20).collect()),
            Warning::AlreadyImported { id, title } => ("already_imported", format!("{title} ({id})")),
            Warning::NearCopy { id, title, percent } => ("near_copy", format!("{title} ({id}, {percent}%)")),
        }
    }

    /// The warning for an article the repost may repeat.
    pub fn repeat_of(same: &SameOriginal) -> Warning {
        let (id, title) = (same.id.to_string(), same.title.clone());
        match same.by {
            SameBy::Address | SameBy::Title => Warning::AlreadyImported { id, title },
            SameBy::Text => Warning::NearCopy {
                id,
                title,
                percent: (same.similarity.unwrap_or(1.0) * 100.0).round() as u32,
            },
        }
    }

    /// One line for the editor.
    pub fn message(&self, lang: Lang) -> String {
        let (key, detail) = self.key_and_detail();
        let (_, zh, en) = WARNING_MESSAGES
            .iter()
            .find(|(k, _, _)| *k == key)
            .expect("every warning has a message row");
        lang.pick(zh, en).replace("{0}", &detail)
    }
}

/// The fields of one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extraction {
    /// The page's text, one block a line: what the spans point into.
    pub source_text: String,
    pub title: Option<Field<String>>,
    /// 发布时间: a date alone stays a date.
    pub publish_at: Option<Field<SourceTime>>,
    /// 来源: the outlet.
    pub source_name: Option<Field<String>>,
    /// 原文链接.
    pub source_url: Option<Field<String>>,
    /// 作者/记者/通讯员, role words removed, in page order.
    pub authors: Vec<Field<String>>,
    /// 来源时间.
    pub source_time: Option<Field<SourceTime>>,
    /// 责任编辑.
    pub editor: Option<Field<String>>,
    pub other_credits: Vec<Field<Credit>>,
    pub captions: Vec<Caption>,
    /// Markdown: paragraphs, `##` headings, figures as `![caption](address)`.
    pub body: String,
    /// Remote images the body's figures point at, for the caller to fetch.
    pub images: Vec<String>,
    pub warnings: Vec<Warning>,
}

impl Extraction {
    /// The authors as the article keeps them: several joined by 、.
    pub fn author(&self) -> Option<String> {
        (!self.authors.is_empty()).then(|| {
            self.authors
                .iter()
                .map(|a| a.value.as_str())
                .collect::<Vec<_>>()
                .join("、")
        })
    }
}

impl Extraction {
    /// The other credits as the article keeps them: one line, `二审 朱晖、监制 王五`; a role
    /// with several names is written once (`编辑 甲、乙`).
    pub fn other_credits_line(&self) -> Option<String> {
        let mut line = String::new();
        let mut role: Option<&str> = None;
        for c in &self.other_credits {
            if !line.is_empty() {
                line.push('、');
            }
            if role != Some(c.value.role.as_str()) {
                line.push_str(&c.value.role);
                line.push(' ');
                role = Some(&c.value.role);
            }
            line.push_str(&c.value.name);
        }
        (!line.is_empty()).then_some(line)
    }
}

impl Extraction {
    /// The fields in the shape the CLI prints and a draft takes: `title, publish_at,
    /// source: {name, url, author, published_at}, editor, other_credits, captions, body, warnings`.
    pub fn fields_json(&self, lang: Lang) -> serde_json::Value {
        serde_json::json!({
            "title": self.title.as_ref().map(|f| &f.value),
            "publish_at": self.publish_at.as_ref().map(|f| f.value.to_string()),
            "source": {
                "name": self.source_name.as_ref().map(|f| &f.value),
                "url": self.source_url.as_ref().map(|f| &f.value),
                "author": self.author(),
                "published_at": self.source_time.as_ref().map(|f| f.value.to_string()),
            },
            "editor": self.editor.as_ref().map(|f| &f.value),
            "other_credits": self.other_credits.iter().map(|c| serde_json::json!({"role": c.value.role, "name": c.value.name})).collect::<Vec<_>>(),
            "captions": self.captions.iter().map(|c| serde_json::json!({"caption": c.caption, "credit": c.credit, "credit_as_written": c.credit_as_written, "image": c.image})).collect::<Vec<_>>(),
            "body": self.body,
            "warnings": self.warnings.iter().map(|w| w.message(lang)).collect::<Vec<_>>(),
        })
    }
}

impl Extraction {
    /// The fields as the window's review dialog shows them, with the articles the repost may
    /// repeat ([`newsdesk_core::Db::same_repost`]).
    pub fn review(&self, lang: Lang, same_original: Vec<SameOriginal>) -> RepostReview {
        let text = &self.source_text;
        let field = |field: RepostField, value: String, span: Option<Span>, confidence: f32| ReviewField {
            field,
            value,
            start: span.map(|s| utf16_offset(text, s.start)),
            end: span.map(|s| utf16_offset(text, s.end)),
            confidence,
        };
        let mut fields = Vec::new();
        let mut put = |key: RepostField, f: Option<(String, Option<Span>, f32)>| {
            if let Some((value, span, confidence)) = f {
                fields.push(field(key, value, span, confidence));
            }
        };
        let text_field = |f: &Option<Field<String>>| f.as_ref().map(|f| (f.value.clone(), f.span, f.confidence));
        let time_field =
            |f: &Option<Field<SourceTime>>| f.as_ref().map(|f| (f.value.to_string(), f.span, f.confidence));
        put(RepostField::Title, text_field(&self.title));
        put(RepostField::PublishAt, time_field(&self.publish_at));
        put(RepostField::SourceName, text_field(&self.source_name));
        put(RepostField::SourceUrl, text_field(&self.source_url));
        // Several authors are one field; it points at the first one's text and is as sure as the least sure.
        put(
            RepostField::SourceAuthor,
            self.author().map(|a| {
                let confidence = self.authors.iter().map(|f| f.confidence).fold(1.0, f32::min);
                (a, self.authors.first().and_then(|f| f.span), confidence)
            }),
        );
        put(RepostField::SourceTime, time_field(&self.source_time));
        put(RepostField::Editor, text_field(&self.editor));
        // Like the authors: one field, pointing at the first credit, as sure as the least sure.
        put(
            RepostField::OtherCredits,
            self.other_credits_line().map(|line| {
                let confidence = self.other_credits.iter().map(|f| f.confidence).fold(1.0, f32::min);
                (line, self.other_credits.first().and_then(|f| f.span), confidence)
            }),
        );
        RepostReview {
            source_text: text.clone(),
            fields,
            body: self.body.clone(),
            warnings: self.warnings.iter().map(|w| w.message(lang)).collect(),
            same_original,
        }
    }
}
