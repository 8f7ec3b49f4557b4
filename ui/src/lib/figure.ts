// A photo of the strip as a figure in the body: `![alt](photo:<id>)` standing as its own paragraph.
import { EditorSelection, type StateCommand } from '@codemirror/state';

/** The bracketed text: the photo's alt text, else its caption (the renderer uses it when the photo has no alt). */
export function figureText(photo: { alt: string | null; caption: string | null }): string {
  const text = (photo.alt?.trim() || photo.caption?.trim() || '').replace(/\s+/g, ' ');
  // Brackets and backslashes would end or bend the image syntax.
  return text.replace(/[\\[\]]/g, (c) => `\\${c}`);
}

/** The Markdown of a figure: the core renders it with the photo, its caption and credit. */
export function figureMarkdown(id: string, text: string): string {
  return `![${text}](photo:${id})`;
}

/**
 * Where a figure goes into `doc` at `pos` and what is inserted: blank lines are added so the
 * figure is a paragraph of its own (the renderer makes a figure only of a paragraph holding
 * nothing else), and the cursor ends up after it, at the start of the next paragraph.
 */
export function figureInsertion(doc: string, pos: number, figure: string): { insert: string; cursor: number } {
  const before = doc.slice(0, pos);
  const after = doc.slice(pos);
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
  const trail = after.startsWith('\n\n') ? '' : after.startsWith('\n') ? '\n' : '\n\n';
  return { insert: lead + figure + trail, cursor: pos + lead.length + figure.length + 2 };
}

/** Inserts a figure at the end of the main selection (the selected text stays), as one undo step. */
export function insertFigure(figure: string): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const pos = state.selection.main.to;
    const { insert, cursor } = figureInsertion(state.doc.toString(), pos, figure);
    dispatch(
      state.update({
        changes: { from: pos, insert },
        selection: EditorSelection.cursor(cursor),
        scrollIntoView: true,
        userEvent: 'input.figure',
      }),
    );
    return true;
  };
}
