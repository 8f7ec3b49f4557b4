//! Answering searches from the index (`search_index.rs` writes it; the syntax and folding are
//! `search/`): filtering and counting hits from `search_docs`, ranking them by how many there
//! are, keeping the last search's ranking for its later pages, checking what the index only narrows.

use rusqlite::types::Value;
use rusqlite::{Connection, Row};

use super::Db;
use super::articles::{ARTICLE_COLUMN_COUNT, ARTICLE_COLUMNS, article_from_row};
use super::rows;
use super::search_index::captions;
use crate::article::Status;
use crate::error::Result;
use crate::list::{ArticleCounts, ArticleFilter, ArticlePage, ArticleSummary, Found};
use crate::search::{self, COUNT_EXACTLY_UP_TO, Field, SearchQuery, snippet};

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

/// The terms a snippet marks: those looked for in the body or title.
fn snippet_terms(query: &SearchQuery) -> Vec<&str> {
    query
        .positive()
        .filter(|t| matches!(t.field, None | Some(Field::Body) | Some(Field::Title)))
        .map(|t| t.text.as_str())
        .collect()
}

/// The snippet of a hit: around the first hit in the body, else in the title.
fn snippet_of(terms: &[&str], title: &str, body: &str) -> Option<Vec<search::SnippetPart>> {
    snippet::snippet(body, terms).or_else(|| snippet::snippet(title, terms))
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
    // `+`: checked on the rows the list's order gives (in its index), not looked up through
    // an index of its own, which leaves every row of the channel to be sorted for one page.
    channel: "+a.channel_id IN (SELECT id FROM channels WHERE name = ? OR slug = ?)",
    day: "substr(a.publish_at, 1, 10)",
    source: "a.source_name",
    editor: "a.editor",
    trashed: "(a.deleted_at IS NOT NULL)",
    status: "+a.status",
};

/// The tally's (`article_tally`, kept by triggers): it knows channels, statuses and the trash.
pub(super) const TALLY_COLUMNS: Columns = Columns {
    channel: "(c.name = ? OR c.slug = ?)",
    day: "NULL",
    source: "NULL",
    editor: "NULL",
    trashed: "t.trashed",
    status: "t.status",
};

/// Whether the filter narrows by nothing but a channel (its status and trash choice aside):
/// what the tally can count.
pub(super) fn only_channel(filter: &ArticleFilter) -> bool {
    let unset = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    unset(&filter.from) && unset(&filter.to) && unset(&filter.source) && unset(&filter.editor)
}

/// Counts by status from the tally, `and` being [`TALLY_COLUMNS`]' conditions.
pub(super) fn tally(conn: &Connection, and: &str, params: &[Value]) -> Result<ArticleCounts> {
    let sql = format!(
        "SELECT t.status, t.trashed, SUM(t.n) FROM article_tally t JOIN channels c ON c.id = t.channel_id
         WHERE 1 {and} GROUP BY 1, 2"
    );
    counts_by(conn, &sql, params)
}

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
    counts_by(conn, &sql, params)
}

/// Counts from a query whose rows are (status, trashed, count).
fn counts_by(conn: &Connection, sql: &str, params: &[Value]) -> Result<ArticleCounts> {
    let mut stmt = conn.prepare_cached(sql)?;
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
    kept: Kept,
}

/// What a search keeps for its later pages.
#[derive(Clone)]
struct Kept {
    tally: Tally,
    /// Every hit in ranked order, when they were few enough to rank; else the newest, as far
    /// as the counting pass read them: a prefix of the order the later pages follow.
    ranked: std::sync::Arc<Vec<String>>,
    /// Whether `ranked` holds every hit.
    whole: bool,
}

/// The counts of a query's hits, and whether counting stopped at [`COUNT_EXACTLY_UP_TO`].
#[derive(Clone)]
struct Tally {
    counts: ArticleCounts,
    lower_bounds: bool,
}

fn version(conn: &Connection) -> Result<(i64, i64)> {
    let data: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
    Ok((data, conn.total_changes() as i64))
}

/// A query as SQL: where its hits come from and what leaves some out, with their parameters.
struct Plan {
    /// What every hit matches, the left-out terms already taken out (`… NOT (…)`), so that
    /// FTS5 alone hands over the hits, newest first, and can stop at a page. None: every
    /// article is a candidate, less `excluded`.
    matched: Option<String>,
    /// The left-out terms' condition when no positive term narrows the search.
    excluded: Option<String>,
    /// What a title hit matches besides `matched`.
    title: Option<String>,
}

/// One FTS5 expression and another ANDed or NOTed with it, each kept whole by parentheses.
fn joined(a: &str, op: &str, b: &str) -> String {
    format!("({a}) {op} ({b})")
}

impl Plan {
    fn of(query: &SearchQuery) -> Plan {
        let positive = query.expression();
        let excluded = query.excluded_expression();
        let (matched, excluded) = match (positive, excluded) {
            (Some(p), Some(e)) => (Some(joined(&p, "NOT", &e)), None),
            (p, e) => (p, e),
        };
        Plan {
            matched,
            excluded,
            title: query.title_expression(),
        }
    }

    /// `FROM … WHERE 1 …` for the hits of `expression` (None: every article, less the
    /// left-out) with their `search_docs` rows (`d`), the filter's conditions and, with `page`,
    /// its status and trash; and the order that gives them newest first, which FTS5 hands over
    /// without sorting (the index's row ids order by recency).
    fn newest(
        &self,
        expression: Option<&str>,
        filter: &ArticleFilter,
        page: bool,
        params: &mut Vec<Value>,
    ) -> (String, &'static str) {
        let (from, order) = match expression {
            Some(e) => {
                params.push(Value::Text(e.to_string()));
                (
                    format!(
                        "FROM search_grams g JOIN search_docs d ON d.doc = g.rowid WHERE search_grams MATCH ?{}",
                        params.len()
                    ),
                    "g.rowid DESC",
                )
            }
            None => {
                let mut from = "FROM search_docs d WHERE 1".to_string();
                if let Some(e) = &self.excluded {
                    params.push(Value::Text(e.clone()));
                    from.push_str(&format!(
                        " AND d.doc NOT IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?{})",
                        params.len()
                    ));
                }
                (from, "d.doc DESC")
            }
        };
        let mut sql = from;
        sql.push_str(&conditions(filter, &DOC_COLUMNS, params));
        if page {
            sql.push_str(&page_conditions(filter, &DOC_COLUMNS, params));
        }
        (sql, order)
    }

    /// The ids of the hits of `expression`, newest first, from `offset`, at most `limit`;
    /// `page` applies the filter's status and trash too.
    fn newest_ids(
        &self,
        conn: &Connection,
        expression: Option<&str>,
        filter: &ArticleFilter,
        page: bool,
        (limit, offset): (Option<usize>, usize),
    ) -> Result<Vec<String>> {
        let mut params = Vec::new();
        let (from, order) = self.newest(expression, filter, page, &mut params);
        let limit = limit.map_or(-1, |l| l as i64);
        let sql = format!("SELECT d.article_id {from} ORDER BY {order} LIMIT {limit} OFFSET {offset}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// The newest hits, up to one past [`COUNT_EXACTLY_UP_TO`], with their status and trash:
    /// what the counts need (a lookup per hit, hence the cap) and, newest first, the first
    /// page too, from the same pass.
    fn newest_rows(&self, conn: &Connection, filter: &ArticleFilter) -> Result<Vec<(String, String, bool)>> {
        let mut params = Vec::new();
        let (from, order) = self.newest(self.matched.as_deref(), filter, false, &mut params);
        let sql = format!(
            "SELECT d.article_id, d.status, d.trashed {from} ORDER BY {order} LIMIT {}",
            COUNT_EXACTLY_UP_TO + 1
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Up to `limit` hits older than the row `before` (all: None), newest first, as their index
    /// row ids and article ids: a checked search's candidates, a chunk at a time.
    fn candidates_before(
        &self,
        conn: &Connection,
        filter: &ArticleFilter,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let mut params = Vec::new();
        let (mut from, order) = self.newest(self.matched.as_deref(), filter, false, &mut params);
        if let Some(b) = before {
            // On the column the order is by, so that FTS5 itself starts there.
            params.push(Value::Integer(b));
            let column = order.trim_end_matches(" DESC");
            from.push_str(&format!(" AND {column} < ?{}", params.len()));
        }
        let sql = format!("SELECT d.doc, d.article_id {from} ORDER BY {order} LIMIT {limit}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every hit's id, the filter's status and trash applied, ranked: title hits first, then
    /// BM25, then recency. BM25 needs every hit scored before the first is known, so only
    /// while they are few ([`COUNT_EXACTLY_UP_TO`]).
    fn ranked_ids(&self, conn: &Connection, filter: &ArticleFilter) -> Result<Vec<String>> {
        let Some(matched) = &self.matched else {
            return self.newest_ids(conn, None, filter, true, (None, 0));
        };
        let mut params = vec![Value::Text(matched.clone())];
        let mut conditions = conditions(filter, &DOC_COLUMNS, &mut params);
        conditions.push_str(&page_conditions(filter, &DOC_COLUMNS, &mut params));
        let title_first = match &self.title {
            Some(t) => {
                params.push(Value::Text(joined(matched, "AND", t)));
                format!(
                    "(h.doc IN (SELECT rowid FROM search_grams WHERE search_grams MATCH ?{})) DESC, ",
                    params.len()
                )
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT d.article_id FROM (SELECT rowid AS doc, bm25(search_grams, 10, 10, 1, 1, 3, 3, 3, 3, 3, 3) AS score
                 FROM search_grams WHERE search_grams MATCH ?1) h
             JOIN search_docs d ON d.doc = h.doc WHERE 1 {conditions}
             ORDER BY {title_first}h.score, h.doc DESC"
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }
}

impl Db {
    /// The page of articles matching `query` and `filter`, ranked, with snippets; the counts
    /// break the matches of query, channel, dates and attribution down by status.
    ///
    /// Up to [`COUNT_EXACTLY_UP_TO`] hits, the counts are exact and the hits ranked by
    /// relevance; past it, the counts are lower bounds (`total_is_lower_bound`) and the hits
    /// come newest first, each page read straight from the index, which stops at the page.
    pub fn search(&self, query: &SearchQuery, filter: &ArticleFilter) -> Result<ArticlePage> {
        let conn = self.conn();
        let plan = Plan::of(query);
        if query.needs_check() {
            return self.search_checked(query, filter, &plan);
        }
        // The same query and filter but another page: the counts, and a ranking, are kept.
        let key = serde_json::to_string(&(
            &plan.matched,
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
                .map(|l| l.kept.clone())
        };
        let kept = match kept {
            Some(k) => k,
            None => {
                let rows = plan.newest_rows(conn, filter)?;
                let lower_bounds = rows.len() > COUNT_EXACTLY_UP_TO;
                let tally = Tally {
                    counts: counts_of(rows.iter().map(|(_, s, t)| (s.clone(), *t, 1))),
                    lower_bounds,
                };
                let (ranked, whole) = if lower_bounds {
                    let wanted = filter.status.map(Status::as_str);
                    let newest = rows
                        .into_iter()
                        .filter(|(_, s, t)| *t == filter.trash && wanted.is_none_or(|w| w == s))
                        .map(|(id, _, _)| id)
                        .collect();
                    (newest, false)
                } else {
                    (plan.ranked_ids(conn, filter)?, true)
                };
                let kept = Kept {
                    tally,
                    ranked: std::sync::Arc::new(ranked),
                    whole,
                };
                *self.last_search.lock().unwrap_or_else(|p| p.into_inner()) = Some(LastSearch {
                    key,
                    version: now,
                    kept: kept.clone(),
                });
                kept
            }
        };
        let (limit, offset) = (
            filter.limit.map_or(usize::MAX, |l| l as usize),
            filter.offset.unwrap_or(0) as usize,
        );
        let Kept { tally, ranked, whole } = kept;
        let ids: Vec<String> = if whole || offset.saturating_add(limit) <= ranked.len() {
            ranked.iter().skip(offset).take(limit).cloned().collect()
        } else {
            // Past what the counting pass read: newest first, straight from the index.
            plan.newest_ids(conn, plan.matched.as_deref(), filter, true, (Some(limit), offset))?
        };
        let terms = snippet_terms(query);
        // Without terms to show (a field query) there is no snippet: the bodies stay unread.
        let body = if terms.is_empty() { "NULL" } else { "a.body" };
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT a.id, a.title, c.name, a.status, a.publish_at, a.updated_at, a.revision, {body}
             FROM articles a JOIN channels c ON c.id = a.channel_id WHERE a.id IN (SELECT value FROM json_each(?1))"
        ))?;
        let ids_json = serde_json::to_string(&ids).expect("ids serialize");
        let mut found = rows::read_all(&mut stmt, [ids_json], |r| {
            let mut s = summary_from_row(r)?;
            // Read as UTF-8 only around the hit; the whole body only when the hit is not there
            // as it is, or the text around it is damaged (then read whole, it says how).
            if terms.is_empty() {
                return Ok(s);
            }
            s.snippet = match snippet::snippet_in_bytes(r.get_ref(7)?.as_bytes()?, &terms) {
                Some(Ok(parts)) => Some(parts),
                Some(Err(_)) => snippet_of(&terms, &s.title, r.get_ref(7)?.as_str()?),
                None => snippet::snippet(&s.title, &terms),
            };
            Ok(s)
        })?;
        let rank: std::collections::HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        found
            .items
            .sort_by_cached_key(|s| rank.get(s.id.to_string().as_str()).copied().unwrap_or(usize::MAX));
        let mut total = total_of(&tally.counts, filter);
        if tally.lower_bounds && !ids.is_empty() {
            // A page that holds hits is proof of at least this many (an empty one past the end
            // of none).
            total = total.max((offset + ids.len()) as i64);
        }
        Ok(ArticlePage {
            total,
            total_is_lower_bound: tally.lower_bounds,
            items: found,
            counts: tally.counts,
        })
    }

    /// A query the index only narrows: the candidates are checked against their folded text,
    /// newest first, a chunk at a time (growing, so a first page costs little and a long
    /// search stays linear), until every one is checked or the page is full and more than
    /// [`COUNT_EXACTLY_UP_TO`] matches are counted (then a lower bound, as in [`Db::search`]).
    fn search_checked(&self, query: &SearchQuery, filter: &ArticleFilter, plan: &Plan) -> Result<ArticlePage> {
        let conn = self.conn();
        let offset = filter.offset.unwrap_or(0) as usize;
        let end = offset.saturating_add(filter.limit.map_or(usize::MAX, |l| l as usize));
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, a.deleted_at IS NOT NULL FROM articles a JOIN channels c ON c.id = a.channel_id
             WHERE a.id IN (SELECT value FROM json_each(?1))"
        );
        let terms = snippet_terms(query);
        let (mut counted, mut paged) = (Vec::new(), 0usize);
        let (mut items, mut damaged) = (Vec::new(), Vec::new());
        let (mut before, mut chunk) = (None, 64);
        let lower_bounds = loop {
            let batch = plan.candidates_before(conn, filter, before, chunk)?;
            let Some(&(last, _)) = batch.last() else {
                break false;
            };
            before = Some(last);
            let ids: Vec<&str> = batch.iter().map(|(_, id)| id.as_str()).collect();
            let mut stmt = conn.prepare_cached(&sql)?;
            let mut found = rows::read_all(&mut stmt, [serde_json::to_string(&ids).expect("ids serialize")], |r| {
                Ok((article_from_row(r)?, r.get::<_, bool>(ARTICLE_COLUMN_COUNT)?))
            })?;
            let rank: std::collections::HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            found
                .items
                .sort_by_cached_key(|(a, _)| rank.get(a.id.to_string().as_str()).copied().unwrap_or(usize::MAX));
            damaged.append(&mut found.damaged);
            for (a, trashed) in found.items {
                if !query.matches(&search::folded_article(&a, &captions(conn, a.id)?)) {
                    continue;
                }
                counted.push((a.status.as_str().to_string(), trashed, 1));
                if trashed != filter.trash || filter.status.is_some_and(|s| s != a.status) {
                    continue;
                }
                if paged >= offset && paged < end {
                    items.push(ArticleSummary {
                        snippet: snippet_of(&terms, &a.title, &a.body),
                        id: a.id,
                        title: a.title,
                        channel: a.channel,
                        status: a.status,
                        publish_at: a.publish_at,
                        updated_at: a.updated_at,
                        revision: a.revision,
                    });
                }
                paged += 1;
            }
            if batch.len() < chunk {
                break false;
            }
            if counted.len() > COUNT_EXACTLY_UP_TO && paged >= end {
                break true;
            }
            chunk = (chunk * 2).min(1024);
        };
        let counts = counts_of(counted);
        let mut total = total_of(&counts, filter);
        if lower_bounds && !items.is_empty() {
            total = total.max((offset + items.len()) as i64);
        }
        Ok(ArticlePage {
            total,
            total_is_lower_bound: lower_bounds,
            items: Found { items, damaged },
            counts,
        })
    }
}
