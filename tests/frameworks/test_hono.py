"""Hono 4: routes, chained routes, ``app.route`` sub-apps, ``basePath``, ``app.on``,
zod-openapi routes, WebSocket upgrades, registration-order shadowing across the app and
the strict trailing slash."""

from __future__ import annotations

import pytest

from routelink.frameworks.hono import hono_path
from tests.conftest import build_index


def routes_of(index) -> set[tuple[str, str, bool]]:
    return {(r.method, r.path, r.mounted) for r in index.analysis().routes}


def codes(index) -> list[tuple[str, str, int]]:
    return sorted((f.code, f.file.rsplit("/", 1)[-1], f.span.line)
                  for f in index.analysis().findings if f.code != "unused-route")


def links(index) -> dict[tuple[str, str], list[str]]:
    a = index.analysis()
    return {(c.method or "ANY", c.path): sorted(f"{a.routes[i].method} {a.routes[i].path}"
                                                for i in m.routes)
            for c, m in zip(a.calls, a.matches)}


@pytest.mark.parametrize("raw, expected", [
    ("/post/:date{[0-9]+}/:title{[a-z]+}", ["/post/{date}/{title}"]),
    ("/api/animal/:type?", ["/api/animal/{type}", "/api/animal"]),
    ("/files/:name{.+\\.png}", ["/files/{name}"]),
    ("/id/:n{[0-9]{2,3}}", ["/id/{n}"]),
    ("/wild/*", ["/wild/{wild*}"]),
])
def test_hono_path_syntax(raw, expected):
    assert hono_path(raw) == expected


# A Cloudflare Workers API in the style of the Hono docs ("Larger applications",
# "RPC"): sub-apps in their own modules, chained routes, a base path.
WORKER = {
    "src/index.ts": """
        import { Hono } from 'hono'
        import { cors } from 'hono/cors'
        import authors from './authors'
        import books from './books'

        type Bindings = { DB: D1Database }
        const app = new Hono<{ Bindings: Bindings }>().basePath('/api')
        app.use('*', cors())
        const routes = app.route('/authors', authors).route('/books', books)
        app.get('/health', (c) => c.text('ok'))
        export type AppType = typeof routes
        export default app
    """,
    "src/authors.ts": """
        import { Hono } from 'hono'
        const app = new Hono()
          .get('/', (c) => c.json('list authors'))
          .post('/', (c) => c.json('create an author', 201))
          .get('/:id', (c) => c.json(`get ${c.req.param('id')}`))
        export default app
    """,
    "src/books.ts": """
        import { Hono } from 'hono'
        const books = new Hono()
        books.get('/', (c) => c.json('list books'))
        books.get('/:id{[0-9]+}', (c) => c.json('a book')).put((c) => c.json('updated'))
        books.on(['PUT', 'DELETE'], '/:id/cover', (c) => c.body(null, 204))
        books.all('/legacy/*', (c) => c.redirect('/api/books'))
        export default books
    """,
}


def test_sub_apps_base_path_and_chained_routes():
    index = build_index(WORKER)
    assert routes_of(index) == {
        ("GET", "/api/health", True),
        ("GET", "/api/authors", True), ("POST", "/api/authors", True), ("GET", "/api/authors/{id}", True),
        ("GET", "/api/books", True), ("GET", "/api/books/{id}", True), ("PUT", "/api/books/{id}", True),
        ("PUT", "/api/books/{id}/cover", True), ("DELETE", "/api/books/{id}/cover", True),
        ("ANY", "/api/books/legacy/{wild*}", True),
    }


def test_client_calls_and_the_strict_trailing_slash():
    index = build_index({**WORKER, "web/src/api.ts": """
        const API = '/api'
        export const listBooks = () => fetch(`${API}/books`)
        export const listBooksSlash = () => fetch(`${API}/books/`)
        export const book = (id: number) => fetch(`${API}/books/${id}`, { method: 'PUT' })
        export const removeAuthor = (id: string) => fetch(`${API}/authors/${id}`, { method: 'DELETE' })
    """})
    got = links(index)
    assert got[("GET", "/api/books")] == ["GET /api/books"]
    assert got[("GET", "/api/books/")] == []  # strict: '/books' does not serve '/books/'
    assert got[("PUT", "/api/books/{}")] == ["PUT /api/books/{id}"]
    assert [c for c in codes(index) if c[0] in ("unmatched-call", "method-mismatch")] == [
        ("method-mismatch", "api.ts", 5), ("unmatched-call", "api.ts", 3)]


def test_strict_false_and_a_base_path_clone_sharing_routes():
    index = build_index({
        "server.ts": """
            import { Hono } from 'hono'
            import { serve } from '@hono/node-server'
            const app = new Hono({ strict: false })
            const v1 = app.basePath('/v1')
            v1.get('/users', (c) => c.json([]))
            app.basePath('/v2').get('/users', (c) => c.json([]))
            serve({ fetch: app.fetch, port: 8787 })
        """,
        "client.ts": "export const users = () => fetch('http://localhost:8787/v1/users/')",
    })
    assert routes_of(index) == {("GET", "/v1/users", True), ("GET", "/v2/users", True)}
    assert links(index)[("GET", "/v1/users/")] == ["GET /v1/users"]


def test_registration_order_shadows_across_sub_apps():
    index = build_index({
        "src/index.ts": """
            import { Hono } from 'hono'
            import posts from './posts'
            const app = new Hono()
            app.get('/posts/:id', (c) => c.json({}))
            app.route('/posts', posts)
            export default app
        """,
        "src/posts.ts": """
            import { Hono } from 'hono'
            const posts = new Hono()
            posts.get('/latest', (c) => c.json([]))
            export default posts
        """,
    })
    assert codes(index) == [("shadowed-route", "posts.ts", 3)]


def test_zod_openapi_routes_and_websocket_upgrade():
    index = build_index({
        "src/app.ts": """
            import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
            import { upgradeWebSocket } from 'hono/cloudflare-workers'

            const getUser = createRoute({
              method: 'get',
              path: '/users/{id}',
              request: { params: z.object({ id: z.string() }) },
              responses: { 200: { description: 'a user' } },
            })
            const app = new OpenAPIHono()
            app.openapi(getUser, (c) => c.json({ id: c.req.valid('param').id }))
            app.openapi(createRoute({ method: 'post', path: '/users', responses: {} }), createUser)
            app.get('/ws', upgradeWebSocket((c) => ({ onMessage(evt, ws) { ws.send('pong') } })))
            export default app
        """,
        "web/ws.ts": "export const connect = () => new WebSocket('ws://localhost:8787/ws')",
    })
    assert routes_of(index) == {("GET", "/users/{id}", True), ("POST", "/users", True),
                                ("WS", "/ws", True)}
    assert links(index)[("WS", "/ws")] == ["WS /ws"]


def test_express_modules_are_not_claimed():
    index = build_index({"app.js": """
        const express = require('express')
        const app = express()
        module.exports = function register(router) {
          router.route('/items').get(list).post(create)
        }
        app.get('/', home)
    """})
    assert {(r.method, r.path, r.framework) for r in index.analysis().routes} == {("GET", "/", "express")}


# The layout of the zod-openapi starters: an app factory, route definitions in one module
# (createRoute), handlers in another, routers mounted from a list.
STARTER = {
    "src/lib/create-app.ts": """
        import { OpenAPIHono } from '@hono/zod-openapi'
        import type { AppBindings } from './types'

        export function createRouter() {
          return new OpenAPIHono<AppBindings>({ strict: false })
        }

        export default function createApp() {
          const app = createRouter()
          app.notFound((c) => c.json({ message: 'not found' }, 404))
          return app
        }
    """,
    "src/lib/configure-open-api.ts": """
        import { apiReference } from '@scalar/hono-api-reference'
        import type { AppOpenAPI } from './types'
        export default function configureOpenAPI(app: AppOpenAPI) {
          app.doc('/doc', { openapi: '3.0.0', info: { version: '1.0.0', title: 'Tasks API' } })
          app.get('/reference', apiReference({ spec: { url: '/doc' } }))
        }
    """,
    "src/routes/tasks/tasks.routes.ts": """
        import { createRoute, z } from '@hono/zod-openapi'
        const tags = ['Tasks']
        export const list = createRoute({
          path: '/tasks',
          method: 'get',
          tags,
          responses: { 200: { description: 'The list of tasks' } },
        })
        export const patch = createRoute({
          path: '/tasks/{id}',
          method: 'patch',
          request: { params: z.object({ id: z.coerce.number() }) },
          tags,
          responses: {},
        })
        export type ListRoute = typeof list
    """,
    "src/routes/tasks/tasks.index.ts": """
        import { createRouter } from '@/lib/create-app'
        import * as handlers from './tasks.handlers'
        import * as routes from './tasks.routes'
        const router = createRouter()
          .openapi(routes.list, handlers.list)
          .openapi(routes.patch, handlers.patch)
        export default router
    """,
    "src/app.ts": """
        import configureOpenAPI from '@/lib/configure-open-api'
        import createApp from '@/lib/create-app'
        import tasks from '@/routes/tasks/tasks.index'
        const app = createApp()
        configureOpenAPI(app)
        const routes = [tasks] as const
        routes.forEach((route) => { app.route('/', route) })
        export default app
    """,
    "tsconfig.json": '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"] } } }',
    "web/src/api.ts": """
        export const tasks = () => fetch('/tasks')
        export const done = (id: number) => fetch(`/tasks/${id}/`, { method: 'PATCH' })
        export const remove = (id: number) => fetch(`/tasks/${id}`, { method: 'DELETE' })
    """,
}


def test_app_factories_and_route_definitions_from_another_module():
    index = build_index(STARTER)
    assert routes_of(index) == {
        ("GET", "/tasks", True), ("PATCH", "/tasks/{id}", True),
        ("GET", "/doc", True), ("GET", "/reference", True),
    }
    # strict: false on the factory: the trailing slash is ignored
    assert links(index)[("PATCH", "/tasks/{}/")] == ["PATCH /tasks/{id}"]
    assert [c for c in codes(index) if c[0] in ("unmatched-call", "method-mismatch")] == [
        ("method-mismatch", "api.ts", 3)]


def test_listen_port_of_node_server_serve():
    from tests.conftest import backend_ports

    app = """
        import { serve } from '@hono/node-server'
        import { Hono } from 'hono'
        const app = new Hono()
        app.get('/api/posts', (c) => c.json([]))
    """
    assert backend_ports({"api/package.json": '{ "name": "api" }',
                          "api/src/index.ts": app + "serve({ fetch: app.fetch, port: 8787 })\n"}) == {
        "api": [8787], "other": [9000]}
    # @hono/node-server listens on 3000 when no port is given
    assert backend_ports({"api/package.json": '{ "name": "api" }',
                          "api/src/index.ts": app + "serve({ fetch: app.fetch })\n"}) == {
        "api": [3000], "other": [9000]}


# A KV cache class in a Hono app: `this.kv.get(KEY, 'json')` is no route; a class that
# holds a `Hono` app it is given declares routes on it.
def test_kv_cache_class_in_a_hono_file_is_no_app_but_a_typed_app_field_is():
    index = build_index({
        "src/index.ts": """
            import { Hono } from 'hono';
            import { PostRoutes } from './post.routes';

            const app = new Hono();
            new PostRoutes(app).mount();
            export default app;
        """,
        "src/cache.ts": """
            import { Hono } from 'hono';

            const POSTS_KEY = 'posts:all';

            export class PostCache {
              constructor(private kv: KVNamespace) {}
              all() {
                return this.kv.get(POSTS_KEY, 'json');
              }
            }
        """,
        "src/post.routes.ts": """
            import type { Hono } from 'hono';

            export class PostRoutes {
              constructor(private readonly app: Hono) {}
              mount() {
                this.app.get('/posts', (c) => c.json([]));
              }
            }
        """,
    })
    assert routes_of(index) == {("GET", "/posts", True)}
    assert codes(index) == []


def test_sub_apps_built_by_factory_functions_are_mounted_where_called():
    # repository-injected route modules (`app.route('/api/voices', createVoiceRoutes(repo))`)
    index = build_index({
        "src/index.ts": """
            import { Hono } from 'hono';
            import { createVoiceRoutes, createTagRoutes } from './routes/voices';
            import { VoiceRepository } from './repo';
            const repo = new VoiceRepository();
            const app = new Hono();
            app.route('/api/voices', createVoiceRoutes(repo));
            app.route('/api/tags', createTagRoutes(repo));
            export default app;
        """,
        "src/routes/voices.ts": """
            import { Hono } from 'hono';
            export function createVoiceRoutes(repo: VoiceRepository) {
              const app = new Hono();
              app.get('/', (c) => c.json(repo.all()));
              app.delete('/:id', (c) => c.json(repo.remove(c.req.param('id'))));
              return app;
            }
            export const createTagRoutes = (repo: VoiceRepository) => {
              const tags = new Hono();
              tags.get('/', (c) => c.json(repo.tags()));
              return tags;
            };
        """,
    })
    assert routes_of(index) == {
        ("GET", "/api/voices", True),
        ("DELETE", "/api/voices/{id}", True),
        ("GET", "/api/tags", True),
    }
