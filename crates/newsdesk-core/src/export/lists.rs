//! The files made from lists of articles: channel pages, the home page, the feeds and the
//! sitemaps, and the 404 page beside them. Their dates come from the articles, never from the
//! clock, so the same database gives the same files.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::Serialize;

use super::plan::{Listed, Work};
use crate::article::{Article, ArticleId, ListText, Listing};
use crate::error::{Error, Result};
use crate::page::{HomeSection, ListItem, Pager, SitePages, channel_path};
use crate::site::Channel;
use crate::time::rfc3339;

/// The sitemap of the home page and the channels' front pages. Channels' sitemaps are named
/// `sitemap-channel-<slug>.xml`, so none can take this name whatever its slug.
pub(super) const PAGES_SITEMAP: &str = "sitemap-pages.xml";

/// Where a channel's sitemap goes.
pub(super) fn channel_sitemap(channel: &Channel) -> String {
    format!("sitemap-channel-{}.xml", channel.slug)
}

/// The entries of the n-th list page (from 1) of a list this long.
pub(super) fn page_range(page: usize, size: usize, len: usize) -> std::ops::Range<usize> {
    ((page - 1) * size).min(len)..(page * size).min(len)
}

/// A sitemap's `lastmod`.
pub(super) fn sitemap_time(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// What the list pages, feeds and sitemaps are made from.
pub(super) struct Lists<'a> {
    pub pages: &'a SitePages<'a>,
    pub listed: &'a Listed<'a>,
    /// The feeds' entries, newest first, with their pages' paths.
    pub newest: &'a [(&'a Listing, &'a str)],
    /// Each channel's sitemap's `lastmod`.
    pub sitemap_lastmod: &'a [Option<String>],
    /// The whole articles this run loaded: every feed entry when a feed is rendered.
    pub articles: &'a HashMap<ArticleId, &'a Article>,
    /// Titles and summaries: every entry of the list pages to render.
    pub texts: &'a HashMap<ArticleId, ListText>,
}

impl Lists<'_> {
    /// The text of a file that is neither an article page nor a copied photo.
    pub fn render(&self, what: &Work) -> Result<String> {
        match what {
            Work::Channel { channel, page } => self.channel_page(*channel, *page),
            Work::Home => self.pages.home(&self.home_sections()?),
            Work::NotFound => self.pages.not_found(),
            Work::Feed { template } => self.feed(template),
            Work::SitemapIndex => self.sitemap_index(),
            Work::PagesSitemap => self.pages_sitemap(),
            Work::ChannelSitemap { channel } => self.channel_sitemap(*channel),
            Work::Article { .. } | Work::Media { .. } => {
                unreachable!("article pages are rendered in batches, photos copied")
            }
        }
    }

    fn base(&self) -> &str {
        self.pages.site.base_url.trim_end_matches('/')
    }

    fn channel_page(&self, c: usize, page: usize) -> Result<String> {
        let channel = &self.pages.channels[c];
        let list = &self.listed.by_channel[c];
        let size = self.pages.site.page_size.max(1) as usize;
        let count = list.len().div_ceil(size).max(1);
        let range = page_range(page, size, list.len());
        let items = list[range.clone()]
            .iter()
            .zip(&self.listed.paths[c][range])
            .map(|(a, path)| {
                let text = self.texts.get(&a.id).ok_or_else(|| Error::NotFound {
                    what: "article",
                    id: a.id.to_string(),
                })?;
                Ok(ListItem {
                    title: text.title.clone(),
                    url: path.clone(),
                    date: a.list_date(),
                    summary: text.summary.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let pager = Pager {
            number: page,
            count,
            prev: (page > 1).then(|| channel_path(channel, page - 1)).transpose()?,
            next: (page < count).then(|| channel_path(channel, page + 1)).transpose()?,
        };
        self.pages.channel(channel, &items, &pager)
    }

    fn home_sections(&self) -> Result<Vec<HomeSection>> {
        self.pages
            .channels
            .iter()
            .zip(&self.listed.latest)
            .map(|(c, items)| {
                Ok(HomeSection {
                    name: c.name.clone(),
                    url: channel_path(c, 1)?,
                    items: items.clone(),
                })
            })
            .collect()
    }

    /// A feed. Its dates come from the articles, never from the clock.
    fn feed(&self, template: &str) -> Result<String> {
        let items = self
            .newest
            .iter()
            .map(|(a, path)| {
                let article = self.articles.get(&a.id).ok_or_else(|| Error::NotFound {
                    what: "article",
                    id: a.id.to_string(),
                })?;
                let shown = a.shown();
                Ok(FeedItem {
                    id: a.id.to_string(),
                    title: article.title.clone(),
                    abs_url: format!("{}/{path}", self.base()),
                    date_rfc3339: rfc3339(&shown),
                    date_rfc2822: shown.to_rfc2822(),
                    updated: rfc3339(&a.updated_at),
                    author: article.source.author.clone().or_else(|| article.editor.clone()),
                    summary: article.summary.clone(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // The feed is as new as its newest entry: reproducible, and unchanged by edits elsewhere.
        let updated = self.newest.iter().map(|(a, _)| a.updated_at).max();
        self.pages.xml(
            template,
            minijinja::context! {
                items => minijinja::value::Serde(items),
                updated => updated.map(|u| rfc3339(&u)).unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into()),
                updated_rfc2822 => updated.map(|u| u.to_rfc2822()),
            },
        )
    }

    /// `sitemap.xml`: the index of the site's sitemaps.
    fn sitemap_index(&self) -> Result<String> {
        let mut sitemaps = vec![SitemapUrl {
            lastmod: None,
            loc: format!("{}/{PAGES_SITEMAP}", self.base()),
        }];
        for (channel, lastmod) in self.pages.channels.iter().zip(self.sitemap_lastmod) {
            sitemaps.push(SitemapUrl {
                lastmod: lastmod.clone(),
                loc: format!("{}/{}", self.base(), channel_sitemap(channel)),
            });
        }
        self.pages.xml(
            "sitemapindex.xml",
            minijinja::context! { sitemaps => minijinja::value::Serde(sitemaps) },
        )
    }

    /// The home page and every channel's front page.
    fn pages_sitemap(&self) -> Result<String> {
        let mut urls = vec![SitemapUrl {
            lastmod: None,
            loc: format!("{}/index.html", self.base()),
        }];
        for c in self.pages.channels {
            urls.push(SitemapUrl {
                lastmod: None,
                loc: format!("{}/{}", self.base(), channel_path(c, 1)?),
            });
        }
        self.pages.xml(
            "sitemap.xml",
            minijinja::context! { urls => minijinja::value::Serde(urls) },
        )
    }

    /// A channel's articles, newest first.
    fn channel_sitemap(&self, c: usize) -> Result<String> {
        let urls: Vec<SitemapUrl> = self.listed.by_channel[c]
            .iter()
            .zip(&self.listed.paths[c])
            .map(|(a, path)| SitemapUrl {
                lastmod: Some(sitemap_time(&a.updated_at)),
                loc: format!("{}/{path}", self.base()),
            })
            .collect();
        self.pages.xml(
            "sitemap.xml",
            minijinja::context! { urls => minijinja::value::Serde(urls) },
        )
    }
}

#[derive(Serialize)]
struct FeedItem {
    id: String,
    title: String,
    abs_url: String,
    date_rfc3339: String,
    date_rfc2822: String,
    updated: String,
    author: Option<String>,
    summary: Option<String>,
}

/// An entry of the sitemap; its fields in the order a JSON object would list them.
#[derive(Serialize)]
struct SitemapUrl {
    #[serde(skip_serializing_if = "Option::is_none")]
    lastmod: Option<String>,
    loc: String,
}
