//! Measures the desktop app as an editor feels it (release build, real webview under Xvfb):
//! launch to an interactive window, idle memory of the app's process tree, and the time from a
//! keystroke in a 10,000-character article to the preview showing it.
//!
//! `cargo bench -p newsdesk-desktop --bench desktop`

// The bench drives no portal: the Secret Service parts of the harness go unused here.
#[allow(dead_code)]
#[path = "harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use fantoccini::Locator;
use newsdesk_core::{ArticleId, ArticlePatch, Db, Status};

/// Proportional set size of a process: shared pages counted once across the tree.
fn pss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The app and every process below it (WebKit's web and network processes).
fn app_tree() -> Vec<(u32, String)> {
    let mut procs = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let name = stat
            .split('(')
            .nth(1)
            .and_then(|s| s.split(')').next())
            .unwrap_or("")
            .to_string();
        let ppid: u32 = stat
            .rsplit(')')
            .next()
            .and_then(|s| s.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        procs.push((pid, ppid, name));
    }
    let roots: Vec<u32> = procs
        .iter()
        .filter(|p| p.2.starts_with("newsdesk-deskt"))
        .map(|p| p.0)
        .collect();
    let mut tree: Vec<u32> = roots.clone();
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.1 == parent).map(|p| p.0));
        i += 1;
    }
    tree.into_iter()
        .map(|pid| {
            (
                pid,
                procs
                    .iter()
                    .find(|p| p.0 == pid)
                    .map(|p| p.2.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let desktop = harness::Desktop::start();

    let start = Instant::now();
    let app = desktop.launch().await;
    app.wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("[data-testid=\"article-item\"]"))
        .await
        .expect("the article list appears");
    let launch = start.elapsed();

    tokio::time::sleep(Duration::from_secs(3)).await;
    let tree = app_tree();
    let pss: u64 = tree.iter().map(|(pid, _)| pss_kib(*pid)).sum();

    // A 10,000-character article, written straight into the app's database.
    let id = ArticleId::generate();
    {
        let mut db = Db::open(&desktop.db_path()).unwrap();
        let para = "在全国就业领域,有这样一群人,他们的名字叫“共产党员”。他们默默工作在促进就业的岗位上。\n\n";
        let body = para.repeat(10_000 / para.chars().count() + 1);
        let patch = ArticlePatch {
            title: Some("一万字的长文".into()),
            channel: Some("百姓生活".into()),
            status: Some(Status::Draft),
            body: Some(body),
            ..Default::default()
        };
        db.create_article(id, &patch, chrono::Utc::now()).unwrap();
    }
    let search = app.find(Locator::Css("[data-testid=\"search\"]")).await.unwrap();
    search.send_keys("一万字").await.unwrap();
    let item = format!("[data-testid=\"article-item\"][data-id=\"{id}\"]");
    app.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&item))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    // Times are taken inside the page: the keydown, and the moment the preview frame is handed
    // the new page (its `data-html-length` changes with each character typed).
    app.execute(
        r#"
        window.__latencies = [];
        let keyAt = 0;
        document.addEventListener('keydown', () => { keyAt = performance.now(); }, true);
        new MutationObserver(() => {
          if (keyAt) { window.__latencies.push(performance.now() - keyAt); keyAt = 0; }
        }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-html-length'] });
        "#,
        vec![],
    )
    .await
    .unwrap();
    let body = app
        .find(Locator::Css("[data-testid=\"body\"] .cm-content"))
        .await
        .unwrap();
    body.click().await.unwrap();
    for _ in 0..20 {
        body.send_keys("字").await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let lat = app.execute("return window.__latencies", vec![]).await.unwrap();
    let mut lat: Vec<f64> = lat.as_array().unwrap().iter().filter_map(|v| v.as_f64()).collect();
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    app.close().await.ok();

    let pct = |p: f64| {
        lat.get(((lat.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    println!("launch to interactive window: {:.0} ms", launch.as_secs_f64() * 1000.0);
    println!(
        "idle memory (PSS) of the app's process tree: {:.1} MiB over {} processes ({})",
        pss as f64 / 1024.0,
        tree.len(),
        tree.iter().map(|t| t.1.as_str()).collect::<Vec<_>>().join(", ")
    );
    println!(
        "keystroke to preview, 10,000-character article: median {:.0} ms, p90 {:.0} ms, max {:.0} ms ({} keystrokes)",
        pct(0.5),
        pct(0.9),
        lat.last().copied().unwrap_or(f64::NAN),
        lat.len()
    );
}
