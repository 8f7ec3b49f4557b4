//! The page read as lines: furniture dropped, attribution lines read by the label table, the
//! title found beside them, datelines and captions in the body, and the body as Markdown.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use newsdesk_core::media::split_caption;
use regex::Regex;

use crate::dates::find_date;
use crate::extraction::{Caption, Credit, Extraction, Field, Span, Warning};
use crate::fold::Folded;
use crate::furniture::{Furniture, furniture};
use crate::html::{Block, Head};
use crate::labels::{NOT_NAMES, ROLE_WORDS, Slot, labels_in};

/// A line of the page and where it starts in the source text.
struct Line {
    block: Block,
    text: String,
    start: usize,
    folded: Folded,
}

/// One value read off an attribution line.
#[derive(Debug, Clone)]
struct Hit {
    slot: Slot,
    /// The label as the page writes it (二审, 監製).
    label: String,
    value: String,
    folded_value: String,
    span: Span,
    confidence: f32,
}

/// A line longer than this is article text, whatever labels it holds.
const META_LINE_MAX: usize = 160;

fn trim_value(s: &str) -> &str {
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
fn read_meta(line: &Line) -> Option<Vec<Hit>> {
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

fn hit(
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

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    let name = r"[A-Z][A-Za-z'\-]*\.?(?:\s+[A-Z][A-Za-z'\-]*\.?){0,3}";
    Regex::new(&format!(
        r"^(?:By|BY)\s*:?\s+(?P<names>{name}(?:\s*(?:,|and|&)\s*{name})*)\s*(?:\|.*)?$"
    ))
    .expect("valid")
});

/// `By Li Ming and Zhang San` as a line of its own; `By Sunday, the city…` is a sentence.
fn english_byline(line: &Line) -> Option<Vec<Hit>> {
    let folded = line.folded.text.trim();
    let caps = BYLINE.captures(folded)?;
    let names = caps.name("names")?;
    let first_word = names.as_str().split_whitespace().next()?.to_ascii_lowercase();
    if NOT_NAMES.contains(&first_word.trim_end_matches(',')) {
        return None;
    }
    let offset = line.folded.text.len() - line.folded.text.trim_start().len();
    let span_of = |fs: usize, fe: usize| Span {
        start: line.start + line.folded.original(fs),
        end: line.start + line.folded.original(fe),
    };
    Some(vec![hit(
        line,
        Slot::Author,
        "By",
        offset + names.start(),
        offset + names.end(),
        0.85,
        &span_of,
    )])
}

static REPORTERS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?P<role>\p{Han}{0,8}?(?:记者|通讯员))\s*(?P<names>\p{Han}{2,4}(?:\s*[、,\s]\s*\p{Han}{2,4})*)\s*$",
    )
    .expect("valid")
});

/// `新华社记者李银、黄全权` or `澎湃新闻记者 赵磊` as a line of its own.
fn reporter_line(line: &Line) -> Option<Vec<Hit>> {
    let caps = REPORTERS.captures(&line.folded.text)?;
    let names = caps.name("names")?;
    let span_of = |fs: usize, fe: usize| Span {
        start: line.start + line.folded.original(fs),
        end: line.start + line.folded.original(fe),
    };
    Some(vec![hit(
        line,
        Slot::Author,
        "记者",
        names.start(),
        names.end(),
        0.85,
        &span_of,
    )])
}

/// A line that is nothing but a date (and a weekday or counter): `2025-01-08 高级技巧 126次阅读`.
fn date_line(line: &Line, zone: Tz, now: DateTime<Utc>) -> Option<Hit> {
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
fn names(value: &str) -> Vec<String> {
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

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// `人民网毕节9月23日电(王秀芳)`, `星辰在线2月8日讯(记者 陈宇敏)`, `新华社贵阳2月12日电`,
/// `本报讯(记者 张三 通讯员 李四)`: the outlet, the date and the reporters of the first paragraph.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<outlet>[\p{Han}A-Za-z]{1,10}?(?:网|社|报|在线|台|客户端|新闻|日报|晚报|晨报|时报))(?P<place>\p{Han}{0,8}?)(?:(?P<m>\d{1,2})月(?P<d>\d{1,2})日)?(?:电|讯|消息)\s*(?:[(（](?P<who>[^)）]{1,40})[)）])?(?:\s*题\s*:\s*(?P<title>.{2,60})$)?",
    )
    .expect("valid")
});

struct Dateline {
    title: Option<(String, Span)>,
    outlet: Option<(String, Span)>,
    date: Option<(String, Span)>,
    people: Vec<(String, Span)>,
}

fn dateline(line: &Line) -> Option<Dateline> {
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

static DRAWN_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<cap>.*?)[\s，,。]*[(（]?(?P<credit>摄影\s*[:：/]?\s*(?P<name>\p{Han}{2,4}(?:[、，,]\p{Han}{2,4})*))[)）]?$").expect("valid")
});
static DRAWN_BY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<credit>摄影\s*[:：/]?\s*(?P<name>\p{Han}{2,4}))\s+(?P<cap>.+)$").expect("valid")
});

/// A caption and its credit, by the core's conventions and the portals' extra ones
/// (`▲…摄`, `摄影 张三`, a credit alone). `None` when the line is not a caption.
fn caption_parts(text: &str, certainly: bool) -> Option<(String, Option<String>, Option<String>)> {
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
const CREDIT_AGENCIES: &[&str] = &["中新社发", "新华社发", "人民网发", "中新社", "新华社", "供图"];

/// The core's split, on the folded text (so 記者/攝 read as 记者/摄), mapped back char for
/// char onto the text as written.
fn split_folded(text: &str) -> newsdesk_core::media::CaptionParts {
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
fn escape(text: &str) -> String {
    let starts_markup = text.starts_with(['#', '>', '-', '+', '*', '|', '`'])
        || text
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let text = text.replace('<', "&lt;");
    if starts_markup { format!("\\{text}") } else { text }
}

fn is_short_line(text: &str) -> bool {
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
fn head_title(head: &Head) -> Option<String> {
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

/// Reads the page's blocks into an extraction.
/// `plain`: the blocks came from plain text, where only line lengths tell a subhead.
pub fn analyse(blocks: Vec<Block>, head: &Head, plain: bool, zone: Tz, now: DateTime<Utc>) -> Extraction {
    let mut source_text = String::new();
    let mut lines = Vec::with_capacity(blocks.len());
    for block in blocks {
        let text = match &block {
            Block::Paragraph(t) | Block::Heading(t) | Block::Caption(t) => t.clone(),
            Block::Image { alt, .. } => alt.clone(),
        };
        if !source_text.is_empty() {
            source_text.push('\n');
        }
        let start = source_text.len();
        source_text.push_str(&text);
        lines.push(Line {
            folded: Folded::new(&text),
            block,
            text,
            start,
        });
    }
    let mut warnings = Vec::new();
    let is_image = |l: &Line| matches!(l.block, Block::Image { .. });
    let kinds: Vec<Option<Furniture>> = lines
        .iter()
        .map(|l| {
            if is_image(l) {
                None
            } else {
                furniture(&l.folded.text).map(|(f, _)| f)
            }
        })
        .collect();
    let metas: Vec<Option<Vec<Hit>>> = lines
        .iter()
        .map(|l| if is_image(l) { None } else { read_meta(l) })
        .collect();

    // The title: the head's, found among the lines; else the line just above the first
    // attribution line; else the first short line.
    let mut title_index = None;
    let mut title: Option<Field<String>> = None;
    if let Some(t) = head_title(head) {
        let folded = Folded::new(&t).text;
        title_index = lines
            .iter()
            .position(|l| l.folded.text.trim() == folded.trim() && !is_image(l));
        title = Some(Field {
            span: title_index.map(|i| Span {
                start: lines[i].start,
                end: lines[i].start + lines[i].text.len(),
            }),
            value: t,
            confidence: if title_index.is_some() { 0.95 } else { 0.8 },
        });
    }
    if title.is_none() {
        // The anchor: the first attribution or date line near the top; the title is the line
        // above it, or (government pages put the date first) the line below.
        let top = lines.len().min(8);
        let anchor = (0..top).find(|&i| metas[i].is_some()).or_else(|| {
            (0..top).find(|&i| !is_image(&lines[i]) && kinds[i].is_none() && date_line(&lines[i], zone, now).is_some())
        });
        let candidate = |i: &usize| {
            let l = &lines[*i];
            kinds[*i].is_none()
                && metas[*i].is_none()
                && !is_image(l)
                && !l.text.is_empty()
                && l.text.chars().count() <= 80
                && date_line(l, zone, now).is_none()
                && !l.text.ends_with('。')
        };
        title_index = match anchor {
            Some(a) => (0..a)
                .rev()
                .find(candidate)
                .or_else(|| (a + 1..lines.len().min(a + 3)).find(candidate)),
            None => (0..lines.len().min(10)).find(|i| candidate(i) && lines[*i].text.chars().count() <= 60),
        };
        title = title_index.map(|i| Field {
            value: lines[i].text.clone(),
            span: Some(Span {
                start: lines[i].start,
                end: lines[i].start + lines[i].text.len(),
            }),
            confidence: if anchor.is_some() { 0.85 } else { 0.6 },
        });
    }

    // The body: after the title, to the first furniture that ends an article.
    let body_start = title_index.map_or(0, |i| i + 1);
    let mut body_end = lines.len();
    let mut seen_text = false;
    for i in body_start..lines.len() {
        match kinds[i] {
            Some(Furniture::End) if seen_text => {
                body_end = i;
                break;
            }
            None if metas[i].is_none() && !lines[i].text.is_empty() => seen_text = true,
            _ => {}
        }
    }

    // Attribution: lines after the title first (the header), then any above it; bare dates
    // only right below the title (a site's header shows today's date, not the article's).
    let mut hits: Vec<Hit> = Vec::new();
    let order = (body_start..body_end).chain(0..body_start.saturating_sub(1));
    let before_title = |i: usize| i + 1 < body_start;
    let mut body_lines = Vec::new();
    let mut header = true;
    for i in order {
        if let Some(h) = &metas[i] {
            hits.extend(h.iter().cloned());
            continue;
        }
        if before_title(i) && kinds[i].is_none() && !is_image(&lines[i]) && i + 3 >= body_start {
            // Just above the title: a date there is the article's (lower in priority).
            if let Some(mut h) = date_line(&lines[i], zone, now) {
                h.confidence = 0.5;
                hits.push(h);
            }
            continue;
        }
        if i < body_start || kinds[i].is_some() {
            continue;
        }
        if header
            && !is_image(&lines[i])
            && let Some(h) = date_line(&lines[i], zone, now)
        {
            hits.push(h);
            continue;
        }
        if !lines[i].text.is_empty() || is_image(&lines[i]) {
            header = false;
            body_lines.push(i);
        }
    }

    let first_value = |slot: Slot| hits.iter().find(|h| h.slot == slot && !h.value.is_empty());
    for h in hits.iter().filter(|h| h.value.is_empty() && h.slot != Slot::Ignore) {
        warnings.push(Warning::EmptyLabel(h.label.clone()));
    }
    let time_of = |h: &Hit, warnings: &mut Vec<Warning>| {
        find_date(&h.folded_value, zone, now).map(|d| {
            if d.year_inferred {
                warnings.push(Warning::YearInferred(h.value.clone()));
            }
            Field {
                value: d.time,
                span: Some(h.span),
                confidence: if d.year_inferred { 0.6 } else { h.confidence },
            }
        })
    };
    let mut publish_at = hits
        .iter()
        .filter(|h| h.slot == Slot::Published && !h.value.is_empty())
        .find_map(|h| time_of(h, &mut warnings));
    if publish_at.is_none()
        && let Some(p) = head.published.as_deref()
    {
        publish_at = find_date(&Folded::new(p).text, zone, now).map(|d| Field {
            value: d.time,
            span: None,
            confidence: 0.7,
        });
    }
    let source_time = hits
        .iter()
        .filter(|h| h.slot == Slot::SourceTime && !h.value.is_empty())
        .find_map(|h| time_of(h, &mut warnings));

    let mut source_name = None;
    let mut source_url = first_value(Slot::SourceUrl).map(|h| Field {
        value: h.value.clone(),
        span: Some(h.span),
        confidence: h.confidence,
    });
    for h in hits.iter().filter(|h| h.slot == Slot::Source && !h.value.is_empty()) {
        if h.value.starts_with("http://") || h.value.starts_with("https://") {
            source_url.get_or_insert(Field {
                value: h.value.clone(),
                span: Some(h.span),
                confidence: h.confidence,
            });
        } else if source_name.is_none() {
            // Chinese outlets have no spaces: what follows one is a channel tag (`IT之家 微信专区`).
            let value = if h.value.chars().any(is_han) {
                h.value.split_whitespace().next().unwrap_or_default()
            } else {
                h.value.as_str()
            };
            let value = value.split(" | ").next().unwrap_or(value).trim();
            source_name = Some(Field {
                value: value.to_string(),
                span: Some(Span {
                    start: h.span.start,
                    end: h.span.start + value.len(),
                }),
                confidence: h.confidence,
            });
        }
    }
    let mut authors: Vec<Field<String>> = Vec::new();
    for h in hits.iter().filter(|h| h.slot == Slot::Author && !h.value.is_empty()) {
        for name in names(&h.value) {
            if !authors.iter().any(|a| a.value == name) {
                authors.push(Field {
                    value: name,
                    span: Some(h.span),
                    confidence: h.confidence,
                });
            }
        }
    }
    let strict_editor = first_value(Slot::Editor);
    let editor_hit = strict_editor.or_else(|| first_value(Slot::PlainEditor));
    let editor = editor_hit.and_then(|h| {
        names(&h.value).into_iter().next().map(|n| Field {
            value: n,
            span: Some(h.span),
            confidence: h.confidence,
        })
    });
    let mut other_credits = Vec::new();
    for h in hits.iter().filter(|h| !h.value.is_empty()) {
        let is_other = match h.slot {
            Slot::Credit => true,
            Slot::PlainEditor => strict_editor.is_some(),
            Slot::Editor => editor_hit.is_some_and(|e| e.span != h.span),
            _ => false,
        };
        // (责编:王秀芳、李乐): the first is the 责任编辑, the others credits under the same role.
        let is_editor_hit = editor_hit.is_some_and(|e| e.span == h.span);
        if is_other || is_editor_hit {
            for name in names(&h.value).into_iter().skip(usize::from(is_editor_hit)) {
                other_credits.push(Field {
                    value: Credit {
                        role: h.label.clone(),
                        name,
                    },
                    span: Some(h.span),
                    confidence: h.confidence,
                });
            }
        }
    }

    // The first paragraph's dateline: the outlet when no 来源 says it, reporters when no 作者 does.
    // The title line may itself be the dateline: `新华社贵阳2月12日电 题:山乡巨变`.
    let dateline_lines = title_index
        .into_iter()
        .chain(body_lines.iter().copied().filter(|&i| !is_image(&lines[i])).take(3));
    if let Some(d) = dateline_lines.clone().find_map(|i| dateline(&lines[i])) {
        if let Some((t, span)) = d.title
            && title.as_ref().is_none_or(|f| f.confidence < 0.9)
        {
            title = Some(Field {
                value: t,
                span: Some(span),
                confidence: 0.85,
            });
        }
        if source_name.is_none()
            && let Some((outlet, span)) = d.outlet
        {
            source_name = Some(Field {
                value: outlet,
                span: Some(span),
                confidence: 0.7,
            });
        }
        if authors.is_empty() {
            authors = d
                .people
                .into_iter()
                .map(|(n, span)| Field {
                    value: n,
                    span: Some(span),
                    confidence: 0.7,
                })
                .collect();
        }
        let _ = d.date;
    }
    if authors.is_empty()
        && let Some(a) = head.author.as_deref()
    {
        authors = names(a)
            .into_iter()
            .map(|n| Field {
                value: n,
                span: None,
                confidence: 0.6,
            })
            .collect();
    }

    // The body as Markdown, with the captions in place.
    let mut paragraphs: Vec<String> = Vec::new();
    let mut captions = Vec::new();
    let mut images = Vec::new();
    let mut pending = 0;
    let mut k = 0;
    while k < body_lines.len() {
        let line = &lines[body_lines[k]];
        let span = Some(Span {
            start: line.start,
            end: line.start + line.text.len(),
        });
        match &line.block {
            Block::Image { src, alt } => {
                images.push(src.clone());
                // The caption is the next line when it reads as one or is short enough.
                let next = body_lines.get(k + 1).map(|&j| &lines[j]);
                let as_caption = next.and_then(|n| match &n.block {
                    Block::Caption(t) => caption_parts(t, true).map(|p| (p, n)),
                    // A short line under a photo is its caption even without a credit.
                    Block::Paragraph(t) if t.chars().count() <= 120 => {
                        caption_parts(t, t.chars().count() <= 40).map(|p| (p, n))
                    }
                    _ => None,
                });
                match as_caption {
                    Some(((caption, credit, written), n)) => {
                        paragraphs.push(format!("![{}]({})", escape_alt(&caption), src));
                        captions.push(Caption {
                            caption,
                            credit,
                            credit_as_written: written,
                            image: Some(src.clone()),
                            span: Some(Span {
                                start: n.start,
                                end: n.start + n.text.len(),
                            }),
                        });
                        k += 1;
                    }
                    None => paragraphs.push(format!("![{}]({})", escape_alt(alt), src)),
                }
            }
            Block::Caption(t) | Block::Paragraph(t) => {
                let certainly = matches!(line.block, Block::Caption(_));
                match caption_parts(t, certainly) {
                    Some((caption, credit, written)) => {
                        pending += 1;
                        warnings.push(Warning::CaptionWithoutImage(caption.clone()));
                        paragraphs.push(format!("![{}](photo:pending-{pending})", escape_alt(&caption)));
                        captions.push(Caption {
                            caption,
                            credit,
                            credit_as_written: written,
                            image: None,
                            span,
                        });
                    }
                    None => {
                        let prev_short =
                            k == 0 || body_lines.get(k - 1).is_some_and(|&j| is_short_line(&lines[j].text));
                        let next_short = body_lines.get(k + 1).is_none_or(|&j| is_short_line(&lines[j].text));
                        // Plain text has no tags: a short line between paragraphs is a subhead.
                        let heading = matches!(line.block, Block::Paragraph(_))
                            && plain
                            && is_short_line(t)
                            && !prev_short
                            && !next_short;
                        if heading {
                            paragraphs.push(format!("## {}", escape(t)));
                        } else {
                            paragraphs.push(escape(t));
                        }
                    }
                }
            }
            Block::Heading(t) => paragraphs.push(format!("## {}", escape(t))),
        }
        k += 1;
    }
    let body = if paragraphs.is_empty() {
        String::new()
    } else {
        paragraphs.join("\n\n") + "\n"
    };
    if !images.is_empty() {
        warnings.push(Warning::ImagesToFetch(images.len()));
    }
    if title.is_none() {
        warnings.push(Warning::NoTitle);
    }
    if publish_at.is_none() {
        warnings.push(Warning::NoPublishTime);
    }
    Extraction {
        source_text,
        title,
        publish_at,
        source_name,
        source_url,
        authors,
        source_time,
        editor,
        other_credits,
        captions,
        body,
        images,
        warnings,
    }
}

fn escape_alt(text: &str) -> String {
    text.replace('[', "\\[").replace(']', "\\]")
}
