import { describe, expect, it } from 'vitest';
import type { RepostReview } from './bindings';
import { highlighted, repostPatch, startingValues } from './repost.svelte';

const review: RepostReview = {
  source_text: '来源:中国劳动保障报 作者:刘薇',
  fields: [
    { field: 'title', value: '党旗下的就业人', start: null, end: null, confidence: 0.6 },
    { field: 'source_name', value: '中国劳动保障报', start: 3, end: 10, confidence: 0.95 },
  ],
  other_credits: null,
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

  it('highlights the source of a field by its offsets, and nothing without them', () => {
    expect(highlighted(review.source_text, 3, 10)).toEqual(['来源:', '中国劳动保障报', ' 作者:刘薇']);
    expect(highlighted(review.source_text, null, null)).toEqual([review.source_text, '', '']);
    expect(highlighted('短', 0, 99)).toEqual(['短', '', '']);
  });
});
