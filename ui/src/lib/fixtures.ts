// What the store tests share: articles and listings as the core returns them, and promises
// a test settles by hand to see what happens while a command is still running.
import type { Article, ArticleFilter, ArticleListing, ArticleSummary, Preview } from './bindings';

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
    other_credits: null,
    created_at: '2024-05-01T12:00:00Z',
    updated_at: '2024-05-01T12:00:00Z',
    revision: 1,
    ...extra,
  };
}

export function summary(id: string, extra: Partial<ArticleSummary> = {}): ArticleSummary {
  return {
    id,
    title: `标题 ${id}`,
    channel: '百姓生活',
    status: 'draft',
    publish_at: null,
    updated_at: '2024-05-01T12:00:00Z',
    revision: 1,
    snippet: null,
    ...extra,
  };
}

/** A listing of these articles, all of them on its one page. */
export function listing(...ids: string[]): ArticleListing {
  return listingPage(ids.map((id) => summary(id)), ids.length);
}

/** One page of a longer listing: `items`, of `total` matching articles. */
export function listingPage(items: ArticleSummary[], total: number, extra: Partial<ArticleListing> = {}): ArticleListing {
  return {
    items,
    counts: { total, draft: total, ready: 0, scheduled: 0, published: 0, withdrawn: 0, trash: 0 },
    damaged: [],
    total,
    total_is_lower_bound: false,
    indexing: false,
    marks: [],
    ...extra,
  };
}

/** A core that holds `total` articles `a0`, `a1`, …: answers each page request as the core would. */
export function pagedCore(total: number, extra: Partial<ArticleListing> = {}) {
  return async (filter: ArticleFilter): Promise<ArticleListing> => {
    const offset = filter.offset ?? 0;
    const limit = Math.min(filter.limit ?? 100, 500);
    const items: ArticleSummary[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(summary(`a${i}`));
    return listingPage(items, total, extra);
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
