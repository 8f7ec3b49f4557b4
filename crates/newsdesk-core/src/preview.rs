//! The live preview: an article's portal page with the editor's unsaved changes applied.
//!
//! It calls the same page renderer as export, so what the editor sees is what the portal gets:
//! [`preview_as_exported`] is byte for byte the page `export` writes.
//! Unlike a save, it never fails on a rule the draft still breaks: it shows the page and reports
//! the problem as a warning beside the form.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::article::{Article, ArticleId, ArticlePatch};
use crate::db::Db;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Invalid, Result, WireError};
use crate::lang::Lang;
use crate::media::{MEDIA_DIR, StoredPhotos};
use crate::page::{LATEST_COUNT, LatestLink, SitePages, Theme, article_path, root_of};
use crate::render::PhotoResolver;
use crate::site::{Channel, Site};

/// The preview of an article: the portal page's HTML, from the one render function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Preview {
    pub html: String,
    /// Where the page lives below the site's root (`life/2021/09/slug.html`): the preview is
    /// shown at this address, so that its relative links and images resolve as on the portal.
    pub path: String,
    /// 字数 of the body.
    pub chars: i64,
    /// A warning the form shows beside the attribution, e.g. 来源时间 after 发布日期.
    pub warnings: Vec<WireError>,
}

/// A channel's 最新<栏目> list: its newest published articles with their page addresses.
pub fn latest_links(db: &Db, site: &Site, channel: &Channel, now: DateTime<Utc>) -> Result<Vec<LatestLink>> {
    db.latest_published(&channel.name, LATEST_COUNT, now)?
        .iter()
        .map(|(a, text)| LatestLink::of(site, channel, a, text))
        .collect()
}

/// Applies what it can of a draft patch: a field that cannot be read yet (a half-typed date)
/// becomes a warning and keeps its saved value.
fn apply_leniently(article: &mut Article, patch: &ArticlePatch, zone: Tz, lang: Lang, warnings: &mut Vec<WireError>) {
    let mut clone = article.clone();
    match clone.apply(patch, zone) {
        Ok(()) => *article = clone,
        Err(e) => {
            warnings.push(e.to_wire(lang));
            let without_times = ArticlePatch {
                publish_at: None,
                source_time: None,
                ..patch.clone()
            };
            let _ = article.apply(&without_times, zone);
        }
    }
}

/// The article's page with the editor's unsaved changes, its figures resolved by `photos`.
pub fn preview_article(
    db: &Db,
    id: ArticleId,
    patch: &ArticlePatch,
    photos: &dyn PhotoResolver,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Preview> {
    preview_with(db, id, patch, lang, now, |_| Box::new(photos))
}

/// The page exactly as `export` writes it, byte for byte: figures point at the export's
/// `media/` folder relative to the page, as on the portal. The desktop app serves the page at
/// its own path beside the media folder, so these addresses load there too.
pub fn preview_as_exported(
    db: &Db,
    id: ArticleId,
    patch: &ArticlePatch,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<Preview> {
    preview_with(db, id, patch, lang, now, |root| {
        let root = root.to_string();
        Box::new(StoredPhotos::new(db, move |path| format!("{root}{MEDIA_DIR}/{path}")))
    })
}

/// `photos` is given the way up from the page to the site's root (`../../../`).
#[allow(clippy::needless_lifetimes)] // the resolver may borrow the database: both live for 'a
fn preview_with<'a>(
    db: &'a Db,
    id: ArticleId,
    patch: &ArticlePatch,
    lang: Lang,
    now: DateTime<Utc>,
    photos: impl FnOnce(&str) -> Box<dyn PhotoResolver + 'a>,
) -> Result<Preview> {
    let site = db.site()?;
    let zone = site.zone();
    let mut article = db.article(id)?;
    let mut warnings = Vec::new();
    apply_leniently(&mut article, patch, zone, lang, &mut warnings);
    let channels = db.channels()?;
    if let Some(c) = &patch.channel {
        match channels.iter().find(|ch| &ch.name == c || &ch.slug == c) {
            Some(ch) => article.channel = ch.name.clone(),
            None => warnings.push(Error::from(Invalid::UnknownChannel(c.clone())).to_wire(lang)),
        }
    }
    if let Err(e) = article.validate(zone) {
        warnings.push(e.to_wire(lang));
    }
    let channels_for_nav = channels.clone();
    let channel = channels
        .into_iter()
        .find(|ch| ch.name == article.channel)
        .ok_or_else(|| Error::from(Invalid::UnknownChannel(article.channel.clone())))?;
    // The 最新 list as the export at `now` shows it (定时发布 from its time on).
    let latest = latest_links(db, &site, &channel, now)?;
    // Without its folder the page is shown in the built-in theme, and the warning says why; an
    // export refuses instead.
    let theme = match Theme::for_site(&site) {
        Err(e @ Error::Invalid(Invalid::ThemeFolderMissing(_))) => {
            warnings.push(e.to_wire(lang));
            Theme::builtin()
        }
        other => other?,
    };
    let pages = SitePages {
        theme: &theme,
        site: &site,
        channels: &channels_for_nav,
    };
    let path = article_path(&site, &channel, &article)?;
    let photos = photos(&root_of(&path));
    let html = pages.article(&channel, &article, &latest, photos.as_ref())?;
    Ok(Preview {
        html,
        path,
        chars: article.char_count() as i64,
        warnings,
    })
}
