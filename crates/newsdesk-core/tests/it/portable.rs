//! Windows and macOS are real platforms though CI is Linux: the core's path and file logic with
//! Windows-style paths, and its parsing with CRLF input.

use std::io::Cursor;
use std::path::Path;

use newsdesk_core::interchange::import_jsonl;
use newsdesk_core::media::MediaFolder;
use newsdesk_core::paths::{is_portable_relative, media_dir};
use newsdesk_core::render::{NoPhotos, markdown_to_html};
use newsdesk_core::{ArticleId, Db, slug};

use super::support::{later, site_db};

#[test]
fn paths_from_the_site_data_that_windows_reads_otherwise_are_refused() {
    for ok in [
        "life/2021/09/just-slug.html",
        "renditions/ab/0190a-1280q82.jpg",
        "就业/新闻.html",
        "con-1.html",
        "nullify.html",
    ] {
        assert!(
            is_portable_relative(ok),
            "{ok:?} is a plain file below the folder everywhere"
        );
    }
    for bad in [
        r"life\..\..\evil.html",
        r"life\page.html",
        "C:/Windows/evil.html",
        "C:evil.html",
        r"\\server\share\page.html",
        "/etc/passwd",
        "life/../../evil.html",
        "con.html",
        "life/NUL",
        "Aux.txt/page.html",
        "com1.jpg",
        "trailing./page.html",
        "page.html ",
        "what?.html",
        "a|b.html",
        "",
    ] {
        assert!(
            !is_portable_relative(bad),
            "{bad:?} would step out of the folder or fail on Windows, so it is refused"
        );
    }
}

#[test]
fn a_title_or_slug_that_is_a_windows_device_name_gets_a_page_windows_can_write() {
    assert_eq!(
        slug::from_title("Con"),
        "con-1",
        "con.html cannot be written on Windows, so the generated slug is numbered"
    );
    assert!(
        slug::validate("nul").is_err(),
        "an editor's own slug NUL is refused at the slug box"
    );
    assert!(
        slug::validate("con-game").is_ok(),
        "only the device names themselves are refused"
    );
}

#[test]
fn the_media_folder_sits_beside_a_windows_database_path() {
    // Parsed as one name on Linux and as a path on Windows: either way only the last part changes.
    let windows = Path::new(r"C:\Users\编辑\AppData\Roaming\cn.newsdesk.desktop\newsdesk.db");
    assert_eq!(
        media_dir(windows).to_string_lossy(),
        r"C:\Users\编辑\AppData\Roaming\cn.newsdesk.desktop\newsdesk.media"
    );
    // A database in a folder with spaces and Chinese, as a Windows or macOS user names them.
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("我的 站点").join("遵义 2026");
    std::fs::create_dir_all(&nested).unwrap();
    let media = MediaFolder::beside(&nested.join("我爱遵义.db"));
    assert_eq!(media.root(), nested.join("我爱遵义.media"));
    assert_eq!(
        media.absolute("renditions/ab/x.jpg"),
        nested
            .join("我爱遵义.media")
            .join("renditions")
            .join("ab")
            .join("x.jpg"),
        "stored paths are joined part by part, with the system's separator"
    );
    assert_eq!(
        media.web_file(r"renditions\..\..\secret.db"),
        None,
        "a backslash path from a page never reaches outside the media folder"
    );
    assert_eq!(media.web_file("renditions/C:/x.jpg"), None, "nor a drive");
}

#[test]
fn every_file_an_export_writes_has_a_name_windows_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let db = super::support::demo_db(dir.path());
    let media = MediaFolder::beside(&dir.path().join("demo.db"));
    let out = dir.path().join("导出 的站点");
    newsdesk_core::export::export_site(&db, &media, &out, true, later(), &|_, _| {}).unwrap();
    let mut files = 0;
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let relative: Vec<String> = path
                .strip_prefix(&out)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let relative = relative.join("/");
            assert!(
                is_portable_relative(&relative),
                "{relative:?} is a name Windows accepts"
            );
            if path.is_dir() {
                stack.push(path);
            } else {
                files += 1;
            }
        }
    }
    assert!(
        files > 10,
        "the demo site's pages, lists and photos were written ({files})"
    );
}

#[test]
fn crlf_input_reads_as_lf_input() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        r#"{"title":"换行测试一","channel":"百姓生活","status":"draft","body":"第一段。\n\n第二段。"}"#,
        r#"{"title":"换行测试二","channel":"时政要闻","status":"draft","body":"只有一段。"}"#,
    ];
    std::fs::create_dir_all(dir.path().join("lf")).unwrap();
    std::fs::create_dir_all(dir.path().join("crlf")).unwrap();
    let import = |name: &str, newline: &str| {
        let mut db = site_db(&dir.path().join(name));
        // Each import its own database; the ids repeat on purpose, so the two compare.
        let text = lines.iter().map(|l| format!("{l}{newline}")).collect::<String>();
        let mut n = 0u128;
        let mut ids = || {
            n += 1;
            super::support::id(n)
        };
        let count = import_jsonl(&mut db, &mut Cursor::new(text), &mut ids, later()).unwrap();
        (count, db)
    };
    let (n_lf, lf): (usize, Db) = import("lf", "\n");
    let (n_crlf, crlf): (usize, Db) = import("crlf", "\r\n");
    assert_eq!((n_lf, n_crlf), (2, 2), "both files import every line");
    let strip = |db: &Db| {
        db.all_articles()
            .unwrap()
            .items
            .into_iter()
            .map(|a| (a.id, a.title, a.body))
            .collect::<Vec<(ArticleId, String, String)>>()
    };
    assert_eq!(
        strip(&crlf),
        strip(&lf),
        "a file saved on Windows imports as the same articles"
    );

    assert_eq!(
        markdown_to_html("第一段。\r\n\r\n第二段，\r\n同一段。\r\n", &NoPhotos),
        markdown_to_html("第一段。\n\n第二段，\n同一段。\n", &NoPhotos),
        "a body pasted with CRLF renders as the same page"
    );

    let mut db = lf;
    db.set_site_pages(Some("联系电话：0851-12345678\r\n黔ICP备12345678号\r\n"), None, None)
        .unwrap();
    assert_eq!(
        db.site().unwrap().footer_lines(),
        vec!["联系电话：0851-12345678", "黔ICP备12345678号"],
        "footer lines typed on Windows are the same lines"
    );
}
