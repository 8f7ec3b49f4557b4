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
