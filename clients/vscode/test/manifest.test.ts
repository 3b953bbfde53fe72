// Checks package.json against the server's LSP contract and the extension's source.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const source = readFileSync('src/extension.ts', 'utf8');

test('every contributed command is registered and vice versa', () => {
  const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
  const registered = [...source.matchAll(/^\s+(\w+): '(routelink\.[\w.]+)',$/gm)].map((m) => m[2]).sort();
  assert.deepEqual(contributed, registered);
  assert.deepEqual(contributed, [
    'routelink.goToHandler',
    'routelink.restartServer',
    'routelink.showCallers',
    'routelink.showRoutes',
    'routelink.showSummary',
  ]);
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'routelink');
  }
});

test('no contributed command collides with the server-side executeCommand commands', () => {
  for (const c of manifest.contributes.commands) {
    assert.ok(!c.command.startsWith('routelink.server.'), c.command);
  }
});

test('configuration has exactly the contract settings with their defaults', () => {
  const props = manifest.contributes.configuration.properties;
  const defaults = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, (v as { default: unknown }).default]));
  assert.deepEqual(defaults, {
    'routelink.exclude': [],
    'routelink.severity': {},
    'routelink.codeLens.enable': true,
    'routelink.cache': true,
    'routelink.maxFileSizeKb': 1024,
    'routelink.server.path': 'routelink',
    'routelink.server.pythonPath': '',
    'routelink.trace.server': 'off',
  });
  const codes = Object.keys(props['routelink.severity'].properties).sort();
  assert.deepEqual(codes, [
    'duplicate-prefix', 'duplicate-route', 'method-mismatch', 'shadowed-route',
    'unmatched-call', 'unmounted-route', 'unresolved-call', 'unused-route',
  ]);
  for (const code of codes) {
    assert.deepEqual(props['routelink.severity'].properties[code].enum, ['error', 'warning', 'information', 'hint', 'off']);
  }
  for (const [key, value] of Object.entries(props)) {
    assert.ok((value as { markdownDescription?: string }).markdownDescription, `${key} has a description`);
  }
});

test('activation events cover the languages and workspace markers', () => {
  const events: string[] = manifest.activationEvents;
  for (const lang of ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'vue']) {
    assert.ok(events.includes(`onLanguage:${lang}`), lang);
  }
  for (const file of ['package.json', 'pyproject.toml', 'manage.py', 'routelink.toml']) {
    assert.ok(events.includes(`workspaceContains:${file}`), file);
  }
});

test('the client syncs the routelink section and never passes a transport (no --stdio)', () => {
  assert.match(source, /configurationSection: 'routelink'/);
  assert.doesNotMatch(source, /transport:/);
  assert.match(source, /new LanguageClient\(CLIENT_ID/);
  assert.match(source, /const CLIENT_ID = 'routelink'/);
});
