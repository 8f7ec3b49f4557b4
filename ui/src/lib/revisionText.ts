// What the revision history shows in words: a revision's label, a field's name, a value as the
// form shows it. What made a revision and what changed are the core's; only the words are here.
import type { ArticleField, Lang, RevisionLabel } from './bindings';
import { formatDateTime, showWallTime } from './datetime';
import type { MessageKey } from './i18n';
import { t } from './locale.svelte';
import { statusLabel } from './status';

export function revisionLabel(label: RevisionLabel): string {
  switch (label.kind) {
    case 'status':
      return t(`history.toStatus.${label.to}`);
    case 'restored':
      return t('history.label.restored', { n: label.from });
    case 'undone':
      return t('history.label.undone', { n: label.to });
    default:
      return t(`history.label.${label.kind}`);
  }
}

/** The form's own name for each field, so the history speaks of what the editor sees. */
const FIELD_NAMES: Record<ArticleField, MessageKey> = {
  kicker: 'editor.kicker',
  title: 'editor.title',
  subtitle: 'editor.subtitle',
  slug: 'meta.slug',
  status: 'meta.status',
  channel: 'meta.channel',
  publish_at: 'meta.publishAt',
  summary: 'meta.summary',
  keywords: 'meta.keywords',
  editor: 'meta.editor',
  source_name: 'attr.name',
  source_url: 'attr.url',
  source_author: 'attr.author',
  source_time: 'attr.time',
  body: 'editor.body',
};

export function fieldName(field: ArticleField): string {
  return t(FIELD_NAMES[field]);
}

/** "标题、栏目、正文": the fields a revision changed, in the list's words. */
export function fieldNames(fields: ArticleField[], lang: Lang): string {
  return fields.map(fieldName).join(lang === 'zh-CN' ? '、' : ', ');
}

/**
 * A field's value as the form shows it: a status by its name, times in the site's zone in the
 * UI language's form, keywords with the language's separator; an empty field says so.
 */
export function fieldValue(field: ArticleField, value: string | null, lang: Lang, zone?: string): string {
  if (value === null || value === '') return t('history.emptyValue');
  switch (field) {
    case 'status':
      return statusLabel(value as Parameters<typeof statusLabel>[0]);
    case 'publish_at':
      return formatDateTime(value, lang, zone);
    case 'source_time':
      // A date alone stays a date; an instant is shown in the site's zone.
      return /^\d{4}-\d{2}-\d{2}$/.test(value) ? showWallTime(value, lang) : formatDateTime(value, lang, zone);
    case 'keywords':
      return lang === 'zh-CN' ? value : value.split('、').join(', ');
    default:
      return value;
  }
}
