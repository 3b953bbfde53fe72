"""The incremental index invariant: after any sequence of changes, the index equals a
fresh index of the same files."""

from __future__ import annotations

import random

import pytest

from routelink.index import WorkspaceIndex
from tests.conftest import EXAMPLES, apply_change, build_index

ROOT = "/ws"


def load_example(name: str) -> dict[str, bytes]:
    base = EXAMPLES / name
    out = {}
    for p in sorted(base.rglob("*")):
        if p.is_file() and p.suffix in (".ts", ".tsx", ".js", ".jsx", ".json", ".py", ".vue"):
            out[f"{ROOT}/{p.relative_to(base).as_posix()}"] = p.read_bytes()
    return out


def fresh(files: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(files))
    return index


# Edits a developer makes: rename a path, change a method, break the syntax mid-typing,
# delete or restore a file, add a new router file.
EDITS = [
    (b"'/orders'", b"'/orderz'"),
    (b"http.post(`/orders/${orderId}/status`", b"http.patch(`/orders/${orderId}/status`"),
    (b"router.get('/search'", b"router.get('/find'"),
    (b"app.use('/api/users', usersRouter);", b"app.use('/api/people', usersRouter);"),
    (b"baseURL: import.meta.env.VITE_API_URL || 'http://localhost:4000/api'", b"baseURL: '/api/v2'"),
    (b"const API_BASE = '/api';", b"const API_BASE = '/api"),  # half-typed
    (b"module.exports = router;", b""),
    # every route of a file that stays
    (b"router.get('/stats', (req, res) => res.json({ users: 0, orders: 0 }));\n"
     b"router.post('/reindex', (req, res) => res.sendStatus(202));", b""),
]

SETUP = f"{ROOT}/frontend/src/setup.ts"


def mutate(rng: random.Random, files: dict[str, bytes], originals: dict[str, bytes]) -> dict[str, bytes | None]:
    choice = rng.random()
    path = rng.choice(sorted(originals))
    if choice < 0.15:
        return {path: None}
    if choice < 0.3:
        return {path: originals[path]}
    if choice < 0.4:
        return {f"{ROOT}/backend/src/routes/extra{rng.randint(0, 3)}.ts":
                b"import { Router } from 'express';\nconst r = Router();\nr.get('/orders', h);\nexport default r;\n"}
    if choice < 0.5:
        # a global axios default appears or goes away
        return {SETUP: rng.choice([b"import axios from 'axios';\naxios.defaults.baseURL = '/api/v3';\n",
                                   b"import axios from 'axios';\n", None])}
    current = files.get(path, originals[path])
    for old, new in rng.sample(EDITS, len(EDITS)):
        if old in current:
            return {path: current.replace(old, new, 1)}
        if new and new in current:
            return {path: current.replace(new, old, 1)}
    return {path: current + b"\n// touched\n"}


@pytest.mark.parametrize("seed", range(12))
def test_incremental_equals_fresh(seed):
    originals = load_example("express-react")
    assert len(originals) > 10
    rng = random.Random(seed)
    files = dict(originals)
    index = fresh(files)
    for _ in range(25):
        change = mutate(rng, files, originals)
        apply_change(files, index, change)
        assert index.snapshot() == fresh(files).snapshot()


def test_unchanged_facts_do_not_relink():
    files = load_example("express-react")
    index = fresh(files)
    gen = index.generation
    path = f"{ROOT}/frontend/src/pages/UsersPage.tsx"
    # same text: no new generation, nothing re-linked
    assert index.apply_changes({path: files[path]}) == set()
    assert index.generation == gen


def test_change_re_resolves_only_dependents():
    files = load_example("express-react")
    index = fresh(files)
    http = f"{ROOT}/frontend/src/lib/http.ts"
    before = {p: st.calls for p, st in index.files.items()}
    index.apply_changes({http: files[http].replace(b"const API_BASE = '/api';", b"const API_BASE = '/api/v9';")})
    changed = {p for p, st in index.files.items() if st.calls != before[p]}
    assert changed == {f"{ROOT}/frontend/src/pages/OrdersPage.tsx"}
    assert index.files[http].deps == frozenset()
    orders = index.files[f"{ROOT}/frontend/src/pages/OrdersPage.tsx"]
    assert http in orders.deps


def test_bad_input_never_raises():
    index = fresh({
        f"{ROOT}/a.js": b"\x00\x01\x02binary",
        f"{ROOT}/b.ts": "// r\u00e9sum\u00e9 (Latin-1)\nexport const f = () => fetch('/api/cv');\n".encode("latin-1"),
        f"{ROOT}/c.tsx": b"export const f = () => fetch(`/api/${",
        f"{ROOT}/d.js": b"x" * 5000 + b"\n",
    })
    errors = index.file_errors()
    assert "binary" in errors[f"{ROOT}/a.js"][0]
    assert "minified" in errors[f"{ROOT}/d.js"][0]
    assert f"{ROOT}/c.tsx" not in errors and f"{ROOT}/b.ts" not in errors
    # a non-UTF-8 byte does not hide the file's calls
    assert [c.path for c in index.files[f"{ROOT}/b.ts"].calls] == ["/api/cv"]


def test_removing_routes_and_axios_defaults_from_a_file_that_stays():
    files = {
        f"{ROOT}/web/package.json": b"{}",
        f"{ROOT}/web/setup.js": b"import axios from 'axios';\naxios.defaults.baseURL = '/api';\n",
        f"{ROOT}/web/page.js": b"import axios from 'axios';\nexport const f = () => axios.get('/users');\n",
        f"{ROOT}/be/app.js": b"const app = require('express')();\napp.get('/users', h);\n",
    }
    index = fresh(files)
    assert [c.path for c in index.analysis().calls] == ["/api/users"]
    for path, data in [(f"{ROOT}/web/setup.js", b"import axios from 'axios';\n"),
                       (f"{ROOT}/be/app.js", b"const app = require('express')();\n")]:
        files[path] = data
        index.apply_changes({path: data})
        assert index.snapshot() == fresh(files).snapshot()
    assert [c.path for c in index.analysis().calls] == ["/users"]
    assert index.analysis().routes == []


# A workspace exercising cross-file value flow: path constants, a class client whose
# instance lives in another module, a client passed as a parameter, an imported app.
FLOW = {
    f"{ROOT}/server/paths.js": b"exports.USERS = '/users';\nexports.PREFIX = '/api';\n",
    f"{ROOT}/server/app.js": (
        b"const express = require('express');\nconst { USERS, PREFIX } = require('./paths');\n"
        b"const app = express();\nconst r = express.Router();\nr.get(USERS, list);\n"
        b"r.post(USERS, create);\napp.use(PREFIX, r);\nmodule.exports = app;\n"),
    f"{ROOT}/server/extra.js": b"const app = require('./app');\napp.get('/health', (req, res) => res.send('ok'));\n",
    f"{ROOT}/web/client.ts": (
        b"export class Api {\n  constructor(private base: string) {}\n"
        b"  private send(path: string, init?: RequestInit) { return fetch(`${this.base}${path}`, init); }\n"
        b"  users() { return this.send('/users'); }\n"
        b"  create(u) { return this.send('/users', { method: 'POST' }); }\n}\n"),
    f"{ROOT}/web/instance.ts": b"import { Api } from './client';\nexport const api = new Api('/api');\n",
    f"{ROOT}/web/session.ts": (
        b"export async function refresh(client) { return client.post('/refresh'); }\n"),
    f"{ROOT}/web/http.ts": (
        b"import axios from 'axios';\nimport { refresh } from './session';\n"
        b"const http = axios.create({ baseURL: '/api' });\nexport const go = () => refresh(http);\n"),
}

FLOW_EDITS = [
    (b"exports.USERS = '/users';", b"exports.USERS = '/people';"),
    (b"exports.PREFIX = '/api';", b"exports.PREFIX = '/api/v2';"),
    (b"new Api('/api')", b"new Api('/api/v2')"),
    (b"export const api = new Api('/api');", b""),
    (b"export const go = () => refresh(http);", b""),
    (b"baseURL: '/api'", b"baseURL: '/auth'"),
    (b"this.send('/users')", b"this.send('/users/me')"),
    (b"app.get('/health'", b"app.post('/health'"),
    (b"app.use(PREFIX, r);", b"app.use(PREFIX, r"),  # half-typed
]


@pytest.mark.parametrize("seed", range(8))
def test_incremental_equals_fresh_for_cross_file_values(seed):
    rng = random.Random(1000 + seed)
    files = dict(FLOW)
    index = fresh(files)
    assert index.snapshot() == fresh(files).snapshot()
    for _ in range(20):
        path = rng.choice(sorted(FLOW))
        roll = rng.random()
        if roll < 0.12:
            change = {path: None}
        elif roll < 0.24:
            change = {path: FLOW[path]}
        else:
            current = files.get(path, FLOW[path])
            change = {path: current + b"\n// touched\n"}
            for old, new in rng.sample(FLOW_EDITS, len(FLOW_EDITS)):
                if old in current:
                    change = {path: current.replace(old, new, 1)}
                    break
                if new and new in current:
                    change = {path: current.replace(new, old, 1)}
                    break
        for p, data in change.items():
            if data is None:
                files.pop(p, None)
            else:
                files[p] = data
        index.apply_changes(change)
        assert index.snapshot() == fresh(files).snapshot(), change


def test_an_env_file_line_that_is_not_name_value_is_skipped_and_said_once(caplog):
    caplog.set_level("WARNING", logger="routelink.index.incremental")
    index = build_index({
        "web/.env.example": "VITE_API=/api/v1\nthis line is not an assignment\nVITE_WS=ws://localhost:3000\n",
        "web/src/api.js": "export const me = () => fetch(`${import.meta.env.VITE_API}/me`);\n",
    })
    assert [c.path for c in index.analysis().calls] == ["/api/v1/me"]
    index.apply_changes({"/ws/web/src/api.js": b"export const me = () => fetch(`${import.meta.env.VITE_API}/me/`);\n"})
    assert [r.getMessage() for r in caplog.records] == [
        "/ws/web/.env.example:2: skipped a line that is not NAME=value"]
