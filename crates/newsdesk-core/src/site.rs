//! The portal a database belongs to: its name, address, time zone and channels (栏目).

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Invalid, Result};
use crate::time::parse_zone;

/// One portal, such as 我爱遵义. A database holds exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Site {
    pub name: String,
    pub base_url: String,
    /// IANA zone name; every time on the portal's pages is shown in it.
    pub time_zone: String,
}

impl Site {
    pub fn new(name: &str, base_url: &str, time_zone: &str) -> Result<Site> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Invalid::SiteNameRequired.into());
        }
        let base_url = base_url.trim();
        check_web_url("base_url", base_url)?;
        parse_zone(time_zone)?;
        Ok(Site {
            name: name.to_string(),
            base_url: base_url.to_string(),
            time_zone: time_zone.trim().to_string(),
        })
    }

    pub fn zone(&self) -> Tz {
        // Validated on the way in, so this only falls back for a hand-edited database.
        parse_zone(&self.time_zone).unwrap_or(chrono_tz::Asia::Shanghai)
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
