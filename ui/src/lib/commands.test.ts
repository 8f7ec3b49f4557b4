// The shell's command list is written in several places that Tauri does not check against each
// other: a command missing from one of them fails only at run time, as "not allowed" or "not
// found". This test reads them all from the repository and wants the same names everywhere.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function all(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[1]);
}

/** The block of text from `start` to the first `end` after it. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`no ${start}`);
  const to = text.indexOf(end, from + start.length);
  if (to < 0) throw new Error(`no ${end} after ${start}`);
  return text.slice(from + start.length, to);
}

/** The backquoted first cells of the Markdown tables whose first heading is `heading`. */
function tableNames(markdown: string, heading: string): string[] {
  const names: string[] = [];
  let table: string | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      table = null;
      continue;
    }
    const first = line.split('|')[1].trim();
    if (table === null) table = first;
    else if (table === heading) {
      const name = /^`([^`]+)`$/.exec(first);
      if (name) names.push(name[1]);
    }
  }
  return names;
}

const sorted = (names: string[]) => [...names].sort();

const commands: Record<string, string[]> = {
  'src-tauri/{commands,updates}.rs (#[tauri::command] fns)': ['commands.rs', 'updates.rs'].flatMap((f) =>
    all(read(`src-tauri/${f}`), /#\[tauri::command\]\s*pub\s+(?:async\s+)?fn\s+([a-z_0-9]+)/g),
  ),
  'src-tauri/lib.rs (generate_handler!)': all(
    between(read('src-tauri/lib.rs'), 'generate_handler![', ']'),
    /(?:commands|updates)::([a-z_0-9]+)/g,
  ),
  'src-tauri/build.rs (AppManifest commands)': all(between(read('src-tauri/build.rs'), '.commands(&[', ']'), /"([a-z_0-9]+)"/g),
  'src-tauri/capabilities/main.json (allow-… permissions)': (
    JSON.parse(read('src-tauri/capabilities/main.json')).permissions as string[]
  )
    .filter((p) => !p.includes(':') && p.startsWith('allow-'))
    .map((p) => p.slice('allow-'.length).replaceAll('-', '_')),
  'ui/src/lib/ipc.ts (call(…))': all(read('ui/src/lib/ipc.ts'), /\bcall<[^(]*>\('([a-z_0-9]+)'/g),
  'docs/ipc.md (command table)': tableNames(read('docs/ipc.md'), 'command'),
};

const events: Record<string, string[]> = {
  'src-tauri/{commands,lib,publishing,updates}.rs (emit)': ['commands.rs', 'lib.rs', 'publishing.rs', 'updates.rs'].flatMap((f) => all(read(`src-tauri/${f}`), /\.emit\(\s*"([a-z-]+)"/g)),
  'ui/src/lib/ipc.ts (listen)': all(read('ui/src/lib/ipc.ts'), /\blisten<[^(]*>\('([a-z-]+)'/g),
  'docs/ipc.md (event table)': tableNames(read('docs/ipc.md'), 'event'),
};

function agree(lists: Record<string, string[]>) {
  const [[firstPlace, firstNames], ...rest] = Object.entries(lists);
  expect(firstNames.length, `${firstPlace} names some`).toBeGreaterThan(0);
  for (const [place, names] of Object.entries(lists)) {
    expect(new Set(names).size, `${place} names each once: ${names.join(', ')}`).toBe(names.length);
  }
  for (const [place, names] of rest) {
    expect(sorted(names), `${place} against ${firstPlace}`).toEqual(sorted(firstNames));
  }
}

describe('the command list', () => {
  it('is the same in the shell, its permissions, ipc.ts and docs/ipc.md', () => {
    agree(commands);
  });

  it('has the same events in the shell, ipc.ts and docs/ipc.md', () => {
    agree(events);
  });
});
