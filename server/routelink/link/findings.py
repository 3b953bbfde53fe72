"""Findings: the SPEC's diagnostic codes computed from links and routes.

The functions here are pure: they take resolved routes, calls and matches and return
:class:`Finding` values. Positions are LSP spans (0-based).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from routelink.clients import registry as clients
from routelink.facts import Span, catch_all_min
from routelink.frameworks import registry as frameworks
from routelink.link.codes import CODES, DEFAULT_SEVERITY  # noqa: F401 - re-exported
from routelink.link.matcher import CallMatch, _shape, exclusive_branches, is_fallback
from routelink.link.templates import method_allows, segments
from routelink.resolve.calls import ResolvedCall
from routelink.resolve.routes import ResolvedRoute, UnmountedRouter


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic before severity configuration and suppression.

    ``related`` lists ("route", index) / ("call", index) references into the
    analysis's routes and calls; ``fix`` is an optional (span, new_text, title) edit;
    ``subject`` is the call or route the finding is on (None for an unmounted router).
    """

    code: str
    file: str
    span: Span
    message: str
    related: tuple[tuple[str, int], ...] = ()
    fix: tuple[Span, str, str] | None = None
    subject: tuple[str, int] | None = None



def call_findings(index: int, call: ResolvedCall, m: CallMatch,
                  routes: list[ResolvedRoute],
                  proven_origins: frozenset[str] | None = None,
                  proven_hosts: frozenset[str] | None = None,
                  backend: bool | None = None) -> list[Finding]:
    """The findings on call ``index`` (see :func:`_call_findings`), each with that call
    as its ``subject``."""
    return [replace(f, subject=("call", index))
            for f in _call_findings(call, m, routes, proven_origins, proven_hosts, backend)]


def has_backend(routes: list[ResolvedRoute]) -> bool:
    """Whether some route is a backend's: not only mocks (``Framework.stand_in``)."""
    stand = frameworks.stand_in_names()
    return any(r.framework not in stand for r in routes)


def _call_findings(call: ResolvedCall, m: CallMatch, routes: list[ResolvedRoute],
                   proven_origins: frozenset[str] | None = None,
                   proven_hosts: frozenset[str] | None = None,
                   backend: bool | None = None) -> list[Finding]:
    """The findings on one call: unresolved, unmatched, method mismatch, duplicate prefix
    (not for a call that links once a dev proxy has rewritten its path: the proxy strips
    the repetition).

    ``proven_origins`` are the env vars with no known value through which some call
    reaches a route: a call through another such var that no route serves may go to
    another service, and is reported as unresolved rather than unmatched.
    ``proven_hosts`` are the origins (``api.example.com``) of absolute URLs some call
    reaches a route at: a call no route serves at another non-local origin that only a
    constant names (a third-party API's base, ``https://api.github.com``; not a client's
    base URL nor an env value) is not the app's backend and gets no finding.

    When ``routes`` is empty (the workspace holds no backend at all), a call is not
    unmatched one by one: the report says once that no backend was found
    (:func:`no_backend`); unresolved calls and repeated base URLs are still reported.
    Mocks (``Framework.stand_in``) are no backend: ``backend`` tells whether some other
    route exists (computed from ``routes`` when None). A call linked only to mocks gets
    ``mock-only-call`` when a backend exists: it works in development, and no backend
    route serves it.
    """
    out: list[Finding] = []
    if call.side != "client":
        return out  # an outbound request of backend code: neither linked nor reported
    desc = f"{call.method or 'ANY'} {call.path}"
    if call.proxy is not None:
        # the path the backend receives, and what the code wrote
        desc += (f" ({call.proxied_from} through the dev proxy '{call.proxy.context}'"
                 + (f" to {call.proxy.target}" if call.proxy.target else "") + ")")
    # a dev proxy that strips the repeated part (`rewrite: p => p.replace(/^\/api/, '')`
    # on `/api/api/users`) makes the repetition what the backend needs
    # (a backend route: a mock answers before the proxy, so it says nothing of the rewrite)
    stand = frameworks.stand_in_names()
    proxied_ok = call.proxy is not None and any(
        routes[i].framework not in stand for i in (*m.routes, *m.uncertain_routes))
    if call.duplicate_prefix and not proxied_ok:
        base = call.duplicate_prefix
        fix = None
        raw = call.raw
        quote = raw[:1]
        if quote in "'\"`" and raw[1:].startswith(base):
            new_text = quote + raw[1 + len(base):]
            if new_text[1:2] not in ("/", quote):
                new_text = quote + "/" + new_text[1:]
            fix = (call.url_span, new_text, f"Remove the repeated base URL prefix '{base}'")
        # the path as sent (a dev proxy may rewrite what the backend receives)
        goes = call.proxied_from or call.path
        via = (f" (the backend receives {call.path} through the dev proxy '{call.proxy.context}')"
               if call.proxied_from and call.proxy is not None else "")
        out.append(Finding(
            "duplicate-prefix", call.file, call.url_span,
            f"{call.raw} repeats the base URL path '{base}' that the client already "
            f"prepends: the request goes to {goes}{via}", fix=fix))
    if not call.resolved:
        why = f": {call.unknown}" if call.unknown else ""
        out.append(Finding(
            "unresolved-call", call.file, call.url_span,
            f"The URL {_quoted(call.raw)} could not be resolved statically{why}, so this "
            f"{call.method or ''} call was not checked".replace("  ", " ")))
        return out
    if backend is None:
        backend = has_backend(routes)
    served = m.routes or m.uncertain_routes
    if served and backend:
        stand = frameworks.stand_in_names()
        if all(routes[i].framework in stand for i in served):
            r = routes[served[0]]
            sent = call.proxied_from or call.path
            verb = "is" if m.routes else "may be"
            known = "" if m.routes else ", whose path is not fully known"
            out.append(Finding(
                "mock-only-call", call.file, call.span,
                f"{call.method or 'ANY'} {sent} {verb} served only by a mock "
                f"({_where(r, routes)}{known}): no backend route serves {desc}",
                related=tuple(("route", i) for i in served)))
            return out
    if served or (call.duplicate_prefix and not m.path_routes) or not backend:
        # a repeated base URL explains the 404 already: one finding, with its fix; with
        # no route at all, there is nothing to match against (see no_backend)
        return out
    if call.origin and proven_hosts is not None and call.origin not in proven_hosts and \
            not call.from_base and not call.env and \
            call.origin.split(":")[0].strip("[]") not in ("localhost", "127.0.0.1", "0.0.0.0", "::1"):
        # an absolute URL whose host a constant names (not a client's base URL nor an env
        # value) and through which no call reaches a route: another service, not a broken
        # call to the app's backend
        return out
    if call.origin_env and proven_origins is not None and call.origin_env not in proven_origins:
        # its origin is an env var with no known value and no call through that var
        # reaches a route: it may well be another service (an LLM server, a CDN), so
        # neither a method nor a trailing slash that differs from a route's says anything
        out.append(Finding(
            "unresolved-call", call.file, call.url_span,
            f"The URL {_quoted(call.raw)} could not be resolved statically: its origin is env "
            f"var {call.origin_env}, which has no known value, and no call through it reaches a "
            f"route of the workspace (give {call.origin_env} a value in [env] of routelink.toml), "
            f"so this {call.method or 'ANY'} call was not checked"))
        return out
    if m.path_routes:
        methods = sorted({routes[i].method for i in m.path_routes})
        target = routes[m.path_routes[0]]
        fix = _method_fix(call, methods[0]) if len(methods) == 1 and methods[0] not in ("ANY", "WS") else None
        out.append(Finding(
            "method-mismatch", call.file, call.span,
            f"{call.method} {call.path}: the route exists but only for {', '.join(methods)} "
            f"({_where(target, routes)})",
            related=tuple(("route", i) for i in m.path_routes), fix=fix))
        return out
    if m.slash_routes:
        r = next((routes[i] for i in m.slash_routes if method_allows(call.method, routes[i].method)),
                 routes[m.slash_routes[0]])
        why = ("the route ends with '/' and the redirect does not keep a "
               f"{call.method} request" if r.path.endswith("/") else
               "the route has no trailing '/'")
        out.append(Finding(
            "unmatched-call", call.file, call.span,
            f"No route serves {desc}: {r.method} {r.path} differs by the trailing slash; {why} "
            f"({_where(r, routes)})",
            related=tuple(("route", i) for i in m.slash_routes)))
        return out
    if m.unmounted_routes:
        r = routes[m.unmounted_routes[0]]
        out.append(Finding(
            "unmatched-call", call.file, call.span,
            f"No mounted route serves {desc}: only {r.method} {r.path} on router "
            f"'{r.router_label}' ({_where(r, routes)}) would, and that router is never mounted",
            related=tuple(("route", i) for i in m.unmounted_routes)))
        return out
    note = f": {m.note}" if m.note else ""
    out.append(Finding("unmatched-call", call.file, call.span, f"No route serves {desc}{note}"))
    return out


def _quoted(raw: str) -> str:
    """A URL expression as written, quoted when it is a bare name (``feedUrl`` ->
    `` `feedUrl` ``) so the message reads unambiguously; literals show their own quotes.
    One line: whitespace runs (an object literal written over lines) are one space, and
    more than 80 characters end with ``...``."""
    raw = " ".join(raw.split())
    if len(raw) > 80:
        raw = raw[:77] + "..."
    return raw if raw[:1] in ("'", '"', "`") else f"`{raw}`"


def _method_fix(call: ResolvedCall, method: str) -> tuple[Span, str, str] | None:
    """The edit that makes ``call`` use ``method``, where the method is written; how is
    the client library's (:meth:`routelink.clients.base.ClientLibrary.method_edit`)."""
    edit = clients.get(call.client).method_edit(call.method_style, call.method_span, method)
    if edit is None:
        return None
    return (edit[0], edit[1], f"Change the method to {method}")


def _where(r: ResolvedRoute, routes: list[ResolvedRoute]) -> str:
    """``file:line`` of route ``r`` for a message, the file named by the shortest end of
    its path no other route file shares (``main.py``, or ``exif/main.py`` when
    ``thumbnail/main.py`` declares routes too)."""
    return f"{short_names(routes).get(r.file, r.file)}:{r.span.line + 1}"


#: (the routes list, its short file names): messages of one analysis share one table
_names_cache: list = [None, {}]


def short_names(routes: list[ResolvedRoute]) -> dict[str, str]:
    """Each route file -> the shortest trailing part of its path (whole segments) that no
    other route file's path ends with. Cached for the last ``routes`` list (the index
    replaces its list, never changes it in place)."""
    if _names_cache[0] is routes:
        return _names_cache[1]
    files = {r.file for r in routes}
    names: dict[str, str] = {}
    pending = {f: f.split("/") for f in files}
    k = 1
    while pending:
        counts: dict[str, int] = {}
        for parts in pending.values():
            tail = "/".join(parts[-k:])
            counts[tail] = counts.get(tail, 0) + 1
        for f, parts in list(pending.items()):
            tail = "/".join(parts[-k:])
            if counts[tail] == 1 or k >= len(parts):
                names[f] = tail.lstrip("/") or f
                del pending[f]
        k += 1
    _names_cache[0], _names_cache[1] = routes, names
    return names


def structural_route_findings(routes: list[ResolvedRoute], unmounted: list[UnmountedRouter],
                              shadowed_by: dict[int, int]) -> list[Finding]:
    """Findings that depend on the routes alone: duplicate, shadowed, unmounted."""
    out: list[Finding] = []
    seen: dict[tuple[str, str, str], int] = {}
    stand = frameworks.stand_in_names()
    for i, r in enumerate(routes):
        if not r.mounted or not r.resolved or r.passthrough or r.framework in stand:
            continue  # (mocks stand in for routes: neither duplicates nor duplicated)
        key = (r.app, r.method, _shape(r.path))  # within one app: two apps may both serve it
        if key in seen:
            first = routes[seen[key]]
            if (first.file, first.span) != (r.file, r.span) and not (
                    first.file == r.file and exclusive_branches(first.branch, r.branch)) and not (
                    r.method == "WS" and first.file != r.file):
                # (WebSocket servers in several files share one endpoint: socket.io
                # namespaces, gateways)
                out.append(Finding(
                    "duplicate-route", r.file, r.span,
                    f"{r.method} {r.path} is already declared at {_where(first, routes)}; "
                    f"this declaration {'never runs' if first.group == r.group else 'conflicts with it'}",
                    related=(("route", seen[key]),), subject=("route", i)))
        else:
            seen[key] = i
    unresolved_at: set[tuple[str, object]] = set()
    for i, r in enumerate(routes):
        if r.resolved or (r.file, r.span) in unresolved_at or r.framework in stand:
            continue  # (a mock's unknown part is said by the mock-only-call it gives)
        unresolved_at.add((r.file, r.span))
        out.append(Finding(
            "unresolved-route", r.file, r.span,
            f"{r.method} {r.path}: served by {r.note}, whose routes routelink cannot see, so "
            f"calls under it are not checked" if r.note else
            f"{r.method} {r.path}: part of the path ({{?}}) could not be resolved statically: "
            f"{r.unknown}; this route is not checked and calls it may serve are not "
            f"reported" if r.unknown else
            f"{r.method} {r.path}: part of the path ({{?}}) could not be resolved statically, "
            f"so this route is not checked and calls it may serve are not reported",
            subject=("route", i)))
    for j, i in sorted(shadowed_by.items()):
        later, earlier = routes[j], routes[i]
        out.append(Finding(
            "shadowed-route", later.file, later.span,
            f"{later.method} {later.path} is never reached: "
            f"{earlier.method} {earlier.path} ({_where(earlier, routes)}) is registered "
            f"first and matches every request it would",
            related=(("route", i),), subject=("route", j)))
    for u in unmounted:
        n = u.hidden
        fw = frameworks.get(u.router.framework)
        what = fw.router_noun
        hidden = tuple(("route", i) for i, r in enumerate(routes)
                       if not r.mounted and r.file == u.file and r.router_span == u.router.span)
        out.append(Finding(
            "unmounted-route", u.file, u.router.span,
            fw.unmounted_message(u.router, n) or
            f"{what.capitalize()} '{u.router.label or u.router.key}' is never mounted: "
            f"its {n} route{'s' if n != 1 else ''} {'are' if n != 1 else 'is'} not served",
            related=hidden))
    return out


def unused_route_findings(routes: list[ResolvedRoute], callers: dict[int, list[int]],
                          any_calls: bool | frozenset[str],
                          possible: set[int] = frozenset()) -> list[Finding]:
    """``unused-route`` for each mounted route no call reaches, directly or through
    an alias (:attr:`~routelink.resolve.routes.ResolvedRoute.via`).

    ``callers`` maps a route index to the calls linked to it; ``possible`` holds routes
    some call may reach at run time. Only reported when the workspace has a frontend
    call (``any_calls`` true: a backend indexed alone would flag every route), or, given
    a set of apps (:attr:`ResolvedRoute.app`), for the routes of those apps only (the
    services other backends of the workspace call, when no frontend is indexed).
    """
    if not any_calls:
        return []
    apps = any_calls if isinstance(any_calls, frozenset) else None
    n = len(routes)
    linked = [i for i in callers if callers[i] and 0 <= i < n]
    linked.extend(i for i in possible if not callers.get(i) and 0 <= i < n)
    # a route also served at another path (a rewrite's source: ``via``) is used when a
    # call reaches it there; the alias itself is never reported
    through_alias = {(routes[i].file, routes[i].span, routes[i].method) for i in linked
                     if routes[i].via}
    # a declaration with several paths (`/posts/:slug?`, `[[...slug]]`) is used when any
    # of them is
    used_variants = {(routes[i].file, routes[i].method, routes[i].variant) for i in linked}
    return [finding for i, r, finding in _unused_candidates(routes)
            if not callers.get(i) and i not in possible
            and (r.file, r.span, r.method) not in through_alias
            and (r.file, r.method, r.variant) not in used_variants
            and (apps is None or r.app in apps)]


#: (routes, stand-in names, candidates, per route whether it is a SPA fallback, per
#: route its finding when a candidate) of the last :func:`_unused_candidates`
_candidates_cache: list = [None, None, [], [], []]


def _unused_candidates(routes: list[ResolvedRoute]) -> list[tuple[int, ResolvedRoute, Finding]]:
    """(id, route, its ``unused-route`` finding) of the routes the finding may apply
    to, whatever the links: mounted, resolved, not a pass-through, not an alias
    (``via``), not HEAD or OPTIONS, no SPA fallback (nor another variant of one's
    declaration), no mock. Cached for the last ``routes`` list (the index replaces its
    list, never changes it in place); for another list, what each route that is the
    same object at the same id in the last one gave is reused."""
    stand = frameworks.stand_in_names()  # a mock is never unused: it is dev scaffolding
    last, last_stand, out, last_fallback, last_found = _candidates_cache
    if last is routes and last_stand == stand:
        return out
    if last is None or last_stand != stand:
        last = []
    n = min(len(last), len(routes))
    same = [last[i] is routes[i] for i in range(n)]
    same.extend([False] * (len(routes) - n))
    fallback = [last_fallback[i] if same[i] else is_fallback(r) for i, r in enumerate(routes)]
    # every variant of a SPA fallback declaration (Express 5 `/{*splat}` also serves `/`)
    fallbacks = {(r.file, r.span) for r, fb in zip(routes, fallback) if fb}
    found: list[Finding | None] = [None] * len(routes)
    out = []
    for i, r in enumerate(routes):
        if fallback[i] or (r.file, r.span) in fallbacks or not r.mounted or not r.resolved \
                or r.passthrough or r.via or r.method in ("HEAD", "OPTIONS") \
                or r.framework in stand:
            continue
        f = last_found[i] if same[i] else None
        if f is None:
            f = Finding("unused-route", r.file, r.span,
                        f"No indexed call reaches {r.method} {r.path}", subject=("route", i))
        found[i] = f
        out.append((i, r, f))
    _candidates_cache[:] = [routes, stand, out, fallback, found]
    return out


@dataclass(frozen=True, slots=True)
class RequestBases:
    """Where the workspace's requests (calls that are not ``tentative``) go: the
    ``origins`` of their absolute URLs, the ``base_paths`` of their base URLs, and the
    packages (:meth:`~routelink.resolve.modules.ModuleResolver.package_dir`) in which
    some request is sent to the page's own origin (``same_origin``: a relative URL, through
    a dev-server proxy or to the app that serves the page)."""

    origins: frozenset[str] = frozenset()
    base_paths: frozenset[str] = frozenset()
    same_origin_packages: frozenset[str] = frozenset()


def request_bases(calls, package_of) -> RequestBases:
    """The :class:`RequestBases` of ``calls`` (any iterable of :class:`ResolvedCall`);
    ``package_of(file)`` names a file's package folder."""
    origins: set[str] = set()
    bases: set[str] = set()
    packages: set[str] = set()
    for c in calls:
        if c.tentative:
            continue
        if c.origin:
            origins.add(c.origin)
        if c.base_path:
            bases.add(c.base_path)
        if c.same_origin and c.resolved and c.file:
            packages.add(package_of(c.file))
    return RequestBases(frozenset(origins), frozenset(bases), frozenset(packages))


def reaches_backend(call: ResolvedCall, m: CallMatch, routes: list[ResolvedRoute],
                    bases: RequestBases, package_of) -> bool:
    """Whether a ``tentative`` call (a browser navigation: ``<a href>``, ``<form
    action>``, ``location.href = ...``) is a request to the workspace's backend, with
    evidence (a call that is not tentative always is one):

    - a route serves its path (for its method, another method, but for the trailing
      slash, or on a router nobody mounts: the last three are then reported), and the
      path writes the route's literal segments up to its own last literal (a hole
      before it that may be one is no evidence). For a URL
      sent to the page's own origin (``/api/auth/github``), only when that origin can be
      the backend: the route is in the same package as the page (Next.js, an app that
      serves its frontend), or some request of the page's package is sent to its own
      origin too (through a dev-server proxy) and the path is not ``/`` (which the
      frontend serves itself). A frontend whose requests all go to ``${API_URL}/...``
      reaches its backend there, not at its own origin;
    - it is an absolute URL to an origin the requests use;
    - it goes through a base URL whose path the requests use.

    With the last two, the path must go on with a literal segment after the base.

    A navigation with none of these (``<a href="/about">``, a page of the frontend) is
    not a request: it is dropped, never reported."""
    if not call.tentative:
        return True
    if not call.resolved:
        return False
    linked = [i for i in (*m.routes, *m.path_routes, *m.slash_routes, *m.unmounted_routes)
              if _spelled_out(call.path, routes[i].path)]
    if linked:
        if not call.same_origin:
            # an absolute URL (`${API_URL}/auth/google`, local or from a constant or an
            # env var) or one from an env var of unknown value: as for any request
            return True
        package = package_of(call.file)
        if any(package_of(routes[i].file) == package for i in linked):
            return True  # the app that serves the page serves the route
        if package in bases.same_origin_packages and call.path != "/":
            # the page's requests reach the backend at the page's origin (a dev-server
            # proxy): so does a navigation, but never to `/`, which the frontend serves
            return True
    if not _literal_after(call.path, call.base_path):
        return False  # `${API}${path}`: nothing says where it goes
    return (bool(call.origin) and call.origin in bases.origins) or (
        bool(call.base_path) and call.base_path in bases.base_paths)


def _spelled_out(call_path: str, route_path: str) -> bool:
    """Whether a call's path writes the route's literal segments up to its own last
    literal segment (and has one: a path of holes only, ``/${lang}``, says nothing about
    where it goes): a hole there (``/${workspace}/chat/${id}`` against
    ``/api/chat/openai``) may stand for a literal at run time, but a navigation that only
    may is no evidence. Holes after it (``/api/auth/${provider}`` against
    ``/api/auth/github``) pick one of the routes there."""
    call = segments(call_path)
    last = max((i for i, seg in enumerate(call) if "{" not in seg), default=-1)
    if last < 0:
        return False  # `/${lang}`: a path of holes only says nothing
    for i, seg in enumerate(segments(route_path)):
        if catch_all_min(seg) is not None:
            return True
        if "{" in seg or i > last:
            continue  # a parameter (or a pattern such as `{name}.json`), or a trailing hole
        if i >= len(call) or call[i] != seg:
            return False
    return True


def _literal_after(path: str, base: str) -> bool:
    """Whether ``path`` goes on with a literal segment after its base path ``base``."""
    rest = path[len(base):] if base and path.startswith(base) else path
    rest = rest.lstrip("/")
    return bool(rest) and not rest.startswith("{")


def no_backend(routes: list, calls: list) -> bool:
    """True when the workspace has calls but no route at all, mocks aside: its backend
    is not indexed (another folder or repository), so calls are not matched one by one
    (a call a mock serves is still linked to it)."""
    return bool(calls) and not has_backend(routes)


#: ``FileFacts.errors`` of files that are not sources anyone writes (a binary file, a
#: minified bundle, whose calls are those of its sources): skipped without a finding
QUIET_SKIPS = frozenset({"skipped: binary file", "skipped: minified or bundled file"})


def file_findings(files) -> list[Finding]:
    """One ``file-skipped`` hint per source file routelink did not read, or read only in
    part (``FileFacts.errors``: over the size limit, parsing over its time budget, code
    nested too deeply, an internal error; not :data:`QUIET_SKIPS`), at the start of the
    file. ``files`` is an iterable of (path, facts); linear in it."""
    out = []
    for path, facts in files:
        if not facts.errors or all(e in QUIET_SKIPS for e in facts.errors):
            continue
        reason = "; ".join(facts.errors)
        if all(e.startswith("partly read: ") for e in facts.errors):
            reason = "; ".join(e[len("partly read: "):] for e in facts.errors)
            message = (f"routelink read only part of this file: {reason}; routes and calls "
                       f"there are not checked")
        else:
            reason = "; ".join(e[len("skipped: "):] if e.startswith("skipped: ") else e
                               for e in facts.errors)
            message = (f"routelink did not read this file: {reason}; its routes and calls "
                       f"are not checked")
        out.append(Finding("file-skipped", path, Span(0, 0, 0, 0), message))
    return out


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
