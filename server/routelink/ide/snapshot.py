"""What the editor asks about one index generation, answered as plain data.

A :class:`Snapshot` is the analysis of one index generation (``WorkspaceIndex.analysis()``)
with its configured diagnostics (:func:`routelink.ide.report.diagnostics`) and lookups by
file. The language server builds one per (index generation, configuration version) and
answers every request from it; tests build one from an index without any LSP.

Conventions of every query:

- ``path`` / ``file`` is an absolute POSIX path, as the index keys files.
- ``line`` is 0-based and ``character`` a 0-based column in UTF-16 code units, as in
  LSP; positions in results are :class:`~routelink.facts.Span`s in the same units.
  A position "in" a span includes the span's end (a cursor right after the last
  character is still on it).
- Routes and calls are indices into ``analysis.routes`` / ``analysis.calls``.
- Every user-visible text (hover markdown, lens titles, action titles, symbol names,
  link tooltips) is produced here, so the editor, the tests and the docs agree.

Architecture Invariant: this module (like all of ``routelink.ide``) never imports pygls
or lsprotocol; ``routelink.lsp`` converts its answers to protocol types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from routelink.config import Config
from routelink.facts import Span
from routelink.ide.report import Diagnostic, diagnostics, relative
from routelink.index import WorkspaceIndex
from routelink.link.findings import Analysis

#: action kinds of lens titles and code actions: the two commands the server offers
GO_TO_HANDLER = "go-to-handler"
SHOW_CALLERS = "show-callers"


def contains(span: Span, line: int, character: int) -> bool:
    """True when (line, character) lies within ``span``, end included (0-based line,
    UTF-16 column)."""
    if line < span.line or line > span.end_line:
        return False
    if line == span.line and character < span.column:
        return False
    if line == span.end_line and character > span.end_column:
        return False
    return True


def overlaps(span: Span, other: Span) -> bool:
    """True when two spans share at least one position (ends included)."""
    if (span.end_line, span.end_column) < (other.line, other.column):
        return False
    if (span.line, span.column) > (other.end_line, other.end_column):
        return False
    return True


def fuzzy(query: str, name: str) -> bool:
    """True when ``query`` is a substring of ``name`` or its characters appear in
    ``name`` in order (both already lower-cased by the caller)."""
    if query in name:
        return True
    it = iter(name)
    return all(ch in it for ch in query)


def _size(span: Span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_column - span.column)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


# --------------------------------------------------------------------------- results


class Location(NamedTuple):
    """A place in a file: absolute ``file`` and ``span`` (0-based, UTF-16)."""

    file: str
    span: Span


@dataclass(frozen=True, slots=True)
class Hover:
    """Hover text: ``markdown`` (one fact per line) about the call(s) and route(s) under
    the cursor; ``span`` is the expression it is about (the innermost call, else the
    route declaration)."""

    markdown: str
    span: Span | None


@dataclass(frozen=True, slots=True)
class Related:
    """A diagnostic's related place: where, and a one-line description
    (``GET /api/users (listUsers)``, ``ANY /api/x``)."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class CodeLensItem:
    """A code lens before its title is known (titles are resolved lazily).

    ``kind`` is ``"route"`` (one per route declaration, whatever the number of prefixes
    its router is mounted under) or ``"call"``. ``span`` is the declaration or the call
    expression. ``method``/``path`` are the first route's or the call's (``ANY`` for a
    call whose method is decided at run time). ``label`` is set on a route lens when
    several declarations start on the same line (``router.route(p).get().put()``): the
    methods of this one, ``"GET/PUT"``.
    """

    kind: str
    span: Span
    method: str
    path: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class LensTitle:
    """A resolved lens: its ``title`` and the command it runs, :data:`GO_TO_HANDLER`,
    :data:`SHOW_CALLERS` or ``None`` (a title only)."""

    title: str
    action: str | None = None


@dataclass(frozen=True, slots=True)
class QuickFix:
    """An edit that fixes ``diagnostic``: replace ``span`` of ``diagnostic.file`` with
    ``new_text``. ``preferred`` fixes are safe to apply automatically."""

    title: str
    diagnostic: Diagnostic
    span: Span
    new_text: str
    preferred: bool


@dataclass(frozen=True, slots=True)
class CommandAction:
    """A code action that runs a command: ``action`` is :data:`GO_TO_HANDLER` (for the
    call at the position) or :data:`SHOW_CALLERS` (for the route declared at
    ``route_span``, or at the position when it is ``None``). ``title`` is the action's,
    ``command_title`` the (shorter) title of its command."""

    title: str
    command_title: str
    action: str
    route_span: Span | None = None


@dataclass(frozen=True, slots=True)
class DocumentSymbol:
    """A route (``kind="route"``) or call (``kind="call"``) of one file. ``name`` is
    ``"METHOD /path"``; ``selection_span`` is the call's URL argument (the declaration
    for a route); ``detail`` is ``"route -> handler"`` or ``"call (client)"``."""

    name: str
    kind: str
    span: Span
    selection_span: Span
    detail: str


@dataclass(frozen=True, slots=True)
class WorkspaceSymbol:
    """A route of the workspace: ``name`` ``"METHOD /path"``, where it is declared, and
    ``container`` ``"handler (relative/file.ts)"`` (just the file without a handler)."""

    name: str
    location: Location
    container: str


@dataclass(frozen=True, slots=True)
class DocumentLink:
    """A call's URL argument (``span``, one line) linked to its handler: ``target`` is
    where the handler is (its first line is what a link opens); ``tooltip`` says where
    it goes."""

    span: Span
    target: Location
    tooltip: str


# --------------------------------------------------------------------------- snapshot


@dataclass
class Snapshot:
    """The analysis of one index generation, its configured diagnostics and per-file
    lookups. Build it with :meth:`of_index` (or directly from an analysis and its
    diagnostics); it never changes afterwards.

    ``roots`` are the workspace roots, used to show paths relative to their root.
    """

    analysis: Analysis
    diagnostics: list[Diagnostic]
    roots: list[str] = field(default_factory=list)
    #: configured diagnostics by file, sorted as :func:`diagnostics` sorts them
    diagnostics_by_file: dict[str, list[Diagnostic]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for d in self.diagnostics:
            self.diagnostics_by_file.setdefault(d.file, []).append(d)

    # the tables of the editor's queries, built on first use: a snapshot made for an
    # edit's publish is often replaced before anything asks (one pass over every call
    # and route less per edit)

    @cached_property
    def calls_by_file(self) -> dict[str, list[int]]:
        """Call indices by file, in the order of the analysis."""
        out: dict[str, list[int]] = {}
        for i, c in enumerate(self.analysis.calls):
            out.setdefault(c.file, []).append(i)
        return out

    @cached_property
    def routes_by_file(self) -> dict[str, list[int]]:
        """Route indices by file of declaration."""
        out: dict[str, list[int]] = {}
        for i, r in enumerate(self.analysis.routes):
            out.setdefault(r.file, []).append(i)
        return out

    @cached_property
    def handlers_by_file(self) -> dict[str, list[int]]:
        """Routes whose handler is defined in that file but declared in another."""
        out: dict[str, list[int]] = {}
        for i, r in enumerate(self.analysis.routes):
            if r.handler_file is not None:
                out.setdefault(r.handler_file, []).append(i)
        return out

    @classmethod
    def of_index(cls, index: WorkspaceIndex, config: Config,
                 roots: list[str] | None = None) -> "Snapshot":
        """The snapshot of ``index``'s current generation under ``config``; ``roots``
        default to the index's roots."""
        analysis = index.analysis()
        return cls(analysis, diagnostics(index, config, analysis),
                   list(index.roots if roots is None else roots))

    # ------------------------------------------------------------------ lookups

    def call_at(self, path: str, line: int, character: int) -> list[int]:
        """Calls whose expression contains the position: the innermost call expression,
        and every request it makes (one expression may make several, e.g. a URL that is
        one of two constants)."""
        calls = self.analysis.calls
        hits = [i for i in self.calls_by_file.get(path, []) if contains(calls[i].span, line, character)]
        hits.sort(key=lambda i: _size(calls[i].span))
        if hits:
            first = calls[hits[0]].span
            hits = [i for i in hits if calls[i].span == first]
        return hits

    def route_at(self, path: str, line: int, character: int) -> list[int]:
        """Routes declared at the position, innermost declaration first (all routes of
        that declaration: a router mounted twice declares two); else the routes whose
        handler (a function defined elsewhere in this file, or in this file for routes
        declared in another one) contains it, all of them: one function may handle
        several routes."""
        routes = self.analysis.routes
        ids = self.routes_by_file.get(path, [])
        out = [i for i in ids if contains(routes[i].span, line, character)]
        if out:
            smallest = min(_size(routes[i].span) for i in out)
            return [i for i in out if _size(routes[i].span) == smallest]
        local = [i for i in ids if routes[i].handler_span is not None and routes[i].handler_file is None
                 and contains(routes[i].handler_span, line, character)]
        if local:
            return local
        # a controller function handling routes declared in a router module
        return [i for i in self.handlers_by_file.get(path, [])
                if contains(routes[i].handler_span, line, character)]

    def routes_with_span(self, path: str, span: Span) -> list[int]:
        """Routes declared exactly at ``span`` in ``path`` (one declaration: several
        routes when its router is mounted under several prefixes)."""
        return [i for i in self.routes_by_file.get(path, []) if self.analysis.routes[i].span == span]

    def callers_of(self, routes: list[int]) -> list[int]:
        """The calls that reach any of ``routes``, each once, ordered by (file, line,
        column)."""
        calls = self.analysis.calls
        return sorted({c for ri in routes for c in self.analysis.callers.get(ri, [])},
                      key=lambda c: (calls[c].file, calls[c].span.line, calls[c].span.column))

    def handler_location(self, route: int) -> Location:
        """Where the route's handler is defined (possibly in another file); the route
        declaration when the handler cannot be located."""
        r = self.analysis.routes[route]
        if r.handler_span is None:
            return Location(r.file, r.span)
        return Location(r.handler_file or r.file, r.handler_span)

    def diagnostics_in(self, path: str) -> list[Diagnostic]:
        """The configured diagnostics of one file."""
        return self.diagnostics_by_file.get(path, [])

    def related(self, d: Diagnostic, limit: int = 10) -> list[Related]:
        """The first ``limit`` related routes/calls of a diagnostic, described."""
        out = []
        for kind, i in d.related[:limit]:
            if kind == "route":
                r = self.analysis.routes[i]
                out.append(Related(Location(r.file, r.span), f"{r.method} {r.path}"
                                   + (f" ({r.handler})" if r.handler else "")))
            else:
                c = self.analysis.calls[i]
                out.append(Related(Location(c.file, c.span), f"{c.method or 'ANY'} {c.path}"))
        return out

    def describe_route(self, route: int) -> str:
        """``"GET /api/users -> backend/src/routes/users.ts:14"`` (1-based line of the
        declaration, path relative to its root)."""
        r = self.analysis.routes[route]
        _, rel = relative(self.roots, r.file)
        return f"{r.method} {r.path} -> {rel}:{r.span.line + 1}"

    # ------------------------------------------------------------------ navigation

    def handlers_at(self, path: str, line: int, character: int) -> list[Location]:
        """The handler of every route each call at the position reaches, in match
        order (the "Go to handler" command; repeats are kept)."""
        return [self.handler_location(ri) for ci in self.call_at(path, line, character)
                for ri in self.analysis.matches[ci].routes]

    def definition(self, path: str, line: int, character: int) -> list[Location]:
        """Go to definition on a call: the handlers of the routes it reaches, each once.
        Empty when the position is on no call or the call reaches no route."""
        out: list[Location] = []
        for loc in self.handlers_at(path, line, character):
            if loc not in out:
                out.append(loc)
        return out

    def callers_at(self, path: str, line: int, character: int,
                   declaration: Span | None = None) -> list[Location]:
        """The calls reaching the routes declared at ``declaration`` (exactly), or at
        the position when it is ``None`` (see :meth:`route_at`); the "Show N callers"
        command."""
        routes = (self.routes_with_span(path, declaration) if declaration is not None
                  else self.route_at(path, line, character))
        calls = self.analysis.calls
        return [Location(calls[ci].file, calls[ci].span) for ci in self.callers_of(routes)]

    def references(self, path: str, line: int, character: int,
                   include_declaration: bool) -> list[Location]:
        """Find references on a route declaration or handler: the route declarations
        (when ``include_declaration``), then the calls that reach them; each once."""
        out: list[Location] = []
        routes = self.route_at(path, line, character)
        if include_declaration:
            for ri in routes:
                r = self.analysis.routes[ri]
                loc = Location(r.file, r.span)
                if loc not in out:
                    out.append(loc)
        for ci in self.callers_of(routes):
            c = self.analysis.calls[ci]
            loc = Location(c.file, c.span)
            if loc not in out:
                out.append(loc)
        return out

    # ------------------------------------------------------------------ hover

    def hover(self, path: str, line: int, character: int) -> Hover | None:
        """Markdown about the call(s) at the position (method, path, client, the routes
        that serve it or that none does) and the route(s) declared or handled there
        (framework, callers, the first ten of them); ``None`` when there is neither."""
        a = self.analysis
        lines: list[str] = []
        span = None
        for ci in self.call_at(path, line, character):
            c = a.calls[ci]
            span = span or c.span
            lines.append(f"**{c.method or 'ANY'} {c.path}** ({c.client})")
            if c.proxy is not None:
                _, conf = relative(self.roots, c.proxy.config) if c.proxy.config else (0, "")
                lines.append(f"- sent as `{c.proxied_from}`: the dev proxy `{c.proxy.context}`"
                             + (f" of {conf}" if conf else "")
                             + (f" forwards it to {c.proxy.target}" if c.proxy.target else "")
                             + (f" as `{c.path}`" if c.path != c.proxied_from else ""))
            for name, value, source in c.env:
                if source == "[env]":
                    where = "from `[env]` of routelink.toml"
                elif source:
                    where = f"from {relative(self.roots, source)[1]}"
                else:
                    where = "the default written in the code (no `[env]` entry or .env file sets it)"
                lines.append(f"- env `{name}`" + (f" = `{value}`" if value else "") + f": {where}")
            m = a.matches[ci]
            if not c.resolved:
                lines.append("URL not resolved statically: not checked")
            for ri in m.routes:
                r = a.routes[ri]
                _, rel = relative(self.roots, r.file)
                lines.append(f"- serves it: `{r.method} {r.path}`"
                             + (f" handler `{r.handler}`" if r.handler else "")
                             + f" in {rel}:{r.span.line + 1} ({r.framework})")
            if c.resolved and not m.routes:
                lines.append("- no route serves it")
        for ri in self.route_at(path, line, character):
            r = a.routes[ri]
            span = span or r.span
            callers = a.callers.get(ri, [])
            lines.append(f"**{r.method} {r.path}** ({r.framework}"
                         + (", not mounted" if not r.mounted else "") + ")")
            lines.append(_plural(len(callers), "caller"))
            for ci in callers[:10]:
                c = a.calls[ci]
                _, rel = relative(self.roots, c.file)
                lines.append(f"- `{c.method or 'ANY'} {c.path}` at {rel}:{c.span.line + 1}")
        if not lines:
            return None
        return Hover("\n".join(lines), span)

    # ------------------------------------------------------------------ code lens

    def code_lenses(self, path: str) -> list[CodeLensItem]:
        """The lenses of one file, unresolved: one per route declaration (in the order
        of the routes), then one per call (in the order they are written)."""
        a = self.analysis
        out = []
        # a router mounted under two prefixes declares two routes at the same place;
        # their callers are counted together
        groups: dict[Span, list[int]] = {}
        for ri in self.routes_by_file.get(path, []):
            groups.setdefault(a.routes[ri].span, []).append(ri)
        starts: dict[int, int] = {}
        for span in groups:
            starts[span.line] = starts.get(span.line, 0) + 1
        for span, ids in groups.items():
            r = a.routes[ids[0]]
            methods = sorted({a.routes[i].method for i in ids})
            out.append(CodeLensItem("route", span, r.method, r.path,
                                    "/".join(methods) if starts[span.line] > 1 else ""))
        for ci in sorted(self.calls_by_file.get(path, []),
                         key=lambda i: (a.calls[i].span.line, a.calls[i].span.column)):
            c = a.calls[ci]
            out.append(CodeLensItem("call", c.span, c.method or "ANY", c.path))
        return out

    def route_lens(self, path: str, declaration: Span, label: str = "") -> LensTitle:
        """The title of a route lens: ``"2 callers"``, ``"no callers"``, prefixed with
        ``label`` (``"PUT: 1 caller"``); it shows the callers when there are any."""
        n = len(self.callers_of(self.routes_with_span(path, declaration)))
        title = "no callers" if n == 0 else _plural(n, "caller")
        if label:
            title = f"{label}: {title}"
        return LensTitle(title, SHOW_CALLERS if n else None)

    def call_lens(self, path: str, line: int, character: int, call_path: str,
                  method: str = "ANY") -> LensTitle:
        """The title of the lens of the call at (line, character) whose path template is
        ``call_path``: the route it reaches (``"GET /api/x -> api/x.ts:3"``, ``" (+1)"``
        when it reaches more) with "Go to handler", ``"... (not resolved)"`` or
        ``"... -> no route"``. When no such call is there any more (the document changed
        since the lens was listed), ``"{method} {call_path}"``."""
        a = self.analysis
        ids = [i for i in self.call_at(path, line, character) if a.calls[i].path == call_path]
        if not ids:
            return LensTitle(f"{method} {call_path}")
        routes = sorted({r for i in ids for r in a.matches[i].routes})
        c = a.calls[ids[0]]
        if not c.resolved:
            return LensTitle(f"{c.method or 'ANY'} {c.path} (not resolved)")
        if routes:
            more = f" (+{len(routes) - 1})" if len(routes) > 1 else ""
            return LensTitle(self.describe_route(routes[0]) + more, GO_TO_HANDLER)
        return LensTitle(f"{c.method or 'ANY'} {c.path} -> no route")

    # ------------------------------------------------------------------ code actions

    def code_actions(self, path: str, selection: Span) -> list[QuickFix | CommandAction]:
        """Code actions for a selection (an empty one at the cursor): the quick fixes of
        the diagnostics it overlaps, then "Go to handler (...)" for the call at its
        start, then "Show N callers" for the route declared or handled there."""
        out: list[QuickFix | CommandAction] = []
        for d in self.diagnostics_in(path):
            if d.fix is None or not overlaps(d.span, selection):
                continue
            span, new_text, title = d.fix
            # dropping a repeated prefix is safe to auto-apply; switching the method
            # changes what the request does, so it is offered but not preferred
            out.append(QuickFix(title, d, span, new_text, d.code == "duplicate-prefix"))
        line, character = selection.line, selection.column
        for ci in self.call_at(path, line, character):
            routes = self.analysis.matches[ci].routes
            if routes:
                out.append(CommandAction(f"Go to handler ({self.describe_route(routes[0])})",
                                         "Go to handler", GO_TO_HANDLER))
                break
        routes = self.route_at(path, line, character)
        if routes:
            n = len(self.callers_of(routes))
            title = f"Show {_plural(n, 'caller')}"
            out.append(CommandAction(title, title, SHOW_CALLERS, self.analysis.routes[routes[0]].span))
        return out

    # ------------------------------------------------------------------ symbols, links

    def workspace_symbols(self, query: str = "") -> list[WorkspaceSymbol]:
        """Every route whose ``"METHOD /path"`` matches ``query`` (case-insensitive,
        substring or characters in order; everything for an empty query), in the order
        of the analysis."""
        query = query.lower()
        out = []
        for r in self.analysis.routes:
            name = f"{r.method} {r.path}"
            if query and not fuzzy(query, name.lower()):
                continue
            _, rel = relative(self.roots, r.file)
            out.append(WorkspaceSymbol(name, Location(r.file, r.span),
                                       f"{r.handler} ({rel})" if r.handler else rel))
        return out

    def document_symbols(self, path: str) -> list[DocumentSymbol]:
        """The routes and calls of one file, ordered by start position."""
        a = self.analysis
        out = []
        for ri in self.routes_by_file.get(path, []):
            r = a.routes[ri]
            out.append(DocumentSymbol(f"{r.method} {r.path}", "route", r.span, r.span,
                                      f"route{' -> ' + r.handler if r.handler else ''}"))
        for ci in self.calls_by_file.get(path, []):
            c = a.calls[ci]
            out.append(DocumentSymbol(f"{c.method or 'ANY'} {c.path}", "call", c.span,
                                      c.url_span, f"call ({c.client})"))
        out.sort(key=lambda s: (s.span.line, s.span.column))
        return out

    def document_links(self, path: str) -> list[DocumentLink]:
        """One link per linked call's URL argument (single-line ones, each span once)
        to the handler of the first route it reaches."""
        a = self.analysis
        out = []
        seen = set()
        for ci in self.calls_by_file.get(path, []):
            c = a.calls[ci]
            routes = a.matches[ci].routes
            if not routes or c.url_span in seen or c.url_span.line != c.url_span.end_line:
                continue
            seen.add(c.url_span)
            out.append(DocumentLink(c.url_span, self.handler_location(routes[0]),
                                    f"Go to {self.describe_route(routes[0])}"))
        return out
