//! The one HTTP client of Newsdesk (push, pull, and later the repost import's downloads):
//! ureq over rustls with timeouts, and a request log of method, URL, status and time — never
//! a header or a body, so no credential can reach it.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{SecondsFormat, Utc};

/// The largest answer read into memory (a page of 100 posts with their content stays far below).
const MAX_BODY: u64 = 64 * 1024 * 1024;

/// One line of the request log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub method: String,
    pub url: String,
    /// None when no answer came (refused, cut, timed out).
    pub status: Option<u16>,
    pub millis: u128,
}

impl LogLine {
    fn render(&self) -> String {
        let status = self.status.map_or("-".to_string(), |s| s.to_string());
        format!(
            "{} {} {} {} {}ms",
            Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
            self.method,
            self.url,
            status,
            self.millis
        )
    }
}

/// Where request lines go: kept in memory (the app's status view, tests) and, when given, appended
/// to a file.
#[derive(Default)]
pub struct RequestLog {
    lines: Mutex<Vec<LogLine>>,
    file: Option<Mutex<std::fs::File>>,
}

impl RequestLog {
    pub fn to_file(path: &Path) -> std::io::Result<RequestLog> {
        let file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        Ok(RequestLog {
            lines: Mutex::default(),
            file: Some(Mutex::new(file)),
        })
    }

    fn push(&self, line: LogLine) {
        if let Some(file) = &self.file {
            let mut f = file.lock().unwrap_or_else(|p| p.into_inner());
            // A log that cannot be written must not stop a push.
            let _ = writeln!(f, "{}", line.render());
        }
        self.lines.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }

    pub fn lines(&self) -> Vec<LogLine> {
        self.lines.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// An answer, read whole.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    /// `X-WP-TotalPages`, for paged lists.
    pub total_pages: Option<u32>,
}

impl Reply {
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// A request that got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoAnswer {
    pub detail: String,
    /// The request may have reached the server (cut after sending, a timeout waiting for the
    /// answer): whatever it asked for may have happened.
    pub maybe_sent: bool,
}

/// A request to send. Secrets go in `authorization` only, which is never logged.
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub authorization: Option<&'a str>,
    pub headers: Vec<(&'a str, String)>,
    pub body: Option<&'a [u8]>,
}

/// The client: cheap to clone, safe to share between threads.
#[derive(Clone)]
pub struct Http {
    agent: ureq::Agent,
    log: Arc<RequestLog>,
}

impl Http {
    /// A client whose calls give up after `timeout` in all (connect, send, answer).
    pub fn new(timeout: Duration, log: Arc<RequestLog>) -> Http {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(timeout.min(Duration::from_secs(10))))
            // Statuses are answers to read, not errors: a 400 carries WordPress's reason.
            .http_status_as_error(false)
            .max_redirects(3)
            .user_agent(concat!("Newsdesk/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: config.into(),
            log,
        }
    }

    /// The client of the CLI and the app: 30 s per call, and the request log beside the database
    /// (`<db>.sync.log`: method, URL, status, time — never a header or a body).
    pub fn beside(db_path: &Path) -> Result<Http, newsdesk_core::Error> {
        let log_path = db_path.with_extension("sync.log");
        let log = RequestLog::to_file(&log_path).map_err(|e| newsdesk_core::Error::io(&log_path, e))?;
        Ok(Http::new(Duration::from_secs(30), Arc::new(log)))
    }

    pub fn log(&self) -> &RequestLog {
        &self.log
    }

    pub fn send(&self, request: Request<'_>) -> Result<Reply, NoAnswer> {
        let started = Instant::now();
        let result = self.run(&request);
        self.log.push(LogLine {
            method: request.method.to_string(),
            url: request.url.to_string(),
            status: result.as_ref().ok().map(|r| r.status),
            millis: started.elapsed().as_millis(),
        });
        result
    }

    fn run(&self, request: &Request<'_>) -> Result<Reply, NoAnswer> {
        let mut builder = ureq::http::Request::builder().method(request.method).uri(request.url);
        if let Some(auth) = request.authorization {
            builder = builder.header("Authorization", auth);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        let req = builder
            .body(request.body.unwrap_or_default().to_vec())
            .map_err(|e| NoAnswer {
                detail: e.to_string(),
                maybe_sent: false,
            })?;
        let mut response = self.agent.run(req).map_err(no_answer)?;
        let status = response.status().as_u16();
        let total_pages = response
            .headers()
            .get("x-wp-totalpages")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok());
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| NoAnswer {
                detail: e.to_string(),
                maybe_sent: true,
            })?;
        Ok(Reply {
            status,
            body,
            total_pages,
        })
    }
}

/// Whether the server may have acted on a request that got no answer.
fn no_answer(e: ureq::Error) -> NoAnswer {
    let maybe_sent = !matches!(
        e,
        ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed
            | ureq::Error::BadUri(_)
            | ureq::Error::Http(_)
            | ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve)
    ) && !is_refused(&e);
    NoAnswer {
        detail: e.to_string(),
        maybe_sent,
    }
}

fn is_refused(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused)
}
