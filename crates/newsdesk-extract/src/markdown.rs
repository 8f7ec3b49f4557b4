//! THE HTML → Markdown conversion, which the portal pull, the editor's plain paste and the repost
//! import share: paragraphs, headings, lists, quotes, emphasis, links, code and line breaks; each
//! image becomes a paragraph of its own, written by the caller (a `photo:` figure, say); tables,
//! players and embeds stay HTML blocks.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// An image of the content as pull meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: String,
    /// From WordPress's `wp-image-<id>` class.
    pub media_id: Option<i64>,
    pub alt: String,
    /// The figure's caption, when it has one.
    pub caption: String,
}

/// A line of the portal's HTML (a title, an excerpt) as the plain text a reader sees: tags
/// dropped, entities decoded (`A &amp; B <em>强调</em>` → `A & B 强调`), whitespace folded.
/// Text without markup comes back as it is.
pub fn plain_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.to_string();
    }
    let doc = Html::parse_fragment(&newsdesk_core::nesting::cap_nesting(html));
    let text: String = doc.root_element().text().collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The portal's HTML as Markdown: paragraphs, headings, lists, quotes, emphasis, links, code and
/// line breaks; each image (a figure with its caption, or a bare `<img>`) becomes its own
/// paragraph, written by `image` (pull puts a `photo:` figure there). Anything else keeps its text.
pub fn to_markdown(html: &str, image: &mut dyn FnMut(&Image) -> String) -> String {
    let doc = Html::parse_fragment(&newsdesk_core::nesting::cap_nesting(html));
    let mut out = Blocks::default();
    for child in doc.root_element().children() {
        block(child, &mut out, image, "");
    }
    out.finish()
}

#[derive(Default)]
struct Blocks {
    done: Vec<String>,
    line: String,
}

impl Blocks {
    fn end(&mut self, prefix: &str) {
        let t = self.line.trim();
        if !t.is_empty() {
            self.done.push(format!("{prefix}{t}"));
        }
        self.line.clear();
    }

    fn finish(mut self) -> String {
        self.end("");
        self.done.join("\n\n")
    }
}

fn element_name(node: NodeRef<'_, Node>) -> Option<&str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

fn block(node: NodeRef<'_, Node>, out: &mut Blocks, image: &mut dyn FnMut(&Image) -> String, prefix: &str) {
    let Some(name) = element_name(node) else {
        inline(node, &mut out.line, image);
        return;
    };
    match name {
        "p" | "div" | "section" | "article" | "header" | "footer" => {
            out.end(prefix);
            for c in node.children() {
                if matches!(
                    element_name(c),
                    Some("figure" | "ul" | "ol" | "blockquote" | "p" | "div" | "table" | "iframe" | "video" | "audio")
                ) {
                    block(c, out, image, prefix);
                } else {
                    inline(c, &mut out.line, image);
                }
            }
            out.end(prefix);
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            out.end(prefix);
            let level = name[1..].parse::<usize>().unwrap_or(2);
            let mut text = String::new();
            for c in node.children() {
                inline(c, &mut text, image);
            }
            out.done.push(format!("{prefix}{} {}", "#".repeat(level), text.trim()));
        }
        "ul" | "ol" => {
            out.end(prefix);
            let mut items = Vec::new();
            list_items(node, prefix, &mut items, image);
            out.done.push(items.join("\n"));
        }
        "blockquote" => {
            out.end(prefix);
            let mut inner = Blocks::default();
            for c in node.children() {
                block(c, &mut inner, image, "");
            }
            let quoted = inner
                .finish()
                .lines()
                .map(|l| format!("{prefix}> {l}").trim_end().to_string())
                .collect::<Vec<_>>()
                .join("\n");
            out.done.push(quoted);
        }
        // A gallery (WordPress's `wp-block-gallery`): a figure of figures, each image its own.
        "figure" if node.children().any(|c| element_name(c) == Some("figure")) => {
            out.end(prefix);
            for c in node.children() {
                block(c, out, image, prefix);
            }
            out.end(prefix);
        }
        "figure" => {
            out.end(prefix);
            let caption = node
                .descendants()
                .find(|d| element_name(*d) == Some("figcaption"))
                .map(|f| plain(f).split_whitespace().collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let imgs: Vec<_> = node.descendants().filter(|d| element_name(*d) == Some("img")).collect();
            if let Some((last, others)) = imgs.split_last() {
                // Several images in one figure: each is kept, the caption goes with the last.
                for img in others {
                    out.done.push(image(&image_of(*img)));
                }
                let mut found = image_of(*last);
                found.caption = caption;
                out.done.push(image(&found));
            } else {
                // A figure of something else (an embedded player, a table, an embed's bare
                // address): kept whole, as the page had it.
                out.done.push(raw_html(node));
            }
        }
        // What Markdown cannot say, kept as HTML (the renderer's sanitizer decides what of it a
        // page may carry): a table would lose its cells as text, a player would be lost, and a
        // pulled post pushed back would then overwrite the portal's copy without them.
        "table" | "iframe" | "video" | "audio" => {
            out.end(prefix);
            out.done.push(raw_html(node));
        }
        "img" => {
            out.end(prefix);
            out.done.push(image(&image_of(node)));
        }
        "pre" => {
            out.end(prefix);
            out.done.push(format!("```\n{}\n```", plain(node).trim_end()));
        }
        "hr" => {
            out.end(prefix);
            out.done.push("---".into());
        }
        _ => inline(node, &mut out.line, image),
    }
}

/// A list's items, each line under `indent`; a list inside an item is indented under it (its
/// items ran into the parent's text before).
fn list_items(list: NodeRef<'_, Node>, indent: &str, items: &mut Vec<String>, image: &mut dyn FnMut(&Image) -> String) {
    let ordered = element_name(list) == Some("ol");
    for (n, li) in list.children().filter(|c| element_name(*c) == Some("li")).enumerate() {
        let marker = if ordered {
            format!("{}.", n + 1)
        } else {
            "-".to_string()
        };
        let mut text = String::new();
        let mut nested = Vec::new();
        for c in li.children() {
            if matches!(element_name(c), Some("ul" | "ol")) {
                nested.push(c);
            } else {
                inline(c, &mut text, image);
            }
        }
        items.push(format!("{indent}{marker} {}", text.trim()));
        let inner = format!("{indent}{}", " ".repeat(marker.len() + 1));
        for sub in nested {
            list_items(sub, &inner, items, image);
        }
    }
}

/// The element as one Markdown HTML block: a blank line would end the block early.
fn raw_html(node: NodeRef<'_, Node>) -> String {
    let html = scraper::ElementRef::wrap(node).map(|e| e.html()).unwrap_or_default();
    html.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn image_of(img: NodeRef<'_, Node>) -> Image {
    let Node::Element(e) = img.value() else {
        unreachable!("an img element")
    };
    Image {
        src: e.attr("src").unwrap_or_default().to_string(),
        media_id: e
            .classes()
            .find_map(|c| c.strip_prefix("wp-image-"))
            .and_then(|n| n.parse().ok()),
        alt: e.attr("alt").unwrap_or_default().to_string(),
        caption: String::new(),
    }
}

fn plain(node: NodeRef<'_, Node>) -> String {
    node.descendants()
        .filter_map(|d| match d.value() {
            Node::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect()
}

fn escape_text(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>') {
            s.push('\\');
        }
        s.push(if c == '\n' { ' ' } else { c });
    }
    s
}

fn inline(node: NodeRef<'_, Node>, out: &mut String, image: &mut dyn FnMut(&Image) -> String) {
    match node.value() {
        Node::Text(t) => out.push_str(&escape_text(t)),
        Node::Element(e) => {
            let inner = |out: &mut String, image: &mut dyn FnMut(&Image) -> String| {
                for c in node.children() {
                    inline(c, out, image);
                }
            };
            match e.name() {
                "strong" | "b" => {
                    out.push_str("**");
                    inner(out, image);
                    out.push_str("**");
                }
                "em" | "i" => {
                    out.push('*');
                    inner(out, image);
                    out.push('*');
                }
                // Markdown has no superscript: 100m<sup>2</sup> must not become 100m2.
                "sup" | "sub" | "u" => {
                    let tag = e.name();
                    out.push_str(&format!("<{tag}>"));
                    inner(out, image);
                    out.push_str(&format!("</{tag}>"));
                }
                "del" | "s" | "strike" => {
                    out.push_str("~~");
                    inner(out, image);
                    out.push_str("~~");
                }
                "code" => {
                    out.push('`');
                    out.push_str(&plain(node));
                    out.push('`');
                }
                "br" => out.push_str("  \n"),
                // A linked image (WordPress's "link to media file") is the image: a link around
                // a figure's paragraphs would leave its brackets in the text.
                "a" if node.descendants().any(|d| element_name(d) == Some("img")) && plain(node).trim().is_empty() => {
                    inner(out, image)
                }
                "a" => {
                    let mut text = String::new();
                    inner(&mut text, image);
                    match e.attr("href") {
                        Some(href) if !href.is_empty() => out.push_str(&format!("[{text}]({href})")),
                        _ => out.push_str(&text),
                    }
                }
                "img" => {
                    out.push_str("\n\n");
                    out.push_str(&image(&image_of(node)));
                    out.push_str("\n\n");
                }
                "script" | "style" => {}
                _ => inner(out, image),
            }
        }
        _ => {}
    }
}
