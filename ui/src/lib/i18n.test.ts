// Tests that every message exists in both languages and that placeholders are filled.
import { describe, expect, it } from 'vitest';
import { LANGS, initialLang, messages, translate, type MessageKey } from './i18n';

describe('messages', () => {
  it('has a non-empty text in every language for every key', () => {
    for (const [key, entry] of Object.entries(messages)) {
      for (const lang of LANGS) {
        const text = (entry as Record<string, string>)[lang];
        expect(text, `${key} in ${lang}`).toBeTypeOf('string');
        expect(text.trim(), `${key} in ${lang}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, entry] of Object.entries(messages)) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(entry['zh-CN']), key).toEqual(names(entry.en));
    }
  });

  it('writes Chinese sentences with full-width punctuation', () => {
    // A half-width , : ; ! ? ( ) touching a Chinese character is the wrong one (times like 10:20,
    // URLs and key names stay as they are: none touches a Chinese character).
    const wrong = /[\u3400-\u9fff][,:;!?()]|[,:;!?()][\u3400-\u9fff]/;
    const bad = Object.entries(messages)
      .map(([key, entry]) => [key, entry['zh-CN']] as const)
      .filter(([, text]) => wrong.test(text));
    expect(bad).toEqual([]);
  });

  it('is Chinese in zh-CN', () => {
    expect(translate('zh-CN', 'app.untitled')).toBe('未命名文章');
    expect(translate('en', 'app.untitled')).toBe('Untitled');
  });

  it('fills placeholders', () => {
    expect(translate('zh-CN', 'save.saved', { time: '12:03:05' })).toBe('已保存 12:03:05');
    expect(translate('en', 'save.saved', { time: '12:03:05' })).toBe('Saved 12:03:05');
    expect(translate('en', 'save.saved')).toBe('Saved {time}');
  });

  it('has the status names for every status', () => {
    for (const s of ['draft', 'ready', 'scheduled', 'published', 'withdrawn']) {
      expect(`status.${s}` in messages).toBe(true);
      expect(translate('zh-CN', `status.${s}` as MessageKey)).not.toBe('');
    }
  });
});

describe('initialLang', () => {
  it('prefers the stored choice, then the system language', () => {
    expect(initialLang('en', 'zh-CN')).toBe('en');
    expect(initialLang(null, 'zh-CN')).toBe('zh-CN');
    expect(initialLang(null, 'en')).toBe('en');
    expect(initialLang('fr', undefined)).toBe('zh-CN');
  });
});
