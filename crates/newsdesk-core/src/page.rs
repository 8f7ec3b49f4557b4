//! The portal's pages from Jinja templates: the one page renderer that preview, export and push
//! all call, so the preview shows exactly the page the portal will serve.
//!
//! The built-in theme is compiled in; a site may point at a folder of its own templates, and any
//! template that folder lacks comes from the built-in theme.

use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset};
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, Output, State, Value, context};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::article::{Article, ArticleId, ListText, Listing};
use crate::error::{Error, Invalid, Result};
use crate::render::{PhotoResolver, escape_into, markdown_to_html};
use crate::site::{Channel, Site};
use crate::slug;
use crate::time::{SourceTime, portal_format};

/// How many entries a 最新<栏目> list shows, on article pages and on the home page.
pub const LATEST_COUNT: usize = 8;

/// Every template of a theme, with the built-in source.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../theme/base.html")),
    ("article.html", include_str!("../theme/article.html")),
    ("channel.html", include_str!("../theme/channel.html")),
    ("home.html", include_str!("../theme/home.html")),
    ("404.html", include_str!("../theme/404.html")),
    ("style.css", include_str!("../theme/style.css")),
    ("rss.xml", include_str!("../theme/rss.xml")),
    ("atom.xml", include_str!("../theme/atom.xml")),
    ("sitemap.xml", include_str!("../theme/sitemap.xml")),
    ("sitemapindex.xml", include_str!("../theme/sitemapindex.xml")),
];

/// A set of compiled templates.
#[derive(Clone)]
pub struct Theme {
    env: Environment<'static>,
    /// A digest of every template's source: exports redo all pages when it changes.
    fingerprint: Vec<u8>,
}

/// HTML escaping as the rest of Newsdesk does it (`render::escape`): minijinja's own also escapes
/// `/`, which turns every date such as 2021/9/13 into entities in the page source.
fn html_formatter(out: &mut Output, state: &mut State, value: &Value) -> std::result::Result<(), minijinja::Error> {
    if value.is_safe() || *state.auto_escape() != AutoEscape::Html {
        return minijinja::escape_formatter(out, state, value);
    }
    if value.is_undefined() || value.is_none() {
        return Ok(());
    }
    match value.as_str() {
        Some(s) => escape_into(out, s),
        None => escape_into(out, &value.to_string()),
    }
    .map_err(minijinja::Error::from)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_formatter(html_formatter);
    env
}

impl Theme {
    pub fn builtin() -> Theme {
        let mut env = environment();
        let mut digest = Sha256::new();
        for (name, source) in TEMPLATES {
            env.add_template(name, source).expect("the built-in theme parses");
            digest.update(source.as_bytes());
        }
        Theme {
            env,
            fingerprint: digest.finalize().to_vec(),
        }
    }

    /// The site's theme: its own folder when it has one.
    pub fn for_site(site: &Site) -> Result<Theme> {
        match &site.theme_dir {
            Some(dir) => Theme::from_dir(Path::new(dir)),
            None => Ok(Theme::builtin()),
        }
    }

    /// Templates from `dir`, the built-in ones for what it lacks. A syntax error names the file and
    /// line; a folder that is not there is refused (else every template would silently be ours).
    pub fn from_dir(dir: &Path) -> Result<Theme> {
        if !dir.is_dir() {
            return Err(Invalid::ThemeFolderMissing(dir.display().to_string()).into());
        }
        let mut env = environment();
        let mut digest = Sha256::new();
        for (name, builtin) in TEMPLATES {
            let path = dir.join(name);
            let source = match std::fs::read_to_string(&path) {
                Ok(s) => s,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => builtin.to_string(),
                Err(e) => return Err(Error::io(&path, e)),
            };
            digest.update(source.as_bytes());
            env.add_template_owned(*name, source).map_err(template_error)?;
        }
        Ok(Theme {
            env,
            fingerprint: digest.finalize().to_vec(),
        })
    }

    pub fn fingerprint(&self) -> &[u8] {
        &self.fingerprint
    }

    fn render(&self, name: &str, ctx: Value) -> Result<String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(template_error)
    }
}

fn template_error(e: minijinja::Error) -> Error {
    Error::Template {
        name: e.name().unwrap_or("?").to_string(),
        line: e.line().unwrap_or(0),
        message: e.to_string(),
    }
}

/// An entry of an article list: 最新<栏目>, a channel page, the home page, a feed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LatestLink {
    pub title: String,
    /// Relative to the site's root.
    pub url: String,
    /// `2021-09-13`, in the site's zone.
    pub date: String,
}

impl LatestLink {
    pub fn of(site: &Site, channel: &Channel, article: &Listing, text: &ListText) -> Result<LatestLink> {
        Ok(LatestLink {
            title: text.title.clone(),
            url: listing_path(site, channel, article)?,
            date: article.list_date(),
        })
    }
}

/// The time a page shows for an article: its publish time, or its creation for a draft.
pub fn shown_instant(article: &Article) -> DateTime<FixedOffset> {
    article.publish_at.unwrap_or(article.created_at)
}

/// Where an article's page lives below the site's root, by the site's URL pattern.
/// Slugs are checked again here: no database content may write outside the output folder.
pub fn article_path(site: &Site, channel: &Channel, article: &Article) -> Result<String> {
    page_path(site, channel, article.id, &article.slug, shown_instant(article))
}

/// [`article_path`] of a listed article.
pub fn listing_path(site: &Site, channel: &Channel, article: &Listing) -> Result<String> {
    page_path(site, channel, article.id, &article.slug, article.shown())
}

fn page_path(site: &Site, channel: &Channel, id: ArticleId, slug: &str, when: DateTime<FixedOffset>) -> Result<String> {
    slug::validate(&channel.slug)?;
    slug::validate(slug)?;
    if let Some(path) = fill_pattern(&site.url_pattern, channel, id, slug, when) {
        return Ok(path);
    }
    Ok(site
        .url_pattern
        .replace("{channel}", &channel.slug)
        .replace("{yyyy}", &format!("{:04}", when.year()))
        .replace("{mm}", &format!("{:02}", when.month()))
        .replace("{dd}", &format!("{:02}", when.day()))
        .replace("{slug}", slug)
        .replace("{id}", &id.to_string()))
}

/// [`article_path`] in one pass, for a pattern whose only braces are its placeholders (`None`
/// for any other). No value holds a brace, so this gives what replacing each placeholder in turn
/// gives; an export names every page this way, many thousand times.
fn fill_pattern(
    pattern: &str,
    channel: &Channel,
    id: ArticleId,
    slug: &str,
    when: DateTime<FixedOffset>,
) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::with_capacity(pattern.len() + channel.slug.len() + slug.len() + 36);
    let date = when.date_naive();
    let mut rest = pattern;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let (placeholder, len) = ["{channel}", "{yyyy}", "{mm}", "{dd}", "{slug}", "{id}"]
            .iter()
            .enumerate()
            .find(|(_, p)| rest.starts_with(**p))
            .map(|(n, p)| (n, p.len()))?;
        let _ = match placeholder {
            0 => out.write_str(&channel.slug),
            1 => write!(out, "{:04}", date.year()),
            2 => write!(out, "{:02}", date.month()),
            3 => write!(out, "{:02}", date.day()),
            4 => out.write_str(slug),
            _ => write!(out, "{id}"),
        };
        rest = &rest[len..];
    }
    out.push_str(rest);
    Some(out)
}

/// A channel's n-th list page (from 1) below the site's root.
pub fn channel_path(channel: &Channel, page: usize) -> Result<String> {
    slug::validate(&channel.slug)?;
    Ok(if page <= 1 {
        format!("{}/index.html", channel.slug)
    } else {
        format!("{}/page/{page}.html", channel.slug)
    })
}

/// `../` as many times as `path` is deep, so pages link relatively and work from any folder.
pub(crate) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[derive(Serialize)]
struct SiteView<'a> {
    name: &'a str,
    base_url: &'a str,
    footer_lines: Vec<String>,
}

#[derive(Serialize)]
struct ChannelLink {
    name: String,
    url: String,
}

/// The parts of an article the template shows, with times already in the portal's format.
#[derive(Serialize)]
struct ArticleView<'a> {
    #[serde(flatten)]
    article: &'a Article,
    published_shown: String,
    source_time_shown: Option<String>,
}

/// A channel page's place among its siblings.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub number: usize,
    pub count: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// An item of a channel page.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem {
    pub title: String,
    pub url: String,
    pub date: String,
    pub summary: Option<String>,
}

/// A channel's block on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeSection {
    pub name: String,
    pub url: String,
    pub items: Vec<LatestLink>,
}

/// Everything every page of one site shares: the theme, the site and its navigation.
pub struct SitePages<'a> {
    pub theme: &'a Theme,
    pub site: &'a Site,
    pub channels: &'a [Channel],
}

impl SitePages<'_> {
    fn common(&self, path: &str) -> Result<(Value, Value, String)> {
        let nav = self
            .channels
            .iter()
            .map(|c| {
                Ok(ChannelLink {
                    name: c.name.clone(),
                    url: channel_path(c, 1)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let site = SiteView {
            name: &self.site.name,
            base_url: &self.site.base_url,
            footer_lines: self.site.footer_lines(),
        };
        Ok((Value::from(Serde(site)), Value::from(Serde(nav)), root_of(path)))
    }

    /// The article's page as the portal shows it.
    pub fn article(
        &self,
        channel: &Channel,
        article: &Article,
        latest: &[LatestLink],
        photos: &dyn PhotoResolver,
    ) -> Result<String> {
        let path = article_path(self.site, channel, article)?;
        let (site, channels, root) = self.common(&path)?;
        let view = ArticleView {
            article,
            published_shown: portal_format(&shown_instant(article)),
            source_time_shown: article.source.published_at.map(|t| match t {
                SourceTime::Date(d) => d.format("%Y-%m-%d").to_string(),
                SourceTime::Instant(i) => portal_format(&i),
            }),
        };
        self.theme.render(
            "article.html",
            context! {
                site, channels, root,
                channel => context! { name => &channel.name, url => channel_path(channel, 1)? },
                article => Serde(view),
                body_html => markdown_to_html(&article.body, photos),
                latest => Serde(latest),
            },
        )
    }

    /// One page of a channel's article list.
    pub fn channel(&self, channel: &Channel, items: &[ListItem], pager: &Pager) -> Result<String> {
        let path = channel_path(channel, pager.number)?;
        let (site, channels, root) = self.common(&path)?;
        self.theme.render(
            "channel.html",
            context! {
                site, channels, root,
                channel => context! { name => &channel.name, url => channel_path(channel, 1)? },
                items => Serde(items),
                pager => Serde(pager),
            },
        )
    }

    pub fn home(&self, sections: &[HomeSection]) -> Result<String> {
        let (site, channels, root) = self.common("index.html")?;
        self.theme.render(
            "home.html",
            context! { site, channels, root, sections => Serde(sections) },
        )
    }

    pub fn not_found(&self) -> Result<String> {
        let (site, channels, _) = self.common("404.html")?;
        // A 404 page is served at any depth: absolute links from the site's address.
        let root = format!("{}/", self.site.base_url.trim_end_matches('/'));
        self.theme.render("404.html", context! { site, channels, root })
    }

    /// A feed or sitemap template with its own context.
    pub fn xml(&self, name: &str, ctx: Value) -> Result<String> {
        let (site, _, _) = self.common(name)?;
        self.theme.render(name, context! { site, ..ctx })
    }
}
