//! An article's photo strip as the desktop editor shows and changes it.
//!
//! Every change answers with the whole strip, so the editor never has to merge what it sent
//! with what the store made of it: a pasted caption comes back split into caption and credit,
//! a new lead photo comes back as the only one. Renditions are named by their files' absolute
//! paths; the webview turns them into asset-protocol URLs (Tauri's `convertFileSrc`).

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{ArticlePhoto, MediaFolder, PhotoInput, PhotoPatch, Rendition};
use crate::article::ArticleId;
use crate::db::Db;
use crate::error::Result;

/// The long edge the strip's thumbnails are made from (the smallest default rendition).
pub const THUMBNAIL_EDGE: u32 = 240;

/// The long edge of the larger view beside the caption fields (the page's column width).
pub const VIEW_EDGE: u32 = 800;

/// A photo of an article's strip, with what the editor edits and the files it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StripPhoto {
    pub id: String,
    pub caption: Option<String>,
    /// As written and shown on the page, e.g. 陈鋆摄.
    pub credit: Option<String>,
    /// Parsed from the credit, e.g. 陈鋆.
    pub photographer: Option<String>,
    pub alt: Option<String>,
    /// The article's 题图/缩略图.
    pub is_lead: bool,
    /// Of the upright picture.
    pub width: u32,
    pub height: u32,
    /// The file name it was imported from.
    pub file_name: String,
    /// Absolute path of the rendition for the thumbnail (about 240 px on the long edge).
    pub thumbnail_file: Option<String>,
    /// Absolute path of the rendition for the larger view (about 800 px on the long edge).
    pub view_file: Option<String>,
}

/// The smallest rendition made for at least `edge` pixels, else the largest there is: a
/// photo with other size settings still shows something.
fn rendition_for(renditions: &[Rendition], edge: u32) -> Option<&Rendition> {
    renditions
        .iter()
        .filter(|r| r.long_edge >= edge)
        .min_by_key(|r| r.long_edge)
        .or_else(|| renditions.iter().max_by_key(|r| r.long_edge))
}

impl StripPhoto {
    pub fn of(entry: ArticlePhoto, media: &MediaFolder) -> StripPhoto {
        let file =
            |edge| rendition_for(&entry.photo.renditions, edge).map(|r| media.absolute(&r.path).display().to_string());
        let (thumbnail_file, view_file) = (file(THUMBNAIL_EDGE), file(VIEW_EDGE));
        let p = entry.photo;
        StripPhoto {
            id: p.id,
            caption: p.caption,
            credit: p.credit,
            photographer: p.photographer,
            alt: p.alt,
            is_lead: entry.is_lead,
            width: p.width,
            height: p.height,
            file_name: p.file_name,
            thumbnail_file,
            view_file,
        }
    }
}

impl Db {
    /// An article's photo strip, in order.
    pub fn photo_strip(&self, media: &MediaFolder, article: ArticleId) -> Result<Vec<StripPhoto>> {
        Ok(self
            .article_photos(article)?
            .into_iter()
            .map(|entry| StripPhoto::of(entry, media))
            .collect())
    }

    /// Imports `file` into an article's strip: the photo is stored and attached in one step,
    /// or not at all. A file the store already holds is attached again, keeping its words.
    pub fn import_into_strip(
        &mut self,
        media: &MediaFolder,
        article: ArticleId,
        file: &Path,
        now: DateTime<Utc>,
    ) -> Result<Vec<StripPhoto>> {
        let input = PhotoInput {
            article: Some(article),
            ..PhotoInput::default()
        };
        self.import_photo(media, file, &input, now)?;
        self.photo_strip(media, article)
    }

    /// Changes a photo's caption, credit or alt text. A caption given alone that ends with its
    /// credit (…陈鋆摄) is split, so a pasted caption fills both fields.
    pub fn edit_strip_photo(
        &mut self,
        media: &MediaFolder,
        article: ArticleId,
        photo: &str,
        patch: &PhotoPatch,
    ) -> Result<Vec<StripPhoto>> {
        self.update_photo(photo, patch)?;
        self.photo_strip(media, article)
    }

    /// Takes a photo out of the strip; it stays in the store (another article may show it).
    pub fn detach_from_strip(
        &mut self,
        media: &MediaFolder,
        article: ArticleId,
        photo: &str,
    ) -> Result<Vec<StripPhoto>> {
        self.detach_photo(article, photo)?;
        self.photo_strip(media, article)
    }

    /// Makes `photo` the article's 题图, or leaves it without one.
    pub fn choose_lead_photo(
        &mut self,
        media: &MediaFolder,
        article: ArticleId,
        photo: Option<&str>,
    ) -> Result<Vec<StripPhoto>> {
        self.set_lead_photo(article, photo)?;
        self.photo_strip(media, article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(long_edge: u32) -> Rendition {
        Rendition {
            long_edge,
            quality: 82,
            width: long_edge,
            height: long_edge / 2,
            path: format!("r/{long_edge}.jpg"),
            bytes: 1,
        }
    }

    #[test]
    fn the_strip_picks_the_nearest_rendition_that_is_large_enough() {
        let all = [r(1600), r(800), r(240)];
        assert_eq!(rendition_for(&all, THUMBNAIL_EDGE).map(|r| r.long_edge), Some(240));
        assert_eq!(rendition_for(&all, VIEW_EDGE).map(|r| r.long_edge), Some(800));
        let other = [r(1200), r(400)];
        assert_eq!(rendition_for(&other, THUMBNAIL_EDGE).map(|r| r.long_edge), Some(400));
        assert_eq!(rendition_for(&[r(600)], VIEW_EDGE).map(|r| r.long_edge), Some(600));
        assert_eq!(rendition_for(&[], VIEW_EDGE), None);
    }
}
