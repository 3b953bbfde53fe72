"""The recipes of docs/ARCHITECTURE.md, proven: a backend framework and a client library
that routelink does not ship are added as one module each (here: one class each) plus a
registry call, and a call made with the client links to a route of the framework."""

from __future__ import annotations

import pytest

from routelink.clients import registry as clients
from routelink.clients.base import ClientLibrary
from routelink.facts import Lit
from routelink.frameworks import registry as frameworks
from routelink.frameworks.base import JsFramework, PathTemplate
from tests.conftest import build_index


class ToyHttp(JsFramework):
    """``const app = toyhttp.server()``; ``app.handle('GET', '/users/<id>', h)``;
    ``app.attach('/api', sub)``. Path parameters are written ``<name>``."""

    name = "toyhttp"
    packages = ("toyhttp",)
    keywords = (rb"toyhttp",)
    trailing_slash = "strict"

    def router_creation(self, b, value):
        base, chain = b.call_chain(value)
        if not chain or chain[0][0] != "server" or base is None or base.type != "identifier":
            return None
        if b.import_module(b.text(base)) != "toyhttp":
            return None
        return True, chain[1:]

    def router_chain(self, b, key, chain, scope):
        for method, call in chain:
            args = b.args(call)
            if method == "handle" and len(args) >= 3:
                verb = b.expr(args[0], scope)
                for path in b.path_exprs(args[1], scope) or []:
                    b.add_route(key, getattr(verb, "value", "ANY").upper(), path, call, args[2:],
                                self.name, self.trailing_slash)
            elif method == "attach" and len(args) == 2:
                child = b.mount_child(args[1], scope)
                if child is not None:
                    b.add_mount(key, b.expr(args[0], scope), child, call, self.name)
        return True

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        return [(raw.replace("<", "{").replace(">", "}"), None)]


class ToyFetch(ClientLibrary):
    """``import tf from 'toyfetch'``; ``tf.send(url, { verb })``; ``tf.make({ root })``."""

    name = "toyfetch"
    packages = ("toyfetch",)
    request_members = frozenset({"send"})
    factory_members = frozenset({"make"})
    callable = False
    keywords = (rb"toyfetch",)

    def create(self, ev, parent, member, args, ctx):
        options = ev.eval(args[0], ctx) if args else None
        return ev.client(self.name, ev.option_strings(options, ("root",)), instance=True)

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return []
        method, explicit = ev.method_from_options(args[1] if len(args) > 1 else None, ctx, key="verb")
        return [ev.request(self.name, method, s, client.base, explicit) for s in ev.strings(args[0], ctx)]


@pytest.fixture
def toys():
    fw, lib = ToyHttp(), ToyFetch()
    frameworks.register(fw)
    clients.register(lib)
    try:
        yield fw, lib
    finally:
        frameworks.unregister(fw)
        clients.unregister(lib)


SOURCES = {
    "server/app.js": """
        import toyhttp from 'toyhttp';
        import { users } from './users';
        const app = toyhttp.server();
        app.attach('/api', users);
        app.handle('GET', '/health', health);
    """,
    "server/users.js": """
        import toyhttp from 'toyhttp';
        export const users = toyhttp.server();
        users.handle('GET', '/users/<id>', showUser);
        users.handle('POST', '/users', createUser);
    """,
    "web/api.js": """
        import tf from 'toyfetch';
        const api = tf.make({ root: '/api' });
        export const load = (id) => api.send(`/users/${id}`);
        export const save = (user) => api.send('/users', { verb: 'POST' });
        export const wrong = () => api.send('/users/me/avatar', { verb: 'PUT' });
    """,
}


def test_a_new_framework_and_client_link_through_the_registries(toys):
    index = build_index(SOURCES)
    a = index.analysis()
    routes = {(r.method, r.path, r.framework) for r in a.routes}
    assert routes == {("GET", "/health", "toyhttp"), ("GET", "/api/users/{id}", "toyhttp"),
                      ("POST", "/api/users", "toyhttp")}
    linked = {(c.method, c.path, c.client, tuple(a.routes[i].path for i in m.routes))
              for c, m in zip(a.calls, a.matches)}
    assert linked == {
        ("GET", "/api/users/{}", "toyfetch", ("/api/users/{id}",)),
        ("POST", "/api/users", "toyfetch", ("/api/users",)),
        ("PUT", "/api/users/me/avatar", "toyfetch", ()),
    }
    assert {(f.code, f.file.rsplit("/", 1)[-1]) for f in a.findings} == {
        ("unmatched-call", "api.js"), ("unused-route", "app.js")}


def test_without_the_plugins_nothing_of_theirs_is_found():
    a = build_index(SOURCES).analysis()
    assert not a.routes and not a.calls


class ToyDeco(JsFramework):
    """Decorated controller classes: ``@Resource('/cats') class Cats { @Verb('GET',
    '/:id') show() {} }`` (the shape of NestJS)."""

    name = "toydeco"
    keywords = (rb"@Resource",)

    def on_class(self, b, node, name, decorators):
        prefix = None
        for d in decorators:
            call = next((c for c in d.named_children if c.type == "call_expression"), None)
            if call is not None and b.text(call.child_by_field_name("function")) == "Resource":
                args = b.args(call)
                prefix = b.expr(args[0], None) if args else None
                break
        else:
            return
        b.add_router(name, self.name, node, is_app=True, prefix=prefix)
        body = node.child_by_field_name("body")
        for member in body.named_children if body is not None else []:
            if member.type != "method_definition":
                continue
            for d in b.decorators_of(member):
                call = next((c for c in d.named_children if c.type == "call_expression"), None)
                if call is None or b.text(call.child_by_field_name("function")) != "Verb":
                    continue
                verb, path = b.args(call)[:2]
                b.add_route(name, b.expr(verb, None).value, b.expr(path, None), member, [member],
                            self.name, "ignore")

    def convert_path(self, raw, syntax=""):
        from routelink.frameworks.express import express_path

        return [(p, None) for p in express_path(raw)]


class ToyFiles(JsFramework):
    """File-based routing: ``routes/users/[id].ts`` exporting ``GET`` serves
    ``GET /users/{id}`` (the shape of Next.js and SvelteKit)."""

    name = "toyfiles"
    keywords = (rb"export",)

    def on_file(self, b, path):
        if "/routes/" not in path:
            return
        rel = path.split("/routes/", 1)[1].rsplit(".", 1)[0]
        if rel.endswith("/index") or rel == "index":
            rel = rel[: -len("index")]
        template = "/" + rel.strip("/")
        exported = {e.name for e in b.exports}
        for method in ("GET", "POST", "DELETE"):
            if method in exported:
                key = f"<file:{method}>"
                b.add_router(key, self.name, b.root_node, is_app=True)
                b.add_route(key, method, Lit(template), b.root_node, [], self.name, "strict")

    def convert_path(self, raw, syntax=""):
        return [(raw.replace("[", "{").replace("]", "}"), None)]


@pytest.mark.parametrize("plugin", [ToyDeco(), ToyFiles()], ids=lambda p: p.name)
def test_class_decorators_and_file_paths_reach_their_hooks(plugin):
    frameworks.register(plugin)
    try:
        index = build_index({
            "api/cats.controller.ts": """
                @Resource('/cats')
                export class Cats {
                  @Verb('GET', '/:id')
                  show() {}
                  @Verb('POST', '/')
                  create() {}
                }
            """,
            "api/routes/users/[id].ts": """
                export async function GET(req) { return new Response('{}'); }
                export async function DELETE(req) { return new Response(null); }
            """,
            "web/api.ts": """
                export const cat = (id) => fetch(`/cats/${id}`);
                export const user = (id) => fetch(`/users/${id}`, { method: 'DELETE' });
            """,
        })
        a = index.analysis()
        got = {(r.method, r.path) for r in a.routes}
        linked = {c.path for c, m in zip(a.calls, a.matches) if m.routes}
    finally:
        frameworks.unregister(plugin)
    if plugin.name == "toydeco":
        assert got == {("GET", "/cats/{id}"), ("POST", "/cats")} and linked == {"/cats/{}"}
    else:
        assert got == {("GET", "/users/{id}"), ("DELETE", "/users/{id}")} and linked == {"/users/{}"}


class ToyProject(ToyFiles):
    """``ToyFiles`` whose routes exist only in a project (a folder with ``toy.json``
    naming a ``prefix``), served under that prefix and also at ``/legacy/...`` (an
    alias): what :meth:`Framework.finish_routes` is for."""

    name = "toyproject"

    def finish_routes(self, routes, evaluator):
        import dataclasses
        import json
        import posixpath

        out = []
        for r in routes:
            folder = posixpath.dirname(r.file)
            while folder != "/" and evaluator.modules.read_text(folder + "/package.json") is None:
                folder = posixpath.dirname(folder)
            config = evaluator.modules.read_text(folder + "/package.json")
            prefix = json.loads(config).get("toyPrefix") if config else None
            if prefix is None:
                out.append([])
                continue
            served = dataclasses.replace(r, path=prefix + r.path)
            out.append([served, dataclasses.replace(served, path="/legacy" + r.path, via="legacy alias")])
        return out


def test_finish_routes_adjusts_drops_and_aliases_routes():
    plugin = ToyProject()
    frameworks.register(plugin)
    try:
        index = build_index({
            "svc/package.json": '{"toyPrefix": "/v2"}',
            "svc/api/routes/users/[id].ts": "export async function GET(req) { return 1; }",
            "other/routes/orders.ts": "export async function GET(req) { return 1; }",
            "web/api.ts": "export const user = (id) => fetch(`/legacy/users/${id}`);",
        })
        a = index.analysis()
    finally:
        frameworks.unregister(plugin)
    assert {(r.method, r.path, r.via) for r in a.routes} == {
        ("GET", "/v2/users/{id}", ""), ("GET", "/legacy/users/{id}", "legacy alias")}
    assert [a.routes[i].path for i in a.matches[0].routes] == ["/legacy/users/{id}"]
    # the call reaches the handler through its alias: nothing is unused
    assert not [f for f in a.findings if f.code == "unused-route"]
