//! The portal page of an article, as preview and export render it.

use newsdesk_core::render::NoPhotos;
use newsdesk_core::{ArticlePatch, Lang, demo};

use super::support::demo_db;

#[test]
fn the_preview_of_the_seed_article_is_its_portal_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let seed = demo::SEED_ARTICLE_ID.parse().unwrap();
    let p = newsdesk_core::preview::preview_article(&db, seed, &ArticlePatch::default(), &NoPhotos, Lang::Zh).unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert!(p.html.contains("发布日期:2021/9/13 2:43:08"), "{}", p.html);
}
