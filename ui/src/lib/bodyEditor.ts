// The CodeMirror setup of the body: Markdown, history, keymaps, and a calm theme for Chinese text.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdownKeymap, markdownLanguage, pasteURLAsLink } from '@codemirror/lang-markdown';
import { HighlightStyle, LanguageSupport, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, keymap, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { insertLink, toggleBold } from './markdownCommands';

const highlight = HighlightStyle.define([
  { tag: tags.heading1, fontWeight: '700', fontSize: '1.3em' },
  { tag: tags.heading2, fontWeight: '700', fontSize: '1.15em', color: '#1d2b3a' },
  { tag: [tags.heading3, tags.heading4, tags.heading5, tags.heading6], fontWeight: '700' },
  { tag: tags.strong, fontWeight: '700' },
  { tag: tags.emphasis, fontStyle: 'italic' },
  { tag: tags.strikethrough, textDecoration: 'line-through' },
  { tag: [tags.link, tags.url], color: '#2458b3' },
  { tag: tags.quote, color: '#5b6776' },
  { tag: tags.monospace, fontFamily: 'var(--font-mono)', color: '#7a3e9d' },
  { tag: [tags.processingInstruction, tags.meta], color: '#9aa4b1' },
  { tag: tags.list, color: '#9aa4b1' },
]);

/**
 * Markdown as the body needs it: the language, Enter continuing a list or a quote, Backspace
 * undoing its markup, and a pasted address over a selection becoming a link. Not lang-markdown's
 * `markdown()`, which also parses HTML inside Markdown with lang-html, and with it CSS and
 * JavaScript: three grammars (about 175 KB of the editor's script, and 5 MiB of the window's
 * memory) for tags this highlight style does not colour.
 */
export const markdownSupport = new LanguageSupport(markdownLanguage, [
  Prec.high(keymap.of(markdownKeymap)),
  pasteURLAsLink,
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '15px', backgroundColor: 'transparent' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': {
    fontFamily: 'var(--font-text)',
    lineHeight: '1.85',
    overflow: 'auto',
  },
  '.cm-content': { padding: '14px 0 40vh', maxWidth: '46em', caretColor: '#1b6ef3' },
  '.cm-line': { padding: '0 20px' },
  '.cm-placeholder': { color: '#a3abb6' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: '#cfe0fb' },
});

export interface BodyEditorConfig {
  placeholderText: string;
  linkText: string;
  onDocChange: (doc: string) => void;
  /** Markdown for a paste (the clipboard's HTML, else its text); the core's one conversion. */
  convertPaste: (html: string | null, text: string) => Promise<string>;
}

/** Whether a paste needs converting: HTML, or text of several lines. A word pastes as it is. */
export function pasteNeedsConverting(html: string, text: string): boolean {
  return html.trim() !== '' || /[\r\n]/.test(text);
}

/**
 * The paste handler: the clipboard goes to the conversion and its Markdown replaces the
 * selection as it was at the paste (clamped, should the text have changed meanwhile).
 */
function pasting(config: BodyEditorConfig): Extension {
  return EditorView.domEventHandlers({
    paste(event, view) {
      const data = event.clipboardData;
      if (!data) return false;
      const html = data.getData('text/html');
      const text = data.getData('text/plain');
      if (!pasteNeedsConverting(html, text)) return false;
      event.preventDefault();
      const { from, to } = view.state.selection.main;
      const insert = (md: string) => {
        const end = view.state.doc.length;
        const a = Math.min(from, end);
        const b = Math.min(Math.max(to, a), end);
        view.dispatch({
          changes: { from: a, to: b, insert: md },
          selection: { anchor: a + md.length },
          userEvent: 'input.paste',
          scrollIntoView: true,
        });
      };
      // A failed conversion still pastes: the text as it came.
      config.convertPaste(html || null, text).then(insert, () => insert(text));
      return true;
    },
  });
}

/** Parts that change with the language are swapped without touching the document or history. */
export const localized = new Compartment();

export function localizedParts(config: Pick<BodyEditorConfig, 'placeholderText' | 'linkText'>): Extension {
  return [
    placeholder(config.placeholderText),
    keymap.of([
      { key: 'Mod-b', run: toggleBold },
      { key: 'Mod-k', run: insertLink(config.linkText) },
    ]),
  ];
}

export function bodyState(doc: string, config: BodyEditorConfig): EditorState {
  return EditorState.create({
    doc,
    extensions: [
      history(),
      drawSelection(),
      localized.of(localizedParts(config)),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      markdownSupport,
      syntaxHighlighting(highlight),
      EditorView.lineWrapping,
      pasting(config),
      EditorView.contentAttributes.of({ spellcheck: 'false', 'aria-multiline': 'true' }),
      theme,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) config.onDocChange(update.state.doc.toString());
      }),
    ],
  });
}
