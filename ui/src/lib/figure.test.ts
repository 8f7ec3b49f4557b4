// Tests of putting a photo into the body as a figure paragraph.
import { describe, expect, it } from 'vitest';
import { EditorSelection, EditorState, type Transaction } from '@codemirror/state';
import { figureInsertion, figureMarkdown, figureText, insertFigure } from './figure';

const FIG = '![走访](photo:0a1b2c3d4e5f6a7b)';

function insertAt(doc: string, from: number, to = from): EditorState {
  let state = EditorState.create({ doc, selection: EditorSelection.single(from, to) });
  insertFigure(FIG)({ state, dispatch: (tr: Transaction) => (state = tr.state) });
  return state;
}

describe('figures in the body', () => {
  it('write the figure form the core renders', () => {
    expect(figureMarkdown('0a1b2c3d4e5f6a7b', '走访')).toBe(FIG);
  });

  it('take the alt text, else the caption, with brackets escaped and on one line', () => {
    expect(figureText({ alt: '江勇在车间', caption: '江勇(右三)走访' })).toBe('江勇在车间');
    expect(figureText({ alt: '  ', caption: '江勇(右三)走访\n箱包厂' })).toBe('江勇(右三)走访 箱包厂');
    expect(figureText({ alt: null, caption: null })).toBe('');
    expect(figureText({ alt: '[图] a\\b', caption: null })).toBe('\\[图\\] a\\\\b');
  });

  it('stand as their own paragraph wherever the cursor is', () => {
    // At the end of a paragraph.
    expect(insertAt('第一段。', 4).doc.toString()).toBe(`第一段。\n\n${FIG}\n\n`);
    // On the blank line between two paragraphs.
    expect(insertAt('甲。\n\n乙。', 4).doc.toString()).toBe(`甲。\n\n${FIG}\n\n乙。`);
    // At the end of a line right before a blank line.
    expect(insertAt('甲。\n\n乙。', 2).doc.toString()).toBe(`甲。\n\n${FIG}\n\n乙。`);
    // In the middle of a paragraph, which it splits at the cursor.
    expect(insertAt('甲乙', 1).doc.toString()).toBe(`甲\n\n${FIG}\n\n乙`);
    // In an empty body.
    expect(insertAt('', 0).doc.toString()).toBe(`${FIG}\n\n`);
    // At the start of the body.
    expect(insertAt('甲。', 0).doc.toString()).toBe(`${FIG}\n\n甲。`);
  });

  it('leave the cursor at the start of the paragraph after the figure', () => {
    const s = insertAt('甲。\n\n乙。', 4);
    expect(s.doc.sliceString(s.selection.main.head)).toBe('乙。');
    const end = insertAt('第一段。', 4);
    expect(end.selection.main.head).toBe(end.doc.length);
  });

  it('go after a selection without replacing it', () => {
    expect(insertAt('甲乙丙', 0, 2).doc.toString()).toBe(`甲乙\n\n${FIG}\n\n丙`);
  });

  it('compute the insertion alone', () => {
    expect(figureInsertion('甲\n', 2, 'F')).toEqual({ insert: '\nF\n\n', cursor: 6 });
  });
});
