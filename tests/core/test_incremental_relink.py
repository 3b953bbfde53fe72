"""A route edit re-matches only the calls the routes that came or went may serve (keyed
by their first path segments), moving every other link to the new route ids; the
incremental index still equals a fresh one under random route and call edits."""

from __future__ import annotations

import random

import pytest

from routelink.index import WorkspaceIndex
from tests.conftest import apply_change

ROOT = "/ws"

APP = b"""import express from 'express';
import users from './routes/users';
import orders from './routes/orders';
import files from './routes/files';
export const app = express();
app.use('/api/users', users);
app.use('/api/orders', orders);
app.use('/api/files', files);
app.use('/health', (req, res) => res.send('ok'));
"""

ROUTER = """import { Router } from 'express';
const router = Router();
router.get('/', list);
router.post('/', create);
router.get('/:id', show);
router.get('/:id/history', history);
export default router;
"""

ANY = b"""export function any(kind: string, id: string) {
  return fetch(`/api/${kind}/${id}`);
}
"""

PAGE = """import axios from 'axios';
const api = axios.create({ baseURL: '/api' });
export function load(id: string, kind: string) {
  api.get('/NAME');
  api.get(`/NAME/${id}`);
  api.get(`/NAME/${id}/history`);
  api.post('/NAME', {});
}
"""


def originals() -> dict[str, bytes]:
    files = {f"{ROOT}/backend/package.json": b'{"dependencies": {"express": "4"}}',
             f"{ROOT}/frontend/package.json": b'{"dependencies": {"react": "18", "axios": "1"}}',
             f"{ROOT}/backend/src/app.ts": APP, f"{ROOT}/frontend/src/pages/any.ts": ANY}
    for name in ("users", "orders", "files"):
        files[f"{ROOT}/backend/src/routes/{name}.ts"] = ROUTER.encode()
        files[f"{ROOT}/frontend/src/pages/{name}.ts"] = PAGE.replace("NAME", name).encode()
    return files


#: (old, new) text edits of route and page files
EDITS = [
    (b"router.get('/:id/history', history);", b"router.get('/:id/historyx', history);"),
    (b"router.get('/:id/history', history);", b""),
    (b"router.get('/', list);", b"router.get('/', list);\nrouter.get('/export', exp);"),
    (b"router.post('/', create);", b"router.put('/', create);"),
    (b"router.get('/:id', show);", b"router.get('/:id/:rest*', show);"),
    (b"const router = Router();", b"const router = Router();\nrouter.get('*', fallback);"),
    (b"api.get('/users');", b"api.get('/userz');"),
    (b"api.get(`/orders/${id}`);", b"api.get(`/${kind}/${id}`);"),
    (b"fetch(`/api/${kind}/${id}`)", b"fetch(`/api/users/${id}`)"),
    (b"api.post('/files', {});", b"api.post('/files/upload', {});"),
    (b"app.use('/api/files', files);", b"app.use('/api/v2/files', files);"),
    (b"app.use('/api/orders', orders);", b"app.use('/:tenant/orders', orders);"),
]


def fresh(files: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(files))
    return index


def mutate(rng: random.Random, files: dict[str, bytes], base: dict[str, bytes]) -> dict[str, bytes | None]:
    path = rng.choice(sorted(p for p in base if p.endswith(".ts")))
    roll = rng.random()
    if roll < 0.1:
        return {path: None}
    if roll < 0.2:
        return {path: base[path]}
    current = files.get(path, base[path])
    for old, new in rng.sample(EDITS, len(EDITS)):
        if old in current:
            return {path: current.replace(old, new, 1)}
        if new and new in current:
            return {path: current.replace(new, old, 1)}
    return {path: current + b"\n// touched\n"}


@pytest.mark.parametrize("seed", range(10))
def test_incremental_equals_fresh_under_route_and_call_edits(seed):
    base = originals()
    rng = random.Random(seed)
    files = dict(base)
    index = fresh(files)
    for _ in range(30):
        change = mutate(rng, files, base)
        apply_change(files, index, change)
        assert index.snapshot() == fresh(files).snapshot()


def test_a_route_edit_rematches_only_the_calls_it_may_serve(monkeypatch):
    files = originals()
    index = fresh(files)
    matched: list[str] = []
    original = WorkspaceIndex._match

    def spy(self, path, call):
        matched.append(path)
        return original(self, path, call)

    monkeypatch.setattr(WorkspaceIndex, "_match", spy)
    orders = f"{ROOT}/backend/src/routes/orders.ts"
    # a route added first in the file: every later route id moves
    files[orders] = files[orders].replace(b"router.get('/', list);",
                                          b"router.get('/export', exp);\nrouter.get('/', list);")
    index.apply_changes({orders: files[orders]})
    # the orders page, and the file whose `/api/${kind}/...` any route under /api may
    # serve; not the users and files pages, whose links move to the new route ids
    assert set(matched) == {f"{ROOT}/frontend/src/pages/orders.ts", f"{ROOT}/frontend/src/pages/any.ts"}
    assert index.snapshot() == fresh(files).snapshot()


def test_a_page_edit_recomputes_only_that_pages_part_of_the_call_passes(monkeypatch):
    """The per-update passes over every call (the listing, the findings, the callers of
    each route) reuse what the files whose calls and links did not change gave last
    time: only the edited page's part is built again, and the result is a fresh index's."""
    from routelink.index import incremental

    files = originals()
    index = fresh(files)
    index.analysis()
    seen: list[str] = []
    original = incremental.call_findings

    def spy(i, call, m, *args):
        seen.append(call.file)
        return original(i, call, m, *args)

    monkeypatch.setattr(incremental, "call_findings", spy)
    users = f"{ROOT}/frontend/src/pages/users.ts"
    for old, new in ((b"api.get('/users');", b"api.get('/userz');"),
                     (b"api.get('/userz');", b"api.get('/users');")):
        seen.clear()
        before = dict(index._segments())
        apply_change(files, index, {users: files[users].replace(old, new)})
        analysis = index.analysis()
        after = dict(index._segments())
        assert set(seen) == {users}
        assert {p for p in after if after[p] is not before.get(p)} == {users}
        expected = fresh(files)
        assert index.snapshot() == expected.snapshot()
        assert analysis.callers == expected.analysis().callers
        assert analysis.findings == expected.analysis().findings


def test_ignore_comments_and_file_errors_follow_edits():
    """The files with routelink-ignore comments and with errors are tracked per edit:
    adding, changing and removing a comment, and a file too large to index, give the
    diagnostics of a fresh index."""
    from routelink.config import Config
    from routelink.ide.report import diagnostics

    files = originals()
    index = fresh(files)
    users = f"{ROOT}/frontend/src/pages/users.ts"
    orders = f"{ROOT}/frontend/src/pages/orders.ts"
    text = files[users]
    steps = [
        {users: text.replace(b"api.get('/users');", b"api.get('/userz'); // routelink-ignore")},
        {users: text.replace(b"api.get('/users');",
                             b"api.get('/users'); // routelink-ignore: unmatched-call")},
        {orders: b"// routelink-ignore\n" + b"x" * (index.max_bytes + 1)},
        {users: text},
        {orders: files[orders]},
    ]
    seen = []
    for change in steps:
        apply_change(files, index, change)
        expected = fresh(files)
        got = diagnostics(index, Config())
        assert got == diagnostics(expected, Config())
        assert index.snapshot() == expected.snapshot()
        seen.append(sorted({(d.code, d.file) for d in got if d.file in (users, orders)}))
    assert ("unmatched-call", users) not in seen[0] and ("unused-ignore", users) not in seen[0]
    assert ("unused-ignore", users) in seen[1]
    # the oversized file: skipped, with a reason (its comment is not read)
    assert [code for code, file in seen[2] if file == orders] == ["file-skipped"]
    assert not [d for d in got if d.code == "unused-ignore"]
    assert not index.file_errors()


def test_a_route_edit_leaves_no_reference_cycle_of_the_route_walk():
    """What a pass of the route resolver builds is freed when the next pass replaces
    it, not left in reference cycles for the garbage collector (whose young collection
    then became a pause of 5-10 ms inside an edit at 10k files)."""
    import gc

    files = originals()
    index = fresh(files)
    orders = f"{ROOT}/backend/src/routes/orders.ts"
    edits = [files[orders].replace(b"'/:id/history'", b"'/:id/historyx'"), files[orders]]
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for data in edits * 2:
            apply_change(files, index, {orders: data})
        gc.collect()
        walk = [o for o in gc.garbage if callable(o) and getattr(o, "__qualname__", "").startswith(
            "RouteResolver.resolve.")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    assert walk == []
    assert index.snapshot() == fresh(files).snapshot()
