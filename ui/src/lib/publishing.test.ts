import { describe, expect, it } from 'vitest';
import type { ArticlePublication, SyncStatus } from './bindings';
import { messages } from './i18n';
import {
  conflictWords,
  indicatorKey,
  leftOutNotice,
  markKey,
  markOf,
  portalsStillShowing,
  resolvedKey,
  stateKey,
  targetFormProblem,
} from './publishing.svelte';

function pub(extra: Partial<ArticlePublication>): ArticlePublication {
  return {
    target: 1,
    target_name: '门户',
    target_url: 'https://portal.example/',
    state: null,
    operation: null,
    remote_url: null,
    remote_status: null,
    last_error: null,
    held: false,
    attempts: 0,
    next_attempt_at: null,
    target_stopped: null,
    ...extra,
  };
}

function status(extra: Partial<SyncStatus>): SyncStatus {
  return {
    targets: [{ id: 1, name: '门户', kind: 'wordpress', url: 'https://p/', user: 'u', stopped_reason: null, created_at: '' }],
    queued: 0,
    sending: 0,
    failed: 0,
    conflicts: 0,
    connectivity: 'online',
    last_problem: null,
    ...extra,
  };
}

describe('the marks of list rows', () => {
  it('shows the state that most needs the editor across the portals', () => {
    const mark = markOf('a1', [
      pub({ target: 1, state: 'published', remote_url: 'https://p/1' }),
      pub({ target: 2, state: 'conflict' }),
      pub({ target: 3, state: 'queued' }),
    ]);
    expect(mark?.state).toBe('conflict');
  });

  it('calls a queued update of a post already on the portal 待更新, and a first publish 排队', () => {
    const update = markOf('a1', [pub({ state: 'queued', operation: 'update', remote_url: 'https://p/1' })]);
    expect(update && messages[markKey(update)]['zh-CN']).toBe('待更新');
    const first = markOf('a1', [pub({ state: 'queued', operation: 'publish' })]);
    expect(first && messages[markKey(first)]['zh-CN']).toBe('排队');
  });

  it('has no mark for an article that never went to a portal', () => {
    expect(markOf('a1', [pub({ state: null })])).toBeNull();
  });

  it('names every state in both languages', () => {
    for (const state of ['published', 'queued', 'sending', 'failed', 'conflict'] as const) {
      const key = markKey({ article: 'a', state, update: false });
      expect(messages[key], key).toBeDefined();
    }
  });
});

describe('an article on one portal', () => {
  it('tells a retry from a hold, and a withdrawal from an update', () => {
    expect(stateKey(pub({ state: 'failed', held: false }))).toBe('publish.stateRetrying');
    expect(stateKey(pub({ state: 'failed', held: true }))).toBe('publish.stateHeld');
    expect(stateKey(pub({ state: 'queued', operation: 'withdraw', remote_url: 'https://p/1' }))).toBe(
      'publish.stateWithdrawQueued',
    );
    expect(stateKey(pub({ state: 'queued', operation: 'update', remote_url: 'https://p/1' }))).toBe(
      'publish.stateUpdateQueued',
    );
  });
});

describe('the title bar indicator', () => {
  it('says offline before anything else, since nothing goes out', () => {
    expect(indicatorKey(status({ connectivity: 'offline', queued: 3, conflicts: 1 }))).toBe('sync.offline');
  });
  it('puts conflicts before the queue, and says in sync when nothing waits', () => {
    expect(indicatorKey(status({ conflicts: 1, queued: 2 }))).toBe('sync.conflicts');
    expect(indicatorKey(status({ queued: 2 }))).toBe('sync.queued');
    expect(indicatorKey(status({}))).toBe('sync.synced');
    expect(indicatorKey(status({ targets: [] }))).toBe('sync.noTargets');
  });
});

describe('the new portal form', () => {
  it('wants a name and a web address', () => {
    expect(targetFormProblem(' ', 'https://p/')).toBe('targets.nameMissing');
    expect(targetFormProblem('门户', 'p.example')).toBe('targets.urlInvalid');
    expect(targetFormProblem('门户', 'http://127.0.0.1:18189')).toBeNull();
  });
});

describe('a post taken down on the portal', () => {
  it('is not offered as an edit: no merge, and the buttons say what they do there', () => {
    const edit = conflictWords(null);
    expect(edit.merge && edit.diff).toBe(true);
    for (const removed of ['trashed', 'deleted'] as const) {
      const words = conflictWords(removed);
      expect(words.merge, `${removed}: nothing to merge with`).toBe(false);
      for (const key of [words.title, words.explain, words.keepOurs, words.takeTheirs]) {
        expect(Object.values(edit), `${removed} has its own ${key}`).not.toContain(key);
      }
      // The takedown's reason must reach the editor in both languages.
      expect(messages[words.explain]['zh-CN']).not.toBe(messages[words.explain].en);
    }
    expect(conflictWords('trashed').diff, 'a trashed post still has its text to compare').toBe(true);
    expect(conflictWords('deleted').diff, 'a deleted one has none').toBe(false);
    expect(conflictWords('trashed').keepOurs).not.toBe(conflictWords('deleted').keepOurs);
  });

  it('is settled with a notice that says what happened', () => {
    expect(resolvedKey('deleted', 'theirs')).toBe('conflict.resolved.withdrawn');
    expect(resolvedKey('trashed', 'ours')).toBe('conflict.resolved.broughtBack');
    expect(resolvedKey(null, 'theirs')).toBe('conflict.resolved.theirs');
    expect(resolvedKey(null, 'merged')).toBe('conflict.resolved.merged');
  });
});

describe('what a pull left out', () => {
  it('is nothing to say when it took everything, and a short list otherwise', () => {
    expect(leftOutNotice([])).toBeNull();
    const one = leftOutNotice(['Post #6 (no title) was not pulled']);
    expect(one).toContain('Post #6');
    const many = leftOutNotice(['a1', 'b2', 'c3', 'd4', 'e5']) ?? '';
    expect(many).toContain('5');
    expect(many).toContain('c3');
    expect(many, 'the banner stays short').not.toContain('d4');
  });
});

describe('trashing an article that is on a portal', () => {
  it('names the portals whose readers still see it', () => {
    const shown = portalsStillShowing([
      pub({ target_name: '我爱遵义', remote_url: 'https://a/1', remote_status: 'publish' }),
      pub({ target_name: '定时站', remote_url: 'https://b/1', remote_status: 'future' }),
      pub({ target_name: '已撤站', remote_url: 'https://c/1', remote_status: 'draft' }),
      pub({ target_name: '回收站里', remote_url: 'https://d/1', remote_status: 'trash' }),
      pub({ target_name: '未发出', remote_url: null, remote_status: null }),
    ]);
    expect(shown).toEqual(['我爱遵义', '定时站']);
  });
});
