//! Faults through a proxy the tests control: the connection cut after the request was forwarded,
//! a 500 after WordPress acted, an answer slower than the timeout, answers that are not
//! WordPress's; and two workers at once.
//! Afterwards the portal holds exactly one copy of each post and each photo.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use newsdesk_core::{ArticlePatch, SaveKind};
use newsdesk_sync::worker::{Outcome, Scope, Worker};
use serde_json::json;

use super::support::{Desk, admin_get, admin_post, http, portal, posts_with_id, setup};

#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Forward the request, let WordPress answer, and close the connection without a word.
    Cut,
    /// Forward the request, then answer 500 whatever WordPress said.
    ServerError,
    /// Forward the request and hold the answer back this long.
    Slow(Duration),
    /// Close the connection at once, forwarding nothing: the portal is down.
    Down,
    /// Forward nothing and answer this whole HTTP response instead (a proxy's or a plugin's).
    Answer(&'static str),
}

/// A proxy in front of the portal: requests whose first line starts with a rule's prefix get
/// its fault, once per rule.
struct Proxy {
    url: String,
    rules: Arc<Mutex<Vec<(String, Fault)>>>,
}

impl Proxy {
    fn start() -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let upstream = portal().url.trim_start_matches("http://").to_string();
        let rules: Arc<Mutex<Vec<(String, Fault)>>> = Arc::default();
        let shared = rules.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let rules = shared.clone();
                let upstream = upstream.clone();
                std::thread::spawn(move || {
                    let _ = relay(conn, &upstream, &rules);
                });
            }
        });
        Proxy { url, rules }
    }

    fn fail_next(&self, prefix: &str, fault: Fault) {
        self.rules.lock().unwrap().push((prefix.to_string(), fault));
    }
}

fn relay(mut client: TcpStream, upstream: &str, rules: &Mutex<Vec<(String, Fault)>>) -> std::io::Result<()> {
    // One request per connection (the portal's PHP server closes after each answer).
    let mut request = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let head_end = loop {
        let n = client.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
        if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while request.len() < head_end + length {
        let n = client.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    let first_line = head.lines().next().unwrap_or_default().to_string();
    let fault = {
        let mut rules = rules.lock().unwrap();
        rules
            .iter()
            .position(|(prefix, _)| first_line.starts_with(prefix.as_str()))
            .map(|i| rules.remove(i).1)
    };
    if let Some(Fault::Down) = fault {
        return Ok(());
    }
    if let Some(Fault::Answer(response)) = fault {
        client.write_all(response.as_bytes())?;
        let _ = client.shutdown(std::net::Shutdown::Both);
        return Ok(());
    }
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(&request)?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    match fault {
        None => client.write_all(&answer)?,
        Some(Fault::Cut) => {}
        Some(Fault::ServerError) => {
            client.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?
        }
        Some(Fault::Down | Fault::Answer(_)) => unreachable!("answered above"),
        Some(Fault::Slow(d)) => {
            std::thread::sleep(d);
            let _ = client.write_all(&answer);
        }
    }
    let _ = client.shutdown(std::net::Shutdown::Both);
    Ok(())
}

/// A worker whose clock runs `ahead`, so a retry's backoff has passed.
fn worker_ahead(desk: &Desk, h: newsdesk_sync::Http, ahead: chrono::Duration) -> Worker {
    let mut s = setup("later", h, &portal().editor_password);
    s.clock = Box::new(move || Utc::now() + ahead);
    Worker::open(&desk.path(), s).unwrap()
}

fn round(w: &mut Worker) -> Vec<newsdesk_sync::Progress> {
    w.run_until_idle(Scope::default(), &AtomicBool::new(false), &mut |_| {})
        .unwrap()
}

fn no_duplicate_after(fault: Fault, timeout: Duration) {
    let proxy = Proxy::start();
    let mut desk = Desk::new(Some(&proxy.url));
    let id = desk.publish(&format!("故障测试 {fault:?}"), ArticlePatch::default());
    proxy.fail_next("POST /wp-json/wp/v2/posts ", fault);
    let (h, log) = http(timeout);
    let first = desk.push(h.clone());
    assert!(
        matches!(first[0].outcome, Outcome::Retry(_)),
        "{fault:?}: the answer was lost: {first:?}"
    );
    assert_eq!(posts_with_id(id).len(), 1, "{fault:?}: WordPress did create the post");

    let mut later = worker_ahead(&desk, h, chrono::Duration::hours(2));
    let second = round(&mut later);
    assert!(
        matches!(second[0].outcome, Outcome::Pushed { .. }),
        "{fault:?}: {second:?}"
    );
    assert_eq!(
        posts_with_id(id).len(),
        1,
        "{fault:?}: looked up before creating again: one post"
    );
    assert!(
        log.lines()
            .iter()
            .any(|l| l.method == "GET" && l.url.contains("newsdesk_id=")),
        "{fault:?}: the retry looked the post up by its id: {:?}",
        log.lines()
    );
    let p = desk.db.publication(id, desk.target).unwrap().unwrap();
    assert_eq!(
        p.remote_id,
        posts_with_id(id)[0]["id"].as_i64(),
        "the found post is recorded as ours"
    );
}

#[test]
fn a_connection_cut_after_the_create_went_out_makes_no_duplicate() {
    no_duplicate_after(Fault::Cut, Duration::from_secs(20));
}

#[test]
fn a_500_after_the_create_makes_no_duplicate() {
    no_duplicate_after(Fault::ServerError, Duration::from_secs(20));
}

#[test]
fn an_answer_slower_than_the_timeout_makes_no_duplicate() {
    no_duplicate_after(Fault::Slow(Duration::from_secs(4)), Duration::from_secs(2));
}

#[test]
fn without_the_id_the_lookup_finds_the_post_by_its_slug() {
    let proxy = Proxy::start();
    let mut desk = Desk::new(Some(&proxy.url));
    let id = desk.publish("别名查找", ArticlePatch::default());
    proxy.fail_next("POST /wp-json/wp/v2/posts ", Fault::Cut);
    let (h, log) = http(Duration::from_secs(20));
    desk.push(h.clone());
    // As on a portal without the must-use plugin: the post carries no newsdesk_id.
    let remote = posts_with_id(id)[0]["id"].as_i64().unwrap();
    admin_post(
        &format!("wp/v2/posts/{remote}"),
        &json!({ "meta": { "newsdesk_id": "" } }),
    );
    assert!(posts_with_id(id).is_empty());

    let mut later = worker_ahead(&desk, h, chrono::Duration::hours(2));
    round(&mut later);
    assert!(
        log.lines().iter().any(|l| l.method == "GET" && l.url.contains("slug=")),
        "{:?}",
        log.lines()
    );
    assert_eq!(
        desk.db.publication(id, desk.target).unwrap().unwrap().remote_id,
        Some(remote),
        "the post found by its slug is ours: updated, not made again"
    );
    assert_eq!(posts_with_id(id).len(), 1, "and now it carries the id again");
}

#[test]
fn a_photo_upload_cut_after_it_went_out_is_not_uploaded_twice() {
    let proxy = Proxy::start();
    let mut desk = Desk::new(Some(&proxy.url));
    let id = desk.publish("图片故障", ArticlePatch::default());
    let photo = desk.photo(9, id, "断线时上传的图片。张三摄");
    desk.db.set_lead_photo(id, Some(&photo.id)).unwrap();
    desk.db
        .save_article(id, &ArticlePatch::default(), SaveKind::Checkpoint, Utc::now())
        .unwrap();
    proxy.fail_next("POST /wp-json/wp/v2/media", Fault::Cut);
    let (h, _) = http(Duration::from_secs(20));
    let first = desk.push(h.clone());
    assert!(matches!(first[0].outcome, Outcome::Retry(_)), "{first:?}");

    let mut later = worker_ahead(&desk, h, chrono::Duration::hours(2));
    round(&mut later);
    let hashed = newsdesk_sync::mapping::media_file_name(&photo.sha256, "jpg").replace(".jpg", "");
    let found = admin_get(&format!(
        "{}/wp-json/wp/v2/media?search={hashed}&context=edit",
        portal().url
    ));
    assert_eq!(
        found.as_array().unwrap().len(),
        1,
        "the photo is on the portal once: {found}"
    );
    assert_eq!(
        posts_with_id(id)[0]["featured_media"],
        found[0]["id"],
        "and it is the featured image"
    );
}

#[test]
fn two_workers_at_once_send_each_item_once() {
    let mut desk = Desk::new(None);
    let ids: Vec<_> = (0..6)
        .map(|n| desk.publish(&format!("并发{n}"), ArticlePatch::default()))
        .collect();
    let path = desk.path();
    let logs: Vec<_> = ["app", "cron"]
        .into_iter()
        .map(|owner| {
            let (h, log) = http(Duration::from_secs(20));
            let path = path.clone();
            let t = std::thread::spawn(move || {
                let mut w = Worker::open(&path, setup(owner, h, &portal().editor_password)).unwrap();
                round(&mut w)
            });
            (t, log)
        })
        .collect();
    let mut sent = 0;
    let mut creates = 0;
    for (t, log) in logs {
        sent += t.join().unwrap().len();
        creates += log
            .lines()
            .iter()
            .filter(|l| l.method == "POST" && l.url.ends_with("/wp/v2/posts"))
            .count();
    }
    assert_eq!(sent, 6, "every item was sent by one of them");
    assert_eq!(creates, 6, "and created once in all");
    for id in ids {
        assert_eq!(posts_with_id(id).len(), 1, "one post per article");
    }
}

#[test]
fn a_portal_down_for_a_while_gets_everything_once_when_it_is_back() {
    let proxy = Proxy::start();
    let mut desk = Desk::new(Some(&proxy.url));
    let ids: Vec<_> = (0..3)
        .map(|n| desk.publish(&format!("断网{n}"), ArticlePatch::default()))
        .collect();
    for _ in 0..6 {
        proxy.fail_next("", Fault::Down);
    }
    let (h, _) = http(Duration::from_secs(20));
    let mut hours = 0;
    let mut rounds = 0;
    while !desk
        .db
        .outbox(Utc::now() + chrono::Duration::hours(hours))
        .unwrap()
        .is_empty()
    {
        assert!(rounds < 20, "the queue empties once the portal is back");
        let mut w = worker_ahead(&desk, h.clone(), chrono::Duration::hours(hours));
        round(&mut w);
        hours += 2;
        rounds += 1;
    }
    assert!(rounds > 1, "the first rounds met a portal that was down");
    for id in ids {
        assert_eq!(posts_with_id(id).len(), 1, "each article arrived once");
        assert_eq!(
            desk.db.publication(id, desk.target).unwrap().unwrap().state,
            newsdesk_core::publishing::PublicationState::Published
        );
    }
}

/// What a proxy or a plugin answers is not WordPress saying the post is gone: a withdrawal that
/// took it so would forget a post that is still public.
#[test]
fn only_wordpress_saying_so_makes_a_post_gone() {
    let proxy = Proxy::start();
    let mut desk = Desk::new(Some(&proxy.url));
    let id = desk.publish("代理说没有", ArticlePatch::default());
    let (h, _) = http(Duration::from_secs(20));
    desk.push(h.clone());
    desk.db
        .save_article(
            id,
            &ArticlePatch {
                status: Some(newsdesk_core::Status::Withdrawn),
                ..ArticlePatch::default()
            },
            SaveKind::Checkpoint,
            Utc::now(),
        )
        .unwrap();
    let mut hours = 0;
    for answer in [
        "HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"cached\":true}",
    ] {
        proxy.fail_next("GET /wp-json/wp/v2/posts/", Fault::Answer(answer));
        // A refusal holds the item for the editor: each answer gets its own try.
        desk.db.retry_parked(id, desk.target, Utc::now()).unwrap();
        hours += 2;
        let mut w = worker_ahead(&desk, h.clone(), chrono::Duration::hours(hours));
        let done = round(&mut w);
        assert!(
            !matches!(done[0].outcome, Outcome::Unchanged | Outcome::Pushed { .. }),
            "{answer:?} is no answer about the post: {done:?}"
        );
        let p = desk.db.publication(id, desk.target).unwrap();
        assert!(
            p.is_some_and(|p| p.remote_id.is_some()),
            "{answer:?}: the post is still known as ours"
        );
        assert_eq!(posts_with_id(id)[0]["status"], "publish", "and still public");
    }
    desk.db.retry_parked(id, desk.target, Utc::now()).unwrap();
    let mut w = worker_ahead(&desk, h, chrono::Duration::hours(hours + 2));
    let done = round(&mut w);
    assert!(matches!(done[0].outcome, Outcome::Pushed { .. }), "{done:?}");
    assert_eq!(
        posts_with_id(id)[0]["status"],
        "draft",
        "WordPress's own answer withdraws it"
    );
}
