"""NestJS (10 and 11, on the Express or Fastify platform): controllers, modules, the
application, RouterModule, URI versioning and WebSocket gateways.

What is read (decorators and calls as written; paths are recorded as expressions, so a
path constant imported from another module works):

- ``@Controller()``, ``@Controller('cats')``, ``@Controller(['a', 'b'])``,
  ``@Controller({ path, version, host })`` on a class: a *controller* router whose own
  prefix is the controller path (``host`` restricts the host, not the path: ignored).
- ``@Get/@Post/@Put/@Patch/@Delete/@Options/@Head/@All/@Search(path | [paths])``,
  ``@Sse(path)`` (a GET) and ``@RequestMapping({ path, method })`` on its methods: one
  route per path; no argument is the controller path itself. The route's span is the
  method decorator, its handler ``Controller.method`` (go to handler lands on the
  method). ``@Version(v)`` on a method (or the controller's ``version``) gives the
  route's version. Routes declared on a base class (``extends CrudController<T>``) are
  served by each controller that extends it. Decorators are Nest's when imported from
  ``@nestjs/*`` or re-exported by a workspace module, not when imported from another
  decorator framework (``routing-controllers``, tsed...); a class decorator named
  ``...Controller`` (a custom ``applyDecorators(Controller(path), ...)``) is read like
  ``@Controller``.
- ``@Module({ imports, controllers, providers })`` on a class: a *module* router that
  mounts, with no prefix, its controllers, the modules it imports (``X``,
  ``X.forRoot(...)``/``X.register(...)``/any static call on ``X``, ``forwardRef(() =>
  X)``, spreads of an array constant of the file) and its providers (a gateway is a
  provider; a service is no router and is ignored by the resolver). The static methods
  of a module class that return ``{ module, controllers, imports, providers }`` (dynamic
  modules: ``forRoot()``/``register()``) add what they list to that module.
- ``NestFactory.create(AppModule, ...)``: the application, an app router mounting the
  root module. On it ``app.setGlobalPrefix(prefix, { exclude })``,
  ``app.enableVersioning({ type, defaultVersion, prefix })`` and
  ``app.useWebSocketAdapter(new WsAdapter(app))`` are kept for resolution, also when
  they are called in a function the app is passed to (``setupApp(app)``); an app that
  is only closed (made to read the configuration) serves nothing. A controller
  serves requests only if a module the root module reaches through ``imports`` lists it:
  a controller (or module, or gateway) nothing reaches is ``unmounted-route``. When no
  file of the workspace calls ``NestFactory.create`` (a library), every module nothing
  imports is a root.
- ``RouterModule.register([{ path, module, children }])`` (also ``forRoutes``, and a
  route tree in an array constant of a file that imports ``@nestjs/core``): the module
  path of each module, children's paths joined to their parent's.
- ``@WebSocketGateway(port?, { path, namespace })`` on a class, registered as a
  provider: a ``WS`` route at ``path``, by default ``/socket.io`` (the socket.io
  adapter's endpoint; a namespace is not part of the URL path), or ``/`` under the ``ws``
  adapter (``WsAdapter``) when no path is given. ``@SubscribeMessage`` handlers are
  messages on that one connection, not routes.

Resolution (:meth:`NestJs.served_paths`), as ``RoutePathFactory`` of @nestjs/core 10/11:
``[global prefix]/[v{version}]/[module path]/[controller path]/[method path]``. The module
and controller paths come from the mount graph (modules mount with no prefix, because a
RouterModule path applies only to the controllers of its own module, not to the modules
it imports); the module path of RouterModule, then the version (URI versioning only:
``@Version`` of the method, else the controller's ``version``, else ``defaultVersion``;
``VERSION_NEUTRAL`` adds no segment; ``prefix`` defaults to ``v``, ``prefix: false`` is
none) and the global prefix are added per route. A route whose path without the global
prefix and version matches an ``exclude`` entry (a string or ``{ path, method }``,
path-to-regexp syntax, case-insensitive) for its method is served without the global
prefix. Nest strips a trailing slash from every path (``/`` stays), and paths follow
Express syntax (``:id``, ``*``, Nest 11's ``{*splat}``): conversion reuses
:func:`routelink.frameworks.express.express_path`.

Trailing slash: on Express, non-strict routing (``ignore``); with ``new
FastifyAdapter()`` Fastify's default is strict. Routes are matched in registration order
(methods in declaration order) within a controller on Express; an application on the
Fastify platform is matched by find-my-way, which ranks static segments before
parameters before catch-alls whatever the order (:meth:`NestJs.finish_routes`).

Global prefix from @nestjs/config: ``configService.get('API_PREFIX', 'api')`` (a flat
key) is that environment variable; a namespaced key (``get('app')`` then
``.globalPrefix``, ``get('app.globalPrefix')``, a local destructured from ``get('app')``)
is read from the factory of ``registerAs('app', () => ({ ... }))`` wherever it is
written in the workspace (its env vars take ``[env]``/``.env`` values). When the prefix
cannot be read, the ``unresolved-route`` hint says so (:meth:`NestJs.unresolved_note`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from routelink.facts import Alt, CallExpr, Concat, Lit, Obj, Ref
from routelink.frameworks.base import JsFramework, PathTemplate
from routelink.frameworks.express import express_path, listen_port

#: method decorators -> HTTP method
HTTP_DECORATORS = {
    "Get": "GET", "Post": "POST", "Put": "PUT", "Patch": "PATCH", "Delete": "DELETE",
    "Options": "OPTIONS", "Head": "HEAD", "All": "ANY", "Search": "SEARCH", "Sse": "GET",
}
#: calls only a Nest application has (a function parameter they are called on is one)
APP_METHODS = frozenset({"setGlobalPrefix", "enableVersioning", "useWebSocketAdapter"})
#: the version value of ``VERSION_NEUTRAL`` in route facts (no version segment)
NEUTRAL = "\u0000neutral"
#: the route path of a gateway with no ``path`` (socket.io's default endpoint)
SOCKET_IO_PATH = "/socket.io/"
#: path syntax of gateway routes and routers (literal paths)
WS_SYNTAX = "ws-adapter"
_APP = "<nest:{key}:{what}>"
_ROUTES = "<nest-routes:{n}>"
_PACKAGE_PREFIX = "@nestjs/"
_SETTING_APP = "nestjs.app:"
_SETTING_ROUTES = "nestjs.routes"
_SETTING_FASTIFY = "nestjs.fastify"
#: a config namespace of @nestjs/config: the value ``registerAs(ns, factory)`` gives,
#: the factory as a function, and the setting naming the file that registers it
_CONFIG = "<nest-config:{ns}>"
_CONFIG_FACTORY = "<nest-config-factory:{ns}>"
_SETTING_CONFIG = "nestjs.config:"
_CONFIG_PACKAGE = "@nestjs/config"
_TRANSPARENT = frozenset({"await_expression", "parenthesized_expression", "as_expression",
                          "non_null_expression", "satisfies_expression"})


class NestJs(JsFramework):
    """NestJS controllers, modules, application and gateways (see the module docstring)."""

    name = "nestjs"
    packages = ("@nestjs/common", "@nestjs/core", "@nestjs/websockets", "@nestjs/platform-express",
                "@nestjs/platform-fastify", "@nestjs/platform-socket.io", "@nestjs/platform-ws",
                "@nestjs/swagger", "@nestjs/config", "@nestjs/testing")
    keywords = (rb"@nestjs/|NestFactory|@Controller|@Module|@WebSocketGateway",)
    trailing_slash = "ignore"
    router_noun = "controller"

    # ------------------------------------------------------------------ extraction

    def on_class(self, b, node, name, decorators):
        """``@Controller`` (also a custom class decorator named ``...Controller``
        imported from elsewhere, read the same way), ``@Module`` and
        ``@WebSocketGateway`` classes; a class with route decorators but none of these
        (a generic base controller) is a tentative router, kept only where a subclass or
        a module mounts it."""
        if not decorators and not b.imports_any(self.packages):
            return
        names = _nest_names(b)
        for d in decorators:
            dname, args = _decorator(b, d, names)
            if dname.endswith("Controller"):
                self._controller(b, node, name, args, names)
                return
            if dname == "Module":
                self._module(b, node, name, args)
                return
            if dname == "WebSocketGateway":
                self._gateway(b, node, name, d, args)
                return
        if self._routes(b, node, name, None, names):
            b.add_router(name, self.name, _name_node(node), label=name, tentative=True)
            base = _base_class(b, node)
            if base is not None:
                b.add_mount(name, None, Ref(base), node, self.name)

    def _controller(self, b, node, name, args, names):
        prefix = version = None
        arg = b.unwrap(args[0]) if args else None
        if arg is not None and arg.type == "object":
            path = b.object_property(arg, "path")
            if path is not None:
                prefix = _one(b.path_exprs(path, None))
            v = b.object_property(arg, "version")
            if v is not None:
                version = _version_expr(b, v)
        elif arg is not None:
            prefix = _one(b.path_exprs(arg, None))
        b.add_router(name, self.name, _name_node(node), prefix=prefix, label=name)
        self._routes(b, node, name, version, names)
        base = _base_class(b, node)
        if base is not None:  # routes declared on a base class are served here too
            b.add_mount(name, None, Ref(base), node, self.name)

    def _routes(self, b, node, name, version, names) -> int:
        count = 0
        body = node.child_by_field_name("body")
        for member in body.named_children if body is not None else []:
            if member.type != "method_definition":
                continue
            mname_node = member.child_by_field_name("name")
            if mname_node is None:
                continue
            routes = []
            mversion = None
            for d in b.decorators_of(member):
                dname, dargs = _decorator(b, d, names)
                if dname in HTTP_DECORATORS:
                    paths = b.path_exprs(dargs[0], None) if dargs else [Lit("")]
                    routes.append((HTTP_DECORATORS[dname], paths or [], d))
                elif dname == "RequestMapping":  # @RequestMapping({ path, method })
                    opts = b.unwrap(dargs[0]) if dargs else None
                    path = b.object_property(opts, "path") if opts is not None else None
                    verb = b.object_property(opts, "method") if opts is not None else None
                    verb = b.text(verb).rsplit(".", 1)[-1].upper() if verb is not None else "GET"
                    paths = b.path_exprs(path, None) if path is not None else [Lit("")]
                    routes.append(("ANY" if verb == "ALL" else verb, paths or [], d))
                elif dname == "Version" and dargs:
                    mversion = _version_expr(b, dargs[0])
            v = mversion or version
            extra = (("version", v),) if v is not None else ()
            handler = (f"{name}.{b.text(mname_node)}", member)
            for method, paths, d in routes:
                for path in paths:
                    b.add_route(name, method, path, d, [], self.name, self.trailing_slash,
                                handler=handler, extra=extra)
                    count += 1
        return count

    def _module(self, b, node, name, args):
        b.add_router(name, self.name, _name_node(node), root_candidate=True, label=name)
        meta = b.unwrap(args[0]) if args else None
        if meta is not None and meta.type == "identifier":  # @Module(metadata)
            meta = b.unwrap(b.value_nodes.get(b.text(meta)))
        if meta is not None and meta.type == "object":
            self._module_lists(b, name, meta)
        # dynamic modules: static methods returning { module, controllers, imports }
        body = node.child_by_field_name("body")
        for member in body.named_children if body is not None else []:
            if member.type != "method_definition" or not any(c.type == "static" for c in member.children):
                continue
            stack = [member.child_by_field_name("body")]
            while stack:
                n = stack.pop()
                if n is None:
                    continue
                if n.type == "object" and b.object_property(n, "module") is not None:
                    self._module_lists(b, name, n)
                    other = b.unwrap(b.object_property(n, "module"))
                    if other.type == "identifier" and b.text(other) != name:
                        b.add_mount(name, None, Ref(b.text(other)), other, self.name)
                    continue
                stack.extend(n.named_children)

    def _module_lists(self, b, key, meta):
        for field in ("controllers", "imports", "providers"):
            value = _property(b, meta, field)
            if value is None:
                continue
            for element in _elements(b, value):
                self._module_entry(b, key, element)

    def _module_entry(self, b, key, node):
        node = b.unwrap(node)
        if node.type == "identifier":
            b.add_mount(key, None, Ref(b.text(node)), node, self.name)
            return
        if node.type != "call_expression":
            return
        fn = b.unwrap(node.child_by_field_name("function"))
        args = b.args(node)
        if fn is not None and fn.type == "identifier" and b.text(fn) == "forwardRef" and args:
            target = b.unwrap(args[0])
            body = target.child_by_field_name("body") if target.type == "arrow_function" else None
            if body is not None:
                self._module_entry(b, key, body)
            return
        if fn is None or fn.type != "member_expression":
            return
        obj = b.unwrap(fn.child_by_field_name("object"))
        prop = fn.child_by_field_name("property")
        if obj is None or obj.type != "identifier":
            return
        if b.text(obj) == "RouterModule":
            if prop is not None and b.text(prop) in ("register", "forRoutes") and args:
                tree = b.unwrap(args[0])
                if tree.type == "array":  # a named constant is read by on_file
                    _route_tree(b, tree, None)
            return
        # X.forRoot(...), X.register(...), X.forFeature(...): the module X
        b.add_mount(key, None, Ref(b.text(obj)), node, self.name)

    def _gateway(self, b, node, name, decorator, args):
        path = None
        for a in args:
            a = b.unwrap(a)
            if a.type == "object" and b.object_property(a, "path") is not None:
                path = b.expr(b.object_property(a, "path"), None)
        b.add_router(name, self.name, _name_node(node), label=name, syntax=WS_SYNTAX)
        b.add_route(name, "WS", path if path is not None else Lit(SOCKET_IO_PATH), decorator, [],
                    self.name, "ignore", WS_SYNTAX, handler=(name, node),
                    extra=() if path is not None else (("default_path", Lit("1")),))

    def on_call(self, b, call, scope):
        """``NestFactory.create(AppModule, adapter?)``: the application (an app router
        bound to the variable it is assigned to, so ``app.setGlobalPrefix(...)`` reaches
        :meth:`router_chain`)."""
        fn = b.unwrap(call.child_by_field_name("function"))
        if fn is not None and fn.type == "identifier":
            return self._register_as(b, call, fn, scope)
        if fn is None or fn.type != "member_expression":
            return False
        obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
        if obj is None or prop is None or b.text(obj) != "NestFactory" or b.text(prop) != "create":
            return False
        local = _assigned_name(b, call)
        if local is None:
            key = f"<nest-app:{call.start_point[0] + 1}>"
        elif scope is None:
            key = local
        else:
            key = f"{scope.function or '<main>'}.{local}"
            scope.routers[local] = key
        b.add_router(key, self.name, call, is_app=True, label=local or "NestFactory.create()")
        if b.path:
            b.setting(f"{_SETTING_APP}{key}\t{b.path}", key)
        args = b.args(call)
        if args:
            child = b.mount_child(args[0], scope)
            if child is not None:
                b.add_mount(key, None, child, call, self.name)
        # the Fastify platform: NestFactory.create<NestFastifyApplication>(AppModule, new
        # FastifyAdapter()) (or an adapter made elsewhere); strict unless it says otherwise
        types = call.child_by_field_name("type_arguments")
        platform = " ".join(b.text(n) for n in [types, *args[1:]] if n is not None)
        if re.search(r"(?i)fastify", platform):
            # find-my-way ranks routes itself (see finish_routes)
            b.values[_APP.format(key=key, what="find-my-way")] = Lit("1")
            if not re.search(r"ignoreTrailingSlash\s*:\s*true", platform):
                b.setting(_SETTING_FASTIFY, "1")
        return True

    def _register_as(self, b, call, fn, scope) -> bool:
        """``registerAs('app', () => ({ globalPrefix: env('GLOBAL_PREFIX', 'api') }))`` of
        @nestjs/config (the namespace a literal or a string constant of the file): the
        namespace's factory is recorded as a function, its result as
        the value ``<nest-config:app>``, and the file as the one registering ``app`` (a
        setting), so ``configService.get('app')`` elsewhere reads it statically."""
        imp = b.import_of(b.text(fn))
        args = b.args(call)
        if imp is None or imp.module != _CONFIG_PACKAGE or imp.name != "registerAs" or len(args) < 2:
            return False
        name, factory = b.unwrap(args[0]), b.unwrap(args[1])
        if name is not None and name.type == "identifier" and \
                isinstance(b.values.get(b.text(name)), Lit) and b.text(name) not in b.import_modules:
            ns = b.values[b.text(name)].value  # `export const appRegToken = 'app'`
        elif name is not None and name.type == "string":
            ns = b.text(name)[1:-1]
        else:
            return False
        if not b.is_function(factory):
            return False
        key = _CONFIG_FACTORY.format(ns=ns)
        b.inline_function(factory, scope, key=key)
        b.values[_CONFIG.format(ns=ns)] = CallExpr(Ref(key), ())
        if b.path:
            b.setting(f"{_SETTING_CONFIG}{ns}", b.path)
        return True

    def claims_parameter_router(self, b, method, call, owner, name, strong=False):
        """A function parameter configured like the application (``export function
        setupApp(app: INestApplication) { app.use(helmet()); app.setGlobalPrefix('api') }``,
        called with the app): what it sets applies to the app that is passed. Claimed
        for the calls only an application has, or when the parameter's type is Nest's."""
        return owner is not None and (method in APP_METHODS or _nest_typed(b, owner, name))

    def router_chain(self, b, key, chain, scope):
        """Calls on the application: ``setGlobalPrefix``, ``enableVersioning``,
        ``useWebSocketAdapter``; any other call's arguments are walked."""
        for method, call in chain:
            args = b.args(call)
            if method in ("listen", "init", "close"):
                b.values[_APP.format(key=key, what=method)] = Lit("1")
            if method == "listen" and args:
                b.add_listen(key, listen_port(b, args[0], scope), call, self.name)
            if method == "setGlobalPrefix" and args:
                b.values[_APP.format(key=key, what="prefix")] = _config_expr(b, args[0], scope)
                lookup = _config_lookup(b, args[0], 0)
                b.values[_APP.format(key=key, what="prefix-text")] = Lit(
                    lookup[2] if lookup is not None else b.text(args[0])[:80])
                options = b.unwrap(args[1]) if len(args) > 1 else None
                exclude = b.object_property(options, "exclude") if options is not None else None
                for i, entry in enumerate(_elements(b, exclude) if exclude is not None else []):
                    entry = b.unwrap(entry)
                    method_name = "ALL"
                    path_node = entry
                    if entry.type == "object":
                        path_node = b.object_property(entry, "path")
                        m = b.object_property(entry, "method")
                        if m is not None:
                            method_name = b.text(m).rsplit(".", 1)[-1].upper()
                    if path_node is None:
                        continue
                    b.values[_APP.format(key=key, what=f"exclude:{i}")] = Obj(
                        (("path", b.expr(path_node, scope)), ("method", Lit(method_name))))
            elif method == "enableVersioning":
                options = b.unwrap(args[0]) if args else None
                items = [("type", Lit("URI"))]
                if options is not None and options.type == "object":
                    t = b.object_property(options, "type")
                    if t is not None:
                        items[0] = ("type", Lit(b.text(t).rsplit(".", 1)[-1].upper()))
                    d = b.object_property(options, "defaultVersion")
                    if d is not None:
                        items.append(("defaultVersion", _version_expr(b, d)))
                    p = b.object_property(options, "prefix")
                    if p is not None:
                        items.append(("prefix", b.expr(p, scope)))
                b.values[_APP.format(key=key, what="versioning")] = Obj(tuple(items))
            elif method == "useWebSocketAdapter" and args:
                if "WsAdapter" in b.text(args[0]):
                    b.values[_APP.format(key=key, what="ws-adapter")] = Lit("1")
            else:
                for a in args:
                    b.walk(a, scope)
        return True

    def on_file(self, b, path):
        """Route trees of RouterModule kept in array constants (``export const routes:
        Routes = [{ path, module, children }]``) of a file that imports @nestjs/core.
        An application that is closed and never listens (one made only to read its
        configuration) serves nothing: it is dropped."""
        if not any(i.module in ("@nestjs/core", "nest-router") for i in b.imports):
            return
        for key, router in list(b.routers.items()):
            if router.framework != self.name or not router.is_app:
                continue
            marks = {what for what in ("listen", "init", "close") if _APP.format(key=key, what=what) in b.values}
            if marks == {"close"}:
                del b.routers[key]
                b.mounts[:] = [m for m in b.mounts if m.parent != key]
                b.settings.pop(f"{_SETTING_APP}{key}\t{path}", None)
        for node in list(b.value_nodes.values()):
            node = b.unwrap(node)
            if node is not None and node.type == "array" and _is_route_tree(b, node):
                _route_tree(b, node, None)

    # ------------------------------------------------------------------ paths

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Express path syntax; Nest strips the trailing slash (``''`` is the controller
        path itself). Gateway paths are literal."""
        if syntax == WS_SYNTAX:
            return [(raw if raw.startswith("/") else "/" + raw, None)]
        out: list[PathTemplate] = []
        for p in express_path(raw.strip()):
            p = p.rstrip("/")
            if (p, None) not in out:
                out.append((p, None))
        return out

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        return self.convert_path(raw, syntax)[0][0] if raw else ""

    # ------------------------------------------------------------------ resolution

    def explicit_roots(self, settings, resolve_module):
        """The applications (``NestFactory.create``): when there is one, only they are
        roots; otherwise every module nothing imports is."""
        return {(name.rsplit("\t", 1)[-1], key) for name, key in settings.items()
                if name.startswith(_SETTING_APP)}

    def adjust_policy(self, policy, settings):
        return "strict" if _SETTING_FASTIFY in settings and policy == "ignore" else policy

    def served_paths(self, route, file, full, chain, scope):
        """``[global prefix]/[v{version}]/[module path]`` + ``path`` (the controller and
        method paths), per application that reaches the route (every application when
        none does, so a call to an unregistered controller is named)."""
        if chain:
            apps = [chain[0]] if chain[0][1].is_app else []
        else:
            apps = [r for r in scope.roots if r[1].is_app and r[1].framework == self.name]
        if route.method == "WS":
            if route.extra and any(_app_value(scope, app, "ws-adapter") is not None for app in apps):
                return ["/"]
            return [full]
        bases = [full]
        module = next((r for r in reversed(chain) if r[1].root_candidate), None)
        if module is not None:
            module_paths = _module_paths(scope).get((module[0], module[1].key))
            if module_paths:
                bases = [_join(m, full) for m in module_paths]
        out: list[str] = []
        for app in apps or [None]:
            prefixes = _prefixes(scope, app)[0]
            versions = _versions(scope, route, file, app)
            excludes = _excludes(scope, app) if app else []
            for base in bases:
                excluded = any(_excluded(pattern, method, base, route.method) for pattern, method in excludes)
                for version in versions:
                    for prefix in ([""] if excluded else prefixes):
                        full = _join(_join(prefix, version), base)
                        if full not in out:
                            out.append(full)
        return out or [full]

    def finish_routes(self, routes, evaluator):
        """The routes of an application on the Fastify platform (``new FastifyAdapter()``)
        are matched by find-my-way, which ranks static segments before parameters and
        parameters before catch-alls whatever the registration order: within each
        controller their registration orders are re-ranked that way (so ``@Get(':id')``
        before ``@Get('search')`` shadows nothing there). On Express, declaration order
        stays."""
        from routelink.frameworks.fastify import FRAMEWORK as FIND_MY_WAY

        on_fmw: dict[str, bool] = {}

        def ranked(app: str) -> bool:
            if app not in on_fmw:
                parts = app.split("#")
                facts = evaluator.facts_of(parts[1]) if len(parts) == 3 else None
                on_fmw[app] = facts is not None and \
                    _APP.format(key=parts[2], what="find-my-way") in dict(facts.values)
            return on_fmw[app]

        groups: dict[tuple, list[int]] = {}
        for i, r in enumerate(routes):
            if r.mounted and r.app and ranked(r.app):
                groups.setdefault((r.app, r.group), []).append(i)
        out = list(routes)
        for ids in groups.values():
            orders = sorted(routes[i].order for i in ids)
            by_rank = sorted(ids, key=lambda i: (FIND_MY_WAY.order_key(routes[i].path), routes[i].order, i))
            for order, i in zip(orders, by_rank):
                out[i] = replace(routes[i], order=order)
        return [[r] for r in out]

    def unresolved_note(self, route, file, path, chain, scope):
        """An unknown global prefix: says which expression could not be read (a config
        namespace no file registers, a value of it routelink cannot evaluate)."""
        if chain:
            apps = [chain[0]] if chain[0][1].is_app else []
        else:
            apps = [r for r in scope.roots if r[1].is_app and r[1].framework == self.name]
        for app in apps:
            prefixes, why = _prefixes(scope, app)
            if any("{?}" in p for p in prefixes):
                found = _app_value(scope, app, "prefix-text")
                text = found[2].value if found is not None and isinstance(found[2], Lit) else ""
                return f"the global prefix{f' from {text}' if text else ''}{f' ({why})' if why else ''}"
        return ""

    def unmounted_message(self, router, hidden):
        """Says what is missing: a controller no module registers, a module nothing
        imports, a gateway in no module's providers."""
        n = f"{hidden} route{'s' if hidden != 1 else ''}"
        are = "are" if hidden != 1 else "is"
        if router.root_candidate:
            return (f"Module '{router.key}' is imported by no module reachable from the root module: "
                    f"the {n} of its controllers {are} not served")
        if router.syntax == WS_SYNTAX:
            return (f"Gateway '{router.key}' is in the providers of no module reachable from the "
                    f"root module: its endpoint is not served")
        return (f"Controller '{router.key}' is registered by no module: no module reachable from "
                f"the root module lists it in its controllers, so its {n} {are} not served")


# ---------------------------------------------------------------------- extraction helpers


#: packages of other decorator-based frameworks (their ``@Controller``/``@Get`` are not
#: Nest's); a name imported from anywhere else (@nestjs/*, a workspace barrel that
#: re-exports Nest's decorators) is read by its imported name
OTHER_DECORATOR_PACKAGES = ("routing-controllers", "@decorators/", "inversify-express-utils",
                            "@tsed/", "@overnightjs/", "@midwayjs/", "koa-ts-controllers",
                            "ts-express-decorators", "@loopback/", "type-graphql", "nest-router")


def _nest_names(b) -> dict[str, str]:
    """Local name -> the NestJS export it names (``import { Get as HttpGet }``); a name
    imported from another decorator framework (``routing-controllers`` also has
    ``@Controller``) maps to ''."""
    out: dict[str, str] = {}
    for i in b.imports:
        if i.name == "*":
            continue
        if i.module.startswith(OTHER_DECORATOR_PACKAGES) and not i.module.startswith(_PACKAGE_PREFIX):
            out[i.local] = ""
        else:
            out[i.local] = i.name if i.name != "default" else i.local
    return out


def _decorator(b, d, names: dict[str, str]) -> tuple[str, list]:
    """(NestJS name, argument nodes) of a decorator: ``@Get(':id')`` -> ("Get", [node]);
    '' when it is not one of NestJS's (imported from elsewhere)."""
    expr = next((c for c in d.named_children if c.type != "comment"), None)
    args: list = []
    if expr is not None and expr.type == "call_expression":
        args = b.args(expr)
        expr = b.unwrap(expr.child_by_field_name("function"))
    if expr is None:
        return "", []
    if expr.type == "member_expression":  # @common.Get()
        prop = expr.child_by_field_name("property")
        return (b.text(prop) if prop is not None else ""), args
    if expr.type != "identifier":
        return "", []
    local = b.text(expr)
    return names.get(local, local), args


def _property(b, obj, key: str):
    """The value node of ``key`` in an object literal, also for a shorthand property
    (``@Module({ providers })``: the identifier ``providers``)."""
    value = b.object_property(obj, key)
    if value is not None:
        return value
    for c in obj.named_children:
        if c.type == "shorthand_property_identifier" and b.text(c) == key:
            return c
    return None


def _local_name(b, d) -> str:
    """The callee name of a decorator as written (``@ApiController('x')`` -> ``ApiController``)."""
    expr = next((c for c in d.named_children if c.type != "comment"), None)
    if expr is not None and expr.type == "call_expression":
        expr = b.unwrap(expr.child_by_field_name("function"))
    return b.text(expr) if expr is not None and expr.type == "identifier" else ""


def _base_class(b, node) -> str | None:
    """The name a class extends (``extends BaseController<Cat>`` -> ``BaseController``)."""
    for c in node.named_children:
        if c.type != "class_heritage":
            continue
        for h in c.named_children:
            target = h.named_children[0] if h.type == "extends_clause" and h.named_children else h
            target = b.unwrap(target)
            if target is not None and target.type == "identifier":
                return b.text(target)
    return None


def _name_node(node):
    return node.child_by_field_name("name") or node


def _one(exprs):
    """One expression for a list of path alternatives (``@Controller(['a', 'b'])``)."""
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else Alt(tuple(exprs))


def _version_expr(b, node):
    """A version value: a string, ``VERSION_NEUTRAL``, or an array of them (an Alt)."""
    node = b.unwrap(node)
    if node.type == "array":
        parts = [_version_expr(b, c) for c in node.named_children if c.type != "comment"]
        return Alt(tuple(parts)) if parts else Lit(NEUTRAL)
    if b.text(node).rsplit(".", 1)[-1] == "VERSION_NEUTRAL":
        return Lit(NEUTRAL)
    return b.expr(node, None)


def _elements(b, node) -> list:
    """The elements of an array literal, with ``...X`` spreads of an array constant of the
    file (and of both arms of ``cond ? [...] : [...]``) expanded."""
    node = b.unwrap(node)
    if node is None:
        return []
    if node.type in ("identifier", "shorthand_property_identifier"):
        value = b.value_nodes.get(b.text(node))
        return _elements(b, value) if value is not None and b.unwrap(value).type == "array" else []
    if node.type == "ternary_expression":
        return (_elements(b, node.child_by_field_name("consequence"))
                + _elements(b, node.child_by_field_name("alternative")))
    if node.type != "array":
        return []
    out = []
    for c in node.named_children:
        if c.type == "comment":
            continue
        if c.type == "spread_element":
            inner = next((x for x in c.named_children if x.type != "comment"), None)
            out.extend(_elements(b, inner))
        else:
            out.append(c)
    return out


def _is_route_tree(b, node) -> bool:
    objects = [b.unwrap(c) for c in node.named_children if b.unwrap(c).type == "object"]
    return bool(objects) and all(b.object_property(o, "path") is not None and (
        b.object_property(o, "module") is not None or b.object_property(o, "children") is not None)
        for o in objects)


def _route_tree(b, node, parent) -> None:
    """Record the module path of each ``{ path, module, children }`` entry as a value
    ``<nest-routes:N>`` = ``{ path, module }`` (children's paths joined to the parent's)."""
    for entry in _elements(b, node):
        entry = b.unwrap(entry)
        if entry.type == "identifier":
            if parent is not None:  # children: [CatsModule] takes the parent's path
                _record_route(b, parent, Ref(b.text(entry)))
            continue
        if entry.type != "object":
            continue
        path_node = b.object_property(entry, "path")
        path = b.expr(path_node, None) if path_node is not None else None
        if parent is not None and path is not None:
            path = Concat((parent, Lit("/"), path))
        elif path is None:
            path = parent
        module = b.object_property(entry, "module")
        if module is not None and path is not None and b.unwrap(module).type == "identifier":
            _record_route(b, path, Ref(b.text(b.unwrap(module))))
        children = b.object_property(entry, "children")
        if children is not None and path is not None:
            _route_tree(b, children, path)


def _record_route(b, path, module) -> None:
    n = sum(1 for k in b.values if k.startswith("<nest-routes:"))
    b.values[_ROUTES.format(n=n)] = Obj((("path", path), ("module", module)))
    b.setting(_SETTING_ROUTES, "1")


def _nest_typed(b, owner, name: str) -> bool:
    """Whether parameter ``name`` of the function of scope ``owner`` is typed as a Nest
    application (``app: INestApplication``, ``NestExpressApplication``...)."""
    params = owner.node.child_by_field_name("parameters") if owner.node is not None else None
    for p in params.named_children if params is not None else []:
        pattern = p.child_by_field_name("pattern")
        if pattern is not None and b.text(pattern) == name:
            annotation = p.child_by_field_name("type")
            return annotation is not None and re.search(r"Nest\w*Application", b.text(annotation)) is not None
    return False


_ENV_NAME = re.compile(r"[A-Z][A-Z0-9_]*")


def _config_expr(b, node, scope):
    """An application setting as an expression; ``config.get('API_PREFIX')`` /
    ``getOrThrow('API_PREFIX', 'api')`` of @nestjs/config's ``ConfigService`` (a flat,
    env-var-like key) is that environment variable, with the default when one is given;
    a namespaced key (``get('app.globalPrefix')``, ``get('app').globalPrefix``, a local
    destructured from ``get('app')``) is ``Ref('<nest-config:app>', ('globalPrefix',))``,
    read where ``registerAs('app', ...)`` is written (:func:`_prefixes`)."""
    lookup = _config_lookup(b, node, 0)
    if lookup is not None:
        return Ref(_CONFIG.format(ns=lookup[0]), lookup[1])
    n = b.unwrap(node)
    if n is not None and n.type == "call_expression":
        fn = b.unwrap(n.child_by_field_name("function"))
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        args = b.args(n)
        if prop is not None and b.text(prop) in ("get", "getOrThrow") and args and args[0].type == "string":
            from routelink.facts import EnvVar

            name = b.text(args[0])[1:-1]
            if _ENV_NAME.fullmatch(name):
                default = b.unwrap(args[1]) if len(args) > 1 else None
                return EnvVar(name, b.expr(default, scope) if default is not None and default.type in (
                    "string", "template_string") else None)
    return b.expr(node, scope)


def _config_lookup(b, node, depth: int) -> tuple[str, tuple[str, ...], str] | None:
    """(namespace, members, text of the lookup) when ``node`` reads a namespaced value
    of @nestjs/config's ``ConfigService``: ``config.get('app.globalPrefix')``,
    ``config.get<AppConfig>('app').globalPrefix``, or a local of the enclosing function
    bound to one (``const { globalPrefix } = config.get('app')``, ``const cfg =
    config.get('app')`` then ``cfg.globalPrefix``); None otherwise (a flat key such as
    ``'API_PREFIX'`` is an environment variable: :func:`_config_expr`)."""
    n = b.unwrap(node)
    if n is None or depth > 6:
        return None
    if n.type == "call_expression":
        fn = b.unwrap(n.child_by_field_name("function"))
        prop = fn.child_by_field_name("property") if fn is not None and fn.type == "member_expression" else None
        args = b.args(n)
        first = b.unwrap(args[0]) if args else None
        if prop is None or b.text(prop) not in ("get", "getOrThrow") or first is None \
                or first.type != "string":
            return None
        key = b.text(first)[1:-1]
        if not key or _ENV_NAME.fullmatch(key):
            return None
        ns, *members = key.split(".")
        return ns, tuple(members), b.text(n)
    if n.type == "member_expression":
        prop = n.child_by_field_name("property")
        inner = _config_lookup(b, n.child_by_field_name("object"), depth + 1)
        if inner is None or prop is None:
            return None
        return inner[0], inner[1] + (b.text(prop),), inner[2]
    if n.type == "identifier":
        found = _local_declaration(b, n)
        if found is None:
            return None
        inner = _config_lookup(b, found[0], depth + 1)
        return (inner[0], inner[1] + found[1], inner[2]) if inner is not None else None
    return None


_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "function_declaration",
                        "generator_function_declaration", "method_definition"})


def _local_declaration(b, ident):
    """(value node, members) of the declaration in the enclosing function that binds
    ``ident`` before it is used: ``const x = v`` -> (v, ()), ``const { a, b: x } = v``
    -> (v, ('b',)); None when there is none (nested functions are not searched)."""
    name = b.text(ident)
    body = ident.parent
    while body is not None and body.type not in ("statement_block", "program"):
        body = body.parent
    while body is not None and body.parent is not None and body.type != "program" \
            and body.parent.type not in _FUNCTIONS:
        body = body.parent
    stack = [body] if body is not None else []
    while stack:
        n = stack.pop()
        if n.start_byte >= ident.start_byte:
            continue
        if n.type in _FUNCTIONS or n.type == "class_declaration":
            continue
        if n.type == "variable_declarator":
            pattern, value = n.child_by_field_name("name"), n.child_by_field_name("value")
            if pattern is not None and value is not None:
                if pattern.type == "identifier" and b.text(pattern) == name:
                    return value, ()
                if pattern.type == "object_pattern":
                    for p in pattern.named_children:
                        if p.type == "shorthand_property_identifier_pattern" and b.text(p) == name:
                            return value, (name,)
                        if p.type == "object_assignment_pattern":
                            left = p.child_by_field_name("left")
                            if left is not None and b.text(left) == name:
                                return value, (name,)
                        if p.type == "pair_pattern":
                            key, target = p.child_by_field_name("key"), p.child_by_field_name("value")
                            if key is not None and target is not None and b.text(target) == name:
                                return value, (b.text(key).strip("'\""),)
        stack.extend(n.named_children)
    return None


def _assigned_name(b, call) -> str | None:
    """The variable ``const app = await NestFactory.create(...)`` (or ``app = ...``) binds."""
    node = call
    parent = node.parent
    while parent is not None and parent.type in _TRANSPARENT:
        node, parent = parent, parent.parent
    if parent is None:
        return None
    if parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        return b.text(name) if name is not None and name.type == "identifier" else None
    if parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        return b.text(left) if left is not None and left.type == "identifier" else None
    return None


# ---------------------------------------------------------------------- resolution helpers


def _join(prefix: str, path: str) -> str:
    """Nest's concatenation: ``stripEndSlash(a) + addLeadingSlash(b)``; empty parts vanish."""
    prefix = prefix.strip()
    if not prefix or prefix == "/":
        return path if path.startswith("/") else "/" + path
    if not prefix.startswith("/"):
        prefix = "/" + prefix
    if path in ("", "/"):
        return prefix.rstrip("/") or "/"
    return prefix.rstrip("/") + "/" + path.lstrip("/")


def _strings(scope, file: str, expr) -> list[str]:
    """The string values of ``expr`` in ``file``; an unknown value is ``{?}``."""
    if expr is None:
        return [""]
    from routelink.resolve.evaluate import Ctx

    out: list[str] = []
    for s in scope.evaluator.strings(expr, Ctx(file)):
        text = "{?}" if s.origin_unknown or not all(isinstance(p, str) for p in s.pieces) else "".join(s.pieces)
        if text not in out:
            out.append(text)
    return out or ["{?}"]


def _prefixes(scope, app) -> tuple[list[str], str]:
    """(the global prefixes of ``app``, why one is unknown or ''). A value of a config
    namespace (``Ref('<nest-config:app>', members)``) is evaluated in the file that
    registers the namespace (the setting ``nestjs.config:app``)."""
    prefix = _app_value(scope, app, "prefix")
    if prefix is None:
        return [""], ""
    file, expr = prefix[0], prefix[2]
    if isinstance(expr, Ref) and expr.name.startswith("<nest-config:"):
        ns = expr.name[len("<nest-config:"):-1]
        file = next((f for f, facts in sorted(scope.files.items())
                     if (f"{_SETTING_CONFIG}{ns}", f) in facts.settings), None)
        if file is None:
            return ["{?}"], f"no file registers the config namespace '{ns}' with registerAs"
        values = _strings(scope, file, expr)
        why = f"its value in {file.rsplit('/', 1)[-1]} is not static" if any("{?}" in v for v in values) else ""
        return values, why
    return _strings(scope, file, expr), ""


def _holders(scope, app) -> list[tuple[str, str]]:
    """(file, router key) of what configures the application ``app`` = (file, router):
    the app itself, then the parameter routers of the functions it is passed to
    (``setupApp(app)``)."""
    cache = scope.cache.setdefault("nest-holders", {})
    key = (app[0], app[1].key)
    if key in cache:
        return cache[key]
    from routelink.resolve.evaluate import Ctx, RouterVal

    out = [key]
    facts = scope.evaluator.facts_of(app[0])
    for m in facts.mounts if facts is not None else ():
        if m.parent == app[1].key and isinstance(m.child, Ref) and m.child.attrs[-1:] and \
                m.child.attrs[-1].startswith("#"):
            target = scope.evaluator.eval(m.child, Ctx(app[0]))
            if isinstance(target, RouterVal) and (target.file, target.key) not in out:
                out.append((target.file, target.key))
    cache[key] = out
    return out


def _app_value(scope, app, what: str):
    """(file, router key, expression) that the application ``app`` = (file, router), or
    a function it is passed to, recorded as ``what``; else None."""
    if app is None:
        return None
    for file, key in _holders(scope, app):
        facts = scope.evaluator.facts_of(file)
        value = dict(facts.values).get(_APP.format(key=key, what=what)) if facts is not None else None
        if value is not None:
            return file, key, value
    return None


def _versions(scope, route, file: str, app) -> list[str]:
    """The version segments (``v2``, or '' for none) of ``route`` (declared in ``file``)
    under ``app``: its own version (evaluated in ``file``), else the default version."""
    found = _app_value(scope, app, "versioning")
    options = found[2] if found is not None else None
    if not isinstance(options, Obj) or options.get("type") != Lit("URI"):
        return [""]
    holder = found[0]
    own = dict(route.extra).get("version")
    expr = own if own is not None else options.get("defaultVersion")
    if expr is None:
        return [""]
    prefix = options.get("prefix")
    if prefix == Lit("false"):
        marks = [""]
    else:
        marks = _strings(scope, holder, prefix) if prefix is not None else ["v"]
    values = _strings(scope, file if own is not None else holder, expr)
    out = []
    for v in values:
        for mark in marks:
            seg = "" if v in (NEUTRAL, "") else mark + v
            if seg not in out:
                out.append(seg)
    return out


def _excludes(scope, app) -> list[tuple["re.Pattern[str]", str]]:
    """(path regex, method) of each ``exclude`` entry of ``app``'s global prefix."""
    cache = scope.cache.setdefault("nest-excludes", {})
    key = (app[0], app[1].key)
    if key in cache:
        return cache[key]
    out = []
    holder = _app_value(scope, app, "prefix")  # the exclusions of the call that set it
    if holder is not None:
        facts = scope.evaluator.facts_of(holder[0])
        for name, value in facts.values:
            if not name.startswith(_APP.format(key=holder[1], what="exclude:")[:-1]) or not isinstance(value, Obj):
                continue
            method = value.get("method")
            for text in _strings(scope, holder[0], value.get("path")):
                if "{?}" not in text:
                    out.append((_exclude_regex(text), method.value if isinstance(method, Lit) else "ALL"))
    cache[key] = out
    return out


_EXCLUDE_PARAM = re.compile(r":\w+(\([^()/]*\))?([?*+])?")
_EXCLUDE_WILD = re.compile(r"\*\w*")


def _exclude_regex(pattern: str) -> "_ExcludePattern":
    """A path-to-regexp pattern (``cats/:id``, ``cats/(.*)``, ``cats/*``, Nest 11
    ``cats/{*splat}``) as a matcher over path templates (:class:`_ExcludePattern`;
    never a regular expression: ``:a:b:c...`` as ``[^/]+[^/]+...`` backtracks
    exponentially in the number of parameters)."""
    pattern = "/" + pattern.strip().lstrip("/")
    tokens: list[tuple] = []
    opened: list[int] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == ":":
            m = _EXCLUDE_PARAM.match(pattern, i)
            tokens.append(("seg",) if not m or not m.group(2) else ("any",))
            i += len(m.group(0)) if m else 1
        elif pattern.startswith("(.*)", i):
            tokens.append(("any",))
            i += 4
        elif c == "*":
            m = _EXCLUDE_WILD.match(pattern, i)
            tokens.append(("any",))
            i += len(m.group(0))
        elif c == "{":
            opened.append(len(tokens))
            tokens.append(("lit", "{"))  # an open group once its '}' is found
            i += 1
        elif c == "}" and opened:
            start = opened.pop()
            tokens[start] = ("open", len(tokens))
            tokens.append(("close",))
            i += 1
        else:
            tokens.append(("lit", c.lower()))
            i += 1
    tokens.append(("optslash",))
    return _ExcludePattern(tuple(tokens))


class _ExcludePattern:
    """A compiled exclude pattern: literal characters (case-insensitive), ``seg`` (one
    or more characters but ``/``), ``any`` (any text), optional groups and a final
    optional ``/``. :meth:`fullmatch` simulates the automaton on all its states at once:
    O(len(path) x len(tokens)), whatever the pattern."""

    __slots__ = ("tokens",)

    def __init__(self, tokens: tuple) -> None:
        self.tokens = tokens

    def _closure(self, states: set) -> set:
        toks, m = self.tokens, len(self.tokens)
        stack = list(states)
        seen = set(states)
        while stack:
            i, more = stack.pop()
            if i >= m:
                continue
            kind = toks[i][0]
            if kind == "open":
                nxt = ((i + 1, False), (toks[i][1] + 1, False))
            elif kind in ("close", "any", "optslash") or (kind == "seg" and more):
                nxt = ((i + 1, False),)
            else:
                continue
            for state in nxt:
                if state not in seen:
                    seen.add(state)
                    stack.append(state)
        return seen

    def fullmatch(self, path: str) -> "bool | None":
        """True when the whole of ``path`` matches, else None (like ``re.fullmatch``)."""
        toks, m = self.tokens, len(self.tokens)
        states = self._closure({(0, False)})
        for c in path:
            low = c.lower()
            step = set()
            for i, _more in states:
                if i >= m:
                    continue
                kind = toks[i][0]
                if kind == "lit":
                    if toks[i][1] == low:
                        step.add((i + 1, False))
                elif kind == "seg":
                    if c != "/":
                        step.add((i, True))
                elif kind == "any":
                    step.add((i, False))
                elif kind == "optslash" and c == "/":
                    step.add((i + 1, False))
            if not step:
                return None
            states = self._closure(step)
        return True if (m, False) in states else None


def _excluded(regex, method: str, path: str, route_method: str) -> bool:
    if method != "ALL" and method != route_method:
        return False
    return regex.fullmatch(path) is not None


def _module_paths(scope) -> dict[tuple[str, str], list[str]]:
    """(module file, module key) -> its RouterModule paths, from every route tree."""
    cache = scope.cache.get("nest-module-paths")
    if cache is not None:
        return cache
    from routelink.resolve.evaluate import Ctx, RouterVal

    cache = {}
    for file, facts in sorted(scope.files.items()):
        for name, value in facts.values:
            if not name.startswith("<nest-routes:") or not isinstance(value, Obj):
                continue
            module = scope.evaluator.eval(value.get("module"), Ctx(file))
            if not isinstance(module, RouterVal):
                continue
            paths = cache.setdefault((module.file, module.key), [])
            for text in _strings(scope, file, value.get("path")):
                text = "/" + "/".join(p for p in text.split("/") if p)
                if text not in paths:
                    paths.append(text)
    scope.cache["nest-module-paths"] = cache
    return cache


FRAMEWORK = NestJs()
