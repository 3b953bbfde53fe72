"""The route table: which routes serve a call, and which routes shadow others.

Routes are kept in a segment trie (:class:`RouteTable`). A call walks it segment by
segment; the best-scoring routes are its links. Shadowing compares each route with the
earlier routes of its ordering group.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from routelink.frameworks import registry as frameworks
from routelink.link.templates import _segment_score, has_trailing_slash, method_allows, segments, slash_allows
from routelink.resolve.calls import ResolvedCall
from routelink.resolve.routes import ResolvedRoute


@dataclass(frozen=True, slots=True)
class CallMatch:
    """How one call links: ``routes`` it reaches (best matches), ``path_routes`` that
    serve its path with another method, ``slash_routes`` missed only by the trailing
    slash, ``unmounted_routes`` that would serve it if their router were mounted, and
    ``possible_routes`` it may also reach at run time (a hole ``{}`` that could be a
    literal segment: ``/users/{}`` may be ``/users/profile``)."""

    routes: tuple[int, ...] = ()
    path_routes: tuple[int, ...] = ()
    slash_routes: tuple[int, ...] = ()
    unmounted_routes: tuple[int, ...] = ()
    possible_routes: tuple[int, ...] = ()



# ---------------------------------------------------------------------- matching




def exclusive_branches(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    """True when two registrations sit in different branches of the same ``if``."""
    where = dict(a)
    return any(if_id in where and where[if_id] != side for if_id, side in b)


def is_fallback(route: ResolvedRoute) -> bool:
    """A catch-all at the root (Express ``app.get('*', sendIndexHtml)``): the SPA fallback
    that answers every unknown path with the frontend's index.html. It serves no API
    call (a call that only it would answer is a real 404 of the API) and is never
    reported unused."""
    segs = segments(route.path)
    return len(segs) == 1 and segs[0].startswith("{") and segs[0].endswith("*}") and route.method in ("GET", "ANY")


class _Node:
    """A trie node: routes ending here, and children by segment kind."""

    __slots__ = ("literal", "param", "patterns", "catch_all", "routes")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.patterns: list[tuple[str, _Node]] = []
        self.catch_all: list[int] = []
        self.routes: list[int] = []


class RouteTable:
    """Routes in a segment trie for matching, one trie for mounted routes and one for
    unmounted routes (so a call only they would serve can name their router).

    ``routes`` is the full list (indices are route ids). A call walks the trie segment by
    segment: a literal follows the same literal, the parameter child and the embedded
    pattern children; a hole ``{}`` follows every child. Scores are those of
    :func:`routelink.link.match_score`.
    """

    def __init__(self, routes: list[ResolvedRoute]) -> None:
        self.routes = routes
        self._tries = {True: _Node(), False: _Node()}
        #: shadowed route -> the first earlier route of its group matching all it would
        self.shadowed_by = shadowing(routes)
        #: ...of those, the ones whose earlier route also serves its method: a call to the
        #: shadowed route reaches that one
        self.winner = {j: i for j, i in self.shadowed_by.items()
                       if method_allows(routes[j].method, routes[i].method)}
        for i, r in enumerate(routes):
            if is_fallback(r):
                continue
            node = self._tries[r.mounted]
            segs = segments(r.path)
            for k, seg in enumerate(segs):
                if seg.startswith("{") and seg.endswith("*}"):
                    node.catch_all.append(i)
                    break
                if seg.startswith("{") and seg.endswith("}") and "{" not in seg[1:-1]:
                    if node.param is None:
                        node.param = _Node()
                    node = node.param
                elif "{" in seg:
                    for pseg, child in node.patterns:
                        if pseg == seg:
                            node = child
                            break
                    else:
                        child = _Node()
                        node.patterns.append((seg, child))
                        node = child
                else:
                    node = node.literal.setdefault(seg, _Node())
            else:
                node.routes.append(i)

    def _walk(self, node: _Node, segs: tuple[str, ...], i: int, score: int,
              out: list[tuple[int, int]]) -> None:
        for rid in node.catch_all:
            out.append((score + 1, rid))
        if i == len(segs):
            for rid in node.routes:
                out.append((score + 1, rid))
            return
        seg = segs[i]
        if seg == "{}":
            for child in node.literal.values():
                self._walk(child, segs, i + 1, score + 1, out)
            if node.param is not None:
                self._walk(node.param, segs, i + 1, score + 3, out)
            for _, child in node.patterns:
                self._walk(child, segs, i + 1, score + 1, out)
            return
        if "{}" in seg:
            for lit, child in node.literal.items():
                if _segment_score(seg, lit):
                    self._walk(child, segs, i + 1, score + 1, out)
        else:
            child = node.literal.get(seg)
            if child is not None:
                self._walk(child, segs, i + 1, score + 3, out)
        if node.param is not None:
            self._walk(node.param, segs, i + 1, score + 2, out)
        for pseg, child in node.patterns:
            s = _segment_score(seg, pseg)
            if s:
                self._walk(child, segs, i + 1, score + s, out)

    def path_matches(self, call_path: str, mounted: bool = True) -> list[tuple[int, int]]:
        """(score, route id) for every route whose path can serve ``call_path``."""
        out: list[tuple[int, int]] = []
        self._walk(self._tries[mounted], segments(call_path), 0, 0, out)
        return out

    def match(self, call: ResolvedCall) -> CallMatch:
        """Which routes serve ``call`` (see :class:`CallMatch`)."""
        if not call.resolved:
            return CallMatch()
        scored: list[tuple[int, int]] = []
        path_only: list[tuple[int, int]] = []
        slash_only: list[int] = []
        for score, i in self.path_matches(call.path):
            r = self.routes[i]
            if (call.method == "WS") != (r.method == "WS") and r.method != "ANY":
                continue
            if not slash_allows(call.path, r.path, r.trailing_slash, call.method):
                slash_only.append(i)
                continue
            if method_allows(call.method, r.method):
                scored.append((score, i))
            else:
                path_only.append((score, i))
        if scored:
            best = max(s for s, _ in scored)
            # a shadowed route never runs: the call reaches the route that wins
            best_ids = {i for s, i in scored if s == best}
            winners = {self.winner.get(i, i) for i in best_ids}
            # the shadowed routes the call names, and, when the call has a hole, the
            # routes whose literal the hole may turn out to be at run time
            possible = (best_ids - winners) | (
                {i for _, i in scored} - winners if "{}" in call.path else set())
            return CallMatch(routes=tuple(sorted(winners)), possible_routes=tuple(sorted(possible)))
        if path_only:
            best = max(s for s, _ in path_only)
            path_only = [(s, i) for s, i in path_only if s == best]
        unmounted: list[int] = []
        if not path_only:
            for _, i in self.path_matches(call.path, mounted=False):
                if method_allows(call.method, self.routes[i].method):
                    unmounted.append(i)
        return CallMatch(path_routes=tuple(sorted(i for _, i in path_only)),
                         slash_routes=tuple(sorted(slash_only)),
                         unmounted_routes=tuple(sorted(unmounted)))


# ---------------------------------------------------------------------- routes


def shadowing(routes: list[ResolvedRoute]) -> dict[int, int]:
    """Shadowed route -> the first earlier route of its group that matches every request
    it would (registration order within a group; see :func:`_shadows`).

    Earlier routes are kept in a segment trie per group, so a later route is compared
    only with the earlier ones whose every segment can cover its own (the same
    literal, a parameter, a catch-all), not with the whole group.
    """
    out: dict[int, int] = {}
    groups: dict[tuple, list[int]] = {}
    for i, r in enumerate(routes):
        groups.setdefault(r.group, []).append(i)
    for ids in groups.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: routes[i].order)
        trie: dict = {}
        for j in ids:
            later = routes[j]
            candidates: list[int] = []
            _covering(trie, segments(later.path), 0, candidates)
            for i in sorted(candidates, key=lambda i: routes[i].order):
                if _shadows(routes[i], later):
                    out[j] = i
                    break
            node = trie
            for seg in segments(later.path):
                node = node.setdefault(_cover_key(seg), {})
            node.setdefault(None, []).append(j)
    return out


def _cover_key(seg: str) -> str:
    if seg.startswith("{") and seg.endswith("*}"):
        return "*"
    if seg.startswith("{") and seg.endswith("}") and "{" not in seg[1:-1]:
        return "{}"
    return "=" + seg


def _covering(node: dict, segs: tuple[str, ...], i: int, out: list[int]) -> None:
    """Routes in ``node`` whose segments can cover ``segs[i:]`` (candidates for
    :func:`_covers`, which decides)."""
    if "*" in node:
        out.extend(_all_routes(node["*"]))
    if i == len(segs):
        out.extend(node.get(None, ()))
        return
    seg = segs[i]
    child = node.get("=" + seg)
    if child is not None:
        _covering(child, segs, i + 1, out)
    if "{}" in node and not (seg.startswith("{") and seg.endswith("*}")):
        _covering(node["{}"], segs, i + 1, out)


def _all_routes(node: dict) -> list[int]:
    out = list(node.get(None, ()))
    for key, child in node.items():
        if key is not None:
            out.extend(_all_routes(child))
    return out


@lru_cache(maxsize=65536)
def _shape(path: str) -> str:
    """Path with parameter names erased: ``/a/{id}`` and ``/a/{pk}`` are the same route."""
    out = []
    for s in segments(path):
        if s.startswith("{") and s.endswith("*}"):
            out.append("{*}")
        elif s.startswith("{") and s.endswith("}"):
            out.append("{}")
        else:
            out.append(s)
    return "/" + "/".join(out) + ("/" if path.endswith("/") and len(path) > 1 else "")


def _shadows(earlier: ResolvedRoute, later: ResolvedRoute) -> bool:
    """True when ``earlier`` matches every request ``later`` would (and is not identical)."""
    # a path-dispatch framework (Django) picks the route by path alone, then answers 405
    if (earlier.method != later.method and earlier.method != "ANY"
            and frameworks.get(earlier.framework).dispatch != "path"):
        return False
    if earlier.file == later.file and exclusive_branches(earlier.branch, later.branch):
        return False  # `if (prod) app.get('*') else app.get('/')`: never both
    if (has_trailing_slash(earlier.path) != has_trailing_slash(later.path)
            and earlier.trailing_slash != "ignore"):
        return False  # `/items` and `/items/`: an exact match wins in Django, Flask, FastAPI
    if _shape(earlier.path) == _shape(later.path):
        return False  # identical: that is a duplicate-route
    e, l = segments(earlier.path), segments(later.path)
    return _covers(e, l)


def _covers(e: tuple, l: tuple) -> bool:
    if not e:
        return not l
    head = e[0]
    if head.endswith("*}") and head.startswith("{"):
        return True
    if not l:
        return False
    other = l[0]
    if head.startswith("{") and head.endswith("}") and "{" not in head[1:-1]:
        if other.endswith("*}"):
            return False
        return _covers(e[1:], l[1:])
    if head != other:
        return False
    return _covers(e[1:], l[1:])
