//! Photos' rows: the photo with its words, its renditions, and which articles show it where.
//! The files themselves are the media store's (`media/`); this only records them.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::Db;
use super::rows::unreadable;
use super::search_index;
use crate::article::ArticleId;
use crate::error::{Error, Result};
use crate::media::{ArticlePhoto, Photo, Rendition};

const PHOTO_COLUMNS: &str = "id, sha256, format, width, height, bytes, taken_at, camera, caption, credit, photographer, \
     alt, file_name, original, created_at";

fn photo_from_row(r: &Row<'_>) -> rusqlite::Result<Photo> {
    let created = r.get_ref(14)?.as_str()?;
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
        created_at: DateTime::parse_from_rfc3339(created)
            .map_err(|e| unreadable("created_at", created, e))?
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

pub(super) fn load(conn: &Connection, id: &str) -> Result<Photo> {
    let sql = format!("SELECT {PHOTO_COLUMNS} FROM photos WHERE id = ?1");
    let mut photo = conn
        .query_row(&sql, [id], photo_from_row)
        .optional()
        .map_err(super::rows::damaged_as_error("photo", id))?
        .ok_or_else(|| Error::NotFound {
            what: "photo",
            id: id.to_string(),
        })?;
    photo.renditions = renditions_of(conn, id)?;
    Ok(photo)
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

pub(super) fn attach(tx: &Transaction<'_>, article: ArticleId, photo: &str) -> Result<()> {
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

impl Db {
    /// Records a photo whose files are in place: its row, its renditions and (when given) its
    /// place at the end of an article's strip, in one transaction.
    pub(crate) fn record_photo(&mut self, photo: &Photo, article: Option<ArticleId>) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            &format!("INSERT INTO photos ({PHOTO_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
            params![
                photo.id,
                photo.sha256,
                photo.format,
                photo.width,
                photo.height,
                photo.bytes as i64,
                photo.taken_at,
                photo.camera,
                photo.caption,
                photo.credit,
                photo.photographer,
                photo.alt,
                photo.file_name,
                photo.original,
                photo.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            ],
        )?;
        insert_renditions(&tx, &photo.id, &photo.renditions)?;
        if let Some(article) = article {
            attach(&tx, article, &photo.id)?;
            search_index::reindex(&tx, article)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces the rows of a photo's renditions.
    pub(crate) fn record_renditions(&mut self, id: &str, rows: &[Rendition]) -> Result<()> {
        let tx = self.write_tx()?;
        insert_renditions(&tx, id, rows)?;
        tx.commit()?;
        Ok(())
    }

    /// The photo already stored with this SHA-256, if any.
    pub(crate) fn photo_with_sha256(&self, sha256: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row("SELECT id FROM photos WHERE sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?)
    }

    /// Writes a photo's words as they are (splitting a pasted caption is the media store's).
    pub(crate) fn record_photo_words(&mut self, photo: &Photo) -> Result<()> {
        let tx = self.write_tx()?;
        load(&tx, &photo.id)?;
        tx.execute(
            "UPDATE photos SET caption = ?2, credit = ?3, photographer = ?4, alt = ?5 WHERE id = ?1",
            params![photo.id, photo.caption, photo.credit, photo.photographer, photo.alt],
        )?;
        // Captions and credits are searched as part of the articles that show them.
        search_index::reindex_showing(&tx, &photo.id)?;
        tx.commit()?;
        Ok(())
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

    /// The photos on the strips of `articles` (the exported ones): a draft's photos stay out of
    /// the public site until the draft is published.
    pub fn photos_shown_by(&self, articles: &std::collections::HashSet<ArticleId>) -> Result<Vec<Photo>> {
        let ids: Vec<String> = {
            // One pass over the strips: cheaper than a query per article on a large site.
            let mut stmt = self.conn().prepare_cached(
                "SELECT ap.article_id, ap.photo_id FROM article_photos ap JOIN photos p ON p.id = ap.photo_id
                 ORDER BY p.created_at DESC, p.id",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            let mut seen = std::collections::HashSet::new();
            let mut ids = Vec::new();
            for row in rows {
                let (article, photo) = row?;
                let shown = article.parse::<ArticleId>().is_ok_and(|a| articles.contains(&a));
                if shown && seen.insert(photo.clone()) {
                    ids.push(photo);
                }
            }
            ids
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

    /// Adds a photo at the end of an article's strip (no change when it is there already).
    pub fn attach_photo(&mut self, article: ArticleId, photo: &str) -> Result<()> {
        let tx = self.write_tx()?;
        load(&tx, photo)?;
        attach(&tx, article, photo)?;
        search_index::reindex(&tx, article)?;
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
        search_index::reindex(&tx, article)?;
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
}
