import { describe, expect, it } from 'vitest';
import type { RepostReview } from './bindings';
import { highlighted, isPageAddress, repostPatch, startingValues } from './repost.svelte';

const review: RepostReview = {
  source_text: '来源:中国劳动保障报 作者:刘薇',
  fields: [
    { field: 'title', value: '党旗下的就业人', start: null, end: null, confidence: 0.6 },
    { field: 'source_name', value: '中国劳动保障报', start: 3, end: 10, confidence: 0.95 },
  ],
  body: '正文。',
  warnings: [],
  same_original: [],
};

describe('a repost under review', () => {
  it('starts from what the page gave, every other field empty', () => {
    const v = startingValues(review);
    expect(v.title).toBe('党旗下的就业人');
    expect(v.source_name).toBe('中国劳动保障报');
    expect(v.editor).toBe('');
  });

  it('saves the fields the editor kept, leaving empty ones out so nothing is cleared', () => {
    const v = { ...startingValues(review), editor: '  王编辑 ', source_author: ' ' };
    const patch = repostPatch(v, '正文。', '百姓生活');
    expect(patch).toEqual({
      title: '党旗下的就业人',
      source_name: '中国劳动保障报',
      editor: '王编辑',
      body: '正文。',
      channel: '百姓生活',
    });
  });

  it('saves the other credits beside the 责任编辑 like any field', () => {
    const v = { ...startingValues(review), other_credits: '二审 朱晖、监制 王五' };
    expect(repostPatch(v, '正文。', null).other_credits).toBe('二审 朱晖、监制 王五');
  });

  it('takes only web addresses to fetch', () => {
    expect(isPageAddress(' https://www.zunyi.gov.cn/xw/1.html ')).toBe(true);
    expect(isPageAddress('http://127.0.0.1:8080/a')).toBe(true);
    expect(isPageAddress('www.zunyi.gov.cn')).toBe(false);
    expect(isPageAddress('file:///etc/passwd')).toBe(false);
  });

  it('highlights the source of a field by its offsets, and nothing without them', () => {
    expect(highlighted(review.source_text, 3, 10)).toEqual(['来源:', '中国劳动保障报', ' 作者:刘薇']);
    expect(highlighted(review.source_text, null, null)).toEqual([review.source_text, '', '']);
    expect(highlighted('短', 0, 99)).toEqual(['短', '', '']);
  });
});
