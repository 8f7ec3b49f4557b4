//! Sites from the File menu, through the native menu (xdotool): 新建站点… fills the window with
//! the new, empty site (the list, the header, the title bar); a relaunch opens it again;
//! 最近的站点 takes it back to the demo.

use std::path::Path;
use std::time::Duration;

use fantoccini::key::Key;
use newsdesk_core::sites;

use super::Steps;
use super::x11::{wait_for_window, windows};

const NEW_SITE: &str = "仁怀融媒";

/// 文件's items, as the keyboard counts them (separators skipped).
const NEW_SITE_ITEM: usize = 3;
const RECENT_SITES_ITEM: usize = 5;

impl Steps<'_> {
    /// The title bar's text, as the window manager has it.
    async fn window_title(&self, wanted: &str) -> String {
        let display = self.desktop.display.clone();
        let wanted = wanted.to_string();
        tokio::task::spawn_blocking(move || {
            let id = wait_for_window(
                &display,
                "the window named after its site",
                Duration::from_secs(15),
                |n| n == wanted,
            );
            windows(&display).into_iter().find(|w| w.0 == id).unwrap().1
        })
        .await
        .unwrap()
    }

    async fn header_site(&self) -> String {
        self.js("return document.querySelector('[data-testid=\"site-name-label\"]')?.textContent ?? ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Chooses 文件's item (and submenu entry) until `done` holds: up to three tries, each
    /// given a few seconds to show.
    async fn until_the_menu_does<F, Fut>(&self, what: &str, (item, sub): (usize, Option<usize>), done: F)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        for attempt in 1..=3 {
            if attempt > 1 {
                eprintln!("e2e: {what}: try {attempt}");
            }
            self.choose_from_a_submenu(0, item, sub).await;
            let start = std::time::Instant::now();
            while start.elapsed() < Duration::from_secs(6) {
                if done().await {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
        panic!("{what}: not after three tries");
    }

    /// 文件 → 新建站点…; returns how many articles the demo showed.
    pub async fn a_new_site_from_the_menu(&self) -> usize {
        eprintln!("e2e: a_new_site_from_the_menu");
        let demo = self.list_ids().await;
        assert!(demo.len() >= 4, "the demo is open first: {demo:?}");
        assert_eq!(self.window_title("我爱遵义 — 编辑台").await, "我爱遵义 — 编辑台");

        // 文件 → 新建站点…: the dialog names the file after the site, in the app's data folder.
        // The menu bar is made with the editor's pane, once the list is painted, and made again
        // when the recent list comes: a key press before that reaches no menu, so it is retried.
        self.body().await;
        self.until_the_menu_does(
            "文件 → 新建站点… opens the dialog",
            (NEW_SITE_ITEM, None),
            || async {
                self.js("return document.querySelector('[data-testid=\"new-site-name\"]') !== null")
                    .await
                    == serde_json::json!(true)
            },
        )
        .await;
        self.type_into("new-site-name", NEW_SITE).await;
        let path = self
            .eventually(
                "the file is named after the site",
                || self.value("new-site-path"),
                |p| p.ends_with("ren-huai-rong-mei.db"),
            )
            .await;
        assert_eq!(
            Path::new(&path).parent(),
            self.desktop.db_path().parent(),
            "a new site goes beside the demo's database unless the editor chooses"
        );
        self.type_into("new-site-url", "https://renhuai.example").await;
        let channels = self.reveal("new-site-channels").await;
        channels.click().await.unwrap();
        channels
            .send_keys(&format!("本地新闻{}酒乡文化", Key::Enter))
            .await
            .unwrap();
        assert_eq!(
            self.value("new-site-zone").await,
            "Asia/Shanghai",
            "the zone defaults to China's"
        );
        self.el("new-site-create").await.click().await.unwrap();

        // The window shows the new site, empty: the list, the header and the title bar.
        self.eventually("the new site's empty list", || self.list_ids(), |ids| ids.is_empty())
            .await;
        self.eventually(
            "the header names the new site",
            || self.header_site(),
            |s| s == NEW_SITE,
        )
        .await;
        let title = format!("{NEW_SITE} — 编辑台");
        assert_eq!(self.window_title(&title).await, title);
        assert_eq!(
            self.js("return document.querySelector('[data-testid=\"new-site-dialog\"]')?.open ?? false")
                .await,
            serde_json::json!(false),
            "the dialog closed"
        );
        let made = sites::open_site(Path::new(&path)).expect("the new site's file opens");
        assert_eq!(made.site().unwrap().name, NEW_SITE);
        let channels: Vec<String> = made.channels().unwrap().into_iter().map(|c| c.name).collect();
        assert_eq!(channels, ["本地新闻", "酒乡文化"]);
        drop(made);
        demo.len()
    }

    /// After a relaunch: the site open when the app closed is open again.
    pub async fn the_last_site_opens_again(&self) {
        eprintln!("e2e: the_last_site_opens_again");
        self.eventually(
            "the header names the site open when the app closed",
            || self.header_site(),
            |s| s == NEW_SITE,
        )
        .await;
        assert!(self.list_ids().await.is_empty(), "its list is the new site's, empty");
        // The site opens on a thread of its own in milliseconds, long before the webview asks
        // for its page: the list's first page comes inside the page, not over IPC.
        let served = self
            .js("return performance.getEntriesByName('list-served').length")
            .await;
        assert_eq!(
            served, 1,
            "the relaunch's list came with the window's page (src-tauri/first_page.rs)"
        );
        let title = format!("{NEW_SITE} — 编辑台");
        assert_eq!(self.window_title(&title).await, title);
    }

    /// 文件 → 最近的站点 → 我爱遵义: the new site is first, the demo second.
    pub async fn back_to_the_demo(&self, demo: usize) {
        eprintln!("e2e: back_to_the_demo");
        let seed = newsdesk_core::demo::SEED_ARTICLE_ID.to_string();
        self.until_the_menu_does(
            "文件 → 最近的站点 → 我爱遵义 brings the demo back",
            (RECENT_SITES_ITEM, Some(1)),
            || async { self.list_ids().await.contains(&seed) },
        )
        .await;
        self.eventually(
            "the demo's articles are all back",
            || self.list_ids(),
            |ids| ids.len() == demo,
        )
        .await;
        self.eventually("the header names the demo", || self.header_site(), |s| s == "我爱遵义")
            .await;
        assert_eq!(self.window_title("我爱遵义 — 编辑台").await, "我爱遵义 — 编辑台");
        // The demo's photos show again: the asset protocol still reads its media folder.
        self.el("body").await;
    }
}
