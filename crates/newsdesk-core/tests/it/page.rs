//! The portal page of an article, as preview and export render it.

use newsdesk_core::{ArticlePatch, Lang, demo};

use super::support::demo_db;

#[test]
fn the_preview_of_the_seed_article_is_its_portal_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let seed = demo::SEED_ARTICLE_ID.parse().unwrap();
    // As the desktop app shows it: the page as exported, at its own path.
    let p = newsdesk_core::preview::preview_as_exported(
        &db,
        seed,
        &ArticlePatch::default(),
        Lang::Zh,
        super::support::later(),
    )
    .unwrap();
    assert!(
        p.warnings.is_empty(),
        "the seed article breaks no rule: {:?}",
        p.warnings
    );
    assert!(
        p.html.contains("发布日期:2021/9/13 2:43:08"),
        "the publish time as the portal writes it: {}",
        p.html
    );
    let root = "../".repeat(p.path.matches('/').count());
    assert!(
        p.html.contains(&format!("<img src=\"{root}media/renditions/")),
        "the seed figure points at the site's media folder, relative to the page at {}: {}",
        p.path,
        p.html
    );
}

/// The 最新 list read in order from its index is the one every public article of the channel,
/// sorted, gives: statuses, the trash, times to come, ties in the same second, another offset.
#[test]
fn the_latest_list_from_its_index_is_the_sorted_public_articles() {
    use newsdesk_core::article::Listing;
    use newsdesk_core::{Article, Status};
    let dir = tempfile::tempdir().unwrap();
    let mut db = super::support::site_db(dir.path());
    let now = super::support::t(10_000_000);
    let statuses = [
        Status::Published,
        Status::Scheduled,
        Status::Draft,
        Status::Published,
        Status::Withdrawn,
    ];
    for n in 0..80u128 {
        let when = match n % 4 {
            // Several in the same second: the id decides.
            0 => "2021-09-13 08:00:00".to_string(),
            1 => format!("2021-09-{:02} 10:{:02}:00", 1 + n % 28, n % 60),
            // Before `now` and after it, for the scheduled.
            2 => format!("1970-0{}-01 00:00:00", 1 + n % 5),
            _ => format!("2030-01-{:02} 09:00:00", 1 + n % 28),
        };
        let a: Article = db
            .create_article(
                super::support::id(n),
                &ArticlePatch {
                    status: Some(statuses[(n % 5) as usize]),
                    channel: Some(if n % 3 == 0 { "时政要闻" } else { "百姓生活" }.into()),
                    publish_at: Some(when),
                    ..super::support::patch(&format!("稿件{n}"))
                },
                super::support::t(n as i64),
            )
            .unwrap();
        if n % 11 == 0 {
            db.trash_article(a.id, super::support::t(100)).unwrap();
        }
    }
    // A time stored in another offset than the site's (an older import wrote them so):
    // ordered by the instant, not by the text.
    {
        let conn = rusqlite::Connection::open(dir.path().join("site.db")).unwrap();
        conn.execute(
            "UPDATE articles SET publish_at = '2021-09-13T01:00:01+01:00' WHERE id = ?1",
            [super::support::id(3).to_string()],
        )
        .unwrap();
    }
    for channel in ["百姓生活", "时政要闻"] {
        let mut all: Vec<Listing> = db
            .published_listings(now)
            .unwrap()
            .items
            .into_iter()
            .filter(|l| l.channel == channel)
            .collect();
        all.sort_by(Listing::newest_first);
        all.truncate(10);
        let latest: Vec<Listing> = db
            .latest_published(channel, 10, now)
            .unwrap()
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(
            latest.iter().map(|l| l.id).collect::<Vec<_>>(),
            all.iter().map(|l| l.id).collect::<Vec<_>>(),
            "{channel}: the index's ten are the sorted public articles' first ten"
        );
        assert_eq!(latest.len(), 10, "{channel} has ten to show");
    }
}
