"""Findings end to end through the index: every code on small realistic workspaces."""

from __future__ import annotations

from tests.conftest import build_index

BACKEND = {
    "server/app.js": """
        const express = require('express');
        const app = express();
        const todos = require('./routes/todos');
        app.use('/api/todos', todos);
    """,
    "server/routes/todos.js": """
        const router = require('express').Router();
        router.get('/', list);
        router.post('/', create);
        router.get('/:id', show);
        router.delete('/:id', remove);
        router.get('/archived', archived);
        module.exports = router;
    """,
}


def findings(files: dict[str, str]) -> list[tuple[str, str, int]]:
    index = build_index({**BACKEND, **files})
    return sorted((f.code, f.file.rsplit("/", 1)[-1], f.span.line) for f in index.analysis().findings)


def test_clean_frontend_only_reports_backend_problems():
    got = findings({"client/api.js": """
        import axios from 'axios';
        export const api = {
          list: () => axios.get('/api/todos'),
          create: (t) => axios.post('/api/todos', t),
          show: (id) => axios.get(`/api/todos/${id}`),
          remove: (id) => axios.delete(`/api/todos/${id}`),
        };
    """})
    # /archived is shadowed by /:id; `/api/todos/${id}` may be 'archived' at run time,
    # so it is not reported unused
    assert got == [("shadowed-route", "todos.js", 6)]


def test_literal_route_without_any_possible_caller_is_unused():
    got = findings({"client/api.js": """
        import axios from 'axios';
        export const list = () => axios.get('/api/todos');
        export const create = (t) => axios.post('/api/todos', t);
    """})
    unused = sorted(g[2] for g in got if g[0] == "unused-route")
    assert unused == [4, 5, 6]  # GET /:id, DELETE /:id, GET /archived


def test_unmatched_and_method_mismatch():
    got = findings({"client/api.js": """
        export const list = () => fetch('/api/todos');
        export const create = (t) => fetch('/api/todos', { method: 'POST', body: t });
        export const show = (id) => fetch(`/api/todos/${id}`);
        export const update = (id, t) => fetch(`/api/todos/${id}`, { method: 'PUT', body: t });
        export const stats = () => fetch('/api/todo-stats');
    """})
    assert ("method-mismatch", "api.js", 4) in got
    assert ("unmatched-call", "api.js", 5) in got
    assert not [g for g in got if g[0] == "unused-route" and g[2] in (2, 3, 4)]


def test_method_mismatch_message_lists_methods_and_offers_fix():
    index = build_index({**BACKEND, "client/api.js": """
        import axios from 'axios';
        export const rename = (id) => axios.put(`/api/todos/${id}`, {});
    """})
    [f] = [f for f in index.analysis().findings if f.code == "method-mismatch"]
    assert "DELETE, GET" in f.message
    assert f.fix is None  # two methods exist: no single obvious fix


def test_no_unused_route_without_any_frontend():
    assert [g[0] for g in findings({})] == ["shadowed-route"]


def test_suppression_comment(tmp_path):
    from routelink.config import Config
    from routelink.ide.report import diagnostics

    index = build_index({**BACKEND, "client/api.js": """
        // routelink-ignore: unmatched-call
        export const stats = () => fetch('/api/todo-stats');
        export const other = () => fetch('/api/nothing'); // routelink-ignore
        export const third = () => fetch('/api/missing');
    """})
    codes = [(d.code, d.span.line) for d in diagnostics(index, Config()) if d.file.endswith("api.js")]
    assert codes == [("unmatched-call", 4)]


def test_severity_configuration_turns_codes_off():
    from routelink.config import Config
    from routelink.ide.report import diagnostics

    index = build_index({**BACKEND, "client/api.js": "export const a = () => fetch('/api/todos');\n"})
    cfg = Config().merged({"severity": {"unused-route": "off", "shadowed-route": "error"}}, "test")
    got = sorted({(d.code, d.severity) for d in diagnostics(index, cfg)})
    assert got == [("shadowed-route", "error")]


def test_a_call_to_a_shadowed_route_links_to_the_route_that_wins():
    index = build_index({**BACKEND, "client/api.js": "export const a = () => fetch('/api/todos/archived');\n"})
    a = index.analysis()
    [m] = a.matches
    assert [a.routes[i].path for i in m.routes] == ["/api/todos/{id}"]
    assert [a.routes[i].path for i in m.possible_routes] == ["/api/todos/archived"]


def test_ignore_comment_with_a_reason():
    from routelink.config import Config
    from routelink.ide.report import diagnostics

    index = build_index({**BACKEND, "client/api.js": """
        // routelink-ignore: unmatched-call -- legacy endpoint, removed in v3
        export const a = () => fetch('/api/old');
        export const b = () => fetch('/api/older'); // routelink-ignore: unmatched-call, unused-route (legacy)
        export const c = () => fetch('/api/oldest'); // routelink-ignore: method-mismatch
    """})
    codes = [(d.code, d.span.line) for d in diagnostics(index, Config()) if d.file.endswith("api.js")]
    # the codes a comment lists that suppress nothing there are unused-ignore hints
    assert codes == [("unused-ignore", 3), ("unmatched-call", 4), ("unused-ignore", 4)]


def test_slash_variants_do_not_shadow_each_other_outside_express():
    index = build_index({
        "api/app.py": """
            from flask import Flask

            app = Flask(__name__)

            @app.get("/items")
            def list_items():
                return []

            @app.get("/items/")
            def list_items_slash():
                return []
        """,
        "web/api.js": "export const a = () => fetch('/items/');\n",
    })
    a = index.analysis()
    assert not [f for f in a.findings if f.code == "shadowed-route"]
    [m] = a.matches
    assert [a.routes[i].handler for i in m.routes] == ["list_items_slash"]


def test_no_backend_at_all_flags_no_call_one_by_one():
    from routelink.ide.report import notes

    index = build_index({"client/api.js": """
        import axios from 'axios';
        export const list = () => axios.get('/api/todos');
        export const create = (t) => fetch('/api/todos', { method: 'POST', body: t });
        export const more = () => axios.get(sessionStorage.getItem('next'));
    """})
    a = index.analysis()
    assert len(a.calls) == 3
    assert sorted(f.code for f in a.findings) == ["unresolved-call"]
    assert notes(a, ["web"]) == [
        "no backend routes found in web; give the backend's folder as another PATH "
        "(routelink check web ../api) or open it as a workspace folder"]
    # one route anywhere: calls are matched again, and there is no note
    index.apply_changes({"/ws/server/app.js": b"const app = require('express')();\napp.get('/health', h);\n"})
    a = index.analysis()
    assert sorted(f.code for f in a.findings) == ["unmatched-call", "unmatched-call", "unresolved-call",
                                                  "unused-route"]
    assert notes(a, ["web"]) == []


def test_one_declaration_with_several_paths_is_used_when_one_of_them_is():
    from tests.conftest import build_index

    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            const posts = express.Router();
            posts.get('/:slug?', show);
            app.use('/api/posts', posts);
            app.use('/api/v2/posts', posts);
        """,
        "web/api.js": "export const post = (s) => fetch(`/api/posts/${s}`);\n",
    })
    unused = sorted(f.message for f in index.analysis().findings if f.code == "unused-route")
    # `/api/posts` is the same declaration as the called `/api/posts/{slug}`; the second
    # mount is a path of its own nobody calls
    assert unused == ["No indexed call reaches GET /api/v2/posts",
                      "No indexed call reaches GET /api/v2/posts/{slug}"]


def test_an_origin_from_an_env_var_with_no_value_is_checked_only_once_some_call_proves_it():
    # saas-style: the API is at NEXT_PUBLIC_URL_API (its calls reach routes), a lambda
    # gateway at NEXT_PUBLIC_API_GATEWAY_ENDPOINT (nothing through it reaches a route: it
    # may be another service, so neither its path nor its method is held against it)
    index = build_index({**BACKEND, "client/api.js": """
        export const list = () => fetch(`${process.env.NEXT_PUBLIC_URL_API}/api/todos`);
        export const lost = () => fetch(`${process.env.NEXT_PUBLIC_URL_API}/api/todo`);
        export const send = (body) => fetch(`${process.env.NEXT_PUBLIC_API_GATEWAY_ENDPOINT}/api/todos/1`,
                                            { method: 'PUT', body });
        export const hook = () => fetch(`${process.env.NEXT_PUBLIC_API_GATEWAY_ENDPOINT}/notify`);
    """})
    got = sorted((f.code, f.span.line, f.message) for f in index.analysis().findings
                 if f.file.endswith("api.js"))
    assert [(code, line) for code, line, _ in got] == [
        ("unmatched-call", 2), ("unresolved-call", 3), ("unresolved-call", 5)]
    assert "env var NEXT_PUBLIC_API_GATEWAY_ENDPOINT, which has no known value" in got[1][2]


def test_a_host_no_call_reaches_a_route_at_is_another_service():
    # a third-party API's base in a constant (morak's tmap, papermark's Slack) is not the
    # app's backend; the app's own API host is, because some call through it links
    got = findings({"client/api.js": """
        import axios from 'axios';
        const GITHUB_API = 'https://api.github.com';
        const API = 'https://api.todos.example.com';
        export const tmap = {
          host: 'https://apis.openapi.sk.com/tmap',
          search: (q) => axios.get(`${tmap.host}/pois?q=${q}`),
        };
        export const repos = (user) => fetch(`${GITHUB_API}/users/${user}/repos`);
        export const list = () => fetch(`${API}/api/todos`);
        export const lost = () => fetch(`${API}/api/todo/archived`);
        export const page = (space) => fetch(`https://${space}.notion.site/api/v3/getPublicPageData`,
                                             { method: 'POST' });
        export const probe = (domain) => fetch(`https://${domain}`, { method: 'HEAD' });
        export const hook = (host, id) => fetch(`https://${host}/hooks/${id}`, { method: 'POST' });
    """})
    assert [f for f in got if f[1] == "api.js"] == [("unmatched-call", "api.js", 10)]


def test_a_client_base_url_host_is_the_apps_own_even_when_every_call_through_it_is_broken():
    # a wrong base URL breaks every call through the client: each is still reported
    got = findings({"client/api.js": """
        import axios from 'axios';
        const api = axios.create({ baseURL: 'https://api.todos.example.com/api/v2' });
        export const list = () => api.get('/todos');
        export const show = (id) => api.get(`/todos/${id}`);
    """})
    assert [f for f in got if f[1] == "api.js"] == [
        ("unmatched-call", "api.js", 3), ("unmatched-call", "api.js", 4)]
