//! The export's safety: no partial file after an interruption, nothing outside the output
//! folder, writers and exports that run at once without colliding.

use newsdesk_core::{Db, Error, Site};

use super::export::{export, export_error, files};
use super::support::demo_db;

#[test]
fn an_interrupted_export_leaves_no_partial_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("site");
    // A folder where a page must go makes the export fail part way.
    std::fs::create_dir_all(out.join("life/index.html")).unwrap();
    let err = export_error(&db, dir.path(), &out);
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    let left = files(&out);
    assert!(
        left.keys().all(|k| !k.contains("newsdesk-tmp")),
        "no temporary file is left: {:?}",
        left.keys()
    );
    assert!(
        !left.contains_key(".newsdesk-export.json"),
        "no manifest claims the failed run"
    );
    std::fs::remove_dir(out.join("life/index.html")).unwrap();
    let report = export(&db, dir.path(), &out, false);
    assert_eq!(
        report.written, report.files,
        "the next run redoes everything the failed one did not record"
    );
}

#[test]
fn no_slug_or_pattern_can_write_outside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut db = demo_db(dir.path());
    assert!(
        db.add_channel("坏栏目", Some("../evil")).is_err(),
        "a channel slug cannot climb"
    );
    let site = db.site().unwrap();
    for pattern in [
        "../{slug}.html",
        "/{slug}.html",
        "{channel}/../../{slug}.html",
        "{channel}/page.html",
    ] {
        assert!(
            db.init_site(&Site {
                url_pattern: pattern.into(),
                ..site.clone()
            })
            .is_err(),
            "{pattern} is refused"
        );
    }
}

#[test]
fn two_writers_of_one_file_never_collide() {
    use newsdesk_core::disk::{Durability, write_atomically, write_atomically_with};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.html");
    let contents = [vec![b'a'; 64 * 1024], vec![b'b'; 96 * 1024]];
    std::thread::scope(|scope| {
        let (path, contents) = (&path, &contents);
        scope.spawn(move || {
            for _ in 0..200 {
                write_atomically(path, &contents[0], Durability::Unsynced).unwrap();
            }
        });
        scope.spawn(move || {
            for _ in 0..200 {
                // Piece by piece, as the CLI writes: a reader must not see the first pieces alone.
                write_atomically_with(path, Durability::Unsynced, |w| {
                    for piece in contents[1].chunks(4096) {
                        w.write_all(piece).map_err(|e| newsdesk_core::Error::io(path, e))?;
                    }
                    Ok(())
                })
                .unwrap();
            }
        });
        scope.spawn(move || {
            for _ in 0..400 {
                if let Ok(seen) = std::fs::read(path) {
                    assert!(
                        contents.contains(&seen),
                        "a reader sees one writer's whole file, never a part or a mix ({} bytes)",
                        seen.len()
                    );
                }
            }
        });
    });
    assert!(
        contents.contains(&std::fs::read(&path).unwrap()),
        "the last rename leaves one whole file"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["index.html"], "no temporary file is left beside it");
}

#[test]
fn two_exports_into_one_folder_at_once_both_finish() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let reference = dir.path().join("reference");
    export(&db, dir.path(), &reference, true);
    let out = dir.path().join("site");
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                // A connection of its own, as a second window or a scheduled CLI run has.
                let db = Db::open(&dir.path().join("demo.db")).unwrap();
                export(&db, dir.path(), &out, true)
            });
        }
    });
    assert_eq!(
        files(&out),
        files(&reference),
        "both exports wrote the same site, and neither left a temporary file"
    );
}
