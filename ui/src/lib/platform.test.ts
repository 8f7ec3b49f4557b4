import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { osOf } from './platform';

describe('the system the window runs on', () => {
  it('is told from the platform, or the user agent when the platform is empty', () => {
    expect(osOf('MacIntel')).toBe('mac');
    expect(osOf('Win32')).toBe('windows');
    expect(osOf('Linux x86_64')).toBe('linux');
    expect(osOf('', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36')).toBe('windows');
    expect(osOf('', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15')).toBe('mac');
    // A user agent that says Mac for a site's sake does not outweigh the platform.
    expect(osOf('Linux x86_64', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15')).toBe('linux');
  });
});

describe('the font stack of each system', () => {
  // Every family a stack names that the system lacks costs a font lookup on the first paint
  // (about 70 ms in WebKitGTK for the old stack of seven), so each system's stack names its
  // own CJK font first and no other system's.
  const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');
  const block = (selector: string) => {
    const at = css.indexOf(`${selector} {`);
    expect(at, `app.css has a ${selector} block`).toBeGreaterThanOrEqual(0);
    return css.slice(at, css.indexOf('}', at));
  };
  const stack = (selector: string, name: string) => {
    const m = block(selector).match(new RegExp(`--${name}:([^;]*);`));
    expect(m, `${selector} sets --${name}`).not.toBeNull();
    return m![1];
  };
  it.each([
    [":root[data-os='mac']", 'PingFang SC', ['Microsoft YaHei', 'Noto Sans CJK SC']],
    [":root[data-os='windows']", 'Microsoft YaHei', ['PingFang SC', 'Noto Sans CJK SC']],
    [':root', 'Noto Sans CJK SC', ['PingFang SC', 'Microsoft YaHei']],
  ])('%s names %s and not the others', (selector, own, others) => {
    for (const name of ['font-ui', 'font-text']) {
      const s = stack(selector, name);
      expect(s).toContain(own);
      expect(s).toMatch(/sans-serif\s*$/);
      for (const o of others) expect(s).not.toContain(o);
    }
  });
});
