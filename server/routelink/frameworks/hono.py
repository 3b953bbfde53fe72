"""Hono (4): apps, sub-apps, base paths and chained routes.

Follows Hono 4 (hono-base, SmartRouter with RegExpRouter/TrieRouter):

- Apps: ``new Hono(opts)`` (also ``OpenAPIHono`` of @hono/zod-openapi, and Hono from
  ``hono/tiny``, ``hono/quick``, ``jsr:@hono/hono``, ``npm:hono``, deno.land). Every Hono
  instance is an app: one that nothing routes is served at ``/`` (a Workers/Bun
  ``export default app``), one passed to ``app.route('/x', sub)`` is served under ``/x``.
- Routes: ``app.get/post/put/delete/options/patch(path, ...handlers)``, ``app.all`` (ANY),
  ``app.on(method | methods, path | paths, ...handlers)``; chained calls
  (``app.get('/a', h).post('/b', h)``), where a call without a path reuses the previous
  call's path (``app.get('/x', h).post(h2)``). ``app.get('/ws', upgradeWebSocket(...))`` is a
  ``WS`` endpoint. @hono/zod-openapi's ``app.openapi(createRoute({ method, path }), h)``
  (route written inline, as a constant, or imported from another module and expanded at
  resolution time; ``{id}`` parameters; ``createRoute`` returns its config), and
  ``app.doc(path)`` / ``app.doc31(path)`` (the OpenAPI document, ``GET``). A Hono app may
  come from a factory: a function of the module that constructs one, or an imported
  ``createRouter()`` whose result the module uses with ``openapi``/``basePath``/``route``.
- Prefixes: ``app.route('/x', sub)`` copies ``sub``'s routes under ``/x``;
  ``new Hono().basePath('/api')`` gives the app a base path; ``app.basePath('/v1')``
  returns a clone that shares ``app``'s routes: routes added to it are served by ``app``
  under ``/v1``. ``app.use`` is middleware; ``app.mount`` serves a non-Hono app (not read).
- Path syntax: ``:id``, ``:id?`` (two templates), ``:id{[0-9]+}`` (the constraint is
  dropped), ``*`` (catch-all); converted with Express's
  :func:`routelink.frameworks.express.express_path`. ``mergePath`` drops a route ``/``
  under a prefix (``app.route('/books', books)`` with ``books.get('/')`` serves ``/books``),
  so ``/`` is the empty path.
- Trailing slash: strict (the default ``strict: true``: ``/hello`` and ``/hello/`` differ);
  ``new Hono({ strict: false })`` removes the request's trailing slash before routing, so
  a route without one serves both (policy ``ignore``, a workspace setting).
- Ordering: handlers run in registration order across the whole app (``app.route``
  copies routes in place), so an earlier route shadows a later one anywhere in the app
  (``ordering = "app"``); the method is part of the match (``dispatch = "method"``).
"""

from __future__ import annotations

import re

from routelink.facts import Lit, Ref, Route
from routelink.frameworks.base import TEMPLATE_SYNTAX, JsFramework, PathTemplate
from routelink.frameworks.express import express_path, listen_port

METHODS = {"get": "GET", "post": "POST", "put": "PUT", "delete": "DELETE",
           "options": "OPTIONS", "patch": "PATCH", "all": "ANY"}
CONSTRUCTORS = frozenset({"Hono", "OpenAPIHono"})
#: app methods only Hono has (a parameter called with them is a Hono app)
APP_ONLY = frozenset({"basePath", "openapi", "on", "notFound", "onError", "mount", "fire",
                      "doc", "doc31"})
#: methods whose use shows that a value made by an imported factory is a Hono app
FACTORY_EVIDENCE = frozenset({"openapi", "basePath", "doc", "doc31", "route"})
VIEW_KIND = "hono-openapi-route"
NEW = "<new>"
CLONE = "<basePath of>"
OPENAPI = "openapi"
_SETTING = "hono.strict"
_PARAM_PATTERN = re.compile(r":\w+\{")
_OPENAPI_PARAM = re.compile(r"\{(\w+)\}")


def hono_path(raw: str) -> list[str]:
    """A Hono path -> templates: ``'/post/:date{[0-9]+}/:title'`` ->
    ``['/post/{date}/{title}']``, ``'/api/animal/:type?'`` -> two templates."""
    return express_path(_drop_constraints(raw))


def _drop_constraints(raw: str) -> str:
    """Remove the ``{regex}`` after each ``:name`` (balanced braces, linear)."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        m = _PARAM_PATTERN.search(raw, i)
        if m is None:
            out.append(raw[i:])
            break
        out.append(raw[i:m.end() - 1])
        depth, j = 0, m.end() - 1
        while j < len(raw):
            if raw[j] == "{":
                depth += 1
            elif raw[j] == "}":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1
    return "".join(out)


def _is_hono_module(module: str | None) -> bool:
    return module is not None and "hono" in module


class Hono(JsFramework):
    """Hono apps and sub-apps (see the module docstring)."""

    name = "hono"
    packages = ("hono", "hono/tiny", "hono/quick", "@hono/zod-openapi", "npm:hono", "jsr:@hono/hono")
    keywords = (rb"[Hh]ono|\.openapi\s*\(",)
    trailing_slash = "strict"
    dispatch = "method"
    ordering = "app"
    router_noun = "app"
    view_kinds = (VIEW_KIND,)

    # ------------------------------------------------------------------ creation

    def router_creation(self, b, value):
        """``new Hono(opts)`` (chained calls applied), or ``app.basePath('/x')`` of an app
        of the module (a clone sharing ``app``'s routes)."""
        base, chain = b.call_chain(value)
        if base is None:
            return None
        if base.type == "new_expression":
            ctor = b.unwrap(base.child_by_field_name("constructor"))
            if ctor is None or ctor.type != "identifier" or b.text(ctor) not in CONSTRUCTORS:
                return None
            module = b.import_module(b.text(ctor))
            if not _is_hono_module(module):
                return None
            return True, [(NEW, base), *chain]
        if base.type == "identifier" and chain and chain[0][0] == "basePath":
            router = b.routers.get(b.text(base))
            if router is not None and router.framework == self.name:
                return False, [(CLONE, chain[0][1]), *chain[1:]]
        if base.type == "call_expression" and self._factory_call(b, base, value, chain):
            return True, [(NEW, base), *chain]
        return None

    def _factory_call(self, b, call, value, chain) -> bool:
        """``createRouter()``: a function of this module whose body constructs a Hono
        app, or a function imported from another module whose result this module uses
        with a method only a Hono app has (``router.openapi(...)``, ``app.route(path,
        sub)``), the app-factory helper of Hono starters."""
        fn = b.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "identifier":
            return False
        name = b.text(fn)
        local = _local_function(b, name)
        if local is not None:
            return any(f"new {c}" in b.text(local) for c in CONSTRUCTORS)
        module = b.import_module(name)
        if module is None or not module.startswith((".", "@/", "~/", "#", "src/")):
            return False
        if any(m in FACTORY_EVIDENCE for m, _ in chain):
            return True
        parent = b.unwrap(value).parent
        while parent is not None and parent.type in ("as_expression", "parenthesized_expression",
                                                     "satisfies_expression", "non_null_expression"):
            parent = parent.parent
        if parent is None or parent.type != "variable_declarator":
            return False
        target = parent.child_by_field_name("name")
        return target is not None and _used_with(b, b.text(target), FACTORY_EVIDENCE)

    def unwrap_function(self, b, call):
        """@hono/zod-openapi's ``createRoute(config)`` returns its config: a module's
        route definitions are the object literals (read where ``app.openapi`` uses them)."""
        fn = b.unwrap(call.child_by_field_name("function"))
        args = b.args(call)
        if fn is None or fn.type != "identifier" or b.text(fn) != "createRoute" or not args:
            return None
        return args[0] if _is_hono_module(b.import_module("createRoute")) else None

    # ------------------------------------------------------------------ parameters

    def on_call(self, b, call, scope):
        """``serve({ fetch: app.fetch, port })`` of ``@hono/node-server`` (port 3000 when
        none is given): the app listens on that port."""
        fn = b.unwrap(call.child_by_field_name("function"))
        if fn is None or fn.type != "identifier" or b.import_module(b.text(fn)) != "@hono/node-server":
            return False
        args = b.args(call)
        options = b.unwrap(args[0]) if args else None
        if options is None or options.type != "object":
            return False
        fetch = b.unwrap(b.object_property(options, "fetch"))
        app = fetch.child_by_field_name("object") if fetch is not None and \
            fetch.type == "member_expression" else None
        if app is None or app.type != "identifier":
            return False
        port = listen_port(b, options, scope)
        b.add_listen(b.router_target(app, scope) or b.text(app), port, call, self.name,
                     default=None if port is not None else 3000)
        return False

    def claims_parameter_router(self, b, method, call, owner, name, strong=False):
        """A parameter or an imported name used as a Hono app: in a module that imports
        Hono at run time, with a method only Hono has, a parameter typed with a Hono
        type, or a handler taking ``c``. A route method needs a first argument that can
        be a path (``this.cache.get(KEY, x)`` is no route); a field ``this.x`` of a
        class only when the class holds a Hono app (its declared type, a ``c``
        handler, a Hono-only method)."""
        if method not in METHODS and method not in APP_ONLY and method != "route":
            return False
        field = name.startswith("this.")
        if name.removeprefix("this.") in ("c", "ctx", "req", "res", "request", "context"):
            return False
        args = b.args(call) if call is not None else []
        if method in METHODS and args and b.path_like(args[0], None) is False:
            return False
        if method in APP_ONLY:
            return True
        if not field and any(_is_hono_module(i.module) for i in b.value_imports()):
            return True
        packages = tuple({i.module for i in b.imports if _is_hono_module(i.module)})
        if packages and b.typed_from(owner, name, call, packages):
            return True
        return any(_takes_c(b, a) for a in args[1:])

    # ------------------------------------------------------------------ calls

    def router_chain(self, b, key, chain, scope):
        """Options, base paths, routes and sub-apps of a chain of calls on an app."""
        target = key
        current = None  # the path of the previous route call (path-less chained calls)
        fresh = False  # right after `new Hono()`: basePath sets the app's own prefix
        for method, call in chain:
            args = b.args(call)
            if method == NEW:
                fresh = True
                continue
            if method == CLONE:
                self._clone(b, key, call, args, scope)
                continue
            if method == "basePath" and args:
                paths = b.path_exprs(args[0], scope)
                if fresh:
                    if paths:
                        b.update_router(target, prefix=paths[0])
                    continue
                # a clone used inline: `app.basePath('/v1').get(...)`
                span = b.span(call)
                clone = f"<basePath {span.line + 1}:{span.column + 1}>"
                b.add_router(clone, self.name, call, prefix=paths[0] if paths else None,
                             label=f"{b.text(args[0])[:40]} base path")
                b.add_mount(target, None, _ref(clone), call, self.name)
                target, current = clone, None
                continue
            fresh = False
            if method in METHODS:
                current = self._verb(b, target, METHODS[method], call, args, current, scope)
            elif method == "on" and len(args) >= 2:
                self._on(b, target, call, args, scope)
            elif method == "route" and len(args) >= 2:
                child = b.mount_child(args[1], scope)
                paths = b.path_exprs(args[0], scope)
                if child is not None:
                    for prefix in paths or [None]:
                        b.add_mount(target, prefix, child, call, self.name)
                else:
                    # `app.route('/api/voices', createVoiceRoutes(repo))`: the app the
                    # function builds and returns
                    made = b.mounted_call(args[1], scope)
                    for prefix in (paths or [None]) if made is not None else ():
                        b.add_mount(target, prefix, made, call, self.name, call_result=True)
                    b.walk(args[1], scope)
            elif method in ("doc", "doc31") and args:
                # OpenAPIHono: the OpenAPI document is served with GET at the path
                for path in b.path_exprs(args[0], scope) or []:
                    b.add_route(target, "GET", path, b.call_site(call), [], self.name,
                                self.trailing_slash)
            elif method == OPENAPI and len(args) >= 2:
                self._openapi(b, target, call, args, scope)
            else:
                for a in args:
                    b.walk(a, scope)
        return True

    def on_new(self, b, node, scope):
        """``new Hono({ strict: false })`` anywhere (an app factory's body too): the
        workspace setting that makes trailing slashes not matter."""
        ctor = b.unwrap(node.child_by_field_name("constructor"))
        if ctor is None or ctor.type != "identifier" or b.text(ctor) not in CONSTRUCTORS:
            return False
        args = b.args(node)
        opts = b.unwrap(args[0]) if args else None
        if opts is not None and opts.type == "object":
            strict = b.object_property(opts, "strict")
            if strict is not None and b.text(strict) == "false":
                b.add_setting(_SETTING, "false")
        return False

    def _clone(self, b, key, call, args, scope) -> None:
        """``const api = app.basePath('/api')``: ``api`` shares ``app``'s routes."""
        paths = b.path_exprs(args[0], scope) if args else None
        if paths:
            b.update_router(key, prefix=paths[0])
        fn = b.unwrap(call.child_by_field_name("function"))
        parent = b.router_target(fn.child_by_field_name("object"), scope) if fn is not None else None
        if parent is not None:
            b.add_mount(parent, None, _ref(key), call, self.name)

    def _verb(self, b, key, method, call, args, current, scope):
        """``app.get(path, ...handlers)`` or, chained, ``.post(...handlers)`` on the
        previous path. Returns the path the next chained call reuses."""
        paths = None
        handlers = args
        if args and _is_path(b, args[0], scope):
            paths = b.path_exprs(args[0], scope)
            handlers = args[1:]
        elif current is not None:
            paths = current
        if paths and handlers:
            if any(_is_websocket_upgrade(b, h) for h in handlers):
                method = "WS"
            for path in paths:
                b.add_route(key, method, path, b.call_site(call), handlers, self.name, self.trailing_slash)
        for h in handlers:
            b.walk(h, scope)
        return paths if paths else current

    def _on(self, b, key, call, args, scope) -> None:
        """``app.on('PURGE' | ['PUT', 'DELETE'], path | [paths], ...handlers)``."""
        methods_node = b.unwrap(args[0])
        items = methods_node.named_children if methods_node is not None and \
            methods_node.type == "array" else [methods_node]
        methods = []
        for item in items:
            if item is None or item.type != "string":
                methods = ["ANY"]
                break
            methods.append(b.text(item)[1:-1].upper())
        paths = b.path_exprs(args[1], scope) or []
        for m in methods:
            for path in paths:
                b.add_route(key, m, path, b.call_site(call), args[2:], self.name, self.trailing_slash)
        for h in args[2:]:
            b.walk(h, scope)

    def _openapi(self, b, key, call, args, scope) -> None:
        """``app.openapi(createRoute({ method, path }), handler)``: the route inline or a
        constant of this module; a route defined in another module
        (``app.openapi(routes.list, handlers.list)``) is expanded at resolution time."""
        spec = b.unwrap(args[0])
        if spec is not None and spec.type == "identifier" and b.text(spec) in b.value_nodes:
            spec = b.value_nodes.get(b.text(spec))
        elif spec is not None and spec.type in ("identifier", "member_expression"):
            view = b.expr(spec, scope)
            if isinstance(view, Ref):
                b.add_view_route(key, VIEW_KIND, Ref(view.name, view.attrs + ("path",)), view,
                                 b.call_site(call), self.name, self.trailing_slash, syntax=OPENAPI)
            for h in args[1:]:
                b.walk(h, scope)
            return
        if spec is not None and spec.type == "call_expression" and b.args(spec):
            spec = b.unwrap(b.args(spec)[0])
        if spec is None or spec.type != "object":
            return
        method = b.object_property(spec, "method")
        path = b.object_property(spec, "path")
        if method is None or path is None or b.unwrap(method).type != "string":
            return
        verb = b.text(b.unwrap(method))[1:-1].upper()
        for p in b.path_exprs(path, scope) or []:
            b.add_route(key, verb, p, b.call_site(call), args[1:], self.name, self.trailing_slash,
                        syntax=OPENAPI)
        for h in args[1:]:
            b.walk(h, scope)

    # ------------------------------------------------------------------ resolution

    def expand_view(self, view_routes, template, file, evaluator):
        """A zod-openapi route defined in another module: its ``method``."""
        from routelink.resolve.evaluate import Ctx, ObjectVal

        spec = evaluator.eval(view_routes.view, Ctx(file))
        if not isinstance(spec, ObjectVal) or spec.obj.get("method") is None:
            return []
        methods = {"".join(p for p in s.pieces if isinstance(p, str)).upper()
                   for s in evaluator.strings(spec.obj.get("method"), spec.ctx)
                   if all(isinstance(p, str) for p in s.pieces)}
        return [Route(router=view_routes.router, method=m, path=Lit(template), span=view_routes.span,
                      framework=self.name, order=view_routes.order,
                      trailing_slash=view_routes.trailing_slash, syntax=TEMPLATE_SYNTAX)
                for m in sorted(methods) if m]

    def adjust_policy(self, policy, settings):
        if settings.get(_SETTING) == "false":
            return "ignore"
        return policy

    # ------------------------------------------------------------------ paths

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        if syntax == OPENAPI:
            raw = _OPENAPI_PARAM.sub(lambda m: ":" + m.group(1), raw)
        if raw in ("", "/"):
            return [("", None)]  # mergePath: '/' under a prefix is the prefix itself
        return [(p, None) for p in hono_path(raw)]

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        return hono_path(raw)[0] if raw not in ("", "/") else ""


def _local_function(b, name: str):
    """The node of a function this module defines at top level as ``name`` (a
    declaration or ``const name = () => ...``), or None."""
    node = b.local_functions.get(name)
    if node is not None:
        return node
    state = b.state("hono")
    table = state.get("top_functions")
    if table is None:
        # the module's top-level statements do not change while it is walked: read once
        table = state["top_functions"] = {}
        for st in b.root_node.named_children:
            decl = st.child_by_field_name("declaration") if st.type == "export_statement" else st
            if decl is None or decl.type not in ("lexical_declaration", "variable_declaration"):
                continue
            for d in decl.named_children:
                target = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                value = b.unwrap(d.child_by_field_name("value")) if target is not None else None
                if target is not None and value is not None and \
                        value.type in ("arrow_function", "function_expression", "function"):
                    table.setdefault(b.text(target), value)
    return table.get(name)


def _used_with(b, name: str, methods: frozenset[str]) -> bool:
    """Whether the module calls ``name.<m>(...)`` for some ``m`` in ``methods`` (``route``
    only with two arguments, as Hono's ``app.route(path, sub)``). One walk of the module
    per file, cached."""
    state = b.state("hono")
    cache = state.setdefault("used_with", {})
    key = (name, methods)
    if key not in cache:
        mentions = state.setdefault("mentions", {})
        if methods not in mentions:
            mentions[methods] = any(f".{m}(".encode() in b.src.data for m in methods)
        if not mentions[methods]:
            cache[key] = False  # cheap: the module never calls any such method
        else:
            cache[key] = _scan_used_with(b, name, methods)
    return cache[key]


def _scan_used_with(b, name: str, methods: frozenset[str]) -> bool:
    stack = [b.root_node]
    while stack:
        n = stack.pop()
        if n.type == "call_expression":
            fn = b.unwrap(n.child_by_field_name("function"))
            if fn is not None and fn.type == "member_expression":
                obj = fn.child_by_field_name("object")
                prop = fn.child_by_field_name("property")
                if obj is not None and prop is not None and obj.type == "identifier" and \
                        b.text(obj) == name and b.text(prop) in methods and \
                        (b.text(prop) != "route" or len(b.args(n)) == 2):
                    return True
        stack.extend(n.named_children)
    return False


def _ref(key: str) -> Ref:
    return Ref(key)


def _is_path(b, node, scope) -> bool:
    node = b.unwrap(node)
    if node is None:
        return False
    if node.type in ("string", "template_string", "binary_expression"):
        return True
    return node.type in ("identifier", "member_expression") and b.prefix_kind(node, scope) == "prefix"


def _is_websocket_upgrade(b, node) -> bool:
    """``upgradeWebSocket((c) => ({ onMessage... }))`` of hono/bun, hono/deno,
    hono/cloudflare-workers or @hono/node-ws."""
    node = b.unwrap(node)
    if node is None or node.type != "call_expression":
        return False
    fn = b.unwrap(node.child_by_field_name("function"))
    return fn is not None and b.text(fn).rsplit(".", 1)[-1] == "upgradeWebSocket"


def _takes_c(b, node) -> bool:
    """An inline handler whose only parameter is Hono's context ``c``."""
    node = b.unwrap(node)
    if node is None or node.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = node.child_by_field_name("parameters")
    if params is None:
        single = node.child_by_field_name("parameter")
        return single is not None and b.text(single) == "c"
    named = [p for p in params.named_children if p.type != "comment"]
    return bool(named) and b.text(named[0]).split(":")[0].strip() == "c"


FRAMEWORK = Hono()
