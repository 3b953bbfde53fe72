// Works out which command starts the routelink language server.
// No `vscode` import here, so the logic can be unit-tested with plain Node.

import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const DEFAULT_SERVER_PATH = 'routelink';

/**
 * The code run by `<pythonPath> -c <PYTHON_LAUNCHER> serve`. Not `-m routelink`: `-m` puts
 * the current folder (the workspace) first on `sys.path`, so a workspace `click.py` or
 * `pygls.py` would run when the server imports it. This drops the current folder before
 * anything is imported, on every Python routelink supports (`-P` needs 3.11).
 * Kept equal to `routelink.__main__.PYTHON_LAUNCHER` by tests/core/test_safe_start.py.
 */
export const PYTHON_LAUNCHER = "import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; import runpy; runpy.run_module('routelink', run_name='__main__', alter_sys=True)";

/** Checks that routelink can be imported, with the same guard as the launcher. */
export const PYTHON_IMPORT_CHECK = "import sys; sys.path[:] = [p for p in sys.path if p not in ('', '.')]; import routelink";

export interface ServerSettings {
  /** `routelink.server.path`: command or path of the `routelink` executable. */
  path: string;
  /** `routelink.server.pythonPath`: if non-empty, run `<pythonPath> -c <PYTHON_LAUNCHER> serve`. */
  pythonPath: string;
}

export interface ResolveContext {
  /** Absolute paths of the workspace folders, first one first. */
  workspaceFolders: readonly { name: string; fsPath: string }[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  homeDir?: string;
}

export type ResolvedServer =
  | {
      ok: true;
      command: string;
      args: string[];
      /** How the command was found, for the log. */
      via: 'path' | 'venv' | 'python';
      /** The Python interpreter when `via` is `python`. */
      python?: string;
    }
  | {
      ok: false;
      /** `server-not-found`: the routelink executable; `python-not-found`: the pythonPath interpreter. */
      reason: 'server-not-found' | 'python-not-found';
      /** The setting value that was tried, after variable expansion. */
      tried: string;
      setting: 'routelink.server.path' | 'routelink.server.pythonPath';
    };

function pathApi(platform: NodeJS.Platform): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * Expands `${workspaceFolder}`, `${workspaceFolder:name}`, `${userHome}`, `${env:NAME}`
 * and a leading `~` in a setting value.
 */
export function expandVariables(value: string, ctx: ResolveContext): string {
  const home = ctx.homeDir ?? os.homedir();
  const first = ctx.workspaceFolders[0]?.fsPath;
  let out = value.replace(/\$\{(workspaceFolder|workspaceRoot|userHome|env:[^}]+|workspaceFolder:[^}]+)\}/g, (whole, name: string) => {
    if (name === 'workspaceFolder' || name === 'workspaceRoot') {
      return first ?? whole;
    }
    if (name === 'userHome') {
      return home;
    }
    if (name.startsWith('env:')) {
      return ctx.env[name.slice(4)] ?? '';
    }
    const folderName = name.slice('workspaceFolder:'.length);
    return ctx.workspaceFolders.find((f) => f.name === folderName)?.fsPath ?? whole;
  });
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = home + out.slice(1);
  }
  return out;
}

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function windowsExtensions(file: string, env: NodeJS.ProcessEnv): string[] {
  if (path.win32.extname(file) !== '') {
    return [''];
  }
  const pathext = (env.PATHEXT ?? env.Pathext ?? '.COM;.EXE;.BAT;.CMD').split(';').filter((e) => e !== '');
  return ['', ...pathext.map((e) => e.toLowerCase())];
}

/**
 * Finds a command the way a shell would: a value with a path separator is a path
 * (relative ones against `cwd`), anything else is looked up on PATH.
 * Returns the absolute path, or undefined.
 */
export function findExecutable(
  command: string,
  ctx: ResolveContext,
  cwd: string | undefined,
): string | undefined {
  const p = pathApi(ctx.platform);
  const exts = ctx.platform === 'win32' ? windowsExtensions(command, ctx.env) : [''];
  const hasSeparator = command.includes('/') || (ctx.platform === 'win32' && command.includes('\\'));
  if (hasSeparator || p.isAbsolute(command)) {
    const base = p.isAbsolute(command) ? command : p.resolve(cwd ?? process.cwd(), command);
    for (const ext of exts) {
      if (isExecutableFile(base + ext, ctx.platform)) {
        return base + ext;
      }
    }
    return undefined;
  }
  const pathVar = ctx.env.PATH ?? ctx.env.Path ?? '';
  for (const dir of pathVar.split(p.delimiter)) {
    if (dir === '') {
      continue;
    }
    for (const ext of exts) {
      const candidate = p.join(dir, command + ext);
      if (isExecutableFile(candidate, ctx.platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** `<folder>/.venv/bin/routelink` and friends, for the default setting only. */
function findInWorkspaceVenv(ctx: ResolveContext): string | undefined {
  const p = pathApi(ctx.platform);
  const binDir = ctx.platform === 'win32' ? 'Scripts' : 'bin';
  const exe = ctx.platform === 'win32' ? 'routelink.exe' : 'routelink';
  for (const folder of ctx.workspaceFolders) {
    for (const venv of ['.venv', 'venv']) {
      const candidate = p.join(folder.fsPath, venv, binDir, exe);
      if (isExecutableFile(candidate, ctx.platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** Decides the command line of the server from the two client-only settings. */
export function resolveServerCommand(settings: ServerSettings, ctx: ResolveContext): ResolvedServer {
  const cwd = ctx.workspaceFolders[0]?.fsPath;
  const pythonSetting = (settings.pythonPath ?? '').trim();
  if (pythonSetting !== '') {
    const tried = expandVariables(pythonSetting, ctx);
    const python = findExecutable(tried, ctx, cwd);
    if (python === undefined) {
      return { ok: false, reason: 'python-not-found', tried, setting: 'routelink.server.pythonPath' };
    }
    return { ok: true, command: python, args: ['-c', PYTHON_LAUNCHER, 'serve'], via: 'python', python };
  }
  const serverSetting = (settings.path ?? '').trim() || DEFAULT_SERVER_PATH;
  const tried = expandVariables(serverSetting, ctx);
  const found = findExecutable(tried, ctx, cwd);
  if (found !== undefined) {
    return { ok: true, command: found, args: ['serve'], via: 'path' };
  }
  if (serverSetting === DEFAULT_SERVER_PATH) {
    const venv = findInWorkspaceVenv(ctx);
    if (venv !== undefined) {
      return { ok: true, command: venv, args: ['serve'], via: 'venv' };
    }
  }
  return { ok: false, reason: 'server-not-found', tried, setting: 'routelink.server.path' };
}

export interface ModuleCheck {
  ok: boolean;
  /** What went wrong, for the message (the last line Python printed, or the spawn error). */
  detail?: string;
}

/** Runs `<python> -c PYTHON_IMPORT_CHECK` (`import routelink`) to tell "no such package" apart from a server crash. */
export function checkPythonHasRoutelink(python: string, timeoutMs = 20000): Promise<ModuleCheck> {
  return new Promise((resolve) => {
    childProcess.execFile(
      python,
      ['-c', PYTHON_IMPORT_CHECK],
      { timeout: timeoutMs, windowsHide: true },
      (error, _stdout, stderr) => {
        if (!error) {
          resolve({ ok: true });
          return;
        }
        const lines = String(stderr).trim().split(/\r?\n/);
        const last = lines[lines.length - 1];
        resolve({ ok: false, detail: last !== '' ? last : error.message });
      },
    );
  });
}
