"""Flask (and Quart, APIFlask), with Flask-RESTful, Flask-RESTX and flask-smorest.

Follows Flask 3 / Werkzeug 3, Flask-RESTful 0.3, Flask-RESTX 1.x, flask-smorest 0.4x:

- Routers: ``Flask(__name__)`` (``Quart``, ``APIFlask``) apps, roots unless mounted;
  ``Blueprint(name, import_name, url_prefix=...)`` (``APIBlueprint``, flask-smorest's);
  the same built by a project's subclass of them, in any module (the ``url_prefix`` its
  ``__init__`` passes on);
  ``Api(app_or_bp, prefix=...)`` (RESTful/RESTX/smorest) mounted on the app or blueprint
  it is given, or a root; RESTX ``Namespace(name, path=...)`` / ``api.namespace(name,
  path=...)`` (default path ``/<name>``).
- Decorators: ``@r.route(rule, methods=[...])`` (GET when omitted), Flask 2
  ``@r.get/post/put/patch/delete``, Quart ``@r.websocket`` (method ``WS``); on a class
  (a ``MethodView``, smorest style) and RESTful ``@api.resource(*urls)`` / RESTX
  ``@ns.route(*urls)`` on a ``Resource``, they declare a method view.
- Statements: ``r.add_url_rule(rule, endpoint, view_func, methods=...)`` with a function
  or ``View.as_view(name)``; ``r.register_blueprint(bp, url_prefix=...)`` (a register-time
  prefix replaces the blueprint's own; nested blueprints; smorest ``Api`` too);
  ``api.add_resource(Res, *urls)``; ``api.add_namespace(ns, path=...)``;
  ``ext.init_app(app)`` mounts the extension's routes on the app.
- Rules ``/users/<int:id>`` (``<path:p>`` is a catch-all). A rule ending in ``/`` is
  reached without the slash through a 308 redirect, never the reverse: policy
  ``append`` (``ignore`` for ``strict_slashes=False`` or ``app.url_map.strict_slashes =
  False``). Werkzeug's matcher tries static segments before converters and converters
  before ``path``, whatever the registration order (:meth:`Flask.order_key`).
- Method views (:meth:`Flask.expand_view`): the HTTP method handlers the class and its
  workspace bases define, or the class's ``methods`` attribute, or the ``methods`` given
  to ``add_url_rule``; a plain ``View`` serves GET; a class routelink cannot see serves
  ``ANY``.
- Ports (:class:`~routelink.facts.Listen`): ``app.run(port=...)`` (5000 by default), and
  the WSGI servers that serve an app: gevent's ``WSGIServer((host, port), app)`` and
  waitress' ``serve(app, port=...)`` (8080 by default).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping

from routelink.extract.python.nodes import (
    arg,
    call_parts,
    dotted,
    literal_string,
    unwrap,
)
from routelink.facts import Dyn, Expr, Lit, Ref, Route
from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.common import with_leading_slash
from routelink.resolve.classes import (
    HTTP_METHODS,
    hierarchy,
    method_handlers,
    method_routes,
)

#: WSGI servers (qualified name) and how they are given the port: in a ``(host, port)``
#: listener first, then the app (gevent), or as ``port=`` after the app (waitress)
_WSGI_SERVERS = {
    "gevent.pywsgi.WSGIServer": "listener",
    "gevent.wsgi.WSGIServer": "listener",
    "waitress.serve": "keyword",
}

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, RouterHandle, Scope
    from routelink.resolve.classes import Construction

#: router kinds: an app, a blueprint, a REST extension's Api and a RESTX namespace
APP = "app"
BLUEPRINT = "blueprint"
API = "api"
NAMESPACE = "namespace"
#: the view kind of a MethodView / Resource routed as a whole
METHOD_VIEW = "method-view"
#: the setting ``app.url_map.strict_slashes = False`` records
STRICT_SLASHES = "FLASK_STRICT_SLASHES"

# converter arguments hold no '(', ')', '<' or '>': a scan stops at the next '<' (linear)
_PARAM = re.compile(r"<(?:([A-Za-z_][\w]*)(?:\([^()<>]*\))?:)?([A-Za-z_]\w*)>")
_APP_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "websocket"})


def flask_path(raw: str) -> str:
    """Werkzeug rule -> template: ``/users/<int:id>`` -> ``/users/{id}``, ``<path:p>`` ->
    ``{p+}`` (converters default, string, int, float, path, any, uuid, with arguments).
    Werkzeug's ``PathConverter`` matches ``[^/].*?``: at least one character, so the
    catch-all is a required one (``/files/<path:p>`` does not serve ``/files/``)."""

    def repl(m: re.Match) -> str:
        conv, name = m.group(1), m.group(2)
        return "{%s+}" % name if conv == "path" else "{%s}" % name

    return with_leading_slash(_PARAM.sub(repl, raw))


class Flask(PyFramework):
    """Flask apps and blueprints and the REST extensions' APIs (see the module docstring)."""

    name = "flask"
    packages = ("flask", "quart", "apiflask", "flask_restful", "flask_restx",
                "flask_restplus", "flask_smorest")
    keywords = (rb"flask|Flask|Blueprint|Resource|quart|MethodView",)
    trailing_slash = "append"
    router_noun = "blueprint"
    default_port = 5000  # flask run
    view_kinds = (METHOD_VIEW,)

    constructors = (
        (frozenset({"flask", "quart", "apiflask"}), frozenset({"Flask", "Quart", "APIFlask"}), APP),
        (frozenset({"flask", "quart", "apiflask", "flask_smorest"}),
         frozenset({"Blueprint", "APIBlueprint"}), BLUEPRINT),
        (frozenset({"flask_restful", "flask_restx", "flask_restplus", "flask_smorest"}),
         frozenset({"Api"}), API),
        (frozenset({"flask_restx", "flask_restplus"}), frozenset({"Namespace"}), NAMESPACE),
    )
    bare_constructors = {"Flask": APP, "Blueprint": BLUEPRINT}
    router_methods = frozenset({"add_url_rule", "register_blueprint", "add_resource",
                                "add_namespace"})
    router_decorators = _APP_DECORATORS | {"resource"}
    #: flask.views.View / MethodView and the REST extensions' Resource serve only what a
    #: subclass defines
    generic_views = {"View": {}, "MethodView": {}, "Resource": {}}

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Werkzeug rule syntax (:func:`flask_path`)."""
        return [(flask_path(raw), None)]

    def order_key(self, template: str) -> tuple:
        """Per-segment precedence: static 0, static with a converter 1, converter 2, path 3."""
        out = []
        for seg in template.strip("/").split("/"):
            if "{" not in seg:
                out.append(0)
            elif seg.endswith("*}"):
                out.append(3)
            elif seg.startswith("{") and seg.endswith("}") and seg.count("{") == 1:
                out.append(2)
            else:
                out.append(1)
        return tuple(out)

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        """``app.url_map.strict_slashes = False``: slash forms are equivalent."""
        if policy == "append" and settings.get(STRICT_SLASHES) == "False":
            return "ignore"  # app.url_map.strict_slashes = False
        return policy

    # ------------------------------------------------------------------ extraction

    def construct_router(self, b: "PyBuilder", name: str, kind: str, qualified: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """Apps, blueprints (``url_prefix``), REST ``Api(app_or_bp, prefix=...)`` mounted on
        its app or blueprint, RESTX namespaces."""
        if kind == APP:
            b.new_router(self, APP, name, call, scope, root_candidate=True)
        elif kind == BLUEPRINT:
            b.new_router(self, BLUEPRINT, name, call, scope,
                         prefix=b.path_expr(kw.get("url_prefix"), scope))
        elif kind == API:
            prefix = b.path_expr(kw.get("prefix"), scope)
            target = pos[0] if pos else kw.get("app")
            parent = b.router_of(target, scope, "register_blueprint") if target is not None else None
            key = b.new_router(self, API, name, call, scope, prefix=prefix,
                               root_candidate=parent is None)
            if parent is not None:
                b.mount(parent.key, None, Ref(key), call)
        elif kind == NAMESPACE:
            self._namespace(b, name, call, pos, kw, scope, parent=None)

    def subclass_router(self, kind: str, made: "Construction"
                        ) -> "tuple[bool, tuple[Expr, str] | None] | None":
        """A project's ``Flask`` subclass makes an app, a ``Blueprint`` subclass a
        blueprint with the ``url_prefix`` that reaches ``Blueprint`` (the call's or a
        default its ``__init__`` passes on); REST ``Api``/``Namespace`` subclasses stay as
        guessed."""
        if kind == APP:
            return True, None
        if kind != BLUEPRINT:
            return None
        prefix = made.kwargs.get("url_prefix")
        if prefix is None and not made.complete:
            prefix = (Dyn("rest"), made.classes[0][0])
        return False, prefix

    def _namespace(self, b: "PyBuilder", name: str, call: "Node", pos: list["Node"],
                   kw: dict[str, "Node"], scope: "Scope", parent: str | None) -> None:
        """RESTX ``Namespace(name, path=...)`` / ``api.namespace(name, path=...)``."""
        ns_name = literal_string(pos[0] if pos else kw.get("name"), b.src) or name
        path_node = kw.get("path")
        prefix = (b.path_expr(path_node, scope) if path_node is not None
                  else Lit("/" + ns_name.strip("/")))
        key = b.new_router(self, NAMESPACE, name, call, scope, prefix=prefix)
        if parent is not None:
            b.mount(parent, None, Ref(key), call)

    def on_assign(self, b: "PyBuilder", target: "Node", value: "Node", stmt: "Node",
                  scope: "Scope") -> bool:
        """``app.url_map.strict_slashes = False`` (a setting); ``ns = api.namespace(name,
        path=...)`` on a REST Api (a namespace mounted on it)."""
        if target.type == "attribute":
            # app.url_map.strict_slashes = False: Werkzeug then matches both slash forms
            if (dotted(target, b.src) or "").endswith("url_map.strict_slashes") and \
                    value.type == "false":
                b.setting(STRICT_SLASHES, "False")
            return False
        if value.type != "call":
            return False
        if self._wsgi_server(b, value, scope):
            return False  # `server = WSGIServer(("0.0.0.0", 8003), app)`
        fn, pos, kw = call_parts(value)
        if fn is None or fn.type != "attribute":
            return False
        attr = fn.child_by_field_name("attribute")
        if attr is None or b.src.text(attr) != "namespace":
            return False
        api = b.router_of(fn.child_by_field_name("object"), scope)
        if api is None or api.framework is not self or api.kind != API:
            return False
        self._namespace(b, b.src.text(target), value, pos, kw, scope, parent=api.key)
        return True

    def on_call(self, b: "PyBuilder", call: "Node", fn: "Node | None", pos: list["Node"],
                kw: dict[str, "Node"], scope: "Scope") -> bool:
        """``ext.init_app(app)``: the extension's routes are served by the app;
        ``app.run(port=5000)`` (also ``app.run(host, port)``; 5000 when none is given):
        the app listens on that port."""
        if self._wsgi_server(b, call, scope):
            return False  # `serve(app, port=8080)`
        if fn is None or fn.type != "attribute":
            return False
        obj = unwrap(fn.child_by_field_name("object"))
        if obj is not None and obj.type == "call" and self._wsgi_server(b, obj, scope):
            return False  # `WSGIServer(("", 8003), app).serve_forever()`
        attr = fn.child_by_field_name("attribute")
        if attr is not None and b.src.text(attr) == "run":
            app = b.router_of(fn.child_by_field_name("object"), scope)
            if app is not None and app.framework is self:
                port = kw.get("port") or (pos[1] if len(pos) > 1 else None)
                b.add_listen(app.key, b.expr_in(port, scope) if port is not None else None,
                             call, self.name, default=None if port is not None else 5000)
            return False
        if attr is None or b.src.text(attr) != "init_app":
            return False
        parent = b.router_of(pos[0] if pos else kw.get("app"), scope)
        child = b.router_ref(fn.child_by_field_name("object"), scope)
        if parent is not None and child is not None:
            b.mount(parent.key, None, child, call)
        return True

    def _wsgi_server(self, b: "PyBuilder", call: "Node", scope: "Scope") -> bool:
        """A WSGI server started for one of this framework's apps: gevent's
        ``WSGIServer((host, port), app)`` / ``WSGIServer(":8003", app)`` and waitress'
        ``serve(app, host=..., port=...)`` (port 8080 when none is given) listen on that
        port (:meth:`PyBuilder.add_listen`). True when ``call`` is one."""
        fn, pos, kw = call_parts(call)
        qualified, imported = b.qualify(fn)
        if not imported or qualified not in _WSGI_SERVERS:
            return False
        listener, app_node, default = None, None, None
        if _WSGI_SERVERS[qualified] == "listener":
            listener = unwrap(arg(pos, kw, 0, "listener"))
            app_node = arg(pos, kw, 1, "application")
        else:
            app_node = arg(pos, kw, 0, "app")
            listener, default = kw.get("port"), 8080
        app = b.router_of(app_node, scope)
        if app is None or app.framework is not self:
            return False
        port: Expr | None = None
        if listener is not None and listener.type == "tuple" and len(listener.named_children) == 2:
            port = b.expr_in(listener.named_children[1], scope)
        elif listener is not None and _WSGI_SERVERS[qualified] == "listener":
            text = b.static_string(listener, scope)  # "host:port"
            tail = text.rpartition(":")[2] if text is not None else ""
            port = Lit(tail) if tail.isdigit() else None
        elif listener is not None:
            port = b.expr_in(listener, scope)
        if port is None and default is None:
            return False
        b.add_listen(app.key, port, call, self.name, default=None if port is not None else default)
        return True

    def guess_router(self, method: str, imports: frozenset[str]) -> "tuple[int, str] | None":
        """Rank 0 for blueprint and REST Api methods, 1 when the file imports Flask, 2 for
        ``route``."""
        if method in ("register_blueprint", "add_url_rule"):
            return 0, BLUEPRINT
        if method in ("add_resource", "add_namespace", "resource"):
            return 0, API
        if imports & {"flask", "quart", "apiflask", "flask_smorest"}:
            return 1, BLUEPRINT
        if method == "route":
            return 2, BLUEPRINT
        return None

    def router_decorator(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope", decorator: "Node",
                         target: "Node", handler: str, is_class: bool) -> None:
        """``@r.route(rule, methods=...)``, ``@r.get(rule)``..., ``@r.websocket``; on a class
        (and ``@api.resource``/``@ns.route`` on a Resource) a method view."""
        key = router.key
        if router.kind in (API, NAMESPACE):
            if method in ("route", "resource") and is_class:
                for u in pos:
                    for raw in self._url_rules(b, u, scope):
                        b.view_route(key, METHOD_VIEW, raw, Ref(handler or ""), decorator)
            return
        if method not in _APP_DECORATORS:
            return
        raw = b.path_expr(arg(pos, kw, 0, "rule"), scope)
        if raw is None:
            return
        policy = None
        ss = kw.get("strict_slashes")
        if ss is not None and b.src.text(ss) == "False":
            policy = "ignore"
        if is_class:
            # flask-smorest / Flask-RESTX style: @blp.route("/") on a MethodView
            b.view_route(key, METHOD_VIEW, raw, Ref(handler or ""), decorator, policy=policy)
            return
        if method == "route":
            methods = b.methods(kw.get("methods"), ["GET"])
        elif method == "websocket":
            methods = ["WS"]
        else:
            methods = [method.upper()]
        for m in methods:
            b.route(key, m, raw, decorator, handler=handler, target=target, policy=policy)

    def router_call(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                    pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``add_url_rule``, ``register_blueprint``, ``add_resource``, ``add_namespace``."""
        key = router.key
        if method == "register_blueprint":
            # Flask.register_blueprint(blueprint) / smorest Api.register_blueprint(blp)
            node = arg(pos, kw, 0, "blp" if router.kind in (API, NAMESPACE) else "blueprint")
            child = b.router_ref(node, scope) or b.router_call(node)
            if child is None:
                return
            up = kw.get("url_prefix")
            b.mount(key, b.path_expr(up, scope), child, call, replaces=up is not None)
        elif router.kind in (API, NAMESPACE):
            if method == "add_resource":
                res = b.ref(arg(pos, kw, 0, "resource"))
                if res is None:
                    return
                urls = pos[1:] or ([kw["urls"]] if "urls" in kw else [])
                for u in urls:
                    for raw in self._url_rules(b, u, scope):
                        b.view_route(key, METHOD_VIEW, raw, res, call)
            elif method == "add_namespace":
                child = b.router_ref(arg(pos, kw, 0, "ns"), scope)
                if child is None:
                    return
                p = kw.get("path")
                b.mount(key, b.path_expr(p, scope), child, call, replaces=p is not None)
        elif method == "add_url_rule":
            self._add_url_rule(b, key, call, pos, kw, scope)

    def _add_url_rule(self, b: "PyBuilder", key: str, call: "Node", pos: list["Node"],
                      kw: dict[str, "Node"], scope: "Scope") -> None:
        raw = b.path_expr(arg(pos, kw, 0, "rule"), scope)
        if raw is None:
            return
        view = unwrap(arg(pos, kw, 2, "view_func"))
        methods_node = kw.get("methods")
        if view is not None and view.type == "call":
            vfn, _, _ = call_parts(view)
            if vfn is not None and vfn.type == "attribute" and \
                    b.src.text(vfn.child_by_field_name("attribute") or vfn) == "as_view":
                cls = b.ref(vfn.child_by_field_name("object"))
                if cls is not None:
                    opts: tuple[tuple[str, str], ...] = ()
                    if methods_node is not None:
                        opts = (("methods", ",".join(b.methods(methods_node, ["GET"]))),)
                    b.view_route(key, METHOD_VIEW, raw, cls, call, options=opts)
                return
        name, node = b.handler_of(view)
        for m in b.methods(methods_node, ["GET"]):
            b.route(key, m, raw, call, handler=name, target=node)

    def _url_rules(self, b: "PyBuilder", node: "Node", scope: "Scope") -> list[Expr]:
        """The URL rule expressions of a ``urls`` argument (one, or a list/tuple)."""
        node = unwrap(node)
        if node is None:
            return []
        if node.type in ("list", "tuple"):
            out: list[Expr] = []
            for c in node.named_children:
                out.extend(self._url_rules(b, c, scope))
            return out
        e = b.path_expr(node, scope)
        return [e] if e is not None else []

    # ------------------------------------------------------------------ resolution

    def expand_view(self, view_routes, template, file, evaluator) -> list[Route]:
        """A MethodView / Resource: the methods it declares (``methods`` given to
        ``add_url_rule``, else the class's ``methods`` attribute), else the HTTP method
        handlers the class and its bases define; a plain ``View`` serves GET; ``ANY`` (at
        ``dispatch_request``) for a class routelink cannot see or one whose handlers all
        come from a third-party base."""
        from routelink.frameworks import registry

        vr = view_routes
        h = hierarchy(vr.view, file, evaluator)
        served = method_handlers(h, registry.generic_view)
        declared = dict(vr.options).get("methods") or h.literal_attr("methods")
        if declared:
            methods = [m.strip().upper() for m in declared.split(",") if m.strip()]
        elif served.every or not served.known:
            methods = ["ANY"]
        elif not served.handlers and "View" in h.external and "MethodView" not in h.external:
            methods = ["GET"]  # flask.views.View: dispatch_request serves GET
        elif not served.handlers and served.opaque:
            methods = ["ANY"]  # the handlers come from a third-party base
        else:
            methods = [m.upper() for m in HTTP_METHODS if m in served.handlers]
        return method_routes(vr, template, h, methods, served.handlers, framework=vr.framework,
                             dispatch=("dispatch_request",), locate=self.locate_action)


FRAMEWORK = Flask()
