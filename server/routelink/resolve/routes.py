"""The mount graph: every route with its full path template.

Routers are nodes, mounts are edges (``app.use('/api', router)``,
``include_router(prefix=...)``, Django ``include()``). Walking from the roots (apps,
and Django URLconfs nothing includes when ROOT_URLCONF is unknown) gives each router the
prefixes it is served under; a router reached along two paths serves its routes under
both. Routers no root reaches are *unmounted*: their routes are listed with
``mounted=False`` and their own prefix only.

Route paths and prefixes are expressions in the facts; they are evaluated here by the
same :class:`~routelink.resolve.evaluate.Evaluator` that renders call URLs (so a path
constant imported from another module works), then converted from the framework's path
syntax (:meth:`~routelink.frameworks.base.Framework.convert_path`). A part that cannot be
evaluated is written ``{?}`` and its routes are ``resolved=False``: never silently ``''``.

View routes (:class:`~routelink.facts.ViewRoutes`) are expanded here by the framework
that owns their kind (:meth:`~routelink.frameworks.base.Framework.expand_view`),
because the methods they serve depend on classes that may live in other files.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from routelink.facts import (
    CallExpr,
    Concat,
    Dyn,
    Expr,
    FileFacts,
    Lit,
    Mount,
    Ref,
    Route,
    Router,
    Span,
)
from routelink.frameworks import registry
from routelink.frameworks.base import (
    TEMPLATE_SYNTAX,
    Framework,
    PathScope,
    PathTemplate,
    PyFramework,
)
from routelink.resolve.classes import construction
from routelink.resolve.evaluate import (
    UNKNOWN,
    ClassRef,
    Ctx,
    Evaluator,
    Instance,
    ModuleVal,
    ObjectVal,
    RouterVal,
    StrVal,
)

log = logging.getLogger(__name__)

MAX_PREFIXES = 16
_ORDER_WIDTH = 10 ** 12
_ORDER_DEPTH = 10


@dataclass(frozen=True, slots=True)
class ResolvedRoute:
    """A route with its full path, as served (or not) by the application.

    ``group`` identifies the router it was registered on and the prefix it is served
    under; ``order`` is its registration order there (shadowing compares within a
    group). ``router_span`` is the declaration of its router (for ``unmounted-route``).
    """

    file: str
    method: str
    path: str
    span: Span
    framework: str
    handler: str | None
    handler_span: Span | None
    mounted: bool
    trailing_slash: str
    group: tuple[str, str, str]
    order: int
    router_label: str
    router_span: Span
    branch: tuple[tuple[int, int], ...] = ()
    #: the file of ``handler_span`` when the handler is defined in another module
    #: (``router.get('/', getUsers)`` with ``getUsers`` imported from a controller)
    handler_file: str | None = None
    #: False when part of the path (a prefix, a constant) could not be evaluated; the
    #: unknown part is written ``{?}``
    resolved: bool = True
    #: a middleware that hands every request on (see :attr:`routelink.facts.Route.passthrough`)
    passthrough: bool = False
    #: the app that serves the route at this path: the package (folder of the nearest
    #: package.json) and the root router; the package alone for frameworks whose roots
    #: are not apps (file-based routing: ``Framework.root_is_app``); "" when unmounted.
    #: Duplicates are compared within one app.
    app: str = ""
    #: (declaration number in its file, which of its router's mount paths): the paths of
    #: one declaration under one mount (``/posts/:slug?`` gives two) share it, so the
    #: declaration is used when any of them is
    variant: tuple[int, int] = (0, 0)
    #: "" for a route served at its own path; otherwise the rule through which ``path``
    #: reaches the route declared at ``span`` (a Next.js rewrite's source, a Nuxt route
    #: rule), as the framework writes it. Such an alias is never reported unused; a call
    #: it serves counts for the declaration (:meth:`Framework.finish_routes`)
    via: str = ""
    #: what serves an unresolved route standing for a mount of something routelink cannot
    #: see (``"third-party URLconf 'rest_framework.urls'"``), for its hint; else ""
    note: str = ""
    #: why part of an unresolved route's path is unknown, when its framework can say more
    #: than ``{?}`` (set in ``Framework.finish_routes``: Express's readdir loops, or by
    #: :meth:`Framework.unresolved_note`: a NestJS config namespace), for its hint; else ""
    unknown: str = ""


def _handler_definition(route: Route, path: str, evaluator: Evaluator) -> tuple[str | None, Span | None]:
    """(file or None for the route's own file, span) of the route's handler definition.

    A handler named by an identifier or member path (``getUsers``, ``controller.list``)
    is looked up through imports; otherwise the extractor's ``handler_span`` stays.
    """
    name = route.handler
    if not name or route.file is not None or not all(
            part.isidentifier() or part.startswith("$") for part in name.split(".")):
        return None, route.handler_span
    parts = name.split(".")
    found = evaluator.locate(Ref(parts[0], tuple(parts[1:])), path)
    if found is None:
        return None, route.handler_span
    file, span = found
    return (None if file == path else file), span


def join_paths(prefix: str, path: str) -> str:
    """Join a mount prefix and a route path: ``('/api/', '/users')`` -> ``'/api/users'``.

    Both are normalized path templates. An empty ``path`` leaves ``prefix`` unchanged
    (FastAPI ``@router.get("")``); ``'/'`` keeps a trailing slash.
    """
    if not prefix or prefix == "/":
        return path if path.startswith("/") else "/" + path
    if path == "":
        return prefix
    return prefix.rstrip("/") + "/" + path.lstrip("/") if path != "/" else prefix.rstrip("/") + "/"


def _normalize(path: str, trailing_slash: str) -> str:
    if not path.startswith("/"):
        path = "/" + path
    while "//" in path:
        path = path.replace("//", "/")
    if trailing_slash == "ignore" and len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return path


#: the rendering of a path part routelink could not evaluate (an unknown prefix)
UNKNOWN_PART = "{?}"


#: a piece of a path the evaluator could not know, while converting (never in output)
_HOLE = "\x02"


def _path_values(expr: Expr | None, file: str, evaluator: Evaluator,
                 ctx: Ctx | None = None) -> list[str]:
    """The string values of a path or prefix expression, each piece that could not be
    evaluated written :data:`_HOLE` (a value that is only an env var with no known value
    is ``_HOLE``). ``None`` is the empty path."""
    if expr is None:
        return [""]
    if isinstance(expr, Lit):
        return [expr.value]
    out: list[str] = []
    for s in evaluator.strings(expr, ctx or Ctx(file)):
        text = "".join(p if isinstance(p, str) else _HOLE for p in s.pieces)
        if s.origin_unknown:
            text = _HOLE + text
        while _HOLE + _HOLE in text:
            text = text.replace(_HOLE + _HOLE, _HOLE)
        if text not in out:
            out.append(text)
    return out[:MAX_PREFIXES] or [_HOLE]


def _is_prefix(expr: Expr | None, file: str, evaluator: Evaluator) -> bool:
    """Whether the first argument of ``use(x, router)``, a name only the resolver can
    tell, is a path. A string value (known or not) is; a router, a function, an object
    is not. A value routelink cannot know is a path only when it reads like one: a member
    a config object does not define (``config.apiPrefix``), or a name that says so
    (``API_PREFIX``, ``basePath``); anything else (``auth`` = ``jwt({...})``,
    ``passport.authenticate()``, a package's export) is a middleware."""
    if expr is None:
        return False
    value = evaluator.eval(expr, Ctx(file))
    if isinstance(value, StrVal):
        return True
    if value is not UNKNOWN or not isinstance(expr, Ref) or evaluator.from_package(expr, file):
        return False
    if expr.attrs:
        parent = evaluator.eval(Ref(expr.name, expr.attrs[:-1]), Ctx(file))
        if isinstance(parent, (ObjectVal, ModuleVal)):
            return True
    return bool(_PATH_LIKE.search(expr.attrs[-1] if expr.attrs else expr.name))


_PATH_LIKE = re.compile(r"(?i)prefix|path|base|url|route|root|mount|^api")


def _finish(template: str) -> str:
    return template.replace(_HOLE, UNKNOWN_PART)


def _templates(framework: str, expr: Expr | None, syntax: str, file: str,
               evaluator: Evaluator, ctx: Ctx | None = None) -> list[PathTemplate]:
    """Path templates of a route path written in ``framework``'s ``syntax``; a part
    that could not be evaluated is ``{?}`` (``/users/{?}``, ``/{?}``). ``ctx`` binds
    ``this`` for routes of a router a class holds."""
    values = _path_values(expr, file, evaluator, ctx)
    if syntax == TEMPLATE_SYNTAX:
        return [(_finish(v), None) for v in values]
    fw = registry.get(framework)
    out: list[PathTemplate] = []
    for v in values:
        for t, override in fw.convert_path(v, syntax):
            t = _finish(t)
            if (t, override) not in out:
                out.append((t, override))
    return out


def _prefixes(framework: str, expr: Expr | None, syntax: str, file: str,
              evaluator: Evaluator) -> list[str]:
    """The templates of a mount or router prefix; a part that cannot be evaluated is
    ``{?}`` (never silently ``""``)."""
    fw = registry.get(framework)
    out = []
    for v in _path_values(expr, file, evaluator):
        t = _finish(v if syntax == TEMPLATE_SYNTAX else fw.convert_prefix(v, syntax))
        if t not in out:
            out.append(t)
    return out or [""]


def resolve_routes(files: dict[str, FileFacts], evaluator: Evaluator
                   ) -> tuple[list[ResolvedRoute], list[UnmountedRouter]]:
    """Every route of ``files`` with its full path(s), in a stable order, and the
    topmost unmounted routers.

    ``files`` maps absolute path -> facts (only files with routers, routes, mounts or
    view routes matter). Route paths and prefixes are evaluated with ``evaluator``, the
    same evaluator that renders call URLs, then converted by their framework. Dependencies
    on other files (imported constants and routers, view classes) are recorded in
    ``evaluator.deps``. One pass of a :class:`RouteResolver` with nothing kept (the
    language server's index keeps one resolver across updates instead).
    """
    resolver = RouteResolver(shared=True)
    routes, unmounted = resolver.resolve(files, lambda: evaluator)
    return routes, unmounted


#: evaluator lookups of index-wide tables (not of one file's facts: they record no
#: dependency), re-asked to tell whether a kept result still holds
_TABLE_LOOKUPS = ("instances_of", "instance_names", "subclasses_of", "callers_of",
                  "exporters_of", "global_properties")


class _Recorded:
    """An evaluator's table lookup that logs (name, arguments, answer)."""

    __slots__ = ("name", "fn", "log")

    def __init__(self, name: str, fn, log: list) -> None:
        self.name, self.fn, self.log = name, fn, log

    def __call__(self, *args):
        answer = self.fn(*args)
        self.log.append((self.name, args, answer))
        return answer


class _WatchedRouters(Mapping):
    """The router table as a framework's ``mount_targets`` sees it: notes whether the
    hook listed it (then its answer depends on every router)."""

    def __init__(self, routers: dict, read: set) -> None:
        self._routers, self._read, self.listed = routers, read, False

    def __getitem__(self, key):
        self._read.add(key)
        return self._routers[key]

    def __contains__(self, key) -> bool:
        self._read.add(key)
        return key in self._routers

    def __iter__(self):
        self.listed = True
        return iter(self._routers)

    def __len__(self) -> int:
        self.listed = True
        return len(self._routers)


@dataclass(slots=True)
class _Own:
    """What one file's routers are, on their own: each router (as a workspace subclass
    of a framework's router class makes it, when it is one) and its own prefixes."""

    facts: FileFacts
    #: (key, router, whether a subclass re-framed it)
    routers: tuple[tuple[str, Router, bool], ...]
    own_prefix: dict[str, list[str]]
    deps: frozenset[str]
    lookups: tuple


@dataclass(slots=True)
class _Mounted:
    """What one mount adds to the mount graph: its edges (child routers and prefixes),
    the routers it mounts, the route standing for a mount of something outside the
    workspace, and whether it mounts a router a called function returns."""

    facts: FileFacts
    #: (parent, child, prefix, replaces_prefix, mount order)
    edges: list[tuple[tuple[str, str], tuple[str, str], str, bool, int]]
    incoming: frozenset[tuple[str, str]]
    notes: dict[Route, str]
    built: Span | None
    deps: frozenset[str]
    lookups: tuple
    #: routers looked up (present or not); whether a framework hook listed them all
    routers_read: frozenset[tuple[str, str]]
    all_routers: bool


@dataclass(slots=True)
class _Links:
    """The routes one file declares, before the graph is walked: each route's path
    templates, in declaration order, with the router it is on."""

    facts: FileFacts
    #: what the file's mounts gave: routes standing for opaque mounts, built spans
    notes: dict[Route, str]
    built: frozenset[Span]
    #: (route, template, policy override, framework, declaration number, router or None)
    local: list[tuple[Route, str, str | None, str, int, tuple[str, str] | None]]
    deps: frozenset[str]
    lookups: tuple
    routers_read: frozenset[tuple[str, str]]
    all_routers: bool = False


@dataclass(slots=True)
class _Served:
    """One file's resolved routes for one state of the graph around its routers."""

    facts: FileFacts
    links: _Links
    rkeys: frozenset[tuple[str, str]]
    routes: list[ResolvedRoute]
    #: unmounted routes per router (for ``UnmountedRouter.hidden``)
    counts: dict[tuple[str, str], int]
    deps: frozenset[str]
    lookups: tuple
    #: False when a framework hook read the whole graph (NestJS ``served_paths``): then
    #: recomputed every time
    keep: bool


class RouteResolver:
    """The mount graph, resolved again after changes with the per-file work of the files
    the changes do not reach kept (:func:`resolve_routes` is one pass with nothing kept).

    The work is kept in layers, each entry with the files its evaluator read
    (``Evaluator.deps``; one fresh evaluator per entry, so that no memo of another entry
    hides a dependency) and the answers of the index-wide tables it asked
    (``instances_of``, ``exporters_of``...):

    1. per file, its routers (a router built by a workspace subclass re-framed) and their
       own prefixes (:class:`_Own`);
    2. per mount, the edges it adds to the graph (child routers and prefixes), the route
       standing for a mount of something outside the workspace (:class:`_Mounted`); per
       file, its routes' path templates in declaration order with the router each is on
       (:class:`_Links`); both also kept with the routers of other files they looked up
       (present or not; a framework's ``mount_targets`` that lists every router depends
       on all of them);
    3. per file, its resolved routes (handlers located, each template joined with the
       prefixes its router is served under, :class:`_Served`), kept while the walk gives
       its routers the same prefixes, chains and stacks, the routers on those stacks are
       the same and so are the workspace settings. A file with a route whose framework
       computes its paths from the whole graph (``served_paths``, or ``unresolved_note``
       for a path with an unknown part: NestJS) is resolved on every pass.

    The walk of the graph from its roots, the settings and the frameworks'
    ``finish_routes`` run on every pass (a few operations per router and per route).
    An entry goes when its file or a file it read is among ``changed``, when its facts
    are not the same object, or when a table lookup it made answers otherwise now;
    everything goes when ``changed`` is None (a config, the file list) or the evaluator's
    client defaults or own hosts changed. ``recomputed`` counts the entries computed per
    layer (for tests and benchmarks); ``deps`` is every file the last pass read. With
    ``shared`` the one evaluator ``make_evaluator`` returns is used for everything (its
    ``deps`` gather every file read) and nothing is kept.
    """

    def __init__(self, shared: bool = False) -> None:
        self.shared = shared
        self._own: dict[str, _Own] = {}
        self._mounts: dict[str, list[_Mounted | None]] = {}
        self._links: dict[str, _Links] = {}
        self._served: dict[str, _Served] = {}
        self._context: tuple | None = None
        self._settings: dict[str, str] | None = None
        #: the last walk: routers, own prefixes, prefixes, chains, stacks, dropped
        self._walk: tuple | None = None
        #: every file the last pass read (its entries' and its own)
        self.deps: frozenset[str] = frozenset()
        self.recomputed = {"own": 0, "mounts": 0, "links": 0, "served": 0}

    def forget(self) -> None:
        """Drop everything kept (the next pass resolves every file)."""
        self._own.clear()
        self._mounts.clear()
        self._links.clear()
        self._served.clear()
        self._settings = None
        self._walk = None

    # ------------------------------------------------------------------ evaluators

    def _entry_evaluator(self, make_evaluator) -> tuple[Evaluator, list]:
        ev = make_evaluator()
        log: list = []
        if self.shared:
            return ev, log
        ev.deps = set()
        for name in _TABLE_LOOKUPS:
            setattr(ev, name, _Recorded(name, getattr(ev, name), log))
        return ev, log

    @staticmethod
    def _holds(lookups: tuple, ev: Evaluator) -> bool:
        return all(getattr(ev, name)(*args) == answer for name, args, answer in lookups)

    # ------------------------------------------------------------------ the pass

    def resolve(self, files: dict[str, FileFacts], make_evaluator,
                changed: "set[str] | frozenset[str] | None" = None
                ) -> tuple[list[ResolvedRoute], list[UnmountedRouter]]:
        """Every route of ``files`` with its full path(s) and the topmost unmounted
        routers, as :func:`resolve_routes` gives them. ``make_evaluator()`` returns a
        fresh evaluator of the current index (one per kept entry computed, one for the
        pass); ``changed``: the files whose facts or values changed since the last pass
        (None: anything may have, keep nothing)."""
        ev = make_evaluator()
        if not self.shared:
            ev.deps = set()
        context = (ev.client_defaults, ev.own_hosts)
        if changed is None or self.shared or self._context != context:
            self.forget()
            changed = frozenset()
        self._context = context
        self._drop_stale(files, changed, ev)

        # 1. routers and their own prefixes
        routers: dict[tuple[str, str], Router] = {}
        reframed: set[tuple[str, str]] = set()
        own_prefix: dict[tuple[str, str], list[str]] = {}
        for path, facts in files.items():
            if not facts.routers:
                continue
            own = self._own.get(path)
            if own is None:
                own = self._own[path] = self._compute_own(path, facts, make_evaluator)
            for key, router, was_reframed in own.routers:
                routers[(path, key)] = router
                if was_reframed:
                    reframed.add((path, key))
                own_prefix[(path, key)] = own.own_prefix[key]
        old = self._walk
        changed_routers: set[tuple[str, str]] = set()
        if old is not None:
            old_routers = old[0]
            if len(old_routers) != len(routers) or any(
                    old_routers.get(k) is not r and old_routers.get(k) != r for k, r in routers.items()):
                changed_routers = {k for k in routers.keys() | old_routers.keys()
                                   if routers.get(k) != old_routers.get(k)}

        # 2. mounts and routes of each file
        order = sorted(files)
        for path in order:
            facts = files[path]
            if not (facts.mounts or facts.routes or facts.view_routes):
                self._mounts.pop(path, None)
                self._links.pop(path, None)
                continue
            mounts = self._mounts.get(path)
            if mounts is None or len(mounts) != len(facts.mounts):
                mounts = self._mounts[path] = [None] * len(facts.mounts)
            notes: dict[Route, str] = {}
            built: set[Span] = set()
            for i, m in enumerate(facts.mounts):
                got = mounts[i]
                if got is not None and changed_routers and (
                        got.all_routers or not changed_routers.isdisjoint(got.routers_read)):
                    got = None
                if got is None:
                    got = mounts[i] = self._compute_mount(path, facts, m, routers, make_evaluator)
                notes.update(got.notes)
                if got.built is not None:
                    built.add(got.built)
            links = self._links.get(path)
            if links is not None and (
                    (changed_routers and not changed_routers.isdisjoint(links.routers_read))
                    or links.notes != notes or links.built != built):
                links = None
            if links is None:
                links = self._links[path] = self._compute_links(path, facts, files, routers, reframed,
                                                               notes, frozenset(built), make_evaluator)

        # workspace settings (Django ROOT_URLCONF, APPEND_SLASH...): the first file wins
        settings: dict[str, str] = {}
        settings_files: list[str] = []
        for path in order:
            for name, value in files[path].settings:
                settings.setdefault(name, value)
                if path not in settings_files:
                    settings_files.append(path)

        def resolve_module(dotted: str) -> str | None:
            for f in settings_files:
                target = ev.modules.resolve(f, dotted, "python")
                if target is not None:
                    return target
            return None

        explicit_roots: set[tuple[str, str]] = set()
        for fw in registry.FRAMEWORKS:
            explicit_roots |= {k for k in fw.explicit_roots(settings, resolve_module) if k in routers}
        explicit_frameworks = {routers[k].framework for k in explicit_roots}
        edges: dict[tuple[str, str], list[tuple[tuple[str, str], str, bool, int]]] = {}
        incoming: set[tuple[str, str]] = set()
        for path in order:
            for got in self._mounts.get(path, ()):
                for parent, child, prefix, replaces, morder in got.edges:
                    edges.setdefault(parent, []).append((child, prefix, replaces, morder))
                incoming |= got.incoming

        # 3. the walk from the roots
        def is_root(k: tuple[str, str], r: Router) -> bool:
            if k in explicit_roots:
                return True
            if r.is_app:
                return k not in incoming  # a sub-app mounted in another app is served there
            if not r.root_candidate or k in incoming:
                return False
            return r.framework not in explicit_frameworks

        roots = [k for k, r in routers.items() if is_root(k, r)]
        prefixes: dict[tuple[str, str], list[str]] = {}
        # parallel to prefixes: (root, mount orders from the root) of each prefix
        chains: dict[tuple[str, str], list[tuple[tuple[str, str], tuple[int, ...]]]] = {}
        # parallel to prefixes: the routers from the root down to the node
        stacks: dict[tuple[str, str], list[tuple[tuple[str, str], ...]]] = {}

        seen_paths: dict[tuple[str, str], set] = {}

        def visit(node: tuple[str, str], prefix: str, stack: tuple, chain: tuple[int, ...]) -> None:
            got = prefixes.setdefault(node, [])
            # each (prefix, root) once: a router two apps reach is served by both
            seen = seen_paths.setdefault(node, set())
            if (prefix, stack[0]) in seen or len(got) >= MAX_PREFIXES:
                return
            seen.add((prefix, stack[0]))
            got.append(prefix)
            chains.setdefault(node, []).append((stack[0], chain))
            stacks.setdefault(node, []).append(stack)
            for child, mprefix, replaces, morder in sorted(edges.get(node, []), key=lambda e: e[3]):
                if child in stack:
                    continue
                for own in ([""] if replaces else own_prefix[child]):
                    visit(child, join_paths(join_paths(prefix, mprefix), own) if (mprefix or own) else prefix,
                          stack + (child,), chain + (morder,))

        for root in sorted(roots):
            for own in own_prefix[root]:
                visit(root, own, (root,), ())

        # a tentative router (a parameter that may be an HTTP client) exists only if mounted
        dropped = {k for k, r in routers.items() if r.tentative and k not in prefixes}
        # routers whose resolved routes may differ from the last pass
        if old is None or settings != self._settings:
            dirty = None  # all
        else:
            _, old_own, old_prefixes, old_chains, old_stacks, old_dropped = old
            dirty = set(changed_routers)
            for k in routers:
                if (prefixes.get(k) != old_prefixes.get(k) or chains.get(k) != old_chains.get(k)
                        or stacks.get(k) != old_stacks.get(k) or own_prefix[k] != old_own.get(k)
                        or (k in dropped) != (k in old_dropped)):
                    dirty.add(k)
            if changed_routers:
                # the routers above a changed one (its root's framework orders its routes)
                dirty |= {k for k, ks in stacks.items()
                          if any(not changed_routers.isdisjoint(s) for s in ks)}
        self._walk = (routers, own_prefix, prefixes, chains, stacks, dropped)
        self._settings = settings

        # 4. each file's resolved routes
        scope = PathScope(files, ev, tuple((k[0], routers[k]) for k in sorted(roots)))
        walk = (routers, prefixes, chains, stacks, dropped, own_prefix, settings, scope)
        out: list[ResolvedRoute] = []
        counts: dict[tuple[str, str], int] = {}
        deps: set[str] = set(ev.deps) if not self.shared else set()
        for path in order:
            links = self._links.get(path)
            if links is None:
                self._served.pop(path, None)
                continue
            served = self._served.get(path)
            if served is None or served.links is not links or not served.keep or (
                    dirty is None or not dirty.isdisjoint(served.rkeys)):
                served = self._compute_served(path, files[path], links, walk, make_evaluator, ev)
                if served.keep:
                    self._served[path] = served
                else:
                    self._served.pop(path, None)
                    deps |= served.deps
            out.extend(served.routes)
            for k, n in served.counts.items():
                counts[k] = counts.get(k, 0) + n

        def hidden(node: tuple[str, str], seen: set) -> int:
            if node in seen:
                return 0
            seen.add(node)
            return counts.get(node, 0) + sum(hidden(c, seen) for c, *_ in edges.get(node, []))

        unmounted = [UnmountedRouter(k[0], routers[k], hidden(k, set()))
                     for k in sorted(routers) if k not in prefixes and k not in incoming
                     and k not in dropped]
        # the two recursive closures refer to themselves: unbound, they and the tables
        # they hold go when the last pass's tables are replaced, instead of waiting for
        # the garbage collector (some 2,000 objects per pass at 10k, which made the next
        # young collection a pause of 5-10 ms inside an update)
        visit = hidden = None  # noqa: F841
        finished = _finish_routes(out, ev)
        if not self.shared:
            for level in (self._own, self._links, self._served):
                for entry in level.values():
                    deps |= entry.deps
            for mounts in self._mounts.values():
                for got in mounts:
                    deps |= got.deps
            deps |= ev.deps
            self.deps = frozenset(deps)
        return finished, [u for u in unmounted if u.hidden]

    def _drop_stale(self, files: dict[str, FileFacts], changed: "set[str] | frozenset[str]",
                    ev: Evaluator) -> None:
        """Forget the entries of files that changed, are gone, or read what changed."""
        for level in (self._own, self._links, self._served):
            stale = [path for path, e in level.items()
                     if e.facts is not files.get(path) or path in changed
                     or not changed.isdisjoint(e.deps)
                     or (e.lookups and not self._holds(e.lookups, ev))]
            for path in stale:
                del level[path]
        for path in [p for p in self._mounts if p not in files]:
            del self._mounts[path]
        for path, mounts in self._mounts.items():
            for i, e in enumerate(mounts):
                if e is not None and (e.facts is not files.get(path) or path in changed
                                      or not changed.isdisjoint(e.deps)
                                      or (e.lookups and not self._holds(e.lookups, ev))):
                    mounts[i] = None

    # ------------------------------------------------------------------ per file

    def _compute_own(self, path: str, facts: FileFacts, make_evaluator) -> _Own:
        self.recomputed["own"] += 1
        ev, log = self._entry_evaluator(make_evaluator)
        routers: dict[str, Router] = {}
        # the file a router's own prefix is written in, when not its own (a default of a
        # subclass's __init__); routers whose framework only resolution could tell
        prefix_files: dict[str, str] = {}
        reframed: set[str] = set()
        for r in facts.routers:
            routers[r.key] = r
            made = _subclassed(path, r, facts, ev)
            if made is not None:
                routers[r.key], prefix_files[r.key] = made
                reframed.add(r.key)
        own_prefix = {k: _prefixes(r.framework, r.prefix, r.syntax, prefix_files.get(k, path), ev)
                      for k, r in routers.items()}
        return _Own(facts, tuple((k, r, k in reframed) for k, r in routers.items()), own_prefix,
                    frozenset(ev.deps) if not self.shared else frozenset(), tuple(log))

    def _router_key(self, path: str, routers: dict, ev: Evaluator, read: set, aliases: dict):
        """The router function for one entry of ``path``: the router a key names in the
        file (its own, or one it imports: Python ``from app import app`` then
        ``@app.route(...)``), the routers looked up noted in ``read``."""

        def router_key(key: str) -> tuple[str, str] | None:
            k = (path, key)
            read.add(k)
            if k in routers:
                return k
            if key not in aliases:
                aliases[key] = None
                if key.isidentifier():
                    val = ev.eval(Ref(key), Ctx(path))
                    if isinstance(val, RouterVal):
                        read.add((val.file, val.key))
                        if (val.file, val.key) in routers:
                            aliases[key] = (val.file, val.key)
            return aliases[key]

        return router_key

    def _compute_mount(self, path: str, facts: FileFacts, m: Mount,
                       routers: dict[tuple[str, str], Router], make_evaluator) -> _Mounted:
        self.recomputed["mounts"] += 1
        ev, log = self._entry_evaluator(make_evaluator)
        read: set[tuple[str, str]] = set()
        router_key = self._router_key(path, routers, ev, read, {})
        watched = _WatchedRouters(routers, read)
        edges: list[tuple[tuple[str, str], tuple[str, str], str, bool, int]] = []
        incoming: set[tuple[str, str]] = set()
        # a route standing for a mount of something outside the workspace, with what
        # serves it (Framework.opaque_mount)
        opaque: dict[str, dict[Route, str]] = {}
        built = None

        def done() -> _Mounted:
            return _Mounted(facts, edges, frozenset(incoming), opaque.get(path, {}), built,
                            frozenset(ev.deps) if not self.shared else frozenset(), tuple(log),
                            frozenset(read), watched.listed)

        parent = router_key(m.parent)
        if parent is None:
            return done()
        framework = m.framework or routers[parent].framework
        # a framework may expand a mount itself (a folder of plugins); else the
        # child is one router expression
        targets = registry.get(framework).mount_targets(m, path, watched, ev)
        if targets is None:
            child = ev.eval(m.child, Ctx(path))
            if not isinstance(child, RouterVal):
                if not m.call_result:  # a middleware's result mounts nothing
                    _opaque_mount(m, path, framework, ev, opaque)
                return done()
            targets = [((child.file, child.key), "")]
            if m.call_result:
                # the router a function returns: the call is no request handler
                built = m.span
        prefix_expr = m.prefix
        if m.prefix_or_child and not _is_prefix(prefix_expr, path, ev):
            prefix_expr = None  # `app.use(auth, router)`: a middleware, not a path
        for ckey, extra in targets:
            read.add(ckey)
            if ckey not in routers or ckey == parent:
                continue
            for prefix in _prefixes(framework, prefix_expr, m.syntax, path, ev):
                if extra:
                    prefix = join_paths(prefix, extra)
                edges.append((parent, ckey, prefix, m.replaces_prefix, m.order))
            incoming.add(ckey)
        return done()

    def _compute_links(self, path: str, facts: FileFacts, files: dict[str, FileFacts],
                       routers: dict[tuple[str, str], Router], reframed: set[tuple[str, str]],
                       notes: dict[Route, str], built: frozenset[Span], make_evaluator) -> _Links:
        self.recomputed["links"] += 1
        ev, log = self._entry_evaluator(make_evaluator)
        read: set[tuple[str, str]] = set()
        router_key = self._router_key(path, routers, ev, read, {})
        # (route, template, policy override, framework) in declaration order; ``decls``
        # gives each entry its declaration number (the templates of one route fact share
        # it; each route a view expands is its own)
        local: list[tuple[Route, str, str | None, str]] = []
        decls: dict[int, int] = {}
        decls_seen: list = []
        for route in (*facts.routes, *notes):
            if built and route.method == "ANY" and route.span in built:
                continue  # `use('/x', makeRouter())`: the router's routes, not a handler
            framework = route.framework
            rkey = router_key(route.router)
            if rkey is not None and (rkey[0] != path or rkey in reframed) \
                    and routers[rkey].framework != framework:
                # a route added to an imported router, or to a router built by a subclass:
                # the router's framework decides (the extractor guessed from the method
                # name alone)
                framework = routers[rkey].framework
                route = replace(route, framework=framework,
                                trailing_slash=registry.get(framework).trailing_slash)
            ctx = None
            if rkey is not None and routers[rkey].owner:
                # `this.router.get(this.path, ...)`: `this` is an instance of the class
                ev.deps.add(rkey[0])
                info = next((c for c in files[rkey[0]].classes if c.name == routers[rkey].owner), None)
                if info is not None:
                    ctx = Ctx(rkey[0], None, Instance(ClassRef(rkey[0], info)))
            for template, override in _templates(framework, route.path, route.syntax, path, ev, ctx):
                decls[len(local)] = len(decls_seen)
                local.append((route, template, override, framework))
            decls_seen.append(route)
        for vr in facts.view_routes:
            fw = registry.for_view_kind(vr.kind)
            for template, override in _templates(vr.framework, vr.path, vr.syntax, path, ev):
                expanded = fw.expand_view(vr, template, path, ev) if fw is not None else []
                for route in expanded:
                    decls[len(local)] = len(decls_seen)
                    decls_seen.append(route)
                    local.append((route, route.path.value if isinstance(route.path, Lit) else "",
                                  override, route.framework))
        ordered = [(route, template, override, framework, decls.get(n, n), router_key(route.router))
                   for n, (route, template, override, framework) in enumerate(_framework_order(local))]
        return _Links(facts, notes, built, ordered,
                      frozenset(ev.deps) if not self.shared else frozenset(), tuple(log),
                      frozenset(read))

    def _compute_served(self, path: str, facts: FileFacts, links: _Links, walk: tuple,
                        make_evaluator, pass_ev: Evaluator) -> _Served:
        self.recomputed["served"] += 1
        routers, prefixes, chains, stacks, dropped, own_prefix, settings, scope = walk
        ev, log = self._entry_evaluator(make_evaluator)
        keep = True
        out: list[ResolvedRoute] = []
        counts: dict[tuple[str, str], int] = {}
        rkeys: set[tuple[str, str]] = set()
        notes = links.notes
        for route, template, override, framework, decl, rkey in links.local:
            if rkey is None:
                continue
            rkeys.add(rkey)
            if rkey in dropped:
                continue
            router = routers[rkey]
            fw = registry.get(framework)
            served = prefixes.get(rkey)
            mounted = bool(served)
            if not mounted:
                counts[rkey] = counts.get(rkey, 0) + 1
            slash = fw.adjust_policy(override or route.trailing_slash, settings)
            handler = _handler_definition(route, path, ev)
            if type(fw).served_paths is not Framework.served_paths:
                keep = False  # it may read any file of the graph (scope)
            variants = [(i, prefix, full) for i, prefix in enumerate(served or own_prefix[rkey])
                        for full in _served_paths(fw, route, path, _normalize(join_paths(prefix, template), slash),
                                                  stacks[rkey][i] if served else (), routers, scope, slash)]
            for i, prefix, full in variants:
                group, order = (path, route.router, prefix), route.order
                # (routes added to an imported router from another module keep their
                # own group: the modules' import order is unknown)
                if served and fw.ordering == "app" and rkey[0] == path:
                    (root_file, root_key), chain = chains[rkey][i]
                    if registry.get(routers[(root_file, root_key)].framework).ordering == "app":
                        group = (root_file, root_key, "")
                        order = _chain_order(chain + (route.order,))
                # the app: the root that serves it (two services of a repository may both
                # serve `GET /health`), within its package (one project's route files
                # are one app for file-based routing: Framework.root_is_app)
                app = _app_of(chains[rkey][i][0], routers, pass_ev) if served else ""
                unresolved = UNKNOWN_PART in full
                if unresolved and type(fw).unresolved_note is not Framework.unresolved_note:
                    keep = False  # it may read the graph (scope)
                out.append(ResolvedRoute(
                    file=route.file or path, method=route.method, path=full, span=route.span,
                    framework=framework, handler=route.handler, app=app, variant=(decl, i),
                    handler_span=handler[1], handler_file=handler[0], mounted=mounted,
                    trailing_slash=slash, group=group,
                    order=order, router_label=router.label or router.key,
                    router_span=router.span, branch=route.branch,
                    resolved=not unresolved, passthrough=route.passthrough,
                    note=notes.get(route, "") if notes else "",
                    unknown=_unresolved_note(fw, route, path, full, stacks[rkey][i] if served else (),
                                             routers, scope)))
        return _Served(facts, links, frozenset(rkeys), out, counts,
                       frozenset(ev.deps) if not self.shared else frozenset(), tuple(log), keep)


def _app_of(root: tuple[str, str], routers: dict[tuple[str, str], Router],
            evaluator: Evaluator) -> str:
    """:attr:`ResolvedRoute.app` of the routes root router ``root`` serves: its package
    folder, and the root itself when its framework's roots are apps."""
    package = evaluator.modules.package_dir(root[0])
    if not registry.get(routers[root].framework).root_is_app:
        return package
    return f"{package}#{root[0]}#{root[1]}"


def _opaque_mount(m: Mount, path: str, framework: str, evaluator: Evaluator,
                  out: dict[str, dict[Route, str]]) -> None:
    """A mount whose child is no workspace router: when its framework says what serves it
    (:meth:`~routelink.frameworks.base.Framework.opaque_mount`), one route ``ANY
    <prefix>/{?}`` on the parent router, at the mount, noting it."""
    reason = registry.get(framework).opaque_mount(m, path, evaluator)
    if not reason:
        return
    rest = Dyn("rest")
    route = Route(router=m.parent, method="ANY",
                  path=Concat((m.prefix, Lit("/"), rest)) if m.prefix is not None else rest,
                  span=m.span, framework=framework, order=m.order, trailing_slash="ignore",
                  syntax=m.syntax)
    out.setdefault(path, {})[route] = reason


def _subclassed(path: str, router: Router, facts: FileFacts, evaluator: Evaluator
                ) -> tuple[Router, str] | None:
    """A router the builder guessed from its use (``router = UserAPIRouter(prefix="/foods")``
    then ``@router.get("")``) that turns out to be built by a workspace subclass of a
    framework's router class: (the router as that framework's
    :meth:`~routelink.frameworks.base.PyFramework.subclass_router` makes it, the file its
    prefix is written in); else None."""
    if not router.root_candidate or router.is_app or router.prefix is not None:
        return None
    call = next((v for k, v in facts.values if k == router.key), None)
    frameworks = [fw for fw in registry.for_language(facts.language) if isinstance(fw, PyFramework)]
    if not isinstance(call, CallExpr) or not frameworks:
        return None
    kinds: dict[str, tuple[PyFramework, str]] = {}

    def accept(dotted: str, imported: bool) -> bool:
        for fw in frameworks:
            kind = fw.constructor_kind(dotted, imported)
            if kind is not None:
                kinds[dotted] = (fw, kind)
                return True
        return False

    made = construction(call, path, evaluator, accept)
    if made is None:
        return None
    fw, kind = kinds[made.base]
    got = fw.subclass_router(kind, made)
    if got is None:
        return None
    is_app, prefix = got
    return (replace(router, framework=fw.name, is_app=is_app, root_candidate=False,
                    prefix=prefix[0] if prefix else None, syntax=""),
            prefix[1] if prefix else path)


def _finish_routes(routes: list[ResolvedRoute], evaluator: Evaluator) -> list[ResolvedRoute]:
    """Apply :meth:`Framework.finish_routes` of every framework that overrides it; each
    route is replaced, in place, by the routes the hook makes of it."""
    hooked = [fw for fw in registry.FRAMEWORKS
              if type(fw).finish_routes is not Framework.finish_routes]
    replaced: dict[int, list[ResolvedRoute]] = {}
    names = {fw.name for fw in hooked}
    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(routes):
        if r.framework in names:
            by_name.setdefault(r.framework, []).append(i)
    for fw in hooked:
        ids = by_name.get(fw.name)
        if not ids:
            continue
        try:
            finished = fw.finish_routes([routes[i] for i in ids], evaluator)
        except Exception:  # noqa: BLE001 - a bug in one framework keeps its routes as they are
            log.exception("finish_routes failed for %s", fw.name)
            continue
        for i, new in zip(ids, finished):
            if len(new) != 1 or new[0] is not routes[i]:
                replaced[i] = new
    if not replaced:
        return routes
    out: list[ResolvedRoute] = []
    for i, r in enumerate(routes):
        out.extend(replaced.get(i, (r,)))
    return out


def _served_paths(fw: Framework, route: Route, file: str, full: str, stack: tuple, routers: dict,
                  scope: PathScope, slash: str) -> list[str]:
    """The paths ``fw`` serves ``route`` at (:meth:`Framework.served_paths`), normalized."""
    if type(fw).served_paths is Framework.served_paths:
        return [full]
    chain = tuple((k[0], routers[k]) for k in stack)
    out: list[str] = []
    for p in fw.served_paths(route, file, full, chain, scope):
        p = _normalize(p, slash)
        if p not in out:
            out.append(p)
    return out


def _unresolved_note(fw: Framework, route: Route, file: str, full: str, stack: tuple, routers: dict,
                     scope: PathScope) -> str:
    """:meth:`Framework.unresolved_note` for a path with an unknown part, else ''."""
    if UNKNOWN_PART not in full or type(fw).unresolved_note is Framework.unresolved_note:
        return ""
    return fw.unresolved_note(route, file, full, tuple((k[0], routers[k]) for k in stack), scope)


def _framework_order(local: list[tuple[Route, str, str | None, str]]
                     ) -> list[tuple[Route, str, str | None, str]]:
    """Re-rank the routes of each router whose framework ranks routes itself
    (:meth:`Framework.order_key`, Werkzeug) before registration order; other routers
    keep their registration orders (which also order them among mounts)."""
    by_router: dict[str, list[int]] = {}
    for i, (route, _, _, _) in enumerate(local):
        if type(registry.get(route.framework)).order_key is not Framework.order_key:
            by_router.setdefault(route.router, []).append(i)
    if not by_router:
        return local
    out = list(local)
    for ids in by_router.values():
        ranked = sorted(ids, key=lambda i: (registry.get(local[i][0].framework).order_key(local[i][1]),
                                            local[i][0].order, i))
        for rank, i in enumerate(ranked):
            route, template, override, framework = local[i]
            out[i] = (replace(route, order=rank), template, override, framework)
    return out


def _chain_order(chain: tuple[int, ...]) -> int:
    """One integer that orders routes as their chains of registration orders compare
    (lexicographically): the root's own order first, then each include's."""
    value = 0
    for i in range(_ORDER_DEPTH):
        value = value * _ORDER_WIDTH + (min(chain[i], _ORDER_WIDTH - 1) if i < len(chain) else 0)
    return value


@dataclass(frozen=True, slots=True)
class UnmountedRouter:
    """A router no root reaches and no router mounts: its routes are never served.

    ``hidden`` counts its routes plus those of routers mounted on it.
    """

    file: str
    router: Router
    hidden: int
