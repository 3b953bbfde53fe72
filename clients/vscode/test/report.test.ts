import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryPath, formatReport, type Report, rootToPath, statusText, summaryLine } from '../src/report';

const report: Report = {
  routelink: '0.1.0',
  roots: ['/ws/app'],
  routes: [
    { id: 'r1', method: 'GET', path: '/api/v1/alerts/{id}', root: 0, file: 'backend/alerts.ts', line: 47, column: 1, framework: 'express', handler: 'getAlert', callers: ['c1'], mounted: true },
    { id: 'r2', method: 'DELETE', path: '/api/v1/alerts/{id}', root: 0, file: 'backend/alerts.ts', line: 60, column: 1, framework: 'express', handler: null, callers: [], mounted: false },
  ],
  calls: [
    { id: 'c1', method: 'GET', path: '/api/v1/alerts/{}', raw: '`/alerts/${id}`', root: 0, file: 'frontend/Alerts.tsx', line: 12, column: 7, client: 'axios', resolved: true, routes: ['r1'] },
    { id: 'c2', method: 'POST', path: '/api/v1/alert', root: 0, file: 'frontend/Alerts.tsx', line: 20, column: 7, client: 'axios', resolved: true, routes: [] },
  ],
  diagnostics: [
    { code: 'unused-route', severity: 'information', root: 0, file: 'backend/alerts.ts', line: 60, column: 1, message: 'no call reaches DELETE /api/v1/alerts/{id}' },
    { code: 'unmatched-call', severity: 'warning', root: 0, file: 'frontend/Alerts.tsx', line: 20, column: 7, message: 'no route serves POST /api/v1/alert' },
  ],
  summary: { files: 2, routes: 2, calls: 2, linked_calls: 1, unmatched_calls: 1, unused_routes: 1, seconds: 0.125 },
};

test('rootToPath accepts paths, file URIs and relative roots', () => {
  assert.equal(rootToPath('/ws/app', undefined), '/ws/app');
  assert.equal(rootToPath('file:///ws/my%20app', undefined), '/ws/my app');
  assert.equal(rootToPath('file:///c%3A/ws', undefined), 'c:/ws');
  assert.equal(rootToPath('front', '/ws'), '/ws/front');
  assert.equal(rootToPath(undefined, '/ws'), '/ws');
});

test('entryPath joins the root and the relative file', () => {
  assert.equal(entryPath(report, report.calls![0], undefined), '/ws/app/frontend/Alerts.tsx');
});

test('formatReport lists counts and one clickable line per diagnostic, worst first', () => {
  const text = formatReport(report, undefined, new Date(0));
  assert.match(text, /routes\s+2/);
  assert.match(text, /linked calls\s+1/);
  assert.match(text, /unmounted routes\s+1/);
  assert.match(text, /index time\s+0\.13 s/);
  const lines = text.trim().split('\n');
  assert.equal(lines[lines.length - 2], '/ws/app/frontend/Alerts.tsx:20:7: warning unmatched-call no route serves POST /api/v1/alert');
  assert.equal(lines[lines.length - 1], '/ws/app/backend/alerts.ts:60:1: information unused-route no call reaches DELETE /api/v1/alerts/{id}');
});

test('formatReport with no diagnostics says so', () => {
  assert.match(formatReport({ summary: {}, diagnostics: [] }, undefined), /No problems\./);
});

test('summaryLine', () => {
  assert.equal(summaryLine(report), '2 routes, 2 calls (1 linked, 1 unmatched), 1 unused route, 2 problems');
});

test('statusText', () => {
  assert.equal(statusText({ state: 'indexing', files: 120 }), '$(sync~spin) routelink: indexing 120 files');
  assert.equal(statusText({ state: 'indexing', stored: 7 }), "$(sync~spin) routelink: indexing (last session's results shown)");
  assert.equal(statusText({ state: 'ready', files: 3, routes: 4, calls: 5, diagnostics: 0 }), '$(link) routelink: 4 routes · 5 calls');
  assert.equal(statusText({ state: 'ready', routes: 4, calls: 5, diagnostics: 2 }), '$(link) routelink: 4 routes · 5 calls · $(warning) 2');
});
