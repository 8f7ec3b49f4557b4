// Tests of the open article's form: what a save sends, what waits for an input method, and
// leaving an article whose edits cannot be saved.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { article, page } from './fixtures';

const ipc = {
  saveArticle: vi.fn(),
  previewArticle: vi.fn(),
  suggestSlug: vi.fn(),
  articlePhotos: vi.fn(),
  importPhoto: vi.fn(),
};
const pickPhotoFiles = vi.fn();
const showError = vi.fn();
const clearError = vi.fn();
const showToast = vi.fn();
vi.mock('./ipc', () => ({ ipc, pickPhotoFiles }));
vi.mock('./notices.svelte', () => ({ showError, clearError, showToast }));
vi.mock('./locale.svelte', () => ({ t: (key: string) => key }));

const { Editor } = await import('./editor.svelte');

function editor() {
  const events = { saved: vi.fn(), loaded: vi.fn() };
  return { editor: new Editor(events), events };
}

beforeEach(() => {
  vi.useFakeTimers();
  for (const f of [...Object.values(ipc), pickPhotoFiles, showError, clearError, showToast]) f.mockReset();
  ipc.previewArticle.mockResolvedValue(page('<p></p>'));
  ipc.articlePhotos.mockResolvedValue([]);
  ipc.saveArticle.mockImplementation(async (id: string, patch: Record<string, unknown>) => article(id, patch));
});
afterEach(() => vi.useRealTimers());

describe('the editor', () => {
  it('loads an article into the form and tells the window', () => {
    const { editor: e, events } = editor();
    e.load(article('art-1', { title: '党旗下的就业人' }));
    expect(e.openId).toBe('art-1');
    expect(e.draft?.title).toBe('党旗下的就业人');
    expect(e.loads).toBe(1);
    expect(e.saveStatus.phase).toBe('clean');
    expect(events.loaded).toHaveBeenCalledWith('art-1');
    expect(ipc.articlePhotos).toHaveBeenCalledWith('art-1');
  });

  it('saves only what was typed, without pressing anything, and tells the window', async () => {
    const { editor: e, events } = editor();
    e.load(article('art-1'));
    e.draft!.title = '遵义新闻测试稿';
    e.edited();
    e.setBody('在全国就业领域');
    await vi.advanceTimersByTimeAsync(400);
    expect(ipc.saveArticle).toHaveBeenCalledTimes(1);
    expect(ipc.saveArticle).toHaveBeenCalledWith('art-1', { title: '遵义新闻测试稿', body: '在全国就业领域' }, 'autosave');
    expect(e.article?.title).toBe('遵义新闻测试稿');
    expect(e.saveStatus.phase).toBe('saved');
    expect(events.saved).toHaveBeenCalledTimes(1);
    // What the core holds now is the base of the next patch.
    expect(e.unsaved()).toEqual({});
    expect(ipc.previewArticle).toHaveBeenLastCalledWith('art-1', { title: '遵义新闻测试稿', body: '在全国就业领域' });
  });

  it('holds back saving and previewing while an input method composes', async () => {
    const { editor: e } = editor();
    e.load(article('art-1'));
    await vi.advanceTimersByTimeAsync(200);
    ipc.previewArticle.mockClear();
    e.composition.start();
    e.setBody('jiuye');
    await vi.advanceTimersByTimeAsync(5000);
    expect(ipc.saveArticle).not.toHaveBeenCalled();
    expect(ipc.previewArticle).not.toHaveBeenCalled();
    e.draft!.body = '就业';
    e.composition.end();
    await vi.advanceTimersByTimeAsync(400);
    expect(ipc.saveArticle).toHaveBeenCalledTimes(1);
    expect(ipc.saveArticle.mock.calls[0][1]).toEqual({ body: '就业' });
    expect(ipc.previewArticle).toHaveBeenCalledWith('art-1', { body: '就业' });
  });

  it('keeps an article whose edits fail to save, and offers to discard them', async () => {
    const { editor: e, events } = editor();
    e.load(article('art-1'));
    e.draft!.slug = 'taken';
    e.edited();
    const refused = { kind: 'validation', message: '网址别名 taken 已被另一篇文章使用' };
    ipc.saveArticle.mockRejectedValue(refused);
    const proceed = vi.fn();
    expect(await e.leave(proceed)).toBe(false);
    expect(e.openId).toBe('art-1');
    const [shown, options] = showError.mock.calls.at(-1)!;
    expect(shown).toBe(refused);
    expect(options.key).toBe('save');
    expect(options.action.label).toBe('error.discard');
    options.action.run();
    expect(e.openId).toBe(null);
    expect(e.draft).toBe(null);
    expect(e.preview.page).toBe(null);
    expect(events.loaded).toHaveBeenLastCalledWith(null);
    expect(proceed).toHaveBeenCalledTimes(1);
  });

  it('leaves at once when everything is saved', async () => {
    const { editor: e } = editor();
    e.load(article('art-1'));
    expect(await e.leave(() => {})).toBe(true);
    expect(ipc.saveArticle).not.toHaveBeenCalled();
  });

  it('shows the slug the core made for an emptied one', async () => {
    const { editor: e } = editor();
    e.load(article('art-1', { slug: 'old' }));
    ipc.saveArticle.mockResolvedValueOnce(article('art-1', { slug: 'zun-yi-xin-wen' }));
    e.draft!.slug = '';
    e.edited();
    await vi.advanceTimersByTimeAsync(400);
    expect(ipc.saveArticle.mock.calls[0][1]).toEqual({ slug: '' });
    expect(e.draft?.slug).toBe('zun-yi-xin-wen');
    expect(e.unsaved()).toEqual({});
  });

  it('takes a renamed channel without a save', async () => {
    const { editor: e } = editor();
    e.load(article('art-1', { channel: '百姓生活' }));
    e.channelRenamed('百姓生活', '民生');
    expect(e.draft?.channel).toBe('民生');
    expect(e.unsaved()).toEqual({});
  });

  it('suggests a slug for the title and saves it', async () => {
    const { editor: e } = editor();
    e.load(article('art-1', { title: '遵义' }));
    ipc.suggestSlug.mockResolvedValueOnce('zun-yi');
    await e.regenerateSlug();
    expect(ipc.suggestSlug).toHaveBeenCalledWith('遵义', 'art-1');
    expect(e.draft?.slug).toBe('zun-yi');
    expect(e.unsaved()).toEqual({ slug: 'zun-yi' });
  });

  it('imports dropped files into the open article only', async () => {
    const { editor: e } = editor();
    e.fileDrag({ type: 'over' });
    expect(e.dragging).toBe(false);
    e.fileDrag({ type: 'drop', paths: ['/p/a.jpg'] });
    expect(showToast).toHaveBeenCalledWith('photos.openFirst');
    e.load(article('art-1'));
    e.fileDrag({ type: 'over' });
    expect(e.dragging).toBe(true);
    ipc.importPhoto.mockResolvedValue([]);
    e.fileDrag({ type: 'drop', paths: ['/p/a.jpg'] });
    expect(e.dragging).toBe(false);
    expect(ipc.importPhoto).toHaveBeenCalledWith('art-1', '/p/a.jpg');
  });
});
