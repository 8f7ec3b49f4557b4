//! The command line's contract: global flags anywhere, one-line errors, exit codes, languages.

use super::{json, newsdesk, newsdesk_in, site_db};

#[test]
fn global_flags_work_before_and_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let db_s = db.to_str().unwrap();
    let before = newsdesk(&db, &["--json", "--db", db_s, "channel", "list"]);
    let after = newsdesk(&db, &["channel", "list", "--db", db_s, "--json"]);
    assert!(before.status.success() && after.status.success());
    assert_eq!(before.stdout, after.stdout, "flag position does not change the output");
    let v: serde_json::Value = serde_json::from_slice(&before.stdout).unwrap();
    assert!(v.is_array(), "a list prints an array with --json");
}

#[test]
fn bad_input_is_one_line_on_stderr_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    for (args, needle) in [
        (
            vec![
                "article",
                "new",
                "--title",
                "",
                "--channel",
                "百姓生活",
                "--status",
                "published",
            ],
            "title is required",
        ),
        (
            vec!["article", "new", "--title", "x", "--channel", "不存在"],
            "no channel",
        ),
        (
            vec![
                "article",
                "new",
                "--title",
                "x",
                "--channel",
                "life",
                "--publish-at",
                "2021-02-30",
            ],
            "2021-02-30",
        ),
        (
            vec![
                "article",
                "new",
                "--title",
                "x",
                "--channel",
                "life",
                "--source-url",
                "not a url",
            ],
            "not a valid URL",
        ),
        (
            vec!["article", "show", "0190a000-0000-7000-8000-0000000000ff"],
            "No article",
        ),
        (vec!["article", "show", "nonsense"], "is not an article id"),
        (
            vec![
                "--json",
                "article",
                "new",
                "--title",
                "x",
                "--channel",
                "life",
                "--status",
                "gone",
            ],
            "Unknown status",
        ),
    ] {
        let out = newsdesk(&db, &args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?} is bad input: {stderr}");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{args:?} gives one line: {stderr:?}"
        );
        assert!(
            stderr.contains(needle),
            "{args:?}: {stderr:?} should mention {needle:?}"
        );
        assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"));
        assert!(out.stdout.is_empty(), "nothing on stdout when it fails");
    }
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    for args in [
        vec!["article", "frobnicate"],
        vec!["article", "restore", "id", "not-a-number"],
        vec![],
    ] {
        let out = newsdesk(&db, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?} is bad usage");
    }
}

#[test]
fn messages_follow_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let out = newsdesk_in(
        &db,
        "zh_CN.UTF-8",
        &[
            "article",
            "new",
            "--title",
            " ",
            "--channel",
            "百姓生活",
            "--status",
            "published",
        ],
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim(),
        "标题不能为空：已发布和定时发布的文章需要标题。草稿可以先不写标题。"
    );
    let out = newsdesk_in(
        &db,
        "zh_CN.UTF-8",
        &[
            "article",
            "new",
            "--title",
            "x",
            "--channel",
            "百姓生活",
            "--publish-at",
            "2021-09-13",
            "--source-time",
            "2021-09-14",
        ],
    );
    let msg = String::from_utf8(out.stderr).unwrap();
    assert!(msg.contains("来源时间（2021-09-14）晚于发布日期"), "{msg}");
}

#[test]
fn a_database_without_a_site_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.db");
    let out = newsdesk(&db, &["article", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("newsdesk init"));
}

#[test]
fn edit_history_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let a = json(&db, &["article", "new", "--title", "第一稿", "--channel", "life"]);
    let id = a["id"].as_str().unwrap();
    json(
        &db,
        &["article", "edit", id, "--title", "第二稿", "--keywords", "就业,民生"],
    );
    let b = json(&db, &["article", "edit", id, "--title", "第三稿"]);
    assert_eq!(b["revision"], 3);
    assert_eq!(a["slug"], "di-yi-gao");
    assert_eq!(
        b["slug"], "di-san-gao",
        "a draft's slug follows its title until it goes out"
    );
    assert_eq!(b["keywords"], serde_json::json!(["就业", "民生"]));
    let history = json(&db, &["article", "history", id]);
    let titles: Vec<_> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        titles,
        ["第三稿", "第二稿", "第一稿"],
        "history lists every revision, newest first"
    );
    let restored = json(&db, &["article", "restore", id, "1"]);
    assert_eq!(restored["title"], "第一稿");
    assert_eq!(restored["revision"], 4, "a restore is a new revision; nothing is lost");
    assert_eq!(restored["keywords"], serde_json::json!([]));
}

#[test]
fn a_bad_import_line_is_named_and_nothing_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let file = dir.path().join("in.jsonl");
    std::fs::write(
        &file,
        "{\"title\":\"好的一篇\",\"channel\":\"life\"}\r\n\r\n{\"title\":\"坏的一篇\",\"channel\":\"life\",\"publish_at\":\"2021-13-40\"}\n",
    )
    .unwrap();
    let out = newsdesk(&db, &["article", "import", "--jsonl", file.to_str().unwrap()]);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.starts_with("line 3:"),
        "the bad line is named by its number: {stderr}"
    );
    assert_eq!(
        json(&db, &["article", "list"]),
        serde_json::json!([]),
        "nothing was imported"
    );
}

#[test]
fn one_article_as_ninjs_and_all_as_markdown_with_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    json(&db, &["demo"]);
    let seed = newsdesk_core::demo::SEED_ARTICLE_ID;
    let n = json(&db, &["article", "export", "--ninjs", "--id", seed]);
    assert_eq!(n["uri"], format!("urn:uuid:{seed}"));
    assert_eq!(n["headline"], "党旗下的就业人丨迎难而上勇担当");
    assert_eq!(n["pubstatus"], "usable");
    assert_eq!(n["by"], "刘薇", "the original author is ninjs' byline");
    assert_eq!(
        n["infosource"][0]["name"], "中国劳动保障报",
        "the outlet is the info source"
    );
    assert_eq!(n["contentcreated"], "2021-09-13T02:43:08+08:00");
    assert!(
        n["body_html"]
            .as_str()
            .unwrap()
            .contains("<span class=\"credit\">陈鋆摄</span>")
    );
    let all = json(&db, &["article", "export", "--ninjs"]);
    assert!(
        all.as_array().unwrap().len() >= 4,
        "without --id, an array of every article"
    );

    let md = dir.path().join("content");
    json(&db, &["article", "export", "--markdown", md.to_str().unwrap()]);
    let text =
        std::fs::read_to_string(md.join("life/dang-qi-xia-de-jiu-ye-ren-ying-nan-er-shang-yong-dan-dang.md")).unwrap();
    let (front, body) = text
        .strip_prefix("---\n")
        .unwrap()
        .split_once("\n---\n")
        .expect("front matter is fenced");
    for line in [
        "title: \"党旗下的就业人丨迎难而上勇担当\"",
        "categories: [\"百姓生活\"]",
        "draft: false",
        "date: 2021-09-13T02:43:08+08:00",
    ] {
        assert!(front.lines().any(|l| l == line), "front matter has {line}: {front}");
    }
    assert!(
        body.trim_start().starts_with("在全国就业领域"),
        "the Markdown body follows"
    );
    let draft = std::fs::read_to_string(md.join("life/she-qu-shi-tang-kai-jin-lao-jiu-xiao-qu.md")).unwrap();
    assert!(
        draft.contains("\ndraft: true\n"),
        "unpublished articles are drafts for Hugo"
    );
}

/// Runs `newsdesk` with arguments that need not be UTF-8, with English messages.
fn newsdesk_os(db: &std::path::Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .args(args)
        .env("NEWSDESK_DB", db)
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("NEWSDESK_LANG")
        .output()
        .expect("the newsdesk binary runs")
}

/// Asserts the usage contract: exit 2, nothing on stdout, one printable line on stderr that
/// mentions `needle`; returns the line.
fn assert_one_usage_line(out: &std::process::Output, what: &str, needle: &str) -> String {
    assert_eq!(out.status.code(), Some(2), "{what} is bad usage");
    assert!(out.stdout.is_empty(), "{what}: nothing on stdout when it fails");
    let stderr = &out.stderr;
    assert!(stderr.ends_with(b"\n"), "{what}: the line is ended: {stderr:?}");
    let body = &stderr[..stderr.len() - 1];
    assert!(
        !body.iter().any(|&b| b < 0x20 || b == 0x7f),
        "{what}: no newline, escape or other control byte reaches the terminal: {:?}",
        String::from_utf8_lossy(body)
    );
    let line = String::from_utf8(body.to_vec()).unwrap_or_else(|_| panic!("{what}: stderr is UTF-8"));
    assert!(!line.starts_with("error:"), "{what}: no clap label: {line}");
    assert!(!line.contains("Usage: newsdesk"), "{what}: no usage block: {line}");
    assert!(line.contains(needle), "{what}: {line:?} should mention {needle:?}");
    line
}

#[test]
fn usage_errors_are_one_printable_line_with_a_hint() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let new = ["article", "new", "--title", "x", "--channel", "life"];
    let with = |extra: &[&'static [u8]]| -> Vec<&'static [u8]> {
        new.iter().map(|a| a.as_bytes()).chain(extra.iter().copied()).collect()
    };
    let cases: Vec<(Vec<&[u8]>, &str)> = vec![
        // A date before year 1 and a negative number look like flags to clap.
        (with(&[b"--publish-at", b"-0001-01-01"]), "--publish-at=VALUE"),
        (vec![b"article", b"new", b"--title", b"-1"], "--title=VALUE"),
        (with(&[b"--frob"]), "'--frob'"),
        (with(&[b"--tilte"]), "--title"),
        (vec![b"artcle", b"list"], "'artcle'"),
        (vec![b"article"], "newsdesk article --help"),
        // Not UTF-8: the bytes are shown, escaped.
        (vec![b"article", b"show", b"\xff\xfeid"], "'\\xFF\\xFEid'"),
        (with(&[b"--summary", b"caf\xe9"]), "'caf\\xE9'"),
        // Control characters in what clap echoes: LF, CR, ESC (clear screen), BEL, DEL.
        (with(&[b"--ti\ntle"]), "'--ti\\ntle'"),
        (with(&[b"--ti\rtle"]), "'--ti\\rtle'"),
        (with(&[b"--\x1b[2Jclear"]), "'--\\u{1b}[2Jclear'"),
        (vec![b"article", b"restore", b"id", b"1\x07"], "'1\\u{7}'"),
        (vec![b"article\x7f"], "'article\\u{7f}'"),
        (
            vec![b"article", b"restore", b"id", b"1\n\nUsage: fake"],
            "'1\\n\\nUsage: fake'",
        ),
    ];
    for (args, needle) in cases {
        let args: Vec<&OsStr> = args.iter().map(|a| OsStr::from_bytes(a)).collect();
        let out = newsdesk_os(&db, &args);
        let line = assert_one_usage_line(&out, &format!("{args:?}"), needle);
        assert!(
            line.contains('(') && line.ends_with(')'),
            "{args:?}: a hint follows: {line}"
        );
    }

    // A long argument is cut, so the line stays readable.
    let long = format!("--{}", "x".repeat(5000));
    let out = newsdesk(&db, &["article", "new", &long]);
    let line = assert_one_usage_line(&out, "a 5000-character flag", "…");
    assert!(line.len() < 300, "the echo is shortened: {} bytes", line.len());
}

#[test]
fn a_value_starting_with_a_dash_goes_through_after_an_equals_sign() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let a = json(&db, &["article", "new", "--title=-1", "--channel", "life"]);
    assert_eq!(a["title"], "-1", "the hint's form is accepted");
    // The date reaches the core, which refuses it as bad input, not as usage.
    let out = newsdesk(
        &db,
        &[
            "article",
            "new",
            "--title",
            "x",
            "--channel",
            "life",
            "--publish-at=-0001-01-01",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "a value clap accepted is input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("-0001-01-01"));
}

#[test]
fn help_and_version_still_print_in_full_and_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    for args in [
        vec!["--help"],
        vec!["article", "new", "--help"],
        vec!["help", "article"],
    ] {
        let out = newsdesk(&db, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?} is a request, not a mistake");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.contains("Usage:") && stdout.lines().count() > 3,
            "{args:?}: the whole help: {stdout}"
        );
    }
    let out = newsdesk(&db, &["--version"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("newsdesk "));
}

#[test]
fn jsonl_misuse_is_usage_and_a_bad_jsonl_file_is_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    // --jsonl exports every article: with --id it is a usage mistake, not malformed JSON.
    let out = newsdesk(&db, &["article", "export", "--jsonl", "--id", "x"]);
    assert_one_usage_line(&out, "export --jsonl --id", "'--id <ID>'");
    let out = newsdesk(&db, &["article", "import", "--jsonl"]);
    assert_one_usage_line(&out, "import --jsonl without a file", "--jsonl <FILE>");
    let out = newsdesk(&db, &["article", "import"]);
    assert_one_usage_line(&out, "import without --jsonl", "--jsonl <FILE>");

    // A file that is there but is no JSON lines, and a file that is not there: bad input.
    let page = super::fixture("seed-page.txt");
    let missing = dir.path().join("missing.jsonl");
    for (file, needle) in [(page.as_path(), "line 1"), (missing.as_path(), "missing.jsonl")] {
        let out = newsdesk(&db, &["article", "import", "--jsonl", file.to_str().unwrap()]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{file:?} is bad input: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr:?}");
        assert!(stderr.contains(needle), "{stderr:?} should mention {needle:?}");
    }
}

/// Found by probing: trashing an article that is public on a portal said only "Moved to the
/// trash", while its post stays public there (a withdrawal is what takes a post off).
#[test]
fn trashing_an_article_says_which_portals_still_show_it() {
    use newsdesk_core::publishing::{Pushed, TargetKind};
    let dir = tempfile::tempdir().unwrap();
    let db_path = site_db(dir.path());
    let on_portal = json(
        &db_path,
        &["article", "new", "--title", "门户上的稿", "--status", "published"],
    );
    let local = json(
        &db_path,
        &["article", "new", "--title", "只在本地", "--status", "published"],
    );
    let on_portal = on_portal["id"].as_str().unwrap().to_string();
    {
        let now = chrono::Utc::now();
        let mut db = newsdesk_core::Db::open(&db_path).unwrap();
        let target = db
            .add_target("门户", TargetKind::Wordpress, "https://portal.example/", "editor", now)
            .unwrap();
        let id = on_portal.parse().unwrap();
        db.plan_pushes(Some(target.id), Some(id), now).unwrap();
        let claim = db
            .claim_outbox("test", None, Some(id), now, std::time::Duration::from_secs(60), 1)
            .unwrap()
            .remove(0);
        let pushed = Pushed {
            remote_id: 7,
            remote_url: Some("https://portal.example/?p=7".into()),
            remote_status: "publish".into(),
            remote_modified_gmt: Some("2026-12-01T00:00:00".into()),
            fingerprint: db.push_fingerprint(id).unwrap(),
        };
        db.complete_push(&claim, &pushed, now).unwrap();
    }
    let out = newsdesk(&db_path, &["article", "trash", &on_portal]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        said.contains("still public on “门户”") && said.contains("withdraw"),
        "the editor learns the post is still out there, and how to take it off: {said}"
    );
    let out = newsdesk(&db_path, &["article", "trash", local["id"].as_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "Moved to the trash.",
        "an article on no portal needs no such word"
    );
}
