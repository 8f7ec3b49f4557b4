// The body toolbar's Markdown edits as CodeMirror state commands, so they undo as one step.
import { EditorSelection, type ChangeSpec, type EditorState, type StateCommand } from '@codemirror/state';

/** Line starts of every line that a selection range touches, without repeats. */
function touchedLines(state: EditorState): { from: number; text: string }[] {
  const seen = new Set<number>();
  const lines: { from: number; text: string }[] = [];
  for (const range of state.selection.ranges) {
    const first = state.doc.lineAt(range.from).number;
    // A selection that ends at the start of a line does not take that line along.
    let last = state.doc.lineAt(range.to).number;
    if (range.to > range.from && state.doc.lineAt(range.to).from === range.to) last -= 1;
    for (let n = first; n <= Math.max(first, last); n++) {
      if (seen.has(n)) continue;
      seen.add(n);
      const line = state.doc.line(n);
      lines.push({ from: line.from, text: line.text });
    }
  }
  return lines;
}

/**
 * Toggles a line prefix: removed when every touched line has it, else added where missing.
 * `existing` matches the prefix forms to replace (e.g. any heading level).
 */
function toggleLinePrefix(prefix: string, existing: RegExp): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const lines = touchedLines(state);
    const allHave = lines.every((l) => l.text.startsWith(prefix));
    const changes: ChangeSpec[] = [];
    for (const l of lines) {
      const current = existing.exec(l.text);
      if (allHave) {
        changes.push({ from: l.from, to: l.from + prefix.length, insert: '' });
      } else if (current) {
        if (current[0] !== prefix) changes.push({ from: l.from, to: l.from + current[0].length, insert: prefix });
      } else {
        changes.push({ from: l.from, insert: prefix });
      }
    }
    if (changes.length === 0) return true;
    dispatch(state.update({ changes, scrollIntoView: true, userEvent: 'input.format' }));
    return true;
  };
}

/** `## ` makes a subheading, the form the portal's 小标题 take. */
export const toggleHeading = toggleLinePrefix('## ', /^#{1,6} /);
export const toggleQuote = toggleLinePrefix('> ', /^> ?/);
export const toggleBulletList = toggleLinePrefix('- ', /^[-*+] /);

/** Wraps each selection in `**`; unwraps it when it is already wrapped. */
export const toggleBold: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const mark = '**';
  const tr = state.changeByRange((range) => {
    const before = state.sliceDoc(range.from - mark.length, range.from);
    const after = state.sliceDoc(range.to, range.to + mark.length);
    if (before === mark && after === mark) {
      return {
        changes: [
          { from: range.from - mark.length, to: range.from },
          { from: range.to, to: range.to + mark.length },
        ],
        range: EditorSelection.range(range.from - mark.length, range.to - mark.length),
      };
    }
    return {
      changes: [
        { from: range.from, insert: mark },
        { from: range.to, insert: mark },
      ],
      range: EditorSelection.range(range.from + mark.length, range.to + mark.length),
    };
  });
  dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input.format' }));
  return true;
};

/**
 * Makes `[text](https://)` around each selection and selects the address part, so the editor
 * types or pastes the URL straight away.
 */
export function insertLink(placeholderText: string): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const tr = state.changeByRange((range) => {
      const text = state.sliceDoc(range.from, range.to) || placeholderText;
      const url = 'https://';
      const insert = `[${text}](${url})`;
      const urlFrom = range.from + text.length + 3;
      return {
        changes: { from: range.from, to: range.to, insert },
        range: EditorSelection.range(urlFrom, urlFrom + url.length),
      };
    });
    dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input.format' }));
    return true;
  };
}
