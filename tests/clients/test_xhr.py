"""XMLHttpRequest: xhr.open(method, url) on a new XMLHttpRequest(), wrappers of it."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_open_on_a_local_or_module_level_request():
    assert calls_of({"src/upload.js": """
        const shared = new XMLHttpRequest();
        export function upload(file, onProgress) {
          const xhr = new XMLHttpRequest();
          xhr.upload.onprogress = onProgress;
          xhr.open('POST', '/api/uploads', true);
          xhr.send(file);
        }
        export function poll() {
          shared.open('get', '/api/status');
          shared.send();
        }
        export function notOpen() {
          const w = window.open('/help');
          document.open();
        }
    """}) == [("GET", "/api/status", "xhr", True), ("POST", "/api/uploads", "xhr", True)]


def test_a_promise_wrapper_over_xhr_two_levels_deep():
    index = build_index({
        "server/app.js": """
            const app = require('express')();
            app.get('/api/users', list);
            app.put('/api/users/:id', update);
        """,
        "web/http.js": """
            export function send(method, url, body) {
              return new Promise((resolve, reject) => {
                const xhr = new XMLHttpRequest();
                xhr.open(method, url);
                xhr.onload = () => resolve(JSON.parse(xhr.responseText));
                xhr.onerror = reject;
                xhr.send(body ? JSON.stringify(body) : null);
              });
            }
            export const getJSON = (url) => send('GET', url);
            export const putJSON = (url, body) => send('PUT', url, body);
        """,
        "web/users.js": """
            import { getJSON, putJSON } from './http';
            export const users = () => getJSON('/api/users');
            export const rename = (id, name) => putJSON(`/api/users/${id}`, { name });
            export const gone = () => getJSON('/api/groups');
        """,
    })
    a = index.analysis()
    got = sorted((c.method, c.path, c.client, bool(m.routes)) for c, m in zip(a.calls, a.matches))
    assert got == [("GET", "/api/groups", "xhr", False), ("GET", "/api/users", "xhr", True),
                   ("PUT", "/api/users/{}", "xhr", True)]
