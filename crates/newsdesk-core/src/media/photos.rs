//! Photos in the database: importing one (all or nothing), their words, articles' photo strips,
//! remaking renditions, and resolving `photo:<id>` figures for the renderer.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use sha2::{Digest, Sha256};

use super::caption::{photographer_of, split_caption};
use super::decode::{self, Format};
use super::files::{MediaFolder, NewFiles, write_atomically, write_new};
use super::rendition::{self, Encoded, swaps_sides};
use super::{ArticlePhoto, MAX_FILE_BYTES, Photo, PhotoInput, PhotoPatch, Rendition, metadata};
use crate::article::ArticleId;
use crate::db::Db;
use crate::error::{Error, PhotoProblem, Result};
use crate::render::{PhotoResolver, ResolvedPhoto};

const PHOTO_COLUMNS: &str = "id, sha256, format, width, height, bytes, taken_at, camera, caption, credit, photographer, \
     alt, file_name, original, created_at";

fn photo_from_row(r: &Row<'_>) -> rusqlite::Result<Photo> {
    let created: String = r.get(14)?;
    Ok(Photo {
        id: r.get(0)?,
        sha256: r.get(1)?,
        format: r.get(2)?,
        width: r.get(3)?,
        height: r.get(4)?,
        bytes: r.get::<_, i64>(5)? as u64,
        taken_at: r.get(6)?,
        camera: r.get(7)?,
        caption: r.get(8)?,
        credit: r.get(9)?,
        photographer: r.get(10)?,
        alt: r.get(11)?,
        file_name: r.get(12)?,
        original: r.get(13)?,
        created_at: DateTime::parse_from_rfc3339(&created)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(14, rusqlite::types::Type::Text, Box::new(e)))?
            .with_timezone(&Utc),
        renditions: Vec::new(),
    })
}

fn renditions_of(conn: &Connection, id: &str) -> Result<Vec<Rendition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT long_edge, quality, width, height, path, bytes FROM photo_renditions WHERE photo_id = ?1
         ORDER BY long_edge DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Rendition {
            long_edge: r.get(0)?,
            quality: r.get(1)?,
            width: r.get(2)?,
            height: r.get(3)?,
            path: r.get(4)?,
            bytes: r.get::<_, i64>(5)? as u64,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn load(conn: &Connection, id: &str) -> Result<Photo> {
    let sql = format!("SELECT {PHOTO_COLUMNS} FROM photos WHERE id = ?1");
    let mut photo = conn
        .query_row(&sql, [id], photo_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "photo",
            id: id.to_string(),
        })?;
    photo.renditions = renditions_of(conn, id)?;
    Ok(photo)
}

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
    let caption = non_empty(input_caption).or_else(|| file.caption.clone());
    let given_credit = non_empty(input_credit).or_else(|| non_empty(file.credit.as_deref()));
    let (caption, split_credit) = match caption {
        Some(c) => {
            let parts = split_caption(&c);
            (non_empty(Some(&parts.caption)), parts.credit)
        }
        None => (None, None),
    };
    let credit = given_credit
        .or(split_credit)
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

fn insert_renditions(tx: &Transaction<'_>, id: &str, rows: &[Rendition]) -> Result<()> {
    tx.execute("DELETE FROM photo_renditions WHERE photo_id = ?1", [id])?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO photo_renditions (photo_id, long_edge, quality, width, height, path, bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for r in rows {
        stmt.execute(params![
            id,
            r.long_edge,
            r.quality,
            r.width,
            r.height,
            r.path,
            r.bytes as i64
        ])?;
    }
    Ok(())
}

fn attach(tx: &Transaction<'_>, article: ArticleId, photo: &str) -> Result<()> {
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1 AND deleted_at IS NULL)",
        [article.to_string()],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(Error::NotFound {
            what: "article",
            id: article.to_string(),
        });
    }
    tx.execute(
        "INSERT INTO article_photos (article_id, photo_id, position)
         VALUES (?1, ?2, (SELECT COALESCE(MAX(position), -1) + 1 FROM article_photos WHERE article_id = ?1))
         ON CONFLICT (article_id, photo_id) DO NOTHING",
        params![article.to_string(), photo],
    )?;
    Ok(())
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

        let existing: Option<String> = self
            .conn()
            .query_row("SELECT id FROM photos WHERE sha256 = ?1", [&sha256], |r| r.get(0))
            .optional()?;
        if let Some(id) = existing {
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

        let tx = self.write_tx()?;
        tx.execute(
            &format!("INSERT INTO photos ({PHOTO_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
            params![
                id,
                sha256,
                format.name(),
                width,
                height,
                bytes.len() as i64,
                embedded.taken_at,
                embedded.camera,
                caption,
                credit,
                photographer,
                alt,
                file_name,
                original,
                now.to_rfc3339_opts(SecondsFormat::Secs, true),
            ],
        )?;
        insert_renditions(&tx, &id, &renditions)?;
        if let Some(article) = input.article {
            attach(&tx, article, &id)?;
        }
        tx.commit()?;
        new_files.keep();
        load(self.conn(), &id)
    }

    fn import_again(&mut self, media: &MediaFolder, id: &str, bytes: &[u8], input: &PhotoInput) -> Result<Photo> {
        let photo = load(self.conn(), id)?;
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
            let tx = self.write_tx()?;
            attach(&tx, article, id)?;
            tx.commit()?;
        }
        load(self.conn(), id)
    }

    pub fn photo(&self, id: &str) -> Result<Photo> {
        load(self.conn(), id.trim())
    }

    /// Every photo, newest first.
    pub fn photos(&self) -> Result<Vec<Photo>> {
        let ids: Vec<String> = {
            let mut stmt = self
                .conn()
                .prepare_cached("SELECT id FROM photos ORDER BY created_at DESC, id")?;
            stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?
        };
        ids.iter().map(|id| load(self.conn(), id)).collect()
    }

    /// An article's photo strip, in order.
    pub fn article_photos(&self, article: ArticleId) -> Result<Vec<ArticlePhoto>> {
        self.article(article)?;
        let rows: Vec<(String, i64, bool)> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT photo_id, position, is_lead FROM article_photos WHERE article_id = ?1 ORDER BY position, photo_id",
            )?;
            stmt.query_map([article.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        rows.into_iter()
            .map(|(id, position, is_lead)| {
                Ok(ArticlePhoto {
                    photo: load(self.conn(), &id)?,
                    position,
                    is_lead,
                })
            })
            .collect()
    }

    /// Changes a photo's caption, credit or alt text; a new credit gives a new photographer.
    pub fn update_photo(&mut self, id: &str, patch: &PhotoPatch) -> Result<Photo> {
        let tx = self.write_tx()?;
        let mut photo = load(&tx, id)?;
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
        tx.execute(
            "UPDATE photos SET caption = ?2, credit = ?3, photographer = ?4, alt = ?5 WHERE id = ?1",
            params![id, photo.caption, photo.credit, photo.photographer, photo.alt],
        )?;
        tx.commit()?;
        Ok(photo)
    }

    /// Adds a photo at the end of an article's strip (no change when it is there already).
    pub fn attach_photo(&mut self, article: ArticleId, photo: &str) -> Result<()> {
        let tx = self.write_tx()?;
        load(&tx, photo)?;
        attach(&tx, article, photo)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a photo out of an article's strip; the photo stays in the store.
    pub fn detach_photo(&mut self, article: ArticleId, photo: &str) -> Result<()> {
        let tx = self.write_tx()?;
        let n = tx.execute(
            "DELETE FROM article_photos WHERE article_id = ?1 AND photo_id = ?2",
            params![article.to_string(), photo],
        )?;
        if n == 0 {
            return Err(Error::NotFound {
                what: "photo",
                id: photo.to_string(),
            });
        }
        tx.commit()?;
        Ok(())
    }

    /// Makes `photo` the article's 题图/缩略图 (attaching it when needed), or clears it with None.
    pub fn set_lead_photo(&mut self, article: ArticleId, photo: Option<&str>) -> Result<()> {
        let tx = self.write_tx()?;
        if let Some(photo) = photo {
            load(&tx, photo)?;
            attach(&tx, article, photo)?;
        }
        tx.execute(
            "UPDATE article_photos SET is_lead = 0 WHERE article_id = ?1",
            [article.to_string()],
        )?;
        if let Some(photo) = photo {
            tx.execute(
                "UPDATE article_photos SET is_lead = 1 WHERE article_id = ?1 AND photo_id = ?2",
                params![article.to_string(), photo],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The article's lead photo, if it has one.
    pub fn lead_photo(&self, article: ArticleId) -> Result<Option<Photo>> {
        let id: Option<String> = self
            .conn()
            .query_row(
                "SELECT photo_id FROM article_photos WHERE article_id = ?1 AND is_lead",
                [article.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        id.map(|id| load(self.conn(), &id)).transpose()
    }

    /// Makes one photo's renditions again for the media folder's settings, from its original.
    pub fn remake_photo(&mut self, media: &MediaFolder, id: &str) -> Result<Photo> {
        media.settings().validate()?;
        let photo = load(self.conn(), id)?;
        let original = media.absolute(&photo.original);
        let bytes = read_file(&original)?;
        let format = Format::sniff(&bytes).ok_or_else(|| photo_problem(&original, PhotoProblem::NotAnImage))?;
        let stored = decode::dimensions(&bytes, format).map_err(|p| photo_problem(&original, p))?;
        let orientation = metadata::read(&bytes, format == Format::Jpeg).orientation;
        let made =
            make_renditions(&bytes, format, stored, orientation, media).map_err(|p| photo_problem(&original, p))?;
        let mut new_files = NewFiles::default();
        let rows = write_renditions(media, id, media.settings().quality, made, &mut new_files)?;
        let tx = self.write_tx()?;
        insert_renditions(&tx, id, &rows)?;
        tx.commit()?;
        new_files.keep();
        // Old files go only after the new rows are committed; one still named is kept.
        let kept: BTreeSet<&str> = rows.iter().map(|r| r.path.as_str()).collect();
        for old in photo.renditions.iter().filter(|r| !kept.contains(r.path.as_str())) {
            let _ = std::fs::remove_file(media.absolute(&old.path));
        }
        load(self.conn(), id)
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
