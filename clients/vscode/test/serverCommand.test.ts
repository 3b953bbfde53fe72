import assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { expandVariables, PYTHON_LAUNCHER, resolveServerCommand, type ResolveContext } from '../src/serverCommand';

function makeExecutable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\nexit 0\n');
  fs.chmodSync(file, 0o755);
  return file;
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'routelink-vscode-test-'));
}

function ctx(folders: string[], env: NodeJS.ProcessEnv, home = '/home/me'): ResolveContext {
  return {
    workspaceFolders: folders.map((f) => ({ name: path.basename(f), fsPath: f })),
    env,
    platform: 'linux',
    homeDir: home,
  };
}

test('expandVariables handles workspaceFolder, named folders, env, userHome and ~', () => {
  const c = ctx(['/ws/front', '/ws/back'], { VENV: '/opt/venv' });
  assert.equal(expandVariables('${workspaceFolder}/.venv/bin/python', c), '/ws/front/.venv/bin/python');
  assert.equal(expandVariables('${workspaceFolder:back}/x', c), '/ws/back/x');
  assert.equal(expandVariables('${env:VENV}/bin/routelink', c), '/opt/venv/bin/routelink');
  assert.equal(expandVariables('${userHome}/bin/routelink', c), '/home/me/bin/routelink');
  assert.equal(expandVariables('~/bin/routelink', c), '/home/me/bin/routelink');
  assert.equal(expandVariables('${workspaceFolder:nope}/x', c), '${workspaceFolder:nope}/x');
  assert.equal(expandVariables('routelink', c), 'routelink');
});

test('default setting finds routelink on PATH and runs `routelink serve`', () => {
  const dir = tmpdir();
  const exe = makeExecutable(path.join(dir, 'bin', 'routelink'));
  const r = resolveServerCommand({ path: 'routelink', pythonPath: '' }, ctx([], { PATH: `/nonexistent:${path.join(dir, 'bin')}` }));
  assert.deepEqual(r, { ok: true, command: exe, args: ['serve'], via: 'path' });
});

test('a non-executable file on PATH is skipped', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'routelink'), 'not executable');
  const r = resolveServerCommand({ path: 'routelink', pythonPath: '' }, ctx([], { PATH: dir }));
  assert.equal(r.ok, false);
});

test('missing server gives server-not-found naming the setting', () => {
  const r = resolveServerCommand({ path: 'routelink', pythonPath: '' }, ctx([], { PATH: '/nonexistent' }));
  assert.deepEqual(r, { ok: false, reason: 'server-not-found', tried: 'routelink', setting: 'routelink.server.path' });
});

test('default setting falls back to the workspace .venv', () => {
  const ws = tmpdir();
  const exe = makeExecutable(path.join(ws, '.venv', 'bin', 'routelink'));
  const r = resolveServerCommand({ path: 'routelink', pythonPath: '' }, ctx([ws], { PATH: '/nonexistent' }));
  assert.deepEqual(r, { ok: true, command: exe, args: ['serve'], via: 'venv' });
});

test('an explicit server path does not fall back to the venv', () => {
  const ws = tmpdir();
  makeExecutable(path.join(ws, '.venv', 'bin', 'routelink'));
  const r = resolveServerCommand({ path: '/opt/nothing/routelink', pythonPath: '' }, ctx([ws], { PATH: '' }));
  assert.equal(r.ok, false);
});

test('a relative server path is taken from the first workspace folder', () => {
  const ws = tmpdir();
  const exe = makeExecutable(path.join(ws, 'tools', 'routelink'));
  const r = resolveServerCommand({ path: './tools/routelink', pythonPath: '' }, ctx([ws], { PATH: '' }));
  assert.deepEqual(r, { ok: true, command: exe, args: ['serve'], via: 'path' });
});

test('pythonPath wins and runs the launcher with `serve`', () => {
  const ws = tmpdir();
  const py = makeExecutable(path.join(ws, '.venv', 'bin', 'python'));
  const r = resolveServerCommand({ path: 'routelink', pythonPath: '${workspaceFolder}/.venv/bin/python' }, ctx([ws], { PATH: '' }));
  assert.deepEqual(r, { ok: true, command: py, args: ['-c', PYTHON_LAUNCHER, 'serve'], via: 'python', python: py });
});

test('pythonPath that does not exist gives python-not-found', () => {
  const r = resolveServerCommand({ path: 'routelink', pythonPath: '/nope/python' }, ctx([], { PATH: '' }));
  assert.deepEqual(r, { ok: false, reason: 'python-not-found', tried: '/nope/python', setting: 'routelink.server.pythonPath' });
});

test('the pythonPath launch never imports the workspace modules', (t) => {
  // A Python that has routelink (the repository's, in CI: ROUTELINK_TEST_PYTHON).
  const python = process.env.ROUTELINK_TEST_PYTHON ?? 'python3';
  const probe = childProcess.spawnSync(python, ['-c', 'import routelink'], { cwd: os.tmpdir() });
  if (probe.error !== undefined || probe.status !== 0) {
    t.skip(`no Python with routelink (${python}); tests/core/test_safe_start.py covers it`);
    return;
  }
  const ws = tmpdir();
  const marker = path.join(ws, 'MARKER');
  for (const name of ['click.py', 'pygls.py', 'routelink.py', 'lsprotocol.py', 'json.py']) {
    fs.writeFileSync(path.join(ws, name), `open(${JSON.stringify(marker)}, 'a').write(${JSON.stringify(name)})\n`);
  }
  const r = resolveServerCommand({ path: '', pythonPath: python }, ctx([ws], process.env));
  assert.equal(r.ok, true);
  if (!r.ok) {
    return;
  }
  // `serve` with stdin closed: the server starts, reads end of input and exits
  const run = childProcess.spawnSync(r.command, r.args, { cwd: ws, input: '', timeout: 60000 });
  assert.equal(fs.existsSync(marker), false, fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '');
  assert.match(String(run.stderr), /end of input/);
});
