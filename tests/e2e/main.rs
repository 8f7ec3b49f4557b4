//! End-to-end tests of the desktop app: the real binary, driven over WebDriver under Xvfb.
//!
//! Text is typed with WebDriver key actions, never set by script; only the input-method test
//! replays composition events, because Xvfb has no input method to send them.

mod harness;
mod steps;

use std::time::Duration;

use harness::Desktop;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_app_end_to_end() {
    // A hung webview must fail the run, not stall CI.
    tokio::time::timeout(Duration::from_secs(300), scenario())
        .await
        .expect("the end-to-end scenario finishes within 5 minutes");
}

async fn scenario() {
    let desktop = Desktop::start();
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.demo_is_open().await;
    steps.the_seed_article_opens_with_its_page().await;
    steps.search_finds_the_seed_article().await;
    let id = steps.create_and_fill_an_article().await;
    steps.preview_is_the_cores_render(&id).await;
    steps.input_method_typing_is_exact().await;
    steps.failed_command_shows_its_message(&id).await;
    app.close().await.expect("the session closes");
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Quit and relaunch: everything typed is there.
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.article_survived_relaunch(&id).await;
    steps.restore_an_older_revision(&id).await;
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
