//! JSON lines: export and import are lossless, and imports are all or nothing.

use std::io::Cursor;

use newsdesk_core::interchange::{export_jsonl, import_jsonl};
use newsdesk_core::{ArticleId, Db, Error, demo};

use super::support::{demo_db, id, site_db, t};

#[test]
fn export_then_import_into_an_empty_site_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut first = Vec::new();
    let backup = export_jsonl(&db, &mut first).unwrap();
    let n = backup.written;
    let demo_articles = 1 + include_str!("../../demo/articles.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(
        n, demo_articles,
        "the seed article and every other article of the demo site"
    );
    assert_eq!(
        first.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count(),
        n,
        "one line each"
    );
    assert!(backup.damaged.is_empty(), "the demo has no damaged row");

    let mut other = Db::open(&dir.path().join("other.db")).unwrap();
    other.init_site(&db.site().unwrap()).unwrap();
    for c in db.channels().unwrap() {
        other.add_channel(&c.name, Some(&c.slug)).unwrap();
    }
    let mut no_new_ids = || -> ArticleId { panic!("every exported line has its id") };
    assert_eq!(
        import_jsonl(&mut other, &mut Cursor::new(&first), &mut no_new_ids, t(99)).unwrap(),
        n
    );
    assert_eq!(
        other.all_articles().unwrap(),
        db.all_articles().unwrap(),
        "every field of every article is equal"
    );
    let mut second = Vec::new();
    export_jsonl(&other, &mut second).unwrap();
    assert_eq!(
        String::from_utf8(second).unwrap(),
        String::from_utf8(first).unwrap(),
        "and the export is byte-identical"
    );
}

/// Found by probing: an untitled draft (the editor cleared the title while writing, which the
/// app allows) made the site's own backup impossible to import.
#[test]
fn a_backup_with_an_untitled_draft_imports() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = demo_db(dir.path());
    let draft = db
        .all_articles()
        .unwrap()
        .items
        .into_iter()
        .find(|a| a.status == newsdesk_core::Status::Draft)
        .expect("the demo has a draft");
    let cleared = newsdesk_core::ArticlePatch {
        title: Some(String::new()),
        ..newsdesk_core::ArticlePatch::default()
    };
    let draft = db
        .save_article(draft.id, &cleared, newsdesk_core::SaveKind::Checkpoint, t(1))
        .unwrap();
    let mut backup = Vec::new();
    let written = export_jsonl(&db, &mut backup).unwrap().written;

    let mut restored = Db::open(&dir.path().join("restored.db")).unwrap();
    restored.init_site(&db.site().unwrap()).unwrap();
    for c in db.channels().unwrap() {
        restored.add_channel(&c.name, Some(&c.slug)).unwrap();
    }
    let mut fresh = || -> ArticleId { panic!("every exported line has its id") };
    let n = import_jsonl(&mut restored, &mut Cursor::new(backup), &mut fresh, t(2)).unwrap();
    assert_eq!(n, written, "every article, the untitled draft included");
    let back = restored.article(draft.id).unwrap();
    assert_eq!(
        (back.title.as_str(), back.status, back.slug.as_str()),
        ("", newsdesk_core::Status::Draft, draft.slug.as_str()),
        "it comes back as the untitled draft it was, under its own address"
    );
}

#[test]
fn a_line_with_a_known_id_updates_that_article_as_a_new_revision() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = demo_db(dir.path());
    let line = format!(
        "{{\"id\":\"{}\",\"title\":\"新标题\",\"channel\":\"life\"}}\n",
        demo::SEED_ARTICLE_ID
    );
    import_jsonl(&mut db, &mut Cursor::new(line), &mut || id(1), t(5)).unwrap();
    let a = db.article(demo::SEED_ARTICLE_ID.parse().unwrap()).unwrap();
    assert_eq!(a.title, "新标题");
    assert_eq!(a.revision, 2);
    assert_eq!(
        a.source.author.as_deref(),
        Some("刘薇"),
        "fields the line leaves out stay"
    );
}

#[test]
fn minimal_lines_from_other_systems_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let input = "\u{feff}{\"title\":\"最少的字段\",\"channel\":\"百姓生活\"}\r\n{\"title\":\"用别名指栏目\",\"channel\":\"news\",\"publish_at\":\"2021/9/13 2:43:08\",\"keywords\":\"甲,乙\",\"source\":{\"name\":\"遵义日报\",\"published_at\":\"2021年9月12日\"}}\n";
    let mut n = 0;
    let count = import_jsonl(
        &mut db,
        &mut Cursor::new(input),
        &mut || {
            n += 1;
            id(n)
        },
        t(0),
    )
    .unwrap();
    assert_eq!(count, 2);
    let b = db.article(id(2)).unwrap();
    assert_eq!(b.channel, "时政要闻");
    assert_eq!(b.keywords, ["甲", "乙"]);
    assert_eq!(b.source.published_at.unwrap().to_string(), "2021-09-12");
}

#[test]
fn a_bad_line_is_named_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    for (input, line) in [
        (
            "{\"title\":\"好\",\"channel\":\"life\"}\n{\"title\":\"坏\",\"channel\":\"体育\"}\n",
            2,
        ),
        ("{\"title\":\"好\",\"channel\":\"life\"}\n\n\nnot json\n", 4),
        ("{\"channel\":\"life\"}\n", 1),
        ("{\"channel\":\"life\",\"status\":\"published\",\"title\":\" \"}\n", 1),
        ("{\"title\":\"好\",\"channel\":\"life\",\"id\":\"xyz\"}\n", 1),
        (
            "{\"title\":\"好\",\"channel\":\"life\",\"slug\":\"dup\"}\n{\"title\":\"也好\",\"channel\":\"life\",\"slug\":\"dup\"}\n",
            2,
        ),
    ] {
        let mut n = 0;
        let err = import_jsonl(
            &mut db,
            &mut Cursor::new(input),
            &mut || {
                n += 1;
                id(n)
            },
            t(0),
        )
        .unwrap_err();
        assert!(
            matches!(err, Error::Import { line: l, .. } if l == line),
            "{input:?}: {err:?}"
        );
        assert!(
            db.all_articles().unwrap().items.is_empty(),
            "{input:?}: nothing was imported"
        );
    }
}
