// Tests of the patch the form sends: only the fields that changed, in the core's terms.
import { describe, expect, it } from 'vitest';
import type { Article } from './bindings';
import { diffDraft, draftFromArticle, isEmptyPatch, splitKeywords } from './draft';

const article: Article = {
  id: '0190a8b2-0000-7000-8000-000000000001',
  kicker: null,
  title: '党旗下的就业人丨迎难而上勇担当',
  subtitle: null,
  slug: 'dang-qi-xia-de-jiu-ye-ren',
  channel: '百姓生活',
  status: 'draft',
  body: '在全国就业领域，有这样一群人。',
  summary: null,
  keywords: ['就业', '遵义'],
  publish_at: '2021-09-13T02:43:08+08:00',
  source: { name: '中国劳动保障报', url: null, author: '刘薇', published_at: '2020-08-12' },
  editor: null,
  other_credits: null,
  created_at: '2021-09-13T02:43:08+08:00',
  updated_at: '2021-09-13T02:43:08+08:00',
  revision: 1,
};

describe('draftFromArticle', () => {
  it('turns nulls into empty fields and times into input values', () => {
    const d = draftFromArticle(article);
    expect(d.kicker).toBe('');
    expect(d.keywords).toBe('就业, 遵义');
    expect(d.publishAt).toBe('2021-09-13T02:43:08');
    expect(d.sourceTime).toBe('2020-08-12');
    expect(d.sourceDateOnly).toBe(true);
  });
});

describe('diffDraft', () => {
  const base = draftFromArticle(article);

  it('is empty when nothing changed', () => {
    expect(isEmptyPatch(diffDraft(base, { ...base }))).toBe(true);
  });

  it('holds only the changed fields', () => {
    const next = { ...base, title: '新标题', body: base.body + '再加一句。' };
    expect(diffDraft(base, next)).toEqual({ title: '新标题', body: '在全国就业领域，有这样一群人。再加一句。' });
  });

  it('sends an empty string to clear an optional field', () => {
    const withKicker = { ...base, kicker: '引题' };
    expect(diffDraft(withKicker, { ...withKicker, kicker: '' })).toEqual({ kicker: '' });
  });

  it('sends the other credits under their patch name', () => {
    expect(diffDraft(base, { ...base, otherCredits: '二审 朱晖' })).toEqual({ other_credits: '二审 朱晖' });
  });

  it('compares keywords as the core stores them', () => {
    expect(diffDraft(base, { ...base, keywords: '就业，遵义,' })).toEqual({});
    expect(diffDraft(base, { ...base, keywords: '就业、遵义、人社' })).toEqual({ keywords: ['就业', '遵义', '人社'] });
  });

  it('sends the publish time as the core reads it', () => {
    expect(diffDraft(base, { ...base, publishAt: '2021-09-14T08:00' })).toEqual({ publish_at: '2021-09-14 08:00:00' });
    expect(diffDraft(base, { ...base, publishAt: '' })).toEqual({ publish_at: '' });
  });

  it('sends 来源时间 with its precision', () => {
    expect(diffDraft(base, { ...base, sourceTime: '2020-08-12T09:30:00', sourceDateOnly: false })).toEqual({
      source_time: '2020-08-12 09:30:00',
    });
    const empty = { ...base, sourceTime: '', sourceDateOnly: false };
    expect(diffDraft(empty, { ...empty, sourceDateOnly: true })).toEqual({});
  });

  it('maps attribution fields to the patch names', () => {
    const next = { ...base, sourceName: '遵义日报', sourceUrl: 'https://example.org/a', sourceAuthor: '王五' };
    expect(diffDraft(base, next)).toEqual({
      source_name: '遵义日报',
      source_url: 'https://example.org/a',
      source_author: '王五',
    });
  });

  it('includes status and channel changes', () => {
    expect(diffDraft(base, { ...base, status: 'ready', channel: '遵义新闻' })).toEqual({
      status: 'ready',
      channel: '遵义新闻',
    });
  });
});

describe('splitKeywords', () => {
  it('splits on ASCII and Chinese separators and drops repeats', () => {
    expect(splitKeywords(' 就业 ，遵义;就业；人社、 ')).toEqual(['就业', '遵义', '人社']);
  });
});
