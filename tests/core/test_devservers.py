"""Dev-server proxies of Vite, Create React App, webpack-dev-server, Vue CLI and CRACO
(resolve/devservers.py), and where a request really goes in a workspace: through the
proxy, staying on the dev server, or to the one backend that listens on its port."""

from __future__ import annotations

import json
import textwrap

from routelink.resolve.devproxy import ProxyRule, apply_dev_proxy
from routelink.resolve.devservers import read_dev_servers
from tests.conftest import build_index


def rules_of(files: dict[str, str], env: dict[str, str] | None = None) -> dict[str, tuple[ProxyRule, ...]]:
    configs = {f"/ws/{k}": textwrap.dedent(v) for k, v in files.items()}
    return read_dev_servers(configs, lambda path, name: (env or {}).get(name))


def sent(rules, path: str, navigation: bool = False) -> str | None:
    hit = apply_dev_proxy(path, rules, navigation=navigation)
    return hit.path if hit is not None else None


# ---------------------------------------------------------------------- Vite


VITE_MODE_FUNCTION = """
    import { fileURLToPath, URL } from 'node:url'
    import { defineConfig, loadEnv } from 'vite'
    import vue from '@vitejs/plugin-vue'

    // https://vitejs.dev/config/
    export default defineConfig(({ mode }) => {
      const env = loadEnv(mode, process.cwd(), '')
      const apiTarget = env.VITE_API_TARGET || 'http://localhost:3000'
      return {
        plugins: [vue()],
        resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
        server: {
          port: 5173,
          proxy: {
            '/api': {
              target: apiTarget,
              changeOrigin: true,
              rewrite: (path) => path.replace(/^\\/api/, ''),
            },
            '^/auth/.*': {
              target: `http://localhost:${env.AUTH_PORT || 4000}`,
              rewrite: (p: string) => p.replace('/auth', '/v1/auth').replace(/-/g, '_'),
            },
            '/socket.io': { target: 'ws://localhost:3000', ws: true },
            '/uploads': 'http://localhost:3000',
            '/legacy': { target: 'http://localhost:8080', rewrite: (path) => '/old' + path },
            '/graphql': { target: 'http://localhost:3000', rewrite: (path) => rewriteGraphql(path) },
          },
        },
      }
    })
"""


def test_vite_server_proxy_in_a_function_of_the_mode_with_load_env():
    rules = rules_of({"web/vite.config.ts": VITE_MODE_FUNCTION})["/ws/web"]
    assert [(r.context, r.target) for r in rules] == [
        ("/api", "http://localhost:3000"), ("^/auth/.*", "http://localhost:4000"),
        ("/socket.io", "ws://localhost:3000"), ("/uploads", "http://localhost:3000"),
        ("/legacy", "http://localhost:8080"), ("/graphql", "http://localhost:3000")]
    assert sent(rules, "/api/users/{}") == "/users/{}"
    # a string pattern replaces its first occurrence only; a /g regex every one
    assert sent(rules, "/auth/reset-password/auth") == "/v1/auth/reset_password/auth"
    assert sent(rules, "/uploads/a.png") == "/uploads/a.png"
    assert sent(rules, "/legacy/items") == "/old/legacy/items"
    assert rules[5].rewrite_unknown and not rules[0].rewrite_unknown
    assert all(r.config == "/ws/web/vite.config.ts" for r in rules)


def test_vite_targets_read_the_index_env_values_first():
    env = {"VITE_API_TARGET": "http://127.0.0.1:8000", "AUTH_PORT": "4100"}
    rules = rules_of({"web/vite.config.ts": VITE_MODE_FUNCTION}, env)["/ws/web"]
    assert rules[0].target == "http://127.0.0.1:8000" and rules[1].target == "http://localhost:4100"


def test_vite_plain_object_block_function_and_process_env():
    plain = """
        import { defineConfig } from 'vite'
        import react from '@vitejs/plugin-react'
        const BACKEND = process.env.BACKEND_URL ?? 'http://localhost:5000'
        const config = {
          plugins: [react()],
          server: { proxy: { '/api': { target: BACKEND, changeOrigin: true, secure: false } } },
        }
        export default defineConfig(config)
    """
    block = """
        export default defineConfig(() => {
          const env = loadEnv('development', process.cwd())
          return {
            server: {
              proxy: {
                '/api/v1': {
                  target: env.VITE_PROXY || 'http://localhost:8000',
                  rewrite(path) { return path.replace(new RegExp('^/api/v1'), '/v1') },
                },
              },
            },
          }
        })
    """
    got = rules_of({"a/vite.config.js": plain, "b/vite.config.mts": block})
    assert got["/ws/a"] == (ProxyRule("/api", "http://localhost:5000", config="/ws/a/vite.config.js"),)
    assert sent(got["/ws/b"], "/api/v1/items") == "/v1/items"
    assert got["/ws/b"][0].target == "http://localhost:8000"


def test_vite_config_without_proxy_or_unreadable_gives_no_rules():
    assert rules_of({"a/vite.config.ts": "export default defineConfig({ plugins: [] })\n"}) == {}
    assert rules_of({"a/vite.config.ts": "export default {{{ not js"}) == {}
    assert rules_of({"a/vite.config.ts": "export default makeConfig()\n"}) == {}


# ---------------------------------------------------------------------- Create React App


def test_cra_package_json_proxy_forwards_everything_but_navigations():
    pkg = json.dumps({"name": "client", "proxy": "http://localhost:5000",
                      "dependencies": {"react": "^18.2.0", "react-scripts": "5.0.1"}})
    rules = rules_of({"client/package.json": pkg})["/ws/client"]
    assert rules == (ProxyRule("/", "http://localhost:5000", config="/ws/client/package.json",
                               navigations=False),)
    assert sent(rules, "/api/users") == "/api/users"
    assert sent(rules, "/api/auth/google", navigation=True) is None
    # a "proxy" field in a package that is no CRA app is not read
    other = json.dumps({"name": "lib", "proxy": "http://localhost:5000"})
    assert rules_of({"lib/package.json": other}) == {}


SETUP_PROXY_V2 = """
    const { createProxyMiddleware } = require('http-proxy-middleware');

    module.exports = function (app) {
      app.use(
        '/api',
        createProxyMiddleware({
          target: 'http://localhost:5000',
          changeOrigin: true,
        })
      );
      app.use(createProxyMiddleware(['/auth', '/oauth'], {
        target: process.env.AUTH_URL || 'http://localhost:4000',
        pathRewrite: { '^/auth': '' },
      }));
      const socketProxy = createProxyMiddleware('/socket', { target: 'http://localhost:5000', ws: true });
      app.use(socketProxy);
    };
"""


def test_setup_proxy_v2_mount_paths_and_contexts():
    pkg = json.dumps({"name": "client", "dependencies": {"react-scripts": "5.0.1",
                                                          "http-proxy-middleware": "^2.0.6"}})
    rules = rules_of({"client/package.json": pkg, "client/src/setupProxy.js": SETUP_PROXY_V2})["/ws/client"]
    assert [(r.context, r.target) for r in rules] == [
        ("/api", "http://localhost:5000"), ("/auth", "http://localhost:4000"),
        ("/oauth", "http://localhost:4000"), ("/socket", "http://localhost:5000")]
    assert sent(rules, "/api/users") == "/api/users"  # v2 forwards the whole path
    assert sent(rules, "/auth/login") == "/login"


def test_setup_proxy_v3_strips_the_mount_path_and_reads_path_filter():
    pkg = json.dumps({"name": "client", "proxy": "http://localhost:5000",
                      "dependencies": {"react-scripts": "5.0.1", "http-proxy-middleware": "^3.0.0"}})
    setup = """
        const { createProxyMiddleware } = require('http-proxy-middleware');
        module.exports = (app) => {
          app.use('/api', createProxyMiddleware({ target: 'http://localhost:8080/api/v2' }));
          app.use(createProxyMiddleware({ pathFilter: '/files', target: 'http://localhost:9000',
                                          pathRewrite: (path) => path.replace('/files', '/storage') }));
        };
    """
    rules = rules_of({"client/package.json": pkg, "client/src/setupProxy.js": setup})["/ws/client"]
    # Express strips `/api` before http-proxy-middleware 3 sees the path; the target's path
    # is prepended
    assert sent(rules, "/api/users/{}") == "/api/v2/users/{}"
    assert sent(rules, "/files/a") == "/storage/a"
    # the package.json proxy comes after setupProxy.js, as react-scripts registers it
    assert rules[-1].context == "/" and rules[-1].config == "/ws/client/package.json"


# ---------------------------------------------------------------------- webpack, Vue CLI, CRACO


def test_webpack_dev_server_object_and_array_forms_and_merge():
    common = "module.exports = { entry: './src/index.js' };\n"
    dev = """
        const { merge } = require('webpack-merge');
        const common = require('./webpack.common.js');
        module.exports = merge(common, {
          mode: 'development',
          devServer: {
            historyApiFallback: true,
            proxy: [
              { context: ['/api', '/media'], target: 'http://localhost:8000',
                pathRewrite: { '^/api': '' } },
            ],
          },
        });
    """
    legacy = """
        module.exports = (env, argv) => ({
          devServer: {
            proxy: {
              '/api': { target: 'http://localhost:3000', pathRewrite: function (path) { return path.replace(/^\\/api/, '') } },
              '/static': 'http://localhost:3000',
            },
          },
        });
    """
    got = rules_of({"admin/package.json": '{"name": "admin"}',
                    "admin/build/webpack.common.js": common, "admin/build/webpack.dev.js": dev,
                    "shop/webpack.config.js": legacy})
    assert sent(got["/ws/admin"], "/api/items") == "/items"  # the package's folder
    assert [r.context for r in got["/ws/admin"]] == ["/api", "/media"]
    assert sent(got["/ws/shop"], "/api/items") == "/items"
    assert got["/ws/shop"][1] == ProxyRule("/static", "http://localhost:3000",
                                           config="/ws/shop/webpack.config.js")


def test_vue_cli_and_craco():
    vue_string = """
        const { defineConfig } = require('@vue/cli-service')
        module.exports = defineConfig({ transpileDependencies: true, devServer: { proxy: 'http://localhost:4000' } })
    """
    vue_object = """
        module.exports = {
          devServer: {
            proxy: {
              '/api': { target: 'http://localhost:8081', ws: true, changeOrigin: true,
                        pathRewrite: { '^/api': '/api/v1' } },
            },
          },
        }
    """
    craco = """
        module.exports = {
          devServer: { proxy: { '/api': { target: 'http://localhost:5000', changeOrigin: true } } },
        };
    """
    got = rules_of({"a/vue.config.js": vue_string, "b/vue.config.js": vue_object,
                    "c/craco.config.js": craco})
    assert got["/ws/a"] == (ProxyRule("/", "http://localhost:4000", config="/ws/a/vue.config.js",
                                      navigations=False),)
    assert sent(got["/ws/b"], "/api/users") == "/api/v1/users"
    assert got["/ws/c"][0].target == "http://localhost:5000"


# ---------------------------------------------------------------------- in the index


EXPRESS_NO_PREFIX = """
    const express = require('express');
    const app = express();
    app.use(express.json());

    app.get('/users', (req, res) => res.json([]));
    app.get('/users/:id', (req, res) => res.json({}));
    app.post('/login', (req, res) => res.json({ token: 't' }));
    app.get('/health', (req, res) => res.send('ok'));

    app.listen(process.env.PORT || 3000);
"""

VITE_API = """
    import { defineConfig } from 'vite'
    export default defineConfig({
      server: {
        proxy: {
          '/api': { target: 'http://localhost:3000', changeOrigin: true, rewrite: (path) => path.replace(/^\\/api/, '') },
        },
      },
    })
"""


def analysis_of(files):
    index = build_index(files)
    return index, index.analysis()


def test_a_vite_rewrite_links_calls_to_the_routes_the_backend_serves():
    index, a = analysis_of({
        "server/package.json": '{ "name": "server" }',
        "server/index.js": EXPRESS_NO_PREFIX,
        "web/package.json": '{ "name": "web" }',
        "web/vite.config.ts": VITE_API,
        "web/src/api.ts": """
            import axios from 'axios'
            const api = axios.create({ baseURL: '/api' })
            export const listUsers = () => api.get('/users')
            export const getUser = (id: number) => api.get(`/users/${id}`)
            export const login = (body: unknown) => fetch('/api/login', { method: 'POST', body: JSON.stringify(body) })
        """,
    })
    paths = {(c.method, c.path, c.proxied_from): bool(m.routes) for c, m in zip(a.calls, a.matches)}
    assert paths == {("GET", "/users", "/api/users"): True, ("GET", "/users/{}", "/api/users/{}"): True,
                     ("POST", "/login", "/api/login"): True}
    assert "/ws/web/vite.config.ts" not in index.files  # read as a config, not a source
    assert {f.code for f in a.findings} == {"unused-route"}  # /health


def test_a_relative_call_outside_the_proxy_contexts_stays_on_the_dev_server():
    _, a = analysis_of({
        "server/package.json": '{ "name": "server" }',
        "server/index.js": EXPRESS_NO_PREFIX,
        "web/package.json": '{ "name": "web" }',
        "web/vite.config.ts": VITE_API,
        "web/src/health.ts": """
            export async function health() {
              const res = await fetch('/health')
              return res.ok
            }
            export const missing = () => fetch('/metrics')
        """,
    })
    unmatched = sorted(f.message for f in a.findings if f.code == "unmatched-call")
    assert unmatched == [
        "No route serves GET /health: the dev server proxies only '/api' (vite.config.ts), so "
        "this request stays on the dev server (GET /health at index.js:9 is not proxied to)",
        "No route serves GET /metrics: the dev server proxies only '/api' (vite.config.ts), so "
        "this request stays on the dev server",
    ]
    # /health is no longer reached: the only call to it never leaves the dev server
    assert any(f.code == "unused-route" and "/health" in f.message for f in a.findings)


def test_the_dev_servers_own_endpoints_are_no_calls():
    # Vue devtools' "open in editor" and webpack-dev-server's invalidate hit the dev
    # server's own middleware; a proxy rule that forwards a path still wins
    _, a = analysis_of({
        "server/package.json": '{ "name": "server" }',
        "server/index.js": EXPRESS_NO_PREFIX,
        "web/package.json": '{ "name": "web" }',
        "web/vite.config.ts": VITE_API,
        "web/src/devtools.ts": """
            export const openInEditor = (file: string) =>
              fetch(`/__open-in-editor?file=${encodeURIComponent(file)}`)
            export const rebuild = () => fetch('/webpack-dev-server/invalidate')
            export const client = () => import.meta.hot && fetch('/@vite/client')
            export const users = () => fetch('/api/users')
        """,
    })
    assert [c.proxied_from for c in a.calls] == ["/api/users"]
    assert not [f for f in a.findings if f.code == "unmatched-call"]


def test_dev_server_endpoints_are_paths_and_prefixes():
    from routelink.resolve.devservers import dev_server_endpoint

    assert dev_server_endpoint("/__open-in-editor") == "/__open-in-editor"
    assert dev_server_endpoint("/@fs/home/me/app/src/main.ts") == "/@fs/"
    assert dev_server_endpoint("/webpack-dev-server/open-editor") == "/webpack-dev-server"
    assert dev_server_endpoint("/__open-in-editors") is None
    assert dev_server_endpoint("/api/@vite/x") is None


def test_without_proxy_rules_a_relative_call_links_as_before():
    _, a = analysis_of({
        "server/package.json": '{ "name": "server" }',
        "server/index.js": EXPRESS_NO_PREFIX,
        "web/package.json": '{ "name": "web" }',
        "web/vite.config.ts": "export default defineConfig({ server: { port: 5173 } })\n",
        "web/src/health.ts": "export const health = () => fetch('/health')\n",
    })
    assert a.matches[0].routes and not [f for f in a.findings if f.code == "unmatched-call"]


def test_an_app_serving_its_own_routes_answers_calls_outside_the_proxy():
    # an Express app that serves its frontend from the same package (a single package.json)
    _, a = analysis_of({
        "package.json": '{ "name": "fullstack", "dependencies": { "express": "^4" } }',
        "vite.config.js": """
            export default { server: { proxy: { '/graphql': 'http://localhost:4000' } } }
        """,
        "server/index.js": EXPRESS_NO_PREFIX,
        "src/App.jsx": """
            export function App() {
              fetch('/health').then((r) => r.text())
              return null
            }
        """,
    })
    assert a.matches[0].routes and not [f for f in a.findings if f.code == "unmatched-call"]


def test_a_cra_proxy_keeps_links_and_forms_on_the_dev_server():
    _, a = analysis_of({
        "server/package.json": '{ "name": "server" }',
        "server/server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/auth/google', (req, res) => res.redirect('https://accounts.google.com'));
            app.get('/api/profile', (req, res) => res.json({}));
            app.listen(5000);
        """,
        "client/package.json": json.dumps({"name": "client", "proxy": "http://localhost:5000",
                                           "dependencies": {"react-scripts": "5.0.1"}}),
        "client/src/App.jsx": """
            import axios from 'axios';
            export default function App() {
              axios.get('/api/profile');
              return <a href="/api/auth/google">Sign in with Google</a>;
            }
        """,
    })
    profile = next(c for c in a.calls if c.path == "/api/profile")
    assert profile.proxy is not None and profile.proxy.config.endswith("client/package.json")
    link = [c for c in a.calls if c.path == "/api/auth/google"]
    assert all(c.proxy is None for c in link)


# ---------------------------------------------------------------------- several backends


def two_backends(frontend: str) -> dict[str, str]:
    return {
        "users-api/package.json": '{ "name": "users-api", "dependencies": { "express": "^4.19.2" } }',
        "users-api/src/index.js": """
            const express = require('express');
            const app = express();
            const PORT = process.env.PORT || 3000;

            app.get('/api/users', (req, res) => res.json([]));
            app.get('/api/users/:id', (req, res) => res.json({}));

            app.listen(PORT, () => console.log(`users api on ${PORT}`));
        """,
        "auth-api/package.json": '{ "name": "auth-api", "dependencies": { "express": "^4.19.2" } }',
        "auth-api/src/app.js": """
            import express from 'express';
            const app = express();
            app.post('/auth/login', (req, res) => res.json({}));
            app.get('/api/users', (req, res) => res.json([]));
            export default app;
        """,
        "auth-api/src/server.js": """
            import http from 'http';
            import app from './app.js';
            const server = http.createServer(app);
            server.listen(4000, () => console.log('auth on 4000'));
        """,
        "web/package.json": '{ "name": "web" }',
        "web/vite.config.ts": """
            import { defineConfig } from 'vite'
            export default defineConfig({
              server: {
                proxy: {
                  '/api': 'http://localhost:3000',
                  '/auth': { target: 'http://localhost:4000', changeOrigin: true },
                },
              },
            })
        """,
        "web/src/api.ts": frontend,
    }


def route_files(a, m) -> list[str]:
    return sorted(a.routes[i].file.rsplit("/", 1)[-1] for i in m.routes)


def test_a_proxied_call_links_only_to_the_backend_on_the_target_port():
    _, a = analysis_of(two_backends("""
        export const listUsers = () => fetch('/api/users').then((r) => r.json())
        export const login = (body: unknown) => fetch('/auth/login', { method: 'POST', body: JSON.stringify(body) })
    """))
    links = {c.path: route_files(a, m) for c, m in zip(a.calls, a.matches)}
    assert links == {"/api/users": ["index.js"], "/auth/login": ["app.js"]}
    unused = sorted((f.file.split("/ws/")[1], f.span.line + 1) for f in a.findings if f.code == "unused-route")
    # auth-api's GET /api/users is reached by nothing: the proxy sends /api to port 3000
    assert unused == [("auth-api/src/app.js", 5), ("users-api/src/index.js", 7)]


def test_an_absolute_url_links_to_the_backend_on_its_port_and_says_so_when_it_is_missing():
    _, a = analysis_of(two_backends("""
        const AUTH = 'http://localhost:4000'
        export const me = () => fetch(`${AUTH}/api/users`)
        export const one = (id: number) => fetch(`${AUTH}/api/users/${id}`)
    """))
    me, one = a.calls
    assert route_files(a, a.matches[0]) == ["app.js"]
    msg = next(f.message for f in a.findings if f.code == "unmatched-call")
    assert msg == ("No route serves GET /api/users/{}: it goes to port 4000, where only the app "
                   "started at server.js:5 listens; GET /api/users/{id} (index.js:7) is served on "
                   "port 3000 by the app started at index.js:9")


def test_no_narrowing_when_the_port_is_unknown_or_shared():
    files = two_backends("export const listUsers = () => fetch('http://localhost:9999/api/users')\n")
    _, a = analysis_of(files)
    assert route_files(a, a.matches[0]) == ["app.js", "index.js"]  # no backend listens there
    files["auth-api/src/server.js"] = "import app from './app.js';\napp.listen(process.env.AUTH_PORT);\n"
    files["web/src/api.ts"] = "export const listUsers = () => fetch('http://localhost:3000/api/users/7')\n"
    _, a = analysis_of(files)
    # auth-api's port is unknown: it may be the one on 3000, so nothing is reported
    assert route_files(a, a.matches[0]) == ["index.js"]
    assert not [f for f in a.findings if f.code == "unmatched-call"]


def test_listen_ports_follow_env_files_and_framework_defaults():
    files = two_backends("export const listUsers = () => fetch('/api/users')\n")
    files["users-api/.env"] = "PORT=4000\n"  # now both listen on 4000: no narrowing
    index, a = analysis_of(files)
    assert route_files(a, a.matches[0]) == ["app.js", "index.js"]
    assert sorted(index._ports.values()) == [frozenset({4000}), frozenset({4000})]


def test_default_ports_of_django_and_next_and_a_dev_script_port():
    from tests.conftest import backend_ports

    django = {
        "backend/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n",
        "backend/config/settings.py": "ROOT_URLCONF = 'config.urls'\n",
        "backend/config/urls.py": """
            from django.urls import path
            from . import views
            urlpatterns = [path('api/items/', views.items)]
        """,
        "backend/config/views.py": "def items(request):\n    return None\n",
    }
    nextjs = {
        "site/package.json": json.dumps({"name": "site", "scripts": {"dev": "next dev --turbo -p 3001"},
                                         "dependencies": {"next": "15.0.0"}}),
        "site/next.config.mjs": "export default {}\n",
        "site/app/api/hello/route.ts": "export async function GET() { return Response.json({}) }\n",
    }
    assert backend_ports({**django, **nextjs}) == {".": [8000], "other": [9000], "site": [3001]}


def test_edits_to_proxies_listen_ports_and_env_files_equal_a_fresh_index():
    files = two_backends("""
        export const listUsers = () => fetch('/api/users').then((r) => r.json())
        export const login = (body: unknown) => fetch('/auth/login', { method: 'POST', body: JSON.stringify(body) })
        export const health = () => fetch('/health')
    """)
    index = build_index(files)
    edits = [
        ("web/vite.config.ts", "export default { server: { proxy: { '/api': 'http://localhost:4000', "
                               "'/health': { target: 'http://localhost:3000', rewrite: (p) => p.replace('/health', '/api/users') } } } }\n"),
        ("auth-api/src/server.js", "import app from './app.js';\napp.listen(3000);\n"),
        ("users-api/.env", "PORT=4000\n"),
        ("web/vite.config.ts", None),
        ("auth-api/src/server.js", None),
    ]
    for name, text in edits:
        if text is None:
            files.pop(name)
        else:
            files[name] = text
        index.apply_changes({f"/ws/{name}": textwrap.dedent(text).encode() if text is not None else None})
        assert index.snapshot() == build_index(files).snapshot(), name


def test_a_repeated_base_path_that_the_proxy_strips_is_no_mistake():
    nest_like = """
        const express = require('express');
        const app = express();
        app.get('/api/account/menus', (req, res) => res.json([]));
        app.listen(7001);
    """
    frontend = """
        import axios from 'axios'
        const service = axios.create({ baseURL: '/api' })
        // generated from the backend's OpenAPI document, paths with their /api prefix
        export const accountMenu = () => service.request({ url: '/api/account/menus', method: 'GET' })
        export const accountLogout = () => service.request({ url: '/api/account/logout', method: 'GET' })
    """
    vite = """
        export default ({ mode }) => ({
          server: {
            proxy: {
              '^/api': { target: 'http://127.0.0.1:7001', changeOrigin: true, rewrite: (path) => path.replace(/^\\/api/, '') },
            },
          },
        })
    """
    _, a = analysis_of({"server/package.json": '{ "name": "server" }', "server/main.js": nest_like,
                        "web/package.json": '{ "name": "web" }', "web/vite.config.ts": vite,
                        "web/src/api.ts": frontend})
    menus = next(c for c in a.calls if c.path == "/api/account/menus")
    assert menus.proxied_from == "/api/api/account/menus" and menus.duplicate_prefix == "/api"
    got = sorted((f.code, f.span.line + 1) for f in a.findings if f.file.endswith("api.ts"))
    # the one that links is fine; the one no route serves keeps the repeated base's fix
    assert got == [("duplicate-prefix", 6)], got
    # it names the doubled request, then what the backend receives
    message = next(f.message for f in a.findings if f.code == "duplicate-prefix")
    assert message.endswith("the request goes to /api/api/account/logout (the backend receives "
                            "/api/account/logout through the dev proxy '^/api')"), message


def test_a_package_json_half_typed_or_odd_gives_no_rules_and_no_crash():
    # `"dependencies": null` while editing, or a list, next to an UmiJS config/proxy.ts
    proxy = "export default { dev: { '/api/': { target: 'http://localhost:9200' } } }"
    for deps in ('null', '["umi"]', '"umi"'):
        configs = {"/ws/web/package.json": f'{{"dependencies": {deps}, "devDependencies": null}}',
                   "/ws/web/config/proxy.ts": proxy}
        assert read_dev_servers(configs, lambda path, name: None) == {}
    configs = {"/ws/web/package.json": '{"devDependencies": {"@umijs/max": "4.3.0"}}',
               "/ws/web/config/proxy.ts": proxy}
    assert [r.target for r in read_dev_servers(configs, lambda path, name: None)["/ws/web"]] == [
        "http://localhost:9200"]
