// Tests of the article list: the filter the core gets, and late answers kept out.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArticleListing } from './bindings';
import { listing, pending } from './fixtures';

const ipc = { listArticles: vi.fn() };
const showError = vi.fn();
const clearError = vi.fn();
vi.mock('./ipc', () => ({ ipc }));
vi.mock('./notices.svelte', () => ({ showError, clearError }));

const { ArticleList, filterForCore } = await import('./list.svelte');

beforeEach(() => {
  ipc.listArticles.mockReset();
  showError.mockReset();
  clearError.mockReset();
});

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
  });

  it('lists nothing before the workspace is there', async () => {
    const list = new ArticleList(() => false);
    await list.refresh();
    expect(ipc.listArticles).not.toHaveBeenCalled();
  });

  it('keeps a late answer to an older filter out of the list', async () => {
    const list = new ArticleList(() => true);
    const older = pending<ArticleListing>();
    ipc.listArticles.mockReturnValueOnce(older.promise).mockResolvedValueOnce(listing('b'));
    const first = list.refresh();
    list.setFilter({ query: '就业' });
    await vi.waitFor(() => expect(list.listing?.items.map((i) => i.id)).toEqual(['b']));
    older.resolve(listing('a'));
    await first;
    expect(list.listing?.items.map((i) => i.id)).toEqual(['b']);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, query: '就业' });
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
