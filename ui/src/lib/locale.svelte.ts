// The interface language as reactive state, and `t()` that components call to read a message.
import type { Lang } from './bindings';
import { initialLang, translate, type MessageKey } from './i18n';

const STORAGE_KEY = 'newsdesk.lang';

export const locale = $state<{ lang: Lang }>({ lang: 'zh-CN' });

/** Reading `locale.lang` here makes every template that calls `t` follow a language switch. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(locale.lang, key, params);
}

function storedLang(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (private mode); the system language is then used.
    return null;
  }
}

/** Picks the language at start: the editor's saved choice, else the system's. */
export function startLang(system: Lang | undefined): Lang {
  const lang = initialLang(storedLang(), system);
  applyLang(lang);
  return lang;
}

export function chooseLang(lang: Lang): void {
  applyLang(lang);
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not remembered across restarts, but the switch itself still works.
  }
}

function applyLang(lang: Lang): void {
  locale.lang = lang;
  document.documentElement.lang = lang;
}
