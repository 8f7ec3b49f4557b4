-- The list's counts by status (and the trash's), kept beside the articles by triggers so that a
-- listing reads a few rows instead of counting every article. Counting scanned the
-- `articles_listing` index on every listing: at 100,000 articles about 45 ms, and through
-- SQLite's memory map ~200 MB of the file paged into the app, the index's pages lying among
-- the articles'. Rows are kept at zero rather than deleted: their number stays one per
-- channel, status and trash state.
CREATE TABLE article_tally (
    channel_id INTEGER NOT NULL,
    status     TEXT NOT NULL,
    trashed    INTEGER NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (channel_id, status, trashed)
) WITHOUT ROWID;

INSERT INTO article_tally (channel_id, status, trashed, n)
SELECT channel_id, status, deleted_at IS NOT NULL, COUNT(*) FROM articles GROUP BY 1, 2, 3;

CREATE TRIGGER article_tally_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_tally (channel_id, status, trashed, n)
    VALUES (NEW.channel_id, NEW.status, NEW.deleted_at IS NOT NULL, 1)
    ON CONFLICT (channel_id, status, trashed) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER article_tally_delete AFTER DELETE ON articles BEGIN
    UPDATE article_tally SET n = n - 1
    WHERE channel_id = OLD.channel_id AND status = OLD.status AND trashed = (OLD.deleted_at IS NOT NULL);
END;

CREATE TRIGGER article_tally_update AFTER UPDATE OF channel_id, status, deleted_at ON articles
WHEN OLD.channel_id IS NOT NEW.channel_id OR OLD.status IS NOT NEW.status
  OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
BEGIN
    UPDATE article_tally SET n = n - 1
    WHERE channel_id = OLD.channel_id AND status = OLD.status AND trashed = (OLD.deleted_at IS NOT NULL);
    INSERT INTO article_tally (channel_id, status, trashed, n)
    VALUES (NEW.channel_id, NEW.status, NEW.deleted_at IS NOT NULL, 1)
    ON CONFLICT (channel_id, status, trashed) DO UPDATE SET n = n + 1;
END;

-- The list's pages in its two orders, the newest first, straight from an index: each row the
-- index gives is checked for the trash, status and channel in the index itself, and only the
-- page's rows are read. The order's last key is the id, which the list breaks ties with: an
-- import saves thousands of articles in the same second, and ordering by the time alone left
-- SQLite sorting every one of them (at 100,000 articles imported at once, every row) to give
-- the first page.
DROP INDEX articles_by_updated;
CREATE INDEX articles_by_updated ON articles (updated_at, id, deleted_at, status, channel_id);
CREATE INDEX articles_by_publish ON articles (
    publish_at IS NULL, publish_at DESC, id DESC, deleted_at, status, channel_id
);
