//! The one Markdown renderer: preview, export and push all turn an article's body into HTML here.
//!
//! Raw HTML is allowed in the Markdown (editors paste it) but never reaches the output unsanitized:
//! everything comrak produces goes through ammonia, so no `<script>`, no `on*` attribute and no
//! `javascript:` URL survives.
//!
//! ## Captioned photos
//! A paragraph holding nothing but an image whose address is `photo:<id>` is a figure:
//!
//! ```markdown
//! ![江勇(右三)走访福建省福清市祥兴箱包厂](photo:0193a1c2-…)
//! ```
//!
//! It renders as `<figure class="photo"><img …><figcaption>caption <span class="credit">陈鋆摄</span></figcaption></figure>`,
//! the credit exactly as written. The caption, credit and renditions come from a [`PhotoResolver`]
//! given by the caller, so this module reads no database: preview, export and push each resolve
//! photos their own way. The bracketed text is the alt text when the photo has none of its own.

use std::collections::HashSet;
use std::sync::LazyLock;

use comrak::arena_tree::NodeEdge;
use comrak::nodes::{NodeHtmlBlock, NodeValue};
use comrak::{Arena, Options, format_html, parse_document};

/// The address scheme that names a photo of the store by its id.
pub const PHOTO_SCHEME: &str = "photo:";

/// A photo as one page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResolvedPhoto {
    pub src: String,
    /// `url 800w, url 1600w`, when there are several renditions.
    pub srcset: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
    pub caption: String,
    /// As written on the page, e.g. 陈鋆摄.
    pub credit: Option<String>,
}

/// Finds a photo by the id a figure names.
pub trait PhotoResolver {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto>;

    /// The class of a figure's element: `photo` on Newsdesk's own pages; a WordPress portal's
    /// resolver says `wp-block-image`, the class its editor and themes style.
    fn figure_class(&self) -> &'static str {
        "photo"
    }
}

/// The figure classes a resolver may ask for (the sanitizer lets these through).
pub const FIGURE_CLASSES: [&str; 2] = ["photo", "wp-block-image"];

impl<T: PhotoResolver + ?Sized> PhotoResolver for &T {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto> {
        (**self).resolve(id)
    }

    fn figure_class(&self) -> &'static str {
        (**self).figure_class()
    }
}

/// For callers without a photo store: figures render their alt text as a placeholder caption.
pub struct NoPhotos;

impl PhotoResolver for NoPhotos {
    fn resolve(&self, _id: &str) -> Option<ResolvedPhoto> {
        None
    }
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = false;
    // Raw HTML is kept here and cleaned by ammonia below, which is stricter than comrak's filter.
    o.render.r#unsafe = true;
    o
}

/// Address schemes a page may link or load; everything else (javascript:, data:, …) is dropped.
const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether a URL is relative or uses an allowed scheme, read the way browsers read it
/// (ASCII white space and control characters inside the scheme are ignored).
fn is_safe_url(url: &str) -> bool {
    let folded: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match folded.find([':', '/', '?', '#']) {
        Some(i) if folded[i..].starts_with(':') => URL_SCHEMES.contains(&&folded[..i]),
        _ => true,
    }
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // Players a portal's posts embed (a video site's iframe, a <video>): pulled posts carry them,
    // and a page without them would lose them on the portal at the next push. Their addresses
    // pass the same scheme check as links; a frame is always sandboxed (its player may run in
    // its own origin, never navigate the page or submit forms) and never carries srcdoc.
    b.add_tags(["iframe", "video", "audio", "source"])
        .add_tag_attributes(
            "iframe",
            [
                "src",
                "width",
                "height",
                "title",
                "allowfullscreen",
                "frameborder",
                "loading",
            ],
        )
        .set_tag_attribute_value(
            "iframe",
            "sandbox",
            "allow-scripts allow-same-origin allow-presentation",
        )
        .set_tag_attribute_value("iframe", "referrerpolicy", "no-referrer")
        .add_tag_attributes(
            "video",
            ["src", "controls", "poster", "width", "height", "preload", "playsinline"],
        )
        .add_tag_attributes("audio", ["src", "controls", "preload"])
        .add_tag_attributes("source", ["src", "type"]);
    b.add_tag_attributes("img", ["width", "height", "srcset", "sizes", "loading", "decoding"])
        .add_allowed_classes(
            "figure",
            [
                "photo",
                "photo-missing",
                "wp-block-image",
                "wp-block-embed",
                "wp-block-table",
                "wp-block-video",
            ],
        )
        .add_allowed_classes("span", ["credit"])
        .add_tag_attributes("figure", ["data-photo"])
        .url_schemes(HashSet::from(URL_SCHEMES))
        // ammonia checks the schemes of href and src itself, but not of srcset and cite.
        .attribute_filter(|_element, attribute, value| match attribute {
            "srcset" => value
                .split(',')
                .all(|candidate| is_safe_url(candidate.split_whitespace().next().unwrap_or("")))
                .then_some(value.into()),
            "cite" | "poster" => is_safe_url(value).then_some(value.into()),
            _ => Some(value.into()),
        });
    b
});

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text).expect("writing into a String cannot fail");
    out
}

/// [`escape`] into any writer, without a String in between: pages write many values this way.
pub fn escape_into(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    // Every character that needs escaping is ASCII, so a byte scan never splits a character.
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[plain..i])?;
        out.write_str(entity)?;
        plain = i + 1;
    }
    out.write_str(&text[plain..])
}

fn figure_html(id: &str, alt_text: &str, photo: Option<ResolvedPhoto>, class: &str) -> String {
    let Some(p) = photo else {
        return format!(
            "<figure class=\"photo-missing\" data-photo=\"{}\"><figcaption>{}</figcaption></figure>\n",
            escape(id),
            escape(alt_text)
        );
    };
    let alt = if p.alt.trim().is_empty() { alt_text } else { &p.alt };
    let mut img = format!("<img src=\"{}\" alt=\"{}\"", escape(&p.src), escape(alt));
    if let Some(srcset) = &p.srcset {
        img.push_str(&format!(
            " srcset=\"{}\" sizes=\"(max-width: 800px) 100vw, 800px\"",
            escape(srcset)
        ));
    }
    if let (Some(w), Some(h)) = (p.width, p.height) {
        img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    img.push_str(" loading=\"lazy\">");
    let mut caption = escape(&p.caption);
    if let Some(credit) = p.credit.as_deref().filter(|c| !c.trim().is_empty()) {
        if !caption.is_empty() {
            caption.push(' ');
        }
        caption.push_str(&format!("<span class=\"credit\">{}</span>", escape(credit)));
    }
    let class = if FIGURE_CLASSES.contains(&class) {
        class
    } else {
        "photo"
    };
    format!("<figure class=\"{class}\">{img}<figcaption>{caption}</figcaption></figure>\n")
}

/// The text inside an inline node, for an image's alt text.
fn plain_text<'a>(node: &'a comrak::nodes::AstNode<'a>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match &d.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// 字数 as a reader counts it: the visible characters of the rendered text, without white space,
/// Markdown markup, link targets or photo references (a figure's alt text is not shown either).
pub fn visible_chars(markdown: &str) -> usize {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options());
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let mut n = 0;
    // Images open and not yet closed, counted on the way in and out: asking each node for its
    // ancestors instead costs the square of the depth (minutes for a body of 50,000 `>`).
    let mut images = 0usize;
    for edge in root.traverse() {
        match edge {
            NodeEdge::Start(d) => match &d.data().value {
                NodeValue::Image(_) => images += 1,
                NodeValue::Text(t) if images == 0 => n += count(t),
                NodeValue::Code(c) => n += count(&c.literal),
                NodeValue::CodeBlock(c) => n += count(&c.literal),
                _ => {}
            },
            NodeEdge::End(d) => {
                if matches!(d.data().value, NodeValue::Image(_)) {
                    images -= 1;
                }
            }
        }
    }
    n
}

/// Turns Markdown into sanitized HTML, photos resolved by `photos`.
pub fn markdown_to_html(markdown: &str, photos: &dyn PhotoResolver) -> String {
    let arena = Arena::new();
    let options = options();
    let root = parse_document(&arena, markdown, &options);

    // Replace photo-only paragraphs with their figures before formatting.
    let paragraphs: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .collect();
    for para in paragraphs {
        let mut children = para.children().filter(|c| match &c.data().value {
            NodeValue::Text(t) => !t.trim().is_empty(),
            NodeValue::SoftBreak | NodeValue::LineBreak => false,
            _ => true,
        });
        let (Some(only), None) = (children.next(), children.next()) else {
            continue;
        };
        let id = match &only.data().value {
            NodeValue::Image(link) => link.url.strip_prefix(PHOTO_SCHEME).map(|s| s.trim().to_string()),
            _ => None,
        };
        let Some(id) = id else { continue };
        let html = figure_html(&id, &plain_text(only), photos.resolve(&id), photos.figure_class());
        let figure = arena.alloc(
            NodeValue::HtmlBlock(NodeHtmlBlock {
                block_type: 6,
                literal: html,
            })
            .into(),
        );
        para.insert_before(figure);
        para.detach();
    }

    let mut html = String::new();
    format_html(root, &options, &mut html).expect("formatting into a String cannot fail");
    SANITIZER.clean(&crate::nesting::cap_nesting(&html)).to_string()
}
