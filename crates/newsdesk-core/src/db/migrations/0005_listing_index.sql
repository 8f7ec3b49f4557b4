-- Counts every write of an article's row. Autosaves fold into one revision and times are kept
-- to the second, so neither tells two quick saves apart; an export needs to.
ALTER TABLE articles ADD COLUMN saves INTEGER NOT NULL DEFAULT 0;

-- Lists, page addresses and the sitemap read every published article but never its text. This
-- index holds all they need, so SQLite answers them from the index alone: without it, reading a
-- large site's index walked every row, and every row's body, page by page.
CREATE INDEX articles_listing ON articles (
    status, deleted_at, channel_id, id, slug, title, summary, publish_at, created_at, updated_at, revision, saves
);
