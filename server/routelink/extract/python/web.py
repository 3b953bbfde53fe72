"""FastAPI/Starlette, Flask (+ Flask-RESTful, Flask-RESTX, flask-smorest) and django-ninja.

Rules followed (FastAPI 0.11x / Starlette 0.4x, Flask 3 / Werkzeug 3):

- FastAPI/Starlette: ``@r.get/post/put/patch/delete/options/head/trace(path)``,
  ``@r.api_route(path, methods=[...])`` (GET when omitted), ``@r.route`` (Starlette),
  ``@r.websocket(path)`` / ``websocket_route`` (method ``WS``); ``r.add_api_route(path,
  endpoint, methods=...)``, ``r.add_api_websocket_route``; ``APIRouter(prefix=...)``;
  ``r.include_router(child, prefix=...)`` (the include prefix is prepended to the child's
  own prefix); ``app.mount(path, subapp)``; ``Starlette(routes=[Route(...),
  WebSocketRoute(...), Mount(path, routes=[...]|app=...)])``. FastAPI takes the first
  matching route, in registration order. Trailing slash: ``redirect`` (redirect_slashes).
- Flask: ``@r.route(rule, methods=[...])`` (GET when omitted), Flask 2 ``@r.get/...``,
  ``r.add_url_rule(rule, endpoint, view_func, methods=...)`` with a function or
  ``View.as_view(name)``; ``Blueprint(name, import_name, url_prefix=...)``;
  ``r.register_blueprint(bp, url_prefix=...)`` (a register-time prefix replaces the
  blueprint's own); nested blueprints. Trailing slash: ``append`` (a rule ending in
  ``/`` is reached without it through a 308 redirect; not the reverse), ``ignore`` for
  a rule declared ``strict_slashes=False``.
- Flask-RESTful/RESTX: ``Api(app_or_bp, prefix=...)``, ``api.add_resource(Res, *urls)``,
  ``@api.resource(*urls)`` / ``@ns.route(*urls)`` on a Resource class,
  ``api.namespace(name, path=...)`` / ``Namespace(name, path=...)`` (default path
  ``/<name>``), ``api.add_namespace(ns, path=...)``; methods come from the class (see
  :mod:`routelink.resolve.views`, kind ``method-view``).
- django-ninja: ``NinjaAPI()`` / ``Router()``, ``@api.get(path)`` etc.,
  ``@api.api_operation(methods, path)``, ``api.add_router(prefix, router)``; served
  where ``path("api/", api.urls)`` mounts it; Django trailing-slash rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tree_sitter import Node

from routelink.facts import Expr, Lit, Mount, Ref, Route, ViewRoutes

from .frameworks import FRAMEWORK, HTTP_VERBS, POLICY, constructor_kind
from .nodes import arg, call_parts, dotted, literal_string, string_list, unwrap
from .paths import regex_path

if TYPE_CHECKING:  # pragma: no cover
    from .extractor import PyExtractor as _Base
else:
    _Base = object

_FASTAPI_KINDS = frozenset({"fastapi-app", "fastapi-router", "ninja"})
_FLASK_KINDS = frozenset({"flask-app", "flask-bp"})
_RESTFUL_KINDS = frozenset({"restful-api", "restx-ns"})


class WebMixin(_Base):
    """Router constructors and router methods of the non-Django frameworks."""

    # ------------------------------------------------------------------ constructors

    def _assign_router(self, name: str, right: Node, stmt: Node, scope) -> bool:
        """``name = <router constructor>(...)``: register the router; True if handled.

        ``DefaultRouter() if settings.DEBUG else SimpleRouter()`` (cookiecutter-django)
        takes the first branch that constructs a router.
        """
        if right.type == "conditional_expression":
            for branch in right.named_children[:1] + right.named_children[2:3]:
                branch = unwrap(branch)
                if branch is not None and branch.type == "call":
                    fn, pos, kw = call_parts(branch)
                    q, imported = self.qualify(fn)
                    kind = constructor_kind(q, imported) if q else None
                    if kind is not None:
                        self._make_router(name, kind, q or "", branch, pos, kw, scope)
                        return True
            return False
        if right.type == "call":
            fn, pos, kw = call_parts(right)
            q, imported = self.qualify(fn)
            kind = constructor_kind(q, imported) if q else None
            if kind is None and fn is not None and fn.type == "attribute":
                attr = fn.child_by_field_name("attribute")
                if attr is not None and self.src.text(attr) == "namespace":
                    r = self.router_of(fn.child_by_field_name("object"), scope)
                    if r is not None and r[1] == "restful-api":
                        self._namespace(name, right, pos, kw, scope, parent=r[0])
                        return True
            if kind is not None:
                self._make_router(name, kind, q or "", right, pos, kw, scope)
                return True
        return self._assign_patterns(name, right, stmt, scope)

    def _prefix_arg(self, node: Node | None, scope) -> Expr | None:
        """A prefix argument as an expression for the resolver (None when absent)."""
        if node is None:
            return None
        return self.path_expr(node, scope)

    def _make_router(self, name: str, kind: str, qualified: str, call: Node,
                     pos: list[Node], kw: dict[str, Node], scope) -> None:
        if kind == "fastapi-app":
            # an app is a root unless another app mounts it (app.mount("/v2", subapp))
            key = self.new_router(name, kind, call, scope, root_candidate=True)
            rs = kw.get("redirect_slashes")
            if rs is not None and self.src.text(rs) == "False":
                self.opts.setdefault(key, {})["policy"] = "strict"
            self._starlette_routes(key, kw.get("routes"), scope)
        elif kind == "fastapi-router":
            prefix = self._prefix_arg(kw.get("prefix"), scope)
            key = self.new_router(name, kind, call, scope, prefix=prefix)
            self._starlette_routes(key, kw.get("routes"), scope)
        elif kind == "flask-app":
            self.new_router(name, kind, call, scope, root_candidate=True)
        elif kind == "flask-bp":
            prefix = self._prefix_arg(kw.get("url_prefix"), scope)
            self.new_router(name, kind, call, scope, prefix=prefix)
        elif kind == "restful-api":
            prefix = self._prefix_arg(kw.get("prefix"), scope)
            target = pos[0] if pos else kw.get("app")
            parent = self.router_of(target, scope, "register_blueprint") if target is not None else None
            key = self.new_router(name, kind, call, scope, prefix=prefix,
                                  root_candidate=parent is None)
            if parent is not None:
                self.mounts.append(Mount(parent=parent[0], prefix=None, child=Ref(key),
                                         span=self.src.span(call), order=self.next_order(parent[0])))
        elif kind == "restx-ns":
            self._namespace(name, call, pos, kw, scope, parent=None)
        elif kind in ("drf-router", "drf-nested"):
            self._drf_router(name, kind, qualified, call, pos, kw, scope)
        elif kind == "ninja":
            self.new_router(name, kind, call, scope)
        elif kind == "channels-protocol":
            self._protocol_router(name, call, pos, kw, scope)
        elif kind == "channels-urlrouter":
            key = self.new_router(name, "channels", call, scope, root_candidate=True)
            self.patterns_expr(key, pos[0] if pos else kw.get("routes"), scope, True)

    def _namespace(self, name: str, call: Node, pos: list[Node], kw: dict[str, Node], scope,
                   parent: str | None) -> None:
        """RESTX ``Namespace(name, path=...)`` / ``api.namespace(name, path=...)``."""
        ns_name = literal_string(pos[0] if pos else kw.get("name"), self.src) or name
        path_node = kw.get("path")
        if path_node is not None:
            prefix = self._prefix_arg(path_node, scope)
        else:
            prefix = Lit("/" + ns_name.strip("/"))
        key = self.new_router(name, "restx-ns", call, scope, prefix=prefix)
        if parent is not None:
            self.mounts.append(Mount(parent=parent, prefix=None, child=Ref(key),
                                     span=self.src.span(call), order=self.next_order(parent)))

    # ------------------------------------------------------------------ router methods

    def router_method(self, key: str, kind: str, method: str, call: Node, pos: list[Node],
                      kw: dict[str, Node], scope, span_node: Node, *, target: Node | None = None,
                      handler: str | None = None, is_class: bool = False) -> None:
        """``<router>.<method>(...)`` as a statement or a decorator of ``target``."""
        if kind in _FASTAPI_KINDS:
            self._fastapi_method(key, kind, method, pos, kw, scope, span_node, target, handler,
                                 is_class)
        elif kind in _FLASK_KINDS:
            self._flask_method(key, kind, method, pos, kw, scope, span_node, target, handler,
                               is_class)
        elif kind in _RESTFUL_KINDS:
            self._restful_method(key, kind, method, pos, kw, scope, span_node, handler, is_class)
        elif kind in ("drf-router", "drf-nested"):
            if method == "register":
                self.drf_register(key, pos, kw, scope, span_node)

    def _route(self, key: str, method: str, path: Expr, span_node: Node, *,
               handler: str | None, target: Node | None, policy: str | None = None,
               kind: str | None = None, syntax: str = "") -> None:
        router = self.routers.get(key)
        kind = kind or self.kinds.get(key, "")
        fw = router.framework if router is not None else FRAMEWORK.get(kind, "flask")
        if method == "WS":
            pol = "strict"
        else:
            pol = policy or self.opts.get(key, {}).get("policy") or POLICY.get(fw, "ignore")
        self.routes.append(Route(
            router=key, method=method, path=path, span=self.src.span(span_node), framework=fw,
            order=self.next_order(key), handler=handler,
            handler_span=self.src.span(target) if target is not None else None,
            trailing_slash=pol, syntax=syntax))

    def _handler_of(self, node: Node | None) -> tuple[str | None, Node | None]:
        """(name, local def node) of an endpoint/view_func argument."""
        node = unwrap(node)
        if node is None:
            return None, None
        d = dotted(node, self.src)
        if d is None:
            return None, None
        return d, self.func_nodes.get(d)

    def _methods(self, node: Node | None, default: list[str]) -> list[str]:
        ms = string_list(node, self.src) if node is not None else None
        if not ms:
            return default
        return [m.upper() for m in ms]

    def _fastapi_method(self, key, kind, method, pos, kw, scope, span_node, target, handler,
                        is_class) -> None:
        if method in HTTP_VERBS or method in ("api_route", "route", "websocket",
                                              "websocket_route", "api_operation"):
            if target is None:
                return
            if method == "api_operation":
                methods = self._methods(arg(pos, kw, 0, "methods"), ["GET"])
                raw = self.path_expr(arg(pos, kw, 1, "path"), scope)
            else:
                raw = self.path_expr(arg(pos, kw, 0, "path"), scope)
                if method in HTTP_VERBS:
                    methods = [method.upper()]
                elif method in ("websocket", "websocket_route"):
                    methods = ["WS"]
                else:
                    methods = self._methods(kw.get("methods"), ["GET"])
            if raw is None:
                return
            if is_class:
                # Starlette @app.route("/x") on an HTTPEndpoint class
                self._view_routes(key, "method-view", raw, Ref(handler or ""),
                                  span_node, kind)
                return
            for m in methods:
                self._route(key, m, raw, span_node, handler=handler,
                            target=target)
        elif method in ("add_api_route", "add_route", "add_api_websocket_route",
                        "add_websocket_route"):
            raw = self.path_expr(arg(pos, kw, 0, "path"), scope)
            if raw is None:
                return
            name, node = self._handler_of(arg(pos, kw, 1, "endpoint", "route"))
            ws = "websocket" in method
            methods = ["WS"] if ws else self._methods(kw.get("methods"), ["GET"])
            for m in methods:
                self._route(key, m, raw, span_node, handler=name, target=node)
        elif method == "include_router":
            child = self.router_ref(arg(pos, kw, 0, "router"), scope)
            if child is None:
                return
            prefix = self._prefix_arg(kw.get("prefix"), scope)
            self._mount(key, prefix, child, span_node)
        elif method == "mount":
            raw = self.path_expr(arg(pos, kw, 0, "path"), scope)
            sub = unwrap(arg(pos, kw, 1, "app"))
            if raw is None or sub is None:
                return
            child = self.router_ref(sub, scope)
            if child is None:
                return
            self._mount(key, raw, child, span_node)
        elif method == "add_router":
            raw = self.path_expr(arg(pos, kw, 0, "prefix"), scope)
            sub = unwrap(arg(pos, kw, 1, "router"))
            if raw is None or sub is None:
                return
            text = literal_string(sub, self.src)
            if text is not None:
                module, _, attr = text.rpartition(".")
                local = f"<import:{text}>"
                self._add_import(local, module, "*")
                child = Ref(local, (attr,))
            else:
                child = self.router_ref(sub, scope)
            if child is not None:
                self._mount(key, raw, child, span_node)

    def _mount(self, parent: str, prefix: Expr | None, child: Expr,
               span_node: Node, replaces: bool = False, syntax: str = "") -> None:
        router = self.routers.get(parent)
        fw = router.framework if router is not None else FRAMEWORK.get(self.kinds.get(parent, ""), "")
        self.mounts.append(Mount(parent=parent, prefix=prefix, child=child,
                                 span=self.src.span(span_node), order=self.next_order(parent),
                                 replaces_prefix=replaces, framework=fw, syntax=syntax))

    def _view_routes(self, key: str, vkind: str, path: Expr, view: Expr, span_node: Node,
                     kind: str, options: tuple[tuple[str, str], ...] = (),
                     policy: str | None = None, syntax: str = "") -> None:
        router = self.routers.get(key)
        fw = router.framework if router is not None else FRAMEWORK.get(
            self.kinds.get(key, kind), "flask")
        pol = policy or self.opts.get(key, {}).get("policy") or POLICY.get(fw, "ignore")
        self.view_routes.append(ViewRoutes(
            router=key, kind=vkind, path=path, view=view, span=self.src.span(span_node),
            framework=fw, order=self.next_order(key), trailing_slash=pol, options=options,
            syntax=syntax))

    def _flask_method(self, key, kind, method, pos, kw, scope, span_node, target, handler,
                      is_class) -> None:
        if method in ("route", "get", "post", "put", "patch", "delete", "websocket"):
            if target is None:
                return
            raw = self.path_expr(arg(pos, kw, 0, "rule"), scope)
            if raw is None:
                return
            policy = None
            ss = kw.get("strict_slashes")
            if ss is not None and self.src.text(ss) == "False":
                policy = "ignore"
            if is_class:
                # flask-smorest / Flask-RESTX style: @blp.route("/") on a MethodView
                self._view_routes(key, "method-view", raw, Ref(handler or ""),
                                  span_node, kind, policy=policy)
                return
            if method == "route":
                methods = self._methods(kw.get("methods"), ["GET"])
            elif method == "websocket":
                methods = ["WS"]
            else:
                methods = [method.upper()]
            for m in methods:
                self._route(key, m, raw, span_node, handler=handler, target=target,
                            policy=policy)
        elif method == "add_url_rule":
            raw = self.path_expr(arg(pos, kw, 0, "rule"), scope)
            if raw is None:
                return
            view = unwrap(arg(pos, kw, 2, "view_func"))
            methods_node = kw.get("methods")
            if view is not None and view.type == "call":
                vfn, vpos, vkw = call_parts(view)
                if vfn is not None and vfn.type == "attribute" and \
                        self.src.text(vfn.child_by_field_name("attribute") or vfn) == "as_view":
                    cls = self.ref(vfn.child_by_field_name("object"))
                    if cls is not None:
                        opts = ()
                        if methods_node is not None:
                            opts = (("methods", ",".join(self._methods(methods_node, ["GET"]))),)
                        self._view_routes(key, "method-view", raw, cls, span_node,
                                          kind, opts)
                    return
            name, node = self._handler_of(view)
            for m in self._methods(methods_node, ["GET"]):
                self._route(key, m, raw, span_node, handler=name, target=node)
        elif method == "register_blueprint":
            child = self.router_ref(arg(pos, kw, 0, "blueprint"), scope)
            if child is None:
                return
            up = kw.get("url_prefix")
            prefix = self._prefix_arg(up, scope)
            self._mount(key, prefix, child, span_node, replaces=up is not None)

    def _restful_method(self, key, kind, method, pos, kw, scope, span_node, handler,
                        is_class) -> None:
        if method == "add_resource":
            res = self.ref(arg(pos, kw, 0, "resource"))
            if res is None:
                return
            urls = pos[1:] or ([kw["urls"]] if "urls" in kw else [])
            for u in urls:
                for raw in self._url_strings(u, scope):
                    self._view_routes(key, "method-view", raw, res, span_node, kind)
        elif method in ("route", "resource") and is_class:
            for u in pos:
                for raw in self._url_strings(u, scope):
                    self._view_routes(key, "method-view", raw, Ref(handler or ""),
                                      span_node, kind)
        elif method == "add_namespace":
            child = self.router_ref(arg(pos, kw, 0, "ns"), scope)
            if child is None:
                return
            p = kw.get("path")
            prefix = self._prefix_arg(p, scope)
            self._mount(key, prefix, child, span_node, replaces=p is not None)
        elif method == "register_blueprint":
            # flask-smorest Api.register_blueprint(blp, url_prefix=...)
            child = self.router_ref(arg(pos, kw, 0, "blp"), scope)
            if child is None:
                return
            up = kw.get("url_prefix")
            prefix = self._prefix_arg(up, scope)
            self._mount(key, prefix, child, span_node, replaces=up is not None)

    def _url_strings(self, node: Node, scope) -> list[Expr]:
        """The URL rule expressions of a ``urls`` argument (one, or a list/tuple)."""
        node = unwrap(node)
        if node is None:
            return []
        if node.type in ("list", "tuple"):
            out: list[Expr] = []
            for c in node.named_children:
                out.extend(self._url_strings(c, scope))
            return out
        e = self.path_expr(node, scope)
        return [e] if e is not None else []

    # ------------------------------------------------------------------ Starlette lists

    def _starlette_routes(self, key: str, node: Node | None, scope, depth: int = 0) -> None:
        """``routes=[Route(...), WebSocketRoute(...), Mount(...)]`` (or a module list)."""
        node = unwrap(node)
        if node is None or depth > 4:
            return
        if node.type == "identifier":
            name = self.src.text(node)
            target = scope.locals.get(name) if scope is not None else None
            target = target or self.value_nodes.get(name)
            if target is not None:
                self._starlette_routes(key, target, scope, depth + 1)
            return
        if node.type == "binary_operator":
            self._starlette_routes(key, node.child_by_field_name("left"), scope, depth + 1)
            self._starlette_routes(key, node.child_by_field_name("right"), scope, depth + 1)
            return
        if node.type not in ("list", "tuple"):
            return
        for el in node.named_children:
            el = unwrap(el)
            if el is None or el.type != "call":
                continue
            fn, pos, kw = call_parts(el)
            d = dotted(fn, self.src) or ""
            last = d.rsplit(".", 1)[-1]
            raw = self.path_expr(arg(pos, kw, 0, "path"), scope)
            if raw is None:
                continue
            path = raw
            if last == "Route":
                ep = unwrap(arg(pos, kw, 1, "endpoint"))
                name, fnode = self._handler_of(ep)
                if name is not None and name.rsplit(".", 1)[-1][:1].isupper() and fnode is None:
                    r = self.ref(ep)
                    if r is not None:
                        self._view_routes(key, "method-view", path, r, el, "fastapi-app")
                    continue
                for m in self._methods(kw.get("methods"), ["GET"]):
                    self._route(key, m, path, el, handler=name, target=fnode)
            elif last == "WebSocketRoute":
                name, fnode = self._handler_of(arg(pos, kw, 1, "endpoint"))
                self._route(key, "WS", path, el, handler=name, target=fnode)
            elif last == "Mount":
                routes = kw.get("routes") or (pos[1] if len(pos) > 1 and unwrap(pos[1]).type == "list" else None)
                if routes is not None:
                    child_key = self.anon_router("fastapi-router", el, "Mount")
                    self._starlette_routes(child_key, routes, scope, depth + 1)
                    self._mount(key, path, Ref(child_key), el)
                    continue
                sub = self.router_ref(kw.get("app") or (pos[1] if len(pos) > 1 else None), scope)
                if sub is not None:
                    self._mount(key, path, sub, el)

    # ------------------------------------------------------------------ DRF routers

    def _drf_router(self, name: str, kind: str, qualified: str, call: Node, pos, kw,
                    scope) -> None:
        """``DefaultRouter(trailing_slash=...)`` / ``NestedSimpleRouter(parent, prefix,
        lookup=...)``: DRF's trailing slash ``'/'`` by default, ``''`` for ``False``,
        ``'/?'`` optional; DefaultRouter also serves the API root view at its root."""
        ts_node = kw.get("trailing_slash")
        ts = "/"
        if ts_node is not None:
            text = self.src.text(ts_node)
            if text == "False":
                ts = ""
            elif text != "True":
                ts = literal_string(ts_node, self.src) or "/"
        prefix = None
        if kind == "drf-nested":
            parent = self.router_of(arg(pos, kw, 0, "parent_router"), scope)
            if parent is not None and ts_node is None:
                ts = self.opts.get(parent[0], {}).get("trailing_slash", "/")
            pp = self.static_string(arg(pos, kw, 1, "parent_prefix"), scope)
            lookup = literal_string(kw.get("lookup"), self.src) or "parent"
            if pp is not None:
                base, _ = regex_path(pp)
                prefix = Lit(base.rstrip("/") + "/{%s_pk}" % lookup)
        key = self.new_router(name, "drf-router", call, scope, prefix=prefix, syntax="template")
        self.opts.setdefault(key, {})["trailing_slash"] = ts
        irv = kw.get("include_root_view")
        if qualified.rsplit(".", 1)[-1] in ("DefaultRouter", "ExtendedDefaultRouter",
                                            "NestedDefaultRouter") and not (
                irv is not None and self.src.text(irv) == "False"):
            self._route(key, "GET", Lit(""), call, handler="api_root", target=None,
                        policy=_drf_policy(ts), syntax="template")

    def drf_register(self, key: str, pos, kw, scope, span_node: Node) -> None:
        """``router.register(prefix, ViewSet, basename=...)`` -> ``drf-viewset`` view routes.

        ``options``: ``trailing_slash`` (``"/"``, ``""`` or ``"/?"``) and ``basename``.
        """
        raw = self.path_expr(arg(pos, kw, 0, "prefix"), scope)
        view = self.ref(arg(pos, kw, 1, "viewset"))
        if raw is None or view is None:
            return
        ts = self.opts.get(key, {}).get("trailing_slash", "/")
        options = [("trailing_slash", ts)]
        bn = literal_string(kw.get("basename") or kw.get("base_name"), self.src)
        if bn is not None:
            options.append(("basename", bn))
        self._view_routes(key, "drf-viewset", raw, view, span_node, "drf-router",
                          tuple(options), policy=_drf_policy(ts), syntax="regex")


def _drf_policy(ts: str) -> str:
    return "ignore" if ts == "/?" else "append-get"
