//! What an editor's working day needs of the core: emptying the trash, deleting and merging
//! channels, the site's footer and theme, a slug that follows the title, 字数 as readers count.

use newsdesk_core::media::{MediaFolder, PhotoInput};
use newsdesk_core::{ArticleFilter, ArticlePatch, Db, SaveKind, Status};

use super::support::{id, patch, site_db, t};

fn titles(db: &Db, filter: ArticleFilter) -> Vec<String> {
    let mut v: Vec<String> = db
        .list_articles(&filter)
        .unwrap()
        .items
        .items
        .into_iter()
        .map(|a| a.title)
        .collect();
    v.sort();
    v
}

#[test]
fn emptying_the_trash_deletes_for_good_with_the_photos_only_it_showed() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let media = MediaFolder::beside(&dir.path().join("site.db"));
    let fixture = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/photos")
            .join(name)
    };
    for n in 1..=3 {
        db.create_article(id(n), &patch(&format!("第{n}篇")), t(0)).unwrap();
    }
    let only_trashed = db
        .import_photo(
            &media,
            &fixture("plasma.jpg"),
            &PhotoInput {
                article: Some(id(1)),
                ..Default::default()
            },
            t(1),
        )
        .unwrap();
    let shared = db
        .import_photo(
            &media,
            &fixture("upright.png"),
            &PhotoInput {
                article: Some(id(1)),
                ..Default::default()
            },
            t(1),
        )
        .unwrap();
    db.attach_photo(id(2), &shared.id).unwrap();
    db.trash_article(id(1), t(2)).unwrap();
    db.trash_article(id(3), t(2)).unwrap();

    let emptied = newsdesk_core::media::empty_trash(&mut db, &media).unwrap();
    assert_eq!(emptied.articles, 2);
    let gone: Vec<&str> = emptied.photos.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        gone,
        [only_trashed.id.as_str()],
        "a photo another article shows is kept"
    );
    assert!(db.photo(&only_trashed.id).is_err(), "its row is gone");
    assert!(!media.absolute(&only_trashed.original).exists(), "and its file");
    assert!(media.absolute(&shared.original).exists());
    assert!(
        db.article(id(1)).is_err() && db.revision(id(1), 1).is_err(),
        "revisions go too"
    );
    assert_eq!(
        titles(
            &db,
            ArticleFilter {
                trash: true,
                ..Default::default()
            }
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        titles(
            &db,
            ArticleFilter {
                query: Some("第".into()),
                ..Default::default()
            }
        ),
        ["第2篇"],
        "the index forgets them"
    );
}

#[test]
fn a_channel_is_deleted_only_with_somewhere_for_its_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("江勇"), t(0)).unwrap();
    db.create_article(id(2), &patch("回收站里的"), t(0)).unwrap();
    db.trash_article(id(2), t(1)).unwrap();
    let e = db.delete_channel("百姓生活", None).unwrap_err();
    assert!(
        e.message(newsdesk_core::Lang::Zh).contains("2 篇文章"),
        "{}",
        e.message(newsdesk_core::Lang::Zh)
    );
    assert_eq!(
        db.delete_channel("life", Some("news")).unwrap(),
        2,
        "the trash moves too"
    );
    assert_eq!(db.article(id(1)).unwrap().channel, "时政要闻");
    assert_eq!(db.untrash_article(id(2)).unwrap().channel, "时政要闻");
    let names: Vec<String> = db.channels().unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(names, ["时政要闻"]);
    let found = titles(
        &db,
        ArticleFilter {
            query: Some("江勇".into()),
            channel: Some("news".into()),
            ..Default::default()
        },
    );
    assert_eq!(found, ["江勇"], "search follows the move");
    db.add_channel("空栏目", Some("empty")).unwrap();
    assert_eq!(
        db.delete_channel("空栏目", None).unwrap(),
        0,
        "an empty channel needs nowhere"
    );
}

#[test]
fn a_channels_slug_can_change_and_must_stay_unique() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    assert_eq!(db.set_channel_slug("百姓生活", "minsheng").unwrap().slug, "minsheng");
    assert!(
        db.set_channel_slug("百姓生活", "news").is_err(),
        "another channel's slug"
    );
    assert!(db.set_channel_slug("百姓生活", "Bad Slug").is_err());
}

#[test]
fn the_footer_and_theme_folder_are_site_settings() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let mut site = db.site().unwrap();
    site.footer = "联系电话：0851-1234567\n黔ICP备12345678号".into();
    site.theme_dir = Some(dir.path().join("theme").display().to_string());
    db.init_site(&site).unwrap();
    let again = Db::open(&dir.path().join("site.db")).unwrap().site().unwrap();
    assert_eq!(again.footer, site.footer);
    assert_eq!(again.theme_dir, site.theme_dir);
    std::fs::create_dir_all(dir.path().join("theme")).unwrap();
    let a = db
        .create_article(
            id(1),
            &ArticlePatch {
                status: Some(Status::Published),
                publish_at: Some("2021-09-13".into()),
                ..patch("江勇")
            },
            t(0),
        )
        .unwrap();
    let page =
        newsdesk_core::preview::preview_as_exported(&db, a.id, &ArticlePatch::default(), newsdesk_core::Lang::Zh, t(1))
            .unwrap();
    assert!(page.html.contains("黔ICP备12345678号"), "the footer is on every page");
}

#[test]
fn the_slug_follows_the_title_until_set_by_hand_or_published() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("未命名文章"), t(0)).unwrap();
    assert_eq!(a.slug, "wei-ming-ming-wen-zhang");
    let retitle = |db: &mut Db, title: &str| {
        db.save_article(
            id(1),
            &ArticlePatch {
                title: Some(title.into()),
                ..ArticlePatch::default()
            },
            SaveKind::Autosave,
            t(1),
        )
        .unwrap()
        .slug
    };
    assert_eq!(
        retitle(&mut db, "湄潭秋茶"),
        "mei-tan-qiu-cha",
        "a new article's slug follows its title"
    );
    db.save_article(
        id(1),
        &ArticlePatch {
            status: Some(Status::Published),
            ..ArticlePatch::default()
        },
        SaveKind::Checkpoint,
        t(2),
    )
    .unwrap();
    assert_eq!(
        retitle(&mut db, "湄潭秋茶采摘季"),
        "mei-tan-qiu-cha",
        "once published its address is stable"
    );

    db.create_article(id(2), &patch("江勇"), t(0)).unwrap();
    db.save_article(
        id(2),
        &ArticlePatch {
            slug: Some("my-own".into()),
            ..ArticlePatch::default()
        },
        SaveKind::Checkpoint,
        t(1),
    )
    .unwrap();
    let s = db
        .save_article(
            id(2),
            &ArticlePatch {
                title: Some("江勇走访".into()),
                ..ArticlePatch::default()
            },
            SaveKind::Autosave,
            t(2),
        )
        .unwrap()
        .slug;
    assert_eq!(s, "my-own", "a slug set by hand stays");
}

#[test]
fn char_count_counts_what_readers_see() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let body = "## 为农民工排忧解难\n\n在**全国**就业领域，[有这样](https://example.cn/a)一群人。\n\n![走访](photo:0123456789abcdef)\n\n- 一\n- 二\n";
    let a = db
        .create_article(
            id(1),
            &ArticlePatch {
                body: Some(body.into()),
                ..patch("江勇")
            },
            t(0),
        )
        .unwrap();
    // 为农民工排忧解难 (8) + 在全国就业领域，有这样一群人。 (15) + 一 + 二 (2).
    assert_eq!(a.char_count(), 25, "no markup, link targets or photo ids");
    assert_eq!(
        db.history(id(1)).unwrap()[0].chars,
        25,
        "the history counts the same way"
    );
}

#[test]
fn the_window_page_carries_the_launch_answers_in_a_block_no_title_can_close() {
    use newsdesk_core::Lang;
    use newsdesk_core::ipc::{ArticleListing, LAUNCH_ANSWERS_ELEMENT, LaunchAnswers, PAGE_SIZE};

    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("</script><b>标题"), t(0)).unwrap();
    let answers = LaunchAnswers::of(&db, &dir.path().join("site.db"), Lang::En).unwrap();

    let page = b"<html><head><title>t</title></HEAD><body></body></html>";
    let out = String::from_utf8(answers.inside(page).expect("the page has a head")).unwrap();
    let opening = format!("<script type=\"application/json\" id=\"{LAUNCH_ANSWERS_ELEMENT}\">");
    assert!(
        out.starts_with(&format!("<html><head><title>t</title>{opening}")),
        "the block is inside the head, after what was there: {out}"
    );
    assert!(
        out.ends_with("</script></HEAD><body></body></html>"),
        "the rest of the page follows: {out}"
    );
    assert_eq!(
        out.matches("</script>").count(),
        1,
        "a title cannot end the block early: {out}"
    );

    let json = &out[out.find(&opening).unwrap() + opening.len()..out.find("</script>").unwrap()];
    let served: serde_json::Value = serde_json::from_str(json).expect("the block is JSON");
    let asked = serde_json::to_value(ArticleListing::of(&db, &LaunchAnswers::filter()).unwrap()).unwrap();
    assert_eq!(
        served["listing"], asked,
        "the rows are what list_articles answers for that filter"
    );
    assert_eq!(
        served["listing"]["items"][0]["title"], "</script><b>标题",
        "and read back as typed"
    );
    assert_eq!(
        (
            &served["filter"]["sort"],
            &served["filter"]["trash"],
            &served["filter"]["limit"]
        ),
        (
            &serde_json::json!("updated"),
            &serde_json::json!(false),
            &serde_json::json!(PAGE_SIZE)
        ),
        "the first page of the live articles, last changed first, as the window first asks"
    );
    assert_eq!(served["workspace"]["system_lang"], "en");
    assert_eq!(
        answers.inside(b"<p>no head</p>"),
        None,
        "a page without a head is left as it is"
    );
}
