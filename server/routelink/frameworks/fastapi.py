"""FastAPI and Starlette.

Follows FastAPI 0.11x / Starlette 0.4x:

- Routers: ``FastAPI()``/``Starlette()`` apps (roots unless another app mounts them;
  ``redirect_slashes=False`` makes their routes strict), ``APIRouter(prefix=...)``,
  Starlette ``Router()``, and the same built by a project's subclass of them (``class
  UserAPIRouter(APIRouter)`` in any module; the ``prefix`` its ``__init__`` passes on); ``routes=[Route(path, endpoint, methods=[...]),
  WebSocketRoute(path, endpoint), Mount(path, routes=[...] | app=...)]`` lists (also a
  module-level list, or a sum of lists).
- Decorators: ``@r.get/post/put/patch/delete/options/head/trace(path)``,
  ``@r.api_route(path, methods=[...])`` (GET when omitted), Starlette ``@r.route``,
  ``@r.websocket(path)`` / ``@r.websocket_route`` (method ``WS``); on a class (an
  ``HTTPEndpoint``/``WebSocketEndpoint``) they declare an endpoint class expanded by
  :meth:`FastAPI.expand_view`. Methods of a class decorated with the router
  (fastapi-utils ``@cbv``) are routes too.
- Statements: ``r.add_api_route(path, endpoint, methods=...)``, ``r.add_route``,
  ``r.add_api_websocket_route``/``r.add_websocket_route``;
  ``r.include_router(child, prefix=...)`` (the include prefix is prepended to the
  child's own); ``app.mount(path, subapp)``.
- An app matches one flat route list built by following ``include_router``/``mount``
  in order and takes the first match (``ordering = "app"``); ``redirect_slashes``
  redirects a request whose trailing slash differs, both ways, keeping the method (307):
  policy ``redirect``. Paths use ``{name}`` and ``{name:convertor}`` (``{p:path}`` is a
  catch-all).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from routelink.extract.python.nodes import arg, call_parts, dotted, unwrap
from routelink.facts import Dyn, Ref, Route
from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.common import HTTP_VERBS, with_leading_slash
from routelink.resolve.classes import (
    generated_route,
    hierarchy,
    method_handlers,
    method_routes,
)

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, RouterHandle, Scope
    from routelink.facts import Expr
    from routelink.resolve.classes import Construction

#: router kinds: an application (a root) and a router (mounted by include_router/mount)
APP = "app"
ROUTER = "router"
#: the view kind of an endpoint class routed as a whole
ENDPOINT_VIEW = "http-endpoint"

_BRACE_PARAM = re.compile(r"\{\s*([A-Za-z_]\w*)\s*(?::\s*([A-Za-z_]\w*)\s*)?\}")
_CONVERTORS = ("int", "str", "float", "uuid", "path", "slug")

_ROUTE_DECORATORS = frozenset({"api_route", "route", "websocket", "websocket_route"})
_ADD_ROUTE = frozenset({"add_api_route", "add_route", "add_api_websocket_route",
                        "add_websocket_route"})
#: methods only a FastAPI/Starlette router has (an unknown router used so is one)
_OWN_METHODS = _ADD_ROUTE | {"include_router", "api_route", "websocket_route", "mount"}


def starlette_path(raw: str) -> str:
    """FastAPI/Starlette path -> template: ``{item_id}`` stays, ``{item_id:int}`` ->
    ``{item_id}``, ``{file_path:path}`` -> ``{file_path*}`` (convertors str, int, float,
    uuid, path). Django-style ``{int:pk}`` (converter first, as django-ninja writes it)
    is read too. ``''`` stays ``''`` (``@router.get("")`` serves the router prefix)."""

    def repl(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if b is None:
            return "{%s}" % a
        if a in _CONVERTORS and b not in _CONVERTORS:
            name, conv = b, a
        else:
            name, conv = a, b
        return "{%s*}" % name if conv == "path" else "{%s}" % name

    return with_leading_slash(_BRACE_PARAM.sub(repl, raw))


class FastAPI(PyFramework):
    """FastAPI and Starlette apps and routers (see the module docstring)."""

    name = "fastapi"
    packages = ("fastapi", "starlette")
    keywords = (rb"fastapi|FastAPI|APIRouter|starlette|Starlette|uvicorn",)
    trailing_slash = "redirect"
    ordering = "app"
    view_kinds = (ENDPOINT_VIEW,)
    default_port = 8000  # uvicorn, fastapi dev

    constructors = (
        (frozenset({"fastapi", "starlette"}), frozenset({"FastAPI", "Starlette"}), APP),
        (frozenset({"fastapi"}), frozenset({"APIRouter"}), ROUTER),
        (frozenset({"starlette"}), frozenset({"Router"}), ROUTER),
    )
    bare_constructors = {"FastAPI": APP, "Starlette": APP, "APIRouter": ROUTER}
    router_methods = _ADD_ROUTE | {"include_router", "mount"}
    router_decorators = frozenset(HTTP_VERBS) | _ROUTE_DECORATORS
    generic_views = {"HTTPEndpoint": {}}

    def on_call(self, b: "PyBuilder", call: "Node", fn: "Node | None", pos: list["Node"],
                kw: dict[str, "Node"], scope: "Scope") -> bool:
        """``uvicorn.run(app, port=8000)`` (``"main:app"`` too; 8000 when no port is
        given): the app listens on that port."""
        name = dotted(fn, b.src) if fn is not None else None
        imp = b.import_by_local.get(name or "")
        if name != "uvicorn.run" and not (imp is not None and imp.module == "uvicorn" and imp.name == "run"):
            return False
        target = unwrap(pos[0] if pos else kw.get("app"))
        app = b.router_of(target, scope) if target is not None and target.type == "identifier" else None
        port = kw.get("port")
        b.add_listen(app.key if app is not None else "", b.expr_in(port, scope) if port is not None else None,
                     call, self.name, default=None if port is not None else 8000)
        return False

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Starlette path syntax (:func:`starlette_path`)."""
        return [(starlette_path(raw), None)]

    # ------------------------------------------------------------------ extraction

    def construct_router(self, b: "PyBuilder", name: str, kind: str, qualified: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``FastAPI(...)``/``Starlette(...)`` apps (``redirect_slashes=False`` -> policy
        ``strict``) and ``APIRouter(prefix=...)``/``Router()``, with their ``routes=[...]``."""
        if kind == APP:
            # an app is a root unless another app mounts it (app.mount("/v2", subapp))
            key = b.new_router(self, APP, name, call, scope, root_candidate=True)
            rs = kw.get("redirect_slashes")
            if rs is not None and b.src.text(rs) == "False":
                b.opts.setdefault(key, {})["policy"] = "strict"
        else:
            key = b.new_router(self, ROUTER, name, call, scope,
                               prefix=b.path_expr(kw.get("prefix"), scope))
        self._routes_list(b, key, kw.get("routes"), scope)

    def subclass_router(self, kind: str, made: "Construction"
                        ) -> "tuple[bool, tuple[Expr, str] | None] | None":
        """A project's ``FastAPI``/``Starlette`` subclass makes an app; an ``APIRouter``
        subclass a router whose prefix is the ``prefix`` that reaches ``APIRouter``
        (the call's, or a default its ``__init__`` passes on; unknown when an
        ``__init__`` on the way cannot be read)."""
        if kind == APP:
            return True, None
        prefix = made.kwargs.get("prefix")
        if prefix is None and not made.complete:
            prefix = (Dyn("rest"), made.classes[0][0])
        return False, prefix

    def guess_router(self, method: str, imports: frozenset[str]) -> "tuple[int, str] | None":
        """Rank 0 for FastAPI-only methods, 1 when the file imports FastAPI/Starlette, 3
        (the last resort) otherwise."""
        if method in _OWN_METHODS:
            return 0, ROUTER
        if imports & {"fastapi", "starlette"}:
            return 1, ROUTER
        return 3, ROUTER

    def router_decorator(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope", decorator: "Node",
                         target: "Node", handler: str, is_class: bool) -> None:
        """``@r.get(path)``..., ``@r.api_route(path, methods=...)``, ``@r.route``,
        ``@r.websocket``; on a class an endpoint view."""
        if method not in self.router_decorators:
            return
        raw = b.path_expr(arg(pos, kw, 0, "path"), scope)
        if raw is None:
            return
        if is_class:
            # @app.route("/x") on an HTTPEndpoint / WebSocketEndpoint class
            b.view_route(router.key, ENDPOINT_VIEW, raw, Ref(handler or ""), decorator)
            return
        if method in HTTP_VERBS:
            methods = [method.upper()]
        elif method in ("websocket", "websocket_route"):
            methods = ["WS"]
        else:
            methods = b.methods(kw.get("methods"), ["GET"])
        for m in methods:
            b.route(router.key, m, raw, decorator, handler=handler, target=target)

    def router_call(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                    pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``add_api_route``/``add_route``/``add_*websocket_route``, ``include_router``,
        ``mount``."""
        key = router.key
        if method in _ADD_ROUTE:
            raw = b.path_expr(arg(pos, kw, 0, "path"), scope)
            if raw is None:
                return
            name, node = b.handler_of(arg(pos, kw, 1, "endpoint", "route"))
            methods = ["WS"] if "websocket" in method else b.methods(kw.get("methods"), ["GET"])
            for m in methods:
                b.route(key, m, raw, call, handler=name, target=node)
        elif method == "include_router":
            node = arg(pos, kw, 0, "router")
            child = b.router_ref(node, scope) or b.router_call(node)
            if child is not None:
                b.mount(key, b.path_expr(kw.get("prefix"), scope), child, call)
        elif method == "mount":
            raw = b.path_expr(arg(pos, kw, 0, "path"), scope)
            sub = unwrap(arg(pos, kw, 1, "app"))
            if raw is None or sub is None:
                return
            child = b.router_ref(sub, scope)
            if child is not None:
                b.mount(key, raw, child, call)

    def _routes_list(self, b: "PyBuilder", key: str, node: "Node | None", scope: "Scope",
                     depth: int = 0) -> None:
        """``routes=[Route(...), WebSocketRoute(...), Mount(...)]`` (or a module-level
        list, or a sum of lists) of router ``key``."""
        node = unwrap(node)
        if node is None or depth > 4:
            return
        if node.type == "identifier":
            name = b.src.text(node)
            target = scope.locals.get(name) if scope is not None else None
            target = target or b.value_nodes.get(name)
            if target is not None:
                self._routes_list(b, key, target, scope, depth + 1)
            return
        if node.type == "binary_operator":
            self._routes_list(b, key, node.child_by_field_name("left"), scope, depth + 1)
            self._routes_list(b, key, node.child_by_field_name("right"), scope, depth + 1)
            return
        if node.type not in ("list", "tuple"):
            return
        for el in node.named_children:
            el = unwrap(el)
            if el is None or el.type != "call":
                continue
            fn, pos, kw = call_parts(el)
            last = (dotted(fn, b.src) or "").rsplit(".", 1)[-1]
            path = b.path_expr(arg(pos, kw, 0, "path"), scope)
            if path is None:
                continue
            if last == "Route":
                ep = unwrap(arg(pos, kw, 1, "endpoint"))
                name, fnode = b.handler_of(ep)
                if name is not None and name.rsplit(".", 1)[-1][:1].isupper() and fnode is None:
                    r = b.ref(ep)  # an endpoint class
                    if r is not None:
                        b.view_route(key, ENDPOINT_VIEW, path, r, el)
                    continue
                for m in b.methods(kw.get("methods"), ["GET"]):
                    b.route(key, m, path, el, handler=name, target=fnode)
            elif last == "WebSocketRoute":
                name, fnode = b.handler_of(arg(pos, kw, 1, "endpoint"))
                b.route(key, "WS", path, el, handler=name, target=fnode)
            elif last == "Mount":
                routes = kw.get("routes") or (
                    pos[1] if len(pos) > 1 and unwrap(pos[1]).type == "list" else None)
                if routes is not None:
                    child_key = b.anon_router(self, ROUTER, el, "Mount")
                    self._routes_list(b, child_key, routes, scope, depth + 1)
                    b.mount(key, path, Ref(child_key), el)
                    continue
                sub = b.router_ref(kw.get("app") or (pos[1] if len(pos) > 1 else None), scope)
                if sub is not None:
                    b.mount(key, path, sub, el)

    # ------------------------------------------------------------------ resolution

    def expand_view(self, view_routes, template, file, evaluator) -> list[Route]:
        """An endpoint class: a ``WebSocketEndpoint`` is one ``WS`` route at its
        ``on_receive``; an ``HTTPEndpoint`` serves the HTTP method handlers it and its
        workspace bases define (``ANY`` at ``dispatch`` for a class routelink cannot
        see)."""
        from routelink.frameworks import registry

        vr = view_routes
        h = hierarchy(vr.view, file, evaluator)
        if "WebSocketEndpoint" in h.external:
            return [generated_route(vr, "WS", template, 0, h.name, h.method("on_receive"),
                                    trailing_slash="strict")]
        served = method_handlers(h, registry.generic_view)
        return method_routes(vr, template, h, served.methods(), served.handlers,
                             framework=vr.framework, dispatch=("dispatch",),
                             locate=self.locate_action)


FRAMEWORK = FastAPI()
