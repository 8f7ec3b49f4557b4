//! Measures the desktop app as an editor feels it (release build, real webview under Xvfb), at a
//! database size given as a parameter, against a bare Tauri window launched the same way:
//! launch to the article list painted (first launch in a fresh home, and a normal launch), idle
//! memory of the app's own process tree, a keystroke in the search box to the hits on screen,
//! opening an article, a keystroke in the body to the character on screen, and memory after
//! minutes of editing.
//!
//! `cargo bench -p newsdesk-desktop --bench desktop`
//! (`NEWSDESK_BENCH_SIZES=100,100000`, `NEWSDESK_BENCH_LAUNCHES=5`, `NEWSDESK_BENCH_EDIT_SECS=300`)
//!
//! Every time is taken inside the page (`performance` marks and frame callbacks), never by the
//! WebDriver session: the process start comes from the kernel, the paint from the page.

// The bench drives no portal: the Secret Service parts of the harness go unused here.
#[allow(dead_code)]
#[path = "harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use newsdesk_core::{ArticleId, Db, Site};

/// Bumped when the generated corpus changes, so a cached database of the old one is not reused.
const CORPUS_VERSION: u32 = 2;
/// The word searched for: in about one article in five, so that its hits fill the list's window
/// at 100 articles as at 100,000, and the two sizes draw the same rows. (At one in a hundred,
/// the corpus before, the 100 articles showed one hit and the 100,000 a screenful: the ratio
/// measured the rows drawn, not the database's size.)
const QUERY: &str = "就业";

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

// ---- The process tree, read from /proc ----------------------------------------------------

struct Proc {
    pid: u32,
    ppid: u32,
    exe: PathBuf,
    name: String,
}

fn processes() -> Vec<Proc> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        let name = stat
            .split_once('(')
            .and_then(|(_, s)| s.rsplit_once(')'))
            .map(|(n, _)| n.to_string())
            .unwrap_or_default();
        let ppid = stat
            .rsplit(')')
            .next()
            .and_then(|s| s.split_whitespace().nth(1))
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap_or_default();
        out.push(Proc { pid, ppid, exe, name });
    }
    out
}

fn descendants(procs: &[Proc], root: u32) -> Vec<u32> {
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(procs.iter().filter(|p| p.ppid == parent).map(|p| p.pid));
        i += 1;
    }
    tree
}

/// The app this WebDriver session started: the process running `exe` below our tauri-driver
/// (never another copy elsewhere on the machine).
fn app_pid(driver: u32, exe: &Path) -> Option<u32> {
    let procs = processes();
    let exe = exe.canonicalize().unwrap_or_else(|_| exe.to_path_buf());
    descendants(&procs, driver)
        .into_iter()
        .find(|pid| procs.iter().any(|p| p.pid == *pid && p.exe == exe))
}

/// Unique set size (pages no other process shares) of the app and everything below it, and
/// each process of the tree with its own share.
fn tree_uss_kib(app: u32) -> (u64, Vec<String>) {
    let procs = processes();
    let tree = descendants(&procs, app);
    let each: Vec<(u32, u64)> = tree
        .iter()
        .map(|&pid| {
            let kib = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
                .unwrap_or_default()
                .lines()
                .filter(|l| l.starts_with("Private_Clean:") || l.starts_with("Private_Dirty:"))
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
            (pid, kib)
        })
        .collect();
    let names = each
        .iter()
        .filter_map(|(pid, kib)| {
            let p = procs.iter().find(|p| p.pid == *pid)?;
            Some(format!("{} {:.1} MiB", p.name, mib(*kib)))
        })
        .collect();
    (each.iter().map(|(_, kib)| kib).sum(), names)
}

fn clock_ms(clock: libc::clockid_t) -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    unsafe { libc::clock_gettime(clock, &mut ts) };
    ts.tv_sec as f64 * 1000.0 + ts.tv_nsec as f64 / 1e6
}

/// When `pid` started, in milliseconds of the wall clock (as `performance.timeOrigin` counts).
fn started_at_epoch_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Field 22, counted after the command name (which may hold spaces).
    let ticks: f64 = stat
        .rsplit(')')
        .next()
        .and_then(|s| s.split_whitespace().nth(19))
        .and_then(|t| t.parse().ok())
        .expect("a start time in /proc/PID/stat");
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let since_boot = ticks / hz * 1000.0;
    since_boot + (clock_ms(libc::CLOCK_REALTIME) - clock_ms(libc::CLOCK_BOOTTIME))
}

// ---- Launching ----------------------------------------------------------------------------

struct Launched {
    client: Client,
    pid: u32,
    /// Process start to the list painted, in milliseconds.
    paint_ms: f64,
    /// Process start to the page's navigation (the webview up).
    origin_ms: f64,
    /// Every `performance` mark the page took by then, from process start: the parts of a launch.
    marks: Vec<(String, f64)>,
}

/// Each mark's median over the launches, in the order the page took them.
fn mark_medians(launches: &[Vec<(String, f64)>]) -> String {
    let Some(first) = launches.first() else {
        return String::new();
    };
    first
        .iter()
        .map(|(name, _)| {
            let mut at: Vec<f64> = launches
                .iter()
                .filter_map(|l| l.iter().find(|(n, _)| n == name).map(|m| m.1))
                .collect();
            format!("{name} {:.0}", median(&mut at))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn launch(desktop: &harness::Desktop, exe: &Path) -> Launched {
    let client = desktop.launch_app(exe).await;
    let pid = app_pid(desktop.driver_pid(), exe).expect("the launched app is below our tauri-driver");
    let started = started_at_epoch_ms(pid);
    let mut painted = None;
    for _ in 0..600 {
        let v = client
            .execute(
                "const at = (name) => { const m = performance.getEntriesByName(name)[0];
                                        return m ? performance.timeOrigin + m.startTime : null; };
                 return at('list-painted') === null ? null
                   : [at('list-painted'), performance.timeOrigin,
                      performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime])];",
                vec![],
            )
            .await
            .unwrap();
        if let Some(marks) = v.as_array() {
            let all = marks[2]
                .as_array()
                .map(|m| {
                    m.iter()
                        .filter_map(|e| Some((e[0].as_str()?.to_string(), e[1].as_f64()?)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            painted = Some((marks[0].as_f64().unwrap(), marks[1].as_f64().unwrap(), all));
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (painted, origin, all) = painted.expect("the list is painted within a minute");
    Launched {
        client,
        pid,
        paint_ms: painted - started,
        origin_ms: origin - started,
        marks: all.into_iter().map(|(name, at)| (name, at - started)).collect(),
    }
}

/// Closes the session and waits for the app to be gone, so the next launch is a launch and not
/// a second instance handing over to the first.
async fn close(desktop: &harness::Desktop, app: Launched) {
    app.client.close().await.ok();
    for _ in 0..100 {
        if !Path::new(&format!("/proc/{}", app.pid)).exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = desktop;
    tokio::time::sleep(Duration::from_millis(300)).await;
}

fn median(v: &mut [f64]) -> f64 {
    percentile(v, 0.5)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v.get(((v.len() as f64 - 1.0) * p).round() as usize)
        .copied()
        .unwrap_or(f64::NAN)
}

fn list(v: &[f64]) -> String {
    v.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ")
}

// ---- The corpus ---------------------------------------------------------------------------

/// Words of the generated bodies, most common first (Zipf-like draws); 就业 is added on purpose.
const WORDS: &[&str] = &[
    "城区", "道路", "维修", "工程", "有序", "推进", "市民", "出行", "更加", "便利", "社区", "卫生", "服务", "中心",
    "延长", "门诊", "时间", "老旧", "小区", "改造", "完成", "第三", "批次", "公交", "线路", "优化", "调整", "客流",
    "平稳", "文化", "举办", "书法", "展览", "农贸", "市场", "升级", "气象", "发布", "降温", "提示", "遵义", "红色",
    "旅游", "乡村", "振兴", "茶叶", "种植", "合作", "群众", "满意", "学校", "开学", "安全", "检查", "医院", "义诊",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A database of `n` published articles of about 1,000 characters, made through the import
/// path (so the search index is built as the app builds it) and kept between runs.
fn corpus(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-desktop");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("articles-{n}-v{CORPUS_VERSION}.db"));
    if path.exists() {
        return path;
    }
    let partial = dir.join(format!("articles-{n}-v{CORPUS_VERSION}.partial.db"));
    let _ = std::fs::remove_file(&partial);
    let start = std::time::Instant::now();
    let mut db = Db::open(&partial).unwrap();
    db.init_site(&Site::new("我爱遵义", "https://zunyi.example", "Asia/Shanghai").unwrap())
        .unwrap();
    let channels = ["百姓生活", "时政要闻", "县区动态"];
    for (name, slug) in channels.iter().zip(["life", "news", "county"]) {
        db.add_channel(name, Some(slug)).unwrap();
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let word = |rng: &mut Rng| WORDS[((rng.unit().powi(2)) * WORDS.len() as f64) as usize % WORDS.len()];
    let chunk = 5_000;
    let mut done = 0;
    while done < n {
        let mut jsonl = String::new();
        for i in done..(done + chunk).min(n) {
            let mut body = String::new();
            while body.chars().count() < 1_000 {
                for _ in 0..12 {
                    body.push_str(word(&mut rng));
                }
                // One article in five says the query word.
                if i % 5 == 2 && !body.contains(QUERY) {
                    body.push_str(QUERY);
                }
                body.push_str("。\n\n");
            }
            let title: String = (0..6).map(|_| word(&mut rng)).collect();
            let day = 1_300_000_000 + (i as i64) * 3_000;
            let at = chrono::DateTime::from_timestamp(day, 0).unwrap();
            let line = serde_json::json!({
                "title": format!("{title}（{i}）"),
                "channel": channels[i % channels.len()],
                "status": "published",
                "publish_at": at.to_rfc3339(),
                "body": body,
            });
            jsonl.push_str(&line.to_string());
            jsonl.push('\n');
        }
        done += newsdesk_core::interchange::import_jsonl(
            &mut db,
            &mut std::io::Cursor::new(jsonl),
            &mut ArticleId::generate,
            chrono::Utc::now(),
        )
        .expect("the generated articles import");
        eprintln!("corpus {n}: {done} articles in {:.0} s", start.elapsed().as_secs_f64());
    }
    // As the app leaves it after a while: index backfilled and merged.
    while db.index_pending(200).unwrap().pending {}
    drop(db);
    std::fs::rename(&partial, &path).unwrap();
    eprintln!("corpus {n}: ready in {:.0} s", start.elapsed().as_secs_f64());
    path
}

// ---- In-page measurements -----------------------------------------------------------------

/// Arms a probe: from the next `event` (capture phase) to the first frame in which `cond`
/// (a JS expression) holds. The result is read with `probe_result`.
async fn arm(app: &Client, event: &str, cond: &str) {
    let script = format!(
        r#"
        window.__probe = null;
        let t0 = null, seen = false;
        const cond = () => {{ return ({cond}); }};
        const check = () => {{
          if (t0 === null || seen) return;
          if (cond()) {{
            seen = true;
            obs.disconnect();
            requestAnimationFrame(() => {{ window.__probe = performance.now() - t0; }});
          }}
        }};
        const obs = new MutationObserver(check);
        obs.observe(document.body, {{ subtree: true, childList: true, characterData: true, attributes: true }});
        document.addEventListener('{event}', () => {{ t0 = performance.now(); }}, {{ capture: true, once: true }});
        const poll = () => {{ if (!seen) {{ check(); requestAnimationFrame(poll); }} }};
        requestAnimationFrame(poll);
        return null;
        "#
    );
    app.execute(&script, vec![]).await.unwrap();
}

async fn probe_result(app: &Client, what: &str) -> f64 {
    for _ in 0..200 {
        let v = app.execute("return window.__probe", vec![]).await.unwrap();
        if let Some(ms) = v.as_f64() {
            return ms;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{what} did not happen within 5 s");
}

/// The search box's current query shown as hits: a row's snippet marks exactly the query.
fn hits_shown(q: &str) -> String {
    format!(
        "!document.querySelector('[data-testid=\"search-busy\"]') &&
         [...document.querySelectorAll('[data-testid=\"article-list\"] [data-testid=\"snippet\"] mark')]
           .some(m => m.textContent === '{q}')"
    )
}

struct Interaction {
    idle_kib: u64,
    idle_names: Vec<String>,
    search_ms: Vec<f64>,
    open_ms: Vec<f64>,
    type_ms: Vec<f64>,
    edited_kib: u64,
    edit_secs: u64,
}

async fn interact(app: &Launched, edit_secs: u64) -> Interaction {
    let c = &app.client;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (idle_kib, idle_names) = tree_uss_kib(app.pid);

    // Keystrokes in the search box: each of the query's characters, from an empty box.
    let search = c.find(Locator::Css("[data-testid=\"search\"]")).await.unwrap();
    let mut search_ms = Vec::new();
    for _ in 0..8 {
        search.click().await.unwrap();
        let mut typed = String::new();
        for ch in QUERY.chars() {
            typed.push(ch);
            arm(c, "keydown", &hits_shown(&typed)).await;
            search.send_keys(&ch.to_string()).await.unwrap();
            search_ms.push(probe_result(c, "the hits").await);
        }
        search.send_keys(&format!("{}{}", Key::Control, 'a')).await.unwrap();
        search.send_keys(&Key::Backspace.to_string()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;

    // Opening articles: a click on a row of the whole list to its title in the editor.
    let mut open_ms = Vec::new();
    for k in 1..=8 {
        let row = format!("[data-testid=\"article-list\"] li[data-index=\"{k}\"] [data-testid=\"article-item\"]");
        let item = c.find(Locator::Css(&row)).await.unwrap();
        let title = item
            .find(Locator::Css(".row-title"))
            .await
            .unwrap()
            .prop("textContent")
            .await
            .unwrap()
            .unwrap_or_default();
        let cond = format!(
            "document.querySelector('[data-testid=\"title\"]')?.value.trim() === {}",
            serde_json::to_string(title.trim()).unwrap()
        );
        arm(c, "mousedown", &cond).await;
        item.click().await.unwrap();
        let shown = c
            .execute(
                "return document.querySelector('[data-testid=\"title\"]')?.value",
                vec![],
            )
            .await
            .unwrap();
        open_ms.push(probe_result(c, &format!("the opened article {title:?} (the editor shows {shown})")).await);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }

    // Keystrokes in the body: to the character in the editor's text on screen.
    let body = c
        .find(Locator::Css("[data-testid=\"body\"] .cm-content"))
        .await
        .unwrap();
    body.click().await.unwrap();
    let mut type_ms = Vec::new();
    for _ in 0..20 {
        arm(
            c,
            "keydown",
            "(() => { const el = document.querySelector('[data-testid=\"body\"] .cm-content');
                      window.__len ??= el.textContent.length;
                      return el.textContent.length !== window.__len; })()",
        )
        .await;
        c.execute("window.__len = document.querySelector('[data-testid=\"body\"] .cm-content').textContent.length; return null", vec![])
            .await
            .unwrap();
        body.send_keys("字").await.unwrap();
        type_ms.push(probe_result(c, "the typed character").await);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // Minutes of editing: typing with paragraph breaks, moving to another article each minute.
    let until = std::time::Instant::now() + Duration::from_secs(edit_secs);
    let mut n = 0usize;
    while std::time::Instant::now() < until {
        n += 1;
        let body = c
            .find(Locator::Css("[data-testid=\"body\"] .cm-content"))
            .await
            .unwrap();
        if n.is_multiple_of(300) {
            let row = format!(
                "[data-testid=\"article-list\"] li[data-index=\"{}\"] [data-testid=\"article-item\"]",
                n / 300 % 8
            );
            if let Ok(item) = c.find(Locator::Css(&row)).await {
                item.click().await.ok();
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
        }
        let keys = if n.is_multiple_of(40) {
            "\u{e007}\u{e007}".to_string()
        } else {
            "编辑".to_string()
        };
        body.send_keys(&keys).await.ok();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    tokio::time::sleep(Duration::from_secs(5)).await;
    let (edited_kib, _) = tree_uss_kib(app.pid);
    Interaction {
        idle_kib,
        idle_names,
        search_ms,
        open_ms,
        type_ms,
        edited_kib,
        edit_secs,
    }
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<usize> = std::env::var("NEWSDESK_BENCH_SIZES")
        .unwrap_or_else(|_| "100,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let launches: usize = env_or("NEWSDESK_BENCH_LAUNCHES", 5);
    let edit_secs: u64 = env_or("NEWSDESK_BENCH_EDIT_SECS", 300);

    let built = PathBuf::from(env!("CARGO_BIN_EXE_newsdesk-desktop"));
    // Another build of the app (an earlier commit's, say) can be measured in this one's place.
    let ours = std::env::var_os("NEWSDESK_BENCH_APP").map_or_else(|| built.clone(), PathBuf::from);
    // The bare window is built with the same profile, into the same folder as this build's app.
    let status = std::process::Command::new(env!("CARGO"))
        .args(["build", "--release", "--quiet", "-p", "bare-window"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the bare window builds");
    let bare = built.with_file_name(format!("bare-window{}", std::env::consts::EXE_SUFFIX));

    let corpora: Vec<(usize, PathBuf)> = sizes.iter().map(|n| (*n, corpus(*n))).collect();

    // First launches: each in a fresh home (our app then installs the demo site), the two apps
    // taking turns so that a busy moment of the machine falls on both.
    let (mut first_ours, mut first_bare, mut first_marks) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..launches {
        for exe in [&bare, &ours] {
            let desktop = harness::Desktop::start();
            let app = launch(&desktop, exe).await;
            if exe == &ours {
                first_ours.push(app.paint_ms);
                first_marks.push(app.marks.clone());
            } else {
                first_bare.push(app.paint_ms);
            }
            close(&desktop, app).await;
        }
    }

    // Normal launches: homes that have seen a launch before. The two apps take turns here too,
    // each of ours beside one of the bare window's, so a slow moment of the machine (which moved
    // the bare window's median by 130 ms between two runs when its launches came in a block of
    // their own) falls on both.
    let bare_desktop = harness::Desktop::start();
    close(&bare_desktop, launch(&bare_desktop, &bare).await).await;
    let mut normal_bare = Vec::new();
    let mut bare_origins = Vec::new();
    let (mut bare_idle, mut bare_idle_names) = (0, Vec::new());

    let mut rows = Vec::new();
    for (n, db) in &corpora {
        let desktop = harness::Desktop::start();
        std::fs::create_dir_all(desktop.db_path().parent().unwrap()).unwrap();
        std::fs::copy(db, desktop.db_path()).unwrap();
        close(&desktop, launch(&desktop, &ours).await).await;
        let mut normal = Vec::new();
        let mut beside = Vec::new();
        let (mut origins, mut marks) = (Vec::new(), Vec::new());
        let mut interaction = None;
        for i in 0..launches {
            let app = launch(&bare_desktop, &bare).await;
            beside.push(app.paint_ms);
            bare_origins.push(app.origin_ms);
            if i + 1 == launches && bare_idle == 0 {
                tokio::time::sleep(Duration::from_secs(5)).await;
                (bare_idle, bare_idle_names) = tree_uss_kib(app.pid);
            }
            close(&bare_desktop, app).await;

            let app = launch(&desktop, &ours).await;
            normal.push(app.paint_ms);
            origins.push(app.origin_ms);
            marks.push(app.marks.clone());
            if i + 1 == launches {
                interaction = Some(interact(&app, edit_secs).await);
            }
            close(&desktop, app).await;
        }
        normal_bare.extend_from_slice(&beside);
        rows.push((
            *n,
            normal,
            interaction.unwrap(),
            median(&mut origins),
            mark_medians(&marks),
            median(&mut beside),
        ));
    }
    drop(bare_desktop);

    let fb = median(&mut first_bare.clone());
    let fo = median(&mut first_ours.clone());
    let nb = median(&mut normal_bare.clone());
    println!("launch, process start to the list painted (median of {launches}):");
    println!("  bare Tauri window, first launch: {fb:.0} ms [{}]", list(&first_bare));
    println!(
        "  Newsdesk, first launch (demo site installed): {fo:.0} ms [{}] = {:.2}x the bare window",
        list(&first_ours),
        fo / fb
    );
    println!(
        "    its parts (median ms from process start): {}",
        mark_medians(&first_marks)
    );
    println!(
        "  bare Tauri window, normal launch (all of them): {nb:.0} ms [{}] (webview navigating at {:.0} ms)",
        list(&normal_bare),
        median(&mut bare_origins)
    );
    println!(
        "  bare Tauri window, idle memory (USS of its tree): {:.1} MiB ({})",
        mib(bare_idle),
        bare_idle_names.join(", ")
    );
    let base = rows.first().map(|r| r.0);
    let mut base_figures: Option<[f64; 6]> = None;
    for (n, normal, i, origin, marks, bare_beside) in &mut rows {
        let launch = median(normal);
        let figures = [
            launch,
            median(&mut i.search_ms.clone()),
            median(&mut i.open_ms.clone()),
            median(&mut i.type_ms.clone()),
            mib(i.idle_kib),
            mib(i.edited_kib),
        ];
        let vs = |k: usize| match (&base_figures, Some(*n) == base) {
            (Some(b), false) => format!(" = {:.2}x the {}-article figure", figures[k] / b[k], base.unwrap()),
            _ => String::new(),
        };
        println!("Newsdesk with {n} articles:");
        println!(
            "  normal launch, its parts (median ms from process start): webview navigating at {origin:.0}, then the page's marks: {marks}"
        );
        println!(
            "  normal launch: {launch:.0} ms [{}] = {:.2}x the bare window's {bare_beside:.0} ms, launched in turn with it{}",
            list(normal),
            launch / *bare_beside,
            vs(0)
        );
        println!(
            "  keystroke in the search box to the hits: median {:.0} ms, p90 {:.0} ms{}",
            figures[1],
            percentile(&mut i.search_ms, 0.9),
            vs(1)
        );
        println!(
            "  opening an article: median {:.0} ms, p90 {:.0} ms{}",
            figures[2],
            percentile(&mut i.open_ms, 0.9),
            vs(2)
        );
        println!(
            "  keystroke in the body to the character: median {:.0} ms, p90 {:.0} ms{}",
            figures[3],
            percentile(&mut i.type_ms, 0.9),
            vs(3)
        );
        println!(
            "  idle memory (USS of its tree): {:.1} MiB = {:.2}x the bare window{} ({})",
            figures[4],
            figures[4] / mib(bare_idle),
            vs(4),
            i.idle_names.join(", ")
        );
        println!(
            "  memory after {} s of editing: {:.1} MiB{}",
            i.edit_secs,
            figures[5],
            vs(5)
        );
        if base_figures.is_none() {
            base_figures = Some(figures);
        }
    }
}
