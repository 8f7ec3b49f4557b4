-- The search index (see search/ and db/search.rs): each article's folded field groups as
-- unigrams (`_1`) and bigrams (`_2`) written as ASCII tokens, so FTS5's ascii tokenizer only
-- splits on spaces. Contentless: the grams are never read back, only matched, and rows are
-- replaced on every save.
CREATE VIRTUAL TABLE search_grams USING fts5(
    title_1, title_2, body_1, body_2, source_1, source_2, author_1, author_2, editor_1, editor_2,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);

-- Which index row is an article's, with the columns a search filters and counts by, so that a
-- query's hits are filtered and counted without reading the articles. The row id orders by
-- recency (publish time, else last edit): the index itself gives the newest hits first.
CREATE TABLE search_docs (
    doc        INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
    status     TEXT NOT NULL,
    trashed    INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    day        TEXT,
    source     TEXT,
    editor     TEXT
);

-- Articles written before the index existed are indexed after the window opens; until then
-- search says it is still indexing.
-- `cursor` is the articles' rowid the backfill has reached, so it resumes after a restart.
CREATE TABLE search_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    backfill INTEGER NOT NULL,
    cursor   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO search_state (id, backfill) SELECT 1, EXISTS (SELECT 1 FROM articles);
