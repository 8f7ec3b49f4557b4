//! What one line of a page holds: attribution values read by the label table, English and
//! reporter bylines, a date alone, datelines, captions with their credits; and the page head's title.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use newsdesk_core::media::split_caption;
use regex::Regex;

use crate::dates::find_date;
use crate::extraction::Span;
use crate::fold::Folded;
use crate::html::{Block, Head};
use crate::labels::{NOT_NAMES, ROLE_WORDS, Slot, labels_in};

/// A line of the page and where it starts in the source text.
pub(crate) struct Line {
    pub(crate) block: Block,
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) folded: Folded,
}

/// One value read off an attribution line.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) slot: Slot,
    /// The label as the page writes it (二审, 監製).
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) folded_value: String,
    pub(crate) span: Span,
    pub(crate) confidence: f32,
}

/// A line longer than this is article text, whatever labels it holds.
pub(crate) const META_LINE_MAX: usize = 160;

pub(crate) fn trim_value(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '|' | '丨'
                    | '/'
                    | '【'
                    | '】'
                    | '['
                    | ']'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | ','
                    | '，'
                    | ';'
                    | '；'
                    | '·'
                    | '-'
            )
    })
}

/// The attribution values a line holds, or `None` when the line is not an attribution line.
pub(crate) fn read_meta(line: &Line) -> Option<Vec<Hit>> {
    let folded = &line.folded.text;
    if folded.chars().count() > META_LINE_MAX {
        return None;
    }
    if let Some(hits) = english_byline(line).or_else(|| reporter_line(line)) {
        return Some(hits);
    }
    let labels = labels_in(folded);
    let first = labels.first()?;
    let lead = trim_value(&folded[..first.start]);
    // The first label opens the line (after brackets), or a date does: `2009-06-17 09:09:45 来源:…`.
    let lead_is_date = !lead.is_empty()
        && find_date(lead, chrono_tz::UTC, DateTime::<Utc>::MIN_UTC).is_some()
        && lead.chars().count() <= 30;
    if !lead.is_empty() && !lead_is_date {
        return None;
    }
    // A colon-less label alone (`来源 中国`) is only an attribution when another label joins it.
    if labels.iter().all(|l| !l.with_colon) && labels.len() < 2 {
        return None;
    }
    let mut hits = Vec::new();
    let span_of = |fs: usize, fe: usize| Span {
        start: line.start + line.folded.original(fs),
        end: line.start + line.folded.original(fe),
    };
    if lead_is_date {
        let start = folded.len() - folded.trim_start().len();
        let end = start + lead.len();
        hits.push(hit(line, Slot::Published, "", start, end, 0.85, &span_of));
    }
    for (i, l) in labels.iter().enumerate() {
        let end = labels.get(i + 1).map_or(folded.len(), |n| n.start);
        let raw = &folded[l.value_start.min(end)..end];
        let value = trim_value(raw);
        let vs = l.value_start.min(end)
            + (raw.len()
                - raw
                    .trim_start_matches(|c: char| trim_value(&c.to_string()).is_empty())
                    .len());
        let label_text =
            line.text[line.folded.original(l.start)..line.folded.original(l.start + l.label.len())].to_string();
        let confidence = if l.with_colon { 0.95 } else { 0.8 };
        if value.is_empty() {
            hits.push(Hit {
                slot: l.slot,
                label: label_text,
                value: String::new(),
                folded_value: String::new(),
                span: span_of(l.start, end),
                confidence,
            });
            continue;
        }
        let mut h = hit(line, l.slot, &label_text, vs, vs + value.len(), confidence, &span_of);
        h.label = label_text;
        hits.push(h);
    }
    Some(hits)
}

pub(crate) fn hit(
    line: &Line,
    slot: Slot,
    label: &str,
    fs: usize,
    fe: usize,
    confidence: f32,
    span_of: &dyn Fn(usize, usize) -> Span,
) -> Hit {
    let os = line.folded.original(fs);
    let oe = line.folded.original(fe);
    Hit {
        slot,
        label: label.to_string(),
        value: line.text[os..oe].to_string(),
        folded_value: line.folded.text[fs..fe].to_string(),
        span: span_of(fs, fe),
        confidence,
    }
}

pub(crate) static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"[A-Z][A-Za-z'\-]*\.?(?:\s+[A-Z][A-Za-z'\-]*\.?){0,3}";
    Regex::new(&format!(
        r"^(?:By|BY)\s*:?\s+(?P<names>{name}(?:\s*(?:,|and|&)\s*{name})*)\s*(?:\|.*)?$"
    ))
    .expect("valid")
});

/// `By Li Ming and Zhang San` as a line of its own; `By Sunday, the city…` is a sentence.
pub(crate) fn english_byline(line: &Line) -> Option<Vec<Hit>> {
    let folded = line.folded.text.trim();
    let caps = BYLINE.captures(folded)?;
    let names = caps.name("names")?;
    let first_word = names.as_str().split_whitespace().next()?.to_ascii_lowercase();
    if NOT_NAMES.contains(&first_word.trim_end_matches(',')) {
        return None;
    }
    let offset = line.folded.text.len() - line.folded.text.trim_start().len();
    Some(byline_names(line, "By", offset + names.start(), offset + names.end()))
}

/// The names of a byline line, `start..end` of its folded text, as its one 作者 value.
fn byline_names(line: &Line, label: &str, start: usize, end: usize) -> Vec<Hit> {
    let span_of = |fs: usize, fe: usize| Span {
        start: line.start + line.folded.original(fs),
        end: line.start + line.folded.original(fe),
    };
    vec![hit(line, Slot::Author, label, start, end, 0.85, &span_of)]
}

pub(crate) static REPORTERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?P<role>\p{Han}{0,8}?(?:记者|通讯员))\s*(?P<names>\p{Han}{2,4}(?:\s*[、,\s]\s*\p{Han}{2,4})*)\s*$",
    )
    .expect("valid")
});

/// `新华社记者李银、黄全权` or `澎湃新闻记者 赵磊` as a line of its own.
pub(crate) fn reporter_line(line: &Line) -> Option<Vec<Hit>> {
    let caps = REPORTERS.captures(&line.folded.text)?;
    let names = caps.name("names")?;
    Some(byline_names(line, "记者", names.start(), names.end()))
}

/// A line that is nothing but a date (and a weekday or counter): `2025-01-08 高级技巧 126次阅读`.
pub(crate) fn date_line(line: &Line, zone: Tz, now: DateTime<Utc>) -> Option<Hit> {
    let folded = line.folded.text.trim();
    if folded.chars().count() > 40 {
        return None;
    }
    let found = find_date(folded, zone, now)?;
    let before: usize = folded[..found.start].chars().filter(|c| !c.is_whitespace()).count();
    let after = &folded[found.end..];
    // A weekday, an account name or a counter may stand beside the date; a sentence may not.
    if before > 8 || after.chars().filter(|c| !c.is_whitespace()).count() > 14 || after.contains([',', '。', '，']) {
        return None;
    }
    let offset = line.folded.text.len() - line.folded.text.trim_start().len();
    let span_of = |fs: usize, fe: usize| Span {
        start: line.start + line.folded.original(fs),
        end: line.start + line.folded.original(fe),
    };
    Some(hit(
        line,
        Slot::Published,
        "",
        offset + found.start,
        offset + found.end,
        0.75,
        &span_of,
    ))
}

/// Names as a byline lists them: role words off, split on 、，and spaces between Chinese names.
pub(crate) fn names(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let parts: Vec<&str> = if value.chars().any(is_han) {
        value
            .split(|c: char| c.is_whitespace() || matches!(c, '、' | ',' | '，' | ';' | '；' | '/'))
            .collect()
    } else {
        value.split([',', ';', '&']).flat_map(|p| p.split(" and ")).collect()
    };
    for part in parts {
        let mut name = part.trim();
        loop {
            let before = name;
            for role in ROLE_WORDS {
                name = name.strip_prefix(role).unwrap_or(name).trim();
            }
            if name == before {
                break;
            }
        }
        let name = trim_value(name);
        // 李乐_NB12345: a CMS appends the staff code.
        let name = match name.split_once('_') {
            Some((n, code)) if code.chars().all(|c| c.is_ascii_alphanumeric()) => n,
            _ => name,
        };
        if !name.is_empty()
            && !ROLE_WORDS.contains(&name)
            && !name.contains(['。', '！', '？'])
            && name.chars().count() <= 20
        {
            out.push(name.to_string());
        }
    }
    out
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// `人民网毕节9月23日电(王秀芳)`, `星辰在线2月8日讯(记者 陈宇敏)`, `新华社贵阳2月12日电`,
/// `本报讯(记者 张三 通讯员 李四)`: the outlet, the date and the reporters of the first paragraph.
pub(crate) static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<outlet>[\p{Han}A-Za-z]{1,10}?(?:网|社|报|在线|台|客户端|新闻|日报|晚报|晨报|时报))(?P<place>\p{Han}{0,8}?)(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?(?:电|讯|消息)\s*(?:[(（](?P<who>[^)）]{1,40})[)）])?(?:\s*题\s*:\s*(?P<title>.{2,60})$)?",
    )
    .expect("valid")
});

pub(crate) struct Dateline {
    pub(crate) title: Option<(String, Span)>,
    pub(crate) outlet: Option<(String, Span)>,
    pub(crate) date: Option<(String, Span)>,
    pub(crate) people: Vec<(String, Span)>,
}

pub(crate) fn dateline(line: &Line) -> Option<Dateline> {
    let folded = &line.folded.text;
    let caps = DATELINE.captures(folded)?;
    let span = |m: regex::Match| Span {
        start: line.start + line.folded.original(m.start()),
        end: line.start + line.folded.original(m.end()),
    };
    let original =
        |m: regex::Match| line.text[line.folded.original(m.start())..line.folded.original(m.end())].to_string();
    let outlet = caps
        .name("outlet")
        .filter(|m| !matches!(m.as_str(), "本报" | "本网" | "本台"))
        .map(|m| (original(m), span(m)));
    let date = caps.name("m").zip(caps.name("d")).map(|(m, d)| {
        (
            format!("{}月{}日", m.as_str(), d.as_str()),
            Span {
                start: span(m).start,
                end: span(d).end,
            },
        )
    });
    let people = caps
        .name("who")
        .map(|m| names(&original(m)).into_iter().map(|n| (n, span(m))).collect())
        .unwrap_or_default();
    let title = caps.name("title").map(|m| (original(m).trim().to_string(), span(m)));
    Some(Dateline {
        title,
        outlet,
        date,
        people,
    })
}

pub(crate) static DRAWN_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<cap>.*?)[\s，,。]*[(（]?(?P<credit>摄影\s*[:：/]?\s*(?P<name>\p{Han}{2,4}(?:[、，,]\p{Han}{2,4})*))[)）]?$").expect("valid")
});
pub(crate) static DRAWN_BY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<credit>摄影\s*[:：/]?\s*(?P<name>\p{Han}{2,4}))\s+(?P<cap>.+)$").expect("valid")
});

/// A caption and its credit, by the core's conventions and the portals' extra ones
/// (`▲…摄`, `摄影 张三`, a credit alone). `None` when the line is not a caption.
pub(crate) fn caption_parts(text: &str, certainly: bool) -> Option<(String, Option<String>, Option<String>)> {
    let text = text.trim();
    let marked = text.starts_with(['▲', '△', '↑', '▼']);
    let text = text.trim_start_matches(['▲', '△', '↑', '▼', ' ']);
    let marked = marked || text.starts_with("图为") || text.starts_with("上图") || text.starts_with("下图");
    if let Some(c) = DRAWN_BY.captures(text).or_else(|| DRAWN_BY_FIRST.captures(text)) {
        return Some((
            c["cap"].trim().to_string(),
            Some(c["name"].replace(['，', ','], "、")),
            Some(c["credit"].to_string()),
        ));
    }
    let parts = split_folded(text);
    let with_credit = parts
        .credit
        .as_deref()
        .map(|c| Folded::new(c).text)
        .is_some_and(|c| c.contains('摄') || c.contains('图') || c.contains('/'));
    if (with_credit && text.chars().count() <= 200) || marked || certainly {
        return Some((parts.caption, parts.photographer, parts.credit));
    }
    None
}

/// Agencies that prefix a photographer in a credit: `中新社发 毛建军 摄`.
pub(crate) const CREDIT_AGENCIES: &[&str] = &["中新社发", "新华社发", "人民网发", "中新社", "新华社", "供图"];

/// The core's split, on the folded text (so 記者/攝 read as 记者/摄), mapped back char for
/// char onto the text as written.
pub(crate) fn split_folded(text: &str) -> newsdesk_core::media::CaptionParts {
    let folded = Folded::new(text).text;
    let parts = split_caption(&folded);
    let chars: Vec<char> = text.chars().collect();
    let original = |from: usize, n: usize| chars[from..(from + n).min(chars.len())].iter().collect::<String>();
    let Some(credit) = parts.credit.as_deref() else {
        return newsdesk_core::media::CaptionParts {
            caption: text.to_string(),
            credit: None,
            photographer: None,
        };
    };
    let Some(at) = folded.rfind(credit) else {
        return parts;
    };
    let credit_start = folded[..at].chars().count();
    let mut caption_chars = parts.caption.chars().count();
    let mut credit_from = credit_start;
    let mut credit_len = credit.chars().count();
    // 中新社发 left at the caption's end belongs to the credit.
    let caption_folded = parts.caption.trim_end();
    if let Some(agency) = CREDIT_AGENCIES.iter().find(|a| caption_folded.ends_with(*a)) {
        let n = agency.chars().count();
        let agency_start = caption_folded.chars().count() - n;
        credit_len += credit_from - agency_start;
        credit_from = agency_start;
        caption_chars = agency_start;
    }
    let caption = original(0, caption_chars).trim_end().to_string();
    let credit_text = original(credit_from, credit_len);
    let photographer = parts.photographer.as_deref().and_then(|p| {
        let fc: String = chars[credit_from..(credit_from + credit_len).min(chars.len())]
            .iter()
            .map(|&c| newsdesk_core::chinese::fold_char(crate::fold::width_fold(c)))
            .collect();
        fc.find(p).map(|i| {
            let s = fc[..i].chars().count();
            original(credit_from + s, p.chars().count())
        })
    });
    newsdesk_core::media::CaptionParts {
        caption,
        credit: Some(credit_text),
        photographer: photographer.or(parts.photographer),
    }
}

/// Markdown text that a line beginning like a list, quote or heading would otherwise become.
pub(crate) fn escape(text: &str) -> String {
    let starts_markup = text.starts_with(['#', '>', '-', '+', '*', '|', '`'])
        || text
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let text = text.replace('<', "&lt;");
    if starts_markup { format!("\\{text}") } else { text }
}

pub(crate) fn is_short_line(text: &str) -> bool {
    let n = text.chars().count();
    n > 0
        && n <= 24
        && !text.ends_with([
            '。', '！', '？', '；', '.', '!', '?', ';', '：', ':', '”', '"', '）', ')',
        ])
        && !text.contains(['，', ',', '：', ':'])
}

/// The title read off the page's head: `<h1>` when the `<title>` holds it, else `og:title` or
/// `<title>` with the site's name cut off.
pub(crate) fn head_title(head: &Head) -> Option<String> {
    static SEPARATORS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*(?:_|\||｜|\s-\s|\s–\s|\s—\s|--)\s*").expect("valid"));
    let cut = |t: &str| -> Option<String> {
        let parts: Vec<&str> = SEPARATORS.split(t).map(str::trim).filter(|p| !p.is_empty()).collect();
        let site = head.site_name.as_deref();
        parts.into_iter().find(|p| Some(*p) != site).map(str::to_string)
    };
    let page_title = head.og_title.as_deref().or(head.title.as_deref());
    if let Some(h1) = head
        .h1
        .iter()
        .find(|h| !h.is_empty() && page_title.is_some_and(|t| t.contains(h.as_str())))
    {
        return Some(h1.clone());
    }
    page_title
        .and_then(cut)
        .or_else(|| head.h1.iter().find(|h| !h.is_empty()).cloned())
}
