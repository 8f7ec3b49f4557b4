-- A channel's 最新 list (every page of the channel shows it, the preview too) is its newest
-- public articles by the time pages show (发布日期, else the creation), then by id. It was read
-- as every public article of the channel, sorted in the app for ten: at 100,000 articles about
-- 40 ms and tens of thousands of rows for each preview. In this index the channel's articles
-- lie in that order, by instant (the stored times carry their zone's offset), with what decides
-- whether they are public, so the list reads its ten rows and stops.
CREATE INDEX articles_latest ON articles (
    channel_id, unixepoch(coalesce(publish_at, created_at), 'subsec') DESC, id DESC, status, deleted_at, publish_at
);
