// Tests of the history's words: every label the core gives has its words in both languages, and
// values read as the form shows them.
import { afterEach, describe, expect, it } from 'vitest';
import type { ArticleField, RevisionLabel } from './bindings';
import { locale } from './locale.svelte';
import { fieldName, fieldNames, fieldValue, revisionLabel } from './revisionText';

afterEach(() => {
  locale.lang = 'zh-CN';
});

describe('revisionLabel', () => {
  it('names how each revision came to be', () => {
    const cases: [RevisionLabel, string, string][] = [
      [{ kind: 'created' }, '新建', 'Created'],
      [{ kind: 'autosave' }, '自动保存', 'Autosave'],
      [{ kind: 'saved' }, '已保存', 'Saved'],
      [{ kind: 'status', from: 'draft', to: 'published' }, '已发布', 'Published'],
      [{ kind: 'status', from: 'published', to: 'draft' }, '转为草稿', 'Back to draft'],
      [{ kind: 'status', from: 'draft', to: 'scheduled' }, '定时发布', 'Scheduled'],
      [{ kind: 'restored', from: 2 }, '恢复自第 2 版', 'Restored from revision 2'],
      [{ kind: 'undone', to: 5 }, '撤销恢复（回到第 5 版）', 'Restore undone (back to revision 5)'],
      [{ kind: 'imported' }, '导入', 'Imported'],
      [{ kind: 'conflict' }, '处理门户冲突', 'Portal conflict settled'],
    ];
    for (const [label, zh, en] of cases) {
      locale.lang = 'zh-CN';
      expect(revisionLabel(label)).toBe(zh);
      locale.lang = 'en';
      expect(revisionLabel(label)).toBe(en);
    }
  });
});

describe('field names and values', () => {
  it('speaks of the fields by the form’s own names', () => {
    const fields: ArticleField[] = ['title', 'channel', 'publish_at', 'source_name', 'editor', 'body'];
    expect(fieldNames(fields, 'zh-CN')).toBe('标题、栏目、发布日期、来源、责任编辑、正文');
    locale.lang = 'en';
    expect(fieldNames(['title', 'summary'], 'en')).toBe('Title, Summary');
    expect(fieldName('keywords')).toBe('Keywords');
  });

  it('shows values as the form does: status names, times in the site zone, empty said so', () => {
    expect(fieldValue('status', 'published', 'zh-CN')).toBe('已发布');
    expect(fieldValue('publish_at', '2021-09-13T08:00:00+08:00', 'zh-CN', 'Asia/Shanghai')).toBe('2021/09/13 08:00');
    // The site's zone, not the machine's: 08:00 in Shanghai is 00:00 UTC.
    expect(fieldValue('publish_at', '2021-09-13T08:00:00+08:00', 'en', 'UTC')).toContain('00:00');
    expect(fieldValue('source_time', '2020-08-12', 'zh-CN')).toBe('2020/08/12');
    expect(fieldValue('keywords', '就业、遵义', 'zh-CN')).toBe('就业、遵义');
    expect(fieldValue('keywords', '就业、遵义', 'en')).toBe('就业, 遵义');
    expect(fieldValue('subtitle', null, 'zh-CN')).toBe('（空）');
    expect(fieldValue('title', '遵义新闻', 'zh-CN')).toBe('遵义新闻');
  });
});
