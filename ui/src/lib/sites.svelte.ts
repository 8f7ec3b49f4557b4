// The desk's sites: the recent list the File menu shows, the New Site dialog's form, and the
// switch of the window to another site's file (which the desk carries out).
import type { NewSite, SiteList, Workspace } from './bindings';
import { CommandError, ipc, pickNewSiteFile, pickSiteFile } from './ipc';
import { t } from './locale.svelte';
import { showError } from './notices.svelte';

/** Where a local portal in China keeps its times unless the editor says otherwise. */
export const DEFAULT_ZONE = 'Asia/Shanghai';

/** The New Site form as typed: the channels one per line. */
export interface NewSiteForm {
  name: string;
  url: string;
  zone: string;
  channels: string;
  path: string;
}

export function emptyForm(): NewSiteForm {
  return { name: '', url: 'https://', zone: DEFAULT_ZONE, channels: '', path: '' };
}

/** What the core is asked to make of the form: blank channel lines dropped, a pasted CRLF too. */
export function newSiteOf(form: NewSiteForm): NewSite {
  return {
    name: form.name.trim(),
    base_url: form.url.trim(),
    time_zone: form.zone.trim() || DEFAULT_ZONE,
    channels: form.channels
      .split(/\r?\n|\r/)
      .map((c) => c.trim())
      .filter((c) => c !== ''),
  };
}

/** The window's switch to another site: true when it happened; a failure of `run` is thrown. */
export type SwitchSite = (run: () => Promise<Workspace>) => Promise<boolean>;

export class Sites {
  list = $state<SiteList | null>(null);
  /** The list was asked for once (and came, or failed): the menu bar is made after that. */
  loaded = $state(false);
  /** The New Site dialog's form, while the dialog is open. */
  form = $state<NewSiteForm | null>(null);
  /** What the core refused in the form (a taken file, a bad address), shown in the dialog. */
  problem = $state<string | null>(null);
  busy = $state(false);
  /** The editor typed or chose the file: a new name no longer renames it. */
  private pathChosen = false;

  constructor(private readonly switchSite: SwitchSite) {}

  async load(): Promise<void> {
    try {
      this.list = await ipc.recentSites();
    } catch (e) {
      showError(e);
    } finally {
      this.loaded = true;
    }
  }

  /** 移除找不到的站点: the entries whose file is gone leave the list (and the menu). */
  async forgetMissing(): Promise<void> {
    try {
      this.list = await ipc.forgetMissingSites();
    } catch (e) {
      showError(e);
    }
  }

  /** 新建站点…: the dialog opens with a file named after the site, which follows the name. */
  startNew(): void {
    this.form = emptyForm();
    this.problem = null;
    this.pathChosen = false;
    void this.suggestPath();
  }

  cancel(): void {
    this.form = null;
    this.problem = null;
  }

  nameTyped(): void {
    this.problem = null;
    if (!this.pathChosen) void this.suggestPath();
  }

  pathTyped(): void {
    this.problem = null;
    this.pathChosen = true;
  }

  private async suggestPath(): Promise<void> {
    const form = this.form;
    if (!form) return;
    const name = form.name;
    try {
      const path = await ipc.suggestSitePath(name);
      // An answer to an older name, or after the editor chose a file, is dropped.
      if (this.form === form && form.name === name && !this.pathChosen) form.path = path;
    } catch (e) {
      showError(e);
    }
  }

  /** 选择…: the system's save dialog, starting at the file the form names. */
  async choosePath(): Promise<void> {
    const form = this.form;
    if (!form) return;
    try {
      const picked = await pickNewSiteFile(t('sites.newTitle'), t('sites.fileFilter'), form.path);
      if (picked && this.form === form) {
        form.path = picked;
        this.pathChosen = true;
        this.problem = null;
      }
    } catch (e) {
      showError(e);
    }
  }

  /** Makes the site and opens it; what the core refuses stays in the dialog to be fixed. */
  async create(): Promise<boolean> {
    const form = this.form;
    if (!form || this.busy) return false;
    this.busy = true;
    this.problem = null;
    try {
      const site = newSiteOf(form);
      const done = await this.switchSite(() => ipc.createSite(form.path.trim(), site));
      if (done) this.form = null;
      return done;
    } catch (e) {
      if (e instanceof CommandError && e.kind === 'validation') this.problem = e.message;
      else showError(e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Opens the site in `path` (a recent one), or in a file the editor picks. */
  async open(path?: string): Promise<boolean> {
    try {
      const file = path ?? (await pickSiteFile(t('sites.openTitle'), t('sites.fileFilter')));
      // The open site chosen again: it is already in the window.
      if (!file || file === this.list?.open) return false;
      return await this.switchSite(() => ipc.openSite(file));
    } catch (e) {
      showError(e);
      // A file gone since the menu was made shows up as missing there now.
      if (e instanceof CommandError && e.kind === 'not_found') void this.load();
      return false;
    }
  }
}
