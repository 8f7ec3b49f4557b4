// The header's save indicator in words: saving, failed, or saved at a time in the site's zone,
// labelled with that zone (the list and the history show the same zone).
import type { Article, Lang } from './bindings';
import type { SaveStatus } from './autosave';
import { formatClock, formatShort, zoneLabel } from './datetime';
import { t } from './locale.svelte';

export function saveStateText(
  status: SaveStatus,
  article: Article | null,
  lang: Lang,
  zone: string | undefined,
  now: Date = new Date(),
): string {
  if (!article) return '';
  const saved = (time: string, at: Date) => {
    const label = zoneLabel(zone, lang, at);
    return label ? t('save.savedZoned', { time, zone: label }) : t('save.saved', { time });
  };
  switch (status.phase) {
    case 'pending':
    case 'saving':
      return t('save.saving');
    case 'failed':
      return t('save.failed');
    case 'clean':
      // Nothing saved in this session yet: when the article was last saved, by anyone.
      return saved(formatShort(article.updated_at, lang, zone, now), new Date(article.updated_at));
    default:
      return status.savedAt ? saved(formatClock(status.savedAt, lang, zone), status.savedAt) : '';
  }
}
