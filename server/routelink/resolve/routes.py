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

from routelink.facts import FileFacts, Router, Span
from routelink.resolve.evaluate import Ctx, Evaluator, RouterVal

MAX_PREFIXES = 16


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
    edges: dict[tuple[str, str], list[tuple[tuple[str, str], str, bool, int]]] = {}
    incoming: set[tuple[str, str]] = set()
    for path in sorted(files):
        facts = files[path]
        for m in facts.mounts:
            parent = (path, m.parent)
            if parent not in routers:
                continue
            child = evaluator.eval(m.child, Ctx(path))
            if not isinstance(child, RouterVal):
                continue
            ckey = (child.file, child.key)
            if ckey not in routers or ckey == parent:
                continue
            edges.setdefault(parent, []).append((ckey, m.prefix, m.replaces_prefix, m.order))
            incoming.add(ckey)
    roots = [k for k, r in routers.items() if r.is_app or (r.root_candidate and k not in incoming)]
    prefixes: dict[tuple[str, str], list[str]] = {}

    def visit(node: tuple[str, str], prefix: str, stack: tuple) -> None:
        got = prefixes.setdefault(node, [])
        if prefix in got or len(got) >= MAX_PREFIXES:
            return
        got.append(prefix)
        for child, mprefix, replaces, _ in sorted(edges.get(node, []), key=lambda e: e[3]):
            if child in stack:
                continue
            own = "" if replaces else routers[child].prefix
            visit(child, join_paths(join_paths(prefix, mprefix), own) if (mprefix or own) else prefix,
                  stack + (child,))

    for root in sorted(roots):
        visit(root, routers[root].prefix, (root,))

    out: list[ResolvedRoute] = []
    for path in sorted(files):
        facts = files[path]
        local_routes = list(facts.routes)
        for vr in facts.view_routes:
            local_routes.extend(expand_view_routes(vr, path, evaluator))
        for route in local_routes:
            rkey = (path, route.router)
            router = routers.get(rkey)
            if router is None:
                continue
            served = prefixes.get(rkey)
            mounted = bool(served)
            for prefix in (served or [router.prefix]):
                full = _normalize(join_paths(prefix, route.path), route.trailing_slash)
                out.append(ResolvedRoute(
                    file=path, method=route.method, path=full, span=route.span,
                    framework=route.framework, handler=route.handler,
                    handler_span=route.handler_span, mounted=mounted,
                    trailing_slash=route.trailing_slash, group=(path, route.router, prefix),
                    order=route.order, router_label=router.label or router.key,
                    router_span=router.span))
    counts: dict[tuple[str, str], int] = {}
    for r in out:
        if not r.mounted:
            counts[(r.file, r.group[1])] = counts.get((r.file, r.group[1]), 0) + 1

    def hidden(node: tuple[str, str], seen: set) -> int:
        if node in seen:
            return 0
        seen.add(node)
        return counts.get(node, 0) + sum(hidden(c, seen) for c, *_ in edges.get(node, []))

    unmounted = [UnmountedRouter(k[0], routers[k], hidden(k, set()))
                 for k in sorted(routers) if k not in prefixes and k not in incoming]
    return out, [u for u in unmounted if u.hidden]


@dataclass(frozen=True, slots=True)
class UnmountedRouter:
    """A router no root reaches and no router mounts: its routes are never served.

    ``hidden`` counts its routes plus those of routers mounted on it.
    """

    file: str
    router: Router
    hidden: int
