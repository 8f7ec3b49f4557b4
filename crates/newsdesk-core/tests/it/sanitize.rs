//! Whatever an article's Markdown or the photo store hands the renderer, its HTML must be inert.
//!
//! Every line of `tests/fixtures/xss-vectors.txt` is one vector (blank lines are skipped). A line
//! spells a newline as the two characters `\n`, a tab as `\t`, a carriage return as `\r` and any
//! other byte below 0x80 as `\xHH`; no other backslash is touched, so Markdown escapes stay as they are.
//!
//! Each vector is rendered several ways (as the body, as the caption/credit/alt/src of a resolved
//! photo, as the bracketed alt of a missing photo, as a photo id) and the output is parsed again as
//! an HTML fragment, the way a browser would, and judged by its tree rather than by substrings.

use std::fmt::Write as _;

use newsdesk_core::render::{NoPhotos, PhotoResolver, ResolvedPhoto, markdown_to_html};
use scraper::{ElementRef, Html, Selector};

const VECTORS: &str = include_str!("../fixtures/xss-vectors.txt");

/// Elements that must never come out of the renderer, whatever their namespace.
const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "style", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form", "input",
    "button", "textarea", "select", "svg", "math", "template", "noscript", "isindex",
];

/// Attributes whose value is fetched or navigated to (by local name, lowercased).
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "poster",
    "background",
    "cite",
    "data",
    "dynsrc",
    "lowsrc",
    "longdesc",
    "ping",
    "codebase",
    "classid",
    "manifest",
    "icon",
    "usemap",
];

const BAD_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// `(line number, vector)` for every vector in the corpus, escapes undone.
fn vectors() -> Vec<(usize, String)> {
    VECTORS
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| (i + 1, unescape(line)))
        .collect()
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find('\\') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let (decoded, used) = match after.as_bytes() {
            [b'n', ..] => (Some('\n'), 1),
            [b't', ..] => (Some('\t'), 1),
            [b'r', ..] => (Some('\r'), 1),
            [b'x', h1, h2, ..] if h1.is_ascii_hexdigit() && h2.is_ascii_hexdigit() => {
                let byte = u8::from_str_radix(&after[1..3], 16).unwrap();
                (Some(char::from(byte)).filter(char::is_ascii), 3)
            }
            _ => (None, 0),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[used..];
            }
            None => {
                out.push('\\');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Lowercased, with ASCII whitespace and control characters removed anywhere (browsers strip them
/// at the ends and drop tabs and newlines inside a URL, so removing all of them is the strict reading).
fn normalize_url(value: &str) -> String {
    value
        .chars()
        .filter(|c| !(c.is_ascii_whitespace() || c.is_ascii_control()))
        .collect::<String>()
        .to_ascii_lowercase()
}

fn bad_url(value: &str) -> bool {
    let url = normalize_url(value);
    BAD_SCHEMES.iter().any(|s| url.starts_with(s))
}

/// What is unsafe in `html` once a browser parses it; empty when it is safe.
fn problems(html: &str) -> Vec<String> {
    let doc = Html::parse_fragment(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Some(el) = node.value().as_element() else {
            continue;
        };
        let name = el.name().to_ascii_lowercase();
        if FORBIDDEN_ELEMENTS.contains(&name.as_str()) {
            found.push(format!("element <{name}>"));
        }
        // A frame (an embedded player) is allowed only sandboxed to its own origin: no top
        // navigation, no forms, no popups, and no srcdoc (a document of ours in the frame).
        if name == "iframe" {
            let sandbox = el.attr("sandbox").unwrap_or("-");
            let tokens: Vec<&str> = sandbox.split_ascii_whitespace().collect();
            if sandbox == "-"
                || tokens
                    .iter()
                    .any(|t| t.contains("top-navigation") || *t == "allow-forms" || t.starts_with("allow-popups"))
            {
                found.push(format!("<iframe> sandbox={sandbox:?}"));
            }
            if el.attr("srcdoc").is_some() {
                found.push("<iframe> has srcdoc".into());
            }
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("<{name}> has event handler {attr}={value:?}"));
            }
            if attr == "style" {
                found.push(format!("<{name}> has style={value:?}"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && bad_url(value) {
                found.push(format!("<{name}> {attr}={value:?}"));
            }
            if attr == "srcset" || attr == "imagesrcset" {
                // Candidates are `url descriptor` separated by commas; check each url and the whole.
                if bad_url(value)
                    || value
                        .split(',')
                        .any(|c| bad_url(c.split_ascii_whitespace().next().unwrap_or("")))
                {
                    found.push(format!("<{name}> {attr}={value:?}"));
                }
            }
        }
    }
    found
}

/// A photo store whose every field is hostile text.
struct HostilePhotos(String);

impl PhotoResolver for HostilePhotos {
    fn resolve(&self, _id: &str) -> Option<ResolvedPhoto> {
        let v = self.0.clone();
        Some(ResolvedPhoto {
            src: v.clone(),
            srcset: Some(format!("{v} 800w, {v}")),
            width: Some(800),
            height: Some(600),
            alt: v.clone(),
            caption: v.clone(),
            credit: Some(v),
        })
    }
}

/// A well-behaved photo store.
struct OnePhoto;

impl PhotoResolver for OnePhoto {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto> {
        (id == "0193a1c2").then(|| ResolvedPhoto {
            src: "https://img.example/0193a1c2-800.jpg".into(),
            srcset: Some(
                "https://img.example/0193a1c2-800.jpg 800w, https://img.example/0193a1c2-1600.jpg 1600w".into(),
            ),
            width: Some(800),
            height: Some(533),
            alt: String::new(),
            caption: "江勇(右三)走访福建省福清市祥兴箱包厂".into(),
            credit: Some("陈鋆摄".into()),
        })
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn select_one<'a>(doc: &'a Html, s: &str) -> Option<ElementRef<'a>> {
    doc.select(&sel(s)).next()
}

#[test]
fn no_xss_vector_survives_rendering() {
    let vectors = vectors();
    assert!(vectors.len() >= 100, "the corpus holds only {} vectors", vectors.len());

    let figure = sel("figure.photo > img");
    let mut failures = String::new();
    let mut failed = 0;
    for (line, v) in &vectors {
        let hostile = HostilePhotos(v.clone());
        let renders = [
            ("body", markdown_to_html(v, &NoPhotos)),
            ("photo fields", markdown_to_html("![alt](photo:someid)", &hostile)),
            (
                "missing photo alt",
                markdown_to_html(&format!("![{v}](photo:someid)"), &NoPhotos),
            ),
            ("photo id", markdown_to_html(&format!("![x](photo:{v})"), &NoPhotos)),
        ];
        for (how, html) in &renders {
            let mut found = problems(html);
            if *how == "photo fields" && Html::parse_fragment(html).select(&figure).next().is_none() {
                found.push("the resolved photo did not render as figure.photo > img".into());
            }
            if !found.is_empty() {
                failed += 1;
                let _ = writeln!(
                    failures,
                    "line {line} ({how}): {v:?}\n  output: {html:?}\n  found: {}",
                    found.join("; ")
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{failed} unsafe renderings of {} vectors:\n{failures}",
        vectors.len()
    );
}

#[test]
fn ordinary_markdown_still_renders() {
    let doc = Html::parse_fragment(&markdown_to_html("**粗体**", &NoPhotos));
    assert_eq!(
        select_one(&doc, "strong")
            .map(|e| e.text().collect::<String>())
            .as_deref(),
        Some("粗体")
    );

    let doc = Html::parse_fragment(&markdown_to_html("[链接](https://example.com)", &NoPhotos));
    let a = select_one(&doc, "a").expect("the link is kept");
    assert_eq!(a.attr("href"), Some("https://example.com"));
    assert_eq!(a.text().collect::<String>(), "链接");

    let doc = Html::parse_fragment(&markdown_to_html("![说明](photo:nosuch)", &NoPhotos));
    let caption =
        select_one(&doc, "figure.photo-missing > figcaption").expect("a missing photo keeps its alt as caption");
    assert_eq!(caption.text().collect::<String>(), "说明");
}

#[test]
fn resolved_photo_renders_as_figure_with_exact_credit() {
    let html = markdown_to_html("前文\n\n![说明](photo:0193a1c2)\n\n后文", &OnePhoto);
    let doc = Html::parse_fragment(&html);
    let img = select_one(&doc, "figure.photo > img").unwrap_or_else(|| panic!("no figure.photo > img in {html}"));
    assert_eq!(img.attr("src"), Some("https://img.example/0193a1c2-800.jpg"));
    assert_eq!(
        img.attr("alt"),
        Some("说明"),
        "the bracketed text is the alt when the photo has none"
    );
    assert!(img.attr("srcset").is_some_and(|s| s.contains("1600w")), "{html}");
    let credit =
        select_one(&doc, "figure.photo > figcaption > span.credit").unwrap_or_else(|| panic!("no credit in {html}"));
    assert_eq!(credit.text().collect::<String>(), "陈鋆摄");
    let caption = select_one(&doc, "figure.photo > figcaption").unwrap();
    assert_eq!(
        caption.text().collect::<String>(),
        "江勇(右三)走访福建省福清市祥兴箱包厂 陈鋆摄"
    );
}

#[test]
fn hostile_photo_text_is_shown_as_text() {
    let v = "<img src=x onerror=alert(1)>";
    let html = markdown_to_html("![alt](photo:someid)", &HostilePhotos(v.into()));
    assert!(problems(&html).is_empty(), "{html}");
    let doc = Html::parse_fragment(&html);
    let credit =
        select_one(&doc, "figure.photo > figcaption > span.credit").unwrap_or_else(|| panic!("no credit in {html}"));
    assert_eq!(
        credit.text().collect::<String>(),
        v,
        "the credit is escaped, not dropped"
    );
    assert_eq!(
        select_one(&doc, "figure.photo > img").and_then(|i| i.attr("alt")),
        Some(v)
    );
}

#[test]
fn the_judge_catches_what_it_should() {
    // Guards the checker itself: each of these raw fragments must be flagged.
    for unsafe_html in [
        "<script>alert(1)</script>",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "<img src=x OnError=alert(1)>",
        "<a href=\"\u{1} JaVa&#x09;script:alert(1)\">x</a>",
        "<img srcset=\"a.png 1x, data:image/svg+xml,x 2x\">",
        "<p style=\"color:red\">x</p>",
        "<blockquote cite=\"vbscript:x\">x</blockquote>",
        "<math><mi>x</mi></math>",
    ] {
        assert!(!problems(unsafe_html).is_empty(), "not flagged: {unsafe_html}");
    }
    assert!(
        problems("<p><a href=\"https://example.com\">x</a><img src=\"media/1.jpg\" srcset=\"a.png 1x\"></p>")
            .is_empty(),
        "and a page's own links and relative photos are not"
    );
    assert_eq!(unescape(r#"a\nb\tc\x01d\\e\""#), "a\nb\tc\u{1}d\\\\e\\\"");
}

#[test]
fn only_web_addresses_survive() {
    // The desktop app's own schemes mean nothing on the portal, and in the app they would reach
    // local files: a pasted page must not keep them.
    for scheme in [
        "asset://localhost/%2Fetc%2Fpasswd",
        "newsdesk://article/1",
        "file:///etc/passwd",
    ] {
        let html = markdown_to_html(
            &format!("<a href=\"{scheme}\">链接</a> <img src=\"{scheme}\" alt=\"图\">\n\n[链接]({scheme})"),
            &NoPhotos,
        );
        let doc = Html::parse_fragment(&html);
        let kept: Vec<&str> = doc
            .select(&sel("[href], [src]"))
            .flat_map(|e| [e.attr("href"), e.attr("src")])
            .flatten()
            .collect();
        assert!(kept.is_empty(), "{scheme} is dropped from every link and image: {html}");
        assert!(html.contains("链接"), "the link's text stays: {html}");
    }
    let doc = Html::parse_fragment(&markdown_to_html(
        "[站内](../life/index.html) [外链](https://zunyi.example/a.html) [邮件](mailto:news@zunyi.example)",
        &NoPhotos,
    ));
    let hrefs: Vec<&str> = doc.select(&sel("a")).filter_map(|a| a.attr("href")).collect();
    assert_eq!(
        hrefs,
        [
            "../life/index.html",
            "https://zunyi.example/a.html",
            "mailto:news@zunyi.example"
        ],
        "relative, web and mail addresses are kept as written"
    );
}
