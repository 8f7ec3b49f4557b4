// The article list: the filter the editor sets, and the pages of the listing the core answers
// with. A database may hold 100,000 articles, so the list holds only the pages near what is on
// screen, and the window draws only the rows in view (ArticleList.svelte).
import type { Article, ArticleCounts, ArticleFilter, ArticleListing, ArticleSort, ArticleSummary, DamagedRow, PublicationMark, Status } from './bindings';
import { ipc } from './ipc';
import { clearError, showError } from './notices.svelte';
import { debounce, leadingDebounce } from './pace';

export interface ListFilter {
  query: string;
  status: Status | '';
  channel: string;
  sort: ArticleSort;
  trash: boolean;
}

/** Rows per request; the core's default, well under its cap of 500. */
export const PAGE_SIZE = 100;
/** Pages kept on either side of the rows in view; farther ones are dropped and fetched again if needed. */
export const KEEP_PAGES = 3;
/** Rows drawn above and below the viewport, so a fast wheel does not show blank rows. */
export const OVERSCAN = 6;
/** Each row's height in pixels: fixed, so a row's place is its index times this. */
export const ROW_HEIGHT = 56;
/** With a query each row has a snippet line under the title. */
export const ROW_HEIGHT_SNIPPET = 76;
/**
 * A keystroke after this long a pause searches at once; keys that follow within it (a burst, a
 * paste's many input events) wait until it has passed and ask once. A search is about a
 * millisecond in the core at 100,000 articles; waiting a frame on every key was a third of the
 * time from the key to the hits. A newer search drops an older one.
 */
export const SEARCH_DEBOUNCE_MS = 16;
/** Counts beside the filters follow saves at most this late. */
export const COUNTS_DEBOUNCE_MS = 800;
/** While the search index is being built, the list asks again this often until it is done. */
export const INDEXING_POLL_MS = 2000;

/** The filter as the core takes it: empty parts left out, no status filter inside the trash. */
export function filterForCore(f: ListFilter, offset?: number, limit?: number): ArticleFilter {
  const filter: ArticleFilter = { sort: f.sort, trash: f.trash };
  const query = f.query.trim();
  if (query) filter.query = query;
  if (f.status && !f.trash) filter.status = f.status;
  if (f.channel) filter.channel = f.channel;
  if (offset !== undefined) filter.offset = offset;
  if (limit !== undefined) filter.limit = limit;
  return filter;
}

/** The rows [start, end) to draw for a scroll position: those in view plus `overscan` each side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  total: number,
  overscan: number = OVERSCAN,
): { start: number; end: number } {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(total, Math.max(0, first - overscan));
  const end = Math.min(total, Math.max(start, last + overscan));
  return { start, end };
}

/** The offsets of the pages that hold rows [start, end). */
export function pagesFor(start: number, end: number, pageSize: number = PAGE_SIZE): number[] {
  const pages: number[] = [];
  if (end <= start) return pages;
  for (let p = Math.floor(start / pageSize) * pageSize; p < end; p += pageSize) pages.push(p);
  return pages;
}

/** The scroll position that brings row `index` into view, or `scrollTop` when it already is. */
export function scrollToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return Math.max(0, top + rowHeight - viewportHeight);
  return scrollTop;
}

/** Pages of one listing, keyed by their offset: what the list has of the rows near the screen. */
export class PageCache {
  private readonly pages = new Map<number, ArticleSummary[]>();

  constructor(readonly pageSize: number = PAGE_SIZE) {}

  get size(): number {
    return this.pages.size;
  }

  has(offset: number): boolean {
    return this.pages.has(offset);
  }

  put(offset: number, items: ArticleSummary[]): void {
    this.pages.set(offset, items);
  }

  clear(): void {
    this.pages.clear();
  }

  /** The row at `index`, when its page is here. */
  row(index: number): ArticleSummary | undefined {
    const offset = Math.floor(index / this.pageSize) * this.pageSize;
    return this.pages.get(offset)?.[index - offset];
  }

  /** Where the row of article `id` is among the pages held, or -1. */
  indexOf(id: string): number {
    for (const [offset, items] of this.pages) {
      const at = items.findIndex((i) => i.id === id);
      if (at >= 0) return offset + at;
    }
    return -1;
  }

  /** Replaces the row of article `id` wherever it is held; true when it was. */
  replace(id: string, change: (row: ArticleSummary) => ArticleSummary): boolean {
    let found = false;
    for (const [offset, items] of this.pages) {
      const at = items.findIndex((i) => i.id === id);
      if (at < 0) continue;
      const next = items.slice();
      next[at] = change(items[at]);
      this.pages.set(offset, next);
      found = true;
    }
    return found;
  }

  /** Drops the pages more than `keep` pages away from rows [start, end); memory stays bounded. */
  keepNear(start: number, end: number, keep: number = KEEP_PAGES): void {
    const low = Math.floor(start / this.pageSize) * this.pageSize - keep * this.pageSize;
    const high = Math.max(start, end - 1) + keep * this.pageSize;
    for (const offset of [...this.pages.keys()]) {
      if (offset < low || offset > high) this.pages.delete(offset);
    }
  }
}

/** The list row of an article the core just saved: the row's place and snippet stay. */
export function rowFromArticle(row: ArticleSummary, saved: Article): ArticleSummary {
  return {
    ...row,
    title: saved.title,
    channel: saved.channel,
    status: saved.status,
    publish_at: saved.publish_at,
    updated_at: saved.updated_at,
    revision: saved.revision,
  };
}

/**
 * The list's height after an answer for the page at `offset` (`asked` rows): the core's total;
 * or, when that is only a lower bound (a search with many hits), room for one more page past
 * the rows known, so scrolling asks for it, until a short page shows where the hits end.
 */
export function listHeight(previous: number | null, listing: ArticleListing, offset: number, asked: number): number {
  if (!listing.total_is_lower_bound) return listing.total;
  const end = offset + listing.items.length;
  if (listing.items.length < asked) return end;
  return Math.max(previous ?? 0, listing.total, end + asked);
}

export class ArticleList {
  /** The filter as the editor sets it: the search box is bound to its query, key by key. */
  filter = $state<ListFilter>({ query: '', status: '', channel: '', sort: 'updated', trash: false });
  /**
   * The filter the rows shown were asked for, taken when a generation begins: a page fetched
   * while the editor is still typing belongs to the list on screen, not to the half-typed query.
   */
  private active: ListFilter = { ...this.filter };
  /** The filter of the rows on screen: the active one once its first rows have come. */
  private shown = $state.raw<ListFilter>({ ...this.filter });
  /** How many articles match the filter: the height of the list. Null before the first answer. */
  total = $state<number | null>(null);
  counts = $state<ArticleCounts | null>(null);
  /**
   * The core stopped counting a search with many hits: the counts are "at least", and `found`
   * is how many it counted. Null when the counts are exact.
   */
  found = $state<number | null>(null);
  damaged = $state<DamagedRow[]>([]);
  /** The core is still building the search index; a search may miss articles until it is done. */
  indexing = $state(false);
  /** The publishing mark of listed articles that are or were on a portal, by id. */
  marks = $state<Record<string, PublicationMark>>({});
  /** A new filter (a search) is on its way and the rows shown are still the old filter's. */
  searching = $state(false);
  /** Bumped whenever rows arrive or change, since the page cache itself is not reactive. */
  version = $state(0);
  /**
   * Bumped when a new filter's first rows arrive: the window scrolls up to them. Not before,
   * so the old rows stay where they are (dimmed) while the new ones are on their way.
   */
  resets = $state(0);

  /** Which answer is current: an answer for an older generation is dropped. */
  private generation = 0;
  /** Whether the current generation's pages have replaced the previous one's yet. */
  private fresh = true;
  private readonly cache = new PageCache();
  /** Pages asked for in the current generation and not yet answered. */
  private readonly inFlight = new Set<number>();
  /** The rows the window shows, as it last told. */
  private range = { start: 0, end: PAGE_SIZE };
  /** The current generation starts from the top: its first answer scrolls the window up. */
  private toTop = false;
  /** Rows were changed in place since the last fetch; the next leave of the article refetches. */
  private stale = false;

  /** For the search box: a key after a pause asks at once; a burst of keys asks once more at its end. */
  readonly searchSoon = leadingDebounce(() => void this.restart(), SEARCH_DEBOUNCE_MS);
  private readonly countsSoon = debounce(() => void this.refreshCounts(), COUNTS_DEBOUNCE_MS);
  private readonly indexingPoll = debounce(() => void this.pollIndexing(), INDEXING_POLL_MS);

  /** `ready` is false until the workspace is there; before that there is nothing to list. */
  constructor(private readonly ready: () => boolean) {}

  /** The query of the rows shown (not of the search box while a search is on its way). */
  get shownQuery(): string {
    return this.shown.query.trim();
  }

  get rowHeight(): number {
    return this.shownQuery ? ROW_HEIGHT_SNIPPET : ROW_HEIGHT;
  }

  /** The row at `index`, or undefined while its page is on its way. Reading it tracks `version`. */
  row(index: number): ArticleSummary | undefined {
    void this.version;
    return this.cache.row(index);
  }

  /** The first row, once there is one (the article opened at start). */
  first(): ArticleSummary | undefined {
    return this.cache.row(0);
  }

  /** Where article `id` is in the list, or -1 when its row is not held. */
  indexOf(id: string): number {
    void this.version;
    return this.cache.indexOf(id);
  }

  /** The window shows rows [start, end): the pages they need are fetched, far ones dropped. */
  show(start: number, end: number): void {
    this.range = { start, end };
    if (this.fresh) this.cache.keepNear(start, end);
    this.fetchMissing();
  }

  /**
   * The same filter asked again (after a create, a trash, a restore): the rows in view are
   * fetched anew, and the old ones stay on screen until the new ones are there.
   */
  async refresh(): Promise<void> {
    if (!this.ready()) return;
    this.begin();
    await this.fetchMissing();
  }

  /** A new filter: the list starts again from its top. */
  setFilter(change: Partial<ListFilter>): void {
    Object.assign(this.filter, change);
    this.searchSoon.cancel();
    void this.restart();
  }

  /** The search box changed: it shows it is searching at once and asks (see [`SEARCH_DEBOUNCE_MS`]). */
  queryTyped(): void {
    if (this.ready()) this.searching = true;
    this.searchSoon();
  }

  /** "清除筛选": every filter but the sort and the trash view off. */
  clearFilter(): void {
    this.setFilter({ query: '', status: '', channel: '' });
  }

  channelRenamed(from: string, to: string): void {
    if (this.filter.channel === from) this.filter.channel = to;
    if (this.active.channel === from) this.active = { ...this.active, channel: to };
  }

  /**
   * A save the core accepted: its row follows in place (title, status, times), where it is,
   * so the list does not re-sort under the mouse while the article is being edited. The counts
   * follow a moment later.
   */
  saved(article: Article): void {
    if (this.cache.replace(article.id, (row) => rowFromArticle(row, article))) {
      this.stale = true;
      this.version += 1;
    }
    this.countsSoon();
  }

  /** The editor left the article it was on: rows changed in place take their sorted places now. */
  /** An article's mark changed (the publishing worker sent it, or it failed). */
  setMark(article: string, mark: PublicationMark | null): void {
    const marks = { ...this.marks };
    if (mark) marks[article] = mark;
    else delete marks[article];
    this.marks = marks;
  }

  left(): void {
    if (!this.stale) return;
    void this.refresh();
  }

  /** The article after `id` in the list, else the one before it: where the editor goes next. */
  neighbour(id: string): string | null {
    const at = this.cache.indexOf(id);
    if (at < 0) return null;
    return (this.cache.row(at + 1) ?? (at > 0 ? this.cache.row(at - 1) : undefined))?.id ?? null;
  }

  /** The row at `index`, fetching its page when it is not held (keyboard moves past the screen). */
  async rowAt(index: number): Promise<ArticleSummary | undefined> {
    const held = this.cache.row(index);
    if (held || this.total === null || index < 0 || index >= this.total) return held;
    const offset = Math.floor(index / PAGE_SIZE) * PAGE_SIZE;
    await this.fetchPage(offset, this.generation);
    return this.cache.row(index);
  }

  private begin(): void {
    this.generation += 1;
    this.active = { ...this.filter };
    this.fresh = false;
    this.toTop = false;
    this.inFlight.clear();
    this.stale = false;
    this.countsSoon.cancel();
    this.indexingPoll.cancel();
  }

  private async restart(): Promise<void> {
    if (!this.ready()) {
      this.searching = false;
      return;
    }
    this.begin();
    this.searching = true;
    const rows = Math.max(1, this.range.end - this.range.start);
    this.range = { start: 0, end: rows };
    this.toTop = true;
    await this.fetchMissing();
  }

  private fetchMissing(): Promise<void> {
    if (!this.ready()) return Promise.resolve();
    const generation = this.generation;
    const wanted = pagesFor(this.range.start, Math.max(this.range.end, this.range.start + 1));
    const clipped = this.total !== null && this.fresh ? wanted.filter((p) => p === 0 || p < (this.total ?? 0)) : wanted;
    return Promise.all(
      clipped.filter((p) => !(this.fresh && this.cache.has(p)) && !this.inFlight.has(p)).map((p) => this.fetchPage(p, generation)),
    ).then(() => undefined);
  }

  private async fetchPage(offset: number, generation: number): Promise<void> {
    this.inFlight.add(offset);
    try {
      const listing = await ipc.listArticles(filterForCore(this.active, offset, PAGE_SIZE));
      // An answer to an older filter (an older keystroke) arriving late is dropped.
      if (generation !== this.generation) return;
      this.inFlight.delete(offset);
      if (!this.fresh) {
        // The first page of a new generation replaces the old rows all at once.
        this.cache.clear();
        this.fresh = true;
        this.shown = this.active;
        if (this.toTop) this.resets += 1;
        this.toTop = false;
      }
      this.cache.put(offset, listing.items);
      this.cache.keepNear(this.range.start, this.range.end);
      this.take(listing, offset);
      this.searching = false;
      this.version += 1;
      clearError('list');
    } catch (e) {
      if (generation !== this.generation) return;
      this.inFlight.delete(offset);
      this.searching = false;
      showError(e, { key: 'list' });
    }
  }

  /** What every answer brings besides its rows. */
  private take(listing: ArticleListing, offset: number): void {
    const marks = { ...this.marks };
    for (const item of listing.items) delete marks[item.id];
    for (const mark of listing.marks) marks[mark.article] = mark;
    this.marks = marks;
    this.total = listHeight(this.total, listing, offset, PAGE_SIZE);
    this.found = listing.total_is_lower_bound ? listing.total : null;
    this.counts = listing.counts;
    this.damaged = listing.damaged;
    this.indexing = listing.indexing;
    if (listing.indexing) this.indexingPoll();
  }

  /** The counts alone, after saves: one row asked for, the rows shown left where they are. */
  private async refreshCounts(): Promise<void> {
    if (!this.ready()) return;
    const generation = this.generation;
    try {
      const listing = await ipc.listArticles(filterForCore(this.active, 0, 1));
      if (generation !== this.generation) return;
      this.counts = listing.counts;
      this.damaged = listing.damaged;
      this.indexing = listing.indexing;
    } catch (e) {
      if (generation === this.generation) showError(e, { key: 'list' });
    }
  }

  /** Asks whether the index is built yet; once it is, a search is run again in full. */
  private async pollIndexing(): Promise<void> {
    if (!this.ready()) return;
    const generation = this.generation;
    try {
      const listing = await ipc.listArticles(filterForCore(this.active, 0, 1));
      if (generation !== this.generation) return;
      if (listing.indexing) {
        this.indexingPoll();
        return;
      }
      this.indexing = false;
      if (this.active.query.trim()) await this.refresh();
    } catch {
      // The next list request reports failures; the poll stops here.
    }
  }
}
