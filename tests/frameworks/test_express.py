"""Express route extraction and mount resolution (Express 4 semantics)."""

from __future__ import annotations

import pytest

from routelink.frameworks.express import express_path
from tests.conftest import build_index


def routes_of(index) -> set[tuple[str, str, bool]]:
    return {(r.method, r.path, r.mounted) for r in index.analysis().routes}


def declared(source: bytes, language: str) -> list:
    """The routes one file declares, resolved (paths evaluated and converted), in
    declaration order."""
    name = {"javascript": "routes.js", "typescript": "routes.ts"}[language]
    index = build_index({name: source.decode()})
    return index.routes


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("/users/:id", ["/users/{id}"]),
        ("/users/:id(\\d+)", ["/users/{id}"]),
        ("/posts/:slug?", ["/posts/{slug}", "/posts"]),
        ("/files/*", ["/files/{wild*}"]),
        ("/assets/*path", ["/assets/{path+}"]),
        ("", ["/"]),
        ("/download/:name.:ext", ["/download/{name}.{ext}"]),
        ("/users{/:id}", ["/users/{id}", "/users"]),  # Express 5 optional group
        ("/auth/signin?", ["/auth/signin", "/auth/signi"]),  # Express 4 optional character
    ],
)
def test_express_path_syntax(raw, expected):
    assert express_path(raw) == expected


def test_express_5_wildcard_needs_a_segment_while_express_4_star_does_not():
    # path-to-regexp 8: `*path` matches one or more characters; `{*path}` also the empty
    # path; Express 4's `*` is `.*`
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            app.get('/files/*path', sendFile);
            app.get('/docs{/*page}', sendDoc);
            app.get('/legacy/*', sendLegacy);
            app.listen(4000);
        """,
        "web/src/api.js": """
            export const files = () => fetch('/files');
            export const file = (name) => fetch(`/files/${name}`);
            export const docs = () => fetch('/docs');
            export const legacy = () => fetch('/legacy/');
        """,
    })
    a = index.analysis()
    got = {c.path: sorted(a.routes[i].path for i in m.routes) for c, m in zip(a.calls, a.matches)}
    assert got == {"/files": [], "/files/{}": ["/files/{path+}"], "/docs": ["/docs"],
                   "/legacy/": ["/legacy/{wild*}"]}


def test_methods_middleware_and_multiline_calls():
    routes = declared(b"""
const express = require('express');
const router = express.Router();
const { requireAuth } = require('../middleware/auth');

router.get('/', list);
router.post(
  '/',
  requireAuth,
  validate(schema),
  async (req, res) => { res.sendStatus(201); },
);
router.all('/ping', (req, res) => res.send('pong'));
router.delete('/:id', requireAuth, controller.remove);
module.exports = router;
""", "javascript")
    got = [(r.method, r.path, r.handler) for r in routes]
    assert got == [
        ("GET", "/", "list"),
        ("POST", "/", None),
        ("ANY", "/ping", None),
        ("DELETE", "/{id}", "controller.remove"),
    ]


def test_route_chain_and_path_arrays_and_constants():
    routes = declared(b"""
import { Router } from 'express';
const router = Router();
const BASE = '/articles';
router.route(`${BASE}/:slug`).get(show).put(auth, update).delete(auth, destroy);
router.get([BASE, '/posts'], index);
export default router;
""", "typescript")
    got = [(r.method, r.path) for r in routes]
    assert got == [
        ("GET", "/articles/{slug}"), ("PUT", "/articles/{slug}"), ("DELETE", "/articles/{slug}"),
        ("GET", "/articles"), ("GET", "/posts"),
    ]


def test_app_settings_getter_is_not_a_route():
    routes = declared(b"""
const express = require('express');
const app = express();
const port = app.get('port');
app.get('/', home);
""", "javascript")
    assert [(r.method, r.path) for r in routes] == [("GET", "/")]


def test_mounts_across_files_esm_commonjs_and_named_exports():
    index = build_index({
        "src/app.ts": """
            import express from 'express';
            import users from './routes/users';
            import { postsRouter } from './routes/posts';
            const admin = require('./routes/admin');
            const app = express();
            app.use('/api/users', users);
            app.use('/api/posts', auth, postsRouter);
            app.use('/admin', require('./routes/admin'));
            app.use('/backoffice', admin);
        """,
        "src/routes/users.ts": """
            import { Router } from 'express';
            const router = Router();
            router.get('/:id', getUser);
            export default router;
        """,
        "src/routes/posts.js": """
            const express = require('express');
            const postsRouter = express.Router();
            postsRouter.get('/', list);
            module.exports = { postsRouter };
        """,
        "src/routes/admin.js": """
            const router = require('express').Router();
            router.get('/stats', stats);
            module.exports = router;
        """,
    })
    assert routes_of(index) == {
        ("GET", "/api/users/{id}", True),
        ("GET", "/api/posts", True),
        ("GET", "/admin/stats", True),
        ("GET", "/backoffice/stats", True),
    }


def test_nested_routers_and_anonymous_chained_router():
    index = build_index({
        "main.ts": """
            import express from 'express';
            import routes from './routes';
            const app = express();
            app.use(routes);
        """,
        "routes/index.ts": """
            import { Router } from 'express';
            import tags from './tags';
            const api = Router().use(tags);
            export default Router().use('/api', api);
        """,
        "routes/tags.ts": """
            import { Router } from 'express';
            const router = Router();
            router.get('/tags', list);
            router.use('/v1', child);
            const child = Router();
            child.get('/tags', listV1);
            export default router;
        """,
    })
    assert routes_of(index) == {("GET", "/api/tags", True), ("GET", "/api/v1/tags", True)}


def test_unmounted_router_lists_routes_and_one_finding():
    index = build_index({
        "app.js": """
            const express = require('express');
            const app = express();
            app.get('/health', ok);
        """,
        "routes/legacy.js": """
            const router = require('express').Router();
            router.get('/old', a);
            router.post('/old', b);
            module.exports = router;
        """,
        "web/client.js": """
            export const load = () => fetch('/old');
        """,
    })
    a = index.analysis()
    assert routes_of(index) == {("GET", "/health", True), ("GET", "/old", False), ("POST", "/old", False)}
    unmounted = [f for f in a.findings if f.code == "unmounted-route"]
    assert len(unmounted) == 1 and "2 routes" in unmounted[0].message
    unmatched = [f for f in a.findings if f.code == "unmatched-call"]
    assert len(unmatched) == 1 and "'router'" in unmatched[0].message and "never mounted" in unmatched[0].message


def test_shadowed_and_duplicate_routes_follow_registration_order():
    index = build_index({
        "app.js": """
            const express = require('express');
            const app = express();
            app.get('/items/:id', show);
            app.get('/items/search', search);
            app.get('/items/:id', again);
            app.post('/items/search', create);
        """,
    })
    findings = sorted((f.code, f.span.line) for f in index.analysis().findings
                      if f.code in ("shadowed-route", "duplicate-route"))
    # 0-based lines (line 0 is the blank first line of the source): /items/search on
    # line 4 comes after /:id; line 5 declares GET /items/:id again
    assert findings == [("duplicate-route", 5), ("shadowed-route", 4)]


def test_node_modules_and_dist_are_not_scanned(tmp_path):
    from routelink.index import index_workspace

    (tmp_path / "node_modules/express/lib").mkdir(parents=True)
    (tmp_path / "node_modules/express/lib/app.js").write_text(
        "const app = require('express')(); app.get('/x', h);")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist/server.js").write_text("const app = require('express')(); app.get('/y', h);")
    (tmp_path / "src").mkdir()
    (tmp_path / "src/server.js").write_text("const app = require('express')(); app.get('/z', h);")
    (tmp_path / ".gitignore").write_text("generated/\n")
    (tmp_path / "generated").mkdir()
    (tmp_path / "generated/api.js").write_text("const app = require('express')(); app.get('/g', h);")
    index = index_workspace([str(tmp_path)])
    assert {r.path for r in index.analysis().routes} == {"/z"}


def test_routes_in_conditional_blocks_and_spa_fallback():
    index = build_index({
        "server.js": """
            const express = require('express');
            const app = express();
            app.get('/api/config', config);
            if (process.env.NODE_ENV === 'production') {
              app.use(express.static('build'));
              app.get('*', (req, res) => res.sendFile('index.html'));
            } else {
              app.get('/', (req, res) => res.send('API is running'));
            }
        """,
        "web/api.js": """
            export const a = () => fetch('/api/config');
            export const b = () => fetch('/api/missing');
        """,
    })
    a = index.analysis()
    assert {(r.method, r.path) for r in a.routes} == {("GET", "/api/config"), ("GET", "/{wild*}"), ("GET", "/")}
    codes = sorted((f.code, f.span.line) for f in a.findings)
    # '/' is in the else branch of the '*' fallback: not shadowed; the fallback serves no
    # API call, so /api/missing is unmatched; only '/' is unused (the fallback never is)
    assert codes == [("unmatched-call", 2), ("unused-route", 8)]


def test_handlers_imported_from_controllers_point_at_their_definition():
    index = build_index({
        "app.js": """
            import express from 'express';
            import users from './routes/users.js';
            const app = express();
            app.use('/api/users', users);
        """,
        "routes/users.js": """
            import express from 'express';
            import { getUsers, updateUser } from '../controllers/userController.js';
            import * as auth from '../controllers/auth.js';
            const router = express.Router();
            router.route('/').get(getUsers);
            router.put('/:id', updateUser);
            router.post('/login', auth.login);
            export default router;
        """,
        "controllers/userController.js": """
            import asyncHandler from 'express-async-handler';

            const getUsers = asyncHandler(async (req, res) => {
              res.json([]);
            });

            export async function updateUser(req, res) {
              res.json(req.body);
            }

            export { getUsers };
        """,
        "controllers/auth.js": """
            export const login = (req, res) => res.json({ token: 't' });
        """,
    })
    got = {(r.path, r.method): (r.handler, (r.handler_file or r.file).rsplit("/", 1)[-1],
                                r.handler_span.line if r.handler_span else None)
           for r in index.analysis().routes}
    assert got == {
        ("/api/users", "GET"): ("getUsers", "userController.js", 3),
        ("/api/users/{id}", "PUT"): ("updateUser", "userController.js", 7),
        ("/api/users/login", "POST"): ("auth.login", "auth.js", 1),
    }


def test_mount_prefix_from_a_config_module_and_dotenv():
    index = build_index({
        "server/.env.example": "PORT=3000\nBASE_API_URL=api\n",
        "server/package.json": "{}",
        "server/config/keys.js": """
            module.exports = {
              app: { name: 'Shop', apiURL: `${process.env.BASE_API_URL}` },
              port: process.env.PORT || 3000,
            };
        """,
        "server/index.js": """
            const express = require('express');
            const routes = require('./routes');
            const app = express();
            app.use(cors());
            app.use(routes);
        """,
        "server/routes/index.js": """
            const router = require('express').Router();
            const apiRoutes = require('./api');
            const keys = require('../config/keys');
            const { apiURL } = keys.app;
            const api = `/${apiURL}`;
            router.use(api, apiRoutes);
            module.exports = router;
        """,
        "server/routes/api/index.js": """
            const router = require('express').Router();
            router.use('/product', require('./product'));
            module.exports = router;
        """,
        "server/routes/api/product.js": """
            const router = require('express').Router();
            router.get('/list', list);
            module.exports = router;
        """,
    })
    assert routes_of(index) == {("GET", "/api/product/list", True)}


def test_routes_registered_by_a_function_that_receives_the_app():
    # the bezkoder-style layout: each routes module exports `app => { ... }`
    index = build_index({
        "server.js": """
            const express = require('express');
            const app = express();
            require('./app/routes/tutorial.routes')(app);
            const registerUsers = require('./app/routes/user.routes');
            registerUsers(app);
            app.listen(8080);
        """,
        "app/routes/tutorial.routes.js": """
            module.exports = app => {
              const tutorials = require('../controllers/tutorial.controller.js');
              var router = require('express').Router();
              router.post('/', tutorials.create);
              router.get('/published', tutorials.findAllPublished);
              router.get('/:id', tutorials.findOne);
              app.use('/api/tutorials', router);
            };
        """,
        "app/routes/user.routes.js": """
            const { authJwt } = require('../middleware');
            const controller = require('../controllers/user.controller');
            module.exports = function (app) {
              app.get('/api/test/all', controller.allAccess);
              app.get('/api/test/user', [authJwt.verifyToken], controller.userBoard);
            };
        """,
    })
    assert routes_of(index) == {
        ("POST", "/api/tutorials", True),
        ("GET", "/api/tutorials/published", True),
        ("GET", "/api/tutorials/{id}", True),
        ("GET", "/api/test/all", True),
        ("GET", "/api/test/user", True),
    }


def test_shadowing_crosses_routers_mounted_on_one_app():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const users = require('./routes/users');
            const admin = require('./routes/admin');
            const app = express();
            app.get('/api/users/:id', getUser);
            app.use('/api/users', users);
            app.use('/api', admin);
        """,
        "server/routes/users.js": """
            const router = require('express').Router();
            router.get('/me', me);
            module.exports = router;
        """,
        "server/routes/admin.js": """
            const router = require('express').Router();
            router.get('/users/stats', stats);
            module.exports = router;
        """,
        "server/unused.js": """
            const router = require('express').Router();
            router.get('/:id', a);
            router.get('/x', b);
            module.exports = router;
        """,
    })
    shadowed = sorted((f.file.rsplit("/", 1)[-1], f.message.split(" is never")[0])
                      for f in index.analysis().findings if f.code == "shadowed-route")
    # both are reached only by paths the app's `/api/users/:id` answers first; the routes
    # of a router nothing mounts are not reported shadowed (they never run anyway)
    assert shadowed == [("admin.js", "GET /api/users/stats"), ("users.js", "GET /api/users/me")]


def test_catch_all_middleware_and_preflight_routes_are_not_routes_that_exist():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const cors = require('cors');
            const app = express();
            app.options('*', cors());
            app.all('*', (req, res, next) => { console.log(req.path); next(); });
            app.head('/api/items', headItems);
            app.get('/api/items', listItems);
            app.get('/{*splat}', spa);
        """,
        "web/api.js": """
            export const list = () => fetch('/api/items');
            export const create = () => fetch('/api/items', { method: 'POST' });
            export const other = () => fetch('/api/other', { method: 'PUT' });
        """,
    })
    a = index.analysis()
    got = sorted((f.code, f.message) for f in a.findings)
    assert got == [
        ("method-mismatch", "POST /api/items: the route exists but only for GET (app.js:8)"),
        ("unmatched-call", "No route serves PUT /api/other"),
    ]
    (mismatch,) = [f for f in a.findings if f.code == "method-mismatch"]
    assert mismatch.fix is not None and mismatch.fix[1] == "'GET'"


def test_a_request_handler_mounted_with_use_serves_every_method_under_its_path():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const { graphqlHTTP } = require('express-graphql');
            const { createProxyMiddleware } = require('http-proxy-middleware');
            const auth = require('./auth');
            const app = express();
            app.use('/graphql', auth, graphqlHTTP({ schema, graphiql: true }));
            app.use('/legacy', createProxyMiddleware({ target: 'http://old:8080' }));
            app.use('/static', express.static('public'));
            app.use('/api', (req, res, next) => { req.start = Date.now(); next(); });
        """,
        "web/api.js": """
            export const q = (query) => fetch('/graphql', { method: 'POST', body: JSON.stringify({ query }) });
            export const old = () => fetch('/legacy/reports/2023');
            export const missing = () => fetch('/api/nothing');
        """,
    })
    a = index.analysis()
    assert sorted((r.method, r.path) for r in a.routes) == [
        ("ANY", "/graphql/{wild*}"), ("ANY", "/legacy/{wild*}")]
    linked = {c.path: bool(m.routes) for c, m in zip(a.calls, a.matches)}
    assert linked == {"/graphql": True, "/legacy/reports/2023": True, "/api/nothing": False}


def test_routers_mounted_in_loops():
    index = build_index({
        "server/routes/users.js": "const r = require('express').Router();\nr.get('/', list);\nmodule.exports = r;\n",
        "server/routes/posts.js": "const r = require('express').Router();\nr.get('/:id', show);\nmodule.exports = r;\n",
        "server/routes/tags.js": "const r = require('express').Router();\nr.get('/', tags);\nmodule.exports = r;\n",
        "server/app.js": """
            const express = require('express');
            const users = require('./routes/users');
            const posts = require('./routes/posts');
            const tags = require('./routes/tags');
            const app = express();
            const base = '/api/v1';
            const routes = { '/users': users, '/posts': posts };
            for (const [path, router] of Object.entries(routes)) {
              app.use(`${base}${path}`, router);
            }
            [tags].forEach((r) => app.use('/api/tags', r));
            [{ path: '/people', handler: users }].map(({ path, handler }) => app.use(path, handler));
        """,
    })
    assert {(r.method, r.path) for r in index.routes} == {
        ("GET", "/api/v1/users"), ("GET", "/api/v1/posts/{id}"), ("GET", "/api/tags"),
        ("GET", "/people")}
    assert not [f for f in index.analysis().findings if f.code == "unmounted-route"]


def test_routers_required_inline_in_a_list_a_loop_mounts():
    router = "const router = require('express').Router();\nrouter.get('/', list);\nmodule.exports = router;\n"
    index = build_index({
        "api/src/routes/v1/auth.route.js": "const router = require('express').Router();\nrouter.post('/login', login);\nmodule.exports = router;\n",
        "api/src/routes/v1/user.route.js": router,
        "api/src/routes/v1/index.js": """
            const express = require('express');
            const router = express.Router();
            const defaultRoutes = [
              { path: '/auth', route: require('./auth.route') },
              { path: '/users', route: require('./user.route') },
            ];
            defaultRoutes.forEach((route) => {
              router.use(route.path, route.route);
            });
            module.exports = router;
        """,
        "api/src/routes/posts.js": router,
        "api/src/routes/admin.js": "const router = require('express').Router();\nrouter.get('/stats', stats);\nmodule.exports = { router };\n",
        "api/src/app.js": """
            const express = require('express');
            const app = express();
            const routes = {
              '/api/posts': require('./routes/posts'),
              '/api/admin': require('./routes/admin').router,
            };
            for (const [prefix, router] of Object.entries(routes)) {
              app.use(prefix, router);
            }
            app.use('/v1', require('./routes/v1'));
            app.listen(3000);
        """,
        "web/api.js": """
            export const users = () => fetch('/v1/users');
            export const login = () => fetch('/v1/auth/login', { method: 'POST' });
            export const posts = () => fetch('/api/posts');
            export const stats = () => fetch('/api/admin/stats');
            export const tags = () => fetch('/api/tags');
        """,
        # ESM: a module imported inline, its default export mounted
        "api/src/routes/tags.mjs": "import { Router } from 'express';\nconst router = Router();\nrouter.get('/', list);\nexport default router;\n",
        "api/src/server.mjs": """
            import express from 'express';
            const server = express();
            const routers = [['/api/tags', (await import('./routes/tags.mjs')).default]];
            for (const [prefix, router] of routers) server.use(prefix, router);
            server.listen(3001);
        """,
    })
    assert sorted((r.method, r.path, r.mounted) for r in index.routes) == [
        ("GET", "/api/admin/stats", True), ("GET", "/api/posts", True), ("GET", "/api/tags", True),
        ("GET", "/v1/users", True), ("POST", "/v1/auth/login", True)]
    assert not index.analysis().findings


def test_routers_of_a_folder_a_readdir_loop_mounts():
    router = "const router = require('express').Router();\nrouter.get('/', list);\nrouter.get('/:id', show);\nmodule.exports = router;\n"
    index = build_index({
        "api/src/routes/users.js": router,
        "api/src/routes/posts.js": router,
        "api/src/routes/README.md": "# routes\n",
        "api/src/routes/posts.test.ts": "import request from 'supertest';\n",
        "api/src/app.js": """
            const express = require('express');
            const fs = require('fs');
            const path = require('path');
            const app = express();
            fs.readdirSync(path.join(__dirname, 'routes'))
              .filter((file) => file.endsWith('.js'))
              .forEach((file) => {
                const name = path.basename(file, '.js');
                app.use(`/api/${name}`, require(`./routes/${file}`));
              });
            app.use('/v2', require('./v2'));
            app.listen(3000);
        """,
        # sequelize-style index of its own folder, the prefix the whole file name
        "api/src/v2/index.js": """
            const fs = require('fs');
            const path = require('path');
            const router = require('express').Router();
            fs.readdirSync(__dirname)
              .filter((file) => file.indexOf('.') !== 0 && file !== 'index.js' && file.slice(-3) === '.js')
              .forEach((file) => {
                router.use('/' + file, require(path.join(__dirname, file)));
              });
            module.exports = router;
        """,
        "api/src/v2/tags.js": router,
        "web/api.js": """
            export const users = () => fetch('/api/users');
            export const post = (id) => fetch(`/api/posts/${id}`);
            export const comments = () => fetch('/api/comments');
            export const tags = () => fetch('/v2/tags');
        """,
    })
    assert sorted((r.method, r.path, r.mounted, r.resolved) for r in index.routes) == [
        ("GET", "/api/posts", True, True), ("GET", "/api/posts/{id}", True, True),
        ("GET", "/api/users", True, True), ("GET", "/api/users/{id}", True, True),
        ("GET", "/v2/{?}", True, False), ("GET", "/v2/{?}/{id}", True, False)]
    findings = [f for f in index.analysis().findings if f.code != "unused-route"]
    assert sorted((f.code, f.file.rsplit("/", 1)[-1]) for f in findings) == [
        ("unmatched-call", "api.js"), ("unresolved-route", "tags.js"), ("unresolved-route", "tags.js")]
    hint = next(f for f in findings if f.code == "unresolved-route")
    assert "`fs.readdirSync(__dirname)`" in hint.message


def test_a_readdir_loop_over_a_folder_without_routers_serves_an_unknown_prefix():
    index = build_index({
        "api/handlers/users.js": "module.exports = (req, res) => res.json([]);\n",
        "api/app.js": """
            const express = require('express');
            const { readdirSync } = require('fs');
            const app = express();
            for (const file of readdirSync(`${__dirname}/handlers`)) {
              app.use('/api/' + file.replace('.js', ''), require(`./handlers/${file}`));
            }
            app.listen(3000);
        """,
        "web/api.js": "export const users = () => fetch('/api/users');\n",
    })
    assert [(r.method, r.path, r.resolved) for r in index.routes] == [("ANY", "/api/{?}", False)]
    [hint] = index.analysis().findings
    assert hint.code == "unresolved-route" and "`readdirSync(`${__dirname}/handlers`)`" in hint.message


def test_routers_held_by_controller_classes():
    index = build_index({
        "server/src/controllers/users.controller.ts": """
            import { Router, Request, Response } from 'express';
            export class UsersController {
              public path = '/users';
              public router = Router();
              constructor() {
                this.initializeRoutes();
              }
              private initializeRoutes() {
                this.router.get(this.path, this.list);
                this.router.get(`${this.path}/:id`, this.show);
              }
              list = (req: Request, res: Response) => res.json([]);
              show = (req: Request, res: Response) => res.json({});
            }
        """,
        "server/src/controllers/posts.controller.ts": """
            import { Router } from 'express';
            export class PostsController {
              constructor(private router: Router) {
                this.router.post('/posts', (req, res) => res.sendStatus(201));
                this.router.delete('/posts/:id', (req, res) => res.sendStatus(204));
              }
            }
        """,
        "server/src/app.ts": """
            import express from 'express';
            import { UsersController } from './controllers/users.controller';
            import { PostsController } from './controllers/posts.controller';
            const app = express();
            const api = express.Router();
            const users = new UsersController();
            app.use('/api', users.router);
            new PostsController(api);
            app.use('/api/v2', api);
        """,
    })
    assert sorted((r.method, r.path) for r in index.routes) == [
        ("DELETE", "/api/v2/posts/{id}"), ("GET", "/api/users"), ("GET", "/api/users/{id}"),
        ("POST", "/api/v2/posts")]
    assert not [f for f in index.analysis().findings if f.code == "unmounted-route"]


def test_a_handler_that_hands_an_error_to_next_serves_its_route():
    index = build_index({
        "api/server.js": """
            const express = require('express');
            const router = express.Router();
            router.get('/teams', async (req, res, next) => {
              try {
                const teams = await Team.find();
                res.json({ teams });
              } catch (err) {
                next(err);
              }
            });
            router.get('/teams/:id', async (req, res, next) => {
              if (!req.params.id) return next();
              res.status(200).json(await Team.findById(req.params.id));
            });
            router.post('/teams', (req, res, next) => {
              Team.create(req.body).then((team) => res.json(team)).catch(next);
            });
            router.get('/admin', (req, res, next) => {
              if (!req.user) {
                res.status(401).json({ error: 'Unauthorized' });
                return;
              }
              next();
            });
            router.get('/legacy', (req, res, next) => next('route'));
            const app = express();
            app.use('/api', router);
            app.listen(8000);
        """,
        "web/api.js": """
            export const list = () => fetch('/api/teams');
            export const one = (id) => fetch(`/api/teams/${id}`);
            export const add = () => fetch('/api/teams', { method: 'POST' });
            export const admin = () => fetch('/api/admin');
            export const legacy = () => fetch('/api/legacy');
        """,
    })
    a = index.analysis()
    linked = {c.path: bool(m.routes) for c, m in zip(a.calls, a.matches)}
    # `next(err)` in a catch, `.catch(next)` and a branch that hands on do not make the
    # handler a middleware; an auth check whose main line is `next()` and `next('route')`
    # do (no route is served there)
    assert linked == {"/api/teams": True, "/api/teams/{}": True, "/api/admin": False,
                      "/api/legacy": False}
    assert sorted(f.code for f in a.findings) == ["unmatched-call", "unmatched-call"]


def test_routers_mounted_from_a_list_of_path_and_route_objects():
    index = build_index({
        "api/src/routes/v1/auth.route.js": "const router = require('express').Router();\nrouter.post('/login', login);\nmodule.exports = router;\n",
        "api/src/routes/v1/user.route.js": "const router = require('express').Router();\nrouter.get('/:userId', getUser);\nmodule.exports = router;\n",
        "api/src/routes/v1/docs.route.js": "const router = require('express').Router();\nrouter.get('/', docs);\nmodule.exports = router;\n",
        "api/src/routes/v2/index.js": """
            const express = require('express');
            const userRoute = require('../v1/user.route');
            const router = express.Router();
            const routes = [{ path: '/people', route: userRoute }];
            for (const route of routes) {
              router.use(route.path, route.route);
            }
            module.exports = router;
        """,
        "api/src/routes/v1/index.js": """
            const express = require('express');
            const authRoute = require('./auth.route');
            const userRoute = require('./user.route');
            const docsRoute = require('./docs.route');
            const config = require('../../config/config');
            const router = express.Router();
            const defaultRoutes = [
              { path: '/auth', route: authRoute },
              { path: '/users', route: userRoute },
            ];
            const devRoutes = [{ path: '/docs', route: docsRoute }];
            defaultRoutes.forEach((route) => {
              router.use(route.path, route.route);
            });
            if (config.env === 'development') {
              devRoutes.forEach((route) => {
                router.use(route.path, route.route);
              });
            }
            module.exports = router;
        """,
        "api/src/app.js": """
            const express = require('express');
            const routes = require('./routes/v1');
            const routesV2 = require('./routes/v2');
            const app = express();
            app.use('/v1', routes);
            app.use('/v2', routesV2);
            module.exports = app;
        """,
        "web/api.js": """
            export const user = (id) => fetch(`/v1/users/${id}`);
            export const person = (id) => fetch(`/v2/people/${id}`);
        """,
    })
    assert sorted((r.method, r.path) for r in index.routes) == [
        ("GET", "/v1/docs"), ("GET", "/v1/users/{userId}"), ("GET", "/v2/people/{userId}"),
        ("POST", "/v1/auth/login")]
    assert not [f for f in index.analysis().findings if f.code != "unused-route"]


def test_a_server_passed_in_an_object_to_a_function_that_destructures_it():
    index = build_index({
        "api/server/google-auth.ts": """
            import * as passport from 'passport';
            function setupGoogle({ server }) {
              server.use(passport.initialize());
              server.get('/auth/google', (req, res, next) => {
                passport.authenticate('google', { scope: ['email'] })(req, res, next);
              });
            }
            export { setupGoogle };
        """,
        "api/server/stripe.ts": """
            import * as express from 'express';
            export default function stripeWebhook({ server, ROOT_URL }: { server: express.Application; ROOT_URL: string }) {
              server.post('/api/v1/public/stripe-webhook', (req, res) => res.sendStatus(200));
            }
        """,
        "api/server/options.ts": """
            export const setupHealth = (options) => {
              options.app.get('/health', (req, res) => res.send('ok'));
            };
            export const setupSitemap = ({ server: app }) => {
              app.get('/sitemap.xml', (req, res) => res.send('<urlset/>'));
            };
            export function setupLogout(opts) {
              const { app } = opts;
              app.get('/logout', (req, res) => res.redirect('/'));
            }
        """,
        "api/server/unused.ts": """
            export function setupNothing({ server }) {
              server.get('/never', (req, res) => res.send('never'));
            }
        """,
        "api/server/server.ts": """
            import * as express from 'express';
            import { setupGoogle } from './google-auth';
            import stripeWebhook from './stripe';
            import { setupHealth, setupLogout, setupSitemap } from './options';
            const server = express();
            setupGoogle({ server });
            stripeWebhook({ server, ROOT_URL: 'http://localhost:8000' });
            setupHealth({ app: server, port: 8000 });
            setupLogout({ app: server });
            setupSitemap({ server });
            server.listen(8000);
        """,
        "app/lib/api.ts": """
            export const login = () => fetch('http://localhost:8000/auth/google');
            export const health = () => fetch('http://localhost:8000/health');
            export const logout = () => fetch('http://localhost:8000/logout');
        """,
    })
    assert sorted((r.method, r.path, r.mounted) for r in index.routes) == [
        ("GET", "/auth/google", True), ("GET", "/health", True), ("GET", "/logout", True),
        ("GET", "/never", False), ("GET", "/sitemap.xml", True),
        ("POST", "/api/v1/public/stripe-webhook", True)]
    a = index.analysis()
    assert all(m.routes for m in a.matches)
    # a function that is never called with a server: its routes are said to be unserved
    assert [(f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings
            if f.code != "unused-route"] == [("unmounted-route", "unused.ts")]


def test_apps_created_in_callbacks_and_immediately_invoked_functions():
    index = build_index({
        "app/server/server.ts": """
            import express from 'express';
            import next from 'next';
            const app = next({ dev: true });
            const handle = app.getRequestHandler();
            app.prepare().then(() => {
              const server = express();
              server.get('/teams/:teamSlug/billing', (req, res) => app.render(req, res, '/billing'));
              server.get('*', (req, res) => handle(req, res));
              server.listen(3000);
            });
        """,
        "api/index.js": """
            const express = require('express');
            (async () => {
              const api = express();
              const router = express.Router();
              router.get('/ping', (req, res) => res.send('pong'));
              api.use('/api', router);
              api.listen(4000);
            })();
            async function main() {
              const admin = express();
              admin.get('/admin/stats', (req, res) => res.json({}));
              admin.listen(4001);
            }
            main();
        """,
    })
    assert sorted((r.method, r.path, r.mounted) for r in index.routes) == [
        ("GET", "/admin/stats", True), ("GET", "/api/ping", True),
        ("GET", "/teams/{teamSlug}/billing", True), ("GET", "/{wild*}", True)]
    assert not [f for f in index.analysis().findings if f.code != "unused-route"]


def test_listen_ports_of_the_app_and_of_an_http_server():
    from tests.conftest import backend_ports

    assert backend_ports({
        "api/package.json": '{ "name": "api" }',
        "api/.env": "PORT=5050\n",
        "api/src/app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/items', (req, res) => res.json([]));
            module.exports = app;
        """,
        "api/src/bin/www.js": """
            const http = require('http');
            const app = require('../app');
            const port = normalizePort(process.env.PORT || '3000');
            const PORT = process.env.PORT || 3000;
            const server = http.createServer(app);
            server.listen(PORT);
        """,
    }) == {"api": [5050], "other": [9000]}
    assert backend_ports({
        "api/package.json": '{ "name": "api" }',
        "api/server.ts": """
            import express from 'express';
            const app = express();
            app.get('/api/items', (req, res) => res.json([]));
            const port = Number(process.env.PORT ?? 4000);
            app.listen(port, () => console.log(`listening on ${port}`));
        """,
    }) == {"api": [4000], "other": [9000]}


def test_routers_built_and_returned_by_functions_are_mounted_where_called():
    # dependency-injected route modules: `createUserRouter(db)`, `require('./x')(deps)`
    index = build_index({
        "src/app.js": """
            const express = require('express');
            const cors = require('cors');
            const { graphqlHTTP } = require('express-graphql');
            const { createUserRouter } = require('./routes/users');
            const orders = require('./routes/orders');
            const app = express();
            app.use('/api', cors());
            app.use('/api/users', createUserRouter(db));
            app.use('/api/items', require('./routes/items')(db, logger));
            app.use('/api/orders', orders());
            app.use('/graphql', graphqlHTTP({ schema }));
            app.listen(3000);
        """,
        "src/routes/users.js": """
            const express = require('express');
            function createUserRouter(db) {
              const router = express.Router();
              router.get('/', async (req, res) => res.json(await db.users.all()));
              router.delete('/:id', async (req, res) => res.sendStatus(204));
              return router;
            }
            module.exports = { createUserRouter };
        """,
        "src/routes/items.js": """
            const { Router } = require('express');
            module.exports = (db, logger) => {
              const router = Router();
              router.post('/', (req, res) => res.status(201).json({}));
              return router;
            };
        """,
        "src/routes/orders.js": """
            const express = require('express');
            function ordersRouter() {
              const router = express.Router();
              router.get('/:id', (req, res) => res.json({}));
              return router;
            }
            module.exports = ordersRouter;
        """,
    })
    assert routes_of(index) == {
        ("GET", "/api/users", True),
        ("DELETE", "/api/users/{id}", True),
        ("POST", "/api/items", True),
        ("GET", "/api/orders/{id}", True),
        # a handler factory's result serves its path; cors() hands every request on
        ("ANY", "/graphql/{wild*}", True),
    }
    assert [f.code for f in index.analysis().findings if f.code == "unmounted-route"] == []


def test_a_middleware_factory_the_app_registers_routes_under_later_hands_on():
    # express-basic-auth (or any package routelink has no list entry for) at a prefix
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const basicAuth = require('express-basic-auth');
            const { graphqlHTTP } = require('express-graphql');
            const app = express();
            app.use('/admin', basicAuth({ users: { admin: process.env.ADMIN_PASSWORD } }));
            app.get('/admin/stats', (req, res) => res.json({}));
            app.use('/graphql', graphqlHTTP({ schema }));
            app.listen(3000);
        """,
        "web/src/api.js": """
            export const stats = () => fetch('/admin/stats');
            export const typo = () => fetch('/admin/statz');
            export const gql = () => fetch('/graphql', { method: 'POST' });
        """,
    })
    a = index.analysis()
    assert sorted((f.code, f.message) for f in a.findings) == [
        ("unmatched-call", "No route serves GET /admin/statz")]
    # the handler mounted last still serves every path under its prefix
    assert ("ANY", "/graphql/{wild*}", True) in routes_of(index)
