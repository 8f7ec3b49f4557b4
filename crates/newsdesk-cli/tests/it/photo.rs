//! `newsdesk photo add`: real image files through the binary, JSON as programs read it.

use std::path::{Path, PathBuf};

use super::{json, newsdesk, site_db};

fn photo_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../newsdesk-core/tests/fixtures/photos")
        .join(name)
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn photo_add_prints_the_photo_with_absolute_rendition_paths() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let gps = photo_fixture("gps.jpg");
    let v = json(&db, &["photo", "add", arg(&gps)]);
    assert!(v.is_object(), "one file prints one object: {v}");
    let id = v["id"].as_str().unwrap();
    let sha = v["sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert_eq!(id, &sha[..16]);
    assert_eq!((v["width"].as_u64(), v["height"].as_u64()), (Some(64), Some(48)));
    assert_eq!(v["taken_at"], "2021-09-13T02:43:08");
    assert_eq!(v["caption"], "江勇(右三)走访福建省福清市祥兴箱包厂,与企业共渡难关。");
    assert_eq!(v["credit"], "陈鋆摄");
    assert_eq!(v["photographer"], "陈鋆");
    assert!(v["alt"].is_null());
    let renditions = v["renditions"].as_array().unwrap();
    assert_eq!(renditions.len(), 3);
    for r in renditions {
        let path = Path::new(r["path"].as_str().unwrap());
        assert!(path.is_absolute(), "{path:?}");
        assert!(path.is_file(), "the CLI returns once {path:?} is written");
        assert!(path.starts_with(dir.path().join("site.media")), "{path:?}");
        assert!(r["width"].as_u64().unwrap() > 0 && r["height"].as_u64().unwrap() > 0);
    }

    // Several files print an array; the one already stored comes back as it was.
    let plasma = photo_fixture("plasma.jpg");
    let many = json(&db, &["photo", "add", arg(&plasma), arg(&gps)]);
    let many = many.as_array().expect("several files print an array");
    assert_eq!(many.len(), 2);
    assert_eq!(many[1]["id"], id);
    let widths: Vec<_> = many[0]["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["width"].as_u64().unwrap())
        .collect();
    assert_eq!(widths, vec![640, 640, 240]);
}

#[test]
fn photo_add_takes_caption_credit_alt_and_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let article = json(&db, &["article", "new", "--title", "会址", "--channel", "life"]);
    let article_id = article["id"].as_str().unwrap();
    let file = photo_fixture("plasma.jpg");
    let v = json(
        &db,
        &[
            "photo",
            "add",
            arg(&file),
            "--article",
            article_id,
            "--caption",
            "遵义会议会址。(记者 张三 摄)",
            "--alt",
            "会址外景",
        ],
    );
    assert_eq!(v["caption"], "遵义会议会址。");
    assert_eq!(v["credit"], "记者 张三 摄");
    assert_eq!(v["photographer"], "张三");
    assert_eq!(v["alt"], "会址外景");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let attached: String = conn
        .query_row(
            "SELECT photo_id FROM article_photos WHERE article_id = ?1",
            [article_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(attached, v["id"].as_str().unwrap());

    let credited = json(
        &db,
        &[
            "photo",
            "add",
            arg(&photo_fixture("iptc.jpg")),
            "--credit",
            "新华社记者 李明 摄",
        ],
    );
    assert_eq!(credited["credit"], "新华社记者 李明 摄");
    assert_eq!(credited["photographer"], "李明");
}

#[test]
fn a_bad_file_is_one_line_on_stderr_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    for (name, needle) in [
        ("text.jpg", "is not a JPEG, PNG, WebP or GIF"),
        ("huge.png", "100000×100000"),
        ("truncated.jpg", "incomplete"),
    ] {
        let out = newsdesk(&db, &["photo", "add", arg(&photo_fixture(name))]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(needle), "{name}: {stderr}");
    }
    let media = dir.path().join("site.media");
    let stored = walk(&media);
    assert!(stored.is_empty(), "nothing half-stored: {stored:?}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                out.extend(walk(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out
}
