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
    ``evaluator.deps``.
    """
    routers: dict[tuple[str, str], Router] = {}
    # the file a router's own prefix is written in, when not its own (a default of a
    # subclass's __init__); routers whose framework only resolution could tell
    prefix_files: dict[tuple[str, str], str] = {}
    reframed: set[tuple[str, str]] = set()
    for path, facts in files.items():
        for r in facts.routers:
            routers[(path, r.key)] = r
            made = _subclassed(path, r, facts, evaluator)
            if made is not None:
                routers[(path, r.key)], prefix_files[(path, r.key)] = made
                reframed.add((path, r.key))
    aliases: dict[tuple[str, str], tuple[str, str] | None] = {}

    def router_key(path: str, key: str) -> tuple[str, str] | None:
        """The router ``key`` names in ``path``: its own, or one it imports (Python
        ``from app import app`` then ``@app.route(...)``)."""
        k = (path, key)
        if k in routers:
            return k
        if k not in aliases:
            aliases[k] = None
            if key.isidentifier():
                val = evaluator.eval(Ref(key), Ctx(path))
                if isinstance(val, RouterVal) and (val.file, val.key) in routers:
                    aliases[k] = (val.file, val.key)
        return aliases[k]

    own_prefix = {k: _prefixes(r.framework, r.prefix, r.syntax, prefix_files.get(k, k[0]), evaluator)
                  for k, r in routers.items()}
    # workspace settings (Django ROOT_URLCONF, APPEND_SLASH...): the first file wins
    settings: dict[str, str] = {}
    settings_files: list[str] = []
    for path in sorted(files):
        for name, value in files[path].settings:
            settings.setdefault(name, value)
            if path not in settings_files:
                settings_files.append(path)

    def resolve_module(dotted: str) -> str | None:
        for f in settings_files:
            target = evaluator.modules.resolve(f, dotted, "python")
            if target is not None:
                return target
        return None

    explicit_roots: set[tuple[str, str]] = set()
    for fw in registry.FRAMEWORKS:
        explicit_roots |= {k for k in fw.explicit_roots(settings, resolve_module) if k in routers}
    explicit_frameworks = {routers[k].framework for k in explicit_roots}
    edges: dict[tuple[str, str], list[tuple[tuple[str, str], str, bool, int]]] = {}
    incoming: set[tuple[str, str]] = set()
    # file -> routes standing for mounts of something outside the workspace, with what
    # serves them (Framework.opaque_mount)
    opaque: dict[str, dict[Route, str]] = {}
    # (file, span) of mounts of a router a called function returns
    built: set[tuple[str, Span]] = set()
    for path in sorted(files):
        facts = files[path]
        for m in facts.mounts:
            parent = router_key(path, m.parent)
            if parent is None:
                continue
            framework = m.framework or routers[parent].framework
            # a framework may expand a mount itself (a folder of plugins); else the
            # child is one router expression
            targets = registry.get(framework).mount_targets(m, path, routers, evaluator)
            if targets is None:
                child = evaluator.eval(m.child, Ctx(path))
                if not isinstance(child, RouterVal):
                    if not m.call_result:  # a middleware's result mounts nothing
                        _opaque_mount(m, path, framework, evaluator, opaque)
                    continue
                targets = [((child.file, child.key), "")]
                if m.call_result:
                    # the router a function returns: the call is no request handler
                    built.add((path, m.span))
            prefix_expr = m.prefix
            if m.prefix_or_child and not _is_prefix(prefix_expr, path, evaluator):
                prefix_expr = None  # `app.use(auth, router)`: a middleware, not a path
            for ckey, extra in targets:
                if ckey not in routers or ckey == parent:
                    continue
                for prefix in _prefixes(framework, prefix_expr, m.syntax, path, evaluator):
                    if extra:
                        prefix = join_paths(prefix, extra)
                    edges.setdefault(parent, []).append((ckey, prefix, m.replaces_prefix, m.order))
                incoming.add(ckey)

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
        for child, mprefix, replaces, order in sorted(edges.get(node, []), key=lambda e: e[3]):
            if child in stack:
                continue
            for own in ([""] if replaces else own_prefix[child]):
                visit(child, join_paths(join_paths(prefix, mprefix), own) if (mprefix or own) else prefix,
                      stack + (child,), chain + (order,))

    for root in sorted(roots):
        for own in own_prefix[root]:
            visit(root, own, (root,), ())

    # a tentative router (a parameter that may be an HTTP client) exists only if mounted
    dropped = {k for k, r in routers.items() if r.tentative and k not in prefixes}
    scope = PathScope(files, evaluator, tuple((k[0], routers[k]) for k in sorted(roots)))
    out: list[ResolvedRoute] = []
    counts: dict[tuple[str, str], int] = {}
    for path in sorted(files):
        facts = files[path]
        # (route, template, policy override, framework) in declaration order; ``decls``
        # gives each entry its declaration number (the templates of one route fact share
        # it; each route a view expands is its own)
        local: list[tuple[Route, str, str | None, str]] = []
        decls: dict[int, int] = {}
        decls_seen: list = []
        notes = opaque.get(path, {})
        for route in (*facts.routes, *notes):
            if built and route.method == "ANY" and (path, route.span) in built:
                continue  # `use('/x', makeRouter())`: the router's routes, not a handler
            framework = route.framework
            rkey = router_key(path, route.router)
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
                info = next((c for c in files[rkey[0]].classes if c.name == routers[rkey].owner), None)
                if info is not None:
                    ctx = Ctx(rkey[0], None, Instance(ClassRef(rkey[0], info)))
            for template, override in _templates(framework, route.path, route.syntax, path,
                                                 evaluator, ctx):
                decls[len(local)] = len(decls_seen)
                local.append((route, template, override, framework))
            decls_seen.append(route)
        for vr in facts.view_routes:
            fw = registry.for_view_kind(vr.kind)
            for template, override in _templates(vr.framework, vr.path, vr.syntax, path, evaluator):
                expanded = fw.expand_view(vr, template, path, evaluator) if fw is not None else []
                for route in expanded:
                    decls[len(local)] = len(decls_seen)
                    decls_seen.append(route)
                    local.append((route, route.path.value if isinstance(route.path, Lit) else "",
                                  override, route.framework))
        local = _framework_order(local)
        for n, (route, template, override, framework) in enumerate(local):
            decl = decls.get(n, n)
            rkey = router_key(path, route.router)
            if rkey is None or rkey in dropped:
                continue
            router = routers[rkey]
            fw = registry.get(framework)
            served = prefixes.get(rkey)
            mounted = bool(served)
            if not mounted:
                counts[rkey] = counts.get(rkey, 0) + 1
            slash = fw.adjust_policy(override or route.trailing_slash, settings)
            handler = _handler_definition(route, path, evaluator)
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
                app = _app_of(chains[rkey][i][0], routers, evaluator) if served else ""
                out.append(ResolvedRoute(
                    file=route.file or path, method=route.method, path=full, span=route.span,
                    framework=framework, handler=route.handler, app=app, variant=(decl, i),
                    handler_span=handler[1], handler_file=handler[0], mounted=mounted,
                    trailing_slash=slash, group=group,
                    order=order, router_label=router.label or router.key,
                    router_span=router.span, branch=route.branch,
                    resolved=UNKNOWN_PART not in full, passthrough=route.passthrough,
                    note=notes.get(route, "") if notes else "",
                    unknown=_unresolved_note(fw, route, path, full, stacks[rkey][i] if served else (),
                                             routers, scope)))

    def hidden(node: tuple[str, str], seen: set) -> int:
        if node in seen:
            return 0
        seen.add(node)
        return counts.get(node, 0) + sum(hidden(c, seen) for c, *_ in edges.get(node, []))

    unmounted = [UnmountedRouter(k[0], routers[k], hidden(k, set()))
                 for k in sorted(routers) if k not in prefixes and k not in incoming
                 and k not in dropped]
    return _finish_routes(out, evaluator), [u for u in unmounted if u.hidden]


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
    for fw in hooked:
        ids = [i for i, r in enumerate(routes) if r.framework == fw.name]
        if not ids:
            continue
        try:
            finished = fw.finish_routes([routes[i] for i in ids], evaluator)
        except Exception:  # noqa: BLE001 - a bug in one framework keeps its routes as they are
            log.exception("finish_routes failed for %s", fw.name)
            continue
        for i, new in zip(ids, finished):
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
