//! The scenarios an editor goes through, one step each, asserting what the editor would see.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use newsdesk_core::{ArticleId, ArticlePatch, Db, Lang};
use serde_json::Value;

use crate::harness::Desktop;

mod archive;
mod export;
mod menu;
mod photos;
mod polish;
mod publishing;
mod repost;
mod sites;
mod updates;
mod x11;
pub use archive::fill_archive;
pub use publishing::Portal;

pub const NEW_TITLE: &str = "遵义新闻测试稿";
pub const NEW_BODY: &str = "在全国就业领域,这是一篇测试稿。";

pub struct Steps<'a> {
    app: &'a Client,
    desktop: &'a Desktop,
}

fn by_id(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

impl<'a> Steps<'a> {
    pub fn new(app: &'a Client, desktop: &'a Desktop) -> Steps<'a> {
        Steps { app, desktop }
    }

    async fn el(&self, testid: &str) -> Element {
        self.app
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&by_id(testid)))
            .await
            .unwrap_or_else(|e| panic!("the element {testid} never appeared: {e}"))
    }

    async fn js(&self, script: &str) -> Value {
        self.app.execute(script, vec![]).await.expect("the script runs")
    }

    /// Polls until `check` holds, then returns its last value; fails with `what` after 15 s.
    async fn eventually<T, F, Fut>(&self, what: &str, probe: F, check: impl Fn(&T) -> bool) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = T>,
        T: std::fmt::Debug,
    {
        self.eventually_within(Duration::from_secs(15), what, probe, check)
            .await
    }

    /// [`Steps::eventually`] with a limit of its own, for work that talks to a server.
    async fn eventually_within<T, F, Fut>(
        &self,
        limit: Duration,
        what: &str,
        mut probe: F,
        check: impl Fn(&T) -> bool,
    ) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = T>,
        T: std::fmt::Debug,
    {
        let start = Instant::now();
        loop {
            let v = probe().await;
            if check(&v) {
                return v;
            }
            if start.elapsed() > limit {
                self.keep_evidence().await;
                panic!("{what}: last seen {v:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Saves what the window showed when a step failed, for the person reading the failure.
    async fn keep_evidence(&self) {
        // WebKitWebDriver's screenshot hangs under Xvfb, so the evidence is the page source.
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(Ok(html)) = tokio::time::timeout(Duration::from_secs(5), self.app.source()).await {
            let _ = std::fs::write(dir.join("e2e-failure.html"), html);
        }
        eprintln!(
            "e2e: the window's source at the failure is in {}/e2e-failure.html",
            dir.display()
        );
    }

    /// The ids of the rows drawn, read in one go: element by element, a row the list redrew
    /// between two reads went stale and was left out, giving a list that was never on screen.
    async fn list_ids(&self) -> Vec<String> {
        let ids = self
            .js("return [...document.querySelectorAll('[data-testid=\"article-item\"]')].map((e) => e.dataset.id)")
            .await;
        serde_json::from_value(ids).expect("the rows' ids are strings")
    }

    /// Scrolls an element into view, as the editor scrolls a tall dialog: WebKitWebDriver
    /// scrolls the page, not a dialog's own scroll box.
    async fn reveal(&self, testid: &str) -> Element {
        let el = self.el(testid).await;
        self.js(&format!(
            "document.querySelector('{}')?.scrollIntoView({{ block: 'center' }}); return null;",
            by_id(testid).replace('\'', "\\'")
        ))
        .await;
        el
    }

    /// The body's CodeMirror content, where keys are typed.
    async fn body(&self) -> Element {
        // The editor's pane loads after the list is painted.
        self.app
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("[data-testid=\"body\"] .cm-content"))
            .await
            .expect("the body editor is on screen")
    }

    async fn type_into(&self, testid: &str, text: &str) {
        let el = self.reveal(testid).await;
        el.clear().await.unwrap();
        el.send_keys(text).await.unwrap();
    }

    async fn value(&self, testid: &str) -> String {
        self.el(testid).await.prop("value").await.unwrap().unwrap_or_default()
    }

    fn db(&self) -> Db {
        Db::open(&self.desktop.db_path()).expect("the app's database opens beside the app")
    }

    pub async fn demo_is_open(&self) {
        eprintln!("e2e: demo_is_open");
        self.el("article-list").await;
        let ids = self
            .eventually("the demo articles are listed", || self.list_ids(), |ids| ids.len() >= 4)
            .await;
        assert!(
            ids.contains(&newsdesk_core::demo::SEED_ARTICLE_ID.to_string()),
            "the seed article is in the list"
        );
        // The shipped window plants nothing for tests: what they check they read from the DOM.
        let hooks = self
            .js("return Object.keys(window).filter((k) => k.startsWith('__newsdesk'))")
            .await;
        assert_eq!(hooks, serde_json::json!([]), "no test hooks on the window");
    }

    /// On a 1366×768 screen the window fits: the top bar (search, 导出站点, 设置) and the bottom
    /// buttons (新建, 删除, 添加图片) are inside it.
    pub async fn the_window_fits_a_1366_by_768_screen(&self) {
        eprintln!("e2e: the_window_fits_a_1366_by_768_screen");
        // The editor's pane loads after the list is painted: the layout is measured once it is in.
        self.el("add-photos").await;
        let seen = self
            .js(
                "const inside = (id) => { const e = document.querySelector(`[data-testid=\"${id}\"]`); if (!e) return id + ' missing';                  const r = e.getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth ? 'in' : `${id} at ${r.left},${r.top}-${r.right},${r.bottom} of ${innerWidth}x${innerHeight}`; };                  return { screen: [screen.width, screen.height], outer: [outerWidth, outerHeight],                  parts: ['search', 'export-site', 'settings-toggle', 'new-article', 'delete-article', 'add-photos'].map(inside) }",
            )
            .await;
        assert_eq!(
            seen["screen"],
            serde_json::json!([1366, 768]),
            "the test's screen: {seen}"
        );
        let outer = seen["outer"].as_array().unwrap();
        assert!(
            outer[0].as_i64().unwrap() <= 1366 && outer[1].as_i64().unwrap() <= 768,
            "the window fits the screen: {seen}"
        );
        for part in seen["parts"].as_array().unwrap() {
            assert_eq!(part, "in", "every control is on screen: {seen}");
        }
    }

    pub async fn the_seed_article_opens_with_its_page(&self) {
        eprintln!("e2e: the_seed_article_opens_with_its_page");
        let seed = format!(
            "[data-testid=\"article-item\"][data-id=\"{}\"]",
            newsdesk_core::demo::SEED_ARTICLE_ID
        );
        self.app.find(Locator::Css(&seed)).await.unwrap().click().await.unwrap();
        self.eventually(
            "the seed article opens",
            || self.value("title"),
            |t| t == "党旗下的就业人丨迎难而上勇担当",
        )
        .await;
        self.eventually(
            "the preview shows the seed page",
            || self.shown_page(),
            |page| page.contains("来源:中国劳动保障报"),
        )
        .await;
        self.the_seed_photo_loads_from_its_exported_address().await;
        assert_eq!(
            self.value("source-author").await,
            "刘薇",
            "the attribution panel shows 作者"
        );
    }

    /// The page the preview shows, read from the window: the `srcdoc` of the sandboxed frame in
    /// the preview shell, which is the very string the shell was handed. Empty while there is none.
    async fn shown_page(&self) -> String {
        let Ok(shell) = self.app.find(Locator::Css(&by_id("preview"))).await else {
            return String::new();
        };
        // The shell may be between documents (a new page path loads a new shell).
        if shell.enter_frame().await.is_err() {
            return String::new();
        }
        let held = match self.app.find(Locator::Css("#page")).await {
            Ok(page) => page.attr("srcdoc").await.ok().flatten().unwrap_or_default(),
            Err(_) => String::new(),
        };
        self.app
            .enter_parent_frame()
            .await
            .expect("back from the preview shell to the window");
        held
    }

    /// Enters the page inside the preview shell: the shell frame, then its sandboxed page frame.
    async fn enter_page_frame(&self) -> Element {
        let shell = self.el("preview").await;
        shell.enter_frame().await.expect("the preview shell is a frame");
        let page = self
            .app
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("#page"))
            .await
            .expect("the shell holds the page frame");
        page.clone().enter_frame().await.expect("the page is a frame");
        page
    }

    /// The seed page's figure is the exported page's: `../../../media/renditions/…`, which the
    /// page's own address in the `newsdesk-page` protocol resolves to the rendition.
    async fn the_seed_photo_loads_from_its_exported_address(&self) {
        let path = self
            .el("preview")
            .await
            .attr("data-page-path")
            .await
            .unwrap()
            .unwrap_or_default();
        assert_eq!(
            path, "life/2021/09/dang-qi-xia-de-jiu-ye-ren-ying-nan-er-shang-yong-dan-dang.html",
            "the preview knows the seed page's path"
        );
        self.enter_page_frame().await;
        let img = self
            .app
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css("figure img"))
            .await
            .expect("the seed page shows its figure");
        // WebKitWebDriver gives the address as resolved against the page's own: the page at
        // life/2021/09/ climbs three folders to the site's media folder.
        let src = img.attr("src").await.unwrap().unwrap_or_default();
        assert!(
            [
                "../../../",
                "newsdesk-page://localhost/",
                "http://newsdesk-page.localhost/"
            ]
            .iter()
            .any(|root| src.starts_with(&format!("{root}media/renditions/"))),
            "the exported address, resolved beside the page: {src}"
        );
        let start = Instant::now();
        let width = loop {
            // A number is not what fantoccini expects of a property: it hands it back in the error.
            let width = match img.prop("naturalWidth").await {
                Err(fantoccini::error::CmdError::NotW3C(Value::Number(n))) => n.as_u64().unwrap_or(0),
                other => panic!("naturalWidth: {other:?}"),
            };
            if width > 0 || start.elapsed() > Duration::from_secs(15) {
                break width;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        self.app.enter_parent_frame().await.unwrap();
        self.app.enter_parent_frame().await.unwrap();
        assert!(width > 0, "the rendition loaded through the page's relative address");
    }

    pub async fn search_finds_the_seed_article(&self) {
        eprintln!("e2e: search_finds_the_seed_article");
        self.type_into("search", "就业").await;
        let ids = self
            .eventually(
                "searching 就业 lists only the seed article",
                || self.list_ids(),
                |ids| ids.len() == 1,
            )
            .await;
        assert_eq!(ids, [newsdesk_core::demo::SEED_ARTICLE_ID]);
        self.el("search").await.clear().await.unwrap();
        self.el("search").await.send_keys(" ").await.unwrap();
        self.el("search").await.clear().await.unwrap();
        self.eventually(
            "clearing the search lists all again",
            || self.list_ids(),
            |ids| ids.len() >= 4,
        )
        .await;
    }

    /// Presses "new" and returns the id of the article that appears in the list.
    async fn press_new_article(&self) -> String {
        let before = self.list_ids().await;
        self.el("new-article").await.click().await.unwrap();
        let ids = self
            .eventually(
                "a new article appears in the list",
                || self.list_ids(),
                |ids| ids.len() == before.len() + 1,
            )
            .await;
        ids.into_iter().find(|i| !before.contains(i)).unwrap()
    }

    /// Creates an article through the UI and returns its id.
    pub async fn create_and_fill_an_article(&self) -> String {
        eprintln!("e2e: create_and_fill_an_article");
        let id = self.press_new_article().await;
        self.type_into("title", NEW_TITLE).await;
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys(NEW_BODY).await.unwrap();
        self.type_into("source-name", "遵义日报").await;
        self.type_into("source-author", "李明、张华").await;
        self.type_into("source-url", "https://zunyi.example/news/1.html").await;
        let article_id: ArticleId = id.parse().unwrap();
        let saved = self
            .eventually(
                "the typed fields are saved without pressing anything",
                || async { self.db().article(article_id).unwrap() },
                |a| {
                    a.title == NEW_TITLE
                        && a.body.contains(NEW_BODY)
                        && a.source.author.as_deref() == Some("李明、张华")
                },
            )
            .await;
        assert_eq!(saved.source.name.as_deref(), Some("遵义日报"));
        let state = self.el("save-state").await.text().await.unwrap();
        assert!(
            state.contains("已保存") || state.contains("保存"),
            "the saved state is shown: {state}"
        );
        id
    }

    /// Emptying the title marks the box and blocks nothing: the body typed next is saved.
    pub async fn an_untitled_draft_keeps_saving(&self, id: &str) {
        eprintln!("e2e: an_untitled_draft_keeps_saving");
        let article_id: ArticleId = id.parse().unwrap();
        let title = self.el("title").await;
        title.clear().await.unwrap();
        // clear() sets the value without an input event; a keystroke makes it the editor's.
        title.send_keys(" ").await.unwrap();
        self.el("title-hint").await;
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("无标题时写下的一句。").await.unwrap();
        let saved = self
            .eventually(
                "the body is saved while the title is empty",
                || async { self.db().article(article_id).unwrap() },
                |a| a.body.contains("无标题时写下的一句。"),
            )
            .await;
        assert_eq!(saved.title.trim(), "", "the empty title was saved too");
        self.type_into("title", NEW_TITLE).await;
        self.eventually(
            "the title is back",
            || async { self.db().article(article_id).unwrap().title },
            |t| t == NEW_TITLE,
        )
        .await;
    }

    /// A change made elsewhere (here: another connection, as the CLI or a pull would) to the
    /// open article, with nothing unsaved in the window, shows up in the editor by itself.
    pub async fn an_edit_made_elsewhere_shows_up(&self, id: &str) {
        eprintln!("e2e: an_edit_made_elsewhere_shows_up");
        let article_id: ArticleId = id.parse().unwrap();
        // Nothing waits to be saved: the form is what the database holds.
        self.eventually(
            "the form is saved",
            || async { self.db().article(article_id).unwrap().title },
            |t| t == NEW_TITLE,
        )
        .await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let mut db = self.db();
        let patch = ArticlePatch {
            subtitle: Some("命令行补上的副题".into()),
            ..ArticlePatch::default()
        };
        db.save_article(
            article_id,
            &patch,
            newsdesk_core::SaveKind::Checkpoint,
            chrono::Utc::now(),
        )
        .unwrap();
        drop(db);
        let shown = self
            .eventually(
                "the editor shows the change made elsewhere",
                || self.value("subtitle"),
                |s| s == "命令行补上的副题",
            )
            .await;
        assert_eq!(shown, "命令行补上的副题");
        assert_eq!(self.value("title").await, NEW_TITLE, "the rest of the form is as saved");
    }

    pub async fn preview_is_the_cores_render(&self, id: &str) {
        eprintln!("e2e: preview_is_the_cores_render");
        let article_id: ArticleId = id.parse().unwrap();
        let expected = || async {
            newsdesk_core::preview::preview_as_exported(
                &self.db(),
                article_id,
                &ArticlePatch::default(),
                Lang::Zh,
                chrono::Utc::now(),
            )
            .unwrap()
            .html
        };
        // Typing ends before the last save and preview land: wait for both to settle.
        let probe = || async { (self.shown_page().await, expected().await) };
        let (shown, expected) = self
            .eventually(
                "the preview settles on the saved article",
                probe,
                |(shown, expected)| expected.contains("https://zunyi.example/news/1.html") && shown == expected,
            )
            .await;
        assert_eq!(
            shown, expected,
            "the shell's page frame holds exactly the core's page for the article, byte for byte"
        );
        for part in [
            NEW_TITLE,
            "来源:<a href=\"https://zunyi.example/news/1.html\"",
            "遵义日报",
            "作者:李明、张华",
        ] {
            assert!(shown.contains(part), "the preview shows {part}");
        }
    }

    pub async fn input_method_typing_is_exact(&self) {
        eprintln!("e2e: input_method_typing_is_exact");
        let id: ArticleId = self.press_new_article().await.parse().unwrap();
        let body = self.body().await;
        body.click().await.unwrap();
        // What an input method sends: the preedit pinyin, then the chosen characters replace it.
        self.js(r#"
            const el = document.querySelector('[data-testid="body"] .cm-content');
            el.focus();
            el.dispatchEvent(new CompositionEvent('compositionstart', { data: '', bubbles: true }));
            el.dispatchEvent(new CompositionEvent('compositionupdate', { data: 'jiuye', bubbles: true }));
            document.execCommand('insertText', false, 'jiuye');
            const sel = window.getSelection();
            sel.modify('extend', 'backward', 'line');
            el.dispatchEvent(new CompositionEvent('compositionupdate', { data: '就业', bubbles: true }));
            document.execCommand('insertText', false, '就业');
            el.dispatchEvent(new CompositionEvent('compositionend', { data: '就业', bubbles: true }));
            return null;
            "#)
            .await;
        let saved = self
            .eventually(
                "the composed text is saved",
                || async { self.db().article(id).unwrap().body },
                |b| !b.is_empty() && !b.contains("jiu"),
            )
            .await;
        assert_eq!(saved.matches("就业").count(), 1, "就业 appears exactly once: {saved:?}");
        assert_eq!(saved.trim(), "就业", "nothing else was typed: {saved:?}");
        let shown = self.el("body").await.text().await.unwrap();
        assert_eq!(
            shown.matches("就业").count(),
            1,
            "the editor shows 就业 once: {shown:?}"
        );
    }

    /// A save the core refuses (a slug another article has) shows the core's message.
    pub async fn failed_command_shows_its_message(&self, id: &str) {
        eprintln!("e2e: failed_command_shows_its_message");
        let item = format!("[data-testid=\"article-item\"][data-id=\"{id}\"]");
        self.app.find(Locator::Css(&item)).await.unwrap().click().await.unwrap();
        self.eventually("the article opens", || self.value("title"), |t| t == NEW_TITLE)
            .await;
        let taken = self
            .db()
            .article(newsdesk_core::demo::SEED_ARTICLE_ID.parse().unwrap())
            .unwrap()
            .slug;
        let own = self.value("slug").await;
        self.type_into("slug", &taken).await;
        let msg = self
            .eventually(
                "a refused save shows the core's message",
                || async {
                    match self.app.find(Locator::Css(&by_id("error"))).await {
                        Ok(e) => e.text().await.unwrap_or_default(),
                        Err(_) => String::new(),
                    }
                },
                |t| t.contains(&taken),
            )
            .await;
        assert!(
            msg.contains("已被另一篇文章使用"),
            "the message is in the UI's language and says what to do: {msg}"
        );
        let article_id: ArticleId = id.parse().unwrap();
        // Typed a key at a time, a prefix of it may have been saved on the way (it was free);
        // the taken slug itself never is.
        assert_ne!(
            self.db().article(article_id).unwrap().slug,
            taken,
            "the refused slug was not saved"
        );
        self.type_into("slug", &own).await;
        self.eventually(
            "the own slug saves again",
            || async { self.db().article(article_id).unwrap().slug },
            |s| s == &own,
        )
        .await;
    }

    pub async fn article_survived_relaunch(&self, id: &str) {
        eprintln!("e2e: article_survived_relaunch");
        self.demo_is_open().await;
        let item = format!("[data-testid=\"article-item\"][data-id=\"{id}\"]");
        self.app
            .find(Locator::Css(&item))
            .await
            .expect("the article is listed after relaunch")
            .click()
            .await
            .unwrap();
        self.eventually("the title is back", || self.value("title"), |t| t == NEW_TITLE)
            .await;
        assert_eq!(self.value("source-name").await, "遵义日报");
        assert_eq!(self.value("source-author").await, "李明、张华");
        let body = self.el("body").await.text().await.unwrap();
        assert!(body.contains(NEW_BODY), "the body is back: {body}");
    }

    pub async fn restore_an_older_revision(&self, id: &str) {
        eprintln!("e2e: restore_an_older_revision");
        let article_id: ArticleId = id.parse().unwrap();
        let first = self.db().revision(article_id, 1).unwrap();
        assert_ne!(first.title, NEW_TITLE, "revision 1 is the untitled start");
        self.el("history-toggle").await.click().await.unwrap();
        let rev = self
            .app
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("[data-testid=\"revision-item\"][data-revision=\"1\"]"))
            .await
            .expect("revision 1 is listed");
        rev.click().await.unwrap();
        self.el("restore-revision").await.click().await.unwrap();
        self.eventually(
            "the editor shows revision 1 again",
            || self.value("title"),
            |t| t == &first.title,
        )
        .await;
        let now = self.db().article(article_id).unwrap();
        assert_eq!(now.title, first.title);
        assert!(now.revision > first.revision, "the restore is a new revision");
    }
}
