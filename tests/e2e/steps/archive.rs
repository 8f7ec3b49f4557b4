//! The archive step: several thousand articles, searched and scrolled to their end.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::key::Key;
use newsdesk_core::{ArticleFilter, ArticleId, Db};

use super::{Steps, by_id};

/// How many articles the archive step adds: a portal's few years, enough that a list which
/// drew every row or fetched them all would show it.
pub const ARCHIVE_SIZE: usize = 6_000;

/// Words of the archive's bodies; none holds 就 or 业, so only the planted 就业 can match.
const FILLER: &[&str] = &[
    "城区道路维修工程有序推进,",
    "市民出行更加便利。",
    "社区卫生服务中心延长门诊时间,",
    "老旧小区改造完成第三批,",
    "公交线路优化调整后客流平稳。",
    "文化馆举办书法展览,",
    "农贸市场完成升级,",
    "气象台发布降温提示。",
];

/// How many live articles hold `word` in one of their own fields, read field by field: what a
/// plain scan finds, to hold the search's count against.
fn articles_saying(db: &Db, word: &str) -> Vec<String> {
    let live = db.list_articles(&ArticleFilter::default()).expect("the list reads");
    live.items
        .items
        .iter()
        .filter(|s| {
            let a = db.article(s.id).unwrap();
            [
                Some(a.title),
                a.kicker,
                a.subtitle,
                Some(a.body),
                a.summary,
                a.source.name,
                a.source.author,
                a.editor,
            ]
            .into_iter()
            .flatten()
            .chain(a.keywords)
            .any(|text| text.contains(word))
        })
        .map(|s| s.id.to_string())
        .collect()
}

/// What the archive step's search should find.
pub struct Archive {
    /// Every live article that says 就业: the archive's and those there before it.
    pub hits: Vec<String>,
}

/// Adds `ARCHIVE_SIZE` articles to the app's database while it is closed, in one import as the
/// CLI's `article import --jsonl` does; every seventh says 就业 in its body, every 49th in its
/// title too.
pub fn fill_archive(db_path: &std::path::Path) -> Archive {
    let mut db = Db::open(db_path).expect("the app's database opens");
    // Counted before the import, while the earlier articles are all of the list's first page.
    let mut hits = articles_saying(&db, "就业");
    let channels = newsdesk_core::demo::CHANNELS;
    let mut jsonl = String::new();
    for i in 0..ARCHIVE_SIZE {
        let id = ArticleId::generate().to_string();
        let hit = i % 7 == 0;
        let mut body: Vec<&str> = (0..12).map(|k| FILLER[(i + k) % FILLER.len()]).collect();
        if hit {
            body.insert(6, "今年全市稳就业工作成效明显,");
            hits.push(id.clone());
        }
        let body = body.concat();
        let title = if i % 49 == 0 {
            format!("档案稿第{i}号:就业服务进社区")
        } else {
            format!("档案稿第{i}号:城区新闻")
        };
        let line = serde_json::json!({
            "id": id,
            "title": title,
            "channel": channels[i % channels.len()].0,
            "status": "published",
            "publish_at": format!("2020-01-01 08:{:02}:00", i % 60),
            "body": body,
        });
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
    }
    let imported = newsdesk_core::interchange::import_jsonl(
        &mut db,
        &mut std::io::Cursor::new(jsonl),
        &mut ArticleId::generate,
        chrono::Utc::now(),
    )
    .expect("the archive imports");
    assert_eq!(imported, ARCHIVE_SIZE);
    Archive { hits }
}

impl Steps<'_> {
    async fn list_total(&self) -> usize {
        let total = self.el("article-list").await.attr("data-total").await.unwrap();
        total.and_then(|t| t.parse().ok()).unwrap_or(0)
    }

    /// How many rows the list's DOM holds (drawn rows and the placeholders of rows on their way).
    async fn drawn_rows(&self) -> usize {
        let n = self
            .js("return document.querySelectorAll('[data-testid=\"article-list\"] li').length")
            .await;
        n.as_u64().unwrap_or(0) as usize
    }

    /// Drags the list's scrollbar to the bottom and waits for its last row to be drawn.
    async fn scroll_to_the_end(&self, total: usize) -> String {
        for step in 1..=4 {
            // A quarter at a time, as a hand on the scrollbar would, then the very end.
            self.js(&format!(
                "const el = document.querySelector('[data-testid=\"article-list\"]');
                 el.scrollTop = el.scrollHeight * {step} / 4; return null;"
            ))
            .await;
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        let last = format!(
            "[data-testid=\"article-list\"] li[data-index=\"{}\"] [data-testid=\"article-item\"]",
            total - 1
        );
        // Past the first 200 hits a search knows only a lower bound: the list grows a page at a
        // time as it is scrolled, as a hand keeps pulling the scrollbar down.
        let start = std::time::Instant::now();
        let row = loop {
            if let Ok(row) = self.app.find(Locator::Css(&last)).await {
                break row;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "the last row ({total}) is drawn after scrolling to the end"
            );
            self.js(
                "const el = document.querySelector('[data-testid=\"article-list\"]'); el.scrollTop = el.scrollHeight; return null;",
            )
            .await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        row.attr("data-id").await.unwrap().unwrap_or_default()
    }

    pub async fn search_and_scroll_a_large_archive(&self, archive: &Archive) {
        eprintln!("e2e: search_and_scroll_a_large_archive");
        let everything = self
            .eventually(
                "the list counts the whole archive",
                || self.list_total(),
                |n| *n >= ARCHIVE_SIZE,
            )
            .await;
        let drawn = self.drawn_rows().await;
        assert!(
            (1..100).contains(&drawn),
            "the DOM holds the rows in view, not all {everything}: {drawn}"
        );

        let expected = archive.hits.len();
        self.type_into("search", "就业").await;
        let count = self
            .eventually(
                "the search for 就业 says how many it found",
                || async {
                    match self.app.find(Locator::Css(&by_id("result-count"))).await {
                        Ok(e) => e.text().await.unwrap_or_default(),
                        Err(_) => String::new(),
                    }
                },
                |t| t.starts_with("找到 "),
            )
            .await;
        // Up to COUNT_EXACTLY_UP_TO hits the count is exact; past them the search stops counting
        // and says so.
        let exact = newsdesk_core::search::COUNT_EXACTLY_UP_TO;
        let shown = if expected > exact {
            format!("找到 {}+ 篇", exact + 1)
        } else {
            format!("找到 {expected} 篇")
        };
        assert_eq!(count, shown, "{expected} articles say 就业");

        // The hits show the word marked in their snippets.
        let rows = self.app.find_all(Locator::Css(&by_id("article-item"))).await.unwrap();
        assert!(!rows.is_empty(), "hits are listed");
        for row in &rows {
            let marks = row
                .find_all(Locator::Css("[data-testid=\"snippet\"] mark"))
                .await
                .unwrap();
            let id = row.attr("data-id").await.unwrap().unwrap_or_default();
            assert!(archive.hits.contains(&id), "{id} says 就业");
            assert!(!marks.is_empty(), "the row of {id} marks its hit");
            for mark in marks {
                assert_eq!(
                    mark.text().await.unwrap(),
                    "就业",
                    "the marked text is the word searched"
                );
            }
        }

        // The search's last row is a hit too; the DOM still holds only a screenful.
        let last_hit = self.scroll_to_the_end(expected).await;
        assert!(archive.hits.contains(&last_hit), "the last row ({last_hit}) says 就业");
        self.eventually(
            "at the end, the list is as long as the hits",
            || self.list_total(),
            |n| *n == expected,
        )
        .await;
        let drawn = self.drawn_rows().await;
        assert!(
            drawn < 100,
            "after scrolling the hits, the DOM holds {drawn} rows of {expected}"
        );
        let last_row = format!("[data-testid=\"article-item\"][data-id=\"{last_hit}\"] mark");
        assert!(
            self.app.find(Locator::Css(&last_row)).await.is_ok(),
            "the last hit ({last_hit}) marks 就业 too"
        );

        // Without the search, the whole archive scrolls to its end the same way.
        self.el("search").await.clear().await.unwrap();
        self.el("search").await.send_keys(" ").await.unwrap();
        self.el("search").await.clear().await.unwrap();
        self.eventually(
            "clearing the search lists everything again",
            || self.list_total(),
            |n| *n == everything,
        )
        .await;
        self.scroll_to_the_end(everything).await;
        let drawn = self.drawn_rows().await;
        assert!(
            drawn < 100,
            "at the end of {everything} articles the DOM holds {drawn} rows"
        );

        // The keyboard goes through the whole list too: from the search box into the first
        // row, Page Down a screen on (opening that article), End to the very last.
        let search = self.el("search").await;
        search.send_keys(&Key::Down.to_string()).await.unwrap();
        let focused_index = || async {
            self.js("const e = document.activeElement; const li = e && e.closest('li'); return li ? Number(li.dataset.index) : -1")
                .await
                .as_i64()
                .unwrap_or(-1)
        };
        self.eventually("Down in the search box focuses the first row", focused_index, |i| {
            *i == 0
        })
        .await;
        let active = || async { self.app.active_element().await.expect("an element has focus") };
        active().await.send_keys(&Key::PageDown.to_string()).await.unwrap();
        let paged = self
            .eventually("Page Down moves a screen on", focused_index, |i| *i > 1)
            .await;
        let id = active().await.attr("data-id").await.unwrap().unwrap_or_default();
        let title = self.db().article(id.parse().unwrap()).unwrap().title;
        self.eventually(
            "Page Down opens the row it lands on",
            || self.value("title"),
            |t| *t == title,
        )
        .await;
        active().await.send_keys(&Key::End.to_string()).await.unwrap();
        let last = everything as i64 - 1;
        self.eventually("End goes to the last of them all", focused_index, |i| *i == last)
            .await;
        assert!(paged < last, "Page Down went a screen, not to the end");
        let id = active().await.attr("data-id").await.unwrap().unwrap_or_default();
        let title = self.db().article(id.parse().unwrap()).unwrap().title;
        self.eventually("End opens the last article", || self.value("title"), |t| *t == title)
            .await;
    }
}
