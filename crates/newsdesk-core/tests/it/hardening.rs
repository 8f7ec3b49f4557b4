//! Inputs found by probing that once broke the database or drifted: times out of range, a row
//! that cannot be read, huge bodies, bodies nested thousands deep, control characters in echoed
//! input.

use std::io::Cursor;

use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Utc};
use newsdesk_core::error::Invalid;
use newsdesk_core::export::export_site;
use newsdesk_core::interchange::{export_jsonl, import_jsonl};
use newsdesk_core::media::MediaFolder;
use newsdesk_core::nesting::MAX_NESTING;
use newsdesk_core::render::{NoPhotos, markdown_to_html, visible_chars};
use newsdesk_core::{ArticleFilter, ArticleId, ArticlePatch, Db, Error, ErrorKind, Lang, SaveKind, Site};

use super::support::{id, patch, site_db, t};

/// Times that were accepted once and then made every list, export and backup fail.
const FAR: &[&str] = &[
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T16:00:00Z",
    "0000-01-01T00:00:00+14:00",
    "0001-01-01",
    "1900-12-31 23:59:59",
    "1899-05-01T12:00:00+08:05",
    "2201-01-01",
    "2200-12-31T23:00:00-05:00",
    "9999年1月1日",
];

/// The edges of the range, which stay accepted.
const NEAR: &[&str] = &["1901-01-01 00:00:00", "1901-01-01", "2200-12-31 23:59:59", "2200-12-31"];

fn is_out_of_range(e: &Error) -> bool {
    match e {
        Error::Invalid(Invalid::TimeOutOfRange(_)) => true,
        Error::Import { source, .. } => is_out_of_range(source),
        _ => false,
    }
}

#[test]
fn times_outside_the_portal_years_are_refused_at_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("江勇"), t(0)).unwrap();
    for far in FAR {
        for (field, p) in [
            (
                "publish_at",
                ArticlePatch {
                    publish_at: Some(far.to_string()),
                    ..patch("新文章")
                },
            ),
            (
                "source_time",
                ArticlePatch {
                    source_time: Some(far.to_string()),
                    ..patch("新文章")
                },
            ),
        ] {
            let e = db.create_article(id(2), &p, t(1)).unwrap_err();
            assert!(is_out_of_range(&e), "create with {field} {far:?}: {e:?}");
            let e = db.save_article(a.id, &p, SaveKind::Checkpoint, t(1)).unwrap_err();
            assert!(is_out_of_range(&e), "save with {field} {far:?}: {e:?}");
            let msg = e.message(Lang::Zh);
            assert!(
                msg.contains("1901") && msg.contains("2200"),
                "the message says the range: {msg}"
            );
        }
        for line in [
            format!(r#"{{"title":"甲","channel":"百姓生活","publish_at":"{far}"}}"#),
            format!(r#"{{"title":"甲","channel":"百姓生活","source":{{"published_at":"{far}"}}}}"#),
            format!(r#"{{"title":"甲","channel":"百姓生活","created_at":"{far}"}}"#),
        ] {
            let e = import_jsonl(&mut db, &mut Cursor::new(&line), &mut ArticleId::generate, t(2)).unwrap_err();
            assert!(is_out_of_range(&e), "JSONL {line}: {e:?}");
        }
    }
    assert_eq!(
        db.list_articles(&ArticleFilter::default()).unwrap().items.items.len(),
        1,
        "nothing refused was stored"
    );
    for (n, near) in NEAR.iter().enumerate() {
        let p = ArticlePatch {
            publish_at: Some(near.to_string()),
            source_time: Some(near.to_string()),
            ..patch("边界")
        };
        let saved = db.create_article(id(10 + n as u128), &p, t(3));
        assert!(saved.is_ok(), "{near:?} is within 1901–2200: {saved:?}");
    }
}

/// A database as an older Newsdesk left it: one row with a year-10000 time, one with an id that
/// is not a UUID, beside readable articles.
fn with_damaged_rows(dir: &std::path::Path) -> Db {
    let mut db = site_db(dir);
    for n in 1..=3 {
        let p = ArticlePatch {
            status: Some(newsdesk_core::Status::Published),
            publish_at: Some(format!("2021-09-1{n} 10:00")),
            ..patch(&format!("第{n}篇"))
        };
        db.create_article(id(n), &p, t(n as i64)).unwrap();
    }
    drop(db);
    let conn = rusqlite::Connection::open(dir.join("site.db")).unwrap();
    conn.execute(
        "UPDATE articles SET publish_at = '+10000-01-01T11:59:59+08:00' WHERE id = ?1",
        [id(2).to_string()],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO articles (id, channel_id, title, slug, status, body, keywords, publish_at, created_at, updated_at, revision)
         SELECT 'not-a-uuid', channel_id, '坏编号', 'bad-id', 'published', '', '[]', publish_at, created_at, updated_at, 1
         FROM articles WHERE id = ?1",
        [id(1).to_string()],
    )
    .unwrap();
    drop(conn);
    Db::open(&dir.join("site.db")).unwrap()
}

#[test]
fn one_damaged_row_never_fails_a_list_an_export_or_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = with_damaged_rows(dir.path());

    let found = db.list_articles(&ArticleFilter::default()).unwrap().items;
    let mut titles: Vec<_> = found.items.iter().map(|a| a.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["第1篇", "第3篇"], "the readable articles are listed");
    let mut damaged: Vec<_> = found.damaged.iter().map(|d| d.id.clone()).collect();
    damaged.sort();
    assert_eq!(
        damaged,
        [id(2).to_string(), "not-a-uuid".to_string()],
        "each damaged row is named by its id"
    );
    assert!(
        found
            .damaged
            .iter()
            .any(|d| d.problem.contains("publish_at") && d.problem.contains("+10000")),
        "the problem names the column and the value: {:?}",
        found.damaged
    );

    let mut backup = Vec::new();
    let report = export_jsonl(&db, &mut backup).unwrap();
    assert_eq!(report.written, 2, "the backup holds every readable article");
    assert_eq!(report.damaged.len(), 2, "and reports the two it could not read");
    assert_eq!(String::from_utf8(backup).unwrap().lines().count(), 2);

    let out = dir.path().join("site");
    let media = MediaFolder::beside(&dir.path().join("site.db"));
    export_site(&db, &media, &out, true, super::support::later(), &|_, _| {})
        .expect("the site exports without the damaged rows");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("第1篇") && index.contains("第3篇"),
        "the readable articles are on the home page"
    );

    let e = db.article(id(2)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Damaged, "{e:?}");
    let msg = e.message(Lang::Zh);
    assert!(msg.contains(&id(2).to_string()) && msg.contains("损坏"), "{msg}");
    assert!(
        !msg.contains("磁盘空间"),
        "a damaged row does not blame the disk: {msg}"
    );
}

#[test]
fn a_malformed_id_is_not_reported_as_missing() {
    let e = "nonsense".parse::<ArticleId>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e:?}");
    assert!(e.message(Lang::En).contains("is not an article id"));
}

/// A small deterministic generator: the same cases on every run and every machine.
struct Cases(u64);

impl Cases {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[test]
fn every_accepted_time_round_trips_through_jsonl_exactly() {
    let zones = [
        "Asia/Shanghai",
        "Asia/Kolkata",
        "America/New_York",
        "Pacific/Chatham",
        "Africa/Monrovia",
    ];
    let mut cases = Cases(0x9e37_79b9_7f4a_7c15);
    for zone in zones {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("a.db")).unwrap();
        db.init_site(&Site::new("站", "https://zunyi.example", zone).unwrap())
            .unwrap();
        db.add_channel("百姓生活", Some("life")).unwrap();
        let (mut accepted, mut refused) = (0, 0);
        for n in 0..300u128 {
            // Seconds across the whole range and a little beyond, written in the forms editors use.
            let secs = cases.next(9_600_000_000) as i64 - 2_240_000_000;
            let instant = Utc.timestamp_opt(secs, 0).unwrap();
            let offset = FixedOffset::east_opt((cases.next(26 * 4) as i32 - 12 * 4) * 900).unwrap();
            let written = match n % 4 {
                0 => instant.with_timezone(&offset).to_rfc3339(),
                1 => instant.format("%Y-%m-%d %H:%M:%S").to_string(),
                2 => instant.format("%Y/%-m/%-d %-H:%M:%S").to_string(),
                _ => instant.format("%Y-%m-%d").to_string(),
            };
            let p = ArticlePatch {
                publish_at: Some(written.clone()),
                source_time: Some(written.clone()),
                ..patch(&format!("第{n}篇"))
            };
            match db.create_article(id(n), &p, t(0)) {
                Ok(a) => {
                    accepted += 1;
                    let year = a.publish_at.unwrap().year();
                    assert!(
                        (1901..=2200).contains(&year),
                        "{written:?} in {zone} was stored as {year}"
                    );
                }
                Err(e) => {
                    refused += 1;
                    assert!(
                        is_out_of_range(&e),
                        "{written:?} in {zone}: only the range refuses: {e:?}"
                    );
                }
            }
        }
        assert!(
            accepted > 150 && refused > 0,
            "{zone}: the cases cover both sides ({accepted}/{refused})"
        );

        let mut first = Vec::new();
        export_jsonl(&db, &mut first).unwrap();
        let mut other = Db::open(&dir.path().join("b.db")).unwrap();
        other.init_site(&db.site().unwrap()).unwrap();
        other.add_channel("百姓生活", Some("life")).unwrap();
        import_jsonl(&mut other, &mut Cursor::new(&first), &mut ArticleId::generate, t(1)).unwrap();
        let mut second = Vec::new();
        export_jsonl(&other, &mut second).unwrap();
        assert!(
            first == second,
            "{zone}: a backup restored and backed up again is byte for byte the same"
        );
    }
}

#[test]
fn a_body_over_the_limit_is_refused_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("江勇"), t(0)).unwrap();
    let huge = "就业".repeat(newsdesk_core::article::MAX_BODY_BYTES / 6 + 1);
    assert!(huge.len() > newsdesk_core::article::MAX_BODY_BYTES);
    let e = db
        .save_article(
            a.id,
            &ArticlePatch {
                body: Some(huge.clone()),
                ..ArticlePatch::default()
            },
            SaveKind::Autosave,
            t(1),
        )
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(Invalid::BodyTooLarge { .. })), "{e:?}");
    assert!(e.message(Lang::Zh).contains("5 MB"), "{}", e.message(Lang::Zh));
    assert_eq!(db.article(a.id).unwrap(), a, "the stored article is as it was");
    let line = serde_json::json!({"title": "大", "channel": "百姓生活", "body": huge}).to_string();
    let e = import_jsonl(&mut db, &mut Cursor::new(line), &mut ArticleId::generate, t(2)).unwrap_err();
    assert!(
        matches!(&e, Error::Import { source, .. } if matches!(**source, Error::Invalid(Invalid::BodyTooLarge { .. })))
    );
}

#[test]
fn control_characters_in_echoed_input_stay_escaped_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let a = db.create_article(id(1), &patch("江勇"), t(0)).unwrap();
    let nasty = [
        "体育\n第二行",
        "a\r\nb",
        "\u{1b}[2J\u{1b}[H清屏",
        "响铃\u{7}",
        "删除\u{7f}",
        "\u{202e}反向",
        "x\u{2028}y",
    ];
    for n in nasty {
        // Each field that echoes what was typed, refused through a save.
        let fields: [fn(String) -> ArticlePatch; 5] = [
            |v| ArticlePatch {
                channel: Some(v),
                ..ArticlePatch::default()
            },
            |v| ArticlePatch {
                publish_at: Some(v),
                ..ArticlePatch::default()
            },
            |v| ArticlePatch {
                slug: Some(v),
                ..ArticlePatch::default()
            },
            |v| ArticlePatch {
                source_url: Some(v),
                ..ArticlePatch::default()
            },
            |v| ArticlePatch {
                source_time: Some(v),
                ..ArticlePatch::default()
            },
        ];
        let mut errors: Vec<Error> = fields
            .iter()
            .map(|field| {
                db.save_article(a.id, &field(n.into()), SaveKind::Checkpoint, t(1))
                    .unwrap_err()
            })
            .collect();
        errors.extend([
            n.parse::<ArticleId>().unwrap_err(),
            db.photo(n).unwrap_err(),
            Site::new("站", "https://zunyi.example", n).unwrap_err(),
            import_jsonl(
                &mut db,
                &mut Cursor::new(format!(
                    "{{\"title\":\"甲\",\"channel\":{}}}",
                    serde_json::to_string(n).unwrap()
                )),
                &mut ArticleId::generate,
                t(2),
            )
            .unwrap_err(),
        ]);
        for e in errors {
            for lang in [Lang::Zh, Lang::En] {
                let msg = e.message(lang);
                assert!(
                    !msg.chars()
                        .any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}')),
                    "{n:?} must be escaped in {msg:?}"
                );
            }
        }
    }
    let long = "长".repeat(10_000);
    let msg = db
        .save_article(
            a.id,
            &ArticlePatch {
                channel: Some(long),
                ..ArticlePatch::default()
            },
            SaveKind::Checkpoint,
            t(1),
        )
        .unwrap_err()
        .message(Lang::Zh);
    assert!(
        msg.chars().count() < 300,
        "a long input is shortened (this message echoes it twice): {} chars",
        msg.chars().count()
    );
}

#[test]
fn stored_instants_keep_their_offset_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = site_db(dir.path());
    let p = ArticlePatch {
        publish_at: Some("2021-09-13T02:43:08+08:00".into()),
        ..patch("江勇")
    };
    let a = db.create_article(id(1), &p, t(0)).unwrap();
    let want: DateTime<FixedOffset> = DateTime::parse_from_rfc3339("2021-09-13T02:43:08+08:00").unwrap();
    assert_eq!(db.article(a.id).unwrap().publish_at, Some(want));
}

/// Found by probing: a body of 50,000 `>` (a quote 50,000 deep) or of 50,000 `<div>` kept the
/// preview busy for minutes, because the sanitizer's parser looks through every open element at
/// each tag, and the word count took as long again. Both finish, and no text is lost.
#[test]
fn a_body_nested_fifty_thousand_deep_renders_and_counts_its_words() {
    let quotes = format!("{} 深处的字", ">".repeat(50_000));
    let html = markdown_to_html(&quotes, &NoPhotos);
    assert!(html.contains("深处的字"), "the text at the bottom is on the page");
    assert_eq!(
        html.matches("<blockquote>").count(),
        MAX_NESTING,
        "the page keeps the quote levels up to the cap"
    );
    assert_eq!(visible_chars(&quotes), 4, "the count reads the text, not the markup");

    let divs = format!("{}深处的字", "<div>".repeat(50_000));
    assert!(
        markdown_to_html(&divs, &NoPhotos).contains("深处的字"),
        "raw HTML nested as deep keeps its text too"
    );
}
