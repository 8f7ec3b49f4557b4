//! A save loop for the CLI's crash-safety and concurrency tests: it saves an article again and
//! again, printing each revision once the save has returned, so a test can kill it at any moment
//! or run two of them against one database.
//!
//! `newsdesk-stress DB ARTICLE_ID COUNT [--barrier]`: with `--barrier` it prints `ready` and waits
//! for a line on standard input before the first save, so two processes start together.

use std::io::{BufRead, Write};

use newsdesk_core::{ArticleId, ArticlePatch, Db, SaveKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: newsdesk-stress DB ARTICLE_ID COUNT [--barrier]");
        std::process::exit(2);
    }
    if let Err(e) = run(&args) {
        eprintln!("{}", e.message(newsdesk_core::Lang::En));
        std::process::exit(1);
    }
}

fn run(args: &[String]) -> Result<(), newsdesk_core::Error> {
    let mut db = Db::open(std::path::Path::new(&args[1]))?;
    let id: ArticleId = args[2].parse()?;
    let count: u64 = args[3].parse().unwrap_or(u64::MAX);
    let mut out = std::io::stdout().lock();
    if args.iter().any(|a| a == "--barrier") {
        writeln!(out, "ready").and_then(|_| out.flush()).ok();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok();
    }
    let pid = std::process::id();
    for i in 0..count {
        let patch = ArticlePatch {
            body: Some(format!(
                "第 {i} 次保存 by {pid}\n\n{}",
                "正文".repeat((i % 50) as usize)
            )),
            ..ArticlePatch::default()
        };
        let a = db.save_article(id, &patch, SaveKind::Checkpoint, chrono::Utc::now())?;
        // Only after the save returned does the test learn of it.
        writeln!(out, "saved {} {i}", a.revision).and_then(|_| out.flush()).ok();
    }
    writeln!(out, "done {count}").ok();
    Ok(())
}
