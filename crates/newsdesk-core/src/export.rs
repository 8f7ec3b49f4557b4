//! The static site: every published article's page, channel pages, the home page, feeds,
//! sitemaps (an index and one per channel) and a 404 page, written into a folder the portal can
//! serve as it is.
//!
//! Exports are incremental: a manifest beside the pages records, for every file, a fingerprint
//! of what went into it, so only pages whose inputs changed are rendered and written, and files
//! of withdrawn articles are removed. Every file is written under a temporary name and renamed,
//! and the manifest is written last, so an interrupted export leaves no partial file and the
//! next run redoes what the interrupted one did not record. Nothing reads the clock: the same
//! database gives byte-identical output.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, FixedOffset, SecondsFormat};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::article::{Article, ArticleId, ListText, Listing};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::media::{MediaFolder, StoredPhotos};
use crate::page::{HomeSection, LatestLink, ListItem, Pager, SitePages, Theme, channel_path, listing_path, root_of};
use crate::preview::LATEST_COUNT;
use crate::render::{PHOTO_SCHEME, PhotoResolver, ResolvedPhoto};
use crate::site::Channel;
use crate::time::rfc3339;

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".newsdesk-export.json";
/// The manifest's layout; a manifest of another layout is read as no manifest (all is redone).
const MANIFEST_FORMAT: u32 = 2;
/// How many articles the feeds carry.
const FEED_COUNT: usize = 20;
/// Where renditions go inside the output folder.
pub(crate) const MEDIA_DIR: &str = "media";
/// How many article pages are rendered from one read of whole articles.
const ARTICLE_BATCH: usize = 256;
/// The sitemap of the home page and the channels' front pages. Channels' sitemaps are named
/// `sitemap-channel-<slug>.xml`, so none can take this name whatever its slug.
const PAGES_SITEMAP: &str = "sitemap-pages.xml";

/// Where a channel's sitemap goes.
fn channel_sitemap(channel: &Channel) -> String {
    format!("sitemap-channel-{}.xml", channel.slug)
}

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

/// The manifest as written: sorted, so the same site gives the same bytes.
#[derive(Serialize)]
struct Manifest<'a> {
    format: u32,
    /// Path below the output folder → fingerprint of the file's inputs, sorted by path.
    #[serde(serialize_with = "as_map")]
    files: Vec<(&'a str, &'a str)>,
}

fn as_map<S: serde::Serializer>(files: &[(&str, &str)], serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(files.iter().copied())
}

/// The manifest as read back: only looked up, never ordered, and borrowed from the file's bytes
/// (paths and fingerprints hold nothing JSON escapes, so nothing is copied).
#[derive(Default, Deserialize)]
struct PreviousManifest<'a> {
    format: u32,
    #[serde(borrow)]
    files: FxHashMap<Cow<'a, str>, Cow<'a, str>>,
}

/// A digest of a file's inputs. Every part is length-prefixed, so no two lists of parts collide.
struct Fingerprint(Sha256);

impl Fingerprint {
    fn new() -> Fingerprint {
        Fingerprint(Sha256::new())
    }

    fn part(mut self, bytes: &[u8]) -> Fingerprint {
        self.push(bytes);
        self
    }

    fn push(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    /// An instant with its offset: a page shows the time as written, in its zone.
    fn push_time(&mut self, t: &DateTime<FixedOffset>) {
        self.push(&t.timestamp().to_le_bytes());
        self.push(&t.timestamp_subsec_nanos().to_le_bytes());
        self.push(&t.offset().local_minus_utc().to_le_bytes());
    }

    fn finish(self) -> Digest16 {
        let mut hex = [0; 32];
        for (i, b) in self.0.finalize().iter().take(16).enumerate() {
            hex[2 * i] = HEX[usize::from(b >> 4)];
            hex[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        Digest16(hex)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A fingerprint as the manifest writes it: 128 bits in hex, kept without an allocation.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Digest16([u8; 32]);

impl Digest16 {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits")
    }

    fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("export inputs serialize")
}

/// One file of the site: where it goes and the fingerprint of what goes into it.
struct Planned<'a> {
    path: Cow<'a, str>,
    input: Digest16,
    what: Work,
}

enum Work {
    Article { id: ArticleId, channel: usize },
    Channel { channel: usize, page: usize },
    Home,
    NotFound,
    Feed { template: &'static str },
    SitemapIndex,
    PagesSitemap,
    ChannelSitemap { channel: usize },
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

/// Which files of the last export are still in the output folder.
///
/// A folder's modification time changes whenever a file in it is added, removed or renamed, and
/// the manifest is written after every page. So a folder last modified before the manifest holds
/// what the manifest says, and only the folders touched since (or at the same instant, as a
/// coarse clock cannot tell) are listed. An incremental export thus reads a few hundred folder
/// times instead of many thousand names.
#[derive(Default)]
struct Presence {
    /// Folders unchanged since the manifest was written.
    unchanged: FxHashSet<String>,
    /// The files found in the folders that had to be listed.
    listed: FxHashSet<String>,
}

impl Presence {
    fn contains(&self, path: &str) -> bool {
        let folder = folder_of(path);
        (!folder.is_empty() && self.unchanged.contains(folder)) || self.listed.contains(path)
    }
}

/// The last run's manifest (read from `bytes`), and, when `check` is set, which of the files it
/// lists are still there.
fn previous_export<'a>(
    out: &Path,
    bytes: &'a [u8],
    written: Option<std::time::SystemTime>,
    check: bool,
) -> (PreviousManifest<'a>, Presence) {
    let read = serde_json::from_slice::<PreviousManifest<'a>>(bytes)
        .ok()
        .filter(|m| m.format == MANIFEST_FORMAT)
        .zip(written);
    let Some((old, written)) = read else {
        return Default::default();
    };
    if !check {
        return (old, Presence::default());
    }
    let folders: BTreeSet<&str> = old.files.keys().map(|p| folder_of(p)).collect();
    let mut presence = Presence::default();
    for folder in folders {
        let dir = if folder.is_empty() {
            out.to_path_buf()
        } else {
            match inside(out, folder) {
                Ok(dir) => dir,
                Err(_) => continue,
            }
        };
        // The output folder itself changed when the manifest was renamed into it: always listed.
        let modified = std::fs::metadata(&dir).and_then(|m| m.modified());
        if !folder.is_empty() && modified.as_ref().is_ok_and(|m| *m < written) {
            presence.unchanged.insert(folder.to_string());
            continue;
        }
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
                presence.listed.insert(if folder.is_empty() {
                    name.to_string()
                } else {
                    format!("{folder}/{name}")
                });
            }
        }
    }
    (old, presence)
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
    // plan needs every published article but none of their bodies.
    // A full export reads the manifest too, to remove what the site no longer has.
    let manifest_written = std::fs::metadata(&manifest_path).and_then(|m| m.modified()).ok();
    let manifest_bytes = std::fs::read(&manifest_path).unwrap_or_default();
    let (index, (old, present)) = std::thread::scope(|scope| -> Result<_> {
        let previous = scope.spawn(|| previous_export(out, &manifest_bytes, manifest_written, !full));
        let index = db.published_listings()?.items;
        let previous = previous.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((index, previous))
    })?;

    // What every page depends on: the templates, the site and its navigation.
    let base = Fingerprint::new()
        .part(theme.fingerprint())
        .part(&json_bytes(&site))
        .part(&json_bytes(&channels))
        .finish();

    let channel_of: HashMap<&str, usize> = channels.iter().enumerate().map(|(i, c)| (c.name.as_str(), i)).collect();
    let mut by_channel: Vec<Vec<&Listing>> = vec![Vec::new(); channels.len()];
    for a in &index {
        if let Some(&c) = channel_of.get(a.channel.as_str()) {
            by_channel[c].push(a);
        }
    }
    by_channel
        .par_iter_mut()
        .for_each(|list| list.sort_by(|a, b| Listing::newest_first(a, b)));
    // Every article's page, once: the plan, the channel pages and the sitemaps all name it.
    let paths: Vec<Vec<String>> = by_channel
        .par_iter()
        .enumerate()
        .map(|(c, list)| list.iter().map(|a| listing_path(&site, &channels[c], a)).collect())
        .collect::<Result<_>>()?;
    // The 最新 lists show titles: those few are read, every other title only when its list
    // page is rendered.
    let latest_ids: Vec<ArticleId> = by_channel
        .iter()
        .flat_map(|list| list.iter().take(LATEST_COUNT).map(|a| a.id))
        .collect();
    let latest_texts = db.list_texts(Some(&latest_ids))?;
    let latest: Vec<Vec<LatestLink>> = by_channel
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
    // An article page shows its channel's latest list: a digest of each list, made once.
    let latest_fp: Vec<Digest16> = latest
        .iter()
        .map(|l| Fingerprint::new().part(&json_bytes(l)).finish())
        .collect();

    // Photos: the store's state is part of every article page's inputs, since a caption edit
    // changes each page that shows the photo.
    let photos = db.photos()?;
    let photos_fp = Fingerprint::new().part(&json_bytes(&photos)).finish();

    let mut plan: Vec<Planned> = Vec::new();
    let size = site.page_size.max(1) as usize;
    for (c, list) in by_channel.iter().enumerate() {
        plan.par_extend(list.par_iter().zip(&paths[c]).map(|(a, path)| {
            let mut input = Fingerprint::new()
                .part(base.as_bytes())
                .part(a.id.0.as_bytes())
                .part(&a.revision.to_le_bytes())
                .part(&a.saves.to_le_bytes());
            input.push_time(&a.updated_at);
            Planned {
                path: Cow::Borrowed(path.as_str()),
                input: input.part(latest_fp[c].as_bytes()).part(photos_fp.as_bytes()).finish(),
                what: Work::Article { id: a.id, channel: c },
            }
        }));
        let pages = list.len().div_ceil(size).max(1);
        let channel_pages: Vec<Planned> = (1..=pages)
            .into_par_iter()
            .map(|page| {
                let range = page_range(page, size, list.len());
                let mut input = Fingerprint::new()
                    .part(base.as_bytes())
                    .part(&page.to_le_bytes())
                    .part(&pages.to_le_bytes());
                for (a, path) in list[range.clone()].iter().zip(&paths[c][range]) {
                    input.push(&a.text_digest.to_le_bytes());
                    input.push(path.as_bytes());
                    input.push_time(&a.shown());
                }
                Ok(Planned {
                    path: channel_path(&channels[c], page)?.into(),
                    input: input.finish(),
                    what: Work::Channel { channel: c, page },
                })
            })
            .collect::<Result<_>>()?;
        plan.extend(channel_pages);
    }
    plan.push(Planned {
        path: "index.html".into(),
        input: Fingerprint::new()
            .part(base.as_bytes())
            .part(&json_bytes(&latest))
            .finish(),
        what: Work::Home,
    });
    plan.push(Planned {
        path: "404.html".into(),
        input: base,
        what: Work::NotFound,
    });

    // The feeds: the newest articles of the whole site, from the head of each channel's list.
    let mut newest: Vec<(&Listing, &str)> = by_channel
        .iter()
        .zip(&paths)
        .flat_map(|(list, paths)| list.iter().zip(paths).take(FEED_COUNT).map(|(a, p)| (*a, p.as_str())))
        .collect();
    newest.sort_by(|(a, _), (b, _)| Listing::newest_first(a, b));
    newest.truncate(FEED_COUNT);
    let mut feed_input = Fingerprint::new().part(base.as_bytes());
    for (a, path) in &newest {
        feed_input.push(a.id.0.as_bytes());
        feed_input.push(&a.revision.to_le_bytes());
        feed_input.push(&a.saves.to_le_bytes());
        feed_input.push_time(&a.updated_at);
        feed_input.push(path.as_bytes());
    }
    let feed_input = feed_input.finish();
    for (path, template) in [("feed.xml", "rss.xml"), ("atom.xml", "atom.xml")] {
        plan.push(Planned {
            path: path.into(),
            input: Fingerprint::new()
                .part(template.as_bytes())
                .part(feed_input.as_bytes())
                .finish(),
            what: Work::Feed { template },
        });
    }

    // The sitemaps: one per channel behind an index, so an edit rewrites its channel's only.
    let sitemap_lastmod: Vec<Option<String>> = by_channel
        .iter()
        .map(|list| list.iter().map(|a| a.updated_at).max().map(|t| sitemap_time(&t)))
        .collect();
    plan.push(Planned {
        path: "sitemap.xml".into(),
        input: Fingerprint::new()
            .part(base.as_bytes())
            .part(&json_bytes(&sitemap_lastmod))
            .finish(),
        what: Work::SitemapIndex,
    });
    plan.push(Planned {
        path: PAGES_SITEMAP.into(),
        input: Fingerprint::new()
            .part(base.as_bytes())
            .part(PAGES_SITEMAP.as_bytes())
            .finish(),
        what: Work::PagesSitemap,
    });
    let sitemaps: Vec<Planned> = by_channel
        .par_iter()
        .zip(&paths)
        .enumerate()
        .map(|(c, (list, paths))| {
            let mut input = Fingerprint::new().part(base.as_bytes());
            for (a, path) in list.iter().zip(paths) {
                input.push(path.as_bytes());
                input.push_time(&a.updated_at);
            }
            Planned {
                path: channel_sitemap(&channels[c]).into(),
                input: input.finish(),
                what: Work::ChannelSitemap { channel: c },
            }
        })
        .collect();
    plan.extend(sitemaps);

    for photo in &photos {
        for r in &photo.renditions {
            plan.push(Planned {
                path: format!("{MEDIA_DIR}/{}", r.path).into(),
                input: Fingerprint::new()
                    .part(r.path.as_bytes())
                    .part(&r.bytes.to_le_bytes())
                    .finish(),
                what: Work::Media {
                    from: media.absolute(&r.path),
                },
            });
        }
    }

    // What must be made again: changed inputs, or a file someone removed.
    let kept = AtomicUsize::new(0);
    let todo: Vec<&Planned> = plan
        .par_iter()
        .filter(|p| {
            let recorded = old.files.get(p.path.as_ref());
            if recorded.is_some() {
                kept.fetch_add(1, Ordering::Relaxed);
            }
            full || recorded.map(|r| r.as_ref()) != Some(p.input.as_str())
                || !stays_inside(&p.path)
                || !present.contains(&p.path)
        })
        .collect();

    // Whole articles only for what is rendered: the feeds' entries (their authors) when a feed
    // is, and the pages to write, a batch at a time (below).
    let feed_entries: Vec<Article> = if todo.iter().any(|p| matches!(p.what, Work::Feed { .. })) {
        db.published_by_ids(&newest.iter().map(|(a, _)| a.id).collect::<Vec<_>>())?
    } else {
        Vec::new()
    };
    let feed_articles: HashMap<ArticleId, &Article> = feed_entries.iter().map(|a| (a.id, a)).collect();
    // The titles and summaries of the list pages to render: all at once when many.
    let listed: Vec<ArticleId> = todo
        .iter()
        .filter_map(|p| match p.what {
            Work::Channel { channel, page } => {
                Some(&by_channel[channel][page_range(page, size, by_channel[channel].len())])
            }
            _ => None,
        })
        .flatten()
        .map(|a| a.id)
        .collect();
    let texts = if listed.len() > 1000 {
        db.list_texts(None)?
    } else {
        db.list_texts(Some(&listed))?
    };

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
    let lists = Lists {
        pages: &pages,
        by_channel: &by_channel,
        paths: &paths,
        articles: &feed_articles,
        texts: &texts,
    };
    let done = AtomicUsize::new(0);
    let total = todo.len();
    let write = |p: &Planned, bytes: &[u8]| -> Result<()> {
        write_renamed(&inside(out, &p.path)?, bytes)?;
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        Ok(())
    };
    let (article_work, other_work): (Vec<&Planned>, Vec<&Planned>) =
        todo.iter().partition(|p| matches!(p.what, Work::Article { .. }));

    // Everything but article pages.
    let others = || {
        other_work
            .par_iter()
            .map(|p| -> Result<()> {
                let text = match &p.what {
                    Work::Channel { channel, page } => lists.channel_page(*channel, *page)?,
                    Work::Home => pages.home(&home_sections(&channels, &latest)?)?,
                    Work::NotFound => pages.not_found()?,
                    Work::Feed { template } => lists.feed(template, &newest)?,
                    Work::SitemapIndex => lists.sitemap_index(&sitemap_lastmod)?,
                    Work::PagesSitemap => lists.pages_sitemap()?,
                    Work::ChannelSitemap { channel } => lists.channel_sitemap(*channel)?,
                    Work::Media { from } => {
                        let bytes = std::fs::read(from).map_err(|e| Error::io(from, e))?;
                        return write(p, &bytes);
                    }
                    Work::Article { .. } => unreachable!("article pages are rendered in batches"),
                };
                write(p, text.as_bytes())
            })
            .collect::<Result<()>>()
    };
    // The manifest is made ready on a thread of its own while the pages are written; it is
    // written after them.
    let manifest = || {
        let mut files: Vec<(&str, &str)> = plan.iter().map(|p| (p.path.as_ref(), p.input.as_str())).collect();
        files.sort_unstable_by(|a, b| a.0.cmp(b.0));
        serde_json::to_vec(&Manifest {
            format: MANIFEST_FORMAT,
            files,
        })
        .expect("a manifest serializes")
    };

    let article_pages = || -> Result<()> {
        // Article pages in batches: a batch's articles are read (with their figures' photos) while
        // the one before is rendered, so an export holds a few hundred bodies at a time, not all.
        let store = StoredPhotos::new(db, |path| format!("{MEDIA_DIR}/{path}"));
        let load = |batch: &[&Planned]| -> Result<(Vec<Article>, HashMap<String, ResolvedPhoto>)> {
            let ids: Vec<ArticleId> = batch
                .iter()
                .filter_map(|p| match p.what {
                    Work::Article { id, .. } => Some(id),
                    _ => None,
                })
                .collect();
            let articles = db.published_by_ids(&ids)?;
            let resolved = articles
                .iter()
                .flat_map(|a| figure_ids(&a.body))
                .collect::<HashSet<&str>>()
                .into_iter()
                .filter_map(|id| Some((id.to_string(), store.resolve(id)?)))
                .collect();
            Ok((articles, resolved))
        };
        let render = |batch: &[&Planned], (articles, resolved): &(Vec<Article>, HashMap<String, ResolvedPhoto>)| {
            let by_id: HashMap<ArticleId, &Article> = articles.iter().map(|a| (a.id, a)).collect();
            batch
                .par_iter()
                .map(|p| -> Result<()> {
                    let Work::Article { id, channel } = &p.what else {
                        unreachable!("a batch holds article pages only")
                    };
                    let article = by_id.get(id).ok_or_else(|| Error::NotFound {
                        what: "article",
                        id: id.to_string(),
                    })?;
                    let root = root_of(&p.path);
                    let photos = ExportPhotos { resolved, root: &root };
                    write(
                        p,
                        pages
                            .article(&channels[*channel], article, &latest[*channel], &photos)?
                            .as_bytes(),
                    )
                })
                .collect::<Result<()>>()
        };
        let mut batches = article_work.chunks(ARTICLE_BATCH);
        if let Some(first) = batches.next() {
            let mut current = (first, load(first)?);
            for next in batches {
                let loaded = std::thread::scope(|scope| {
                    let rendering = scope.spawn(|| render(current.0, &current.1));
                    let loaded = load(next);
                    let rendered = rendering
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    rendered.and(loaded)
                })?;
                current = (next, loaded);
            }
            render(current.0, &current.1)?;
        }
        Ok(())
    };

    let (rendered, manifest) = std::thread::scope(|scope| {
        let manifest = scope.spawn(manifest);
        let rendered = others().and_then(|()| article_pages());
        let manifest = manifest.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (rendered, manifest)
    });
    rendered?;

    // Files of the last export that the site no longer has: withdrawn articles, changed slugs.
    // When every file the last export recorded is still planned, there are none.
    let mut removed = 0;
    if kept.into_inner() != old.files.len() {
        let current: FxHashSet<&str> = plan.iter().map(|p| p.path.as_ref()).collect();
        for path in old.files.keys().filter(|p| !current.contains(p.as_ref())) {
            if let Ok(file) = inside(out, path)
                && std::fs::remove_file(&file).is_ok()
            {
                removed += 1;
            }
        }
    }

    write_atomically(&manifest_path, &manifest)?;
    Ok(ExportReport {
        files: plan.len(),
        written: total,
        removed,
    })
}

/// The entries of the n-th list page (from 1) of a list this long.
fn page_range(page: usize, size: usize, len: usize) -> std::ops::Range<usize> {
    ((page - 1) * size).min(len)..(page * size).min(len)
}

/// A sitemap's `lastmod`.
fn sitemap_time(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// What the list pages, feeds and sitemaps are made from.
struct Lists<'a> {
    pages: &'a SitePages<'a>,
    by_channel: &'a [Vec<&'a Listing>],
    paths: &'a [Vec<String>],
    /// The whole articles this run loaded: every feed entry when a feed is rendered.
    articles: &'a HashMap<ArticleId, &'a Article>,
    /// Titles and summaries: every entry of the list pages to render.
    texts: &'a HashMap<ArticleId, ListText>,
}

impl Lists<'_> {
    fn base(&self) -> &str {
        self.pages.site.base_url.trim_end_matches('/')
    }

    fn channel_page(&self, c: usize, page: usize) -> Result<String> {
        let channel = &self.pages.channels[c];
        let list = &self.by_channel[c];
        let size = self.pages.site.page_size.max(1) as usize;
        let count = list.len().div_ceil(size).max(1);
        let range = page_range(page, size, list.len());
        let items = list[range.clone()]
            .iter()
            .zip(&self.paths[c][range])
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

    /// A feed. Its dates come from the articles, never from the clock.
    fn feed(&self, template: &str, newest: &[(&Listing, &str)]) -> Result<String> {
        let items = newest
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
        let updated = newest.iter().map(|(a, _)| a.updated_at).max();
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
    fn sitemap_index(&self, lastmod: &[Option<String>]) -> Result<String> {
        let mut sitemaps = vec![SitemapUrl {
            lastmod: None,
            loc: format!("{}/{PAGES_SITEMAP}", self.base()),
        }];
        for (channel, lastmod) in self.pages.channels.iter().zip(lastmod) {
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
        let urls: Vec<SitemapUrl> = self.by_channel[c]
            .iter()
            .zip(&self.paths[c])
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
