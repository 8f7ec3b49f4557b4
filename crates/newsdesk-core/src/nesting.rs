//! How deeply HTML may nest before a parser builds a tree of it: the cap every HTML parse of
//! ours goes through (the sanitizer after rendering, and the extract crate's readers).
//!
//! An HTML parser checks the open elements at each tag, so a page of 50,000 nested `<div>`s (or a
//! body of 50,000 `>`) takes minutes, and the tree walkers that follow run out of stack. Browsers
//! cap the depth for the same reason (WebKit at 512 elements). No article nests anywhere near
//! [`MAX_NESTING`]; what lies deeper keeps its text, one level up, without the extra tags.

use std::borrow::Cow;

/// The deepest nesting of elements, counting only those that can hold their own kind (`<div>`,
/// `<blockquote>`, `<ul>`, `<table>`, `<b>`…). A list level is two elements once parsed and a
/// table level four, and the extract crate's walkers recurse once per element: 100 stays within
/// a thread's 2 MiB stack even in a debug build.
pub const MAX_NESTING: usize = 100;

/// `html` with every start tag deeper than [`MAX_NESTING`] left out, and its end tag with it.
/// Borrowed, untouched, when nothing is that deep (every real page).
pub fn cap_nesting(html: &str) -> Cow<'_, str> {
    cap_at(html, MAX_NESTING)
}

fn cap_at(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    // Start tags left out and not yet matched by an end tag, which is left out too.
    let mut dropped = 0usize;
    let mut out = String::new();
    // How much of `html` is in `out` (once something was left out).
    let mut copied = 0usize;
    let mut at = 0usize;
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let (tag, end) = read_tag(bytes, start);
        at = end;
        let leave_out = match tag {
            Tag::Start { name, closed } if holds_its_kind(name) && !closed => {
                if is_raw_text(name) {
                    at = raw_text_end(bytes, end, name);
                    false
                } else if depth >= max {
                    dropped += 1;
                    true
                } else {
                    depth += 1;
                    false
                }
            }
            Tag::End { name } if holds_its_kind(name) => {
                if dropped > 0 {
                    dropped -= 1;
                    true
                } else {
                    depth = depth.saturating_sub(1);
                    false
                }
            }
            _ => false,
        };
        if leave_out {
            out.push_str(&html[copied..start]);
            copied = end;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// A tag as the cap reads it, its name as written (any case), borrowed from the page.
enum Tag<'a> {
    Start {
        name: &'a [u8],
        closed: bool,
    },
    End {
        name: &'a [u8],
    },
    /// A comment, a doctype, a processing instruction, or a `<` that is only text.
    Other,
}

/// The tag at `start` (a `<`) and where it ends, as an HTML tokenizer would read it: quoted
/// attribute values may hold `>`.
fn read_tag(bytes: &[u8], start: usize) -> (Tag<'_>, usize) {
    let rest = &bytes[start..];
    if rest.starts_with(b"<!--") {
        let end = memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |i| start + 4 + i + 3);
        return (Tag::Other, end);
    }
    let (is_end, name_at) = match rest.get(1) {
        Some(b'/') => (true, 2),
        Some(c) if c.is_ascii_alphabetic() => (false, 1),
        Some(b'!' | b'?') => {
            let end = memchr::memchr(b'>', rest).map_or(bytes.len(), |i| start + i + 1);
            return (Tag::Other, end);
        }
        _ => return (Tag::Other, start + 1),
    };
    if !rest.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
        return (Tag::Other, start + 1);
    }
    let name_len = rest[name_at..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        .unwrap_or(rest.len() - name_at);
    let name = &rest[name_at..name_at + name_len];
    let mut i = name_at + name_len;
    let mut quote = None;
    let mut after_equals = false;
    while let Some(&c) = rest.get(i) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'>' => break,
            None if after_equals && matches!(c, b'"' | b'\'') => quote = Some(c),
            None => {}
        }
        if quote.is_none() && !c.is_ascii_whitespace() {
            after_equals = c == b'=';
        }
        i += 1;
    }
    let end = (start + i + 1).min(bytes.len());
    let closed = i > 0 && rest.get(i - 1) == Some(&b'/');
    let tag = if is_end {
        Tag::End { name }
    } else {
        Tag::Start { name, closed }
    };
    (tag, end)
}

/// Elements that can contain another of their kind once parsed. Void elements hold nothing, and
/// those whose end tag may be left out (`<p>`, `<li>`, `<td>`…) are closed by the next of their
/// kind, so a thousand of them in a row are siblings, not a thousand levels.
fn holds_its_kind(name: &[u8]) -> bool {
    const ONE_LEVEL: &[&str] = &[
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link",
        "meta", "param", "source", "track", "wbr", "html", "head", "body", "p", "li", "dt", "dd", "tr", "td", "th",
        "thead", "tbody", "tfoot", "colgroup", "caption", "option", "optgroup", "rb", "rt", "rtc", "rp",
    ];
    !ONE_LEVEL.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// Elements whose content is text to the parser: a `<div>` inside a script is not an element.
fn is_raw_text(name: &[u8]) -> bool {
    const RAW_TEXT: &[&str] = &[
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "plaintext",
    ];
    RAW_TEXT.iter().any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// Where a raw-text element's content ends: at its end tag (any case), or at the end of the text.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"</") {
        let start = at + found;
        if bytes[start + 2..]
            .get(..name.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(name))
        {
            return start;
        }
        at = start + 2;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(tag: &str, n: usize, inner: &str) -> String {
        format!(
            "{}{inner}{}",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        )
    }

    #[test]
    fn a_page_within_the_cap_is_borrowed_untouched() {
        let page = format!(
            "<!doctype html><html><body><!-- <div><div> --><script>if (a<b) '<div>'</script>{}{}</body></html>",
            nested("div", 3, "<p>一<p>二<br><img src='a>b.jpg'>"),
            "<ul><li>一<li>二</ul>".repeat(500)
        );
        assert!(
            matches!(cap_at(&page, 3), Cow::Borrowed(_)),
            "comments, scripts, quoted `>`, void and optional-end elements are not levels"
        );
    }

    #[test]
    fn deeper_tags_are_left_out_and_the_text_kept() {
        let deep = nested("div", 6, "深<b>处</b>");
        assert_eq!(
            cap_at(&deep, 2),
            "<div><div>深处</div></div>",
            "the tags below level 2 are gone, the text stays"
        );
        assert_eq!(
            cap_at("<div><div><div>一</div>二</div>三</div>四", 1),
            "<div>一二三</div>四",
            "each end tag goes with its start tag"
        );
    }

    #[test]
    fn a_huge_nesting_is_capped_in_one_pass() {
        let page = nested("blockquote", 50_000, "深");
        let capped = cap_nesting(&page);
        assert_eq!(capped.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(
            capped.matches("</blockquote>").count(),
            MAX_NESTING,
            "the output stays balanced"
        );
        assert!(capped.contains('深'));
    }
}
