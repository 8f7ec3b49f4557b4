//! The publishing steps, against the real WordPress of the test set-up: connect a portal through
//! the browser (a stand-in `$BROWSER` does the portal's part over HTTP, then launches the app
//! with the `newsdesk://` callback, as the OS would), publish an article and see its link.

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::Locator;
use newsdesk_core::ArticleId;
use serde_json::Value;

use super::Steps;

/// The test portal (the sync tests' one: same folder and port), started if it is not running.
pub struct Portal {
    pub url: String,
    pub editor: String,
    editor_login: String,
    dir: PathBuf,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

impl Portal {
    pub fn start() -> Portal {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sync-portal");
        let out = Command::new(repo().join("scripts/test-portal.sh"))
            .arg("start")
            .arg(&dir)
            .env("NEWSDESK_PORTAL_PORT", "18189")
            .output()
            .expect("scripts/test-portal.sh runs");
        assert!(
            out.status.success(),
            "the test portal did not start: {}\nRun ./scripts/setup.sh (as root): it installs WordPress, MariaDB and PHP.",
            String::from_utf8_lossy(&out.stderr)
        );
        let env: Value = serde_json::from_slice(&std::fs::read(dir.join("portal.json")).unwrap()).unwrap();
        let get = |k: &str| {
            env[k]
                .as_str()
                .unwrap_or_else(|| panic!("portal.json lacks {k}"))
                .to_string()
        };
        Portal {
            url: get("NEWSDESK_PORTAL_URL").trim_end_matches('/').to_string(),
            editor: get("NEWSDESK_PORTAL_EDITOR_USER"),
            editor_login: get("NEWSDESK_PORTAL_EDITOR_PASSWORD"),
            dir,
        }
    }

    /// A `$BROWSER` for the app: approves the request as the editor (the browser's part, over
    /// HTTP), then runs the app with the callback URL it was sent to, as the OS does with a
    /// `newsdesk://` link. Its log is `browser.log` beside it.
    pub fn browser(&self, home: &Path) -> PathBuf {
        let path = home.join("browser.sh");
        let script = format!(
            "#!/usr/bin/env bash\n\
             set -euo pipefail\n\
             exec 2>>'{log}'\n\
             echo \"browser: $1\" >&2\n\
             callback=$(NEWSDESK_PORTAL_DIR='{dir}' AUTHORIZE_USER='{user}' AUTHORIZE_PASSWORD='{password}' '{authorize}' \"$1\")\n\
             echo \"browser: back to ${{callback%%password=*}}password=…\" >&2\n\
             exec '{app}' \"$callback\"\n",
            log = home.join("browser.log").display(),
            dir = self.dir.display(),
            user = self.editor,
            password = self.editor_login,
            authorize = repo().join("scripts/test-portal-authorize.sh").display(),
            app = env!("CARGO_BIN_EXE_newsdesk-desktop"),
        );
        std::fs::write(&path, script).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// A change made on the portal by someone else: a REST update of the post's title and content.
    fn edit_on_the_portal(&self, password: &str, post: i64, title: &str, content: &str) {
        let body = serde_json::json!({ "title": title, "content": content }).to_string();
        let out = Command::new("curl")
            .args([
                "-s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-H",
                "Expect:",
                "-H",
                "Content-Type: application/json",
            ])
            .args(["-u", &format!("{}:{password}", self.editor), "-d", &body])
            .arg(format!("{}/wp-json/wp/v2/posts/{post}", self.url))
            .output()
            .expect("curl runs");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "200", "the portal took the edit");
    }

    /// Moves the post to the portal's trash, as an editor on the web would.
    fn trash_on_the_portal(&self, password: &str, post: i64) {
        let out = Command::new("curl")
            .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE"])
            .args(["-u", &format!("{}:{password}", self.editor)])
            .arg(format!("{}/wp-json/wp/v2/posts/{post}", self.url))
            .output()
            .expect("curl runs");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "200",
            "the portal trashed the post"
        );
    }

    /// A GET of a portal address with the stored application password, as another client would.
    fn get_as(&self, user: &str, password: &str, url: &str) -> (u16, String) {
        let out = Command::new("curl")
            .args([
                "-s",
                "-o",
                "-",
                "-w",
                "\n%{http_code}",
                "-u",
                &format!("{user}:{password}"),
                url,
            ])
            .output()
            .expect("curl runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
        (code.trim().parse().unwrap_or(0), body.to_string())
    }
}

pub const TARGET_NAME: &str = "测试门户";

impl Steps<'_> {
    async fn publication_state(&self) -> Option<String> {
        let v = self
            .js("const p = document.querySelector('[data-testid=\"publication\"]'); return p ? p.dataset.state : null")
            .await;
        v.as_str().map(str::to_string)
    }

    async fn banner_errors(&self) -> Vec<String> {
        let v = self
            .js("return [...document.querySelectorAll('[data-testid=\"error\"]')].map((e) => e.textContent.trim())")
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Settings → Portals → 在浏览器中授权: the browser approves, the app stores the password in
    /// the Secret Service (read back with secret-tool) and lists the portal.
    pub async fn authorize_a_portal_in_the_browser(&self, portal: &Portal, browser_log: &Path) -> String {
        eprintln!("e2e: authorize_a_portal_in_the_browser");
        self.el("settings-toggle").await.click().await.unwrap();
        self.type_into("target-name", TARGET_NAME).await;
        self.type_into("target-url", &portal.url).await;
        self.el("authorize-target").await.click().await.unwrap();
        let row = format!("[data-testid=\"target-row\"][data-target=\"{TARGET_NAME}\"]");
        let listed = self
            .eventually(
                "the portal is listed once the browser approved (see the stand-in browser's log)",
                || async {
                    let found = self.app.find(Locator::Css(&row)).await.is_ok();
                    // The browser's log rides along, so a failure shows how far it got.
                    let log = std::fs::read_to_string(browser_log).unwrap_or_default();
                    (found, self.banner_errors().await, log)
                },
                |(found, errors, _)| *found || !errors.is_empty(),
            )
            .await;
        assert!(
            listed.0,
            "the authorization failed: {:?}\nbrowser.log: {}",
            listed.1,
            std::fs::read_to_string(browser_log).unwrap_or_default()
        );
        let session = self
            .desktop
            .session
            .as_ref()
            .expect("the scenario has a Secret Service");
        let account = format!("{} {}", portal.editor, portal.url);
        let secret = session
            .secret(&account)
            .expect("the application password is in the Secret Service");
        let (status, me) = portal.get_as(
            &portal.editor,
            &secret,
            &format!("{}/wp-json/wp/v2/users/me", portal.url),
        );
        assert_eq!(status, 200, "the stored password is one the portal accepts: {me}");
        let db_bytes = std::fs::read(self.desktop.db_path()).unwrap();
        assert!(
            !db_bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "the password is not in the database"
        );
        self.el("settings-close").await.click().await.unwrap();
        secret
    }

    /// Creates an article, sets it to 已发布: its state on the portal turns to published with
    /// the portal's link, and the link answers with the article's title.
    pub async fn publish_and_see_the_link(&self, portal: &Portal, title: &str) -> (ArticleId, String) {
        eprintln!("e2e: publish_and_see_the_link");
        let id = self.press_new_article().await;
        self.type_into("title", title).await;
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("遵义市今日发布一则测试消息。").await.unwrap();
        let status = self.el("status").await;
        status
            .select_by_value("published")
            .await
            .expect("the status can be set to published");
        // The demo's published articles went to the new portal first, photos and all.
        let state = self
            .eventually_within(
                std::time::Duration::from_secs(60),
                "the article's state on the portal turns to published",
                || self.publication_state(),
                |s| s.as_deref() == Some("published") || s.as_deref() == Some("failed"),
            )
            .await;
        let shown = self.el("publication-state").await.text().await.unwrap();
        assert_eq!(state.as_deref(), Some("published"), "published, not: {shown}");
        assert!(shown.contains("已推送"), "the state reads as pushed: {shown}");
        let link = self.el("publication-link").await;
        let url = link.attr("href").await.unwrap().expect("the link has an address");
        assert!(url.starts_with(&portal.url), "the portal's own link: {url}");
        let (code, page) = portal.get_as("nobody", "none", &url);
        assert_eq!(code, 200, "the public link answers");
        assert!(page.contains(title), "the portal's page shows the title");
        let label = self.el("sync-label").await.text().await.unwrap();
        assert_eq!(label, "已同步", "the title bar says nothing waits");
        let online = self.el("sync-indicator").await.attr("data-connectivity").await.unwrap();
        assert_eq!(online.as_deref(), Some("online"));
        (id.parse().unwrap(), url)
    }

    /// After a restart the app reads the password from the keychain again: an edit goes out as
    /// an update of the same post.
    pub async fn an_edit_after_relaunch_updates_the_post(&self, portal: &Portal, id: ArticleId, secret: &str) {
        eprintln!("e2e: an_edit_after_relaunch_updates_the_post");
        let row = self
            .app
            .wait()
            .for_element(Locator::Css(&format!(
                "[data-testid=\"article-item\"][data-id=\"{id}\"]"
            )))
            .await
            .expect("the published article is listed");
        row.click().await.unwrap();
        let mark = self.el("sync-mark").await.attr("data-state").await.unwrap();
        assert_eq!(mark.as_deref(), Some("published"), "the list marks it as on the portal");
        // A pause in typing makes a checkpoint, which queues the update.
        self.el("title").await.send_keys("（更新）").await.unwrap();
        let db = self.db();
        let target = db.target(TARGET_NAME).expect("the portal is a target").id;
        let post = db.publication(id, target).unwrap().and_then(|p| p.remote_id);
        let post = post.expect("the article has a post on the portal");
        let route = format!("{}/wp-json/wp/v2/posts/{post}?context=edit", portal.url);
        let updated = self
            .eventually_within(
                std::time::Duration::from_secs(30),
                "the edit reaches the portal as an update of the same post",
                || async {
                    let (code, body) = portal.get_as(&portal.editor, secret, &route);
                    (code, serde_json::from_str::<Value>(&body).unwrap_or_default())
                },
                |(code, post)| *code == 200 && post["title"]["raw"].as_str().is_some_and(|t| t.ends_with("（更新）")),
            )
            .await;
        assert_eq!(
            updated.1["id"],
            serde_json::json!(post),
            "the same post, updated in place"
        );
        let state = self
            .eventually(
                "the state is published again",
                || self.publication_state(),
                |s| s.as_deref() == Some("published"),
            )
            .await;
        assert_eq!(state.as_deref(), Some("published"));
    }

    /// Someone edits the post on the portal, the editor edits it here: the push stops at a
    /// conflict, the dialog shows the portal's version beside ours, and 采用门户的 makes the
    /// portal's text ours.
    pub async fn a_portal_edit_is_a_conflict_settled_in_the_dialog(
        &self,
        portal: &Portal,
        id: ArticleId,
        secret: &str,
    ) {
        eprintln!("e2e: a_portal_edit_is_a_conflict_settled_in_the_dialog");
        let db = self.db();
        let target = db.target(TARGET_NAME).unwrap().id;
        let post = db.publication(id, target).unwrap().and_then(|p| p.remote_id).unwrap();
        drop(db);
        // modified_gmt counts seconds: the portal's edit must fall in a later second than our push.
        tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
        portal.edit_on_the_portal(secret, post, "门户上改过的标题", "<p>门户编辑改写的正文。</p>");
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("本地补充一句。").await.unwrap();
        let state = self
            .eventually_within(
                std::time::Duration::from_secs(30),
                "the update stops at a conflict",
                || self.publication_state(),
                |s| s.as_deref() == Some("conflict"),
            )
            .await;
        assert_eq!(state.as_deref(), Some("conflict"));
        let (code, kept) = portal.get_as(
            &portal.editor,
            secret,
            &format!("{}/wp-json/wp/v2/posts/{post}?context=edit", portal.url),
        );
        let kept: Value = serde_json::from_str(&kept).unwrap_or_default();
        assert_eq!(code, 200);
        assert_eq!(
            kept["title"]["raw"], "门户上改过的标题",
            "nothing was overwritten on the portal"
        );
        self.el("show-conflict").await.click().await.unwrap();
        let theirs = self.el("conflict-theirs-title").await.text().await.unwrap();
        assert_eq!(theirs, "门户上改过的标题", "the portal's title beside ours");
        let diff = self.el("conflict-diff").await.text().await.unwrap();
        assert!(
            diff.contains("门户编辑改写的正文。") && diff.contains("本地补充一句。"),
            "both bodies in the diff: {diff}"
        );
        self.el("conflict-theirs").await.click().await.unwrap();
        let title = self
            .eventually(
                "the editor shows the portal's version",
                || self.value("title"),
                |t| t == "门户上改过的标题",
            )
            .await;
        assert_eq!(title, "门户上改过的标题");
        let saved = self.db().article(id).unwrap();
        assert!(
            saved.body.contains("门户编辑改写的正文。"),
            "their text is ours now: {}",
            saved.body
        );
        let state = self
            .eventually(
                "taking theirs leaves nothing to send",
                || self.publication_state(),
                |s| s.as_deref() == Some("published"),
            )
            .await;
        assert_eq!(state.as_deref(), Some("published"));
    }

    /// The post moved to the portal's trash, then edited here: the update stops at a conflict
    /// that says so (no merge offered), and only the editor's 恢复并推送 brings it back.
    pub async fn a_post_trashed_on_the_portal_comes_back_only_when_asked(
        &self,
        portal: &Portal,
        id: ArticleId,
        secret: &str,
    ) {
        eprintln!("e2e: a_post_trashed_on_the_portal_comes_back_only_when_asked");
        let db = self.db();
        let target = db.target(TARGET_NAME).unwrap().id;
        let post = db.publication(id, target).unwrap().and_then(|p| p.remote_id).unwrap();
        drop(db);
        portal.trash_on_the_portal(secret, post);
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("回收站之后又补一句。").await.unwrap();
        let state = self
            .eventually_within(
                std::time::Duration::from_secs(30),
                "the update stops at the trashed post",
                || self.publication_state(),
                |s| s.as_deref() == Some("conflict"),
            )
            .await;
        assert_eq!(state.as_deref(), Some("conflict"));
        let status_on_portal = || {
            let (code, text) = portal.get_as(
                &portal.editor,
                secret,
                &format!("{}/wp-json/wp/v2/posts/{post}?context=edit", portal.url),
            );
            assert_eq!(code, 200, "{text}");
            serde_json::from_str::<Value>(&text).unwrap_or_default()
        };
        assert_eq!(
            status_on_portal()["status"],
            "trash",
            "the post was not brought back by itself"
        );
        self.el("show-conflict").await.click().await.unwrap();
        let explain = self.el("conflict-explain").await;
        assert_eq!(
            explain.attr("data-removed").await.unwrap().as_deref(),
            Some("trashed"),
            "the dialog knows the post is in the trash"
        );
        let said = explain.text().await.unwrap();
        assert!(said.contains("回收站") || said.contains("trash"), "and says so: {said}");
        let merge = self
            .js("return document.querySelector('[data-testid=\"conflict-merge-start\"]') !== null")
            .await;
        assert_eq!(merge, Value::Bool(false), "there is nothing to merge with a takedown");
        self.el("conflict-ours").await.click().await.unwrap();
        let state = self
            .eventually_within(
                std::time::Duration::from_secs(30),
                "restored and pushed",
                || self.publication_state(),
                |s| s.as_deref() == Some("published"),
            )
            .await;
        assert_eq!(state.as_deref(), Some("published"));
        let back = status_on_portal();
        assert_eq!(back["status"], "publish", "the editor's choice brought it back");
        assert!(
            back["content"]["raw"]
                .as_str()
                .unwrap_or_default()
                .contains("回收站之后又补一句。"),
            "with our text: {back}"
        );
    }

    /// Settings → the footer lines (the ICP filing number) reach the page; a channel added then
    /// deleted takes its articles elsewhere.
    pub async fn site_footer_and_a_deleted_channel(&self) {
        eprintln!("e2e: site_footer_and_a_deleted_channel");
        self.el("settings-toggle").await.click().await.unwrap();
        let footer = self.el("site-footer").await;
        footer.clear().await.unwrap();
        footer
            .send_keys("联系电话：0851-1234567\n黔ICP备12345678号")
            .await
            .unwrap();
        self.el("save-site").await.click().await.unwrap();
        self.eventually(
            "the footer is saved",
            || async { (self.db().site().unwrap().footer, self.banner_errors().await) },
            |(f, _)| f.ends_with("黔ICP备12345678号") && f.starts_with("联系电话"),
        )
        .await;
        self.type_into("new-channel-name", "临时栏目").await;
        self.reveal("add-channel").await.click().await.unwrap();
        let row = "[data-testid=\"channel-row\"][data-channel=\"临时栏目\"] [data-testid=\"delete-channel\"]";
        let delete = self
            .app
            .wait()
            .for_element(Locator::Css(row))
            .await
            .expect("the new channel is listed");
        self.js(&format!(
            "document.querySelector('{}').scrollIntoView({{ block: 'center' }}); return null;",
            row.replace('\'', "\\'")
        ))
        .await;
        delete.click().await.unwrap();
        self.reveal("delete-channel-yes").await.click().await.unwrap();
        self.eventually(
            "the channel is gone",
            || async {
                self.db()
                    .channels()
                    .unwrap()
                    .into_iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
            },
            |names| !names.iter().any(|n| n == "临时栏目"),
        )
        .await;
        self.reveal("settings-close").await.click().await.unwrap();
        let page = self
            .eventually(
                "the preview shows the new footer",
                || self.shown_page(),
                |p| p.contains("黔ICP备12345678号"),
            )
            .await;
        assert!(page.contains("0851-1234567"), "every footer line is on the page");
    }
}
