//! Publishing: the one reading of status and time, the planning, and the outbox (checkpoint-only
//! writes, merging, leases, backoff, holds, stopped targets, conflicts and their resolutions).

use std::time::Duration;

use newsdesk_core::publishing::{
    self, Failure, Operation, PortalCopy, Publication, PublicationState, PublishingState, Pushed, Removal, Resolution,
    StatusNotice, TargetKind,
};
use newsdesk_core::{ArticlePatch, Db, SaveKind, Status};

use super::support::{id, patch, site_db, t};

const LEASE: Duration = Duration::from_secs(60);

fn with_target(dir: &std::path::Path) -> (Db, i64) {
    let mut db = site_db(dir);
    let target = db
        .add_target("门户", TargetKind::Wordpress, "https://portal.example/", "editor", t(0))
        .unwrap();
    (db, target.id)
}

fn published(title: &str) -> ArticlePatch {
    ArticlePatch {
        status: Some(Status::Published),
        ..patch(title)
    }
}

fn with_status(status: Status) -> ArticlePatch {
    ArticlePatch {
        status: Some(status),
        ..ArticlePatch::default()
    }
}

fn edit(body: &str, kind: SaveKind) -> ArticlePatch {
    let _ = kind;
    ArticlePatch {
        body: Some(body.into()),
        ..ArticlePatch::default()
    }
}

fn pushed(db: &Db, article: newsdesk_core::ArticleId, remote_id: i64, status: &str) -> Pushed {
    Pushed {
        remote_id,
        remote_url: Some(format!("https://portal.example/?p={remote_id}")),
        remote_status: status.into(),
        remote_modified_gmt: Some("2023-11-14T22:13:20".into()),
        fingerprint: db.push_fingerprint(article).unwrap(),
    }
}

#[test]
fn published_with_a_future_time_is_scheduled_and_public_once_the_time_has_come() {
    let at = chrono::DateTime::parse_from_rfc3339("2023-11-15T08:00:00+08:00").unwrap();
    let before = at.with_timezone(&chrono::Utc) - chrono::Duration::seconds(1);
    let after = at.with_timezone(&chrono::Utc) + chrono::Duration::seconds(1);
    assert_eq!(
        publishing::publishing_state(Status::Published, Some(at), before),
        PublishingState::Scheduled { at },
        "已发布 with a future 发布日期 is 定时发布"
    );
    assert!(
        publishing::publishing_state(Status::Scheduled, Some(at), after).is_public(),
        "定时发布 whose time has come is public (export and preview show it)"
    );
    assert!(!publishing::publishing_state(Status::Scheduled, Some(at), before).is_public());
    assert_eq!(
        publishing::publishing_state(Status::Scheduled, Some(at), before).wordpress_status(),
        "future",
        "scheduled goes to WordPress as future, so the portal publishes it on its own"
    );
    assert_eq!(
        publishing::publishing_state(Status::Withdrawn, None, after).wordpress_status(),
        "draft"
    );
}

#[test]
fn saving_published_with_a_future_time_stores_scheduled_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let asked = ArticlePatch {
        publish_at: Some("2030-01-01 08:00".into()),
        ..published("明年的新闻")
    };
    let a = db.create_article(id(1), &asked, t(0)).unwrap();
    assert_eq!(a.status, Status::Scheduled, "stored as 定时发布, not as 已发布");
    assert_eq!(
        publishing::status_notice(asked.status, &a),
        Some(StatusNotice::SavedAsScheduled),
        "the editor is told why the status changed"
    );
    let past = ArticlePatch {
        publish_at: Some("2020-01-01 08:00".into()),
        status: Some(Status::Published),
        ..ArticlePatch::default()
    };
    let a = db.save_article(a.id, &past, SaveKind::Checkpoint, t(1)).unwrap();
    assert_eq!(a.status, Status::Published, "a past time keeps 已发布");
}

#[test]
fn a_checkpoint_queues_the_article_and_an_autosave_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let a = db.create_article(id(1), &patch("草稿"), t(1)).unwrap();
    assert!(
        db.outbox(t(1)).unwrap().is_empty(),
        "a draft never on the portal needs nothing"
    );

    db.save_article(
        a.id,
        &ArticlePatch {
            status: Some(Status::Published),
            ..ArticlePatch::default()
        },
        SaveKind::Autosave,
        t(2),
    )
    .unwrap();
    assert!(
        db.outbox(t(2)).unwrap().is_empty(),
        "an autosave of half-typed text queues nothing"
    );

    db.save_article(a.id, &ArticlePatch::default(), SaveKind::Checkpoint, t(3))
        .unwrap();
    let queue = db.outbox(t(3)).unwrap();
    assert_eq!(queue.len(), 1, "the checkpoint closing the revision queues the publish");
    assert_eq!(queue[0].operation, Operation::Publish);
    assert_eq!(queue[0].target, target);
    assert_eq!(
        db.publication(a.id, target).unwrap().unwrap().state,
        PublicationState::Queued
    );
}

#[test]
fn ten_edits_merge_into_one_update() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let a = db.create_article(id(1), &published("十次修改"), t(1)).unwrap();
    let claim = db.claim_outbox("w", None, None, t(2), LEASE, 10).unwrap().remove(0);
    db.complete_push(&claim, &pushed(&db, a.id, 7, "publish"), t(3))
        .unwrap();
    assert!(db.outbox(t(3)).unwrap().is_empty(), "pushed: nothing left");
    assert!(
        db.plan_pushes(None, None, t(3)).unwrap() == 0,
        "an unchanged article needs nothing (fingerprint as stored)"
    );
    for n in 0..10 {
        db.save_article(
            a.id,
            &edit(&format!("第{n}稿"), SaveKind::Checkpoint),
            SaveKind::Checkpoint,
            t(10 + n),
        )
        .unwrap();
    }
    let queue = db.outbox(t(30)).unwrap();
    assert_eq!(queue.len(), 1, "ten checkpoints, one row");
    assert_eq!(queue[0].operation, Operation::Update, "the post exists: an update");
    let claims = db.claim_outbox("w", Some(target), None, t(30), LEASE, 10).unwrap();
    assert_eq!(claims.len(), 1, "and one send");
}

#[test]
fn a_lease_keeps_a_second_worker_off_until_it_runs_out() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, _) = with_target(dir.path());
    db.create_article(id(1), &published("租约"), t(1)).unwrap();
    let first = db.claim_outbox("app", None, None, t(2), LEASE, 10).unwrap();
    assert_eq!(first.len(), 1);
    assert!(!first[0].ambiguous, "a first attempt does not look the post up");
    assert!(
        db.claim_outbox("cron", None, None, t(3), LEASE, 10).unwrap().is_empty(),
        "the app holds it: cron must not send it too"
    );
    let later = db.claim_outbox("cron", None, None, t(2 + 61), LEASE, 10).unwrap();
    assert_eq!(later.len(), 1, "a lease that ran out (the app died) frees the item");
    assert!(
        later[0].ambiguous,
        "the dead worker may have sent it: look before creating"
    );
}

#[test]
fn an_edit_while_sending_keeps_the_item_for_the_next_round() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let a = db.create_article(id(1), &published("边发边改"), t(1)).unwrap();
    let claim = db.claim_outbox("w", None, None, t(2), LEASE, 10).unwrap().remove(0);
    let sent = pushed(&db, a.id, 9, "publish");
    db.save_article(
        a.id,
        &edit("发送时改的", SaveKind::Checkpoint),
        SaveKind::Checkpoint,
        t(3),
    )
    .unwrap();
    db.complete_push(&claim, &sent, t(4)).unwrap();
    let queue = db.outbox(t(4)).unwrap();
    assert_eq!(queue.len(), 1, "the edit made during the send is still to go");
    assert_eq!(queue[0].sending_by, None, "and no worker holds it");
    let p = db.publication(a.id, target).unwrap().unwrap();
    assert_eq!(
        p.remote_id,
        Some(9),
        "the post's id is kept: the next round updates, never creates again"
    );
    assert_eq!(p.state, PublicationState::Queued);
    let next = db.claim_outbox("w", None, None, t(5), LEASE, 10).unwrap().remove(0);
    assert!(!next.ambiguous, "the id is known: no lookup needed");
}

#[test]
fn failures_back_off_with_the_given_jitter_park_or_stop_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let a = db.create_article(id(1), &published("失败"), t(1)).unwrap();
    let b = db.create_article(id(2), &published("被拒"), t(1)).unwrap();

    assert_eq!(
        publishing::backoff(1, 0.0),
        Duration::from_secs(7) + Duration::from_millis(500)
    );
    assert_eq!(publishing::backoff(1, 1.0), Duration::from_secs(15));
    assert_eq!(publishing::backoff(3, 1.0), Duration::from_secs(60), "doubling");
    assert_eq!(
        publishing::backoff(30, 1.0),
        Duration::from_secs(3600),
        "capped at an hour"
    );

    let claims = db.claim_outbox("w", None, None, t(2), LEASE, 10).unwrap();
    let ca = claims.iter().find(|c| c.article == a.id).unwrap();
    let cb = claims.iter().find(|c| c.article == b.id).unwrap();
    db.fail_push(
        ca,
        &Failure::Retry {
            reason: "HTTP 500".into(),
            ambiguous: true,
        },
        t(2),
        1.0,
    )
    .unwrap();
    db.fail_push(
        cb,
        &Failure::Park {
            reason: "HTTP 400 rest_invalid_param".into(),
        },
        t(2),
        1.0,
    )
    .unwrap();
    assert!(
        db.claim_outbox("w", None, None, t(16), LEASE, 10).unwrap().is_empty(),
        "not before the backoff"
    );
    let again = db.claim_outbox("w", None, None, t(17), LEASE, 10).unwrap();
    assert_eq!(again.len(), 1, "the retry is due after 15 s; the parked item never is");
    assert_eq!(again[0].article, a.id);
    assert_eq!(again[0].attempts, 1);
    assert!(
        again[0].ambiguous,
        "after a cut connection the next attempt looks first"
    );
    let queue = db.outbox(t(17)).unwrap();
    let parked = queue.iter().find(|i| i.article == b.id).unwrap();
    assert!(
        parked.parked_reason.as_deref().unwrap().contains("400"),
        "the hold says why"
    );
    assert_eq!(
        db.publication(b.id, target).unwrap().unwrap().state,
        PublicationState::Failed
    );

    db.fail_push(
        &again[0],
        &Failure::StopTarget {
            reason: "HTTP 401".into(),
        },
        t(17),
        0.5,
    )
    .unwrap();
    assert!(
        db.target("门户").unwrap().stopped_reason.is_some(),
        "a 401 stops the target"
    );
    assert!(
        db.claim_outbox("w", None, None, t(10_000), LEASE, 10)
            .unwrap()
            .is_empty(),
        "a stopped target sends nothing until new credentials"
    );
    db.resume_target(target).unwrap();
    assert_eq!(db.claim_outbox("w", None, None, t(10_000), LEASE, 10).unwrap().len(), 1);

    db.save_article(
        b.id,
        &edit("改正了", SaveKind::Checkpoint),
        SaveKind::Checkpoint,
        t(10_001),
    )
    .unwrap();
    assert!(
        db.outbox(t(10_001))
            .unwrap()
            .iter()
            .any(|i| i.article == b.id && i.parked_reason.is_none()),
        "an edit lifts a refusal's hold"
    );
}

/// Found by probing the pull: a post pulled while pending review or private came in as a draft
/// here, and the next push "withdrew" it, making it a draft on the portal.
#[test]
fn only_a_public_post_is_withdrawn() {
    let on_portal = |status: &str| Publication {
        article: id(1),
        target: 1,
        state: PublicationState::Published,
        remote_id: Some(7),
        remote_url: Some("https://portal.example/?p=7".into()),
        remote_status: Some(status.into()),
        remote_modified_gmt: None,
        pushed_fingerprint: Some("f".into()),
        last_error: None,
        conflict: None,
    };
    for status in ["publish", "future"] {
        assert_eq!(
            publishing::plan(PublishingState::Draft, "f", Some(&on_portal(status))),
            Some(Operation::Withdraw),
            "{status}: readers see it (or will), so it is withdrawn"
        );
    }
    for status in ["draft", "pending", "private", "trash"] {
        assert_eq!(
            publishing::plan(PublishingState::Draft, "f", Some(&on_portal(status))),
            None,
            "{status}: no reader sees it; the portal's status stays"
        );
    }
}

#[test]
fn withdrawing_a_published_article_queues_a_withdraw_and_a_queued_publish_taken_back_goes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let a = db.create_article(id(1), &published("撤稿"), t(1)).unwrap();
    let claim = db.claim_outbox("w", None, None, t(2), LEASE, 10).unwrap().remove(0);
    db.complete_push(&claim, &pushed(&db, a.id, 3, "publish"), t(3))
        .unwrap();
    let status = |s| ArticlePatch {
        status: Some(s),
        ..ArticlePatch::default()
    };
    db.save_article(a.id, &status(Status::Withdrawn), SaveKind::Checkpoint, t(4))
        .unwrap();
    assert_eq!(db.outbox(t(4)).unwrap()[0].operation, Operation::Withdraw);

    let b = db.create_article(id(2), &published("发错了"), t(5)).unwrap();
    assert_eq!(db.outbox(t(5)).unwrap().len(), 2);
    db.save_article(b.id, &status(Status::Draft), SaveKind::Checkpoint, t(6))
        .unwrap();
    let queue = db.outbox(t(6)).unwrap();
    assert_eq!(queue.len(), 1, "a publish not sent yet is simply dropped");
    assert!(
        db.publication(b.id, target).unwrap().is_none(),
        "and it never was on the portal"
    );
}

#[test]
fn the_three_resolutions_of_a_conflict_do_what_they_say() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let theirs = PortalCopy {
        title: "门户上改的标题".into(),
        body: "<p>门户上改的正文</p>".into(),
        modified_gmt: "2023-11-15T00:00:00".into(),
        removed: None,
    };
    let setup = |db: &mut Db, n: u128| in_conflict(db, n, &theirs, "changed on the portal");
    let ours = setup(&mut db, 1);
    let p = db.publication(ours, target).unwrap().unwrap();
    assert_eq!(p.state, PublicationState::Conflict);
    assert_eq!(
        p.conflict.as_ref(),
        Some(&theirs),
        "the portal's version is kept for the diff"
    );
    assert!(
        db.claim_outbox("w", None, None, t(6), LEASE, 10).unwrap().is_empty(),
        "nothing is sent over it"
    );
    db.save_article(
        ours,
        &edit("冲突中又改了", SaveKind::Checkpoint),
        SaveKind::Checkpoint,
        t(7),
    )
    .unwrap();
    assert!(
        db.claim_outbox("w", None, None, t(8), LEASE, 10).unwrap().is_empty(),
        "an edit during a conflict does not send it either"
    );

    db.resolve_conflict(ours, target, &Resolution::KeepOurs, t(9)).unwrap();
    let p = db.publication(ours, target).unwrap().unwrap();
    assert_eq!(
        p.remote_modified_gmt.as_deref(),
        Some("2023-11-15T00:00:00"),
        "their change is now seen"
    );
    let claims = db.claim_outbox("w", None, None, t(9), LEASE, 10).unwrap();
    assert_eq!(claims.len(), 1, "keep ours: our version goes out");
    assert_eq!(
        db.article(ours).unwrap().body,
        "冲突中又改了",
        "and our text is unchanged"
    );

    let take = setup(&mut db, 2);
    let before = db.article(take).unwrap().revision;
    let a = db
        .resolve_conflict(
            take,
            target,
            &Resolution::TakeTheirs {
                title: theirs.title.clone(),
                body: "门户上改的正文".into(),
            },
            t(10),
        )
        .unwrap();
    assert_eq!(
        (a.title.as_str(), a.body.as_str()),
        ("门户上改的标题", "门户上改的正文")
    );
    assert_eq!(a.revision, before + 1, "taken in as a new revision");
    assert!(
        db.outbox(t(10)).unwrap().iter().all(|i| i.article != take),
        "the portal has it: nothing to send"
    );
    assert_eq!(
        db.publication(take, target).unwrap().unwrap().state,
        PublicationState::Published
    );
    assert_eq!(
        db.plan_pushes(None, Some(take), t(11)).unwrap(),
        0,
        "and it stays in step"
    );

    let merge = setup(&mut db, 3);
    let a = db
        .resolve_conflict(
            merge,
            target,
            &Resolution::Merge {
                title: "合并的标题".into(),
                body: "合并的正文".into(),
            },
            t(12),
        )
        .unwrap();
    assert_eq!(a.body, "合并的正文", "the editor's merge becomes ours");
    let queue = db.outbox(t(12)).unwrap();
    let item = queue.iter().find(|i| i.article == merge).unwrap();
    assert_eq!(
        (item.operation, item.parked_reason.as_deref()),
        (Operation::Update, None),
        "and is pushed"
    );
}

/// A published article, pushed, then edited here, whose next push met `theirs` on the portal.
fn in_conflict(db: &mut Db, n: u128, theirs: &PortalCopy, reason: &str) -> newsdesk_core::ArticleId {
    let a = db.create_article(id(n), &published("冲突"), t(1)).unwrap();
    let claim = db
        .claim_outbox("w", None, Some(a.id), t(2), LEASE, 1)
        .unwrap()
        .remove(0);
    db.complete_push(&claim, &pushed(db, a.id, n as i64, "publish"), t(3))
        .unwrap();
    db.save_article(
        a.id,
        &edit("我们改的", SaveKind::Checkpoint),
        SaveKind::Checkpoint,
        t(4),
    )
    .unwrap();
    let claim = db
        .claim_outbox("w", None, Some(a.id), t(5), LEASE, 1)
        .unwrap()
        .remove(0);
    db.mark_conflict(&claim, theirs, reason, t(5)).unwrap();
    a.id
}

/// [`in_conflict`] with a post taken down on the portal, for the reason the worker gives.
fn taken_down(db: &mut Db, n: u128, theirs: &PortalCopy) -> newsdesk_core::ArticleId {
    in_conflict(db, n, theirs, theirs.removed.unwrap().reason(newsdesk_core::Lang::En))
}

#[test]
fn a_post_taken_down_on_the_portal_comes_back_only_if_the_editor_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let trashed = PortalCopy {
        title: "撤下".into(),
        body: "<p>原文</p>".into(),
        modified_gmt: "2023-11-16T00:00:00".into(),
        removed: Some(Removal::Trashed),
    };

    let restore = taken_down(&mut db, 1, &trashed);
    let p = db.publication(restore, target).unwrap().unwrap();
    assert_eq!(
        (p.state, p.conflict.as_ref()),
        (PublicationState::Conflict, Some(&trashed)),
        "the removal is kept with the conflict, across a reopen of the row"
    );
    assert!(p.last_error.unwrap().contains("trash"), "and the reason names it");
    db.resolve_conflict(restore, target, &Resolution::KeepOurs, t(6))
        .unwrap();
    let queue = db.outbox(t(6)).unwrap();
    let item = queue.iter().find(|i| i.article == restore).unwrap();
    assert_eq!(
        item.operation,
        Operation::Update,
        "keep ours over a trashed post: the update that brings it back"
    );

    let accept = taken_down(&mut db, 2, &trashed);
    let a = db
        .resolve_conflict(
            accept,
            target,
            &Resolution::TakeTheirs {
                title: String::new(),
                body: String::new(),
            },
            t(7),
        )
        .unwrap();
    assert_eq!(
        (a.status, a.title.as_str(), a.body.as_str()),
        (Status::Withdrawn, "冲突", "我们改的"),
        "taking theirs accepts the takedown: withdrawn here, our text kept"
    );
    assert!(
        db.outbox(t(7)).unwrap().iter().all(|i| i.article != accept),
        "nothing is sent: the post stays in the portal's trash"
    );
    assert_eq!(
        db.plan_pushes(None, Some(accept), t(8)).unwrap(),
        0,
        "a withdrawn article whose post is in the trash needs no withdrawal"
    );
    db.save_article(accept, &with_status(Status::Published), SaveKind::Checkpoint, t(9))
        .unwrap();
    let claims = db.claim_outbox("w", None, Some(accept), t(9), LEASE, 1).unwrap();
    assert_eq!(
        claims.iter().map(|c| c.operation).collect::<Vec<_>>(),
        [Operation::Update],
        "published again by the editor: the same post is updated (out of the trash)"
    );

    let deleted = PortalCopy::deleted();
    let again = taken_down(&mut db, 3, &deleted);
    assert!(
        db.publication(again, target)
            .unwrap()
            .unwrap()
            .last_error
            .unwrap()
            .contains("deleted"),
        "the reason says the post is gone"
    );
    db.resolve_conflict(again, target, &Resolution::KeepOurs, t(10))
        .unwrap();
    let p = db.publication(again, target).unwrap().unwrap();
    assert_eq!(
        (p.remote_id, p.remote_url.as_deref()),
        (None, None),
        "the deleted post's id is forgotten"
    );
    let claims = db.claim_outbox("w", None, Some(again), t(10), LEASE, 1).unwrap();
    assert_eq!(
        claims.iter().map(|c| c.operation).collect::<Vec<_>>(),
        [Operation::Publish],
        "keep ours over a deleted post: published again as a new post"
    );

    let gone = taken_down(&mut db, 4, &deleted);
    let a = db
        .resolve_conflict(
            gone,
            target,
            &Resolution::TakeTheirs {
                title: String::new(),
                body: String::new(),
            },
            t(11),
        )
        .unwrap();
    assert_eq!(a.status, Status::Withdrawn, "accepting the deletion withdraws it here");
    assert_eq!(
        db.publication(gone, target).unwrap(),
        None,
        "and it has nothing on the portal any more"
    );
    assert_eq!(db.plan_pushes(None, Some(gone), t(12)).unwrap(), 0, "nothing to send");
}

#[test]
fn a_withdrawal_of_a_post_deleted_on_the_portal_is_done() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, target) = with_target(dir.path());
    let a = db.create_article(id(1), &published("撤稿"), t(1)).unwrap();
    let claim = db
        .claim_outbox("w", None, Some(a.id), t(2), LEASE, 1)
        .unwrap()
        .remove(0);
    db.complete_push(&claim, &pushed(&db, a.id, 7, "publish"), t(3))
        .unwrap();
    db.save_article(a.id, &with_status(Status::Withdrawn), SaveKind::Checkpoint, t(4))
        .unwrap();
    let claim = db
        .claim_outbox("w", None, Some(a.id), t(5), LEASE, 1)
        .unwrap()
        .remove(0);
    assert_eq!(claim.operation, Operation::Withdraw);
    db.complete_gone(&claim, t(6)).unwrap();
    assert_eq!(db.publication(a.id, target).unwrap(), None, "nothing is left there");
    assert!(db.outbox(t(6)).unwrap().is_empty(), "and nothing waits");
    db.save_article(a.id, &with_status(Status::Published), SaveKind::Checkpoint, t(7))
        .unwrap();
    let claims = db.claim_outbox("w", None, Some(a.id), t(7), LEASE, 1).unwrap();
    assert_eq!(
        claims.iter().map(|c| c.operation).collect::<Vec<_>>(),
        [Operation::Publish],
        "published again later: a new post"
    );
}

#[test]
fn targets_keep_no_password_and_names_are_unique() {
    let dir = tempfile::tempdir().unwrap();
    let (mut db, _) = with_target(dir.path());
    let again = db.add_target("门户", TargetKind::Wordpress, "https://other.example/", "x", t(1));
    assert_eq!(again.unwrap_err().kind(), newsdesk_core::ErrorKind::Validation);
    let bad = db.add_target("别的", TargetKind::Wordpress, "ftp://x", "x", t(1));
    assert_eq!(bad.unwrap_err().kind(), newsdesk_core::ErrorKind::Validation);
    drop(db);
    let conn = rusqlite::Connection::open(dir.path().join("site.db")).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('targets')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        !columns
            .iter()
            .any(|c| c.contains("pass") || c.contains("secret") || c.contains("token")),
        "credentials live in the keychain only: {columns:?}"
    );
}
