//! The one error type of the core, with a stable kind for programs and a message for people.
//!
//! The UI and the CLI branch on [`ErrorKind`], never on text; [`Error::message`] says in the
//! user's language what failed and what to do about it. The words themselves are one table
//! ([`messages`]), so every message exists in both languages and echoes input the same safe way.

mod messages;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lang::Lang;
use crate::updates::UpdateProblem;
use messages::{Msg, fill};
pub use messages::{echo, echo_cut};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure this is; stable across versions and sent over IPC as snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input breaks a rule of the article model; fix the field and try again.
    Validation,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The database was written by a newer Newsdesk.
    SchemaTooNew,
    /// The database has no site yet.
    NoSite,
    /// A line of an import file is bad; nothing was imported.
    Import,
    /// The database could not be read or written.
    Database,
    /// One stored row cannot be read (a malformed id, a time out of range); the rest can.
    Damaged,
    /// A file could not be read or written.
    Io,
    /// A page template is broken; the message names the file and line.
    Template,
    /// A photo could not be imported: not an image, damaged, or too large. Nothing was stored.
    Photo,
    /// The portal, or a page to import, could not be reached (offline, refused, timed out); the
    /// queue keeps a push's work.
    Network,
    /// The portal refused the credentials: the target waits for new ones.
    Auth,
    /// The portal answered, but not as a WordPress portal Newsdesk can push to should; or a
    /// page to import answered with an error.
    Remote,
    /// The OS keychain could not store or give back a password.
    Keychain,
    /// An update of the app was refused because the window has unsaved edits; save, then install.
    UnsavedWork,
    /// An update of the app failed: its package's signature, download or install.
    Update,
}

/// An error as it crosses to the UI: the kind to branch on and the message to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct WireError {
    pub kind: ErrorKind,
    pub message: String,
}

impl Error {
    pub fn to_wire(&self, lang: Lang) -> WireError {
        WireError {
            kind: self.kind(),
            message: self.message(lang),
        }
    }
}

/// A rule of the model that the input breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    TitleRequired,
    SiteNameRequired,
    ChannelNameRequired,
    /// 来源时间 is later than 发布日期.
    SourceAfterPublish {
        source: String,
        publish: String,
    },
    Url {
        field: &'static str,
        value: String,
    },
    UnknownChannel(String),
    /// An article asked for with no channel, on a site that has none yet.
    NoChannel,
    /// The site's theme folder is gone (moved, renamed, on a drive not mounted).
    ThemeFolderMissing(String),
    /// A channel with articles deleted without saying where they go (or into itself).
    ChannelNotEmpty {
        name: String,
        articles: usize,
    },
    /// Text that is not an article id (a UUID).
    ArticleId(String),
    ChannelExists(String),
    SlugClash(String),
    /// Characters a slug may not have (or a hyphen at an end).
    Slug(String),
    /// A slug of good characters, too long for a file name.
    SlugTooLong {
        chars: usize,
        limit: usize,
    },
    /// A Windows device name (`con`, `nul`, `com1`…): the page could not be saved there.
    SlugReserved(String),
    Time(String),
    /// A wall time the site's zone skips: the clocks jump forward over it (a DST gap).
    TimeSkipped {
        value: String,
        zone: String,
    },
    /// A time outside the years a news portal's articles can have ([`crate::time::YEARS`]).
    TimeOutOfRange(String),
    TimeZone(String),
    Status(String),
    ScheduledWithoutTime,
    /// An undo of a restore that is no longer the article's newest revision (or was no restore).
    NothingToUndo,
    Json(String),
    UrlPattern(String),
    /// A body larger than [`crate::article::MAX_BODY_BYTES`].
    BodyTooLarge {
        bytes: usize,
        limit: usize,
    },
    TargetExists(String),
    TargetName(String),
    /// A new site's file is already there (a new site never takes over a file).
    SiteFileExists(String),
    /// The file to open as a site is not a Newsdesk database.
    NotASite(String),
    /// A post meta value WordPress would refuse after writing the post (see portal/README.md).
    Meta {
        key: &'static str,
        value: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0:?}")]
    Invalid(Invalid),
    #[error("{what} not found: {id}")]
    NotFound { what: &'static str, id: String },
    #[error("database schema {found} is newer than this Newsdesk supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("the database has no site")]
    NoSite,
    #[error("line {line}: {source}")]
    Import { line: usize, source: Box<Error> },
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("damaged {what} {id}: {problem}")]
    Damaged {
        what: &'static str,
        id: String,
        problem: String,
    },
    #[error("template {name}:{line}: {message}")]
    Template { name: String, line: usize, message: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("photo {file}: {problem:?}")]
    Photo { file: String, problem: PhotoProblem },
    #[error("network {url}: {detail}")]
    Network { url: String, detail: String },
    #[error("target {target} refused the credentials: {detail}")]
    Auth { target: String, detail: String },
    #[error("portal {url}: {problem:?}")]
    Remote { url: String, problem: RemoteProblem },
    #[error("keychain for {target}: {detail}")]
    Keychain { target: String, detail: String },
    /// A web page to import (a repost's address, not a portal) could not be had.
    #[error("page {url}: {problem:?}")]
    Page { url: String, problem: PageProblem },
    /// An update of the app itself could not be checked for or installed.
    #[error("update: {0:?}")]
    Update(crate::updates::UpdateProblem),
}

/// Why a page at an address could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageProblem {
    /// No answer: offline, no such host, refused, timed out.
    Unreachable(String),
    /// The site answered with an error status (404, 403, 500…).
    Refused(u16),
    /// More bytes than a page or photo holds.
    TooLarge(usize),
}

/// What is wrong with a portal's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemoteProblem {
    /// `/wp-json/` does not answer as the WordPress REST API.
    NoRestApi,
    /// The portal does not offer application passwords (too old, or switched off, or not HTTPS).
    NoApplicationPasswords,
    /// The user lacks a capability pushing needs (e.g. `publish_posts`).
    MissingCapability { user: String, capability: String },
    /// The portal refused a request; `code` is WordPress's error code.
    Refused { status: u16, code: String, detail: String },
    /// The answer could not be read.
    Unreadable(String),
    /// A stored password is needed and there is no keychain; `--password-stdin` gives it.
    NoKeychainNoStdin,
    /// The portal check: the user name or application password is wrong (kind auth).
    CredentialsRefused { user: String },
    /// The editor answered "No" on the portal's authorization page.
    AuthorizationRejected,
    /// A `newsdesk://auth/callback` arrived that no authorization of this window asked for.
    AuthorizationUnasked,
}

/// Why a file could not become a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoProblem {
    /// The file has no bytes.
    Empty,
    /// Not a JPEG, PNG, WebP or GIF, whatever its name says.
    NotAnImage,
    /// The header claims more pixels than Newsdesk decodes.
    TooManyPixels { width: u64, height: u64, limit: u64 },
    /// The file itself is larger than Newsdesk reads.
    FileTooLarge { bytes: u64, limit: u64 },
    /// The file ends before the picture does.
    Truncated,
    /// The decoder found damaged data.
    Damaged(String),
    /// A valid image in a variant the decoders do not handle.
    Unsupported(String),
    /// The rendition settings make no sense (e.g. no sizes, or quality outside 1–100).
    Settings(String),
    /// A stored photo's original is gone from the media folder (moved, deleted, a folder
    /// synced without it), so nothing can be made or sent from it; `file` is its caption.
    FilesMissing,
}

impl From<Invalid> for Error {
    fn from(value: Invalid) -> Self {
        Error::Invalid(value)
    }
}

impl Error {
    pub fn io(path: impl AsRef<std::path::Path>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.as_ref().display().to_string(),
            source,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Invalid(_) => ErrorKind::Validation,
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::SchemaTooNew { .. } => ErrorKind::SchemaTooNew,
            Error::NoSite => ErrorKind::NoSite,
            Error::Import { .. } => ErrorKind::Import,
            Error::Database(_) => ErrorKind::Database,
            Error::Damaged { .. } => ErrorKind::Damaged,
            Error::Io { .. } => ErrorKind::Io,
            Error::Template { .. } => ErrorKind::Template,
            Error::Photo { .. } => ErrorKind::Photo,
            Error::Network { .. } => ErrorKind::Network,
            Error::Auth { .. } => ErrorKind::Auth,
            Error::Remote {
                problem: RemoteProblem::CredentialsRefused { .. },
                ..
            } => ErrorKind::Auth,
            Error::Remote { .. } => ErrorKind::Remote,
            Error::Keychain { .. } => ErrorKind::Keychain,
            Error::Page {
                problem: PageProblem::Unreachable(_),
                ..
            } => ErrorKind::Network,
            Error::Page { .. } => ErrorKind::Remote,
            Error::Update(UpdateProblem::UnsavedWork) => ErrorKind::UnsavedWork,
            Error::Update(UpdateProblem::Unreachable(_)) => ErrorKind::Network,
            Error::Update(_) => ErrorKind::Update,
        }
    }

    /// One printable line for a person, in their language: what failed and what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Invalid(i) => i.message(lang),
            Error::NotFound { what, id } => fill(Msg::NotFound, lang, &[("what", noun(what, lang)), ("id", &echo(id))]),
            Error::SchemaTooNew { found, supported } => fill(
                Msg::SchemaTooNew,
                lang,
                &[("found", &found.to_string()), ("supported", &supported.to_string())],
            ),
            Error::NoSite => fill(Msg::NoSite, lang, &[]),
            // The inner message is already one safe line: it is not echoed again.
            Error::Import { line, source } => fill(
                Msg::Import,
                lang,
                &[("line", &line.to_string()), ("message", &source.message(lang))],
            ),
            Error::Database(e) => fill(Msg::Database, lang, &[("detail", &echo(&e.to_string()))]),
            Error::Damaged { what, id, problem } => fill(
                Msg::Damaged,
                lang,
                &[
                    ("what", noun(what, lang)),
                    ("id", &echo(id)),
                    ("problem", &echo(problem)),
                ],
            ),
            Error::Template { name, line, message } => fill(
                Msg::Template,
                lang,
                &[
                    ("name", &echo(name)),
                    ("line", &line.to_string()),
                    ("detail", &echo(message)),
                ],
            ),
            Error::Io { path, source } => fill(
                io_message(source),
                lang,
                &[("path", &echo(path)), ("detail", &echo(&source.to_string()))],
            ),
            Error::Photo { file, problem } => problem.message(file, lang),
            Error::Network { url, detail } => {
                fill(Msg::Network, lang, &[("url", &echo(url)), ("detail", &echo(detail))])
            }
            Error::Auth { target, detail } => {
                fill(Msg::Auth, lang, &[("target", &echo(target)), ("detail", &echo(detail))])
            }
            Error::Keychain { target, detail } => fill(
                Msg::Keychain,
                lang,
                &[("target", &echo(target)), ("detail", &echo(detail))],
            ),
            Error::Page { url, problem } => {
                let url = echo(url);
                match problem {
                    PageProblem::Unreachable(detail) => {
                        fill(Msg::PageUnreachable, lang, &[("url", &url), ("detail", &echo(detail))])
                    }
                    PageProblem::Refused(status) => fill(
                        Msg::PageRefused,
                        lang,
                        &[("url", &url), ("status", &status.to_string())],
                    ),
                    PageProblem::TooLarge(bytes) => {
                        fill(Msg::PageTooLarge, lang, &[("url", &url), ("bytes", &bytes.to_string())])
                    }
                }
            }
            Error::Update(problem) => match problem {
                UpdateProblem::UnsavedWork => fill(Msg::UpdateUnsavedWork, lang, &[]),
                UpdateProblem::NothingOffered => fill(Msg::UpdateNothingOffered, lang, &[]),
                UpdateProblem::Unreachable(detail) => fill(Msg::UpdateUnreachable, lang, &[("detail", &echo(detail))]),
                UpdateProblem::BadSignature(detail) => {
                    fill(Msg::UpdateBadSignature, lang, &[("detail", &echo(detail))])
                }
                UpdateProblem::Download(detail) => fill(Msg::UpdateDownload, lang, &[("detail", &echo(detail))]),
                UpdateProblem::Install(detail) => fill(Msg::UpdateInstall, lang, &[("detail", &echo(detail))]),
            },
            Error::Remote { url, problem } => {
                let url = echo(url);
                match problem {
                    RemoteProblem::NoRestApi => fill(Msg::NoRestApi, lang, &[("url", &url)]),
                    RemoteProblem::NoApplicationPasswords => fill(Msg::NoApplicationPasswords, lang, &[("url", &url)]),
                    RemoteProblem::MissingCapability { user, capability } => fill(
                        Msg::MissingCapability,
                        lang,
                        &[("url", &url), ("user", &echo(user)), ("capability", &echo(capability))],
                    ),
                    RemoteProblem::Refused { status, code, detail } => {
                        // A bare 404 (a missing image) has neither: no empty punctuation then.
                        let (code, detail) = (echo(code), echo(detail));
                        let said = match (code.is_empty(), detail.is_empty()) {
                            (true, true) => String::new(),
                            (false, true) => code,
                            (true, false) => detail,
                            (false, false) => format!("{code}{}{detail}", lang.pick("：", ": ")),
                        };
                        let why = if said.is_empty() {
                            said
                        } else {
                            format!("{}{said}", lang.pick("，", ", "))
                        };
                        fill(
                            Msg::RemoteRefused,
                            lang,
                            &[("url", &url), ("status", &status.to_string()), ("why", &why)],
                        )
                    }
                    RemoteProblem::Unreadable(detail) => {
                        fill(Msg::RemoteUnreadable, lang, &[("url", &url), ("detail", &echo(detail))])
                    }
                    RemoteProblem::NoKeychainNoStdin => fill(Msg::NoKeychainNoStdin, lang, &[("url", &url)]),
                    RemoteProblem::AuthorizationRejected => fill(Msg::AuthorizationRejected, lang, &[("url", &url)]),
                    RemoteProblem::AuthorizationUnasked => fill(Msg::AuthorizationUnasked, lang, &[("url", &url)]),
                    RemoteProblem::CredentialsRefused { user } => {
                        fill(Msg::CredentialsRefused, lang, &[("url", &url), ("user", &echo(user))])
                    }
                }
            }
        }
    }
}

/// The thing a message is about, as a word of the user's language.
/// The row for a failed read or write: the OS's own words (English on every system, and
/// terse) stay in the message for whoever helps, but the row says in the user's language what
/// went wrong and what to do about it.
fn io_message(source: &std::io::Error) -> Msg {
    use std::io::ErrorKind as K;
    match source.kind() {
        K::NotFound => Msg::IoMissing,
        K::PermissionDenied => Msg::IoDenied,
        // `create_dir_all` on a file says "exists"; a file on the way says "not a directory".
        K::AlreadyExists => Msg::IoExists,
        K::NotADirectory => Msg::IoNotFolder,
        K::IsADirectory => Msg::IoIsFolder,
        K::StorageFull | K::QuotaExceeded => Msg::IoDiskFull,
        K::ReadOnlyFilesystem => Msg::IoReadOnly,
        // What `read_to_string` says of a file in another encoding.
        K::InvalidData => Msg::IoNotText,
        _ => Msg::Io,
    }
}

fn noun(what: &str, lang: Lang) -> &'static str {
    let (zh, en) = match what {
        "article" => ("文章", "article"),
        "revision" => ("修订版本", "revision"),
        "channel" => ("栏目", "channel"),
        "photo" => ("图片", "photo"),
        "target" => ("发布目标", "target"),
        "site" => ("站点文件", "site file"),
        "conflict" => ("冲突", "conflict"),
        _ => ("对象", "item"),
    };
    lang.pick(zh, en)
}

impl Invalid {
    pub fn message(&self, lang: Lang) -> String {
        let one = |msg: Msg, value: &str| fill(msg, lang, &[("value", &echo(value))]);
        match self {
            Invalid::TitleRequired => fill(Msg::TitleRequired, lang, &[]),
            Invalid::SiteNameRequired => fill(Msg::SiteNameRequired, lang, &[]),
            Invalid::ChannelNameRequired => fill(Msg::ChannelNameRequired, lang, &[]),
            Invalid::SourceAfterPublish { source, publish } => fill(
                Msg::SourceAfterPublish,
                lang,
                &[("source", &echo(source)), ("publish", &echo(publish))],
            ),
            Invalid::Url { field, value } => {
                let field = match (*field, lang) {
                    ("source.url", Lang::Zh) => "原文网址",
                    ("base_url", Lang::Zh) => "站点网址",
                    ("target.url", Lang::Zh) => "门户网址",
                    ("page.url", Lang::Zh) => "网页地址",
                    ("page.url", Lang::En) => "page address",
                    ("target.url", Lang::En) => "portal URL",
                    (_, Lang::Zh) => "网址",
                    ("source.url", Lang::En) => "source URL",
                    ("base_url", Lang::En) => "site URL",
                    (_, Lang::En) => "URL",
                };
                fill(Msg::Url, lang, &[("field", field), ("value", &echo(value))])
            }
            Invalid::UnknownChannel(c) => one(Msg::UnknownChannel, c),
            Invalid::NoChannel => fill(Msg::NoChannel, lang, &[]),
            Invalid::ThemeFolderMissing(dir) => one(Msg::ThemeFolderMissing, dir),
            Invalid::ChannelNotEmpty { name, articles } => fill(
                Msg::ChannelNotEmpty,
                lang,
                &[("value", &echo(name)), ("n", &articles.to_string())],
            ),
            Invalid::ArticleId(s) => one(Msg::ArticleId, s),
            Invalid::ChannelExists(c) => one(Msg::ChannelExists, c),
            Invalid::SlugClash(s) => one(Msg::SlugClash, s),
            Invalid::Slug(s) => match crate::slug::suggestion(s) {
                Some(near) => fill(Msg::SlugSuggested, lang, &[("value", &echo(s)), ("near", &near)]),
                None => one(Msg::Slug, s),
            },
            Invalid::SlugTooLong { chars, limit } => fill(
                Msg::SlugTooLong,
                lang,
                &[("n", &chars.to_string()), ("limit", &limit.to_string())],
            ),
            Invalid::SlugReserved(s) => one(Msg::SlugReserved, s),
            Invalid::Time(t) => one(Msg::Time, t),
            Invalid::TimeSkipped { value, zone } => {
                fill(Msg::TimeSkipped, lang, &[("value", &echo(value)), ("zone", zone)])
            }
            Invalid::TimeOutOfRange(t) => fill(
                Msg::TimeOutOfRange,
                lang,
                &[
                    ("value", &echo(t)),
                    ("first", &crate::time::YEARS.start().to_string()),
                    ("last", &crate::time::YEARS.end().to_string()),
                ],
            ),
            Invalid::TimeZone(z) => one(Msg::TimeZone, z),
            Invalid::Status(s) => one(Msg::Status, s),
            Invalid::ScheduledWithoutTime => fill(Msg::ScheduledWithoutTime, lang, &[]),
            Invalid::NothingToUndo => fill(Msg::NothingToUndo, lang, &[]),
            Invalid::UrlPattern(p) => one(Msg::UrlPattern, p),
            Invalid::Json(e) => one(Msg::Json, e),
            Invalid::TargetExists(n) => one(Msg::TargetExists, n),
            Invalid::TargetName(n) => one(Msg::TargetName, n),
            Invalid::SiteFileExists(p) => one(Msg::SiteFileExists, p),
            Invalid::NotASite(p) => one(Msg::NotASite, p),
            Invalid::Meta { key, value } => fill(Msg::Meta, lang, &[("key", key), ("value", &echo(value))]),
            Invalid::BodyTooLarge { bytes, limit } => fill(
                Msg::BodyTooLarge,
                lang,
                &[
                    ("size", &megabytes(*bytes as u64)),
                    ("limit", &megabytes(*limit as u64)),
                ],
            ),
        }
    }
}

/// Whole megabytes, rounded up, as the messages state sizes.
fn megabytes(bytes: u64) -> String {
    bytes.div_ceil(1024 * 1024).to_string()
}

impl PhotoProblem {
    /// What failed with `file` and what to do; every message says that nothing was stored.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        let file = echo(file);
        let file = file.as_str();
        match self {
            PhotoProblem::Empty => fill(Msg::PhotoEmpty, lang, &[("file", file)]),
            PhotoProblem::NotAnImage => fill(Msg::PhotoNotAnImage, lang, &[("file", file)]),
            PhotoProblem::TooManyPixels { width, height, limit } => fill(
                Msg::PhotoTooManyPixels,
                lang,
                &[
                    ("file", file),
                    ("width", &width.to_string()),
                    ("height", &height.to_string()),
                    ("limit", &(limit / 1_000_000).to_string()),
                ],
            ),
            PhotoProblem::FileTooLarge { bytes, limit } => fill(
                Msg::PhotoFileTooLarge,
                lang,
                &[
                    ("file", file),
                    ("size", &megabytes(*bytes)),
                    ("limit", &megabytes(*limit)),
                ],
            ),
            PhotoProblem::Truncated => fill(Msg::PhotoTruncated, lang, &[("file", file)]),
            PhotoProblem::Damaged(detail) => {
                fill(Msg::PhotoDamaged, lang, &[("file", file), ("detail", &echo(detail))])
            }
            PhotoProblem::Unsupported(detail) => fill(
                Msg::PhotoUnsupported,
                lang,
                &[("file", file), ("detail", &echo(detail))],
            ),
            PhotoProblem::Settings(detail) => fill(Msg::PhotoSettings, lang, &[("detail", &echo(detail))]),
            PhotoProblem::FilesMissing => fill(Msg::PhotoFilesMissing, lang, &[("file", file)]),
        }
    }
}
