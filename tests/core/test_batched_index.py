"""The language server's batched cold index (``routelink.index.batches``): the batches
leave the index a single pass builds, whatever the order and the cuts, and edits go
on from it as from a fresh one (a randomized property, with the facts cache on and off); the plan indexes first what every finding
reads (routes, client setups, configs, open documents); while an early batch is linked,
the files of later batches that resolution reads are read in full, so the route table is
already the final one; and the diagnostics shown early are call-side ones only."""

from __future__ import annotations

import os
import random

import pytest

from routelink.config import Config
from routelink.ide.snapshot import Snapshot
from routelink.index import WorkspaceIndex
from routelink.index.batches import BatchPlan, build_batched, plan_batches
from routelink.index.cache import open_cache
from routelink.index.config_files import is_resolution_config
from routelink.index.scan import WorkspaceFiles
from routelink.lsp.streaming import EARLY_CODES, early_diagnostics
from routelink.extract import OpenTrees
from tests.conftest import apply_change
from tests.core.test_incremental_property import FILES, NEW_FILES, ROOT, VALUE_EDITS, step

SEEDS = int(os.environ.get("ROUTELINK_PROPERTY_SEEDS", "16"))
EDITS = 6


def workspace(data: dict[str, bytes]) -> WorkspaceFiles:
    sources = {p: d for p, d in data.items() if not is_resolution_config(p)}
    return WorkspaceFiles(roots=[ROOT], max_bytes=1 << 20, data=dict(data), sources=sources,
                          scanned=len(sources))


def fresh(data: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(data))
    return index


def random_files(rng: random.Random) -> dict[str, bytes]:
    files = dict(FILES)
    for path, data in NEW_FILES.items():
        if rng.random() < 0.5:
            files[path] = data
    for old, new in rng.sample(VALUE_EDITS, 3):
        for path, data in files.items():
            if old in data:
                files[path] = data.replace(old, new, 1)
                break
    return files


def random_plan(rng: random.Random, files: dict[str, bytes]) -> BatchPlan:
    paths = list(files)
    rng.shuffle(paths)
    cuts = sorted(rng.sample(range(1, len(paths)), rng.randint(1, 4)))
    bounds = [0, *cuts, len(paths)]
    return BatchPlan([{p: files[p] for p in paths[a:b]} for a, b in zip(bounds, bounds[1:])])


@pytest.mark.parametrize("seed", range(SEEDS))
@pytest.mark.parametrize("cached", [False, True])
def test_batches_in_any_order_leave_the_index_of_one_pass(seed, cached, tmp_path):
    rng = random.Random(seed)
    files = random_files(rng)
    plan = random_plan(rng, files)
    seen: list[int] = []
    cache = open_cache(str(tmp_path / "cache")) if cached else None
    try:
        index = build_batched(workspace(files), plan, jobs=1, cache=cache,
                              on_batch=lambda index, k, indexed, total: seen.append(k))
    finally:
        if cache is not None:
            cache.close()
    assert seen == list(range(len(plan.batches) - 1))
    assert index._held is None
    assert index.snapshot() == fresh(files).snapshot(), f"seed {seed}: {plan.sizes()}"
    # and it goes on like one: editor steps on it equal a fresh index of their result
    trees = OpenTrees()
    index.trees = trees
    opened: set[str] = set()
    for n in range(EDITS):
        what, change = step(rng, files, trees, opened)
        apply_change(files, index, change)
        assert index.snapshot() == fresh(files).snapshot(), f"seed {seed}, edit {n}: {what}"


# a product monorepo: an Express backend, a React frontend whose pages call through an
# axios instance, a constants module of the frontend that the backend reads too
WEB = f"{ROOT}/web"
BE = f"{ROOT}/be"
MONOREPO: dict[str, bytes] = {
    f"{ROOT}/package.json": b'{"private": true, "workspaces": ["web", "be"]}',
    f"{BE}/package.json": b'{"dependencies": {"express": "4"}}',
    f"{WEB}/package.json": b'{"dependencies": {"react": "18", "axios": "1"}, "devDependencies": {"msw": "2"}}',
    f"{BE}/app.js": (b"const express = require('express');\n"
                     b"const { USERS } = require('../web/src/shared/paths');\n"
                     b"const app = express();\n"
                     b"app.get(`/api${USERS}`, (req, res) => res.json([]));\n"
                     b"app.get('/api/orders', (req, res) => res.json([]));\n"
                     b"app.listen(3000);\n"),
    f"{WEB}/src/pages/Broken.tsx": (b"import { api } from '../lib/api';\n"
                                    b"export default function Broken() {\n"
                                    b"  const load = () => api.get('/nothing-here');\n  return null;\n}\n"),
    f"{WEB}/src/shared/paths.ts": b"export const USERS = '/users';\n",
    f"{WEB}/src/lib/api.ts": (b"import axios from 'axios';\n"
                              b"export const api = axios.create({ baseURL: '/api' });\n"),
    f"{WEB}/src/mocks/handlers.ts": (b"import { http } from 'msw';\n"
                                     b"export const handlers = [http.get('/api/mocked', () => null)];\n"),
    f"{WEB}/src/pages/Users.tsx": (b"import { api } from '../lib/api';\nimport { USERS } from '../shared/paths';\n"
                                   b"export default function Users() {\n"
                                   b"  const load = () => api.get(USERS);\n  return null;\n}\n"),
    f"{WEB}/src/pages/Orders.tsx": (b"import { api } from '../lib/api';\n"
                                    b"export default function Orders() {\n"
                                    b"  const load = () => api.post('/orders');\n  return null;\n}\n"),
    f"{WEB}/src/pages/Mocked.tsx": (b"import { api } from '../lib/api';\n"
                                    b"export default function Mocked() {\n"
                                    b"  const load = () => api.get('/mocked');\n  return null;\n}\n"),
    f"{WEB}/src/components/Card.tsx": b"export function Card() {\n  return null;\n}\n",
}


def test_the_plan_indexes_what_every_finding_reads_first():
    files = workspace(MONOREPO)
    plan = plan_batches(files, [f"{WEB}/src/pages/Orders.tsx"], least=0, later=2)
    assert plan is not None
    first = set(plan.batches[0])
    # configs, the backend, the client setup, the mocks and the open document
    assert {f"{ROOT}/package.json", f"{BE}/package.json", f"{WEB}/package.json", f"{BE}/app.js",
            f"{WEB}/src/lib/api.ts", f"{WEB}/src/mocks/handlers.ts",
            f"{WEB}/src/pages/Orders.tsx"} <= first
    later = set().union(*plan.batches[1:])
    assert {f"{WEB}/src/pages/Users.tsx", f"{WEB}/src/pages/Broken.tsx",
            f"{WEB}/src/pages/Mocked.tsx", f"{WEB}/src/shared/paths.ts"} <= later
    assert not first & later
    assert first | later == set(MONOREPO)
    # the files whose call-side findings may come early: the frontend's
    assert plan.early == {p for p in MONOREPO if p.startswith(f"{WEB}/src/")}
    # a file with no keyword (nothing to extract) goes with the last batch
    assert f"{WEB}/src/components/Card.tsx" in plan.batches[-1]


def test_one_pass_for_a_small_workspace_or_one_with_no_frontend_package():
    assert plan_batches(workspace(MONOREPO)) is None  # under the default threshold
    backend_only = {p: d for p, d in MONOREPO.items() if not p.startswith(WEB)}
    assert plan_batches(workspace(backend_only), least=0) is None
    # a full-stack package (its server code is its own): nothing is frontend-only
    fullstack = dict(MONOREPO)
    fullstack[f"{WEB}/package.json"] = b'{"dependencies": {"react": "18", "next": "14"}}'
    assert plan_batches(workspace(fullstack), least=0) is None


def test_early_batches_read_later_files_and_show_only_call_side_findings():
    """The backend reads a route path from a frontend module of a later batch: after
    the first batch the route table is already the final one; what is shown early is
    the final diagnostics of the files shown, never a route-side one."""
    files = workspace(MONOREPO)
    plan = plan_batches(files, least=0, later=2)
    final = fresh(MONOREPO)
    config = Config()
    shown: list[dict] = []

    def on_batch(index, k, indexed, total):
        assert [(r.method, r.path) for r in index.routes] == [(r.method, r.path) for r in final.routes]
        snapshot = Snapshot.of_index(index, config, [ROOT])
        shown.append({p: [(d.code, d.span, d.message) for d in ds]
                      for p, ds in early_diagnostics(snapshot, index, plan.early).items()})

    index = build_batched(files, plan, jobs=1, on_batch=on_batch)
    assert index.snapshot() == final.snapshot()
    last = Snapshot.of_index(index, config, [ROOT])
    assert len(shown) == len(plan.batches) - 1
    for early in shown:
        for path, ds in early.items():
            assert {code for code, _, _ in ds} <= EARLY_CODES
            # what is shown early is what the complete index says of that call
            assert set(ds) <= {(d.code, d.span, d.message) for d in last.diagnostics_in(path)}
    # the page of the middle batch with a call nothing serves is shown before the last
    broken = f"{WEB}/src/pages/Broken.tsx"
    assert broken in plan.batches[1]
    assert [code for code, _, _ in shown[-1][broken]] == ["unmatched-call"]
    assert {d.code for d in last.diagnostics} >= {"unused-route", "unmatched-call",
                                                  "method-mismatch", "mock-only-call"}
    assert not any(code == "unused-route" for early in shown for ds in early.values() for code, _, _ in ds)


def test_a_warm_cache_makes_it_one_pass(tmp_path):
    """When the facts cache has (nearly) every file, extraction is cheap and each batch
    would only add a linking pass: the batches are applied as one."""
    files = workspace(MONOREPO)
    plan = plan_batches(files, least=0, later=2)
    cache = open_cache(str(tmp_path / "cache"))
    try:
        build_batched(files, plan, jobs=1, cache=cache)  # fills the cache
        calls: list[int] = []
        index = build_batched(files, plan, jobs=1, cache=cache, cheap=1,
                              on_batch=lambda index, k, indexed, total: calls.append(k))
    finally:
        cache.close()
    assert calls == []
    assert index.snapshot() == fresh(MONOREPO).snapshot()


def test_extraction_ahead_in_a_pool_gives_the_facts_of_one_pass(tmp_path, monkeypatch):
    """The batches' files go through one process pool (forced for a small workspace):
    the index is the one pass's, the workers did the files, and what they extracted is
    in the cache."""
    from routelink.index import pool

    monkeypatch.setattr(pool, "POOL_MIN_FILES", 0)
    monkeypatch.setattr(pool, "CHUNK_BYTES", 256)  # several chunks
    in_process: list[str] = []
    real = pool._extract_one
    monkeypatch.setattr(pool, "_extract_one",
                        lambda path, data, max_bytes: in_process.append(path) or real(path, data, max_bytes))
    files = workspace(MONOREPO)
    plan = plan_batches(files, least=0, later=2)
    cache = open_cache(str(tmp_path / "cache"))
    try:
        index = build_batched(files, plan, jobs=2, cache=cache)
        assert index.snapshot() == fresh(MONOREPO).snapshot()
        # (the few files resolution read before their chunk was done: in-process)
        assert len(in_process) < len(files.sources) // 2
        from routelink.index.cache import content_key

        keys = {content_key(p, d, files.max_bytes) for p, d in files.sources.items()
                if p.endswith((".ts", ".tsx", ".js"))}
        assert len(cache.get_many(keys)) >= len(keys) - 2  # (Card.tsx: deferred, never extracted)
    finally:
        cache.close()


def test_no_file_is_extracted_twice(monkeypatch):
    """A file resolution reads before its batch (the backend's import of
    ``shared/paths.ts``) is extracted once: its batch and the deferred-file reads use
    those facts."""
    from collections import Counter

    from routelink.index import incremental, pool

    counts: Counter = Counter()
    real_one, real_file = pool._extract_one, incremental.extract_file
    monkeypatch.setattr(pool, "_extract_one",
                        lambda path, *a: counts.update([path]) or real_one(path, *a))
    monkeypatch.setattr(incremental, "extract_file",
                        lambda path, *a, **k: counts.update([path]) or real_file(path, *a, **k))
    files = dict(MONOREPO)
    # a module with no keyword, read by the backend, deferred in the complete index
    files[f"{WEB}/src/shared/names.ts"] = b"export const ORDERS = 'orders';\n"
    files[f"{BE}/app.js"] = files[f"{BE}/app.js"].replace(
        b"const app = express();", b"const { ORDERS } = require('../web/src/shared/names');\n"
        b"const app = express();\napp.get(`/api/v2/${ORDERS}`, (req, res) => res.json([]));")
    plan = plan_batches(workspace(files), least=0, later=2)
    names = f"{WEB}/src/shared/names.ts"
    assert names in plan.batches[-1]  # (no keyword: with the last batch)
    index = build_batched(workspace(files), plan, jobs=1)
    assert names not in index._deferral.needed_set
    index.snapshot()  # (reads every deferred file resolution reads)
    extracted = Counter(counts)
    assert index.snapshot() == fresh(files).snapshot()
    assert any(r.path == "/api/v2/orders" for r in index.routes)
    assert f"{WEB}/src/shared/paths.ts" in extracted
    assert f"{WEB}/src/shared/names.ts" in extracted
    assert max(extracted.values()) == 1, extracted
