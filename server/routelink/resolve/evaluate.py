"""Cross-file evaluation of facts: what a name refers to, what a URL expression is.

This is a small abstract interpreter over :mod:`routelink.facts` expressions. It
follows imports to other files' exports, binds wrapper parameters to call-site
arguments, looks ``this.x`` up in class fields, and asks the client registry
(:mod:`routelink.clients.registry`) what a client library's imports, globals, members and
calls mean. It evaluates call URLs, and route paths and mount prefixes alike
(:mod:`routelink.resolve.routes`).

Every lookup of another file's facts goes through :meth:`Evaluator.facts_of`, which
records the file as a dependency of the current evaluation; the index uses those
dependencies to re-resolve only what a changed file touches.

Values are plain frozen dataclasses; strings are :class:`Str` sequences of literal text
and :class:`~routelink.facts.Dyn` holes, with alternatives expanded into lists (at most
``MAX_ALTERNATIVES``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from routelink.facts import (
    Alt,
    Arg,
    CallExpr,
    CallSite,
    ClassInfo,
    Concat,
    Dyn,
    EnvVar,
    Expr,
    FileFacts,
    Lit,
    Obj,
    Ref,
    Span,
)
from routelink.clients import registry as client_registry
from routelink.resolve.modules import ModuleResolver

MAX_ALTERNATIVES = 8
MAX_DEPTH = 12
HTTP_VERBS = ("get", "post", "put", "patch", "delete", "head", "options")


# ---------------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Str:
    """A string value: literal text and holes.

    ``named_len`` counts the leading pieces that came from a named constant, an env var
    or a client's base URL: that part is the base URL, and an absolute URL in it names
    the app's own backend. ``origin_unknown`` marks a leading env var with no known
    value, assumed to hold only the origin (``${process.env.API}/users`` -> ``/users``).
    """

    pieces: tuple[str | Dyn, ...]
    named_len: int = 0
    origin_unknown: bool = False
    #: the env var of an unknown origin (``origin_unknown``)
    origin: str = ""
    #: an env var with no known value read after the start of the URL (``/api/${TENANT}/x``):
    #: a hole of unknown extent (``{*}``), never ``''``
    unknown_env: str = ""
    #: the env vars whose value (from ``[env]``, a ``.env`` file or the code's default)
    #: this string holds: (name, file it was read from, the code's default when that was
    #: used and is literal text, else ""), for the hover to say where the value came from
    env: tuple[tuple[str, str, str], ...] = ()

    @property
    def named(self) -> bool:
        """True when the value starts with a named base (constant, env var, baseURL)."""
        return self.named_len > 0 or self.origin_unknown

    def text(self) -> str:
        """The literal text, with holes written as ``\\x00``."""
        return "".join(p if isinstance(p, str) else "\x00" for p in self.pieces)


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where an expression is evaluated: a file, bound arguments and ``this``; in a
    function declared in another one, ``outer`` is where the enclosing function's
    parameters are bound (the call that made it, see ``FuncRef.closure``)."""

    file: str
    args: tuple[tuple[Expr, "Ctx"] | None, ...] | None = None
    this: "Instance | None" = None
    depth: int = 0
    outer: "Ctx | None" = None


@dataclass(frozen=True, slots=True)
class Client:
    """A client value of a library in :mod:`routelink.clients` (``library`` is its name).

    ``base`` holds the base URLs the client prepends (an instance's ``baseURL``, the
    library's default from ``axios.defaults.baseURL``); ``instance`` is true for a client
    made by a factory member (``axios.create``).
    """

    library: str
    base: tuple[Str, ...] = ()
    instance: bool = False


@dataclass(frozen=True, slots=True)
class ClientMember:
    """A member of a client: a request method (``axios.get``) or a factory
    (``axios.create``); what it means is the library's (:mod:`routelink.clients`)."""

    client: Client
    member: str


@dataclass(frozen=True, slots=True)
class FuncRef:
    """A workspace function. ``closure`` is the context of the enclosing function's call
    that made it (``makeApi(client)`` returning ``{ get(url) {...} }``): the parameters
    of that function it reads (``Arg(i, outer=1)``) are bound there."""

    file: str
    key: str
    this: "Instance | None" = None
    closure: "Ctx | None" = None


@dataclass(frozen=True, slots=True)
class ClassRef:
    file: str
    info: ClassInfo


@dataclass(frozen=True, slots=True)
class Instance:
    """An instance of a workspace class. ``args`` are its constructor's arguments (with
    the context to evaluate them in), or None when the instance is not known (a method
    evaluated on its own: constructor parameters are then unknown values)."""

    cls: ClassRef
    args: tuple[tuple[Expr, Ctx] | None, ...] | None = None
    ctx: Ctx | None = None


@dataclass(frozen=True, slots=True)
class ObjectVal:
    obj: Obj
    ctx: Ctx
    key: str | None = None


@dataclass(frozen=True, slots=True)
class ModuleVal:
    file: str


@dataclass(frozen=True, slots=True)
class RouterVal:
    file: str
    key: str


@dataclass(frozen=True, slots=True)
class StrVal:
    strs: tuple[Str, ...]


@dataclass(frozen=True, slots=True)
class AppInstance:
    """A UI component instance as its framework makes it: ``this`` outside a class (a
    Vue Options API component, a mixin), what Vue's ``getCurrentInstance()`` returns
    (the function and its result are this one value) and its ``proxy``. Its members are
    the app's global properties, assigned anywhere in the workspace
    (``app.config.globalProperties.$http = http``, see
    :data:`routelink.clients.base.GLOBAL_PROPERTY` and :meth:`Evaluator.global_property`)."""


APP_INSTANCE = AppInstance()


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
Value = object


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request a call site makes, before rendering to a path template.

    ``client`` is the library's name; ``url`` is the URL as passed; ``base`` the
    client's base URL when the client joins them (axios); ``method`` is upper-case or
    None when unknown; ``explicit_method`` is false when the method is the client's
    default (fetch's GET).
    """

    client: str
    method: str | None
    url: Str
    base: Str | None = None
    explicit_method: bool = True
    #: why the URL is unknown, when routelink can say more than the URL's text
    unknown: str = ""
    #: the argument of the call site the URL comes from, when not its first: (index,
    #: member of an object-literal argument or "") (``upload(file, url)`` -> ``(1, "")``,
    #: ``request.post({ entity })`` -> ``(0, "entity")``), set for a wrapper's call sites
    arg: tuple[int, str] | None = None


@dataclass
class Evaluator:
    """Evaluates expressions across files. One instance per resolution pass.

    ``facts(path)`` returns a file's facts (None if not indexed); ``env_value(path,
    name)`` looks an env var up in the ``.env`` files next to ``path``.
    """

    facts: Callable[[str], FileFacts | None]
    modules: ModuleResolver
    env_value: Callable[[str, str], str | None] = lambda path, name: None
    #: default base URLs set by assignment (``axios.defaults.baseURL = X``), by
    #: (library, package folder: the nearest folder with a package.json)
    client_defaults: dict[tuple[str, str], tuple[Str, ...]] = field(default_factory=dict)
    package_of: Callable[[str], str] = lambda path: "/"
    #: (value, source) of an env var seen from a file, where a value comes from
    #: (``WorkspaceIndex.env_source``); only the hover's explanation reads it
    env_source: Callable[[str, str], "tuple[str, str] | None"] = lambda path, name: None
    deps: set[str] = field(default_factory=set)
    #: when a set: the files only *probed* (:meth:`_probe_tables`: a module a re-export
    #: chain or a namespace import passed through, whose own contents were not read) are
    #: recorded here instead of in :attr:`deps`; they matter only when the file's
    #: :func:`export_signature` changes. None: probes are plain dependencies
    probes: set[str] | None = None
    #: wrappers (file, function key) whose call sites were evaluated as requests
    wrappers_used: set[tuple[str, str]] = field(default_factory=set)
    #: class name -> (file, value key) of module-level ``new ClassName(...)`` values
    instances_of: Callable[[str], tuple[tuple[str, str], ...]] = lambda name: ()
    #: every class name written at a ``new`` of the workspace (the keys of ``instances_of``)
    instance_names: Callable[[], tuple[str, ...]] = lambda: ()
    #: hosts of the app's own named bases (``https://api.myapp.com`` in a constant, an env
    #: default, a ``.env`` value): an inline absolute URL to one of them is a call
    own_hosts: frozenset[str] = frozenset()
    #: function name -> (file, call site index) of the call sites calling that name
    callers_of: Callable[[str], tuple[tuple[str, int], ...]] = lambda name: ()
    #: class name -> (file, class name) of the workspace classes whose bases name it
    subclasses_of: Callable[[str], tuple[tuple[str, str], ...]] = lambda name: ()
    #: (property name, file) -> the (value, file it is written in) of each assignment of
    #: that global property the file's app makes (``app.config.globalProperties.$http =
    #: http``; see :class:`AppInstance`)
    global_properties: Callable[[str, str], tuple[tuple[Expr, str], ...]] = lambda name, path: ()
    #: export name -> the files that export it (a framework's auto-imports)
    exporters_of: Callable[[str], tuple[str, ...]] = lambda name: ()
    _wrapper_cache: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: for each wrapper, the path parameters that only fill the segment after a named base
    #: ending with `/` (``API_URL + goalId``): an unknown value there is one segment
    _segment_params: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    #: (file, class name) -> the other names it is created under (``_export_aliases``)
    _alias_cache: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: when set, ``alias_sink((class file, class name), aliases, files read)`` is told
    #: each alias set :meth:`_export_aliases` computes, and the files read are *not*
    #: added to :attr:`deps`: the index re-checks the alias set itself when one of
    #: them changes (``WorkspaceIndex._recheck_aliases``), instead of re-resolving
    #: every file that asked for a class's instances
    alias_sink: Callable[[tuple[str, str], tuple[str, ...], frozenset[str]], None] | None = None
    #: for each wrapper, the indices of the parameters its URL's path starts with
    _path_params: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    #: for each wrapper, the spans of its call sites whose URL starts with a parameter
    #: (the others only fill holes: they are requests where they are written)
    _path_sites: dict[tuple[str, str], frozenset[Span]] = field(default_factory=dict)
    #: for each wrapper, the parameter each of those call sites' URL starts with
    _site_params: dict[tuple[str, str], dict[Span, int]] = field(default_factory=dict)
    #: for each wrapper, the argument expression of each of those call sites that carries
    #: the URL (its first, or the member a wrapper it calls reads: `request.read({ entity,
    #: id })` -> `entity`)
    _site_urls: dict[tuple[str, str], dict[Span, Expr]] = field(default_factory=dict)
    _index_cache: dict[str, dict] = field(default_factory=dict)
    #: (module file, export name) -> (the wrapper component it is or None, files read)
    _component_memo: dict[tuple[str, str], tuple["FuncRef | None", frozenset[str], frozenset[str]]] = field(
        default_factory=dict)
    #: (module file, export name, depth) -> (its value, files read): a module's export is
    #: evaluated once per evaluator (an index update), its dependencies recorded each time
    _export_memo: dict[tuple[str, str, int], tuple["Value", frozenset[str], frozenset[str]]] = field(
        default_factory=dict)

    # ------------------------------------------------------------------ file access

    def default_base(self, library: str, path: str) -> tuple[Str, ...]:
        """The default base URL of ``library`` as set in the package that contains
        ``path`` (``axios.defaults.baseURL = ...``), or ()."""
        if not self.client_defaults:
            return ()
        return self.client_defaults.get((library, self.package_of(path)), ())

    def default_client(self, library: str, path: str) -> Client:
        """The default client of ``library`` seen from ``path``."""
        return Client(library, self.default_base(library, path))

    # ------------------------------------------------------------------ for client modules

    def request(self, library: str, method: str | None, url: Str,
                base: "tuple[Str, ...] | Str | None" = None, explicit: bool = True) -> Request:
        """A :class:`Request` (``base``: the first of several base URLs is used)."""
        if isinstance(base, tuple):
            base = base[0] if base else None
        return Request(library, method, url, base, explicit)

    def client(self, library: str, base: tuple[Str, ...] = (), instance: bool = False) -> Client:
        """A client value (what a factory member returns)."""
        return Client(library, base, instance)

    @staticmethod
    def literal(pieces: tuple) -> Str:
        """A string value from literal text and :class:`~routelink.facts.Dyn` holes."""
        return Str(pieces)

    @staticmethod
    def object_value(value: "Value") -> "ObjectVal | None":
        """``value`` when it is an object literal's value, else None."""
        return value if isinstance(value, ObjectVal) else None

    def option_strings(self, value: "Value", keys: tuple[str, ...]) -> tuple[Str, ...]:
        """The string values of the first of ``keys`` an options object sets (a base URL
        option: marked as a named base), or () when ``value`` is no object or sets none."""
        if not isinstance(value, ObjectVal):
            return ()
        for key in keys:
            b = value.obj.get(key)
            if b is not None:
                return tuple(self._named(self.strings(b, value.ctx)))
        return ()

    def method_from_options(self, options: Expr | None, ctx: Ctx, key: str = "method"
                            ) -> tuple[str | None, bool]:
        """(method, explicit) from an options expression's ``method``: none written is
        the default GET (not explicit); written but not one literal is None (any)."""
        if options is None:
            return "GET", False
        return _with_default(self._method_from_value(self.eval(options, ctx), key, 0))

    def facts_of(self, path: str) -> FileFacts | None:
        """The facts of ``path``, recording it as a dependency."""
        self.deps.add(path)
        return self.facts(path)

    def _probe_tables(self, path: str) -> dict | None:
        """:meth:`_tables` of a file whose :func:`export_signature` alone decides what
        is read here (which names it exports, its re-exports and imports, which tables
        have which keys): recorded in :attr:`probes` (see there)."""
        if self.probes is None:
            return self._tables(path)
        self.probes.add(path)
        return self._tables(path, record=False)

    def _begin(self) -> tuple:
        """Start collecting the files read from here on apart (for a memo entry)."""
        token = (self.deps, self.probes)
        self.deps = set()
        if self.probes is not None:
            self.probes = set()
        return token

    def _end(self, token: tuple) -> tuple[frozenset[str], frozenset[str]]:
        """Stop collecting (see :meth:`_begin`): the caller's sets (the same objects: the
        index may hold them) get what was read; returns (files read, files probed)."""
        read, probed = self.deps, self.probes or set()
        outer, outer_probes = token
        outer |= read
        if outer_probes is not None:
            outer_probes |= probed
        self.deps, self.probes = outer, outer_probes
        return frozenset(read), frozenset(probed)

    def _replay(self, read: frozenset[str], probed: frozenset[str]) -> None:
        """Record again what a remembered answer read (see :meth:`_end`)."""
        self.deps |= read
        if self.probes is not None:
            self.probes |= probed
        else:
            self.deps |= probed

    def _tables(self, path: str, record: bool = True) -> dict | None:
        facts = self.facts_of(path) if record else self.facts(path)
        if facts is None:
            return None
        cached = self._index_cache.get(path)
        if cached is not None and cached["facts"] is facts:
            return cached
        tables = {
            "facts": facts,
            "imports": {i.local: i for i in facts.imports},
            "values": dict(facts.values),
            "functions": {f.key: f for f in facts.functions},
            "classes": {c.name: c for c in facts.classes},
            "routers": {r.key: r for r in facts.routers},
            "exports": {},
            "star_exports": [],
            "calls_by_function": {},
            "symbols": dict(facts.symbols),
            "returns": dict(facts.returns),
        }
        for e in facts.exports:
            if e.name == "*":
                tables["star_exports"].append(e.value)
            else:
                tables["exports"].setdefault(e.name, e.value)
        for c in facts.calls:
            if c.function is not None:
                tables["calls_by_function"].setdefault(c.function, []).append(c)
        self._index_cache[path] = tables
        return tables

    # ------------------------------------------------------------------ names

    def lookup(self, ref: Ref, ctx: Ctx) -> Value:
        """The value ``ref`` (a name plus member path) denotes in ``ctx``."""
        if ctx.depth > MAX_DEPTH:
            return UNKNOWN
        attrs = ref.attrs
        if ref.name == "this" and ctx.this is None and attrs and \
                client_registry.for_marker(attrs[0]) is not None:
            # `this.axios` / `this.$axios` of a component whose app assigns that global
            # property (`Vue.use(VueAxios, http)`): the assigned client, before the marker
            assigned = self.global_property(attrs[0], ctx)
            if assigned is not UNKNOWN:
                return self._walk(assigned, attrs[1:], ctx)
        # Vue.axios, this.$axios: a library's default client (vue-axios, nuxt)
        for i, attr in enumerate(attrs):
            lib = client_registry.for_marker(attr)
            if lib is not None and ref.name not in lib.globals:
                return self._walk(self.default_client(lib.name, ctx.file), attrs[i + 1:], ctx)
        if ref.name == "this":
            # outside a class, `this` is the component instance (`this.$http` of a Vue
            # Options API component or mixin): its members are the app's global properties
            if ctx.this is None:
                return self._walk(APP_INSTANCE, attrs, ctx) if attrs else UNKNOWN
            return self._walk(ctx.this, attrs, ctx)
        if ref.name.startswith("#arg"):
            # a member of a parameter (`client.post(...)` with `client` passed in)
            index, _, outer = ref.name[4:].partition("^")
            bound = self._arg(Arg(int(index), outer=int(outer or 0)), ctx)
            if bound is None:
                return UNKNOWN
            bexpr, bctx = bound
            return self._walk(self.eval(bexpr, bctx), attrs, bctx)
        if attrs and attrs[-1].startswith("#"):
            return self.parameter_router(ref, ctx)
        base = self._name(ref.name, attrs, ctx)
        if isinstance(base, tuple):  # (value, consumed attrs)
            value, consumed = base
            return self._walk(value, attrs[consumed:], ctx)
        return self._walk(base, attrs, ctx)

    def _name(self, name: str, attrs: tuple[str, ...], ctx: Ctx):
        t = self._tables(ctx.file)
        if t is None:
            return UNKNOWN
        if name in t["routers"]:
            return RouterVal(ctx.file, name)
        # dotted function keys: ApiService.get, Class.method
        for n in range(len(attrs), -1, -1):
            key = ".".join((name, *attrs[:n]))
            if key in t["functions"]:
                # a function declared in a function: it closes over this call's arguments
                closure = ctx if t["functions"][key].closure else None
                return (FuncRef(ctx.file, key, None, closure), n)
        if name in t["classes"]:
            return ClassRef(ctx.file, t["classes"][name])
        if name in t["symbols"] and name not in t["values"]:
            return FuncRef(ctx.file, name, None)  # a function that makes no request
        if name in t["returns"] and t["facts"].language == "python":
            # a Python function that returns a router it builds (before its return
            # annotation, which `values` holds: `def make() -> APIRouter`)
            return FuncRef(ctx.file, name, None)
        if name in t["values"]:
            value = self.eval(t["values"][name], Ctx(ctx.file, depth=ctx.depth + 1))
            if isinstance(value, ObjectVal) and value.key is None:
                # methods of a module-level object literal are functions `name.method`
                value = ObjectVal(value.obj, value.ctx, name)
            return value
        imp = t["imports"].get(name)
        if imp is not None:
            return self._import(ctx.file, imp.module, imp.name, t["facts"].language, ctx.depth)
        if t["facts"].language == "python" and ctx.depth < MAX_DEPTH:
            # `from .views import *` (recorded as Import("<star:.views>", ".views", "*"))
            for local, star in t["imports"].items():
                if local.startswith("<star:"):
                    target = self.modules.resolve(ctx.file, star.module, "python")
                    if target is not None and target != ctx.file:
                        value = self.export(target, name, ctx.depth + 1)
                        if value is not UNKNOWN:
                            return value
        lib = client_registry.for_global(name)
        if lib is not None:
            return self.default_client(lib.name, ctx.file)
        if client_registry.is_instance_global(name):
            return APP_INSTANCE  # `getCurrentInstance` auto-imported (unplugin-auto-import)
        if name not in t["functions"]:
            for lib in client_registry.value_hooks():
                got = lib.free_value(self, name, ctx)
                if got is not None:
                    return got
        if attrs:
            lib = client_registry.for_global_member(name, attrs[0])
            if lib is not None:
                return (self.default_client(lib.name, ctx.file), 1)
        return UNKNOWN

    def _import(self, importer: str, module: str, name: str, language: str, depth: int) -> Value:
        if client_registry.is_instance_import(module, name):
            return APP_INSTANCE  # `getCurrentInstance` (and what it returns)
        lib = client_registry.for_import(module, name)
        if lib is not None:
            client = self.default_client(lib.name, importer)
            if name in lib.factory_members or (lib.language == "python" and name in lib.request_members):
                # `from requests import post`, `from httpx import AsyncClient`, umi-request's
                # `import { extend }`
                return ClientMember(client, name)
            return client
        if client_registry.is_client_package(module):
            return UNKNOWN
        if language == "python" and name != "*":
            sub = module + name if module.endswith(".") else module + "." + name
            target = self.modules.resolve(importer, sub, language)
            if target is not None:
                return ModuleVal(target)
        target = self.modules.resolve(importer, module, language)
        if target is None:
            return UNKNOWN
        if name == "*":
            t = self._probe_tables(target)
            if t is not None and "<module.exports>" in t["values"]:
                return self.export(target, "default", depth + 1)
            return ModuleVal(target)
        return self.export(target, name, depth + 1)

    def from_package(self, expr: Expr, file: str) -> bool:
        """True when ``expr`` is a name imported from a package outside the workspace
        (``import cors from 'cors'``), whose value routelink cannot know."""
        if not isinstance(expr, Ref):
            return False
        t = self._tables(file)
        imp = t["imports"].get(expr.name) if t is not None else None
        if imp is None:
            return False
        return self.modules.resolve(file, imp.module, t["facts"].language) is None

    def export(self, path: str, name: str, depth: int = 0) -> Value:
        """The value ``path`` exports as ``name`` (Python: any module-level name).

        Remembered per (path, name, depth) for the evaluator's life: a module is imported
        by many files, and what it exports depends on nothing the importer holds (the
        depth only bounds how far evaluation goes). The files read to evaluate it are
        added to :attr:`deps` at every use."""
        if depth > MAX_DEPTH:
            return UNKNOWN
        key = (path, name, depth)
        hit = self._export_memo.get(key)
        if hit is not None:
            self._replay(hit[1], hit[2])
            return hit[0]
        token = self._begin()
        try:
            value = self._export(path, name, depth)
        finally:
            read, probed = self._end(token)
        self._export_memo[key] = (value, read, probed)
        return value

    def _export(self, path: str, name: str, depth: int) -> Value:
        # a module that does not export ``name`` itself is only probed (its signature:
        # a barrel's other modules are passed through, their contents never read)
        t = self._probe_tables(path)
        if t is None:
            return UNKNOWN
        ctx = Ctx(path, depth=depth)
        expr = t["exports"].get(name)
        if expr is not None:
            self.deps.add(path)
            return self.eval(expr, ctx)
        if t["facts"].language == "python" or (name == "default" and "<module.exports>" in t["values"]):
            self.deps.add(path)
            if name == "default":
                return self.eval(t["values"].get("<module.exports>", Ref("<default>")), ctx)
            return self.lookup(Ref(name), ctx)
        if name == "default" and "<default>" in t["values"]:
            self.deps.add(path)
            return self.lookup(Ref("<default>"), ctx)
        if name == "default" and t["exports"] and t["facts"].language != "python" and \
                not t["star_exports"]:
            # a default import of a CommonJS module (`exports.X = ...`) is its exports object
            self.deps.add(path)
            return ModuleVal(path)
        for star in t["star_exports"]:
            module = self._star_module(path, star, t, ctx)
            if isinstance(module, ModuleVal):
                v = self.export(module.file, name, depth + 1)
                if v is not UNKNOWN:
                    return v
        return UNKNOWN

    def _star_module(self, path: str, star: Expr, t: dict, ctx: Ctx) -> Value:
        """The module an ``export * from './x'`` of ``path`` names: its import, resolved
        without reading ``path`` further than its signature (what ``eval`` of the
        import's local name gives); any other expression is evaluated, reading ``path``."""
        if isinstance(star, Ref) and not star.attrs and star.name in t["imports"] and not any(
                star.name in t[k] for k in ("routers", "functions", "classes", "symbols",
                                            "returns", "values")):
            imp = t["imports"][star.name]
            return self._import(path, imp.module, imp.name, t["facts"].language, ctx.depth)
        self.deps.add(path)
        return self.eval(star, ctx)

    def locate(self, ref: Ref, file: str, depth: int = 0) -> tuple[str, Span] | None:
        """Where the function ``ref`` names in ``file`` is defined: (file, span), following
        imports and re-exports (``import { getUsers } from '../controllers/users'``,
        ``controller.list`` of ``import * as controller``), or None."""
        found = self._definition(ref, file, depth)
        return (found[0], found[2]) if found is not None else None

    def _definition(self, ref: Ref, file: str, depth: int = 0) -> tuple[str, str, Span] | None:
        """(file, symbol key, span) of the function ``ref`` names, or None."""
        if depth > MAX_DEPTH:
            return None
        t = self._tables(file)
        if t is None:
            return None
        key = ".".join((ref.name, *ref.attrs))
        if key in t["symbols"]:
            return file, key, t["symbols"][key]
        if key in t["classes"]:
            return file, key, t["classes"][key].span
        if ref.name in t["values"] and isinstance(t["values"][ref.name], Ref):
            alias = t["values"][ref.name]
            return self._definition(Ref(alias.name, alias.attrs + ref.attrs), file, depth + 1)
        imp = t["imports"].get(ref.name)
        if imp is None:
            return None
        target = self.modules.resolve(file, imp.module, t["facts"].language)
        if target is None:
            return None
        if imp.name == "*":
            if ref.attrs:
                return self._export_definition(target, ref.attrs[0], ref.attrs[1:], depth + 1)
            return self._export_definition(target, "default", (), depth + 1)  # CommonJS
        return self._export_definition(target, imp.name, ref.attrs, depth + 1)

    def _export_definition(self, file: str, name: str, attrs: tuple[str, ...], depth: int):
        t = self._tables(file)
        if t is None:
            return None
        expr = t["exports"].get(name)
        if isinstance(expr, Ref):
            return self._definition(Ref(expr.name, expr.attrs + attrs), file, depth)
        if name == "default" and "<module.exports>" in t["values"]:
            target = t["values"]["<module.exports>"]
            if isinstance(target, Ref):
                return self._definition(Ref(target.name, target.attrs + attrs), file, depth)
        if t["facts"].language == "python" or name in t["symbols"]:
            return self._definition(Ref(name, attrs), file, depth)
        return None

    def parameter_router(self, ref: Ref, ctx: Ctx) -> Value:
        """``Ref(f, ("#0",))``: the router a function declares for its parameter 0 (the
        ``app`` of ``module.exports = (app) => { app.use(...) }``), found through imports."""
        index = ref.attrs[-1]
        found = self._definition(Ref(ref.name, ref.attrs[:-1]), ctx.file)
        if found is None:
            return UNKNOWN
        file, key, _ = found
        t = self._tables(file)
        router_key = f"{key}{index}"
        if t is not None and router_key in t["routers"]:
            return RouterVal(file, router_key)
        return UNKNOWN

    def class_router(self, cls: "ClassRef", field_name: str) -> Value:
        """A router a class holds in a field (``router = Router()``): what
        ``instance.router`` is."""
        t = self._tables(cls.file)
        key = f"{cls.info.name}.{field_name}"
        if t is not None and key in t["routers"]:
            return RouterVal(cls.file, key)
        return UNKNOWN

    def _walk(self, value: Value, attrs: tuple[str, ...], ctx: Ctx) -> Value:
        for i, attr in enumerate(attrs):
            value = self._member(value, attr, ctx)
            if value is UNKNOWN:
                return UNKNOWN
        return value

    def _member(self, value: Value, attr: str, ctx: Ctx) -> Value:
        if attr.startswith("<env:"):
            # `EnvConfig[import.meta.env.MODE]`: the member the env var's value names
            name, _, default = attr[5:-1].partition("=")
            attr = self.env_value(ctx.file, name) or default
            if not attr:
                return UNKNOWN
        if isinstance(value, Client):
            lib = client_registry.get(value.library)
            if attr in lib.request_members or attr in lib.factory_members:
                return ClientMember(value, attr)
            if attr == "default" or attr in lib.globals:
                return value  # ESM interop (`axios.default`), `globalThis.fetch`
            return UNKNOWN
        if isinstance(value, ModuleVal):
            got = self.export(value.file, attr, ctx.depth + 1)
            if got is UNKNOWN and value.file.endswith("/__init__.py"):
                # Python: `pkg.sub` names submodule `sub` of package `pkg`
                sub = self.modules.resolve_python_submodule(value.file, attr)
                if sub is not None:
                    return ModuleVal(sub)
            return got
        if isinstance(value, ObjectVal):
            if value.key is not None:
                t = self._tables(value.ctx.file)
                k = f"{value.key}.{attr}"
                if t is not None and (k in t["functions"] or k in t["returns"]):
                    # a method that makes requests, or one whose value is read
                    # (`routes.recipe(slug)` of `{ recipe: (slug) => `/recipes/${slug}` }`)
                    return FuncRef(value.ctx.file, k, None)
            for spread, v in _entries(value.obj, attr):
                if not spread:
                    return self.eval(v, value.ctx)
                inner = self.eval(v, value.ctx)
                if inner is not UNKNOWN:
                    got = self._member(inner, attr, ctx)
                    if got is not UNKNOWN:
                        return got
            return UNKNOWN
        if isinstance(value, Instance):
            got = self._instance_member(value, value.cls, attr, ctx, 0)
            if got is UNKNOWN:
                # a class component (`class Users extends Vue`): `this.$http` is the app's
                return self.global_property(attr, ctx)
            return got
        if isinstance(value, AppInstance):
            got = self.global_property(attr, ctx)
            if got is UNKNOWN and attr in client_registry.instance_members():
                return value  # `proxy`, `appContext.config.globalProperties`
            return got
        if isinstance(value, ClassRef):
            return UNKNOWN
        return UNKNOWN

    def global_property(self, name: str, ctx: Ctx) -> Value:
        """The value of the app's global property ``name`` seen from ``ctx.file``
        (``app.config.globalProperties.$http = axios.create(...)``: the client), the
        first assignment whose value is known; each file read is a dependency."""
        for expr, file in self.global_properties(name, ctx.file):
            if ctx.depth > MAX_DEPTH:
                break
            self.facts_of(file)
            value = self.eval(expr, Ctx(file, depth=ctx.depth + 1))
            if value is not UNKNOWN:
                return value
        return UNKNOWN

    def _instance_member(self, inst: Instance, cls: ClassRef, attr: str, ctx: Ctx, depth: int,
                         args: "tuple | None | bool" = False) -> Value:
        """Member ``attr`` of ``inst`` as class ``cls`` (``inst``'s class or one of its
        bases) declares it. ``args`` are the constructor arguments of ``cls`` for this
        instance: ``inst.args`` for its own class; for a base class, what the subclass
        passes to ``super(...)`` (or its own arguments when it has no constructor)."""
        if depth > 6:
            return UNKNOWN
        if args is False:
            args = inst.args
        info = cls.info
        key = f"{info.name}.{attr}"
        t = self._tables(cls.file)
        if t is not None and (key in t["functions"] or key in t["returns"]):
            # a method that makes requests, or one whose value is read
            # (`this.utilities.getApiUrl()`)
            return FuncRef(cls.file, key, inst)
        if t is not None and key in t["routers"]:
            return RouterVal(cls.file, key)
        for fname, fexpr in info.fields:
            if fname == attr:
                fctx = Ctx(cls.file, args=args, this=inst, depth=ctx.depth + 1)
                return self.eval(fexpr, fctx)
        base_args = args
        if info.super_args is not None:
            # `super(http, 'users')`: the base's constructor parameters for this instance
            sctx = Ctx(cls.file, args=args, this=inst, depth=ctx.depth + 1)
            base_args = tuple((a, sctx) for a in info.super_args)
        for base in info.bases:
            bval = self.eval(base, Ctx(cls.file, depth=ctx.depth + 1))
            if isinstance(bval, ClassRef):
                got = self._instance_member(inst, bval, attr, ctx, depth + 1, base_args)
                if got is not UNKNOWN:
                    return got
        return UNKNOWN

    # ------------------------------------------------------------------ expressions

    def eval(self, expr: Expr, ctx: Ctx) -> Value:
        """The value of ``expr``: a client, function, object, class, module, router or string."""
        if ctx.depth > MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, Ref):
            return self.lookup(expr, Ctx(ctx.file, ctx.args, ctx.this, ctx.depth + 1, ctx.outer))
        if isinstance(expr, Arg):
            if expr.attrs and expr.default is not None:
                # `function f({ url = '/x' })`: the default is the member's
                bound = self._arg(replace(expr, default=None, attrs=()), ctx)
                value = UNKNOWN if bound is None else self._walk(
                    self.eval(bound[0], bound[1]), expr.attrs, bound[1])
                if value is UNKNOWN:
                    value = self.eval(expr.default, Ctx(ctx.file, None, ctx.this, ctx.depth + 1))
                return value
            bound = self._arg(expr, ctx)
            if bound is None:
                return UNKNOWN
            bexpr, bctx = bound
            value = self.eval(bexpr, bctx)
            return self._walk(value, expr.attrs, bctx) if expr.attrs else value
        if isinstance(expr, Obj):
            return ObjectVal(expr, ctx)
        if isinstance(expr, CallExpr):
            callee = self.lookup(expr.callee, ctx)
            if isinstance(callee, ClientMember):
                lib = client_registry.get(callee.client.library)
                if callee.member in lib.factory_members:
                    made = lib.create(self, callee.client, callee.member, expr.args, ctx)
                    return made if made is not None else UNKNOWN
                return UNKNOWN
            if isinstance(callee, Client):
                # calling the client itself may make one (`fetchBaseQuery({ baseUrl })`)
                made = client_registry.get(callee.library).create(self, callee, None, expr.args, ctx)
                return made if made is not None else UNKNOWN
            if isinstance(callee, AppInstance):
                return callee  # `getCurrentInstance()`
            if isinstance(callee, ClassRef) and expr.new:
                return Instance(callee, tuple((a, ctx) for a in expr.args), ctx)
            if isinstance(callee, FuncRef):
                return self._returned(callee, expr.args, ctx)
            if callee is UNKNOWN and not expr.callee.attrs:
                return self._framework_call(expr, ctx)
            return UNKNOWN
        if isinstance(expr, Alt):
            # `instance || httpInstance`, `typeof url === 'string' ? config : url`: the
            # first alternative that is a value other than a string (a client, an
            # object) when there is one; strings are alternatives of their own (below)
            for o in expr.options:
                if isinstance(o, (Ref, Arg, CallExpr, Obj, Alt)):
                    value = self.eval(o, ctx)
                    if value is not UNKNOWN and not isinstance(value, StrVal):
                        return value
        strs = self.strings(expr, ctx)
        return StrVal(tuple(strs)) if strs else UNKNOWN

    def _framework_call(self, expr: CallExpr, ctx: Ctx) -> Value:
        """The value of a call of a free or imported name that a client library's
        framework makes (Nuxt's ``useRuntimeConfig()``), see ``ClientLibrary.call_value``."""
        t = self._tables(ctx.file)
        if t is None:
            return UNKNOWN
        name = expr.callee.name
        imp = t["imports"].get(name)
        if imp is None and (name in t["values"] or name in t["functions"]):
            return UNKNOWN
        imported = (imp.module, imp.name) if imp is not None else None
        for lib in client_registry.value_hooks():
            got = lib.call_value(self, name, imported, expr.args, ctx)
            if got is not None:
                return got
        return UNKNOWN

    def exporters(self, name: str) -> tuple[str, ...]:
        """The files that export ``name`` (for a framework's auto-imports)."""
        return self.exporters_of(name)

    def caller_bindings(self, file: str, key: str, limit: int = 4) -> list[tuple]:
        """The argument bindings (``Ctx.args``) of the calls of function ``key`` of
        ``file`` found in the workspace (``refreshToken(api)``): what its parameters are
        where it runs. Each caller's file is recorded as a dependency."""
        out: list[tuple] = []
        name = key.rsplit(".", 1)[-1]
        for cfile, index in self.callers_of(name):
            facts = self.facts_of(cfile)
            if facts is None or index >= len(facts.calls):
                continue
            site = facts.calls[index]
            cctx = Ctx(cfile, () if site.function else None)
            target = self.lookup(site.callee, cctx)
            if isinstance(target, FuncRef) and target.file == file and target.key == key:
                binding = tuple((a, cctx) for a in site.args)
                if binding not in out:
                    out.append(binding)
            if len(out) >= limit:
                break
        return out

    def instances(self, cls: ClassRef, limit: int = 4, depth: int = 0) -> list[Instance]:
        """The module-level instances of a workspace class (``export const api = new
        ApiClient(BASE)``), with their constructor arguments, and the instances of the
        workspace classes that extend it (``class UsersService extends
        BaseService<User>``, each one's module-level instances or, when it has none, an
        instance with unknown arguments: one the framework makes, by dependency
        injection): what ``this`` is in its methods. Empty when the workspace creates
        none at module level and nothing extends it."""
        out: list[Instance] = []
        for file, key in (fk for name in (cls.info.name, *self._export_aliases(cls))
                          for fk in self.instances_of(name)):
            for value in self._instances_at(file, key, limit, depth):
                if isinstance(value, Instance) and value.cls.file == cls.file and \
                        value.cls.info.name == cls.info.name and value not in out:
                    out.append(value)
            if len(out) >= limit:
                break
        if depth < 3:
            for file, name in self.subclasses_of(cls.info.name)[:16]:
                t = self._tables(file)
                sub = t["classes"].get(name) if t is not None else None
                if sub is None or not any(
                        (b := self.eval(base, Ctx(file))) and isinstance(b, ClassRef)
                        and b.file == cls.file and b.info.name == cls.info.name for base in sub.bases):
                    continue
                sref = ClassRef(file, sub)
                for inst in self.instances(sref, limit, depth + 1) or [Instance(sref)]:
                    if inst not in out:
                        out.append(inst)
        return out

    def _export_aliases(self, cls: ClassRef) -> tuple[str, ...]:
        """Other names a workspace class is created under: a name some module exports it
        as (``export { UserApiClient as UserApi }``, also re-exported from a barrel
        file) that a ``new`` of the workspace writes. Cached per evaluator."""
        key = (cls.file, cls.info.name)
        cached = self._alias_cache.get(key)
        if cached is not None:
            return cached
        found: list[str] = []
        if self.alias_sink is not None:
            # read apart: the index re-checks the set, the caller does not depend on it
            outer = (self.deps, self.probes)
            self.deps = set()
            if self.probes is not None:
                self.probes = set()
        try:
            for name in self.instance_names():
                if name == cls.info.name:
                    continue
                for file in self.exporters_of(name)[:4]:
                    value = self.export(file, name)
                    if isinstance(value, ClassRef) and value.file == cls.file and \
                            value.info.name == cls.info.name:
                        found.append(name)
                        break
        finally:
            if self.alias_sink is not None:
                read = frozenset(self.deps | (self.probes or set()))
                self.deps, self.probes = outer
        self._alias_cache[key] = tuple(found)
        if self.alias_sink is not None:
            self.alias_sink(key, tuple(found), read)
        return self._alias_cache[key]

    def _instances_at(self, file: str, key: str, limit: int, depth: int) -> list[Value]:
        """The values a ``new`` written at ``key`` of ``file`` makes (see the keys of
        ``instances_of``): a value; what function ``F`` returns (``<return>:F``, its
        parameters unknown); a field ``f`` of each instance of class ``C``
        (``<field>:C.f``, evaluated with that instance's constructor arguments)."""
        if key.startswith("<return>:"):
            return [self._returned(FuncRef(file, key[9:]), (), Ctx(file, depth=depth + 1))]
        if key.startswith("<field>:"):
            owner, _, name = key[8:].partition(".")
            t = self._tables(file)
            info = t["classes"].get(owner) if t is not None else None
            if info is None or depth >= 3:
                return []
            owner_ref = ClassRef(file, info)
            return [self._instance_member(inst, owner_ref, name, Ctx(file, depth=depth + 1), 0)
                    for inst in self.instances(owner_ref, limit, depth + 1)]
        return [self.lookup(Ref(key), Ctx(file))]

    def _returned(self, fn: FuncRef, args: tuple[Expr, ...], ctx: Ctx) -> Value:
        """What a call of ``fn`` returns: its ``return`` expressions evaluated with the
        call's arguments bound (``pickBase()``, ``getApiUrl()``)."""
        t = self._tables(fn.file)
        ret = t["returns"].get(fn.key) if t is not None else None
        if ret is None:
            return UNKNOWN
        this = fn.this
        if this is None and "." in fn.key:
            owner = fn.key.split(".")[0]
            if owner in t["classes"]:
                this = Instance(ClassRef(fn.file, t["classes"][owner]))
        return self.eval(ret, Ctx(fn.file, tuple((a, ctx) for a in args), this, ctx.depth + 1,
                                  fn.closure))

    @staticmethod
    def _scope_of(arg: Arg, ctx: Ctx) -> Ctx | None:
        """The context ``arg`` is bound in: ``ctx``, or for a parameter of an enclosing
        function (``arg.outer``) the context of that function's call, None if unknown."""
        for _ in range(arg.outer):
            if ctx.outer is None:
                return None
            ctx = ctx.outer
        return ctx

    def _arg(self, arg: Arg, ctx: Ctx) -> tuple[Expr, Ctx] | None:
        if arg.outer:
            outer = self._scope_of(arg, ctx)
            if outer is None:
                return (arg.default, Ctx(ctx.file, None, ctx.this, ctx.depth + 1)) \
                    if arg.default is not None else None
            ctx = outer
        if ctx.args is not None and 0 <= arg.index < len(ctx.args) and ctx.args[arg.index] is not None:
            return ctx.args[arg.index]
        if arg.default is not None:
            return (arg.default, Ctx(ctx.file, None, ctx.this, ctx.depth + 1))
        return None

    @staticmethod
    def _named(strs: list[Str]) -> list[Str]:
        return [replace(s, named_len=len(s.pieces)) for s in strs]

    def strings(self, expr: Expr, ctx: Ctx) -> list[Str]:
        """The possible string values of ``expr`` (at most ``MAX_ALTERNATIVES``)."""
        if ctx.depth > MAX_DEPTH:
            return [Str((Dyn("rest"),))]
        if isinstance(expr, Lit):
            return [Str((expr.value,))]
        if isinstance(expr, Dyn):
            return [Str((Dyn("rest") if expr.kind == "none" else expr,))]
        if isinstance(expr, Concat):
            acc = [Str(())]
            for i, part in enumerate(expr.parts):
                options = self.strings(part, ctx)
                before = expr.parts[i - 1].value if i and isinstance(expr.parts[i - 1], Lit) else ""
                if isinstance(part, CallExpr) and before.endswith(("/", "?", "&", "=")):
                    # a call routelink cannot evaluate written after a `/` of the path
                    # (`/exchange-rate/${format(date, DATE_FORMAT)}`, `/devices/${this.
                    # getDeviceId()}`) makes one segment, like a name, and after `?`, `&`
                    # or `=` it is part of the query (`?${makeQueryString(qs)}`); leading
                    # the URL (`${slugPath(slug)}/duplicate`) it may be a whole path
                    hole = Dyn("segment") if before.endswith("/") else Dyn("query")
                    options = [Str((hole,)) if _opaque_call(o) else o for o in options]
                new = []
                for a in acc:
                    for o in options:
                        env = a.unknown_env or o.unknown_env
                        if i and a.pieces and o.origin_unknown and not o.pieces:
                            # an env var with no known value after the start of the URL
                            # (`/api/${process.env.TENANT}/x`): unknown, not ''
                            o, env = Str((Dyn("rest"),)), env or o.origin
                        used = a.env + tuple(e for e in o.env if e not in a.env)
                        if i == 0:
                            new.append(o)
                        elif a.named_len == len(a.pieces) and (a.named or i == 0):
                            new.append(Str(a.pieces + o.pieces, a.named_len + o.named_len,
                                           a.origin_unknown, a.origin, env, used))
                        else:
                            new.append(Str(a.pieces + o.pieces, a.named_len, a.origin_unknown,
                                           a.origin, env, used))
                acc = new[:MAX_ALTERNATIVES]
            return acc
        if isinstance(expr, Alt):
            out: list[Str] = []
            # no value (`null`, a local not yet assigned) beside a value is no alternative
            options = [o for o in expr.options if o != Dyn("none")] or expr.options
            for o in options:
                out.extend(self.strings(o, ctx))
            if any(s != _NO_VALUE for s in out):
                out = [s for s in out if s != _NO_VALUE]
            unknown = [s for s in out if len(s.pieces) == 1 and isinstance(s.pieces[0], Dyn)]
            known = [s for s in out if s not in unknown]
            # an env var with no known value beside a literal (`if (env) return env;
            # return '/api'`): the literal is the default, as for `env || '/api'`
            defaults = [s for s in known if not (s.origin_unknown and not s.pieces)]
            # any other unknown value is a real alternative (`cond ? 'azure' : provider`,
            # `(await getUrl()) || ''`): the known ones are not the whole truth
            result = ([s for s in out if s in defaults or s in unknown] if defaults
                      else known or out)
            seen, uniq = set(), []
            for s in result:
                if s not in seen:
                    seen.add(s)
                    uniq.append(s)
            return uniq[:MAX_ALTERNATIVES]
        if isinstance(expr, EnvVar):
            # `[env]` of the configuration, then committed `.env*` files, then the default
            # the code writes (`process.env.X || 'http://localhost:3000'`)
            value = self.env_value(ctx.file, expr.name)
            read = ((expr.name, ctx.file, ""),)
            if value is not None:
                return [Str((value,), 1, env=read)]
            if expr.default is not None:
                d = self.strings(expr.default, Ctx(ctx.file, ctx.args, ctx.this, ctx.depth + 1, ctx.outer))
                # an empty fallback (`process.env.X || ''`) is no default
                d = [s for s in d if "".join(p for p in s.pieces if isinstance(p, str)) or
                     any(isinstance(p, Dyn) for p in s.pieces)]
                if d and not all(len(s.pieces) == 1 and isinstance(s.pieces[0], Dyn) for s in d):
                    return [replace(s, named_len=len(s.pieces),
                                    env=s.env + ((expr.name, ctx.file, _literal(s)),)) for s in d]
            return [Str((), 0, origin_unknown=True, origin=expr.name)]
        if isinstance(expr, Arg):
            bound = self._arg(expr, ctx)
            if bound is None:
                # a parameter of the function being evaluated (a wrapper's path), or one
                # of an unknown constructor call: just unknown
                if expr.outer:
                    # a parameter of an enclosing function: one of the function being
                    # evaluated when its call is known, else an unknown value
                    outer = self._scope_of(expr, ctx)
                    return [Str((Dyn("arg", expr.index) if outer is not None and outer.args is not None
                                 else Dyn("rest") if outer is not None else Dyn("segment"),))]
                return [Str((Dyn("arg", expr.index) if ctx.args is not None else Dyn("rest"),))]
            bexpr, bctx = bound
            if expr.attrs:
                written = self._written_member(expr, ctx)
                if written is not None:
                    return written
                whole = self._arg(replace(expr, default=None, attrs=()), ctx)
                if whole is not None and isinstance(whole[0], (Lit, Concat)):
                    # a member of a string the caller passes (`typeof url === 'string' ?
                    # url : url.url`): no value, no alternative beside others
                    return [_NO_VALUE]
                value = self.eval(expr, ctx)
                return list(value.strs) if isinstance(value, StrVal) else [Str((Dyn("segment"),))]
            return self.strings(bexpr, bctx)
        if isinstance(expr, Ref):
            value = self.lookup(expr, Ctx(ctx.file, ctx.args, ctx.this, ctx.depth + 1, ctx.outer))
            if isinstance(value, StrVal):
                return self._named(list(value.strs))
            if isinstance(value, Client) and value.base:
                return list(value.base)
            return [Str((Dyn("segment"),))]
        if isinstance(expr, CallExpr):
            return self._call_strings(expr, ctx)
        if isinstance(expr, Obj):
            return [_NO_VALUE]  # an object is no string (`typeof url === 'string' ? url : ...`)
        return [Str((Dyn("segment"),))]

    def _call_strings(self, expr: CallExpr, ctx: Ctx) -> list[Str]:
        """The string values of a call (``routes.recipe(slug)``, ``getApiUrl()``): what it
        returns with the call's arguments bound. A returned value that reads none of
        the call's own parameters is a computed base (the app's own); one that does keeps
        its holes where they are. A call routelink cannot evaluate is a value of unknown
        extent (``{*}``: it may be several segments), noted with the call's name; but a
        call with no arguments of something that is no workspace function reads a value,
        a hole like a name (``this.id()``, an Angular signal; ``Date.now()``)."""
        value = self.eval(expr, ctx)
        if isinstance(value, StrVal):
            if any(isinstance(p, Dyn) and p.kind == "arg" for s in value.strs for p in s.pieces):
                return list(value.strs)  # `buildPath(path)`: the caller's parameter leads
            return self._named(list(value.strs))
        if isinstance(value, Client) and value.base:
            return list(value.base)
        if not expr.args and not expr.new and not isinstance(
                self.lookup(expr.callee, Ctx(ctx.file, ctx.args, ctx.this, ctx.depth + 1, ctx.outer)), FuncRef):
            return [Str((Dyn("segment"),))]
        return [Str((Dyn("rest", note=f"the value of {_call_text(expr)}, a call routelink could "
                                      "not evaluate"),))]

    def _written_member(self, expr: Arg, ctx: Ctx) -> list[Str] | None:
        """The strings of a member of a parameter (``props.config.entity``) as written in
        the arguments it is bound to, followed member by member through object literals
        (``<DataTable :url="base + '/x'" />``) and through parameters those pass on
        (``<CreateItem config={config} />``, any number of components deep): its own
        strings, so a parameter it reads stays one (a wrapper of a wrapper). None when
        the member is not written so (read the value instead)."""
        attrs = expr.attrs
        bound = self._arg(replace(expr, default=None, attrs=()), ctx)
        for _ in range(MAX_DEPTH):
            if bound is None:
                return None
            e, ectx = bound
            while attrs and isinstance(e, Obj):
                member = e.get(attrs[0])
                if member is None:
                    return None
                e, attrs = member, attrs[1:]
            if not attrs:
                return self.strings(e, ectx)
            if isinstance(e, Dyn) and e.kind == "rest" and e.note:
                return [Str((e,))]  # a member of a value lost by a caller (noted)
            if not isinstance(e, Arg) or e.default is not None:
                return None
            # a parameter passed on (`config={config}`): its member in the caller's
            # arguments, or, when nothing binds it, a parameter of the wrapper evaluated
            attrs = e.attrs + attrs
            bound = self._arg(replace(e, attrs=()), ectx)
            if bound is None:
                return self.strings(replace(e, attrs=attrs), ectx)
        return None

    # ------------------------------------------------------------------ requests

    def requests(self, callee: Ref, args: tuple[Expr, ...], ctx: Ctx, is_new: bool = False,
                 depth: int = 0) -> list[Request]:
        """The HTTP requests a call ``callee(*args)`` makes in ``ctx`` (empty if none).

        A call of a client library that is a request but from whose arguments no URL can
        be made gives one request with an unknown URL (reported as unresolved, never
        dropped).
        """
        if depth > 5:
            return []
        target = self.lookup(callee, ctx)
        if isinstance(target, (Client, ClientMember)):
            client, member = (target, None) if isinstance(target, Client) else (target.client, target.member)
            lib = client_registry.get(client.library)
            if not lib.is_request(member, is_new):
                return []
            got = lib.requests(self, client, member, args, ctx, is_new)
            if got is None:
                return []  # the library says, from the arguments, that this is no request
            return got or [Request(lib.name, None, Str((Dyn("rest"),)), None, False,
                                   "no URL argument could be read from the call")]
        if isinstance(target, FuncRef):
            # only a wrapper's call sites are requests; any other function's request is
            # reported where it is written
            if not self.is_wrapper(target.file, target.key):
                return self._fallback_requests(callee, args, ctx)
            return self._through_function(target, args, ctx, depth)
        return self._fallback_requests(callee, args, ctx)

    def _fallback_requests(self, callee: Ref, args: tuple[Expr, ...], ctx: Ctx) -> list[Request]:
        """Requests recognised by their arguments alone (generated OpenAPI clients)."""
        for lib in client_registry.fallback_hooks():
            got = lib.fallback_requests(self, callee, args, ctx)
            if got:
                return got
        return []

    def _method_from_value(self, value: Value, key: str, depth: int) -> str | None:
        if depth > 4 or not isinstance(value, ObjectVal):
            return None
        # the entry written last wins (`{ method: 'POST', ...opts }`, Object.assign)
        for spread, m in _entries(value.obj, key):
            if spread:
                got = self._method_from_value(self.eval(m, value.ctx), key, depth + 1)
                if got:
                    return got
                continue
            strs = self.strings(m, value.ctx)
            lits = {s.pieces[0].upper() for s in strs
                    if len(s.pieces) == 1 and isinstance(s.pieces[0], str)}
            # written but not one literal (`method: method.toUpperCase()`): unknown
            return lits.pop() if len(lits) == 1 and len(strs) == 1 else _UNKNOWN_METHOD
        return None

    def _through_function(self, fn: FuncRef, args: tuple[Expr, ...], ctx: Ctx,
                          depth: int) -> list[Request]:
        t = self._tables(fn.file)
        if t is None:
            return []
        sites = self._path_sites.get((fn.file, fn.key), frozenset())
        inner_calls: list[CallSite] = [c for c in t["calls_by_function"].get(fn.key, [])
                                       if c.span in sites]
        this = fn.this
        if this is None and "." in fn.key:
            owner = fn.key.split(".")[0]
            if owner in t["classes"]:
                this = Instance(ClassRef(fn.file, t["classes"][owner]))
        path_params = self._path_params.get((fn.file, fn.key), ())
        bound = []
        #: (parameter, members the call does not give): a request whose URL starts with
        #: one is not made by this call (`<ListTable />` without `export-url`)
        missing: list[tuple[int, frozenset[str]]] = []
        #: (parameter, members the call gives as no value: `next({ next: null })`): a
        #: request whose URL starts with one is not made (the code guards it), and
        #: does not count as a use of the wrapper
        nulls: list[tuple[int, frozenset[str]]] = []
        for i, a in enumerate(args):
            if i in path_params and isinstance(a, Obj):
                # the props of a component (`<DataTable :url="endpoint" />`): the members
                # the path starts with, when unknown, are of unknown extent
                members = self._path_members(fn, i)
                if not a.spreads:
                    missing.append((i, frozenset(m for m in members if a.get(m) is None)))
                    nulls.append((i, frozenset(m for m in members if a.get(m) == Dyn("none"))))
                a = self._unknown_members(a, ctx, members, fn, i)
            elif i in path_params and self._wholly_unknown(a, ctx) and \
                    i not in self._segment_params.get((fn.file, fn.key), ()):
                # the whole path comes from an unknown value (`api.get(page.next)`): its
                # extent is unknown, not one segment (but `API_URL + goalId`, with
                # `API_URL = '/api/goals/'`, is one segment of a known path)
                a = Dyn("rest", note=self._lost(fn, i, "", a, ctx))
            bound.append((a, ctx))
        fctx = Ctx(fn.file, tuple(bound), this, ctx.depth + 1, fn.closure)
        out: list[Request] = []
        verb = _verb_of_name(fn.key.rsplit(".", 1)[-1])
        site_params = self._site_params.get((fn.file, fn.key), {})
        used = not inner_calls
        for site in inner_calls:
            url = self._site_urls.get((fn.file, fn.key), {}).get(site.span)
            if nulls and url is not None and _not_given(url, nulls):
                continue
            used = True
            if missing and url is not None and _not_given(url, missing):
                continue
            if any(self._decided(value, text, fctx) == (not equal)
                   for value, text, equal in site.guards):
                continue  # `method === 'GET' ? http.get(url) : ...` with the method given
            index = site_params.get(site.span)
            for r in self.requests(site.callee, site.args, fctx, site.is_new, depth + 1):
                if verb and not r.explicit_method:
                    r = replace(r, method=verb, explicit_method=True)
                out.append(replace(r, arg=_url_argument(site, index, args, r.arg)))
        if used:
            self.wrappers_used.add((fn.file, fn.key))
        return out[:MAX_ALTERNATIVES]

    def _decided(self, value: Expr, text: str, ctx: Ctx) -> bool | None:
        """Whether ``value`` equals the string ``text`` in ``ctx``: True or False when
        every value it may have is a literal, else None."""
        strs = self.strings(value, ctx)
        if not strs or any(len(s.pieces) != 1 or not isinstance(s.pieces[0], str) for s in strs):
            return None
        equal = {s.pieces[0] == text for s in strs}
        return equal.pop() if len(equal) == 1 else None

    def path_params(self, file: str, key: str) -> tuple[int, ...]:
        """Indices of the parameters a wrapper's URL path starts with (see
        :meth:`is_wrapper`); () for a function that is no wrapper."""
        self.is_wrapper(file, key)
        return self._path_params.get((file, key), ())

    def is_wrapper(self, file: str, key: str) -> bool:
        """True when the URL of a request made by function ``key`` starts with a parameter.

        Such a function's own call sites are the requests; its body is not reported.
        A function whose parameters only fill holes in a literal path (``/users/${id}``)
        is not a wrapper: its request is reported where it is written.
        """
        cache_key = (file, key)
        if cache_key in self._wrapper_cache:
            return self._wrapper_cache[cache_key]
        self._wrapper_cache[cache_key] = False  # recursion guard
        t = self._tables(file)
        result = False
        if t is not None:
            this = None
            if "." in key:
                owner = key.split(".")[0]
                if owner in t["classes"]:
                    this = Instance(ClassRef(file, t["classes"][owner]))
            ctx = Ctx(file, (), this)
            fn = t["functions"].get(key)
            params = fn.params if fn is not None else ()
            path_params = set()
            # parameters that only ever follow a named base ending a segment, and those
            # that start a path somewhere
            segments: set[int] = set()
            leading: set[int] = set()
            sites = set()
            site_params: dict[Span, int] = {}
            site_urls: dict[Span, Expr] = {}
            for site in t["calls_by_function"].get(key, []):
                if site.callee.name.startswith("#arg"):
                    # the client is a parameter (`refreshToken(client)`): a wrapper only if
                    # the URL comes from a parameter too (`get(client, url)`)
                    reqs = [Request("", None, u) for u in self.strings(site.args[0], ctx)] if site.args else []
                else:
                    reqs = self.requests(site.callee, site.args, ctx, site.is_new)
                for r in reqs:
                    index = _path_param(r, params)
                    if index is not None:
                        result = True
                        path_params.add(index)
                        if _after_named_segment(r):
                            segments.add(index)
                        else:
                            leading.add(index)
                        sites.add(site.span)
                        site_params.setdefault(site.span, index)
                        url = _url_expr(site, r.arg)
                        if url is not None:
                            site_urls.setdefault(site.span, url)
            self._path_params[cache_key] = tuple(sorted(path_params))
            self._segment_params[cache_key] = frozenset(segments - leading)
            self._path_sites[cache_key] = frozenset(sites)
            self._site_params[cache_key] = site_params
            self._site_urls[cache_key] = site_urls
        self._wrapper_cache[cache_key] = result
        return result

    def component(self, callee: Ref, file: str) -> "FuncRef | None":
        """The wrapper component (see :meth:`is_wrapper`) a usage ``<Name ... />`` in
        ``file`` renders, or None. Pages render many components, most of them through
        barrel modules: the answer for an imported name is remembered per (module,
        name), with the files it read recorded as dependencies each time."""
        t = self._tables(file)
        imp = t["imports"].get(callee.name) if t is not None and not callee.attrs else None
        key = None
        if imp is not None:
            target = self.modules.resolve(file, imp.module, t["facts"].language)
            if target is not None:
                key = (target, imp.name)
                if key in self._component_memo:
                    value, read, probed = self._component_memo[key]
                    self._replay(read, probed)
                    return value
        token = self._begin()
        try:
            value = self.lookup(callee, Ctx(file))
            result = value if isinstance(value, FuncRef) and self.is_wrapper(value.file, value.key) else None
        finally:
            read, probed = self._end(token)
        if key is not None:
            self._component_memo[key] = (result, read, probed)
        return result

    def is_wrapper_site(self, file: str, key: str, site: CallSite) -> bool:
        """True when ``site``, written in function ``key``, is a request of the wrapper:
        its URL starts with a parameter (see :meth:`is_wrapper`). A request of the same
        function whose parameters only fill holes (``/users/${id}``) is reported where
        it is written."""
        return self.is_wrapper(file, key) and site.span in self._path_sites.get((file, key), ())

    def path_members(self, file: str, key: str, index: int) -> frozenset[str]:
        """The members of parameter ``index`` the URLs of wrapper ``key`` start with
        (``fetch(props.url)`` -> ``{"url"}``); () for a function that is no wrapper."""
        if not self.is_wrapper(file, key):
            return frozenset()
        return self._path_members(FuncRef(file, key), index)

    def _path_members(self, fn: FuncRef, index: int) -> frozenset[str]:
        t = self._tables(fn.file)
        sites = self._path_sites.get((fn.file, fn.key), frozenset())
        out: set[str] = set()
        for site in (t["calls_by_function"].get(fn.key, []) if t is not None else []):
            if site.span in sites and site.args:
                _leading_members(self._site_urls.get((fn.file, fn.key), {}).get(site.span, site.args[0]),
                                 index, out)
        return frozenset(out)

    def _unknown_members(self, obj: Obj, ctx: Ctx, members: frozenset[str],
                         fn: FuncRef | None = None, index: int = 0) -> Obj:
        """``obj`` with each of ``members`` whose string value is wholly unknown replaced
        by a value of unknown extent (an object stays: the path is a member of it), noted
        with the prop or parameter member of ``fn`` it fills (see :meth:`_lost`)."""
        if not members:
            return obj
        items = [(k, Dyn("rest", note=self._lost(fn, index, k, v, ctx) if fn else "")
                  if k in members and not isinstance(v, Obj)
                  and self._wholly_unknown(v, ctx)
                  and not isinstance(self.eval(v, ctx), ObjectVal) else v)
                 for k, v in obj.items]
        return Obj(tuple(items), obj.spreads, obj.spread_at)

    def wholly_unknown(self, expr: Expr, ctx: Ctx) -> bool:
        """True when nothing of ``expr``'s value is known: no literal text, no parameter
        of the function being evaluated, no object literal (``error.config``)."""
        return self._wholly_unknown(expr, ctx)

    def _lost(self, fn: FuncRef, index: int, member: str, expr: Expr, ctx: Ctx) -> str:
        """Why the path a wrapper ``fn`` is given in its parameter ``index`` (its
        ``member``, a prop) is unknown, for a message: what the value holds when that
        says more (a call routelink could not evaluate), else which prop or parameter
        lost it (``prop 'config' of <CreateInvoiceModule>``)."""
        for s in self.strings(expr, ctx):
            for p in s.pieces:
                if isinstance(p, Dyn) and p.note:
                    return p.note
        t = self._tables(fn.file)
        f = t["functions"].get(fn.key) if t is not None else None
        name = fn.key.rsplit(".", 1)[-1]
        if name.startswith("<"):
            name = fn.file.rsplit("/", 1)[-1].split(".", 1)[0]  # a single-file component
        if f is not None and f.component:
            what = f"prop '{member}' of <{name}>" if member else f"the props of <{name}>"
        else:
            param = f.params[index] if f is not None and index < len(f.params) else ""
            param = member or ("" if param.startswith("<") else param)
            what = f"parameter '{param}' of {name}()" if param else f"an argument of {name}()"
        return f"{what}, which is given a value here that routelink cannot follow"

    def _wholly_unknown(self, expr: Expr, ctx: Ctx) -> bool:
        if isinstance(expr, Obj):
            return False  # a config object (`{ url, method }`): its fields are read
        strs = self.strings(expr, ctx)
        return bool(strs) and all(
            len(s.pieces) == 1 and isinstance(s.pieces[0], Dyn)
            and s.pieces[0].kind in ("segment", "rest") for s in strs)


_UNKNOWN_METHOD = "?"
#: the string value of something that has none (a member of a string): dropped beside
#: other alternatives, alone an unknown
_NO_VALUE = Str((Dyn("none"),))


def _call_text(expr: CallExpr) -> str:
    """How a call is written, for a message: ``routes.recipe(...)``, ``new Api(...)``."""
    name = expr.callee.name
    if name.startswith("#arg"):
        name = "a parameter"
    elif name.startswith("<"):
        name = "a function"
    text = ".".join((name, *expr.callee.attrs)) + ("(...)" if expr.args else "()")
    return ("new " if expr.new else "") + text


def _entries(obj: Obj, key: str) -> list[tuple[bool, Expr]]:
    """The entries of an object literal that may give its member ``key``, the one that
    wins first (the last written): (is a spread, expression)."""
    at = obj.spread_at or (0,) * len(obj.spreads)
    ordered: list[tuple[bool, Expr]] = []
    for i, (k, v) in enumerate((*obj.items, (None, None))):
        ordered.extend((True, x) for x, n in zip(obj.spreads, at) if n == i)
        if k == key:
            ordered.append((False, v))
    return ordered[::-1]


def _not_given(url: Expr, missing: list[tuple[int, frozenset[str]]]) -> bool:
    """True when a URL expression starts with members of parameters that the call
    does not give, and only with such."""
    for index, absent in missing:
        lead: set[str] = set()
        _leading_members(url, index, lead)
        if lead and lead <= absent:
            return True
    return False


def _leading_members(expr: Expr, index: int, out: set[str]) -> None:
    """Add to ``out`` the members of parameter ``index`` that ``expr`` starts with."""
    if isinstance(expr, Arg):
        if expr.index == index and expr.attrs:
            out.add(expr.attrs[0])
    elif isinstance(expr, Concat) and expr.parts:
        _leading_members(expr.parts[0], index, out)
    elif isinstance(expr, Alt):
        for o in expr.options:
            _leading_members(o, index, out)
    elif isinstance(expr, Obj):
        for _, v in expr.items:
            _leading_members(v, index, out)


def _url_expr(site: CallSite, arg: tuple[int, str] | None) -> Expr | None:
    """The argument expression of ``site`` its request's URL comes from: the first, or
    the one (and member) a wrapper it calls reads (:attr:`Request.arg`)."""
    if arg is None:
        return site.args[0] if site.args else None
    url = site.args[arg[0]] if arg[0] < len(site.args) else None
    if arg[1] and isinstance(url, Obj):
        url = url.get(arg[1])
    return url


def _url_argument(site: CallSite, index: int | None, args: tuple[Expr, ...],
                  inner: tuple[int, str] | None) -> tuple[int, str] | None:
    """Which argument of a wrapper's call (``args``) the URL of the wrapper's request
    ``site`` comes from: (index, member of an object-literal argument or ""), see
    :attr:`Request.arg`; None when unknown. ``inner`` is where the URL is in ``site``'s
    own arguments when ``site`` calls a wrapper in turn (its request's ``arg``)."""
    if index is None or index >= len(args):
        return None
    url = _url_expr(site, inner)
    member = ""
    if isinstance(args[index], Obj) and url is not None:
        # the member the URL starts with (`post({ entity })` -> `entity + '/create'`),
        # when that is one member the call writes
        lead: set[str] = set()
        _leading_members(url, index, lead)
        given = [m for m, _ in args[index].items if m in lead]
        member = given[0] if len(given) == 1 else ""
    return (index, member)


def _with_default(method: str | None) -> tuple[str | None, bool]:
    """(method, explicit) from a written method: none written is the client's default
    GET (not explicit); one written but unknown is None (any method)."""
    if method is None:
        return "GET", False
    if method == _UNKNOWN_METHOD:
        return None, True
    return method, True


def _verb_of_name(name: str) -> str | None:
    """The HTTP method a wrapper's name says (``get``, ``postForm``, ``deleteUser``), or
    None (``remove``, ``list``: the request's own method stands)."""
    lower = name.lower()
    for verb in HTTP_VERBS:
        if lower == verb or (lower.startswith(verb) and len(name) > len(verb)
                             and not name[len(verb)].islower()):
            return verb.upper()
    return None


_PATH_PARAM_WORDS = ("path", "url", "endpoint", "resource", "route", "uri", "href")


def _literal(s: Str) -> str:
    """The text of a string value that has no holes, else ''."""
    return "".join(s.pieces) if all(isinstance(p, str) for p in s.pieces) else ""


def _after_named_segment(r: Request) -> bool:
    """Whether a request's URL continues, right after a named value that ends a segment
    (``API_URL = '/api/goals/'``, then ``API_URL + goalId``): what follows fills one
    segment of a known path, as ``/api/goals/${id}`` written inline would."""
    named = r.url.pieces[:r.url.named_len]
    rest = r.url.pieces[r.url.named_len:]
    return bool(named) and isinstance(named[-1], str) and named[-1].endswith("/") and \
        bool(rest) and isinstance(rest[0], Dyn) and rest[0].kind == "arg"


def _path_param(r: Request, params: tuple[str, ...] = ()) -> int | None:
    """The index of the parameter that supplies a request's path, if the enclosing
    function's caller supplies it.

    That is the case when, after the base URL, the path starts with a parameter
    (``${endpoint}``), continues a literal that does not end a segment
    (``'/api' + path``), or follows a ``/`` through a parameter named like a path
    (``/api/${resource}``). A parameter filling a segment (``/users/${id}``,
    ``${url}/${id}``) is a hole, not a path: None.
    """
    pieces = r.url.pieces[r.url.named_len:]
    lead = 0
    while lead < len(pieces) and isinstance(pieces[lead], Dyn) and pieces[lead].kind != "arg":
        lead += 1
    if lead and lead < len(pieces) and isinstance(pieces[lead], Dyn):
        # an unknown value right before the parameter (`${this.baseURL}${url}`, the base
        # a constructor was given where this function cannot see it): the base URL
        pieces = pieces[lead:]
    literal = ""
    for p in pieces:
        if isinstance(p, str):
            literal += p
            if "?" in p or "#" in p:
                return None  # the rest is the query string: it does not make a path
            continue
        if p.kind != "arg":
            return None
        index = p.index if p.index is not None else -1
        if literal == "" or not literal.endswith("/"):
            return index  # `${base}${endpoint}`, `'/api' + path`
        # `${base}/${x}`, `/api/${x}`: a path only if the parameter is named like one
        # (`resource`, `path`), else a hole (`${url}/${id}`)
        name = params[index].lower() if 0 <= index < len(params) else ""
        if literal.count("/") <= 2 and any(w in name for w in _PATH_PARAM_WORDS):
            return index
        return None
    return None


def _opaque_call(s: Str) -> bool:
    """Whether ``s`` is only the value of a call the evaluator could not evaluate (a
    hole of unknown extent, noted: see ``Evaluator._call_strings``)."""
    return len(s.pieces) == 1 and isinstance(s.pieces[0], Dyn) and s.pieces[0].kind == "rest" \
        and s.pieces[0].note.endswith("a call routelink could not evaluate")


def export_signature(facts: FileFacts | None) -> tuple | None:
    """What a *probe* of a module reads (see :attr:`Evaluator.probes`): its language,
    the names it exports (and the expressions of its ``export *``), its imports, and
    which names each of its tables holds, not their values. An edit inside a function
    body leaves it equal: modules that only passed through this one (a barrel's
    ``export *`` searched for another name, ``import * as ns``) need not be resolved
    again."""
    if facts is None:
        return None
    return (facts.language,
            tuple((e.name, e.value if e.name == "*" else None) for e in facts.exports),
            tuple(facts.imports),
            frozenset(k for k, _ in facts.values), frozenset(k for k, _ in facts.symbols),
            frozenset(k for k, _ in facts.returns), frozenset(f.key for f in facts.functions),
            frozenset(c.name for c in facts.classes), frozenset(r.key for r in facts.routers))
