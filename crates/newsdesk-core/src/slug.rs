//! URL slugs from titles: pinyin for Chinese, read word by word so that polyphones come out
//! as people say them (重庆 → chong-qing, 银行 → yin-hang).

use crate::error::{Invalid, Result};

/// Slugs longer than this are cut at a word boundary: URLs stay readable and fit in
/// the portal's database columns.
pub const MAX_LEN: usize = 60;

/// Characters that portals use as separators in titles and that must not be read aloud.
fn is_separator(c: char) -> bool {
    matches!(c, '丨' | '｜' | '|' | '·' | '・' | '—' | '－') || !(c.is_alphanumeric())
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
    let mut out = String::new();
    for word in spaced.split_whitespace() {
        let py = pinyin::Pinyin::permalink(word);
        for part in py.split(|c: char| !c.is_ascii_alphanumeric()) {
            let part = part.to_ascii_lowercase();
            if part.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&part);
        }
    }
    let out = shorten(&out, MAX_LEN);
    if out.is_empty() { "article".to_string() } else { out }
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

/// Whether an editor's own slug is safe to use in a URL and a file name.
pub fn validate(slug: &str) -> Result<()> {
    let ok = !slug.is_empty()
        && slug.len() <= 200
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(Invalid::Slug(slug.to_string()).into())
    }
}
