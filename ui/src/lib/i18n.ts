// The UI's words in Chinese and English, and the function that picks and fills them.
import type { Lang } from './bindings';

export const LANGS: readonly Lang[] = ['zh-CN', 'en'];

type Entry = Record<Lang, string>;

/** Every visible string. The type requires both languages for each key. */
export const messages = {
  'app.name': { 'zh-CN': '编辑台', en: 'Newsdesk' },
  'app.loading': { 'zh-CN': '正在打开…', en: 'Opening…' },
  'app.untitled': { 'zh-CN': '未命名文章', en: 'Untitled' },
  'lang.switch': { 'zh-CN': 'English', en: '中文' },
  'lang.switchTitle': { 'zh-CN': '切换为英文界面', en: 'Switch the interface to Chinese' },

  'list.search': { 'zh-CN': '搜索标题或正文', en: 'Search titles and text' },
  'list.searchTitle': { 'zh-CN': '搜索（Ctrl+F）', en: 'Search (Ctrl+F)' },
  'list.new': { 'zh-CN': '新建', en: 'New' },
  'list.newTitle': { 'zh-CN': '新建文章（Ctrl+N）', en: 'New article (Ctrl+N)' },
  'list.duplicate': { 'zh-CN': '复制', en: 'Duplicate' },
  'list.duplicateTitle': { 'zh-CN': '复制当前文章', en: 'Duplicate the open article' },
  'list.delete': { 'zh-CN': '删除', en: 'Delete' },
  'list.deleteTitle': { 'zh-CN': '把当前文章移到回收站', en: 'Move the open article to the trash' },
  'list.status': { 'zh-CN': '状态', en: 'Status' },
  'list.channel': { 'zh-CN': '栏目', en: 'Channel' },
  'list.sort': { 'zh-CN': '排序', en: 'Sort' },
  'list.allStatuses': { 'zh-CN': '全部状态', en: 'All statuses' },
  'list.allChannels': { 'zh-CN': '全部栏目', en: 'All channels' },
  'list.sortUpdated': { 'zh-CN': '最近修改', en: 'Last edited' },
  'list.sortPublish': { 'zh-CN': '发布时间', en: 'Publish time' },
  'list.trash': { 'zh-CN': '回收站', en: 'Trash' },
  'list.backToArticles': { 'zh-CN': '返回文章列表', en: 'Back to articles' },
  'list.empty': { 'zh-CN': '还没有文章。按 Ctrl+N 新建一篇。', en: 'No articles yet. Press Ctrl+N to start one.' },
  'list.emptyTrash': { 'zh-CN': '回收站是空的', en: 'The trash is empty' },
  'list.noMatch': { 'zh-CN': '没有符合条件的文章', en: 'No articles match' },
  'list.restore': { 'zh-CN': '恢复', en: 'Restore' },
  'list.searching': { 'zh-CN': '搜索中…', en: 'Searching…' },
  'list.found': { 'zh-CN': '找到 {n} 篇', en: '{n} found' },
  'list.indexing': { 'zh-CN': '正在建立搜索索引…', en: 'Building the search index…' },
  'list.indexingTitle': {
    'zh-CN': '索引建好之前，搜索可能漏掉一些文章',
    en: 'Until the index is built, a search may miss some articles',
  },
  'list.clearFilter': { 'zh-CN': '清除筛选', en: 'Clear filter' },
  'list.loadingRows': { 'zh-CN': '正在读取…', en: 'Loading…' },
  'list.damaged': {
    'zh-CN': '{n} 篇文章的记录已损坏，无法显示：{ids}',
    en: '{n} stored articles are damaged and cannot be shown: {ids}',
  },
  'list.total': { 'zh-CN': '共 {n} 篇', en: '{n} articles' },
  'list.notScheduled': { 'zh-CN': '未定发布时间', en: 'No publish time' },
  'list.revision': { 'zh-CN': '第 {n} 版', en: 'rev. {n}' },

  'status.draft': { 'zh-CN': '草稿', en: 'Draft' },
  'status.ready': { 'zh-CN': '待发', en: 'Ready' },
  'status.scheduled': { 'zh-CN': '定时发布', en: 'Scheduled' },
  'status.published': { 'zh-CN': '已发布', en: 'Published' },
  'status.withdrawn': { 'zh-CN': '已撤回', en: 'Withdrawn' },

  'toast.trashed': { 'zh-CN': '已移到回收站：{title}', en: 'Moved to the trash: {title}' },
  'toast.restored': { 'zh-CN': '已恢复：{title}', en: 'Restored: {title}' },
  'toast.revisionRestored': { 'zh-CN': '已恢复第 {n} 版', en: 'Revision {n} restored' },
  'toast.undo': { 'zh-CN': '撤销', en: 'Undo' },
  'toast.dismiss': { 'zh-CN': '关闭', en: 'Dismiss' },

  'editor.kicker': { 'zh-CN': '引题', en: 'Kicker' },
  'editor.title': { 'zh-CN': '标题', en: 'Title' },
  'editor.subtitle': { 'zh-CN': '副题', en: 'Subtitle' },
  'editor.body': { 'zh-CN': '正文', en: 'Body' },
  'editor.bodyPlaceholder': { 'zh-CN': '在此撰写正文（支持 Markdown）', en: 'Write the body here (Markdown)' },
  'editor.chars': { 'zh-CN': '字数', en: 'Characters' },
  'editor.noneTitle': { 'zh-CN': '没有打开的文章', en: 'No article open' },
  'editor.noneHint': {
    'zh-CN': '从左侧列表选择一篇文章，或按 Ctrl+N 新建。',
    en: 'Pick an article from the list, or press Ctrl+N to start one.',
  },

  'toolbar.label': { 'zh-CN': '正文格式', en: 'Body formatting' },
  'toolbar.heading': { 'zh-CN': '小标题', en: 'Heading' },
  'toolbar.bold': { 'zh-CN': '加粗', en: 'Bold' },
  'toolbar.link': { 'zh-CN': '链接', en: 'Link' },
  'toolbar.quote': { 'zh-CN': '引用', en: 'Quote' },
  'toolbar.list': { 'zh-CN': '项目列表', en: 'Bulleted list' },
  'toolbar.undo': { 'zh-CN': '撤销（Ctrl+Z）', en: 'Undo (Ctrl+Z)' },
  'toolbar.redo': { 'zh-CN': '重做（Ctrl+Shift+Z）', en: 'Redo (Ctrl+Shift+Z)' },
  'toolbar.linkText': { 'zh-CN': '链接文字', en: 'link text' },

  'photos.heading': { 'zh-CN': '图片', en: 'Photos' },
  'photos.add': { 'zh-CN': '添加图片…', en: 'Add photos…' },
  'photos.addTitle': { 'zh-CN': '从电脑中选择图片，添加到本文', en: 'Choose photos on this computer to add to the article' },
  'photos.dropHint': {
    'zh-CN': '也可以把图片文件拖到编辑区',
    en: 'or drop photo files onto the editor',
  },
  'photos.dropHere': { 'zh-CN': '松开鼠标，把图片添加到本文', en: 'Drop to add the photos to this article' },
  'photos.openFirst': { 'zh-CN': '请先打开一篇文章，再添加图片', en: 'Open an article first, then add photos' },
  'photos.pickerTitle': { 'zh-CN': '选择要添加的图片', en: 'Choose photos to add' },
  'photos.pickerFilter': { 'zh-CN': '图片', en: 'Photos' },
  'photos.importing': { 'zh-CN': '正在导入 {n}/{total}：{name}', en: 'Importing {n} of {total}: {name}' },
  'photos.waiting': { 'zh-CN': '等待导入', en: 'Waiting' },
  'photos.empty': { 'zh-CN': '本文还没有图片', en: 'No photos in this article yet' },
  'photos.edit': { 'zh-CN': '编辑图片说明：{name}', en: 'Edit the words of {name}' },
  'photos.lead': { 'zh-CN': '题图', en: 'Lead' },
  'photos.leadToggle': { 'zh-CN': '题图', en: 'Lead photo' },
  'photos.leadTitle': {
    'zh-CN': '题图是文章在列表和分享中的缩略图；每篇文章一张',
    en: "The lead photo is the article's thumbnail in lists and shares; one per article",
  },
  'photos.insert': { 'zh-CN': '插入正文', en: 'Insert into body' },
  'photos.insertTitle': {
    'zh-CN': '在正文光标处插入这张图片，预览中显示图片说明和署名',
    en: 'Insert this photo at the cursor in the body; the page shows its caption and credit',
  },
  'photos.detach': { 'zh-CN': '移出本文', en: 'Remove' },
  'photos.detachTitle': {
    'zh-CN': '从本文的图片中移除（图片仍保留在图库中）',
    en: 'Take it out of this article (the photo stays in the store)',
  },
  'photos.close': { 'zh-CN': '收起', en: 'Close' },
  'photos.caption': { 'zh-CN': '图片说明', en: 'Caption' },
  'photos.captionHint': {
    'zh-CN': '粘贴末尾带署名的说明（如“…共渡难关。陈鋆摄”）会自动拆出署名',
    en: 'A pasted caption that ends with its credit (…陈鋆摄) is split into caption and credit',
  },
  'photos.credit': { 'zh-CN': '署名', en: 'Credit' },
  'photos.creditPlaceholder': { 'zh-CN': '如：陈鋆摄', en: 'e.g. 陈鋆摄 or Photo: Li Ming' },
  'photos.photographer': { 'zh-CN': '摄影：{name}', en: 'Photographer: {name}' },
  'photos.alt': { 'zh-CN': '替代文字', en: 'Alt text' },
  'photos.altPlaceholder': { 'zh-CN': '为看不到图片的读者描述画面', en: 'Describe the picture for readers who cannot see it' },
  'photos.size': { 'zh-CN': '{w}×{h} 像素', en: '{w}×{h} px' },

  'meta.heading': { 'zh-CN': '稿件信息', en: 'Details' },
  'meta.channel': { 'zh-CN': '栏目', en: 'Channel' },
  'meta.slug': { 'zh-CN': '网址别名', en: 'Slug' },
  'meta.regenerate': { 'zh-CN': '重新生成', en: 'Regenerate' },
  'meta.regenerateTitle': { 'zh-CN': '按标题重新生成网址别名', en: 'Make the slug again from the title' },
  'meta.status': { 'zh-CN': '状态', en: 'Status' },
  'meta.publishAt': { 'zh-CN': '发布日期', en: 'Publish time' },
  'meta.publishAtHint': { 'zh-CN': '站点时区：{zone}', en: 'Site time zone: {zone}' },
  'meta.summary': { 'zh-CN': '摘要', en: 'Summary' },
  'meta.keywords': { 'zh-CN': '关键词', en: 'Keywords' },
  'meta.keywordsHint': { 'zh-CN': '用逗号分隔', en: 'Separate with commas' },
  'meta.editor': { 'zh-CN': '责任编辑', en: 'Responsible editor' },

  'attr.heading': { 'zh-CN': '转载来源', en: 'Attribution' },
  'attr.name': { 'zh-CN': '来源', en: 'Outlet' },
  'attr.url': { 'zh-CN': '原文链接', en: 'Original URL' },
  'attr.author': { 'zh-CN': '作者', en: 'Author' },
  'attr.time': { 'zh-CN': '来源时间', en: 'Source time' },
  'attr.dateOnly': { 'zh-CN': '仅日期', en: 'Date only' },
  'attr.urlInvalid': {
    'zh-CN': '请填写以 http:// 或 https:// 开头的完整网址',
    en: 'Enter a full address that starts with http:// or https://',
  },
  'attr.afterPublish': { 'zh-CN': '来源时间晚于发布日期', en: 'The source time is later than the publish time' },

  'save.saved': { 'zh-CN': '已保存 {time}', en: 'Saved {time}' },
  'save.saving': { 'zh-CN': '正在保存…', en: 'Saving…' },
  'save.failed': { 'zh-CN': '保存失败', en: 'Not saved' },
  'save.title': { 'zh-CN': '自动保存；按 Ctrl+S 立即保存一个版本', en: 'Saved automatically; Ctrl+S saves a revision now' },

  'pane.preview': { 'zh-CN': '预览', en: 'Preview' },
  'pane.history': { 'zh-CN': '修订历史', en: 'History' },
  'preview.frameTitle': { 'zh-CN': '门户页面预览', en: 'Portal page preview' },
  'preview.none': { 'zh-CN': '打开文章后在此预览门户页面', en: 'The portal page appears here when an article is open' },

  'history.empty': { 'zh-CN': '还没有修订记录', en: 'No revisions yet' },
  'history.open': { 'zh-CN': '编辑中', en: 'open' },
  'history.revision': { 'zh-CN': '第 {n} 版', en: 'Revision {n}' },
  'history.chars': { 'zh-CN': '{n} 字', en: '{n} chars' },
  'history.restore': { 'zh-CN': '恢复此版本', en: 'Restore this revision' },
  'history.pick': {
    'zh-CN': '选择一个版本，查看它的正文与当前正文的差异。',
    en: 'Select a revision to compare its body with the current one.',
  },
  'history.same': { 'zh-CN': '正文与当前相同', en: 'The body is the same as now' },
  'history.diffLegend': { 'zh-CN': '− 该版本　＋ 当前正文', en: '− that revision  + current body' },
  'history.loading': { 'zh-CN': '正在读取…', en: 'Loading…' },

  'export.open': { 'zh-CN': '导出站点', en: 'Export site' },
  'export.pick': { 'zh-CN': '选择导出静态站点的文件夹', en: 'Choose the folder for the static site' },
  'export.running': { 'zh-CN': '正在导出 {done}/{total}', en: 'Exporting {done}/{total}' },
  'export.done': {
    'zh-CN': '已导出到 {out}:站点共 {files} 个文件,本次写入 {written} 个,删除 {removed} 个。',
    en: 'Exported to {out}: {files} files in the site, {written} written, {removed} removed.',
  },
  'settings.open': { 'zh-CN': '设置', en: 'Settings' },
  'settings.title': { 'zh-CN': '设置', en: 'Settings' },
  'settings.site': { 'zh-CN': '站点', en: 'Site' },
  'settings.siteName': { 'zh-CN': '站点名称', en: 'Site name' },
  'settings.siteUrl': { 'zh-CN': '网址', en: 'Address' },
  'settings.timeZone': { 'zh-CN': '时区', en: 'Time zone' },
  'settings.saveSite': { 'zh-CN': '保存站点信息', en: 'Save site' },
  'settings.siteSaved': { 'zh-CN': '站点信息已保存', en: 'Site saved' },
  'settings.channels': { 'zh-CN': '栏目', en: 'Channels' },
  'settings.channelName': { 'zh-CN': '栏目名称', en: 'Channel name' },
  'settings.channelSlug': { 'zh-CN': '别名（可留空）', en: 'Slug (optional)' },
  'settings.addChannel': { 'zh-CN': '添加栏目', en: 'Add channel' },
  'settings.rename': { 'zh-CN': '重命名', en: 'Rename' },
  'settings.up': { 'zh-CN': '上移', en: 'Move up' },
  'settings.down': { 'zh-CN': '下移', en: 'Move down' },
  'settings.close': { 'zh-CN': '完成', en: 'Done' },
  'settings.database': { 'zh-CN': '数据库', en: 'Database' },

  'error.bridge': {
    'zh-CN': '编辑台后台没有响应（{command}）。请重新启动编辑台。',
    en: 'The Newsdesk core did not answer ({command}). Restart Newsdesk.',
  },
  'error.noShell': {
    'zh-CN': '此页面需要在编辑台应用中打开。',
    en: 'This page needs to be opened in the Newsdesk app.',
  },
  'error.discard': { 'zh-CN': '放弃修改并继续', en: 'Discard changes and continue' },
  'error.badDate': { 'zh-CN': '{field}不是有效的日期', en: '{field} is not a valid date' },
  'error.unexpected': {
    'zh-CN': '出现了意外错误，操作没有完成。请重试。',
    en: 'Something unexpected went wrong and the action did not finish. Please try again.',
  },
  'error.dismiss': { 'zh-CN': '关闭', en: 'Dismiss' },
  'error.more': { 'zh-CN': '另有 {n} 条', en: '{n} more' },
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof messages;

/** Fills `{name}` placeholders; a missing parameter stays visible rather than silently vanishing. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const entry: Entry = messages[key];
  const text = entry[lang] ?? entry['zh-CN'];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The language to start in: the editor's own choice, else the system's, else Chinese. */
export function initialLang(stored: string | null, system: Lang | undefined): Lang {
  if (stored && (LANGS as readonly string[]).includes(stored)) return stored as Lang;
  if (system && LANGS.includes(system)) return system;
  return 'zh-CN';
}
