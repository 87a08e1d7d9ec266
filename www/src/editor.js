// The code editor: CodeMirror 6 with YAML or JSON (chosen from the text), line numbers, a lint
// gutter fed by the engine's diagnostics, and schema hover help and completion.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab, redo, undo } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { Compartment, EditorState, Text } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  hoverTooltip,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { rich } from './dom.js';
import { completionSource, hoverSource } from './schema-help.js';

const looksJson = (text) => text.trimStart().startsWith('{');

/**
 * Above this many characters the editor drops syntax highlighting and folding (plain text):
 * CodeMirror's parser would otherwise work through a 2 MB description in 100 ms slices for
 * seconds, freezing typing. The page's size guard (main.js) uses the same size.
 */
export const PLAIN_TEXT_ABOVE = 512 * 1024;

/** The language a document gets: `json`, `yaml`, or `plain` when it is too large to parse. */
function modeOf(doc) {
  if (doc.length > PLAIN_TEXT_ABOVE) return 'plain';
  return looksJson(doc.sliceString(0, 4096)) ? 'json' : 'yaml';
}
const languageOf = (mode) => (mode === 'json' ? json() : mode === 'yaml' ? yaml() : []);

export class Editor {
  /**
   * @param {HTMLElement} parent
   * @param {{ text: string, onChange: (text: () => string) => void, getSchema: () => object|null }} options
   */
  constructor(parent, { text, onChange, getSchema }) {
    this.language = new Compartment();
    this.mode = modeOf(Text.of(text.split('\n')));
    // CodeMirror injects its theme at run time. In the document that takes a <style> element,
    // which the page's CSP (style-src 'self', no 'unsafe-inline') blocks; in a shadow root it
    // uses a constructed stylesheet (adoptedStyleSheets), which the CSP allows. Our own editor
    // styles come from editor.css, a same-origin file.
    const shadow = parent.attachShadow({ mode: 'open' });
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('editor.css', document.baseURI).href;
    const mount = document.createElement('div');
    mount.className = 'editor-mount';
    shadow.append(css, mount);
    this.view = new EditorView({
      parent: mount,
      root: shadow,
      state: EditorState.create({
        doc: text,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          lintGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          highlightSelectionMatches(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          this.language.of(languageOf(this.mode)),
          // The language follows the text in the same transaction (so a large paste is never parsed).
          EditorState.transactionExtender.of((tr) => {
            if (!tr.docChanged) return null;
            const mode = modeOf(tr.newDoc);
            if (mode === this.mode) return null;
            this.mode = mode;
            return { effects: this.language.reconfigure(languageOf(mode)) };
          }),
          autocompletion({ override: [completionSource(getSchema)], activateOnTyping: true }),
          hoverTooltip(hoverSource(getSchema), { hoverTime: 350 }),
          EditorState.tabSize.of(2),
          EditorView.lineWrapping,
          // A large paste in three tasks (split into lines, build the document, apply it)
          // rather than one: each stays short, so the page never freezes on a 2 MB paste.
          EditorView.domEventHandlers({
            paste: (event, view) => {
              const text = event.clipboardData?.getData('text/plain');
              if (!text || text.length <= PLAIN_TEXT_ABOVE || view.state.readOnly) return false;
              event.preventDefault();
              setTimeout(() => {
                const lines = text.split(/\r\n?|\n/);
                setTimeout(() => {
                  const insert = Text.of(lines);
                  setTimeout(() => {
                    const { from, to } = view.state.selection.main;
                    view.dispatch({ changes: { from, to, insert }, selection: { anchor: from + insert.length }, scrollIntoView: true, userEvent: 'input.paste' });
                  }, 0);
                }, 0);
              }, 0);
              return true;
            },
          }),
          EditorView.contentAttributes.of({
            'aria-label': 'Architecture description, YAML or JSON. Press Escape then Tab to leave the editor.',
            // Explicit, so checkers that do not count contenteditable see the scroller's focusable content.
            tabindex: '0',
          }),
          keymap.of([
            ...closeBracketsKeymap,
            ...defaultKeymap,
            ...searchKeymap,
            ...historyKeymap,
            ...foldKeymap,
            ...completionKeymap,
            ...lintKeymap,
            indentWithTab,
          ]),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return;
            // The text is read later, once the typing pauses: joining a 2 MB document on every
            // keystroke would cost the keystroke's frame.
            const doc = update.state.doc;
            onChange(() => doc.toString());
          }),
        ],
      }),
    });
  }

  get text() {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole document as one undoable change. */
  replace(text, userEvent = 'input.replace') {
    this.view.dispatch({
      changes: { from: 0, to: this.view.state.doc.length, insert: text },
      selection: { anchor: 0 },
      scrollIntoView: true,
      userEvent,
    });
  }

  /**
   * Replaces whole lines, as one undoable transaction: `changes` are
   * `{ fromLine, toLine, insert }` (1-based, half-open line ranges of the current text, as
   * the engine's patches give them). Lines outside the ranges are not touched, so the
   * scroll position, folds and the rest of the history stay. When the result is not
   * `expected` (it always should be), the whole text is replaced with `expected` instead.
   */
  applyLineEdits(changes, expected, userEvent = 'input.apply') {
    const doc = this.view.state.doc;
    const at = (line) => (line <= doc.lines ? doc.line(line).from : doc.length);
    const specs = changes.map((c) => ({ from: at(c.fromLine), to: at(c.toLine), insert: c.insert }));
    // A last line without a line break: an edit that ends past it must not need one either.
    const first = specs[0];
    this.view.dispatch({
      changes: specs,
      userEvent,
      selection: first ? { anchor: Math.min(first.from, doc.length) } : undefined,
      scrollIntoView: true,
    });
    if (this.text !== expected) this.replace(expected, userEvent);
  }

  undo() {
    return undo(this.view);
  }

  redo() {
    return redo(this.view);
  }

  /** Offset range of a 1-based line/column: to the end of the word there (or the line). */
  range(line, column) {
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line ?? 1), doc.lines));
    const from = Math.min(l.from + Math.max(0, (column ?? 1) - 1), l.to);
    const rest = doc.sliceString(from, l.to);
    const word = /^[^\s,:{}[\]]+/.exec(rest);
    const to = word ? from + word[0].length : l.to > from ? l.to : from;
    return { from, to };
  }

  /** Shows the engine's diagnostics (1-based line/column) in the gutter and inline. */
  showDiagnostics(diagnostics) {
    const list = diagnostics.map((d) => {
      const { from, to } = this.range(d.line, d.column);
      return {
        from,
        to,
        severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info',
        source: d.code,
        message: d.help ? `${d.message} — ${d.help}` : d.message,
        // Backticks as code spans, as in the problem list (text nodes only, never HTML).
        renderMessage: () => {
          const out = document.createElement('span');
          out.append(...rich(d.message), ...(d.help ? [' — ', ...rich(d.help)] : []));
          return out;
        },
      };
    });
    this.view.dispatch(setDiagnostics(this.view.state, list));
  }

  /** Moves the cursor to a line/column and focuses the editor. */
  reveal(line, column) {
    const { from } = this.range(line, column);
    this.view.dispatch({ selection: { anchor: from }, effects: EditorView.scrollIntoView(from, { y: 'center' }) });
    this.view.focus();
  }
}
