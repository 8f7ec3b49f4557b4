-- The search index of a database indexed before this version is spread over many FTS5
-- segments (one per batch of the backfill, merged only a little as it grew), and every term of
-- a query is looked up in each. `merging` says the index is to be merged into one segment,
-- a short transaction at a time after the window opens (`index_pending`, after any backfill),
-- so that saves get their turn; the merge's progress is kept by FTS5 itself, so it resumes.
ALTER TABLE search_state ADD COLUMN merging INTEGER NOT NULL DEFAULT 0;
UPDATE search_state SET merging = 1 WHERE EXISTS (SELECT 1 FROM search_docs);
