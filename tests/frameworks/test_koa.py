"""Koa + koa-router / @koa/router (12/13), koa-mount, koa-route: routes, prefixes, mounts
and the trailing-slash rule of path-to-regexp 6 with ``strict: false``."""

from __future__ import annotations

import pytest

from routelink.frameworks.koa import koa_path
from tests.conftest import build_index


def routes_of(index) -> set[tuple[str, str, bool]]:
    return {(r.method, r.path, r.mounted) for r in index.analysis().routes}


def codes(index) -> list[tuple[str, str, int]]:
    """(code, file name, 0-based line) of every finding except unused routes."""
    return sorted((f.code, f.file.rsplit("/", 1)[-1], f.span.line)
                  for f in index.analysis().findings if f.code != "unused-route")


def links(index) -> dict[tuple[str, str], list[str]]:
    a = index.analysis()
    return {(c.method or "ANY", c.path): sorted(f"{a.routes[i].method} {a.routes[i].path}"
                                                for i in m.routes)
            for c, m in zip(a.calls, a.matches)}


@pytest.mark.parametrize("raw, expected", [
    ("/users/:id", ["/users/{id}"]),
    ("/users/:id?", ["/users/{id}", "/users"]),
    ("/files/:path*", ["/files/{path*}"]),
    ("/files/:path+", ["/files/{path+}"]),
    ("/assets/(.*)", ["/assets/{wild*}"]),
    ("/posts/:id(\\d+)", ["/posts/{id}"]),
])
def test_koa_path_syntax(raw, expected):
    assert koa_path(raw) == expected


# A backend in the style of koa-vue-notes and the @koa/router README: routers in their own
# modules with a template base, all mounted with app.use(router.routes()).
NOTES_API = {
    "api/src/index.ts": """
        import Koa from "koa";
        import bodyParser from "koa-bodyparser";
        import cors from "kcors";
        import { router as baseRouter } from "./routes/base";
        import { router as notesRouter } from "./routes/notes";
        import userRouter from "./routes/user";

        export const app = new Koa();
        app.use(async (ctx, next) => { await next(); });
        app.use(cors({ origin: "*" }));
        app.use(bodyParser({ enableTypes: ["json"] }));
        app.use(baseRouter.routes());
        app.use(baseRouter.allowedMethods());
        app.use(notesRouter.routes()).use(notesRouter.allowedMethods());
        app.use(userRouter.routes());
    """,
    "api/src/routes/base.ts": """
        import Router from "koa-router";
        export const router = new Router();
        const baseUrl = "/api/v1";
        router.get("/", (ctx) => { ctx.body = { message: "Hi there." }; });
        router.get(`${baseUrl}/`, (ctx) => { ctx.body = {}; });
        router.get(`${baseUrl}/health`, (ctx) => { ctx.body = {}; });
    """,
    "api/src/routes/notes.ts": """
        import Router from "koa-router";
        import { jwt } from "../middleware/jwt";
        import { index, show, create, update, del } from "../controllers/note-controller";
        export const router = new Router();
        const jwtMiddleware = jwt({ secret: process.env.JWT_SECRET });
        const baseUrl = "/api/v1";
        router.get(`${baseUrl}/notes`, jwtMiddleware, index);
        router.post(`${baseUrl}/notes`, jwtMiddleware, create);
        router.get(`${baseUrl}/notes/:id`, jwtMiddleware, show);
        router.put(`${baseUrl}/notes/:id`, jwtMiddleware, update);
        router.del(`${baseUrl}/notes/:id`, jwtMiddleware, del);
    """,
    "api/src/routes/user.js": """
        const Router = require('@koa/router');
        const router = new Router({ prefix: '/api/v1/user' });
        router
          .post('signup', '/signup', signup)
          .post('/authenticate', authenticate)
          .all('/logout', logout);
        router.redirect('/login', '/api/v1/user/authenticate');
        module.exports = router;
    """,
}


def test_routers_in_modules_mounted_with_routes():
    index = build_index(NOTES_API)
    assert routes_of(index) == {
        ("GET", "/", True), ("GET", "/api/v1/", True), ("GET", "/api/v1/health", True),
        ("GET", "/api/v1/notes", True), ("POST", "/api/v1/notes", True),
        ("GET", "/api/v1/notes/{id}", True), ("PUT", "/api/v1/notes/{id}", True),
        ("DELETE", "/api/v1/notes/{id}", True),
        ("POST", "/api/v1/user/signup", True), ("POST", "/api/v1/user/authenticate", True),
        ("ANY", "/api/v1/user/logout", True), ("ANY", "/api/v1/user/login", True),
    }
    handlers = {(r.method, r.path): r.handler for r in index.analysis().routes}
    assert handlers[("GET", "/api/v1/notes/{id}")] == "show"
    assert handlers[("POST", "/api/v1/user/signup")] == "signup"


def test_calls_link_and_the_trailing_slash_follows_path_to_regexp():
    index = build_index({**NOTES_API, "web/src/api.ts": """
        import axios from 'axios';
        const api = axios.create({ baseURL: `${process.env.VUE_APP_API_URL}/api/v1` });
        export const notes = () => api.get('notes/');
        export const note = (id: number) => api.delete(`notes/${id}`);
        export const hello = () => api.get('');
        export const signup = (form) => api.post('user/signup', form);
        export const missing = () => api.get('user/profile');
    """})
    got = links(index)
    # a route written without a slash serves the path with one
    assert got[("GET", "/api/v1/notes/")] == ["GET /api/v1/notes"]
    assert got[("DELETE", "/api/v1/notes/{}")] == ["DELETE /api/v1/notes/{id}"]
    # a route written with one (`${baseUrl}/`) needs it
    assert got[("GET", "/api/v1")] == []
    assert got[("POST", "/api/v1/user/signup")] == ["POST /api/v1/user/signup"]
    assert got[("GET", "/api/v1/user/profile")] == []
    assert [c for c in codes(index) if c[0] == "unmatched-call"] == [
        ("unmatched-call", "api.ts", 5), ("unmatched-call", "api.ts", 7)]


def test_prefix_nesting_and_root_route_under_a_prefix():
    index = build_index({
        "server/app.js": """
            const Koa = require('koa');
            const api = require('./routes');
            const app = new Koa();
            app.use(api.routes());
            app.listen(3000);
        """,
        "server/routes/index.js": """
            const Router = require('koa-router');
            const users = require('./users');
            const posts = require('./posts');
            const api = new Router();
            api.prefix('/api');
            api.use('/users', users.routes(), users.allowedMethods());
            api.use(['/posts', '/articles'], posts.routes());
            module.exports = api;
        """,
        "server/routes/users.js": """
            const Router = require('koa-router');
            const router = new Router();
            router.get('/', async (ctx) => { ctx.body = await User.find(); });
            router.get('/:id', async (ctx) => { ctx.body = await User.findById(ctx.params.id); });
            module.exports = router;
        """,
        "server/routes/posts.js": """
            const Router = require('koa-router');
            const router = new Router({ strict: true });
            router.get('/', list);
            router.get('/:slug/', show);
            module.exports = router;
        """,
    })
    routes = {(r.method, r.path, r.trailing_slash) for r in index.analysis().routes}
    assert routes == {
        ("GET", "/api/users", "ignore"), ("GET", "/api/users/{id}", "ignore"),
        ("GET", "/api/posts", "strict"), ("GET", "/api/posts/{slug}/", "strict"),
        ("GET", "/api/articles", "strict"), ("GET", "/api/articles/{slug}/", "strict"),
    }


def test_koa_mount_sub_apps_compose_and_combine_routers():
    index = build_index({
        "src/server.js": """
            import Koa from 'koa';
            import mount from 'koa-mount';
            import compose from 'koa-compose';
            import combineRouters from 'koa-combine-routers';
            import admin from './admin';
            import { cats, dogs } from './animals';
            import { health, metrics } from './ops';

            const app = new Koa();
            app.use(mount('/admin', admin));
            app.use(mount('/v2', compose([cats.routes(), dogs.routes()])));
            app.use(combineRouters(health, metrics));
            export default app;
        """,
        "src/admin.js": """
            import Koa from 'koa';
            import Router from '@koa/router';
            const admin = new Koa();
            const router = new Router();
            router.get('/stats', stats);
            admin.use(router.routes());
            export default admin;
        """,
        "src/animals.js": """
            import Router from '@koa/router';
            export const cats = new Router({ prefix: '/cats' }).get('/', listCats);
            export const dogs = new Router({ prefix: '/dogs' }).get('/:name', getDog);
        """,
        "src/ops.js": """
            import Router from '@koa/router';
            export const health = new Router().get('/healthz', (ctx) => { ctx.body = 'ok'; });
            export const metrics = new Router().get('/metrics', metricsHandler);
        """,
    })
    assert routes_of(index) == {
        ("GET", "/admin/stats", True), ("GET", "/v2/cats", True), ("GET", "/v2/dogs/{name}", True),
        ("GET", "/healthz", True), ("GET", "/metrics", True),
    }


def test_unmounted_router_and_a_call_only_it_would_serve():
    index = build_index({
        "app.js": """
            const Koa = require('koa');
            const Router = require('@koa/router');
            const app = new Koa();
            const router = new Router();
            router.get('/status', status);
            app.use(router.routes());
        """,
        "routes/legacy.js": """
            const Router = require('@koa/router');
            const legacy = new Router({ prefix: '/legacy' });
            legacy.get('/items', list);
            legacy.post('/items', create);
            module.exports = legacy;
        """,
        "web/client.js": """
            export const items = () => fetch('/legacy/items');
        """,
    })
    a = index.analysis()
    assert ("GET", "/legacy/items", False) in routes_of(index)
    unmounted = [f for f in a.findings if f.code == "unmounted-route"]
    assert len(unmounted) == 1 and "2 routes" in unmounted[0].message
    unmatched = [f for f in a.findings if f.code == "unmatched-call"]
    assert len(unmatched) == 1 and "legacy" in unmatched[0].message


def test_parameter_routers_koa_route_and_context_methods_are_not_routes():
    index = build_index({
        "src/app.js": """
            const Koa = require('koa');
            const Router = require('koa-router');
            const route = require('koa-route');
            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            require('./routes/health')(router);
            registerPets(router);
            app.use(route.get('/ping', (ctx) => { ctx.body = 'pong'; }));
            app.use(router.routes());

            function registerPets(r) {
              r.get('/pets/:name', async (ctx) => { ctx.body = await pets.find(ctx.params.name); });
            }
        """,
        "src/routes/health.js": """
            module.exports = (router) => {
              router.get('/health', async (ctx) => { ctx.body = { ok: true }; });
            };
        """,
        "src/middleware/auth.js": """
            const Koa = require('koa');
            module.exports = async function auth(ctx, next) {
              if (!ctx.get('Authorization')) return ctx.redirect('/login', '/');
              await next();
            };
        """,
    })
    assert routes_of(index) == {
        ("GET", "/api/health", True), ("GET", "/api/pets/{name}", True), ("GET", "/ping", True),
    }
    assert codes(index) == []


def test_shadowed_route_follows_registration_order_within_a_router():
    index = build_index({"app.js": """
        const Koa = require('koa');
        const Router = require('koa-router');
        const app = new Koa();
        const router = new Router();
        router.get('/users/:id', show);
        router.get('/users/me', me);
        app.use(router.routes());
    """})
    assert codes(index) == [("shadowed-route", "app.js", 6)]


def test_koa_generator_layout_and_exported_middleware():
    index = build_index({
        # koa-generator (koa2): routers made by calling require('koa-router')()
        "app.js": """
            const Koa = require('koa')
            const app = new Koa()
            const index = require('./routes/index')
            const users = require('./routes/users')
            const api = require('./routes/api').default
            app.use(index.routes(), index.allowedMethods())
            app.use(users.routes(), users.allowedMethods())
            app.use(api)
            module.exports = app
        """,
        "routes/index.js": """
            const router = require('koa-router')()
            router.get('/', async (ctx, next) => { await ctx.render('index', { title: 'Hello Koa 2!' }) })
            router.get('/json', async (ctx, next) => { ctx.body = { title: 'koa2 json' } })
            module.exports = router
        """,
        "routes/users.js": """
            const router = require('koa-router')()
            router.prefix('/users')
            router.get('/', function (ctx, next) { ctx.body = 'this is a users response!' })
            router.get('/bar', function (ctx, next) { ctx.body = 'this is a users/bar response' })
            module.exports = router
        """,
        # a router module that exports its middleware, used by another router
        "routes/api.ts": """
            import Router from 'koa-router'
            import UserRoutes from './user-routes'
            const router = new Router({ prefix: process.env.BASE_API_URL || '/api/v1' })
            router.get('/', async (ctx) => { ctx.body = 'api routes' })
            router.use(UserRoutes)
            export default router.routes()
        """,
        "routes/user-routes.ts": """
            import Router from 'koa-router'
            const router = new Router({ prefix: '/user' })
            router.get('/:id', async (ctx) => { ctx.body = await findUser(ctx.params.id) })
            const routes = router.routes()
            export default routes
        """,
    })
    assert routes_of(index) == {
        ("GET", "/", True), ("GET", "/json", True), ("GET", "/users", True), ("GET", "/users/bar", True),
        ("GET", "/api/v1", True), ("GET", "/api/v1/user/{id}", True),
    }


def test_listen_port_of_app_listen_and_of_a_callback_server():
    from tests.conftest import backend_ports

    app = """
        const Koa = require('koa');
        const Router = require('@koa/router');
        const app = new Koa();
        const router = new Router();
        router.get('/notes', (ctx) => { ctx.body = []; });
        app.use(router.routes());
    """
    assert backend_ports({"api/package.json": '{ "name": "api" }',
                          "api/index.js": app + "app.listen(process.env.PORT || 4000);\n"}) == {
        "api": [4000], "other": [9000]}
    assert backend_ports({"api/package.json": '{ "name": "api" }',
                          "api/index.js": app + "require('http').createServer(app.callback()).listen(4100);\n"}) == {
        "api": [4100], "other": [9000]}


# A session store class in a Koa app: `this.client.get(KEY, cb)` and a type-only Koa
# import are no evidence of a router; a class typed with koa-router's Router is one.
def test_cache_class_in_a_koa_file_is_no_router_but_a_typed_router_field_is():
    index = build_index({
        "src/app.ts": """
            import Koa from 'koa';
            import Router from '@koa/router';
            import { UserRoutes } from './user.routes';

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            new UserRoutes(router).mount();
            app.use(router.routes());
            app.listen(3000);
        """,
        "src/session.ts": """
            import type { Context } from 'koa';
            import Koa from 'koa';

            const SESSION_KEY = 'koa:sess';

            export class SessionStore {
              constructor(private client: RedisClient) {}
              read(ctx: Context, cb: Function) {
                return this.client.get(SESSION_KEY, cb);
              }
            }
        """,
        "src/user.routes.ts": """
            import type Router from '@koa/router';

            export class UserRoutes {
              constructor(private readonly router: Router) {}
              mount() {
                this.router.get('/users', async () => {});
              }
            }
        """,
    })
    assert routes_of(index) == {("GET", "/api/users", True)}
    assert codes(index) == []


def test_routers_built_by_factory_functions_are_mounted_through_routes():
    index = build_index({
        "server/routes/users.js": """
            const Router = require('@koa/router');
            function createUserRouter(db) {
              const router = new Router();
              router.get('/', async (ctx) => { ctx.body = await db.users.all(); });
              router.get('/:id', async (ctx) => { ctx.body = await db.users.find(ctx.params.id); });
              return router;
            }
            module.exports = { createUserRouter };
        """,
        "server/app.js": """
            const Koa = require('koa');
            const Router = require('@koa/router');
            const { createUserRouter } = require('./routes/users');
            const app = new Koa();
            const api = new Router({ prefix: '/api' });
            api.use('/users', createUserRouter(db).routes());
            app.use(api.routes());
            app.use(createUserRouter(db).routes());
            app.listen(3000);
        """,
    })
    assert sorted((r.method, r.path, r.mounted) for r in index.analysis().routes) == [
        ("GET", "/", True), ("GET", "/api/users", True), ("GET", "/api/users/{id}", True),
        ("GET", "/{id}", True),
    ]
