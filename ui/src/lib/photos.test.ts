// Tests of the photo strip's import queue and edits, with the shell's commands stubbed.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { PhotoCard } from './ipc';

const ipc = {
  articlePhotos: vi.fn(),
  importPhoto: vi.fn(),
  updatePhoto: vi.fn(),
  detachPhoto: vi.fn(),
  setLeadPhoto: vi.fn(),
};
const showError = vi.fn();
vi.mock('./ipc', () => ({ ipc }));
vi.mock('./notices.svelte', () => ({ showError: (e: unknown) => showError(e) }));

const { PhotoStrip, fileName } = await import('./photos.svelte');

function card(id: string, extra: Partial<PhotoCard> = {}): PhotoCard {
  return {
    id,
    caption: null,
    credit: null,
    photographer: null,
    alt: null,
    is_lead: false,
    width: 640,
    height: 480,
    file_name: `${id}.jpg`,
    thumbnail_file: `/m/${id}-240.jpg`,
    view_file: `/m/${id}-800.jpg`,
    thumbnailUrl: `asset://localhost/${id}-240`,
    viewUrl: `asset://localhost/${id}-800`,
    ...extra,
  };
}

/** A promise the test settles by hand, to see what happens while a command is still running. */
function pending<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  for (const f of Object.values(ipc)) f.mockReset();
  showError.mockReset();
});

describe('the photo strip', () => {
  it('names files by their last path part on any system', () => {
    expect(fileName('/home/编辑/图片/江勇.jpg')).toBe('江勇.jpg');
    expect(fileName('C:\\Users\\a\\b.png')).toBe('b.png');
  });

  it('imports files one at a time, reports a bad one and goes on with the rest', async () => {
    ipc.articlePhotos.mockResolvedValue([]);
    const changed = vi.fn();
    const strip = new PhotoStrip(changed);
    await strip.load('art-1');

    const first = pending<PhotoCard[]>();
    ipc.importPhoto
      .mockReturnValueOnce(first.promise)
      .mockRejectedValueOnce({ kind: 'photo', message: 'text.jpg 不是图片' })
      .mockResolvedValueOnce([card('a'), card('c')]);
    strip.add(['/p/a.jpg', '/p/text.jpg', '/p/c.jpg']);

    expect(ipc.importPhoto).toHaveBeenCalledTimes(1);
    expect(ipc.importPhoto).toHaveBeenLastCalledWith('art-1', '/p/a.jpg');
    expect(strip.imports.map((i) => [i.name, i.state])).toEqual([
      ['a.jpg', 'importing'],
      ['text.jpg', 'waiting'],
      ['c.jpg', 'waiting'],
    ]);
    expect(strip.progress.total).toBe(3);
    expect(strip.progress.current?.name).toBe('a.jpg');

    first.resolve([card('a')]);
    await tick();
    await tick();
    expect(ipc.importPhoto).toHaveBeenCalledTimes(3);
    expect(ipc.importPhoto.mock.calls.map((c) => c[1])).toEqual(['/p/a.jpg', '/p/text.jpg', '/p/c.jpg']);
    expect(showError).toHaveBeenCalledTimes(1);
    expect(showError.mock.calls[0][0]).toMatchObject({ kind: 'photo' });
    expect(strip.photos.map((p) => p.id)).toEqual(['a', 'c']);
    expect(strip.imports).toEqual([]);
    expect(strip.progress).toEqual({ done: 0, total: 0, current: null });
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it('keeps an import finished for another article out of the open one', async () => {
    ipc.articlePhotos.mockResolvedValueOnce([]).mockResolvedValueOnce([card('x')]);
    const strip = new PhotoStrip(() => {});
    await strip.load('art-1');
    const slow = pending<PhotoCard[]>();
    ipc.importPhoto.mockReturnValueOnce(slow.promise);
    strip.add(['/p/a.jpg']);
    await strip.load('art-2');
    slow.resolve([card('a')]);
    await tick();
    expect(strip.article).toBe('art-2');
    expect(strip.photos.map((p) => p.id)).toEqual(['x']);
    expect(ipc.importPhoto).toHaveBeenCalledWith('art-1', '/p/a.jpg');
  });

  it('sends one field at a time and shows what the core made of it', async () => {
    ipc.articlePhotos.mockResolvedValue([card('a')]);
    const changed = vi.fn();
    const strip = new PhotoStrip(changed);
    await strip.load('art-1');
    ipc.updatePhoto.mockResolvedValueOnce([card('a', { caption: '走访企业。', credit: '陈鋆摄', photographer: '陈鋆' })]);
    expect(await strip.edit('a', { caption: '走访企业。陈鋆摄' })).toBe(true);
    expect(ipc.updatePhoto).toHaveBeenCalledWith('art-1', 'a', { caption: '走访企业。陈鋆摄' });
    expect(strip.photos[0].credit).toBe('陈鋆摄');
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('toggles the lead photo and forgets a detached selection', async () => {
    ipc.articlePhotos.mockResolvedValue([card('a', { is_lead: true }), card('b')]);
    const strip = new PhotoStrip(() => {});
    await strip.load('art-1');
    ipc.setLeadPhoto.mockResolvedValue([card('a'), card('b')]);
    await strip.toggleLead('a');
    expect(ipc.setLeadPhoto).toHaveBeenLastCalledWith('art-1', null);
    await strip.toggleLead('b');
    expect(ipc.setLeadPhoto).toHaveBeenLastCalledWith('art-1', 'b');

    strip.select('b');
    expect(strip.selected).toBe('b');
    ipc.detachPhoto.mockResolvedValueOnce([card('a')]);
    await strip.detach('b');
    expect(strip.selected).toBe(null);

    ipc.detachPhoto.mockRejectedValueOnce({ kind: 'not_found', message: '找不到图片' });
    expect(await strip.detach('zz')).toBe(false);
    expect(showError).toHaveBeenCalledTimes(1);
    expect(strip.photos.map((p) => p.id)).toEqual(['a']);
  });
});
