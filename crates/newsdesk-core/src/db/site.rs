//! The site row and its channels.

use rusqlite::{OptionalExtension, params};

use super::Db;
use crate::error::{Error, Invalid, Result};
use crate::site::{Channel, Site};
use crate::slug;

impl Db {
    /// Sets the page settings an editor changes: the footer lines (CRLF read as LF, trailing
    /// blank lines dropped), the theme folder (empty: the built-in theme) and the page size.
    /// What is None stays.
    pub fn set_site_pages(
        &mut self,
        footer: Option<&str>,
        theme_dir: Option<&str>,
        page_size: Option<i64>,
    ) -> Result<Site> {
        let mut site = self.site()?;
        if let Some(f) = footer {
            site.footer = f.replace("\r\n", "\n").trim_end().to_string();
        }
        if let Some(dir) = theme_dir {
            site.theme_dir = Some(dir.trim().to_string()).filter(|d| !d.is_empty());
        }
        if let Some(n) = page_size {
            site.page_size = n;
        }
        self.init_site(&site)
    }

    /// Sets the site's name, address and time zone; the first call creates it.
    pub fn init_site(&mut self, site: &Site) -> Result<Site> {
        let site = site.clone().validated()?;
        self.conn().execute(
            "INSERT INTO site (id, name, base_url, time_zone, footer, url_pattern, theme_dir, page_size)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET name = ?1, base_url = ?2, time_zone = ?3, footer = ?4,
                 url_pattern = ?5, theme_dir = ?6, page_size = ?7",
            params![
                site.name,
                site.base_url,
                site.time_zone,
                site.footer,
                site.url_pattern,
                site.theme_dir,
                site.page_size
            ],
        )?;
        Ok(site)
    }

    /// Changes the site's name, address and zone, keeping its page settings.
    pub fn rename_site(&mut self, name: &str, base_url: &str, time_zone: &str) -> Result<Site> {
        let current = match self.site() {
            Ok(site) => site,
            Err(Error::NoSite) => Site::new(name, base_url, time_zone)?,
            Err(e) => return Err(e),
        };
        self.init_site(&Site {
            name: name.to_string(),
            base_url: base_url.to_string(),
            time_zone: time_zone.to_string(),
            ..current
        })
    }

    pub fn site(&self) -> Result<Site> {
        site_of(self.conn())
    }

    pub fn channels(&self) -> Result<Vec<Channel>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT name, slug, position FROM channels ORDER BY position, id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Channel {
                name: r.get(0)?,
                slug: r.get(1)?,
                position: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Adds a channel at the end of the navigation. Its slug comes from the name unless given.
    pub fn add_channel(&mut self, name: &str, slug: Option<&str>) -> Result<Channel> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Invalid::ChannelNameRequired.into());
        }
        let slug = match slug.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => {
                slug::validate(s)?;
                s.to_string()
            }
            None => slug::from_title(name),
        };
        let tx = self.write_tx()?;
        site_of(&tx)?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM channels WHERE name = ?1 OR slug = ?2 OR name = ?2 OR slug = ?1)",
            params![name, slug],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Invalid::ChannelExists(name.to_string()).into());
        }
        let position: i64 = tx.query_row("SELECT COALESCE(MAX(position) + 1, 0) FROM channels", [], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO channels (name, slug, position) VALUES (?1, ?2, ?3)",
            params![name, slug, position],
        )?;
        tx.commit()?;
        Ok(Channel {
            name: name.to_string(),
            slug,
            position,
        })
    }

    /// Renames a channel; its articles follow, since they refer to it by id.
    pub fn rename_channel(&mut self, channel: &str, new_name: &str) -> Result<Channel> {
        let new_name = new_name.trim();
        if new_name.is_empty() {
            return Err(Invalid::ChannelNameRequired.into());
        }
        let tx = self.write_tx()?;
        let (id, _) = resolve_channel(&tx, channel)?;
        let clash: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM channels WHERE name = ?1 AND id <> ?2)",
            params![new_name, id],
            |r| r.get(0),
        )?;
        if clash {
            return Err(Invalid::ChannelExists(new_name.to_string()).into());
        }
        tx.execute("UPDATE channels SET name = ?1 WHERE id = ?2", params![new_name, id])?;
        let ch = channel_row(&tx, id)?;
        tx.commit()?;
        Ok(ch)
    }

    /// Changes a channel's slug: its pages move to the new address with the next export.
    pub fn set_channel_slug(&mut self, channel: &str, slug: &str) -> Result<Channel> {
        let slug = slug.trim();
        slug::validate(slug)?;
        let tx = self.write_tx()?;
        let (id, _) = resolve_channel(&tx, channel)?;
        let clash: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM channels WHERE (slug = ?1 OR name = ?1) AND id <> ?2)",
            params![slug, id],
            |r| r.get(0),
        )?;
        if clash {
            return Err(Invalid::ChannelExists(slug.to_string()).into());
        }
        tx.execute("UPDATE channels SET slug = ?1 WHERE id = ?2", params![slug, id])?;
        // Every page of the channel changes its address: the articles count as written.
        tx.execute("UPDATE articles SET saves = saves + 1 WHERE channel_id = ?1", [id])?;
        let ch = channel_row(&tx, id)?;
        tx.commit()?;
        Ok(ch)
    }

    /// Deletes a channel. Its articles (trash included) move to `move_to` first, so none is
    /// lost; a channel that has articles cannot go without somewhere for them. Deleting with
    /// `move_to` is how two channels are merged.
    pub fn delete_channel(&mut self, channel: &str, move_to: Option<&str>) -> Result<usize> {
        let tx = self.write_tx()?;
        let (id, name) = resolve_channel(&tx, channel)?;
        let count: i64 = tx.query_row("SELECT COUNT(*) FROM articles WHERE channel_id = ?1", [id], |r| {
            r.get(0)
        })?;
        if count > 0 {
            let Some(target) = move_to else {
                return Err(Invalid::ChannelNotEmpty {
                    name,
                    articles: count as usize,
                }
                .into());
            };
            let (into, into_name) = resolve_channel(&tx, target)?;
            if into == id {
                return Err(Invalid::ChannelNotEmpty {
                    name: into_name,
                    articles: count as usize,
                }
                .into());
            }
            tx.execute(
                "UPDATE articles SET channel_id = ?2, saves = saves + 1 WHERE channel_id = ?1",
                params![id, into],
            )?;
            super::search_index::move_channel(&tx, id, into)?;
        }
        tx.execute("DELETE FROM channels WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(count as usize)
    }

    /// Puts the named channels first, in this order; the others keep their order after them.
    pub fn reorder_channels(&mut self, order: &[String]) -> Result<Vec<Channel>> {
        let tx = self.write_tx()?;
        let mut ids = Vec::new();
        for c in order {
            ids.push(resolve_channel(&tx, c)?.0);
        }
        let rest: Vec<i64> = {
            let mut stmt = tx.prepare("SELECT id FROM channels ORDER BY position, id")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<Result<Vec<i64>, _>>()?
                .into_iter()
                .filter(|id| !ids.contains(id))
                .collect()
        };
        for (pos, id) in ids.iter().chain(rest.iter()).enumerate() {
            tx.execute(
                "UPDATE channels SET position = ?1 WHERE id = ?2",
                params![pos as i64, id],
            )?;
        }
        tx.commit()?;
        self.channels()
    }
}

pub(super) fn site_of(conn: &rusqlite::Connection) -> Result<Site> {
    conn.query_row(
        "SELECT name, base_url, time_zone, footer, url_pattern, theme_dir, page_size FROM site WHERE id = 1",
        [],
        |r| {
            Ok(Site {
                name: r.get(0)?,
                base_url: r.get(1)?,
                time_zone: r.get(2)?,
                footer: r.get(3)?,
                url_pattern: r.get(4)?,
                theme_dir: r.get(5)?,
                page_size: r.get(6)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::NoSite)
}

fn channel_row(conn: &rusqlite::Connection, id: i64) -> Result<Channel> {
    Ok(
        conn.query_row("SELECT name, slug, position FROM channels WHERE id = ?1", [id], |r| {
            Ok(Channel {
                name: r.get(0)?,
                slug: r.get(1)?,
                position: r.get(2)?,
            })
        })?,
    )
}

/// The channel an article goes to when none is named: the first in navigation order.
pub(super) fn first_channel(conn: &rusqlite::Connection) -> Result<String> {
    conn.query_row("SELECT name FROM channels ORDER BY position, id LIMIT 1", [], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or_else(|| Invalid::NoChannel.into())
}

/// Finds a channel by its name or slug: (id, name).
pub(super) fn resolve_channel(conn: &rusqlite::Connection, name_or_slug: &str) -> Result<(i64, String)> {
    let key = name_or_slug.trim();
    conn.query_row(
        "SELECT id, name FROM channels WHERE name = ?1 OR slug = ?1 ORDER BY name = ?1 DESC LIMIT 1",
        [key],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Invalid::UnknownChannel(key.to_string()).into())
}
