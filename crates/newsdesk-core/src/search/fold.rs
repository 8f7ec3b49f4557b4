//! Folding text for search: compatibility forms (NFKC: full-width letters and digits, ligatures),
//! case, and Traditional characters to Simplified — one character at a time, so that a folded
//! position maps back to the original character it came from (snippets highlight the original).

use unicode_normalization::UnicodeNormalization;

use crate::chinese::fold_char;

/// Which characters of the Basic Multilingual Plane folding leaves as they are, a bit each:
/// folding an article for a snippet then costs a bit test per character instead of a table
/// lookup (most of a Chinese text is already folded).
static UNCHANGED: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut out = String::new();
    for n in 0..0x10000u32 {
        if let Some(c) = char::from_u32(n) {
            out.clear();
            fold_slow(c, &mut out);
            if out.len() == c.len_utf8() && out.starts_with(c) {
                bits[n as usize / 64] |= 1 << (n % 64);
            }
        }
    }
    bits
});

/// Whether folding leaves `c` as it is.
fn unchanged(c: char) -> bool {
    let n = c as usize;
    n < 0x10000 && UNCHANGED[n / 64] & (1 << (n % 64)) != 0
}

/// Appends the folded form of `c` to `out`.
fn fold_one(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if unchanged(c) {
        out.push(c);
    } else {
        fold_slow(c, out);
    }
}

/// [`fold_one`] without the table of unchanged characters (which it builds).
fn fold_slow(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        // The common CJK block: NFKC and case leave it alone.
        out.push(fold_char(c));
    } else {
        for n in std::iter::once(c).nfkc() {
            for l in n.to_lowercase() {
                out.push(fold_char(l));
            }
        }
    }
}

/// The folded text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_one(c, &mut out);
    }
    out
}

/// The folded text and, for each of its bytes, the byte offset in `text` of the character it
/// came from (with one extra entry for the end).
pub fn fold_mapped(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let before = out.len();
        fold_one(c, &mut out);
        from.extend(std::iter::repeat_n(i, out.len() - before));
    }
    from.push(text.len());
    (out, from)
}

/// Whether folding leaves `text` as it is: a plain search of it is then a search of its
/// folded form.
pub fn is_folded(text: &str) -> bool {
    text.chars().all(|c| {
        if c.is_ascii() {
            !c.is_ascii_uppercase()
        } else {
            unchanged(c)
        }
    })
}

/// Whether a folded character belongs to a word (a run the index cuts into grams).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_case_and_traditional_fold_together() {
        assert_eq!(fold("ＣＯＶＩＤ－１９ 就業"), "covid-19 就业");
        assert_eq!(fold("ABC"), "abc");
        let (folded, from) = fold_mapped("Ａ業b");
        assert_eq!(folded, "a业b");
        assert_eq!(from[0], 0, "a comes from Ａ");
        assert_eq!(from["a".len()], "Ａ".len(), "业 comes from 業");
        assert!(is_folded("就业局,covid-19。") && !is_folded("就業") && !is_folded("Covid"));
        assert!(!is_folded("，"), "full-width punctuation folds (NFKC)");
    }
}
