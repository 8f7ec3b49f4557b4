//! The demo site: 我爱遵义 with the seed article entered field by field and a few more, so that
//! a first launch shows a real page. The content is committed in `demo/`; nothing is read from
//! outside the program at run time.

use std::io::Cursor;

use chrono::{DateTime, Utc};

use crate::article::{ArticleId, ArticlePatch, Status};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::interchange::import_jsonl;
use crate::site::Site;

/// The seed article's id, fixed so that documentation and tests can name it.
pub const SEED_ARTICLE_ID: &str = "0190a000-0000-7000-8000-000000000001";

const SEED_BODY: &str = include_str!("../demo/seed-article.md");
const MORE_ARTICLES: &str = include_str!("../demo/articles.jsonl");

/// 栏目 of the demo portal: (name, slug).
pub const CHANNELS: &[(&str, &str)] = &[
    ("时政要闻", "news"),
    ("百姓生活", "life"),
    ("文旅遵义", "travel"),
    ("图片新闻", "photos"),
];

/// The seed article (seed-page.txt) as an editor enters it.
pub fn seed_article() -> ArticlePatch {
    ArticlePatch {
        title: Some("党旗下的就业人丨迎难而上勇担当".into()),
        channel: Some("百姓生活".into()),
        status: Some(Status::Published),
        body: Some(SEED_BODY.into()),
        publish_at: Some("2021/9/13 2:43:08".into()),
        source_name: Some("中国劳动保障报".into()),
        source_author: Some("刘薇".into()),
        source_time: Some("2020-08-12".into()),
        ..ArticlePatch::default()
    }
}

/// Fills an empty database with the demo site. Returns false, changing nothing, when the
/// database already has a site: a demo never overwrites real work.
pub fn install(db: &mut Db, now: DateTime<Utc>, new_id: &mut dyn FnMut() -> ArticleId) -> Result<bool> {
    match db.site() {
        Ok(_) => return Ok(false),
        Err(Error::NoSite) => {}
        Err(e) => return Err(e),
    }
    db.init_site(&Site {
        footer: "欢迎咨询\n联系电话:0851-0000000(演示)\n黔ICP备00000000号-1(演示)".into(),
        ..Site::new("我爱遵义", "https://zunyi.example", "Asia/Shanghai")?
    })?;
    for (name, slug) in CHANNELS {
        db.add_channel(name, Some(slug))?;
    }
    let seed_id = SEED_ARTICLE_ID.parse().expect("the seed id is a UUID");
    db.create_article(seed_id, &seed_article(), now)?;
    import_jsonl(db, &mut Cursor::new(MORE_ARTICLES), new_id, now)?;
    Ok(true)
}
