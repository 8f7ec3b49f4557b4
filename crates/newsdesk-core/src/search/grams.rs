//! The index's words: every folded word run cut into single characters and overlapping pairs.
//!
//! A term of one character is found by its unigram; a term of two by its bigram; a longer one
//! by the phrase of its bigrams, whose positions must follow each other. Runs are kept apart by
//! a break token, so a phrase never spans two runs, and each field group is its own column: a
//! term made of one run therefore matches exactly where a plain substring scan of the folded
//! text finds it. Grams are written as ASCII (`u4e1a`, `b5c31x4e1a`), so FTS5's own tokenizer
//! only splits on spaces and folds nothing of its own.

use std::fmt::Write;

use super::fold::is_word;

/// Between runs and fields: keeps bigram phrases from spanning them.
const BREAK: &str = "z";

fn unigram(out: &mut String, c: char) {
    let _ = write!(out, "u{:x} ", c as u32);
}

fn bigram(out: &mut String, a: char, b: char) {
    let _ = write!(out, "b{:x}x{:x} ", a as u32, b as u32);
}

/// The word runs of a folded text.
pub fn runs(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !is_word(c)).filter(|r| !r.is_empty())
}

/// The unigram and bigram columns of one field group, from its folded texts.
pub fn columns<'a>(folded_parts: impl IntoIterator<Item = &'a str>) -> (String, String) {
    let (mut uni, mut bi) = (String::new(), String::new());
    for part in folded_parts {
        for run in runs(part) {
            let mut prev = None;
            for c in run.chars() {
                unigram(&mut uni, c);
                if let Some(p) = prev {
                    bigram(&mut bi, p, c);
                }
                prev = Some(c);
            }
            bi.push_str(BREAK);
            bi.push(' ');
        }
    }
    (uni, bi)
}

/// The FTS5 expression that a folded run of word characters matches, in the given field groups.
pub fn run_expression(run: &str, groups: &[&str]) -> String {
    let chars: Vec<char> = run.chars().collect();
    let mut tokens = String::new();
    let suffix = if chars.len() == 1 {
        unigram(&mut tokens, chars[0]);
        "1"
    } else {
        for w in chars.windows(2) {
            bigram(&mut tokens, w[0], w[1]);
        }
        "2"
    };
    let cols: Vec<String> = groups.iter().map(|g| format!("{g}_{suffix}")).collect();
    format!("{{{}}} : \"{}\"", cols.join(" "), tokens.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_become_unigrams_and_bigrams_with_breaks() {
        let (uni, bi) = columns(["就业 ab"]);
        assert_eq!(uni.trim_end(), "u5c31 u4e1a u61 u62");
        assert_eq!(bi.trim_end(), "b5c31x4e1a z b61x62 z");
        assert_eq!(
            run_expression("就业局", &["title", "body"]),
            "{title_2 body_2} : \"b5c31x4e1a b4e1ax5c40\""
        );
        assert_eq!(run_expression("就", &["body"]), "{body_1} : \"u5c31\"");
    }
}
