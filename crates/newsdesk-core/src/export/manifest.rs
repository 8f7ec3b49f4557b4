//! Fingerprints of what goes into each file, and the manifest that records them.
//!
//! A file is rendered again only when its fingerprint differs from the one the last export
//! recorded. A fingerprint covers everything the file shows and nothing it does not: a list page
//! hashes a digest of its entries' titles and summaries, never their bodies. Push does not use
//! [`article_fingerprint`]: a page's covers the theme, its channel's 最新 list and the whole photo
//! store, which a WordPress post does not carry (every new article would update its channel's
//! posts); push compares [`crate::publishing::fingerprint`], of what the post carries.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::article::Listing;
use crate::media::{Photo, Rendition};
use crate::page::{LatestLink, Theme};
use crate::site::{Channel, Site};

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".newsdesk-export.json";
/// The manifest's layout; a manifest of another layout is read as no manifest (all is redone).
const MANIFEST_FORMAT: u32 = 2;

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

    /// What makes one version of an article differ from another: every save counts, even two
    /// within one second of the same open revision.
    fn push_version(&mut self, article: &Listing) {
        self.push(article.id.0.as_bytes());
        self.push(&article.revision.to_le_bytes());
        self.push(&article.saves.to_le_bytes());
        self.push_time(&article.updated_at);
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
pub(crate) struct Digest16([u8; 32]);

impl Digest16 {
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits")
    }

    fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

fn json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("export inputs serialize")
}

/// What every page depends on: the templates, the site and its navigation.
pub(crate) fn site_fingerprint(theme: &Theme, site: &Site, channels: &[Channel]) -> Digest16 {
    Fingerprint::new()
        .part(theme.fingerprint())
        .part(&json_bytes(site))
        .part(&json_bytes(channels))
        .finish()
}

/// A channel's 最新 list, which every article page of the channel shows.
pub(crate) fn latest_fingerprint(latest: &[LatestLink]) -> Digest16 {
    Fingerprint::new().part(&json_bytes(latest)).finish()
}

/// The photo store's state: a caption edit changes each page that shows the photo.
pub(crate) fn photos_fingerprint(photos: &[Photo]) -> Digest16 {
    Fingerprint::new().part(&json_bytes(photos)).finish()
}

/// An article's page: the site, the article's version, its channel's 最新 list
/// ([`latest_fingerprint`]) and the photo store ([`photos_fingerprint`]).
pub(crate) fn article_fingerprint(site: Digest16, article: &Listing, latest: Digest16, photos: Digest16) -> Digest16 {
    let mut input = Fingerprint::new().part(site.as_bytes());
    input.push_version(article);
    input.part(latest.as_bytes()).part(photos.as_bytes()).finish()
}

/// Page `page` of `pages` of a channel's list, with its entries and their addresses.
pub(super) fn channel_page_fingerprint<'a>(
    site: Digest16,
    page: usize,
    pages: usize,
    entries: impl Iterator<Item = (&'a Listing, &'a String)>,
) -> Digest16 {
    let mut input = Fingerprint::new()
        .part(site.as_bytes())
        .part(&page.to_le_bytes())
        .part(&pages.to_le_bytes());
    for (a, path) in entries {
        input.push(&a.text_digest.to_le_bytes());
        input.push(path.as_bytes());
        input.push_time(&a.shown());
    }
    input.finish()
}

/// The home page: the site and every channel's 最新 list.
pub(super) fn home_fingerprint(site: Digest16, latest: &[Vec<LatestLink>]) -> Digest16 {
    Fingerprint::new()
        .part(site.as_bytes())
        .part(&json_bytes(latest))
        .finish()
}

/// The 404 page shows only what every page does.
pub(super) fn not_found_fingerprint(site: Digest16) -> Digest16 {
    site
}

/// The entries every feed carries, newest first, with their addresses.
pub(super) fn feed_entries_fingerprint(site: Digest16, newest: &[(&Listing, &str)]) -> Digest16 {
    let mut input = Fingerprint::new().part(site.as_bytes());
    for (a, path) in newest {
        input.push_version(a);
        input.push(path.as_bytes());
    }
    input.finish()
}

/// A feed made by `template` from its entries ([`feed_entries_fingerprint`]).
pub(super) fn feed_fingerprint(template: &str, entries: Digest16) -> Digest16 {
    Fingerprint::new()
        .part(template.as_bytes())
        .part(entries.as_bytes())
        .finish()
}

/// The sitemap index: each channel's sitemap and its `lastmod`.
pub(super) fn sitemap_index_fingerprint(site: Digest16, lastmod: &[Option<String>]) -> Digest16 {
    Fingerprint::new()
        .part(site.as_bytes())
        .part(&json_bytes(lastmod))
        .finish()
}

/// The sitemap of the home page and the channels' front pages, named `name`.
pub(super) fn pages_sitemap_fingerprint(site: Digest16, name: &str) -> Digest16 {
    Fingerprint::new().part(site.as_bytes()).part(name.as_bytes()).finish()
}

/// A channel's sitemap: its articles' addresses and times of change.
pub(super) fn channel_sitemap_fingerprint<'a>(
    site: Digest16,
    entries: impl Iterator<Item = (&'a Listing, &'a String)>,
) -> Digest16 {
    let mut input = Fingerprint::new().part(site.as_bytes());
    for (a, path) in entries {
        input.push(path.as_bytes());
        input.push_time(&a.updated_at);
    }
    input.finish()
}

/// A rendition copied into the site: its name is made from its content and settings, so its
/// path and size tell a new one from an old one.
pub(super) fn rendition_fingerprint(rendition: &Rendition) -> Digest16 {
    Fingerprint::new()
        .part(rendition.path.as_bytes())
        .part(&rendition.bytes.to_le_bytes())
        .finish()
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

/// The manifest's bytes for these files, whatever their order.
pub(super) fn manifest_bytes<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<u8> {
    let mut files: Vec<(&str, &str)> = files.collect();
    files.sort_unstable_by(|a, b| a.0.cmp(b.0));
    serde_json::to_vec(&Manifest {
        format: MANIFEST_FORMAT,
        files,
    })
    .expect("a manifest serializes")
}

/// The manifest as read back: only looked up, never ordered, and borrowed from the file's bytes
/// (paths and fingerprints hold nothing JSON escapes, so nothing is copied).
#[derive(Default, Deserialize)]
pub(super) struct PreviousManifest<'a> {
    format: u32,
    #[serde(borrow)]
    pub files: FxHashMap<Cow<'a, str>, Cow<'a, str>>,
}

impl<'a> PreviousManifest<'a> {
    /// The manifest in `bytes`; `None` when there is none or it is of another layout.
    pub fn read(bytes: &'a [u8]) -> Option<PreviousManifest<'a>> {
        serde_json::from_slice::<PreviousManifest<'a>>(bytes)
            .ok()
            .filter(|m| m.format == MANIFEST_FORMAT)
    }

    /// The fingerprint the last export recorded for a file.
    pub fn recorded(&self, path: &str) -> Option<&str> {
        self.files.get(path).map(|r| r.as_ref())
    }
}
