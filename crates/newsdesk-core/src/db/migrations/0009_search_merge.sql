-- The search index of a database indexed before this version is spread over many FTS5
-- segments (one per batch of the backfill, merged only a little as it grew), and every term of
-- a query is looked up in each. `merging` says the index is to be merged into one segment,
-- a short transaction at a time after the window opens (`index_pending`, after any backfill),
-- so that saves get their turn; the merge's progress is kept by FTS5 itself, so it resumes.
-- `merge_pages` is how many pages the merge may still write (NULL until it starts): a save
-- during the merge makes FTS5 start it again over what it has merged so far, so the work is
-- bounded rather than left to run as long as an editor keeps saving.
ALTER TABLE search_state ADD COLUMN merging INTEGER NOT NULL DEFAULT 0;
ALTER TABLE search_state ADD COLUMN merge_pages INTEGER;
UPDATE search_state SET merging = 1 WHERE EXISTS (SELECT 1 FROM search_docs);
