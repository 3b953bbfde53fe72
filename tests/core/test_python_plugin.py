"""A Python framework routelink does not ship is one PyFramework subclass plus a registry
entry: the builder hands it constructors, decorators, router calls and imported routers
it never heard of, and the resolver converts its paths and expands its views."""

from __future__ import annotations

import textwrap

import pytest
from routelink.facts import Lit, Ref
from routelink.frameworks import registry
from routelink.frameworks.base import PyFramework
from routelink.resolve.classes import hierarchy

from tests.conftest import build_index


class ToyWeb(PyFramework):
    """``app = toyweb.Toy(base="/api")``; ``@app.handle("/x", verb="POST")``;
    ``app.attach("/sub", other)``; ``app.page("/p", PageClass)`` (a view class whose
    ``verbs`` attribute lists its methods); paths written ``/users/[id]``."""

    name = "toyweb"
    packages = ("toyweb",)
    keywords = (rb"toyweb",)
    trailing_slash = "strict"
    view_kinds = ("toy-page",)
    constructors = ((frozenset({"toyweb"}), frozenset({"Toy"}), "app"),)
    router_methods = frozenset({"attach", "page"})
    router_decorators = frozenset({"handle"})

    def convert_path(self, raw, syntax=""):
        return [(raw.replace("[", "{").replace("]", "}"), None)]

    def construct_router(self, b, name, kind, qualified, call, pos, kw, scope):
        b.new_router(self, kind, name, call, scope, root_candidate=True,
                     prefix=b.path_expr(kw.get("base"), scope))

    def guess_router(self, method, imports):
        return (0, "app") if method in ("attach", "handle", "page") else None

    def router_decorator(self, b, router, method, call, pos, kw, scope, decorator, target,
                         handler, is_class):
        path = b.path_expr(pos[0] if pos else None, scope)
        if path is not None:
            verb = b.static_string(kw.get("verb"), scope) or "GET"
            b.route(router.key, verb, path, decorator, handler=handler, target=target)

    def router_call(self, b, router, method, call, pos, kw, scope):
        if len(pos) < 2:
            return
        path = b.path_expr(pos[0], scope)
        if method == "attach":
            child = b.router_ref(pos[1], scope)
            if child is not None:
                b.mount(router.key, path, child, call)
        elif method == "page":
            view = b.ref(pos[1])
            if view is not None and path is not None:
                b.view_route(router.key, "toy-page", path, view, call)

    def expand_view(self, view_routes, template, file, evaluator):
        from routelink.resolve.classes import generated_route

        h = hierarchy(view_routes.view, file, evaluator)
        verbs = (h.literal_attr("verbs") or "GET").split(",")
        return [generated_route(view_routes, v, template, i, h.name, None)
                for i, v in enumerate(verbs)]


@pytest.fixture
def toy():
    fw = ToyWeb()
    registry.register(fw)
    yield fw
    registry.unregister(fw)


FILES = {
    "main.py": """
        import toyweb
        from users import users
        from pages import Profile
        app = toyweb.Toy(base="/api")
        app.attach("/users", users)
        app.page("/profile", Profile)

        @app.handle("/health")
        def health(): ...
    """,
    "users.py": """
        import toyweb
        users = toyweb.Toy()

        @users.handle("/[id]", verb="DELETE")
        def remove(id): ...
    """,
    "pages.py": """
        # a file with none of the Python prefilter's words is not parsed: View is one
        class Profile:  # a View
            verbs = ["GET", "PUT"]
    """,
}


def test_a_new_python_framework_through_the_hooks(toy):
    index = build_index(FILES)
    got = {(r.method, r.path, r.framework, r.trailing_slash) for r in index.routes if r.mounted}
    assert got == {("GET", "/api/health", "toyweb", "strict"),
                   ("DELETE", "/api/users/{id}", "toyweb", "strict"),
                   ("GET", "/api/profile", "toyweb", "strict"),
                   ("PUT", "/api/profile", "toyweb", "strict")}


def test_the_builder_records_what_the_hooks_declare(toy):
    from routelink.extract.python import extract_python

    f = extract_python(textwrap.dedent(FILES["main.py"]).encode())
    (router,) = f.routers
    assert (router.key, router.framework, router.prefix) == ("app", "toyweb", Lit("/api"))
    assert [(m.parent, m.prefix, m.child) for m in f.mounts] == [("app", Lit("/users"), Ref("users"))]
    assert [(v.kind, v.path, v.view) for v in f.view_routes] == [("toy-page", Lit("/profile"), Ref("Profile"))]
    assert [(r.method, r.path, r.handler) for r in f.routes] == [("GET", Lit("/health"), "health")]


def test_an_imported_router_is_guessed_by_the_framework_that_knows_the_method(toy):
    from routelink.extract.python import extract_python

    f = extract_python(b'from app import app\n\n@app.handle("/x")\ndef x(): ...\n')
    assert [(r.router, r.framework, r.method) for r in f.routes] == [("app", "toyweb", "GET")]


def test_without_the_plugin_its_code_declares_nothing():
    index = build_index(FILES)
    assert not [r for r in index.routes if r.framework == "toyweb"]


def test_python_hooks_for_free_decorators_classes_and_file_paths():
    """Frameworks with free decorators (``@get("/x")``), controller classes and
    file-based routes reach their hooks."""
    from routelink.facts import Route, Router

    seen: dict[str, list] = {"decorator": [], "class": [], "file": []}

    class Toy(PyFramework):
        name = "toyfree"
        keywords = (rb"@get",)

        def on_decorator(self, b, decorator, target, name, scope, is_class):
            text = b.src.text(decorator)
            if not text.startswith("@get("):
                return False
            seen["decorator"].append(name)
            key = "<app>"
            if key not in b.routers:
                b.routers[key] = Router(key=key, framework=self.name,
                                        span=b.src.span(decorator), is_app=True)
            b.routes.append(Route(router=key, method="GET", path=Lit(text[6:-2]),
                                  span=b.src.span(decorator), framework=self.name,
                                  order=len(b.routes)))
            return True

        def on_class(self, b, node, name, decorators, scope):
            seen["class"].append((name, [b.src.text(d) for d in decorators]))

        def on_file(self, b, path):
            seen["file"].append(path.rsplit("/", 1)[-1])

    toy = Toy()
    registry.register(toy)
    try:
        index = build_index({"api/handlers.py": """
            @get("/status")
            def status(): ...

            @controller("/users")
            class Users: ...
        """, "web/api.js": "export const s = () => fetch('/status');\n"})
    finally:
        registry.unregister(toy)
    assert seen == {"decorator": ["status"], "class": [("Users", ['@controller("/users")'])],
                    "file": ["handlers.py"]}
    a = index.analysis()
    assert [(r.method, r.path, r.framework) for r in a.routes] == [("GET", "/status", "toyfree")]
    assert all(m.routes for m in a.matches)
