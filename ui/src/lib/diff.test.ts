import { describe, expect, it } from 'vitest';
import { lineDiff } from './diff';

describe('lineDiff', () => {
  it('marks the lines only one side has, in order', () => {
    const lines = lineDiff('第一段\n\n第二段', '第一段\n\n第二段（门户改过）');
    expect(lines.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'del', text: '第二段' },
      { kind: 'add', text: '第二段（门户改过）' },
    ]);
  });

  it('reads CRLF text as the same lines (a body from Windows against one from the portal)', () => {
    expect(lineDiff('a\r\nb', 'a\nb').every((l) => l.kind === 'same')).toBe(true);
  });
});
