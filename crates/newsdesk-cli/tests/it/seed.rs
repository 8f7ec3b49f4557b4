//! The seed article (seed-page.txt / seed-article.json) entered through the CLI comes back
//! field for field, through the database, a second process, and a JSONL export and import.

use serde_json::Value;

use super::{fixture, json, newsdesk, site_db};

fn seed() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("seed-article.json")).unwrap()).unwrap()
}

fn seed_body_file() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../newsdesk-core/demo/seed-article.md")
}

fn enter_seed(db: &std::path::Path) -> Value {
    let s = seed();
    let body = seed_body_file();
    json(
        db,
        &[
            "article",
            "new",
            "--title",
            s["title"].as_str().unwrap(),
            "--channel",
            s["channel"].as_str().unwrap(),
            "--publish-at",
            s["publish_at_as_shown"].as_str().unwrap(),
            "--status",
            "published",
            "--body-file",
            body.to_str().unwrap(),
            "--source-name",
            s["source"]["name"].as_str().unwrap(),
            "--source-author",
            s["source"]["author"].as_str().unwrap(),
            "--source-time",
            s["source"]["published_at"].as_str().unwrap(),
        ],
    )
}

fn figures_as_placeholder(body: &str) -> String {
    match body.find("(photo:") {
        Some(i) => {
            let end = body[i..].find(')').map(|e| i + e).unwrap();
            format!("{}(photo:seed-photo-jiangyong){}", &body[..i], &body[end + 1..])
        }
        None => body.to_string(),
    }
}

fn assert_seed_fields(a: &Value) {
    let s = seed();
    assert_eq!(
        a["title"], s["title"],
        "the title keeps its Chinese and the 丨 separator"
    );
    assert_eq!(a["channel"], s["channel"]);
    assert_eq!(
        a["publish_at"], s["publish_at"],
        "发布日期 is read in the site zone and carries +08:00"
    );
    assert_eq!(a["source"]["name"], s["source"]["name"]);
    assert_eq!(a["source"]["url"], s["source"]["url"]);
    assert_eq!(a["source"]["author"], s["source"]["author"], "作者 is kept as written");
    assert_eq!(
        a["source"]["published_at"], s["source"]["published_at"],
        "a date-only 来源时间 stays a date"
    );
    assert_eq!(a["editor"], s["editor"]);
    assert_eq!(a["status"], "published");
    // The demo's figure names its stored photo; the file names a placeholder.
    let body = &figures_as_placeholder(a["body"].as_str().unwrap());
    assert_eq!(
        body,
        &std::fs::read_to_string(seed_body_file()).unwrap(),
        "the body is stored byte for byte"
    );
    assert!(body.starts_with(s["body_first_paragraph_starts_with"].as_str().unwrap()));
    for heading in s["subheadings"].as_array().unwrap() {
        assert!(
            body.contains(&format!("## {}", heading.as_str().unwrap())),
            "subheading {heading} is in the body"
        );
    }
    assert_eq!(a["slug"], "dang-qi-xia-de-jiu-ye-ren-ying-nan-er-shang-yong-dan-dang");
}

#[test]
fn the_seed_article_round_trips_through_cli_and_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let created = enter_seed(&db);
    assert_seed_fields(&created);

    // A second process reads it back from the file.
    let id = created["id"].as_str().unwrap();
    let shown = json(&db, &["article", "show", id]);
    assert_eq!(shown, created, "show gives exactly what new printed");

    // And straight from SQLite: the Chinese is stored as text, not escaped.
    assert_eq!(
        title_in_file(&db, id),
        "党旗下的就业人丨迎难而上勇担当",
        "the row holds the title as UTF-8 text"
    );

    // Export and import into another database reproduce the article with the same id.
    let export = dir.path().join("backup.jsonl");
    json(&db, &["article", "export", "--jsonl", export.to_str().unwrap()]);
    let other = site_db(&dir.path().join("other"));
    let imported = json(&other, &["article", "import", "--jsonl", export.to_str().unwrap()]);
    assert_eq!(imported["imported"], 1);
    assert_eq!(
        json(&other, &["article", "show", id]),
        created,
        "import reproduces every field, times and revision included"
    );
}

/// Reads the article's title straight from SQLite, without the CLI.
fn title_in_file(db: &std::path::Path, id: &str) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row("SELECT title FROM articles WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_demo_holds_the_seed_article() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert_eq!(json(&db, &["demo"])["installed"], true);
    let a = json(&db, &["article", "show", newsdesk_core::demo::SEED_ARTICLE_ID]);
    assert_seed_fields(&a);
    let list = json(&db, &["article", "list"]);
    assert!(list.as_array().unwrap().len() >= 4, "the demo has a few more articles");
    let found = json(&db, &["article", "list", "--query", "就业"]);
    assert_eq!(
        found.as_array().unwrap().len(),
        1,
        "searching 就业 finds the seed article only: {found}"
    );
    // The help's "-word to leave out" as the whole query: a query, not an unknown flag.
    let without = json(&db, &["search", "-就业", "--channel", "百姓生活"]);
    let without = without.as_array().unwrap();
    assert!(
        !without.is_empty() && without.iter().all(|a| a["id"] != newsdesk_core::demo::SEED_ARTICLE_ID),
        "-就业 leaves the seed article out and keeps the rest of its channel: {without:?}"
    );
    // No --channel: the first channel, as the window's 新建 does.
    let made = json(&db, &["article", "new", "--title", "无栏目的稿子"]);
    assert_eq!(
        made["channel"],
        list_channel_first(&db),
        "a new article goes to the first channel"
    );
    // A second run must not overwrite real work.
    assert_eq!(json(&db, &["demo"])["installed"], false);
    let out = newsdesk(&db, &["render", newsdesk_core::demo::SEED_ARTICLE_ID]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains("<h2>为农民工排忧解难</h2>"),
        "render prints the body as HTML"
    );
}

fn list_channel_first(db: &std::path::Path) -> serde_json::Value {
    json(db, &["channel", "list"])[0]["name"].clone()
}
