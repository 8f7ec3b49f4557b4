//! Killed processes and concurrent writers never damage the database or lose a returned save.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use rand::Rng;

use super::{json, site_db};

fn stress(db: &Path, id: &str, count: &str, barrier: bool) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsdesk-stress"));
    cmd.args([db.to_str().unwrap(), id, count]);
    if barrier {
        cmd.arg("--barrier");
    }
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the stress binary starts")
}

/// Reads `saved REVISION N` lines on a thread, so the test can kill at any moment.
fn saved_revisions(child: &mut Child) -> mpsc::Receiver<i64> {
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.strip_prefix("saved ") {
                let rev = rest.split(' ').next().unwrap().parse().unwrap();
                if tx.send(rev).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

#[cfg(unix)]
#[test]
fn sigkill_at_random_moments_loses_no_returned_save() {
    use std::os::unix::process::ExitStatusExt;

    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let id = json(&db, &["article", "new", "--title", "崩溃测试", "--channel", "life"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut rng = rand::rng();
    let kills = 25;
    for round in 0..kills {
        let mut child = stress(&db, &id, "1000000", false);
        let saved = saved_revisions(&mut child);
        // Wait for the first save so the kill lands inside the loop, then a random moment more.
        let first = saved.recv_timeout(Duration::from_secs(30)).expect("the child saves");
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        let status = child.wait().unwrap();
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "round {round}: the child must die by SIGKILL, not exit by itself"
        );
        let last_returned = saved.try_iter().last().unwrap_or(first);

        let conn = rusqlite::Connection::open(&db).unwrap();
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(check, "ok", "round {round}: the file is intact after the kill");
        let (current, in_history): (i64, i64) = conn
            .query_row(
                "SELECT a.revision, (SELECT COUNT(*) FROM article_revisions r WHERE r.article_id = a.id AND r.revision <= ?2)
                 FROM articles a WHERE a.id = ?1",
                rusqlite::params![id, last_returned],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert!(
            current >= last_returned,
            "round {round}: save {last_returned} returned, yet the article is at {current}"
        );
        assert_eq!(
            in_history, last_returned,
            "round {round}: every returned revision up to {last_returned} is in the history"
        );
    }
}

#[test]
fn two_processes_save_at_once_without_lock_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = site_db(dir.path());
    let id = json(&db, &["article", "new", "--title", "并发测试", "--channel", "life"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let per_process = 500;
    let mut children: Vec<Child> = (0..2)
        .map(|_| stress(&db, &id, &per_process.to_string(), true))
        .collect();
    let mut outputs = Vec::new();
    for child in &mut children {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "each process opened the database");
        outputs.push(reader);
    }
    // Release both at once: the barrier.
    for child in &mut children {
        writeln!(child.stdin.as_mut().unwrap()).unwrap();
    }
    for (child, reader) in children.into_iter().zip(outputs) {
        let lines: Vec<String> = reader.lines().map_while(Result::ok).collect();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a writer failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            lines.last().map(String::as_str),
            Some(format!("done {per_process}").as_str())
        );
        assert_eq!(lines.iter().filter(|l| l.starts_with("saved ")).count(), per_process);
    }
    let history = json(&db, &["article", "history", &id]);
    assert_eq!(
        history.as_array().unwrap().len(),
        1 + 2 * per_process,
        "every save of both processes is a revision"
    );
}
