//! Sites: a new site in a file of its own, opening another site's file, the recent-sites list.

use std::path::Path;

use newsdesk_core::sites::{self, NewSite, RECENT_LIMIT, RecentSites};
use newsdesk_core::{ArticleFilter, Error, ErrorKind, Lang};

use crate::support::{demo_db, t};

fn new_site(name: &str) -> NewSite {
    NewSite {
        name: name.into(),
        base_url: "https://renhuai.example".into(),
        time_zone: "Asia/Shanghai".into(),
        channels: vec!["本地新闻".into(), "  ".into(), "酒乡文化\r".into()],
    }
}

#[test]
fn a_new_site_is_its_own_empty_file_with_its_channels() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("renhuai.db");
    let db = sites::create_site(&path, &new_site("  仁怀融媒 ")).unwrap();
    let site = db.site().unwrap();
    assert_eq!(
        (site.name.as_str(), site.base_url.as_str()),
        ("仁怀融媒", "https://renhuai.example")
    );
    let channels: Vec<_> = db.channels().unwrap().into_iter().map(|c| (c.name, c.slug)).collect();
    assert_eq!(
        channels,
        [
            ("本地新闻".to_string(), "ben-di-xin-wen".to_string()),
            ("酒乡文化".to_string(), "jiu-xiang-wen-hua".to_string())
        ],
        "blank lines are skipped, a CRLF line is trimmed"
    );
    drop(db);
    let db = sites::open_site(&path).unwrap();
    assert_eq!(db.site().unwrap().name, "仁怀融媒");
    assert_eq!(db.list_articles(&ArticleFilter::default()).unwrap().total, 0);
}

#[test]
fn a_new_site_never_takes_over_a_file_nor_leaves_half_a_site() {
    let dir = tempfile::tempdir().unwrap();
    drop(demo_db(dir.path()));
    let demo = dir.path().join("demo.db");
    let before = std::fs::read(&demo).unwrap();
    let e = sites::create_site(&demo, &new_site("仁怀融媒")).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(e.message(Lang::Zh).contains("已经存在"), "{}", e.message(Lang::Zh));
    assert_eq!(std::fs::read(&demo).unwrap(), before, "the existing file is untouched");

    let bad_url = dir.path().join("bad-url.db");
    let e = sites::create_site(
        &bad_url,
        &NewSite {
            base_url: "renhuai".into(),
            ..new_site("仁怀融媒")
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation);
    assert!(!bad_url.exists(), "a rejected site makes no file");

    let twice = dir.path().join("twice.db");
    let e = sites::create_site(
        &twice,
        &NewSite {
            channels: vec!["本地新闻".into(), "本地新闻".into()],
            ..new_site("仁怀融媒")
        },
    )
    .err()
    .unwrap();
    assert_eq!(e.kind(), ErrorKind::Validation, "{e}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("twice"))
        .collect();
    assert!(left.is_empty(), "a site that failed half-way is removed: {left:?}");
}

#[test]
fn only_a_newsdesk_file_opens_as_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.db");
    let e = sites::open_site(&gone).err().unwrap();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert!(!gone.exists(), "opening a missing file does not create it");

    let text = dir.path().join("notes.db");
    std::fs::write(&text, "这不是数据库\r\n").unwrap();
    let e = sites::open_site(&text).err().unwrap();
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    assert!(
        e.message(Lang::En).contains("not a Newsdesk site file"),
        "{}",
        e.message(Lang::En)
    );
    assert_eq!(std::fs::read_to_string(&text).unwrap(), "这不是数据库\r\n");

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(sites::open_site(&empty).err().unwrap().kind(), ErrorKind::Validation);
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "nothing was written to it");

    drop(demo_db(dir.path()));
    let db = sites::open_site(&dir.path().join("demo.db")).unwrap();
    assert_eq!(db.site().unwrap().name, "我爱遵义");
}

#[test]
fn a_new_sites_file_is_named_after_it_in_pinyin() {
    let dir = tempfile::tempdir().unwrap();
    let first = sites::suggested_path(dir.path(), "仁怀融媒");
    assert_eq!(first, dir.path().join("ren-huai-rong-mei.db"));
    sites::create_site(&first, &new_site("仁怀融媒")).unwrap();
    assert_eq!(
        sites::suggested_path(dir.path(), "仁怀融媒"),
        dir.path().join("ren-huai-rong-mei-2.db"),
        "a taken name gets a number"
    );
    assert_eq!(sites::suggested_path(dir.path(), "  "), dir.path().join("site.db"));
}

fn names(list: &RecentSites) -> Vec<String> {
    list.entries().into_iter().map(|s| s.name).collect()
}

#[test]
fn the_recent_list_is_most_recent_first_each_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let home = dir.path().join("newsdesk.db");
    let mut list = RecentSites::load(&config, &home).unwrap();
    assert!(list.entries().is_empty(), "no file yet is an empty list");
    list.opened(&home, "我爱遵义", t(0));
    list.opened(&dir.path().join("a.db"), "仁怀融媒", t(1));
    // The same file by another spelling of its path.
    list.opened(&dir.path().join(".").join("newsdesk.db"), "我爱遵义", t(2));
    assert_eq!(names(&list), ["我爱遵义", "仁怀融媒"]);
    list.save().unwrap();

    let again = RecentSites::load(&config, &home).unwrap();
    let entries = again.entries();
    assert_eq!(names(&again), ["我爱遵义", "仁怀融媒"], "the list survives a restart");
    assert_eq!(entries[0].opened_at, t(2));
    assert_eq!(Path::new(&entries[0].path), home);
}

#[test]
fn the_recent_list_keeps_ten_and_always_the_home_site() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("newsdesk.db");
    let mut list = RecentSites::load(dir.path(), &home).unwrap();
    list.opened(&home, "我爱遵义", t(0));
    for n in 1..=15 {
        list.opened(&dir.path().join(format!("{n}.db")), &format!("站点{n}"), t(n));
    }
    let names = names(&list);
    assert_eq!(names.len(), RECENT_LIMIT);
    assert_eq!(names.first().map(String::as_str), Some("站点15"));
    assert_eq!(
        names.last().map(String::as_str),
        Some("我爱遵义"),
        "the home site stays, the oldest others go: {names:?}"
    );
}

#[test]
fn a_vanished_file_is_shown_missing_and_a_garbled_list_starts_again() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("newsdesk.db");
    let here = dir.path().join("here.db");
    std::fs::write(&here, b"").unwrap();
    let mut list = RecentSites::load(dir.path(), &home).unwrap();
    list.opened(&here, "在", t(0));
    list.opened(&dir.path().join("gone.db"), "不在", t(1));
    let missing: Vec<_> = list.entries().into_iter().map(|s| (s.name, s.missing)).collect();
    assert_eq!(missing, [("不在".to_string(), true), ("在".to_string(), false)]);
    list.forget(&dir.path().join("gone.db"));
    assert_eq!(names(&list), ["在"]);

    // The menu's 移除找不到的站点: every vanished file goes, the ones there and the home stay.
    list.opened(&dir.path().join("gone.db"), "不在", t(2));
    list.opened(&dir.path().join("also-gone.db"), "也不在", t(3));
    list.opened(&home, "我爱遵义", t(4));
    assert_eq!(list.forget_missing(), 2, "two files are gone");
    assert_eq!(
        names(&list),
        ["我爱遵义", "在"],
        "the home site stays although its file is made only at launch"
    );
    assert_eq!(list.forget_missing(), 0, "nothing more is missing");

    std::fs::write(dir.path().join(sites::RECENT_FILE_NAME), "{\"sites\": [\r\n{oops").unwrap();
    let garbled = RecentSites::load(dir.path(), &home).unwrap();
    assert!(garbled.entries().is_empty());
    garbled.save().unwrap();
    let json = std::fs::read_to_string(dir.path().join(sites::RECENT_FILE_NAME)).unwrap();
    assert!(json.contains("\"sites\": []"), "{json}");
}

#[test]
fn launch_reopens_the_site_open_last_when_its_file_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("newsdesk.db");
    std::fs::write(&home, b"").unwrap();
    let other = dir.path().join("ren-huai.db");
    std::fs::write(&other, b"").unwrap();
    let mut list = RecentSites::load(dir.path(), &home).unwrap();
    assert_eq!(list.to_reopen(), None, "with nothing on the list, the home site opens");

    list.opened(&home, "我爱遵义", t(0));
    list.opened(&other, "仁怀融媒", t(1));
    list.save().unwrap();
    let list = RecentSites::load(dir.path(), &home).unwrap();
    assert_eq!(
        list.to_reopen().as_deref(),
        Some(std::path::absolute(&other).unwrap().as_path()),
        "the site open last opens again, as the list kept it"
    );

    let mut back = list.clone();
    back.opened(&home, "我爱遵义", t(2));
    assert_eq!(
        back.to_reopen(),
        None,
        "back on the home site: the home site opens as always"
    );

    std::fs::remove_file(&other).unwrap();
    assert_eq!(
        list.to_reopen(),
        None,
        "a last site whose file is gone leaves the home site, not an older site nobody chose"
    );
}
