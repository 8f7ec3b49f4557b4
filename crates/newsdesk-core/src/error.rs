//! The one error type of the core, with a stable kind for programs and a message for people.
//!
//! The UI and the CLI branch on [`ErrorKind`], never on text; [`Error::message`] says in the
//! user's language what failed and what to do about it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::lang::Lang;

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
    /// A file could not be read or written.
    Io,
    /// A page template is broken; the message names the file and line.
    Template,
    /// A photo could not be imported: not an image, damaged, or too large. Nothing was stored.
    Photo,
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
    ChannelExists(String),
    SlugClash(String),
    Slug(String),
    Time(String),
    TimeZone(String),
    Status(String),
    ScheduledWithoutTime,
    Json(String),
    UrlPattern(String),
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
    #[error("template {name}:{line}: {message}")]
    Template { name: String, line: usize, message: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("photo {file}: {problem:?}")]
    Photo { file: String, problem: PhotoProblem },
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
            Error::Io { .. } => ErrorKind::Io,
            Error::Template { .. } => ErrorKind::Template,
            Error::Photo { .. } => ErrorKind::Photo,
        }
    }

    /// One line for a person, in their language: what failed and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Error::Invalid(i) => i.message(lang),
            Error::NotFound { what, id } => {
                if zh {
                    format!("找不到{}「{id}」:它可能已被删除,请刷新列表。", what_zh(what))
                } else {
                    format!("No {what} “{id}”: it may have been deleted; refresh the list.")
                }
            }
            Error::SchemaTooNew { found, supported } => {
                if zh {
                    format!(
                        "这个数据库由更新版本的编辑台创建(结构版本 {found},本版本支持到 {supported}),未作任何修改。请升级编辑台后再打开。"
                    )
                } else {
                    format!(
                        "This database was written by a newer Newsdesk (schema {found}; this one knows up to {supported}). It was left untouched: upgrade Newsdesk to open it."
                    )
                }
            }
            Error::NoSite => lang
                .pick(
                    "数据库里还没有站点:请先运行 `newsdesk init --name 站名 --url 网址`,或 `newsdesk demo`。",
                    "The database has no site yet: run `newsdesk init --name NAME --url URL` or `newsdesk demo` first.",
                )
                .to_string(),
            Error::Import { line, source } => {
                if zh {
                    format!("第 {line} 行:{}(未导入任何文章)", source.message(lang))
                } else {
                    format!("line {line}: {} (nothing was imported)", source.message(lang))
                }
            }
            Error::Database(e) => {
                if zh {
                    format!("数据库读写失败:{e}。请检查磁盘空间和文件权限后重试。")
                } else {
                    format!(
                        "The database could not be read or written: {e}. Check disk space and file permissions, then try again."
                    )
                }
            }
            Error::Template { name, line, message } => {
                if zh {
                    format!("模板 {name} 第 {line} 行有错误:{message}。请修改模板文件后重试。")
                } else {
                    format!(
                        "The template {name} has an error at line {line}: {message}. Fix the template file and try again."
                    )
                }
            }
            Error::Io { path, source } => {
                if zh {
                    format!("无法读写文件 {path}:{source}")
                } else {
                    format!("Cannot read or write {path}: {source}")
                }
            }
            Error::Photo { file, problem } => problem.message(file, lang),
        }
    }
}

fn what_zh(what: &str) -> &'static str {
    match what {
        "article" => "文章",
        "revision" => "修订版本",
        "channel" => "栏目",
        "photo" => "图片",
        _ => "对象",
    }
}

impl Invalid {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Invalid::TitleRequired => lang.pick("标题不能为空。", "The title is required.").into(),
            Invalid::SiteNameRequired => lang.pick("站点名称不能为空。", "The site name is required.").into(),
            Invalid::ChannelNameRequired => lang.pick("栏目名称不能为空。", "The channel name is required.").into(),
            Invalid::SourceAfterPublish { source, publish } => {
                if zh {
                    format!("来源时间({source})晚于发布日期({publish}):转载不能早于原文,请检查两个时间。")
                } else {
                    format!(
                        "The source time ({source}) is after the publish time ({publish}): a repost cannot precede its original; check both times."
                    )
                }
            }
            Invalid::Url { field, value } => {
                if zh {
                    format!(
                        "{}不是有效的网址:「{value}」。请填写以 http:// 或 https:// 开头的完整网址。",
                        field_zh(field)
                    )
                } else {
                    format!(
                        "The {field} is not a valid URL: “{value}”. Enter a full address starting with http:// or https://."
                    )
                }
            }
            Invalid::UnknownChannel(c) => {
                if zh {
                    format!("没有名为「{c}」的栏目。请先在设置里添加栏目(或 `newsdesk channel add {c}`)。")
                } else {
                    format!("There is no channel “{c}”. Add it first in Settings (or `newsdesk channel add {c}`).")
                }
            }
            Invalid::ChannelExists(c) => {
                if zh {
                    format!("栏目「{c}」已经存在(名称和别名都不能重复)。")
                } else {
                    format!("The channel “{c}” already exists (names and slugs must be unique).")
                }
            }
            Invalid::SlugClash(s) => {
                if zh {
                    format!("网址别名「{s}」已被另一篇文章使用,请换一个。")
                } else {
                    format!("The slug “{s}” is already used by another article; choose another.")
                }
            }
            Invalid::Slug(s) => {
                if zh {
                    format!("网址别名「{s}」无效:只能使用小写字母、数字和连字符,且不能以连字符开头或结尾。")
                } else {
                    format!(
                        "The slug “{s}” is invalid: use lowercase letters, digits and hyphens, not starting or ending with a hyphen."
                    )
                }
            }
            Invalid::Time(t) => {
                if zh {
                    format!(
                        "无法识别时间「{t}」:请使用 2021/9/13 2:43:08、2021-09-13 02:43、2020-08-12 或 2021年9月13日 这样的写法,并确认日期存在。"
                    )
                } else {
                    format!(
                        "Cannot read the time “{t}”: write it like 2021/9/13 2:43:08, 2021-09-13 02:43, 2020-08-12 or 2021年9月13日, and check that the date exists."
                    )
                }
            }
            Invalid::TimeZone(z) => {
                if zh {
                    format!("未知的时区「{z}」:请使用 IANA 时区名,如 Asia/Shanghai。")
                } else {
                    format!("Unknown time zone “{z}”: use an IANA name such as Asia/Shanghai.")
                }
            }
            Invalid::Status(s) => {
                if zh {
                    format!("未知的状态「{s}」:可用的有 draft、ready、scheduled、published、withdrawn。")
                } else {
                    format!("Unknown status “{s}”: use draft, ready, scheduled, published or withdrawn.")
                }
            }
            Invalid::ScheduledWithoutTime => lang
                .pick(
                    "定时发布的文章需要发布日期。",
                    "A scheduled article needs a publish time.",
                )
                .into(),
            Invalid::UrlPattern(p) => {
                if zh {
                    format!(
                        "网址规则「{p}」无效:必须是以 .html 结尾的相对路径,含 {{slug}} 或 {{id}},且不能含 .. 或以 / 开头。"
                    )
                } else {
                    format!(
                        "The URL pattern “{p}” is invalid: it must be a relative path ending in .html that contains {{slug}} or {{id}}, without .. or a leading /."
                    )
                }
            }
            Invalid::Json(e) => {
                if zh {
                    format!("JSON 格式错误:{e}")
                } else {
                    format!("Malformed JSON: {e}")
                }
            }
        }
    }
}

fn field_zh(field: &str) -> &'static str {
    match field {
        "source.url" => "原文网址",
        "base_url" => "站点网址",
        _ => "网址",
    }
}

impl PhotoProblem {
    /// What failed with `file` and what to do; every message says that nothing was stored.
    pub fn message(&self, file: &str, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let mb = |bytes: &u64| bytes.div_ceil(1024 * 1024);
        match self {
            PhotoProblem::Empty => {
                if zh {
                    format!("图片 {file} 是空文件(0 字节),未导入。请重新导出或下载这张图片。")
                } else {
                    format!("The photo {file} is empty (0 bytes) and was not imported. Export or download it again.")
                }
            }
            PhotoProblem::NotAnImage => {
                if zh {
                    format!("{file} 不是 JPEG、PNG、WebP 或 GIF 图片(无论扩展名是什么),未导入。请选择图片文件。")
                } else {
                    format!(
                        "{file} is not a JPEG, PNG, WebP or GIF image, whatever its name says; nothing was imported. Choose an image file."
                    )
                }
            }
            PhotoProblem::TooManyPixels { width, height, limit } => {
                let mp = limit / 1_000_000;
                if zh {
                    format!(
                        "图片 {file} 声称有 {width}×{height} 像素,超过上限 {mp} 百万像素,未导入。请先缩小图片再导入。"
                    )
                } else {
                    format!(
                        "The photo {file} claims {width}×{height} pixels, more than the limit of {mp} megapixels; nothing was imported. Scale it down first."
                    )
                }
            }
            PhotoProblem::FileTooLarge { bytes, limit } => {
                let (size, limit) = (mb(bytes), mb(limit));
                if zh {
                    format!("图片 {file} 有 {size} MB,超过上限 {limit} MB,未导入。请先压缩或缩小图片。")
                } else {
                    format!(
                        "The photo {file} is {size} MB, more than the limit of {limit} MB; nothing was imported. Compress or scale it down first."
                    )
                }
            }
            PhotoProblem::Truncated => {
                if zh {
                    format!("图片 {file} 不完整(文件提前结束,可能没有下载或拷贝完),未导入。请重新获取原图。")
                } else {
                    format!(
                        "The photo {file} is incomplete (the file ends early, perhaps an unfinished download or copy); nothing was imported. Get the original again."
                    )
                }
            }
            PhotoProblem::Damaged(detail) => {
                if zh {
                    format!("图片 {file} 已损坏({detail}),未导入。请重新获取原图。")
                } else {
                    format!("The photo {file} is damaged ({detail}); nothing was imported. Get the original again.")
                }
            }
            PhotoProblem::Unsupported(detail) => {
                if zh {
                    format!("暂不支持图片 {file} 的格式({detail}),未导入。请另存为普通 JPEG 或 PNG 后再导入。")
                } else {
                    format!(
                        "The photo {file} uses a variant Newsdesk cannot read ({detail}); nothing was imported. Save it as a plain JPEG or PNG and try again."
                    )
                }
            }
            PhotoProblem::Settings(detail) => {
                if zh {
                    format!("图片尺寸设置无效:{detail}。请在设置里改正后重试。")
                } else {
                    format!("The photo size settings are invalid: {detail}. Correct them in Settings and try again.")
                }
            }
        }
    }
}
