// The error banner's and the toasts' contents: every failure the window reports goes through here.
import { BridgeError, CommandError } from './ipc';
import { t } from './locale.svelte';

export interface NoticeAction {
  label: string;
  run: () => void;
}

export interface ErrorNotice {
  id: number;
  /** Errors of one source (the saves, the preview…) replace each other and clear together. */
  key: string | null;
  /** The core's ErrorKind when the failure came from a command. */
  kind: string | null;
  message: string;
  action: NoticeAction | null;
}

export interface Toast {
  id: number;
  message: string;
  action: NoticeAction | null;
}

export const notices = $state<{ errors: ErrorNotice[]; toasts: Toast[] }>({ errors: [], toasts: [] });

let nextId = 1;

/** The text a person reads for a failure: the core's own message, never a debug dump. */
export function describeError(err: unknown): string {
  if (err instanceof CommandError) return err.message;
  if (err instanceof BridgeError) return t('error.bridge', { command: err.command });
  if (typeof err === 'string' && err.trim() !== '') return err;
  return t('error.unexpected');
}

export function showError(err: unknown, options: { key?: string; action?: NoticeAction } = {}): void {
  if (err instanceof BridgeError || !(err instanceof CommandError)) console.error(err);
  const message = describeError(err);
  const key = options.key ?? null;
  // The same failure reported again (each autosave, each preview) stays one notice.
  const rest = notices.errors.filter((e) => (key !== null && e.key === key) || e.message === message ? false : true);
  rest.push({ id: nextId++, key, kind: err instanceof CommandError ? err.kind : null, message, action: options.action ?? null });
  notices.errors = rest;
}

export function clearError(key: string): void {
  if (notices.errors.some((e) => e.key === key)) {
    notices.errors = notices.errors.filter((e) => e.key !== key);
  }
}

export function dismissError(id: number): void {
  notices.errors = notices.errors.filter((e) => e.id !== id);
}

export function showToast(message: string, action: NoticeAction | null = null, ms = 8000): void {
  const id = nextId++;
  notices.toasts = [...notices.toasts, { id, message, action }].slice(-3);
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  notices.toasts = notices.toasts.filter((x) => x.id !== id);
}
