"""The Fetch API: methods from init, templates, absolute URLs, env values, Vue/Svelte script blocks."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_fetch_method_from_init_and_templates():
    assert calls_of({"src/api.js": """
        export async function load(id) {
          await fetch('/api/items');
          await fetch(`/api/items/${id}`, { method: 'DELETE' });
          await fetch(`/api/items/${id}/photos/${encodeURIComponent(name)}.png`);
          await fetch(`/api/search?q=${q}&page=${page}`);
          await fetch(`/api/items${buildQuery(filters)}`);
          await fetch('/api/items', { method: 'post', body: JSON.stringify(x) });
        }
    """}) == [
        ("DELETE", "/api/items/{}", "fetch", True),
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/items/{}/photos/{}.png", "fetch", True),
        ("GET", "/api/search", "fetch", True),
        ("POST", "/api/items", "fetch", True),
    ]

def test_absolute_urls_env_defaults_and_other_hosts():
    assert calls_of({"src/api.ts": """
        const API_URL = import.meta.env.VITE_API_URL || 'http://localhost:8000';
        const BASE = process.env.REACT_APP_API ?? 'https://shop.example.com/api/v1';
        export const a = () => fetch(`${API_URL}/api/users`);
        export const b = () => fetch(BASE + '/orders');
        export const c = () => fetch('http://localhost:3000/api/ping');
        export const d = () => fetch('https://api.github.com/repos/x/y');
    """}) == [
        ("GET", "/api/ping", "fetch", True),
        ("GET", "/api/users", "fetch", True),
        ("GET", "/api/v1/orders", "fetch", True),
    ]

def test_env_var_without_default_is_the_origin_or_comes_from_dotenv():
    index = build_index({
        "web/src/api.js": """
            export const a = () => fetch(`${process.env.REACT_APP_API}/api/users`);
            export const b = () => fetch(`${import.meta.env.VITE_BACKEND}/things`);
        """,
        "web/package.json": "{}",
    })
    index.apply_changes({"/ws/web/.env": b"VITE_BACKEND=http://localhost:5000/api\n"})
    assert sorted(c.path for c in index.analysis().calls) == ["/api/things", "/api/users"]

def test_unresolved_url_is_a_hint_not_a_warning():
    index = build_index({"src/a.js": "export const go = (url) => fetch(url);\nfetch(window.location.href);\n"})
    a = index.analysis()
    # `go` is a wrapper: its requests are its call sites (it may be called out of sight,
    # passed as a callback), so only the direct call is reported
    assert [f.code for f in a.findings] == ["unresolved-call"]

def test_a_client_method_nothing_calls_is_reported_where_written():
    index = build_index({"src/api.js": """
        const http = {
          get: (path) => fetch(`/api${path}`),
          remove: (path) => fetch(`/api${path}`, { method: 'DELETE' }),
        };
        export const users = () => http.get('/users');
    """})
    a = index.analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("DELETE", "/api{*}", False), ("GET", "/api/users", True)]
    (f,) = [f for f in a.findings if f.code == "unresolved-call"]
    assert "parameter 'path' of http.remove(), which no indexed code calls" in f.message


def test_vue_sfc_script_block(tmp_path):
    from routelink.index import index_workspace

    (tmp_path / "src").mkdir()
    (tmp_path / "src/Tags.vue").write_text(
        "<template>\n  <ul><li v-for='t in tags'>{{ t }}</li></ul>\n</template>\n"
        "<script setup lang=\"ts\">\nimport axios from 'axios';\n"
        "const tags = await axios.get('/api/tags');\n</script>\n")
    index = index_workspace([str(tmp_path)])
    calls = index.analysis().calls
    assert [(c.path, c.span.line) for c in calls] == [("/api/tags", 5)]


def test_the_init_written_last_sets_the_method():
    # async-labs/saas-style: a POST default that the caller's options override
    assert calls_of({
        "app/lib/api/send.ts": """
            export default async function sendRequestAndGetResponse(path, opts: any = {}) {
              const response = await fetch(
                `/api/v1${path}`,
                Object.assign({ method: 'POST', credentials: 'include' }, opts, { headers: {} }),
              );
              return response.json();
            }
            export const put = (path, opts) => fetch(`/api/v1${path}`, { method: 'PUT', ...opts });
            export const del = (path, opts) => fetch(`/api/v1${path}`, { ...opts, method: 'DELETE' });
        """,
        "app/lib/api/team-leader.ts": """
            import sendRequestAndGetResponse, { put, del } from './send';
            export const addTeam = (data) =>
              sendRequestAndGetResponse('/teams/add', { body: JSON.stringify(data) });
            export const getTeam = (token) =>
              sendRequestAndGetResponse('/teams/get', { method: 'GET', qs: { token } });
            export const patchTeam = (data) => put('/teams/patch', { method: 'PATCH', body: data });
            export const updateTeam = (data) => put('/teams/update', { body: data });
            export const removeTeam = (id) => del('/teams/remove', { method: 'GET', body: id });
        """,
    }) == [
        ("DELETE", "/api/v1/teams/remove", "fetch", True),
        ("GET", "/api/v1/teams/get", "fetch", True),
        ("PATCH", "/api/v1/teams/patch", "fetch", True),
        ("POST", "/api/v1/teams/add", "fetch", True),
        ("PUT", "/api/v1/teams/update", "fetch", True),
    ]


def test_an_env_var_with_no_value_inside_the_path_is_unknown():
    index = build_index({
        "api/server.js": """
            const app = require('express')();
            app.post('/api/signup', signup);
        """,
        "web/src/api.js": """
            export const signup = (b) => fetch(`/api/${process.env.REACT_APP_TENANT}/signup`, {
              method: 'POST', body: b });
            export const login = (b) => fetch(`${process.env.REACT_APP_API}/api/signup`, {
              method: 'POST', body: b });
        """,
    })
    a = index.analysis()
    # never `/api/signup`: the tenant is a part of the path routelink cannot know; an env
    # var at the start is the origin, as before
    assert sorted((c.path, c.resolved) for c in a.calls) == [
        ("/api/signup", True), ("/api/{*}/signup", False)]
    assert [f.message for f in a.findings] == [
        "The URL `/api/${process.env.REACT_APP_TENANT}/signup` could not be resolved "
        "statically: it reads env var REACT_APP_TENANT, which has no known value (give "
        "REACT_APP_TENANT one in [env] of routelink.toml or a .env file), so this POST call "
        "was not checked"]


def test_fetch_from_node_packages():
    index = build_index({
        "server/app.ts": """
            import * as express from 'express';
            import fetch from 'node-fetch';
            import crossFetch from 'cross-fetch';
            import { request } from 'undici';
            const legacy = require('node-fetch');
            const app = express();
            app.post('/subscribe', async (req, res) => {
              await fetch('https://us1.api.mailchimp.com/3.0/lists/abc/members/', { method: 'POST' });
              await crossFetch('https://hooks.slack.com/services/T0/B0');
              await request('https://api.stripe.com/v1/customers', { method: 'POST' });
              await legacy(req.body.callback);
              res.send('ok');
            });
        """,
    })
    got = sorted((c.method, c.path, c.client, c.side, c.resolved) for c in index.analysis().calls)
    assert got == [
        ("GET", "/services/T0/B0", "fetch", "server", True),
        ("GET", "/{}", "fetch", "server", False),
        ("POST", "/3.0/lists/abc/members/", "fetch", "server", True),
        ("POST", "/v1/customers", "fetch", "server", True),
    ]
