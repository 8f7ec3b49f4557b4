-- What the portal's pages need from the site: the footer's lines (contact, ICP filing number),
-- the URL pattern of article pages, a folder of the site's own templates, and list page size.
ALTER TABLE site ADD COLUMN footer TEXT NOT NULL DEFAULT '';
ALTER TABLE site ADD COLUMN url_pattern TEXT NOT NULL DEFAULT '{channel}/{yyyy}/{mm}/{slug}.html';
ALTER TABLE site ADD COLUMN theme_dir TEXT;
ALTER TABLE site ADD COLUMN page_size INTEGER NOT NULL DEFAULT 20;
