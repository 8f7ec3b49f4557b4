//! Publishing targets: the portals a site pushes to. Credentials are never stored here.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Db;
use super::rows::unreadable;
use crate::error::{Error, Invalid, Result};
use crate::publishing::{Target, TargetKind};
use crate::site::check_web_url;

const TARGET_COLUMNS: &str = "id, name, kind, url, user, stopped_reason, created_at";

fn target_from_row(r: &Row<'_>) -> rusqlite::Result<Target> {
    let kind = r.get_ref(2)?.as_str()?;
    let created = r.get_ref(6)?.as_str()?;
    Ok(Target {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: match kind {
            "wordpress" => TargetKind::Wordpress,
            other => return Err(unreadable("kind", other, "not a target kind")),
        },
        url: r.get(3)?,
        user: r.get(4)?,
        stopped_reason: r.get(5)?,
        created_at: DateTime::parse_from_rfc3339(created)
            .map_err(|e| unreadable("created_at", created, e))?
            .with_timezone(&Utc),
    })
}

pub(super) fn all(conn: &Connection) -> Result<Vec<Target>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {TARGET_COLUMNS} FROM targets ORDER BY id"))?;
    Ok(stmt.query_map([], target_from_row)?.collect::<Result<_, _>>()?)
}

impl Db {
    /// Adds a portal to push to. The name is how people and the keychain know it.
    pub fn add_target(
        &mut self,
        name: &str,
        kind: TargetKind,
        url: &str,
        user: &str,
        now: DateTime<Utc>,
    ) -> Result<Target> {
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(Invalid::TargetName(name.to_string()).into());
        }
        let url = url.trim();
        check_web_url("target.url", url)?;
        let tx = self.write_tx()?;
        if target_named(&tx, name)?.is_some() {
            return Err(Invalid::TargetExists(name.to_string()).into());
        }
        tx.execute(
            "INSERT INTO targets (name, kind, url, user, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                name,
                kind.as_str(),
                url,
                user.trim(),
                now.to_rfc3339_opts(SecondsFormat::Secs, true)
            ],
        )?;
        let target = target_named(&tx, name)?.expect("just inserted");
        tx.commit()?;
        Ok(target)
    }

    pub fn targets(&self) -> Result<Vec<Target>> {
        all(self.conn())
    }

    pub fn target(&self, name: &str) -> Result<Target> {
        target_named(self.conn(), name.trim())?.ok_or_else(|| Error::NotFound {
            what: "target",
            id: name.to_string(),
        })
    }

    pub fn target_by_id(&self, id: i64) -> Result<Target> {
        self.conn()
            .query_row(
                &format!("SELECT {TARGET_COLUMNS} FROM targets WHERE id = ?1"),
                [id],
                target_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "target",
                id: id.to_string(),
            })
    }

    /// Removes a target with its publications and queue (the portal's posts stay there).
    pub fn remove_target(&mut self, name: &str) -> Result<Target> {
        let target = self.target(name)?;
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM targets WHERE id = ?1", [target.id])?;
        tx.commit()?;
        Ok(target)
    }

    /// Stops sending to a target (its credentials were refused) until [`Db::resume_target`].
    pub fn stop_target(&mut self, id: i64, reason: &str) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE targets SET stopped_reason = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sends to a target again, e.g. after new credentials were stored.
    pub fn resume_target(&mut self, id: i64) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute("UPDATE targets SET stopped_reason = NULL WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }
}

fn target_named(conn: &Connection, name: &str) -> Result<Option<Target>> {
    Ok(conn
        .query_row(
            &format!("SELECT {TARGET_COLUMNS} FROM targets WHERE name = ?1"),
            [name],
            target_from_row,
        )
        .optional()?)
}
