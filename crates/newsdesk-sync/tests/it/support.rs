//! The test portal, a site database pointing at it, workers, photos and an admin's REST access.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use chrono::Utc;
use newsdesk_core::media::{MediaFolder, PhotoInput};
use newsdesk_core::publishing::TargetKind;
use newsdesk_core::{ArticleId, ArticlePatch, Db, Lang, Site, Status};
use newsdesk_sync::worker::{Progress, Scope, Worker, WorkerSetup};
use newsdesk_sync::{Http, RequestLog, Secret, WordPress};
use serde_json::Value;

pub struct Portal {
    pub url: String,
    pub editor: String,
    pub editor_password: String,
    /// The editor's login password (for the browser's part of the authorization flow).
    pub editor_login: String,
    pub admin_password: String,
    /// The portal's state folder (its `portal.env` is what scripts/test-portal-authorize.sh reads).
    pub dir: PathBuf,
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// The portal, started (and reset to a fresh install) once per test run.
pub fn portal() -> &'static Portal {
    static PORTAL: OnceLock<Portal> = OnceLock::new();
    PORTAL.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sync-portal");
        let script = repo().join("scripts/test-portal.sh");
        for cmd in ["start", "reset"] {
            let out = Command::new(&script)
                .arg(cmd)
                .arg(&dir)
                .env("NEWSDESK_PORTAL_PORT", "18189")
                .output()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
            assert!(
                out.status.success(),
                "the test portal did not {cmd}: {}\nThese tests need Debian's wordpress, mariadb-server and php \
                 (run ./scripts/setup.sh as root, or scripts/test-portal.sh start once as root).",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let env: Value = serde_json::from_slice(&std::fs::read(dir.join("portal.json")).unwrap()).unwrap();
        let get = |k: &str| {
            env[k]
                .as_str()
                .unwrap_or_else(|| panic!("portal.json lacks {k}"))
                .to_string()
        };
        Portal {
            url: get("NEWSDESK_PORTAL_URL"),
            editor: get("NEWSDESK_PORTAL_EDITOR_USER"),
            editor_password: get("NEWSDESK_PORTAL_EDITOR_APP_PASSWORD"),
            editor_login: get("NEWSDESK_PORTAL_EDITOR_PASSWORD"),
            admin_password: get("NEWSDESK_PORTAL_APP_PASSWORD"),
            dir,
        }
    })
}

/// A unique word per call within the run and across runs, for titles and slugs.
pub fn unique(prefix: &str) -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let run = std::process::id();
    format!("{prefix}-{run}-{}", N.fetch_add(1, Ordering::Relaxed))
}

pub fn http(timeout: Duration) -> (Http, Arc<RequestLog>) {
    let log = Arc::new(RequestLog::default());
    (Http::new(timeout, log.clone()), log)
}

/// The admin's REST access, for looking at what the portal holds and changing it behind our back.
pub fn admin() -> WordPress {
    let p = portal();
    WordPress::new(
        http(Duration::from_secs(20)).0,
        "admin",
        &p.url,
        "admin",
        &Secret::new(&p.admin_password),
    )
}

static PORTAL_USE: RwLock<()> = RwLock::new(());

/// The whole portal to one test (pull reads every post: no other test may write meanwhile).
pub fn exclusive() -> RwLockWriteGuard<'static, ()> {
    PORTAL_USE.write().unwrap_or_else(|p| p.into_inner())
}

/// A site database whose one target is the portal (or `url`, e.g. a proxy in front of it).
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub db: Db,
    pub target: i64,
    _shared: Option<RwLockReadGuard<'static, ()>>,
}

impl Desk {
    /// A desk sharing the portal with the other tests (each works on posts of its own).
    pub fn new(url: Option<&str>) -> Desk {
        let guard = PORTAL_USE.read().unwrap_or_else(|p| p.into_inner());
        Desk {
            _shared: Some(guard),
            ..Desk::unguarded(url)
        }
    }

    /// A desk for a test that holds [`exclusive`] already.
    pub fn unguarded(url: Option<&str>) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("site.db")).unwrap();
        db.init_site(&Site::new("我爱遵义", "https://zunyi.example", "Asia/Shanghai").unwrap())
            .unwrap();
        db.add_channel("百姓生活", Some("life")).unwrap();
        let url = url.map(str::to_string).unwrap_or_else(|| portal().url.clone());
        let target = db
            .add_target("门户", TargetKind::Wordpress, &url, &portal().editor, Utc::now())
            .unwrap()
            .id;
        Desk {
            dir,
            db,
            target,
            _shared: None,
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("site.db")
    }

    pub fn media(&self) -> MediaFolder {
        MediaFolder::beside(&self.path())
    }

    /// A published article with a unique title and slug.
    pub fn publish(&mut self, title: &str, extra: ArticlePatch) -> ArticleId {
        let slug = unique("nd-test");
        let patch = ArticlePatch {
            title: Some(format!("{title} {slug}")),
            slug: Some(slug),
            channel: Some("百姓生活".into()),
            status: Some(Status::Published),
            ..extra
        };
        self.db
            .create_article(ArticleId::generate(), &patch, Utc::now())
            .unwrap()
            .id
    }

    pub fn worker(&self, owner: &str, http: Http) -> Worker {
        Worker::open(&self.path(), setup(owner, http, &portal().editor_password)).unwrap()
    }

    /// One round of the worker over everything due; what happened to each item.
    pub fn push(&self, http: Http) -> Vec<Progress> {
        let mut w = self.worker("test", http);
        w.run_until_idle(Scope::default(), &AtomicBool::new(false), &mut |_| {})
            .unwrap()
    }

    /// A photo imported from a generated JPEG (distinct per `seed`), attached to the article.
    pub fn photo(&mut self, seed: u8, article: ArticleId, caption: &str) -> newsdesk_core::media::Photo {
        let file = self.dir.path().join(format!("photo-{seed}.jpg"));
        write_jpeg(&file, seed);
        let input = PhotoInput {
            caption: Some(caption.into()),
            article: Some(article),
            ..PhotoInput::default()
        };
        self.db.import_photo(&self.media(), &file, &input, Utc::now()).unwrap()
    }
}

pub fn setup(owner: &str, http: Http, password: &str) -> WorkerSetup {
    let secret = Secret::new(password);
    WorkerSetup {
        owner: owner.to_string(),
        http,
        credentials: Box::new(move |_| Ok(secret.clone())),
        clock: Box::new(Utc::now),
        jitter: Box::new(|| 0.5),
        lease: Duration::from_secs(120),
        lang: Lang::En,
    }
}

/// A 64×48 JPEG whose pixels depend on `seed` and the process, so each test's photo is new to
/// the portal.
pub fn write_jpeg(path: &Path, seed: u8) {
    let salt = (std::process::id() % 251) as u8;
    let (w, h) = (64u16, 48u16);
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h {
        for x in 0..w {
            pixels.extend([
                (x as u8).wrapping_mul(4).wrapping_add(seed),
                (y as u8).wrapping_mul(5).wrapping_add(salt),
                seed.wrapping_mul(37) ^ salt,
            ]);
        }
    }
    jpeg_encoder::Encoder::new_file(path, 90)
        .unwrap()
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .unwrap();
}

/// Every post (any status, trash included) carrying this Newsdesk id, as the admin sees them.
pub fn posts_with_id(id: ArticleId) -> Vec<Value> {
    let p = portal();
    let url = format!(
        "{}/wp-json/wp/v2/posts?newsdesk_id={id}&status=publish,future,draft,pending,private,trash&context=edit",
        p.url
    );
    admin_get(&url)
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p.pointer("/meta/newsdesk_id").and_then(Value::as_str) == Some(&id.to_string()))
        .cloned()
        .collect()
}

/// A GET as the admin, answered with JSON.
pub fn admin_get(url: &str) -> Value {
    let (http, _) = http(Duration::from_secs(20));
    let auth = basic("admin", &portal().admin_password);
    let reply = http
        .send(newsdesk_sync::http::Request {
            method: "GET",
            url,
            authorization: Some(&auth),
            headers: Vec::new(),
            body: None,
        })
        .unwrap();
    assert_eq!(reply.status, 200, "GET {url}: {}", String::from_utf8_lossy(&reply.body));
    reply.json().unwrap()
}

/// A JSON POST as the admin.
pub fn admin_post(route: &str, body: &Value) -> Value {
    admin_send("POST", route, Some(body))
}

/// A DELETE as the admin (`?force=true` in the route deletes for good instead of trashing).
pub fn admin_delete(route: &str) -> Value {
    admin_send("DELETE", route, None)
}

fn admin_send(method: &'static str, route: &str, body: Option<&Value>) -> Value {
    let (http, _) = http(Duration::from_secs(20));
    let auth = basic("admin", &portal().admin_password);
    let url = format!("{}/wp-json/{route}", portal().url);
    let bytes = body.map(|b| serde_json::to_vec(b).unwrap());
    let reply = http
        .send(newsdesk_sync::http::Request {
            method,
            url: &url,
            authorization: Some(&auth),
            headers: vec![("Content-Type", "application/json".into())],
            body: bytes.as_deref(),
        })
        .unwrap();
    assert!(
        reply.status < 300,
        "{method} {url}: {}",
        String::from_utf8_lossy(&reply.body)
    );
    reply.json().unwrap()
}

fn basic(user: &str, password: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// The status a public address answers with, without credentials.
pub fn public_status(url: &str) -> u16 {
    let (http, _) = http(Duration::from_secs(20));
    http.send(newsdesk_sync::http::Request {
        method: "GET",
        url,
        authorization: None,
        headers: Vec::new(),
        body: None,
    })
    .unwrap()
    .status
}
