import * as vscode from 'vscode';
import {
  DefinitionRequest,
  LanguageClient,
  type LanguageClientOptions,
  ReferencesRequest,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  WorkspaceSymbolRequest,
} from 'vscode-languageclient/node';
import { formatReport, type Report, type StatusParams, statusText, summaryLine } from './report';
import { checkPythonHasRoutelink, resolveServerCommand, type ResolvedServer } from './serverCommand';
import { SetupNotice } from './setupNotice';

const SERVER_SHOW_CALLERS = 'routelink.server.showCallers';
const LENS_SHOW_CALLERS = 'routelink.lens.showCallers';

interface LensPosition {
  line: number;
  character: number;
}

const CLIENT_ID = 'routelink';
const CLIENT_NAME = 'routelink';
const LANGUAGES = ['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'vue'];

/** Commands this extension contributes (package.json `contributes.commands`). */
export const COMMANDS = {
  restartServer: 'routelink.restartServer',
  showRoutes: 'routelink.showRoutes',
  showSummary: 'routelink.showSummary',
  goToHandler: 'routelink.goToHandler',
  showCallers: 'routelink.showCallers',
} as const;

let client: LanguageClient | undefined;
let log: vscode.LogOutputChannel;
let reportChannel: vscode.OutputChannel | undefined;
let statusBar: StatusBar;
/** The one message saying the server cannot be started (see setupNotice.ts). */
let setupNotice: SetupNotice;
/** Serializes start / stop / restart. */
let lifecycle: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  log = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  statusBar = new StatusBar();
  setupNotice = new SetupNotice(context.globalState);
  context.subscriptions.push(log, statusBar);

  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restartServer()),
    vscode.commands.registerCommand(COMMANDS.showRoutes, () => guarded(showRoutes)),
    vscode.commands.registerCommand(COMMANDS.showSummary, () => guarded(showSummary)),
    vscode.commands.registerCommand(COMMANDS.goToHandler, () => guarded(goToHandler)),
    vscode.commands.registerCommand(COMMANDS.showCallers, () => guarded(showCallers)),
    // code lens "N callers" on a route: list them in the references peek
    vscode.commands.registerCommand(LENS_SHOW_CALLERS, (uri: string, position: LensPosition) =>
      guarded(() => showCallersAt(vscode.Uri.parse(uri), new vscode.Position(position.line, position.character))),
    ),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('routelink.server')) {
        log.info('routelink.server settings changed: restarting the server');
        void restartServer();
      }
    }),
  );

  await enqueue(startServer);
}

export async function deactivate(): Promise<void> {
  await enqueue(stopServer);
}

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

function restartServer(): Promise<void> {
  return enqueue(async () => {
    await stopServer();
    await startServer();
  });
}

// ---------------------------------------------------------------------------
// Server lifecycle

function workspaceFolders(): { name: string; fsPath: string }[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => ({ name: f.name, fsPath: f.uri.fsPath }));
}

/** The settings the server reads, in the shape of `routelink.toml` (sent as initializationOptions). */
function serverSettings(): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('routelink');
  return {
    exclude: cfg.get<string[]>('exclude', []),
    severity: cfg.get<Record<string, string>>('severity', {}),
    codeLens: { enable: cfg.get<boolean>('codeLens.enable', true) },
    maxFileSizeKb: cfg.get<number>('maxFileSizeKb', 1024),
    cache: cfg.get<boolean>('cache', true),
  };
}

async function resolveServer(): Promise<ResolvedServer | undefined> {
  const cfg = vscode.workspace.getConfiguration('routelink.server');
  const resolved = resolveServerCommand(
    { path: cfg.get<string>('path', 'routelink'), pythonPath: cfg.get<string>('pythonPath', '') },
    { workspaceFolders: workspaceFolders(), env: process.env, platform: process.platform },
  );
  if (!resolved.ok) {
    const message =
      resolved.reason === 'python-not-found'
        ? `routelink: the Python interpreter "${resolved.tried}" (setting routelink.server.pythonPath) was not found. ` +
          'Set routelink.server.pythonPath to a Python that has routelink installed, or clear it to use routelink.server.path.'
        : `routelink: the language server "${resolved.tried}" was not found` +
          (resolved.tried.includes('/') || resolved.tried.includes('\\') ? '. ' : ' on PATH. ') +
          'Install it from a routelink checkout ("pipx install ./routelink" or "pip install ./routelink"), ' +
          'or set routelink.server.pythonPath to a Python interpreter that has routelink installed.';
    log.error(message);
    statusBar.showError('routelink: server not found', message);
    void showSetupError(message);
    return undefined;
  }
  if (resolved.via === 'python' && resolved.python !== undefined) {
    const check = await checkPythonHasRoutelink(resolved.python);
    if (!check.ok) {
      const message =
        `routelink: routelink is not installed in the Python interpreter "${resolved.python}" (${check.detail ?? 'import failed'}). ` +
        `Install it there from a routelink checkout ("${resolved.python} -m pip install ./routelink"), or set routelink.server.pythonPath to another interpreter.`;
      log.error(message);
      statusBar.showError('routelink: not installed', message);
      void showSetupError(message);
      return undefined;
    }
  }
  return resolved;
}

/** Tells the user once (see SetupNotice) that the server cannot be started; the
 *  status bar and the log say it every time. */
async function showSetupError(message: string, showOutput = false): Promise<void> {
  const openSettings = 'Open Settings';
  const retry = 'Retry';
  const output = 'Show Output';
  const actions = showOutput ? [output, openSettings] : [openSettings, retry];
  const choice = await setupNotice.show(message, actions, (m, ...items) => vscode.window.showErrorMessage(m, ...items));
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'routelink.server');
  } else if (choice === retry) {
    setupNotice.rearm();
    await restartServer();
  } else if (choice === output) {
    log.show();
  }
}

async function startServer(): Promise<void> {
  statusBar.showStarting();
  const resolved = await resolveServer();
  if (resolved === undefined || !resolved.ok) {
    return;
  }
  log.info(`starting: ${resolved.command} ${resolved.args.join(' ')}` + (resolved.via === 'venv' ? ' (found in the workspace virtualenv)' : ''));

  const serverOptions: ServerOptions = {
    // No `transport`: with TransportKind.stdio the client would append `--stdio`.
    command: resolved.command,
    args: resolved.args,
    options: { env: process.env },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'routelink' },
    initializationOptions: () => serverSettings(),
    middleware: { resolveCodeLens },
    outputChannel: log,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };

  const newClient = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  newClient.onNotification('routelink/status', (params: StatusParams) => statusBar.showStatus(params));
  newClient.onDidChangeState((event) => {
    if (event.newState === State.Stopped) {
      statusBar.showStopped();
    } else if (event.newState === State.Starting) {
      statusBar.showStarting();
    }
  });
  client = newClient;
  try {
    await newClient.start();
    setupNotice.rearm();
  } catch (error) {
    const message = `routelink: the language server failed to start: ${errorMessage(error)}`;
    log.error(message);
    statusBar.showError('routelink: failed to start', message);
    void showSetupError(message, true);
  }
}

async function stopServer(): Promise<void> {
  const old = client;
  client = undefined;
  if (old === undefined) {
    return;
  }
  try {
    await old.dispose(5000);
  } catch (error) {
    log.warn(`stopping the server: ${errorMessage(error)}`);
  }
  statusBar.showStopped();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The running client, or undefined after telling the user why not. */
async function runningClient(): Promise<LanguageClient | undefined> {
  await lifecycle;
  if (client !== undefined && client.state === State.Running) {
    return client;
  }
  const restart = 'Restart Server';
  const choice = await vscode.window.showWarningMessage('routelink: the language server is not running.', restart);
  if (choice === restart) {
    await restartServer();
  }
  return undefined;
}

async function guarded(command: () => Promise<void>): Promise<void> {
  try {
    await command();
  } catch (error) {
    log.error(errorMessage(error));
    void vscode.window.showErrorMessage(`routelink: ${errorMessage(error)}`);
  }
}

// ---------------------------------------------------------------------------
// Commands

function editorForServer(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined) {
    void vscode.window.showInformationMessage('routelink: open a file and put the cursor on a call or a route first.');
    return undefined;
  }
  if (!LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage(
      `routelink: ${editor.document.languageId} files are not indexed (JavaScript, TypeScript, Python and Vue are).`,
    );
    return undefined;
  }
  return editor;
}

function toLocations(items: readonly (vscode.Location | vscode.LocationLink)[]): vscode.Location[] {
  return items.map((item) =>
    item instanceof vscode.Location ? item : new vscode.Location(item.targetUri, item.targetSelectionRange ?? item.targetRange),
  );
}

async function openLocation(location: vscode.Location): Promise<void> {
  const editor = await vscode.window.showTextDocument(location.uri, { selection: location.range, preview: false });
  editor.revealRange(location.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

async function goToHandler(): Promise<void> {
  const editor = editorForServer();
  const c = editor && (await runningClient());
  if (editor === undefined || c === undefined) {
    return;
  }
  const position = editor.selection.active;
  const result = await c.sendRequest(
    DefinitionRequest.type,
    c.code2ProtocolConverter.asTextDocumentPositionParams(editor.document, position),
  );
  const definition = await c.protocol2CodeConverter.asDefinitionResult(result);
  const locations = toLocations(definition === undefined ? [] : Array.isArray(definition) ? definition : [definition]);
  if (locations.length === 0) {
    void vscode.window.showInformationMessage('routelink: no handler found here. Put the cursor on an HTTP call.');
    return;
  }
  if (locations.length === 1) {
    await openLocation(locations[0]);
    return;
  }
  await vscode.commands.executeCommand(
    'editor.action.goToLocations',
    editor.document.uri,
    position,
    locations,
    'peek',
    'routelink: no handler found',
  );
}

async function showCallers(): Promise<void> {
  const editor = editorForServer();
  if (editor === undefined) {
    return;
  }
  await showCallersAt(editor.document.uri, editor.selection.active);
}

async function showCallersAt(uri: vscode.Uri, position: vscode.Position): Promise<void> {
  const c = await runningClient();
  if (c === undefined) {
    return;
  }
  const result = await c.sendRequest(ReferencesRequest.type, {
    textDocument: { uri: c.code2ProtocolConverter.asUri(uri) },
    position: { line: position.line, character: position.character },
    context: { includeDeclaration: false },
  });
  const locations = (await c.protocol2CodeConverter.asReferences(result)) ?? [];
  if (locations.length === 0) {
    void vscode.window.showInformationMessage('routelink: no callers found. Put the cursor on a route or its handler.');
    return;
  }
  await vscode.commands.executeCommand('editor.action.showReferences', uri, position, locations);
}

/** The server's route lenses run `routelink.server.showCallers`, which can only open the
 *  first caller (window/showDocument); in VS Code they list every caller instead. */
async function resolveCodeLens(
  lens: vscode.CodeLens,
  token: vscode.CancellationToken,
  next: (lens: vscode.CodeLens, token: vscode.CancellationToken) => vscode.ProviderResult<vscode.CodeLens>,
): Promise<vscode.CodeLens | null | undefined> {
  const resolved = (await next(lens, token)) ?? lens;
  const command = resolved.command;
  if (command?.command === SERVER_SHOW_CALLERS && command.arguments?.length === 2) {
    resolved.command = { title: command.title, command: LENS_SHOW_CALLERS, arguments: command.arguments };
  }
  return resolved;
}

interface RouteItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
  range: vscode.Range | undefined;
}

const ROUTE_NAME = /^[A-Z]+\s+\//;

async function showRoutes(): Promise<void> {
  const c = await runningClient();
  if (c === undefined) {
    return;
  }
  const symbols = (await c.sendRequest(WorkspaceSymbolRequest.type, { query: '' })) ?? [];
  let items: RouteItem[] = symbols.map((symbol) => {
    const uri = c.protocol2CodeConverter.asUri(symbol.location.uri);
    const range = 'range' in symbol.location ? c.protocol2CodeConverter.asRange(symbol.location.range) : undefined;
    const where = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    return {
      label: symbol.name,
      description: symbol.containerName || undefined,
      detail: range === undefined ? where : `${where}:${range.start.line + 1}`,
      uri,
      range,
    };
  });
  const routes = items.filter((item) => ROUTE_NAME.test(item.label));
  if (routes.length > 0) {
    items = routes;
  }
  items.sort((a, b) => routePath(a.label).localeCompare(routePath(b.label)) || a.label.localeCompare(b.label));
  if (items.length === 0) {
    void vscode.window.showInformationMessage('routelink: no routes found in this workspace (yet).');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `routelink: ${items.length} route${items.length === 1 ? '' : 's'}`,
    placeHolder: 'Type a method or a path to filter, Enter to open the handler',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked === undefined) {
    return;
  }
  if (picked.range !== undefined) {
    await openLocation(new vscode.Location(picked.uri, picked.range));
  } else {
    await vscode.window.showTextDocument(picked.uri, { preview: false });
  }
}

function routePath(label: string): string {
  const space = label.indexOf(' ');
  return space < 0 ? label : label.slice(space + 1);
}

async function showSummary(): Promise<void> {
  const c = await runningClient();
  if (c === undefined) {
    return;
  }
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'routelink: building the report' },
    () => c.sendRequest<Report>('routelink/report', {}),
  );
  reportChannel ??= vscode.window.createOutputChannel('routelink report');
  reportChannel.clear();
  reportChannel.append(formatReport(report, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath));
  reportChannel.show(true);
  const problems = 'Open Problems';
  const choice = await vscode.window.showInformationMessage(`routelink: ${summaryLine(report)}`, problems);
  if (choice === problems) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}

// ---------------------------------------------------------------------------
// Status bar

class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('routelink.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'routelink';
    this.showStarting();
    this.item.show();
  }

  showStarting(): void {
    this.set('$(sync~spin) routelink', 'routelink: starting the language server', COMMANDS.showSummary);
  }

  showStatus(status: StatusParams): void {
    const tooltip = new vscode.MarkdownString(
      `**routelink** — ${status.state === 'indexing' ? 'indexing…' : 'index ready'}\n\n` +
        `| | |\n|---|---:|\n` +
        `| files | ${status.files ?? 0} |\n| routes | ${status.routes ?? 0} |\n` +
        `| calls | ${status.calls ?? 0} |\n| problems | ${status.diagnostics ?? 0} |\n\n` +
        'Click for the summary.',
    );
    this.set(statusText(status), tooltip, COMMANDS.showSummary);
  }

  showStopped(): void {
    this.set('$(debug-disconnect) routelink', 'routelink: the language server is not running. Click to restart it.', COMMANDS.restartServer);
  }

  showError(text: string, tooltip: string): void {
    this.set(`$(error) ${text}`, `${tooltip}\n\nClick to restart the server.`, COMMANDS.restartServer);
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  private set(text: string, tooltip: string | vscode.MarkdownString, command: string): void {
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.command = command;
    this.item.backgroundColor = undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
