//! The portal page of an article, as preview and export render it.

use newsdesk_core::{ArticlePatch, Lang, demo};

use super::support::demo_db;

#[test]
fn the_preview_of_the_seed_article_is_its_portal_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let seed = demo::SEED_ARTICLE_ID.parse().unwrap();
    // As the desktop app shows it: the page as exported, at its own path.
    let p = newsdesk_core::preview::preview_as_exported(
        &db,
        seed,
        &ArticlePatch::default(),
        Lang::Zh,
        super::support::later(),
    )
    .unwrap();
    assert!(
        p.warnings.is_empty(),
        "the seed article breaks no rule: {:?}",
        p.warnings
    );
    assert!(
        p.html.contains("发布日期:2021/9/13 2:43:08"),
        "the publish time as the portal writes it: {}",
        p.html
    );
    let root = "../".repeat(p.path.matches('/').count());
    assert!(
        p.html.contains(&format!("<img src=\"{root}media/renditions/")),
        "the seed figure points at the site's media folder, relative to the page at {}: {}",
        p.path,
        p.html
    );
}
