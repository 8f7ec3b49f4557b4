-- The first schema: one site, its channels, articles with source attribution, and full revisions.
CREATE TABLE site (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    name      TEXT NOT NULL,
    base_url  TEXT NOT NULL,
    time_zone TEXT NOT NULL
);

CREATE TABLE channels (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    slug     TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL
);

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,
    channel_id    INTEGER NOT NULL REFERENCES channels(id),
    kicker        TEXT,
    title         TEXT NOT NULL,
    subtitle      TEXT,
    slug          TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL,
    body          TEXT NOT NULL,
    summary       TEXT,
    keywords      TEXT NOT NULL DEFAULT '[]',
    publish_at    TEXT,
    source_name   TEXT,
    source_url    TEXT,
    source_author TEXT,
    source_time   TEXT,
    editor        TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    revision      INTEGER NOT NULL
);
CREATE INDEX articles_by_channel ON articles (channel_id, publish_at);
CREATE INDEX articles_by_updated ON articles (updated_at);

-- Every closed save, as the whole article in JSON, so any revision can be restored.
CREATE TABLE article_revisions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    revision   INTEGER NOT NULL,
    saved_at   TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    PRIMARY KEY (article_id, revision)
);
