//! `newsdesk import`: a page in, a draft with its attribution out; a dry run and bad input
//! save nothing; a repeat repost is flagged.

use std::path::{Path, PathBuf};

use super::{fixture, json, newsdesk, site_db};

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../newsdesk-extract/tests/pages")
        .join(name)
}

fn count(db: &Path) -> usize {
    json(db, &["article", "list"]).as_array().unwrap().len()
}

#[test]
fn the_seed_page_imports_as_a_draft_with_its_attribution() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let seed = fixture("seed-page.txt");
    let got = json(&db, &["import", seed.to_str().unwrap()]);
    let id = got["id"].as_str().expect("the new draft's id");
    let a = json(&db, &["article", "show", id]);
    assert_eq!(a["title"], "党旗下的就业人丨迎难而上勇担当");
    assert_eq!(
        a["status"], "draft",
        "an import is a draft until the editor publishes it"
    );
    assert_eq!(a["publish_at"], "2021-09-13T02:43:08+08:00");
    assert_eq!(a["source"]["name"], "中国劳动保障报");
    assert_eq!(a["source"]["author"], "刘薇");
    assert_eq!(
        a["source"]["published_at"], "2020-08-12",
        "a date-only 来源时间 stays a date"
    );
    assert!(
        a["body"].as_str().unwrap().contains("## 为农民工排忧解难"),
        "subheads survive the save"
    );
}

#[test]
fn a_dry_run_prints_the_fields_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let file = page("written-bottom-attribution-bar.txt");
    let got = json(&db, &["import", "--dry-run", file.to_str().unwrap()]);
    assert!(got.get("id").is_none(), "no id: nothing was created");
    assert_eq!(got["editor"], "曾淑花");
    assert_eq!(got["other_credits"][0]["role"], "二审");
    assert_eq!(got["other_credits"][0]["name"], "朱晖");
    for key in [
        "title",
        "publish_at",
        "source",
        "editor",
        "other_credits",
        "captions",
        "body",
        "warnings",
    ] {
        assert!(got.get(key).is_some(), "the JSON holds {key}");
    }
    assert_eq!(count(&db), 0, "a dry run saves nothing");
}

#[test]
fn bad_input_is_one_line_exit_1_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let png = dir.path().join("photo.html");
    std::fs::write(&png, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").unwrap();
    for (file, says) in [(&png, "binary"), (&empty, "no article text")] {
        let out = newsdesk(&db, &["import", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "bad input is exit 1");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(says), "{err}");
    }
    assert_eq!(count(&db), 0, "nothing was saved");
}

#[test]
fn a_repost_of_an_already_imported_original_is_flagged() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let file = page("written-globaltimes-english.html");
    let first = json(&db, &["import", file.to_str().unwrap()]);
    assert!(
        first["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| !w.as_str().unwrap().contains("already"))
    );
    let again = json(&db, &["import", "--dry-run", file.to_str().unwrap()]);
    let id = first["id"].as_str().unwrap();
    assert!(
        again["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains(id)),
        "the warning names the existing article: {}",
        again["warnings"]
    );
}

/// A one-thread web server on 127.0.0.1 for the fetch test: `routes` maps paths to bodies; any
/// other path is a 404. It serves until `stop` is set and returns the paths it was asked for.
fn serve(
    routes: Vec<(&'static str, Vec<u8>)>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> (String, std::thread::JoinHandle<Vec<String>>) {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::atomic::Ordering;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut asked = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let mut stream = match listener.accept() {
                Ok((s, _)) => s,
                Err(_) => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    continue;
                }
            };
            stream.set_nonblocking(false).unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            // The rest of the request head, up to its blank line.
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap() == 0 || h == "\r\n" {
                    break;
                }
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            asked.push(path.clone());
            let (status, body): (&str, &[u8]) = match routes.iter().find(|(p, _)| *p == path) {
                Some((_, b)) => ("200 OK", b),
                None => ("404 Not Found", b"missing"),
            };
            let kind = if path.ends_with(".jpg") {
                "image/jpeg"
            } else {
                "text/html; charset=utf-8"
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(body).unwrap();
        }
        asked
    });
    (base, handle)
}

#[test]
fn a_page_at_an_address_imports_with_its_photos_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let photo =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../newsdesk-core/tests/fixtures/photos/gps.jpg"))
            .unwrap();
    let page = r#"<html><head><meta charset="utf-8"><title>遵义新建三座桥梁_遵义日报</title></head><body>
        <h1>遵义新建三座桥梁</h1>
        <p>来源：遵义日报 作者：王明 发布时间：2021-09-13 10:20</p>
        <p>　　遵义市今年新建三座桥梁，方便两岸群众出行。</p>
        <figure><img src="/img/bridge.jpg"><figcaption>新建的湘江大桥。李华摄</figcaption></figure>
        <p>　　桥梁预计年底通车。</p>
        <figure><img src="/img/gone.jpg"><figcaption>已撤下的图片。</figcaption></figure>
        </body></html>"#;
    // The page, then its two images (one of them gone).
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (base, server) = serve(
        vec![("/news/1.html", page.as_bytes().to_vec()), ("/img/bridge.jpg", photo)],
        stop.clone(),
    );
    let got = json(&db, &["import", &format!("{base}/news/1.html")]);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let asked = server.join().unwrap();
    assert_eq!(
        asked,
        ["/news/1.html", "/img/bridge.jpg", "/img/gone.jpg"],
        "the page, then each image once"
    );
    assert_eq!(got["title"], "遵义新建三座桥梁");
    assert_eq!(got["source"]["name"], "遵义日报");
    let id = got["id"].as_str().expect("a draft was saved");
    let a = json(&db, &["article", "show", id]);
    let body = a["body"].as_str().unwrap();
    assert!(
        body.contains("](photo:"),
        "the downloaded image's figure points at its photo: {body}"
    );
    assert!(
        body.contains(&format!("]({base}/img/gone.jpg)")),
        "the one that failed stays visibly remote: {body}"
    );
    let warnings = got["warnings"].to_string();
    assert!(
        warnings.contains("/img/gone.jpg"),
        "and is named in a warning: {warnings}"
    );
    let store = newsdesk_core::Db::open(&db).unwrap();
    let strip = store.article_photos(id.parse().unwrap()).unwrap();
    assert_eq!(strip.len(), 1, "the photo is on the article's strip");
    assert_eq!(
        strip[0].photo.credit.as_deref(),
        Some("李华摄"),
        "the page's credit, split off its caption, over the file's own metadata: {body} {}",
        got["captions"]
    );
}

#[test]
fn the_other_credits_are_saved_and_shown_with_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let file = page("written-bottom-attribution-bar.txt");
    let got = json(&db, &["import", file.to_str().unwrap()]);
    assert_eq!(got["other_credits"][1]["role"], "三审", "the import lists them as read");
    let id = got["id"].as_str().expect("a draft was saved");
    let a = json(&db, &["article", "show", id]);
    assert_eq!(a["editor"], "曾淑花");
    assert_eq!(
        a["other_credits"], "二审 朱晖、三审 王立新",
        "stored with the draft as one line"
    );
    let shown = String::from_utf8(newsdesk(&db, &["article", "show", id]).stdout).unwrap();
    assert!(shown.contains("  credits    二审 朱晖、三审 王立新\n"), "{shown}");
    // Typed by hand, and cleared.
    json(&db, &["article", "edit", id, "--other-credits", "监制 王五"]);
    assert_eq!(json(&db, &["article", "show", id])["other_credits"], "监制 王五");
    json(&db, &["article", "edit", id, "--other-credits", ""]);
    assert!(json(&db, &["article", "show", id])["other_credits"].is_null());
}

#[test]
fn a_near_copy_under_another_title_is_flagged_with_the_article_it_copies() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let seed = fixture("seed-page.txt");
    let first = json(&db, &["import", seed.to_str().unwrap()]);
    let id = first["id"].as_str().unwrap();
    // The same page as another portal printed it: its own headline, the rest as it was.
    let text = std::fs::read_to_string(&seed).unwrap();
    let copy = dir.path().join("copy.txt");
    std::fs::write(
        &copy,
        text.replacen(
            "党旗下的就业人丨迎难而上勇担当",
            "迎难而上勇担当：记遵义市就业局局长江勇",
            1,
        ),
    )
    .unwrap();
    let again = json(&db, &["import", "--dry-run", copy.to_str().unwrap()]);
    assert_eq!(again["title"], "迎难而上勇担当：记遵义市就业局局长江勇");
    let warnings = again["warnings"].to_string();
    assert!(
        warnings.contains(id) && warnings.contains("nearly the same"),
        "the warning names the article it nearly copies: {warnings}"
    );
    // Another page of the same site is not.
    let other = json(
        &db,
        &[
            "import",
            "--dry-run",
            page("written-bottom-attribution-bar.txt").to_str().unwrap(),
        ],
    );
    assert!(!other["warnings"].to_string().contains(id), "{}", other["warnings"]);
}

#[test]
fn an_unreachable_address_is_one_line_that_says_the_page_could_not_be_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    // A port nothing listens on: the connection is refused at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/news/1.html");
    for (lang, says) in [("en_US.UTF-8", "Cannot open the page"), ("zh_CN.UTF-8", "无法打开网页")] {
        let out = super::newsdesk_in(&db, lang, &["import", &url]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(says) && err.contains(&url), "{err}");
        assert!(
            !err.contains("portal") && !err.contains("门户"),
            "not a portal's message: {err}"
        );
    }
    assert_eq!(count(&db), 0, "nothing was saved");
}
