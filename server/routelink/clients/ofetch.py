"""ofetch and Nuxt's fetch helpers: ``ofetch(url, options)`` / ``$fetch(url, options)``,
``ofetch.create({ baseURL })`` / ``$fetch.create(...)`` (also on an instance), and Nuxt's
``useFetch`` / ``useLazyFetch`` composables and ``useRequestFetch()`` (auto-imported
globals, or imported from ``#app`` / ``#imports`` / ``nuxt/app``).

Follows ofetch 1.x and Nuxt 3: ``options.method`` (GET when absent), ``options.baseURL``
prepended to a relative URL (an instance keeps its parent's unless it sets one);
``ofetch.raw``/``$fetch.raw``/``$fetch.native`` behave like the call itself;
``useRequestFetch()`` returns a ``$fetch`` (forwarding the request's headers on the
server), so calling its result is a request (also at once: ``useRequestFetch()(url)``). ``useFetch(() => url)`` (a getter) uses the
URL it returns.
"""

from __future__ import annotations

import posixpath
import re

from routelink.clients.base import ClientLibrary, record_site
from routelink.facts import Alt, CallExpr, EnvVar, Obj, Ref

_COMPOSABLES = ("useFetch", "useLazyFetch")
_RUNTIME_CONFIG = "useRuntimeConfig"
_NUXT_CONFIGS = ("nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs", "nuxt.config.mts")
#: folders whose top-level modules (and their folders' index files) Nuxt auto-imports,
#: under the source folder (the project root, or ``app/`` in Nuxt 4)
_AUTO_IMPORT_DIRS = ("composables", "utils")
_SOURCE_DIRS = ("", "app")
_REQUEST_FETCH = "useRequestFetch"


class OFetch(ClientLibrary):
    name = "ofetch"
    packages = ("ofetch", "ohmyfetch", "#app", "nuxt/app", "#imports")
    import_names = frozenset({"ofetch", "$fetch", "default", "useFetch", "useLazyFetch",
                              "useRequestFetch"})
    globals = ("$fetch", "ofetch", "useFetch", "useLazyFetch", "useRequestFetch")
    request_members = frozenset({"raw", "native"})
    factory_members = frozenset({"create"})
    keywords = (rb"ofetch|\$fetch|useFetch|useLazyFetch|useRequestFetch",)

    def create(self, ev, parent, member, args, ctx):
        if member is None and not args:
            return parent  # useRequestFetch(): a $fetch
        if member != "create":
            return None
        options = ev.eval(args[0], ctx) if args else None
        base = ev.option_strings(options, ("baseURL", "baseUrl"))
        return ev.client(self.name, base or parent.base, instance=True)

    def callee(self, b, fn, args):
        """``useRequestFetch()(url, options)``: the ``$fetch`` it returns, called at once,
        is a call of ``useRequestFetch`` itself (as ``const f = useRequestFetch(); f(url)``
        is): the name as written, global or imported from Nuxt."""
        fn = b.unwrap(fn)
        if fn is None or fn.type != "call_expression" or b.args(fn) or not args:
            return None
        inner = b.unwrap(fn.child_by_field_name("function"))
        if inner is None or inner.type != "identifier":
            return None
        name = b.text(inner)
        imp = b.import_of(name)
        if (imp is None and name == _REQUEST_FETCH) or (
                imp is not None and imp.module in self.packages and imp.name == _REQUEST_FETCH):
            return Ref(name)
        return None

    def on_call(self, b, call, fn, args, scope):
        """``useFetch(() => `/api/items/${id}`)``: the URL is what the getter returns."""
        if fn.type != "identifier" or b.text(fn) not in _COMPOSABLES:
            return False
        name = b.text(fn)
        if (scope is not None and scope.lookup(name) is not None) or name in b.values:
            return False
        if not args or not b.is_function(args[0]):
            return False
        returns = b.inline_function(args[0], scope)
        urls = tuple(e for _, e in returns)
        if urls:
            url = urls[0] if len(urls) == 1 else Alt(urls)
            rest = tuple(b.expr(a, scope) for a in args[1:2])
            record_site(b, Ref(name), (url,) + rest, call, scope, url_node=returns[0][0])
        return True

    # ------------------------------------------------------------------ Nuxt values

    def free_value(self, ev, name, ctx):
        """A name of Nuxt's auto-imports: an export of a module of ``composables/`` or
        ``utils/`` of the file's Nuxt project (``api('/todos')`` with ``export const api =
        $fetch.create(...)`` in ``composables/useApi.ts``)."""
        if _nuxt_root(ev, ctx.file, record=False) is None:
            # not in a Nuxt project (known without recording the config paths looked at
            # as dependencies: a config file that appears is a new file, which
            # re-resolves every file); the exporters are not looked for
            return None
        exporters = ev.exporters(name)
        if not exporters:
            return None
        root = _nuxt_root(ev, ctx.file)
        if root is None:
            return None
        for file in exporters:
            if _auto_imported(root, file):
                from routelink.resolve.evaluate import UNKNOWN

                value = ev.export(file, name, ctx.depth + 1)
                if value is not UNKNOWN:
                    return value
        return None

    def call_value(self, ev, name, imported, args, ctx):
        """``useRuntimeConfig()`` (auto-imported, or from ``#app``/``#imports``): the
        ``runtimeConfig`` of the project's ``nuxt.config``, each value overridden by its
        env var as Nuxt does (``public.apiBase`` by ``NUXT_PUBLIC_API_BASE``)."""
        if (imported is None and name != _RUNTIME_CONFIG) or (
                imported is not None and (imported[0] not in self.packages or imported[1] != _RUNTIME_CONFIG)):
            return None
        root = _nuxt_root(ev, ctx.file)
        config = _nuxt_config(ev, root) if root is not None else None
        runtime = config.get("runtimeConfig") if config is not None else None
        if not isinstance(runtime, Obj):
            return None
        from routelink.resolve.evaluate import Ctx, ObjectVal

        return ObjectVal(_with_env(runtime, "NUXT"), Ctx(_nuxt_config_file(ev, root), depth=ctx.depth + 1))

    def requests(self, ev, client, member, args, ctx, is_new):
        if not args:
            return None if member is None else []  # useRequestFetch(): makes a client
        options = args[1] if len(args) > 1 else None
        method, explicit = ev.method_from_options(options, ctx)
        base = client.base
        if options is not None:
            base = ev.option_strings(ev.eval(options, ctx), ("baseURL", "baseUrl")) or base
        return [ev.request(self.name, method, s, base, explicit) for s in ev.strings(args[0], ctx)]


CLIENT = OFetch()


def _nuxt_config_file(ev, folder: str, record: bool = True) -> str | None:
    for name in _NUXT_CONFIGS:
        path = posixpath.join(folder, name)
        if (ev.facts_of(path) if record else ev.facts(path)) is not None:
            return path
    return None


def _nuxt_root(ev, path: str, record: bool = True) -> str | None:
    """The folder of the nearest ``nuxt.config.*`` at or above ``path``'s folder, up to
    its package folder's parent, or None. ``record``: the config paths looked at are
    dependencies of the file being resolved."""
    folder = posixpath.dirname(path)
    stop = posixpath.dirname(ev.modules.package_dir(path))
    while True:
        if _nuxt_config_file(ev, folder, record) is not None:
            return folder
        parent = posixpath.dirname(folder)
        if folder == stop or parent == folder:
            return None
        folder = parent


def _nuxt_config(ev, root: str) -> Obj | None:
    """The object ``nuxt.config`` exports (``defineNuxtConfig({...})``), read as facts."""
    path = _nuxt_config_file(ev, root)
    facts = ev.facts_of(path) if path is not None else None
    if facts is None:
        return None
    value = dict(facts.values).get("<default>")
    if isinstance(value, CallExpr) and value.args:
        value = value.args[0]
    return value if isinstance(value, Obj) else None


def _auto_imported(root: str, file: str) -> bool:
    """Whether Nuxt auto-imports the exports of ``file`` in the project at ``root``: a
    top-level module of ``composables/`` or ``utils/``, or the index of a folder there."""
    for src in _SOURCE_DIRS:
        for d in _AUTO_IMPORT_DIRS:
            folder = posixpath.join(root, src, d) if src else posixpath.join(root, d)
            rel = file[len(folder) + 1:] if file.startswith(folder + "/") else None
            if rel is None:
                continue
            parts = rel.split("/")
            if len(parts) == 1 or (len(parts) == 2 and parts[1].startswith("index.")):
                return True
    return False


def _with_env(obj: Obj, prefix: str) -> Obj:
    """``runtimeConfig`` with each value ``key`` read from env var ``PREFIX_KEY`` first
    (``NUXT_PUBLIC_API_BASE`` for ``public.apiBase``), the written value its default."""
    items = []
    for key, value in obj.items:
        env = f"{prefix}_{re.sub(r'(?<=[a-z0-9])(?=[A-Z])', '_', key).upper()}"
        items.append((key, _with_env(value, env) if isinstance(value, Obj) else EnvVar(env, value)))
    return Obj(tuple(items), obj.spreads, obj.spread_at)
