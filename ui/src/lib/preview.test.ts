// Tests of the live preview: paced renders, answers for another article dropped, no render mid-composition.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArticlePatch } from './bindings';
import { page, pending } from './fixtures';
import type { Preview } from './bindings';

const ipc = { previewArticle: vi.fn() };
const showError = vi.fn();
const clearError = vi.fn();
vi.mock('./ipc', () => ({ ipc }));
vi.mock('./notices.svelte', () => ({ showError, clearError }));

const { PagePreview, samePreview } = await import('./preview.svelte');
const { Composition } = await import('./composition');

function subject(id: string | null, patch: ArticlePatch = {}) {
  return { openId: id, unsaved: () => (id ? patch : null) };
}

beforeEach(() => {
  vi.useFakeTimers();
  ipc.previewArticle.mockReset();
  showError.mockReset();
  clearError.mockReset();
});
afterEach(() => vi.useRealTimers());

describe('the preview', () => {
  it('renders the unsaved edits, one render for a burst of requests', async () => {
    ipc.previewArticle.mockResolvedValue(page('<p>a</p>'));
    const s = subject('art-1', { title: '新标题' });
    const p = new PagePreview(s, new Composition(() => {}));
    p.request();
    p.request();
    p.request();
    await vi.advanceTimersByTimeAsync(200);
    expect(ipc.previewArticle).toHaveBeenCalledTimes(1);
    expect(ipc.previewArticle).toHaveBeenCalledWith('art-1', { title: '新标题' });
    expect(p.page?.html).toBe('<p>a</p>');
    expect(clearError).toHaveBeenCalledWith('preview');
  });

  it('keeps the page object when a render changes nothing, so the frame is not reloaded', async () => {
    const s = subject('art-1');
    const p = new PagePreview(s, new Composition(() => {}));
    ipc.previewArticle.mockResolvedValueOnce(page('<p>a</p>'));
    p.request();
    await vi.advanceTimersByTimeAsync(200);
    const first = p.page;
    ipc.previewArticle.mockResolvedValueOnce(page('<p>a</p>'));
    p.request();
    await vi.advanceTimersByTimeAsync(200);
    expect(ipc.previewArticle).toHaveBeenCalledTimes(2);
    expect(p.page).toBe(first);
    const warned = page('<p>a</p>', [{ kind: 'validation', message: '来源时间晚于发布日期' }]);
    expect(samePreview(first, warned)).toBe(false);
    expect(samePreview(null, warned)).toBe(false);
  });

  it('drops an answer for an article no longer open, and its failure too', async () => {
    const s = subject('art-1');
    const p = new PagePreview(s, new Composition(() => {}));
    const slow = pending<Preview>();
    ipc.previewArticle.mockReturnValueOnce(slow.promise);
    p.request();
    await vi.advanceTimersByTimeAsync(200);
    (s as { openId: string | null }).openId = 'art-2';
    slow.resolve(page('<p>old</p>'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.page).toBe(null);

    const failing = pending<Preview>();
    ipc.previewArticle.mockReturnValueOnce(failing.promise);
    p.request();
    await vi.advanceTimersByTimeAsync(200);
    (s as { openId: string | null }).openId = 'art-3';
    failing.reject({ kind: 'template', message: 'x' });
    await vi.advanceTimersByTimeAsync(0);
    expect(showError).not.toHaveBeenCalled();
  });

  it('shows a failure for the open article under the preview key', async () => {
    const p = new PagePreview(subject('art-1'), new Composition(() => {}));
    ipc.previewArticle.mockRejectedValueOnce({ kind: 'template', message: '模板错误' });
    p.request();
    await vi.advanceTimersByTimeAsync(200);
    expect(showError).toHaveBeenCalledWith({ kind: 'template', message: '模板错误' }, { key: 'preview' });
  });

  it('waits for a composition to commit before rendering', async () => {
    const composition = new Composition(() => p.request());
    const p = new PagePreview(subject('art-1'), composition);
    ipc.previewArticle.mockResolvedValue(page('<p>就业</p>'));
    composition.start();
    p.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(ipc.previewArticle).not.toHaveBeenCalled();
    composition.end();
    await vi.advanceTimersByTimeAsync(500);
    expect(ipc.previewArticle).toHaveBeenCalledTimes(1);
  });

  it('renders nothing with no article open, and clearing forgets the page', async () => {
    const p = new PagePreview(subject(null), new Composition(() => {}));
    p.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(ipc.previewArticle).not.toHaveBeenCalled();
    p.page = page('<p>x</p>');
    p.clear();
    expect(p.page).toBe(null);
  });
});
