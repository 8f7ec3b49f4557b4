//! The desk's finish: tooltips that go away and follow a language switch, the date box's
//! calendar, and the revision history's labels, field changes and 撤销 after a restore.

use std::time::Duration;

use fantoccini::Locator;
use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::elements::Element;
use newsdesk_core::ArticleId;

use super::{NEW_TITLE, Steps, by_id};

impl Steps<'_> {
    /// Moves the real pointer onto an element (or off everything, to the window's corner).
    async fn point_at(&self, target: Option<&Element>) {
        let step = match target {
            Some(element) => PointerAction::MoveToElement {
                element: element.clone(),
                duration: Some(Duration::from_millis(50)),
                x: 0.0,
                y: 0.0,
            },
            None => PointerAction::MoveTo {
                duration: Some(Duration::from_millis(50)),
                x: 700.0,
                y: 420.0,
            },
        };
        self.app
            .perform_actions(MouseActions::new("mouse".into()).then(step))
            .await
            .expect("the pointer moves");
    }

    /// The tooltip on screen, or "" when there is none.
    async fn tooltip(&self) -> String {
        match self.app.find(Locator::Css(&by_id("tooltip"))).await {
            Ok(tip) => tip.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// A hovered control's tooltip shows, goes when the pointer leaves, and is in English after a
    /// switch to English (and Chinese again after the switch back).
    pub async fn tooltips_go_away_and_follow_the_language(&self) {
        eprintln!("e2e: tooltips_go_away_and_follow_the_language");
        let new = self.el("new-article").await;
        self.point_at(Some(&new)).await;
        self.eventually(
            "the hovered button's tooltip shows",
            || self.tooltip(),
            |t| t == "新建文章（Ctrl+N）",
        )
        .await;
        self.point_at(None).await;
        self.eventually("the tooltip goes with the pointer", || self.tooltip(), |t| t.is_empty())
            .await;

        // A click on a control with a tooltip dismisses it (no tooltip left over a new screen).
        let lang = self.el("lang-toggle").await;
        lang.click().await.unwrap();
        self.eventually(
            "the window is in English",
            || async { self.el("new-article").await.text().await.unwrap() },
            |t| t.ends_with("New"),
        )
        .await;
        assert_eq!(self.tooltip().await, "", "the click left no tooltip behind");
        self.point_at(None).await;
        self.point_at(Some(&self.el("new-article").await)).await;
        self.eventually(
            "the tooltip is in the new language",
            || self.tooltip(),
            |t| t == "New article (Ctrl+N)",
        )
        .await;
        self.el("lang-toggle").await.click().await.unwrap();
        // WebDriver's click does not move the actions' pointer: leave first, then come back.
        self.point_at(None).await;
        self.point_at(Some(&self.el("new-article").await)).await;
        self.eventually(
            "and in Chinese again after switching back",
            || self.tooltip(),
            |t| t == "新建文章（Ctrl+N）",
        )
        .await;
        self.point_at(None).await;
        self.eventually("no tooltip stays", || self.tooltip(), |t| t.is_empty())
            .await;
    }

    /// The calendar beside a date box fills it in the UI language's form: a day and a time for
    /// 发布日期, a day alone for a 来源时间 that is a date; the core reads it as if typed.
    pub async fn a_date_is_picked_from_the_calendar(&self, id: &str) {
        eprintln!("e2e: a_date_is_picked_from_the_calendar");
        let article_id: newsdesk_core::ArticleId = id.parse().unwrap();
        self.reveal("publish-at-calendar").await.click().await.unwrap();
        let month = self.el("publish-at-month").await.text().await.unwrap();
        assert_eq!(month, "2021年9月", "the calendar opens at the box's month");
        let day = "[data-testid=\"publish-at-day\"][data-date=\"2021-09-20\"]";
        self.app.find(Locator::Css(day)).await.unwrap().click().await.unwrap();
        let clock = self.el("publish-at-clock").await;
        clock.clear().await.unwrap();
        clock.send_keys("8:30").await.unwrap();
        self.el("publish-at-pick").await.click().await.unwrap();
        self.eventually(
            "the picked day and time are in the box, in the Chinese form",
            || self.value("publish-at"),
            |v| v == "2021/09/20 08:30:00",
        )
        .await;
        self.eventually(
            "and saved as the site's wall time",
            || async {
                self.db()
                    .article(article_id)
                    .unwrap()
                    .publish_at
                    .map(|t| t.to_rfc3339())
            },
            |t| t.as_deref() == Some("2021-09-20T08:30:00+08:00"),
        )
        .await;
        assert!(
            self.app.find(Locator::Css(&by_id("publish-at-picker"))).await.is_err(),
            "the calendar closed"
        );

        // 来源时间 holds a date alone: the calendar picks a day, no time.
        self.reveal("source-time-calendar").await.click().await.unwrap();
        assert!(
            self.app.find(Locator::Css(&by_id("source-time-clock"))).await.is_err(),
            "a date alone has no time to pick"
        );
        let day = "[data-testid=\"source-time-day\"][data-date=\"2020-08-10\"]";
        self.app.find(Locator::Css(day)).await.unwrap().click().await.unwrap();
        self.eventually(
            "the day is in the box",
            || self.value("source-time"),
            |v| v == "2020/08/10",
        )
        .await;
        self.eventually(
            "and saved as a date",
            || async {
                self.db()
                    .article(article_id)
                    .unwrap()
                    .source
                    .published_at
                    .map(|t| t.to_string())
            },
            |t| t.as_deref() == Some("2020-08-10"),
        )
        .await;
    }

    /// After a restore (the step before this one), the history says what each revision is, the
    /// revision before the restore shows what the restore changed in the title and the details,
    /// and 撤销 brings that revision's text back as a new revision.
    pub async fn the_history_labels_revisions_and_undoes_a_restore(&self, id: &str) {
        eprintln!("e2e: the_history_labels_revisions_and_undoes_a_restore");
        let article_id: ArticleId = id.parse().unwrap();
        let restored = self.db().article(article_id).unwrap();
        let newest = restored.revision;
        let item = |n: i64| format!("[data-testid=\"revision-item\"][data-revision=\"{n}\"]");
        let label_of = |n: i64| async move {
            match self
                .app
                .find(Locator::Css(&format!("{} [data-testid=\"revision-label\"]", item(n))))
                .await
            {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            }
        };
        self.eventually("the restore is labelled", || label_of(newest), |l| l == "恢复自第 1 版")
            .await;
        assert_eq!(
            label_of(1).await,
            "新建",
            "the first revision is the article's creation"
        );

        // The revision before the restore against now: the title and the attribution it had.
        self.app
            .find(Locator::Css(&item(newest - 1)))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        let field = |name: &str| format!("[data-testid=\"revision-field\"][data-field=\"{name}\"]");
        let title = self
            .app
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&field("title")))
            .await
            .expect("the title's change is listed");
        let before = title
            .find(Locator::Css(&by_id("field-before")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let after = title
            .find(Locator::Css(&by_id("field-after")))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(before.contains(NEW_TITLE), "that revision's title: {before}");
        assert!(after.contains(&restored.title), "the title now: {after}");
        let source = self.el("revision-fields").await.text().await.unwrap();
        for part in ["来源", "遵义日报", "作者", "李明、张华"] {
            assert!(
                source.contains(part),
                "the attribution the restore took away is listed ({part}): {source}"
            );
        }

        self.el("undo-restore").await.click().await.unwrap();
        self.eventually("撤销 brings the title back", || self.value("title"), |t| t == NEW_TITLE)
            .await;
        let now = self.db().article(article_id).unwrap();
        assert_eq!(now.revision, newest + 1, "the undo is a new revision");
        assert_eq!(now.source.name.as_deref(), Some("遵义日报"), "the attribution is back");
        assert_eq!(self.value("source-name").await, "遵义日报");
        self.eventually(
            "the undo is labelled",
            || label_of(newest + 1),
            |l| l == &format!("撤销恢复（回到第 {} 版）", newest - 1),
        )
        .await;
        assert_eq!(
            label_of(newest).await,
            "恢复自第 1 版",
            "the restore stays in the history"
        );
        assert!(
            self.app.find(Locator::Css(&by_id("undo-restore"))).await.is_err(),
            "nothing is left to undo"
        );
    }
}
