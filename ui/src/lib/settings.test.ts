// Tests of the workspace settings: what each change asks of the preview and the list.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Channel, Workspace } from './bindings';

const ipc = {
  setLang: vi.fn(),
  knownOutlets: vi.fn(),
  updateSite: vi.fn(),
  addChannel: vi.fn(),
  renameChannel: vi.fn(),
  reorderChannels: vi.fn(),
};
const showError = vi.fn();
const chooseLang = vi.fn();
vi.mock('./ipc', () => ({ ipc }));
vi.mock('./notices.svelte', () => ({ showError }));
vi.mock('./locale.svelte', () => ({ chooseLang }));

const { Settings } = await import('./settings.svelte');

function channels(...names: string[]): Channel[] {
  return names.map((name, position) => ({ name, slug: `c${position}`, position }));
}

function workspace(...names: string[]): Workspace {
  return {
    db_path: '/home/编辑/newsdesk.db',
    site: {
      name: '我爱遵义',
      base_url: 'https://example.org',
      time_zone: 'Asia/Shanghai',
      footer: '',
      url_pattern: '',
      theme_dir: null,
      page_size: 20,
    },
    channels: channels(...names),
    system_lang: 'zh-CN',
  };
}

function settings() {
  const events = { pageChanged: vi.fn(), channelsChanged: vi.fn(), channelRenamed: vi.fn() };
  const s = new Settings(events);
  s.workspace = workspace('百姓生活', '时政', '教育');
  return { s, events };
}

beforeEach(() => {
  for (const f of [...Object.values(ipc), showError, chooseLang]) f.mockReset();
});

describe('the settings', () => {
  it('renames a channel everywhere and renders the page again', async () => {
    const { s, events } = settings();
    ipc.renameChannel.mockResolvedValueOnce(channels('民生', '时政', '教育'));
    expect(await s.renameChannel('百姓生活', ' 民生 ')).toBe(true);
    expect(ipc.renameChannel).toHaveBeenCalledWith('百姓生活', '民生');
    expect(events.channelRenamed).toHaveBeenCalledWith('百姓生活', '民生');
    expect(events.pageChanged).toHaveBeenCalledTimes(1);
    expect(events.channelsChanged).toHaveBeenCalledTimes(1);
    expect(s.channels.map((c) => c.name)).toEqual(['民生', '时政', '教育']);
  });

  it('reports a refused change and changes nothing', async () => {
    const { s, events } = settings();
    ipc.addChannel.mockRejectedValueOnce({ kind: 'validation', message: '栏目已存在' });
    expect(await s.addChannel('时政', '')).toBe(false);
    expect(ipc.addChannel).toHaveBeenCalledWith('时政', null);
    expect(showError).toHaveBeenCalledTimes(1);
    expect(events.pageChanged).not.toHaveBeenCalled();
    expect(events.channelsChanged).not.toHaveBeenCalled();
    expect(s.channels).toHaveLength(3);
  });

  it('moves a channel one place, and not past either end', async () => {
    const { s } = settings();
    ipc.reorderChannels.mockResolvedValueOnce(channels('时政', '百姓生活', '教育'));
    await s.moveChannel('时政', -1);
    expect(ipc.reorderChannels).toHaveBeenCalledWith(['时政', '百姓生活', '教育']);
    await s.moveChannel('时政', -1);
    await s.moveChannel('教育', 1);
    expect(ipc.reorderChannels).toHaveBeenCalledTimes(1);
  });

  it('takes the site as the core saved it, and the zone from it', async () => {
    const { s, events } = settings();
    const saved = workspace('百姓生活');
    saved.site.time_zone = 'Asia/Urumqi';
    ipc.updateSite.mockResolvedValueOnce(saved);
    expect(await s.updateSite('我爱遵义', 'https://example.org', 'Asia/Urumqi')).toBe(true);
    expect(s.siteZone).toBe('Asia/Urumqi');
    expect(events.pageChanged).toHaveBeenCalledTimes(1);
  });

  it('switches the language, and asks for the warnings again in it even when the shell fails', async () => {
    const { s, events } = settings();
    ipc.setLang.mockRejectedValueOnce(new Error('bridge'));
    await s.setLang('en');
    expect(chooseLang).toHaveBeenCalledWith('en');
    expect(showError).toHaveBeenCalledTimes(1);
    expect(events.pageChanged).toHaveBeenCalledTimes(1);
  });
});
