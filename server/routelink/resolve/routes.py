"""The mount graph: every route with its full path template.

Routers are nodes, mounts are edges (``app.use('/api', router)``,
``include_router(prefix=...)``, Django ``include()``). Walking from the roots (apps,
and Django URLconfs nothing includes when ROOT_URLCONF is unknown) gives each router the
prefixes it is served under; a router reached along two paths serves its routes under
both. Routers no root reaches are *unmounted*: their routes are listed with
``mounted=False`` and their own prefix only.

View routes (:class:`~routelink.facts.ViewRoutes`) are expanded here through the
framework expanders in :mod:`routelink.resolve.views`, because the methods they serve
depend on classes that may live in other files.
"""

from __future__ import annotations

from dataclasses import dataclass

from routelink.facts import Expr, FileFacts, Ref, Route, Router, Span
from routelink.resolve.evaluate import Ctx, Evaluator, RouterVal

MAX_PREFIXES = 16
#: frameworks whose app matches one flat, ordered route list built by following its
#: includes in order (Django's URL resolver, Channels' URLRouter, FastAPI/Starlette's
#: include_router and mounts): a route of an included router can shadow a later route
#: of another router. Their routes share one group per root, ordered by the chain of
#: registration orders from the root (see ``_chain_order``).
FLAT_FRAMEWORKS = frozenset({"django", "drf", "channels", "ninja", "fastapi"})
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


def resolve_routes(files: dict[str, FileFacts], evaluator: Evaluator
                   ) -> tuple[list[ResolvedRoute], list[UnmountedRouter]]:
    """Every route of ``files`` with its full path(s), in a stable order, and the
    topmost unmounted routers.

    ``files`` maps absolute path -> facts (only files with routers, routes, mounts or
    view routes matter). Dependencies on other files (imports of routers, view classes)
    are recorded in ``evaluator.deps``.
    """
    from routelink.resolve.views import expand_view_routes

    routers: dict[tuple[str, str], Router] = {}
    for path, facts in files.items():
        for r in facts.routers:
            routers[(path, r.key)] = r
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

    def prefix_of(expr: Expr | None, path: str, literal: str) -> str:
        """A prefix given as an expression (``prefix=settings.API_V1_STR``): its value
        when it evaluates to one literal string, else ``literal``."""
        if expr is None:
            return literal
        values = {"".join(p for p in s.pieces if isinstance(p, str))
                  for s in evaluator.strings(expr, Ctx(path))
                  if all(isinstance(p, str) for p in s.pieces) and not s.origin_unknown}
        if len(values) != 1:
            return literal
        value = values.pop()
        return value if not value or value.startswith("/") else "/" + value

    own_prefix = {k: prefix_of(r.prefix_expr, k[0], r.prefix) for k, r in routers.items()}
    # Django: the settings' ROOT_URLCONF names the root URLconf; other URLconfs are
    # served only where something includes them. APPEND_SLASH = False turns off the
    # slash redirect.
    root_urlconfs: set[tuple[str, str]] = set()
    append_slash = True
    flask_strict = True
    for path, facts in files.items():
        for name, value in facts.settings:
            if name == "ROOT_URLCONF":
                target = evaluator.modules.resolve(path, value, "python")
                if target is not None and (target, "urlpatterns") in routers:
                    root_urlconfs.add((target, "urlpatterns"))
            elif name == "APPEND_SLASH" and value == "False":
                append_slash = False
            elif name == "FLASK_STRICT_SLASHES" and value == "False":
                flask_strict = False
    edges: dict[tuple[str, str], list[tuple[tuple[str, str], str, bool, int]]] = {}
    incoming: set[tuple[str, str]] = set()
    for path in sorted(files):
        facts = files[path]
        for m in facts.mounts:
            parent = router_key(path, m.parent)
            if parent is None:
                continue
            child = evaluator.eval(m.child, Ctx(path))
            if not isinstance(child, RouterVal):
                continue
            ckey = (child.file, child.key)
            if ckey not in routers or ckey == parent:
                continue
            edges.setdefault(parent, []).append(
                (ckey, prefix_of(m.prefix_expr, path, m.prefix), m.replaces_prefix, m.order))
            incoming.add(ckey)

    def is_root(k: tuple[str, str], r: Router) -> bool:
        if r.is_app or k in root_urlconfs:
            return True
        if not r.root_candidate or k in incoming:
            return False
        return not (root_urlconfs and r.framework == "django" and r.key == "urlpatterns")

    roots = [k for k, r in routers.items() if is_root(k, r)]
    prefixes: dict[tuple[str, str], list[str]] = {}
    # parallel to prefixes: (root, mount orders from the root) of each prefix
    chains: dict[tuple[str, str], list[tuple[tuple[str, str], tuple[int, ...]]]] = {}

    def visit(node: tuple[str, str], prefix: str, stack: tuple, chain: tuple[int, ...]) -> None:
        got = prefixes.setdefault(node, [])
        if prefix in got or len(got) >= MAX_PREFIXES:
            return
        got.append(prefix)
        chains.setdefault(node, []).append((stack[0], chain))
        for child, mprefix, replaces, order in sorted(edges.get(node, []), key=lambda e: e[3]):
            if child in stack:
                continue
            own = "" if replaces else own_prefix[child]
            visit(child, join_paths(join_paths(prefix, mprefix), own) if (mprefix or own) else prefix,
                  stack + (child,), chain + (order,))

    for root in sorted(roots):
        visit(root, own_prefix[root], (root,), ())

    out: list[ResolvedRoute] = []
    counts: dict[tuple[str, str], int] = {}
    for path in sorted(files):
        facts = files[path]
        local_routes = list(facts.routes)
        for vr in facts.view_routes:
            local_routes.extend(expand_view_routes(vr, path, evaluator))
        for route in local_routes:
            rkey = router_key(path, route.router)
            if rkey is None:
                continue
            router = routers[rkey]
            served = prefixes.get(rkey)
            mounted = bool(served)
            if not mounted:
                counts[rkey] = counts.get(rkey, 0) + 1
            slash = route.trailing_slash
            if not append_slash and slash == "append-get":
                slash = "strict"
            elif not flask_strict and slash == "append" and route.framework == "flask":
                slash = "ignore"  # app.url_map.strict_slashes = False
            handler = _handler_definition(route, path, evaluator)
            for i, prefix in enumerate(served or [own_prefix[rkey]]):
                full = _normalize(join_paths(prefix, route.path), slash)
                group, order = (path, route.router, prefix), route.order
                # (routes added to an imported router from another module keep their
                # own group: the modules' import order is unknown)
                if served and route.framework in FLAT_FRAMEWORKS and rkey[0] == path:
                    (root_file, root_key), chain = chains[rkey][i]
                    if routers[(root_file, root_key)].framework in FLAT_FRAMEWORKS:
                        group = (root_file, root_key, "")
                        order = _chain_order(chain + (route.order,))
                out.append(ResolvedRoute(
                    file=route.file or path, method=route.method, path=full, span=route.span,
                    framework=route.framework, handler=route.handler,
                    handler_span=handler[1], handler_file=handler[0], mounted=mounted,
                    trailing_slash=slash, group=group,
                    order=order, router_label=router.label or router.key,
                    router_span=router.span, branch=route.branch))

    def hidden(node: tuple[str, str], seen: set) -> int:
        if node in seen:
            return 0
        seen.add(node)
        return counts.get(node, 0) + sum(hidden(c, seen) for c, *_ in edges.get(node, []))

    unmounted = [UnmountedRouter(k[0], routers[k], hidden(k, set()))
                 for k in sorted(routers) if k not in prefixes and k not in incoming]
    return out, [u for u in unmounted if u.hidden]


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
