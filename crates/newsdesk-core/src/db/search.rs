//! Answering searches from the index (`search_index.rs` writes it; the syntax and folding are
//! `search/`): filtering and counting hits from `search_docs`, ranking them by how many there
//! are, keeping the last search's ranking for its later pages, checking what the index only narrows.

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::Db;
use super::articles::{ARTICLE_COLUMNS, article_from_row};
use super::rows;
use super::search_index::captions;
use crate::article::Status;
use crate::error::Result;
use crate::list::{ArticleCounts, ArticleFilter, ArticlePage, ArticleSummary, Found};
use crate::search::{self, CHEAP_RANKING_ABOVE, Field, RANK_BY_RELEVANCE_UP_TO, SearchQuery, snippet};

fn counts_of(rows: impl IntoIterator<Item = (String, bool, i64)>) -> ArticleCounts {
    let mut counts = ArticleCounts::default();
    for (status, trashed, n) in rows {
        if trashed {
            counts.trash += n;
            continue;
        }
        counts.total += n;
        match status.as_str() {
            "draft" => counts.draft += n,
            "ready" => counts.ready += n,
            "scheduled" => counts.scheduled += n,
            "published" => counts.published += n,
            _ => counts.withdrawn += n,
        }
    }
    counts
}

/// How many of the counted articles the filter's status and trash choice leave.
pub(super) fn total_of(counts: &ArticleCounts, filter: &ArticleFilter) -> i64 {
    if filter.trash {
        return counts.trash;
    }
    match filter.status {
        None => counts.total,
        Some(Status::Draft) => counts.draft,
        Some(Status::Ready) => counts.ready,
        Some(Status::Scheduled) => counts.scheduled,
        Some(Status::Published) => counts.published,
        Some(Status::Withdrawn) => counts.withdrawn,
    }
}

pub(super) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: rows::article_id(r, 0)?,
        title: r.get(1)?,
        channel: r.get(2)?,
        status: rows::word("status", r.get_ref(3)?.as_str()?)?,
        publish_at: rows::instant_or_null(r, 4, "publish_at")?,
        updated_at: rows::instant(r, 5, "updated_at")?,
        revision: r.get(6)?,
        snippet: None,
    })
}

/// The snippet of a hit: around the first hit in the body, else in the title.
fn snippet_of(query: &SearchQuery, title: &str, body: &str) -> Option<Vec<search::SnippetPart>> {
    let terms: Vec<&str> = query
        .positive()
        .filter(|t| matches!(t.field, None | Some(Field::Body) | Some(Field::Title)))
        .map(|t| t.text.as_str())
        .collect();
    snippet::snippet(body, &terms).or_else(|| snippet::snippet(title, &terms))
}

/// Where a filter's columns are, in the rows it filters: a hit's `search_docs` row (`d`), or an
/// article row (`a`) with its channel (`c`) for the list without a query.
pub(super) struct Columns {
    channel: &'static str,
    day: &'static str,
    source: &'static str,
    editor: &'static str,
    trashed: &'static str,
    status: &'static str,
}

pub(super) const DOC_COLUMNS: Columns = Columns {
    channel: "d.channel_id IN (SELECT id FROM channels WHERE name = ? OR slug = ?)",
    day: "d.day",
    source: "d.source",
    editor: "d.editor",
    trashed: "d.trashed",
    status: "d.status",
};

pub(super) const ARTICLE_ROW_COLUMNS: Columns = Columns {
    channel: "(c.name = ? OR c.slug = ?)",
    day: "substr(a.publish_at, 1, 10)",
    source: "a.source_name",
    editor: "a.editor",
    trashed: "(a.deleted_at IS NOT NULL)",
    status: "a.status",
};

/// The filter's conditions on channel, dates and attribution. Status and trash are apart
/// ([`page_conditions`]): the counts beside the filter break those down.
pub(super) fn conditions(filter: &ArticleFilter, cols: &Columns, params: &mut Vec<Value>) -> String {
    let mut sql = String::new();
    let mut add = |cond: String, value: &Option<String>| {
        if let Some(v) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            params.push(Value::Text(v.to_string()));
            sql.push_str(" AND ");
            sql.push_str(&cond.replace('?', &format!("?{}", params.len())));
        }
    };
    add(cols.channel.to_string(), &filter.channel);
    add(format!("{} >= ?", cols.day), &filter.from);
    add(format!("{} <= ?", cols.day), &filter.to);
    add(format!("{} = ?", cols.source), &filter.source);
    add(format!("{} = ?", cols.editor), &filter.editor);
    sql
}

pub(super) fn page_conditions(filter: &ArticleFilter, cols: &Columns, params: &mut Vec<Value>) -> String {
    let mut sql = format!(" AND {} = {}", cols.trashed, i32::from(filter.trash));
    if let Some(s) = filter.status {
        params.push(Value::Text(s.as_str().to_string()));
        sql.push_str(&format!(" AND {} = ?{}", cols.status, params.len()));
    }
    sql
}

/// Counts by status of the rows `from … WHERE 1 {and}` gives, with `params` for them.
pub(super) fn counts_from(
    conn: &Connection,
    select: &str,
    from: &str,
    and: &str,
    params: &[Value],
) -> Result<ArticleCounts> {
    let sql = format!("SELECT {select}, COUNT(*) {from} WHERE 1 {and} GROUP BY 1, 2");
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, i64>(2)?))
    })?;
    Ok(counts_of(rows.collect::<Result<Vec<_>, _>>()?))
}

/// A search as last answered: its counts and, when ranked, every hit's id in order. Valid while
/// the database is as it was then: no write by this connection (`total_changes`) or another
/// (`data_version`) since.
pub(crate) struct LastSearch {
    key: String,
    version: (i64, i64),
    counts: ArticleCounts,
    ranked: Option<std::sync::Arc<Vec<String>>>,
}

fn version(conn: &Connection) -> Result<(i64, i64)> {
    let data: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((data, conn.total_changes() as i64))
}

/// How a query's hits are ordered, by how many there are: the full ranking while it is cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranking {
    /// Title hits first, then BM25, then recency.
    Relevance,
    /// Title hits first, then recency.
    TitleThenRecency,
    /// Newest first.
    Recency,
}

impl Ranking {
    fn for_hits(hits: usize) -> Ranking {
        if hits <= RANK_BY_RELEVANCE_UP_TO {
            Ranking::Relevance
        } else if hits <= CHEAP_RANKING_ABOVE {
            Ranking::TitleThenRecency
        } else {
            Ranking::Recency
        }
    }
}

/// A query as SQL: where its hits come from and what leaves some out, with their parameters.
struct Plan {
    /// What every hit matches (none: every article is a candidate).
    expression: Option<String>,
    excluded: String,
    params: Vec<Value>,
    /// What a title hit matches; numbered last, as only the ordering needs it.
    title: Option<String>,
}

impl Plan {
    fn of(query: &SearchQuery) -> Plan {
        let mut params = Vec::new();
        let expression = query.expression();
        if let Some(e) = &expression {
            params.push(Value::Text(e.clone()));
        }
        let excluded = match query.excluded_expression() {
            Some(e) => {
                params.push(Value::Text(e));
                format!(
                    " AND h.doc NOT IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?{})",
                    params.len()
                )
            }
            None => String::new(),
        };
        Plan {
            expression,
            excluded,
            params,
            title: query.title_expression(),
        }
    }

    /// The hits with their `search_docs` rows; `ranked` adds each hit's BM25 score.
    fn from(&self, ranked: bool) -> String {
        let hits = match &self.expression {
            Some(_) => {
                let score = if ranked {
                    "bm25(search_grams, 10, 10, 1, 1, 3, 3, 3, 3, 3, 3)"
                } else {
                    "0"
                };
                format!("SELECT rowid AS doc, {score} AS score FROM search_grams WHERE search_grams MATCH ?1")
            }
            None => "SELECT doc, 0 AS score FROM search_docs".to_string(),
        };
        format!("FROM ({hits}) h JOIN search_docs d ON d.doc = h.doc")
    }

    /// The order of the hits: title hits first (their expression added to `params`), then
    /// BM25, then recency, which the index's row ids give; cheaper rankings drop BM25, then
    /// the title rule, so that FTS5 hands over the newest hits first and stops at the page.
    fn order(&self, ranking: Ranking, params: &mut Vec<Value>) -> String {
        let rest = match ranking {
            Ranking::Relevance => "h.score, h.doc DESC",
            Ranking::TitleThenRecency => "h.doc DESC",
            Ranking::Recency => return "h.doc DESC".to_string(),
        };
        match &self.title {
            Some(e) => {
                params.push(Value::Text(e.clone()));
                format!(
                    "(h.doc IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?{})) DESC, {rest}",
                    params.len()
                )
            }
            None => rest.to_string(),
        }
    }

    /// Every hit in ranked order with what the counts need, the filter's status and trash aside:
    /// one pass gives both the counts and the ranking.
    fn ranked_hits(
        &self,
        conn: &Connection,
        filter: &ArticleFilter,
        ranking: Ranking,
    ) -> Result<Vec<(String, String, bool)>> {
        let mut params = self.params.clone();
        let conditions = conditions(filter, &DOC_COLUMNS, &mut params);
        let order = self.order(ranking, &mut params);
        let sql = format!(
            "SELECT d.article_id, d.status, d.trashed {} WHERE 1 {} {conditions} ORDER BY {order}",
            self.from(ranking == Ranking::Relevance),
            self.excluded
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many articles match the expression, counted up to `cap + 1` (the index alone).
    fn hits_up_to(&self, conn: &Connection, cap: usize) -> Result<usize> {
        let Some(e) = &self.expression else {
            return Ok(usize::MAX);
        };
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT rowid FROM search_grams WHERE search_grams MATCH ?1 LIMIT {})",
            cap + 1
        );
        Ok(conn.prepare_cached(&sql)?.query_row([e], |r| r.get::<_, i64>(0))? as usize)
    }

    /// The ids of the hits in ranked order: the page of them, or all (`None`).
    fn ids(
        &self,
        conn: &Connection,
        filter: &ArticleFilter,
        ranking: Ranking,
        page: Option<(i64, i64)>,
    ) -> Result<Vec<String>> {
        let mut params = self.params.clone();
        let mut conditions = conditions(filter, &DOC_COLUMNS, &mut params);
        if page.is_some() {
            conditions.push_str(&page_conditions(filter, &DOC_COLUMNS, &mut params));
        }
        let order = self.order(ranking, &mut params);
        let limit = page.map_or(String::new(), |(limit, offset)| {
            format!(" LIMIT {limit} OFFSET {offset}")
        });
        let sql = format!(
            "SELECT d.article_id {} WHERE 1 {} {conditions} ORDER BY {order}{limit}",
            self.from(ranking == Ranking::Relevance),
            self.excluded
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }
}

impl Db {
    /// The page of articles matching `query` and `filter`, ranked, with snippets; the counts
    /// break the matches of query, channel, dates and attribution down by status.
    pub fn search(&self, query: &SearchQuery, filter: &ArticleFilter) -> Result<ArticlePage> {
        let conn = self.conn();
        let plan = Plan::of(query);
        if query.needs_check() {
            return self.search_checked(query, filter, &plan);
        }
        // The same query and filter but another page: the counts, and a ranking, are kept.
        let key = serde_json::to_string(&(
            &plan.expression,
            &plan.excluded,
            &plan.title,
            ArticleFilter {
                offset: None,
                limit: None,
                ..filter.clone()
            },
        ))
        .expect("a filter serializes");
        let now = version(conn)?;
        let kept = {
            let last = self.last_search.lock().unwrap_or_else(|p| p.into_inner());
            last.as_ref()
                .filter(|l| l.key == key && l.version == now)
                .map(|l| (l.counts.clone(), l.ranked.clone()))
        };
        let (counts, ranked) = match kept {
            Some(k) => k,
            None => {
                // Up to the cheap-ranking threshold, one ranked pass over the hits gives the
                // counts and the order; past it, the counts are one pass and each page another,
                // newest first, which the index hands over without sorting.
                let ranking = Ranking::for_hits(plan.hits_up_to(conn, CHEAP_RANKING_ABOVE)?);
                let (counts, ranked) = match ranking {
                    Ranking::Recency => {
                        let mut params = plan.params.clone();
                        let conditions = conditions(filter, &DOC_COLUMNS, &mut params);
                        let and = format!("{} {conditions}", plan.excluded);
                        (
                            counts_from(conn, "d.status, d.trashed", &plan.from(false), &and, &params)?,
                            None,
                        )
                    }
                    r => {
                        let hits = plan.ranked_hits(conn, filter, r)?;
                        let counts = counts_of(hits.iter().map(|(_, s, t)| (s.clone(), *t, 1)));
                        let wanted = filter.status.map(Status::as_str);
                        let ids: Vec<String> = hits
                            .into_iter()
                            .filter(|(_, s, t)| *t == filter.trash && wanted.is_none_or(|w| w == s))
                            .map(|(id, _, _)| id)
                            .collect();
                        (counts, Some(std::sync::Arc::new(ids)))
                    }
                };
                *self.last_search.lock().unwrap_or_else(|p| p.into_inner()) = Some(LastSearch {
                    key,
                    version: now,
                    counts: counts.clone(),
                    ranked: ranked.clone(),
                });
                (counts, ranked)
            }
        };
        let (limit, offset) = (
            filter.limit.map_or(usize::MAX, |l| l as usize),
            filter.offset.unwrap_or(0) as usize,
        );
        let ids: Vec<String> = match ranked {
            Some(all) => all.iter().skip(offset).take(limit).cloned().collect(),
            None => plan.ids(
                conn,
                filter,
                Ranking::Recency,
                Some((limit.min(i64::MAX as usize) as i64, offset as i64)),
            )?,
        };
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.title, c.name, a.status, a.publish_at, a.updated_at, a.revision, a.body
             FROM articles a JOIN channels c ON c.id = a.channel_id WHERE a.id IN (SELECT value FROM json_each(?1))",
        )?;
        let ids_json = serde_json::to_string(&ids).expect("ids serialize");
        let mut found = rows::read_all(&mut stmt, [ids_json], |r| {
            let mut s = summary_from_row(r)?;
            let body: String = r.get(7)?;
            s.snippet = snippet_of(query, &s.title, &body);
            Ok(s)
        })?;
        let rank: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        found
            .items
            .sort_by_key(|s| rank.get(s.id.to_string().as_str()).copied().unwrap_or(usize::MAX));
        Ok(ArticlePage {
            total: total_of(&counts, filter),
            items: found,
            counts,
        })
    }

    /// A query the index only narrows: every candidate is checked against its folded text.
    fn search_checked(&self, query: &SearchQuery, filter: &ArticleFilter, plan: &Plan) -> Result<ArticlePage> {
        let ids = plan.ids(self.conn(), filter, Ranking::Recency, None)?;
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, a.deleted_at IS NOT NULL FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.id IN (SELECT value FROM json_each(?1))"
        );
        let mut stmt = self.conn().prepare(&sql)?;
        let candidates = rows::read_all(&mut stmt, [serde_json::to_string(&ids).expect("ids serialize")], |r| {
            Ok((article_from_row(r)?, r.get::<_, bool>(19)?))
        })?;
        let rank: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let mut matching = Vec::new();
        for (article, trashed) in candidates.items {
            let folded = search::folded_article(&article, &captions(self.conn(), article.id)?);
            if query.matches(&folded) {
                matching.push((article, trashed));
            }
        }
        matching.sort_by_key(|(a, _)| rank.get(a.id.to_string().as_str()).copied().unwrap_or(usize::MAX));
        let counts = counts_of(matching.iter().map(|(a, t)| (a.status.as_str().to_string(), *t, 1)));
        let offset = filter.offset.unwrap_or(0) as usize;
        let limit = filter.limit.map_or(usize::MAX, |l| l as usize);
        let items = matching
            .into_iter()
            .filter(|(a, t)| *t == filter.trash && filter.status.is_none_or(|s| s == a.status))
            .skip(offset)
            .take(limit)
            .map(|(a, _)| ArticleSummary {
                snippet: snippet_of(query, &a.title, &a.body),
                id: a.id,
                title: a.title,
                channel: a.channel,
                status: a.status,
                publish_at: a.publish_at,
                updated_at: a.updated_at,
                revision: a.revision,
            })
            .collect();
        Ok(ArticlePage {
            total: total_of(&counts, filter),
            items: Found {
                items,
                damaged: candidates.damaged,
            },
            counts,
        })
    }
}
