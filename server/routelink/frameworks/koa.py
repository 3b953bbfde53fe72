"""Koa (2) with koa-router / @koa/router (12 and 13), koa-mount, koa-route and the usual
ways routers are composed (koa-compose, koa-combine-routers).

Follows @koa/router 12/13, whose layers are path-to-regexp 6 patterns compiled with
``strict: false, end: true``:

- Apps are ``new Koa()``; routers ``new Router(opts)`` (or ``Router(opts)`` without
  ``new``) from ``koa-router`` or ``@koa/router``. A Koa app has no routes of its own: a
  router serves requests once ``app.use(router.routes())`` (or ``router.middleware()``)
  mounts it; a router nothing mounts is reported ``unmounted-route``.
  ``router.allowedMethods()`` only answers OPTIONS/405/501 and mounts nothing.
- Routes: ``router.get/post/put/patch/delete/del/head/options/all(path, ...mw)``, path
  arrays, named routes ``router.get('name', '/path', ...mw)``, ``router.redirect(from,
  to)`` (an ANY route at ``from``), ``router.register(path, methods, mw)``; chained calls
  (``router.get(..).post(..)``).
- Prefixes: ``new Router({ prefix })``, ``router.prefix('/x')`` (also for routes already
  registered), nesting ``router.use('/x', child.routes())`` (path arrays too; a router a
  factory function builds and returns, ``createUserRouter(db).routes()``), koa-mount
  ``app.use(mount('/v1', subAppOrRouterRoutes))``, ``compose([a.routes(), b.routes()])``
  and ``combineRouters(a, b)``; koa-route's ``app.use(route.get('/x', h))`` is a route of
  the app.
- Path syntax (path-to-regexp 6): ``:id``, ``:id?`` (two templates), ``:id(\\d+)``,
  ``:path*`` (zero or more segments), ``:path+`` (one or more) and ``(.*)`` catch-alls; converted with Express's
  :func:`routelink.frameworks.express.express_path`. A route ``/`` under a prefix serves
  the prefix itself without a slash (``Layer.setPrefix``), so ``/`` is the empty path.
- Trailing slash: ``strict: false`` lets a route written without a trailing slash match a
  request with one (``/users`` serves ``/users/``) but a route written with one
  (``/users/``) needs it; ``new Router({ strict: true })`` makes every route of that
  router strict. So the policy is ``ignore`` for routes without a trailing slash and
  ``strict`` for routes with one or on a strict router.
- Ordering: every matching layer of a router runs in registration order and the first
  handler that does not call ``next()`` answers, so an earlier route shadows a later one
  of the same router (``ordering = "router"``); the method is part of the match
  (``dispatch = "method"``).

(@koa/router 14+ moved to path-to-regexp 8, whose syntax is Express 5's; not covered.)
"""

from __future__ import annotations

import re

from routelink.facts import Concat
from routelink.frameworks.base import JsFramework, PathTemplate
from routelink.frameworks.express import METHODS as _EXPRESS_METHODS
from routelink.frameworks.express import express_path, listen_port

#: router method -> HTTP method (koa-router defines one method per HTTP verb)
METHODS = {**_EXPRESS_METHODS, "del": "DELETE", "all": "ANY"}
APP_PACKAGES = ("koa",)
ROUTER_PACKAGES = ("koa-router", "@koa/router")
MOUNT_PACKAGES = ("koa-mount",)
ROUTE_PACKAGES = ("koa-route",)
COMPOSE_PACKAGES = ("koa-compose",)
COMBINE_PACKAGES = ("koa-combine-routers",)
#: methods only a koa-router router has: a parameter called with them is one
ROUTER_ONLY = frozenset({"routes", "allowedMethods"})
#: other router methods (evidence only with an import of a Koa package)
OTHER_METHODS = frozenset({"use", "middleware", "prefix", "redirect", "register", "param"})
_CATCH_ALL_PARAM = re.compile(r":(\w+)(?:\((?:[^/()]|\([^/()]*\))*\))?([*+])")
#: names of handler parameters that are never routers
CONTEXT_NAMES = frozenset({"ctx", "context", "req", "res", "request", "response", "next"})
#: a pseudo-method the creation hook puts first in a chain: the constructor's options
NEW = "<new>"


def koa_path(raw: str) -> list[str]:
    """A koa-router (path-to-regexp 6) path -> templates: ``'/files/:path*'`` ->
    ``['/files/{path*}']`` (zero or more segments), ``'/files/:path+'`` ->
    ``['/files/{path+}']`` (one or more), ``'/users/:id?'`` -> ``['/users/{id}', '/users']``."""
    return express_path(_CATCH_ALL_PARAM.sub(
        lambda m: "{" + m.group(1) + "*}" if m.group(2) == "*" else "*" + m.group(1), raw))


class Koa(JsFramework):
    """Koa apps, koa-router routers and their mounts (see the module docstring)."""

    name = "koa"
    packages = (*APP_PACKAGES, *ROUTER_PACKAGES, *MOUNT_PACKAGES, *ROUTE_PACKAGES,
                *COMBINE_PACKAGES)
    keywords = (rb"koa|\.routes\s*\(\s*\)",)
    trailing_slash = "ignore"
    dispatch = "method"
    ordering = "router"
    router_noun = "router"

    # ------------------------------------------------------------------ creation

    def router_creation(self, b, value):
        """``new Koa()``; ``new Router(opts)`` / ``Router(opts)`` / ``require('koa-router')()``
        of koa-router or @koa/router, possibly followed by chained calls."""
        base, chain = b.call_chain(value)
        if base is None:
            return None
        kind = self._created(b, base)
        if kind is None:
            return None
        return kind == "app", [(NEW, base), *chain]

    def _created(self, b, node) -> str | None:
        """``"app"`` or ``"router"`` when ``node`` constructs one, else None."""
        node = b.unwrap(node)
        if node is None:
            return None
        if node.type == "new_expression":
            ctor = b.unwrap(node.child_by_field_name("constructor"))
        elif node.type == "call_expression":
            ctor = b.unwrap(node.child_by_field_name("function"))
        else:
            return None
        module = self._module_of(b, ctor)
        if module in ROUTER_PACKAGES:
            return "router"
        if module in APP_PACKAGES and node.type == "new_expression":
            return "app"
        return None

    @staticmethod
    def _module_of(b, node) -> str | None:
        """The package a constructor expression comes from (``x.Router``,
        ``x.default`` of an imported module or a ``require``)."""
        return b.module_of(node, ("Router", "default", "KoaRouter"))

    def unwrap_function(self, b, call):
        """``router.routes()`` / ``router.middleware()`` exported or bound to a name
        (``export default router.routes()``): the router itself, so the module that
        uses the middleware mounts the router."""
        target = self._routes_of(b, call)
        if target is None:
            return None
        target = b.unwrap(target)
        if target is not None and target.type == "identifier":
            router = b.routers.get(b.text(target))
            if (router is not None and router.framework == self.name) or b.imports_any(self.packages):
                return target
        return None

    # ------------------------------------------------------------------ parameters

    def claims_parameter_router(self, b, method, call, owner, name, strong=False):
        """A parameter or imported name used as a Koa router: only with evidence of Koa
        (the file imports a Koa package at run time, a method only koa-router has, a
        ``.routes()`` mount, a handler taking ``ctx``, a parameter typed with a Koa
        type), so Express keeps its own parameters. A route method needs an argument
        that can be a path (first, or second after a route name); a field ``this.x``
        of a class is claimed only when the class holds a Koa router (its declared
        type, a ``ctx`` handler, a koa-router-only method)."""
        if method not in METHODS and method not in ROUTER_ONLY and method not in OTHER_METHODS:
            return False
        field = name.startswith("this.")
        if name.removeprefix("this.") in CONTEXT_NAMES:
            return False  # ctx.get('Content-Type'), ctx.redirect('/login')
        if method in ROUTER_ONLY:
            return True
        args = b.args(call) if call is not None else []
        if method in METHODS and args and b.path_like(args[0], None) is False and \
                not (len(args) >= 3 and b.path_like(args[1], None)):
            return False
        if b.typed_from(owner, name, call, self.packages):
            return True
        if b.imports_any(self.packages, types=False) and not field:
            return True
        if call is None:
            return False
        if method == "use":
            return any(self._routes_of(b, a) is not None for a in args)
        return any(_takes_ctx(b, a) for a in args[1:])

    # ------------------------------------------------------------------ calls

    def router_chain(self, b, key, chain, scope):
        """Constructor options, routes, prefixes and mounts of a chain of calls on a Koa
        app or router (see the module docstring)."""
        for method, call in chain:
            args = b.args(call)
            if method == NEW:
                self._options(b, key, args, scope)
            elif method in METHODS:
                self._route(b, key, METHODS[method], call, args, scope)
            elif method == "use":
                self._use(b, key, call, args, scope)
            elif method == "prefix" and args:
                paths = b.path_exprs(args[0], scope)
                if paths:
                    b.update_router(key, prefix=paths[0])
            elif method == "redirect" and len(args) >= 2:
                for path in b.path_exprs(args[0], scope) or []:
                    b.add_route(key, "ANY", path, b.call_site(call), [], self.name, self._policy(b, key))
            elif method == "register" and len(args) >= 3:
                self._register(b, key, call, args, scope)
            elif method == "listen" and args:
                b.add_listen(key, listen_port(b, args[0], scope), call, self.name)
                for a in args:
                    b.walk(a, scope)
            else:
                for a in args:
                    b.walk(a, scope)
        return True

    def _options(self, b, key, args, scope) -> None:
        """``new Router({ prefix, strict })``."""
        opts = b.unwrap(args[0]) if args else None
        if opts is None or opts.type != "object":
            return
        prefix = b.object_property(opts, "prefix")
        if prefix is not None:
            paths = b.path_exprs(prefix, scope)
            if paths:
                b.update_router(key, prefix=paths[0])
        strict = b.object_property(opts, "strict")
        if strict is not None and b.text(strict) == "true":
            b.state(self.name).setdefault("strict", set()).add(key)

    def _policy(self, b, key) -> str:
        return "strict" if key in b.state(self.name).get("strict", ()) else self.trailing_slash

    def _route(self, b, key, method, call, args, scope) -> None:
        """``router.get([name,] path, ...middleware)``."""
        if len(args) >= 3 and _is_literal_string(b, args[0]) and _is_path(b, args[1], scope):
            args = args[1:]  # a named route: router.get('user', '/users/:id', show)
        if len(args) < 2:
            for a in args:
                b.walk(a, scope)
            return
        paths = b.path_exprs(args[0], scope)
        for path in paths or []:
            b.add_route(key, method, path, b.call_site(call), args[1:], self.name, self._policy(b, key))
        for a in args[1:]:
            b.walk(a, scope)

    def _register(self, b, key, call, args, scope) -> None:
        """``router.register(path, ['GET', 'POST'], middleware)``."""
        paths = b.path_exprs(args[0], scope) or []
        methods_node = b.unwrap(args[1])
        methods = []
        if methods_node is not None and methods_node.type == "array":
            for m in methods_node.named_children:
                if m.type == "string":
                    methods.append(b.text(m).strip("'\"`").upper())
        for method in methods:
            for path in paths:
                b.add_route(key, method, path, b.call_site(call), args[2:], self.name, self._policy(b, key))

    def _use(self, b, key, call, args, scope) -> None:
        """``use([path | paths,] ...middleware)``: mounts for ``x.routes()``, koa-mount,
        koa-compose and koa-combine-routers; koa-route routes; middleware is walked."""
        if not args:
            return
        prefixes: list = [None]
        maybe = False
        kind = b.prefix_kind(args[0], scope)
        if kind == "prefix":
            prefixes, args = b.path_exprs(args[0], scope) or [None], args[1:]
        elif kind == "maybe":
            # an imported name: a path constant, or a router's middleware itself
            # (`router.use(userRoutes)` of `export default router.routes()`); the
            # resolver keeps the reading that evaluates
            first = b.mount_child(args[0], scope)
            if first is not None:
                b.add_mount(key, None, first, call, self.name)
            prefixes, args, maybe = [b.expr(args[0], scope)], args[1:], True
        for arg in args:
            self._use_arg(b, key, call, arg, prefixes, maybe, scope)

    def _use_arg(self, b, key, call, arg, prefixes, maybe, scope, depth=0) -> None:
        node = b.unwrap(arg)
        if node is None or depth > 4:
            return
        child = self._routes_of(b, node)
        if child is not None:
            cexpr = b.mount_child(child, scope)
            made = b.mounted_call(child, scope) if cexpr is None else None
            if made is not None:
                # `router.use('/users', createUserRouter(deps).routes())`: the router the
                # function builds and returns (``Mount.call_result``)
                for prefix in prefixes:
                    b.add_mount(key, prefix, made, call, self.name, prefix_or_child=maybe,
                                call_result=True)
                return
            if cexpr is not None:
                for prefix in prefixes:
                    b.add_mount(key, prefix, cexpr, call, self.name, prefix_or_child=maybe)
                return
        if node.type in ("identifier", "member_expression"):
            # a name bound to a router's middleware (`const routes = router.routes()`)
            # or a plain middleware: the resolver mounts it only if it is a router
            cexpr = b.mount_child(node, scope)
            if cexpr is not None:
                for prefix in prefixes:
                    b.add_mount(key, prefix, cexpr, call, self.name, prefix_or_child=maybe)
                return
        if node.type == "call_expression":
            fn = b.unwrap(node.child_by_field_name("function"))
            inner = b.args(node)
            module = self._module_of(b, fn) if fn is not None else None
            if module in MOUNT_PACKAGES and inner:
                # mount([path,] appOrMiddleware)
                sub_prefixes = [None]
                if len(inner) >= 2:
                    sub_prefixes = b.path_exprs(inner[0], scope) or [None]
                    inner = inner[1:]
                target = b.unwrap(inner[0])
                combined = [_join(p, s) for p in prefixes for s in sub_prefixes]
                if target is not None and target.type == "identifier":
                    cexpr = b.mount_child(target, scope)
                    if cexpr is not None:
                        for prefix in combined:
                            b.add_mount(key, prefix, cexpr, call, self.name)
                        return
                self._use_arg(b, key, call, target, combined, False, scope, depth + 1)
                return
            if module in COMPOSE_PACKAGES and inner:
                items = b.unwrap(inner[0])
                for item in (items.named_children if items is not None and items.type == "array"
                             else inner):
                    self._use_arg(b, key, call, item, prefixes, maybe, scope, depth + 1)
                return
            if module in COMBINE_PACKAGES:
                for item in inner:
                    item = b.unwrap(item)
                    for r in (item.named_children if item is not None and item.type == "array"
                              else [item]):
                        cexpr = b.mount_child(r, scope)
                        if cexpr is not None:
                            for prefix in prefixes:
                                b.add_mount(key, prefix, cexpr, call, self.name)
                return
            if fn is not None and fn.type == "member_expression":
                obj = b.unwrap(fn.child_by_field_name("object"))
                prop = fn.child_by_field_name("property")
                if obj is not None and prop is not None and \
                        self._module_of(b, obj) in ROUTE_PACKAGES and b.text(prop) in METHODS:
                    # koa-route: app.use(route.get('/pets/:name', pets.show))
                    self._route(b, key, METHODS[b.text(prop)], node, inner, scope)
                    return
        b.walk(node, scope)

    @staticmethod
    def _routes_of(b, node):
        """``x.routes()`` / ``x.middleware()``: the node of ``x``, else None."""
        node = b.unwrap(node)
        if node is None or node.type != "call_expression" or b.args(node):
            return None
        fn = b.unwrap(node.child_by_field_name("function"))
        if fn is None or fn.type != "member_expression":
            return None
        prop = fn.child_by_field_name("property")
        if prop is None or b.text(prop) not in ("routes", "middleware"):
            return None
        return fn.child_by_field_name("object")

    # ------------------------------------------------------------------ paths

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        if raw in ("", "/"):
            return [("", None)]  # Layer.setPrefix: '/' under a prefix is the prefix itself
        out: list[PathTemplate] = []
        for p in koa_path(raw):
            out.append((p, "strict" if len(p) > 1 and p.endswith("/") else None))
        return out

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        return koa_path(raw)[0] if raw not in ("", "/") else ""


def _join(a, b):
    """Two prefix expressions one after the other (either may be None)."""
    if a is None:
        return b
    if b is None:
        return a
    return Concat((a, b))


def _is_literal_string(b, node) -> bool:
    node = b.unwrap(node)
    return node is not None and node.type == "string"


def _is_path(b, node, scope) -> bool:
    node = b.unwrap(node)
    if node is None:
        return False
    if node.type in ("string", "template_string", "binary_expression", "array", "regex"):
        return True
    return node.type in ("identifier", "member_expression") and b.prefix_kind(node, scope) == "prefix"


def _takes_ctx(b, node) -> bool:
    """An inline function whose first parameter is Koa's context (``async (ctx, next) =>``)."""
    node = b.unwrap(node)
    if node is None or node.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = node.child_by_field_name("parameters")
    first = None
    if params is not None:
        named = [p for p in params.named_children if p.type != "comment"]
        first = named[0] if named else None
    else:
        first = node.child_by_field_name("parameter")
    if first is None:
        return False
    text = b.text(first).split(":")[0].strip()
    return text in ("ctx", "context")


FRAMEWORK = Koa()
