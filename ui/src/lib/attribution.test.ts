// Tests of the original-URL check the attribution panel shows inline.
import { describe, expect, it } from 'vitest';
import { isWebUrl } from './attribution';

describe('isWebUrl', () => {
  it('accepts http and https addresses and an empty field', () => {
    expect(isWebUrl('')).toBe(true);
    expect(isWebUrl('http://www.clssn.com/html1/report/22/1234.htm')).toBe(true);
    expect(isWebUrl(' https://example.org ')).toBe(true);
  });

  it('refuses other schemes, bare words and spaces', () => {
    expect(isWebUrl('ftp://example.org')).toBe(false);
    expect(isWebUrl('www.example.org')).toBe(false);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('https://exa mple.org')).toBe(false);
    expect(isWebUrl('中国劳动保障报')).toBe(false);
  });
});
