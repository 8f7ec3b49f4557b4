//! Shared set-up: a site database on a real file, fixed clocks and ids.

use chrono::{DateTime, TimeZone, Utc};
use newsdesk_core::{ArticleId, ArticlePatch, Db, Site};

pub fn t(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000 + secs, 0).unwrap()
}

/// A moment after every time the fixtures use: exports and previews "now", so every published
/// article is public (the tests of scheduling pass their own moments).
pub fn later() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2190, 1, 1, 0, 0, 0).unwrap()
}

pub fn id(n: u128) -> ArticleId {
    ArticleId(uuid::Uuid::from_u128(0x0190a000_0000_7000_8000_000000000000 | n))
}

pub fn site_db(dir: &std::path::Path) -> Db {
    let mut db = Db::open(&dir.join("site.db")).unwrap();
    db.init_site(&Site::new("我爱遵义", "https://zunyi.example", "Asia/Shanghai").unwrap())
        .unwrap();
    db.add_channel("百姓生活", Some("life")).unwrap();
    db.add_channel("时政要闻", Some("news")).unwrap();
    db
}

pub fn patch(title: &str) -> ArticlePatch {
    ArticlePatch {
        title: Some(title.into()),
        channel: Some("百姓生活".into()),
        ..ArticlePatch::default()
    }
}

/// The demo site in a real file, with its media folder beside it.
pub fn demo_db(dir: &std::path::Path) -> Db {
    let path = dir.join("demo.db");
    let mut db = Db::open(&path).unwrap();
    let mut n = 100;
    newsdesk_core::demo::install(
        &mut db,
        &newsdesk_core::media::MediaFolder::beside(&path),
        t(0),
        &mut || {
            n += 1;
            id(n)
        },
    )
    .unwrap();
    db
}
