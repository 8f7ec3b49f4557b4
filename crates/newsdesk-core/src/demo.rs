//! The demo site: 我爱遵义 with the seed article entered field by field and a few more, so that
//! a first launch shows a real page. The content is committed in `demo/`; nothing is read from
//! outside the program at run time.

use std::io::Cursor;

use chrono::{DateTime, Utc};

use crate::article::{ArticleId, ArticlePatch, Status};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::interchange::import_jsonl;
use crate::media::{MediaFolder, PhotoInput};
use crate::render::PHOTO_SCHEME;
use crate::site::Site;

/// The seed article's id, fixed so that documentation and tests can name it.
pub const SEED_ARTICLE_ID: &str = "0190a000-0000-7000-8000-000000000001";

const SEED_BODY: &str = include_str!("../demo/seed-article.md");
/// The seed page's photo stands for the real one, whose rights are not ours; caption and credit are the page's.
const SEED_PHOTO: &[u8] = include_bytes!("../demo/jiangyong.jpg");
const SEED_PHOTO_CAPTION: &str = "江勇(右三)走访福建省福清市祥兴箱包厂并慰问遵义籍务工人员,了解他们工作生活情况,鼓励他们与企业一道共克时艰,共渡难关。陈鋆摄";
/// How the seed body names its photo before the photo has an id in the store.
const SEED_PHOTO_PLACEHOLDER: &str = "photo:seed-photo-jiangyong";
const MORE_ARTICLES: &str = include_str!("../demo/articles.jsonl");

/// 栏目 of the demo portal: (name, slug).
pub const CHANNELS: &[(&str, &str)] = &[
    ("时政要闻", "news"),
    ("百姓生活", "life"),
    ("文旅遵义", "travel"),
    ("图片新闻", "photos"),
];

/// The seed article with its figure naming the stored photo `photo_id`.
pub fn seed_article_with_photo(photo_id: &str) -> ArticlePatch {
    ArticlePatch {
        body: Some(SEED_BODY.replace(SEED_PHOTO_PLACEHOLDER, &format!("{PHOTO_SCHEME}{photo_id}"))),
        ..seed_article()
    }
}

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
pub fn install(
    db: &mut Db,
    media: &MediaFolder,
    now: DateTime<Utc>,
    new_id: &mut dyn FnMut() -> ArticleId,
) -> Result<bool> {
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
    // The store imports from files; the photo is compiled in, so it passes through one.
    let staging = media.root().join("demo-import.jpg");
    std::fs::create_dir_all(media.root()).map_err(|e| Error::io(media.root(), e))?;
    std::fs::write(&staging, SEED_PHOTO).map_err(|e| Error::io(&staging, e))?;
    let photo = db.import_photo(
        media,
        &staging,
        &PhotoInput {
            caption: Some(SEED_PHOTO_CAPTION.into()),
            ..PhotoInput::default()
        },
        now,
    );
    let _ = std::fs::remove_file(&staging);
    let photo = photo?;
    let seed_id = SEED_ARTICLE_ID.parse().expect("the seed id is a UUID");
    db.create_article(seed_id, &seed_article_with_photo(&photo.id), now)?;
    db.attach_photo(seed_id, &photo.id)?;
    db.set_lead_photo(seed_id, Some(&photo.id))?;
    import_jsonl(db, &mut Cursor::new(MORE_ARTICLES), new_id, now)?;
    Ok(true)
}
