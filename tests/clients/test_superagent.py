"""superagent: member methods, request(method, url), agents, wrappers two levels deep."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_members_method_first_calls_and_agents():
    assert calls_of({"client/src/api.js": """
        import request from 'superagent';
        const agent = request.agent().withCredentials();
        const plain = request.agent();
        export const list = () => request.get('/api/todos').set('Accept', 'application/json');
        export const add = (todo) => request.post('/api/todos').send(todo);
        export const done = (id) => request.put(`/api/todos/${id}/done`);
        export const remove = (id) => request.del(`/api/todos/${id}`);
        export const purge = () => request('DELETE', '/api/todos');
        export const stats = () => request('/api/stats', (err, res) => res.body);
        export const me = () => plain.get('/api/me');
    """}) == [
        ("DELETE", "/api/todos", "superagent", True),
        ("DELETE", "/api/todos/{}", "superagent", True),
        ("GET", "/api/me", "superagent", True),
        ("GET", "/api/stats", "superagent", True),
        ("GET", "/api/todos", "superagent", True),
        ("POST", "/api/todos", "superagent", True),
        ("PUT", "/api/todos/{}/done", "superagent", True),
    ]


def test_wrappers_two_levels_deep_link_to_express_routes():
    index = build_index({
        "server/index.js": """
            const express = require('express');
            const app = express();
            const router = express.Router();
            router.get('/articles', list);
            router.post('/articles', create);
            router.get('/articles/:slug', show);
            app.use('/api', router);
            app.listen(3000);
        """,
        "client/src/agent.js": """
            import superagentPromise from 'superagent-promise';
            import _superagent from 'superagent';
            const API_ROOT = 'http://localhost:3000/api';
            const responseBody = (res) => res.body;
            const requests = {
              get: (url) => _superagent.get(`${API_ROOT}${url}`).then(responseBody),
              post: (url, body) => _superagent.post(`${API_ROOT}${url}`, body).then(responseBody),
            };
            const Articles = {
              all: () => requests.get('/articles'),
              get: (slug) => requests.get(`/articles/${slug}`),
              create: (article) => requests.post('/articles', { article }),
              feed: () => requests.get('/articles/feed'),
            };
            export default { Articles };
        """,
    })
    a = index.analysis()
    linked = sorted((c.method, c.path, [a.routes[i].path for i in m.routes]) for c, m in zip(a.calls, a.matches))
    assert linked == [
        ("GET", "/api/articles", ["/api/articles"]),
        ("GET", "/api/articles/feed", ["/api/articles/{slug}"]),
        ("GET", "/api/articles/{}", ["/api/articles/{slug}"]),
        ("POST", "/api/articles", ["/api/articles"]),
    ]
