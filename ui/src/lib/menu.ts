// The native menu bar: File, Edit, View, Article and Help, in the UI's language. Each item does
// what the window's own control does (it presses that control, or calls the same action), so a
// menu item and its button can never disagree; the Edit items reach the focused field or the
// body editor as their key chords do.
import { ipc, type EditCommand, type MenuEntry, type MenuSection } from './ipc';
import type { MessageKey } from './i18n';
import type { SiteList } from './bindings';

/** What the menu calls that is not a control on screen. */
export interface MenuActions {
  newArticle: () => void;
  pasteRepost: () => void;
  save: () => void;
  find: () => void;
  closeWindow: () => void;
  checkUpdates: () => void;
  newSite: () => void;
  /** Opens the site in the file `path`; without one, asks for the file. */
  openSite: (path?: string) => void;
  /** Takes the recent sites whose file is gone off the list. */
  forgetMissingSites: () => void;
}

/**
 * 最近的站点: one item per recent site, the open one marked, a missing file shown but not
 * chosen. The name comes first; the file tells apart two sites of one name. A `&` is doubled,
 * as the menu would otherwise take it for a mnemonic. When a file is missing, a last item
 * takes such entries off the list.
 */
export function recentSiteItems(
  t: (key: MessageKey) => string,
  sites: SiteList,
  open: (path: string) => void,
  forgetMissing: () => void,
): MenuEntry[] {
  const items: MenuEntry[] = sites.sites.map((site, i) => {
    const mark = site.path === sites.open ? '✓ ' : '';
    const gone = site.missing ? ` ${t('sites.missingMark')}` : '';
    return {
      id: `recent-site-${i}`,
      text: `${mark}${site.name}${gone}  ${site.path}`.replaceAll('&', '&&'),
      run: () => open(site.path),
      enabled: !site.missing,
    };
  });
  if (sites.sites.some((s) => s.missing)) {
    items.push('separator', { id: 'forget-missing-sites', text: t('menu.forgetMissingSites'), run: forgetMissing });
  }
  return items;
}

/** Presses the window's control `testid`, as a click would (nothing when it is disabled or absent). */
export function press(testid: string, root: ParentNode = document): void {
  const el = root.querySelector<HTMLButtonElement>(`[data-testid="${testid}"]`);
  if (el && !el.disabled) el.click();
}


/**
 * An Edit menu command in what has the focus, as its key chord would run it: undo and redo of
 * the body editor are its own history; the rest, and a text field's history, are the webview's
 * editing commands (the shell's, else the page's). True when something ran it.
 */
export async function edit(
  which: EditCommand,
  focused: Element | null = document.activeElement,
  shell: (which: EditCommand) => Promise<boolean> = ipc.editCommand,
): Promise<boolean> {
  // The body editor's own history (loaded with the editor, so not before it is there).
  const cm = which === 'undo' || which === 'redo' ? focused?.closest<HTMLElement>('.cm-editor') : null;
  if (cm) {
    const [{ EditorView }, { redo, undo }] = await Promise.all([import('@codemirror/view'), import('@codemirror/commands')]);
    const view = EditorView.findFromDOM(cm);
    if (view) return (which === 'undo' ? undo : redo)(view);
  }
  if (await shell(which).catch(() => false)) return true;
  return typeof document !== 'undefined' && document.execCommand(which);
}

/**
 * The menu bar. On macOS the Edit items are the system's own, which work there; elsewhere they
 * are ours, run through `edit` (the system's Undo and Redo items do nothing on Linux and Windows,
 * and its Cut, Copy and Paste nothing on Linux).
 */
export function menuSections(
  t: (key: MessageKey) => string,
  actions: MenuActions,
  mac = false,
  sites: SiteList | null = null,
): MenuSection[] {
  const item = (id: string, key: MessageKey, run: () => void) => ({ id, text: t(key), run });
  const editItem = (which: EditCommand, key: MessageKey): MenuEntry =>
    mac ? { system: which, text: t(key) } : item(which, key, () => void edit(which));
  return [
    {
      text: t('menu.file'),
      items: [
        item('new-article', 'menu.newArticle', actions.newArticle),
        item('paste-repost', 'menu.pasteRepost', actions.pasteRepost),
        item('import-page', 'menu.importPage', () => press('import-page')),
        'separator',
        item('new-site', 'menu.newSite', actions.newSite),
        item('open-site', 'menu.openSite', () => actions.openSite()),
        { submenu: t('menu.recentSites'), items: sites ? recentSiteItems(t, sites, actions.openSite, actions.forgetMissingSites) : [] },
        'separator',
        item('export-site', 'menu.exportSite', () => press('export-site')),
        item('settings', 'menu.settings', () => press('settings-toggle')),
        'separator',
        item('close-window', 'menu.close', actions.closeWindow),
      ],
    },
    {
      text: t('menu.edit'),
      items: [
        editItem('undo', 'menu.undo'),
        editItem('redo', 'menu.redo'),
        'separator',
        editItem('cut', 'menu.cut'),
        editItem('copy', 'menu.copy'),
        editItem('paste', 'menu.paste'),
        editItem('selectAll', 'menu.selectAll'),
        'separator',
        item('find', 'menu.find', actions.find),
      ],
    },
    {
      text: t('menu.view'),
      items: [
        item('toggle-preview', 'menu.togglePreview', () => press('preview-toggle')),
        item('toggle-lang', 'menu.toggleLang', () => press('lang-toggle')),
      ],
    },
    {
      text: t('menu.article'),
      items: [
        item('save', 'menu.save', actions.save),
        item('duplicate', 'menu.duplicate', () => press('duplicate-article')),
        item('trash', 'menu.trash', () => press('delete-article')),
      ],
    },
    {
      text: t('menu.help'),
      items: [
        { about: { name: t('app.name'), comments: t('menu.aboutComments'), copyright: '© Newsdesk' } },
        item('check-updates', 'menu.checkUpdates', actions.checkUpdates),
      ],
    },
  ];
}
