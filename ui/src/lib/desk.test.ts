// Tests of switching the open article: one switch at a time, pending edits saved first, and the
// switch offered again when they cannot be.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article, Workspace } from './bindings';
import { article, listing, page, pending, settle } from './fixtures';

const ipc = {
  getArticle: vi.fn(),
  createArticle: vi.fn(),
  duplicateArticle: vi.fn(),
  trashArticle: vi.fn(),
  untrashArticle: vi.fn(),
  restoreRevision: vi.fn(),
  undoRestore: vi.fn(),
  saveArticle: vi.fn(),
  listArticles: vi.fn(),
  articleHistory: vi.fn(),
  previewArticle: vi.fn(),
  articlePhotos: vi.fn(),
};
const showError = vi.fn();
const clearError = vi.fn();
const showToast = vi.fn();
vi.mock('./ipc', () => ({ ipc, inShell: () => true }));
vi.mock('./notices.svelte', () => ({ showError, clearError, showToast }));
vi.mock('./locale.svelte', () => ({ t: (key: string) => key, chooseLang: vi.fn(), startLang: vi.fn() }));

const { Desk } = await import('./desk.svelte');

function desk() {
  const d = new Desk();
  d.settings.workspace = { channels: [{ name: '百姓生活', slug: 'life', position: 0 }] } as unknown as Workspace;
  return d;
}

async function opened(d: InstanceType<typeof Desk>, a: Article) {
  ipc.getArticle.mockResolvedValueOnce(a);
  await d.open(a.id);
  expect(d.editor.openId).toBe(a.id);
}

beforeEach(() => {
  for (const f of [...Object.values(ipc), showError, clearError, showToast]) f.mockReset();
  ipc.previewArticle.mockResolvedValue(page('<p></p>'));
  ipc.articlePhotos.mockResolvedValue([]);
  ipc.listArticles.mockResolvedValue(listing('a', 'b', 'c'));
  ipc.articleHistory.mockResolvedValue([]);
  ipc.saveArticle.mockImplementation(async (id: string, patch: Record<string, unknown>) => article(id, patch));
});
afterEach(() => vi.useRealTimers());

describe('switching articles', () => {
  it('runs one switch at a time: a second click while one runs is dropped', async () => {
    const d = desk();
    const slow = pending<Article>();
    ipc.getArticle.mockReturnValueOnce(slow.promise);
    const first = d.open('a');
    expect(d.busy).toBe(true);
    await d.open('b');
    await settle();
    expect(ipc.getArticle).toHaveBeenCalledTimes(1);
    expect(ipc.getArticle).toHaveBeenCalledWith('a');
    slow.resolve(article('a'));
    await first;
    expect(d.busy).toBe(false);
    expect(d.editor.openId).toBe('a');
    // The open article again is no switch at all.
    await d.open('a');
    expect(ipc.getArticle).toHaveBeenCalledTimes(1);
  });

  it('saves the edits of the article left before the other one opens', async () => {
    const d = desk();
    await opened(d, article('a'));
    d.editor.draft!.title = '改过的标题';
    d.editor.edited();
    ipc.getArticle.mockResolvedValueOnce(article('b'));
    await d.open('b');
    expect(ipc.saveArticle).toHaveBeenCalledWith('a', { title: '改过的标题' }, 'pause');
    expect(ipc.saveArticle.mock.invocationCallOrder[0]).toBeLessThan(ipc.getArticle.mock.invocationCallOrder[1]);
    expect(d.editor.openId).toBe('b');
  });

  it('sends edits typed while the next article was fetched to the article they were typed in', async () => {
    const d = desk();
    await opened(d, article('a'));
    const slow = pending<Article>();
    ipc.getArticle.mockReturnValueOnce(slow.promise);
    const switching = d.open('b');
    await settle();
    d.editor.draft!.summary = '摘要';
    d.editor.edited();
    slow.resolve(article('b'));
    await switching;
    expect(ipc.saveArticle).toHaveBeenCalledWith('a', { summary: '摘要' }, 'pause');
    expect(d.editor.openId).toBe('b');
  });

  it('stays on an article whose edits cannot be saved, and switches once they are discarded', async () => {
    const d = desk();
    await opened(d, article('a'));
    d.editor.draft!.slug = 'taken';
    d.editor.edited();
    ipc.saveArticle.mockRejectedValue({ kind: 'validation', message: '已被另一篇文章使用' });
    await d.open('b');
    expect(d.editor.openId).toBe('a');
    expect(ipc.getArticle).toHaveBeenCalledTimes(1);
    const options = showError.mock.calls.find((c) => c[1]?.action)![1];
    ipc.getArticle.mockResolvedValueOnce(article('b'));
    options.action.run();
    await vi.waitFor(() => expect(d.editor.openId).toBe('b'));
    expect(d.busy).toBe(false);
  });

  it('shows a failed fetch and keeps the open article', async () => {
    const d = desk();
    await opened(d, article('a'));
    ipc.getArticle.mockRejectedValueOnce({ kind: 'not_found', message: '找不到文章' });
    await d.open('zz');
    expect(showError).toHaveBeenCalledWith({ kind: 'not_found', message: '找不到文章' });
    expect(d.editor.openId).toBe('a');
    expect(d.busy).toBe(false);
  });

  it('creates an article in the first channel, out of the trash view, with the cursor in the title', async () => {
    const d = desk();
    d.list.filter.trash = true;
    ipc.createArticle.mockResolvedValueOnce(article('new'));
    await d.create();
    expect(ipc.createArticle).toHaveBeenCalledWith({ title: 'app.untitled', channel: '百姓生活' });
    expect(d.editor.openId).toBe('new');
    expect(d.list.filter.trash).toBe(false);
    expect(d.editor.titleFocus).toBe(1);
    expect(ipc.listArticles).toHaveBeenLastCalledWith({ sort: 'updated', trash: false, offset: 0, limit: 100 });
  });

  it('duplicates the open article and opens the copy', async () => {
    const d = desk();
    await opened(d, article('a'));
    ipc.duplicateArticle.mockResolvedValueOnce(article('copy'));
    await d.duplicate();
    expect(ipc.duplicateArticle).toHaveBeenCalledWith('a');
    expect(d.editor.openId).toBe('copy');
    expect(d.editor.titleFocus).toBe(1);
    expect(ipc.listArticles).toHaveBeenCalled();
  });

  it('trashes the open article, opens its neighbour, and the undo brings it back', async () => {
    const d = desk();
    await d.list.refresh();
    await opened(d, article('b', { title: '要删的稿' }));
    ipc.trashArticle.mockResolvedValueOnce(null);
    ipc.getArticle.mockResolvedValueOnce(article('c'));
    await d.trash();
    expect(ipc.trashArticle).toHaveBeenCalledWith('b');
    expect(d.editor.openId).toBe('c');
    const [message, undo] = showToast.mock.calls[0];
    expect(message).toBe('toast.trashed');
    ipc.untrashArticle.mockResolvedValueOnce(article('b'));
    undo.run();
    await vi.waitFor(() => expect(d.editor.openId).toBe('b'));
    expect(ipc.untrashArticle).toHaveBeenCalledWith('b');
  });

  it("changes the saved article's row in place, and lets the list re-sort once the editor leaves it", async () => {
    const d = desk();
    await d.list.refresh();
    await opened(d, article('c'));
    ipc.listArticles.mockClear();
    d.editor.draft!.title = '改过的标题';
    d.editor.edited();
    await d.editor.saveNow();
    expect(d.list.row(2)?.title).toBe('改过的标题');
    // No rows fetched for the save: the row stays third while the article is open.
    expect(ipc.listArticles).not.toHaveBeenCalled();
    ipc.listArticles.mockResolvedValue(listing('c', 'a', 'b'));
    await opened(d, article('a'));
    await vi.waitFor(() => expect(d.list.row(0)?.id).toBe('c'));
  });

  it('restores a revision as the open article, and shows the history and list after it', async () => {
    const d = desk();
    await opened(d, article('a', { revision: 3 }));
    d.history.toggle(true);
    ipc.restoreRevision.mockResolvedValueOnce(article('a', { title: '第一版', revision: 4 }));
    ipc.articleHistory.mockClear();
    expect(await d.restoreRevision(1)).toBe(true);
    expect(ipc.restoreRevision).toHaveBeenCalledWith('a', 1);
    expect(d.editor.draft?.title).toBe('第一版');
    expect(d.editor.loads).toBe(2);
    expect(showToast).toHaveBeenCalledWith('toast.revisionRestored', expect.objectContaining({ label: 'history.undo' }));
    expect(ipc.articleHistory).toHaveBeenCalledWith('a');
  });

  it('offers 撤销 after a restore, which takes back that very restore', async () => {
    const d = desk();
    await opened(d, article('a', { title: '第三版', revision: 3 }));
    ipc.restoreRevision.mockResolvedValueOnce(article('a', { title: '第一版', revision: 4 }));
    await d.restoreRevision(1);
    const undo = showToast.mock.calls.at(-1)?.[1] as { run: () => void };
    ipc.undoRestore.mockResolvedValueOnce(article('a', { title: '第三版', revision: 5 }));
    undo.run();
    await vi.waitFor(() => expect(d.editor.draft?.title).toBe('第三版'));
    expect(ipc.undoRestore).toHaveBeenCalledWith('a', 4);
    expect(showToast).toHaveBeenLastCalledWith('history.undone');
  });

  it('shows the core’s refusal of an undo and keeps the article as it is', async () => {
    const d = desk();
    await opened(d, article('a', { title: '恢复后又改过', revision: 5 }));
    ipc.undoRestore.mockRejectedValueOnce({ kind: 'validation', message: '这次恢复已无法撤销' });
    expect(await d.undoRestore(4)).toBe(false);
    expect(showError).toHaveBeenCalledWith({ kind: 'validation', message: '这次恢复已无法撤销' });
    expect(d.editor.draft?.title).toBe('恢复后又改过');
  });
});
