//! Search at a decade's scale: N generated articles (default 100,000 of ~3,000 Chinese characters)
//! with Zipf-like word frequencies, so that terms fall in bands — common (in over 10 % of
//! articles), middling (~1 %) and rare (under 0.01 %). For 1-, 2- and 3-character terms of each
//! band, a two-term AND, a phrase and a field query it measures the index's top 50 with snippets
//! (p50 and p99) against a plain scan of the same database in the same run (`instr` over title and
//! body, as the list did before the index); and the index's size, the time to build it and the
//! cost it adds to one save.
//!
//! `cargo bench -p newsdesk-core --bench search` (NEWSDESK_BENCH_ARTICLES=20000 for a quicker run;
//! NEWSDESK_BENCH_DIR=DIR keeps the built database there and reuses it on the next run;
//! NEWSDESK_BENCH_ONLY=WORD runs only the queries whose label holds it, as for profiling).

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use newsdesk_core::{ArticleFilter, ArticleId, ArticlePatch, Db, SaveKind, Site};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Words of 1, 2 or 3 characters, each made of characters no other word uses, so a character's
/// frequency is its word's.
struct Vocabulary {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

const VOCABULARY: usize = 8000;
const ZIPF: f64 = 1.3;

fn cjk(n: usize) -> char {
    char::from_u32(0x4e00 + n as u32).unwrap()
}

impl Vocabulary {
    fn new() -> Vocabulary {
        let mut next_char = 0;
        let mut words = Vec::with_capacity(VOCABULARY);
        for rank in 0..VOCABULARY {
            let len = rank % 3 + 1;
            words.push((0..len).map(|i| cjk(next_char + i)).collect());
            next_char += len;
        }
        let mut total = 0.0;
        let cumulative = (0..VOCABULARY)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(ZIPF);
                total
            })
            .collect::<Vec<_>>();
        let cumulative = cumulative.iter().map(|c| c / total).collect();
        Vocabulary { words, cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> &str {
        let u = rng.unit();
        let i = self.cumulative.partition_point(|&c| c < u).min(VOCABULARY - 1);
        &self.words[i]
    }

    /// The word of `len` characters nearest to `rank`.
    fn at(&self, rank: usize, len: usize) -> &str {
        let r = (rank..).find(|r| r % 3 + 1 == len).unwrap();
        &self.words[r]
    }
}

/// Characters past the vocabulary's: the planted rare words and the outlets.
fn unused(n: usize) -> char {
    cjk(17_000 + n)
}

fn text(vocab: &Vocabulary, rng: &mut Rng, chars: usize) -> String {
    let mut s = String::with_capacity(chars * 3 + 16);
    let mut n = 0;
    let mut words = 0;
    while n < chars {
        let w = vocab.sample(rng);
        s.push_str(w);
        n += w.chars().count();
        words += 1;
        if words % 12 == 0 {
            s.push('，');
        }
        if words % 40 == 0 {
            s.push_str("。\n\n");
        }
    }
    s
}

fn percentile(times: &mut [Duration], p: f64) -> Duration {
    times.sort();
    times[((times.len() - 1) as f64 * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let n: usize = std::env::var("NEWSDESK_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let chars: usize = 3000;
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("NEWSDESK_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("bench-{n}.db"));
    let reuse = kept.is_some() && path.exists();
    if !reuse {
        let _ = std::fs::remove_file(&path);
    }
    let mut db = Db::open(&path).unwrap();
    if !reuse {
        db.init_site(&Site::new("我爱遵义", "https://zunyi.example", "Asia/Shanghai").unwrap())
            .unwrap();
        for (name, slug) in [("百姓生活", "life"), ("时政要闻", "news"), ("县区动态", "county")] {
            db.add_channel(name, Some(slug)).unwrap();
        }
    }
    drop(db);

    // The corpus, written straight into the table (as an older database would hold it), so
    // that building the index can be timed on its own.
    let vocab = Vocabulary::new();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let rare: Vec<String> = (1..=3)
        .map(|len| (0..len).map(|i| unused(10 * len + i)).collect())
        .collect();
    let outlets: Vec<String> = (0..50)
        .map(|i| format!("{}{}日报", unused(100 + 2 * i), unused(101 + 2 * i)))
        .collect();
    let start = Instant::now();
    let mut text_bytes = 0usize;
    if reuse {
        // The same seed gives the same corpus: only the generator's state is replayed.
        for _ in 0..n {
            text_bytes += text(&vocab, &mut rng, chars).len();
            text_bytes += text(&vocab, &mut rng, 14).replace(['，', '。', '\n'], "").len();
            let _ = rng.unit();
        }
    } else {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO articles (id, channel_id, title, slug, status, body, keywords, publish_at, source_name,
                         created_at, updated_at, revision)
                     VALUES (?1, ?2, ?3, ?4, 'published', ?5, '[]', ?6, ?7, ?6, ?6, 1)",
                )
                .unwrap();
            for i in 0..n {
                let mut body = text(&vocab, &mut rng, chars);
                // Each rare word in five articles: 0.005 % of 100,000.
                for (k, w) in rare.iter().enumerate() {
                    if i % (n / 5).max(1) == k {
                        body.push_str(w);
                    }
                }
                let title = text(&vocab, &mut rng, 14).replace(['，', '。', '\n'], "");
                let t = Utc.timestamp_opt(1_300_000_000 + (i as i64) * 3000, 0).unwrap();
                let when = newsdesk_core::time::rfc3339(&newsdesk_core::time::in_zone(t, chrono_tz::Asia::Shanghai));
                // Zipf-like outlets too: the first is in about a third of the articles.
                let outlet = &outlets[(rng.unit().powi(3) * 50.0) as usize % 50];
                text_bytes += body.len() + title.len();
                insert
                    .execute(rusqlite::params![
                        ArticleId(uuid::Uuid::from_u128(
                            0x0190a000_0000_7000_8000_000000000000 | i as u128
                        ))
                        .to_string(),
                        1 + (i % 3) as i64,
                        title,
                        format!("a-{i}"),
                        body,
                        when,
                        outlet
                    ])
                    .unwrap();
            }
        }
        tx.execute("UPDATE search_state SET backfill = 1, cursor = 0", [])
            .unwrap();
        tx.commit().unwrap();
    }
    println!(
        "corpus: {n} articles, {:.0} MB of text, written in {:.1} s",
        text_bytes as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );

    let pages = |db: &Db| -> i64 {
        let _ = db;
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.query_row("PRAGMA page_count", [], |r| r.get::<_, i64>(0)).unwrap()
            * conn.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    let mut db = Db::open(&path).unwrap();
    let before = pages(&db);
    let start = Instant::now();
    // Each call is a transaction of its own (a batch of articles, or of the merge after them):
    // the longest is how long a save may wait for it.
    let (mut steps, mut longest) = (0, Duration::ZERO);
    loop {
        let t = Instant::now();
        let pending = db.index_pending(1000).unwrap().pending;
        steps += 1;
        longest = longest.max(t.elapsed());
        if !pending {
            break;
        }
    }
    let build = start.elapsed();
    let steps = format!("{steps} transactions, the longest {} ms", ms(longest));
    let after = pages(&db);
    if reuse {
        // Built by an earlier run: its size as the pages of its tables.
        let conn = rusqlite::Connection::open(&path).unwrap();
        let size: i64 = conn
            .query_row("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'", [], |r| {
                r.get(0)
            })
            .unwrap();
        println!(
            "index: reused ({:.0} MB, {:.0} % of the {:.0} MB database without it); pending work done in {:.1} s ({steps})",
            size as f64 / 1e6,
            size as f64 * 100.0 / (after - size) as f64,
            (after - size) as f64 / 1e6,
            build.as_secs_f64()
        );
    } else {
        println!(
            "index: built and merged in {:.1} s ({:.2} ms per article; {steps}); {:.0} MB ({:.0} % of the {:.0} MB database before it)",
            build.as_secs_f64(),
            build.as_secs_f64() * 1000.0 / n as f64,
            (after - before) as f64 / 1e6,
            (after - before) as f64 * 100.0 / before as f64,
            before as f64 / 1e6
        );
    }

    // The queries, by band: ranks chosen from the Zipf weights for ~30 % and ~1 % of articles.
    let common_rank = 30;
    let middling_rank = 3300;
    let mut queries: Vec<(String, String)> = Vec::new();
    for (band, rank) in [("common", common_rank), ("middling", middling_rank)] {
        for len in 1..=3 {
            queries.push((format!("{band} {len}-char"), vocab.at(rank, len).to_string()));
        }
    }
    for (len, w) in rare.iter().enumerate() {
        queries.push((format!("rare {}-char", len + 1), w.clone()));
    }
    queries.push((
        "two-term AND (middling)".into(),
        format!("{} {}", vocab.at(middling_rank, 2), vocab.at(middling_rank + 60, 2)),
    ));
    queries.push((
        "phrase (two common words)".into(),
        format!("\"{}{}\"", vocab.at(common_rank, 2), vocab.at(common_rank + 3, 2)),
    ));
    queries.push(("field 来源:".into(), format!("来源:{}", outlets[20])));

    println!("\n| query | hits | index p50 ms | index p99 ms | plain scan ms | plain / index p50 |");
    println!("|---|---|---|---|---|---|");
    // NEWSDESK_BENCH_RUNS=N: more runs of each query (for a profiler).
    let runs = std::env::var("NEWSDESK_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(41);
    // NEWSDESK_BENCH_ONLY=WORD: only the queries whose label holds it (for profiling).
    let only = std::env::var("NEWSDESK_BENCH_ONLY").unwrap_or_default();
    for (label, q) in queries.iter().filter(|(l, _)| l.contains(&only)) {
        let filter = ArticleFilter {
            query: Some(q.clone()),
            limit: Some(50),
            ..ArticleFilter::default()
        };
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        let mut at_least = false;
        let untouched = ArticleId(uuid::Uuid::from_u128(0x0190a000_0000_7000_8000_000000000000 | 3));
        let warm = std::env::var_os("NEWSDESK_BENCH_WARM").is_some();
        for k in 0..runs {
            // A write between runs, untimed: each run answers the query afresh, not from the
            // ranking the last one kept for its later pages.
            let mut filter = filter.clone();
            if warm {
                filter.sort = if k % 2 == 0 {
                    newsdesk_core::ArticleSort::Updated
                } else {
                    newsdesk_core::ArticleSort::Publish
                };
            } else {
                db.reindex_article(untouched).unwrap();
            }
            let t = Instant::now();
            let page = db.list_articles(&filter).unwrap();
            times.push(t.elapsed());
            total = page.total;
            at_least = page.total_is_lower_bound;
            assert!(page.items.items.len() <= 50);
        }
        let (p50, p99) = (percentile(&mut times, 0.5), percentile(&mut times, 0.99));
        // The plain scan: every title and body read and searched, as before the index. The
        // field query scans the source column; the phrase its text without quotes.
        let needle = q
            .trim_matches('"')
            .split(' ')
            .next()
            .unwrap()
            .trim_start_matches("来源:")
            .to_string();
        let sql = if q.starts_with("来源:") {
            "SELECT COUNT(*) FROM articles WHERE instr(source_name, ?1) > 0"
        } else {
            "SELECT COUNT(*) FROM articles WHERE instr(title, ?1) > 0 OR instr(body, ?1) > 0"
        };
        let conn = rusqlite::Connection::open(&path).unwrap();
        let t = Instant::now();
        let scanned: i64 = conn.query_row(sql, [&needle], |r| r.get(0)).unwrap();
        let scan = t.elapsed();
        if !q.contains(' ') && !at_least {
            assert_eq!(scanned, total, "{label}: the index and the plain scan agree");
        }
        if at_least {
            assert!(scanned >= total, "{label}: a lower bound is one");
        }
        // Past the exact count the search says "at least"; the hits are then the scan's.
        let shown = if at_least {
            format!("{scanned} (counted: {total}+)")
        } else {
            total.to_string()
        };
        println!(
            "| {label} | {shown} ({:.2} %) | {} | {} | {} | {:.0}× |",
            (if at_least { scanned } else { total }) as f64 * 100.0 / n as f64,
            ms(p50),
            ms(p99),
            ms(scan),
            scan.as_secs_f64() / p50.as_secs_f64()
        );
    }

    // One save with and without its index row: the index's share is the reindex of one article.
    let id = ArticleId(uuid::Uuid::from_u128(0x0190a000_0000_7000_8000_000000000000 | 7));
    let now = Utc::now();
    let mut saves = Vec::new();
    let mut reindex = Vec::new();
    for k in 0..40 {
        let body = text(&vocab, &mut rng, chars);
        let t = Instant::now();
        db.save_article(
            id,
            &ArticlePatch {
                body: Some(body),
                ..ArticlePatch::default()
            },
            if k % 2 == 0 {
                SaveKind::Autosave
            } else {
                SaveKind::Checkpoint
            },
            now,
        )
        .unwrap();
        saves.push(t.elapsed());
        let t = Instant::now();
        db.reindex_article(id).unwrap();
        reindex.push(t.elapsed());
    }
    println!(
        "\nsave of a ~{chars}-character article: p50 {} ms, of which its index row {} ms (p50 of writing it alone)",
        ms(percentile(&mut saves, 0.5)),
        ms(percentile(&mut reindex, 0.5))
    );
}
