//! Why a page could not be read, in the user's language (zh-CN and English, from one table).

use newsdesk_core::Lang;

/// A page that gives no article: nothing is saved for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// NUL bytes or control characters: an image, an archive, a Word file.
    #[error("binary")]
    Binary,
    /// No text at all once the page furniture is gone.
    #[error("empty")]
    Empty,
    /// Not UTF-8, and neither GB18030 nor Big5 read it cleanly; or a meta charset nobody knows.
    #[error("unknown encoding {0}")]
    UnknownEncoding(String),
    /// The clipboard holds neither HTML nor text (nothing copied, or only an image).
    #[error("nothing pasted")]
    NothingPasted,
    /// More than [`crate::MAX_PAGE_BYTES`] (or [`crate::MAX_TEXT_BYTES`] of plain text): reading
    /// it would take minutes and gigabytes, for a body over the article limit anyway.
    #[error("too large: {bytes} bytes, limit {limit}")]
    TooLarge { bytes: usize, limit: usize },
}

/// (variant, zh-CN, en): `{0}` stands for the variant's value.
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "binary",
        "这不是网页或文本文件(内容是二进制数据),未导入。",
        "This is not a web page or a text file (it holds binary data); nothing was imported.",
    ),
    (
        "empty",
        "页面里没有可导入的正文,未导入。",
        "The page holds no article text; nothing was imported.",
    ),
    (
        "nothing_pasted",
        "剪贴板里没有网页或文字：请先在浏览器里选中并复制文章，再按 Ctrl+Shift+V（macOS 为 Cmd+Shift+V）。",
        "The clipboard holds no page or text: select and copy the article in the browser first, then press Ctrl+Shift+V (Cmd+Shift+V on macOS).",
    ),
    (
        "too_large",
        "页面有 {0} MB，超过可导入的上限 {1} MB，未导入。请只选中并复制文章部分，或把网页另存为“仅 HTML”后再试。",
        "The page is {0} MB, more than the {1} MB an import reads; nothing was imported. Select and copy only the article, or save the page as HTML only and try again.",
    ),
    (
        "encoding",
        "无法识别页面的文字编码{0},未导入;请另存为 UTF-8 后再试。",
        "The page's text encoding{0} is not recognised; nothing was imported. Save it as UTF-8 and try again.",
    ),
];

impl ExtractError {
    fn key(&self) -> &'static str {
        match self {
            ExtractError::Binary => "binary",
            ExtractError::Empty => "empty",
            ExtractError::UnknownEncoding(_) => "encoding",
            ExtractError::NothingPasted => "nothing_pasted",
            ExtractError::TooLarge { .. } => "too_large",
        }
    }

    /// One line for the editor.
    pub fn message(&self, lang: Lang) -> String {
        let (_, zh, en) = MESSAGES
            .iter()
            .find(|(k, _, _)| *k == self.key())
            .expect("every variant has a message row");
        let value = match self {
            ExtractError::UnknownEncoding(label) if !label.is_empty() => match lang {
                Lang::Zh => format!("「{label}」"),
                Lang::En => format!(" “{label}”"),
            },
            ExtractError::TooLarge { bytes, limit } => {
                let mb = |n: usize| n.div_ceil(1024 * 1024).to_string();
                return lang
                    .pick(zh, en)
                    .replace("{0}", &mb(*bytes))
                    .replace("{1}", &mb(*limit));
            }
            _ => String::new(),
        };
        lang.pick(zh, en).replace("{0}", &value)
    }
}
