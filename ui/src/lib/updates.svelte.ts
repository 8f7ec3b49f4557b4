// The app's own updates as the window shows them: the check after the first paint (silent
// unless the editor asked), the notice of a newer version, and its install behind the
// unsaved-work guard.
import type { InstallStep, UpdateOffer } from './bindings';
import { desk } from './desk.svelte';
import { CommandError, ipc, onUpdateProgress } from './ipc';
import { t } from './locale.svelte';
import { describeError, showError, showToast } from './notices.svelte';
import { guardInstall, unsavedNow, type OpenWork } from './updateGuard';

/** The line under the notice: a step of the install, or why it did not go ahead. */
export interface UpdateStatus {
  tone: 'step' | 'refused' | 'failed' | 'done';
  text: string;
}

/** The words for an install's step. */
export function stepText(step: InstallStep): string {
  switch (step.step) {
    case 'downloading': {
      const percent = step.total ? `${Math.min(100, Math.floor((step.received * 100) / step.total))}%` : '';
      return t('update.downloading', { percent }).trim();
    }
    case 'verified':
      return t('update.verified');
    case 'installing':
      return t('update.installing');
  }
}

export class Updates {
  offer = $state<UpdateOffer | null>(null);
  status = $state<UpdateStatus | null>(null);
  /** True from the install button's press until the install answers. */
  installing = $state(false);
  notesShown = $state(false);
  private checking = false;

  constructor(private readonly work: OpenWork) {}

  /**
   * Asks the shell for a newer version. At launch (`asked` false) nothing is said unless one is
   * found: no channel, no network, nothing new are all quiet. Asked from the Help menu, each
   * outcome is said.
   */
  async check(asked: boolean): Promise<void> {
    if (this.checking || this.installing) return;
    this.checking = true;
    if (asked) showToast(t('update.checking'), null, 3000);
    try {
      const found = await ipc.checkUpdate(asked);
      if (found.state === 'available') {
        if (this.offer?.version !== found.offer.version) {
          this.status = null;
          this.notesShown = false;
        }
        this.offer = found.offer;
      } else if (asked) {
        this.offer = null;
        showToast(found.state === 'off' ? t('update.off') : t('update.upToDate', { version: found.current_version }));
      }
    } catch (e) {
      // The shell logged it; at launch an unreachable channel is not the editor's business.
      if (asked) showError(e, { key: 'update' });
    } finally {
      this.checking = false;
    }
  }

  /** Follows the shell's steps while an install runs. */
  progress(step: InstallStep): void {
    if (this.installing) this.status = { tone: 'step', text: stepText(step) };
  }

  /** The install button: the guard first, then the shell, which refuses unsaved work too. */
  async install(): Promise<void> {
    const offer = this.offer;
    if (!offer || this.installing) return;
    this.installing = true;
    // What an earlier try said is no longer so.
    this.status = null;
    try {
      const verdict = await guardInstall(this.work);
      if (!verdict.install) {
        this.status = { tone: 'refused', text: t('update.unsaved') };
        return;
      }
      this.status = { tone: 'step', text: stepText({ step: 'downloading', received: 0, total: null }) };
      const outcome = await ipc.installUpdate(unsavedNow(this.work));
      this.status =
        outcome === 'downloaded_only'
          ? { tone: 'done', text: t('update.downloadedOnly', { version: offer.version }) }
          : { tone: 'step', text: t('update.installing') };
    } catch (e) {
      const refused = e instanceof CommandError && e.kind === 'unsaved_work';
      this.status = { tone: refused ? 'refused' : 'failed', text: describeError(e) };
    } finally {
      this.installing = false;
    }
  }

  dismiss(): void {
    this.offer = null;
    this.status = null;
  }

  /** Starts following the install's steps; resolves to a stop function. */
  listen(): Promise<() => void> {
    return onUpdateProgress((step) => this.progress(step));
  }
}

/** The window's updates, guarded by the open article's saves. */
export const updates = new Updates({
  get pending() {
    return desk.editor.pending;
  },
  get composing() {
    return desk.editor.composition.composing;
  },
  flush: () => desk.editor.flush(),
});
