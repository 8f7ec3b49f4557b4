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
