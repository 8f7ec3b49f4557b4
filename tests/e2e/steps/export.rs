//! The export step: the GTK folder chooser answered through xdotool (WebDriver cannot reach it),
//! the progress run to its end, a scheduled article whose time has passed on the site, and the
//! next export in one click into the remembered folder.

use std::path::Path;
use std::time::Duration;

use newsdesk_core::{ArticleId, ArticlePatch, Status};

use super::Steps;
use super::x11::answer_the_chooser;

/// Every file below `dir`, read as text where it is text.
fn pages(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap_or_default(),
            ));
        }
    }
    out
}

impl Steps<'_> {
    async fn toast_text(&self) -> String {
        self.js(
            "return [...document.querySelectorAll('[data-testid=\"toast\"]')].map((e) => e.textContent).join('\\n')",
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    /// A scheduled article whose time has passed is on the exported site; the folder is asked for
    /// once (the chooser), and the next export goes there in one click.
    pub async fn export_into_a_chosen_folder_then_in_one_click(&self) {
        eprintln!("e2e: export_into_a_chosen_folder_then_in_one_click");
        let scheduled_title = "定时发布已到时间的稿件";
        {
            let mut db = self.db();
            let patch = ArticlePatch {
                title: Some(scheduled_title.into()),
                channel: Some("百姓生活".into()),
                status: Some(Status::Scheduled),
                publish_at: Some("2021-09-01 08:00:00".into()),
                body: Some("到时间自动上线的正文。".into()),
                ..ArticlePatch::default()
            };
            db.create_article(ArticleId::generate(), &patch, chrono::Utc::now())
                .unwrap();
        }
        let out = self.desktop.home.path().join("exported site");
        std::fs::create_dir_all(&out).unwrap();
        self.el("export-site").await.click().await.unwrap();
        let display = self.desktop.display.clone();
        let folder = out.clone();
        tokio::task::spawn_blocking(move || answer_the_chooser(&display, "选择导出静态站点的文件夹", &folder))
            .await
            .unwrap();
        let toast = self
            .eventually_within(
                Duration::from_secs(60),
                "the export finishes with its notice",
                || self.toast_text(),
                |t| t.contains("已导出"),
            )
            .await;
        assert!(
            toast.contains("打开文件夹"),
            "the notice offers to open the folder: {toast}"
        );
        let site = pages(&out);
        assert!(
            site.iter()
                .any(|(_, html)| html.contains("党旗下的就业人丨迎难而上勇担当")),
            "the seed page is in the chosen folder"
        );
        assert!(
            site.iter().any(|(_, html)| html.contains("到时间自动上线的正文。")),
            "a scheduled article whose time has passed is part of the export"
        );
        // Again: no chooser, the same folder, nothing to rewrite.
        self.js("document.querySelectorAll('[data-testid=\"toast\"]').forEach((e) => e.remove())")
            .await;
        self.el("export-site").await.click().await.unwrap();
        let again = self
            .eventually_within(
                Duration::from_secs(30),
                "the second export goes into the remembered folder",
                || self.toast_text(),
                |t| t.contains("已导出"),
            )
            .await;
        assert!(again.contains(&out.display().to_string()), "the same folder: {again}");
    }
}
