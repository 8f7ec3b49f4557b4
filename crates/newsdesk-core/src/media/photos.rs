//! Photos into the store: importing one (all or nothing: files first, then the rows `db/photos`
//! writes), their words, remaking renditions, and resolving `photo:<id>` figures for the renderer.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Timelike, Utc};
use sha2::{Digest, Sha256};

use super::caption::{photographer_of, split_caption};
use super::decode::{self, Format};
use super::files::{MediaFolder, NewFiles, write_atomically, write_new};
use super::rendition::{self, Encoded, swaps_sides};
use super::{MAX_FILE_BYTES, Photo, PhotoInput, PhotoPatch, Rendition, metadata};
use crate::db::Db;
use crate::error::{Error, PhotoProblem, Result};
use crate::render::{PhotoResolver, ResolvedPhoto};

fn photo_problem(file: &Path, problem: PhotoProblem) -> Error {
    Error::Photo {
        file: file.display().to_string(),
        problem,
    }
}

/// Reads the whole file, refusing one larger than [`MAX_FILE_BYTES`] before reading it.
fn read_file(file: &Path) -> Result<Vec<u8>> {
    let f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let len = f.metadata().map_err(|e| Error::io(file, e))?.len();
    if len > MAX_FILE_BYTES {
        return Err(photo_problem(
            file,
            PhotoProblem::FileTooLarge {
                bytes: len,
                limit: MAX_FILE_BYTES,
            },
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while it is read.
    f.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(file, e))?;
    Ok(bytes)
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Caption, credit and photographer from what the editor typed, else from the file. A caption
/// that ends with its credit (…陈鋆摄) is split unless a credit is given separately.
fn words(input_caption: Option<&str>, input_credit: Option<&str>, file: &metadata::Embedded) -> [Option<String>; 3] {
    let typed = non_empty(input_caption);
    let caption = typed.clone().or_else(|| file.caption.clone());
    let (caption, split_credit) = match caption {
        Some(c) => {
            let parts = split_caption(&c);
            (non_empty(Some(&parts.caption)), parts.credit)
        }
        None => (None, None),
    };
    // A credit in a caption given here (typed by the editor, or the portal's as a pull reads
    // it) is what the page says and wins over the file's embedded one; the file's comes before
    // a credit split off its own caption.
    let (typed_credit, file_caption_credit) = if typed.is_some() {
        (split_credit, None)
    } else {
        (None, split_credit)
    };
    let credit = non_empty(input_credit)
        .or(typed_credit)
        .or_else(|| non_empty(file.credit.as_deref()))
        .or(file_caption_credit)
        .or_else(|| non_empty(file.creator.as_deref()));
    let photographer = credit
        .as_deref()
        .and_then(photographer_of)
        .or_else(|| non_empty(file.creator.as_deref()));
    [caption, credit, photographer]
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The picture as decoded and its renditions, made from the original's bytes.
fn make_renditions(
    bytes: &[u8],
    format: Format,
    stored: (u32, u32),
    orientation: u8,
    media: &MediaFolder,
) -> std::result::Result<Vec<Encoded>, PhotoProblem> {
    let edges = media.settings().edges_descending();
    let largest = rendition::fitted(stored.0, stored.1, edges[0]);
    let decoded = decode::decode(bytes, format, largest.0.max(largest.1))?;
    rendition::make(decoded, stored, orientation, &edges, media.settings().quality)
}

/// Writes the renditions' files; returns their rows.
fn write_renditions(
    media: &MediaFolder,
    id: &str,
    quality: u8,
    made: Vec<Encoded>,
    new_files: &mut NewFiles,
) -> Result<Vec<Rendition>> {
    let mut rows = Vec::with_capacity(made.len());
    for r in made {
        let path = MediaFolder::rendition_path(id, r.long_edge, quality);
        let absolute = media.absolute(&path);
        // A file already under this name (a remake with the same settings, or an unfinished
        // attempt) is replaced in one step and left alone on failure: it holds the same pixels,
        // since the encoder is deterministic, and a committed row may point at it.
        let existed = absolute.exists();
        write_atomically(&absolute, &r.jpeg)?;
        if !existed {
            new_files.push(absolute);
        }
        rows.push(Rendition {
            long_edge: r.long_edge,
            quality,
            width: r.width,
            height: r.height,
            path,
            bytes: r.jpeg.len() as u64,
        });
    }
    Ok(rows)
}

/// Whether a photo's renditions are the ones the settings ask for, with their files present.
fn renditions_current(photo: &Photo, media: &MediaFolder) -> bool {
    let want: BTreeSet<(u32, u8)> = media
        .settings()
        .long_edges
        .iter()
        .map(|&e| (e, media.settings().quality))
        .collect();
    let have: BTreeSet<(u32, u8)> = photo.renditions.iter().map(|r| (r.long_edge, r.quality)).collect();
    want == have && photo.renditions.iter().all(|r| media.absolute(&r.path).is_file())
}

impl Db {
    /// Imports the photo in `file`: stores the original, writes its renditions and then its row,
    /// all or nothing. The same file imported again is the same photo: the words given now
    /// replace the stored ones, and missing or outdated renditions are made again.
    pub fn import_photo(
        &mut self,
        media: &MediaFolder,
        file: &Path,
        input: &PhotoInput,
        now: DateTime<Utc>,
    ) -> Result<Photo> {
        media.settings().validate()?;
        if let Some(article) = input.article {
            self.article(article)?;
        }
        let bytes = read_file(file)?;
        if bytes.is_empty() {
            return Err(photo_problem(file, PhotoProblem::Empty));
        }
        let sha256 = hex(&Sha256::digest(&bytes));
        let id = sha256[..16].to_string();

        if let Some(id) = self.photo_with_sha256(&sha256)? {
            return self.import_again(media, &id, &bytes, input);
        }

        let format = Format::sniff(&bytes).ok_or_else(|| photo_problem(file, PhotoProblem::NotAnImage))?;
        let stored = decode::dimensions(&bytes, format).map_err(|p| photo_problem(file, p))?;
        let embedded = metadata::read(&bytes, format == Format::Jpeg);
        let (width, height) = if swaps_sides(embedded.orientation) {
            (stored.1, stored.0)
        } else {
            stored
        };
        let [caption, credit, photographer] = words(input.caption.as_deref(), input.credit.as_deref(), &embedded);
        let alt = non_empty(input.alt.as_deref());
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let original = MediaFolder::original_path(&sha256, format.extension());

        let mut new_files = NewFiles::default();
        // The original is copied while the picture decodes: the two do not depend on each other.
        let (stored_original, made) = std::thread::scope(|s| {
            let copy = s.spawn(|| {
                let path = media.absolute(&original);
                write_new(&path, &bytes).map(|written| written.then_some(path))
            });
            let made = make_renditions(&bytes, format, stored, embedded.orientation, media);
            let copied = copy
                .join()
                .unwrap_or_else(|_| Err(Error::io(&original, std::io::Error::other("the copy thread stopped"))));
            (copied, made)
        });
        if let Ok(Some(path)) = &stored_original {
            new_files.push(path.clone());
        }
        stored_original?;
        let made = made.map_err(|p| photo_problem(file, p))?;
        let renditions = write_renditions(media, &id, media.settings().quality, made, &mut new_files)?;

        let photo = Photo {
            id,
            sha256,
            format: format.name().to_string(),
            width,
            height,
            bytes: bytes.len() as u64,
            taken_at: embedded.taken_at,
            camera: embedded.camera,
            caption,
            credit,
            photographer,
            alt,
            file_name,
            original,
            created_at: now.with_nanosecond(0).unwrap_or(now),
            renditions,
        };
        self.record_photo(&photo, input.article)?;
        new_files.keep();
        self.photo(&photo.id)
    }

    fn import_again(&mut self, media: &MediaFolder, id: &str, bytes: &[u8], input: &PhotoInput) -> Result<Photo> {
        let photo = self.photo(id)?;
        if !media.absolute(&photo.original).is_file() {
            // Someone removed the original by hand: put it back, since the row promises it.
            write_new(&media.absolute(&photo.original), bytes)?;
        }
        if !renditions_current(&photo, media) {
            self.remake_photo(media, id)?;
        }
        let patch = PhotoPatch {
            caption: input.caption.clone(),
            credit: input.credit.clone(),
            alt: input.alt.clone(),
        };
        if patch != PhotoPatch::default() {
            self.update_photo(id, &patch)?;
        }
        if let Some(article) = input.article {
            self.attach_photo(article, id)?;
        }
        self.photo(id)
    }

    /// Changes a photo's caption, credit or alt text; a new credit gives a new photographer.
    pub fn update_photo(&mut self, id: &str, patch: &PhotoPatch) -> Result<Photo> {
        let mut photo = self.photo(id)?;
        if let Some(caption) = &patch.caption {
            if patch.credit.is_none() {
                // A caption pasted with its credit at the end (…陈鋆摄) brings the credit along.
                let parts = split_caption(caption);
                photo.caption = non_empty(Some(&parts.caption));
                if parts.credit.is_some() {
                    photo.credit = parts.credit;
                    photo.photographer = parts.photographer;
                }
            } else {
                photo.caption = non_empty(Some(caption));
            }
        }
        if let Some(credit) = &patch.credit {
            photo.credit = non_empty(Some(credit));
            photo.photographer = photo.credit.as_deref().and_then(photographer_of);
        }
        if let Some(alt) = &patch.alt {
            photo.alt = non_empty(Some(alt));
        }
        self.record_photo_words(&photo)?;
        Ok(photo)
    }

    /// Makes one photo's renditions again for the media folder's settings, from its original.
    pub fn remake_photo(&mut self, media: &MediaFolder, id: &str) -> Result<Photo> {
        media.settings().validate()?;
        let photo = self.photo(id)?;
        let original = media.absolute(&photo.original);
        let bytes = read_file(&original)?;
        let format = Format::sniff(&bytes).ok_or_else(|| photo_problem(&original, PhotoProblem::NotAnImage))?;
        let stored = decode::dimensions(&bytes, format).map_err(|p| photo_problem(&original, p))?;
        let orientation = metadata::read(&bytes, format == Format::Jpeg).orientation;
        let made =
            make_renditions(&bytes, format, stored, orientation, media).map_err(|p| photo_problem(&original, p))?;
        let mut new_files = NewFiles::default();
        let rows = write_renditions(media, id, media.settings().quality, made, &mut new_files)?;
        self.record_renditions(id, &rows)?;
        new_files.keep();
        // Old files go only after the new rows are committed; one still named is kept.
        let kept: BTreeSet<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        for old in photo.renditions.iter().filter(|r| !kept.contains(r.path.as_str())) {
            let _ = std::fs::remove_file(media.absolute(&old.path));
        }
        self.photo(id)
    }

    /// Remakes the renditions of every photo whose sizes or quality differ from the media
    /// folder's settings (or whose files are missing), reporting `(done, total)` as it goes.
    /// Returns how many photos were remade.
    pub fn remake_renditions(&mut self, media: &MediaFolder, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
        media.settings().validate()?;
        let stale: Vec<String> = self
            .photos()?
            .into_iter()
            .filter(|p| !renditions_current(p, media))
            .map(|p| p.id)
            .collect();
        progress(0, stale.len());
        for (i, id) in stale.iter().enumerate() {
            self.remake_photo(media, id)?;
            progress(i + 1, stale.len());
        }
        Ok(stale.len())
    }
}

/// Empties the trash, then removes the files of the photos only trashed articles showed (after
/// their rows are gone: a file left by a killed process is harmless, a row without its file not).
pub fn empty_trash(db: &mut Db, media: &MediaFolder) -> Result<crate::db::EmptiedTrash> {
    let emptied = db.empty_trash()?;
    for photo in &emptied.photos {
        let _ = std::fs::remove_file(media.absolute(&photo.original));
        for r in &photo.renditions {
            let _ = std::fs::remove_file(media.absolute(&r.path));
        }
    }
    Ok(emptied)
}

/// Resolves `photo:<id>` figures from the store. URLs come from `url`, given a rendition's path
/// inside the media folder: the desktop preview maps it to the asset protocol, an export to a
/// relative address.
pub struct StoredPhotos<'a> {
    db: &'a Db,
    url: Box<dyn Fn(&str) -> String + 'a>,
}

impl<'a> StoredPhotos<'a> {
    pub fn new(db: &'a Db, url: impl Fn(&str) -> String + 'a) -> StoredPhotos<'a> {
        StoredPhotos { db, url: Box::new(url) }
    }
}

/// The page's text column is 800 CSS pixels wide (the renderer's `sizes`).
const COLUMN_WIDTH: u32 = 800;

impl PhotoResolver for StoredPhotos<'_> {
    fn resolve(&self, id: &str) -> Option<ResolvedPhoto> {
        let photo = self.db.photo(id).ok()?;
        let mut renditions = photo.renditions.clone();
        renditions.sort_by_key(|r| r.width);
        // Settings larger than the photo give copies of the same size; list each width once.
        renditions.dedup_by_key(|r| r.width);
        let shown = renditions
            .iter()
            .find(|r| r.width >= COLUMN_WIDTH)
            .or(renditions.last())?;
        let srcset = (renditions.len() > 1).then(|| {
            renditions
                .iter()
                .map(|r| format!("{} {}w", (self.url)(&r.path), r.width))
                .collect::<Vec<_>>()
                .join(", ")
        });
        Some(ResolvedPhoto {
            src: (self.url)(&shown.path),
            srcset,
            width: Some(shown.width),
            height: Some(shown.height),
            alt: photo.alt.clone().unwrap_or_default(),
            caption: photo.caption.clone().unwrap_or_default(),
            credit: photo.credit.clone(),
        })
    }
}
