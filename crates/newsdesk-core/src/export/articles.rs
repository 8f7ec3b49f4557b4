//! Article pages, rendered in batches: a batch's articles are read (with their figures' photos)
//! while the one before is rendered, so an export holds a few hundred bodies at a time, not all.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::output::OutputFolder;
use super::plan::{Planned, Work};
use crate::article::{Article, ArticleId};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::media::{MEDIA_DIR, StoredPhotos};
use crate::page::{LatestLink, SitePages, root_of};
use crate::render::{PHOTO_SCHEME, PhotoResolver, ResolvedPhoto};

/// How many article pages are rendered from one read of whole articles.
const ARTICLE_BATCH: usize = 256;

/// Photos resolved once for a batch, with addresses relative to the site root; each page
/// prefixes its own way up to the root. Unlike the store, this can be shared across threads.
struct ExportPhotos<'a> {
    resolved: &'a HashMap<String, ResolvedPhoto>,
    root: &'a str,
}

impl PhotoResolver for ExportPhotos<'_> {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto> {
        let mut p = self.resolved.get(id)?.clone();
        p.src = format!("{}{}", self.root, p.src);
        p.srcset = p.srcset.map(|s| {
            s.split(", ")
                .map(|candidate| format!("{}{candidate}", self.root))
                .collect::<Vec<_>>()
                .join(", ")
        });
        Some(p)
    }
}

/// The photo ids a body's figures name.
fn figure_ids(body: &str) -> impl Iterator<Item = &str> {
    memchr::memmem::find_iter(body.as_bytes(), PHOTO_SCHEME.as_bytes()).filter_map(move |i| {
        let rest = &body[i + PHOTO_SCHEME.len()..];
        let end = rest.find([')', ' ', '"', '\n']).unwrap_or(rest.len());
        let id = rest[..end].trim();
        (!id.is_empty()).then_some(id)
    })
}

/// A batch's whole articles and the photos their figures show.
struct Loaded {
    articles: Vec<Article>,
    photos: HashMap<String, ResolvedPhoto>,
}

/// Reads a batch's articles and resolves their figures' photos.
fn load(db: &Db, store: &StoredPhotos, batch: &[&Planned]) -> Result<Loaded> {
    let ids: Vec<ArticleId> = batch
        .iter()
        .filter_map(|p| match p.what {
            Work::Article { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    let articles = db.published_by_ids(&ids)?;
    let photos = articles
        .iter()
        .flat_map(|a| figure_ids(&a.body))
        .collect::<HashSet<&str>>()
        .into_iter()
        .filter_map(|id| Some((id.to_string(), store.resolve(id)?)))
        .collect();
    Ok(Loaded { articles, photos })
}

/// What every article page is rendered with. No database here: pages render on other threads,
/// and a database connection cannot be shared between threads.
pub(super) struct ArticlePages<'a> {
    pub pages: &'a SitePages<'a>,
    /// Each channel's 最新 list.
    pub latest: &'a [Vec<LatestLink>],
    pub output: &'a OutputFolder<'a>,
}

impl ArticlePages<'_> {
    /// Renders and writes `work` (article pages only), reading the next batch while one renders.
    pub fn write(&self, db: &Db, work: &[&Planned]) -> Result<()> {
        let store = StoredPhotos::new(db, |path| format!("{MEDIA_DIR}/{path}"));
        let mut batches = work.chunks(ARTICLE_BATCH);
        let Some(first) = batches.next() else {
            return Ok(());
        };
        let mut current = (first, load(db, &store, first)?);
        for next in batches {
            let loaded = std::thread::scope(|scope| {
                let rendering = scope.spawn(|| self.render(current.0, &current.1));
                let loaded = load(db, &store, next);
                let rendered = rendering
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                rendered.and(loaded)
            })?;
            current = (next, loaded);
        }
        self.render(current.0, &current.1)
    }

    fn render(&self, batch: &[&Planned], loaded: &Loaded) -> Result<()> {
        let by_id: HashMap<ArticleId, &Article> = loaded.articles.iter().map(|a| (a.id, a)).collect();
        batch.par_iter().try_for_each(|p| {
            let Work::Article { id, channel } = &p.what else {
                unreachable!("a batch holds article pages only")
            };
            let article = by_id.get(id).ok_or_else(|| Error::NotFound {
                what: "article",
                id: id.to_string(),
            })?;
            let root = root_of(&p.path);
            let photos = ExportPhotos {
                resolved: &loaded.photos,
                root: &root,
            };
            let html = self
                .pages
                .article(&self.pages.channels[*channel], article, &self.latest[*channel], &photos)?;
            self.output.write(p, html.as_bytes())
        })
    }
}
