// Tests that command failures arrive as typed errors, with the arguments Tauri expects.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const invoke = vi.fn();
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (...args: unknown[]) => invoke(...args),
  // What Tauri's convertFileSrc makes on Linux and macOS.
  convertFileSrc: (path: string, protocol = 'asset') => `${protocol}://localhost/${encodeURIComponent(path)}`,
}));

const open = vi.fn();
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: (...args: unknown[]) => open(...args) }));

const { ipc, CommandError, BridgeError, toCommandError, pagePreviewUrl, pickPhotoFiles } = await import('./ipc');

describe('pagePreviewUrl', () => {
  it('keeps the page path as path segments, so relative addresses climb out of them', () => {
    expect(pagePreviewUrl('life/2021/09/dang-qi.html')).toBe('newsdesk-page://localhost/life/2021/09/dang-qi.html?shell');
    expect(new URL('../../../media/renditions/ab/x.jpg', pagePreviewUrl('life/2021/09/a.html')).pathname).toBe(
      '/media/renditions/ab/x.jpg',
    );
  });
  it('encodes each segment', () => {
    expect(pagePreviewUrl('新闻/a b.html')).toBe(
      `newsdesk-page://localhost/${encodeURIComponent('新闻')}/a%20b.html?shell`,
    );
  });
});

beforeEach(() => {
  invoke.mockReset();
});

describe('ipc wrappers', () => {
  it('pass camelCase argument keys and return the result', async () => {
    invoke.mockResolvedValueOnce([]);
    await expect(ipc.renameChannel('百姓生活', '民生')).resolves.toEqual([]);
    expect(invoke).toHaveBeenCalledWith('rename_channel', { channel: '百姓生活', newName: '民生' });

    invoke.mockResolvedValueOnce(null);
    await ipc.updateSite('我爱遵义', 'https://example.org', 'Asia/Shanghai');
    expect(invoke).toHaveBeenLastCalledWith('update_site', {
      name: '我爱遵义',
      baseUrl: 'https://example.org',
      timeZone: 'Asia/Shanghai',
    });

    invoke.mockResolvedValueOnce({});
    await ipc.saveArticle('id-1', { title: 'x' }, 'autosave');
    expect(invoke).toHaveBeenLastCalledWith('save_article', { id: 'id-1', patch: { title: 'x' }, kind: 'autosave' });
  });

  it('rethrow a WireError as a CommandError with its kind and message', async () => {
    invoke.mockRejectedValueOnce({ kind: 'validation', message: '发布日期无效：2021-02-30 10:00:00' });
    const err = await ipc.saveArticle('id-1', { publish_at: '2021-02-30 10:00:00' }, 'autosave').catch((e) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err.kind).toBe('validation');
    expect(err.message).toBe('发布日期无效：2021-02-30 10:00:00');
    expect(err.command).toBe('save_article');
  });

  it('turn anything else into a BridgeError, never a raw object', async () => {
    invoke.mockRejectedValueOnce('command get_article not found');
    const err = await ipc.getArticle('x').catch((e) => e);
    expect(err).toBeInstanceOf(BridgeError);
    expect(err.command).toBe('get_article');

    invoke.mockRejectedValueOnce({ something: 'else' });
    const other = await ipc.workspace().catch((e) => e);
    expect(other).toBeInstanceOf(BridgeError);

    invoke.mockRejectedValueOnce({ kind: 'unknown_kind', message: 'x' });
    expect(await ipc.workspace().catch((e) => e)).toBeInstanceOf(BridgeError);
  });

  it('keep an error that is already typed', () => {
    const e = new CommandError('x', { kind: 'io', message: 'm' });
    expect(toCommandError('y', e)).toBe(e);
  });
});

describe('photo commands', () => {
  const strip = [
    {
      id: '0a1b2c3d4e5f6a7b',
      caption: '走访企业。',
      credit: '陈鋆摄',
      photographer: '陈鋆',
      alt: null,
      is_lead: true,
      width: 1600,
      height: 1067,
      file_name: 'IMG_0001.jpg',
      thumbnail_file: '/home/编辑/newsdesk.media/renditions/0a/0a1b2c3d4e5f6a7b-240q82.jpg',
      view_file: null,
    },
  ];

  it('pass the article and photo, and give rendition files asset URLs', async () => {
    invoke.mockResolvedValueOnce(strip);
    const cards = await ipc.updatePhoto('art-1', '0a1b2c3d4e5f6a7b', { caption: '走访企业。陈鋆摄' });
    expect(invoke).toHaveBeenCalledWith('update_photo', {
      article: 'art-1',
      photo: '0a1b2c3d4e5f6a7b',
      patch: { caption: '走访企业。陈鋆摄' },
    });
    expect(cards[0].thumbnailUrl).toBe(
      'asset://localhost/%2Fhome%2F%E7%BC%96%E8%BE%91%2Fnewsdesk.media%2Frenditions%2F0a%2F0a1b2c3d4e5f6a7b-240q82.jpg',
    );
    expect(cards[0].viewUrl).toBe(null);
    expect(cards[0].credit).toBe('陈鋆摄');

    invoke.mockResolvedValueOnce([]);
    await ipc.importPhoto('art-1', '/tmp/a.jpg');
    expect(invoke).toHaveBeenLastCalledWith('import_photo', { article: 'art-1', file: '/tmp/a.jpg' });
    invoke.mockResolvedValueOnce([]);
    await ipc.setLeadPhoto('art-1', null);
    expect(invoke).toHaveBeenLastCalledWith('set_lead_photo', { article: 'art-1', photo: null });
  });

  it('reject a bad file with the core\'s photo error', async () => {
    invoke.mockRejectedValueOnce({ kind: 'photo', message: '图片 /tmp/text.jpg 不是图片' });
    const err = await ipc.importPhoto('art-1', '/tmp/text.jpg').catch((e) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err.kind).toBe('photo');
  });
});

describe('the photo picker', () => {
  it('offers only the formats the core decodes', async () => {
    // inShell() looks for Tauri's bridge on the window.
    vi.stubGlobal('window', { __TAURI_INTERNALS__: {} });
    try {
      open.mockResolvedValueOnce(['/p/a.jpg']);
      expect(await pickPhotoFiles('选择图片', '图片')).toEqual(['/p/a.jpg']);
      const [options] = open.mock.calls[0];
      expect(options.multiple).toBe(true);
      expect(options.filters).toEqual([{ name: '图片', extensions: ['jpg', 'jpeg', 'png', 'webp', 'gif'] }]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('the answers served with the page', () => {
  const filter = { sort: 'updated', trash: false, offset: 0, limit: 100 } as const;
  const listing = { items: [{ id: 'a1' }], total: 1 };
  const workspace = { site: { name: '我爱遵义' } };

  /** A fresh ipc.ts in a page whose data block holds `text`; the block's removal is counted. */
  async function pageWith(text: string) {
    const removed = vi.fn();
    vi.stubGlobal('document', {
      getElementById: (id: string) => (id === 'newsdesk-first-page' ? { textContent: text, remove: removed } : null),
    });
    vi.resetModules();
    const fresh = await import('./ipc');
    return { ipc: fresh.ipc, removed };
  }

  it('answer the launch calls once without a round trip, then go to the shell', async () => {
    const served = JSON.stringify({ workspace, filter: { ...filter, query: null, status: null }, listing });
    const { ipc: page, removed } = await pageWith(served);
    await expect(page.workspace()).resolves.toEqual(workspace);
    await expect(page.listArticles({ ...filter })).resolves.toEqual(listing);
    expect(invoke, 'nulls in the served filter are the fields the UI leaves out').not.toHaveBeenCalled();
    expect(removed, 'the block leaves the page once read').toHaveBeenCalledOnce();

    invoke.mockResolvedValue({ items: [], total: 0 });
    await page.listArticles({ ...filter });
    invoke.mockResolvedValueOnce(workspace);
    await page.workspace();
    expect(invoke.mock.calls.map((c) => c[0]), 'a second call wants the rows as they are by then').toEqual([
      'list_articles',
      'workspace',
    ]);
    vi.unstubAllGlobals();
  });

  it('send a list call for another filter to the shell, and drop what was served', async () => {
    const { ipc: page } = await pageWith(JSON.stringify({ workspace, filter, listing }));
    invoke.mockResolvedValue({ items: [], total: 0 });
    await page.listArticles({ ...filter, sort: 'publish' });
    await page.listArticles({ ...filter });
    expect(invoke, 'the served rows answer only the filter they were made for').toHaveBeenCalledTimes(2);
    vi.unstubAllGlobals();
  });

  it('go to the shell when the block is damaged', async () => {
    const { ipc: page } = await pageWith('{"workspace": ');
    invoke.mockResolvedValueOnce(workspace);
    await expect(page.workspace()).resolves.toEqual(workspace);
    expect(invoke).toHaveBeenCalledWith('workspace', undefined);
    vi.unstubAllGlobals();
  });

  it('serve as many rows as the list asks for in a page', async () => {
    const { PAGE_SIZE } = await import('./list.svelte');
    const { readFileSync } = await import('node:fs');
    const core = readFileSync(new URL('../../../crates/newsdesk-core/src/ipc.rs', import.meta.url), 'utf8');
    expect(core, "the core's PAGE_SIZE, which LaunchAnswers serves, is the list's page size").toContain(
      `pub const PAGE_SIZE: u32 = ${PAGE_SIZE};`,
    );
    expect(core, 'and its LAUNCH_ANSWERS_ELEMENT is the id ipc.ts reads').toContain(
      'pub const LAUNCH_ANSWERS_ELEMENT: &str = "newsdesk-first-page";',
    );
  });
});
