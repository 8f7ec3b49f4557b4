// The article statuses in their workflow order, with their names in the current language.
import type { Lang, Status } from './bindings';
import { formatGoesOut } from './datetime';
import { t } from './locale.svelte';

export const STATUSES: readonly Status[] = ['draft', 'ready', 'scheduled', 'published', 'withdrawn'];

export function statusLabel(status: Status): string {
  return t(`status.${status}`);
}

/**
 * The status a row of the list shows: a scheduled article says when it goes out (定时 12/03 08:00,
 * in the site's zone), every other its status's name.
 */
export function rowStatus(
  status: Status,
  publishAt: string | null,
  lang: Lang,
  zone: string | undefined,
  now: Date = new Date(),
): string {
  if (status === 'scheduled' && publishAt) return t('list.scheduledAt', { time: formatGoesOut(publishAt, lang, zone, now) });
  return statusLabel(status);
}
