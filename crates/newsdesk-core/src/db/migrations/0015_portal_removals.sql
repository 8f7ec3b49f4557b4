-- A post taken down on the portal behind our back (moved to the trash, or deleted for good) is a
-- conflict of its own: a push over it would bring it back, which is the editor's call. The
-- conflict_* copy says which ('trashed', 'deleted'); NULL is an edit on the portal.
ALTER TABLE publications ADD COLUMN conflict_removed TEXT CHECK (conflict_removed IN ('trashed', 'deleted'));
