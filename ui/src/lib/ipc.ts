// Typed wrappers around the shell's Tauri commands: the one module that talks to @tauri-apps.
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import type {
  Article,
  ArticleFilter,
  ArticleListing,
  ArticlePatch,
  ArticlePublication,
  Channel,
  ConflictChoice,
  ConflictView,
  ErrorKind,
  ExportProgress,
  ExportReport,
  FieldChange,
  Lang,
  NewSite,
  PhotoPatch,
  Preview,
  PullSummary,
  RepostReview,
  RevisionSummary,
  SaveKind,
  SiteList,
  StripPhoto,
  SyncStatus,
  TimeReading,
  InstallOutcome,
  InstallStep,
  UpdateCheck,
  WireError,
  Workspace,
} from './bindings';

// A record over ErrorKind, so type checking fails when the core adds a kind this list lacks.
const KIND_SET: Record<ErrorKind, true> = {
  validation: true,
  not_found: true,
  schema_too_new: true,
  no_site: true,
  import: true,
  database: true,
  damaged: true,
  io: true,
  template: true,
  photo: true,
  network: true,
  auth: true,
  remote: true,
  keychain: true,
  unsaved_work: true,
  update: true,
};
const KINDS = Object.keys(KIND_SET) as ErrorKind[];

/** A command's failure as the UI handles it: branch on `kind`, show `message`. */
export class CommandError extends Error {
  readonly kind: ErrorKind;
  readonly command: string;

  constructor(command: string, wire: WireError) {
    super(wire.message);
    this.name = 'CommandError';
    this.kind = wire.kind;
    this.command = command;
  }
}

/** A failure that did not come from the core (the shell is missing, the bridge broke). */
export class BridgeError extends Error {
  readonly command: string;

  constructor(command: string, message: string) {
    super(message);
    this.name = 'BridgeError';
    this.command = command;
  }
}

function isWireError(value: unknown): value is WireError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && typeof v.kind === 'string' && KINDS.includes(v.kind as ErrorKind);
}

/**
 * Whatever a rejected invoke carries becomes one of our two error types, so that callers never
 * see a bare string or object and the UI never has to print a debug representation.
 */
export function toCommandError(command: string, reason: unknown): CommandError | BridgeError {
  if (reason instanceof CommandError || reason instanceof BridgeError) return reason;
  if (isWireError(reason)) return new CommandError(command, reason);
  if (typeof reason === 'string' && reason.trim() !== '') return new BridgeError(command, reason);
  if (reason instanceof Error && reason.message) return new BridgeError(command, reason.message);
  return new BridgeError(command, '');
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toCommandError(command, reason);
  }
}

/** True inside the Tauri window; false in a plain browser tab (e.g. the Vite page opened by hand). */
export function inShell(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/**
 * Where the window shows a page of the site: the shell's `newsdesk-page` protocol at the page's
 * own path (`newsdesk-page://localhost/…`, `http://newsdesk-page.localhost/…` on Windows), so the
 * page's relative photo addresses resolve as on the exported site.
 */
export function pagePreviewUrl(path: string): string {
  const origin = convertFileSrc('', 'newsdesk-page');
  const base = origin.endsWith('/') ? origin : `${origin}/`;
  return `${base}${path.split('/').map(encodeURIComponent).join('/')}?shell`;
}

/** A photo of an article's strip with the URLs the webview loads its renditions from. */
export interface PhotoCard extends StripPhoto {
  thumbnailUrl: string | null;
  viewUrl: string | null;
}

/** Rendition files become asset-protocol URLs; the shell allows that protocol the media folder only. */
export function withUrls(strip: StripPhoto[]): PhotoCard[] {
  const url = (file: string | null) => (file ? convertFileSrc(file) : null);
  return strip.map((p) => ({ ...p, thumbnailUrl: url(p.thumbnail_file), viewUrl: url(p.view_file) }));
}

/** What the shell served inside the page for the launch's first calls (the core's `LaunchAnswers`). */
interface ServedWithPage {
  workspace?: Workspace;
  /** The filter `listing` answers. */
  filter?: ArticleFilter;
  listing?: ArticleListing;
}

/** The id of the page's data block: the core's `LAUNCH_ANSWERS_ELEMENT`. */
const SERVED_ELEMENT_ID = 'newsdesk-first-page';
let served: ServedWithPage | null | undefined;

/** The served answers, read from the page once; each is handed out once, then asked anew. */
function servedWithPage(): ServedWithPage | null {
  if (served === undefined) {
    served = null;
    const block = typeof document === 'undefined' ? null : document.getElementById(SERVED_ELEMENT_ID);
    if (block?.textContent) {
      try {
        served = JSON.parse(block.textContent) as ServedWithPage;
      } catch {
        // A damaged block costs the round trips it was there to save, nothing more.
      }
      block.remove();
    }
  }
  return served;
}

/**
 * The system's language as the served workspace tells it, without taking the workspace: the
 * window can start in its language and be drawn once, not drawn again when the workspace comes.
 */
export function servedSystemLang(): Lang | undefined {
  return servedWithPage()?.workspace?.system_lang;
}

/** The same filter, a field left out being the same as a field set to null. */
function sameFilter(a: ArticleFilter, b: ArticleFilter): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => (x[k] ?? null) === (y[k] ?? null));
}

export const ipc = {
  workspace: (): Promise<Workspace> => {
    const s = servedWithPage();
    const workspace = s?.workspace;
    if (s && workspace) {
      s.workspace = undefined;
      return Promise.resolve(workspace);
    }
    return call<Workspace>('workspace');
  },
  setLang: (lang: Lang) => call<null>('set_lang', { lang }),
  listArticles: (filter: ArticleFilter): Promise<ArticleListing> => {
    const s = servedWithPage();
    const listing = s?.listing;
    if (s && listing) {
      // Only the first call may have it: a later one wants the rows as they are by then.
      const answers = s.filter;
      s.listing = s.filter = undefined;
      if (answers && sameFilter(answers, filter)) {
        // For the end-to-end test and the desktop bench: the launch's list came with the page.
        performance.mark('list-served');
        return Promise.resolve(listing);
      }
    }
    return call<ArticleListing>('list_articles', { filter });
  },
  getArticle: (id: string) => call<Article>('get_article', { id }),
  createArticle: (input: ArticlePatch) => call<Article>('create_article', { input }),
  saveArticle: (id: string, patch: ArticlePatch, kind: SaveKind) =>
    call<Article>('save_article', { id, patch, kind }),
  duplicateArticle: (id: string) => call<Article>('duplicate_article', { id }),
  trashArticle: (id: string) => call<null>('trash_article', { id }),
  untrashArticle: (id: string) => call<Article>('untrash_article', { id }),
  articleHistory: (id: string) => call<RevisionSummary[]>('article_history', { id }),
  articleRevision: (id: string, revision: number) => call<Article>('article_revision', { id, revision }),
  revisionChanges: (id: string, revision: number) => call<FieldChange[]>('revision_changes', { id, revision }),
  restoreRevision: (id: string, revision: number) => call<Article>('restore_revision', { id, revision }),
  undoRestore: (id: string, revision: number) => call<Article>('undo_restore', { id, revision }),
  previewArticle: (id: string, patch: ArticlePatch) => call<Preview>('preview_article', { id, patch }),
  suggestSlug: (title: string, id: string | null) => call<string>('suggest_slug', { title, id }),
  knownOutlets: () => call<string[]>('known_outlets'),
  updateSite: (name: string, baseUrl: string, timeZone: string) =>
    call<Workspace>('update_site', { name, baseUrl, timeZone }),
  addChannel: (name: string, slug: string | null) => call<Channel[]>('add_channel', { name, slug }),
  renameChannel: (channel: string, newName: string) => call<Channel[]>('rename_channel', { channel, newName }),
  reorderChannels: (order: string[]) => call<Channel[]>('reorder_channels', { order }),
  articlePhotos: (article: string) => call<StripPhoto[]>('article_photos', { article }).then(withUrls),
  importPhoto: (article: string, file: string) =>
    call<StripPhoto[]>('import_photo', { article, file }).then(withUrls),
  updatePhoto: (article: string, photo: string, patch: PhotoPatch) =>
    call<StripPhoto[]>('update_photo', { article, photo, patch }).then(withUrls),
  detachPhoto: (article: string, photo: string) =>
    call<StripPhoto[]>('detach_photo', { article, photo }).then(withUrls),
  setLeadPhoto: (article: string, photo: string | null) =>
    call<StripPhoto[]>('set_lead_photo', { article, photo }).then(withUrls),
  exportSite: (out: string, full: boolean) => call<ExportReport>('export_site', { out, full }),
  syncStatus: () => call<SyncStatus>('sync_status'),
  articlePublications: (id: string) => call<ArticlePublication[]>('article_publications', { id }),
  pushNow: () => call<SyncStatus>('push_now'),
  retryPublication: (id: string, target: number) =>
    call<ArticlePublication[]>('retry_publication', { id, target }),
  conflictView: (id: string, target: number) => call<ConflictView>('conflict_view', { id, target }),
  resolveConflict: (id: string, target: number, choice: ConflictChoice, title: string | null, body: string | null) =>
    call<Article>('resolve_conflict', { id, target, choice, title, body }),
  addTarget: (name: string, url: string, user: string, password: string) =>
    call<SyncStatus>('add_target', { name, url, user, password }),
  removeTarget: (name: string) => call<SyncStatus>('remove_target', { name }),
  authorizeTarget: (name: string, url: string) => call<string>('authorize_target', { name, url }),
  openInBrowser: (url: string) => call<null>('open_in_browser', { url }),
  pullTarget: (name: string) => call<PullSummary>('pull_target', { name }),
  repostFromClipboard: () => call<RepostReview>('repost_from_clipboard'),
  repostFromFile: (file: string) => call<RepostReview>('repost_from_file', { file }),
  repostFromUrl: (url: string) => call<RepostReview>('repost_from_url', { url }),
  pasteAsMarkdown: (html: string | null, text: string) => call<string>('paste_as_markdown', { html, text }),
  readTime: (text: string) => call<TimeReading>('read_time', { text }),
  openFolder: (path: string) => call<null>('open_folder', { path }),
  editCommand: (which: EditCommand) => call<boolean>('edit_command', { which }),
  updateSitePages: (footer: string, themeDir: string) => call<Workspace>('update_site_pages', { footer, themeDir }),
  deleteChannel: (channel: string, moveTo: string | null) => call<Channel[]>('delete_channel', { channel, moveTo }),
  emptyTrash: () => call<number>('empty_trash'),
  fetchArticleImages: (id: string) => call<[Article, string[]]>('fetch_article_images', { id }),
  checkUpdate: (asked: boolean) => call<UpdateCheck>('check_update', { asked }),
  installUpdate: (unsavedWork: boolean) => call<InstallOutcome>('install_update', { unsavedWork }),
  recentSites: () => call<SiteList>('recent_sites'),
  forgetMissingSites: () => call<SiteList>('forget_missing_sites'),
  suggestSitePath: (name: string) => call<string>('suggest_site_path', { name }),
  createSite: (path: string, site: NewSite) => call<Workspace>('create_site', { path, site }),
  openSite: (path: string) => call<Workspace>('open_site', { path }),
};

/** Follows an update's install: downloading, verified, installing. */
export async function onUpdateProgress(handler: (step: InstallStep) => void): Promise<() => void> {
  if (!inShell()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen<InstallStep>('update-progress', (event) => handler(event.payload));
}

/** The system's file picker for a site's database file; null when cancelled. */
export async function pickSiteFile(title: string, filterName: string): Promise<string | null> {
  if (!inShell()) return null;
  const { open } = await import('@tauri-apps/plugin-dialog');
  try {
    const picked = await open({ title, multiple: false, directory: false, filters: [{ name: filterName, extensions: ['db'] }] });
    return typeof picked === 'string' ? picked : null;
  } catch (reason) {
    throw toCommandError('plugin:dialog|open', reason);
  }
}

/** The system's save dialog for a new site's file, starting at `suggested`; null when cancelled. */
export async function pickNewSiteFile(title: string, filterName: string, suggested: string): Promise<string | null> {
  if (!inShell()) return null;
  const { save } = await import('@tauri-apps/plugin-dialog');
  try {
    const picked = await save({ title, defaultPath: suggested || undefined, filters: [{ name: filterName, extensions: ['db'] }] });
    return typeof picked === 'string' ? picked : null;
  } catch (reason) {
    throw toCommandError('plugin:dialog|save', reason);
  }
}

/** Names the window (its title bar, the task bar) after the open site. */
export async function setWindowTitle(title: string): Promise<void> {
  if (!inShell()) return;
  const { getCurrentWindow } = await import('@tauri-apps/api/window');
  await getCurrentWindow().setTitle(title);
}

/** The system's file picker for a saved page to import as a repost; null when cancelled. */
export async function pickPageFile(title: string, filterName: string): Promise<string | null> {
  if (!inShell()) return null;
  const { open } = await import('@tauri-apps/plugin-dialog');
  try {
    const picked = await open({
      title,
      multiple: false,
      directory: false,
      filters: [{ name: filterName, extensions: ['html', 'htm', 'txt'] }],
    });
    return typeof picked === 'string' ? picked : null;
  } catch (reason) {
    throw toCommandError('plugin:dialog|open', reason);
  }
}

/** What the shell says about publishing: an item's progress, a round's end, an authorization's answer. */
export interface PublishingEvents {
  publicationChanged: (article: string) => void;
  syncChanged: () => void;
  targetAuthorized: (name: string, error: WireError | null) => void;
  pullProgress: (progress: ExportProgress) => void;
}

/** Follows the publishing worker and the browser's authorization answers; resolves to a stop function. */
export async function onPublishing(handlers: PublishingEvents): Promise<() => void> {
  if (!inShell()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  const stops = await Promise.all([
    listen<{ article: string }>('publication-changed', (e) => handlers.publicationChanged(e.payload.article)),
    listen<null>('sync-changed', () => handlers.syncChanged()),
    listen<{ name: string; error: WireError | null }>('target-authorized', (e) =>
      handlers.targetAuthorized(e.payload.name, e.payload.error),
    ),
    listen<ExportProgress>('pull-progress', (e) => handlers.pullProgress(e.payload)),
  ]);
  return () => stops.forEach((stop) => stop());
}

/** Asks for the folder a static site is exported into; null when the editor cancels. */
export async function pickExportFolder(title: string, startIn: string | null): Promise<string | null> {
  if (!inShell()) return null;
  const { open } = await import('@tauri-apps/plugin-dialog');
  try {
    // A folder to start in: without one GTK opens at "Recent", where no folder can be chosen.
    const picked = await open({ title, multiple: false, directory: true, defaultPath: startIn ?? undefined });
    return typeof picked === 'string' ? picked : null;
  } catch (reason) {
    throw toCommandError('plugin:dialog|open', reason);
  }
}

/** Follows a running export; the shell sends at most a hundred updates per run. */
export async function onExportProgress(handler: (progress: ExportProgress) => void): Promise<() => void> {
  if (!inShell()) return () => {};
  const { listen } = await import('@tauri-apps/api/event');
  return listen<ExportProgress>('export-progress', (event) => handler(event.payload));
}

/**
 * What the file picker offers: the formats the core decodes (JPEG, PNG, WebP, GIF). A file of
 * another kind dropped on the editor gets the core's message.
 */
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif'];

/** The system's file picker for photos, several at once; resolves to no paths when cancelled. */
export async function pickPhotoFiles(title: string, filterName: string): Promise<string[]> {
  if (!inShell()) return [];
  const { open } = await import('@tauri-apps/plugin-dialog');
  try {
    const picked = await open({
      title,
      multiple: true,
      directory: false,
      filters: [{ name: filterName, extensions: PHOTO_EXTENSIONS }],
    });
    return picked ?? [];
  } catch (reason) {
    throw toCommandError('plugin:dialog|open', reason);
  }
}

/** Files dragged over the window: `over` while they hover, `drop` with their paths, `leave` when gone. */
export type FileDrag = { type: 'over' } | { type: 'leave' } | { type: 'drop'; paths: string[] };

/**
 * Files dragged from the desktop arrive as Tauri's drag-drop events, not as DOM drop events
 * (the webview never sees the files' paths).
 */
export async function onFileDrag(handler: (drag: FileDrag) => void): Promise<() => void> {
  if (!inShell()) return () => {};
  const { getCurrentWebview } = await import('@tauri-apps/api/webview');
  return getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    if (p.type === 'drop') handler({ type: 'drop', paths: p.paths });
    else if (p.type === 'leave') handler({ type: 'leave' });
    else handler({ type: 'over' });
  });
}

/**
 * Runs `flush` before the window closes, so pending edits reach the database first. While a
 * close listener exists the shell keeps the window open and leaves closing to us; if closing is
 * refused (no `core:window:allow-destroy`), the listener goes away so the next close goes through.
 */
export async function onWindowClose(flush: () => Promise<unknown>): Promise<() => void> {
  if (!inShell()) return () => {};
  const { getCurrentWindow } = await import('@tauri-apps/api/window');
  const win = getCurrentWindow();
  let unlisten: (() => void) | null = null;
  unlisten = await win.listen('tauri://close-requested', async () => {
    try {
      await flush();
    } catch {
      // A failed save was already shown; it must not keep the window from closing.
    }
    try {
      await win.destroy();
    } catch {
      unlisten?.();
      unlisten = null;
      await win.close().catch(() => {});
    }
  });
  return () => unlisten?.();
}

/** The Edit menu's commands, as the webview's editing machinery names them. */
export type EditCommand = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll';

/** One entry of the native menu bar: an action of ours, a separator, or an item the system does. */
export type MenuEntry =
  | { id: string; text: string; run: () => void; enabled?: boolean }
  | { submenu: string; items: MenuEntry[] }
  | 'separator'
  | { system: EditCommand; text: string }
  | { about: { name: string; comments: string; copyright: string } };

export interface MenuSection {
  text: string;
  items: MenuEntry[];
}

const PREDEFINED = { undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste', selectAll: 'SelectAll' } as const;

/**
 * Sets the window's menu bar (the app menu on macOS, where a first section named after the app
 * comes first). Called again after a language switch: the menu is made anew in that language.
 */
export async function setAppMenu(sections: MenuSection[]): Promise<void> {
  if (!inShell()) return;
  const { Menu, Submenu } = await import('@tauri-apps/api/menu');
  const { getVersion } = await import('@tauri-apps/api/app');
  const version = await getVersion();
  const item = (entry: MenuEntry): unknown => {
    if (entry === 'separator') return { item: 'Separator' };
    if ('system' in entry) return { item: PREDEFINED[entry.system], text: entry.text };
    if ('about' in entry) return { item: { About: { ...entry.about, version } } };
    // An empty submenu cannot be opened on every system: it is disabled instead.
    if ('submenu' in entry) return { text: entry.submenu, items: entry.items.map(item), enabled: entry.items.length > 0 };
    return { id: entry.id, text: entry.text, action: entry.run, enabled: entry.enabled ?? true };
  };
  const submenus = await Promise.all(
    sections.map((s) => Submenu.new({ text: s.text, items: s.items.map(item) as never })),
  );
  const menu = await Menu.new({ items: submenus });
  await menu.setAsAppMenu();
}

/** Closes the window as its close button does: pending edits are flushed first (onWindowClose). */
export async function closeWindow(): Promise<void> {
  if (!inShell()) return;
  const { getCurrentWindow } = await import('@tauri-apps/api/window');
  await getCurrentWindow().close();
}
