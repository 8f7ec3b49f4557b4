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
//!
//! [`export_site`] reads as its steps: `plan` names every file with the fingerprint of its inputs
//! (`manifest`), and the stale files are rendered (`lists`, `articles`) and written (`output`).
//! Push compares fingerprints of its own (`publishing::fingerprint`): see `manifest`.

mod articles;
mod lists;
pub(crate) mod manifest;
mod output;
mod plan;

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use self::articles::ArticlePages;
use self::lists::{Lists, page_range};
use self::manifest::{PreviousManifest, manifest_bytes, site_fingerprint};
use self::output::{OutputFolder, Presence};
use self::plan::{Listed, Plan, Planned, Work};
use crate::article::{Article, ArticleId, ListText, Listing};
use crate::db::Db;
use crate::disk::{Durability, write_atomically};
use crate::error::{Error, Result};
use crate::media::MediaFolder;
use crate::page::{SitePages, Theme};

pub use self::manifest::MANIFEST;

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

/// How far an export is, as the window shows it while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// Exports the site into `out` as it stands at `now`: the published articles and the
/// scheduled ones whose time has come ([`crate::publishing::publishing_state`]). With `full`,
/// every file is rendered and written again. `progress(done, total)` is called as files are written.
pub fn export_site(
    db: &Db,
    media: &MediaFolder,
    out: &Path,
    full: bool,
    now: DateTime<Utc>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<ExportReport> {
    let site = db.site()?;
    let channels = db.channels()?;
    let theme = Theme::for_site(&site)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let manifest_path = out.join(MANIFEST);
    let recorded = Recorded::read(&manifest_path);

    let (index, previous) = read_listings_and_previous(db, out, &recorded, full, now)?;
    let listed = Listed::of(db, &site, &channels, &index)?;
    // Only what the exported pages show goes public: a draft's photos stay home.
    let exported: std::collections::HashSet<_> = index.iter().map(|l| l.id).collect();
    let photos = db.photos_shown_by(&exported)?;
    let page_size = site.page_size.max(1) as usize;
    let base = site_fingerprint(&theme, &site, &channels);
    let plan = Plan::of(base, &channels, page_size, &listed, &photos, media)?;
    let redo = plan.to_redo(&previous.manifest, &previous.present, full);

    let inputs = ListInputs::read(db, &plan, &redo.files, &listed, page_size)?;
    let output = OutputFolder::new(out, redo.files.len(), progress);
    output.make_folders(&redo.files)?;
    let pages = SitePages {
        theme: &theme,
        site: &site,
        channels: &channels,
    };
    let lists = Lists {
        pages: &pages,
        listed: &listed,
        newest: &plan.newest,
        sitemap_lastmod: &plan.sitemap_lastmod,
        articles: &inputs.by_id(),
        texts: &inputs.texts,
    };
    let article_pages = ArticlePages {
        pages: &pages,
        latest: &listed.latest,
        output: &output,
    };
    let manifest = write_files_while_the_manifest_is_made(db, &plan, &redo.files, &lists, &article_pages, &output)?;

    // When every file the last export recorded is still planned, none was withdrawn.
    let removed = if redo.kept != previous.manifest.files.len() {
        output.remove_withdrawn(&previous.manifest, &plan.files)
    } else {
        0
    };
    // Last, and like every page without an fsync (see `OutputFolder::write`).
    write_atomically(&manifest_path, &manifest, Durability::Unsynced)?;
    Ok(ExportReport {
        files: plan.files.len(),
        written: redo.files.len(),
        removed,
    })
}

/// The last run's manifest as it is on disk.
struct Recorded {
    bytes: Vec<u8>,
    written: Option<SystemTime>,
}

impl Recorded {
    fn read(path: &Path) -> Recorded {
        Recorded {
            written: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            bytes: std::fs::read(path).unwrap_or_default(),
        }
    }
}

/// What the last run recorded, and which of its files are still there.
#[derive(Default)]
struct Previous<'a> {
    manifest: PreviousManifest<'a>,
    present: Presence,
}

/// Every published article's listing (but none of their bodies), and the last run's manifest
/// and the files still there, read while the database is. A full export reads the manifest
/// too, to remove what the site no longer has, but need not look for its files.
fn read_listings_and_previous<'a>(
    db: &Db,
    out: &Path,
    recorded: &'a Recorded,
    full: bool,
    now: DateTime<Utc>,
) -> Result<(Vec<Listing>, Previous<'a>)> {
    std::thread::scope(|scope| {
        let previous = scope.spawn(|| {
            let Some((manifest, written)) = PreviousManifest::read(&recorded.bytes).zip(recorded.written) else {
                return Previous::default();
            };
            let present = if full {
                Presence::default()
            } else {
                Presence::of(out, &manifest, written)
            };
            Previous { manifest, present }
        });
        let index = db.published_listings(now)?.items;
        let previous = previous.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((index, previous))
    })
}

/// The texts the list files to render show: whole articles for the feeds' entries (their
/// authors) when a feed is rendered, and the titles and summaries of the list pages to render.
struct ListInputs {
    feed_entries: Vec<Article>,
    texts: HashMap<ArticleId, ListText>,
}

impl ListInputs {
    fn read(db: &Db, plan: &Plan, redo: &[&Planned], listed: &Listed, page_size: usize) -> Result<ListInputs> {
        let feed_entries = if redo.iter().any(|p| matches!(p.what, Work::Feed { .. })) {
            db.published_by_ids(&plan.newest.iter().map(|(a, _)| a.id).collect::<Vec<_>>())?
        } else {
            Vec::new()
        };
        let listed_ids: Vec<ArticleId> = redo
            .iter()
            .filter_map(|p| match p.what {
                Work::Channel { channel, page } => {
                    let list = &listed.by_channel[channel];
                    Some(&list[page_range(page, page_size, list.len())])
                }
                _ => None,
            })
            .flatten()
            .map(|a| a.id)
            .collect();
        // All at once when many: one pass over the table beats a lookup each.
        let texts = if listed_ids.len() > 1000 {
            db.list_texts(None)?
        } else {
            db.list_texts(Some(&listed_ids))?
        };
        Ok(ListInputs { feed_entries, texts })
    }

    fn by_id(&self) -> HashMap<ArticleId, &Article> {
        self.feed_entries.iter().map(|a| (a.id, a)).collect()
    }
}

/// Renders and writes every stale file, the list files first, then article pages in batches;
/// meanwhile the manifest of the whole plan is serialized on a thread of its own. Returns the
/// manifest's bytes, to be written after every file.
fn write_files_while_the_manifest_is_made(
    db: &Db,
    plan: &Plan,
    redo: &[&Planned],
    lists: &Lists,
    article_pages: &ArticlePages,
    output: &OutputFolder,
) -> Result<Vec<u8>> {
    let (article_work, other_work): (Vec<&Planned>, Vec<&Planned>) =
        redo.iter().partition(|p| matches!(p.what, Work::Article { .. }));
    let (written, manifest) = std::thread::scope(|scope| {
        let manifest = scope.spawn(|| manifest_bytes(plan.files.iter().map(|p| (p.path.as_ref(), p.input.as_str()))));
        let written =
            write_other_files(&other_work, lists, output).and_then(|()| article_pages.write(db, &article_work));
        let manifest = manifest.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, manifest)
    });
    written.map(|()| manifest)
}

/// Everything but article pages, in parallel: list files rendered, photos copied.
fn write_other_files(work: &[&Planned], lists: &Lists, output: &OutputFolder) -> Result<()> {
    work.par_iter().try_for_each(|p| match &p.what {
        Work::Media { from, photo } => {
            let bytes = std::fs::read(from).map_err(|e| match e.kind() {
                // Gone from the media folder: which photo, and what to do, not a file path the
                // editor never chose.
                std::io::ErrorKind::NotFound => Error::Photo {
                    file: photo.clone(),
                    problem: crate::error::PhotoProblem::FilesMissing,
                },
                _ => Error::io(from, e),
            })?;
            output.write(p, &bytes)
        }
        what => output.write(p, lists.render(what)?.as_bytes()),
    })
}
