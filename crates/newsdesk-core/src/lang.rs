//! The user's language, which every message the core shows a person is written in.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Newsdesk speaks Chinese first: editors of Chinese portals are its users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Reads a locale name such as `zh_CN.UTF-8`, `zh-Hans-CN` or `en-US`; Chinese for any `zh`.
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), English when none is set.
    pub fn from_env() -> Lang {
        ["NEWSDESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty() && v != "C" && v != "POSIX")
            .map(|v| Lang::from_locale(&v))
            .unwrap_or(Lang::En)
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
