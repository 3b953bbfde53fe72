"""The cross-file prefilter (``routelink.index.deferral``): files with no keyword that
mention no name a request-making file shares are deferred (not extracted) and extracted
only when resolution reads them; the results equal those of the per-file prefilter
(``ROUTELINK_PREFILTER=file``), and the incremental index equals a fresh one after edits
that move files between needed and deferred.
"""

from __future__ import annotations

import os
import random

import pytest

from routelink.extract import OpenTrees
from routelink.index import WorkspaceIndex
from routelink.index.deferral import Deferral, file_names, words
from tests.conftest import apply_change

ROOT = "/ws"
W = f"{ROOT}/web/src"
B = f"{ROOT}/api"
SEEDS = int(os.environ.get("ROUTELINK_PROPERTY_SEEDS", "10"))
STEPS = int(os.environ.get("ROUTELINK_PROPERTY_STEPS", "30"))

FILES: dict[str, bytes] = {
    f"{ROOT}/web/package.json": b'{"dependencies": {"react": "18", "axios": "1"}}',
    f"{ROOT}/api/package.json": b'{"dependencies": {"express": "4"}}',
    # constants with no keyword: a route path and a URL read them
    f"{ROOT}/shared/version.ts": b"export const V = 'v1';\nexport const USERS = 'users';\n",
    f"{B}/server.ts": (b"import express from 'express';\nimport { V, USERS } from '../shared/version';\n"
                       b"const app = express();\n"
                       b"app.get(`/${V}/${USERS}`, (req, res) => res.json([]));\n"
                       b"app.get(`/${V}/orders/:id`, (req, res) => res.json({}));\n"
                       b"app.listen(3000);\n"),
    # a wrapper (keyword: axios) and callers with no keyword of their own
    f"{W}/http.ts": (b"import axios from 'axios';\n"
                     b"export const http = (path: string) => axios.get(path);\n"),
    f"{W}/paths.ts": b"import { V } from '../../shared/version';\nexport const ORDERS = `/${V}/orders`;\n",
    f"{W}/useOrder.ts": (b"import { http } from './http';\n"
                         b"export function useOrder(path: string) {\n  return http(path);\n}\n"),
    f"{W}/OrderPage.tsx": (b"import { useOrder } from './useOrder';\nimport { ORDERS } from './paths';\n"
                           b"export function OrderPage({ id }: { id: string }) {\n"
                           b"  useOrder(ORDERS + '/' + id);\n  return <div>{id}</div>;\n}\n"),
    # components with nothing to do with requests: deferred
    f"{W}/Button.tsx": (b"export function Button({ label }: { label: string }) {\n"
                        b"  return <button className=\"btn\">{label}</button>;\n}\n"),
    f"{W}/Card.tsx": (b"import { Button } from './Button';\n"
                      b"export const Card = ({ title }: { title: string }) => (\n"
                      b"  <div><h2>{title}</h2><Button label=\"ok\" /></div>\n);\n"),
    f"{W}/format.ts": b"export function formatDate(d: Date) {\n  return d.toISOString().slice(0, 10);\n}\n",
}

# edits (old, new) that move files between needed and deferred, applied either way
EDITS = [
    # a deferred component starts calling the wrapper (it mentions `http` now)
    (b"return <button className=\"btn\">{label}</button>;",
     b"http(USERS);\n  return <button className=\"btn\">{label}</button>;"),
    (b"export function Button(", b"import { http } from './http';\nimport { USERS } from '../../shared/version';\nexport function Button("),
    # the wrapper gains an export a deferred file already mentions
    (b"export const http = (path: string) => axios.get(path);",
     b"export const http = (path: string) => axios.get(path);\nexport const formatDate = (d: string) => axios.get(d);"),
    # the constants change (a deferred file other files read)
    (b"export const V = 'v1';", b"export const V = 'v2';"),
    (b"export const USERS = 'users';", b"export const USERS = 'people';"),
    # the wrapper loses its export name (its callers are deferred again)
    (b"export const http = ", b"export const request2 = "),
    # a keyword appears in a deferred file
    (b"return d.toISOString().slice(0, 10);", b"return fetch('/v1/users');"),
    (b"export function OrderPage(", b"export function OrderScreen("),
    (b"useOrder(ORDERS + '/' + id);", b"useOrder(ORDERS);"),
    (b"return http(path);", b"return path;"),
]

NEW_FILES = {
    f"{W}/Users.tsx": (b"import { http } from './http';\nimport { V, USERS } from '../../shared/version';\n"
                       b"export const Users = () => { http(`/${V}/${USERS}`); return null; };\n"),
    f"{W}/index.ts": b"export * from './Card';\nexport * from './Button';\n",
    f"{W}/extra.ts": b"import { formatDate } from './format';\nexport const today = () => formatDate(new Date());\n",
}


def build(files: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(files))
    return index


def results(index: WorkspaceIndex) -> tuple:
    """What a user sees: routes, calls, links and findings."""
    a = index.analysis()
    return (tuple(a.routes), tuple(a.calls), tuple(a.matches), tuple(sorted(a.findings, key=repr)))


def deferred(index: WorkspaceIndex) -> set[str]:
    d = index._deferral
    return {p for p in d.texts if p not in d.needed_set}


@pytest.fixture
def per_file(monkeypatch):
    """Build an index with the cross-file prefilter off."""
    def make(files):
        monkeypatch.setenv("ROUTELINK_PREFILTER", "file")
        try:
            return build(files)
        finally:
            monkeypatch.delenv("ROUTELINK_PREFILTER")
    return make


def test_files_with_nothing_to_do_with_requests_are_deferred(monkeypatch):
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    index = build(FILES)
    assert deferred(index) == {f"{ROOT}/shared/version.ts", f"{W}/Button.tsx", f"{W}/Card.tsx",
                               f"{W}/format.ts"}
    # a deferred file has the facts of a skipped file in the index
    assert index.files[f"{W}/Button.tsx"].facts.exports == ()


def test_a_constants_module_a_route_and_a_call_import_is_read_when_deferred(per_file, monkeypatch):
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    index = build(FILES)
    assert f"{ROOT}/shared/version.ts" in deferred(index)
    routes = sorted(r.path for r in index.analysis().routes)
    assert routes == ["/v1/orders/{id}", "/v1/users"]
    assert [c.path.startswith("/v1/orders/") for c in index.analysis().calls] == [True]
    assert results(index) == results(per_file(FILES))


def test_a_component_calling_an_imported_wrapper_with_no_keyword_is_needed(per_file, monkeypatch):
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    index = build(FILES)
    # OrderPage.tsx and useOrder.ts have no keyword; one calls the other, which calls
    # the wrapper
    assert f"{W}/OrderPage.tsx" not in deferred(index)
    assert f"{W}/useOrder.ts" not in deferred(index)
    assert {c.file for c in index.analysis().calls} == {f"{W}/OrderPage.tsx"}
    assert results(index) == results(per_file(FILES))


def test_a_deferred_file_becomes_needed_when_a_needed_file_exports_a_name_it_mentions(
        per_file, monkeypatch):
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    files = dict(FILES)
    files[f"{W}/Report.tsx"] = (b"export function Report() {\n  loadReport('2024');\n  return null;\n}\n")
    index = build(files)
    assert f"{W}/Report.tsx" in deferred(index)
    # an auto-imported function appears in the wrapper's module
    change = {f"{W}/http.ts": files[f"{W}/http.ts"] + b"export const loadReport = (y: string) => axios.get(`/v1/reports/${y}`);\n"}
    files.update(change)
    index.apply_changes(change)
    assert f"{W}/Report.tsx" not in deferred(index)
    assert index.snapshot() == build(files).snapshot()
    assert results(index) == results(per_file(files))
    # and back
    change = {f"{W}/http.ts": FILES[f"{W}/http.ts"]}
    files.update(change)
    index.apply_changes(change)
    assert f"{W}/Report.tsx" in deferred(index)
    assert index.snapshot() == build(files).snapshot()


def test_an_edit_of_a_deferred_constants_module_re_resolves_its_readers(monkeypatch):
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    files = dict(FILES)
    index = build(files)
    change = {f"{ROOT}/shared/version.ts": b"export const V = 'v2';\nexport const USERS = 'users';\n"}
    files.update(change)
    index.apply_changes(change)
    assert f"{ROOT}/shared/version.ts" in deferred(index)
    assert sorted(r.path for r in index.analysis().routes) == ["/v2/orders/{id}", "/v2/users"]
    assert index.snapshot() == build(files).snapshot()


def test_an_auto_import_from_a_deferred_module_is_found(per_file, monkeypatch):
    """A Nuxt page calls ``useBase()`` without importing it; the composable's module has
    no keyword (deferred): the exporters of the name are completed from deferred files."""
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    files = {
        f"{ROOT}/package.json": b'{"dependencies": {"nuxt": "3"}}',
        f"{ROOT}/nuxt.config.ts": b"export default defineNuxtConfig({})\n",
        f"{ROOT}/composables/useBase.ts": b"export const useBase = () => 'v1'\n",
        f"{ROOT}/pages/index.vue": (b"<script setup lang=\"ts\">\n"
                                    b"const { data } = await useFetch(`/${useBase()}/items`)\n</script>\n"
                                    b"<template><div>{{ data }}</div></template>\n"),
    }
    index = build(files)
    assert results(index) == results(per_file(files))


def test_file_names_are_what_an_importer_writes():
    assert file_names("/ws/src/user.service.ts")[1] >= {"user.service"}
    assert "utils" in file_names("/ws/src/utils/index.ts")[1]
    assert "shared" in file_names("/ws/packages/shared/src/index.ts")[1]
    assert {"UserCard", "userCard"} <= file_names("/ws/src/user-card.vue")[0]
    assert "UserCard" in words(b"<template><user-card :id=\"1\" /></template>")


def test_the_needed_set_is_a_closure_over_shared_names():
    d = Deferral()
    d.set_text("/ws/a.ts", b"import axios from 'axios'\nexport const a = () => axios.get(x)\n")
    d.set_text("/ws/b.ts", b"import { a } from './a'\nexport const b = () => a()\n")
    d.set_text("/ws/c.ts", b"import { b } from './b'\nexport const c = () => b()\n")
    d.set_text("/ws/d.ts", b"export const d = 1\n")
    from routelink.extract import extract_file

    needed = d.compute(lambda paths: {p: extract_file(p, d.texts[p]) for p in paths})
    assert needed == {"/ws/a.ts", "/ws/b.ts", "/ws/c.ts"}


def _step(rng: random.Random, files: dict[str, bytes], trees: OpenTrees, opened: set[str]):
    sources = sorted(p for p in files if not p.endswith(".json"))
    roll = rng.random()
    if roll < 0.08 and sources:
        path = rng.choice(sources)
        if path in opened:
            opened.discard(path)
            trees.close(path)
            return f"close {path}", {}
        opened.add(path)
        trees.open(path)
        return f"open {path}", {}
    if roll < 0.16:
        path, data = rng.choice(sorted(NEW_FILES.items()))
        return f"create/delete {path}", {path: None if path in files else data}
    if roll < 0.22 and sources:
        old = rng.choice(sources)
        stem, _, ext = old.rpartition(".")
        new = f"{stem}_renamed.{ext}" if not stem.endswith("_renamed") else f"{stem[:-8]}.{ext}"
        return f"rename {old} -> {new}", {old: None, new: files[old]}
    if roll < 0.28:
        path = rng.choice(sorted(FILES))
        return f"restore {path}", {path: FILES[path]}
    if not sources:
        return "nothing", {}
    path = rng.choice(sources)
    current = files[path]
    for old, new in rng.sample(EDITS, len(EDITS)):
        if old in current and new not in current:
            return f"edit {path}", {path: current.replace(old, new, 1)}
        if new and new in current:
            return f"edit back {path}", {path: current.replace(new, old, 1)}
    i = rng.randrange(len(current) + 1)
    return f"broken edit {path}", {path: current[:i] + rng.choice([b"(", b"}", b"export const z = 1;\n"]) + current[i:]}


@pytest.mark.parametrize("seed", range(SEEDS))
def test_incremental_equals_fresh_and_per_file_prefilter(seed, per_file, monkeypatch):
    monkeypatch.delenv("ROUTELINK_PREFILTER", raising=False)
    rng = random.Random(seed)
    files = dict(FILES)
    index = build(files)
    trees = OpenTrees()
    index.trees = trees
    opened: set[str] = set()
    for n in range(STEPS):
        what, change = _step(rng, files, trees, opened)
        apply_change(files, index, change)
        fresh = build(files)
        assert index.snapshot() == fresh.snapshot(), f"seed {seed}, step {n}: {what}"
        assert results(index) == results(per_file(files)), f"seed {seed}, step {n}: {what}"
