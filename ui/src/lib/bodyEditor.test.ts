import { describe, expect, it } from 'vitest';
import { pasteNeedsConverting } from './bodyEditor';

describe('the paste into the body', () => {
  it('converts HTML and text of several lines, and lets a word paste as it is', () => {
    expect(pasteNeedsConverting('<p>段落</p>', '段落')).toBe(true);
    expect(pasteNeedsConverting('', '第一行\n第二行')).toBe(true);
    expect(pasteNeedsConverting('', '第一行\r\n第二行')).toBe(true);
    expect(pasteNeedsConverting('', '遵义')).toBe(false);
  });
});
