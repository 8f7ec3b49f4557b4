// The article list: the filter the editor sets and the listing the core answers with.
import type { ArticleFilter, ArticleListing, ArticleSort, Status } from './bindings';
import { ipc } from './ipc';
import { clearError, showError } from './notices.svelte';
import { debounce, throttle } from './pace';

export interface ListFilter {
  query: string;
  status: Status | '';
  channel: string;
  sort: ArticleSort;
  trash: boolean;
}

/** The filter as the core takes it: empty parts left out, no status filter inside the trash. */
export function filterForCore(f: ListFilter): ArticleFilter {
  const filter: ArticleFilter = { sort: f.sort, trash: f.trash };
  const query = f.query.trim();
  if (query) filter.query = query;
  if (f.status && !f.trash) filter.status = f.status;
  if (f.channel) filter.channel = f.channel;
  return filter;
}

export class ArticleList {
  listing = $state<ArticleListing | null>(null);
  filter = $state<ListFilter>({ query: '', status: '', channel: '', sort: 'updated', trash: false });

  private seq = 0;
  private readonly pace = throttle(() => this.refresh(), 500);
  /** For the search box: one request once typing pauses, not one per key. */
  readonly searchSoon = debounce(() => void this.refresh(), 150);

  /** `ready` is false until the workspace is there; before that there is nothing to list. */
  constructor(private readonly ready: () => boolean) {}

  async refresh(): Promise<void> {
    if (!this.ready()) return;
    const seq = ++this.seq;
    try {
      const listing = await ipc.listArticles(filterForCore(this.filter));
      // An older answer arriving late must not replace the newer list.
      if (seq === this.seq) this.listing = listing;
      clearError('list');
    } catch (e) {
      showError(e, { key: 'list' });
    }
  }

  /** After each save: titles and times in the list follow, at most twice a second. */
  refreshSoon(): void {
    this.pace.request();
  }

  setFilter(change: Partial<ListFilter>): void {
    Object.assign(this.filter, change);
    void this.refresh();
  }

  channelRenamed(from: string, to: string): void {
    if (this.filter.channel === from) this.filter.channel = to;
  }

  /** The article after `id` in the list, else the one before it: where the editor goes next. */
  neighbour(id: string): string | null {
    const items = this.listing?.items ?? [];
    const at = items.findIndex((i) => i.id === id);
    if (at < 0) return null;
    return (items[at + 1] ?? items[at - 1])?.id ?? null;
  }
}
