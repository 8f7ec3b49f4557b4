//! The native menu bar, reached as an editor's keyboard reaches it (F10, arrows, Enter) through
//! xdotool, since WebDriver cannot reach GTK menus: a new article from 文件; paste, select all
//! and cut from 编辑 in the title box, undo and redo in the body; the About box from 帮助.

use std::time::Duration;

use super::x11::{keys, wait_for_window, windows, xdotool};
use super::{NEW_TITLE, Steps};

/// The main window: named by its config, "编辑台 Newsdesk".
fn main_window(display: &str) -> String {
    wait_for_window(display, "the main window", Duration::from_secs(10), |name| {
        name.starts_with("编辑台")
    })
}

impl Steps<'_> {
    /// Opens menu number `menu` (0: 文件) with F10 and activates its item number `item`.
    pub(super) async fn choose_from_the_menu(&self, menu: usize, item: usize) {
        let display = self.desktop.display.clone();
        tokio::task::spawn_blocking(move || {
            let window = main_window(&display);
            let mut path = vec!["F10"];
            path.extend(std::iter::repeat_n("Right", menu));
            path.extend(std::iter::repeat_n("Down", item + 1));
            path.push("Return");
            keys(&display, &window, &path);
        })
        .await
        .unwrap();
    }

    pub async fn the_menu_bar_works(&self) {
        eprintln!("e2e: the_menu_bar_works");
        // 文件 → 新建文章: the same as the 新建 button.
        let before = self.list_ids().await;
        self.choose_from_the_menu(0, 0).await;
        let ids = self
            .eventually(
                "文件 → 新建文章 adds an article",
                || self.list_ids(),
                |ids| ids.len() == before.len() + 1,
            )
            .await;
        let id = ids.into_iter().find(|i| !before.contains(i)).unwrap();
        self.eventually(
            "the new article is open",
            || async {
                self.js("return document.querySelector('[aria-current=\"true\"]')?.dataset.id ?? null")
                    .await
            },
            |v| v.as_str() == Some(id.as_str()),
        )
        .await;

        // 编辑 → 粘贴 into the title box, from the X clipboard as another program left it,
        // then 全选 and 剪切: the webview's own editing commands, as the key chords run them.
        self.type_into("title", NEW_TITLE).await;
        self.own_the_clipboard("UTF8_STRING", "菜单粘贴".as_bytes());
        self.choose_from_the_menu(1, 4).await;
        self.eventually(
            "编辑 → 粘贴 pastes at the caret",
            || self.value("title"),
            |v| v == &format!("{NEW_TITLE}菜单粘贴"),
        )
        .await;
        self.choose_from_the_menu(1, 5).await;
        self.choose_from_the_menu(1, 2).await;
        self.eventually(
            "编辑 → 全选, 剪切 empties the title box",
            || self.value("title"),
            |v| v.is_empty(),
        )
        .await;
        let display = self.desktop.display.clone();
        let clipboard = tokio::task::spawn_blocking(move || {
            let out = std::process::Command::new("xclip")
                .args(["-selection", "clipboard", "-o"])
                .env("DISPLAY", &display)
                .output()
                .expect("xclip runs");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .await
        .unwrap();
        assert_eq!(
            clipboard,
            format!("{NEW_TITLE}菜单粘贴"),
            "the cut title is on the system clipboard"
        );

        // And in the body, through the editor's own history.
        let body = self.body().await;
        body.click().await.unwrap();
        body.send_keys("菜单撤销").await.unwrap();
        let text = || async {
            self.js("return document.querySelector('[data-testid=\"body\"] .cm-content').textContent")
                .await
                .as_str()
                .unwrap_or_default()
                .to_string()
        };
        self.eventually("the body is typed", text, |t| t.contains("菜单撤销"))
            .await;
        self.choose_from_the_menu(1, 0).await;
        self.eventually("编辑 → 撤销 undoes the body's typing", text, |t| {
            !t.contains("菜单撤销")
        })
        .await;
        self.choose_from_the_menu(1, 1).await;
        self.eventually("编辑 → 重做 brings it back", text, |t| t.contains("菜单撤销"))
            .await;

        // 帮助 → 关于: the About box, named after the app (its version is inside).
        let display = self.desktop.display.clone();
        self.choose_from_the_menu(4, 0).await;
        let about = tokio::task::spawn_blocking(move || {
            let about = wait_for_window(&display, "the About box", Duration::from_secs(10), |name| {
                !name.starts_with("编辑台") && name.contains("编辑台")
            });
            let name = windows(&display).into_iter().find(|w| w.0 == about).unwrap().1;
            keys(&display, &about, &["Escape"]);
            let _ = xdotool(&display, &["getwindowname", &about]);
            name
        })
        .await
        .unwrap();
        assert!(about.contains("编辑台"), "the About box is the app's: {about:?}");
    }
}
