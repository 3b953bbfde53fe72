// Activates the bundled extension (dist/extension.js) in Node with test/integration/vscode-stub.cjs
// as `vscode`, against the real `routelink serve`, on a copy of examples/express-react.
//   npm run bundle && ROUTELINK_PYTHON=/path/to/python node test/integration/run.cjs
// ROUTELINK_PYTHON: a Python with routelink installed (default: python3).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { makeStub, Position, Selection, Uri } = require('./vscode-stub.cjs');

const here = path.resolve(__dirname, '../..');
const example = path.resolve(here, '../../examples/express-react');
const python = process.env.ROUTELINK_PYTHON || 'python3';

const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'routelink-vscode-it-'));
fs.cpSync(example, ws, { recursive: true, filter: (src) => !src.includes('node_modules') });

function settings(overrides = {}) {
  return {
    'routelink.exclude': [],
    'routelink.severity': {},
    'routelink.codeLens.enable': true,
    'routelink.maxFileSizeKb': 1024,
    'routelink.server.path': 'routelink',
    'routelink.server.pythonPath': python,
    'routelink.trace.server': 'off',
    ...overrides,
  };
}

function loadExtension(stub) {
  const original = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return stub.vscode;
    return original.call(this, request, ...rest);
  };
  const bundle = path.join(here, 'dist/extension.js');
  delete require.cache[bundle];
  try {
    return require(bundle);
  } finally {
    Module._load = original;
  }
}

function context() {
  const memento = { get: (_k, d) => d, update: async () => {}, keys: () => [], setKeysForSync() {} };
  return {
    subscriptions: [],
    extensionPath: here,
    extensionUri: Uri.file(here),
    globalState: memento,
    workspaceState: memento,
    asAbsolutePath: (p) => path.join(here, p),
    storageUri: undefined,
    globalStorageUri: Uri.file(os.tmpdir()),
    logUri: Uri.file(os.tmpdir()),
    extensionMode: 3,
    environmentVariableCollection: { replace() {}, append() {}, prepend() {}, clear() {} },
  };
}

async function until(what, predicate, timeoutMs = 20000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = predicate();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function editorAt(file, line, column, languageId) {
  const uri = Uri.file(path.join(ws, file));
  const pos = new Position(line - 1, column - 1);
  return {
    document: { uri, languageId, version: 1, fileName: uri.fsPath, isUntitled: false, getText: () => fs.readFileSync(uri.fsPath, 'utf8') },
    selection: new Selection(pos, pos),
    revealRange() {},
  };
}

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
  }
}

async function main() {
  // 1. The real server: activation, status bar, commands.
  const stub = makeStub({ workspaceFolder: ws, settings: settings() });
  const { record } = stub;
  const ext = loadExtension(stub);
  const ctx = context();
  await ext.activate(ctx);
  const item = record.statusBar[0];

  await check('status bar shows the counts once the index is ready', async () => {
    await until('ready status', () => item.text.includes('routes'));
    assert.match(item.text, /^\$\(link\) routelink: \d+ routes · \d+ calls/);
    assert.equal(item.command, 'routelink.showSummary');
    console.log(`   status bar: ${item.text}`);
  });

  await check('server diagnostics reach the diagnostic collection', async () => {
    const uri = Uri.file(path.join(ws, 'frontend/src/pages/OrdersPage.tsx')).toString();
    await until('diagnostics', () => record.diagnostics.size > 0);
    console.log(`   diagnostics for ${record.diagnostics.size} files${record.diagnostics.has(uri) ? ', OrdersPage.tsx included' : ''}`);
  });

  await check('Show Routes lists every route and opens the chosen one', async () => {
    await stub.vscode.commands.executeCommand('routelink.showRoutes');
    const pick = record.quickPicks.at(-1);
    assert.ok(pick, 'a quick pick was shown');
    assert.ok(pick.items.length > 5, `${pick.items.length} routes`);
    for (const i of pick.items) assert.match(i.label, /^[A-Z]+ \//);
    assert.match(pick.items[0].detail, /:\d+$/);
    const shown = record.shownDocuments.at(-1);
    assert.equal(shown.uri.fsPath, pick.items[0].uri.fsPath);
    assert.ok(shown.options.selection, 'opened at the route');
    console.log(`   ${pick.items.length} routes; first: ${pick.items[0].label}  ${pick.items[0].detail}`);
  });

  await check('Show Summary writes the report to the output channel', async () => {
    await stub.vscode.commands.executeCommand('routelink.showSummary');
    const lines = record.outputs.get('routelink report');
    assert.ok(lines && lines.length > 0, 'report written');
    const text = lines.join('');
    assert.match(text, /unmatched calls\s+\d+/);
    assert.match(text, new RegExp(`${ws.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/frontend/src/pages/OrdersPage.tsx:\\d+:\\d+: warning `));
    const info = record.messages.filter((m) => m.level === 'info').at(-1);
    assert.match(info.message, /^routelink: \d+ routes, \d+ calls \(\d+ linked, \d+ unmatched\)/);
    console.log(`   ${info.message}`);
  });

  await check('Go to Handler with one route opens the handler', async () => {
    stub.vscode.window.activeTextEditor = editorAt('frontend/src/pages/OrdersPage.tsx', 10, 5, 'typescriptreact');
    const before = record.shownDocuments.length;
    await stub.vscode.commands.executeCommand('routelink.goToHandler');
    assert.equal(record.shownDocuments.length, before + 1, JSON.stringify(record.messages.at(-1)));
    const shown = record.shownDocuments.at(-1);
    assert.match(shown.uri.fsPath, /backend\/src\/routes\/orders\.ts$/);
    console.log(`   opened ${path.relative(ws, shown.uri.fsPath)}:${shown.options.selection.start.line + 1}`);
  });

  await check('Go to Handler with two routes peeks both', async () => {
    stub.vscode.window.activeTextEditor = editorAt('frontend/src/pages/OrdersPage.tsx', 13, 38, 'typescriptreact');
    await stub.vscode.commands.executeCommand('routelink.goToHandler');
    const call = record.executed.at(-1);
    assert.equal(call && call.command, 'editor.action.goToLocations', JSON.stringify(record.messages.at(-1)));
    assert.equal(call.args[2].length, 2);
    assert.equal(call.args[3], 'peek');
  });

  await check('Show Callers on a route shows the references', async () => {
    stub.vscode.window.activeTextEditor = editorAt('backend/src/routes/orders.ts', 7, 1, 'typescript');
    await stub.vscode.commands.executeCommand('routelink.showCallers');
    const call = record.executed.at(-1);
    assert.equal(call && call.command, 'editor.action.showReferences', JSON.stringify(record.messages.at(-1)));
    assert.ok(call.args[2].length >= 1);
    assert.match(call.args[2][0].uri.fsPath, /OrdersPage\.tsx$/);
  });

  await check('the route lens command lists every caller in the references peek', async () => {
    const uri = Uri.file(path.join(ws, 'backend/src/routes/users.ts')).toString();
    // line 14 (0-based): router.get('/:id', ...) has two callers
    await stub.vscode.commands.executeCommand('routelink.lens.showCallers', uri, { line: 14, character: 0 });
    const call = record.executed.at(-1);
    assert.equal(call && call.command, 'editor.action.showReferences', JSON.stringify(record.messages.at(-1)));
    assert.deepEqual(call.args[2].map((l) => path.basename(l.uri.fsPath)).sort(), ['UserProfile.tsx', 'UsersPage.tsx']);
  });

  await check('Go to Handler in a non-indexed file says so', async () => {
    stub.vscode.window.activeTextEditor = editorAt('frontend/package.json', 1, 1, 'json');
    await stub.vscode.commands.executeCommand('routelink.goToHandler');
    assert.match(record.messages.at(-1).message, /json files are not indexed/);
  });

  await check('Restart Server brings the status back', async () => {
    item.text = '';
    await stub.vscode.commands.executeCommand('routelink.restartServer');
    await until('ready status after restart', () => item.text.includes('routes'));
  });

  await ext.deactivate();
  await check('deactivate stops the server', async () => {
    assert.match(item.text, /debug-disconnect/);
  });
  for (const d of ctx.subscriptions) d.dispose();

  // 2. No server: a clear error with the fix and an Open Settings button.
  const stub2 = makeStub({ workspaceFolder: ws, settings: settings({ 'routelink.server.pythonPath': '', 'routelink.server.path': 'routelink-not-installed' }) });
  const ext2 = loadExtension(stub2);
  await ext2.activate(context());
  await check('a missing server gives an error with the fix and Open Settings', async () => {
    const error = stub2.record.messages.find((m) => m.level === 'error');
    assert.ok(error, 'an error message');
    assert.match(error.message, /"routelink-not-installed" was not found on PATH/);
    assert.match(error.message, /pip install \.\/routelink/);
    assert.match(error.message, /routelink\.server\.pythonPath/);
    assert.deepEqual(error.items, ['Open Settings', 'Retry', "Don't Show Again"]);
    assert.match(stub2.record.statusBar[0].text, /^\$\(error\)/);
    console.log(`   ${error.message}`);
  });
  await check('a restart that fails again does not show the message again', async () => {
    await stub2.commands.get('routelink.restartServer')();
    assert.equal(stub2.record.messages.filter((m) => m.level === 'error').length, 1);
  });
  await ext2.deactivate();

  // 3. A Python without routelink.
  const stub3 = makeStub({ workspaceFolder: ws, settings: settings({ 'routelink.server.pythonPath': process.env.ROUTELINK_BARE_PYTHON || '/usr/bin/python3' }) });
  const ext3 = loadExtension(stub3);
  await ext3.activate(context());
  await check('a Python without routelink gives the pip command', async () => {
    const error = stub3.record.messages.find((m) => m.level === 'error');
    assert.ok(error, 'an error message');
    assert.match(error.message, /routelink is not installed in the Python interpreter/);
    assert.match(error.message, /-m pip install \.\/routelink/);
    console.log(`   ${error.message}`);
  });
  await ext3.deactivate();

  fs.rmSync(ws, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
