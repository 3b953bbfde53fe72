// Types of the `routelink/report` answer (the `--format json` object of the SPEC)
// and its rendering as plain text. No `vscode` import: unit-testable.

import * as path from 'node:path';

export interface ReportRoute {
  id: string;
  method: string;
  path: string;
  root?: number;
  file: string;
  line: number;
  column: number;
  framework?: string;
  handler?: string | null;
  callers?: string[];
  mounted?: boolean;
}

export interface ReportCall {
  id: string;
  method: string;
  path: string;
  raw?: string;
  root?: number;
  file: string;
  line: number;
  column: number;
  client?: string;
  resolved?: boolean;
  routes?: string[];
}

export interface ReportDiagnostic {
  code: string;
  severity: string;
  root?: number;
  file: string;
  line: number;
  column: number;
  end_line?: number;
  end_column?: number;
  message: string;
  related?: string[];
}

export interface ReportSummary {
  files: number;
  routes: number;
  calls: number;
  linked_calls: number;
  unmatched_calls: number;
  unused_routes: number;
  seconds: number;
}

export interface Report {
  routelink?: string;
  roots?: string[];
  routes?: ReportRoute[];
  calls?: ReportCall[];
  diagnostics?: ReportDiagnostic[];
  summary?: Partial<ReportSummary>;
}

/** The `routelink/status` notification. */
export interface StatusParams {
  state: 'indexing' | 'ready' | string;
  files?: number;
  routes?: number;
  calls?: number;
  diagnostics?: number;
  /** While indexing: files whose diagnostics of the last session are shown meanwhile. */
  stored?: number;
}

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, information: 2, hint: 3 };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Turns a report root (a path or a file: URI, as the server gives it) into a directory path. */
export function rootToPath(root: string | undefined, fallbackDir: string | undefined): string | undefined {
  if (root === undefined) {
    return fallbackDir;
  }
  if (root.startsWith('file://')) {
    try {
      const url = new URL(root);
      let p = decodeURIComponent(url.pathname);
      if (/^\/[A-Za-z]:/.test(p)) {
        p = p.slice(1);
      }
      return p;
    } catch {
      return root;
    }
  }
  if (path.isAbsolute(root) || fallbackDir === undefined) {
    return root;
  }
  return path.resolve(fallbackDir, root);
}

/** The absolute path of a report entry's file (its `file` is relative to `roots[root]`). */
export function entryPath(report: Report, entry: { root?: number; file: string }, fallbackDir: string | undefined): string {
  if (path.isAbsolute(entry.file)) {
    return entry.file;
  }
  const roots = report.roots ?? [];
  const dir = rootToPath(roots[entry.root ?? 0], fallbackDir);
  return dir === undefined ? entry.file : path.join(dir, entry.file);
}

/** One line for the summary notification. */
export function summaryLine(report: Report): string {
  const s = report.summary ?? {};
  const parts = [
    plural(s.routes ?? report.routes?.length ?? 0, 'route'),
    `${plural(s.calls ?? report.calls?.length ?? 0, 'call')} (${s.linked_calls ?? 0} linked, ${s.unmatched_calls ?? 0} unmatched)`,
    plural(s.unused_routes ?? 0, 'unused route'),
    plural(report.diagnostics?.length ?? 0, 'problem'),
  ];
  return parts.join(', ');
}

/**
 * The report as text for an output channel: summary counts, problems by code, then one
 * `path:line:col: severity code message` line per diagnostic (absolute paths, so the
 * output view makes them links).
 */
export function formatReport(report: Report, fallbackDir: string | undefined, now: Date = new Date()): string {
  const s = report.summary ?? {};
  const out: string[] = [];
  out.push(`routelink ${report.routelink ?? ''} report, ${now.toLocaleString()}`.replace('  ', ' '));
  const roots = (report.roots ?? []).map((r) => rootToPath(r, fallbackDir) ?? r);
  if (roots.length > 0) {
    out.push(`roots: ${roots.join(', ')}`);
  }
  out.push('');
  out.push('Summary');
  const rows: [string, string][] = [
    ['files indexed', String(s.files ?? 0)],
    ['routes', String(s.routes ?? report.routes?.length ?? 0)],
    ['calls', String(s.calls ?? report.calls?.length ?? 0)],
    ['linked calls', String(s.linked_calls ?? 0)],
    ['unmatched calls', String(s.unmatched_calls ?? 0)],
    ['unused routes', String(s.unused_routes ?? 0)],
  ];
  const unmounted = (report.routes ?? []).filter((r) => r.mounted === false).length;
  if (unmounted > 0) {
    rows.push(['unmounted routes', String(unmounted)]);
  }
  const unresolved = (report.calls ?? []).filter((c) => c.resolved === false).length;
  if (unresolved > 0) {
    rows.push(['unresolved calls', String(unresolved)]);
  }
  if (typeof s.seconds === 'number') {
    rows.push(['index time', `${s.seconds.toFixed(2)} s`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) {
    out.push(`  ${k.padEnd(width)}  ${v}`);
  }

  const diagnostics = [...(report.diagnostics ?? [])];
  out.push('');
  if (diagnostics.length === 0) {
    out.push('No problems.');
    return out.join('\n') + '\n';
  }
  const byCode = new Map<string, number>();
  for (const d of diagnostics) {
    byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  }
  out.push(`Problems (${diagnostics.length})`);
  for (const [code, n] of [...byCode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    out.push(`  ${code.padEnd(18)} ${n}`);
  }
  out.push('');
  diagnostics.sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9) ||
      (a.root ?? 0) - (b.root ?? 0) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
  for (const d of diagnostics) {
    out.push(`${entryPath(report, d, fallbackDir)}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`);
  }
  return out.join('\n') + '\n';
}

/** Status bar text for a `routelink/status` notification (codicons allowed). */
export function statusText(status: StatusParams): string {
  if (status.state === 'indexing') {
    if (status.stored) {
      return "$(sync~spin) routelink: indexing (last session's results shown)";
    }
    return status.files ? `$(sync~spin) routelink: indexing ${status.files} files` : '$(sync~spin) routelink: indexing';
  }
  const routes = status.routes ?? 0;
  const calls = status.calls ?? 0;
  let text = `$(link) routelink: ${routes} routes · ${calls} calls`;
  if (status.diagnostics) {
    text += ` · $(warning) ${status.diagnostics}`;
  }
  return text;
}
