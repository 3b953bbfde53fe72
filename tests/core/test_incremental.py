"""The incremental index invariant for changes whose effect reaches files that did not
depend on the changed file before: an instance created under a class's export alias,
and a file of a frontend's public folder coming or going."""

from __future__ import annotations

import textwrap

from routelink.index import WorkspaceIndex
from tests.conftest import apply_change

ROOT = "/ws"

BACKEND = {
    "backend/package.json": '{"dependencies": {"express": "4"}}',
    "backend/app.js": """
        const express = require('express');
        const app = express();
        app.get('/api/users', (req, res) => res.json([]));
        app.listen(3000);
    """,
}

CLIENT = """
    class UserApiClient {
      constructor(base) { this.base = base; }
      list() { return fetch(`${this.base}/users`); }
    }
    export { UserApiClient as UserApi };
"""


def encode(files: dict[str, str | None], root: str = ROOT) -> dict[str, bytes | None]:
    return {f"{root}/{name}": None if text is None else textwrap.dedent(text).encode()
            for name, text in files.items()}


def fresh(files: dict[str, bytes], root: str = ROOT) -> WorkspaceIndex:
    index = WorkspaceIndex(roots=[root])
    index.apply_changes(dict(files))
    return index


def edit(files: dict[str, bytes], index: WorkspaceIndex, change: dict[str, bytes | None],
         root: str = ROOT) -> WorkspaceIndex:
    """Apply ``change`` to ``files`` and ``index``; return a fresh index of the result."""
    apply_change(files, index, change)
    return fresh(files, root)


def call_paths(index: WorkspaceIndex) -> list[tuple[str, list[str]]]:
    return [(call.path, [index.routes[r].path for r in m.routes])
            for _, call, m in index.iter_calls()]


def test_a_new_instance_under_an_export_alias_re_resolves_the_class():
    files = encode({**BACKEND, "web/package.json": '{"dependencies": {"react": "18"}}',
                    "web/src/client.ts": CLIENT,
                    "web/src/main.ts": "import { UserApi } from './client';\nexport const n = 1;\n"})
    index = fresh(files)
    other = edit(files, index, encode({"web/src/main.ts": """
        import { UserApi } from './client';
        export const api = new UserApi('/api');
    """}))
    assert call_paths(index) == [("/api/users", ["/api/users"])]
    assert index.snapshot() == other.snapshot()


def test_a_barrel_that_starts_exporting_a_class_under_an_alias_re_resolves_the_class():
    files = encode({**BACKEND, "web/package.json": '{"dependencies": {"react": "18"}}',
                    "web/src/client.ts": CLIENT.replace("UserApiClient as UserApi", "UserApiClient"),
                    "web/src/index.ts": "export { Zzz } from './client';\n",
                    "web/src/main.ts": """
                        import { UserApi } from './index';
                        export const api = new UserApi('/api');
                    """})
    index = fresh(files)
    other = edit(files, index, encode(
        {"web/src/index.ts": "export { UserApiClient as UserApi } from './client';\n"}))
    assert call_paths(index) == [("/api/users", ["/api/users"])]
    assert index.snapshot() == other.snapshot()
    # and back: the alias goes away again
    other = edit(files, index, encode({"web/src/index.ts": "export { Zzz } from './client';\n"}))
    assert index.snapshot() == other.snapshot()


def test_a_barrel_that_moves_an_alias_to_another_class_re_resolves_both_classes():
    """The alias name stays exported by the same file, its value moves from one class
    to another: the index re-checks the alias sets that read the barrel."""
    files = encode({**BACKEND, "web/package.json": '{"dependencies": {"react": "18"}}',
                    "web/src/client.ts": CLIENT.replace("UserApiClient as UserApi", "UserApiClient"),
                    "web/src/other.ts": """
                        export class OrderApiClient {
                          constructor(base) { this.base = base; }
                          list() { return fetch(`${this.base}/orders`); }
                        }
                    """,
                    "web/src/index.ts": "export { UserApiClient as UserApi } from './client';\n",
                    "web/src/main.ts": """
                        import { UserApi } from './index';
                        export const api = new UserApi('/api');
                    """})
    index = fresh(files)
    assert "/api/users" in [p for p, _ in call_paths(index)]
    other = edit(files, index, encode(
        {"web/src/index.ts": "export { OrderApiClient as UserApi } from './other';\n"}))
    paths = [p for p, _ in call_paths(index)]
    assert "/api/orders" in paths and "/api/users" not in paths
    assert index.snapshot() == other.snapshot()


def test_a_body_edit_of_an_alias_exporter_re_resolves_only_its_dependents(monkeypatch):
    """Files that asked for a class's instances read every module exporting an
    instantiated name (to find the class's aliases); an edit inside such a module that
    leaves its exports alone does not re-resolve them (the alias set is re-checked
    once, for the class, and is the same)."""
    from routelink.index import incremental

    services = {f"web/src/services/s{i}.ts": f"""
        import {{ UserApi }} from '../index';
        export class Service{i} {{
          constructor(private api: UserApi) {{}}
          load() {{ return this.api.list(); }}
        }}
    """ for i in range(8)}
    files = encode({**BACKEND, "web/package.json": '{"dependencies": {"react": "18"}}',
                    "web/src/client.ts": CLIENT.replace("UserApiClient as UserApi", "UserApiClient"),
                    "web/src/index.ts": "export { UserApiClient as UserApi } from './client';\n",
                    "web/src/main.ts": """
                        import { UserApi } from './index';
                        export const api = new UserApi('/api');
                    """,
                    "web/src/cache.ts": """
                        export class CacheService {
                          clear() { return fetch('/api/cache/clear', { method: 'POST' }); }
                        }
                        export const cache = new CacheService();
                    """, **services})
    index = fresh(files)
    resolved = []
    real = incremental.resolve_file_calls

    def counting(path, *args, **kwargs):
        resolved.append(path)
        return real(path, *args, **kwargs)

    change = encode({"web/src/cache.ts": """
        export class CacheService {
          clear() { return fetch('/api/cache/flush', { method: 'POST' }); }
        }
        export const cache = new CacheService();
    """})
    monkeypatch.setattr(incremental, "resolve_file_calls", counting)
    index.apply_changes(change)
    monkeypatch.undo()
    assert resolved == ["/ws/web/src/cache.ts"]
    files.update(change)
    assert index.snapshot() == fresh(files).snapshot()
    assert "/api/cache/flush" in [p for p, _ in call_paths(index)]


def test_adding_and_deleting_a_file_of_the_public_folder_equals_a_fresh_index(tmp_path):
    root = tmp_path.as_posix()
    files = encode({**BACKEND, "web/package.json": '{"dependencies": {"react": "18"}}',
                    "web/src/a.ts": "export const cities = () => fetch('/data/cities.json');\n"},
                   root)
    index = fresh(files, root)
    assert [f.code for f in index.analysis().findings] == ["unmatched-call", "unused-route"]
    public = tmp_path / "web" / "public" / "data" / "cities.json"
    public.parent.mkdir(parents=True)
    public.write_text("[]")
    # not an indexed file type: the index sees the event, not the file
    other = edit(files, index, {public.as_posix(): b"[]"}, root)
    assert index.snapshot() == other.snapshot()
    assert [f.code for f in index.analysis().findings] == []
    public.unlink()
    other = edit(files, index, {public.as_posix(): None}, root)
    assert index.snapshot() == other.snapshot()
    assert [f.code for f in index.analysis().findings] == ["unmatched-call", "unused-route"]


def test_public_file_owners():
    from routelink.index.config_files import public_file_owners

    assert public_file_owners("/ws/web/public/data/cities.json") == ("/ws/web",)
    assert public_file_owners("/ws/site/static/img/logo.png") == ("/ws/site",)
    assert public_file_owners("/ws/web/src/public.ts") == ()


BARREL = {
    "web/package.json": '{"dependencies": {"react": "18"}}',
    "web/src/lib/index.ts": "export * from './format';\nexport * from './config';\n",
    "web/src/lib/format.ts": """
        export function money(n: number) {
          return `$${n.toFixed(2)}`;
        }
    """,
    "web/src/lib/config.ts": "export const API = '/api';\n",
    **{f"web/src/pages/P{i}.tsx": f"""
        import {{ API }} from '../lib';
        export const load{i} = () => fetch(`${{API}}/users`);
    """ for i in range(6)},
}


def test_a_body_edit_of_a_module_a_barrel_passes_through_re_resolves_no_importer(monkeypatch):
    """Pages import ``API`` through a barrel whose first ``export *`` module does not
    export it: that module was only probed. An edit inside its function leaves its
    signature (names exported, imports, table keys) alone: no page is resolved again;
    an edit that makes it export ``API`` re-resolves them all."""
    from routelink.index import incremental

    files = encode({**BACKEND, **BARREL})
    index = fresh(files)
    assert [p for p, _ in call_paths(index)] == ["/api/users"] * 6
    resolved = []
    real = incremental.resolve_file_calls

    def counting(path, *args, **kwargs):
        resolved.append(path)
        return real(path, *args, **kwargs)

    body = encode({"web/src/lib/format.ts": """
        export function money(n: number) {
          return `USD ${n.toFixed(2)}`;
        }
    """})
    monkeypatch.setattr(incremental, "resolve_file_calls", counting)
    index.apply_changes(body)
    assert not [p for p in resolved if "/pages/" in p]
    resolved.clear()
    exports = encode({"web/src/lib/format.ts": """
        export const API = '/v2';
        export function money(n: number) {
          return `USD ${n.toFixed(2)}`;
        }
    """})
    index.apply_changes(exports)
    monkeypatch.undo()
    assert len([p for p in resolved if "/pages/" in p]) == 6
    files.update(body)
    files.update(exports)
    assert index.snapshot() == fresh(files).snapshot()
    assert [p for p, _ in call_paths(index)] == ["/v2/users"] * 6
