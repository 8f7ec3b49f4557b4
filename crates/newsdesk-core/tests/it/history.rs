//! The revision history as the editor reads it: each revision's label, what it changed (title
//! and metadata as well as the body), what a restore would change, and the undo of a restore.

use newsdesk_core::error::{Error, Invalid};
use newsdesk_core::revision::{self, MadeBy};
use newsdesk_core::{
    ArticleField, ArticleId, ArticlePatch, Db, ErrorKind, Lang, RevisionLabel, SaveKind, Status, interchange,
};

use super::support::{id, patch, site_db, t};

fn labels(db: &Db, n: u128) -> Vec<(i64, RevisionLabel)> {
    db.history(id(n))
        .unwrap()
        .into_iter()
        .map(|r| (r.revision, r.label))
        .collect()
}

fn edit(db: &mut Db, n: u128, patch: ArticlePatch, kind: SaveKind, at: i64) {
    db.save_article(id(n), &patch, kind, t(at)).unwrap();
}

fn body(text: &str) -> ArticlePatch {
    ArticlePatch {
        body: Some(text.into()),
        ..ArticlePatch::default()
    }
}

#[test]
fn each_revision_says_what_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("遵义新闻"), t(0)).unwrap();
    // Typing, then a pause: an autosave, though a pause closed it.
    edit(&mut db, 1, body("第一段"), SaveKind::Autosave, 1);
    edit(&mut db, 1, ArticlePatch::default(), SaveKind::Pause, 4);
    // Typing, then Ctrl+S: saved.
    edit(&mut db, 1, body("第一段\n\n第二段"), SaveKind::Autosave, 5);
    edit(&mut db, 1, ArticlePatch::default(), SaveKind::Checkpoint, 6);
    // Published, then back to a draft.
    let published = ArticlePatch {
        status: Some(Status::Published),
        publish_at: Some("2021-09-13 08:00".into()),
        ..ArticlePatch::default()
    };
    edit(&mut db, 1, published, SaveKind::Checkpoint, 7);
    let draft = ArticlePatch {
        status: Some(Status::Draft),
        ..ArticlePatch::default()
    };
    edit(&mut db, 1, draft, SaveKind::Checkpoint, 8);
    // Still typing: the open revision is an autosave too.
    edit(&mut db, 1, body("第三稿"), SaveKind::Autosave, 9);

    assert_eq!(
        labels(&db, 1),
        [
            (6, RevisionLabel::Autosave),
            (
                5,
                RevisionLabel::Status {
                    from: Status::Published,
                    to: Status::Draft
                }
            ),
            (
                4,
                RevisionLabel::Status {
                    from: Status::Draft,
                    to: Status::Published
                }
            ),
            (3, RevisionLabel::Saved),
            (2, RevisionLabel::Autosave),
            (1, RevisionLabel::Created),
        ]
    );
    let history = db.history(id(1)).unwrap();
    assert!(history[0].open && !history[1].open);
    assert!(history.iter().all(|r| !r.undoable), "no restore, nothing to undo");
}

#[test]
fn a_revision_lists_the_fields_it_changed_title_and_metadata_included() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("初稿标题"), t(0)).unwrap();
    let meta = ArticlePatch {
        title: Some("改过的标题".into()),
        subtitle: Some("副题".into()),
        channel: Some("时政要闻".into()),
        summary: Some("摘要一句".into()),
        keywords: Some(vec!["就业".into(), "遵义".into()]),
        source_name: Some("遵义日报".into()),
        source_author: Some("李明".into()),
        source_time: Some("2021-09-12".into()),
        editor: Some("王编辑".into()),
        ..ArticlePatch::default()
    };
    edit(&mut db, 1, meta, SaveKind::Checkpoint, 1);
    edit(&mut db, 1, body("正文"), SaveKind::Checkpoint, 2);
    let history = db.history(id(1)).unwrap();
    assert_eq!(history[0].changed, [ArticleField::Body]);
    assert_eq!(
        history[1].changed,
        [
            ArticleField::Title,
            ArticleField::Subtitle,
            ArticleField::Channel,
            // A draft's slug follows its title.
            ArticleField::Slug,
            ArticleField::Summary,
            ArticleField::Keywords,
            ArticleField::Editor,
            ArticleField::SourceName,
            ArticleField::SourceAuthor,
            ArticleField::SourceTime,
        ],
        "every field but the untouched body, in the form's order"
    );
    assert!(
        history[2].changed.is_empty(),
        "the first revision has nothing before it"
    );
}

#[test]
fn what_a_restore_would_change_is_listed_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("初稿标题"), t(0)).unwrap();
    let later = ArticlePatch {
        title: Some("定稿标题".into()),
        status: Some(Status::Published),
        publish_at: Some("2021-09-13 08:00".into()),
        keywords: Some(vec!["就业".into(), "遵义".into()]),
        source_time: Some("2021-09-12 10:30".into()),
        slug: Some("ding-gao".into()),
        ..ArticlePatch::default()
    };
    edit(&mut db, 1, later, SaveKind::Checkpoint, 1);
    let changes = db.revision_changes(id(1), 1).unwrap();
    let seen: Vec<_> = changes
        .iter()
        .map(|c| (c.field, c.before.as_deref(), c.after.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (ArticleField::Title, Some("初稿标题"), Some("定稿标题")),
            (ArticleField::Status, Some("draft"), Some("published")),
            (ArticleField::PublishAt, None, Some("2021-09-13T08:00:00+08:00")),
            (ArticleField::Slug, Some("chu-gao-biao-ti"), Some("ding-gao")),
            (ArticleField::Keywords, None, Some("就业、遵义")),
            (ArticleField::SourceTime, None, Some("2021-09-12T10:30:00+08:00")),
        ]
    );
    assert!(
        db.revision_changes(id(1), 2).unwrap().is_empty(),
        "the newest revision is the article as it is"
    );
    assert!(matches!(db.revision_changes(id(1), 9), Err(Error::NotFound { .. })));
}

#[test]
fn a_restore_is_labelled_and_its_undo_brings_back_what_was_there() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("第一稿"), t(0)).unwrap();
    let second = ArticlePatch {
        title: Some("第二稿".into()),
        body: Some("第二稿的正文".into()),
        editor: Some("王编辑".into()),
        ..ArticlePatch::default()
    };
    edit(&mut db, 1, second, SaveKind::Checkpoint, 1);
    // Typing still open when the restore comes: it stands as a revision of its own.
    edit(&mut db, 1, body("第二稿的正文，又补一句"), SaveKind::Autosave, 2);
    let before = db.article(id(1)).unwrap();

    let restored = db.restore_revision(id(1), 1, t(3)).unwrap();
    assert_eq!((restored.title.as_str(), restored.revision), ("第一稿", 4));
    let history = db.history(id(1)).unwrap();
    assert_eq!(history[0].label, RevisionLabel::Restored { from: 1 });
    assert!(history[0].undoable, "the newest restore can be undone");

    let undone = db.undo_restore(id(1), 4, t(4)).unwrap();
    assert_eq!(undone.revision, 5, "the undo is a new revision: nothing is lost");
    assert_eq!(
        (undone.title.as_str(), undone.body.as_str(), undone.editor.as_deref()),
        (before.title.as_str(), before.body.as_str(), before.editor.as_deref()),
        "the article is what it was before the restore"
    );
    assert_eq!(undone.slug, before.slug);
    assert_eq!(undone.created_at, before.created_at);
    assert_eq!(
        db.revision(id(1), 4).unwrap().title,
        "第一稿",
        "the restore stays in the history"
    );
    assert_eq!(
        labels(&db, 1)[..2],
        [
            (5, RevisionLabel::Undone { to: 3 }),
            (4, RevisionLabel::Restored { from: 1 })
        ]
    );
    assert!(
        db.history(id(1)).unwrap().iter().all(|r| !r.undoable),
        "an undo is no restore to undo"
    );
    let again = db.undo_restore(id(1), 4, t(5)).unwrap_err();
    assert!(matches!(again, Error::Invalid(Invalid::NothingToUndo)), "{again:?}");
}

#[test]
fn a_restore_edited_since_is_not_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("第一稿"), t(0)).unwrap();
    edit(&mut db, 1, patch("第二稿"), SaveKind::Checkpoint, 1);
    db.restore_revision(id(1), 1, t(2)).unwrap();
    // Not a restore at all.
    let e = db.undo_restore(id(1), 2, t(3)).unwrap_err();
    assert!(matches!(e, Error::Invalid(Invalid::NothingToUndo)), "{e:?}");
    edit(&mut db, 1, body("恢复后又写的一句"), SaveKind::Autosave, 4);
    assert!(!db.history(id(1)).unwrap().iter().any(|r| r.undoable));
    let e = db.undo_restore(id(1), 3, t(5)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert_eq!(
        e.message(Lang::Zh),
        "这次恢复已无法撤销：恢复之后文章又有了新的修改。如需回到之前的内容，请在修订历史里选择那一版恢复。"
    );
    assert_eq!(
        db.article(id(1)).unwrap().body,
        "恢复后又写的一句",
        "the refused undo changed nothing"
    );
}

#[test]
fn imports_copies_and_conflicts_are_labelled_by_where_the_text_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(id(1), &patch("原稿"), t(0)).unwrap();
    let copy = db.duplicate_article(id(1), id(2), t(1)).unwrap();
    assert_eq!(labels(&db, 2), [(1, RevisionLabel::Created)], "a copy starts afresh");
    let mut backup = Vec::new();
    interchange::export_jsonl(&db, &mut backup).unwrap();
    drop(db);
    let other = tempfile::tempdir().unwrap();
    let mut fresh = site_db(other.path());
    let mut no_new_ids = || -> ArticleId { panic!("every exported line has its id") };
    interchange::import_jsonl(&mut fresh, &mut &backup[..], &mut no_new_ids, t(2)).unwrap();
    assert!(
        fresh
            .history(copy.id)
            .unwrap()
            .iter()
            .all(|r| r.label == RevisionLabel::Imported),
        "{:?}",
        fresh.history(copy.id).unwrap()
    );
}

#[test]
fn the_label_rule_prefers_where_the_text_came_from_then_a_status_change() {
    use RevisionLabel as L;
    let (d, p) = (Status::Draft, Status::Published);
    for (made, before, now, expected) in [
        (MadeBy::Autosave, None, d, L::Autosave),
        (MadeBy::Autosave, Some(d), d, L::Autosave),
        (MadeBy::Saved, Some(d), d, L::Saved),
        (MadeBy::Autosave, Some(d), p, L::Status { from: d, to: p }),
        (MadeBy::Saved, Some(p), d, L::Status { from: p, to: d }),
        // A restore of a draft revision of a published article changes the status too.
        (MadeBy::Restore { from: 2 }, Some(p), d, L::Restored { from: 2 }),
        (MadeBy::Undo { to: 3 }, Some(d), p, L::Undone { to: 3 }),
        (MadeBy::Created, None, p, L::Created),
        (MadeBy::Imported, Some(d), p, L::Imported),
        (MadeBy::Conflict, Some(p), p, L::Conflict),
    ] {
        assert_eq!(
            revision::label(made, before, now),
            expected,
            "{made:?} {before:?} → {now:?}"
        );
    }
}
