import { describe, expect, it } from 'vitest';
import { inlineDiff, lineDiff, words } from './diff';

describe('lineDiff', () => {
  it('marks the lines only one side has, in order, and the words that changed within them', () => {
    const lines = lineDiff('第一段\n\n第二段', '第一段\n\n第二段（门户改过）');
    expect(lines.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'del', text: '第二段', parts: [{ text: '第二段', changed: false }] },
      {
        kind: 'add',
        text: '第二段（门户改过）',
        parts: [
          { text: '第二段', changed: false },
          { text: '（门户改过）', changed: true },
        ],
      },
    ]);
  });

  it('reads CRLF text as the same lines (a body from Windows against one from the portal)', () => {
    expect(lineDiff('a\r\nb', 'a\nb').every((l) => l.kind === 'same')).toBe(true);
  });

  it('pairs the n-th removed line with the n-th added one', () => {
    const lines = lineDiff('甲乙丙丁\n子丑寅卯\n尾', '甲乙丙戊\n子丑寅辰\n尾');
    const changed = lines.filter((l) => l.kind !== 'same');
    expect(changed.map((l) => l.kind)).toEqual(['del', 'del', 'add', 'add']);
    expect(changed[0].parts).toEqual([
      { text: '甲乙丙', changed: false },
      { text: '丁', changed: true },
    ]);
    expect(changed[3].parts).toEqual([
      { text: '子丑寅', changed: false },
      { text: '辰', changed: true },
    ]);
  });

  it('leaves a line replaced by an unrelated one whole, and an added line alone', () => {
    const lines = lineDiff('遵义市召开会议', 'The weather is fine\n新增一段');
    expect(lines.every((l) => l.parts === undefined)).toBe(true);
  });
});

describe('inlineDiff', () => {
  it('changes one Chinese character at a time, not the whole run of them', () => {
    expect(inlineDiff('在全国就业领域', '在全省就业领域')).toEqual({
      before: [
        { text: '在全', changed: false },
        { text: '国', changed: true },
        { text: '就业领域', changed: false },
      ],
      after: [
        { text: '在全', changed: false },
        { text: '省', changed: true },
        { text: '就业领域', changed: false },
      ],
    });
  });

  it('changes whole Latin words and numbers', () => {
    const d = inlineDiff('Revision 12 of the draft', 'Revision 13 of the story');
    expect(d?.after.filter((p) => p.changed).map((p) => p.text)).toEqual(['13', 'story']);
    expect(d?.before.filter((p) => p.changed).map((p) => p.text)).toEqual(['12', 'draft']);
  });

  it('puts each side back together exactly', () => {
    const before = '2021年9月13日，遵义 news: 就业！';
    const after = '2021年9月14日，遵义 News: 创业！';
    const d = inlineDiff(before, after)!;
    expect(d.before.map((p) => p.text).join('')).toBe(before);
    expect(d.after.map((p) => p.text).join('')).toBe(after);
  });

  it('is null for lines with too little in common', () => {
    expect(inlineDiff('党旗下的就业人', '湄潭茶园迎来秋茶')).toBe(null);
    expect(inlineDiff('', '')).toBe(null);
  });
});

describe('words', () => {
  it('splits Han characters, Latin runs, spaces and punctuation', () => {
    expect(words('就业 news，2021年')).toEqual(['就', '业', ' ', 'news', '，', '2021', '年']);
  });
});
