//! Near copies: a repost whose title and body are, all but a few words, an article already in
//! the database (reworded title, tidied punctuation, a sentence cut) — found without reading
//! every article.
//!
//! A database holds 100,000 articles, so nothing here scans them. A few distinctive probes, runs
//! of [`PROBE_CHARS`] word characters spread over the repost's body, are each looked up in the
//! search index (a one-run term is answered by the index alone); the few articles they find are
//! read and compared with the repost by [`similarity`]: the Jaccard index of the two texts'
//! [`SHINGLE`]-character shingles. At [`THRESHOLD`] or above, the article is a near copy.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::article::{Article, ArticleId};
use crate::db::Db;
use crate::error::Result;
use crate::list::ArticleFilter;
use crate::search::fold::{fold, is_word};

/// Characters per shingle: four Chinese characters are about two words, short enough that a
/// changed word disturbs few shingles, long enough that unrelated texts share almost none.
pub const SHINGLE: usize = 4;

/// The share of all shingles of the two texts (title and body) they must have in common to be
/// near copies. The same text under a reworded title shares well over 90%; a sentence or two
/// changed, 70–90%; unrelated articles of one portal, even on one subject and sharing its set
/// phrases (深入学习贯彻党的二十大精神), under 10%. Half sits far from both.
pub const THRESHOLD: f32 = 0.5;

/// Probes looked up, at most: each is one index query of a few bigrams.
pub const PROBES: usize = 6;

/// Characters of one probe: a run this long is rarely shared by chance.
pub const PROBE_CHARS: usize = 8;

/// Articles each probe may name; the ones most probes name are compared first.
const HITS_PER_PROBE: u32 = 5;

/// Articles read and compared, at most.
const MAX_CANDIDATES: usize = 8;

/// Below this many word characters a body says too little to compare (a caption, a notice of
/// one line); the identical title still flags such a repost.
const MIN_CHARS: usize = 40;

/// An article the repost nearly copies, and how much of their text they share (0–1).
#[derive(Debug, Clone, PartialEq)]
pub struct NearCopy {
    pub id: ArticleId,
    pub title: String,
    pub similarity: f32,
}

/// The text compared, folded as search folds: Markdown's link and image addresses dropped (a
/// copy's figures point at the photo store, the page's at the web), each leaving a break.
fn folded_text(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        plain.push_str(&rest[..at]);
        plain.push(' ');
        rest = match rest[at..].find(')') {
            Some(end) => &rest[at + end + 1..],
            None => "",
        };
    }
    plain.push_str(rest);
    fold(&plain)
}

/// Word characters only: punctuation, spacing and full-width forms do not count.
fn comparable(text: &str) -> Vec<char> {
    folded_text(text).chars().filter(|c| is_word(*c)).collect()
}

/// The set of shingles of a title and body (hashed).
pub fn shingles(title: &str, body: &str) -> HashSet<u64> {
    let mut chars = comparable(title);
    // A character no text holds keeps shingles from spanning the title into the body.
    chars.push('\u{0}');
    chars.extend(comparable(body));
    chars
        .windows(SHINGLE)
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

/// The Jaccard index of two shingle sets: shared over all.
pub fn similarity(a: &HashSet<u64>, b: &HashSet<u64>) -> f32 {
    let shared = a.intersection(b).count();
    let all = a.len() + b.len() - shared;
    if all == 0 { 0.0 } else { shared as f32 / all as f32 }
}

/// The probes of a body: up to [`PROBES`] runs of [`PROBE_CHARS`] word characters, taken from
/// the middle of runs (between punctuation) spread evenly over the text. None for a body too
/// short to compare.
pub fn probes(body: &str) -> Vec<String> {
    let folded = folded_text(body);
    if folded.chars().filter(|c| is_word(*c)).count() < MIN_CHARS {
        return Vec::new();
    }
    let runs: Vec<Vec<char>> = folded
        .split(|c: char| !is_word(c))
        .map(|r| r.chars().collect::<Vec<char>>())
        .filter(|r| r.len() >= PROBE_CHARS)
        .collect();
    let step = (runs.len() as f32 / PROBES as f32).max(1.0);
    let mut out: Vec<String> = Vec::new();
    let mut at = 0.0f32;
    while (at as usize) < runs.len() && out.len() < PROBES {
        let run = &runs[at as usize];
        let start = (run.len() - PROBE_CHARS) / 2;
        let probe: String = run[start..start + PROBE_CHARS].iter().collect();
        if !out.contains(&probe) {
            out.push(probe);
        }
        at += step;
    }
    out
}

/// The live articles whose title and body the repost nearly copies, most similar first.
pub fn near_copies(db: &Db, title: &str, body: &str) -> Result<Vec<NearCopy>> {
    let probes = probes(body);
    if probes.is_empty() {
        return Ok(Vec::new());
    }
    // How many probes name each article: a copy is named by most, a shared phrase by one.
    let mut named: HashMap<ArticleId, usize> = HashMap::new();
    let mut order: Vec<ArticleId> = Vec::new();
    for probe in &probes {
        let filter = ArticleFilter {
            query: Some(format!("正文:{probe}")),
            limit: Some(HITS_PER_PROBE),
            ..ArticleFilter::default()
        };
        for hit in db.list_articles(&filter)?.items.items {
            let n = named.entry(hit.id).or_insert(0);
            if *n == 0 {
                order.push(hit.id);
            }
            *n += 1;
        }
    }
    order.sort_by_key(|id| std::cmp::Reverse(named[id]));
    let ours = shingles(title, body);
    let mut found = Vec::new();
    for id in order.into_iter().take(MAX_CANDIDATES) {
        let Ok(article) = db.article(id) else {
            // Trashed or damaged since the index answered: not a copy to point at.
            continue;
        };
        let s = similarity(&ours, &article_shingles(&article));
        if s >= THRESHOLD {
            found.push(NearCopy {
                id,
                title: article.title,
                similarity: s,
            });
        }
    }
    found.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    Ok(found)
}

fn article_shingles(article: &Article) -> HashSet<u64> {
    shingles(&article.title, &article.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_punctuation_and_script_do_not_count() {
        let a = shingles("标题", "江勇走访企业，共渡难关。\n\n![图](https://example.cn/a.jpg)");
        let b = shingles("標題", "江勇走訪企業,共渡難關.\n\n![图](photo:0190abcd)");
        assert_eq!(similarity(&a, &b), 1.0);
    }

    #[test]
    fn probes_come_from_long_runs_spread_over_the_body() {
        let body = "第一句话很长很长很长很长，短句。第二句话也很长很长很长很长很长。".repeat(3);
        let p = probes(&body);
        assert!(!p.is_empty() && p.len() <= PROBES);
        assert!(p.iter().all(|x| x.chars().count() == PROBE_CHARS));
        assert!(
            probes("太短了。").is_empty(),
            "a body too short to compare has no probes"
        );
    }
}
