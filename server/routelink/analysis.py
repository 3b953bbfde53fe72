"""From resolved calls and routes to links and findings.

The functions here are pure: they take resolved facts and return values. The index
(:mod:`routelink.index`) decides what to recompute when a file changes; this module
decides what the results are.

Findings use the SPEC's diagnostic codes. Positions are LSP spans (0-based).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from routelink.facts import CallSite, FileFacts, Span
from routelink.link import (
    RenderedURL,
    _segment_score,
    has_trailing_slash,
    method_allows,
    render,
    segments,
    slash_allows,
)
from routelink.resolve.evaluate import Ctx, Evaluator, Instance, ClassRef
from routelink.resolve.routes import ResolvedRoute, UnmountedRouter

CODES = (
    "unmatched-call",
    "method-mismatch",
    "duplicate-prefix",
    "unused-route",
    "duplicate-route",
    "shadowed-route",
    "unmounted-route",
    "unresolved-call",
)

DEFAULT_SEVERITY = {
    "unmatched-call": "warning",
    "method-mismatch": "warning",
    "duplicate-prefix": "warning",
    "unused-route": "information",
    "duplicate-route": "warning",
    "shadowed-route": "warning",
    "unmounted-route": "warning",
    "unresolved-call": "hint",
}


@dataclass(frozen=True, slots=True)
class ResolvedCall:
    """One HTTP request a call site makes, with its URL rendered to a path template.

    ``method`` is upper-case, or ``None`` when it is decided at run time. ``span`` covers
    the call expression, ``url_span`` its URL argument. ``duplicate_prefix`` is the base
    URL path the literal repeats, if it does.
    """

    file: str
    span: Span
    url_span: Span
    raw: str
    method: str | None
    path: str
    client: str
    resolved: bool
    base_path: str = ""
    duplicate_prefix: str | None = None
    method_span: Span | None = None
    method_style: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic before severity configuration and suppression.

    ``related`` lists ("route", index) / ("call", index) references into the
    analysis's routes and calls; ``fix`` is an optional (span, new_text, title) edit.
    """

    code: str
    file: str
    span: Span
    message: str
    related: tuple[tuple[str, int], ...] = ()
    fix: tuple[Span, str, str] | None = None


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


# ---------------------------------------------------------------------- calls


def resolve_file_calls(path: str, facts: FileFacts, evaluator: Evaluator) -> list[ResolvedCall]:
    """The requests made by the call sites written in ``path``.

    A call site inside a wrapper function (one whose URL starts with a parameter) is not
    a request by itself: its requests are reported at the wrapper's call sites.
    """
    out: list[ResolvedCall] = []
    classes = {c.name: c for c in facts.classes}
    for site in facts.calls:
        this = None
        if site.function is not None:
            if evaluator.is_wrapper(path, site.function):
                continue
            owner = site.function.split(".")[0]
            if owner in classes:
                this = Instance(ClassRef(path, classes[owner]))
        elif site.callee.name == "this":
            continue
        ctx = Ctx(path, () if site.function else None, this)
        seen: set[tuple] = set()
        for req in evaluator.requests(site.callee, site.args, ctx, site.is_new):
            rendered = render(req)
            if rendered is None:
                continue
            key = (req.method, rendered.path)
            if key in seen:
                continue
            seen.add(key)
            out.append(_resolved_call(path, site, req.client, req.method, rendered))
    return out


def _resolved_call(path: str, site: CallSite, client: str, method: str | None,
                   rendered: RenderedURL) -> ResolvedCall:
    dup = None
    base = rendered.base_path.rstrip("/")
    if base and rendered.relative:
        rel = rendered.relative
        if rel == base or rel.startswith(base + "/"):
            dup = base
    return ResolvedCall(
        file=path, span=site.span, url_span=site.url_span, raw=site.raw,
        method=method, path=rendered.path, client=client, resolved=rendered.resolved,
        base_path=rendered.base_path, duplicate_prefix=dup,
        method_span=site.method_span, method_style=site.method_style)


# ---------------------------------------------------------------------- matching


#: Frameworks that pick the route by path alone and only then look at the method (Django's
#: URL resolver: a later pattern is unreachable even for another method, the first one
#: answers 405). Express, Flask and Starlette/FastAPI keep looking for a method match.
PATH_DISPATCH_FRAMEWORKS = frozenset({"django", "drf", "channels"})


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


def call_findings(index: int, call: ResolvedCall, m: CallMatch,
                  routes: list[ResolvedRoute]) -> list[Finding]:
    """The findings on one call: unresolved, unmatched, method mismatch, duplicate prefix."""
    out: list[Finding] = []
    desc = f"{call.method or 'ANY'} {call.path}"
    if call.duplicate_prefix:
        base = call.duplicate_prefix
        fix = None
        raw = call.raw
        quote = raw[:1]
        if quote in "'\"`" and raw[1:].startswith(base):
            new_text = quote + raw[1 + len(base):]
            if new_text[1:2] not in ("/", quote):
                new_text = quote + "/" + new_text[1:]
            fix = (call.url_span, new_text, f"Remove the repeated base URL prefix '{base}'")
        out.append(Finding(
            "duplicate-prefix", call.file, call.url_span,
            f"{call.raw} repeats the base URL path '{base}' that the client already "
            f"prepends: the request goes to {call.path}", fix=fix))
    if not call.resolved:
        out.append(Finding(
            "unresolved-call", call.file, call.url_span,
            f"The URL {call.raw} could not be resolved statically, so this "
            f"{call.method or ''} call was not checked".replace("  ", " ")))
        return out
    if m.routes or (call.duplicate_prefix and not m.path_routes):
        # a repeated base URL explains the 404 already: one finding, with its fix
        return out
    if m.path_routes:
        methods = sorted({routes[i].method for i in m.path_routes})
        target = routes[m.path_routes[0]]
        fix = _method_fix(call, methods[0]) if len(methods) == 1 and methods[0] not in ("ANY", "WS") else None
        out.append(Finding(
            "method-mismatch", call.file, call.span,
            f"{call.method} {call.path}: the route exists but only for {', '.join(methods)} "
            f"({_where(target)})",
            related=tuple(("route", i) for i in m.path_routes), fix=fix))
        return out
    if m.slash_routes:
        r = routes[m.slash_routes[0]]
        why = ("the route ends with '/' and the redirect does not keep a "
               f"{call.method} request" if r.path.endswith("/") else
               "the route has no trailing '/'")
        out.append(Finding(
            "unmatched-call", call.file, call.span,
            f"No route serves {desc}: {r.method} {r.path} differs by the trailing slash; {why} "
            f"({_where(r)})",
            related=tuple(("route", i) for i in m.slash_routes)))
        return out
    if m.unmounted_routes:
        r = routes[m.unmounted_routes[0]]
        out.append(Finding(
            "unmatched-call", call.file, call.span,
            f"No mounted route serves {desc}: only {r.method} {r.path} on router "
            f"'{r.router_label}' ({_where(r)}) would, and that router is never mounted",
            related=tuple(("route", i) for i in m.unmounted_routes)))
        return out
    out.append(Finding("unmatched-call", call.file, call.span, f"No route serves {desc}"))
    return out


def _method_fix(call: ResolvedCall, method: str) -> tuple[Span, str, str] | None:
    """The edit that makes ``call`` use ``method``, where the method is written."""
    span = call.method_span
    if span is None:
        return None
    title = f"Change the method to {method}"
    if call.method_style == "member":
        return (span, method.lower(), title)
    if call.method_style == "literal":
        return (span, f"'{method}'", title)
    if call.method_style == "insert" and call.client == "fetch":
        return (span, f", {{ method: '{method}' }}", title)
    return None


def _where(r: ResolvedRoute) -> str:
    return f"{_short(r.file)}:{r.span.line + 1}"


def _short(path: str) -> str:
    return path.rsplit("/", 1)[-1]


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


def structural_route_findings(routes: list[ResolvedRoute], unmounted: list[UnmountedRouter],
                              shadowed_by: dict[int, int]) -> list[Finding]:
    """Findings that depend on the routes alone: duplicate, shadowed, unmounted."""
    out: list[Finding] = []
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(routes):
        if not r.mounted:
            continue
        key = (r.method, _shape(r.path))
        if key in seen:
            first = routes[seen[key]]
            if (first.file, first.span) != (r.file, r.span) and not (
                    first.file == r.file and exclusive_branches(first.branch, r.branch)):
                out.append(Finding(
                    "duplicate-route", r.file, r.span,
                    f"{r.method} {r.path} is already declared at {_where(first)}; "
                    f"this declaration {'never runs' if first.group == r.group else 'conflicts with it'}",
                    related=(("route", seen[key]),)))
        else:
            seen[key] = i
    for j, i in sorted(shadowed_by.items()):
        later, earlier = routes[j], routes[i]
        out.append(Finding(
            "shadowed-route", later.file, later.span,
            f"{later.method} {later.path} is never reached: "
            f"{earlier.method} {earlier.path} ({_where(earlier)}) is registered "
            f"first and matches every request it would",
            related=(("route", i),)))
    for u in unmounted:
        n = u.hidden
        what = "router" if u.router.framework in ("express", "fastapi", "drf") else (
            "blueprint" if u.router.framework == "flask" else
            "URLconf" if u.router.framework == "django" else "router")
        out.append(Finding(
            "unmounted-route", u.file, u.router.span,
            f"{what.capitalize()} '{u.router.label or u.router.key}' is never mounted: "
            f"its {n} route{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} not served"))
    return out


def unused_route_findings(routes: list[ResolvedRoute], callers: dict[int, list[int]],
                          any_calls: bool, possible: set[int] = frozenset()) -> list[Finding]:
    """``unused-route`` for each mounted route no call reaches.

    ``callers`` maps a route index to the calls linked to it; ``possible`` holds routes
    some call may reach at run time. Only reported when the workspace has at least one
    call (a backend indexed alone would flag every route).
    """
    if not any_calls:
        return []
    return [Finding("unused-route", r.file, r.span, f"No indexed call reaches {r.method} {r.path}")
            for i, r in enumerate(routes)
            if r.mounted and not callers.get(i) and i not in possible
            and r.method not in ("HEAD", "OPTIONS") and not is_fallback(r)]


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
    if (earlier.method != later.method and earlier.method != "ANY"
            and earlier.framework not in PATH_DISPATCH_FRAMEWORKS):
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


@dataclass
class Analysis:
    """Everything the index derived: routes, calls, their matches and findings (before
    severity configuration). ``matches[i]`` belongs to ``calls[i]``; route and call
    indices in ``matches`` and ``callers`` are positions in ``routes`` and ``calls``."""

    routes: list[ResolvedRoute] = field(default_factory=list)
    calls: list[ResolvedCall] = field(default_factory=list)
    matches: list[CallMatch] = field(default_factory=list)
    callers: dict[int, list[int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unmounted: list[UnmountedRouter] = field(default_factory=list)
