//! URL slugs from titles: pinyin for Chinese, read word by word so that polyphones come out
//! as people say them (重庆 → chong-qing, 银行 → yin-hang).
//!
//! The readings are a table compiled in as sorted text (`pinyin/readings.txt`, made by
//! `pinyin/make.py` from mozillazg's pinyin-data and phrase-pinyin-data) and binary-searched
//! where it lies: nothing is loaded or allocated up front, and the app's memory carries only the
//! pages a lookup touched. The dictionary that pinyin-converter loads into hash maps cost each
//! `newsdesk article new` 0.7 s and 140 MB.

use crate::error::{Invalid, Result};

/// Slugs longer than this are cut at a word boundary: URLs stay readable and fit in
/// the portal's database columns.
pub const MAX_LEN: usize = 60;

/// `KEY\tREADING` lines sorted by bytes: every character with its first reading, every word of
/// the dictionary with its reading, left empty where it is its characters' readings.
static READINGS: &str = include_str!("../pinyin/readings.txt");

/// Characters that portals use as separators in titles and that must not be read aloud.
fn is_separator(c: char) -> bool {
    matches!(c, '丨' | '｜' | '|' | '·' | '・' | '—' | '－') || !(c.is_alphanumeric())
}

/// What the table says about a key: its reading when it is in the table, and whether
/// a longer key starts with it (so that a longer match is still worth trying).
struct Lookup {
    reading: Option<&'static str>,
    longer: bool,
}

/// The table's line that starts at `start`, split into key and reading.
fn line(start: usize) -> (&'static [u8], &'static str, usize) {
    let bytes = READINGS.as_bytes();
    let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
    let text = &READINGS[start..end];
    let (key, reading) = text.split_once('\t').unwrap_or((text, ""));
    (key.as_bytes(), reading, end + 1)
}

fn lookup(key: &str) -> Lookup {
    let bytes = READINGS.as_bytes();
    let key = key.as_bytes();
    // The first line whose key is not less than `key`: `lo` is always a line's start.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let start = memchr::memrchr(b'\n', &bytes[lo..mid]).map_or(lo, |i| lo + i + 1);
        let (k, _, next) = line(start);
        if k < key {
            lo = next;
        } else {
            hi = start;
        }
    }
    if lo >= bytes.len() {
        return Lookup {
            reading: None,
            longer: false,
        };
    }
    let (k, reading, next) = line(lo);
    if k == key {
        // Keys that extend this one sort right after it.
        let longer = next < bytes.len() && line(next).0.starts_with(key);
        Lookup {
            reading: Some(reading),
            longer,
        }
    } else {
        Lookup {
            reading: None,
            longer: k.starts_with(key),
        }
    }
}

/// Pushes `c` as a slug spells it: ASCII letters and digits in lower case, a Latin letter
/// without its accent (Café → cafe, Pokémon → pokemon), pinyin typed with tone marks as slugs
/// write it (lǜ → lv); anything else is left out.
fn fold(c: char, out: &mut String) {
    const FOLDED: [(&str, &str); 27] = [
        ("àáâãäåāǎ", "a"),
        ("ÀÁÂÃÄÅĀǍ", "a"),
        ("æ", "ae"),
        ("Æ", "ae"),
        ("çćč", "c"),
        ("ÇĆČ", "c"),
        ("èéêëēěę", "e"),
        ("ÈÉÊËĒĚĘ", "e"),
        ("ìíîïīǐ", "i"),
        ("ÌÍÎÏĪǏ", "i"),
        ("ñńňǹ", "n"),
        ("ÑŃŇǸ", "n"),
        ("òóôõöøōǒ", "o"),
        ("ÒÓÔÕÖØŌǑ", "o"),
        ("œ", "oe"),
        ("Œ", "oe"),
        ("ùúûūǔ", "u"),
        ("ÙÚÛŪǓ", "u"),
        ("üǖǘǚǜ", "v"),
        ("ÜǕǗǙǛ", "v"),
        ("ýÿ", "y"),
        ("ÝŸ", "y"),
        ("ß", "ss"),
        ("śš", "s"),
        ("ŚŠ", "s"),
        ("źżž", "z"),
        ("ŹŻŽ", "z"),
    ];
    if c.is_ascii_alphanumeric() {
        out.push(c.to_ascii_lowercase());
    } else if let Some((_, to)) = FOLDED.iter().find(|(from, _)| from.contains(c)) {
        out.push_str(to);
    }
}

/// Pushes the syllables of one run of title text (no separators in it) onto `out`.
fn read_run(run: &str, out: &mut Vec<String>) {
    let bounds: Vec<usize> = run.char_indices().map(|(i, _)| i).chain([run.len()]).collect();
    let chars = bounds.len() - 1;
    // Letters and digits between Chinese words stay together as one part (iPhone, GDP, 2024).
    let mut other = String::new();
    let flush = |other: &mut String, out: &mut Vec<String>| {
        let mut part = String::new();
        for c in other.chars() {
            fold(c, &mut part);
        }
        if !part.is_empty() {
            out.push(part);
        }
        other.clear();
    };
    let mut i = 0;
    while i < chars {
        // Leftmost longest match: the longest key of the table that starts here.
        let mut best = None;
        let mut len = 1;
        while i + len <= chars {
            let found = lookup(&run[bounds[i]..bounds[i + len]]);
            if let Some(reading) = found.reading {
                best = Some((len, reading));
            }
            if !found.longer {
                break;
            }
            len += 1;
        }
        let Some((len, reading)) = best else {
            other.push_str(&run[bounds[i]..bounds[i + 1]]);
            i += 1;
            continue;
        };
        flush(&mut other, out);
        if reading.is_empty() {
            for c in 0..len {
                let one = lookup(&run[bounds[i + c]..bounds[i + c + 1]]);
                out.extend(one.reading.filter(|r| !r.is_empty()).map(str::to_string));
            }
        } else {
            out.extend(reading.split(' ').map(str::to_string));
        }
        i += len;
    }
    flush(&mut other, out);
}

/// The slug a title would get, before it is made unique.
pub fn from_title(title: &str) -> String {
    let spaced: String = title
        .chars()
        // Full-width Latin letters and digits (Ｆｕｌｌ, １２) are what Chinese IMEs often type.
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .map(|c| if is_separator(c) { ' ' } else { c })
        .collect();
    let mut parts = Vec::new();
    for run in spaced.split_whitespace() {
        read_run(run, &mut parts);
    }
    let out = shorten(&parts.join("-"), MAX_LEN);
    if out.is_empty() {
        "article".to_string()
    } else if crate::paths::is_windows_device(&out) {
        // `con.html` cannot be written on Windows: the exported page needs another name.
        numbered(&out, 1)
    } else {
        out
    }
}

/// Cuts at the last hyphen that keeps the slug within `max`, so no syllable is split.
fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    match slug[..=max].rfind('-') {
        Some(i) if i > 0 => slug[..i].to_string(),
        _ => slug[..max].trim_end_matches('-').to_string(),
    }
}

/// `base` with a number that tells it apart from clashing slugs, still within the cap.
pub fn numbered(base: &str, n: u32) -> String {
    let suffix = format!("-{n}");
    format!("{}{suffix}", shorten(base, MAX_LEN - suffix.len()))
}

/// The longest slug an editor may give: it names the exported page's file, and a file name
/// with its folder must stay within what every system writes.
pub const MAX_OWN_LEN: usize = 200;

/// Whether an editor's own slug is safe to use in a URL and a file name. Each way of failing
/// says its own reason: a long slug of good letters is not told to use other letters.
pub fn validate(slug: &str) -> Result<()> {
    let letters = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !letters {
        return Err(Invalid::Slug(slug.to_string()).into());
    }
    if slug.len() > MAX_OWN_LEN {
        return Err(Invalid::SlugTooLong {
            chars: slug.len(),
            limit: MAX_OWN_LEN,
        }
        .into());
    }
    // The slug names the exported page's file, which Windows refuses for its device names.
    if crate::paths::is_windows_device(slug) {
        return Err(Invalid::SlugReserved(slug.to_string()).into());
    }
    Ok(())
}

/// What an invalid slug could be instead (`Bad Slug!` → `bad-slug`), when one is near at hand:
/// ASCII lowercased, every other run of characters made one hyphen.
pub fn suggestion(slug: &str) -> Option<String> {
    // A path (an export's own check) is not a slug mistyped.
    if slug.contains(['/', '\\']) {
        return None;
    }
    let lower = slug.to_ascii_lowercase();
    let joined = lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let near = shorten(&joined, MAX_OWN_LEN);
    (near != slug && validate(&near).is_ok()).then_some(near)
}
