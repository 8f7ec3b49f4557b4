// Tests of the toolbar's Markdown edits on a bare CodeMirror state.
import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState, type StateCommand, type Transaction } from '@codemirror/state';
import { insertLink, toggleBold, toggleBulletList, toggleHeading, toggleQuote } from './markdownCommands';

function run(cmd: StateCommand, doc: string, from: number, to = from): EditorState {
  let state = EditorState.create({ doc, selection: EditorSelection.single(from, to) });
  cmd({ state, dispatch: (tr: Transaction) => (state = tr.state) });
  return state;
}

describe('Markdown toolbar commands', () => {
  it('toggles a subheading, replacing another level', () => {
    expect(run(toggleHeading, '为农民工排忧解难', 2).doc.toString()).toBe('## 为农民工排忧解难');
    expect(run(toggleHeading, '## 为农民工排忧解难', 4).doc.toString()).toBe('为农民工排忧解难');
    expect(run(toggleHeading, '# 标题', 2).doc.toString()).toBe('## 标题');
  });

  it('quotes and lists every selected line', () => {
    expect(run(toggleQuote, '甲\n乙\n丙', 0, 3).doc.toString()).toBe('> 甲\n> 乙\n丙');
    expect(run(toggleBulletList, '甲\n乙', 0, 3).doc.toString()).toBe('- 甲\n- 乙');
    expect(run(toggleBulletList, '- 甲\n- 乙', 0, 7).doc.toString()).toBe('甲\n乙');
  });

  it('bolds a selection and unbolds it again', () => {
    const bolded = run(toggleBold, '江勇说', 0, 2);
    expect(bolded.doc.toString()).toBe('**江勇**说');
    expect(bolded.sliceDoc(bolded.selection.main.from, bolded.selection.main.to)).toBe('江勇');
    expect(run(toggleBold, '**江勇**说', 2, 4).doc.toString()).toBe('江勇说');
  });

  it('makes a link and selects its address', () => {
    const s = run(insertLink('链接文字'), '原文', 0, 2);
    expect(s.doc.toString()).toBe('[原文](https://)');
    expect(s.sliceDoc(s.selection.main.from, s.selection.main.to)).toBe('https://');
    expect(run(insertLink('链接文字'), '', 0).doc.toString()).toBe('[链接文字](https://)');
  });
});
