// Line differences between two bodies, for the revision history and the conflict view.
import { diffLines } from 'diff';

export interface DiffLine {
  /** `add`: only in the second text; `del`: only in the first. */
  kind: 'add' | 'del' | 'same';
  text: string;
}

export function lineDiff(from: string, to: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(from.replace(/\r\n?/g, '\n'), to.replace(/\r\n?/g, '\n'))) {
    const kind = part.added ? 'add' : part.removed ? 'del' : 'same';
    for (const text of part.value.replace(/\n$/, '').split('\n')) out.push({ kind, text });
  }
  return out;
}
