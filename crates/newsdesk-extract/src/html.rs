//! HTML (a saved page, or the clipboard's `text/html` from a browser, Word or WeChat) to the
//! page's blocks in reading order, with html5ever (through scraper) doing the parsing.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};

/// One block of a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// A heading tag, or a paragraph that is all bold and short (how portals mark subheads).
    Heading(String),
    Image {
        src: String,
        alt: String,
    },
    /// A `<figcaption>`: a caption even without a credit.
    Caption(String),
}

/// What the page's head says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    pub title: Option<String>,
    pub og_title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub h1: Vec<String>,
}

const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "select", "button", "svg", "canvas", "head", "input",
    "textarea", "object", "video", "audio",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "blockquote",
    "figure",
    "center",
    "pre",
    "address",
    "form",
    "body",
    "html",
];
const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

struct Walker {
    blocks: Vec<Block>,
    line: String,
    /// The current text run is inside <strong>/<b> only.
    bold_chars: usize,
    h1: Vec<String>,
}

impl Walker {
    fn flush(&mut self) {
        let text = collapse(&self.line);
        let all_bold = self.bold_chars >= text.chars().filter(|c| !c.is_whitespace()).count();
        if !text.is_empty() {
            // A short all-bold paragraph with no sentence end is a subheading.
            let short = text.chars().count() <= 30 && !text.ends_with(['。', '！', '？', '.', '!', '?', ':', '：']);
            if is_image_name(&text) {
                self.blocks.push(Block::Image {
                    src: text,
                    alt: String::new(),
                });
                self.line.clear();
                self.bold_chars = 0;
                return;
            }
            self.blocks.push(if all_bold && short && self.bold_chars > 0 {
                Block::Heading(text)
            } else {
                Block::Paragraph(text)
            });
        }
        self.line.clear();
        self.bold_chars = 0;
    }

    fn walk(&mut self, node: NodeRef<Node>, bold: bool) {
        match node.value() {
            Node::Text(t) => {
                self.line.push_str(t);
                if bold {
                    self.bold_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    return;
                }
                let el = ElementRef::wrap(node).expect("an element node");
                // Hidden by the page itself: share menus, templates.
                if e.attr("hidden").is_some()
                    || e.attr("style")
                        .is_some_and(|s| s.replace(' ', "").contains("display:none"))
                {
                    return;
                }
                match name {
                    "br" => self.flush(),
                    "img" => {
                        self.flush();
                        let src = ["data-src", "data-original", "src"]
                            .iter()
                            .find_map(|a| e.attr(a))
                            .unwrap_or_default();
                        if !src.is_empty() && !src.starts_with("data:") {
                            self.blocks.push(Block::Image {
                                src: src.to_string(),
                                alt: collapse(e.attr("alt").unwrap_or_default()),
                            });
                        }
                    }
                    "figcaption" => {
                        self.flush();
                        let text = collapse(&el.text().collect::<String>());
                        if !text.is_empty() {
                            self.blocks.push(Block::Caption(text));
                        }
                    }
                    h if HEADINGS.contains(&h) => {
                        self.flush();
                        let text = collapse(&el.text().collect::<String>());
                        if h == "h1" {
                            self.h1.push(text.clone());
                        }
                        if !text.is_empty() {
                            self.blocks.push(Block::Heading(text));
                        }
                    }
                    _ => {
                        let block = BLOCKS.contains(&name);
                        if block {
                            self.flush();
                        }
                        let bold = bold || matches!(name, "strong" | "b");
                        for child in node.children() {
                            self.walk(child, bold);
                        }
                        if block {
                            self.flush();
                        }
                    }
                }
            }
            Node::Document | Node::Fragment => {
                for child in node.children() {
                    self.walk(child, bold);
                }
            }
            _ => {}
        }
    }
}

/// What a browser copies of an image it could not show: its file name, alone on its line.
pub fn is_image_name(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    !text.contains(char::is_whitespace)
        && [".jpg", ".jpeg", ".png", ".gif", ".webp"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// Whitespace runs (HTML's source line breaks, NBSP runs) as one space; the full-width
/// indentation `　　` at the start of a paragraph goes (the theme indents).
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{3000}' || c == '\u{00A0}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out.trim_start_matches(['\u{3000}', ' ']).trim_end().to_string()
}

fn meta(doc: &Html, selector: &str) -> Option<String> {
    let sel = Selector::parse(selector).expect("valid selector");
    doc.select(&sel)
        .find_map(|e| e.value().attr("content"))
        .map(collapse)
        .filter(|s| !s.is_empty())
}

/// The meta tags that say when an article was published: Open Graph's, the ones Chinese CMSs
/// write (TRS's `PubDate`, `publishdate`), Dublin Core's and the news sites' own.
const PUBLISHED_META: &str = r#"meta[property="article:published_time"], meta[name="article:published_time"],
    meta[name="publishdate"], meta[name="PubDate"], meta[name="pubdate"], meta[name="publish_date"],
    meta[name="publish-date"], meta[name="publication_date"], meta[name="weibo: article:create_at"],
    meta[name="DC.date.issued"], meta[name="dc.date.issued"], meta[name="dcterms.issued"],
    meta[name="parsely-pub-date"], meta[name="sailthru.date"], meta[property="og:release_date"]"#;

/// When the markup says the article was published: a meta tag, else schema.org's
/// `datePublished` (JSON-LD, then microdata), else a `<time>` marked as the publication's
/// (`pubdate`) or inside the `<article>`. The text's own 发布时间 goes before all of these.
fn published(doc: &Html) -> Option<String> {
    meta(doc, PUBLISHED_META)
        .or_else(|| json_ld_published(doc))
        .or_else(|| {
            let sel = Selector::parse(r#"[itemprop="datePublished"]"#).expect("valid selector");
            doc.select(&sel)
                .find_map(|e| e.value().attr("content").or_else(|| e.value().attr("datetime")))
                .map(collapse)
                .filter(|s| !s.is_empty())
        })
        .or_else(|| {
            let sel = Selector::parse("time[pubdate][datetime], article time[datetime]").expect("valid selector");
            doc.select(&sel)
                .find_map(|e| e.value().attr("datetime"))
                .map(collapse)
                .filter(|s| !s.is_empty())
        })
}

/// `datePublished` of the page's JSON-LD (an object, a list of them, or an `@graph`).
fn json_ld_published(doc: &Html) -> Option<String> {
    fn find(v: &serde_json::Value, depth: usize) -> Option<String> {
        match v {
            serde_json::Value::Object(o) => o
                .get("datePublished")
                .and_then(|d| d.as_str())
                .map(str::to_string)
                .or_else(|| {
                    (depth < 4)
                        .then(|| o.values().find_map(|x| find(x, depth + 1)))
                        .flatten()
                }),
            serde_json::Value::Array(items) if depth < 4 => items.iter().find_map(|x| find(x, depth + 1)),
            _ => None,
        }
    }
    let sel = Selector::parse(r#"script[type="application/ld+json"]"#).expect("valid selector");
    doc.select(&sel).find_map(|script| {
        let text: String = script.text().collect();
        serde_json::from_str::<serde_json::Value>(text.trim())
            .ok()
            .and_then(|v| find(&v, 0))
            .map(|d| collapse(&d))
            .filter(|d| !d.is_empty())
    })
}

/// The page's blocks and what its head says.
pub fn read_html(html: &str) -> (Vec<Block>, Head) {
    let doc = Html::parse_document(&newsdesk_core::nesting::cap_nesting(html));
    let title_sel = Selector::parse("title").expect("valid selector");
    let title = doc
        .select(&title_sel)
        .next()
        .map(|t| collapse(&t.text().collect::<String>()))
        .filter(|s| !s.is_empty());
    let mut walker = Walker {
        blocks: Vec::new(),
        line: String::new(),
        bold_chars: 0,
        h1: Vec::new(),
    };
    walker.walk(doc.tree.root(), false);
    walker.flush();
    let head = Head {
        title,
        og_title: meta(&doc, r#"meta[property="og:title"], meta[name="og:title"]"#),
        site_name: meta(&doc, r#"meta[property="og:site_name"], meta[name="og:site_name"]"#),
        published: published(&doc),
        author: meta(&doc, r#"meta[name="author"], meta[property="article:author"]"#),
        h1: walker.h1,
    };
    (walker.blocks, head)
}
