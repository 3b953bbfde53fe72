"""Value flow from where a value is written to where a request is made: locals anywhere
in a function, values returned by functions, query strings, API-client classes, client
instances passed as arguments. Fixtures are written the way real frontends write them."""

from __future__ import annotations

from tests.conftest import build_index, calls_of


def test_locals_declared_in_blocks_branches_and_loops():
    assert calls_of({"web/src/services/orders.ts": """
        import axios from 'axios';
        export async function loadOrders(status?: string) {
          try {
            const url = '/api/orders';
            const res = await fetch(url);
            return await res.json();
          } catch (err) {
            console.error(err);
          }
        }
        export async function exportOrders(format: string) {
          let endpoint;
          if (format === 'csv') {
            endpoint = '/api/orders/export.csv';
          } else {
            endpoint = '/api/orders/export';
          }
          return fetch(endpoint);
        }
        export async function search(q: string, page: number) {
          let url = '/api/orders/search';
          url += `?q=${q}`;
          if (page) url += `&page=${page}`;
          return fetch(url);
        }
        export function remove(id: string) {
          for (const attempt of [1, 2]) {
            const target = `/api/orders/${id}`;
            fetch(target, { method: 'DELETE' });
          }
        }
        export function send(order, dryRun) {
          const url = dryRun ? '/api/orders/validate' : '/api/orders';
          const method = 'POST';
          return axios({ url, method, data: order });
        }
        export function maybe(id) {
          const url = id ? `/api/orders/${id}` : null;
          return fetch(url);
        }
    """}) == [
        ("DELETE", "/api/orders/{}", "fetch", True),
        ("GET", "/api/orders", "fetch", True),
        ("GET", "/api/orders/export", "fetch", True),
        ("GET", "/api/orders/export.csv", "fetch", True),
        ("GET", "/api/orders/search", "fetch", True),
        ("GET", "/api/orders/{}", "fetch", True),
        ("POST", "/api/orders", "axios", True),
        ("POST", "/api/orders/validate", "axios", True),
    ]


def test_values_returned_by_functions():
    assert calls_of({"web/src/lib/config.ts": """
        function pickBase() {
          const env = import.meta.env.VITE_API_URL;
          if (env) return env.trim();
          return '/api';
        }
        export const getApiUrl = () => (import.meta.env.VITE_API ?? 'http://localhost:8080/api').toString();
        export const API_BASE = pickBase();
        export const wsBase = () => getApiUrl().replace(/^http/, 'ws');
        """,
        "web/src/lib/api.ts": """
        import { API_BASE, getApiUrl, wsBase } from './config';
        export const users = () => fetch(`${API_BASE}/users`);
        export const items = () => fetch(`${getApiUrl()}/items`);
        export const live = () => new WebSocket(`${wsBase()}/live`);
    """}) == [
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/users", "fetch", True),
        ("WS", "/api/live", "websocket", True),
    ]


def test_holes_in_the_query_string_leave_a_resolved_call():
    assert calls_of({"web/src/chat.ts": """
        export const join = (roomId) => new WebSocket(`/chat?room=${roomId}`);
        export const find = (q, p) => fetch(`/api/search?q=${encodeURIComponent(q)}&page=${p}`);
        export const page = (params) => fetch('/api/items?' + new URLSearchParams(params));
    """}) == [
        ("GET", "/api/items", "fetch", True),
        ("GET", "/api/search", "fetch", True),
        ("WS", "/chat", "websocket", True),
    ]


API_CLIENT = """
    type Init = RequestInit & { query?: Record<string, string> };

    export class ApiClient {
      private base: string;
      private token?: string;

      constructor(base: string, options: { token?: string } = {}) {
        if (base.endsWith('/')) {
          this.base = base.slice(0, -1);
        } else {
          this.base = base;
        }
        this.token = options.token;
      }

      private async send<T>(path: string, init: Init = {}): Promise<T> {
        const res = await fetch(`${this.base}${path}`, {
          ...init,
          headers: { Authorization: `Bearer ${this.token}` },
        });
        if (!res.ok) throw new Error(res.statusText);
        return res.json();
      }

      listUsers() {
        return this.send('/users');
      }

      getUser(id: string) {
        return this.send(`/users/${id}/`);
      }

      deleteUser(id: string) {
        return this.send(`/users/${id}`, { method: 'DELETE' });
      }

      forward(path: string, init?: Init) {
        return this.send(path, init);
      }
    }

    export const client = new ApiClient(import.meta.env.VITE_API_BASE ?? '/api');
"""


def test_api_client_class_with_a_base_from_its_constructor():
    index = build_index({
        "web/src/api/client.ts": API_CLIENT,
        "web/src/pages/Audit.tsx": """
            import { client } from '../api/client';
            export function Audit() {
              const record = () => client.forward('/audit', { method: 'POST' });
              const ping = () => client.forward('/health');
              return null;
            }
        """,
    })
    got = sorted((c.method, c.path, c.file.rsplit("/", 1)[-1], c.raw) for c in index.analysis().calls)
    assert got == [
        ("DELETE", "/api/users/{}", "client.ts", "`/users/${id}`"),
        ("GET", "/api/health", "Audit.tsx", "'/health'"),
        ("GET", "/api/users", "client.ts", "'/users'"),
        ("GET", "/api/users/{}/", "client.ts", "`/users/${id}/`"),
        ("POST", "/api/audit", "Audit.tsx", "'/audit'"),
    ]


def test_a_client_class_whose_base_is_its_constructor_argument():
    # the base is a constructor argument only the instance gives: inside the class it is
    # an unknown base URL, so `request(url)` is still a wrapper whose callers are the calls
    index = build_index({
        "web/src/api/fetchInstance.js": """
            class FetchClient {
              constructor(baseURL) {
                this.baseURL = baseURL;
              }
              async request(url, options = {}) {
                const response = await fetch(`${this.baseURL}${url}`, options);
                return response.json();
              }
              async get(url, options = {}) {
                return this.request(url, { method: 'GET', ...options });
              }
              async delete(url, options = {}) {
                await this.request(url, { method: 'DELETE', ...options });
              }
              me() {
                return this.request('/users/me');
              }
            }
            const fetchInstance = new FetchClient('http://127.0.0.1:3000/api');
            export default fetchInstance;
        """,
        "web/src/api/users.js": """
            import fetchInstance from './fetchInstance';
            const users = {
              async list() { return await fetchInstance.get('/users'); },
              async remove(userId) { await fetchInstance.delete(`/user/${userId}`); },
            };
            export default users;
        """,
    })
    got = sorted((c.method, c.path, c.file.rsplit("/", 1)[-1], c.raw) for c in index.analysis().calls)
    assert got == [
        ("DELETE", "/api/user/{}", "users.js", "`/user/${userId}`"),
        ("GET", "/api/users", "users.js", "'/users'"),
        ("GET", "/api/users/me", "fetchInstance.js", "'/users/me'"),
    ]


def test_a_client_instance_created_in_another_module():
    index = build_index({
        "web/src/api/client.ts": API_CLIENT.replace(
            "export const client = new ApiClient(import.meta.env.VITE_API_BASE ?? '/api');", ""),
        "web/src/api/index.ts": """
            import { ApiClient } from './client';
            export const api = new ApiClient('http://localhost:4000/v1/');
        """,
    })
    assert sorted((c.path, c.resolved) for c in index.analysis().calls) == [
        ("/v1/users", True), ("/v1/users/{}", True), ("/v1/users/{}/", True),
        ("/v1/{*}", False),  # forward(): nothing calls it, its path comes from its caller
    ]
    # the instance goes away: the methods' requests are unresolved again, as in a fresh index
    index.apply_changes({"/ws/web/src/api/index.ts": b"export const nothing = 1;\n"})
    assert {c.resolved for c in index.analysis().calls} == {False}


def test_a_client_instance_passed_as_an_argument():
    # the request is written in refreshToken(): reported there, once per client it is
    # called with
    assert calls_of({
        "web/src/lib/http.ts": """
            import axios, { AxiosInstance } from 'axios';
            export const api = axios.create({ baseURL: '/api/v2' });
            export const auth = axios.create({ baseURL: '/auth' });
        """,
        "web/src/lib/session.ts": """
            import type { AxiosInstance } from 'axios';
            import { api, auth } from './http';
            export async function refreshToken(client: AxiosInstance, token: string) {
              const { data } = await client.post('/refresh', { token });
              return data;
            }
            export const refreshApi = (t) => refreshToken(api, t);
            export const refreshAuth = (t) => refreshToken(auth, t);
        """,
    }) == [("POST", "/api/v2/refresh", "axios", True), ("POST", "/auth/refresh", "axios", True)]


def test_a_client_parameter_nothing_passes_is_reported_unresolved():
    index = build_index({"web/src/lib/session.ts": """
        export async function refreshToken(client) {
          return client.post('/refresh');
        }
    """})
    (call,) = index.analysis().calls
    assert (call.method, call.resolved) == ("POST", False)
    (f,) = index.analysis().findings
    assert f.code == "unresolved-call" and "parameter 'client' of refreshToken()" in f.message
    # a caller appears in another file: the request resolves where it is written
    index.apply_changes({"/ws/web/src/lib/http.ts": b"""
        import axios from 'axios';
        import { refreshToken } from './session';
        const api = axios.create({ baseURL: '/api' });
        export const refresh = () => refreshToken(api);
    """})
    assert [(c.method, c.path, c.file.rsplit("/", 1)[-1]) for c in index.analysis().calls] == [
        ("POST", "/api/refresh", "session.ts")]


def test_a_client_bound_to_a_local_is_read_through_it():
    # composables and hooks create their client inside the function
    assert calls_of({"web/src/composables/useApi.ts": """
        import axios from 'axios';
        import ky from 'ky';
        import { createClient } from './client';
        export async function useApi() {
          const api = axios.create({ baseURL: '/api/v1' });
          const base = ky.create({ prefixUrl: '/api/admin' });
          const admin = base.extend({ timeout: 5000 });
          const shared = createClient();
          const res = await fetch('/api/health');
          const body = await res.json();
          return {
            users: () => api.get('/users'),
            audit: () => admin.get('audit'),
            teams: () => shared.get('/teams'),
          };
        }
    """, "web/src/composables/client.ts": """
        import axios from 'axios';
        export const createClient = () => axios.create({ baseURL: '/api/shared' });
    """}) == [
        ("GET", "/api/admin/audit", "ky", True),
        ("GET", "/api/health", "fetch", True),
        ("GET", "/api/shared/teams", "axios", True),
        ("GET", "/api/v1/users", "axios", True),
    ]


def test_a_value_or_null_is_the_value():
    # `valid ? id : null`: no URL is made of the null
    assert calls_of({"web/src/pages/workflow.tsx": """
        export function Workflow({ workflowId, teamId }) {
          const validId = workflowId && isCuid(workflowId) ? workflowId : null;
          const load = () => fetch(`/api/workflows/${validId}?teamId=${teamId}`);
          return null;
        }
    """}) == [("GET", "/api/workflows/{}", "fetch", True)]


def test_an_absolute_url_to_the_app_s_own_host_is_a_call():
    assert calls_of({
        "web/src/config.ts": "export const API_URL = import.meta.env.VITE_API ?? 'https://api.shop.example.com/v1';\n",
        "web/src/api.ts": """
            import { API_URL } from './config';
            export const products = () => fetch(`${API_URL}/products`);
            // written inline, to the same host: the app's own API
            export const health = () => fetch('https://api.shop.example.com/v1/health');
            // another host: a third-party API, not ours
            export const stars = () => fetch('https://api.github.com/repos/acme/shop');
        """,
    }) == [("GET", "/v1/health", "fetch", True), ("GET", "/v1/products", "fetch", True)]


def test_outbound_requests_of_backend_code_are_server_side():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const axios = require('axios');
            const { notify } = require('./alerts');
            const app = express();
            app.post('/api/orders', async (req, res) => {
              await fetch(`${process.env.BILLING_URL}/charge`, { method: 'POST' });
              await axios.post('https://hooks.slack.com/services/T000/B000', { text: 'order' });
              await notify(req.body);
              res.sendStatus(201);
            });
        """,
        "server/alerts.js": """
            const axios = require('axios');
            exports.notify = (order) => axios.post(process.env.ALERT_URL, order);
        """,
        "web/src/api.js": """
            export const order = (o) => fetch('/api/orders', { method: 'POST', body: JSON.stringify(o) });
            export const hook = () => fetch(process.env.REACT_APP_HOOK || '');
        """,
    })
    a = index.analysis()
    got = sorted((c.file.rsplit("/", 1)[-1], c.method, c.path, c.side, c.resolved) for c in a.calls)
    assert got == [
        ("alerts.js", "POST", "/{*}", "server", False),
        ("api.js", "GET", "/{*}", "client", False),
        ("api.js", "POST", "/api/orders", "client", True),
        ("app.js", "POST", "/charge", "server", True),
        ("app.js", "POST", "/services/T000/B000", "server", True),
    ]
    # outbound requests are neither linked nor reported; the frontend's empty fallback is
    # an unresolved hint, never a call to `/`
    assert sorted((f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings) == [
        ("unresolved-call", "api.js")]


def test_an_unknown_env_origin_proves_itself_by_linking():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/users', list);
        """,
        "web/src/api.js": """
            export const users = () => fetch(`${process.env.NEXT_PUBLIC_API}/api/users`);
            export const missing = () => fetch(`${process.env.NEXT_PUBLIC_API}/api/usrs`);
            // another service whose URL is only an env var here (an Ollama server)
            export const chat = (body) => fetch(process.env.NEXT_PUBLIC_OLLAMA_URL + '/api/chat', {
              method: 'POST', body });
        """,
    })
    got = sorted((f.code, f.span.line) for f in index.analysis().findings)
    # /api/usrs goes through the var that reaches the backend: a real 404
    assert got == [("unmatched-call", 2), ("unresolved-call", 4)]


def test_the_app_parameter_of_a_routes_module_is_no_client():
    # Emaily-style `module.exports = app => { app.get(...) }`: the calls on `app` are the
    # routes, not requests through a client parameter nobody passes
    index = build_index({
        "server/routes/authRoutes.js": """
            const passport = require('passport');
            module.exports = app => {
              app.get('/auth/google', passport.authenticate('google', { scope: ['profile'] }));
              app.get('/api/current_user', (req, res) => { res.send(req.user); });
            };
        """,
        "server/index.js": """
            const express = require('express');
            const app = express();
            require('./routes/authRoutes')(app);
            app.listen(5000);
        """,
        "client/src/actions/index.js": """
            import axios from 'axios';
            export const fetchUser = () => async dispatch => {
              const res = await axios.get('/api/current_user');
              dispatch({ type: 'FETCH_USER', payload: res.data });
            };
        """,
    })
    analysis = index.analysis()
    assert [(c.method, c.path, c.file.rsplit("/", 1)[-1]) for c in analysis.calls] == [
        ("GET", "/api/current_user", "index.js")]
    assert sorted((r.method, r.path) for r in analysis.routes) == [
        ("GET", "/api/current_user"), ("GET", "/auth/google")]


def test_a_query_string_built_in_a_local_and_cut_at_its_end():
    # idurar-style: `?` + key=value& pairs, the last `&` sliced off
    index = build_index({
        "api/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/:entity/summary', summary);
            app.get('/api/:entity/list', list);
        """,
        "web/src/request.js": """
            import axios from 'axios';
            const api = axios.create({ baseURL: '/api/' });
            export const summary = async (entity, options = {}) => {
              let query = '?';
              for (var key in options) {
                query += key + '=' + options[key] + '&';
              }
              query = query.slice(0, -1);
              return api.get(entity + '/summary' + query);
            };
            export const list = async (entity, page) => {
              const query = `?page=${page}&items=10`.substring(0, 40);
              return api.get(entity + '/list' + query);
            };
        """,
        "web/src/Dashboard.jsx": """
            import { summary, list } from './request';
            export const load = () => Promise.all([summary('client', { type: 'month' }), list('invoice', 1)]);
        """,
    })
    a = index.analysis()
    assert sorted((c.path, c.resolved) for c in a.calls) == [
        ("/api/client/summary", True), ("/api/invoice/list", True)]
    assert not a.findings


def test_an_unknown_end_glued_onto_a_literal_is_unresolved():
    index = build_index({
        "api/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/items/listAll', all);
            app.get('/api/files/:name', file);
        """,
        "web/src/items.js": """
            import axios from 'axios';
            import { getSuffix } from './suffix';
            export const items = () => {
              const suffix = getSuffix();
              return axios.get('/api/items/list' + suffix);
            };
            export const json = (name) => axios.get(`/api/files/${name}.json`);
            export const one = (name) => axios.get(`/api/files/${name}`);
        """,
    })
    a = index.analysis()
    calls = sorted((c.path, c.resolved) for c in a.calls)
    # `list` + something is not `listAll`, nor certainly `list`: not checked; a hole
    # inside a segment or a whole segment stays a hole
    assert calls == [("/api/files/{}", True), ("/api/files/{}.json", True),
                     ("/api/items/list{*}", False)]
    assert [f.message for f in a.findings if f.code == "unresolved-call"] == [
        "The URL '/api/items/list' + suffix could not be resolved statically: an unknown "
        "value is glued onto 'list' at the end of the path, so where the path ends is not "
        "known, so this GET call was not checked"]


def test_values_that_a_url_keeps_through_encodeuri_string_and_url_objects():
    index = build_index({
        "server/routes/profile.js": """
            const express = require('express');
            const axios = require('axios');
            const router = express.Router();
            router.get('/github/:username', async (req, res) => {
              const uri = encodeURI(`https://api.github.com/users/${req.params.username}/repos?per_page=5`);
              const repos = await axios.get(uri);
              const url = new URL(String(`https://api.github.com/users/${req.params.username}`));
              url.searchParams.set('x', '1');
              const user = await fetch(url.toString());
              const again = await fetch(new URL(`${url.href}`).href);
              res.json([repos.data, await user.json(), again.status]);
            });
            module.exports = router;
        """,
        "web/src/api.js": """
            export const tag = (name) => fetch(`/api/tags/${encodeURIComponent(name)}`);
            export const fixed = () => fetch(`/api/tags/${encodeURIComponent('a b')}`);
        """,
    })
    got = sorted((c.file.rsplit("/", 1)[-1], c.path, c.side, c.resolved) for c in index.analysis().calls)
    assert got == [
        ("api.js", "/api/tags/a%20b", "client", True),
        ("api.js", "/api/tags/{}", "client", True),
        ("profile.js", "/users/{}", "server", True),
        ("profile.js", "/users/{}", "server", True),
        ("profile.js", "/users/{}/repos", "server", True),
    ]


def test_a_request_of_backend_code_is_server_side_unless_it_reaches_the_app():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const axios = require('axios');
            const app = express();
            app.post('/api/jobs/notify', notify);
            app.post('/api/orders', async (req, res) => {
              const target = req.body.callbackUrl;
              await axios.post(target, req.body);
              await axios.post('http://localhost:3000/api/jobs/notify', { id: 1 });
              res.sendStatus(201);
            });
        """,
    })
    a = index.analysis()
    got = sorted((c.path, c.side, c.resolved) for c in a.calls)
    # an unknown URL in backend code goes out to some service: not a frontend call, no
    # hint; the app calling its own route is linked
    assert got == [("/api/jobs/notify", "client", True), ("/{}", "server", False)]
    # a backend alone, calling only itself: no route is flagged unused (POST /api/orders
    # is not "unused": no frontend is indexed)
    assert [f.code for f in a.findings] == []


def test_a_backend_request_to_a_local_port_no_backend_listens_on_is_outbound():
    # a Next.js app (port 3000) calling a service on localhost:9000 that is not in the
    # workspace: outbound, listed, not reported; the same app calling itself on its port
    # links
    index = build_index({
        "package.json": '{ "name": "web", "dependencies": { "next": "^14.2.0", "react": "18" } }',
        "app/api/slack/route.ts": """
            export async function GET() {
              const r = await fetch('http://localhost:9000/internal/token', { method: 'POST' });
              await fetch('http://localhost:3000/api/validate?id=1');
              return Response.json(await r.json());
            }
        """,
        "pages/api/validate.ts": """
            export default async function handler(req, res) {
              const r = await fetch(`http://localhost:9000/check/${req.query.id}`, { method: 'HEAD' });
              res.json({ ok: r.ok });
            }
        """,
    })
    a = index.analysis()
    got = sorted((c.file.rsplit("/", 1)[-1], c.method, c.path, c.side) for c in a.calls)
    assert got == [
        ("route.ts", "GET", "/api/validate", "client"),
        ("route.ts", "POST", "/internal/token", "server"),
        ("validate.ts", "HEAD", "/check/{}", "server"),
    ]
    # no frontend is indexed and the app only calls itself: nothing is flagged
    assert [f.code for f in a.findings] == []


def test_modules_that_import_each_other_and_only_backend_code_imports_are_backend():
    # async-labs/saas-style: a model and a service import each other
    index = build_index({
        "api/server/app.ts": """
            import * as express from 'express';
            import User from './models/User';
            const app = express();
            app.post('/api/signup', async (req, res) => res.json(await User.signUp(req.body)));
        """,
        "api/server/models/User.ts": """
            import { createCustomer } from '../stripe';
            import { addToMailchimp } from '../mailchimp';
            export default class User {
              static async signUp(data) { await addToMailchimp(data); return createCustomer(data); }
              static async find(id) { return id; }
            }
        """,
        "api/server/stripe.ts": """
            import User from './models/User';
            export async function createCustomer(data) { return User.find(data.id); }
        """,
        "api/server/mailchimp.ts": """
            import fetch from 'node-fetch';
            export async function addToMailchimp({ email }) {
              const ROOT_URI = `https://${process.env.MAILCHIMP_REGION}.api.mailchimp.com/3.0`;
              return fetch(`${ROOT_URI}/lists/${process.env.LIST_ID}/members/`, { method: 'POST' });
            }
        """,
    })
    a = index.analysis()
    assert [(c.file.rsplit("/", 1)[-1], c.side) for c in a.calls] == [("mailchimp.ts", "server")]
    assert not [f for f in a.findings if f.code == "unresolved-call"]


def test_an_unknown_alternative_is_kept_beside_the_known_ones():
    # chatbot-ui-style: a provider chosen by a condition, or the caller's
    index = build_index({
        "package.json": '{ "dependencies": { "next": "14.1.0", "react": "18.2.0" } }',
        "app/api/chat/openai/route.ts": """
            export async function POST(req: Request) { return new Response('ok') }
        """,
        "components/chat/chat-helpers.ts": """
            export async function send(provider: string, useAzure: boolean, body: object) {
              const p = provider === 'openai' && useAzure ? 'azure' : provider
              const res = await fetch(`/api/chat/${p}`, { method: 'POST', body: JSON.stringify(body) })
              return res.json()
            }
            export async function settings() {
              const url = localStorage.getItem('chatUrl') || '/api/chat/openai'
              return fetch(url, { method: 'POST' })
            }
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("POST", "/api/chat/azure", True),
        ("POST", "/api/chat/openai", True),
        ("POST", "/api/chat/{}", True),
        ("POST", "/{*}", False),  # the stored URL: nothing known of it, not even its extent
    ]
    assert sorted(f.code for f in a.findings) == ["unmatched-call", "unresolved-call"]
    [hint] = [f.message for f in a.findings if f.code == "unresolved-call"]
    assert "localStorage.getItem(...)" in hint


def test_an_env_var_with_no_value_still_takes_the_default():
    assert calls_of({"web/src/api.ts": """
        const BASE = import.meta.env.VITE_API_URL || '/api'
        export const load = () => fetch(`${BASE}/users`)
    """}) == [("GET", "/api/users", "fetch", True)]


def test_an_empty_url_is_never_a_backend_call():
    index = build_index({
        "app/api/chat/openai/route.ts": """
            export async function POST(req: Request) { return new Response('ok') }
        """,
        "components/chat/image.ts": """
            export async function loadImage(getImageUrl: () => Promise<string | null>) {
              const url = (await getImageUrl()) || ''
              if (url) {
                const blob = await (await fetch(url)).blob()
                return URL.createObjectURL(blob)
              }
            }
            export async function reload() {
              return fetch('')
            }
        """,
    })
    a = index.analysis()
    assert sorted((c.path, c.resolved) for c in a.calls) == [("/{*}", False), ("/{}", False)]
    assert "unmatched-call" not in [f.code for f in a.findings]
    empty = [c for c in a.calls if c.path == "/{*}"]
    assert "empty" in empty[0].unknown


def test_a_local_with_no_value_yet_is_no_alternative():
    assert calls_of({"web/src/api.ts": """
        export function load(kind) {
          let url
          if (kind === 'all') url = '/api/items'
          const next = kind ? '/api/next' : undefined
          fetch(url)
          return fetch(next)
        }
    """}) == [("GET", "/api/items", "fetch", True), ("GET", "/api/next", "fetch", True)]


def test_api_client_class_whose_client_is_a_parameter_or_the_module_instance():
    # nestjs-vue-monorepo-starter-style HttpClient
    index = build_index({
        "server/src/app.js": """
            const express = require('express')
            const app = express()
            app.get('/api/users', (req, res) => res.json([]))
            app.listen(3000)
        """,
        "web/src/utils/http.ts": """
            import axios, { type AxiosInstance } from 'axios'
            export const httpInstance = axios.create({ baseURL: '/api', timeout: 10000 })
            export class HttpClient {
              private instance: AxiosInstance
              constructor(instance?: AxiosInstance) {
                this.instance = instance || httpInstance
              }
              async get<T = any>(url: string): Promise<T> {
                const res = await this.instance.get(url)
                return res.data
              }
              async delete<T = any>(url: string): Promise<T> {
                const res = await this.instance.delete(url)
                return res.data
              }
            }
            export const http = new HttpClient()
        """,
        "web/src/api/users.ts": """
            import { http } from '../utils/http'
            export const getUsers = () => http.get('/users')
            export const deleteUser = (id: string) => http.delete(`/users/${id}`)
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("DELETE", "/api/users/{}", True), ("GET", "/api/users", True)]
    assert [(f.code, f.message) for f in a.findings if f.code != "unused-route"] == [
        ("unmatched-call", "No route serves DELETE /api/users/{}")]


def test_outbound_code_of_a_backend_package_that_nothing_imports_is_backend():
    # nest-admin-style: an @Injectable HttpService over ofetch, used through DI only
    index = build_index({
        "package.json": """{ "name": "admin-server", "dependencies": {
            "@nestjs/common": "^11.0.0", "@nestjs/core": "^11.0.0", "ofetch": "^1.4.0" } }""",
        "src/main.ts": """
            import { NestFactory } from '@nestjs/core'
            import { AppModule } from './app.module'
            async function bootstrap() {
              const app = await NestFactory.create(AppModule)
              app.setGlobalPrefix('api')
              await app.listen(3000)
            }
            bootstrap()
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common'
            import { CatsController } from './cats.controller'
            @Module({ controllers: [CatsController] })
            export class AppModule {}
        """,
        "src/cats.controller.ts": """
            import { Controller, Get } from '@nestjs/common'
            @Controller('cats')
            export class CatsController {
              @Get()
              findAll() { return [] }
            }
        """,
        "src/shared/http/http.service.ts": """
            import { ofetch } from 'ofetch'
            import { Injectable } from '@nestjs/common'
            @Injectable()
            export class HttpService {
              async get<T = any>(url: string): Promise<T> {
                return ofetch<T>(url, { method: 'GET' })
              }
            }
        """,
        "web/package.json": '{ "name": "web", "dependencies": { "vue": "^3.4.0", "ofetch": "^1.4.0" } }',
        "web/src/api.ts": """
            import { ofetch } from 'ofetch'
            export const listCats = () => ofetch('/api/cats')
            export class Api {
              fetchDogs(url: string) { return ofetch(url) }
            }
        """,
    })
    a = index.analysis()
    assert sorted((c.file.rsplit("/", 1)[-1], c.path, c.side) for c in a.calls) == [
        ("api.ts", "/api/cats", "client"), ("api.ts", "/{*}", "client"),
        ("http.service.ts", "/{*}", "server")]
    # the frontend's uncalled method is still a hint; the backend's outbound one is not
    assert [(f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings] == [("unresolved-call", "api.ts")]


def test_route_builders_in_an_object_literal_are_evaluated_with_the_callers_arguments():
    # mealie's lib/api: a table of route builders next to the client's base URL
    index = build_index({
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/recipes/:slug', show);
            app.post('/api/recipes/:slug/duplicate', duplicate);
        """,
        "web/src/api/recipes.js": """
            import axios from 'axios';
            import { slugPath } from 'route-helpers';
            const prefix = '/recipes';
            const http = axios.create({ baseURL: '/api' });
            const routes = {
              recipe: (slug) => `${prefix}/${slug}`,
              duplicate(slug) { return `${prefix}/${slug}/duplicate`; },
            };
            export const getRecipe = (slug) => http.get(routes.recipe(slug));
            export const copyRecipe = (slug) => http.post(routes.duplicate(slug));
            export const byPath = (slug) => http.post(`${slugPath(slug)}/duplicate`);
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("GET", "/api/recipes/{}", True),
        ("POST", "/api/recipes/{}/duplicate", True),
        # a call routelink cannot evaluate may be several segments: not checked, never
        # one segment `{}` (a false method-mismatch with GET /api/recipes/:slug)
        ("POST", "/api/{*}/duplicate", False),
    ]
    assert {f.code for f in a.findings} == {"unresolved-call"}
    [hint] = [f.message for f in a.findings]
    assert "slugPath(...), a call routelink could not evaluate" in hint


def test_api_classes_instantiated_in_hooks_and_other_constructors():
    # mealie: `useUserApi = () => new UserApi(requests)`, whose constructor builds one
    # API class per resource
    files = {
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/recipes/:slug', show);
            app.post('/api/recipes/:slug/duplicate', duplicate);
            app.get('/api/users/self', self);
        """,
        "web/src/lib/api/recipes.ts": """
            export class RecipeApi {
              constructor(private http: AxiosInstance) {}
              getOne(slug: string) { return this.http.get(`/recipes/${slug}`); }
              duplicate(slug: string) { return this.http.post(`/recipes/${slug}/duplicate`); }
            }
        """,
        "web/src/lib/api/user.ts": """
            import { RecipeApi } from './recipes';
            export class UserApi {
              recipes: RecipeApi;
              constructor(http: AxiosInstance) {
                this.recipes = new RecipeApi(http);
              }
            }
        """,
        "web/src/composables/use-api.ts": """
            import axios from 'axios';
            import { UserApi } from '~/lib/api/user';
            const http = axios.create({ baseURL: '/api' });
            export const useUserApi = () => new UserApi(http);
            export function useProfile() {
              const self = new ProfileApi(http);
              return self;
            }
            class ProfileApi {
              constructor(http) { this.http = http; }
              me() { return this.http.get('/users/self'); }
            }
        """,
        "web/tsconfig.json": '{"compilerOptions": {"paths": {"~/*": ["./src/*"]}}}',
    }
    assert calls_of(files) == [
        ("GET", "/api/recipes/{}", "axios", True),
        ("GET", "/api/users/self", "axios", True),
        ("POST", "/api/recipes/{}/duplicate", "axios", True),
    ]
    # nothing creates the class where routelink can see it: unresolved, never dropped
    del files["web/src/composables/use-api.ts"]
    a = build_index(files).analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("GET", "/{*}", False), ("POST", "/{*}", False)]
    assert all("no instance of RecipeApi is created where routelink can see it" in f.message
               for f in a.findings if f.code == "unresolved-call")


def test_local_helpers_without_parameters_give_what_they_return():
    # xclone-style: an endpoint picked by a helper declared in the component
    index = build_index({
        "backend/server.js": """
            import express from 'express';
            const app = express();
            app.get('/api/posts/all', all);
            app.get('/api/posts/following', following);
            app.get('/api/posts/user/:username', byUser);
            app.get('/api/users/suggested', suggested);
            app.listen(5000);
        """,
        "frontend/src/components/Posts.jsx": """
            const Posts = ({ feedType, username }) => {
              const getPostEndPoint = () => {
                switch (feedType) {
                  case 'following':
                    return '/api/posts/following';
                  case 'posts':
                    return `/api/posts/user/${username}`;
                  default:
                    return '/api/posts/all';
                }
              };
              const POST_ENDPOINT = getPostEndPoint();
              useEffect(() => { fetch(POST_ENDPOINT).then((r) => r.json()); }, [feedType]);
              return <div />;
            };
            export default Posts;
        """,
        "frontend/src/components/Suggested.jsx": """
            export default function Suggested() {
              function endpoint() {
                return '/api/users/suggestions';
              }
              const base = () => '/api';
              const load = async () => (await fetch(endpoint())).json();
              const again = () => fetch(`${base()}/users/suggested`);
              return <button onClick={load} onDoubleClick={again} />;
            }
        """,
    })
    a = index.analysis()
    assert sorted((c.path, c.resolved) for c in a.calls) == [
        ("/api/posts/all", True), ("/api/posts/following", True), ("/api/posts/user/{}", True),
        ("/api/users/suggested", True), ("/api/users/suggestions", True)]
    assert [f.message for f in a.findings] == ["No route serves GET /api/users/suggestions"]


def test_a_call_routelink_cannot_evaluate_after_a_slash_is_one_segment():
    # ghostfolio-style Angular data service: date formatting and a getter in the path
    index = build_index({
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/v1/exchange-rate/:symbol/:dateString', rate);
            app.delete('/api/v1/auth-device/:id', removeDevice);
        """,
        "web/src/data.service.ts": """
            import axios from 'axios';
            import { format } from 'date-fns';
            export class DataService {
              getDeviceId() { return localStorage.getItem('deviceId'); }
              fetchRate(symbol: string, date: Date) {
                return axios.get(`/api/v1/exchange-rate/${encodeURIComponent(symbol)}/${format(date, 'yyyy-MM-dd')}`);
              }
              removeDevice() {
                const deviceId = this.getDeviceId();
                return axios.delete(`/api/v1/auth-device/${deviceId}`);
              }
              rateAt(path: string) {
                return axios.get(`${buildRatePath(path)}/latest`);
              }
            }
            export const data = new DataService();
        """,
    })
    a = index.analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("DELETE", "/api/v1/auth-device/{}", True),
        ("GET", "/api/v1/exchange-rate/{}/{}", True),
        # leading the URL, an opaque call may be a whole path: not checked
        ("GET", "/{*}/latest", False),
    ]
    assert [f.code for f in a.findings] == ["unresolved-call"]


def test_an_empty_base_url_is_no_base():
    # a generated client that puts the whole URL in `url` and clears axios' baseURL
    a = build_index({
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/items', list);
        """,
        "web/src/client.ts": """
            import axios from 'axios';
            export const request = async (options, prepare) => {
              const prepared = await prepare(options);
              return axios({ method: 'GET', baseURL: '', url: prepared.url });
            };
            export const items = () => axios.get('/api/items', { baseURL: '' });
        """,
    }).analysis()
    assert sorted((c.path, c.resolved) for c in a.calls) == [("/api/items", True), ("/{}", False)]


def test_files_of_the_frontends_public_folder_are_no_backend_calls(tmp_path):
    # Next.js / Vite / CRA serve public/ at the site root; SvelteKit serves static/
    (tmp_path / "web" / "public" / "docs").mkdir(parents=True)
    (tmp_path / "web" / "public" / "docs" / "guide.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "web" / "public" / "data").mkdir()
    (tmp_path / "web" / "public" / "data" / "cities.json").write_text('["Lyon", "Porto"]')
    a = build_index({
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/health', health);
        """,
        "web/package.json": '{ "dependencies": { "react": "18.2.0" } }',
        "web/src/help.ts": """
            export const guide = () => fetch('/docs/guide.pdf');
            export const cities = () => fetch('/data/cities.json').then((r) => r.json());
            export const manual = () => fetch('/docs/manual.pdf');
            export const health = () => fetch('/api/health');
        """,
    }, root=str(tmp_path)).analysis()
    assert sorted(c.path for c in a.calls) == ["/api/health", "/docs/manual.pdf"]
    assert [f.message for f in a.findings] == ["No route serves GET /docs/manual.pdf"]


def test_the_pages_own_location_is_the_apps_origin():
    a = build_index({
        "api/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/users', list);
            app.listen(3000);
        """,
        "web/src/api.js": """
            const origin = window.location.origin;
            export const users = () => fetch(`${origin}/api/users`);
            export const me = () => fetch(`${location.origin}/api/me`);
            export const socket = () => new WebSocket(`wss://${document.location.host}/api/users`);
            export const partner = (domain) => fetch(`https://${domain}/api/me`);
            export function shadowed(location) { return fetch(`${location.origin}/api/users`); }
            export function tail() {
              // jumpserver/lina-style: scheme and port of the page
              const scheme = document.location.protocol === 'https:' ? 'wss' : 'ws';
              const port = document.location.port ? ':' + document.location.port : '';
              return new WebSocket(scheme + '://' + document.location.hostname + port + '/api/users');
            }
        """,
    }).analysis()
    assert sorted((c.method, c.path, c.resolved) for c in a.calls) == [
        ("GET", "/api/me", True), ("GET", "/api/users", True), ("WS", "/api/users", True),
        ("WS", "/api/users", True)]
    # a parameter named `location` is no page location (a wrapper nothing calls), and the
    # partner's host is another service's (no call)
    assert sorted(f.message for f in a.findings) == [
        "No route serves GET /api/me", "No route serves WS /api/users",
        "No route serves WS /api/users"]


def test_vite_built_in_env_values_are_the_dev_servers():
    files = {
        "web/package.json": '{"name": "web", "dependencies": {"vue": "3", "axios": "1"}}',
        "web/src/config.js": """
            const env = import.meta.env.MODE;
            const EnvConfig = {
              development: { baseUrl: '/api' },
              production: { baseUrl: 'http://121.5.180.45:3001/api' },
            };
            export default { env, ...EnvConfig[env] };
        """,
        "web/src/api.js": """
            import axios from 'axios';
            import config from './config';
            const urls = { development: '/dev', production: '/prod' };
            export const login = (p) => axios.post(config.baseUrl + '/users/login', p);
            export const me = () => axios.get(`${urls[import.meta.env.MODE]}/me`);
            export const base = () => axios.get(`${import.meta.env.BASE_URL}health`);
        """,
    }
    assert calls_of(files) == [
        ("GET", "/dev/me", "axios", True),
        ("GET", "/health", "axios", True),
        ("POST", "/api/users/login", "axios", True),
    ]
    # `[env]` (or a .env file) still wins over the dev server's value
    files["web/.env"] = "MODE=production\n"
    assert ("GET", "/prod/me", "axios", True) in calls_of(files)


def test_a_class_created_under_the_name_a_barrel_exports_it_as():
    # mealie: `export { UserApiClient as UserApi } from './client-user'`, `new UserApi(http)`
    assert calls_of({
        "web/src/lib/api/client-user.ts": """
            export class UserApiClient {
              constructor(private http) {}
              me() { return this.http.get('/api/users/self'); }
            }
        """,
        "web/src/lib/api/index.ts": """
            export { UserApiClient as UserApi } from './client-user';
        """,
        "web/src/composables/use-api.ts": """
            import axios from 'axios';
            import { UserApi } from '../lib/api';
            export const useUserApi = () => new UserApi(axios.create());
        """,
    }) == [("GET", "/api/users/self", "axios", True)]


def test_a_url_of_nothing_known_after_an_env_base_is_unresolved():
    # jumpserver/lina-style: `this.$axios` is an instance whose base is an env var with no
    # value, given a URL routelink cannot know
    a = build_index({
        "api/index.js": """
            const app = require('express')();
            app.delete('/api/users/:id', remove);
            app.listen(3000);
        """,
        "web/src/api.js": """
            import axios from 'axios';
            const http = axios.create({ baseURL: process.env.VUE_APP_BASE_API });
            export const remove = () => http.delete(window.currentRow.url);
            export const users = () => http.get(`/api/users`);
        """,
    }).analysis()
    assert sorted((c.path, c.resolved) for c in a.calls) == [("/api/users", True), ("/{}", False)]
    assert "unmatched-call" not in [f.code for f in a.findings]


def test_an_export_many_files_import_is_evaluated_once_and_each_importer_depends_on_it(monkeypatch):
    """Twelve pages import ``API`` from one module: it is evaluated once per update
    (``Evaluator.export`` remembers it), yet every page records the module (and the
    module it re-exports from) as a dependency, so editing the origin re-resolves
    them all."""
    from routelink.resolve import evaluate

    files = {
        "web/src/base.ts": "export const ROOT = '/api/v1';\n",
        "web/src/config.ts": "import { ROOT } from './base';\nexport const API = `${ROOT}/shop`;\n",
    }
    for i in range(12):
        files[f"web/src/pages/Page{i}.tsx"] = (
            "import { API } from '../config';\n"
            f"export const load{i} = () => fetch(`${{API}}/items/{i}`);\n")
    calls = []
    real = evaluate.Evaluator._export

    def counting(self, path, name, depth):
        calls.append((path, name, depth))
        return real(self, path, name, depth)

    monkeypatch.setattr(evaluate.Evaluator, "_export", counting)
    index = build_index(files)
    config_calls = [c for c in calls if c[0] == "/ws/web/src/config.ts"]
    assert len(config_calls) == len(set(config_calls)) >= 1
    for i in range(12):
        page = f"/ws/web/src/pages/Page{i}.tsx"
        assert {"/ws/web/src/config.ts", "/ws/web/src/base.ts"} <= set(index.files[page].deps)
    index.apply_changes({"/ws/web/src/base.ts": b"export const ROOT = '/api/v2';\n"})
    paths = sorted(c.path for st in index.files.values() for c in (st.calls or []))
    assert paths == sorted(f"/api/v2/shop/items/{i}" for i in range(12))
