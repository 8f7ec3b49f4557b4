//! Traditional → Simplified Chinese: the one table the core has, OpenCC's `TSCharacters` and
//! `TSPhrases` (Apache-2.0, copied into `chinese/` from OpenCC's data as the `ferrous-opencc`
//! crate ships it).
//!
//! Two uses, one table: [`to_simplified`] converts a text phrase by phrase (longest match first,
//! as OpenCC's `t2s` does), for a Traditional repost turned into a Simplified draft; and
//! [`fold_char`] maps one character to its first Simplified form, for search, where the same
//! character must fold the same way in the query and in every article whatever surrounds it.

use std::collections::HashMap;
use std::sync::LazyLock;

const CHARACTERS: &str = include_str!("chinese/TSCharacters.txt");
const PHRASES: &str = include_str!("chinese/TSPhrases.txt");

struct Table {
    /// Character → its first Simplified form, where that is one character.
    chars: HashMap<char, char>,
    /// Phrase (or character) → its Simplified form, for the phrase-level conversion.
    phrases: HashMap<&'static str, &'static str>,
    /// The longest key of `phrases`, in characters.
    longest: usize,
}

fn entries(text: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    // CRLF-tolerant, comments and blank lines skipped; the first of several values is the usual one.
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .filter_map(|(k, v)| v.split(' ').next().map(|first| (k, first)))
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut chars = HashMap::new();
    let mut phrases = HashMap::new();
    for (k, v) in entries(CHARACTERS) {
        let (mut kc, mut vc) = (k.chars(), v.chars());
        if let (Some(a), None, Some(b), None) = (kc.next(), kc.next(), vc.next(), vc.next()) {
            chars.insert(a, b);
        }
        phrases.insert(k, v);
    }
    for (k, v) in entries(PHRASES) {
        phrases.insert(k, v);
    }
    let longest = phrases.keys().map(|k| k.chars().count()).max().unwrap_or(1);
    Table {
        chars,
        phrases,
        longest,
    }
});

/// The character's Simplified form (itself when it has none or is already Simplified).
pub fn fold_char(c: char) -> char {
    // Below the CJK blocks nothing is Traditional: most text never reaches the table.
    if (c as u32) < 0x3400 {
        return c;
    }
    TABLE.chars.get(&c).copied().unwrap_or(c)
}

/// The text in Simplified characters, converted phrase by phrase (longest match first).
pub fn to_simplified(text: &str) -> String {
    let table = &*TABLE;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let start = chars[i].0;
        let mut matched = None;
        for len in (1..=table.longest.min(chars.len() - i)).rev() {
            let end = chars.get(i + len).map_or(text.len(), |&(b, _)| b);
            if let Some(v) = table.phrases.get(&text[start..end]) {
                matched = Some((len, *v));
                break;
            }
        }
        match matched {
            Some((len, v)) => {
                out.push_str(v);
                i += len;
            }
            None => {
                out.push(chars[i].1);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_and_phrases_become_simplified() {
        assert_eq!(to_simplified("遵義市就業局發佈"), "遵义市就业局发布");
        assert_eq!(fold_char('業'), '业');
        assert_eq!(fold_char('业'), '业', "a Simplified character stays");
        assert_eq!(fold_char('a'), 'a');
    }

    #[test]
    fn phrases_win_over_characters() {
        // 乾 alone is 干 (dry), but 乾元 keeps its 乾: the phrase table says so.
        assert_eq!(fold_char('乾'), '干');
        assert_eq!(to_simplified("乾元"), "乾元");
        assert_eq!(to_simplified("乾乾淨淨"), "干干净净");
    }
}
