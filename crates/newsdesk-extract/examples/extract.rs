//! Reads each file given and prints one JSON line per file: its fields and the time the
//! extraction took (the file already in memory), for scripts/bench-import.sh.

use std::time::Instant;

use newsdesk_core::Lang;
use newsdesk_extract::{Input, extract};

fn main() {
    let zone = chrono_tz::Asia::Shanghai;
    // A fixed day, so a date without its year reads as in the tests.
    let now = "2026-12-01T00:00:00Z".parse().expect("valid");
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let name = std::path::Path::new(&path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        // Warm once, then time the best of five: the page is in memory, the tables are built.
        let _ = extract(
            Input::File {
                name: &name,
                bytes: &bytes,
            },
            zone,
            now,
        );
        let mut best = f64::MAX;
        let mut result = None;
        for _ in 0..5 {
            let start = Instant::now();
            let r = extract(
                Input::File {
                    name: &name,
                    bytes: &bytes,
                },
                zone,
                now,
            );
            best = best.min(start.elapsed().as_secs_f64() * 1000.0);
            result = Some(r);
        }
        let line = match result.expect("ran") {
            Ok(e) => serde_json::json!({"file": path, "ms": best, "fields": e.fields_json(Lang::En)}),
            Err(e) => serde_json::json!({"file": path, "ms": best, "error": e.message(Lang::En)}),
        };
        println!("{line}");
    }
}
