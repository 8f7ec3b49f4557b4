// Tests of 字数, which must agree with the core's count.
import { describe, expect, it } from 'vitest';
import { countChars } from './text';

describe('countChars', () => {
  it('counts characters and skips every kind of white space', () => {
    expect(countChars('')).toBe(0);
    expect(countChars('在全国 就业领域\n\n他们\t默默工作')).toBe(13);
    expect(countChars('a b\u3000c\u00a0d')).toBe(4);
  });

  it('counts a character outside the BMP once', () => {
    expect(countChars('𠀋好')).toBe(2);
  });

  it('counts Markdown marks as the core does', () => {
    expect(countChars('## 小标题\n**加粗**')).toBe(11);
  });
});
