// A stand-in for the `vscode` module: enough of the API for the extension and
// vscode-languageclient to activate, start a real server over stdio and run the commands
// in Node without VS Code. Everything the extension shows is recorded in `stub.record`.
'use strict';
const path = require('node:path');
const { URL, pathToFileURL, fileURLToPath } = require('node:url');


class EventEmitter {
  constructor() {
    this.listeners = new Set();
    this.event = (listener, thisArg) => {
      const fn = thisArg ? listener.bind(thisArg) : listener;
      this.listeners.add(fn);
      return new Disposable(() => this.listeners.delete(fn));
    };
  }
  fire(e) {
    for (const l of [...this.listeners]) l(e);
  }
  dispose() {
    this.listeners.clear();
  }
}

class Disposable {
  constructor(fn) {
    this._fn = fn;
  }
  static from(...items) {
    return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose()));
  }
  dispose() {
    if (this._fn) this._fn();
    this._fn = undefined;
  }
}

const noopEvent = () => new Disposable();

class Uri {
  constructor(scheme, authority, p, query, fragment) {
    this.scheme = scheme;
    this.authority = authority || '';
    this.path = p || '';
    this.query = query || '';
    this.fragment = fragment || '';
  }
  static file(p) {
    return new Uri('file', '', path.resolve(p));
  }
  static parse(value) {
    const u = new URL(value);
    const scheme = u.protocol.replace(/:$/, '');
    return new Uri(scheme, u.host, scheme === 'file' ? fileURLToPath(u) : decodeURIComponent(u.pathname), u.search.slice(1), u.hash.slice(1));
  }
  static joinPath(base, ...parts) {
    return new Uri(base.scheme, base.authority, path.posix.join(base.path, ...parts));
  }
  get fsPath() {
    return this.path;
  }
  with(change) {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString() {
    return this.scheme === 'file' ? pathToFileURL(this.path).href : `${this.scheme}:${this.path}`;
  }
  toJSON() {
    return this.toString();
  }
}

class Position {
  constructor(line, character) {
    this.line = line;
    this.character = character;
  }
  isEqual(o) {
    return o.line === this.line && o.character === this.character;
  }
  isBefore(o) {
    return this.line < o.line || (this.line === o.line && this.character < o.character);
  }
  translate() {
    return this;
  }
  with() {
    return this;
  }
}

class Range {
  constructor(a, b, c, d) {
    if (typeof a === 'number') {
      this.start = new Position(a, b);
      this.end = new Position(c, d);
    } else {
      this.start = a;
      this.end = b;
    }
  }
  get isEmpty() {
    return this.start.isEqual(this.end);
  }
  contains() {
    return true;
  }
}

class Selection extends Range {
  constructor(anchor, active) {
    super(anchor, active);
    this.anchor = anchor;
    this.active = active;
  }
}

class Location {
  constructor(uri, rangeOrPosition) {
    this.uri = uri;
    this.range = rangeOrPosition instanceof Position ? new Range(rangeOrPosition, rangeOrPosition) : rangeOrPosition;
  }
}

class MarkdownString {
  constructor(value = '', supportThemeIcons) {
    this.value = value;
    this.supportThemeIcons = supportThemeIcons;
  }
  appendMarkdown(v) {
    this.value += v;
    return this;
  }
  appendText(v) {
    this.value += v;
    return this;
  }
  appendCodeblock(v) {
    this.value += v;
    return this;
  }
}

class ThemeColor {
  constructor(id) {
    this.id = id;
  }
}

class CancellationTokenSource {
  constructor() {
    const emitter = new EventEmitter();
    this.token = { isCancellationRequested: false, onCancellationRequested: emitter.event };
    this._emitter = emitter;
  }
  cancel() {
    this.token.isCancellationRequested = true;
    this._emitter.fire();
  }
  dispose() {}
}

// Any other class the converters construct: keep the arguments.
function genericClass(name) {
  return class {
    constructor(...args) {
      this.__class = name;
      this.args = args;
    }
  };
}

// Enums: every member is a distinct number.
function genericEnum() {
  const values = new Map();
  return new Proxy(
    {},
    {
      get(_t, key) {
        if (typeof key !== 'string') return undefined;
        if (!values.has(key)) values.set(key, values.size + 1);
        return values.get(key);
      },
    },
  );
}

// Namespaces: onX -> event, registerX/createX -> disposable, the rest from `known`.
function namespace(known) {
  return new Proxy(known, {
    get(target, key) {
      if (key in target) return target[key];
      if (typeof key !== 'string') return undefined;
      if (key.startsWith('on')) return noopEvent;
      if (key.startsWith('register') || key.startsWith('create')) return () => new Disposable();
      return undefined;
    },
  });
}

const GENERIC_NAMES = ['CallHierarchyIncomingCall', 'CallHierarchyItem', 'CallHierarchyOutgoingCall', 'CodeAction', 'CodeActionKind', 'CodeActionTriggerKind', 'CodeLens', 'Color', 'ColorInformation', 'ColorPresentation', 'CompletionItem', 'CompletionItemKind', 'CompletionItemTag', 'CompletionList', 'CompletionTriggerKind', 'Diagnostic', 'DiagnosticRelatedInformation', 'DiagnosticTag', 'DocumentDiagnosticReportKind', 'DocumentHighlight', 'DocumentHighlightKind', 'DocumentLink', 'DocumentSymbol', 'FileType', 'FoldingRange', 'FoldingRangeKind', 'Hover', 'InlayHint', 'InlayHintKind', 'InlayHintLabelPart', 'InlineCompletionItem', 'InlineCompletionList', 'InlineCompletionTriggerKind', 'InlineValueEvaluatableExpression', 'InlineValueText', 'InlineValueVariableLookup', 'LinkedEditingRanges', 'LocationLink', 'LogLevel', 'NotebookCellKind', 'ParameterInformation', 'RelativePattern', 'SelectionRange', 'SemanticTokens', 'SemanticTokensEdit', 'SemanticTokensEdits', 'SemanticTokensLegend', 'SignatureHelp', 'SignatureHelpTriggerKind', 'SignatureInformation', 'SnippetString', 'SnippetTextEdit', 'SymbolInformation', 'SymbolKind', 'SymbolTag', 'TabInputCustom', 'TabInputNotebook', 'TabInputText', 'TabInputTextDiff', 'TextDocumentSaveReason', 'TextEdit', 'TypeHierarchyItem', 'WorkspaceEdit'];

function makeStub({ workspaceFolder, settings }) {
  const record = {
    messages: [], // { level, message, items }
    statusBar: [], // the status bar item objects
    outputs: new Map(), // channel name -> lines
    quickPicks: [], // { items, options }
    shownDocuments: [], // { uri, options }
    executed: [], // { command, args } for commands not registered here
    diagnostics: new Map(), // uri string -> diagnostics
  };
  const commands = new Map();
  const folderUri = Uri.file(workspaceFolder);
  const folders = [{ uri: folderUri, name: path.basename(workspaceFolder), index: 0 }];

  function configuration(section) {
    const prefix = section ? `${section}.` : '';
    const get = (key, dflt) => {
      const full = prefix + key;
      if (full in settings) return settings[full];
      // Nested reads: getConfiguration('routelink').get('codeLens') or the whole section.
      const nested = {};
      let found = false;
      for (const [k, v] of Object.entries(settings)) {
        if (k.startsWith(full + '.')) {
          found = true;
          let o = nested;
          const parts = k.slice(full.length + 1).split('.');
          parts.slice(0, -1).forEach((p) => (o = o[p] ??= {}));
          o[parts[parts.length - 1]] = v;
        }
      }
      return found ? nested : dflt;
    };
    return {
      get,
      has: (key) => get(key) !== undefined,
      inspect: (key) => ({ key, defaultValue: undefined, globalValue: get(key) }),
      update: async () => {},
      // `synchronize.configurationSection` reads the section as a plain object.
      ...(section ? {} : {}),
      toJSON() {
        return get('', undefined);
      },
    };
  }

  const logChannel = (name) => {
    const lines = [];
    record.outputs.set(name, lines);
    const push = (level) => (msg) => lines.push(level ? `[${level}] ${msg}` : String(msg));
    return {
      name,
      logLevel: 2,
      onDidChangeLogLevel: noopEvent,
      append: (v) => lines.push(String(v)),
      appendLine: (v) => lines.push(String(v)),
      replace: (v) => lines.splice(0, lines.length, String(v)),
      clear: () => lines.splice(0, lines.length),
      show: () => {},
      hide: () => {},
      dispose: () => {},
      trace: push('trace'),
      debug: push('debug'),
      info: push('info'),
      warn: push('warn'),
      error: push('error'),
    };
  };

  const window = namespace({
    activeTextEditor: undefined,
    visibleTextEditors: [],
    tabGroups: { all: [], onDidChangeTabs: noopEvent, onDidChangeTabGroups: noopEvent },
    createOutputChannel: (name) => logChannel(name),
    createStatusBarItem: (id, alignment, priority) => {
      const item = { id, alignment, priority, text: '', show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
      record.statusBar.push(item);
      return item;
    },
    showInformationMessage: async (message, ...items) => (record.messages.push({ level: 'info', message, items }), undefined),
    showWarningMessage: async (message, ...items) => (record.messages.push({ level: 'warning', message, items }), undefined),
    showErrorMessage: async (message, ...items) => (record.messages.push({ level: 'error', message, items }), undefined),
    showQuickPick: async (items, options) => {
      const resolved = await items;
      record.quickPicks.push({ items: resolved, options });
      return resolved[0];
    },
    showTextDocument: async (uri, options) => {
      record.shownDocuments.push({ uri, options });
      return { document: { uri }, selection: options && options.selection, revealRange() {} };
    },
    withProgress: async (_options, task) => task({ report() {} }, new CancellationTokenSource().token),
  });

  const workspace = namespace({
    workspaceFolders: folders,
    name: folders[0].name,
    textDocuments: [],
    notebookDocuments: [],
    getConfiguration: configuration,
    getWorkspaceFolder: (uri) => (uri.fsPath.startsWith(workspaceFolder) ? folders[0] : undefined),
    asRelativePath: (uri) => path.relative(workspaceFolder, typeof uri === 'string' ? uri : uri.fsPath),
    createFileSystemWatcher: () => ({ onDidCreate: noopEvent, onDidChange: noopEvent, onDidDelete: noopEvent, dispose() {} }),
    fs: {},
  });

  const languages = namespace({
    createDiagnosticCollection: (name) => {
      const map = new Map();
      return {
        name,
        set: (uri, diags) => {
          if (Array.isArray(uri)) uri.forEach(([u, d]) => record.diagnostics.set(u.toString(), d));
          else record.diagnostics.set(uri.toString(), diags);
          map.set(String(uri), diags);
        },
        delete: (uri) => record.diagnostics.delete(uri.toString()),
        clear: () => record.diagnostics.clear(),
        forEach: () => {},
        get: (uri) => map.get(String(uri)),
        has: () => false,
        dispose: () => {},
      };
    },
    match: () => 10,
    getLanguages: async () => [],
  });

  const vscode = {
    version: '1.91.0',
    env: { machineId: 'stub', sessionId: 'stub', language: 'en', appName: 'Visual Studio Code', appRoot: '/', uiKind: 1, remoteName: undefined, openExternal: async () => true },
    Uri,
    Position,
    Range,
    Selection,
    Location,
    MarkdownString,
    ThemeColor,
    EventEmitter,
    Disposable,
    CancellationTokenSource,
    CancellationError: class extends Error {},
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    TextEditorRevealType: { Default: 0, InCenter: 1, InCenterIfOutsideViewport: 2, AtTop: 3 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    UIKind: { Desktop: 1, Web: 2 },
    window,
    workspace,
    languages,
    commands: {
      registerCommand: (id, fn) => {
        if (commands.has(id)) throw new Error(`command '${id}' already exists`);
        commands.set(id, fn);
        return new Disposable(() => commands.delete(id));
      },
      registerTextEditorCommand: (id, fn) => {
        commands.set(id, fn);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand: async (id, ...args) => {
        if (commands.has(id)) return commands.get(id)(...args);
        record.executed.push({ command: id, args });
        return undefined;
      },
      getCommands: async () => [...commands.keys()],
    },
    extensions: namespace({ all: [], getExtension: () => undefined }),
    notebooks: namespace({}),
    tests: namespace({}),
    debug: namespace({}),
    tasks: namespace({}),
    scm: namespace({}),
    l10n: { t: (s) => (typeof s === 'string' ? s : s.message) },
  };
  // `import * as` copies own properties, so the classes and enums vscode-languageclient
  // uses must exist up front (the Proxy below covers direct `require('vscode').X`).
  for (const name of GENERIC_NAMES) {
    if (!(name in vscode)) {
      const cls = genericClass(name);
      const e = genericEnum();
      vscode[name] = new Proxy(cls, { get: (c, k) => (k in c ? c[k] : e[k]) });
    }
  }
  const full = new Proxy(vscode, {
    get(target, key) {
      if (key in target) return target[key];
      if (typeof key !== 'string') return undefined;
      if (/^[A-Z]/.test(key)) {
        // Classes are constructed, enums are read: a Proxy-backed class serves both.
        const cls = genericClass(key);
        const e = genericEnum();
        target[key] = new Proxy(cls, { get: (c, k) => (k in c ? c[k] : e[k]) });
        return target[key];
      }
      return undefined;
    },
  });
  return { vscode: full, record, commands };
}

module.exports = { makeStub, Uri, Position, Range, Selection };
