// What the store tests share: articles and listings as the core returns them, and promises
// a test settles by hand to see what happens while a command is still running.
import type { Article, ArticleListing, Preview } from './bindings';

export function article(id: string, extra: Partial<Article> = {}): Article {
  return {
    id,
    kicker: null,
    title: `标题 ${id}`,
    subtitle: null,
    slug: `slug-${id}`,
    channel: '百姓生活',
    status: 'draft',
    body: '',
    summary: null,
    keywords: [],
    publish_at: null,
    source: { name: null, url: null, author: null, published_at: null },
    editor: null,
    created_at: '2024-05-01T12:00:00Z',
    updated_at: '2024-05-01T12:00:00Z',
    revision: 1,
    ...extra,
  };
}

export function listing(...ids: string[]): ArticleListing {
  return {
    items: ids.map((id) => ({
      id,
      title: `标题 ${id}`,
      channel: '百姓生活',
      status: 'draft',
      publish_at: null,
      updated_at: '2024-05-01T12:00:00Z',
      revision: 1,
      snippet: null,
    })),
    counts: { total: ids.length, draft: ids.length, ready: 0, scheduled: 0, published: 0, withdrawn: 0, trash: 0 },
    damaged: [],
    total: ids.length,
    indexing: false,
  };
}

export function page(html: string, warnings: Preview['warnings'] = []): Preview {
  return { html, path: 'life/2024/05/a.html', chars: 0, warnings };
}

export function pending<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets promise callbacks queued so far run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));
