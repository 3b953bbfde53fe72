"""The incremental invariant as a randomized property, over what an editor does:
after every step of a seeded random sequence, ``index.snapshot()`` equals the snapshot
of a fresh index of the same files.

Steps: value edits in files other files read (path constants, a config module, a base
URL default ``axios.defaults.baseURL = BASE`` with ``BASE`` imported, a client created
with an imported base, Python settings), broken edits (junk inserted, ranges deleted:
half-typed code), files created, deleted, restored and renamed, and documents opened
and closed in the editor (an open document is re-parsed incrementally from its kept
tree, ``OpenTrees``). The workspace mixes Express, FastAPI, axios, fetch and a class
client.

CI runs ``SEEDS`` x ``STEPS`` steps (a few hundred); set ``ROUTELINK_PROPERTY_STEPS``
(steps per seed) and ``ROUTELINK_PROPERTY_SEEDS`` to run more. A failure prints the
seed, the step and the change.
"""

from __future__ import annotations

import os
import random

import pytest

from routelink.extract import OpenTrees
from routelink.index import WorkspaceIndex
from tests.conftest import apply_change

ROOT = "/ws"
STEPS = int(os.environ.get("ROUTELINK_PROPERTY_STEPS", "30"))
SEEDS = int(os.environ.get("ROUTELINK_PROPERTY_SEEDS", "10"))

W = f"{ROOT}/web/src"
B = f"{ROOT}/be"

FILES: dict[str, bytes] = {
    f"{ROOT}/web/package.json": b'{"dependencies": {"react": "18", "axios": "1"}}',
    f"{W}/config.js": b"export const BASE = '/api';\nexport const USERS = '/users';\nexport const V = 'v1';\n",
    f"{W}/constants.ts": (b"import { BASE, V } from './config';\n"
                          b"export const API = `${BASE}/${V}`;\nexport { USERS } from './config';\n"),
    f"{W}/setup.js": (b"import axios from 'axios';\nimport { BASE } from './config';\n"
                      b"axios.defaults.baseURL = BASE;\n"),
    f"{W}/users.js": (b"import axios from 'axios';\nimport { USERS } from './constants';\n"
                      b"export const list = () => axios.get(USERS);\n"
                      b"export const one = (id) => axios.delete(`${USERS}/${id}`);\n"),
    f"{W}/client.ts": (b"import axios from 'axios';\nimport { API } from './constants';\n"
                       b"export const http = axios.create({ baseURL: API });\n"),
    f"{W}/orders.ts": (b"import { http } from './client';\n"
                       b"export const orders = () => http.get('/orders');\n"
                       b"export const pay = (id: string) => http.post(`/orders/${id}/pay`);\n"),
    f"{W}/Api.ts": (b"export class Api {\n  constructor(private base: string) {}\n"
                    b"  items() { return fetch(`${this.base}/items`); }\n}\n"),
    f"{W}/api.ts": b"import { Api } from './Api';\nimport { BASE } from './config';\nexport const api = new Api(BASE);\n",
    f"{W}/Page.tsx": (b"import { list } from './users';\nexport function Page() {\n"
                      b"  return <button onClick={() => list()}>load</button>;\n}\n"),
    f"{B}/paths.js": b"exports.PREFIX = '/api';\nexports.USERS = '/users';\n",
    f"{B}/app.js": (b"const express = require('express');\nconst { PREFIX, USERS } = require('./paths');\n"
                    b"const app = express();\nconst r = express.Router();\n"
                    b"r.get(USERS, (req, res) => res.json([]));\nr.delete(`${USERS}/:id`, (req, res) => res.end());\n"
                    b"r.get('/items', (req, res) => res.json([]));\n"
                    b"app.use(PREFIX, r);\napp.use(PREFIX, require('./v1'));\nmodule.exports = app;\n"),
    f"{B}/v1.js": (b"const router = require('express').Router();\n"
                   b"router.get('/v1/orders', (req, res) => res.json([]));\n"
                   b"router.post('/v1/orders/:id/pay', (req, res) => res.end());\nmodule.exports = router;\n"),
    f"{B}/py/settings.py": b'API_PREFIX = "/api"\n',
    f"{B}/py/main.py": (b"from fastapi import FastAPI, APIRouter\nfrom settings import API_PREFIX\n"
                        b"router = APIRouter()\n\n@router.get(\"/health\")\ndef health():\n    return {}\n\n"
                        b"app = FastAPI()\napp.include_router(router, prefix=API_PREFIX)\n"),
}

# value edits (old, new): applied either way
VALUE_EDITS = [
    (b"export const BASE = '/api';", b"export const BASE = '/api/v2';"),
    (b"export const BASE = '/api';", b"export const BASE = 'http://localhost:4000/api';"),
    (b"export const USERS = '/users';", b"export const USERS = '/people';"),
    (b"export const V = 'v1';", b"export const V = 'v2';"),
    (b"axios.defaults.baseURL = BASE;", b"axios.defaults.baseURL = '/other';"),
    (b"axios.defaults.baseURL = BASE;", b""),
    (b"baseURL: API", b"baseURL: BASE"),
    (b"import { API } from './constants';", b"import { API, BASE } from './constants';"),
    (b"export { USERS } from './config';", b"export const USERS = '/members';"),
    (b"new Api(BASE)", b"new Api('/api/v9')"),
    (b"exports.PREFIX = '/api';", b"exports.PREFIX = '/api/v2';"),
    (b"exports.USERS = '/users';", b"exports.USERS = '/people';"),
    (b"app.use(PREFIX, require('./v1'));", b""),
    (b"r.get('/items'", b"r.post('/items'"),
    (b'API_PREFIX = "/api"', b'API_PREFIX = "/api/py"'),
    (b"http.get('/orders')", b"http.get('/orders/')"),
]

JUNK = [b"(", b")", b"{", b"}", b"`", b"'", b'"', b"/*", b"*/", b"<", b">", b"${", b"\n", b";",
        b"=>", b"fetch('/x')", b"</div>", b"//", b"\\", b"import ", b"export const ", b":"]

# files that may appear: a new module an existing import names, a second default, a router
NEW_FILES = {
    f"{W}/config/index.js": b"export const BASE = '/from-index';\nexport const USERS = '/u';\nexport const V = 'v3';\n",
    f"{W}/setup2.js": b"import axios from 'axios';\naxios.defaults.baseURL = '/second';\n",
    f"{B}/extra.js": (b"const app = require('./app');\nconst { PREFIX } = require('./paths');\n"
                      b"app.get(PREFIX + '/orders', (req, res) => res.json([]));\n"),
    f"{W}/.env": b"VITE_API=/env-api\n",
}


def fresh(files: dict[str, bytes]) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(files))
    return index


def junk_edit(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    roll = rng.random()
    if roll < 0.45:
        return data[:i] + rng.choice(JUNK) + data[i:]
    if roll < 0.85:
        return data[:i] + data[min(len(data), i + rng.randint(1, 25)):]
    return data[:i] + rng.choice(JUNK) + data[min(len(data), i + rng.randint(1, 6)):]


def step(rng: random.Random, files: dict[str, bytes], trees: OpenTrees,
         opened: set[str]) -> tuple[str, dict[str, bytes | None]]:
    """One random step: (description, change for ``apply_changes``); updates ``opened``."""
    roll = rng.random()
    sources = sorted(p for p in files if not p.endswith((".json", ".env")))
    if roll < 0.08 and sources:
        path = rng.choice(sources)
        if path in opened:
            opened.discard(path)
            trees.close(path)
            return f"close {path}", {}
        opened.add(path)
        trees.open(path)
        return f"open {path}", {}
    if roll < 0.15:
        path = rng.choice(sorted(FILES))
        return f"delete {path}", {path: None}
    if roll < 0.22:
        path = rng.choice(sorted(FILES))
        return f"restore {path}", {path: FILES[path]}
    if roll < 0.30:
        path, data = rng.choice(sorted(NEW_FILES.items()))
        return f"create/delete {path}", {path: None if path in files else data}
    if roll < 0.36 and sources:
        # a rename: one path goes, another comes with the same text
        old = rng.choice(sources)
        stem, dot, ext = old.rpartition(".")
        new = f"{stem}_renamed.{ext}" if not stem.endswith("_renamed") else f"{stem[:-8]}.{ext}"
        return f"rename {old} -> {new}", {old: None, new: files[old]}
    if not sources:
        return "nothing", {}
    path = rng.choice(sorted(set(sources) | (opened & set(files))))
    current = files[path]
    if roll < 0.62:
        for old, new in rng.sample(VALUE_EDITS, len(VALUE_EDITS)):
            if old in current and new not in current:
                return f"edit {path}", {path: current.replace(old, new, 1)}
            if new and new in current:
                return f"edit back {path}", {path: current.replace(new, old, 1)}
    if roll < 0.75:
        return f"restore {path}", {path: FILES.get(path, current)}
    return f"broken edit {path}", {path: junk_edit(rng, current)}


def run(seed: int, steps: int) -> None:
    rng = random.Random(seed)
    files = dict(FILES)
    index = fresh(files)
    trees = OpenTrees()
    index.trees = trees
    opened: set[str] = set()
    for n in range(steps):
        what, change = step(rng, files, trees, opened)
        apply_change(files, index, change)
        expected = fresh(files).snapshot()
        assert index.snapshot() == expected, f"seed {seed}, step {n}: {what}"


@pytest.mark.parametrize("seed", range(SEEDS))
def test_incremental_equals_fresh_for_editor_sequences(seed):
    run(seed, STEPS)


def test_a_default_base_read_from_another_module_follows_it():
    """``axios.defaults.baseURL = BASE`` with BASE imported: a change of BASE's module
    re-derives the default and every call it applies to."""
    files = dict(FILES)
    index = fresh(files)
    before = sorted(c.path for c in index.analysis().calls)
    assert "/api/users" in before
    change = {f"{W}/config.js": FILES[f"{W}/config.js"].replace(b"'/api'", b"'/api/v2'")}
    files.update(change)
    index.apply_changes(change)
    assert index.snapshot() == fresh(files).snapshot()
    assert "/api/v2/users" in sorted(c.path for c in index.analysis().calls)


def test_an_open_document_reparsed_after_broken_edits_equals_a_fresh_parse():
    from routelink.extract import extract_file

    rng = random.Random(7)
    path = f"{W}/orders.ts"
    trees = OpenTrees()
    trees.open(path)
    data = FILES[path] * 20
    extract_file(path, data, trees=trees)
    for _ in range(400):
        data = junk_edit(rng, data)
        assert extract_file(path, data, trees=trees) == extract_file(path, data)


def test_a_tree_of_another_language_is_never_reused():
    """A ``<script>`` switched to ``lang="ts"`` (or any path whose language changes):
    the old JavaScript tree must not reach the TypeScript parser."""
    from routelink.syntax import parse, tree_sitter_language

    js = b"const a = <T,>(x) => x;\nexport const f = () => fetch('/api/x');\n"
    ts = b"const a = <T,>(x: T) => x;\nexport const f = () => fetch('/api/x');\n"
    trees = OpenTrees()
    trees.open("/ws/c.vue")
    trees.store("/ws/c.vue", js, parse(js, "javascript"))
    assert trees.edited_tree("/ws/c.vue", ts, tree_sitter_language("typescript")) is None
    old = parse(js, "javascript")
    old.edit(start_byte=0, old_end_byte=len(js), new_end_byte=len(ts), start_point=(0, 0),
             old_end_point=(2, 0), new_end_point=(2, 0))
    assert str(parse(ts, "typescript", old).root_node) == str(parse(ts, "typescript").root_node)
