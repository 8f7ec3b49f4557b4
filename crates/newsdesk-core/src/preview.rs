//! The live preview: an article's portal page with the editor's unsaved changes applied.
//!
//! It calls the same page renderer as export, so what the editor sees is what the portal gets.
//! Unlike a save, it never fails on a rule the draft still breaks: it shows the page and reports
//! the problem as a warning beside the form.

use chrono_tz::Tz;

use crate::article::{Article, ArticleId, ArticlePatch};
use crate::db::Db;
use crate::error::{Error, Invalid, Result, WireError};
use crate::ipc::Preview;
use crate::lang::Lang;
use crate::media::{MediaFolder, StoredPhotos, asset_url};
use crate::page::{LatestLink, SitePages, Theme};
use crate::render::PhotoResolver;
use crate::site::{Channel, Site};

/// How many entries a 最新<栏目> list shows.
pub const LATEST_COUNT: usize = 8;

/// A channel's 最新<栏目> list: its newest published articles with their page addresses.
pub fn latest_links(db: &Db, site: &Site, channel: &Channel) -> Result<Vec<LatestLink>> {
    db.latest_published(&channel.name, LATEST_COUNT)?
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

pub fn preview_article(
    db: &Db,
    id: ArticleId,
    patch: &ArticlePatch,
    photos: &dyn PhotoResolver,
    lang: Lang,
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
    let latest = latest_links(db, &site, &channel)?;
    let theme = Theme::for_site(&site)?;
    let pages = SitePages {
        theme: &theme,
        site: &site,
        channels: &channels_for_nav,
    };
    let html = pages.article(&channel, &article, &latest, photos)?;
    Ok(Preview {
        html,
        chars: article.char_count() as i64,
        warnings,
    })
}

/// The desktop app's live preview: figures show the store's photos with their captions and
/// credits, their renditions loaded by the webview from the media folder through the asset
/// protocol at `asset_origin` (`asset://localhost`, or `http://asset.localhost` on Windows).
/// An article without figures gets exactly the page [`preview_article`] gives with no photos.
pub fn preview_with_stored_photos(
    db: &Db,
    media: &MediaFolder,
    id: ArticleId,
    patch: &ArticlePatch,
    asset_origin: &str,
    lang: Lang,
) -> Result<Preview> {
    let photos = StoredPhotos::new(db, |path| asset_url(asset_origin, &media.absolute(path)));
    preview_article(db, id, patch, &photos, lang)
}
