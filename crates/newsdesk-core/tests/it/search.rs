//! Search: the index gives exactly the answer of a plain substring scan over the folded text,
//! on a corpus of controlled words, before and after every kind of write.

use std::collections::BTreeSet;
use std::io::Cursor;

use newsdesk_core::interchange::import_jsonl;
use newsdesk_core::search::{COUNT_EXACTLY_UP_TO, SearchQuery, folded_article};
use newsdesk_core::{ArticleCounts, ArticleFilter, ArticleId, ArticlePatch, Db, SaveKind, Status};

use super::support::{id, patch, site_db, t};

/// Words chosen to trip a search: one, two and three Chinese characters that overlap (就业局
/// holds 就业 and 业局), Traditional forms, Latin in two cases, digits, full-width forms.
const WORDS: &[&str] = &[
    "就",
    "业",
    "就业",
    "就业局",
    "业局",
    "局",
    "遵义",
    "遵義",
    "就業",
    "茶",
    "湄潭",
    "秋茶",
    "采摘",
    "採摘",
    "Covid",
    "COVID",
    "ｃｏｖｉｄ",
    "19",
    "１９",
    "2021",
    "abc",
    "b",
    "新闻",
    "新聞",
    "人民网",
    "江勇",
    "陈鋆",
    "的",
    "，",
    "。",
    " ",
];

const QUERIES: &[&str] = &[
    "就",
    "业",
    "就业",
    "就业局",
    "业局",
    "就業",
    "遵义",
    "遵義 茶",
    "秋茶",
    "采摘",
    "採摘",
    "covid",
    "ＣＯＶＩＤ",
    "19",
    "１９",
    "b",
    "abc",
    "2021 就业",
    "就业 -就业局",
    "-茶",
    "\"就业 局\"",
    "就业，",
    "来源:人民网",
    "作者:江勇",
    "编辑:陈鋆",
    "标题:遵义",
    "新闻",
    "的",
    "局 -就业局",
    "cov",
    "vid-19",
    "，",
];

/// A small deterministic generator, so every run builds the same corpus.
struct Cases(u64);

impl Cases {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }

    fn text(&mut self, words: usize) -> String {
        (0..words).map(|_| WORDS[self.next(WORDS.len())]).collect()
    }
}

fn article_patch(cases: &mut Cases, n: usize) -> ArticlePatch {
    let field = |cases: &mut Cases| (cases.next(3) > 0).then(|| cases.text(2));
    ArticlePatch {
        title: Some(format!("{}{n}", cases.text(3))),
        body: Some(cases.text(12)),
        summary: field(cases),
        source_name: field(cases),
        source_author: field(cases),
        editor: field(cases),
        keywords: Some(vec![cases.text(1)]),
        ..patch("")
    }
}

/// The ids every query finds through the index, and those a plain scan finds.
fn compare(db: &Db, what: &str) {
    let all = db
        .list_articles(&ArticleFilter::default())
        .unwrap()
        .items
        .items
        .into_iter()
        .map(|s| db.article(s.id).unwrap())
        .collect::<Vec<_>>();
    for q in QUERIES {
        let query = SearchQuery::parse(q);
        let plain: BTreeSet<ArticleId> = all
            .iter()
            .filter(|a| {
                let captions: Vec<String> = db
                    .article_photos(a.id)
                    .unwrap()
                    .into_iter()
                    .flat_map(|p| [p.photo.caption, p.photo.credit].into_iter().flatten())
                    .collect();
                query.matches(&folded_article(a, &captions))
            })
            .map(|a| a.id)
            .collect();
        let page = db
            .list_articles(&ArticleFilter {
                query: Some(q.to_string()),
                ..ArticleFilter::default()
            })
            .unwrap();
        let indexed: BTreeSet<ArticleId> = page.items.items.iter().map(|s| s.id).collect();
        assert_eq!(
            indexed, plain,
            "{what}: query {q:?} must find exactly what a plain scan finds"
        );
        if page.total_is_lower_bound {
            // Past the exact count (the trash's hits counted too): never more than there are.
            assert!(
                page.total as usize <= plain.len(),
                "{what}: {q:?} counts at least {} of {}",
                page.total,
                plain.len()
            );
        } else {
            assert_eq!(page.total as usize, plain.len(), "{what}: {q:?} counts what it finds");
        }
    }
}

#[test]
fn the_index_answers_as_a_plain_scan_through_every_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let mut cases = Cases(0x2545_f491_4f6c_dd1d);
    for n in 0..120 {
        db.create_article(id(n as u128), &article_patch(&mut cases, n), t(n as i64))
            .unwrap();
    }
    compare(&db, "after creating");

    for n in (0..120).step_by(7) {
        let p = ArticlePatch {
            title: None,
            ..article_patch(&mut cases, n)
        };
        let kind = if n % 2 == 0 {
            SaveKind::Autosave
        } else {
            SaveKind::Checkpoint
        };
        db.save_article(id(n as u128), &p, kind, t(1000 + n as i64)).unwrap();
    }
    compare(&db, "after edits and autosaves");

    for n in (3..120).step_by(11) {
        db.trash_article(id(n as u128), t(2000)).unwrap();
    }
    compare(&db, "after trashing");
    db.untrash_article(id(3)).unwrap();
    db.restore_revision(id(7), 1, t(3000)).unwrap();
    db.duplicate_article(id(15), id(500), t(3001)).unwrap();
    compare(&db, "after untrash, restore and duplicate");

    let lines: String = (0..20)
        .map(|n| {
            let p = article_patch(&mut cases, 900 + n);
            serde_json::json!({
                "title": p.title, "channel": "百姓生活", "body": p.body, "editor": p.editor,
                "source": {"name": p.source_name, "author": p.source_author},
            })
            .to_string()
                + "\n"
        })
        .collect();
    import_jsonl(&mut db, &mut Cursor::new(lines), &mut ArticleId::generate, t(4000)).unwrap();
    compare(&db, "after a JSONL import");
}

#[test]
fn two_character_words_are_found_ranked_with_title_hits_first_and_highlighted() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.create_article(
        id(1),
        &ArticlePatch {
            body: Some("在全国就业领域，遵义市就业局举办招聘会。".into()),
            publish_at: Some("2021-09-01 10:00".into()),
            ..patch("江勇走访企业")
        },
        t(0),
    )
    .unwrap();
    db.create_article(
        id(2),
        &ArticlePatch {
            body: Some("湄潭秋茶".into()),
            publish_at: Some("2021-08-01 10:00".into()),
            status: Some(Status::Published),
            ..patch("党旗下的就业人")
        },
        t(1),
    )
    .unwrap();
    let page = db
        .list_articles(&ArticleFilter {
            query: Some("就业".into()),
            ..ArticleFilter::default()
        })
        .unwrap();
    let ids: Vec<ArticleId> = page.items.items.iter().map(|s| s.id).collect();
    assert_eq!(ids, [id(2), id(1)], "the title hit comes first, though it is older");
    let snippet = page.items.items[1].snippet.as_ref().expect("a hit has a snippet");
    let marked: Vec<&str> = snippet.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["就业", "就业"], "each hit in the snippet is marked");
    assert_eq!(page.counts.published, 1, "the counts follow the query");
    assert_eq!(page.counts.draft, 1);

    let filtered = db
        .list_articles(&ArticleFilter {
            query: Some("就业".into()),
            status: Some(Status::Draft),
            ..ArticleFilter::default()
        })
        .unwrap();
    assert_eq!(filtered.total, 1, "a status filter narrows the hits");
    assert_eq!(filtered.counts.total, 2, "but not the counts beside it");
}

#[test]
fn captions_and_credits_are_searched_with_the_articles_that_show_them() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("demo.db");
    let mut db = super::support::demo_db(dir.path());
    let found = |db: &Db, q: &str| {
        db.list_articles(&ArticleFilter {
            query: Some(q.into()),
            ..ArticleFilter::default()
        })
        .unwrap()
        .total
    };
    assert!(
        found(&db, "陈鋆") >= 1,
        "the seed photo's credit finds the seed article"
    );
    let photo = db.photos().unwrap().remove(0);
    db.update_photo(
        &photo.id,
        &newsdesk_core::media::PhotoPatch {
            caption: Some("湄潭茶园迎来秋茶采摘季".into()),
            credit: Some("王秀芳摄".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(found(&db, "陈鋆"), 0, "the old credit is gone from the index");
    assert!(found(&db, "王秀芳") >= 1, "the new one is in");
    drop(db);
    let _ = db_path;
}

#[test]
fn an_older_database_is_indexed_after_opening_and_says_so_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    for n in 0..30 {
        db.create_article(id(n), &patch(&format!("就业第{n}篇")), t(n as i64))
            .unwrap();
    }
    drop(db);
    // As a database from before the index: no index rows, and the backfill to do.
    let conn = rusqlite::Connection::open(dir.path().join("site.db")).unwrap();
    conn.execute_batch(
        "DELETE FROM search_grams; DELETE FROM search_docs; UPDATE search_state SET backfill = 1, cursor = 0;",
    )
    .unwrap();
    drop(conn);
    let mut db = Db::open(&dir.path().join("site.db")).unwrap();
    assert!(db.search_indexing().unwrap());
    let progress = db.index_pending(20).unwrap();
    assert!(progress.pending && progress.indexed == 20);
    drop(db);
    // Resumed by another process, as after a restart.
    let mut db = Db::open(&dir.path().join("site.db")).unwrap();
    while db.index_pending(20).unwrap().pending {}
    assert!(!db.search_indexing().unwrap());
    let page = db
        .list_articles(&ArticleFilter {
            query: Some("就业".into()),
            ..ArticleFilter::default()
        })
        .unwrap();
    assert_eq!(page.total, 30, "every older article is found once the index is built");
}

#[test]
fn merging_the_index_changes_no_answer_and_resumes_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let mut cases = Cases(0x5851_f42d_4c95_7f2d);
    // A transaction per save: the index in many segments, some rows deleted by later saves.
    for n in 0..150 {
        db.create_article(id(n as u128), &article_patch(&mut cases, n), t(n as i64))
            .unwrap();
    }
    for n in (0..150).step_by(4) {
        db.save_article(
            id(n as u128),
            &article_patch(&mut cases, n),
            SaveKind::Checkpoint,
            t(500),
        )
        .unwrap();
    }
    for n in (1..150).step_by(13) {
        db.trash_article(id(n as u128), t(600)).unwrap();
    }
    drop(db);
    // As a database indexed before the merge existed: the migration marks it.
    let path = dir.path().join("site.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE search_state SET merging = 1", [])
        .unwrap();
    let mut db = Db::open(&path).unwrap();
    assert!(db.search_indexing().unwrap(), "a merge to do is indexing work");
    compare(&db, "before the merge");
    // A page at a time, so that it takes several steps; answers stay right halfway.
    assert!(db.index_pending(1).unwrap().pending);
    compare(&db, "halfway through the merge");
    drop(db);
    let mut db = Db::open(&path).unwrap();
    assert!(db.search_indexing().unwrap(), "the merge resumes after a restart");
    let mut steps = 1;
    while db.index_pending(1).unwrap().pending {
        steps += 1;
    }
    assert!(
        steps > 2,
        "the merge took {steps} steps: it went on from one to the next"
    );
    assert!(!db.search_indexing().unwrap());
    compare(&db, "after the merge");
    // FTS5's own check of the merged index, and a save after it.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO search_grams (search_grams, rank) VALUES ('integrity-check', 0)",
            [],
        )
        .unwrap();
    db.save_article(id(2), &article_patch(&mut cases, 2), SaveKind::Checkpoint, t(700))
        .unwrap();
    compare(&db, "a save after the merge");
    assert!(!db.index_pending(1).unwrap().pending, "nothing left to do");

    // A save between every two steps makes FTS5 start the merge again each time: it still
    // ends, its pages counted, and answers stay right.
    drop(db);
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE search_state SET merging = 1", [])
        .unwrap();
    let mut db = Db::open(&path).unwrap();
    let mut steps = 0;
    while db.index_pending(1).unwrap().pending {
        steps += 1;
        assert!(steps < 100_000, "the merge ends however often an editor saves");
        // Any article out of the trash.
        let n = if steps % 150 % 13 == 1 { 0 } else { steps % 150 };
        db.save_article(
            id(n),
            &article_patch(&mut cases, steps as usize),
            SaveKind::Autosave,
            t(800),
        )
        .unwrap();
    }
    assert!(!db.search_indexing().unwrap());
    compare(&db, "a merge interrupted by saves");
}

#[test]
fn pages_of_a_search_add_up_to_the_whole_and_follow_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    for n in 0..40u128 {
        let title = if n % 3 == 0 {
            format!("就业新闻{n}")
        } else {
            format!("第{n}篇")
        };
        let p = ArticlePatch {
            body: Some(format!("就业{n}")),
            publish_at: Some(format!("2021-09-{:02} 10:00", n % 28 + 1)),
            ..patch(&title)
        };
        db.create_article(id(n), &p, t(n as i64)).unwrap();
    }
    let page = |db: &Db, offset: u32, limit: u32| -> Vec<ArticleId> {
        db.list_articles(&ArticleFilter {
            query: Some("就业".into()),
            offset: Some(offset),
            limit: Some(limit),
            ..ArticleFilter::default()
        })
        .unwrap()
        .items
        .items
        .iter()
        .map(|s| s.id)
        .collect()
    };
    let whole = page(&db, 0, 100);
    assert_eq!(whole.len(), 40);
    let pieces: Vec<ArticleId> = (0..4).flat_map(|k| page(&db, k * 10, 10)).collect();
    assert_eq!(pieces, whole, "page by page, the same ranking");
    db.trash_article(whole[0], t(100)).unwrap();
    let after = page(&db, 0, 10);
    assert!(
        !after.contains(&whole[0]),
        "a write between pages is seen by the next page"
    );
    assert_eq!(after[0], whole[1]);
}

#[test]
fn past_the_exact_count_the_hits_are_still_the_plain_scans_page_by_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let mut cases = Cases(0x9e37_79b9_7f4a_7c15);
    for n in 0..480 {
        let p = ArticlePatch {
            status: Some(if n % 4 == 0 { Status::Published } else { Status::Draft }),
            publish_at: Some(format!("2021-{:02}-{:02} 10:00", n % 12 + 1, n % 28 + 1)),
            ..article_patch(&mut cases, n)
        };
        db.create_article(id(n as u128), &p, t(n as i64)).unwrap();
    }
    // As they are before some go to the trash, which changes nothing the search reads.
    let all: Vec<_> = (0..480u128).map(|n| db.article(id(n)).unwrap()).collect();
    for n in (0..480).step_by(9) {
        db.trash_article(id(n as u128), t(5000)).unwrap();
    }
    compare(&db, "past the exact count");

    // Every filter's pages, asked for one by one, add up to the whole, which is the plain
    // scan's; the counts say "at least".
    for (q, status, trash) in [
        ("就", None, false),
        ("就", Some(Status::Draft), false),
        ("就", None, true),
        ("业 -局", None, false),
        ("-茶", Some(Status::Published), false),
        // Checked against the text, a chunk of candidates at a time.
        ("-\"就 业\"", None, false),
        ("-\"就 业\"", Some(Status::Draft), false),
        ("-\"就 业\"", None, true),
        ("，", None, false),
    ] {
        let filter = |offset: Option<u32>, limit: Option<u32>| ArticleFilter {
            query: Some(q.into()),
            status,
            trash,
            offset,
            limit,
            ..ArticleFilter::default()
        };
        let whole = db.list_articles(&filter(None, None)).unwrap();
        let ids: Vec<ArticleId> = whole.items.items.iter().map(|s| s.id).collect();
        let pieces: Vec<ArticleId> = (0..13)
            .flat_map(|k| {
                let page = db.list_articles(&filter(Some(k * 40), Some(40))).unwrap();
                assert!(page.total as usize <= ids.len(), "{q:?}: a lower bound is one");
                page.items.items.into_iter().map(|s| s.id).collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(
            pieces, ids,
            "{q:?} {status:?} {trash}: page by page, the same hits in the same order"
        );
        let query = SearchQuery::parse(q);
        let plain = all
            .iter()
            .enumerate()
            .filter(|(n, a)| {
                let wanted = (n % 9 == 0) == trash && status.is_none_or(|s| s == a.status);
                wanted && query.matches(&folded_article(a, &[]))
            })
            .map(|(_, a)| a.id)
            .collect::<BTreeSet<_>>();
        assert_eq!(
            ids.iter().copied().collect::<BTreeSet<_>>(),
            plain,
            "{q:?}: the plain scan's hits"
        );
    }
    let many = db
        .list_articles(&ArticleFilter {
            query: Some("就".into()),
            limit: Some(10),
            ..ArticleFilter::default()
        })
        .unwrap();
    assert!(many.total_is_lower_bound, "more hits than counted exactly");
    assert!(
        many.counts.total + many.counts.trash > COUNT_EXACTLY_UP_TO as i64,
        "what was counted is said"
    );
    let checked = db
        .list_articles(&ArticleFilter {
            query: Some("-\"就 业\"".into()),
            limit: Some(10),
            ..ArticleFilter::default()
        })
        .unwrap();
    assert!(
        checked.total_is_lower_bound,
        "a checked search stops too once the page is full"
    );
    let newest: Vec<_> = many.items.items.iter().map(|s| s.publish_at).collect();
    let mut sorted = newest.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(newest, sorted, "past the exact count, newest first");
}

/// Counts by status as the rows themselves give them, for one channel or all.
fn counted_rows(db: &Db, channel: Option<&str>) -> ArticleCounts {
    let mut counts = ArticleCounts::default();
    for trash in [false, true] {
        let rows = db
            .list_articles(&ArticleFilter {
                trash,
                ..ArticleFilter::default()
            })
            .unwrap()
            .items
            .items;
        for row in rows.iter().filter(|r| channel.is_none_or(|c| r.channel == c)) {
            if trash {
                counts.trash += 1;
                continue;
            }
            counts.total += 1;
            match row.status {
                Status::Draft => counts.draft += 1,
                Status::Ready => counts.ready += 1,
                Status::Scheduled => counts.scheduled += 1,
                Status::Published => counts.published += 1,
                Status::Withdrawn => counts.withdrawn += 1,
            }
        }
    }
    counts
}

fn compare_counts(db: &Db, what: &str) {
    assert_eq!(
        db.article_counts().unwrap(),
        counted_rows(db, None),
        "{what}: the tally kept by triggers must count what the rows hold"
    );
    for channel in ["百姓生活", "时政要闻", "news"] {
        let listed = db
            .list_articles(&ArticleFilter {
                channel: Some(channel.into()),
                limit: Some(1),
                ..ArticleFilter::default()
            })
            .unwrap();
        let name = if channel == "news" { "时政要闻" } else { channel };
        assert_eq!(
            listed.counts,
            counted_rows(db, Some(name)),
            "{what}: a channel's counts (asked as {channel}) come from the tally and match its rows"
        );
    }
}

#[test]
fn the_counts_beside_the_list_follow_every_write_without_counting_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    db.add_channel("文化旅游", Some("culture")).unwrap();
    let mut cases = Cases(0x9e37_79b9_7f4a_7c15);
    let statuses = [Status::Draft, Status::Ready, Status::Published, Status::Withdrawn];
    let channels = ["百姓生活", "时政要闻", "文化旅游"];
    for n in 0..60 {
        let p = ArticlePatch {
            status: Some(statuses[n % statuses.len()]),
            channel: Some(channels[cases.next(3)].into()),
            ..article_patch(&mut cases, n)
        };
        db.create_article(id(n as u128), &p, t(n as i64)).unwrap();
    }
    compare_counts(&db, "after creating");

    for n in (0..60).step_by(4) {
        let p = ArticlePatch {
            status: Some(statuses[cases.next(statuses.len())]),
            channel: Some(channels[cases.next(3)].into()),
            ..ArticlePatch::default()
        };
        db.save_article(id(n as u128), &p, SaveKind::Checkpoint, t(1000 + n as i64))
            .unwrap();
    }
    compare_counts(&db, "after status and channel changes");

    for n in (1..60).step_by(5) {
        db.trash_article(id(n as u128), t(2000)).unwrap();
    }
    compare_counts(&db, "after trashing");
    db.untrash_article(id(1)).unwrap();
    db.restore_revision(id(4), 1, t(3000)).unwrap();
    db.duplicate_article(id(8), id(500), t(3001)).unwrap();
    compare_counts(&db, "after untrash, restore and duplicate");
    db.empty_trash().unwrap();
    compare_counts(&db, "after emptying the trash");

    db.delete_channel("文化旅游", Some("百姓生活")).unwrap();
    compare_counts(&db, "after a channel is merged into another");

    let lines: String = (0..10)
        .map(|n| {
            let p = article_patch(&mut cases, 900 + n);
            serde_json::json!({"title": p.title, "channel": "时政要闻", "body": p.body, "status": "published"})
                .to_string()
                + "\n"
        })
        .collect();
    import_jsonl(&mut db, &mut Cursor::new(lines), &mut ArticleId::generate, t(4000)).unwrap();
    compare_counts(&db, "after a JSONL import");
}
