//! The plan: every file of the site, where it goes and the fingerprint of what goes into it,
//! made from the published articles' listings (no bodies, no titles but the 最新 lists').

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::lists::{PAGES_SITEMAP, channel_sitemap, page_range, sitemap_time};
use super::manifest::{
    Digest16, PreviousManifest, article_fingerprint, channel_page_fingerprint, channel_sitemap_fingerprint,
    feed_entries_fingerprint, feed_fingerprint, home_fingerprint, latest_fingerprint, not_found_fingerprint,
    pages_sitemap_fingerprint, photos_fingerprint, rendition_fingerprint, sitemap_index_fingerprint,
};
use super::output::{Presence, stays_inside};
use crate::article::{ArticleId, Listing};
use crate::db::Db;
use crate::error::Result;
use crate::media::{MEDIA_DIR, MediaFolder, Photo};
use crate::page::{LATEST_COUNT, LatestLink, channel_path, listing_path};
use crate::site::{Channel, Site};

/// How many articles the feeds carry.
const FEED_COUNT: usize = 20;

/// One file of the site: where it goes and the fingerprint of what goes into it.
pub(super) struct Planned<'a> {
    pub path: Cow<'a, str>,
    pub input: Digest16,
    pub what: Work,
}

/// What makes a file.
pub(super) enum Work {
    Article {
        id: ArticleId,
        channel: usize,
    },
    Channel {
        channel: usize,
        page: usize,
    },
    Home,
    NotFound,
    Feed {
        template: &'static str,
    },
    SitemapIndex,
    PagesSitemap,
    ChannelSitemap {
        channel: usize,
    },
    /// `photo` names it for a message (its caption, else its id).
    Media {
        from: PathBuf,
        photo: String,
    },
}

/// The published articles as the site lists them: by channel, newest first, each with its page's
/// path (made once: the plan, the list pages and the sitemaps all name it), and each channel's
/// 最新 list.
pub(super) struct Listed<'a> {
    pub by_channel: Vec<Vec<&'a Listing>>,
    pub paths: Vec<Vec<String>>,
    pub latest: Vec<Vec<LatestLink>>,
}

impl<'a> Listed<'a> {
    pub fn of(db: &Db, site: &Site, channels: &[Channel], index: &'a [Listing]) -> Result<Listed<'a>> {
        let channel_of: HashMap<&str, usize> = channels.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
        let mut by_channel: Vec<Vec<&Listing>> = vec![Vec::new(); channels.len()];
        for a in index {
            if let Some(&c) = channel_of.get(a.channel.as_str()) {
                by_channel[c].push(a);
            }
        }
        by_channel
            .par_iter_mut()
            .for_each(|list| list.sort_by(|a, b| Listing::newest_first(a, b)));
        let paths: Vec<Vec<String>> = by_channel
            .par_iter()
            .enumerate()
            .map(|(c, list)| list.iter().map(|a| listing_path(site, &channels[c], a)).collect())
            .collect::<Result<_>>()?;
        // The 最新 lists show titles: those few are read, every other title only when its list
        // page is rendered.
        let latest_ids: Vec<ArticleId> = by_channel
            .iter()
            .flat_map(|list| list.iter().take(LATEST_COUNT).map(|a| a.id))
            .collect();
        let latest_texts = db.list_texts(Some(&latest_ids))?;
        let latest = by_channel
            .iter()
            .zip(&paths)
            .map(|(list, paths)| {
                list.iter()
                    .zip(paths)
                    .take(LATEST_COUNT)
                    .map(|(a, path)| LatestLink {
                        title: latest_texts.get(&a.id).map(|t| t.title.clone()).unwrap_or_default(),
                        url: path.clone(),
                        date: a.list_date(),
                    })
                    .collect()
            })
            .collect();
        Ok(Listed {
            by_channel,
            paths,
            latest,
        })
    }
}

/// Every file of the site, and what the feeds and the sitemap index are made from.
pub(super) struct Plan<'a> {
    pub files: Vec<Planned<'a>>,
    /// The feeds' entries: the newest articles of the whole site, with their pages' paths.
    pub newest: Vec<(&'a Listing, &'a str)>,
    /// Each channel's sitemap's `lastmod`.
    pub sitemap_lastmod: Vec<Option<String>>,
}

/// The files that must be made again, and how many files of the plan the last export recorded.
pub(super) struct ToRedo<'p, 'a> {
    pub files: Vec<&'p Planned<'a>>,
    pub kept: usize,
}

impl<'a> Plan<'a> {
    /// Plans the site: `site` is the fingerprint every page shares.
    pub fn of(
        site: Digest16,
        channels: &[Channel],
        page_size: usize,
        listed: &'a Listed<'a>,
        photos: &[Photo],
        media: &MediaFolder,
    ) -> Result<Plan<'a>> {
        let mut files = Vec::new();
        plan_channels(
            &mut files,
            site,
            channels,
            page_size,
            listed,
            photos_fingerprint(photos),
        )?;
        files.push(Planned {
            path: "index.html".into(),
            input: home_fingerprint(site, &listed.latest),
            what: Work::Home,
        });
        files.push(Planned {
            path: "404.html".into(),
            input: not_found_fingerprint(site),
            what: Work::NotFound,
        });
        let newest = newest(listed);
        plan_feeds(&mut files, site, &newest);
        let sitemap_lastmod = plan_sitemaps(&mut files, site, channels, listed);
        plan_media(&mut files, photos, media);
        Ok(Plan {
            files,
            newest,
            sitemap_lastmod,
        })
    }

    /// What must be made again: every file with `full`, else those whose inputs changed since
    /// `old` was recorded and those someone removed.
    pub fn to_redo<'p>(&'p self, old: &PreviousManifest<'_>, present: &Presence, full: bool) -> ToRedo<'p, 'a> {
        let kept = AtomicUsize::new(0);
        let files = self
            .files
            .par_iter()
            .filter(|p| {
                let recorded = old.recorded(&p.path);
                if recorded.is_some() {
                    kept.fetch_add(1, Ordering::Relaxed);
                }
                full || recorded != Some(p.input.as_str()) || !stays_inside(&p.path) || !present.contains(&p.path)
            })
            .collect();
        ToRedo {
            files,
            kept: kept.into_inner(),
        }
    }
}

/// Every channel's article pages and list pages.
fn plan_channels<'a>(
    files: &mut Vec<Planned<'a>>,
    site: Digest16,
    channels: &[Channel],
    page_size: usize,
    listed: &'a Listed<'a>,
    photos: Digest16,
) -> Result<()> {
    // An article page shows its channel's latest list: a digest of each list, made once.
    let latest: Vec<Digest16> = listed.latest.iter().map(|l| latest_fingerprint(l)).collect();
    for (c, list) in listed.by_channel.iter().enumerate() {
        let paths = &listed.paths[c];
        files.par_extend(list.par_iter().zip(paths).map(|(a, path)| Planned {
            path: Cow::Borrowed(path.as_str()),
            input: article_fingerprint(site, a, latest[c], photos),
            what: Work::Article { id: a.id, channel: c },
        }));
        let pages = list.len().div_ceil(page_size).max(1);
        let channel_pages: Vec<Planned> = (1..=pages)
            .into_par_iter()
            .map(|page| {
                let range = page_range(page, page_size, list.len());
                let entries = list[range.clone()].iter().copied().zip(&paths[range]);
                Ok(Planned {
                    path: channel_path(&channels[c], page)?.into(),
                    input: channel_page_fingerprint(site, page, pages, entries),
                    what: Work::Channel { channel: c, page },
                })
            })
            .collect::<Result<_>>()?;
        files.extend(channel_pages);
    }
    Ok(())
}

/// The newest articles of the whole site, from the head of each channel's list.
fn newest<'a>(listed: &'a Listed<'a>) -> Vec<(&'a Listing, &'a str)> {
    let mut newest: Vec<(&Listing, &str)> = listed
        .by_channel
        .iter()
        .zip(&listed.paths)
        .flat_map(|(list, paths)| list.iter().zip(paths).take(FEED_COUNT).map(|(a, p)| (*a, p.as_str())))
        .collect();
    newest.sort_by(|(a, _), (b, _)| Listing::newest_first(a, b));
    newest.truncate(FEED_COUNT);
    newest
}

/// RSS and Atom, of the same entries.
fn plan_feeds(files: &mut Vec<Planned>, site: Digest16, newest: &[(&Listing, &str)]) {
    let entries = feed_entries_fingerprint(site, newest);
    for (path, template) in [("feed.xml", "rss.xml"), ("atom.xml", "atom.xml")] {
        files.push(Planned {
            path: path.into(),
            input: feed_fingerprint(template, entries),
            what: Work::Feed { template },
        });
    }
}

/// One sitemap per channel behind an index, so an edit rewrites its channel's only. Returns each
/// channel's `lastmod`, which the index shows.
fn plan_sitemaps<'a>(
    files: &mut Vec<Planned<'a>>,
    site: Digest16,
    channels: &[Channel],
    listed: &'a Listed<'a>,
) -> Vec<Option<String>> {
    let lastmod: Vec<Option<String>> = listed
        .by_channel
        .iter()
        .map(|list| list.iter().map(|a| a.updated_at).max().map(|t| sitemap_time(&t)))
        .collect();
    files.push(Planned {
        path: "sitemap.xml".into(),
        input: sitemap_index_fingerprint(site, &lastmod),
        what: Work::SitemapIndex,
    });
    files.push(Planned {
        path: PAGES_SITEMAP.into(),
        input: pages_sitemap_fingerprint(site, PAGES_SITEMAP),
        what: Work::PagesSitemap,
    });
    let sitemaps: Vec<Planned> = listed
        .by_channel
        .par_iter()
        .zip(&listed.paths)
        .enumerate()
        .map(|(c, (list, paths))| Planned {
            path: channel_sitemap(&channels[c]).into(),
            input: channel_sitemap_fingerprint(site, list.iter().copied().zip(paths)),
            what: Work::ChannelSitemap { channel: c },
        })
        .collect();
    files.extend(sitemaps);
    lastmod
}

/// Every rendition, copied into the site's media folder.
fn plan_media(files: &mut Vec<Planned>, photos: &[Photo], media: &MediaFolder) {
    for photo in photos {
        for r in &photo.renditions {
            files.push(Planned {
                path: format!("{MEDIA_DIR}/{}", r.path).into(),
                input: rendition_fingerprint(r),
                what: Work::Media {
                    from: media.absolute(&r.path),
                    photo: photo.caption.clone().unwrap_or_else(|| photo.id.clone()),
                },
            });
        }
    }
}
