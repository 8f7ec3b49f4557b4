// Tests of the revision history: loaded while shown, for the open article only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RevisionSummary } from './bindings';
import { article, pending } from './fixtures';

const ipc = { articleHistory: vi.fn(), articleRevision: vi.fn(), revisionChanges: vi.fn() };
const showError = vi.fn();
vi.mock('./ipc', () => ({ ipc }));
vi.mock('./notices.svelte', () => ({ showError }));

const { RevisionHistory } = await import('./history.svelte');

function revisions(...ns: number[]): RevisionSummary[] {
  return ns.map((n) => ({
    revision: n,
    saved_at: '2024-05-01T12:00:00Z',
    title: `第 ${n} 版`,
    chars: n,
    open: false,
    label: { kind: 'saved' },
    changed: [],
    undoable: false,
  }));
}

let open: string | null = 'art-1';

beforeEach(() => {
  open = 'art-1';
  ipc.articleHistory.mockReset();
  ipc.articleRevision.mockReset();
  ipc.revisionChanges.mockReset();
  showError.mockReset();
});
afterEach(() => vi.useRealTimers());

describe('the revision history', () => {
  it('loads when shown and follows the article switched to while shown', async () => {
    const h = new RevisionHistory(() => open);
    ipc.articleHistory.mockResolvedValue(revisions(2, 1));
    h.switched('art-1');
    expect(ipc.articleHistory).not.toHaveBeenCalled();
    h.toggle();
    expect(h.open).toBe(true);
    await vi.waitFor(() => expect(h.revisions?.length).toBe(2));
    open = 'art-2';
    h.switched('art-2');
    expect(ipc.articleHistory).toHaveBeenLastCalledWith('art-2');
    open = null;
    h.switched(null);
    expect(h.revisions).toBe(null);
  });

  it('drops a history that arrives after another article was opened', async () => {
    const h = new RevisionHistory(() => open);
    const slow = pending<RevisionSummary[]>();
    ipc.articleHistory.mockReturnValueOnce(slow.promise);
    const loading = h.load();
    open = 'art-2';
    slow.resolve(revisions(1));
    await loading;
    expect(h.revisions).toBe(null);
  });

  it('refreshes after saves only while shown, at most twice a second', async () => {
    vi.useFakeTimers();
    const h = new RevisionHistory(() => open);
    ipc.articleHistory.mockResolvedValue(revisions(1));
    h.refreshSoon();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ipc.articleHistory).not.toHaveBeenCalled();
    h.toggle(true);
    await vi.advanceTimersByTimeAsync(0);
    ipc.articleHistory.mockClear();
    h.refreshSoon();
    h.refreshSoon();
    h.refreshSoon();
    await vi.advanceTimersByTimeAsync(600);
    expect(ipc.articleHistory).toHaveBeenCalledTimes(1);
  });

  it('fetches one revision of the open article, and shows a failure', async () => {
    const h = new RevisionHistory(() => open);
    ipc.articleRevision.mockResolvedValueOnce(article('art-1', { body: '旧正文' }));
    expect((await h.revision(1))?.body).toBe('旧正文');
    expect(ipc.articleRevision).toHaveBeenCalledWith('art-1', 1);
    ipc.articleRevision.mockRejectedValueOnce({ kind: 'not_found', message: '没有第 9 版' });
    expect(await h.revision(9)).toBe(null);
    expect(showError).toHaveBeenCalledTimes(1);
    open = null;
    expect(await h.revision(1)).toBe(null);
  });

  it('compares the selected revision with now, and again after each save', async () => {
    const h = new RevisionHistory(() => open);
    h.toggle(true);
    ipc.articleHistory.mockResolvedValue(revisions(2, 1));
    ipc.articleRevision.mockResolvedValue(article('art-1', { title: '初稿', revision: 1 }));
    const change = { field: 'title', before: '初稿', after: '定稿' };
    ipc.revisionChanges.mockResolvedValue([change]);
    await h.select(1);
    expect(h.selected).toBe(1);
    expect(h.compared).toEqual({ revision: 1, article: article('art-1', { title: '初稿', revision: 1 }), changes: [change] });
    expect(ipc.revisionChanges).toHaveBeenCalledWith('art-1', 1);
    ipc.revisionChanges.mockResolvedValue([]);
    await h.load();
    await vi.waitFor(() => expect(h.compared?.changes).toEqual([]));
    h.switched('art-2');
    expect([h.selected, h.compared]).toEqual([null, null]);
  });

  it('drops a comparison that arrives after another revision was picked', async () => {
    const h = new RevisionHistory(() => open);
    const slow = pending<[]>();
    ipc.articleRevision.mockResolvedValue(article('art-1'));
    ipc.revisionChanges.mockReturnValueOnce(slow.promise).mockResolvedValue([{ field: 'status', before: 'draft', after: 'published' }]);
    const first = h.select(1);
    await h.select(2);
    slow.resolve([]);
    await first;
    expect(h.compared?.revision).toBe(2);
    expect(h.compared?.changes).toHaveLength(1);
  });

  it('offers the undo of the newest revision only when the core says it is an undoable restore', async () => {
    const h = new RevisionHistory(() => open);
    const [restore, before] = revisions(3, 2);
    ipc.articleHistory.mockResolvedValueOnce([{ ...restore, label: { kind: 'restored', from: 1 }, undoable: true }, before]);
    await h.load();
    expect(h.undoable?.revision).toBe(3);
    ipc.articleHistory.mockResolvedValueOnce([{ ...revisions(4)[0], label: { kind: 'autosave' } }, restore, before]);
    await h.load();
    expect(h.undoable).toBe(null);
  });
});
