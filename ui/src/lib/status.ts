// The article statuses in their workflow order, with their names in the current language.
import type { Status } from './bindings';
import { t } from './locale.svelte';

export const STATUSES: readonly Status[] = ['draft', 'ready', 'scheduled', 'published', 'withdrawn'];

export function statusLabel(status: Status): string {
  return t(`status.${status}`);
}
