// The workspace: the site, its channels, the interface language, and the outlets known for
// attribution. The settings dialog edits them; the preview and the list follow.
import type { Channel, Lang, Workspace } from './bindings';
import { ipc } from './ipc';
import { chooseLang } from './locale.svelte';
import { showError } from './notices.svelte';

/** What changes here means for the rest of the window. */
export interface SettingsEvents {
  /** The page looks different (site name, address, zone, channel names, the language of warnings). */
  pageChanged(): void;
  /** Channels were added, renamed or reordered: the list's channel names follow. */
  channelsChanged(): void;
  /** A channel has a new name; anything holding the old one takes the new. */
  channelRenamed(from: string, to: string): void;
}

export class Settings {
  workspace = $state<Workspace | null>(null);
  outlets = $state<string[]>([]);

  constructor(private readonly events: SettingsEvents) {}

  get channels(): Channel[] {
    return this.workspace?.channels ?? [];
  }

  get siteZone(): string | undefined {
    return this.workspace?.site.time_zone;
  }

  async setLang(lang: Lang): Promise<void> {
    chooseLang(lang);
    try {
      await ipc.setLang(lang);
    } catch (e) {
      showError(e);
    }
    // Warnings come with the core's wording, so they are asked for again in the new language.
    this.events.pageChanged();
  }

  async loadOutlets(): Promise<void> {
    try {
      this.outlets = await ipc.knownOutlets();
    } catch (e) {
      showError(e);
    }
  }

  /** Runs a settings command: its failure is shown, and the answer is true when it went through. */
  private async attempt(run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (e) {
      showError(e);
      return false;
    }
  }

  updateSite(name: string, baseUrl: string, timeZone: string): Promise<boolean> {
    return this.attempt(async () => {
      this.workspace = await ipc.updateSite(name, baseUrl, timeZone);
      this.events.pageChanged();
    });
  }

  updateSitePages(footer: string, themeDir: string): Promise<boolean> {
    return this.attempt(async () => {
      this.workspace = await ipc.updateSitePages(footer, themeDir);
      this.events.pageChanged();
    });
  }

  deleteChannel(name: string, moveTo: string | null): Promise<boolean> {
    return this.attempt(async () => this.setChannels(await ipc.deleteChannel(name, moveTo)));
  }

  private setChannels(channels: Channel[]): void {
    if (this.workspace) this.workspace.channels = channels;
    this.events.pageChanged();
    this.events.channelsChanged();
  }

  addChannel(name: string, slug: string): Promise<boolean> {
    return this.attempt(async () => {
      this.setChannels(await ipc.addChannel(name.trim(), slug.trim() === '' ? null : slug.trim()));
    });
  }

  renameChannel(from: string, to: string): Promise<boolean> {
    const renamed = to.trim();
    return this.attempt(async () => {
      const channels = await ipc.renameChannel(from, renamed);
      this.events.channelRenamed(from, renamed);
      this.setChannels(channels);
    });
  }

  async moveChannel(name: string, by: -1 | 1): Promise<void> {
    const order = this.channels.map((c) => c.name);
    const at = order.indexOf(name);
    const to = at + by;
    if (at < 0 || to < 0 || to >= order.length) return;
    [order[at], order[to]] = [order[to], order[at]];
    await this.attempt(async () => this.setChannels(await ipc.reorderChannels(order)));
  }
}
