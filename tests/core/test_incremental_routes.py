"""The route graph is resolved again per routing file: an edit of one router file
recomputes that file's templates, handlers and resolved routes (and the mounts that
read it), not those of every routing file; and whatever the edit (a route path, a
prefix another file imports, a mount, a router moved between files, a handler moved to
another controller), the incremental index equals a fresh one.

The randomized part runs ``SEEDS`` x ``STEPS`` edits; ``ROUTELINK_PROPERTY_SEEDS`` and
``ROUTELINK_PROPERTY_STEPS`` run more.
"""

from __future__ import annotations

import os
import random

import pytest

from routelink.index import WorkspaceIndex
from tests.conftest import apply_change

ROOT = "/ws"
B = f"{ROOT}/backend/src"
W = f"{ROOT}/frontend/src"
STEPS = int(os.environ.get("ROUTELINK_PROPERTY_STEPS", "25"))
SEEDS = int(os.environ.get("ROUTELINK_PROPERTY_SEEDS", "8"))

APP = b"""import express from 'express';
import users from './routes/users';
import orders from './routes/orders';
import files from './routes/files';
import { API } from './paths';
export const app = express();
app.use(`${API}/users`, users);
app.use(`${API}/orders`, orders);
app.use('/api/files', files);
"""

PATHS = b"""export const API = '/api';
export const HISTORY = '/:id/history';
"""

CONTROLLER = b"""export function list(req, res) { res.json([]); }
export function show(req, res) { res.json({}); }
"""

ROUTER = """import { Router } from 'express';
import { HISTORY } from '../paths';
import { list, show } from '../controllers/NAME';
const router = Router();
router.get('/', list);
router.get('/:id', show);
router.get(HISTORY, (req, res) => res.json([]));
export default router;
"""

PAGE = """import axios from 'axios';
export function load(id: string) {
  axios.get('/api/NAME');
  axios.get(`/api/NAME/${id}`);
  axios.get(`/api/NAME/${id}/history`);
}
"""

PY_SETTINGS = b'PREFIX = "/py"\n'
PY_MAIN = b"""from fastapi import FastAPI, APIRouter
from settings import PREFIX

router = APIRouter(prefix=PREFIX)

@router.get("/items")
def items():
    return []

app = FastAPI()
app.include_router(router, prefix="/svc")
"""


def originals() -> dict[str, bytes]:
    files = {f"{ROOT}/backend/package.json": b'{"dependencies": {"express": "4"}}',
             f"{ROOT}/frontend/package.json": b'{"dependencies": {"react": "18", "axios": "1"}}',
             f"{B}/app.ts": APP, f"{B}/paths.ts": PATHS,
             f"{ROOT}/py/settings.py": PY_SETTINGS, f"{ROOT}/py/main.py": PY_MAIN}
    for name in ("users", "orders", "files"):
        files[f"{B}/routes/{name}.ts"] = ROUTER.replace("NAME", name).encode()
        files[f"{B}/controllers/{name}.ts"] = CONTROLLER
        files[f"{W}/pages/{name}.ts"] = PAGE.replace("NAME", name).encode()
    return files


def fresh(files: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(files))
    return index


def paths(index: WorkspaceIndex) -> set[tuple[str, str]]:
    return {(r.method, r.path) for r in index.routes}


def edit(files: dict[str, bytes], index: WorkspaceIndex, path: str, old: bytes, new: bytes) -> None:
    assert old in files[path], (path, old)
    files[path] = files[path].replace(old, new, 1)
    index.apply_changes({path: files[path]})


def test_a_route_edit_recomputes_only_that_router_file(monkeypatch):
    from routelink.resolve.routes import RouteResolver

    files = originals()
    index = fresh(files)
    computed: list[tuple[str, str]] = []
    for level in ("_compute_own", "_compute_mount", "_compute_links", "_compute_served"):
        original = getattr(RouteResolver, level)

        def spy(self, path, *args, _original=original, _level=level, **kwargs):
            computed.append((_level, path))
            return _original(self, path, *args, **kwargs)

        monkeypatch.setattr(RouteResolver, level, spy)
    edit(files, index, f"{B}/routes/orders.ts", b"router.get('/:id', show);",
         b"router.get('/:id/items', show);")
    assert ("GET", "/api/orders/{id}/items") in paths(index)
    # the edited file's routers, templates and routes; the one mount that reads it (the
    # app's `use` of its router); nothing of users.ts, files.ts, main.py
    assert sorted(computed) == sorted([
        ("_compute_own", f"{B}/routes/orders.ts"), ("_compute_links", f"{B}/routes/orders.ts"),
        ("_compute_served", f"{B}/routes/orders.ts"), ("_compute_mount", f"{B}/app.ts")])
    assert index.snapshot() == fresh(files).snapshot()


def test_templates_of_other_router_files_are_kept():
    files = originals()
    index = fresh(files)
    before = dict(index._resolver.recomputed)
    edit(files, index, f"{B}/routes/users.ts", b"router.get('/', list);", b"router.get('/all', list);")
    edit(files, index, f"{B}/routes/users.ts", b"router.get('/all', list);", b"router.get('/', list);")
    after = index._resolver.recomputed
    # two edits of users.ts: its templates twice, never those of orders.ts or files.ts
    assert after["links"] - before["links"] == 2
    assert after["served"] - before["served"] == 2
    assert index.snapshot() == fresh(files).snapshot()


def test_a_prefix_another_file_imports_moves_every_route_under_it():
    files = originals()
    index = fresh(files)
    edit(files, index, f"{B}/paths.ts", b"export const API = '/api';", b"export const API = '/v2';")
    got = paths(index)
    assert ("GET", "/v2/users/{id}") in got and ("GET", "/v2/orders") in got
    assert ("GET", "/api/files/{id}") in got  # its mount prefix is written out
    assert index.snapshot() == fresh(files).snapshot()
    # a route path constant read by every router file
    edit(files, index, f"{B}/paths.ts", b"export const HISTORY = '/:id/history';",
         b"export const HISTORY = '/:id/log';")
    assert ("GET", "/v2/users/{id}/log") in paths(index)
    assert ("GET", "/api/files/{id}/history") not in paths(index)
    assert index.snapshot() == fresh(files).snapshot()


def test_a_mount_change_moves_its_router_only():
    files = originals()
    index = fresh(files)
    edit(files, index, f"{B}/app.ts", b"app.use('/api/files', files);", b"app.use('/storage', files);")
    got = paths(index)
    assert ("GET", "/storage/{id}") in got and ("GET", "/api/files") not in got
    assert ("GET", "/api/users") in got
    assert index.snapshot() == fresh(files).snapshot()
    # unmounted, then mounted again
    edit(files, index, f"{B}/app.ts", b"app.use('/storage', files);", b"")
    assert not any(r.mounted for r in index.routes if r.file.endswith("files.ts"))
    assert index.snapshot() == fresh(files).snapshot()
    edit(files, index, f"{B}/app.ts", b"app.use(`${API}/orders`, orders);",
         b"app.use(`${API}/orders`, orders);\napp.use('/api/files', files);")
    assert ("GET", "/api/files/{id}") in paths(index)
    assert index.snapshot() == fresh(files).snapshot()


def test_a_router_moved_between_files():
    files = originals()
    index = fresh(files)
    # the orders router now lives in users.ts, exported by name; orders.ts re-exports it
    users = files[f"{B}/routes/users.ts"].replace(
        b"export default router;",
        b"export default router;\nexport const ordersRouter = Router();\n"
        b"ordersRouter.get('/moved', list);\n")
    files[f"{B}/routes/users.ts"] = users
    files[f"{B}/routes/orders.ts"] = b"export { ordersRouter as default } from './users';\n"
    index.apply_changes({f"{B}/routes/users.ts": users, f"{B}/routes/orders.ts": files[f"{B}/routes/orders.ts"]})
    got = paths(index)
    assert ("GET", "/api/orders/moved") in got and ("GET", "/api/orders/{id}") not in got
    assert index.snapshot() == fresh(files).snapshot()
    # and back, one file at a time
    for name in ("orders", "users"):
        path = f"{B}/routes/{name}.ts"
        files[path] = ROUTER.replace("NAME", name).encode()
        index.apply_changes({path: files[path]})
        assert index.snapshot() == fresh(files).snapshot()
    assert ("GET", "/api/orders/{id}") in paths(index)


def test_a_handler_moved_to_another_controller():
    files = originals()
    index = fresh(files)
    show = next(r for r in index.routes if r.path == "/api/users/{id}")
    assert show.handler_file == f"{B}/controllers/users.ts"
    edit(files, index, f"{B}/routes/users.ts", b"from '../controllers/users'", b"from '../controllers/orders'")
    show = next(r for r in index.routes if r.path == "/api/users/{id}")
    assert show.handler_file == f"{B}/controllers/orders.ts"
    assert index.snapshot() == fresh(files).snapshot()
    # the controller itself changes: the handler's position follows
    edit(files, index, f"{B}/controllers/orders.ts", b"export function list",
         b"// moved down\n\nexport function list")
    show = next(r for r in index.routes if r.path == "/api/users/{id}")
    assert show.handler_span.line == 3
    assert index.snapshot() == fresh(files).snapshot()


def test_a_python_router_prefix_read_from_settings():
    files = originals()
    index = fresh(files)
    assert ("GET", "/svc/py/items") in paths(index)
    edit(files, index, f"{ROOT}/py/settings.py", b'PREFIX = "/py"', b'PREFIX = "/python"')
    assert ("GET", "/svc/python/items") in paths(index)
    assert index.snapshot() == fresh(files).snapshot()


# ---------------------------------------------------------------------- randomized

#: (file, old, new) edits, applied either way
EDITS = [
    (f"{B}/paths.ts", b"export const API = '/api';", b"export const API = '/v2';"),
    (f"{B}/paths.ts", b"export const HISTORY = '/:id/history';", b"export const HISTORY = '/:id';"),
    (f"{B}/paths.ts", b"export const API = '/api';", b"export const API = API_BASE;"),
    (f"{B}/app.ts", b"app.use('/api/files', files);", b"app.use('/api/files', users);"),
    (f"{B}/app.ts", b"app.use(`${API}/users`, users);", b""),
    (f"{B}/app.ts", b"import files from './routes/files';", b"import files from './routes/orders';"),
    (f"{B}/app.ts", b"export const app = express();", b"export const app = express();\napp.get('/api/users/:id', h);"),
    (f"{B}/app.ts", b"app.use(`${API}/orders`, orders);", b"app.use(`${API}/orders`, orders);\norders.use('/sub', files);"),
    (f"{B}/routes/users.ts", b"router.get('/:id', show);", b"router.get('/:id/x', show);"),
    (f"{B}/routes/users.ts", b"router.get('/', list);", b"router.get('/', list);\nrouter.get('/', show);"),
    (f"{B}/routes/users.ts", b"export default router;", b"export default router;\nexport const extra = Router();\nextra.get('/e', list);"),
    (f"{B}/routes/orders.ts", b"const router = Router();", b"const router = Router();\nrouter.get('*', list);"),
    (f"{B}/routes/orders.ts", b"import { list, show } from '../controllers/orders';", b"import { list, show } from '../controllers/users';"),
    (f"{B}/routes/orders.ts", b"export default router;", b"export default Router();"),
    (f"{B}/routes/files.ts", b"router.get(HISTORY, (req, res) => res.json([]));", b""),
    (f"{B}/routes/files.ts", b"import { HISTORY } from '../paths';", b"const HISTORY = '/local';"),
    (f"{B}/controllers/users.ts", b"export function show", b"\n\nexport function show"),
    (f"{B}/controllers/orders.ts", b"export function list", b"export function listed"),
    (f"{ROOT}/py/settings.py", b'PREFIX = "/py"', b'PREFIX = "/python"'),
    (f"{ROOT}/py/main.py", b'app.include_router(router, prefix="/svc")', b'app.include_router(router)'),
    (f"{ROOT}/py/main.py", b'@router.get("/items")', b'@router.post("/items/{item_id}")'),
    (f"{W}/pages/users.ts", b"axios.get('/api/users');", b"axios.get('/v2/users');"),
]


def mutate(rng: random.Random, files: dict[str, bytes], base: dict[str, bytes]) -> dict[str, bytes | None]:
    roll = rng.random()
    if roll < 0.06:
        path = rng.choice(sorted(p for p in base if p.endswith((".ts", ".py"))))
        return {path: None}
    if roll < 0.12:
        path = rng.choice(sorted(p for p in base if p not in files or files[p] != base[p]) or sorted(base))
        return {path: base[path]}
    if roll < 0.18:
        # a router file's text moved to another file (renamed)
        old = rng.choice([f"{B}/routes/users.ts", f"{B}/routes/orders.ts"])
        if old in files:
            return {old: None, f"{B}/routes/moved.ts": files[old]}
    change: dict[str, bytes | None] = {}
    for _ in range(1 if rng.random() < 0.8 else 2):
        for path, old, new in rng.sample(EDITS, len(EDITS)):
            current = change.get(path, files.get(path))
            if current is None:
                continue
            if old in current:
                change[path] = current.replace(old, new, 1)
                break
            if new and new in current:
                change[path] = current.replace(new, old, 1)
                break
    return change


@pytest.mark.parametrize("seed", range(SEEDS))
def test_incremental_route_graph_equals_fresh(seed):
    base = originals()
    rng = random.Random(seed)
    files = dict(base)
    index = fresh(files)
    for step in range(STEPS):
        change = mutate(rng, files, base)
        apply_change(files, index, change)
        assert index.snapshot() == fresh(files).snapshot(), (seed, step, change)


def test_a_route_edit_updates_the_route_table_in_place(monkeypatch):
    from routelink.link import matcher

    files = originals()
    index = fresh(files)
    built: list[int] = []
    recomputed: list[int] = []
    original_init = matcher.RouteTable.__init__
    original_recompute = matcher._Shadowing._recompute

    def init(self, routes):
        built.append(len(routes))
        original_init(self, routes)

    def recompute(self, st, j):
        recomputed.append(j)
        original_recompute(self, st, j)

    monkeypatch.setattr(matcher.RouteTable, "__init__", init)
    monkeypatch.setattr(matcher._Shadowing, "_recompute", recompute)
    # a path changed in place, then a route added (the ids after it move), then removed
    edit(files, index, f"{B}/routes/orders.ts", b"router.get('/:id', show);", b"router.get('/:id/x', show);")
    edit(files, index, f"{B}/routes/orders.ts", b"router.get('/', list);",
         b"router.get('/', list);\nrouter.post('/', list);")
    edit(files, index, f"{B}/routes/orders.ts", b"router.get('/', list);\nrouter.post('/', list);",
         b"router.get('/', list);")
    assert built == []
    # shadowing: only the changed routes and those they may concern: the three edits
    # together recompute fewer routes than one pass over the app's ordered group (its 9
    # Express routes)
    group = {r.group for r in index.routes if r.file.endswith("orders.ts")}
    assert len(group) == 1 and sum(r.group in group for r in index.routes) == 9
    assert 0 < len(recomputed) < 9
    assert index.snapshot() == fresh(files).snapshot()
