-- Deleting an article moves it to the trash, from which it can be brought back.
ALTER TABLE articles ADD COLUMN deleted_at TEXT;
-- Autosaves keep rewriting the newest revision while it is open; a pause, an explicit save or
-- a status change closes it, so history reads as a few meaningful versions.
ALTER TABLE article_revisions ADD COLUMN open INTEGER NOT NULL DEFAULT 0;
