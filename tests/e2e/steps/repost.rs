//! The repost steps: the seed page's HTML on the X clipboard (as a browser's copy leaves it),
//! the real Ctrl+Shift+V chord, the review dialog's fields, and the draft saved with its
//! attribution; a page fetched by its address from a web server of the test's own (导入网页…),
//! with its other credits and its photo; and a plain Ctrl+V of lines copied from a page into
//! the body.

use std::process::{Command, Stdio};

use fantoccini::Locator;
use fantoccini::key::Key;

use super::Steps;
use crate::served::Served;

/// A county portal's page as its server sends it: the credits under the article, one photo.
const SERVED_PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>湄江镇新建村级便民服务站_湄潭县融媒体中心</title></head><body>
<div class="nav">首页 &gt; 乡镇动态 &gt; 正文</div>
<h1>湄江镇新建村级便民服务站</h1>
<p>来源：湄潭县融媒体中心　作者：陈思远　发布时间：2024-03-18 09:30</p>
<p>　　今年以来，湄江镇在12个村新建便民服务站，群众办理社保、医保等业务不出村。</p>
<figure><img src="/img/station.jpg"><figcaption>村民在便民服务站办理业务。李华摄</figcaption></figure>
<p>　　下一步，该镇将推动更多服务事项下沉到村，让群众少跑腿。</p>
<p>责任编辑：曾淑花　二审：朱晖　三审：王立新</p>
<p>上一篇：湄潭茶叶开采</p>
</body></html>"#;

impl Steps<'_> {
    /// Puts `bytes` on the clipboard of the app's display as `target` (`text/html`,
    /// `UTF8_STRING`); xclip serves it from the background until another program takes it.
    pub(super) fn own_the_clipboard(&self, target: &str, html: &[u8]) {
        let mut xclip = Command::new("xclip")
            .args(["-selection", "clipboard", "-t", target, "-i"])
            .env("DISPLAY", &self.desktop.display)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("xclip is installed (./scripts/setup.sh installs it)");
        std::io::Write::write_all(&mut xclip.stdin.take().unwrap(), html).unwrap();
        assert!(xclip.wait().unwrap().success(), "xclip took the clipboard");
    }

    pub async fn paste_a_repost_and_save_it(&self) {
        eprintln!("e2e: paste_a_repost_and_save_it");
        let page = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/newsdesk-extract/tests/pages/seed-page.html"),
        )
        .expect("the seed page's HTML is in the repository");
        self.own_the_clipboard("text/html", &page);
        let before = self.list_ids().await;
        // The chord goes to a list row: nothing editable has focus, so nothing else could paste.
        let row = self.el("article-item").await;
        row.send_keys(&format!("{}{}v{}", Key::Control, Key::Shift, Key::Null))
            .await
            .unwrap();
        self.el("repost-dialog").await;
        let title = self
            .eventually(
                "the review shows the page's title",
                || self.value("repost-title"),
                |t| !t.is_empty(),
            )
            .await;
        assert_eq!(title, "党旗下的就业人丨迎难而上勇担当");
        // The demo holds this very article: the review says so before anything is saved.
        let same = self.el("repost-same-original").await.text().await.unwrap();
        assert!(same.contains("党旗下的就业人"), "the repeat repost is flagged: {same}");
        assert_eq!(self.value("repost-source_name").await, "中国劳动保障报");
        assert_eq!(self.value("repost-source_author").await, "刘薇");
        assert_eq!(
            self.value("repost-source_time").await,
            "2020-08-12",
            "a date alone stays a date"
        );
        let confidence = self.el("repost-confidence-source_name").await.text().await.unwrap();
        assert!(confidence.contains('%'), "the confidence is shown: {confidence}");
        // Choosing a field highlights the text it was read from.
        // (End, typed into the box, focuses it without changing its value.)
        self.el("repost-source_name")
            .await
            .send_keys(&Key::End.to_string())
            .await
            .unwrap();
        let marked = self
            .eventually(
                "the source of 来源 is highlighted",
                || async { self.el("repost-source-mark").await.text().await.unwrap() },
                |m| m.contains("中国劳动保障报"),
            )
            .await;
        assert!(marked.contains("中国劳动保障报"), "{marked}");
        // The editor corrects a field before saving.
        self.type_into("repost-editor", "王编辑").await;
        self.el("repost-save").await.click().await.unwrap();
        let ids = self
            .eventually(
                "the draft is in the list",
                || self.list_ids(),
                |ids| ids.len() == before.len() + 1,
            )
            .await;
        let id = ids.into_iter().find(|i| !before.contains(i)).unwrap();
        let saved = self.db().article(id.parse().unwrap()).unwrap();
        assert_eq!(saved.title, "党旗下的就业人丨迎难而上勇担当");
        assert_eq!(saved.status, newsdesk_core::Status::Draft, "a repost starts as a draft");
        assert_eq!(saved.source.name.as_deref(), Some("中国劳动保障报"));
        assert_eq!(saved.source.author.as_deref(), Some("刘薇"));
        assert_eq!(saved.editor.as_deref(), Some("王编辑"), "the correction was saved");
        assert!(saved.body.contains("在全国就业领域"), "the body came along");
        assert!(
            self.app
                .find(Locator::Css("[data-testid=\"repost-dialog\"][open]"))
                .await
                .is_err(),
            "the dialog closed"
        );
        assert_eq!(
            self.value("title").await,
            saved.title,
            "the new draft is open in the editor"
        );
    }

    /// 导入网页… by address: an address nothing answers at is refused in the dialog in the UI's
    /// language; the page served by the test's own web server is fetched, reviewed with its
    /// other credits and saved, its photo downloaded into the store; the inspector shows the
    /// credits and takes a correction.
    pub async fn import_a_page_by_its_address(&self) {
        eprintln!("e2e: import_a_page_by_its_address");
        let photo = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/newsdesk-core/tests/fixtures/photos/gps.jpg"),
        )
        .expect("the test photo is in the repository");
        let server = Served::start();
        server.route(
            "/news/2024/0318/1.html",
            "text/html; charset=utf-8",
            SERVED_PAGE.as_bytes().to_vec(),
        );
        server.route("/img/station.jpg", "image/jpeg", photo);
        let base = &server.base;
        let before = self.list_ids().await;
        self.el("import-page").await.click().await.unwrap();
        self.el("import-page-dialog").await;

        // A port nothing listens on: refused at once, said in the dialog.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        self.type_into("import-page-address", &format!("http://127.0.0.1:{closed}/gone.html"))
            .await;
        self.el("import-page-fetch").await.click().await.unwrap();
        let problem = self.el("import-page-problem").await.text().await.unwrap();
        assert!(
            problem.contains("无法打开网页") || problem.contains("Cannot open the page"),
            "the unreachable address is said in the UI's language: {problem}"
        );
        assert!(
            self.app
                .find(Locator::Css("[data-testid=\"repost-dialog\"][open]"))
                .await
                .is_err(),
            "no review for a page that was not read"
        );

        let url = format!("{base}/news/2024/0318/1.html");
        self.type_into("import-page-address", &url).await;
        self.el("import-page-fetch").await.click().await.unwrap();
        self.el("repost-dialog").await;
        let title = self
            .eventually(
                "the review shows the fetched page's title",
                || self.value("repost-title"),
                |t| !t.is_empty(),
            )
            .await;
        assert_eq!(title, "湄江镇新建村级便民服务站");
        assert_eq!(self.value("repost-source_name").await, "湄潭县融媒体中心");
        assert_eq!(self.value("repost-editor").await, "曾淑花");
        assert_eq!(
            self.value("repost-other_credits").await,
            "二审 朱晖、三审 王立新",
            "the credits beside the 责任编辑, one line"
        );
        assert_eq!(
            self.value("repost-source_url").await,
            url,
            "the page names no original: its own address is the 原文链接"
        );
        self.el("repost-save").await.click().await.unwrap();
        let ids = self
            .eventually(
                "the draft is in the list",
                || self.list_ids(),
                |ids| ids.len() == before.len() + 1,
            )
            .await;
        let id: newsdesk_core::ArticleId = ids.into_iter().find(|i| !before.contains(i)).unwrap().parse().unwrap();
        let saved = self
            .eventually_within(
                std::time::Duration::from_secs(30),
                "the page's photo is downloaded into the store",
                || async { self.db().article(id).unwrap() },
                |a| a.body.contains("](photo:"),
            )
            .await;
        drop(server);
        assert_eq!(saved.other_credits.as_deref(), Some("二审 朱晖、三审 王立新"));
        assert_eq!(saved.source.url.as_deref(), Some(url.as_str()));
        let strip = self.db().article_photos(id).unwrap();
        assert_eq!(strip.len(), 1, "the photo is on the draft's strip");
        assert_eq!(
            strip[0].photo.credit.as_deref(),
            Some("李华摄"),
            "with the page's credit"
        );

        // The inspector, beside 责任编辑.
        self.eventually(
            "the inspector shows the other credits",
            || self.value("other-credits"),
            |v| v == "二审 朱晖、三审 王立新",
        )
        .await;
        self.type_into("other-credits", "二审 朱晖、监制 王五").await;
        self.eventually(
            "the corrected credits are saved",
            || async { self.db().article(id).unwrap().other_credits },
            |c| c.as_deref() == Some("二审 朱晖、监制 王五"),
        )
        .await;
        let shown = self
            .eventually(
                "the preview shows them under the 责任编辑",
                || self.shown_page(),
                |page| page.contains("二审 朱晖、监制 王五"),
            )
            .await;
        assert!(
            shown.contains("<p class=\"credits\">二审 朱晖、监制 王五</p>"),
            "{}",
            shown.split("<footer").nth(1).unwrap_or(&shown)
        );
    }

    /// Three lines copied from a news page (each with its 　　 indent), pasted with Ctrl+V at the
    /// end of the body: three paragraphs in the preview.
    pub async fn pasted_lines_become_paragraphs(&self) {
        eprintln!("e2e: pasted_lines_become_paragraphs");
        let lines = "　　第一段粘贴文字。\n　　第二段粘贴文字。\n　　第三段粘贴文字。\n";
        self.own_the_clipboard("UTF8_STRING", lines.as_bytes());
        let body = self.body().await;
        body.click().await.unwrap();
        // Ctrl+End, a new paragraph, then Ctrl+V.
        let (ctrl, null, enter) = (Key::Control, Key::Null, Key::Enter);
        body.send_keys(&format!("{ctrl}{}{null}{enter}{enter}", Key::End))
            .await
            .unwrap();
        body.send_keys(&format!("{ctrl}v{null}")).await.unwrap();
        let shown = self
            .eventually(
                "the preview shows the pasted lines as paragraphs",
                || self.shown_page(),
                |page| page.contains("第三段粘贴文字。"),
            )
            .await;
        for n in ["第一", "第二", "第三"] {
            assert!(
                shown.contains(&format!("<p>{n}段粘贴文字。</p>")),
                "{n}段 is a paragraph of its own, its indent gone: {}",
                shown
                    .split("<body")
                    .nth(1)
                    .unwrap_or(&shown)
                    .chars()
                    .take(1500)
                    .collect::<String>()
            );
        }
    }

    /// Dates as editors write them: typed into 发布日期 in the Chinese form, pasted into 来源时间
    /// (a date alone stays a date), and an impossible date refused at its box, nothing saved.
    pub async fn dates_are_typed_and_pasted_as_editors_write_them(&self, id: &str) {
        eprintln!("e2e: dates_are_typed_and_pasted_as_editors_write_them");
        let article_id: newsdesk_core::ArticleId = id.parse().unwrap();
        let publish = self.el("publish-at").await;
        publish.clear().await.unwrap();
        publish
            .send_keys(&format!("2021年9月13日 10:20{}", Key::Tab))
            .await
            .unwrap();
        let saved = self
            .eventually(
                "the typed publish time is saved",
                || async {
                    self.db()
                        .article(article_id)
                        .unwrap()
                        .publish_at
                        .map(|t| t.to_rfc3339())
                },
                |t| t.as_deref() == Some("2021-09-13T10:20:00+08:00"),
            )
            .await;
        assert_eq!(saved.as_deref(), Some("2021-09-13T10:20:00+08:00"));
        assert_eq!(
            self.value("publish-at").await,
            "2021/09/13 10:20:00",
            "shown in the Chinese 24-hour form"
        );

        self.own_the_clipboard("UTF8_STRING", b"2020-08-12");
        let source = self.el("source-time").await;
        source.clear().await.unwrap();
        source
            .send_keys(&format!("{}v{}", Key::Control, Key::Null))
            .await
            .unwrap();
        // GTK hands the clipboard over asynchronously: the box holds it a moment later.
        self.eventually(
            "the date is pasted into the box",
            || self.value("source-time"),
            |v| v == "2020-08-12",
        )
        .await;
        source.send_keys(&Key::Tab.to_string()).await.unwrap();
        let saved = self
            .eventually(
                "the pasted source date is saved as a date",
                || async {
                    self.db()
                        .article(article_id)
                        .unwrap()
                        .source
                        .published_at
                        .map(|t| t.to_string())
                },
                |t| t.as_deref() == Some("2020-08-12"),
            )
            .await;
        assert_eq!(saved.as_deref(), Some("2020-08-12"));

        let publish = self.el("publish-at").await;
        publish.clear().await.unwrap();
        publish
            .send_keys(&format!("2021-02-30 08:00{}", Key::Tab))
            .await
            .unwrap();
        let error = self.el("publish-at-error").await.text().await.unwrap();
        assert!(error.contains("2021-02-30"), "the box says what is wrong: {error}");
        let kept = self
            .db()
            .article(article_id)
            .unwrap()
            .publish_at
            .map(|t| t.to_rfc3339());
        assert_eq!(
            kept.as_deref(),
            Some("2021-09-13T10:20:00+08:00"),
            "nothing was saved for it"
        );
        // Fixed, the error goes.
        let publish = self.el("publish-at").await;
        publish.clear().await.unwrap();
        publish
            .send_keys(&format!("2021/9/13 10:20{}", Key::Tab))
            .await
            .unwrap();
        self.eventually(
            "the error clears once the date is fixed",
            || async {
                self.app
                    .find(Locator::Css("[data-testid=\"publish-at-error\"]"))
                    .await
                    .is_err()
            },
            |gone| *gone,
        )
        .await;
    }
}
