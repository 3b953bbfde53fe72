"""ky: calls on the default client, instances with a prefixUrl, methods from options."""

from __future__ import annotations

from tests.conftest import build_index, calls_of

SERVER = """
    const express = require('express');
    const app = express();
    app.get('/api/users', listUsers);
    app.post('/api/users', createUser);
    app.get('/api/items/:id', showItem);
    module.exports = app;
"""


def test_ky_default_client_and_prefix_url_instances():
    assert calls_of({"web/src/api.ts": """
        import ky from 'ky';
        const api = ky.create({ prefixUrl: '/api' });
        const admin = api.extend({ prefixUrl: '/api/admin' });
        export const list = () => ky.get('/api/users').json();
        export const create = (user) => ky.post('/api/users', { json: user }).json();
        export const one = (id) => api.get(`items/${id}`).json();
        export const remove = () => ky('/api/users', { method: 'delete' });
        export const stats = () => admin.get('stats').json();
    """}) == [
        ("DELETE", "/api/users", "ky", True),
        ("GET", "/api/admin/stats", "ky", True),
        ("GET", "/api/items/{}", "ky", True),
        ("GET", "/api/users", "ky", True),
        ("POST", "/api/users", "ky", True),
    ]


def test_ky_calls_link_to_their_routes_and_keep_them_used():
    index = build_index({"server/app.js": SERVER, "web/src/api.ts": """
        import ky from 'ky';
        export const list = () => ky.get('/api/users').json();
        export const create = (user) => ky.post('/api/users', { json: user }).json();
        export const one = (id) => ky(`/api/items/${id}`).json();
        export const wrong = () => ky.put('/api/users', { json: {} });
    """})
    a = index.analysis()
    linked = {(c.method, c.path): [a.routes[i].path for i in m.routes] for c, m in zip(a.calls, a.matches)}
    assert linked == {("GET", "/api/users"): ["/api/users"], ("POST", "/api/users"): ["/api/users"],
                      ("GET", "/api/items/{}"): ["/api/items/{id}"], ("PUT", "/api/users"): []}
    codes = sorted((f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings)
    assert codes == [("method-mismatch", "api.ts")]
