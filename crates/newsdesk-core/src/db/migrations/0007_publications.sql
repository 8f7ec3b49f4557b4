-- Publishing to portals. A target is one portal an article goes to (a site may have several);
-- its password is never here: it lives in the OS keychain, keyed by the target's name.
-- stopped_reason is set when the portal refused the credentials (401): the target sends nothing
-- until someone gives it new ones.
CREATE TABLE targets (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL CHECK (kind IN ('wordpress')),
    url            TEXT NOT NULL,
    user           TEXT NOT NULL,
    stopped_reason TEXT,
    created_at     TEXT NOT NULL
);

-- An article on a target: the portal's id and address for it, and what we know of the portal's
-- copy. remote_modified_gmt is the portal's modified_gmt from our own last write's answer (the only
-- change signal WordPress has); pushed_fingerprint the article's fingerprint at that write.
-- conflict_* keep the portal's copy when it changed behind our back, for the editor's diff.
CREATE TABLE publications (
    article_id            TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    target_id             INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    state                 TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'published', 'failed', 'conflict')),
    remote_id             INTEGER,
    remote_url            TEXT,
    remote_status         TEXT,
    remote_modified_gmt   TEXT,
    pushed_fingerprint    TEXT,
    last_error            TEXT,
    conflict_title        TEXT,
    conflict_body         TEXT,
    conflict_modified_gmt TEXT,
    updated_at            TEXT NOT NULL,
    PRIMARY KEY (article_id, target_id)
);
CREATE UNIQUE INDEX publications_by_remote ON publications (target_id, remote_id) WHERE remote_id IS NOT NULL;

-- A photo on a target, by the SHA-256 of its original: uploaded once, found again by pull.
CREATE TABLE remote_media (
    sha256     TEXT NOT NULL,
    target_id  INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    remote_id  INTEGER NOT NULL,
    remote_url TEXT NOT NULL,
    PRIMARY KEY (sha256, target_id)
);

-- What still has to reach a target: one row per article and target, so ten edits merge into one
-- update. generation counts the writes of the row: a worker that sent generation 3 while an edit
-- made it 4 leaves the row for the next round. Times are Unix seconds, compared as numbers.
-- ambiguous: an earlier attempt may have reached the portal (a timeout, a cut connection), so the
-- next one looks the post up before creating it. A parked row waits for a person.
CREATE TABLE outbox (
    article_id       TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    target_id        INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    operation        TEXT NOT NULL CHECK (operation IN ('publish', 'update', 'withdraw')),
    generation       INTEGER NOT NULL DEFAULT 1,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_owner      TEXT,
    lease_expires_at INTEGER,
    leased_generation INTEGER,
    ambiguous        INTEGER NOT NULL DEFAULT 0,
    parked_reason    TEXT,
    last_error       TEXT,
    created_at       INTEGER NOT NULL,
    PRIMARY KEY (article_id, target_id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE parked_reason IS NULL;
