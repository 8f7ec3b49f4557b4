//! The portal page of an article, as preview and export render it.

use newsdesk_core::render::NoPhotos;
use newsdesk_core::{ArticlePatch, Db, Lang, demo};

use super::support::{id, t};

pub fn demo_db(dir: &std::path::Path) -> Db {
    let mut db = Db::open(&dir.join("demo.db")).unwrap();
    let mut n = 100;
    demo::install(&mut db, t(0), &mut || {
        n += 1;
        id(n)
    })
    .unwrap();
    db
}

#[test]
fn the_preview_of_the_seed_article_is_its_portal_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let seed = demo::SEED_ARTICLE_ID.parse().unwrap();
    let p = newsdesk_core::preview::preview_article(&db, seed, &ArticlePatch::default(), &NoPhotos, Lang::Zh).unwrap();
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    assert!(p.html.contains("发布日期:2021/9/13 2:43:08"), "{}", p.html);
}
