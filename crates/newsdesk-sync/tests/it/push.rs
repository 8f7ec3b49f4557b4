//! Pushing to the real WordPress: create, update, withdraw, photos, terms, meta, scheduling,
//! the portal check, a refused password, conflicts with their three resolutions, and posts taken
//! down on the portal.

use std::time::Duration;

use chrono::Utc;
use newsdesk_core::publishing::{PublicationState, Removal, Resolution};
use newsdesk_core::{ArticlePatch, ErrorKind, Lang, SaveKind, Status};
use newsdesk_sync::worker::Outcome;
use newsdesk_sync::{Secret, WordPress};
use serde_json::json;

use super::support::{Desk, admin, admin_delete, admin_get, admin_post, http, portal, posts_with_id, public_status};

fn save(desk: &mut Desk, id: newsdesk_core::ArticleId, patch: ArticlePatch) {
    desk.db
        .save_article(id, &patch, SaveKind::Checkpoint, Utc::now())
        .unwrap();
}

#[test]
fn the_portal_check_says_what_is_wrong() {
    let p = portal();
    let ok = WordPress::new(
        http(Duration::from_secs(10)).0,
        "门户",
        &p.url,
        &p.editor,
        &Secret::new(&p.editor_password),
    );
    let info = ok.check().unwrap();
    assert!(
        info.capabilities.iter().any(|c| c == "publish_posts"),
        "the editor may publish: {info:?}"
    );

    let wrong = WordPress::new(
        http(Duration::from_secs(10)).0,
        "门户",
        &p.url,
        &p.editor,
        &Secret::new("wrong pass word"),
    );
    let e = wrong.check().unwrap_err();
    assert_eq!(
        e.kind(),
        ErrorKind::Auth,
        "a wrong application password is an auth problem: {e:?}"
    );
    assert!(
        !e.message(Lang::Zh).contains("wrong pass word"),
        "no message repeats a password"
    );

    let nothing = WordPress::new(
        http(Duration::from_secs(3)).0,
        "门户",
        "http://127.0.0.1:9/",
        "x",
        &Secret::new("y"),
    );
    assert_eq!(
        nothing.check().unwrap_err().kind(),
        ErrorKind::Network,
        "nobody listening: offline"
    );

    let not_wp = WordPress::new(
        http(Duration::from_secs(10)).0,
        "门户",
        &format!("{}/wp-content", p.url),
        &p.editor,
        &Secret::new(&p.editor_password),
    );
    assert_eq!(
        not_wp.check().unwrap_err().kind(),
        ErrorKind::Remote,
        "an address without the REST API"
    );
}

#[test]
fn create_update_and_withdraw_with_terms_meta_and_attribution() {
    let mut desk = Desk::new(None);
    let keyword = super::support::unique("关键词");
    let id = desk.publish(
        "推送测试",
        ArticlePatch {
            body: Some("第一段。".into()),
            summary: Some("这是摘要".into()),
            keywords: Some(vec![keyword.clone()]),
            publish_at: Some("2021/9/13 2:43:08".into()),
            source_name: Some("中国劳动保障报".into()),
            source_url: Some("https://example.cn/a.html".into()),
            source_author: Some("刘薇".into()),
            source_time: Some("2020-08-12".into()),
            editor: Some("王编辑".into()),
            ..ArticlePatch::default()
        },
    );
    let (h, log) = http(Duration::from_secs(20));
    let done = desk.push(h.clone());
    assert!(matches!(done[0].outcome, Outcome::Pushed { .. }), "{done:?}");
    let creates = log
        .lines()
        .iter()
        .filter(|l| l.method == "POST" && l.url.ends_with("/wp/v2/posts"))
        .count();
    assert_eq!(creates, 1, "one create");
    assert!(
        !log.lines().iter().any(|l| l.method == "GET"),
        "the happy path makes no lookups: {:?}",
        log.lines()
    );

    let p = desk.db.publication(id, desk.target).unwrap().unwrap();
    assert_eq!(p.state, PublicationState::Published);
    let url = p.remote_url.clone().unwrap();
    assert!(
        url.contains("/2021/09/13/"),
        "the portal's permalink for the given date: {url}"
    );
    assert_eq!(public_status(&url), 200, "the post is public");

    let posts = posts_with_id(id);
    assert_eq!(posts.len(), 1, "exactly one post carries the id");
    let post = &posts[0];
    assert_eq!(post["date_gmt"], "2021-09-12T18:43:08", "发布日期 in GMT");
    assert_eq!(post["excerpt"]["raw"], "这是摘要");
    assert_eq!(post["meta"]["source_name"], "中国劳动保障报");
    assert_eq!(post["meta"]["source_author"], "刘薇");
    assert_eq!(post["meta"]["source_published_at"], "2020-08-12");
    assert_eq!(post["meta"]["responsible_editor"], "王编辑");
    assert!(
        post["content"]["raw"]
            .as_str()
            .unwrap()
            .contains("来源:<a href=\"https://example.cn/a.html\"")
    );
    let category = admin_get(&format!(
        "{}/wp-json/wp/v2/categories/{}",
        portal().url,
        post["categories"][0]
    ));
    assert_eq!(
        category["name"], "百姓生活",
        "the channel is the category, created by name"
    );
    let tag = admin_get(&format!("{}/wp-json/wp/v2/tags/{}", portal().url, post["tags"][0]));
    assert_eq!(tag["name"], keyword.as_str(), "keywords are tags");

    // Two edits, one update; the post keeps its id.
    save(
        &mut desk,
        id,
        ArticlePatch {
            body: Some("第二稿。".into()),
            ..ArticlePatch::default()
        },
    );
    save(
        &mut desk,
        id,
        ArticlePatch {
            body: Some("第三稿。".into()),
            ..ArticlePatch::default()
        },
    );
    let before = log.lines().len();
    let done = desk.push(h.clone());
    assert_eq!(done.len(), 1, "two checkpoints, one update");
    let requests: Vec<_> = log.lines()[before..].to_vec();
    assert!(
        requests
            .iter()
            .all(|l| !l.url.ends_with("/wp/v2/posts") || l.method != "POST"),
        "an update never creates: {requests:?}"
    );
    let posts = posts_with_id(id);
    assert_eq!(posts.len(), 1);
    assert!(
        posts[0]["content"]["raw"].as_str().unwrap().contains("第三稿"),
        "the newest text arrived"
    );
    assert!(desk.push(h.clone()).is_empty(), "nothing left to send");

    // 撤稿: a draft on the portal, its public address gone.
    save(
        &mut desk,
        id,
        ArticlePatch {
            status: Some(Status::Withdrawn),
            ..ArticlePatch::default()
        },
    );
    let done = desk.push(h.clone());
    assert!(matches!(done[0].outcome, Outcome::Pushed { .. }), "{done:?}");
    let posts = posts_with_id(id);
    assert_eq!(posts[0]["status"], "draft", "withdrawn: kept on the portal as a draft");
    assert_eq!(public_status(&url), 404, "and no longer public");
}

#[test]
fn photos_are_uploaded_once_with_their_caption_and_the_lead_photo_is_featured() {
    let mut desk = Desk::new(None);
    let id = desk.publish("图片测试", ArticlePatch::default());
    let lead = desk.photo(1, id, "江勇(右三)走访福建省福清市祥兴箱包厂，了解企业复工情况。陈鋆摄");
    let inline = desk.photo(2, id, "工人们在车间忙碌。李明摄");
    desk.db.set_lead_photo(id, Some(&lead.id)).unwrap();
    save(
        &mut desk,
        id,
        ArticlePatch {
            body: Some(format!("开头。\n\n![车间](photo:{})\n\n结尾。", inline.id)),
            ..ArticlePatch::default()
        },
    );
    let (h, log) = http(Duration::from_secs(20));
    desk.push(h.clone());
    let uploads = || {
        log.lines()
            .iter()
            .filter(|l| l.method == "POST" && l.url.contains("/wp/v2/media"))
            .count()
    };
    assert_eq!(uploads(), 2, "each photo once");

    let post = &posts_with_id(id)[0];
    let media = desk.db.remote_media(&lead.sha256, desk.target).unwrap().unwrap();
    assert_eq!(post["featured_media"], media.remote_id, "题图 is the featured image");
    let content = post["content"]["raw"].as_str().unwrap();
    let inline_media = desk.db.remote_media(&inline.sha256, desk.target).unwrap().unwrap();
    assert!(
        content.contains(&format!(
            "<figure class=\"wp-block-image\"><img src=\"{}\"",
            inline_media.remote_url
        )),
        "the figure shows the portal's copy: {content}"
    );
    assert!(
        content.contains("<figcaption>工人们在车间忙碌。 <span class=\"credit\">李明摄</span></figcaption>"),
        "{content}"
    );
    let m = admin_get(&format!(
        "{}/wp-json/wp/v2/media/{}?context=edit",
        portal().url,
        inline_media.remote_id
    ));
    assert_eq!(
        m["caption"]["raw"], "工人们在车间忙碌。 李明摄",
        "caption and credit set by the upload itself"
    );
    assert!(
        m["source_url"].as_str().unwrap().contains(&inline.sha256[..16]),
        "the file name carries the hash"
    );

    save(
        &mut desk,
        id,
        ArticlePatch {
            summary: Some("改了摘要".into()),
            ..ArticlePatch::default()
        },
    );
    desk.push(h.clone());
    assert_eq!(uploads(), 2, "a second push does not upload again");
    assert_eq!(posts_with_id(id)[0]["excerpt"]["raw"], "改了摘要");
}

#[test]
fn a_scheduled_article_goes_as_future_and_is_not_public_yet() {
    let mut desk = Desk::new(None);
    let at = (Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let id = desk.publish(
        "定时发布测试",
        ArticlePatch {
            publish_at: Some(at),
            ..ArticlePatch::default()
        },
    );
    assert_eq!(
        desk.db.article(id).unwrap().status,
        Status::Scheduled,
        "已发布 with a future date is stored as scheduled"
    );
    desk.push(http(Duration::from_secs(20)).0);
    let post = &posts_with_id(id)[0];
    assert_eq!(
        post["status"], "future",
        "the portal publishes it at its time by itself"
    );
    let p = desk.db.publication(id, desk.target).unwrap().unwrap();
    assert_eq!(p.remote_status.as_deref(), Some("future"));
}

#[test]
fn a_refused_password_stops_the_target_and_sends_nothing_more() {
    let mut desk = Desk::new(None);
    let a = desk.publish("密码错误一", ArticlePatch::default());
    desk.publish("密码错误二", ArticlePatch::default());
    let (h, log) = http(Duration::from_secs(20));
    let mut w = newsdesk_sync::Worker::open(&desk.path(), super::support::setup("bad", h, "not the password")).unwrap();
    let done = w
        .run_until_idle(
            Default::default(),
            &std::sync::atomic::AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap();
    assert_eq!(
        done.len(),
        1,
        "the first 401 stops the target: the second item is not tried: {done:?}"
    );
    assert!(matches!(done[0].outcome, Outcome::TargetStopped(_)));
    assert_eq!(
        log.lines().len(),
        1,
        "one request (the category) and nothing after its 401: {:?}",
        log.lines()
    );
    let target = desk.db.target("门户").unwrap();
    assert!(
        target.stopped_reason.unwrap().contains("门户"),
        "the reason names the target"
    );
    assert!(posts_with_id(a).is_empty());
}

#[test]
fn a_change_on_the_portal_is_a_conflict_and_each_resolution_does_what_it_says() {
    let mut desk = Desk::new(None);
    let (h, _) = http(Duration::from_secs(20));
    let mut ids = Vec::new();
    for n in 0..3 {
        ids.push(desk.publish(
            &format!("冲突测试{n}"),
            ArticlePatch {
                body: Some("原文。".into()),
                ..ArticlePatch::default()
            },
        ));
    }
    desk.push(h.clone());
    // modified_gmt has one-second resolution: make sure the portal's edit is in a later second.
    std::thread::sleep(Duration::from_millis(1100));
    for id in &ids {
        let remote = desk
            .db
            .publication(*id, desk.target)
            .unwrap()
            .unwrap()
            .remote_id
            .unwrap();
        admin_post(
            &format!("wp/v2/posts/{remote}"),
            &json!({ "title": "门户编辑改的标题", "content": "<p>门户编辑改的正文</p>" }),
        );
        save(
            &mut desk,
            *id,
            ArticlePatch {
                body: Some("我们改的正文。".into()),
                ..ArticlePatch::default()
            },
        );
    }
    let done = desk.push(h.clone());
    assert!(
        done.iter().all(|p| p.outcome == Outcome::Conflict),
        "each is a conflict: {done:?}"
    );
    for id in &ids {
        let post = &posts_with_id(*id)[0];
        assert_eq!(post["title"]["raw"], "门户编辑改的标题", "nothing was overwritten");
        let p = desk.db.publication(*id, desk.target).unwrap().unwrap();
        assert_eq!(p.state, PublicationState::Conflict);
        let copy = p.conflict.unwrap();
        assert_eq!(
            copy.title, "门户编辑改的标题",
            "the portal's version is kept for the diff"
        );
        assert!(copy.body.contains("门户编辑改的正文"));
    }
    assert!(desk.push(h.clone()).is_empty(), "a conflict is not retried by itself");

    let t = desk.target;
    desk.db
        .resolve_conflict(ids[0], t, &Resolution::KeepOurs, Utc::now())
        .unwrap();
    desk.db
        .resolve_conflict(
            ids[1],
            t,
            &Resolution::TakeTheirs {
                title: "门户编辑改的标题".into(),
                body: "门户编辑改的正文".into(),
            },
            Utc::now(),
        )
        .unwrap();
    desk.db
        .resolve_conflict(
            ids[2],
            t,
            &Resolution::Merge {
                title: "合并后的标题".into(),
                body: "合并后的正文。".into(),
            },
            Utc::now(),
        )
        .unwrap();
    let done = desk.push(h.clone());
    assert_eq!(
        done.len(),
        2,
        "keep ours and the merge are pushed; taking theirs sends nothing: {done:?}"
    );
    let ours = &posts_with_id(ids[0])[0];
    assert!(
        ours["content"]["raw"].as_str().unwrap().contains("我们改的正文"),
        "keep ours: ours on the portal"
    );
    let theirs_local = desk.db.article(ids[1]).unwrap();
    assert_eq!(
        theirs_local.title, "门户编辑改的标题",
        "take theirs: theirs in Newsdesk"
    );
    assert_eq!(
        posts_with_id(ids[1])[0]["title"]["raw"],
        "门户编辑改的标题",
        "and the portal untouched"
    );
    let merged = &posts_with_id(ids[2])[0];
    assert_eq!(
        merged["title"]["raw"], "合并后的标题",
        "merge: the editor's text on the portal"
    );
    assert!(merged["content"]["raw"].as_str().unwrap().contains("合并后的正文"));
    for id in &ids {
        assert_eq!(
            desk.db.publication(*id, t).unwrap().unwrap().state,
            PublicationState::Published
        );
    }
}

#[test]
fn a_post_taken_down_on_the_portal_is_not_brought_back_behind_its_back() {
    let mut desk = Desk::new(None);
    let (h, _) = http(Duration::from_secs(20));
    let body = |text: &str| ArticlePatch {
        body: Some(text.into()),
        ..ArticlePatch::default()
    };
    let trashed = desk.publish("回收站", body("原文。"));
    let deleted = desk.publish("已删除", body("原文。"));
    let withdrawn = desk.publish("撤稿", body("原文。"));
    desk.push(h.clone());
    let remote = |desk: &Desk, id| {
        desk.db
            .publication(id, desk.target)
            .unwrap()
            .unwrap()
            .remote_id
            .unwrap()
    };
    let (trashed_post, deleted_post, withdrawn_post) =
        (remote(&desk, trashed), remote(&desk, deleted), remote(&desk, withdrawn));
    admin_delete(&format!("wp/v2/posts/{trashed_post}"));
    admin_delete(&format!("wp/v2/posts/{deleted_post}?force=true"));
    admin_delete(&format!("wp/v2/posts/{withdrawn_post}?force=true"));
    save(&mut desk, trashed, body("我们改的正文。"));
    save(&mut desk, deleted, body("我们改的正文。"));
    save(
        &mut desk,
        withdrawn,
        ArticlePatch {
            status: Some(Status::Withdrawn),
            ..ArticlePatch::default()
        },
    );

    let done = desk.push(h.clone());
    let outcome = |id| done.iter().find(|p| p.article == id).map(|p| p.outcome.clone());
    assert_eq!(
        outcome(trashed),
        Some(Outcome::Conflict),
        "an update over the trash waits: {done:?}"
    );
    assert_eq!(
        outcome(deleted),
        Some(Outcome::Conflict),
        "so does one over a deleted post"
    );
    assert_eq!(
        outcome(withdrawn),
        Some(Outcome::Unchanged),
        "a withdrawal of a deleted post has what it asked for"
    );
    assert_eq!(
        posts_with_id(trashed)[0]["status"],
        "trash",
        "the trashed post stays in the trash"
    );
    assert!(
        posts_with_id(deleted).is_empty(),
        "and the deleted one was not made again"
    );
    let p = desk.db.publication(trashed, desk.target).unwrap().unwrap();
    let copy = p.conflict.unwrap();
    assert_eq!(
        copy.removed,
        Some(Removal::Trashed),
        "the conflict says the post is in the trash"
    );
    assert!(copy.body.contains("原文"), "with the trashed text for the diff");
    assert_eq!(
        p.last_error.as_deref(),
        Some(Removal::Trashed.reason(Lang::En)),
        "and so does the reason, in the worker's language"
    );
    let p = desk.db.publication(deleted, desk.target).unwrap().unwrap();
    assert_eq!(p.conflict.unwrap().removed, Some(Removal::Deleted));
    assert_eq!(
        desk.db.publication(withdrawn, desk.target).unwrap(),
        None,
        "the withdrawn article has nothing on the portal any more"
    );
    let view = newsdesk_sync::pull::conflict_view(&desk.db, deleted, desk.target).unwrap();
    assert_eq!(
        (view.theirs_removed, view.theirs_body.as_str()),
        (Some(Removal::Deleted), ""),
        "the conflict view of a deleted post has nothing to show of theirs"
    );

    let t = desk.target;
    desk.db
        .resolve_conflict(trashed, t, &Resolution::KeepOurs, Utc::now())
        .unwrap();
    desk.db
        .resolve_conflict(deleted, t, &Resolution::KeepOurs, Utc::now())
        .unwrap();
    let done = desk.push(h.clone());
    assert_eq!(done.len(), 2, "both are sent once the editor says so: {done:?}");
    let back = &posts_with_id(trashed)[0];
    assert_eq!(
        (back["id"].as_i64(), back["status"].as_str()),
        (Some(trashed_post), Some("publish")),
        "keep ours brings the same post back from the trash"
    );
    assert!(
        !back["slug"].as_str().unwrap().contains("__trashed"),
        "under its own address: {}",
        back["slug"]
    );
    assert!(back["content"]["raw"].as_str().unwrap().contains("我们改的正文"));
    let again = posts_with_id(deleted);
    assert_eq!(again.len(), 1, "keep ours publishes the deleted post once more");
    assert_ne!(again[0]["id"].as_i64(), Some(deleted_post), "as a new post");
    assert_eq!(
        desk.db.publication(deleted, t).unwrap().unwrap().remote_id,
        again[0]["id"].as_i64(),
        "which is the one Newsdesk now updates"
    );
}

/// Found by probing: a photo whose web rendition was gone from the media folder (cleaned, or
/// synced without it) was retried forever with "choose a file that exists", a file the editor
/// never chose. The rendition is made again from the original; without the original the item is
/// held with the photo named.
#[test]
fn a_photo_missing_from_the_media_folder_is_made_again_or_named() {
    let mut desk = Desk::new(None);
    let media = desk.media();
    let healed = desk.publish("缺图自愈", ArticlePatch::default());
    let thin = desk.photo(31, healed, "渲染图被清掉了。王五摄");
    let lost = desk.publish("缺图", ArticlePatch::default());
    let gone = desk.photo(32, lost, "原图也不见了。赵六摄");
    for (id, photo) in [(healed, &thin), (lost, &gone)] {
        save(
            &mut desk,
            id,
            ArticlePatch {
                body: Some(format!("正文。\n\n![图](photo:{})", photo.id)),
                ..ArticlePatch::default()
            },
        );
    }
    for r in thin.renditions.iter().chain(&gone.renditions) {
        std::fs::remove_file(media.absolute(&r.path)).unwrap();
    }
    std::fs::remove_file(media.absolute(&gone.original)).unwrap();

    let (h, _) = http(Duration::from_secs(20));
    let done = desk.push(h);
    let outcome = |id| done.iter().find(|p| p.article == id).map(|p| p.outcome.clone());
    assert!(
        matches!(outcome(healed), Some(Outcome::Pushed { .. })),
        "the rendition is made again from the original and sent: {done:?}"
    );
    assert!(
        desk.db.remote_media(&thin.sha256, desk.target).unwrap().is_some(),
        "the photo is on the portal"
    );
    let remade = desk.db.photo(&thin.id).unwrap();
    assert!(
        remade.renditions.iter().all(|r| media.absolute(&r.path).is_file()),
        "and its renditions are back in the media folder"
    );
    let Some(Outcome::Parked(reason)) = outcome(lost) else {
        panic!("without the original the item waits for the editor, not a retry: {done:?}");
    };
    assert!(
        reason.contains("原图也不见了") && reason.contains("Import the photo again"),
        "naming the photo by its caption and saying what to do: {reason}"
    );
    assert!(posts_with_id(lost).is_empty(), "and nothing half was sent");
}

#[test]
fn the_admin_client_sees_what_the_portal_holds() {
    // Guards the helpers the other tests rely on: a wrong helper would make them pass vacuously.
    let post = admin_post(
        "wp/v2/posts",
        &json!({ "title": "辅助检查", "status": "draft", "meta": { "newsdesk_id": "helper-check" } }),
    );
    assert_eq!(
        post["meta"]["newsdesk_id"], "helper-check",
        "the must-use plugin is on the test portal"
    );
    let found = admin().find_by_newsdesk_id("helper-check").unwrap();
    assert_eq!(
        found.map(|p| p.id),
        post["id"].as_i64(),
        "the newsdesk_id filter finds it"
    );
}

#[test]
fn without_a_password_the_round_stops_and_the_items_stay_as_they_were() {
    let mut desk = Desk::new(None);
    let id = desk.publish("没有密码", ArticlePatch::default());
    let (h, log) = http(Duration::from_secs(20));
    let mut s = super::support::setup("nopass", h, "unused");
    s.credentials = Box::new(|t| newsdesk_sync::credentials::load_from(t, None));
    let mut w = newsdesk_sync::Worker::open(&desk.path(), s).unwrap();
    let e = w
        .run_until_idle(
            Default::default(),
            &std::sync::atomic::AtomicBool::new(false),
            &mut |_| {},
        )
        .unwrap_err();
    assert!(
        e.message(Lang::En).contains("--password-stdin"),
        "says what to do: {}",
        e.message(Lang::En)
    );
    assert!(log.lines().is_empty(), "nothing was sent");
    let queue = desk.db.outbox(Utc::now()).unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(
        (queue[0].attempts, queue[0].sending_by.as_deref()),
        (0, None),
        "no attempt counted, no lease held"
    );
    assert_eq!(
        desk.db.publication(id, desk.target).unwrap().unwrap().state,
        PublicationState::Queued
    );
}

#[test]
fn the_app_worker_runs_on_its_thread_until_stopped() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let mut desk = Desk::new(None);
    let id = desk.publish("后台线程", ArticlePatch::default());
    let (h, _) = http(Duration::from_secs(20));
    let worker = desk.worker("app", h);
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = worker.spawn(
        stop.clone(),
        Duration::from_millis(50),
        Box::new(move |p| {
            let _ = tx.send(p.clone());
        }),
        Box::new(|e| panic!("the worker failed: {e:?}")),
    );
    let progress = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the worker reports progress");
    assert_eq!(progress.article, id);
    assert!(matches!(progress.outcome, Outcome::Pushed { .. }), "{progress:?}");
    stop.store(true, Ordering::Relaxed);
    handle.join().expect("the worker stops when asked");
    assert_eq!(posts_with_id(id).len(), 1);
}

#[test]
fn terms_cost_one_request_once_and_a_deleted_one_is_made_again() {
    let mut desk = Desk::new(None);
    let channel = super::support::unique("新栏目");
    desk.db.add_channel(&channel, None).unwrap();
    let keyword = super::support::unique("新词");
    // Desk::publish files under 百姓生活; the channel is changed before anything is pushed.
    let publish = |desk: &mut Desk, t: &str| {
        let id = desk.publish(
            t,
            ArticlePatch {
                keywords: Some(vec![keyword.clone()]),
                ..ArticlePatch::default()
            },
        );
        desk.db
            .save_article(
                id,
                &ArticlePatch {
                    channel: Some(channel.clone()),
                    ..ArticlePatch::default()
                },
                SaveKind::Checkpoint,
                Utc::now(),
            )
            .unwrap();
        id
    };
    publish(&mut desk, "词条一");
    let (h, log) = http(Duration::from_secs(20));
    desk.push(h.clone());
    let terms = |log: &newsdesk_sync::RequestLog| {
        log.lines()
            .iter()
            .filter(|l| l.url.contains("/wp/v2/categories") || l.url.contains("/wp/v2/tags"))
            .count()
    };
    assert_eq!(terms(&log), 2, "the new channel and the new keyword: one request each");

    // A new process (a new worker) knows them from the database.
    let second = publish(&mut desk, "词条二");
    let (h2, log2) = http(Duration::from_secs(20));
    desk.push(h2);
    assert_eq!(
        terms(&log2),
        0,
        "known terms cost nothing in a later run: {:?}",
        log2.lines()
    );
    assert_eq!(log2.lines().len(), 1, "one request for the article: {:?}", log2.lines());

    // Deleted on the portal: the post would land in the default category; it is made again.
    let post = &posts_with_id(second)[0];
    let category = post["categories"][0].as_i64().unwrap();
    let (ah, _) = http(Duration::from_secs(20));
    let auth = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("admin:{}", portal().admin_password)
        )
    );
    let url = format!("{}/wp-json/wp/v2/categories/{category}?force=true", portal().url);
    let deleted = ah
        .send(newsdesk_sync::http::Request {
            method: "DELETE",
            url: &url,
            authorization: Some(&auth),
            headers: Vec::new(),
            body: None,
        })
        .unwrap();
    assert_eq!(deleted.status, 200, "{}", String::from_utf8_lossy(&deleted.body));
    let third = publish(&mut desk, "词条三");
    desk.push(http(Duration::from_secs(20)).0);
    let post = &posts_with_id(third)[0];
    let cat = admin_get(&format!(
        "{}/wp-json/wp/v2/categories/{}",
        portal().url,
        post["categories"][0]
    ));
    assert_eq!(
        cat["name"],
        channel.as_str(),
        "filed under the channel, made again, not under the default"
    );
}
