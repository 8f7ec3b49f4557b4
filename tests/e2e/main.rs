//! End-to-end tests of the desktop app: the real binary, driven over WebDriver under Xvfb.
//!
//! Text is typed with WebDriver key actions, never set by script; only the input-method test
//! replays composition events, because Xvfb has no input method to send them.

mod harness;
mod served;
mod steps;
mod updates;

use std::time::Duration;

use harness::Desktop;

/// One window at a time: two webviews at once on a two-core machine make both scenarios slow
/// and their timings meaningless.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_app_end_to_end() {
    let _window = ONE_WINDOW.lock().await;
    // A hung webview must fail the run, not stall CI.
    tokio::time::timeout(Duration::from_secs(300), scenario())
        .await
        .expect("the end-to-end scenario finishes within 5 minutes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_to_the_portal_end_to_end() {
    let _window = ONE_WINDOW.lock().await;
    tokio::time::timeout(Duration::from_secs(300), publishing_scenario())
        .await
        .expect("the publishing scenario finishes within 5 minutes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sites_from_the_file_menu_end_to_end() {
    let _window = ONE_WINDOW.lock().await;
    tokio::time::timeout(Duration::from_secs(180), sites_scenario())
        .await
        .expect("the sites scenario finishes within 3 minutes");
}

/// 文件 → 新建站点…: the window shows the new, empty site, and again after a relaunch;
/// 最近的站点 brings the demo back.
async fn sites_scenario() {
    let desktop = Desktop::start();
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.demo_is_open().await;
    let demo = steps.a_new_site_from_the_menu().await;
    app.close().await.expect("the session closes");
    tokio::time::sleep(Duration::from_millis(500)).await;

    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.the_last_site_opens_again().await;
    steps.back_to_the_demo(demo).await;
    app.close().await.expect("the session closes");
}

/// Connect the test portal through the browser, publish, see the link; relaunch, edit, and the
/// update goes out with the password read from the keychain again.
async fn publishing_scenario() {
    let portal = tokio::task::spawn_blocking(steps::Portal::start).await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let browser = portal.browser(home.path());
    // An office laptop's screen: the window must fit it.
    let desktop = Desktop::start_with(true, &[("BROWSER", browser.as_os_str())], "1366x768");
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.demo_is_open().await;
    steps.the_window_fits_a_1366_by_768_screen().await;
    steps.site_footer_and_a_deleted_channel().await;
    let secret = steps
        .authorize_a_portal_in_the_browser(&portal, &home.path().join("browser.log"))
        .await;
    let title = format!("门户发布测试 {}", std::process::id());
    let (id, _url) = steps.publish_and_see_the_link(&portal, &title).await;
    app.close().await.expect("the session closes");
    tokio::time::sleep(Duration::from_millis(500)).await;

    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    assert_eq!(
        desktop
            .session
            .as_ref()
            .unwrap()
            .secret(&format!("{} {}", portal.editor, portal.url))
            .as_deref(),
        Some(secret.as_str()),
        "the keychain still holds the password after the restart"
    );
    steps
        .an_edit_after_relaunch_updates_the_post(&portal, id, &secret)
        .await;
    steps
        .a_portal_edit_is_a_conflict_settled_in_the_dialog(&portal, id, &secret)
        .await;
    steps
        .a_post_trashed_on_the_portal_comes_back_only_when_asked(&portal, id, &secret)
        .await;
    app.close().await.expect("the session closes");
}

async fn scenario() {
    let desktop = Desktop::start();
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.demo_is_open().await;
    steps.the_seed_article_opens_with_its_page().await;
    steps.search_finds_the_seed_article().await;
    steps.tooltips_go_away_and_follow_the_language().await;
    let id = steps.create_and_fill_an_article().await;
    steps.an_untitled_draft_keeps_saving(&id).await;
    steps.dates_are_typed_and_pasted_as_editors_write_them(&id).await;
    steps.a_date_is_picked_from_the_calendar(&id).await;
    steps.preview_is_the_cores_render(&id).await;
    steps.an_edit_made_elsewhere_shows_up(&id).await;
    steps.input_method_typing_is_exact().await;
    steps.pasted_lines_become_paragraphs().await;
    steps.the_menu_bar_works().await;
    steps.paste_a_repost_and_save_it().await;
    steps.import_a_page_by_its_address().await;
    steps.failed_command_shows_its_message(&id).await;
    steps.a_photo_is_added_captioned_and_shown_as_a_figure().await;
    app.close().await.expect("the session closes");
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Quit and relaunch: everything typed is there.
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.article_survived_relaunch(&id).await;
    steps.restore_an_older_revision(&id).await;
    steps.the_history_labels_revisions_and_undoes_a_restore(&id).await;
    steps.export_into_a_chosen_folder_then_in_one_click().await;
    app.close().await.expect("the session closes");
    tokio::time::sleep(Duration::from_millis(500)).await;

    // A portal's archive imported while the app is closed: search it, and scroll to its end.
    let archive = {
        let db_path = desktop.db_path();
        tokio::task::spawn_blocking(move || steps::fill_archive(&db_path))
            .await
            .expect("the archive is made")
    };
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.search_and_scroll_a_large_archive(&archive).await;
    app.close().await.expect("the session closes");
}
