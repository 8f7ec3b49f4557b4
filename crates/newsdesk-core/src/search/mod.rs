//! Search over every article, offline, correct for Chinese: a query matches an article when each
//! of its terms occurs in it after folding (NFKC, case, width, Traditional → Simplified) — the
//! same answer a plain substring scan gives, from an index fast at a decade of articles.
//!
//! The index (`db/search.rs`, an FTS5 table) holds each article's folded field groups cut into
//! single characters and overlapping pairs ([`grams`]); a term of one word run is answered by the
//! index exactly, anything else (a phrase with a space, a term with punctuation) is narrowed by
//! the index and checked against the text. Ranking: title hits first, then BM25, then recency.
//! Counting and BM25 cost a lookup per hit, so up to [`COUNT_EXACTLY_UP_TO`] hits the counts are
//! exact and BM25 ranks; past that, the counts are lower bounds (the page says so) and the hits
//! come newest first, straight from the index, which hands them over in that order and stops at
//! the page: a search's work is its page's, not its hits'. (Title hits first would need every
//! title hit found before the first page; for a phrase of common words that is most of the index.)

pub mod fold;
pub mod grams;
pub mod query;
pub mod snippet;

pub use query::{Field, FoldedArticle, SearchQuery, Term};
pub use snippet::SnippetPart;

use crate::article::Article;

/// Up to this many hits a query's counts are exact and its hits ranked by BM25 (after title
/// hits); past it the counts stop there (lower bounds) and the hits come newest first. Each
/// counted hit costs a lookup of its row and, for a phrase of common words, FTS5's walk back
/// through their long lists: at 200 a phrase took 1.35 ms (p50, 100,000 articles), at 100
/// 0.7–0.9 ms, so this many keep every search within a millisecond. A list of more than a
/// hundred hits is read newest first anyway.
pub const COUNT_EXACTLY_UP_TO: usize = 100;

/// An article's field groups as the index and the plain scan see them, folded. Captions are the
/// article's photos' captions and credits.
pub fn folded_article(article: &Article, captions: &[String]) -> FoldedArticle {
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| fold::fold(p))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let keywords = article.keywords.join("\n");
    let mut body: Vec<&str> = vec![&article.body, article.summary.as_deref().unwrap_or(""), &keywords];
    body.extend(captions.iter().map(String::as_str));
    FoldedArticle {
        groups: [
            join(&[
                &article.title,
                article.kicker.as_deref().unwrap_or(""),
                article.subtitle.as_deref().unwrap_or(""),
            ]),
            join(&body),
            join(&[article.source.name.as_deref().unwrap_or("")]),
            join(&[article.source.author.as_deref().unwrap_or("")]),
            join(&[article.editor.as_deref().unwrap_or("")]),
        ],
    }
}
