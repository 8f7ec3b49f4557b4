// Tests of the header's save indicator: the time is the site's, labelled with its zone.
import { afterEach, describe, expect, it } from 'vitest';
import type { SaveStatus } from './autosave';
import { article } from './fixtures';
import { locale } from './locale.svelte';
import { saveStateText } from './saveState';

const saved = (at: string): SaveStatus => ({ phase: 'saved', savedAt: new Date(at), error: null });

afterEach(() => {
  locale.lang = 'zh-CN';
});

describe('saveStateText', () => {
  it('shows a save of this session in the site zone, labelled, as the list does', () => {
    // 06:03 UTC is 14:03 in 遵义, whatever zone the machine is set to.
    expect(saveStateText(saved('2024-05-01T06:03:05Z'), article('a'), 'zh-CN', 'Asia/Shanghai')).toBe(
      '已保存 14:03:05（北京时间）',
    );
    locale.lang = 'en';
    expect(saveStateText(saved('2024-05-01T06:03:05Z'), article('a'), 'en', 'Asia/Tokyo')).toBe(
      'Saved 15:03:05 (GMT+9)',
    );
  });

  it('shows the last save before this session in the site zone: its time today, else its day', () => {
    const a = article('a', { updated_at: '2024-05-01T16:30:00Z' });
    // Already 2 May in Shanghai, as the row in the list says.
    const now = new Date('2024-05-01T17:00:00Z');
    const clean: SaveStatus = { phase: 'clean', savedAt: null, error: null };
    expect(saveStateText(clean, a, 'zh-CN', 'Asia/Shanghai', now)).toBe('已保存 00:30（北京时间）');
    expect(saveStateText(clean, a, 'zh-CN', 'Asia/Shanghai', new Date('2024-05-03T12:00:00Z'))).toBe(
      '已保存 2024/05/02（北京时间）',
    );
  });

  it('says saving and failed without a time, and nothing without an article', () => {
    expect(saveStateText({ phase: 'saving', savedAt: null, error: null }, article('a'), 'zh-CN', 'Asia/Shanghai')).toBe(
      '正在保存…',
    );
    expect(saveStateText({ phase: 'failed', savedAt: null, error: 'x' }, article('a'), 'zh-CN', 'Asia/Shanghai')).toBe(
      '保存失败',
    );
    expect(saveStateText(saved('2024-05-01T06:03:05Z'), null, 'zh-CN', 'Asia/Shanghai')).toBe('');
  });

  it('leaves the label out while the site zone is not known', () => {
    expect(saveStateText(saved('2024-05-01T06:03:05Z'), article('a'), 'zh-CN', undefined)).toMatch(/^已保存 \d\d:03:05$/);
  });
});
