//! Search over every article, offline, correct for Chinese: a query matches an article when each
//! of its terms occurs in it after folding (NFKC, case, width, Traditional → Simplified) — the
//! same answer a plain substring scan gives, from an index fast at a decade of articles.
//!
//! The index (`db/search.rs`, an FTS5 table) holds each article's folded field groups cut into
//! single characters and overlapping pairs ([`grams`]); a term of one word run is answered by the
//! index exactly, anything else (a phrase with a space, a term with punctuation) is narrowed by
//! the index and checked against the text. Ranking: title hits first, then BM25, then recency.
//! BM25 costs a lookup per hit, so it ranks up to [`RANK_BY_RELEVANCE_UP_TO`] hits; past that,
//! title hits come first and then the newest; past [`CHEAP_RANKING_ABOVE`], the newest first,
//! straight from the index, which hands its hits over newest first and stops at the page.

pub mod fold;
pub mod grams;
pub mod query;
pub mod snippet;

pub use query::{Field, FoldedArticle, SearchQuery, Term};
pub use snippet::SnippetPart;

use crate::article::Article;

/// Up to this many hits a query is ranked by BM25 (after title hits).
pub const RANK_BY_RELEVANCE_UP_TO: usize = 300;

/// Above this many hits a query is ranked by recency alone.
pub const CHEAP_RANKING_ABOVE: usize = 20_000;

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
