//! A line of an article around the first hit, with every hit in it marked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::fold::{fold, fold_mapped, is_folded};

/// A piece of a snippet: plain text, or a hit to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub hit: bool,
}

/// Characters shown before the first hit, and in all.
const BEFORE: usize = 20;
const WIDTH: usize = 80;

/// Where the first of `terms` (folded) occurs in `text`, as a byte offset of `text`.
fn first_hit(text: &str, terms: &[&str]) -> Option<usize> {
    if terms.is_empty() {
        // Nothing to look for (a field query's terms are elsewhere): no need to fold the text.
        return None;
    }
    // Most text is already in folded form where it matters (Simplified, half-width): a plain
    // search finds the hit without folding the whole article.
    let direct = terms.iter().filter_map(|t| text.find(t)).min();
    if direct.is_some() || is_folded(text) {
        return direct;
    }
    // Folded without the map first: most articles searched this way (a title hit) hold no
    // hit in the body at all.
    let folded = fold(text);
    if !terms.iter().any(|t| folded.contains(t)) {
        return None;
    }
    let (folded, from) = fold_mapped(text);
    terms.iter().filter_map(|t| folded.find(t)).min().map(|i| from[i])
}

/// The snippet of `text` around the first hit of `terms`, or None when none occurs in it.
pub fn snippet(text: &str, terms: &[&str]) -> Option<Vec<SnippetPart>> {
    let terms: Vec<&str> = terms.iter().copied().filter(|t| !t.is_empty()).collect();
    let hit = first_hit(text, &terms)?;
    let start = text[..hit]
        .char_indices()
        .rev()
        .nth(BEFORE.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = text[start..]
        .char_indices()
        .nth(WIDTH)
        .map_or(text.len(), |(i, _)| start + i);
    let window = &text[start..end];
    Some(mark(window, &terms, start > 0, end < text.len()))
}

/// [`snippet`] of a text as SQLite hands it over, read as UTF-8 only around the hit when the
/// hit is there as it is (most bodies): a page of 50 hits holds ~450 KB of bodies, and checking
/// each whole was a tenth of a search's time. None also when the text around the hit is not
/// UTF-8 (the caller then reads it whole, and says what is wrong with it).
pub fn snippet_in_bytes(text: &[u8], terms: &[&str]) -> Option<Result<Vec<SnippetPart>, std::str::Utf8Error>> {
    let terms: Vec<&str> = terms.iter().copied().filter(|t| !t.is_empty()).collect();
    if terms.is_empty() {
        return None;
    }
    let Some(hit) = terms
        .iter()
        .filter_map(|t| memchr::memmem::find(text, t.as_bytes()))
        .min()
    else {
        // Found only after folding (or not at all): the whole text is needed.
        return match std::str::from_utf8(text) {
            Ok(text) => snippet(text, &terms).map(Ok),
            Err(e) => Some(Err(e)),
        };
    };
    // Wide enough for BEFORE characters before the hit and WIDTH after where the text has them
    // (a character takes at most 4 bytes), cut at character boundaries.
    let boundary = |mut i: usize| {
        while i > 0 && i < text.len() && text[i] & 0xC0 == 0x80 {
            i -= 1;
        }
        i
    };
    let from = boundary(hit.saturating_sub(4 * BEFORE));
    let to = (hit + 4 * WIDTH).min(text.len());
    let to = if to == text.len() { to } else { boundary(to) };
    let window = match std::str::from_utf8(&text[from..to]) {
        Ok(w) => w,
        Err(e) => return Some(Err(e)),
    };
    let at = hit - from;
    let start = window[..at]
        .char_indices()
        .rev()
        .nth(BEFORE.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = window[start..]
        .char_indices()
        .nth(WIDTH)
        .map_or(window.len(), |(i, _)| start + i);
    Some(Ok(mark(
        &window[start..end],
        &terms,
        from + start > 0,
        from + end < text.len(),
    )))
}

/// `text` as parts, its hits of `terms` marked (the longest term first where they overlap).
pub fn mark(text: &str, terms: &[&str], cut_before: bool, cut_after: bool) -> Vec<SnippetPart> {
    let (folded, from) = fold_mapped(text);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for t in terms {
        let mut at = 0;
        while let Some(i) = folded[at..].find(t) {
            let (s, e) = (at + i, at + i + t.len());
            spans.push((from[s], from[e]));
            at = e;
        }
    }
    spans.sort();
    let mut parts = Vec::new();
    let mut plain = String::new();
    if cut_before {
        plain.push('…');
    }
    let mut pos = 0;
    for (s, e) in spans {
        if s < pos {
            continue;
        }
        plain.push_str(&text[pos..s]);
        if !plain.is_empty() {
            parts.push(SnippetPart {
                text: std::mem::take(&mut plain),
                hit: false,
            });
        }
        parts.push(SnippetPart {
            text: text[s..e].to_string(),
            hit: true,
        });
        pos = e;
    }
    plain.push_str(&text[pos..]);
    if cut_after {
        plain.push('…');
    }
    if !plain.is_empty() {
        parts.push(SnippetPart {
            text: plain,
            hit: false,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_are_marked_in_their_original_form() {
        let parts = snippet("遵義市就業局舉辦招聘會", &["就业"]).unwrap();
        let hits: Vec<&str> = parts.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
        assert_eq!(hits, ["就業"], "the Traditional original is what is highlighted");
        assert!(snippet("没有", &["就业"]).is_none());
    }

    #[test]
    fn a_snippet_read_around_the_hit_is_the_one_read_from_the_whole_text() {
        let long: String = "遵义市就业局舉辦招聘會，".repeat(40);
        for text in [
            "就业".to_string(),
            "就業在前".to_string(),
            format!("{long}秋茶采摘{long}"),
            format!("秋茶{long}"),
            format!("{long}秋茶"),
            format!("{long}採摘{long}"),
            "abc ＣＯＶＩＤ-19 covid".to_string(),
        ] {
            for terms in [&["秋茶"][..], &["就业", "采摘"], &["covid"], &["没有"]] {
                let whole = snippet(&text, terms);
                let read = snippet_in_bytes(text.as_bytes(), terms).map(Result::unwrap);
                assert_eq!(read, whole, "{terms:?} in {text:?}");
            }
        }
    }
}
