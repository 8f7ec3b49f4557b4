-- The credits a page prints beside its 责任编辑 (二审 朱晖、三审 李四、监制 王五、编辑 曾淑花), kept as
-- one line as written: portals print them as a line under the article, and editors type them so.
ALTER TABLE articles ADD COLUMN other_credits TEXT;
