//! The SQLite file: schema upgrades, refusal of newer files, revisions, autosave folding, trash.

use std::path::PathBuf;

use newsdesk_core::db::SCHEMA_VERSION;
use newsdesk_core::{ArticleFilter, ArticlePatch, Db, Error, SaveKind, Status};

use super::support::{id, patch, site_db, t};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn a_database_of_the_first_schema_opens_and_upgrades() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    std::fs::copy(fixture("schema-v1.db"), &path).unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(
        db.schema_version().unwrap(),
        SCHEMA_VERSION,
        "the file was migrated to the current schema"
    );
    const { assert!(SCHEMA_VERSION > 1, "there is an upgrade to apply") };
    let old_id = "0190a000-0000-7000-8000-0000000000a1".parse().unwrap();
    let a = db.article(old_id).unwrap();
    assert_eq!(a.title, "第一版数据库里的文章");
    assert_eq!(a.source.author.as_deref(), Some("刘薇"));
    assert_eq!(a.source.published_at.unwrap().to_string(), "2020-08-12");
    assert_eq!(a.revision, 2);
    let history = db.history(old_id).unwrap();
    assert_eq!(history.len(), 2, "old revisions survive the upgrade");
    assert_eq!(
        history.iter().map(|r| r.label).collect::<Vec<_>>(),
        [
            newsdesk_core::RevisionLabel::Saved,
            newsdesk_core::RevisionLabel::Created
        ],
        "revisions from before the labels read as the article's creation, then saved"
    );
    assert_eq!(db.revision(old_id, 1).unwrap().title, "初稿");
    assert_eq!(db.integrity_check().unwrap(), "ok");
    drop(db);
    // Opening again is a no-op, not a second migration.
    assert_eq!(Db::open(&path).unwrap().schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_newsdesk_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    std::fs::copy(fixture("schema-v1.db"), &path).unwrap();
    {
        let conn = rusqlite_conn(&path);
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Db::open(&path).err().expect("a newer schema is refused");
    assert!(matches!(err, Error::SchemaTooNew { found, .. } if found == SCHEMA_VERSION + 5));
    assert!(err.message(newsdesk_core::Lang::Zh).contains("未作任何修改"));
    assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte of the file changed");
    assert!(!path.with_extension("db-wal").exists(), "not even a WAL file was made");
}

fn rusqlite_conn(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn autosaves_fold_into_one_revision_until_a_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("初稿"), t(0)).unwrap();
    assert_eq!(a.revision, 1);
    let mut body = String::new();
    for (i, word) in "在全国就业领域有这样一群人".chars().enumerate() {
        body.push(word);
        let saved = db
            .save_article(
                a.id,
                &ArticlePatch {
                    body: Some(body.clone()),
                    ..Default::default()
                },
                SaveKind::Autosave,
                t(1 + i as i64),
            )
            .unwrap();
        assert_eq!(saved.revision, 2, "typing keeps rewriting one open revision");
    }
    let closed = db
        .save_article(a.id, &ArticlePatch::default(), SaveKind::Checkpoint, t(30))
        .unwrap();
    assert_eq!(
        closed.revision, 2,
        "a checkpoint closes the open revision without adding one"
    );
    let history = db.history(a.id).unwrap();
    assert_eq!(history.len(), 2);
    assert!(!history[0].open);
    assert_eq!(history[0].chars, 13);
    let next = db
        .save_article(
            a.id,
            &ArticlePatch {
                status: Some(Status::Ready),
                ..Default::default()
            },
            SaveKind::Checkpoint,
            t(31),
        )
        .unwrap();
    assert_eq!(
        next.revision, 3,
        "a status change after a closed revision is a revision of its own"
    );
    let idle = db
        .save_article(a.id, &ArticlePatch::default(), SaveKind::Autosave, t(32))
        .unwrap();
    assert_eq!(idle, next, "an autosave without changes writes nothing");
    assert_eq!(db.revision(a.id, 2).unwrap().body, "在全国就业领域有这样一群人");
}

#[test]
fn restore_brings_back_an_old_revision_as_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("第一稿"), t(0)).unwrap();
    db.save_article(a.id, &patch("第二稿"), SaveKind::Checkpoint, t(1))
        .unwrap();
    let r = db.restore_revision(a.id, 1, t(2)).unwrap();
    assert_eq!((r.title.as_str(), r.revision), ("第一稿", 3));
    assert_eq!(
        r.created_at, a.created_at,
        "a restore keeps when the article was created"
    );
    assert!(matches!(
        db.restore_revision(a.id, 9, t(3)),
        Err(Error::NotFound { .. })
    ));
}

#[test]
fn trash_hides_and_untrash_brings_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("要删除的"), t(0)).unwrap();
    let copy = db.duplicate_article(a.id, id(2), t(1)).unwrap();
    assert_eq!(copy.title, a.title);
    assert_ne!(copy.slug, a.slug, "a copy gets its own URL");
    db.trash_article(a.id, t(2)).unwrap();
    assert!(matches!(db.article(a.id), Err(Error::NotFound { .. })));
    let counts = db.article_counts().unwrap();
    assert_eq!((counts.total, counts.trash), (1, 1));
    let trash = db
        .list_articles(&ArticleFilter {
            trash: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(trash.items.items.len(), 1);
    assert_eq!(db.untrash_article(a.id).unwrap().title, "要删除的");
}

#[test]
fn search_finds_two_character_chinese_words() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(
        id(1),
        &ArticlePatch {
            body: Some("在全国就业领域".into()),
            ..patch("江勇")
        },
        t(0),
    )
    .unwrap();
    db.create_article(id(2), &patch("湄潭茶园迎来秋茶采摘季"), t(1))
        .unwrap();
    for (q, n) in [("就业", 1), ("茶", 1), ("江勇", 1), ("遵义", 0), ("", 2)] {
        let found = db
            .list_articles(&ArticleFilter {
                query: Some(q.into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(found.items.items.len(), n, "searching {q:?}");
    }
    let life = db
        .list_articles(&ArticleFilter {
            channel: Some("life".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(life.items.items.len(), 2, "a channel filter accepts the slug");
}
