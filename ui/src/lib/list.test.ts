// Tests of the article list: the filter the core gets, the windowing maths of the virtual list,
// the page cache, late answers kept out, and saves that change a row in place.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArticleFilter, ArticleListing } from './bindings';
import { article, listing, listingPage, pagedCore, pending, summary } from './fixtures';

const ipc = { listArticles: vi.fn() };
const showError = vi.fn();
const clearError = vi.fn();
vi.mock('./ipc', () => ({ ipc }));
vi.mock('./notices.svelte', () => ({ showError, clearError }));

const {
  ArticleList,
  PageCache,
  PAGE_SIZE,
  ROW_HEIGHT,
  ROW_HEIGHT_SNIPPET,
  COUNTS_DEBOUNCE_MS,
  SEARCH_DEBOUNCE_MS,
  filterForCore,
  pagesFor,
  rowFromArticle,
  scrollToShow,
  visibleRange,
} = await import('./list.svelte');

beforeEach(() => {
  ipc.listArticles.mockReset();
  showError.mockReset();
  clearError.mockReset();
});
afterEach(() => vi.useRealTimers());

/** The ids of rows [start, end) the list holds; undefined where a page is not there. */
function ids(list: InstanceType<typeof ArticleList>, start: number, end: number) {
  return Array.from({ length: end - start }, (_, i) => list.row(start + i)?.id);
}

/** The offsets the core was asked for, in order. */
function askedOffsets(): (number | undefined)[] {
  return ipc.listArticles.mock.calls.map(([f]) => (f as ArticleFilter).offset);
}

describe('the article list', () => {
  it('sends the core only the parts of the filter that are set', () => {
    const base = { query: '', status: '' as const, channel: '', sort: 'updated' as const, trash: false };
    expect(filterForCore(base)).toEqual({ sort: 'updated', trash: false });
    expect(filterForCore({ ...base, query: '  就业 ', status: 'draft', channel: '百姓生活', sort: 'publish' })).toEqual({
      sort: 'publish',
      trash: false,
      query: '就业',
      status: 'draft',
      channel: '百姓生活',
    });
    // The trash holds articles of every status.
    expect(filterForCore({ ...base, status: 'draft', trash: true })).toEqual({ sort: 'updated', trash: true });
    expect(filterForCore(base, 200, 100)).toEqual({ sort: 'updated', trash: false, offset: 200, limit: 100 });
  });

  it('lists nothing before the workspace is there', async () => {
    const list = new ArticleList(() => false);
    await list.refresh();
    list.show(0, 20);
    expect(ipc.listArticles).not.toHaveBeenCalled();
  });

  it('keeps a late answer to an older filter out of the list', async () => {
    const list = new ArticleList(() => true);
    const older = pending<ArticleListing>();
    ipc.listArticles.mockReturnValueOnce(older.promise).mockResolvedValueOnce(listing('b'));
    const first = list.refresh();
    list.setFilter({ query: '就业' });
    await vi.waitFor(() => expect(list.row(0)?.id).toBe('b'));
    older.resolve(listing('a'));
    await first;
    expect(ids(list, 0, 2)).toEqual(['b', undefined]);
    expect(list.total).toBe(1);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, query: '就业', offset: 0, limit: PAGE_SIZE });
  });

  it('reports a failure under the list key and clears it once the list comes back', async () => {
    const list = new ArticleList(() => true);
    ipc.listArticles.mockRejectedValueOnce({ kind: 'database', message: '数据库已锁定' });
    await list.refresh();
    expect(showError).toHaveBeenCalledWith({ kind: 'database', message: '数据库已锁定' }, { key: 'list' });
    ipc.listArticles.mockResolvedValueOnce(listing('a'));
    await list.refresh();
    expect(clearError).toHaveBeenCalledWith('list');
  });

  it('names the neighbour an editor goes to after the trash, and follows a renamed channel', async () => {
    const list = new ArticleList(() => true);
    ipc.listArticles.mockResolvedValue(listing('a', 'b', 'c'));
    await list.refresh();
    expect(list.neighbour('b')).toBe('c');
    expect(list.neighbour('c')).toBe('b');
    expect(list.neighbour('zz')).toBe(null);
    list.filter.channel = '百姓生活';
    list.channelRenamed('百姓生活', '民生');
    expect(list.filter.channel).toBe('民生');
  });
});

describe('the virtual list', () => {
  it('draws the rows in view and a few on either side, never past the ends', () => {
    // 100,000 rows of 56 px in a 560 px pane: ten rows in view.
    expect(visibleRange(0, 560, 56, 100_000, 6)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(56 * 50_000, 560, 56, 100_000, 6)).toEqual({ start: 49_994, end: 50_016 });
    // Half a row scrolled: the row cut at the top and the one cut at the bottom both count.
    expect(visibleRange(28, 560, 56, 100_000, 0)).toEqual({ start: 0, end: 11 });
    expect(visibleRange(56 * 99_990, 560, 56, 100_000, 6)).toEqual({ start: 99_984, end: 100_000 });
    // An overscrolled end (WebKit's rubber band) or top stays inside the list.
    expect(visibleRange(56 * 200_000, 560, 56, 100_000, 6)).toEqual({ start: 100_000, end: 100_000 });
    expect(visibleRange(-40, 560, 56, 100_000, 6)).toEqual({ start: 0, end: 16 });
    expect(visibleRange(0, 560, 56, 3, 6)).toEqual({ start: 0, end: 3 });
    expect(visibleRange(0, 560, 56, 0, 6)).toEqual({ start: 0, end: 0 });
  });

  it('names the pages that hold a range of rows', () => {
    expect(pagesFor(0, 16, 100)).toEqual([0]);
    expect(pagesFor(95, 110, 100)).toEqual([0, 100]);
    expect(pagesFor(49_994, 50_016, 100)).toEqual([49_900, 50_000]);
    expect(pagesFor(10, 10, 100)).toEqual([]);
  });

  it('scrolls just enough to bring a row into view', () => {
    expect(scrollToShow(5, 0, 560, 56)).toBe(0);
    expect(scrollToShow(10, 0, 560, 56)).toBe(56);
    expect(scrollToShow(3, 560, 560, 56)).toBe(168);
    expect(scrollToShow(12, 560, 560, 56)).toBe(560);
  });

  it('keeps pages by offset, finds and replaces rows in them, and drops those far away', () => {
    const cache = new PageCache(100);
    for (const offset of [0, 100, 500, 900]) {
      cache.put(offset, Array.from({ length: 100 }, (_, i) => summary(`a${offset + i}`)));
    }
    expect(cache.row(0)?.id).toBe('a0');
    expect(cache.row(199)?.id).toBe('a199');
    expect(cache.row(200)).toBeUndefined();
    expect(cache.indexOf('a523')).toBe(523);
    expect(cache.indexOf('zz')).toBe(-1);
    expect(cache.replace('a523', (r) => ({ ...r, title: '新标题' }))).toBe(true);
    expect(cache.row(523)?.title).toBe('新标题');
    expect(cache.replace('zz', (r) => r)).toBe(false);
    // Rows 520–540 on screen, two pages kept either side: 300–700 stay, 0, 100 and 900 go.
    cache.keepNear(520, 540, 2);
    expect(cache.size).toBe(1);
    expect(cache.has(500)).toBe(true);
  });

  it('fetches the pages the window shows as it scrolls, and holds only those near it', async () => {
    const list = new ArticleList(() => true);
    ipc.listArticles.mockImplementation(pagedCore(100_000));
    await list.refresh();
    expect(list.total).toBe(100_000);
    expect(askedOffsets()).toEqual([0]);
    // The editor drags the scrollbar to the middle, then to the end.
    list.show(49_994, 50_016);
    await vi.waitFor(() => expect(list.row(50_000)?.id).toBe('a50000'));
    list.show(99_984, 100_000);
    await vi.waitFor(() => expect(list.row(99_999)?.id).toBe('a99999'));
    expect(askedOffsets()).toEqual([0, 49_900, 50_000, 99_900]);
    // The pages near the top and the middle were dropped: memory does not grow with the scroll.
    expect(list.row(0)).toBeUndefined();
    expect(list.row(50_000)).toBeUndefined();
    // Showing rows held already asks for nothing.
    list.show(99_984, 100_000);
    expect(askedOffsets()).toHaveLength(4);
    // Every row up to the end, one page after the other, never holds more than a few pages.
    ipc.listArticles.mockClear();
    for (let start = 0; start < 3_000; start += 10) list.show(start, start + 16);
    await vi.waitFor(() => expect(list.row(3_010)?.id).toBe('a3010'));
    for (let start = 0; start < 3_000; start += 100) expect(askedOffsets()).toContain(start);
    expect(ids(list, 0, 1)).toEqual([undefined]);
  });

  it('drops a page that answers after the filter changed, even when the new answer is slower', async () => {
    const list = new ArticleList(() => true);
    ipc.listArticles.mockImplementation(pagedCore(1_000));
    await list.refresh();
    const oldPage = pending<ArticleListing>();
    const newPage = pending<ArticleListing>();
    ipc.listArticles.mockReturnValueOnce(oldPage.promise).mockReturnValueOnce(newPage.promise);
    list.show(150, 166);
    list.setFilter({ status: 'ready' });
    oldPage.resolve(listingPage([summary('old')], 1_000));
    await Promise.resolve();
    await Promise.resolve();
    // The old filter's rows stay on screen until the new ones come, and the late page is not among them.
    expect(list.indexOf('old')).toBe(-1);
    expect(list.row(150)).toBeUndefined();
    expect(list.row(0)?.id).toBe('a0');
    expect(list.resets).toBe(0);
    newPage.resolve(listingPage([summary('r1'), summary('r2')], 2));
    await vi.waitFor(() => expect(ids(list, 0, 3)).toEqual(['r1', 'r2', undefined]));
    expect(list.total).toBe(2);
    // Now the window goes up to them.
    expect(list.resets).toBe(1);
    expect(list.indexOf('a1')).toBe(-1);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, status: 'ready', offset: 0, limit: PAGE_SIZE });
  });
});

describe('searching', () => {
  it('searches a key after a pause at once, a burst once at its end, and drops an older search', async () => {
    vi.useFakeTimers();
    const list = new ArticleList(() => true);
    const slow = pending<ArticleListing>();
    ipc.listArticles.mockReturnValueOnce(slow.promise);
    list.filter.query = '就';
    list.queryTyped();
    expect(list.searching).toBe(true);
    // The first key after a pause does not wait for a frame.
    expect(ipc.listArticles).toHaveBeenCalledTimes(1);
    // Two more keys right after it, while its search runs: one request, for what the box holds last.
    ipc.listArticles.mockResolvedValueOnce(
      listingPage([summary('hit', { snippet: [{ text: '稳', hit: false }, { text: '就业', hit: true }] })], 1),
    );
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS / 4);
    list.filter.query = '就业';
    list.queryTyped();
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS / 2);
    list.filter.query = '就业 ';
    list.queryTyped();
    expect(ipc.listArticles).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(ipc.listArticles).toHaveBeenCalledTimes(2);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, query: '就业', offset: 0, limit: PAGE_SIZE });
    expect(list.searching).toBe(false);
    expect(list.row(0)?.snippet).toEqual([{ text: '稳', hit: false }, { text: '就业', hit: true }]);
    // The first search answers last: its rows never show, and the list does not say it is searching.
    slow.resolve(listingPage([summary('stale')], 40));
    await vi.advanceTimersByTimeAsync(0);
    expect(list.row(0)?.id).toBe('hit');
    expect(list.total).toBe(1);
    expect(list.searching).toBe(false);
  });

  it('fetches rows scrolled to while typing for the list on screen, not for the half-typed query', async () => {
    vi.useFakeTimers();
    const list = new ArticleList(() => true);
    ipc.listArticles.mockImplementation(pagedCore(1_000));
    await list.refresh();
    // A first key searches at once, and is taken back at once: the next key, right after,
    // waits for the burst to end.
    list.filter.query = '就';
    list.queryTyped();
    list.filter.query = '';
    list.queryTyped();
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    list.filter.query = '就';
    list.queryTyped();
    list.queryTyped();
    list.show(500, 516);
    await vi.advanceTimersByTimeAsync(0);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, offset: 500, limit: PAGE_SIZE });
    // Rows stay the no-query height until the search's own rows come.
    expect(list.rowHeight).toBe(ROW_HEIGHT);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, query: '就', offset: 0, limit: PAGE_SIZE });
    expect(list.rowHeight).toBe(ROW_HEIGHT_SNIPPET);
  });

  it('starts a new filter from the top and clears every filter but the sort on 清除筛选', async () => {
    const list = new ArticleList(() => true);
    ipc.listArticles.mockImplementation(pagedCore(0));
    list.show(300, 316);
    list.filter.sort = 'publish';
    list.setFilter({ query: '没有的词', channel: '百姓生活', status: 'draft' });
    await vi.waitFor(() => expect(list.total).toBe(0));
    expect(list.resets).toBe(1);
    expect(askedOffsets().at(-1)).toBe(0);
    list.clearFilter();
    expect(list.filter).toEqual({ query: '', status: '', channel: '', sort: 'publish', trash: false });
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'publish', trash: false, offset: 0, limit: PAGE_SIZE });
  });

  it('says the index is being built, and asks again until it is', async () => {
    vi.useFakeTimers();
    const list = new ArticleList(() => true);
    ipc.listArticles.mockImplementation(pagedCore(5, { indexing: true }));
    list.setFilter({ query: '就业' });
    await vi.advanceTimersByTimeAsync(0);
    expect(list.indexing).toBe(true);
    ipc.listArticles.mockImplementation(pagedCore(7));
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(list.indexing).toBe(false);
    // Once built, the search is run again in full: the rows it missed appear.
    await vi.waitFor(() => expect(list.total).toBe(7));
  });
});

describe('a save', () => {
  it('changes its row in place, fetches no rows, and the counts follow a moment later', async () => {
    vi.useFakeTimers();
    const list = new ArticleList(() => true);
    ipc.listArticles.mockImplementation(pagedCore(300));
    await list.refresh();
    list.show(0, 16);
    await vi.advanceTimersByTimeAsync(0);
    ipc.listArticles.mockClear();
    const before = list.version;
    const saved = article('a7', { title: '改过的标题', status: 'ready', updated_at: '2026-12-01T09:00:00Z', revision: 4 });
    list.saved(saved);
    list.saved({ ...saved, revision: 5 });
    expect(list.version).toBeGreaterThan(before);
    // The row stays where it was, though by "last edited" it would now be first.
    expect(list.indexOf('a7')).toBe(7);
    expect(list.row(7)).toEqual({
      ...summary('a7'),
      title: '改过的标题',
      status: 'ready',
      updated_at: '2026-12-01T09:00:00Z',
      revision: 5,
    });
    expect(ipc.listArticles).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(COUNTS_DEBOUNCE_MS);
    // One request for the counts, of a single row, for both saves.
    expect(ipc.listArticles).toHaveBeenCalledTimes(1);
    expect(ipc.listArticles).toHaveBeenCalledWith({ sort: 'updated', trash: false, offset: 0, limit: 1 });
    expect(list.row(0)?.id).toBe('a0');
    expect(list.indexOf('a7')).toBe(7);
  });

  it('lets the rows take their sorted places once the editor leaves the article', async () => {
    const list = new ArticleList(() => true);
    ipc.listArticles.mockResolvedValue(listing('a', 'b', 'c'));
    await list.refresh();
    // Leaving an article nothing changed in asks for nothing.
    list.left();
    expect(ipc.listArticles).toHaveBeenCalledTimes(1);
    list.saved(article('c', { title: '新' }));
    ipc.listArticles.mockResolvedValue(listingPage([summary('c', { title: '新' }), summary('a'), summary('b')], 3));
    list.left();
    await vi.waitFor(() => expect(ids(list, 0, 3)).toEqual(['c', 'a', 'b']));
  });

  it('takes the saved fields into the row and keeps the snippet', () => {
    const row = summary('a', { snippet: [{ text: '就业', hit: true }] });
    const saved = article('a', { title: 'T', channel: '民生', status: 'published', publish_at: '2026-12-01T08:00:00+08:00', revision: 9 });
    expect(rowFromArticle(row, saved)).toEqual({
      ...row,
      title: 'T',
      channel: '民生',
      status: 'published',
      publish_at: '2026-12-01T08:00:00+08:00',
      updated_at: saved.updated_at,
      revision: 9,
    });
  });
});

describe('a search that stopped counting', () => {
  it('keeps a page more of room until a short page shows where the hits end', async () => {
    const { listHeight } = await import('./list.svelte');
    const page = (n: number, total: number) => ({
      ...listingPage(Array.from({ length: n }, (_, i) => summary(`a${i}`)), total),
      total_is_lower_bound: true,
    });
    expect(listHeight(null, page(100, 201), 0, 100)).toBe(201);
    expect(listHeight(201, page(100, 201), 100, 100)).toBe(300);
    expect(listHeight(300, page(100, 300), 200, 100)).toBe(400);
    expect(listHeight(400, page(37, 337), 300, 100)).toBe(337);
    expect(listHeight(400, listingPage([], 5), 0, 100)).toBe(5);
  });
});
