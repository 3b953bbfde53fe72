"""Module resolution through tsconfig/jsconfig ``extends`` chains (TypeScript 5 rules):
relative bases, package bases found in ``node_modules`` when present, arrays of bases,
``paths`` replaced by a child, ``baseUrl`` relative to the config that declares it."""

from __future__ import annotations

import os
import textwrap

from routelink.index import index_workspace
from tests.conftest import build_index

BACKEND = {
    "services/api/src/app.ts": """
        import express from 'express';
        const app = express();
        app.get('/api/users', listUsers);
        app.post('/api/users', createUser);
        app.get('/api/invoices/:id', getInvoice);
        app.listen(4000);
    """,
}

API_CLIENT = {
    "packages/api-client/package.json": '{ "name": "@app/api-client", "main": "src/index.ts" }',
    "packages/api-client/src/index.ts": """
        import axios from 'axios';

        export const http = axios.create({ baseURL: '/api' });

        export const usersApi = {
          list: () => http.get('/users'),
          create: (body: unknown) => http.post('/users', body),
        };
    """,
}

WEB = {
    "apps/web/package.json": '{ "name": "web", "private": true }',
    "apps/web/src/pages/Users.tsx": """
        import { http } from '@app/api-client';

        export async function loadUsers() {
          const users = await http.get('/users');
          const first = await http.get(`/invoices/${users.data[0].invoiceId}`);
          await http.post('/users', { name: 'x' });
          return first;
        }
    """,
}

# an Nx-style base: `paths` for the workspace packages, in a folder of its own
BASE = {
    "config/tsconfig.base.json": """
        {
          // shared by every package
          "compilerOptions": {
            "target": "ES2022",
            "strict": true,
            "baseUrl": "..",
            "paths": {
              "@app/*": ["packages/*/src"],
            },
          },
        }
    """,
}


def linked(index) -> list[tuple[str, str, str, bool]]:
    """(file name, method, path, linked) of every call, sorted."""
    a = index.analysis()
    return sorted((c.file.rsplit("/", 1)[-1], c.method, c.path, bool(m.routes))
                  for c, m in zip(a.calls, a.matches))


USERS_CALLS = [
    ("Users.tsx", "GET", "/api/invoices/{}", True),
    ("Users.tsx", "GET", "/api/users", True),
    ("Users.tsx", "POST", "/api/users", True),
]


def test_package_tsconfig_extends_a_base_with_paths():
    files = {**BACKEND, **API_CLIENT, **WEB, **BASE,
             "apps/web/tsconfig.json": """
                 {
                   "extends": "../../config/tsconfig.base.json",
                   "compilerOptions": { "jsx": "react-jsx", "outDir": "dist" },
                   "include": ["src"]
                 }
             """}
    index = build_index(files)
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == USERS_CALLS
    assert not [f for f in index.analysis().findings if f.code == "unmatched-call"]


def test_without_the_extends_the_aliases_are_not_resolved():
    # the same workspace whose package config does not extend the base: `@app/*` is
    # a package routelink cannot see (this is what an unfollowed `extends` did)
    files = {**BACKEND, **API_CLIENT, **WEB, **BASE,
             "apps/web/tsconfig.json": '{ "compilerOptions": { "jsx": "react-jsx" } }'}
    assert [c for c in linked(build_index(files)) if c[0] == "Users.tsx"] == []


def test_chain_of_bases_array_extends_and_missing_package_base():
    files = {**BACKEND, **API_CLIENT, **WEB, **BASE,
             # TypeScript 5: an array; a package base that is not installed is skipped
             "apps/web/tsconfig.json": """
                 {
                   "extends": ["@tsconfig/strictest/tsconfig.json", "./tsconfig.shared"],
                   "compilerOptions": { "jsx": "react-jsx" }
                 }
             """,
             "apps/web/tsconfig.shared.json": '{ "extends": "../../config/tsconfig.base.json" }'}
    index = build_index(files)
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == USERS_CALLS
    assert index.file_errors() == {}


def test_child_paths_replace_the_bases_and_base_url_is_the_declaring_configs():
    files = {**BACKEND, **API_CLIENT, **BASE,
             "apps/legacy/tsconfig.json": """
                 {
                   "extends": "../../config/tsconfig.base.json",
                   "compilerOptions": {
                     "paths": { "@legacy/*": ["apps/legacy/src/*"] }
                   }
                 }
             """,
             "apps/legacy/src/http.ts": """
                 import axios from 'axios';
                 export default axios.create({ baseURL: '/api' });
             """,
             "apps/legacy/src/main.ts": """
                 import http from '@legacy/http';
                 import { usersApi } from '@app/api-client';
                 http.get('/users');
                 usersApi.list();
             """}
    got = [c for c in linked(build_index(files)) if c[0] == "main.ts"]
    # `@legacy/*` is relative to the inherited baseUrl (the repository root, as the base
    # declares it); `@app/*` is gone: a child's `paths` replaces the base's
    assert got == [("main.ts", "GET", "/api/users", True)]


def test_paths_without_base_url_are_relative_to_the_config_that_declares_them():
    files = {**BACKEND, **API_CLIENT, **WEB,
             "config/tsconfig.paths.json": """
                 { "compilerOptions": { "paths": { "@app/*": ["../packages/*/src"] } } }
             """,
             "apps/web/tsconfig.json": '{ "extends": "../../config/tsconfig.paths.json" }'}
    assert [c for c in linked(build_index(files)) if c[0] == "Users.tsx"] == USERS_CALLS


def test_base_from_a_package_in_node_modules(tmp_path):
    """A shared config package linked into node_modules (a pnpm/yarn workspace)."""
    root = tmp_path / "repo"
    files = {**BACKEND, **API_CLIENT, **WEB,
             "packages/tsconfig/package.json": '{ "name": "@app/tsconfig", "tsconfig": "base.json" }',
             "packages/tsconfig/base.json": """
                 { "compilerOptions": { "paths": { "@app/*": ["../*/src"] } } }
             """,
             "apps/web/tsconfig.json": '{ "extends": "@app/tsconfig", "include": ["src"] }'}
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
    # not installed: the base is skipped, nothing fails
    index = index_workspace([str(root)])
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == []
    assert index.file_errors() == {}
    (root / "node_modules" / "@app").mkdir(parents=True)
    os.symlink(root / "packages" / "tsconfig", root / "node_modules" / "@app" / "tsconfig")
    index = index_workspace([str(root)])
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == USERS_CALLS
    # the base is no file the index holds, yet a change to it re-resolves
    base = str(root / "packages" / "tsconfig" / "base.json")
    assert index.reads_config(base)
    new = b'{ "compilerOptions": { "paths": { "@nothing/*": ["../*/src"] } } }'
    (root / "packages" / "tsconfig" / "base.json").write_bytes(new)
    index.apply_changes({base: new})
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == []
    assert index.snapshot() == index_workspace([str(root)]).snapshot()


def test_a_change_to_an_extended_config_re_resolves_every_file():
    files = {**BACKEND, **API_CLIENT, **WEB, **BASE,
             "apps/web/tsconfig.json": '{ "extends": "../../config/tsconfig.base.json" }'}
    index = build_index(files)
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == USERS_CALLS
    base = "/ws/config/tsconfig.base.json"
    renamed = textwrap.dedent(BASE["config/tsconfig.base.json"]).replace('"@app/*"', '"@acme/*"')
    index.apply_changes({base: renamed.encode()})
    assert [c for c in linked(index) if c[0] == "Users.tsx"] == []
    assert index.snapshot() == build_index({**files, "config/tsconfig.base.json": renamed}).snapshot()
