//! The portal a database belongs to: its name, address, time zone, page settings and channels (栏目).

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Invalid, Result};
use crate::time::parse_zone;

/// Where article pages live unless the site says otherwise.
pub const DEFAULT_URL_PATTERN: &str = "{channel}/{yyyy}/{mm}/{slug}.html";

/// One portal, such as 我爱遵义. A database holds exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Site {
    pub name: String,
    pub base_url: String,
    /// IANA zone name; every time on the portal's pages is shown in it.
    pub time_zone: String,
    /// The page footer, one line each: contact lines, the ICP filing number.
    pub footer: String,
    /// Article page paths below the site root, with `{channel}`, `{yyyy}`, `{mm}`, `{dd}`, `{slug}`, `{id}`.
    pub url_pattern: String,
    /// A folder of the site's own templates; those it lacks come from the built-in theme.
    pub theme_dir: Option<String>,
    /// Articles per channel page.
    pub page_size: i64,
}

impl Site {
    /// A site with the default page settings.
    pub fn new(name: &str, base_url: &str, time_zone: &str) -> Result<Site> {
        Site {
            name: name.to_string(),
            base_url: base_url.to_string(),
            time_zone: time_zone.to_string(),
            footer: String::new(),
            url_pattern: DEFAULT_URL_PATTERN.to_string(),
            theme_dir: None,
            page_size: 20,
        }
        .validated()
    }

    /// The same site, trimmed and checked.
    pub fn validated(mut self) -> Result<Site> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(Invalid::SiteNameRequired.into());
        }
        self.base_url = self.base_url.trim().to_string();
        check_web_url("base_url", &self.base_url)?;
        self.time_zone = self.time_zone.trim().to_string();
        parse_zone(&self.time_zone)?;
        self.footer = self.footer.replace("\r\n", "\n").trim().to_string();
        self.url_pattern = self.url_pattern.trim().to_string();
        check_url_pattern(&self.url_pattern)?;
        self.theme_dir = self
            .theme_dir
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string);
        self.page_size = self.page_size.clamp(1, 500);
        Ok(self)
    }

    pub fn zone(&self) -> Tz {
        // Validated on the way in, so this only falls back for a hand-edited database.
        parse_zone(&self.time_zone).unwrap_or(chrono_tz::Asia::Shanghai)
    }

    /// The footer's non-empty lines.
    pub fn footer_lines(&self) -> Vec<String> {
        self.footer
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }
}

/// A URL pattern must stay inside the site: relative, no `..`, ending in `.html`, and naming the
/// slug or id so that two articles cannot share a page.
fn check_url_pattern(pattern: &str) -> Result<()> {
    let bad = !crate::paths::is_portable_relative(pattern)
        || !pattern.ends_with(".html")
        || !(pattern.contains("{slug}") || pattern.contains("{id}"));
    if bad {
        Err(Invalid::UrlPattern(pattern.to_string()).into())
    } else {
        Ok(())
    }
}

/// A section of the portal (栏目), such as 百姓生活.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Channel {
    pub name: String,
    pub slug: String,
    /// Where it stands in the portal's navigation, from 0.
    pub position: i64,
}

/// An absolute http(s) address, as readers' browsers need.
pub fn check_web_url(field: &'static str, value: &str) -> Result<()> {
    match url::Url::parse(value) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => Ok(()),
        _ => Err(Invalid::Url {
            field,
            value: value.to_string(),
        }
        .into()),
    }
}
