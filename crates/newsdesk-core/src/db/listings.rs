//! Reads of many articles at once: the editor's list and its counts, and what exports and
//! backups read — listings from the narrow `articles_listing` index, whole articles in batches.
//! Each read sets a damaged row aside rather than failing (see `rows`).

use std::collections::HashMap;

use rusqlite::{Connection, Row};

use super::Db;
use super::articles::{ARTICLE_COLUMNS, article_from_row};
use super::rows;
use super::search;
use super::site::site_of;
use crate::article::Status;
use crate::article::{Article, ArticleId, ListText, Listing};
use crate::error::Result;
use crate::list::{ArticleCounts, ArticleFilter, ArticlePage, ArticleSort, Found};
use crate::publishing::publishing_state;
use crate::search::SearchQuery;
use chrono::{DateTime, Utc};

fn listing_from_row(r: &Row<'_>, channels: &HashMap<i64, String>) -> rusqlite::Result<Listing> {
    Ok(Listing {
        id: rows::article_id(r, 0)?,
        channel: channels.get(&r.get(1)?).cloned().unwrap_or_default(),
        slug: r.get(2)?,
        publish_at: rows::instant_or_null(r, 3, "publish_at")?,
        created_at: rows::instant(r, 4, "created_at")?,
        updated_at: rows::instant(r, 5, "updated_at")?,
        revision: r.get(6)?,
        saves: r.get(7)?,
        text_digest: r.get(8)?,
    })
}

/// The SQL function giving [`Listing::text_digest`]: computed inside the query, so the texts
/// themselves never leave SQLite when only their change matters.
pub(crate) const TEXT_DIGEST: &str = "newsdesk_text_digest";

/// Registers [`TEXT_DIGEST`] on a connection. FxHash: fast, and only ever compared with digests
/// this same build made (an export's manifest records fingerprints built from it).
pub(crate) fn register_text_digest(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use std::hash::Hasher;
    conn.create_scalar_function(
        TEXT_DIGEST,
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let mut h = rustc_hash::FxHasher::default();
            h.write(ctx.get_raw(0).as_str().unwrap_or_default().as_bytes());
            match ctx.get_raw(1).as_str_or_null().ok().flatten() {
                Some(summary) => {
                    h.write_u8(1);
                    h.write(summary.as_bytes());
                }
                None => h.write_u8(0),
            }
            Ok(h.finish() as i64)
        },
    )
}

/// The SQL face of [`crate::publishing::publishing_state`]: whether an article with this status
/// and publish time is public at `now` (Unix seconds). Export reads every published list with
/// it, so 定时发布 is on the site from its time on, by the same rule push and preview use.
pub(crate) const IS_PUBLIC: &str = "newsdesk_is_public";

pub(crate) fn register_is_public(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        IS_PUBLIC,
        3,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let status: Option<Status> = ctx.get_raw(0).as_str().ok().and_then(|s| s.parse().ok());
            let publish_at = ctx
                .get_raw(1)
                .as_str_or_null()
                .ok()
                .flatten()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
            let now = chrono::DateTime::from_timestamp(ctx.get::<i64>(2)?, 0).unwrap_or_default();
            Ok(status.is_some_and(|s| publishing_state(s, publish_at, now).is_public()))
        },
    )
}

/// The statuses that can be public (the index narrows to them before [`IS_PUBLIC`] decides).
const MAYBE_PUBLIC: &str = "a.status IN ('published', 'scheduled')";

/// Outlets by use, read from their own index (`articles_by_source`), never the articles' rows.
const KNOWN_OUTLETS: &str = "SELECT source_name FROM articles WHERE source_name IS NOT NULL GROUP BY source_name ORDER BY COUNT(*) DESC, source_name";

/// A channel's newest public articles, [`Listing::newest_first`], from `articles_latest`
/// (migration 0014): the rows in order, the public ones taken until the limit.
fn latest_sql(now: DateTime<Utc>) -> String {
    format!(
        "SELECT a.id, a.channel_id, a.slug, a.publish_at, a.created_at, a.updated_at, a.revision, a.saves,
                {TEXT_DIGEST}(a.title, a.summary)
         FROM articles a INDEXED BY articles_latest
         WHERE a.channel_id = (SELECT id FROM channels WHERE name = ?1)
           AND {MAYBE_PUBLIC} AND a.deleted_at IS NULL AND {IS_PUBLIC}(a.status, a.publish_at, {now})
         ORDER BY unixepoch(coalesce(a.publish_at, a.created_at), 'subsec') DESC, a.id DESC
         LIMIT ?2",
        now = now.timestamp()
    )
}

/// A page of the list in its order: the order's index gives the rows newest first and the
/// filter is checked on them (see migration 0013), so no page sorts the rows it passes over.
fn page_sql(filter: &ArticleFilter, from: &str, conditions: &str, params: &mut Vec<rusqlite::types::Value>) -> String {
    let order = match filter.sort {
        ArticleSort::Updated => "a.updated_at DESC, a.id DESC",
        ArticleSort::Publish => "a.publish_at IS NULL, a.publish_at DESC, a.id DESC",
    };
    let page = search::page_conditions(filter, &search::ARTICLE_ROW_COLUMNS, params);
    let (limit, offset) = (
        filter.limit.map_or(-1, i64::from),
        i64::from(filter.offset.unwrap_or(0)),
    );
    format!(
        "SELECT a.id, a.title, c.name, a.status, a.publish_at, a.updated_at, a.revision
         {from} WHERE 1 {conditions} {page} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    )
}

impl Db {
    /// A page of the live articles (or the trash) as the list shows them, a search's ranked
    /// hits when the filter has a query; damaged rows are set aside.
    pub fn list_articles(&self, filter: &ArticleFilter) -> Result<ArticlePage> {
        // An empty list from a database without a site would hide that `init` is missing.
        site_of(self.conn())?;
        let query = SearchQuery::parse(filter.query.as_deref().unwrap_or(""));
        if !query.is_empty() {
            return self.search(&query, filter);
        }
        let from = "FROM articles a JOIN channels c ON c.id = a.channel_id";
        let mut params = Vec::new();
        let conditions = search::conditions(filter, &search::ARTICLE_ROW_COLUMNS, &mut params);
        let counts = if search::only_channel(filter) {
            // The tally answers a whole channel (or the site) without counting its articles.
            let mut tally_params = Vec::new();
            let on_channel = search::conditions(filter, &search::TALLY_COLUMNS, &mut tally_params);
            search::tally(self.conn(), &on_channel, &tally_params)?
        } else {
            search::counts_from(
                self.conn(),
                "a.status, a.deleted_at IS NOT NULL",
                from,
                &conditions,
                &params,
            )?
        };
        let sql = page_sql(filter, from, &conditions, &mut params);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let items = rows::read_all(
            &mut stmt,
            rusqlite::params_from_iter(params.iter()),
            search::summary_from_row,
        )?;
        Ok(ArticlePage {
            total: search::total_of(&counts, filter),
            total_is_lower_bound: false,
            items,
            counts,
        })
    }

    /// How many live articles there are by status, and in the trash.
    pub fn article_counts(&self) -> Result<ArticleCounts> {
        search::tally(self.conn(), "", &[])
    }

    /// Outlets (来源) used before, most used first, for the attribution form's suggestions.
    pub fn known_outlets(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(KNOWN_OUTLETS)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The newest public articles of a channel at `now` with their titles, for its 最新<栏目>
    /// list, in the order the export lists them (by instant, whatever zone each time was written in).
    pub fn latest_published(
        &self,
        channel: &str,
        limit: usize,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Listing, ListText)>> {
        let channels = self.channel_names()?;
        let mut stmt = self.conn().prepare_cached(&latest_sql(now))?;
        let mut list = rows::read_all(&mut stmt, rusqlite::params![channel, limit as i64], |r| {
            listing_from_row(r, &channels)
        })?
        .items;
        // The index's order is [`Listing::newest_first`]'s; sorted again, ten rows, in case a
        // time was stored in a form SQLite reads differently.
        list.sort_by(Listing::newest_first);
        let ids: Vec<ArticleId> = list.iter().map(|l| l.id).collect();
        let mut texts = self.list_texts(Some(&ids))?;
        Ok(list
            .into_iter()
            .filter_map(|l| texts.remove(&l.id).map(|t| (l, t)))
            .collect())
    }

    /// Every live article, oldest first: the order exports use so that output is stable. A
    /// damaged row is set aside, so that a backup still holds every other article.
    pub fn all_articles(&self) -> Result<Found<Article>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.deleted_at IS NULL ORDER BY a.created_at, a.id"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        rows::read_all(&mut stmt, [], article_from_row)
    }

    /// The published or scheduled articles among `ids`, whole: what an export renders, a batch
    /// at a time. The ids come from [`Db::published_listings`], which applied the clock.
    /// A damaged row is left out (the export reports the ids it planned but did not get).
    pub fn published_by_ids(&self, ids: &[ArticleId]) -> Result<Vec<Article>> {
        // By primary key (the unary `+` keeps SQLite from scanning the listing index instead).
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.id IN (SELECT value FROM json_each(?1))
               AND +a.status IN ('published', 'scheduled') AND +a.deleted_at IS NULL"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let ids = serde_json::to_string(ids).expect("ids serialize");
        Ok(rows::read_all(&mut stmt, [ids], article_from_row)?.items)
    }

    /// Every article public at `now` without its text: what an export plans from. Answered
    /// from the `articles_listing` index alone, so no body is read. Damaged rows are set aside.
    pub fn published_listings(&self, now: DateTime<Utc>) -> Result<Found<Listing>> {
        // One pass over a few megabytes of index: a small page cache is refilled as it goes,
        // where the usual one would take (and zero) sixteen megabytes of fresh memory first.
        let conn = self.conn();
        let cache: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -256)?;
        let listings = self.listings("", [], now);
        conn.pragma_update(None, "cache_size", cache)?;
        listings
    }

    /// Channel names by id, for listings: a map rather than a join, one lookup per channel
    /// instead of one per article.
    fn channel_names(&self) -> Result<HashMap<i64, String>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id, name FROM channels")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?)
    }

    fn listings<P: rusqlite::Params>(&self, and: &str, params: P, now: DateTime<Utc>) -> Result<Found<Listing>> {
        let channels = self.channel_names()?;
        let sql = format!(
            "SELECT a.id, a.channel_id, a.slug, a.publish_at, a.created_at, a.updated_at, a.revision, a.saves,
                    {TEXT_DIGEST}(a.title, a.summary)
             FROM articles a INDEXED BY articles_listing
             WHERE {MAYBE_PUBLIC} AND a.deleted_at IS NULL AND {IS_PUBLIC}(a.status, a.publish_at, {now}) {and}",
            now = now.timestamp()
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        rows::read_all(&mut stmt, params, |r| listing_from_row(r, &channels))
    }

    /// The list texts of published or scheduled articles (which are public is the listing's
    /// call): of those in `ids`, or of all; damaged rows left out.
    pub fn list_texts(&self, ids: Option<&[ArticleId]>) -> Result<HashMap<ArticleId, ListText>> {
        const PUBLISHED: &str = "a.status IN ('published', 'scheduled') AND a.deleted_at IS NULL";
        let mut stmt = self.conn().prepare_cached(&match ids {
            // By primary key, one lookup per id (the unary `+` keeps SQLite from scanning the
            // listing index for the status instead).
            Some(_) => "SELECT a.id, a.title, a.summary FROM articles a
                 WHERE a.id IN (SELECT value FROM json_each(?1))
                   AND +a.status IN ('published', 'scheduled') AND +a.deleted_at IS NULL"
                .to_string(),
            // One pass over the listing index, which holds every title and summary.
            None => format!(
                "SELECT a.id, a.title, a.summary FROM articles a INDEXED BY articles_listing
                 WHERE {PUBLISHED} AND ?1 IS NULL"
            ),
        })?;
        let ids = ids.map(|ids| serde_json::to_string(ids).expect("ids serialize"));
        let found = rows::read_all(&mut stmt, [ids], |r| {
            Ok((
                rows::article_id(r, 0)?,
                ListText {
                    title: r.get(1)?,
                    summary: r.get(2)?,
                },
            ))
        })?;
        Ok(found.items.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(db: &Db, sql: &str, params: &[rusqlite::types::Value]) -> Vec<String> {
        db.conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(rusqlite::params_from_iter(params), |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn a_page_of_the_list_is_read_in_its_order_and_never_sorted() {
        let mut db = Db::open_in_memory().unwrap();
        db.init_site(&crate::Site::new("站", "https://a.example", "Asia/Shanghai").unwrap())
            .unwrap();
        db.add_channel("百姓生活", Some("life")).unwrap();
        let from = "FROM articles a JOIN channels c ON c.id = a.channel_id";
        for sort in [ArticleSort::Updated, ArticleSort::Publish] {
            for (channel, status, trash) in [
                (None, None, false),
                (Some("life"), None, false),
                (None, Some(crate::Status::Published), false),
                (Some("百姓生活"), Some(crate::Status::Draft), false),
                (None, None, true),
            ] {
                let filter = ArticleFilter {
                    sort,
                    channel: channel.map(str::to_string),
                    status,
                    trash,
                    limit: Some(100),
                    ..ArticleFilter::default()
                };
                let mut params = Vec::new();
                let conditions = search::conditions(&filter, &search::ARTICLE_ROW_COLUMNS, &mut params);
                let sql = page_sql(&filter, from, &conditions, &mut params);
                let plan = plan(&db, &sql, &params);
                let index = match sort {
                    ArticleSort::Updated => "articles_by_updated",
                    ArticleSort::Publish => "articles_by_publish",
                };
                assert!(
                    plan.iter().any(|s| s.contains(&format!("SCAN a USING INDEX {index}")))
                        && !plan.iter().any(|s| s.contains("TEMP B-TREE")),
                    "{filter:?}: sorting a channel's or a status's every row for one page read them \
                     all (at 100,000 articles hundreds of MB paged in): {plan:?}"
                );
            }
        }
        let latest = plan(
            &db,
            &latest_sql(Utc::now()),
            &[String::from("百姓生活").into(), 10.into()],
        );
        assert!(
            latest.iter().any(|s| s.contains("USING INDEX articles_latest"))
                && !latest.iter().any(|s| s.contains("TEMP B-TREE")),
            "the 最新 list reads its rows in order and stops: {latest:?}"
        );
        assert!(
            plan(
                &db,
                "SELECT * FROM article_tally t JOIN channels c ON c.id = t.channel_id",
                &[]
            )
            .iter()
            .all(|s| !s.contains("articles")),
            "the counts come from the tally alone"
        );
    }

    #[test]
    fn known_outlets_read_their_index_and_no_article_row() {
        let db = Db::open_in_memory().unwrap();
        let plan: Vec<String> = db
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {KNOWN_OUTLETS}"))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("COVERING INDEX articles_by_source")),
            "at 100,000 articles a scan of the rows paged ~900 MB into the app at launch: {plan:?}"
        );
    }
}
