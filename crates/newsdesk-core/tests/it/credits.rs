//! The other credits (二审, 三审, 监制, 编辑 beside a 责任编辑): stored, kept in revisions,
//! carried by the JSON lines and shown on the page under the 责任编辑.

use std::io::Cursor;

use newsdesk_core::interchange::{export_jsonl, import_jsonl, markdown_with_front_matter};
use newsdesk_core::{ArticleId, ArticlePatch, Lang, SaveKind, demo};

use super::support::{demo_db, id, patch, site_db, t};

#[test]
fn other_credits_are_stored_one_line_and_a_change_is_a_revision() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db
        .create_article(
            id(1),
            &ArticlePatch {
                editor: Some("曾淑花".into()),
                other_credits: Some(" 二审 朱晖\n监制 王五 ".into()),
                ..patch("转载稿")
            },
            t(0),
        )
        .unwrap();
    assert_eq!(
        a.other_credits.as_deref(),
        Some("二审 朱晖、监制 王五"),
        "trimmed, and lines typed apart joined as one line"
    );
    assert_eq!(
        db.article(a.id).unwrap().other_credits,
        a.other_credits,
        "read back as saved"
    );

    let b = db
        .save_article(
            a.id,
            &ArticlePatch {
                other_credits: Some("二审 朱晖、三审 李四".into()),
                ..ArticlePatch::default()
            },
            SaveKind::Checkpoint,
            t(10),
        )
        .unwrap();
    assert_eq!(b.revision, 2, "a change of the credits alone is a revision of its own");
    assert_eq!(
        db.revision(a.id, 1).unwrap().other_credits.as_deref(),
        Some("二审 朱晖、监制 王五"),
        "the revision keeps the credits as they were"
    );
    let restored = db.restore_revision(a.id, 1, t(20)).unwrap();
    assert_eq!(restored.other_credits.as_deref(), Some("二审 朱晖、监制 王五"));

    let cleared = db
        .save_article(
            a.id,
            &ArticlePatch {
                other_credits: Some("  ".into()),
                ..ArticlePatch::default()
            },
            SaveKind::Checkpoint,
            t(30),
        )
        .unwrap();
    assert_eq!(cleared.other_credits, None, "an empty line clears them");
}

#[test]
fn json_lines_carry_the_other_credits_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(
        id(1),
        &ArticlePatch {
            other_credits: Some("二审 朱晖".into()),
            ..patch("有署名")
        },
        t(0),
    )
    .unwrap();
    let mut out = Vec::new();
    export_jsonl(&db, &mut out).unwrap();
    let line: serde_json::Value = serde_json::from_slice(out.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(line["other_credits"], "二审 朱晖");

    // A line from another system names them too; an older backup without the key leaves them.
    let lines = format!(
        "{}\n{}\n",
        serde_json::json!({"id": id(2).to_string(), "title": "外来稿", "channel": "百姓生活", "other_credits": "监制 王五"}),
        serde_json::json!({"id": id(1).to_string(), "title": "有署名（改）", "channel": "百姓生活"}),
    );
    let mut no_new_ids = || -> ArticleId { panic!("every line has its id") };
    import_jsonl(&mut db, &mut Cursor::new(lines), &mut no_new_ids, t(5)).unwrap();
    assert_eq!(db.article(id(2)).unwrap().other_credits.as_deref(), Some("监制 王五"));
    let kept = db.article(id(1)).unwrap();
    assert_eq!(kept.title, "有署名（改）");
    assert_eq!(
        kept.other_credits.as_deref(),
        Some("二审 朱晖"),
        "a line without the key leaves them"
    );
    assert!(
        markdown_with_front_matter(&kept).contains("other_credits: \"二审 朱晖\""),
        "and Markdown with front matter keeps them"
    );
}

#[test]
fn the_page_shows_the_other_credits_under_the_editor_and_nothing_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = demo_db(dir.path());
    let seed = demo::SEED_ARTICLE_ID.parse().unwrap();
    let page = |db: &newsdesk_core::Db| {
        newsdesk_core::preview::preview_as_exported(
            db,
            seed,
            &ArticlePatch::default(),
            Lang::Zh,
            super::support::later(),
        )
        .unwrap()
        .html
    };
    let without = page(&db);
    assert!(!without.contains("class=\"credits\""), "no line when there are none");
    db.save_article(
        seed,
        &ArticlePatch {
            editor: Some("王编辑".into()),
            other_credits: Some("二审 朱晖、监制 <王五>".into()),
            ..ArticlePatch::default()
        },
        SaveKind::Checkpoint,
        t(100),
    )
    .unwrap();
    let with = page(&db);
    assert!(
        with.contains(
            "<p class=\"editor\">责任编辑:王编辑</p>\n<p class=\"credits\">二审 朱晖、监制 &lt;王五&gt;</p>\n</footer>"
        ),
        "the line under the 责任编辑, escaped: {}",
        with.split("<footer").nth(1).unwrap_or(&with)
    );
}
