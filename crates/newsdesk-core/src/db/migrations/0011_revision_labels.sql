-- What wrote each revision, so the history can label it (自动保存, 已保存, 恢复自第 N 版,
-- 撤销恢复…): made_by is a word (created, autosave, saved, restore, undo, imported, conflict),
-- made_from the revision a restore brought back or an undo returned to.
-- Revisions written before this version cannot say: an open one was autosaved, the first one
-- was the article's creation, any other reads as saved.
ALTER TABLE article_revisions ADD COLUMN made_by TEXT NOT NULL DEFAULT 'saved';
ALTER TABLE article_revisions ADD COLUMN made_from INTEGER;
UPDATE article_revisions SET made_by = 'autosave' WHERE open = 1;
UPDATE article_revisions SET made_by = 'created' WHERE revision = 1 AND open = 0;
