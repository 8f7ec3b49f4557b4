//! The page read as lines: furniture dropped, attribution lines read by the label table, the
//! title found beside them, datelines and captions in the body, and the body as Markdown.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::dates::find_date;
use crate::extraction::{Caption, Credit, Extraction, Field, Span, Warning};
use crate::fold::Folded;
use crate::furniture::{Furniture, furniture};
use crate::html::{Block, Head};
use crate::labels::Slot;

use crate::lines::{
    Hit, Line, caption_parts, date_line, dateline, escape, head_title, is_han, is_short_line, names, read_meta,
};

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
        let found = find_date(&h.folded_value, zone, now);
        // Digits after the label were meant as a time: one that does not exist is said so.
        if found.is_none() && h.folded_value.contains(|c: char| c.is_ascii_digit()) {
            warnings.push(Warning::TimeUnreadable(h.value.clone()));
        }
        found.map(|d| {
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
    // The page's 发布时间, else its 成文日期, else what its markup says (meta tags, schema.org).
    let mut publish_at = [Slot::Published, Slot::Written].into_iter().find_map(|slot| {
        hits.iter()
            .filter(|h| h.slot == slot && !h.value.is_empty())
            .find_map(|h| time_of(h, &mut warnings))
    });
    if publish_at.is_none()
        && let Some(p) = head.published.as_deref()
    {
        publish_at = crate::dates::markup_time(p, zone, now).map(|value| Field {
            value,
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
