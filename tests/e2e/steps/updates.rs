//! The update steps: the notice of 99.0.0 after the first paint, the install refused while a
//! save fails, the package downloaded and verified once the work is saved, and a package signed
//! by another key refused.

use std::time::Duration;

use fantoccini::Locator;
use newsdesk_core::ArticleId;

use super::{Steps, by_id};
use crate::updates::{Channel, FORGED, NOTES, OFFERED};

/// The guard's words, as the window shows them.
const UNSAVED: &str = "有未保存的修改，保存后再安装。";

impl Steps<'_> {
    /// The notice's status line and its tone (`refused`, `failed`, `done`, `step`), or empty.
    async fn update_status(&self) -> (String, String) {
        let v = self
            .js(
                "const s = document.querySelector('[data-testid=\"update-status\"]'); return s ? [s.dataset.tone, s.textContent.trim()] : ['', ''];",
            )
            .await;
        (
            v[0].as_str().unwrap_or_default().to_string(),
            v[1].as_str().unwrap_or_default().to_string(),
        )
    }

    async fn notice_version(&self) -> String {
        self.js("return document.querySelector('[data-testid=\"update-notice\"]')?.dataset.version ?? ''")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The check after the first paint finds 99.0.0 and says so, with its notes a click away.
    pub async fn an_update_is_announced(&self, channel: &Channel) {
        eprintln!("e2e: an_update_is_announced");
        self.eventually_within(
            Duration::from_secs(30),
            "the notice names the offered version",
            || self.notice_version(),
            |v| v == OFFERED,
        )
        .await;
        let text = self.el("update-notice").await.text().await.unwrap();
        for part in [
            format!("有新版本 {OFFERED} 可用"),
            "更新说明".into(),
            "安装并重启".into(),
        ] {
            assert!(text.contains(&part), "the notice says {part}: {text:?}");
        }
        // The menu bar, set beside the notice after the first paint, moves the window's content
        // down as it arrives: a click aimed before that lands where the toggle was.
        self.eventually(
            "the menu bar is in place",
            || async { self.js("return document.body.dataset.menuBar ?? null").await },
            |v| v.as_str() == Some("set"),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(200)).await;
        self.el("update-notes-toggle").await.click().await.unwrap();
        let notes = self.el("update-notes").await.text().await.unwrap();
        assert_eq!(notes, NOTES, "the notes are the manifest's");
        assert!(
            channel.asked().iter().any(|p| p == "/latest.json"),
            "the app asked the channel for its manifest: {:?}",
            channel.asked()
        );
        assert_eq!(
            channel.downloads(OFFERED),
            0,
            "nothing is downloaded before the editor asks"
        );
    }

    /// A new article with a body typed and a slug another article has: its save fails, and the
    /// install, which flushes the save first, is refused and downloads nothing.
    pub async fn unsaved_work_refuses_the_install(&self, channel: &Channel) -> String {
        eprintln!("e2e: unsaved_work_refuses_the_install");
        let id = self.press_new_article().await;
        self.type_into("title", "更新前的稿子").await;
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("安装更新之前写下的一段。").await.unwrap();
        let article: ArticleId = id.parse().unwrap();
        // Nothing in flight before the slug is typed: a save of the title answering meanwhile
        // fills in the slug made from it, and keys typed after WebDriver's clear would add to it.
        self.eventually(
            "the title and the body are saved",
            || async {
                let saved = self.db().article(article).unwrap();
                let state = self
                    .js("return document.querySelector('[data-testid=\"save-state\"]')?.dataset.state ?? ''")
                    .await;
                (saved.title, saved.body, state, self.value("slug").await == saved.slug)
            },
            |(title, body, state, same)| {
                title == "更新前的稿子" && body.contains("安装更新之前写下的一段。") && state == "saved" && *same
            },
        )
        .await;
        let taken = self
            .db()
            .article(newsdesk_core::demo::SEED_ARTICLE_ID.parse().unwrap())
            .unwrap()
            .slug;
        self.type_into("slug", &taken).await;
        self.eventually(
            "the save fails on the taken slug",
            || async {
                let state = self
                    .js("return document.querySelector('[data-testid=\"save-state\"]')?.dataset.state ?? ''")
                    .await;
                (
                    state,
                    self.value("slug").await,
                    self.db().article(article).unwrap().slug,
                    taken.clone(),
                )
            },
            |(s, _, _, _)| s.as_str() == Some("failed"),
        )
        .await;
        assert_eq!(self.value("slug").await, taken, "the taken slug is in the box");
        self.el("update-install").await.click().await.unwrap();
        let (_, text) = self
            .eventually(
                "the install is refused",
                || self.update_status(),
                |(tone, _)| tone == "refused",
            )
            .await;
        assert_eq!(text, UNSAVED, "the guard says why and what to do");
        // The button comes back: the editor may try again once the work is saved.
        self.eventually(
            "the install button is enabled again",
            || async { self.el("update-install").await.is_enabled().await.unwrap() },
            |on| *on,
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            channel.downloads(OFFERED),
            0,
            "a refused install downloads nothing: {:?}",
            channel.asked()
        );
        let article: ArticleId = id.parse().unwrap();
        assert_ne!(
            self.db().article(article).unwrap().slug,
            taken,
            "the refused save stayed unsaved"
        );
        id
    }

    /// With the slug fixed the work saves; the last words typed are flushed by the install
    /// button itself; the package is downloaded and passes its signature check, and the build is
    /// not replaced.
    pub async fn saved_work_lets_the_update_download(&self, channel: &Channel, id: &str) {
        eprintln!("e2e: saved_work_lets_the_update_download");
        let article: ArticleId = id.parse().unwrap();
        self.type_into("slug", "geng-xin-qian").await;
        self.eventually(
            "the own slug saves",
            || async { self.db().article(article).unwrap().slug },
            |s| s == "geng-xin-qian",
        )
        .await;
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("安装前最后一句。").await.unwrap();
        // At once, before the autosave's pause: the install's guard flushes it.
        self.app
            .find(Locator::Css(&by_id("update-install")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let (tone, text) = self
            .eventually_within(
                Duration::from_secs(30),
                "the package is downloaded and verified",
                || self.update_status(),
                |(tone, _)| tone == "done" || tone == "failed" || tone == "refused",
            )
            .await;
        assert_eq!(tone, "done", "the install went ahead: {text}");
        assert!(
            text.contains(&format!("新版本 {OFFERED} 已下载并通过签名验证")) && text.contains("不会被替换"),
            "the window says the package was verified and the build is kept: {text}"
        );
        assert!(
            self.db().article(article).unwrap().body.contains("安装前最后一句。"),
            "the words typed just before were saved first"
        );
        assert_eq!(
            channel.downloads(OFFERED),
            1,
            "the package was downloaded once: {:?}",
            channel.asked()
        );
    }

    /// Help → 检查更新… finds 99.0.1, whose package another key signed: the install refuses it.
    pub async fn a_package_signed_by_another_key_is_refused(&self, channel: &Channel) {
        eprintln!("e2e: a_package_signed_by_another_key_is_refused");
        channel.offer_a_package_signed_by_another_key();
        self.choose_from_the_menu(4, 1).await;
        self.eventually_within(
            Duration::from_secs(30),
            "帮助 → 检查更新… finds the new manifest",
            || self.notice_version(),
            |v| v == FORGED,
        )
        .await;
        assert_eq!(
            self.update_status().await.0,
            "",
            "the new offer starts without the old status"
        );
        self.el("update-install").await.click().await.unwrap();
        let (tone, text) = self
            .eventually_within(
                Duration::from_secs(30),
                "the forged package is refused",
                || self.update_status(),
                |(tone, _)| tone == "failed" || tone == "done",
            )
            .await;
        assert_eq!(
            tone, "failed",
            "a package signed by another key is not accepted: {text}"
        );
        assert!(
            text.contains("签名与本应用信任的公钥不符") && text.contains("未安装"),
            "the message says the signature is wrong and nothing was installed: {text}"
        );
        assert_eq!(channel.downloads(FORGED), 1, "it was downloaded, then refused");
    }
}
