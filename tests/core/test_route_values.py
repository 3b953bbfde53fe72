"""Route paths and mount prefixes are evaluated by the same evaluator as call URLs:
imported constants, config modules and env values work for routes as for calls, and a
part that cannot be evaluated is reported as unknown, never as ''."""

from __future__ import annotations

from tests.conftest import build_index


def routes(files: dict[str, str]) -> set[tuple[str, str, bool, bool]]:
    return {(r.method, r.path, r.mounted, r.resolved) for r in build_index(files).routes}


def test_express_route_paths_and_prefixes_from_imported_constants():
    got = routes({
        "server/src/paths.ts": """
            export const USERS = '/users';
            export const API = { prefix: '/api/v2', admin: '/admin' };
            export const ITEM = `${USERS}/:id`;
        """,
        "server/src/routes.ts": """
            import { Router } from 'express';
            import { USERS, ITEM } from './paths';
            const router = Router();
            router.get(USERS, listUsers);
            router.put(ITEM, updateUser);
            export default router;
        """,
        "server/src/app.ts": """
            import express from 'express';
            import router from './routes';
            import { API } from './paths';
            const app = express();
            app.use(API.prefix, router);
        """,
    })
    assert got == {("GET", "/api/v2/users", True, True), ("PUT", "/api/v2/users/{id}", True, True)}


def test_fastapi_route_path_from_a_constant_of_another_module():
    got = routes({
        "app/paths.py": """
            ITEMS = "/items"
            ITEM = ITEMS + "/{item_id}"
        """,
        "app/main.py": """
            from fastapi import FastAPI, APIRouter
            from .paths import ITEMS, ITEM
            router = APIRouter(prefix="/api")
            @router.get(ITEMS)
            def list_items(): ...
            @router.get(ITEM)
            def read_item(item_id: int): ...
            app = FastAPI()
            app.include_router(router)
        """,
    })
    assert got == {("GET", "/api/items", True, True), ("GET", "/api/items/{item_id}", True, True)}


def test_an_edit_to_the_constants_module_moves_the_routes():
    index = build_index({
        "server/paths.js": "exports.USERS = '/users';\n",
        "server/app.js": """
            const express = require('express');
            const { USERS } = require('./paths');
            const app = express();
            app.get(USERS, list);
        """,
    })
    assert [r.path for r in index.routes] == ["/users"]
    index.apply_changes({"/ws/server/paths.js": b"exports.USERS = '/people';\n"})
    assert [r.path for r in index.routes] == ["/people"]


def test_a_prefix_that_cannot_be_evaluated_is_unknown_not_empty():
    got = routes({
        "server/app.js": """
            const express = require('express');
            const config = require('./config');
            const users = require('./users');
            const app = express();
            app.use(config.apiPrefix, users);
        """,
        "server/config.js": "module.exports = { port: 3000 };\n",
        "server/users.js": """
            const router = require('express').Router();
            router.get('/users', list);
            module.exports = router;
        """,
    })
    assert got == {("GET", "/{?}/users", True, False)}


def test_a_middleware_before_a_router_is_not_a_prefix():
    got = routes({
        "server/app.js": """
            const express = require('express');
            const cors = require('cors');
            const { requireAuth } = require('./auth');
            const users = require('./users');
            const app = express();
            app.use(requireAuth, users);
            app.use(cors, users);
        """,
        "server/auth.js": "exports.requireAuth = (req, res, next) => next();\n",
        "server/users.js": """
            const router = require('express').Router();
            router.get('/users', list);
            module.exports = router;
        """,
    })
    assert got == {("GET", "/users", True, True)}


def test_an_imported_router_and_a_mounted_sub_app():
    got = routes({
        "server/app.js": """
            const express = require('express');
            const app = express();
            const admin = express();
            admin.get('/stats', stats);
            app.use('/admin', admin);
            module.exports = app;
        """,
        "server/extra.js": """
            const app = require('./app');
            app.get('/health', (req, res) => res.send('ok'));
        """,
    })
    assert got == {("GET", "/admin/stats", True, True), ("GET", "/health", True, True)}


def test_a_parameter_used_like_a_router_without_evidence_is_not_a_router():
    index = build_index({
        "web/src/users.js": """
            export function saveUser(api, user) {
              return api.post('/users', user);
            }
        """,
    })
    assert index.routes == []
    # it is a request through a client parameter nothing passes: said so, not lost
    assert [(f.code, "parameter 'api' of saveUser()" in f.message)
            for f in index.analysis().findings] == [("unresolved-call", True)]


def test_routes_on_an_imported_app_are_recorded_once():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const app = express();
            module.exports = app;
        """,
        "server/server.js": """
            const app = require('./app');
            app.get('/api/version', (req, res) => res.json({ v: 1 }));
        """,
        "web/api.js": "export const v = () => fetch('/api/version');\n",
    })
    assert [(r.method, r.path) for r in index.routes] == [("GET", "/api/version")]
    a = index.analysis()
    assert [len(m.routes) for m in a.matches] == [1]


def test_an_imported_middleware_made_by_a_call_is_not_a_prefix():
    got = routes({
        "server/app.js": """
            const express = require('express');
            const auth = require('./auth');
            const app = express();
            app.use(auth, require('./misc'));
            module.exports = app;
        """,
        "server/auth.js": "module.exports = require('express-jwt')({ secret: 'x' });\n",
        "server/misc.js": """
            const r = require('express').Router();
            r.get('/api/health', health);
            module.exports = r;
        """,
    })
    assert got == {("GET", "/api/health", True, True)}


def test_only_the_unknown_part_of_a_path_is_unknown():
    got = routes({
        "server/routes.js": """
            const express = require('express');
            const app = express();
            module.exports = (router, base) => {
              router.get(`${base}/:id`, show);
            };
            require('./routes')(app);
        """,
    })
    assert got == {("GET", "/{?}/{id}", True, False)}


def test_routes_under_an_unknown_prefix_get_one_hint_and_no_false_warnings():
    index = build_index({
        "server/app.js": """
            const express = require('express');
            const users = require('./users');
            const admin = require('./admin');
            const app = express();
            app.use(process.env.USERS_PREFIX, users);
            app.use(process.env.ADMIN_PREFIX, admin);
        """,
        "server/users.js": """
            const router = require('express').Router();
            router.get('/users', list);
            module.exports = router;
        """,
        "server/admin.js": """
            const router = require('express').Router();
            router.get('/users', listAll);
            module.exports = router;
        """,
        "web/api.js": """
            export const a = () => fetch('/api/v1/users');
            export const b = () => fetch('/orders');
        """,
    })
    a = index.analysis()
    assert {(r.method, r.path, r.resolved) for r in a.routes} == {("GET", "/{?}/users", False)}
    findings = sorted((f.code, f.file.rsplit("/", 1)[-1], f.span.line) for f in a.findings)
    # /api/v1/users may be served by either router: not reported; /orders cannot be
    assert findings == [("unmatched-call", "api.js", 2),
                        ("unresolved-route", "admin.js", 2), ("unresolved-route", "users.js", 2)]


def test_a_route_on_an_imported_router_takes_the_router_s_framework():
    got = {(r.method, r.path, r.framework, r.trailing_slash) for r in build_index({
        "app/api/__init__.py": """
            from flask import Blueprint
            bp = Blueprint("api", __name__, url_prefix="/api")
            from app.api import users
        """,
        "app/api/users.py": """
            from app.api import bp
            @bp.get("/users/<username>")
            def get_user(username): ...
        """,
        "app/__init__.py": """
            from flask import Flask
            from app.api import bp
            app = Flask(__name__)
            app.register_blueprint(bp)
        """,
    }).routes}
    assert got == {("GET", "/api/users/{username}", "flask", "append")}


def test_env_values_from_the_configuration_resolve_a_prefix(tmp_path):
    from routelink.config import load_config
    from routelink.index import index_workspace

    (tmp_path / "routelink.toml").write_text('[env]\nAPI_PREFIX = "/api/v3"\n')
    (tmp_path / "app.js").write_text(
        "const express = require('express');\nconst app = express();\n"
        "const users = express.Router();\nusers.get('/users', list);\n"
        "app.use(process.env.API_PREFIX, users);\n")
    config = load_config(str(tmp_path / "routelink.toml"))
    index = index_workspace([str(tmp_path)], env=config.env)
    assert [(r.path, r.resolved) for r in index.routes] == [("/api/v3/users", True)]
    assert [(r.path, r.resolved) for r in index_workspace([str(tmp_path)]).routes] == [
        ("/{?}/users", False)]
