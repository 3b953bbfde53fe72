"""Fastify (4 and 5): instances, plugins, prefixes and @fastify/autoload.

Follows Fastify 4/5 with find-my-way 8/9 and @fastify/autoload 5/6:

- Instances: ``fastify(opts)`` / ``Fastify(opts)`` (default or named import, ``require``,
  ``require('fastify')(opts)``) is an app. Routes: the shorthand methods ``get``, ``head``,
  ``post``, ``put``, ``delete``, ``options``, ``patch``, ``all`` (``path, [options],
  handler``; ``options.handler`` also) and ``route({ method, url | path, handler })`` with
  a method string or array. A route whose options say ``websocket: true``
  (@fastify/websocket) is a ``WS`` endpoint.
- Plugins: ``register(plugin, { prefix })`` runs ``plugin(instance, opts)`` in a child
  context: the plugin's first parameter is a router mounted where it is registered, under
  the prefix, nested prefixes adding up. A plugin is an inline function, a function of the
  module, an imported one (``import``, ``require``, ``import()``), possibly wrapped in
  ``fastify-plugin`` (``fp(fn, opts)``). A plugin wrapped with fastify-plugin is not
  encapsulated and **ignores the ``prefix`` option** (Fastify docs, "Plugin Options":
  "These options will be ignored when used with fastify-plugin"); its routes take the
  prefix of the instance it is registered on. routelink knows the wrapping where the
  ``fp(...)`` call is written inline in ``register``; a plugin module that exports
  ``fp(plugin)`` still gets the prefix (a known limit).
- @fastify/autoload: ``register(autoload, { dir: join(__dirname, 'routes'), options: {
  prefix } })`` loads every script file under ``dir`` as a plugin; each folder name
  becomes a prefix segment (``routes/users/index.js`` -> ``/users``; ``dirNameRoutePrefix:
  false`` turns that off), a folder with an ``index`` file loads only that file (and its
  sub-folders), ``autohooks`` files are not plugins, a plugin's ``autoPrefix`` export
  replaces its folder prefix and ``prefixOverride`` replaces every prefix;
  ``routeParams: true`` makes ``_id`` folders ``:id`` parameters.
- A plugin that registers plugins of other modules (``require('./user')``, an imported
  plugin, autoload) and that nothing registers is the app: the fastify-cli layout, where
  ``fastify start app.js`` creates the instance.
- Path syntax (find-my-way): ``:id``, ``:id?`` (last parameter optional: two templates),
  ``:id(^\\d+$)``, ``:lat-:lng`` (two parameters in one segment), ``*`` (catch-all);
  converted with Express's :func:`routelink.frameworks.express.express_path`. Under a
  prefix, a route ``/`` serves both ``/prefix`` and ``/prefix/`` (``prefixTrailingSlash:
  'both'``, the default) and the empty path only ``/prefix``.
- Trailing slash: strict (``ignoreTrailingSlash: false`` is the default: ``/users`` and
  ``/users/`` are different routes), ``ignore`` when an instance sets
  ``ignoreTrailingSlash: true`` (Fastify 4 option; Fastify 5 also reads it from
  ``routerOptions``): a workspace setting.
- Ordering: find-my-way is a radix tree; static segments win over parameters, parameters
  over catch-alls, whatever the registration order (``order_key``); registering the same
  method and path twice is an error at start-up (``duplicate-route``). The method is part
  of the match (``dispatch = "method"``).
"""

from __future__ import annotations

import posixpath
import re

from routelink.facts import Lit, Obj, Ref, catch_all_min
from routelink.frameworks.base import JsFramework, PathTemplate
from routelink.frameworks.express import express_path, listen_port

#: shorthand method -> HTTP method
METHODS = {
    "get": "GET", "head": "HEAD", "post": "POST", "put": "PUT", "delete": "DELETE",
    "options": "OPTIONS", "patch": "PATCH", "all": "ANY",
}
APP_PACKAGES = ("fastify",)
PLUGIN_PACKAGES = ("fastify-plugin",)
AUTOLOAD_PACKAGES = ("@fastify/autoload", "fastify-autoload")
#: methods only a Fastify instance has: a parameter called with them is one
INSTANCE_ONLY = frozenset({
    "register", "route", "addHook", "decorate", "decorateRequest", "decorateReply",
    "setErrorHandler", "setNotFoundHandler", "addSchema", "withTypeProvider",
    "addContentTypeParser", "setValidatorCompiler", "setSerializerCompiler",
})
#: methods whose chain goes on with the same instance
IDENTITY = frozenset({"withTypeProvider", "after", "addHook", "decorate", "decorateRequest",
                      "decorateReply", "setErrorHandler", "setNotFoundHandler", "addSchema"})
#: names of handler parameters that are never instances
CONTEXT_NAMES = frozenset({"req", "res", "request", "reply", "response", "ctx", "c", "next"})
#: route options that only Fastify reads
_ROUTE_OPTIONS = ("schema", "preHandler", "onRequest", "preValidation", "preSerialization",
                  "handler", "websocket", "config", "onSend", "constraints")
NEW = "<new>"
_SETTING = "fastify.ignoreTrailingSlash"
_SCRIPT = re.compile(r"\.(?:ts|js|cjs|mjs|mts|cts)$")
_INDEX = re.compile(r"^index\.(?:ts|js|cjs|mjs)$")
_AUTOHOOKS = re.compile(r"^[_.]?auto_?hooks\.(?:ts|js|cjs|mjs)$", re.IGNORECASE)
_AUTOLOAD = "<autoload>"


class Fastify(JsFramework):
    """Fastify instances, plugins and autoload folders (see the module docstring)."""

    name = "fastify"
    packages = (*APP_PACKAGES, *PLUGIN_PACKAGES, *AUTOLOAD_PACKAGES)
    keywords = (rb"fastify|\.register\s*\(|\.route\s*\(",)
    trailing_slash = "strict"
    dispatch = "method"
    ordering = "router"
    router_noun = "plugin"

    # ------------------------------------------------------------------ creation

    def router_creation(self, b, value):
        """``fastify(opts)``, ``Fastify(opts)``, ``require('fastify')(opts)``,
        ``fastify.default(opts)``, possibly followed by chained calls."""
        base, chain = b.call_chain(value)
        if base is None or base.type != "call_expression":
            if chain and chain[0][0] == "default" and base is not None and \
                    _module_of(b, base) in APP_PACKAGES:
                return True, [(NEW, chain[0][1]), *chain[1:]]
            return None
        fn = b.unwrap(base.child_by_field_name("function"))
        if fn is None or _module_of(b, fn) not in APP_PACKAGES:
            return None
        return True, [(NEW, base), *chain]

    def unwrap_function(self, b, call):
        """``fp(fn, opts)`` / ``fastifyPlugin(fn)`` of fastify-plugin: ``fn``."""
        fn = b.unwrap(call.child_by_field_name("function"))
        args = b.args(call)
        if fn is None or not args or _module_of(b, fn) not in PLUGIN_PACKAGES:
            return None
        return args[0]

    # ------------------------------------------------------------------ parameters

    def claims_parameter_router(self, b, method, call, owner, name, strong=False):
        """A plugin's instance parameter (or an imported instance): only with evidence of
        Fastify (an instance-only method, the file imports a Fastify package at run time,
        the name ``fastify``, a parameter typed with a Fastify type, route options or a
        ``(request, reply)`` handler), so Express keeps its own parameters. A route
        method needs a first argument that can be a path (``this.store.get(USERS_KEY,
        done)`` is no route); a field ``this.x`` of a class only when the class holds a
        Fastify instance (its declared type, or Fastify route options or handler)."""
        if method not in METHODS and method not in INSTANCE_ONLY:
            return False
        field = name.startswith("this.")
        if name.removeprefix("this.") in CONTEXT_NAMES:
            return False
        args = b.args(call) if call is not None else []
        if method in METHODS and args and b.path_like(args[0], None) is False:
            return False
        evidence = (call is not None and any(_is_fastify_handler(b, a) or _is_route_options(b, a)
                                             for a in args[1:])) \
            or b.typed_from(owner, name, call, self.packages)
        if field:
            return evidence
        if method in INSTANCE_ONLY or name == "fastify" or evidence \
                or b.imports_any(self.packages, types=False) \
                or any(i.module.startswith("@fastify/") for i in b.value_imports()):
            return True
        return owner is not None and b.uses_as_router(owner, name, INSTANCE_ONLY)

    # ------------------------------------------------------------------ calls

    def router_chain(self, b, key, chain, scope):
        """Options, routes and plugins of a chain of calls on an instance."""
        router = b.routers.get(key)
        if router is not None and "#" in key and "(parameter of" in router.label:
            # a plugin's instance parameter: name the plugin in messages
            function = key.rsplit("#", 1)[0]
            b.update_router(key, label=posixpath.basename(b.path) or function
                            if function in ("<default>", "default") else function)
        for method, call in chain:
            args = b.args(call)
            if method == NEW:
                self._options(b, args)
            elif method in METHODS:
                self._shorthand(b, key, METHODS[method], call, args, scope)
            elif method == "route" and args:
                self._route_object(b, key, call, args[0], scope)
            elif method == "register" and args:
                self._register(b, key, call, args, scope)
            elif method == "listen" and args:
                # `listen({ port, host })`, Fastify 3's `listen(port, host)`
                port = listen_port(b, args[0], scope)
                if port is not None:
                    b.add_listen(key, port, call, self.name)
                for a in args:
                    b.walk(a, scope)
            else:
                for a in args:
                    b.walk(a, scope)
        return True

    def _options(self, b, args) -> None:
        """``fastify({ ignoreTrailingSlash: true })`` (also under ``routerOptions``)."""
        opts = b.unwrap(args[0]) if args else None
        if opts is None or opts.type != "object":
            return
        for holder in (opts, b.unwrap(b.object_property(opts, "routerOptions"))):
            value = b.object_property(holder, "ignoreTrailingSlash") if holder is not None else None
            if value is not None and b.text(value) == "true":
                b.add_setting(_SETTING, "true")

    def _shorthand(self, b, key, method, call, args, scope) -> None:
        """``get(path, [options], handler)`` / ``get(path, { handler, ... })``."""
        if len(args) < 2:
            for a in args:
                b.walk(a, scope)
            return
        paths = b.path_exprs(args[0], scope)
        options = b.unwrap(args[1]) if len(args) >= 2 else None
        handlers = list(args[1:])
        if options is not None and options.type == "object":
            if _is_true(b, b.object_property(options, "websocket")):
                method = "WS"
            inner = b.object_property(options, "handler")
            if len(args) == 2:
                handlers = [inner] if inner is not None else []
        for path in paths or []:
            b.add_route(key, method, path, b.call_site(call), handlers, self.name, self.trailing_slash)
        for a in args[1:]:
            b.walk(a, scope)

    def _route_object(self, b, key, call, node, scope) -> None:
        """``route({ method: 'GET' | ['GET', 'POST'], url | path, handler })``."""
        obj = b.unwrap(node)
        if obj is None or obj.type != "object":
            b.walk(node, scope)
            return
        url = b.object_property(obj, "url") or b.object_property(obj, "path")
        paths = b.path_exprs(url, scope) if url is not None else None
        methods = _methods(b, b.object_property(obj, "method"))
        if _is_true(b, b.object_property(obj, "websocket")):
            methods = ["WS"]
        handler = b.object_property(obj, "handler")
        for m in methods:
            for path in paths or []:
                b.add_route(key, m, path, b.call_site(call), [handler] if handler is not None else [],
                            self.name, self.trailing_slash)
        b.walk(obj, scope)

    def _register(self, b, key, call, args, scope) -> None:
        """``register(plugin, { prefix })``: the plugin's instance parameter is mounted
        on ``key`` under the prefix (none for a fastify-plugin-wrapped plugin)."""
        plugin = b.unwrap(args[0])
        opts = b.unwrap(args[1]) if len(args) > 1 else None
        prefix = None
        for obj in _objects(b, opts):
            value = b.object_property(obj, "prefix")
            if value is not None:
                paths = b.path_exprs(value, scope)
                prefix = paths[0] if paths else b.expr(value, scope)
        wrapped = plugin is not None and plugin.type == "call_expression" and \
            self.unwrap_function(b, plugin) is not None
        if wrapped:
            plugin = b.unwrap(self.unwrap_function(b, plugin))
            prefix = None  # fastify-plugin: the prefix option is ignored
        if plugin is None:
            return
        if _module_of(b, plugin) in AUTOLOAD_PACKAGES:
            self._autoload(b, key, call, opts, scope)
            return
        child = None
        if plugin.type in ("arrow_function", "function_expression", "function"):
            child_key = f"<plugin {b.span(plugin).line + 1}:{b.span(plugin).column + 1}>"
            b.add_router(child_key, self.name, plugin,
                         label=f"plugin at line {b.span(plugin).line + 1}")
            b.walk_function(plugin, scope, {0: child_key})
            child = Ref(child_key)
        elif plugin.type == "call_expression" and b.unwrap(plugin.child_by_field_name("function")) is not None \
                and b.unwrap(plugin.child_by_field_name("function")).type == "import":
            # register(import('./routes/users.js'))
            module = _string_arg(b, plugin)
            if module is not None:
                local = f"<import:{module}>"
                b.add_import(local, module, "*")
                child = Ref(local, ("#0",))
        else:
            target = b.mount_child(plugin, scope)
            if isinstance(target, Ref):
                child = Ref(target.name, target.attrs + ("#0",))
            else:
                b.walk(plugin, scope)
        if child is not None:
            b.add_mount(key, prefix, child, call, self.name)
            if plugin.type in ("call_expression", "member_expression") or \
                    (plugin.type == "identifier" and b.import_module(b.text(plugin)) is not None):
                self._composes_app(b, key)
        if opts is not None:
            b.walk(opts, scope)

    @staticmethod
    def _composes_app(b, key) -> None:
        """A plugin that registers plugins of other modules (or autoloads folders) is the
        application when nothing registers it: the fastify-cli layout, where ``fastify
        start app.js`` creates the instance. It is a root only while nothing mounts it."""
        router = b.routers.get(key)
        if router is not None and "#" in key and not router.is_app:
            b.update_router(key, is_app=True, tentative=False)

    def _autoload(self, b, key, call, opts, scope) -> None:
        """``register(autoload, { dir, options: { prefix }, dirNameRoutePrefix, routeParams })``."""
        if opts is None or opts.type != "object":
            return
        folder = _folder(b, b.object_property(opts, "dir"))
        if folder is None:
            return
        prefix = None
        options = b.unwrap(b.object_property(opts, "options"))
        for obj in _objects(b, options):
            value = b.object_property(obj, "prefix")
            if value is not None:
                prefix = b.expr(value, scope)
        flags = [("dir", Lit(folder))]
        for flag in ("routeParams", "dirNameRoutePrefix"):
            value = b.object_property(opts, flag)
            if value is not None:
                flags.append((flag, Lit(b.text(value))))
        b.add_mount(key, prefix, Obj(((_AUTOLOAD, Lit("")), *flags)), call, self.name)
        self._composes_app(b, key)

    # ------------------------------------------------------------------ resolution

    def mount_targets(self, mount, file, routers, evaluator):
        """An autoload mount: the default-exported plugin of every script under ``dir``,
        each with its folder prefix (see the module docstring)."""
        child = mount.child
        if not isinstance(child, Obj) or child.get(_AUTOLOAD) is None:
            return None
        folder = child.get("dir")
        if not isinstance(folder, Lit):
            return []
        flags = {k: v.value for k, v in child.items if isinstance(v, Lit)}
        root = posixpath.normpath(posixpath.join(posixpath.dirname(file), folder.value))
        files = sorted({f for f, _ in routers if f.startswith(root + "/")})
        out = []
        for f in files:
            rel_dir = posixpath.dirname(f)[len(root):]  # '' or '/users/_id'
            name = posixpath.basename(f)
            if not _SCRIPT.search(name) or name.endswith(".d.ts") or _AUTOHOOKS.match(name):
                continue
            if not _INDEX.match(name) and _has_index(evaluator, posixpath.dirname(f)):
                continue  # a folder with an index file loads only the index
            key = _default_plugin(evaluator, f)
            if key is None or (f, key) not in routers:
                continue
            override = _exported_string(evaluator, f, "prefixOverride")
            if override is not None:
                extra = override
            else:
                auto = _exported_string(evaluator, f, "autoPrefix")
                folder_prefix = rel_dir if flags.get("dirNameRoutePrefix") != "false" else ""
                extra = auto if auto else folder_prefix
            if flags.get("routeParams") == "true":
                extra = re.sub(r"/__", "/:", extra).replace("__", ":")
                extra = extra.replace("/_", "/:")
            out.append(((f, key), self.convert_prefix(extra) if extra else ""))
        return out

    def adjust_policy(self, policy, settings):
        if settings.get(_SETTING) == "true":
            return "ignore"
        return policy

    # ------------------------------------------------------------------ paths

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        if raw == "/":
            # under a prefix, '/' serves '/prefix' and '/prefix/' (prefixTrailingSlash)
            return [("", "ignore")]
        if raw == "":
            return [("", None)]
        escaped = raw.replace("::", "\x02")  # '::' is a literal colon
        return [(p.replace("\x02", ":"), None) for p in express_path(escaped)]

    def convert_prefix(self, raw: str, syntax: str = "") -> str:
        return express_path(raw)[0] if raw not in ("", "/") else ""

    def order_key(self, template: str) -> tuple:
        """find-my-way: per segment, static before parametric before catch-all."""
        out = []
        for seg in template.strip("/").split("/"):
            if catch_all_min(seg) is not None:
                out.append(2)
            elif "{" in seg:
                out.append(1)
            else:
                out.append(0)
        return tuple(out)


# ---------------------------------------------------------------------- helpers


def _module_of(b, node) -> str | None:
    """The package an expression comes from (``fastify.default``, ``x.fastify``)."""
    return b.module_of(node, ("default", "fastify", "fastifyAutoload"))


def _objects(b, node) -> list:
    """The object literals an options expression is made of: the literal itself, or the
    literal arguments of ``Object.assign({ prefix: '/api' }, opts)``."""
    node = b.unwrap(node)
    if node is None:
        return []
    if node.type == "object":
        return [node]
    if node.type == "call_expression" and b.text(node.child_by_field_name("function")) == "Object.assign":
        return [a for a in (b.unwrap(x) for x in b.args(node)) if a is not None and a.type == "object"]
    return []


def _is_true(b, node) -> bool:
    node = b.unwrap(node)
    return node is not None and b.text(node) == "true"


def _methods(b, node) -> list[str]:
    node = b.unwrap(node)
    if node is None:
        return []
    items = node.named_children if node.type == "array" else [node]
    out = []
    for item in items:
        if item.type == "string":
            m = b.text(item).strip("'\"`").upper()
            out.append("ANY" if m == "ALL" else m)
        else:
            return ["ANY"]  # a method computed at run time: any
    return out


def _string_arg(b, call) -> str | None:
    args = b.args(call)
    if args and b.unwrap(args[0]).type == "string":
        return b.text(b.unwrap(args[0]))[1:-1]
    return None


def _folder(b, node) -> str | None:
    """The folder a ``dir`` option names, relative to the file: ``join(__dirname,
    'routes')``, ``path.resolve(__dirname, './routes')``, ``join(import.meta.dirname,
    'routes')``, ``fileURLToPath(new URL('./routes', import.meta.url))``,
    `` `${__dirname}/routes` ``."""
    node = b.unwrap(node)
    if node is None:
        return None
    if node.type in ("call_expression", "new_expression"):
        args = b.args(node)
        parts = []
        for a in args:
            a = b.unwrap(a)
            if a.type == "string":
                parts.append(b.text(a)[1:-1])
            elif a.type in ("call_expression", "new_expression"):
                inner = _folder(b, a)
                if inner is not None:
                    parts.append(inner)
        return posixpath.normpath(posixpath.join(*parts)) if parts else None
    if node.type == "template_string":
        text = "".join(b.text(c) for c in node.named_children if c.type == "string_fragment")
        return posixpath.normpath(text.lstrip("/")) if text else None
    return None


def _has_index(evaluator, folder: str) -> bool:
    return any(evaluator.modules.exists(f"{folder}/index{ext}") for ext in (".ts", ".js", ".cjs", ".mjs"))


def _default_plugin(evaluator, file: str) -> str | None:
    """The router key of the instance parameter of the plugin ``file`` exports."""
    from routelink.resolve.evaluate import FuncRef

    value = evaluator.export(file, "default")
    if isinstance(value, FuncRef) and value.file == file:
        return f"{value.key}#0"
    return None


def _exported_string(evaluator, file: str, name: str) -> str | None:
    from routelink.resolve.evaluate import StrVal

    value = evaluator.export(file, name)
    if isinstance(value, StrVal) and len(value.strs) == 1 and \
            all(isinstance(p, str) for p in value.strs[0].pieces):
        return "".join(value.strs[0].pieces)  # type: ignore[arg-type]
    return None


def _is_fastify_handler(b, node) -> bool:
    """An inline handler ``(request, reply) => ...``."""
    node = b.unwrap(node)
    if node is None or node.type not in ("arrow_function", "function_expression", "function"):
        return False
    params = node.child_by_field_name("parameters")
    if params is None:
        return False
    named = [p for p in params.named_children if p.type != "comment"]
    return len(named) >= 2 and b.text(named[1]).split(":")[0].strip() in ("reply", "rep")


def _is_route_options(b, node) -> bool:
    node = b.unwrap(node)
    return node is not None and node.type == "object" and any(
        b.object_property(node, k) is not None for k in _ROUTE_OPTIONS)


FRAMEWORK = Fastify()
