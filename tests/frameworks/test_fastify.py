"""Fastify 4/5: shorthand and ``route()`` routes, plugins registered with prefixes
(nested, imported, fastify-plugin), @fastify/autoload folders, find-my-way ordering and
the strict trailing slash."""

from __future__ import annotations

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


def test_shorthand_route_object_and_inline_plugins_with_nested_prefixes():
    index = build_index({"server.js": """
        const fastify = require('fastify')({ logger: true });

        fastify.get('/', async (request, reply) => ({ hello: 'world' }));
        fastify.route({
          method: ['GET', 'HEAD'],
          url: '/status',
          schema: { response: { 200: { type: 'object' } } },
          handler: async (request, reply) => ({ ok: true }),
        });
        fastify.route({ method: 'POST', path: '/echo', handler: echo });

        fastify.register(async function (api, opts) {
          api.get('/users', { schema: listSchema }, listUsers);
          api.post('/users', { handler: createUser, preHandler: [auth] });
          api.register(function (v2, opts, done) {
            v2.delete('/users/:id', removeUser);
            done();
          }, { prefix: '/v2' });
        }, { prefix: '/api' });

        fastify.listen({ port: 3000 });
    """})
    assert routes_of(index) == {
        ("GET", "/", True), ("GET", "/status", True), ("HEAD", "/status", True),
        ("POST", "/echo", True), ("GET", "/api/users", True), ("POST", "/api/users", True),
        ("DELETE", "/api/v2/users/{id}", True),
    }
    handlers = {(r.method, r.path): r.handler for r in index.analysis().routes}
    assert handlers[("GET", "/api/users")] == "listUsers"
    assert handlers[("POST", "/api/users")] == "createUser"


# An ESM TypeScript service in the style of the Fastify docs: an app factory and route
# plugins in their own modules, one wrapped with fastify-plugin.
SERVICE = {
    "src/app.ts": """
        import Fastify from 'fastify';
        import cors from '@fastify/cors';
        import userRoutes from './routes/users';
        import { healthRoutes } from './routes/health';
        import metrics from './plugins/metrics';
        import fp from 'fastify-plugin';

        export async function buildApp() {
          const app = Fastify({ logger: true });
          await app.register(cors, { origin: true });
          await app.register(userRoutes, { prefix: '/api/users' });
          app.register(healthRoutes);
          app.register(import('./routes/items.js'), { prefix: '/api/items' });
          app.register(metrics, { prefix: '/ignored-by-fp' });
          app.register(fp(async (root) => {
            root.get('/version', async () => ({ version: '1.0.0' }));
          }), { prefix: '/also-ignored' });
          return app;
        }
    """,
    "src/routes/users.ts": """
        import { FastifyPluginAsync } from 'fastify';
        const userRoutes: FastifyPluginAsync = async (fastify, opts) => {
          fastify.get('/', async (request, reply) => fastify.db.users.findMany());
          fastify.get<{ Params: { id: string } }>('/:id', async (request, reply) => {
            return fastify.db.users.findUnique({ where: { id: request.params.id } });
          });
          fastify.put('/:id', { schema: updateSchema }, async (request, reply) => reply.code(204).send());
        };
        export default userRoutes;
    """,
    "src/routes/health.ts": """
        import type { FastifyInstance } from 'fastify';
        export async function healthRoutes(app: FastifyInstance) {
          app.get('/healthz', async () => ({ status: 'ok' }));
        }
    """,
    "src/routes/items.js": """
        export default async function (fastify, opts) {
          fastify.get('/', async function (request, reply) { return []; });
          fastify.post('/', async function (request, reply) { return reply.code(201).send(); });
        }
    """,
    "src/plugins/metrics.ts": """
        import fp from 'fastify-plugin';
        export default fp(async function (fastify) {
          fastify.get('/metrics', async () => register.metrics());
        });
    """,
}


def test_plugins_across_modules_and_fastify_plugin():
    index = build_index(SERVICE)
    assert routes_of(index) == {
        ("GET", "/api/users", True), ("GET", "/api/users/{id}", True), ("PUT", "/api/users/{id}", True),
        ("GET", "/healthz", True), ("GET", "/api/items", True), ("POST", "/api/items", True),
        # a plugin module exporting fp(...) still gets the prefix (known limit, see the
        # module docstring); an inline fp(...) ignores it as Fastify does
        ("GET", "/ignored-by-fp/metrics", True), ("GET", "/version", True),
    }


def test_root_route_under_a_prefix_serves_both_slash_forms_others_are_strict():
    index = build_index({**SERVICE, "web/src/api.ts": """
        const BASE = import.meta.env.VITE_API_URL ?? 'http://localhost:3000';
        export const users = () => fetch(`${BASE}/api/users/`);
        export const usersNoSlash = () => fetch(`${BASE}/api/users`);
        export const user = (id: string) => fetch(`${BASE}/api/users/${id}/`);
        export const update = (id: string, body: unknown) =>
          fetch(`${BASE}/api/users/${id}`, { method: 'PUT', body: JSON.stringify(body) });
        export const remove = (id: string) => fetch(`${BASE}/api/users/${id}`, { method: 'DELETE' });
    """})
    got = links(index)
    assert got[("GET", "/api/users/")] == ["GET /api/users"]
    assert got[("GET", "/api/users")] == ["GET /api/users"]
    assert got[("GET", "/api/users/{}/")] == []  # strict: '/:id' does not serve '/:id/'
    assert got[("PUT", "/api/users/{}")] == ["PUT /api/users/{id}"]
    assert sorted(c for c in codes(index) if c[0] in ("unmatched-call", "method-mismatch")) == [
        ("method-mismatch", "api.ts", 7), ("unmatched-call", "api.ts", 4)]


def test_ignore_trailing_slash_option_applies_to_every_route():
    index = build_index({
        "server.js": """
            import Fastify from 'fastify';
            const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
            app.get('/items/:id', getItem);
            export default app;
        """,
        "client.js": "export const item = (id) => fetch(`/items/${id}/`);",
    })
    assert links(index)[("GET", "/items/{}/")] == ["GET /items/{id}"]


def test_autoload_folders_become_prefixes_fastify_cli_layout():
    index = build_index({
        "app.js": """
            'use strict'
            const path = require('node:path')
            const AutoLoad = require('@fastify/autoload')

            const options = {}

            module.exports = async function (fastify, opts) {
              fastify.register(AutoLoad, {
                dir: path.join(__dirname, 'plugins'),
                options: Object.assign({}, opts)
              })
              fastify.register(AutoLoad, {
                dir: path.join(__dirname, 'routes'),
                options: Object.assign({}, opts)
              })
            }
            module.exports.options = options
        """,
        "plugins/sensible.js": """
            const fp = require('fastify-plugin')
            module.exports = fp(async function (fastify, opts) {
              fastify.register(require('@fastify/sensible'), { errorHandler: false })
            })
        """,
        "routes/root.js": """
            module.exports = async function (fastify, opts) {
              fastify.get('/', async function (request, reply) {
                return { root: true }
              })
            }
        """,
        "routes/example/index.js": """
            module.exports = async function (fastify, opts) {
              fastify.get('/', async function (request, reply) {
                return 'this is an example'
              })
            }
        """,
        "routes/example/helpers.js": """
            module.exports = async function (fastify, opts) {
              fastify.get('/never-loaded', async () => 'a folder with index.js loads only it')
            }
        """,
        "routes/users/profile.js": """
            module.exports = async function (fastify, opts) {
              fastify.get('/profile', async (request, reply) => ({}))
            }
            module.exports.autoPrefix = '/me'
        """,
        "routes/users/list.mjs": """
            export default async function (app) {
              app.get('/', async () => [])
            }
        """,
    })
    routes = {(r.method, r.path) for r in index.analysis().routes if r.mounted}
    assert routes == {("GET", "/"), ("GET", "/example"), ("GET", "/me/profile"), ("GET", "/users")}
    # autoload loads only index.js of a folder that has one: helpers.js is never served
    unmounted = [f for f in index.analysis().findings if f.code == "unmounted-route"]
    assert [(f.file.rsplit("/", 1)[-1], f.span.line) for f in unmounted] == [("helpers.js", 2)]
    assert unmounted[0].message.startswith("Plugin 'helpers.js'")


def test_autoload_with_options_prefix_and_route_params_esm():
    index = build_index({
        "src/server.ts": """
            import Fastify from 'fastify'
            import autoLoad from '@fastify/autoload'
            import { join } from 'node:path'

            const app = Fastify()
            app.register(autoLoad, {
              dir: join(import.meta.dirname, 'routes'),
              routeParams: true,
              options: { prefix: '/api' },
            })
            await app.listen({ port: 3000 })
        """,
        "src/routes/users/_id/index.ts": """
            import type { FastifyPluginAsync } from 'fastify'
            const user: FastifyPluginAsync = async (fastify) => {
              fastify.get('/', async (request) => fastify.users.get(request.params.id))
              fastify.delete('/', async (request, reply) => reply.code(204).send())
            }
            export default user
        """,
    })
    assert routes_of(index) == {("GET", "/api/users/{id}", True), ("DELETE", "/api/users/{id}", True)}


def test_static_routes_win_over_parameters_whatever_the_order_and_duplicates():
    index = build_index({"app.js": """
        const fastify = require('fastify')();
        fastify.get('/users/:id', show);
        fastify.get('/users/me', me);
        fastify.get('/files/*', files);
        fastify.get('/files/readme', readme);
        fastify.post('/users', create);
        fastify.post('/users', createAgain);
    """})
    assert codes(index) == [("duplicate-route", "app.js", 7)]


def test_unregistered_plugin_is_unmounted_and_request_reply_handlers_are_not_express():
    index = build_index({
        "src/app.js": """
            import Fastify from 'fastify';
            const app = Fastify();
            app.get('/ping', async () => 'pong');
            export default app;
        """,
        "src/routes/orders.js": """
            export default async function orders(fastify) {
              fastify.get('/orders', async (request, reply) => []);
              fastify.post('/orders', async (request, reply) => reply.code(201).send());
            }
        """,
        "web/orders.js": "export const list = () => fetch('/orders');",
    })
    a = index.analysis()
    assert {(r.method, r.path, r.mounted, r.framework) for r in a.routes} == {
        ("GET", "/ping", True, "fastify"), ("GET", "/orders", False, "fastify"),
        ("POST", "/orders", False, "fastify")}
    unmounted = [f for f in a.findings if f.code == "unmounted-route"]
    assert len(unmounted) == 1 and "2 routes" in unmounted[0].message
    assert [f.code for f in a.findings if f.code == "unmatched-call"] == ["unmatched-call"]


def test_websocket_routes_of_fastify_websocket():
    index = build_index({
        "server.js": """
            import Fastify from 'fastify';
            import websocket from '@fastify/websocket';
            const app = Fastify();
            await app.register(websocket);
            app.get('/ws/chat', { websocket: true }, (socket, req) => {
              socket.on('message', (m) => socket.send(m));
            });
        """,
        "client.js": "export const chat = () => new WebSocket('ws://localhost:3000/ws/chat');",
    })
    assert links(index) == {("WS", "/ws/chat"): ["WS /ws/chat"]}


def test_fastify_cli_root_plugin_registering_modules_and_chained_routes():
    # `fastify start index.js`: index.js exports the root plugin; nothing registers it
    index = build_index({
        "index.js": """
            'use strict'
            const fp = require('fastify-plugin')
            async function decorate (fastify) { fastify.decorate('db', {}) }
            module.exports = async function (fastify, opts) {
              fastify
                .register(require('fastify-env'), { schema, data: [opts] })
                .register(fp(decorate))
                .register(require('./user'), { prefix: '/api/user' })
                .register(require('./follow'), { prefix: '/api/follow' })
            }
        """,
        "user/index.js": """
            module.exports = async function (fastify, opts) {
              fastify.post('/login', { schema: loginSchema }, loginHandler)
              fastify.register(async function (fastify) {
                fastify.addHook('preHandler', fastify.authPreHandler)
                fastify.get('/:userId', { schema: getProfileSchema }, userHandler)
                fastify.get('/search', { schema: searchSchema }, searchHandler)
              })
            }
        """,
        "follow/index.js": """
            module.exports = async function (fastify, opts) {
              fastify.addHook('preHandler', fastify.authPreHandler)
              fastify
                .post('/follow', followSchema, followHandler)
                .get('/followers/:userId', followersSchema, getUserFollowersHandler)
            }
        """,
        "frontend/src/action/index.js": """
            import axios from 'axios'
            export const search = (q) => axios.get('/api/user/search', { params: { search: q } })
            export const followers = (userId) => axios.get('/api/follow/follower/' + userId)
        """,
    })
    a = index.analysis()
    assert {(r.method, r.path, r.mounted, r.span.line) for r in a.routes} == {
        ("POST", "/api/user/login", True, 2), ("GET", "/api/user/{userId}", True, 5),
        ("GET", "/api/user/search", True, 6),
        ("POST", "/api/follow/follow", True, 4), ("GET", "/api/follow/followers/{userId}", True, 5),
    }
    # '/search' after '/:userId' is not shadowed: find-my-way prefers static segments
    assert codes(index) == [("unmatched-call", "index.js", 3)]


def test_autoload_options_built_with_object_assign_and_auto_prefix_at_the_top_level():
    # the layout of fastify-example-todo: services/ loaded with a prefix, autoPrefix each
    index = build_index({
        "app.js": """
            const path = require('path')
            const AutoLoad = require('fastify-autoload')
            module.exports = function (fastify, opts, next) {
              fastify.register(require('fastify-cors'))
              fastify.register(AutoLoad, {
                dir: path.join(__dirname, 'services'),
                options: Object.assign({ prefix: '/api' }, opts)
              })
              next()
            }
        """,
        "services/root.js": """
            module.exports = async function (fastify, opts) {
              fastify.get('/', async function (request, reply) { return { root: true } })
            }
        """,
        "services/todo.js": """
            module.exports = async function (fastify, opts) {
              fastify.get('/:name', { schema: schemas.findOne }, async function (request, reply) {})
              fastify.delete('/:name', { schema: schemas.deleteOne }, async function (request, reply) {})
            }
            module.exports.autoPrefix = '/todo'
        """,
    })
    assert routes_of(index) == {("GET", "/api", True), ("GET", "/api/todo/{name}", True),
                                ("DELETE", "/api/todo/{name}", True)}


def test_listen_port_from_the_options_object():
    from tests.conftest import backend_ports

    assert backend_ports({
        "api/package.json": '{ "name": "api" }',
        "api/src/server.ts": """
            import Fastify from 'fastify';
            const fastify = Fastify({ logger: true });
            fastify.get('/todos', async () => []);
            const start = async () => {
              await fastify.listen({ port: Number(process.env.PORT) || 3001, host: '0.0.0.0' });
            };
            start();
        """,
    }) == {"api": [3001], "other": [9000]}


# A NestJS app on @nestjs/platform-fastify: the guard imports a Fastify type and reads
# metadata with `this.reflector.get(KEY, handler)`, which is no route of any plugin.
def test_reflector_get_in_a_guard_of_a_file_importing_fastify_types_is_no_route():
    index = build_index({
        "src/main.ts": """
            import { NestFactory } from '@nestjs/core';
            import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
            import { AppModule } from './app.module';

            async function bootstrap() {
              const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
              await app.listen(3000);
            }
            bootstrap();
        """,
        "src/app.module.ts": """
            import { Module } from '@nestjs/common';
            import { CatsController } from './cats.controller';
            @Module({ controllers: [CatsController] })
            export class AppModule {}
        """,
        "src/cats.controller.ts": """
            import { Controller, Get } from '@nestjs/common';
            @Controller('cats')
            export class CatsController {
              @Get()
              findAll() { return []; }
            }
        """,
        "src/auth/public.guard.ts": """
            import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
            import { Reflector } from '@nestjs/core';
            import type { FastifyRequest } from 'fastify';

            export const IS_PUBLIC_KEY = 'isPublic';

            @Injectable()
            export class PublicGuard implements CanActivate {
              constructor(private readonly reflector: Reflector) {}

              canActivate(context: ExecutionContext): boolean {
                const req = context.switchToHttp().getRequest<FastifyRequest>();
                const isPublic = this.reflector.get<boolean>(IS_PUBLIC_KEY, context.getHandler());
                return isPublic || !!req.headers.authorization;
              }
            }
        """,
    })
    assert routes_of(index) == {("GET", "/cats", True)}
    assert codes(index) == []


# A cache class in a plain Fastify app: `this.store.get(KEY, done)` is a Redis read.
def test_store_get_in_a_cache_class_of_a_fastify_app_is_no_route():
    index = build_index({
        "app.js": """
            const fastify = require('fastify')({ logger: true });
            fastify.get('/items', async () => []);
            fastify.listen({ port: 3000 });
        """,
        "cache.js": """
            const fastify = require('fastify');

            const USERS_KEY = 'users';

            class UserCache {
              constructor(store) {
                this.store = store;
              }
              load(done) {
                return this.store.get(USERS_KEY, done);
              }
            }
            module.exports = UserCache;
        """,
    })
    assert routes_of(index) == {("GET", "/items", True)}
    assert codes(index) == []


# A class that holds the Fastify instance it is given (typed FastifyInstance) declares
# routes on it; they are served where the class is constructed with the app.
def test_class_holding_a_typed_fastify_instance_declares_routes():
    index = build_index({
        "src/server.ts": """
            import Fastify from 'fastify';
            import { UserRoutes } from './user.routes';

            const app = Fastify();
            new UserRoutes(app).register();
            app.listen({ port: 3000 });
        """,
        "src/user.routes.ts": """
            import type { FastifyInstance } from 'fastify';

            export class UserRoutes {
              constructor(private readonly app: FastifyInstance) {}

              register() {
                this.app.get('/users', async () => []);
                this.app.delete('/users/:id', async () => ({}));
              }
            }
        """,
    })
    assert routes_of(index) == {("GET", "/users", True), ("DELETE", "/users/{id}", True)}
    assert codes(index) == []
