//! Inputs found by probing, through the real binary: far dates, damaged rows, control
//! characters in what a message echoes, huge bodies. Each gets one printable line and exit 1.

use super::{json, newsdesk, newsdesk_in, site_db};

/// One line on stderr, no control character in it, exit 1, nothing on stdout.
fn assert_one_clean_line(out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{what} is bad input: {stderr:?}");
    assert_eq!(
        stderr.trim_end_matches('\n').lines().count(),
        1,
        "{what}: one line: {stderr:?}"
    );
    assert!(
        !stderr.trim_end_matches('\n').chars().any(char::is_control),
        "{what}: no raw control character reaches the terminal: {stderr:?}"
    );
    assert!(out.stdout.is_empty(), "{what}: nothing on stdout");
}

#[test]
fn far_dates_are_refused_with_the_range_at_every_cli_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    for far in [
        "9999-12-31T23:59:59-12:00",
        "9999-12-31T16:00:00Z",
        "0000-01-01T00:00:00+14:00",
        "1900-12-31",
    ] {
        for flag in ["--publish-at", "--source-time"] {
            let arg = format!("{flag}={far}");
            let out = newsdesk(&db, &["article", "new", "--title", "甲", "--channel", "life", &arg]);
            assert_one_clean_line(&out, &arg);
            assert!(String::from_utf8_lossy(&out.stderr).contains("out of range"), "{arg}");
        }
        let file = dir.path().join("far.jsonl");
        std::fs::write(
            &file,
            format!("{{\"title\":\"甲\",\"channel\":\"life\",\"publish_at\":\"{far}\"}}\n"),
        )
        .unwrap();
        let out = newsdesk(&db, &["article", "import", "--jsonl", file.to_str().unwrap()]);
        assert_one_clean_line(&out, "a JSONL line with a far date");
    }
    // The list, the backup and the site still work: nothing was stored.
    assert_eq!(json(&db, &["article", "list"]).as_array().unwrap().len(), 0);
    let near = json(
        &db,
        &[
            "article",
            "new",
            "--title",
            "乙",
            "--channel",
            "life",
            "--publish-at",
            "2200-12-31 23:59:59",
        ],
    );
    assert_eq!(near["publish_at"], "2200-12-31T23:59:59+08:00");
}

#[test]
fn a_damaged_row_is_reported_and_the_rest_still_lists_and_backs_up() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    for title in ["甲", "乙"] {
        json(
            &db,
            &[
                "article",
                "new",
                "--title",
                title,
                "--channel",
                "life",
                "--status",
                "published",
                "--publish-at",
                "2021-09-13",
            ],
        );
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE articles SET publish_at = '+10000-01-01T11:59:59+08:00' WHERE title = '乙'",
        [],
    )
    .unwrap();
    drop(conn);

    let out = newsdesk(&db, &["--json", "article", "list"]);
    assert!(
        out.status.success(),
        "the list does not fail: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len(), 1, "the readable article is listed");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("damaged") && stderr.contains("+10000"),
        "and the damaged one named: {stderr}"
    );

    let backup = dir.path().join("backup.jsonl");
    let out = newsdesk(&db, &["article", "export", "--jsonl", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&backup).unwrap().lines().count(), 1);

    let site = dir.path().join("site");
    let out = newsdesk(&db, &["export", "--out", site.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "the site exports: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(site.join("index.html")).unwrap().contains("甲"));
}

#[test]
fn control_characters_in_echoed_input_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let nasty = [
        "第一行\n第二行",
        "回车\r覆盖",
        "\u{1b}[2J\u{1b}[H清屏",
        "\u{1b}]0;标题\u{7}",
        "响铃\u{7}",
        "删除\u{7f}",
    ];
    for n in nasty {
        let runs: Vec<Vec<String>> = vec![
            vec![
                "article".into(),
                "new".into(),
                "--title".into(),
                "甲".into(),
                "--channel".into(),
                n.into(),
            ],
            vec![
                "article".into(),
                "new".into(),
                "--title".into(),
                "甲".into(),
                "--channel".into(),
                "life".into(),
                format!("--publish-at={n}"),
            ],
            vec![
                "article".into(),
                "new".into(),
                "--title".into(),
                "甲".into(),
                "--channel".into(),
                "life".into(),
                format!("--slug={n}"),
            ],
            vec![
                "article".into(),
                "new".into(),
                "--title".into(),
                "甲".into(),
                "--channel".into(),
                "life".into(),
                format!("--source-url={n}"),
            ],
            vec!["article".into(), "show".into(), n.into()],
            vec!["photo".into(), "add".into(), n.into()],
        ];
        for args in runs {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            for lang in ["en_US.UTF-8", "zh_CN.UTF-8"] {
                let out = newsdesk_in(&db, lang, &args);
                assert_one_clean_line(&out, &format!("{args:?}"));
            }
        }
    }
}

#[test]
fn a_body_over_the_limit_is_one_line_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let body = dir.path().join("huge.md");
    std::fs::write(&body, "就业".repeat(1_000_000)).unwrap();
    let out = newsdesk(
        &db,
        &[
            "article",
            "new",
            "--title",
            "大",
            "--channel",
            "life",
            "--body-file",
            body.to_str().unwrap(),
        ],
    );
    assert_one_clean_line(&out, "a 6 MB body");
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit of 5 MB"));
    assert_eq!(json(&db, &["article", "list"]).as_array().unwrap().len(), 0);
}

#[test]
fn files_far_over_the_limit_are_refused_by_their_size_without_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    // Sparse files: 64 GiB that take no disk. Reading one whole would exhaust memory, so
    // finishing at all shows that only its size was looked at.
    let sparse = |name: &str| {
        let path = dir.path().join(name);
        std::fs::File::create(&path)
            .unwrap()
            .set_len(64 * 1024 * 1024 * 1024)
            .unwrap();
        path
    };
    let body = sparse("huge.md");
    let out = newsdesk(
        &db,
        &["article", "new", "--title", "大", "--body-file", body.to_str().unwrap()],
    );
    assert_one_clean_line(&out, "a 64 GiB body file");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("The body is 65536 MB, more than the limit of 5 MB"),
        "the file's own size is stated: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let page = sparse("huge.html");
    let out = newsdesk(&db, &["import", page.to_str().unwrap()]);
    assert_one_clean_line(&out, "a 64 GiB page");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("The page is 65536 MB, more than the 32 MB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        json(&db, &["article", "list"]).as_array().unwrap().len(),
        0,
        "nothing was stored"
    );
}

#[test]
fn a_body_file_in_another_encoding_says_to_save_it_as_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let body = dir.path().join("gbk.md");
    // "就业" in GBK, as Notepad on a Chinese Windows saves it by default.
    std::fs::write(&body, [0xbe, 0xcd, 0xd2, 0xb5]).unwrap();
    let out = newsdesk(
        &db,
        &["article", "new", "--title", "甲", "--body-file", body.to_str().unwrap()],
    );
    assert_one_clean_line(&out, "a GBK body file");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("gbk.md is not UTF-8 text. Save it as UTF-8"),
        "{stderr}"
    );
}
