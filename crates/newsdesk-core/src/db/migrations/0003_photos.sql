-- The photo store. A photo's id is the first 16 hex digits of its SHA-256, so importing the same
-- file twice finds the same row; the original lives content-addressed in the media folder.
-- width and height are the upright picture's (EXIF orientation applied).
CREATE TABLE photos (
    id           TEXT PRIMARY KEY,
    sha256       TEXT NOT NULL UNIQUE,
    format       TEXT NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    bytes        INTEGER NOT NULL,
    taken_at     TEXT,
    camera       TEXT,
    caption      TEXT,
    -- As written and shown on the page (陈鋆摄); photographer is the name parsed from it (陈鋆).
    credit       TEXT,
    photographer TEXT,
    alt          TEXT,
    file_name    TEXT NOT NULL,
    original     TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX photos_by_photographer ON photos (photographer);

-- The web copies of a photo, one per configured long edge; paths are relative to the media
-- folder. A change of settings remakes them (long_edge and quality say what they were made for).
CREATE TABLE photo_renditions (
    photo_id  TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    long_edge INTEGER NOT NULL,
    quality   INTEGER NOT NULL,
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    path      TEXT NOT NULL,
    bytes     INTEGER NOT NULL,
    PRIMARY KEY (photo_id, long_edge)
);

-- An article's photo strip, in order; at most one lead photo (题图/缩略图) per article.
CREATE TABLE article_photos (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    photo_id   TEXT NOT NULL REFERENCES photos(id),
    position   INTEGER NOT NULL,
    is_lead    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, photo_id)
);
CREATE INDEX article_photos_by_photo ON article_photos (photo_id);
CREATE UNIQUE INDEX article_lead_photo ON article_photos (article_id) WHERE is_lead;
