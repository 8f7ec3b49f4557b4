//! The Markdown renderer: figures with caption and credit, and the seed article's body.

use newsdesk_core::render::{NoPhotos, PhotoResolver, ResolvedPhoto, markdown_to_html};

struct SeedPhoto;

impl PhotoResolver for SeedPhoto {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto> {
        (id == "seed-photo-jiangyong").then(|| ResolvedPhoto {
            src: "media/jiangyong-800.jpg".into(),
            srcset: Some("media/jiangyong-800.jpg 800w, media/jiangyong-1600.jpg 1600w".into()),
            width: Some(800),
            height: Some(533),
            alt: String::new(),
            caption: "江勇(右三)走访福建省福清市祥兴箱包厂并慰问遵义籍务工人员。".into(),
            credit: Some("陈鋆摄".into()),
        })
    }
}

#[test]
fn a_photo_paragraph_renders_as_a_figure_with_its_credit() {
    let html = markdown_to_html("前文\n\n![江勇走访](photo:seed-photo-jiangyong)\n\n后文", &SeedPhoto);
    insta::assert_snapshot!(html);
}

#[test]
fn an_unknown_photo_keeps_its_text_visible() {
    let html = markdown_to_html("![说明文字](photo:missing)", &NoPhotos);
    insta::assert_snapshot!(html);
}

#[test]
fn an_inline_photo_in_a_sentence_is_not_a_figure() {
    let html = markdown_to_html("文字 ![图](photo:seed-photo-jiangyong) 文字", &SeedPhoto);
    assert!(
        !html.contains("<figure"),
        "only a paragraph of its own becomes a figure: {html}"
    );
}

#[test]
fn the_seed_body_renders() {
    let body = include_str!("../../demo/seed-article.md");
    insta::assert_snapshot!(markdown_to_html(body, &SeedPhoto));
}

/// A portal's embedded player and its tables are part of the post: the page (and so the push)
/// keeps them, the player sandboxed to its own origin.
#[test]
fn an_embedded_player_and_a_table_are_kept() {
    let md = "视频：\n\n<figure class=\"wp-block-embed\"><iframe src=\"https://v.qq.com/txp/iframe/player.html?vid=x1\" width=\"640\" height=\"360\" sandbox=\"allow-top-navigation\" onload=\"alert(1)\"></iframe></figure>\n\n<video controls src=\"https://portal.example/a.mp4\" poster=\"javascript:alert(1)\"></video>\n\n<table><tr><th>项目</th><th>数量</th></tr>\n<tr><td>公交</td><td>10</td></tr></table>";
    let html = markdown_to_html(md, &NoPhotos);
    let doc = scraper::Html::parse_fragment(&html);
    let one = |s: &str| doc.select(&scraper::Selector::parse(s).unwrap()).next();
    let frame = one("figure.wp-block-embed > iframe").unwrap_or_else(|| panic!("the player stays: {html}"));
    let frame = frame.value();
    assert_eq!(
        frame.attr("src"),
        Some("https://v.qq.com/txp/iframe/player.html?vid=x1")
    );
    assert_eq!(frame.attr("width"), Some("640"));
    assert_eq!(
        frame.attr("sandbox"),
        Some("allow-scripts allow-same-origin allow-presentation"),
        "its own sandbox, whatever the post said"
    );
    assert_eq!(frame.attr("onload"), None);
    let video = one("video").expect("the video stays").value();
    assert_eq!(video.attr("src"), Some("https://portal.example/a.mp4"));
    assert_eq!(video.attr("poster"), None, "a script address is no poster");
    let cells: Vec<String> = doc
        .select(&scraper::Selector::parse("table td").unwrap())
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(cells, ["公交", "10"], "the table keeps its cells");
}
