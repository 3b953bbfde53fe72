"""The one matcher: a segment trie of route templates, for linking and for shadowing.

Route templates (``/users/{id}``, ``/files/{p*}``, ``/dl/{name}.{ext}``) are kept in a
:class:`SegmentTrie`. Two walks answer the two questions routelink asks:

- :meth:`SegmentTrie.matches`: which routes can serve a *call* template, with a score.
  A literal segment matches the same literal; a route parameter any one segment; a route
  catch-all the rest (``{name*}`` zero or more segments, ``{name+}`` one or more); a call hole ``{}`` matches a parameter
  exactly and a literal possibly; a call hole ``{*}`` any number of segments. The call
  links to its best-scoring routes, so ``/users/{}`` links to ``/users/{id}`` rather than
  ``/users/me``. Scores: 3 exact, 2 parameter for a literal, 1 possible, per segment.
- :meth:`SegmentTrie.covering`: which routes match *every* request another route would
  (the earlier route shadows the later one): literals cover only the same literal, a
  parameter covers any one segment but not a catch-all, a catch-all covers the rest (a
  required one only a rest that always has a segment).

:class:`RouteTable` applies them: linking with method and trailing-slash checks
(:func:`routelink.link.templates.method_allows`, ``slash_allows``), and shadowing within
each ordering group (a router, or a whole app for frameworks with ``ordering = "app"``).
Embedded-parameter segments are matched by a linear wildcard matcher (no regular
expressions over user input).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from routelink.frameworks import registry as frameworks
from routelink.facts import catch_all_min
from routelink.link.templates import has_trailing_slash, method_allows, segments, slash_allows
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
    #: routes with a part routelink could not evaluate (``/{?}/users``) that may serve
    #: the call: it is then not reported unmatched
    uncertain_routes: tuple[int, ...] = ()
    possible_routes: tuple[int, ...] = ()
    #: why only some routes were considered, for the message of an unmatched call
    #: (the request stays on the dev server; it goes to the port of one backend)
    note: str = ""



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
    return len(segs) == 1 and catch_all_min(segs[0]) is not None and route.method in ("GET", "ANY")


def _is_param(seg: str) -> bool:
    return seg.startswith("{") and seg.endswith("}") and "{" not in seg[1:-1] and catch_all_min(seg) is None


def _is_catch_all(seg: str) -> bool:
    return catch_all_min(seg) is not None


def _least(segs: tuple[str, ...]) -> int:
    """The fewest segments a rest of a route template always has (a catch-all counts
    its minimum)."""
    return sum(1 if catch_all_min(s) is None else catch_all_min(s) for s in segs)


def _wildcard_pieces(seg: str) -> tuple[str, ...]:
    """``'{name}.{ext}'`` -> ``('', '.', '')``: the literal text around each hole."""
    pieces = [""]
    i = 0
    while i < len(seg):
        if seg[i] == "{":
            j = seg.find("}", i)
            if j == -1:
                pieces[-1] += seg[i:]
                break
            pieces.append("")
            i = j + 1
        else:
            pieces[-1] += seg[i]
            i += 1
    return tuple(pieces)


def wildcard_match(pattern: str, text: str) -> bool:
    """Whether ``text`` matches a segment with embedded holes (``{name}.{ext}``, ``{}``),
    each hole standing for one or more characters. Linear in ``len(text)`` times the
    number of holes: leftmost placement of each literal piece is optimal."""
    pieces = _wildcard_pieces(pattern)
    if len(pieces) == 1:
        return pieces[0] == text
    first, last, middle = pieces[0], pieces[-1], pieces[1:-1]
    if not text.startswith(first) or len(text) < len(first) + len(last):
        return False
    pos = len(first)
    end = len(text) - len(last)
    if not text.endswith(last):
        return False
    for piece in middle:
        found = text.find(piece, pos + 1)  # a hole takes at least one character
        if found == -1 or found + len(piece) > end:
            return False
        pos = found + len(piece)
    return end >= pos + 1


def segment_score(call: str, route: str) -> int:
    """How well one call segment matches one route segment: 0 no, 1 maybe, 2-3 yes."""
    if _is_param(route):
        return 3 if call == "{}" else 2
    if "{" not in route:
        if call == route:
            return 3
        if call == "{}":
            return 1
        if "{}" in call:
            return 1 if wildcard_match(call, route) else 0
        return 0
    # route segment with embedded params: '{name}.{ext}'
    if "{" not in call:
        return 2 if wildcard_match(route, call) else 0
    return 1


class _Node:
    """A trie node: routes ending here, children by segment kind, and the catch-alls
    that start here as (route id, fewest segments they take)."""

    __slots__ = ("literal", "param", "patterns", "catch_all", "routes")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.patterns: dict[str, _Node] = {}
        self.catch_all: list[tuple[int, int]] = []
        self.routes: list[int] = []


class SegmentTrie:
    """Route templates by segment; values are route ids (ints)."""

    __slots__ = ("root",)

    def __init__(self) -> None:
        self.root = _Node()

    def add(self, template: str, rid: int) -> None:
        """Add route ``rid`` with path ``template``."""
        node = self.root
        for seg in segments(template):
            least = catch_all_min(seg)
            if least is not None:
                node.catch_all.append((rid, least))
                return
            if _is_param(seg):
                if node.param is None:
                    node.param = _Node()
                node = node.param
            elif "{" in seg:
                node = node.patterns.setdefault(seg, _Node())
            else:
                node = node.literal.setdefault(seg, _Node())
        node.routes.append(rid)

    def remove(self, template: str, rid: int) -> None:
        """Remove route ``rid`` added with path ``template`` (nodes left empty go)."""
        node = self.root
        trail: list[tuple[_Node, str | None, _Node]] = []  # (parent, literal/pattern or None, child)
        for seg in segments(template):
            if catch_all_min(seg) is not None:
                node.catch_all = [e for e in node.catch_all if e[0] != rid]
                break
            if _is_param(seg):
                child = node.param
                key = None
            else:
                child = (node.patterns if "{" in seg else node.literal).get(seg)
                key = seg
            if child is None:
                return
            trail.append((node, key, child))
            node = child
        else:
            if rid in node.routes:
                node.routes.remove(rid)
        for parent, key, child in reversed(trail):
            if child.routes or child.catch_all or child.literal or child.param or child.patterns:
                break
            if key is None:
                parent.param = None
            elif "{" in key:
                del parent.patterns[key]
            else:
                del parent.literal[key]

    def relabel(self, lo: int, delta: int) -> None:
        """Move every route id from ``lo`` on by ``delta`` (routes inserted or removed
        before them in the route list)."""
        stack = [self.root]
        while stack:
            node = stack.pop()
            if node.routes:
                node.routes = [i + delta if i >= lo else i for i in node.routes]
            if node.catch_all:
                node.catch_all = [(i + delta if i >= lo else i, least) for i, least in node.catch_all]
            stack.extend(self._children(node))

    def matches(self, call_path: str) -> list[tuple[int, int]]:
        """(score, route id) for every route that can serve the call template.

        Bounded, and iterative (a path of 100,000 segments needs no deep stack): without
        a hole ``{*}`` each trie node is visited at most once (its depth is the call
        segment it is matched against). After a ``{*}`` only *which* routes match counts
        (they all score the same), so those walks are memoized per (node, call segment):
        at most ``2 x nodes x segments`` states, each doing work linear in its children
        plus a union of route-id sets. No call template makes it exponential (nine
        ``{*}`` holes against a 60-segment route took minutes when each hole re-walked
        the subtree below it).
        """
        segs = segments(call_path)
        n = len(segs)
        out: list[tuple[int, int]] = []
        memo: dict[tuple, frozenset[int]] = {}
        stack: list[tuple[_Node, int, int]] = [(self.root, 0, 0)]
        while stack:
            node, i, score = stack.pop()
            for rid, least in node.catch_all:
                if n - i >= least:
                    out.append((score + 1, rid))
            if i == n:
                out.extend((score + 1, rid) for rid in node.routes)
                continue
            seg = segs[i]
            if seg == "{*}":
                # a hole of unknown extent: any number of segments (at least one)
                seen: set[int] = set()
                for child in self._children(node):
                    for rid in sorted(self._solve(("a", child, i + 1), segs, memo)):
                        if rid not in seen:
                            seen.add(rid)
                            out.append((score + 1, rid))
                continue
            for child, gain in reversed(self._next(node, seg)):
                stack.append((child, i + 1, score + gain))
        return out

    @staticmethod
    def _next(node: _Node, seg: str) -> list[tuple[_Node, int]]:
        """The children of ``node`` a call segment (not ``{*}``) may go on to, with the
        score it gains there (3 exact, 2 parameter for a literal, 1 possible)."""
        out: list[tuple[_Node, int]] = []
        if seg == "{}":
            out.extend((child, 1) for child in node.literal.values())
            if node.param is not None:
                out.append((node.param, 3))
            out.extend((child, 1) for child in node.patterns.values())
            return out
        if "{}" in seg:
            out.extend((child, 1) for lit, child in node.literal.items() if wildcard_match(seg, lit))
        else:
            child = node.literal.get(seg)
            if child is not None:
                out.append((child, 3))
        if node.param is not None:
            out.append((node.param, 2))
        for pseg, child in node.patterns.items():
            s = segment_score(seg, pseg)
            if s:
                out.append((child, s))
        return out

    def _solve(self, goal: tuple, segs: tuple[str, ...], memo: dict) -> frozenset[int]:
        """Route ids of a state after a ``{*}`` hole, memoized, with an explicit stack.

        ``("r", node, i)``: the routes reachable from ``node`` with the call going on at
        ``segs[i]``. ``("a", node, i)``: the same from ``node`` or any node below it (where
        the hole may end). Every dependency is a deeper node, so the states form a DAG.
        """
        stack = [goal]
        while stack:
            key = stack[-1]
            if key in memo:
                stack.pop()
                continue
            deps = self._deps(key, segs)
            missing = [d for d in deps if d not in memo]
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            kind, node, i = key
            acc: set[int] = set()
            if kind == "r":
                n = len(segs)
                acc.update(rid for rid, least in node.catch_all if n - i >= least)
                if i == n:
                    acc.update(node.routes)
            for d in deps:
                acc |= memo[d]
            memo[key] = frozenset(acc)
        return memo[goal]

    def _deps(self, key: tuple, segs: tuple[str, ...]) -> list[tuple]:
        kind, node, i = key
        if kind == "a":
            return [("r", node, i), *(("a", c, i) for c in self._children(node))]
        if i == len(segs):
            return []
        if segs[i] == "{*}":
            return [("a", c, i + 1) for c in self._children(node)]
        return [("r", child, i + 1) for child, _ in self._next(node, segs[i])]

    @staticmethod
    def _children(node: _Node) -> list[_Node]:
        out = list(node.literal.values()) + list(node.patterns.values())
        if node.param is not None:
            out.append(node.param)
        return out

    def covering(self, template: str) -> list[int]:
        """Route ids whose template matches every request ``template`` would (a route
        with the same shape included: callers tell duplicates apart). Iterative; each
        trie node is visited at most once (at the depth of its segment)."""
        segs = segments(template)
        n = len(segs)
        out: list[int] = []
        stack: list[tuple[_Node, int]] = [(self.root, 0)]
        while stack:
            node, i = stack.pop()
            if node.catch_all:
                rest = _least(segs[i:])
                out.extend(rid for rid, least in node.catch_all if rest >= least)
            if i == n:
                out.extend(node.routes)
                continue
            seg = segs[i]
            if _is_catch_all(seg):
                continue  # only a catch-all covers a catch-all
            if _is_param(seg):
                if node.param is not None:
                    stack.append((node.param, i + 1))
                continue
            # the parameter branch after the literal one, as the recursive walk did
            if node.param is not None:
                stack.append((node.param, i + 1))
            child = node.patterns.get(seg) if "{" in seg else node.literal.get(seg)
            if child is not None:
                stack.append((child, i + 1))
        return out

    def covered_by(self, template: str) -> list[int]:
        """The reverse of :meth:`covering`: route ids whose template ``template`` matches
        every request of (``template`` is among what :meth:`covering` would give for
        each of them, were it a route of this trie). Each node is visited at most once,
        but for a catch-all in ``template``, which takes every route below it."""
        segs = segments(template)
        n = len(segs)
        out: list[int] = []
        stack: list[tuple[_Node, int]] = [(self.root, 0)]
        while stack:
            node, i = stack.pop()
            if i == n:
                out.extend(node.routes)
                continue
            seg = segs[i]
            least = catch_all_min(seg)
            if least is not None:
                # the routes below whose rest always has at least `least` segments
                below: list[tuple[_Node, int]] = [(node, 0)]
                while below:
                    nd, k = below.pop()
                    if k >= least:
                        out.extend(nd.routes)
                    out.extend(rid for rid, at_least in nd.catch_all if k + at_least >= least)
                    below.extend((c, k + 1) for c in self._children(nd))
                continue
            if _is_param(seg):
                # a parameter covers a literal, a pattern or a parameter (no catch-all)
                stack.extend((c, i + 1) for c in node.literal.values())
                stack.extend((c, i + 1) for c in node.patterns.values())
                if node.param is not None:
                    stack.append((node.param, i + 1))
                continue
            child = (node.patterns if "{" in seg else node.literal).get(seg)
            if child is not None:
                stack.append((child, i + 1))
        return out


class RouteTable:
    """The routes of one index generation, for linking: one trie of mounted routes and
    one of unmounted routes (so a call only they would serve can name their router).

    ``routes`` is the full list (indices are route ids). Routes whose path could not be
    evaluated (``resolved=False``) and the SPA fallback are not in the tries. Shadowing
    (:attr:`shadowed_by`) is computed once per table with the same trie. Routes of a
    framework that only stands in for a backend (mocks, ``Framework.stand_in``) have a
    trie of their own: :meth:`match` considers them only when asked (``stand_in=True``).
    """

    def __init__(self, routes: list[ResolvedRoute]) -> None:
        self.routes = routes
        stand = frameworks.stand_in_names()
        #: route ids of the stand-in (mock) routes
        self.stand_ins = frozenset(i for i, r in enumerate(routes) if r.framework in stand)
        self._tries = {True: SegmentTrie(), False: SegmentTrie(), None: SegmentTrie()}
        self._shadowing = _Shadowing(routes)
        self._derive()
        for i, r in enumerate(routes):
            if _in_trie(r):
                self._tries[None if i in self.stand_ins else r.mounted].add(r.path, i)

    def _derive(self) -> None:
        routes = self.routes
        #: shadowed route -> the first earlier route of its group matching all it would
        self.shadowed_by = self._shadowing.shadowed_by
        #: ...of those, the ones whose earlier route also serves its method: a call to the
        #: shadowed route reaches that one
        self.winner = {j: i for j, i in self.shadowed_by.items()
                       if method_allows(routes[j].method, routes[i].method)}
        #: mounted routes whose path has an unknown part (``{?}``)
        self.uncertain = [i for i, r in enumerate(routes)
                          if not r.resolved and r.mounted and not r.passthrough
                          and i not in self.stand_ins]
        #: stand-in routes with an unknown part that still write a literal segment (a
        #: mock at ``/{?}`` alone, a helper routelink cannot evaluate, serves nothing)
        self.stand_in_uncertain = [i for i in sorted(self.stand_ins) if not routes[i].resolved
                                   and any("{" not in seg for seg in segments(routes[i].path))]

    def updated(self, routes: list[ResolvedRoute], lo: int, old_hi: int, new_hi: int) -> "RouteTable":
        """The table of ``routes``, which are this table's routes with ``[lo:old_hi]``
        replaced by ``routes[lo:new_hi]`` (the others equal, in the same order). This table's
        tries and shadowing state are moved to the new table: the replaced routes are
        taken out, the ids after them moved (when more or fewer routes came than went),
        the new ones put in, and shadowing recomputed for the routes the replaced ones
        may concern (see :class:`_Shadowing`). This table must not be used afterwards."""
        delta = (new_hi - lo) - (old_hi - lo)
        if len(routes) != len(self.routes) + delta:
            return RouteTable(routes)
        old = self.routes
        new = RouteTable.__new__(RouteTable)
        new.routes = routes
        stand = frameworks.stand_in_names()
        new.stand_ins = frozenset(i for i, r in enumerate(routes) if r.framework in stand)
        new._tries, self._tries = self._tries, {}
        for i in range(lo, old_hi):
            r = old[i]
            if _in_trie(r):
                new._tries[None if r.framework in stand else r.mounted].remove(r.path, i)
        if delta:
            for trie in new._tries.values():
                trie.relabel(old_hi, delta)
        for i in range(lo, new_hi):
            r = routes[i]
            if _in_trie(r):
                new._tries[None if r.framework in stand else r.mounted].add(r.path, i)
        new._shadowing, self._shadowing = self._shadowing, None
        new._shadowing.replace(routes, lo, old_hi, new_hi)
        new._derive()
        return new

    def path_matches(self, call_path: str, mounted: "bool | None" = True) -> list[tuple[int, int]]:
        """(score, route id) for every route whose path can serve ``call_path`` (mounted
        routes, unmounted ones, or with None the stand-in routes)."""
        return self._tries[mounted].matches(call_path)

    def match(self, call: ResolvedCall, allowed: "frozenset[int] | None" = None,
              stand_in: bool = False) -> CallMatch:
        """Which routes serve ``call`` (see :class:`CallMatch`); none for an unresolved
        call or an outbound request of backend code. ``allowed``: only these routes may
        (the routes of the backend the call is known to reach), None for any. With
        ``stand_in`` only the stand-in (mock) routes are considered, else never."""
        if not call.resolved or call.side != "client":
            return CallMatch()
        scored: list[tuple[int, int]] = []
        path_only: list[tuple[int, int]] = []
        slash_only: list[int] = []
        for score, i in self.path_matches(call.path, None if stand_in else True):
            if allowed is not None and i not in allowed:
                continue
            r = self.routes[i]
            if (call.method == "WS") != (r.method == "WS") and r.method != "ANY":
                continue
            if not slash_allows(call.path, r.path, r.trailing_slash, call.method):
                slash_only.append(i)
                continue
            if method_allows(call.method, r.method):
                scored.append((score, i))
            elif r.method not in ("OPTIONS", "HEAD"):
                # a CORS preflight or HEAD route does not make the path "exist" for
                # another method: such a call is unmatched, not a method mismatch
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
        if not path_only and (self.stand_in_uncertain if stand_in else self.uncertain):
            uncertain = tuple(i for i in (self.stand_in_uncertain if stand_in else self.uncertain)
                              if (allowed is None or i in allowed)
                              and method_allows(call.method, self.routes[i].method)
                              and uncertain_match(segments(call.path), segments(self.routes[i].path),
                                                  strict=stand_in))
            if uncertain:
                return CallMatch(uncertain_routes=uncertain, possible_routes=uncertain)
        unmounted: list[int] = []
        if not path_only and not stand_in:
            for _, i in self.path_matches(call.path, mounted=False):
                if (allowed is None or i in allowed) and method_allows(call.method, self.routes[i].method):
                    unmounted.append(i)
        return CallMatch(path_routes=tuple(sorted(i for _, i in path_only)),
                         slash_routes=tuple(sorted(slash_only)),
                         unmounted_routes=tuple(sorted(unmounted)))


# ---------------------------------------------------------------------- routes


def uncertain_match(call: tuple[str, ...], route: tuple[str, ...], strict: bool = False) -> bool:
    """Whether a route template with unknown parts may serve a call template: a segment
    ``{?}`` stands for one or more segments, ``{?}`` inside a segment for any text; the
    other segments match as in the trie (a call hole ``{}`` may be anything; with
    ``strict``, as for a mock whose path is partly unknown, a hole is no literal segment:
    ``/api/{}`` is no evidence of ``/{?}/list``). O(len(call) * len(route)) segment
    comparisons: a ``{?}`` reached at call segment i opens its column for every later
    call segment (one flag per column), instead of marking each of them."""
    n, m = len(call), len(route)
    # reach[j]: route[:j] matches call[:i] for the current i; opened[j]: some i' < i
    # had reach[j] with a multi-segment route[j], so route[:j+1] matches call[:i]
    reach = [False] * (m + 1)
    reach[0] = True
    opened = [False] * (m + 1)
    for i in range(n + 1):
        nxt = [False] * (m + 1)
        before = opened[:]  # opened at an earlier call segment (it takes at least one)
        for j in range(m + 1):
            if j > 0 and before[j - 1]:
                reach[j] = True
            if not reach[j] or j == m:
                continue
            seg = route[j]
            if seg == "{?}" or _is_catch_all(seg):
                opened[j] = True  # route[j] takes call[i], call[i+1], ... (one or more)
                if catch_all_min(seg) == 0:
                    reach[j + 1] = True  # zero segments: same i (j + 1 comes next)
                continue
            if i == n:
                continue
            c = call[i]
            if "{?}" in seg:
                ok = c == "{}" or wildcard_match(seg.replace("{?}", "{}"), c)
            elif strict and "{" in c and "{" not in seg:
                ok = False
            else:
                ok = bool(segment_score(c, seg))
            if ok:
                nxt[j + 1] = True
        if i == n:
            return reach[m]
        reach = nxt
    return False


def _in_trie(r: ResolvedRoute) -> bool:
    """Whether a route is matched through the tries (see :class:`RouteTable`)."""
    return r.resolved and not r.passthrough and not is_fallback(r)


def _shadow_group(r: ResolvedRoute, stand: frozenset[str]) -> tuple | None:
    """The ordering group a route is compared within for shadowing, or None: an
    unmounted router's routes never run (nothing to shadow there); mocks stand in for a
    backend, in no order that matters."""
    if r.resolved and r.mounted and not r.passthrough and r.framework not in stand:
        return r.group
    return None


def _shadow_class(r: ResolvedRoute) -> tuple:
    """What :func:`_class_may_shadow` reads of a route (see :func:`shadowing`)."""
    return (_shape(r.path), r.method, r.trailing_slash, has_trailing_slash(r.path),
            frameworks.get(r.framework).dispatch)


class _Group:
    """One ordering group's routes for shadowing: its routes by (order, id), its classes
    (see :func:`shadowing`; a class's trie entry is its first route's path) and a trie of
    every route's own path (for :meth:`SegmentTrie.covered_by`)."""

    __slots__ = ("classes", "class_of", "class_trie", "trie", "next_class")

    def __init__(self) -> None:
        self.classes: dict[int, list[int]] = {}
        self.class_of: dict[tuple, int] = {}
        self.class_trie = SegmentTrie()
        self.trie = SegmentTrie()
        self.next_class = 0


class _Shadowing:
    """Which route shadows which (:func:`shadowing`), kept per group so that replacing
    some routes recomputes only the routes they may concern.

    ``shadowed_by[j]`` is the first route ``i`` (by (order, id)) of ``j``'s group before
    ``j`` such that the first route of ``i``'s class has a template covering ``j``'s
    (:meth:`SegmentTrie.covering`) and :func:`_shadows` holds. Replacing routes (same ids)
    takes them out of their groups and classes and puts the new ones in; then ``j`` is
    recomputed when it is a new route, when its shadower went, or when the first route
    of a class that changed (before or after) covers it (:meth:`SegmentTrie.covered_by`):
    every other route's candidates are unchanged."""

    def __init__(self, routes: list[ResolvedRoute]) -> None:
        self.routes = routes
        self.stand = frameworks.stand_in_names()
        self.groups: dict[tuple, _Group] = {}
        self.group_of: dict[int, tuple] = {}
        self.shadowed_by: dict[int, int] = {}
        for i, r in enumerate(routes):
            g = _shadow_group(r, self.stand)
            if g is not None:
                self.group_of[i] = g
                self.groups.setdefault(g, _Group())
        by_group: dict[tuple, list[int]] = {}
        for i, g in self.group_of.items():
            by_group.setdefault(g, []).append(i)
        for g, ids in by_group.items():
            ids.sort(key=self._rank)
            for i in ids:
                self._add(self.groups[g], i, None)
            if len(ids) > 1:
                for j in ids:
                    self._recompute(self.groups[g], j)

    def _rank(self, i: int) -> tuple[int, int]:
        return (self.routes[i].order, i)

    def _add(self, st: _Group, i: int, touched: dict | None) -> None:
        r = self.routes[i]
        st.trie.add(r.path, i)
        key = _shadow_class(r)
        c = st.class_of.get(key)
        if c is None:
            c = st.class_of[key] = st.next_class
            st.next_class += 1
            st.classes[c] = [i]
            st.class_trie.add(r.path, c)
            if touched is not None:
                touched.setdefault((id(st), c), (st, c, None))
            return
        members = st.classes[c]
        if touched is not None:
            touched.setdefault((id(st), c), (st, c, self.routes[members[0]].path))
        rank = self._rank(i)
        if rank < self._rank(members[0]):
            st.class_trie.remove(self.routes[members[0]].path, c)
            st.class_trie.add(r.path, c)
        bisect.insort(members, i, key=self._rank)

    def _remove(self, st: _Group, i: int, r: ResolvedRoute, touched: dict) -> None:
        st.trie.remove(r.path, i)
        key = _shadow_class(r)
        c = st.class_of[key]
        members = st.classes[c]
        touched.setdefault((id(st), c), (st, c, r.path if members[0] == i else self.routes[members[0]].path))
        first = members[0] == i
        members.remove(i)
        if first:
            st.class_trie.remove(r.path, c)
            if members:
                st.class_trie.add(self.routes[members[0]].path, c)
        if not members:
            del st.classes[c]
            del st.class_of[key]

    def _recompute(self, st: _Group, j: int) -> None:
        routes = self.routes
        later = routes[j]
        rj = self._rank(j)
        best: int | None = None
        best_rank: tuple[int, int] | None = None
        for c in st.class_trie.covering(later.path):
            members = st.classes[c]
            if self._rank(members[0]) >= rj or not _class_may_shadow(routes[members[0]], later):
                continue
            for i in members:
                ri = self._rank(i)
                if ri >= rj:
                    break
                if _shadows(routes[i], later):
                    if best_rank is None or ri < best_rank:
                        best, best_rank = i, ri
                    break
        if best is None:
            self.shadowed_by.pop(j, None)
        else:
            self.shadowed_by[j] = best

    def replace(self, routes: list[ResolvedRoute], lo: int, old_hi: int, new_hi: int) -> None:
        """Routes ``[lo:old_hi]`` were replaced by ``routes[lo:new_hi]`` (``routes`` is
        the new list; the ids after the replaced ones move by the difference)."""
        old = self.routes
        touched: dict = {}
        # the routes whose shadower went
        redo = {j for j, i in self.shadowed_by.items() if lo <= i < old_hi and not lo <= j < old_hi}
        for i in range(lo, old_hi):
            self.shadowed_by.pop(i, None)
            g = self.group_of.pop(i, None)
            if g is not None:
                self._remove(self.groups[g], i, old[i], touched)
        delta = (new_hi - lo) - (old_hi - lo)
        if delta:
            def move(i: int) -> int:
                return i + delta if i >= old_hi else i

            self.group_of = {move(i): g for i, g in self.group_of.items()}
            self.shadowed_by = {move(j): move(i) for j, i in self.shadowed_by.items()}
            redo = {move(j) for j in redo}
            for st in self.groups.values():
                for members in st.classes.values():
                    members[:] = [move(i) for i in members]
                st.trie.relabel(old_hi, delta)
        self.routes = routes
        for i in range(lo, new_hi):
            g = _shadow_group(routes[i], self.stand)
            if g is not None:
                self.group_of[i] = g
                self._add(self.groups.setdefault(g, _Group()), i, touched)
                redo.add(i)
        for st, c, before in touched.values():
            for path in (before, self.routes[st.classes[c][0]].path if c in st.classes else None):
                if path is not None:
                    redo.update(st.trie.covered_by(path))
        for j in redo:
            g = self.group_of.get(j)
            if g is None:
                self.shadowed_by.pop(j, None)
            else:
                self._recompute(self.groups[g], j)
        for g in [g for g, st in self.groups.items() if not st.classes]:
            del self.groups[g]


def shadowing(routes: list[ResolvedRoute]) -> dict[int, int]:
    """Shadowed route -> the first earlier route of its group that matches every request
    it would (see :class:`_Shadowing`, which keeps the state for updates)."""
    return _Shadowing(routes).shadowed_by


def _class_may_shadow(earlier: ResolvedRoute, later: ResolvedRoute) -> bool:
    """The part of :func:`_shadows` that all routes of ``earlier``'s class share."""
    if (earlier.method != later.method and earlier.method != "ANY"
            and frameworks.get(earlier.framework).dispatch != "path"):
        return False
    if (has_trailing_slash(earlier.path) != has_trailing_slash(later.path)
            and earlier.trailing_slash != "ignore"):
        return False
    return _shape(earlier.path) != _shape(later.path)


@lru_cache(maxsize=65536)
def _shape(path: str) -> str:
    """Path with parameter names erased: ``/a/{id}`` and ``/a/{pk}`` are the same route."""
    out = []
    for s in segments(path):
        least = catch_all_min(s)
        if least is not None:
            out.append("{+}" if least else "{*}")
        elif s.startswith("{") and s.endswith("}"):
            out.append("{}")
        else:
            out.append(s)
    return "/" + "/".join(out) + ("/" if path.endswith("/") and len(path) > 1 else "")


def _shadows(earlier: ResolvedRoute, later: ResolvedRoute) -> bool:
    """Given that ``earlier``'s template covers ``later``'s (:meth:`SegmentTrie.covering`),
    whether ``earlier`` answers every request ``later`` would: the same method (any, for a
    path-dispatch framework), not in exclusive branches, and not an identical template
    (that is a duplicate-route)."""
    # a path-dispatch framework (Django) picks the route by path alone, then answers 405
    if (earlier.method != later.method and earlier.method != "ANY"
            and frameworks.get(earlier.framework).dispatch != "path"):
        return False
    if earlier.file == later.file and exclusive_branches(earlier.branch, later.branch):
        return False  # `if (prod) app.get('*') else app.get('/')`: never both
    if earlier.file == later.file and earlier.span == later.span:
        return False  # variants of one declaration (Express 5 `/{*splat}` also serves `/`)
    if (has_trailing_slash(earlier.path) != has_trailing_slash(later.path)
            and earlier.trailing_slash != "ignore"):
        return False  # `/items` and `/items/`: an exact match wins in Django, Flask, FastAPI
    return _shape(earlier.path) != _shape(later.path)
