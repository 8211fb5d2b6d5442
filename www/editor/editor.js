// The playground's SQL editor: CodeMirror 6 with the PostgreSQL dialect (the closest to
// DataFusion's), completion of the warehouse's tables, columns and functions, and error
// marks. scripts/build-site.sh bundles it with esbuild into one classic script,
// dist/editor.js, that sets `globalThis.playgroundEditor` before the Rust UI starts; the
// UI drives it through a wasm-bindgen binding written against exactly this API (and on a
// plain first visit it opens the Explore editor itself, before the UI has loaded):
//
//   playgroundEditor.create(parent, { text, id, label, onChange, onRun, onRunStatement })
//   handle.text() / setText(text) / setSchema({ tables, functions })
//   handle.markError(line, column, message) / clearError() / focus() / destroy()
//
// Colours come from the site's style.css (classes tok-keyword, tok-string, … and
// cm-sql-error), not from a JS theme, so there is one palette and it follows the page's.
import { Compartment, EditorState, Prec, StateEffect, StateField, Transaction, findClusterBreak } from '@codemirror/state';
import { Decoration, EditorView, keymap } from '@codemirror/view';
import { bracketMatching, syntaxHighlighting } from '@codemirror/language';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import {
  autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, completionKeymap, completionStatus, ifNotIn,
  selectedCompletion,
} from '@codemirror/autocomplete';
import { PostgreSQL, keywordCompletionSource, schemaCompletionSource } from '@codemirror/lang-sql';
import { classHighlighter } from '@lezer/highlight';
import { StyleModule } from 'style-mod';
import STARTER_SQL from './starter.sql';

// CodeMirror's own CSS (layout, cursor, selection, tooltips) is mounted by style-mod,
// which for a document (unlike a shadow root) writes a <style> element: the site's
// `style-src 'self'` blocks its text, and a nonce cannot be had on a static site. A
// constructed stylesheet is not subject to the CSP, so the rules go into one. As in
// style-mod, later modules win: a call's modules go last, in its order, after any
// mounted before and not listed again. (A browser without constructed sheets keeps
// style-mod's <style>, and a plain-looking editor.)
if ('adoptedStyleSheets' in Document.prototype) {
  const sheet = new CSSStyleSheet();
  let mounted = [];
  StyleModule.mount = (root, modules) => {
    const list = [modules].flat();
    const next = [...mounted.filter((m) => !list.includes(m)), ...list];
    if (next.length !== mounted.length || next.some((m, i) => m !== mounted[i])) {
      mounted = next;
      sheet.replaceSync(mounted.map((m) => m.getRules()).join('\n'));
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  };
}

/** Where no name is completed: inside quotes and comments. */
const NOT_CODE = ['QuotedIdentifier', 'String', 'LineComment', 'BlockComment'];
const WORD = /^\w*$/;
const data = (source) => PostgreSQL.language.data.of({ autocomplete: source });

/** Completes a bare name (not one after `x.`) from `options(state)`. */
function bareNames(options) {
  return ifNotIn(NOT_CODE, (context) => {
    const word = context.matchBefore(/\w*/);
    if ((word.from === word.to && !context.explicit) || context.state.sliceDoc(word.from - 1, word.from) === '.') return null;
    return { from: word.from, options: options(context.state), validFor: WORD };
  });
}

/**
 * Columns by themselves, each with the tables that have it; the columns of tables the
 * query names come first (`WHERE follo` in a query on dim_users offers `followers` before
 * another table's `followed_on`).
 */
function columnOptions(columns) {
  return (state) => {
    const named = new Set(state.doc.toString().match(/\w+/g) ?? []);
    return [...columns].map(([label, owners]) => {
      const here = owners.filter((table) => named.has(table));
      return { label, type: 'property', detail: (here.length ? here : owners).join(', '), boost: here.length ? 10 : 0 };
    });
  };
}

/** The completion sources for a schema; they live in a compartment that setSchema swaps. */
function completions({ tables = {}, functions = [] } = {}) {
  const columns = new Map();
  for (const [table, names] of Object.entries(tables)) {
    for (const name of names) columns.set(name, [...(columns.get(name) ?? []), table]);
  }
  const functionNames = new Set(functions.map((name) => name.toLowerCase()));
  const keywords = keywordCompletionSource(PostgreSQL, true);
  const functionOptions = functions.map((label) => ({ label, type: 'function' }));
  return [
    // Tables, and after `table.` or `alias.` that table's columns.
    data(schemaCompletionSource({ dialect: PostgreSQL, schema: tables })),
    // PostgreSQL's keyword list holds function names too (SUM, LOWER, …): they are offered
    // once, as functions.
    data((context) => {
      const result = keywords(context);
      return result && { ...result, options: result.options.filter((o) => !functionNames.has(o.label.toLowerCase())) };
    }),
    data(bareNames(columnOptions(columns))),
    data(bareNames(() => functionOptions)),
  ];
}

/**
 * Enter after a word typed in full (`FROM`, `ds`) starts a new line: the open completion
 * list, offering that same word, is closed rather than accepted. Returns false so that
 * Enter goes on to completion (any other word) or the newline.
 */
function enterAfterWholeWord(view) {
  const option = completionStatus(view.state) === 'active' && selectedCompletion(view.state);
  const word = view.state.wordAt(view.state.selection.main.head);
  if (option && word && view.state.sliceDoc(word.from, word.to).toLowerCase() === option.label.toLowerCase()) closeCompletion(view);
  return false;
}

/** Replaces the error mark (a DecorationSet, Decoration.none to clear). */
const setError = StateEffect.define();
const errorMark = StateField.define({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setError)) return effect.value;
    return marks.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * The range to mark for an error at 1-based `line` and `column`: the word there, else the
 * character there, else (at a space, or past the end of the line: where a parser puts
 * "unexpected end of input") the last word or character before it. Out-of-range
 * positions are clamped; null when only spaces come before it.
 */
function errorRange(state, line, column) {
  const doc = state.doc;
  const at = doc.line(Math.min(Math.max(Math.trunc(line) || 1, 1), doc.lines));
  // Columns count characters (code points, as the SQL parser does); positions count UTF-16 units.
  const pos = at.from + [...at.text].slice(0, Math.max(Math.trunc(column) - 1 || 0, 0)).join('').length;
  const word = state.wordAt(pos);
  if (word && word.to > pos) return word;
  if (pos < at.to && /\S/.test(doc.sliceString(pos, pos + 1))) return { from: pos, to: at.from + findClusterBreak(at.text, pos - at.from) };
  const end = doc.sliceString(0, pos).trimEnd().length;
  if (end === 0) return null;
  const before = state.wordAt(end);
  if (before) return before;
  const last = doc.lineAt(end);
  return { from: last.from + findClusterBreak(last.text, end - last.from, false), to: end };
}

/**
 * The Explore editor, opened by this script before the app's wasm has loaded, so a first
 * visit takes typing a few hundred milliseconds sooner; the app adopts it (see create).
 * Not for a page that opens on another tab (a lesson, a compare scenario, an embed) or
 * with the demo table, whose first query differs.
 */
let boot = null;

function openBootEditor() {
  const params = new URLSearchParams(location.search);
  if (['embed', 'lesson', 'scenario'].some((key) => params.has(key)) || params.get('data') === 'demo') return;
  const host = document.createElement('div');
  host.id = 'boot-editor';
  host.className = 'code-editor boot-editor';
  document.body.prepend(host);
  const state = { id: 'sql', host, edited: false, hooks: {} };
  state.editor = mount(host, { text: params.get('query') ?? STARTER_SQL, id: 'sql', label: 'SQL query' }, state.hooks, () => {
    state.edited = true;
  });
  boot = state;
}

/**
 * Moves the boot editor into `parent` and hands it the app's callbacks. What was typed
 * before the app started is kept and reported as a change; if nothing was, the app's
 * text replaces the early one.
 */
function adoptBootEditor(parent, options) {
  const { editor, host, hooks, edited } = boot;
  boot = null;
  const hadFocus = editor.hasFocus();
  parent.append(...host.childNodes);
  host.remove();
  Object.assign(hooks, { onChange: options.onChange, onRun: options.onRun, onRunStatement: options.onRunStatement });
  if (edited) options.onChange?.(editor.text());
  else editor.setText(options.text ?? '');
  if (hadFocus) editor.focus();
  return editor;
}

/**
 * An editor in `parent`. One in a hidden tab panel is built when it is first shown (or
 * focused): building CodeMirror views costs the first visit time before it takes typing,
 * and a hidden one needs none of it yet. Until then its text and schema are kept here.
 */
function create(parent, options) {
  if (boot && boot.id === options.id) return adoptBootEditor(parent, options);
  let editor = null;
  let pending = { text: options.text ?? '', schema: undefined };
  let observer = null;
  const build = () => {
    if (editor) return editor;
    observer?.disconnect();
    observer = null;
    editor = mount(parent, { ...options, text: pending.text }, options);
    if (pending.schema !== undefined) editor.setSchema(pending.schema);
    pending = null;
    return editor;
  };
  if (parent.getClientRects().length > 0) {
    build();
  } else {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) build();
    });
    observer.observe(parent);
  }
  return {
    text: () => (editor ? editor.text() : pending.text),
    setText(next) {
      if (editor) editor.setText(next);
      else pending.text = next;
    },
    setSchema(next) {
      if (editor) editor.setSchema(next);
      else pending.schema = next;
    },
    markError: (line, column, message) => build().markError(line, column, message),
    clearError: () => editor?.clearError(),
    focus: () => build().focus(),
    destroy() {
      observer?.disconnect();
      editor?.destroy();
    },
  };
}

/**
 * A CodeMirror view in `parent`. The callbacks are read from `hooks` when called, so an
 * owner can swap them; `onEdit` hears a change the user made (not one from setText).
 */
function mount(parent, { text = '', id, label }, hooks, onEdit) {
  const schema = new Compartment();
  // The catalog is sent again after every load; an unchanged one costs no reconfiguration.
  let schemaKey = null;
  // Both run keys close an open completion list and never reach Enter's other bindings.
  const run = (name) => (view) => {
    closeCompletion(view);
    hooks[name]?.(view.state.doc.toString(), view.state.selection.main.head);
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      extensions: [
        // Highest precedence: ahead of completion's Enter, and of defaultKeymap's Mod-Enter
        // (insertBlankLine) and Shift-Enter (newline). Ctrl-Enter too on a Mac, where Mod
        // is Cmd.
        Prec.highest(keymap.of([
          { key: 'Mod-Enter', run: run('onRun') },
          { key: 'Ctrl-Enter', run: run('onRun') },
          { key: 'Shift-Enter', run: run('onRunStatement') },
        ])),
        PostgreSQL.extension,
        schema.of(completions()),
        syntaxHighlighting(classHighlighter),
        history(),
        bracketMatching(),
        closeBrackets(),
        // Its keys are in the keymap below, ahead of defaultKeymap's Enter and arrows.
        autocompletion({ defaultKeymap: false }),
        // No indentWithTab: Tab leaves the editor, so keyboard users can move on.
        keymap.of([
          { key: 'Enter', run: enterAfterWholeWord },
          ...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap,
        ]),
        EditorView.lineWrapping,
        // On the contenteditable element, which is what a label or a test finds by id.
        EditorView.contentAttributes.of({ id, 'aria-label': label, 'aria-multiline': 'true', spellcheck: 'false' }),
        errorMark,
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          if (update.transactions.some((tr) => tr.annotation(Transaction.userEvent) !== undefined)) onEdit?.();
          hooks.onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    text: () => view.state.doc.toString(),
    hasFocus: () => view.hasFocus,
    setText(next) {
      if (next !== view.state.doc.toString()) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    setSchema(next) {
      const key = JSON.stringify(next ?? null);
      if (key === schemaKey) return;
      schemaKey = key;
      view.dispatch({ effects: schema.reconfigure(completions(next)) });
    },
    markError(line, column, message) {
      const range = errorRange(view.state, line, column);
      const mark = Decoration.mark({ class: 'cm-sql-error', attributes: { title: String(message) } });
      view.dispatch({ effects: setError.of(range ? Decoration.set(mark.range(range.from, range.to)) : Decoration.none) });
    },
    clearError: () => view.dispatch({ effects: setError.of(Decoration.none) }),
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}

globalThis.playgroundEditor = { create };
// A deferred script: the document is parsed, the app's module has not run yet.
openBootEditor();
