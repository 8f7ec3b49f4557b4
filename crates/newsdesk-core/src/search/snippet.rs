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
}
