-- The portal's term ids by name (categories for channels, tags for keywords), so that a push in a
-- new process does not ask again for each term it has met before: a term costs one request once.
CREATE TABLE remote_terms (
    target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
    taxonomy  TEXT NOT NULL CHECK (taxonomy IN ('categories', 'tags')),
    name      TEXT NOT NULL,
    remote_id INTEGER NOT NULL,
    PRIMARY KEY (target_id, taxonomy, name)
);
