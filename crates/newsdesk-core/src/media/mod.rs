//! The photo store: originals kept content-addressed beside the database, web renditions, captions.
//!
//! A photo is imported from a file in one step that is all or nothing: the bytes are hashed
//! (SHA-256; the id is the first 16 hex digits, so the same file imported twice is the same
//! photo), the original is copied to `<db-stem>.media/originals/ab/<sha256>.<ext>`, the picture
//! is decoded once — JPEGs at the smallest DCT scale that still covers the largest rendition —
//! and every rendition is resized from it, turned upright by its EXIF orientation and encoded as
//! a 4:2:0 JPEG without any metadata (no EXIF, GPS or XMP reaches the portal). Only when every
//! file is in place is the row written; a failure removes the files this import wrote.
//!
//! Captions follow the newsroom's habit of ending with the credit (`…共渡难关。陈鋆摄`):
//! [`split_caption`] separates the two and finds the photographer's name.
//!
//! The desktop editor works on an article's photo strip ([`StripPhoto`]): each change answers
//! with the whole strip, renditions named by absolute paths for the webview's asset protocol.

mod caption;
mod decode;
mod files;
mod metadata;
mod photos;
mod rendition;
mod strip;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use caption::{CaptionParts, photographer_of, split_caption};
pub use files::MediaFolder;
pub use photos::{StoredPhotos, empty_trash};
pub use strip::{StripPhoto, THUMBNAIL_EDGE, VIEW_EDGE};

use crate::article::ArticleId;
use crate::error::{Error, PhotoProblem, Result};

/// Where the renditions are inside an exported site, and so where a page's figures point
/// (`media/<path inside the media folder>`, relative to the site's root).
pub(crate) const MEDIA_DIR: &str = "media";

/// Pictures above this many pixels are refused before decoding: a 200-megapixel photo is larger
/// than any camera a newsroom uses, and the limit bounds the memory a hostile header can claim.
pub const MAX_PIXELS: u64 = 200_000_000;

/// Files above this size are refused before reading.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Which web copies each photo gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RenditionSettings {
    /// Long edges in pixels; a photo smaller than one is not enlarged.
    pub long_edges: Vec<u32>,
    /// JPEG quality, 1–100.
    pub quality: u8,
}

impl Default for RenditionSettings {
    fn default() -> Self {
        RenditionSettings {
            long_edges: vec![1600, 800, 240],
            quality: 82,
        }
    }
}

impl RenditionSettings {
    pub fn validate(&self) -> Result<()> {
        let problem = if self.long_edges.is_empty() {
            Some("no sizes".to_string())
        } else if let Some(e) = self.long_edges.iter().find(|e| !(16..=8192).contains(*e)) {
            Some(format!("long edge {e} is outside 16–8192 px"))
        } else if !(1..=100).contains(&self.quality) {
            Some(format!("quality {} is outside 1–100", self.quality))
        } else {
            None
        };
        match problem {
            Some(p) => Err(Error::Photo {
                file: String::new(),
                problem: PhotoProblem::Settings(p),
            }),
            None => Ok(()),
        }
    }

    /// The long edges, largest first, without repeats.
    pub(crate) fn edges_descending(&self) -> Vec<u32> {
        let mut edges = self.long_edges.clone();
        edges.sort_unstable_by(|a, b| b.cmp(a));
        edges.dedup();
        edges
    }
}

/// A photo of the store, as the editor and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Photo {
    pub id: String,
    pub sha256: String,
    /// The original's format: jpeg, png, webp or gif.
    pub format: String,
    /// Of the upright picture (EXIF orientation applied).
    pub width: u32,
    pub height: u32,
    /// Size of the original file.
    #[ts(type = "number")]
    pub bytes: u64,
    /// EXIF DateTimeOriginal: the camera's local time, with its offset when the camera wrote one.
    pub taken_at: Option<String>,
    pub camera: Option<String>,
    pub caption: Option<String>,
    /// As written and shown on the page, e.g. 陈鋆摄.
    pub credit: Option<String>,
    /// The name parsed from the credit, e.g. 陈鋆.
    pub photographer: Option<String>,
    pub alt: Option<String>,
    /// The file name it was imported from.
    pub file_name: String,
    /// The original's path inside the media folder.
    pub original: String,
    #[ts(type = "string")]
    pub created_at: DateTime<Utc>,
    /// Largest first.
    pub renditions: Vec<Rendition>,
}

/// One web copy of a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rendition {
    /// The long edge it was made for (the setting; the picture may be smaller).
    pub long_edge: u32,
    pub quality: u8,
    pub width: u32,
    pub height: u32,
    /// Inside the media folder, with `/` separators.
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// A photo in an article's strip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ArticlePhoto {
    pub photo: Photo,
    pub position: i64,
    /// The article's 题图/缩略图.
    pub is_lead: bool,
}

/// What the editor says about a photo while importing it; each field left out is taken from
/// the file's IPTC/XMP when present.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct PhotoInput {
    /// A pasted caption; a credit at its end (…陈鋆摄) is split off unless `credit` is given.
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub alt: Option<String>,
    /// Attach the photo to this article's strip.
    #[ts(type = "string | null")]
    pub article: Option<ArticleId>,
}

/// Changes to a photo's words; what is left out stays, an empty value clears.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(optional_fields)]
pub struct PhotoPatch {
    pub caption: Option<String>,
    /// The photographer is parsed again from a new credit.
    pub credit: Option<String>,
    pub alt: Option<String>,
}
