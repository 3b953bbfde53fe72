"""Mock API handlers of a frontend's dev setup (MSW 1/2, UmiJS / Ant Design Pro mock files,
vite-plugin-mock, mockjs): routes of framework ``mock`` that stand in for a backend."""

from __future__ import annotations

from tests.conftest import build_index

BACKEND = {
    "server/package.json": '{"dependencies": {"express": "^4.18.0"}}',
    "server/app.js": """
        const express = require('express');
        const app = express();
        app.get('/api/users', (req, res) => res.json([]));
        app.get('/api/users/:id', (req, res) => res.json({}));
        app.listen(3000);
    """,
}
WEB_PACKAGE = {"web/package.json": '{"dependencies": {"react": "^18.0.0", "msw": "^2.0.0"}}'}


def links(index) -> dict[tuple[str, str], list[str]]:
    a = index.analysis()
    return {(c.method or "ANY", c.path): sorted(
        f"{a.routes[i].framework} {a.routes[i].method} {a.routes[i].path}" for i in m.routes)
        for c, m in zip(a.calls, a.matches)}


def findings(index) -> list[tuple[str, str]]:
    return sorted((f.code, f.message) for f in index.analysis().findings)


def mock_routes(index) -> set[tuple[str, str, bool]]:
    return {(r.method, r.path, r.resolved) for r in index.analysis().routes if r.framework == "mock"}


def test_msw_v2_handlers_serve_what_the_backend_does_not():
    index = build_index({**BACKEND, **WEB_PACKAGE,
        "web/src/mocks/handlers.ts": """
            import { http, HttpResponse } from 'msw';
            export const handlers = [
              http.get('/api/users', () => HttpResponse.json([{ id: 1 }])),
              http.get('/api/dashboard/stats', () => HttpResponse.json({ visits: 3 })),
              http.post('https://api.example.com/api/feedback', () => new HttpResponse(null, { status: 201 })),
              http.all('*/api/health', () => HttpResponse.text('ok')),
            ];
        """,
        "web/src/mocks/browser.ts": """
            import { setupWorker } from 'msw/browser';
            import { handlers } from './handlers';
            export const worker = setupWorker(...handlers);
        """,
        "web/src/api.ts": """
            export const users = () => fetch('/api/users');
            export const stats = () => fetch('/api/dashboard/stats');
            export const feedback = (body) => fetch('/api/feedback', { method: 'POST', body });
            export const health = () => fetch('/api/health', { method: 'HEAD' });
            export const orders = () => fetch('/api/orders');
        """,
    })
    assert mock_routes(index) == {("GET", "/api/users", True), ("GET", "/api/dashboard/stats", True),
                                  ("POST", "/api/feedback", True), ("ANY", "/api/health", True)}
    got = links(index)
    assert got[("GET", "/api/users")] == ["express GET /api/users"]  # the backend wins
    assert got[("GET", "/api/dashboard/stats")] == ["mock GET /api/dashboard/stats"]
    assert got[("POST", "/api/feedback")] == ["mock POST /api/feedback"]
    assert got[("HEAD", "/api/health")] == ["mock ANY /api/health"]
    assert got[("GET", "/api/orders")] == []
    found = findings(index)
    assert ("mock-only-call", "GET /api/dashboard/stats is served only by a mock (handlers.ts:5): "
            "no backend route serves GET /api/dashboard/stats") in found
    assert ("unmatched-call", "No route serves GET /api/orders") in found
    codes = [c for c, _ in found]
    assert codes.count("mock-only-call") == 3 and codes.count("unmatched-call") == 1
    # a mock is never unused, nor a duplicate of the backend's GET /api/users
    assert not any(c in ("duplicate-route", "shadowed-route") for c in codes)
    assert all("/api/dashboard" not in m and "health" not in m for c, m in found if c == "unused-route")


def test_msw_v1_rest_handlers_with_a_constant_and_a_helper():
    index = build_index({**BACKEND, **WEB_PACKAGE,
        "web/src/mocks/handlers.js": """
            import { rest } from 'msw';
            import { API_BASE } from '../config';
            import { uniqueSlash } from '../utils/url';

            const serverApi = (path) => uniqueSlash(new URL(import.meta.env.VITE_API, location.origin) + path);

            export const handlers = [
              rest.get(`${API_BASE}/todos/:id`, (req, res, ctx) => res(ctx.json({ id: req.params.id }))),
              rest.get(serverApi('/dict/data'), (req, res, ctx) => res(ctx.json([]))),
            ];
        """,
        "web/src/config.js": "export const API_BASE = '/api';",
        "web/src/utils/url.js": "export const uniqueSlash = (p) => p.replace(/(https?:\\/)|(\\/)+/g, '$1$2');",
        "web/src/api.js": """
            import axios from 'axios';
            const http = axios.create({ baseURL: '/api' });
            export const todo = (id) => http.get(`/todos/${id}`);
            export const dict = (type) => http.get('/dict/data', { params: { type } });
        """,
    })
    routes = mock_routes(index)
    assert ("GET", "/api/todos/{id}", True) in routes
    assert ("GET", "/{?}/dict/data", False) in routes  # the helper is not evaluable
    got = links(index)
    assert got[("GET", "/api/todos/{}")] == ["mock GET /api/todos/{id}"]
    found = findings(index)
    assert ("mock-only-call", "GET /api/dict/data may be served only by a mock (handlers.js:10, "
            "whose path is not fully known): no backend route serves GET /api/dict/data") in found
    assert not any(c == "unmatched-call" for c, _ in found)


def test_umi_mock_files_with_method_keys_and_any_method():
    index = build_index({**BACKEND,
        "web/package.json": '{"dependencies": {"react": "^18.0.0", "@umijs/max": "^4.0.0"}}',
        "web/mock/user.ts": """
            import type { Request, Response } from 'express';
            const API = '/api';
            export default {
              'GET /api/currentUser': (req: Request, res: Response) => {
                res.send({ success: true, data: { name: 'Serati Ma' } });
              },
              'POST  /api/login/account': async (req: Request, res: Response) => {
                res.send({ status: 'ok' });
              },
              '/api/notices': [{ id: '000000001' }],
              [`DELETE ${API}/rule/:key`]: { success: true },
              'not a route': 1,
            };
        """,
        "web/src/pages/profile/_mock.ts": """
            export default { 'GET /api/profile/basic': { data: {} } };
        """,
        "web/src/services/api.ts": """
            import { request } from '@umijs/max';
            export const currentUser = () => request('/api/currentUser', { method: 'GET' });
            export const login = (body) => request('/api/login/account', { method: 'POST', data: body });
            export const notices = () => request('/api/notices', { method: 'PATCH' });
            export const removeRule = (key) => request(`/api/rule/${key}`, { method: 'DELETE' });
            export const profile = () => request('/api/profile/basic');
        """,
    })
    assert mock_routes(index) == {("GET", "/api/currentUser", True), ("POST", "/api/login/account", True),
                                  ("ANY", "/api/notices", True), ("DELETE", "/api/rule/{key}", True),
                                  ("GET", "/api/profile/basic", True)}
    got = links(index)
    assert got[("PATCH", "/api/notices")] == ["mock ANY /api/notices"]
    assert got[("DELETE", "/api/rule/{}")] == ["mock DELETE /api/rule/{key}"]
    assert got[("GET", "/api/profile/basic")] == ["mock GET /api/profile/basic"]
    codes = [c for c, _ in findings(index)]
    assert codes.count("mock-only-call") == 5 and "unmatched-call" not in codes


def test_a_request_sent_under_a_base_the_mocks_do_not_write_is_still_unmatched():
    """UmiJS matches its mocks against the path the browser sends, before the proxy: a
    request to /dev-api/api/currentUser is forwarded to a backend that lacks it."""
    index = build_index({**BACKEND,
        "web/package.json": '{"dependencies": {"react": "^18.0.0"}}',
        "web/vite.config.ts": """
            export default {
              server: { proxy: { '/dev-api': { target: 'http://localhost:3000',
                                              rewrite: (p) => p.replace(/^\\/dev-api/, '') } } },
            };
        """,
        "web/mock/user.ts": "export default { 'GET /api/currentUser': { name: 'x' } };",
        "web/src/api.ts": """
            import axios from 'axios';
            const http = axios.create({ baseURL: '/dev-api' });
            export const me = () => http.get('/api/currentUser');
            export const users = () => http.get('/api/users');
        """,
    })
    got = links(index)
    assert got[("GET", "/api/users")] == ["express GET /api/users"]
    assert got[("GET", "/api/currentUser")] == []
    [(code, message)] = [f for f in findings(index) if f[0] != "unused-route"]
    assert code == "unmatched-call"
    assert message.endswith("a mock serves GET /api/currentUser (user.ts:1), but the request is "
                            "sent to /dev-api/api/currentUser")


def test_vite_plugin_mock_arrays_and_mockjs():
    index = build_index({**BACKEND,
        "web/package.json": '{"dependencies": {"vue": "^3.0.0", "mockjs": "^1.1.0"}}',
        "web/mock/table.ts": """
            import { MockMethod } from 'vite-plugin-mock';
            import Mock from 'mockjs';
            const data = Mock.mock({ 'items|30': [{ id: '@id' }] });
            export default [
              { url: '/api/table/list', method: 'get', response: () => ({ code: 0, data }) },
              { url: '/api/table/:id', method: 'delete', response: () => ({ code: 0 }) },
              { url: '/vue-admin-template/user/login', type: 'post', response: () => ({ code: 20000 }) },
            ] as MockMethod[];
        """,
        "web/src/mock/index.js": """
            import Mock from 'mockjs';
            Mock.mock('/api/captcha', 'get', { img: '@image' });
            Mock.mock('/api/ping', { pong: true });
            Mock.mock(/\\/api\\/search/, 'get', { items: [] });
        """,
        "web/src/api.js": """
            import axios from 'axios';
            export const list = () => axios.get('/api/table/list');
            export const remove = (id) => axios.delete(`/api/table/${id}`);
            export const login = (data) => axios.post('/vue-admin-template/user/login', data);
            export const captcha = () => axios.get('/api/captcha');
            export const ping = () => axios.post('/api/ping');
            export const search = () => axios.get('/api/search');
        """,
    })
    assert mock_routes(index) == {
        ("GET", "/api/table/list", True), ("DELETE", "/api/table/{id}", True),
        ("POST", "/vue-admin-template/user/login", True), ("GET", "/api/captcha", True),
        ("ANY", "/api/ping", True)}  # a RegExp URL and Mock.mock(template) are no routes
    got = links(index)
    assert got[("DELETE", "/api/table/{}")] == ["mock DELETE /api/table/{id}"]
    assert got[("POST", "/api/ping")] == ["mock ANY /api/ping"]
    assert got[("GET", "/api/search")] == []
    codes = [c for c, _ in findings(index)]
    assert codes.count("mock-only-call") == 5 and codes.count("unmatched-call") == 1


def test_without_a_backend_mocks_link_and_the_note_stays():
    from routelink.ide.report import notes

    index = build_index({**WEB_PACKAGE,
        "web/src/mocks/handlers.ts": """
            import { http, HttpResponse } from 'msw';
            export const handlers = [http.get('/api/me', () => HttpResponse.json({}))];
        """,
        "web/src/api.ts": """
            export const me = () => fetch('/api/me');
            export const other = () => fetch('/api/other');
        """,
    })
    got = links(index)
    assert got[("GET", "/api/me")] == ["mock GET /api/me"]
    assert got[("GET", "/api/other")] == []
    assert findings(index) == []  # no backend: nothing is matched one by one, no mock finding
    assert notes(index.analysis(), ["."]) != []


def test_only_mock_modules_count():
    index = build_index({**BACKEND,
        "web/package.json": '{"dependencies": {"react": "^18.0.0"}}',
        "web/src/i18n/messages.ts": "export default { '/api/users': 'Users page' };",
        "web/src/config/routes.ts": "export default [{ url: '/dashboard', method: 'get' }];",
        "web/src/api.ts": "export const users = () => fetch('/api/users');",
    })
    assert mock_routes(index) == set()


def test_mocks_are_never_duplicate_shadowed_or_unused():
    index = build_index({**BACKEND, **WEB_PACKAGE,
        "web/mocks/list.ts": """
            import { http, HttpResponse } from 'msw';
            export default [
              http.get('/api/list/:id', () => HttpResponse.json({})),
              http.get('/api/list/:id', () => HttpResponse.json({})),
              http.get('/api/list/first', () => HttpResponse.json({})),
              http.get('/api/users/:id', () => HttpResponse.json({})),
            ];
        """,
        "web/src/api.ts": "export const users = () => fetch('/api/users');",
    })
    codes = [(c, m) for c, m in findings(index)]
    assert not any(c in ("duplicate-route", "shadowed-route") for c, _ in codes)
    unused = [m for c, m in codes if c == "unused-route"]
    assert unused == ["No indexed call reaches GET /api/users/{id}"]  # the backend's only


def test_a_mock_folder_above_the_workspace_root_does_not_count():
    # the checkout lies in ~/mocks/: only folders below the workspace root make mock modules
    index = build_index({**BACKEND,
        "web/package.json": '{"dependencies": {"react": "^18.0.0"}}',
        "web/src/menu.ts": """
            export default [
              { url: '/api/orders', title: 'Orders' },
            ];
        """,
        "web/mock/user.ts": """
            export default [
              { url: '/api/profile', method: 'get', response: () => ({ name: 'Ann' }) },
            ];
        """,
        "web/src/api.ts": """
            export const orders = () => fetch('/api/orders');
            export const profile = () => fetch('/api/profile');
        """,
    }, root="/home/dev/mocks/shop")
    assert mock_routes(index) == {("GET", "/api/profile", True)}
    got = links(index)
    assert got[("GET", "/api/orders")] == []
    assert got[("GET", "/api/profile")] == ["mock GET /api/profile"]
    found = findings(index)
    assert ("unmatched-call", "No route serves GET /api/orders") in found
    assert not any(c == "mock-only-call" and "/api/orders" in m for c, m in found)


def test_msw_passthrough_handlers_are_no_routes():
    index = build_index({**BACKEND, **WEB_PACKAGE,
        "web/src/mocks/handlers.ts": """
            import { http, rest, HttpResponse, passthrough } from 'msw';
            export const handlers = [
              http.get('/api/session', () => passthrough()),
              http.all('/api/*', async () => {
                return passthrough();
              }),
              rest.get('/api/v1/*', (req, res, ctx) => req.passthrough()),
              http.get('/api/flags', ({ request }) => {
                if (request.headers.get('x-real')) return passthrough();
                return HttpResponse.json({ beta: true });
              }),
            ];
        """,
        "web/src/api.ts": """
            export const session = () => fetch('/api/session');
            export const flags = () => fetch('/api/flags');
        """,
    })
    # only the handler that answers some requests itself is a route
    assert mock_routes(index) == {("GET", "/api/flags", True)}
    got = links(index)
    assert got[("GET", "/api/session")] == []
    assert got[("GET", "/api/flags")] == ["mock GET /api/flags"]
    assert ("unmatched-call", "No route serves GET /api/session") in findings(index)


def test_a_catch_all_mock_excuses_no_call():
    index = build_index({**BACKEND, **WEB_PACKAGE,
        "web/src/mocks/handlers.ts": """
            import { http, HttpResponse } from 'msw';
            export const handlers = [
              http.get('/api/*', () => HttpResponse.json({})),
              http.get('/api/stats', () => HttpResponse.json({ visits: 3 })),
            ];
        """,
        "web/src/api.ts": """
            export const typo = () => fetch('/api/userz');
            export const stats = () => fetch('/api/stats');
        """,
    })
    # the catch-all is read (a route of the mock framework) but serves no call
    assert mock_routes(index) == {("GET", "/api/{wild*}", True), ("GET", "/api/stats", True)}
    got = links(index)
    assert got[("GET", "/api/userz")] == []
    assert got[("GET", "/api/stats")] == ["mock GET /api/stats"]
    found = findings(index)
    assert ("unmatched-call", "No route serves GET /api/userz") in found
    assert [c for c, _ in found].count("mock-only-call") == 1
