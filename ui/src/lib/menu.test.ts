import { describe, expect, it, vi } from 'vitest';
import { menuSections, press, edit, recentSiteItems } from './menu';
import { translate, type MessageKey } from './i18n';
import type { MenuEntry } from './ipc';

const actions = () => ({
  newArticle: vi.fn(),
  pasteRepost: vi.fn(),
  save: vi.fn(),
  find: vi.fn(),
  closeWindow: vi.fn(),
  checkUpdates: vi.fn(),
  newSite: vi.fn(),
  openSite: vi.fn(),
  forgetMissingSites: vi.fn(),
});

const custom = (e: MenuEntry): e is { id: string; text: string; run: () => void } =>
  typeof e === 'object' && 'id' in e;

describe('the native menu bar', () => {
  it('has File, Edit, View, Article and Help in both languages, every item named in each', () => {
    const zh = menuSections((k: MessageKey) => translate('zh-CN', k), actions());
    const en = menuSections((k: MessageKey) => translate('en', k), actions());
    expect(zh.map((s) => s.text)).toEqual(['文件', '编辑', '视图', '文章', '帮助']);
    expect(en.map((s) => s.text)).toEqual(['File', 'Edit', 'View', 'Article', 'Help']);
    const zhItems = zh.flatMap((s) => s.items).filter(custom);
    const enItems = en.flatMap((s) => s.items).filter(custom);
    expect(new Set(zhItems.map((i) => i.id)).size, 'ids are unique').toBe(zhItems.length);
    zhItems.forEach((item, i) => {
      expect(item.text, `${item.id} has a Chinese name`).toMatch(/\p{Script=Han}/u);
      expect(enItems[i].text, `${item.id} has an English name`).toMatch(/^[A-Z]/);
    });
  });

  it('has the standard Edit items: ours on Linux and Windows, the system\'s on macOS', () => {
    const edit = menuSections((k: MessageKey) => translate('en', k), actions())[1].items;
    expect(edit.filter(custom).map((i) => i.id)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'find']);
    const mac = menuSections((k: MessageKey) => translate('zh-CN', k), actions(), true)[1].items;
    expect(mac.filter((e) => typeof e === 'object' && 'system' in e)).toEqual([
      { system: 'undo', text: '撤销' },
      { system: 'redo', text: '重做' },
      { system: 'cut', text: '剪切' },
      { system: 'copy', text: '复制' },
      { system: 'paste', text: '粘贴' },
      { system: 'selectAll', text: '全选' },
    ]);
  });

  it('runs the same actions as the keyboard shortcuts', () => {
    const a = actions();
    const items = menuSections((k: MessageKey) => translate('en', k), a).flatMap((s) => s.items).filter(custom);
    items.find((i) => i.id === 'new-article')!.run();
    items.find((i) => i.id === 'save')!.run();
    items.find((i) => i.id === 'find')!.run();
    expect(a.newArticle).toHaveBeenCalledOnce();
    expect(a.save).toHaveBeenCalledOnce();
    expect(a.find).toHaveBeenCalledOnce();
  });

  it('has Help → 检查更新… after the About box, which asks for an update as the editor did', () => {
    const a = actions();
    const help = menuSections((k: MessageKey) => translate('zh-CN', k), a)[4].items;
    expect(help.length).toBe(2);
    expect(typeof help[0] === 'object' && 'about' in help[0]).toBe(true);
    const check = help[1];
    expect(custom(check) && check.text).toBe('检查更新…');
    if (custom(check)) check.run();
    expect(a.checkUpdates).toHaveBeenCalledOnce();
  });

  it('presses a control only when it is there and enabled', () => {
    const enabled = { disabled: false, click: vi.fn() };
    const disabled = { disabled: true, click: vi.fn() };
    const root = {
      querySelector: (sel: string) => (sel.includes('export-site') ? enabled : sel.includes('delete') ? disabled : null),
    } as unknown as ParentNode;
    press('export-site', root);
    press('delete-article', root);
    press('missing', root);
    expect(enabled.click).toHaveBeenCalledOnce();
    expect(disabled.click).not.toHaveBeenCalled();
  });

  it('runs an Edit command through the shell, and says when nothing ran it', async () => {
    const shell = vi.fn(async () => true);
    expect(await edit('paste', null, shell)).toBe(true);
    expect(shell).toHaveBeenCalledWith('paste');
    const refusing = vi.fn(async () => false);
    expect(await edit('undo', null, refusing), 'no shell and no page to run it').toBe(false);
    const failing = vi.fn(async () => {
      throw new Error('no shell');
    });
    expect(await edit('copy', null, failing)).toBe(false);
  });

  it('lists the recent sites under 文件, the open one marked, a missing file shown but not chosen', () => {
    const sites = {
      open: '/home/ed/.local/share/cn.newsdesk.desktop/renhuai.db',
      sites: [
        { path: '/home/ed/.local/share/cn.newsdesk.desktop/renhuai.db', name: '仁怀融媒', opened_at: '2026-12-01T10:00:00Z', missing: false },
        { path: 'C:\\Users\\ed\\新闻&资讯.db', name: 'A&B', opened_at: '2026-11-30T10:00:00Z', missing: false },
        { path: '/media/usb/old.db', name: '旧站', opened_at: '2026-11-01T10:00:00Z', missing: true },
      ],
    };
    const a = actions();
    const file = menuSections((k: MessageKey) => translate('zh-CN', k), a, false, sites)[0].items;
    const ids = file.filter(custom).map((i) => i.id);
    expect(ids.slice(0, 5)).toEqual(['new-article', 'paste-repost', 'import-page', 'new-site', 'open-site']);
    const recent = file.find((e) => typeof e === 'object' && 'submenu' in e) as { submenu: string; items: MenuEntry[] };
    expect(recent.submenu).toBe('最近的站点');
    const items = recent.items.filter(custom) as { id: string; text: string; run: () => void; enabled?: boolean }[];
    expect(items.map((i) => i.text).slice(0, 3)).toEqual([
      '✓ 仁怀融媒  /home/ed/.local/share/cn.newsdesk.desktop/renhuai.db',
      'A&&B  C:\\Users\\ed\\新闻&&资讯.db',
      '旧站 （找不到文件）  /media/usb/old.db',
    ]);
    expect(items.map((i) => i.enabled)).toEqual([true, true, false, undefined]);
    expect(recent.items.at(-2), 'the removal is set apart from the sites').toBe('separator');
    expect(items[3].text).toBe('移除找不到的站点');
    items[3].run();
    expect(a.forgetMissingSites).toHaveBeenCalledOnce();
    const present = { ...sites, sites: sites.sites.filter((s) => !s.missing) };
    expect(
      recentSiteItems((k: MessageKey) => translate('zh-CN', k), present, a.openSite, a.forgetMissingSites).map((e) =>
        custom(e) ? e.id : e,
      ),
      'with every file there, nothing to remove',
    ).toEqual(['recent-site-0', 'recent-site-1']);
    items[1].run();
    expect(a.openSite).toHaveBeenCalledWith('C:\\Users\\ed\\新闻&资讯.db');
    file.filter(custom).find((i) => i.id === 'open-site')!.run();
    expect(a.openSite).toHaveBeenLastCalledWith();
    expect(recentSiteItems((k: MessageKey) => translate('en', k), { open: '', sites: [] }, a.openSite, a.forgetMissingSites)).toEqual([]);
  });
});
