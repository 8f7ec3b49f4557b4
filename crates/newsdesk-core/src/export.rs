//! The static site: every published article's page, channel pages, the home page, feeds, a
//! sitemap and a 404 page, written into a folder the portal can serve as it is.
//!
//! Exports are incremental: a manifest beside the pages records, for every file, a fingerprint
//! of what went into it, so only pages whose inputs changed are rendered and written, and files
//! of withdrawn articles are removed. Every file is written under a temporary name and renamed,
//! and the manifest is written last, so an interrupted export leaves no partial file and the
//! next run redoes what the interrupted one did not record. Nothing reads the clock: the same
//! database gives byte-identical output.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::SecondsFormat;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::article::{Article, ArticleId};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::media::{MediaFolder, StoredPhotos};
use crate::page::{
    HomeSection, LatestLink, ListItem, Pager, SitePages, Theme, article_path, channel_path, shown_instant,
};
use crate::preview::LATEST_COUNT;
use crate::render::{PHOTO_SCHEME, PhotoResolver, ResolvedPhoto};
use crate::site::Channel;
use crate::time::rfc3339;

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".newsdesk-export.json";
/// How many articles the feeds carry.
const FEED_COUNT: usize = 20;
/// Where renditions go inside the output folder.
const MEDIA_DIR: &str = "media";

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportReport {
    /// Files the site has (pages, feeds, sitemap, photos).
    pub files: usize,
    /// Of those, rendered and written by this run.
    pub written: usize,
    /// Files of an earlier export that the site no longer has, removed.
    pub removed: usize,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// Path below the output folder → fingerprint of the file's inputs.
    files: BTreeMap<String, String>,
}

fn fingerprint(parts: &[&[u8]]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let mut hex = String::with_capacity(32);
    for b in h.finalize().iter().take(16) {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("export inputs serialize")
}

/// One file of the site: where it goes and the fingerprint of what goes into it.
struct Planned {
    path: String,
    input: String,
    what: Work,
}

enum Work {
    Article { id: ArticleId, channel: usize },
    Channel { channel: usize, page: usize },
    Home,
    NotFound,
    Xml { template: &'static str },
    Media { from: PathBuf },
}

/// Photos resolved once for the whole run, with addresses relative to the site root; each page
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

/// Writes `bytes` to `path` under a temporary name first, so readers never see half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    write_renamed(path, bytes)
}

/// [`write_atomically`] into a folder that exists.
fn write_renamed(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.newsdesk-tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// Whether a path from the site's own data stays inside the output folder.
fn stays_inside(relative: &str) -> bool {
    !relative.is_empty()
        && !relative.starts_with('/')
        && !relative.contains('\\')
        && relative.split('/').all(|p| !p.is_empty() && p != "." && p != "..")
}

/// A path from the site's own data must stay inside the output folder.
fn inside(out: &Path, relative: &str) -> Result<PathBuf> {
    if !stays_inside(relative) {
        return Err(crate::error::Invalid::Slug(relative.to_string()).into());
    }
    Ok(relative.split('/').fold(out.to_path_buf(), |p, part| p.join(part)))
}

/// The folder part of a path below the output folder (`""` for the folder itself).
fn folder_of(relative: &str) -> &str {
    relative.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The last run's manifest, and which of the files it lists are still there. One listing per
/// folder instead of a `stat` per file: a site has a few hundred folders and many thousand pages.
fn previous_export(out: &Path, manifest_path: &Path) -> (Manifest, HashSet<String>) {
    let old: Manifest = std::fs::read(manifest_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut present = HashSet::with_capacity(old.files.len());
    let folders: BTreeSet<&str> = old.files.keys().map(|p| folder_of(p)).collect();
    for folder in folders {
        let dir = if folder.is_empty() {
            out.to_path_buf()
        } else {
            match inside(out, folder) {
                Ok(dir) => dir,
                Err(_) => continue,
            }
        };
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            // As `Path::exists` sees it: a symbolic link counts when what it points at exists.
            let exists = match entry.file_type() {
                Ok(t) if !t.is_symlink() => true,
                _ => entry.path().exists(),
            };
            if exists {
                present.insert(if folder.is_empty() {
                    name.to_string()
                } else {
                    format!("{folder}/{name}")
                });
            }
        }
    }
    (old, present)
}

/// An article without its body, as the index of published articles holds it.
fn without_body(article: &Article) -> Article {
    Article {
        body: String::new(),
        ..article.clone()
    }
}

/// Exports the site into `out`. With `full`, every file is rendered and written again.
/// `progress(done, total)` is called as files are written.
pub fn export_site(
    db: &Db,
    media: &MediaFolder,
    out: &Path,
    full: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ExportReport> {
    let site = db.site()?;
    let channels = db.channels()?;
    let theme = Theme::for_site(&site)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let manifest_path = out.join(MANIFEST);

    // The last run's manifest and the files still there are read while the database is. The
    // index of published articles comes without bodies, unless every page is rendered anyway.
    let (index, (old, present)) = std::thread::scope(|scope| -> Result<_> {
        let previous = (!full).then(|| scope.spawn(|| previous_export(out, &manifest_path)));
        let index = db.published_articles(full)?;
        let previous = match previous {
            Some(thread) => thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => (Manifest::default(), HashSet::new()),
        };
        Ok((index, previous))
    })?;

    // What every page depends on: the templates, the site and its navigation.
    let base = fingerprint(&[theme.fingerprint(), &json_bytes(&site), &json_bytes(&channels)]);

    let channel_of: HashMap<&str, usize> = channels.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
    let mut by_channel: Vec<Vec<&Article>> = vec![Vec::new(); channels.len()];
    for a in &index {
        if let Some(&c) = channel_of.get(a.channel.as_str()) {
            by_channel[c].push(a);
        }
    }
    let newest_first = |a: &&Article, b: &&Article| shown_instant(b).cmp(&shown_instant(a)).then(b.id.cmp(&a.id));
    for list in &mut by_channel {
        list.sort_by(newest_first);
    }
    // Every article's page, once: the plan, the channel pages and the sitemap all name it.
    let paths: Vec<Vec<String>> = by_channel
        .par_iter()
        .enumerate()
        .map(|(c, list)| list.iter().map(|a| article_path(&site, &channels[c], a)).collect())
        .collect::<Result<_>>()?;
    let path_of: HashMap<ArticleId, &str> = by_channel
        .iter()
        .zip(&paths)
        .flat_map(|(list, paths)| list.iter().zip(paths).map(|(a, p)| (a.id, p.as_str())))
        .collect();
    let links = |c: usize, items: &[&Article]| -> Result<Vec<LatestLink>> {
        items.iter().map(|a| LatestLink::of(&site, &channels[c], a)).collect()
    };
    let latest: Vec<Vec<LatestLink>> = by_channel
        .iter()
        .enumerate()
        .map(|(c, list)| links(c, &list[..list.len().min(LATEST_COUNT)]))
        .collect::<Result<_>>()?;

    // Photos: the store's state is part of every article page's inputs, since a caption edit
    // changes each page that shows the photo.
    let photos = db.photos()?;
    let photos_fp = fingerprint(&[&json_bytes(&photos)]);

    let mut plan: Vec<Planned> = Vec::new();
    let size = site.page_size.max(1) as usize;
    for (c, list) in by_channel.iter().enumerate() {
        let latest_fp = json_bytes(&latest[c]);
        plan.par_extend(list.par_iter().zip(&paths[c]).map(|(a, path)| Planned {
            path: path.clone(),
            input: fingerprint(&[
                base.as_bytes(),
                a.id.to_string().as_bytes(),
                &a.revision.to_le_bytes(),
                rfc3339(&a.updated_at).as_bytes(),
                &latest_fp,
                photos_fp.as_bytes(),
            ]),
            what: Work::Article { id: a.id, channel: c },
        }));
        let pages = list.len().div_ceil(size).max(1);
        let channel_pages: Vec<Planned> = (1..=pages)
            .into_par_iter()
            .map(|page| {
                let range = ((page - 1) * size).min(list.len())..(page * size).min(list.len());
                let items: Vec<(&str, &str, String, &Option<String>)> = list[range.clone()]
                    .iter()
                    .zip(&paths[c][range])
                    .map(|(a, path)| (a.title.as_str(), path.as_str(), rfc3339(&shown_instant(a)), &a.summary))
                    .collect();
                Ok(Planned {
                    path: channel_path(&channels[c], page)?,
                    input: fingerprint(&[
                        base.as_bytes(),
                        &json_bytes(&items),
                        &page.to_le_bytes(),
                        &pages.to_le_bytes(),
                    ]),
                    what: Work::Channel { channel: c, page },
                })
            })
            .collect::<Result<_>>()?;
        plan.extend(channel_pages);
    }
    let latest_fp = fingerprint(&[&json_bytes(&latest)]);
    plan.push(Planned {
        path: "index.html".into(),
        input: fingerprint(&[base.as_bytes(), latest_fp.as_bytes()]),
        what: Work::Home,
    });
    plan.push(Planned {
        path: "404.html".into(),
        input: base.clone(),
        what: Work::NotFound,
    });
    let mut newest: Vec<&Article> = index
        .iter()
        .filter(|a| channel_of.contains_key(a.channel.as_str()))
        .collect();
    newest.sort_by(newest_first);
    let feed_fp = {
        // The feed's inputs are the articles without their bodies, however they were read.
        let feed = &newest[..newest.len().min(FEED_COUNT)];
        if full {
            fingerprint(&[&json_bytes(&feed.iter().map(|a| without_body(a)).collect::<Vec<_>>())])
        } else {
            fingerprint(&[&json_bytes(feed)])
        }
    };
    for template in ["rss.xml", "atom.xml"] {
        plan.push(Planned {
            path: if template == "rss.xml" {
                "feed.xml".into()
            } else {
                template.into()
            },
            input: fingerprint(&[base.as_bytes(), feed_fp.as_bytes()]),
            what: Work::Xml { template },
        });
    }
    let sitemap_fp = fingerprint(&[&json_bytes(
        &newest.iter().map(|a| (a.id, a.revision, &a.slug)).collect::<Vec<_>>(),
    )]);
    plan.push(Planned {
        path: "sitemap.xml".into(),
        input: fingerprint(&[base.as_bytes(), sitemap_fp.as_bytes()]),
        what: Work::Xml {
            template: "sitemap.xml",
        },
    });
    for photo in &photos {
        for r in &photo.renditions {
            plan.push(Planned {
                path: format!("{MEDIA_DIR}/{}", r.path),
                input: fingerprint(&[r.path.as_bytes(), &r.bytes.to_le_bytes()]),
                what: Work::Media {
                    from: media.absolute(&r.path),
                },
            });
        }
    }

    // What must be made again: changed inputs, or a file someone removed.
    let todo: Vec<&Planned> = plan
        .par_iter()
        .filter(|p| {
            full || old.files.get(&p.path) != Some(&p.input) || !stays_inside(&p.path) || !present.contains(&p.path)
        })
        .collect();

    // Bodies only for the articles whose pages are rendered: a full export read them with the
    // index; else all at once when many, one by one when few.
    let wanted: Vec<ArticleId> = todo
        .iter()
        .filter_map(|p| match p.what {
            Work::Article { id, .. } => Some(id),
            _ => None,
        })
        .collect();
    let loaded: Vec<Article> = if full {
        Vec::new()
    } else if wanted.len() > 64 {
        let wanted: HashSet<ArticleId> = wanted.into_iter().collect();
        db.published_articles(true)?
            .into_iter()
            .filter(|a| wanted.contains(&a.id))
            .collect()
    } else {
        wanted.into_iter().map(|id| db.article(id)).collect::<Result<_>>()?
    };
    let bodies: HashMap<ArticleId, &Article> = (if full { &index } else { &loaded })
        .iter()
        .map(|a| (a.id, a))
        .collect();
    // The bodies are searched for figures in parallel: a full export reads some 100 MB of them.
    let figures: HashSet<&str> = bodies.par_iter().flat_map_iter(|(_, a)| figure_ids(&a.body)).collect();
    let store = StoredPhotos::new(db, |path| format!("{MEDIA_DIR}/{path}"));
    let resolved: HashMap<String, ResolvedPhoto> = figures
        .into_iter()
        .filter_map(|id| Some((id.to_string(), store.resolve(id)?)))
        .collect();

    // Folders first, once each, rather than once per file.
    let folders: BTreeSet<&str> = todo.iter().map(|p| folder_of(&p.path)).collect();
    for folder in folders.into_iter().filter(|f| !f.is_empty()) {
        // A path that may not be written is refused below, with the file's own name.
        if let Ok(dir) = inside(out, folder) {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
    }

    let pages = SitePages {
        theme: &theme,
        site: &site,
        channels: &channels,
    };
    let done = AtomicUsize::new(0);
    let total = todo.len();
    let render = || {
        todo.par_iter()
            .map(|p| -> Result<()> {
                let target = inside(out, &p.path)?;
                let root = "../".repeat(p.path.matches('/').count());
                let html = match &p.what {
                    Work::Article { id, channel } => {
                        let article = bodies[id];
                        let photos = ExportPhotos {
                            resolved: &resolved,
                            root: &root,
                        };
                        pages.article(&channels[*channel], article, &latest[*channel], &photos)?
                    }
                    Work::Channel { channel, page } => channel_page(
                        &pages,
                        &channels[*channel],
                        &by_channel[*channel],
                        &paths[*channel],
                        *page,
                        &site.page_size,
                    )?,
                    Work::Home => pages.home(&home_sections(&channels, &latest)?)?,
                    Work::NotFound => pages.not_found()?,
                    Work::Xml { template } => xml(&pages, template, &newest, &path_of)?,
                    Work::Media { from } => {
                        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
                        write_renamed(&target, &bytes)?;
                        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                        return Ok(());
                    }
                };
                write_renamed(&target, html.as_bytes())?;
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(())
            })
            .collect::<Result<()>>()
    };
    // The manifest is made ready while the pages are written, and written after them.
    let manifest = || {
        let manifest = Manifest {
            format: 1,
            files: plan.iter().map(|p| (p.path.clone(), p.input.clone())).collect(),
        };
        serde_json::to_vec_pretty(&manifest).expect("a manifest serializes")
    };
    let (rendered, manifest) = rayon::join(render, manifest);
    rendered?;

    // Files of the last export that the site no longer has: withdrawn articles, changed slugs.
    let current: HashSet<&str> = plan.iter().map(|p| p.path.as_str()).collect();
    let mut removed = 0;
    for path in old.files.keys().filter(|p| !current.contains(p.as_str())) {
        if let Ok(file) = inside(out, path)
            && std::fs::remove_file(&file).is_ok()
        {
            removed += 1;
        }
    }

    write_atomically(&manifest_path, &manifest)?;
    Ok(ExportReport {
        files: plan.len(),
        written: total,
        removed,
    })
}

fn channel_page(
    pages: &SitePages<'_>,
    channel: &Channel,
    list: &[&Article],
    paths: &[String],
    page: usize,
    size: &i64,
) -> Result<String> {
    let size = (*size).max(1) as usize;
    let count = list.len().div_ceil(size).max(1);
    let range = ((page - 1) * size).min(list.len())..(page * size).min(list.len());
    let items = list[range.clone()]
        .iter()
        .zip(&paths[range])
        .map(|(a, path)| ListItem {
            title: a.title.clone(),
            url: path.clone(),
            date: shown_instant(a).format("%Y-%m-%d").to_string(),
            summary: a.summary.clone(),
        })
        .collect::<Vec<_>>();
    let pager = Pager {
        number: page,
        count,
        prev: (page > 1).then(|| channel_path(channel, page - 1)).transpose()?,
        next: (page < count).then(|| channel_path(channel, page + 1)).transpose()?,
    };
    pages.channel(channel, &items, &pager)
}

fn home_sections(channels: &[Channel], latest: &[Vec<LatestLink>]) -> Result<Vec<HomeSection>> {
    channels
        .iter()
        .zip(latest)
        .map(|(c, items)| {
            Ok(HomeSection {
                name: c.name.clone(),
                url: channel_path(c, 1)?,
                items: items.clone(),
            })
        })
        .collect()
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

/// Feeds and the sitemap. Their dates come from the articles, never from the clock.
fn xml(
    pages: &SitePages<'_>,
    template: &str,
    newest: &[&Article],
    path_of: &HashMap<ArticleId, &str>,
) -> Result<String> {
    let site = pages.site;
    let base = site.base_url.trim_end_matches('/');
    let absolute = |a: &Article| -> Result<String> {
        let path = path_of
            .get(&a.id)
            .ok_or_else(|| crate::error::Invalid::UnknownChannel(a.channel.clone()))?;
        Ok(format!("{base}/{path}"))
    };
    if template == "sitemap.xml" {
        let mut urls = Vec::with_capacity(1 + pages.channels.len() + newest.len());
        urls.push(SitemapUrl {
            lastmod: None,
            loc: format!("{base}/index.html"),
        });
        for c in pages.channels {
            urls.push(SitemapUrl {
                lastmod: None,
                loc: format!("{base}/{}", channel_path(c, 1)?),
            });
        }
        let articles: Vec<SitemapUrl> = newest
            .par_iter()
            .map(|a| {
                Ok(SitemapUrl {
                    lastmod: Some(a.updated_at.to_rfc3339_opts(SecondsFormat::Secs, false)),
                    loc: absolute(a)?,
                })
            })
            .collect::<Result<_>>()?;
        urls.extend(articles);
        return pages.xml(template, minijinja::context! { urls => minijinja::value::Serde(urls) });
    }
    let items = newest[..newest.len().min(FEED_COUNT)]
        .iter()
        .map(|a| {
            let shown = shown_instant(a);
            Ok(FeedItem {
                id: a.id.to_string(),
                title: a.title.clone(),
                abs_url: absolute(a)?,
                date_rfc3339: rfc3339(&shown),
                date_rfc2822: shown.to_rfc2822(),
                updated: rfc3339(&a.updated_at),
                author: a.source.author.clone().or_else(|| a.editor.clone()),
                summary: a.summary.clone(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    // The feed is as new as its newest entry: a date from the data, so output stays reproducible.
    let updated = newest.iter().map(|a| a.updated_at).max();
    pages.xml(
        template,
        minijinja::context! {
            items => minijinja::value::Serde(items),
            updated => updated.map(|u| rfc3339(&u)).unwrap_or_else(|| "1970-01-01T00:00:00+00:00".into()),
            updated_rfc2822 => updated.map(|u| u.to_rfc2822()),
        },
    )
}
