//! The photo strip: a photo added through the real GTK file chooser (answered through xdotool,
//! which WebDriver cannot reach), its caption and credit edited, inserted as a figure, and the
//! figure on the previewed page with its rendition, caption and credit.

use std::time::Duration;

use fantoccini::key::Key;
use newsdesk_core::ArticleId;

use super::Steps;
use super::x11::answer_the_chooser;

const TITLE: &str = "湄潭秋茶开采";
const CAPTION: &str = "茶农在湄潭县核心茶园采摘秋茶";
const CREDIT: &str = "陈鋆摄";

impl Steps<'_> {
    pub async fn a_photo_is_added_captioned_and_shown_as_a_figure(&self) {
        eprintln!("e2e: a_photo_is_added_captioned_and_shown_as_a_figure");
        let id = self.press_new_article().await;
        self.type_into("title", TITLE).await;
        // A photo under a folder the editor keeps photos in, by a name the chooser has to take.
        let folder = self.desktop.home.path().join("photos");
        std::fs::create_dir_all(&folder).unwrap();
        let photo = folder.join("meitan-autumn-tea.jpg");
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/crates/newsdesk-core/tests/fixtures/photos/orientation-6.jpg"
            ),
            &photo,
        )
        .expect("the fixture photo is copied");

        self.el("add-photos").await.click().await.unwrap();
        let display = self.desktop.display.clone();
        let chosen = photo.clone();
        tokio::task::spawn_blocking(move || answer_the_chooser(&display, "选择要添加的图片", &chosen))
            .await
            .unwrap();
        let count = self
            .eventually_within(
                Duration::from_secs(30),
                "the chosen photo is imported into the strip",
                || async { self.el("photo-count").await.text().await.unwrap_or_default() },
                |n| n == "1",
            )
            .await;
        assert_eq!(count, "1");
        let article_id: ArticleId = id.parse().unwrap();
        let stored = self.db().article_photos(article_id).unwrap();
        assert_eq!(stored.len(), 1, "the photo is the article's, in the database");
        // EXIF orientation 6: pixels stored 48 wide and 64 high, shown turned to the 64x48 of
        // the upright fixture.
        assert!(
            (stored[0].photo.width, stored[0].photo.height) == (64, 48),
            "the photo is turned upright by its EXIF orientation: {}x{}",
            stored[0].photo.width,
            stored[0].photo.height
        );

        self.el("photo-thumb").await.click().await.unwrap();
        self.type_into("photo-caption", CAPTION).await;
        // Tab leaves the box, which saves it (as the editor moving on to the next box does).
        self.el("photo-caption")
            .await
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
        self.type_into("photo-credit", CREDIT).await;
        self.el("photo-credit")
            .await
            .send_keys(&Key::Tab.to_string())
            .await
            .unwrap();
        self.eventually(
            "the caption and credit are saved with the photo",
            || async { self.db().article_photos(article_id).unwrap() },
            |p| p[0].photo.caption.as_deref() == Some(CAPTION) && p[0].photo.credit.as_deref() == Some(CREDIT),
        )
        .await;

        self.body().await.click().await.unwrap();
        self.el("photo-insert").await.click().await.unwrap();
        let photo_id = stored[0].photo.id.clone();
        let saved = self
            .eventually(
                "the figure is in the saved body",
                || async { self.db().article(article_id).unwrap().body },
                |b| b.contains(&format!("(photo:{photo_id})")),
            )
            .await;
        assert!(
            saved.contains(&format!("![{CAPTION}](photo:{photo_id})")),
            "the figure's text is the caption: {saved}"
        );

        let page = self
            .eventually_within(
                Duration::from_secs(20),
                "the preview shows the figure",
                || self.shown_page(),
                |p| p.contains("<figure class=\"photo\"") && p.contains(CREDIT),
            )
            .await;
        let figure = &page[page.find("<figure class=\"photo\"").unwrap()..];
        let figure = &figure[..figure.find("</figure>").unwrap()];
        assert!(
            figure.contains(CAPTION) && figure.contains(&format!("<span class=\"credit\">{CREDIT}</span>")),
            "the figure's caption ends in the photographer's credit: {figure}"
        );
        assert!(
            figure.contains("renditions/"),
            "the figure shows a web rendition: {figure}"
        );
    }
}
