// Differences between two texts for the revision history and the conflict view: line by line,
// and within a changed line the words (each Chinese character one word) that changed.
import { diffArrays, diffLines } from 'diff';

/** A run of one side of a changed line: `changed` runs are what the other side lacks. */
export interface DiffPart {
  text: string;
  changed: boolean;
}

export interface DiffLine {
  /** `add`: only in the second text; `del`: only in the first. */
  kind: 'add' | 'del' | 'same';
  text: string;
  /** A changed line paired with its counterpart on the other side, split where they differ. */
  parts?: DiffPart[];
}

/**
 * The words of a line: a Han or kana character alone (Chinese has no spaces between words, and
 * one character is the unit an editor corrects), a run of letters or digits, a run of spaces, or
 * any other character.
 */
export function words(text: string): string[] {
  return text.match(/[\p{Ideo}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Ideo}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}_])+|\s+|./gsu) ?? [];
}

/** Lines longer than this (in words) are compared as whole lines: a paste, not an edit. */
const MAX_WORDS = 3000;
/** Below this share of unchanged characters two lines are different lines, not one edited. */
const MIN_SAME = 0.3;

function push(parts: DiffPart[], text: string, changed: boolean): void {
  if (text === '') return;
  const last = parts.at(-1);
  if (last && last.changed === changed) last.text += text;
  else parts.push({ text, changed });
}

/**
 * Where an edited line differs from what it was, as runs of each side; null when the two are
 * not one line edited (too little in common) or too long to compare word by word.
 */
export function inlineDiff(before: string, after: string): { before: DiffPart[]; after: DiffPart[] } | null {
  const a = words(before);
  const b = words(after);
  if (a.length > MAX_WORDS || b.length > MAX_WORDS) return null;
  const left: DiffPart[] = [];
  const right: DiffPart[] = [];
  let same = 0;
  for (const part of diffArrays(a, b)) {
    const text = part.value.join('');
    if (part.added) push(right, text, true);
    else if (part.removed) push(left, text, true);
    else {
      same += [...text].length;
      push(left, text, false);
      push(right, text, false);
    }
  }
  const longer = Math.max([...before].length, [...after].length);
  if (longer === 0 || same / longer < MIN_SAME) return null;
  return { before: left, after: right };
}

export function lineDiff(from: string, to: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(from.replace(/\r\n?/g, '\n'), to.replace(/\r\n?/g, '\n'))) {
    const kind = part.added ? 'add' : part.removed ? 'del' : 'same';
    for (const text of part.value.replace(/\n$/, '').split('\n')) out.push({ kind, text });
  }
  pairEdits(out);
  return out;
}

/** Marks the words that changed in each removed line followed by its added counterpart. */
function pairEdits(lines: DiffLine[]): void {
  let i = 0;
  while (i < lines.length) {
    if (lines[i].kind !== 'del') {
      i++;
      continue;
    }
    const dels = i;
    while (i < lines.length && lines[i].kind === 'del') i++;
    const adds = i;
    while (i < lines.length && lines[i].kind === 'add') i++;
    // The n-th line removed went with the n-th line added, as an editor rewrites a paragraph.
    for (let k = 0; k < Math.min(adds - dels, i - adds); k++) {
      const del = lines[dels + k];
      const add = lines[adds + k];
      const parts = inlineDiff(del.text, add.text);
      if (parts) {
        del.parts = parts.before;
        add.parts = parts.after;
      }
    }
  }
}
