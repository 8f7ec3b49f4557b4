//! The seed page imports exactly as seed-article.json, from the text a reader copies and from
//! the page as a browser saves it; its body is the demo's seed-article.md.

use newsdesk_core::Lang;
use newsdesk_extract::{Extraction, Input, extract};
use serde_json::Value;

use super::{now, pages_dir, zone};

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path),
    )
    .unwrap()
}

fn seed() -> Value {
    serde_json::from_str(&repo_file("tests/fixtures/seed-article.json")).unwrap()
}

/// The demo names its stored photo; an import has none yet, so both figures point at `photo:X`.
fn figures_as_placeholder(body: &str) -> String {
    let re = regex::Regex::new(r"\]\([^)]*\)").unwrap();
    re.replace_all(body, "](photo:X)").into_owned()
}

fn assert_imports_as_seed(e: &Extraction, how: &str) {
    let s = seed();
    let got = e.fields_json(Lang::En);
    assert_eq!(
        got["title"], s["title"],
        "{how}: the title keeps 丨 and loses the site name"
    );
    assert_eq!(
        got["publish_at"], s["publish_at"],
        "{how}: 发布日期 is read in the site zone"
    );
    assert_eq!(
        got["source"]["name"], s["source"]["name"],
        "{how}: 来源 from the bottom line"
    );
    assert_eq!(
        got["source"]["url"], s["source"]["url"],
        "{how}: the page gives no original URL"
    );
    assert_eq!(
        got["source"]["author"], s["source"]["author"],
        "{how}: 作者 from the bottom line"
    );
    assert_eq!(
        got["source"]["published_at"], s["source"]["published_at"],
        "{how}: 来源时间为 gives a date, and a date stays a date"
    );
    assert_eq!(got["editor"], s["editor"], "{how}: the page names no 责任编辑");
    let photo = &s["photos"][0];
    assert_eq!(e.captions.len(), 1, "{how}: one photo caption");
    assert_eq!(
        e.captions[0].caption,
        photo["caption"].as_str().unwrap(),
        "{how}: the caption without its credit"
    );
    assert_eq!(
        e.captions[0].credit.as_deref(),
        photo["credit"].as_str(),
        "{how}: the photographer"
    );
    assert_eq!(
        e.captions[0].credit_as_written.as_deref(),
        photo["credit_as_written"].as_str(),
        "{how}: the credit as written"
    );
    assert_eq!(
        figures_as_placeholder(&e.body),
        figures_as_placeholder(&repo_file("crates/newsdesk-core/demo/seed-article.md")),
        "{how}: the body is the demo's seed article: same paragraphs, two subheads, the figure in place, no furniture"
    );
}

#[test]
fn the_seed_page_as_copied_text_imports_as_the_seed_article() {
    let text = repo_file("tests/fixtures/seed-page.txt");
    let e = extract(Input::Text(&text), zone(), now()).unwrap();
    assert_imports_as_seed(&e, "text");
    let title = e.title.as_ref().unwrap();
    let span = title.span.unwrap();
    assert_eq!(
        &e.source_text[span.start..span.end],
        title.value,
        "the title's span is its line"
    );
    let when = e.publish_at.as_ref().unwrap().span.unwrap();
    assert_eq!(
        &e.source_text[when.start..when.end],
        "2021/9/13 2:43:08",
        "the time's span is what the page printed"
    );
}

#[test]
fn the_seed_page_as_a_browser_saves_it_imports_as_the_seed_article() {
    let html = std::fs::read(pages_dir().join("seed-page.html")).unwrap();
    let e = extract(
        Input::File {
            name: "seed-page.html",
            bytes: &html,
        },
        zone(),
        now(),
    )
    .unwrap();
    assert_imports_as_seed(&e, "html");
    assert_eq!(
        e.images,
        ["/uploads/2021/09/jiangyong.jpg"],
        "the photo is listed for the caller to fetch"
    );
}

#[test]
fn the_seed_page_simplified_and_tidied_changes_only_punctuation() {
    let text = repo_file("tests/fixtures/seed-page.txt");
    let options = newsdesk_extract::Options {
        simplified: true,
        tidy: true,
    };
    let e = newsdesk_extract::extract_with(Input::Text(&text), zone(), now(), options).unwrap();
    assert!(
        e.body.starts_with("在全国就业领域，有这样一群人，"),
        "tidy puts full-width commas between Chinese: {}",
        &e.body[..60]
    );
    assert!(e.body.contains("61.19万人"), "numbers stay as written");
    assert!(e.body.contains("(2018-2020年)"), "the year range is not touched");
}
