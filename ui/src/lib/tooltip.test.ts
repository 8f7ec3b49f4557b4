// Tests of the window's tooltip: it shows after a hover, goes on every way of leaving (no tooltip
// stays on screen), and says the new words when the language switches while it is shown.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tip, Tooltips, type TipNode } from './tooltip.svelte';

/** A control in the window: its box, its events, its attributes. */
class Control extends EventTarget implements TipNode {
  attrs = new Map<string, string>();
  focusVisible = false;
  constructor(private readonly box = { left: 10, top: 10, right: 90, bottom: 30 }) {
    super();
  }
  getBoundingClientRect() {
    return this.box;
  }
  matches(selector: string) {
    return selector === ':focus-visible' && this.focusVisible;
  }
  setAttribute(name: string, value: string) {
    this.attrs.set(name, value);
  }
  removeAttribute(name: string) {
    this.attrs.delete(name);
  }
  fire(type: string) {
    this.dispatchEvent(new Event(type));
  }
}

let clock = 0;
let host: Tooltips;

beforeEach(() => {
  vi.useFakeTimers();
  clock = 0;
  host = new Tooltips({ now: () => clock });
});
afterEach(() => vi.useRealTimers());

async function wait(ms: number) {
  clock += ms;
  await vi.advanceTimersByTimeAsync(ms);
}

describe('the tooltip', () => {
  it('shows after a hover of half a second, and goes when the pointer leaves', async () => {
    const button = new Control();
    tip(button, '新建文章（Ctrl+N）', host);
    button.fire('pointerenter');
    await wait(499);
    expect(host.shown).toBe(null);
    await wait(1);
    expect(host.shown?.text).toBe('新建文章（Ctrl+N）');
    button.fire('pointerleave');
    expect(host.shown).toBe(null);
  });

  it('never shows for a hover that ended before the delay', async () => {
    const button = new Control();
    tip(button, '删除', host);
    button.fire('pointerenter');
    await wait(200);
    button.fire('pointerleave');
    await wait(1000);
    expect(host.shown).toBe(null);
  });

  it('goes on a click, a key, a scroll or a lost window: dismiss() is what each of them calls', async () => {
    const button = new Control();
    tip(button, '导出站点', host);
    button.fire('pointerenter');
    await wait(500);
    host.dismiss();
    expect(host.shown).toBe(null);
    // A hover in progress is dropped too.
    await wait(1000);
    button.fire('pointerleave');
    button.fire('pointerenter');
    host.dismiss();
    await wait(1000);
    expect(host.shown).toBe(null);
  });

  it('goes when the pointer is off its control though no leave came (a disabled button)', async () => {
    const button = new Control({ left: 10, top: 10, right: 90, bottom: 30 });
    tip(button, '正在导出', host);
    button.fire('pointerenter');
    await wait(500);
    host.moved(50, 20);
    expect(host.shown).not.toBe(null);
    host.moved(50, 80);
    expect(host.shown).toBe(null);
  });

  it('goes with its control', async () => {
    const button = new Control();
    const action = tip(button, '设置', host);
    button.fire('pointerenter');
    await wait(500);
    action.destroy();
    expect(host.shown).toBe(null);
    button.fire('pointerenter');
    await wait(1000);
    expect(host.shown).toBe(null);
  });

  it('says the new words when the language switches while it is shown or due', async () => {
    const button = new Control();
    const action = tip(button, '切换为英文界面', host);
    button.fire('pointerenter');
    await wait(500);
    action.update('Switch the interface to Chinese');
    expect(host.shown?.text).toBe('Switch the interface to Chinese');
    expect(button.attrs.get('aria-description')).toBe('Switch the interface to Chinese');
    button.fire('pointerleave');
    await wait(1000);
    button.fire('pointerenter');
    await wait(100);
    action.update('切换为英文界面');
    await wait(400);
    expect(host.shown?.text).toBe('切换为英文界面');
  });

  it('shows the next control’s tooltip at once when moving along a toolbar', async () => {
    const a = new Control({ left: 0, top: 0, right: 20, bottom: 20 });
    const b = new Control({ left: 20, top: 0, right: 40, bottom: 20 });
    tip(a, '加粗', host);
    tip(b, '链接', host);
    a.fire('pointerenter');
    await wait(500);
    a.fire('pointerleave');
    await wait(100);
    b.fire('pointerenter');
    expect(host.shown?.text).toBe('链接');
    b.fire('pointerleave');
    await wait(1000);
    a.fire('pointerenter');
    expect(host.shown).toBe(null);
  });

  it('shows on keyboard focus only, and has nothing to show for an empty text', async () => {
    const button = new Control();
    const action = tip(button, '撤销', host);
    button.fire('focus');
    await wait(1000);
    expect(host.shown).toBe(null);
    button.focusVisible = true;
    button.fire('focus');
    await wait(500);
    expect(host.shown?.text).toBe('撤销');
    button.fire('blur');
    expect(host.shown).toBe(null);
    action.update(undefined);
    expect(button.attrs.has('aria-description')).toBe(false);
    button.fire('pointerenter');
    await wait(1000);
    expect(host.shown).toBe(null);
  });
});

describe('the window’s controls', () => {
  it('use the tooltip, never a native title tooltip (only frames keep a title: their accessible name)', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const dir = new URL('../components/', import.meta.url);
    const sources = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.svelte'))
        .map((f) => [f, readFileSync(new URL(f, dir), 'utf8')] as const),
      ['App.svelte', readFileSync(new URL('../App.svelte', import.meta.url), 'utf8')] as const,
    ];
    const natives: string[] = [];
    for (const [file, source] of sources) {
      // Each title attribute, named by the element whose tag it is in (the last one opened).
      for (const m of source.matchAll(/\stitle=/g)) {
        const tag = [...source.slice(0, m.index).matchAll(/<([a-zA-Z][\w:-]*)/g)].at(-1)?.[1];
        if (tag !== 'iframe') natives.push(`${file}: <${tag} title=…>`);
      }
    }
    expect(natives).toEqual([]);
  });
});
