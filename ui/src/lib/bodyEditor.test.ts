import { describe, expect, it } from 'vitest';
import { EditorState } from '@codemirror/state';
import { insertNewlineContinueMarkup, markdownLanguage } from '@codemirror/lang-markdown';
import { ensureSyntaxTree } from '@codemirror/language';
import { keymap } from '@codemirror/view';
import { bodyState, markdownSupport, pasteNeedsConverting } from './bodyEditor';

describe('the paste into the body', () => {
  it('converts HTML and text of several lines, and lets a word paste as it is', () => {
    expect(pasteNeedsConverting('<p>段落</p>', '段落')).toBe(true);
    expect(pasteNeedsConverting('', '第一行\n第二行')).toBe(true);
    expect(pasteNeedsConverting('', '第一行\r\n第二行')).toBe(true);
    expect(pasteNeedsConverting('', '遵义')).toBe(false);
  });
});

describe('the Markdown of the body', () => {
  const config = {
    placeholderText: '',
    linkText: '链接',
    onDocChange: () => {},
    convertPaste: async (_html: string | null, text: string) => text,
  };

  it('is parsed as Markdown, HTML blocks included, without the HTML grammar', () => {
    const state = EditorState.create({ doc: '## 标题\n\n<figure>\n<b>粗</b>\n</figure>\n', extensions: markdownSupport });
    expect(markdownLanguage.isActiveAt(state, 3), 'the body is Markdown').toBe(true);
    const tree = ensureSyntaxTree(state, state.doc.length, 5000)!;
    const names: string[] = [];
    tree.iterate({ enter: (n) => void names.push(n.name) });
    expect(names, 'headings and HTML blocks are still told apart').toContain('ATXHeading2');
    expect(names).toContain('HTMLBlock');
    // lang-markdown's markdown() parses the block again as HTML, naming its tags' parts (TagName).
    expect(names).not.toContain('TagName');
  });

  it('continues a list on Enter, as it did with the markdown() of lang-markdown', () => {
    const state = bodyState('- 第一条', config);
    const bindings = state.facet(keymap).flat();
    expect(
      bindings.some((b) => b.key === 'Enter' && b.run === insertNewlineContinueMarkup),
      'Enter is bound to continuing the markup',
    ).toBe(true);
    let next = state.update({ selection: { anchor: state.doc.length } }).state;
    insertNewlineContinueMarkup({ state: next, dispatch: (tr) => (next = tr.state) });
    expect(next.doc.toString()).toBe('- 第一条\n- ');
  });
});
