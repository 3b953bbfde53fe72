"""Configured diagnostics and the SPEC's report formats (text and JSON).

``diagnostics(index, config)`` applies severities and ``routelink-ignore`` comments to
the index's findings. ``json_report`` builds the stable ``--format json`` object
(SPEC.md, plus ``notes``: remarks about the whole workspace, :func:`notes`);
``text_report`` the ``path:line:col: severity code message`` lines. The CLI
and the language server (``routelink/report``, and the diagnostics it pushes or is
asked for, through :class:`routelink.ide.snapshot.Snapshot`) use the same functions, so
the editor and CI always agree.

Positions in :class:`Diagnostic` are :class:`~routelink.facts.Span`s (0-based lines,
UTF-16 columns, as in LSP); the reports turn them into the SPEC's 1-based lines and
columns. Paths are absolute POSIX paths; reports make them relative to their root.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from routelink import __version__
from routelink.config import Config, RoutePattern, Service
from routelink.facts import IgnoreComment, Span, catch_all_min
from routelink.index import WorkspaceIndex
from routelink.link.findings import CODES, Analysis, Finding

SEVERITY_RANK = {"error": 4, "warning": 3, "information": 2, "hint": 1}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding with its configured severity (never ``off``).

    ``code`` is a SPEC diagnostic code, ``severity`` one of ``error``, ``warning``,
    ``information``, ``hint``; ``file`` an absolute path and ``span`` the range it is
    on. ``related`` lists ``("route", i)`` / ``("call", i)`` references into the
    analysis's ``routes`` / ``calls``; ``fix`` is an optional quick fix
    ``(span, new_text, title)`` replacing ``span`` of the same file.
    """

    code: str
    severity: str
    file: str
    span: Span
    message: str
    related: tuple[tuple[str, int], ...]
    fix: tuple[Span, str, str] | None = None
    #: the ("call", i) or ("route", i) the diagnostic is on; None for an unmounted router
    subject: tuple[str, int] | None = None



def json_path(path: str) -> str:
    """A route template as the JSON report writes it: every catch-all ``{name*}`` (the
    stable form tools parse), a required one (``{name+}``, one or more segments) too; the
    route then says ``"catch_all": "required"``."""
    if "+}" not in path:
        return path
    return "/".join(s[:-2] + "*}" if catch_all_min(s) == 1 else s for s in path.split("/"))


@dataclass
class Configured:
    """The findings of one analysis under a configuration.

    ``diagnostics``: what is reported (see :func:`diagnostics`). ``suppressed``: the
    findings a ``routelink-ignore`` comment silenced, with that comment (its reason is
    ``comment.reason``). ``external_routes``: route index -> the ``external`` pattern
    covering it; ``service_calls``: call index -> the ``[[services]]`` entry it goes to
    (those calls' findings are dropped). ``off``: findings whose code is ``off``."""

    diagnostics: list[Diagnostic]
    suppressed: list[tuple[Finding, IgnoreComment]]
    external_routes: dict[int, RoutePattern]
    service_calls: dict[int, Service]
    off: list[Finding]


def _comments_of(index: WorkspaceIndex, file: str) -> tuple[IgnoreComment, ...]:
    st = index.files.get(file)
    return st.facts.ignore_comments if st is not None else ()


def _lines_of(index: WorkspaceIndex, file: str) -> dict[int, tuple[str, ...]]:
    st = index.files.get(file)
    return dict(st.facts.ignores) if st is not None and st.facts.ignores else {}


def configure(index: WorkspaceIndex, config: Config, analysis: Analysis | None = None) -> Configured:
    """Apply ``config`` to the analysis's findings (``index.analysis()`` by default):

    - a route an ``external`` pattern covers is never ``unused-route``;
    - a call to a ``[[services]]`` base gets no finding at all (it is not checked);
    - a finding on a line a ``routelink-ignore`` comment covers (for its code, or for
      every code) is suppressed;
    - a code whose severity is ``off`` is dropped, the others take their severity;
    - a ``routelink-ignore`` comment (or one code it lists) that suppresses no finding of
      the analysis, whatever the severities, is the hint ``unused-ignore`` on the comment.

    Diagnostics are sorted by (file, line, column, code)."""
    analysis = analysis or index.analysis()
    external_routes = {}
    if config.external:
        for i, r in enumerate(analysis.routes):
            p = config.external_route(r.method, r.path)
            if p is not None:
                external_routes[i] = p
    service_calls = {}
    if config.services:
        for i, c in enumerate(analysis.calls):
            sv = config.service_of(c.origin, c.path)
            if sv is not None:
                service_calls[i] = sv
    out: list[Diagnostic] = []
    suppressed: list[tuple[Finding, IgnoreComment]] = []
    off: list[Finding] = []
    used: dict[tuple[str, int], set[str]] = {}  # (file, comment start) -> codes it matched
    for f in analysis.findings:
        if f.subject is not None:
            kind, i = f.subject
            if kind == "call" and i in service_calls:
                continue
            if kind == "route" and f.code == "unused-route" and i in external_routes:
                continue
        comment = None
        for c in _comments_of(index, f.file):
            if c.line == f.span.line and (not c.codes or f.code in c.codes):
                comment = c
                used.setdefault((f.file, c.span.line, c.span.column), set()).add(f.code)
        if comment is None and f.span.line in _lines_of(index, f.file) and \
                not _comments_of(index, f.file):
            # facts built without comment spans: suppress by line alone
            codes = _lines_of(index, f.file)[f.span.line]
            if not codes or f.code in codes:
                comment = IgnoreComment(f.span.line, codes, Span(f.span.line, 0, f.span.line, 0))
        if comment is not None:
            suppressed.append((f, comment))
            continue
        level = config.severity.get(f.code, "warning")
        if level == "off":
            off.append(f)
            continue
        out.append(Diagnostic(f.code, level, f.file, f.span, f.message, f.related, f.fix,
                              f.subject))
    level = config.severity.get("unused-ignore", "hint")
    if level != "off":
        for file in index.files_with_ignore_comments():
            for c in _comments_of(index, file):
                matched = used.get((file, c.span.line, c.span.column), set())
                message = _unused_ignore_message(c, matched)
                if message:
                    whole = not matched
                    out.append(Diagnostic(
                        "unused-ignore", level, file, c.span, message, (),
                        (c.removal or c.span, "", "Remove the unused routelink-ignore comment")
                        if whole else None))
    out.sort(key=lambda d: (d.file, d.span.line, d.span.column, d.code))
    return Configured(out, suppressed, external_routes, service_calls, off)


def _unused_ignore_message(c: IgnoreComment, matched: set[str]) -> str:
    """The ``unused-ignore`` message of a comment that matched the codes ``matched``,
    '' when every part of it suppresses something."""
    where = f"line {c.line + 1}"
    if not c.codes:
        return "" if matched else f"This routelink-ignore suppresses nothing: no finding on {where}"
    unknown = [code for code in c.codes if code not in CODES]
    idle = [code for code in c.codes if code in CODES and code not in matched]
    parts = []
    if unknown:
        parts.append(f"unknown code{'s' if len(unknown) > 1 else ''} "
                     + ", ".join(f"'{u}'" for u in unknown))
    if idle:
        parts.append(f"no {', '.join(idle)} finding on {where}")
    if not parts:
        return ""
    lead = ("This routelink-ignore suppresses nothing" if not matched
            else "Part of this routelink-ignore suppresses nothing")
    return f"{lead}: {'; '.join(parts)}"


def diagnostics(index: WorkspaceIndex, config: Config, analysis: Analysis | None = None) -> list[Diagnostic]:
    """Findings with severities applied, suppressed, ``off``, external and service ones
    removed, plus ``unused-ignore`` hints, sorted by (file, line, column, code); see
    :func:`configure`. ``analysis`` defaults to ``index.analysis()``; pass it when you
    already hold the one of this generation."""
    return configure(index, config, analysis).diagnostics


def root_of(roots: list[str], path: str) -> int:
    """Index of the root that contains ``path`` (the longest match; 0 when none does)."""
    best, best_len = 0, -1
    for i, r in enumerate(roots):
        if (path == r or path.startswith(r.rstrip("/") + "/")) and len(r) > best_len:
            best, best_len = i, len(r)
    return best


def relative(roots: list[str], path: str) -> tuple[int, str]:
    """(root index, path relative to that root with '/' separators); ``path`` itself
    when there is no root."""
    i = root_of(roots, path)
    return i, posixpath.relpath(path, roots[i]) if roots else path


class ReportIds:
    """Stable ids for an analysis: ``r1..`` for routes, ``c1..`` for calls, in the
    order of (root, file, line, column)."""

    def __init__(self, roots: list[str], analysis: Analysis) -> None:
        def rkey(i: int):
            r = analysis.routes[i]
            return (*relative(roots, r.file), r.span.line, r.span.column, r.path, r.method)

        def ckey(i: int):
            c = analysis.calls[i]
            return (*relative(roots, c.file), c.span.line, c.span.column, c.path, c.method or "")

        self.route_order = sorted(range(len(analysis.routes)), key=rkey)
        self.call_order = sorted(range(len(analysis.calls)), key=ckey)
        self.route_id = {i: f"r{n + 1}" for n, i in enumerate(self.route_order)}
        self.call_id = {i: f"c{n + 1}" for n, i in enumerate(self.call_order)}

    def related(self, refs: tuple[tuple[str, int], ...]) -> list[str]:
        """The report ids (``r3``, ``c7``) of a diagnostic's ``related`` references."""
        return [self.route_id[i] if kind == "route" else self.call_id[i] for kind, i in refs]


def notes(analysis: Analysis, roots: list[str], editor: bool = False) -> list[str]:
    """Remarks about the workspace as a whole (not about one place), one line each:
    that no backend was found (calls are then not matched one by one) and how to add
    it. ``roots`` are shown as given; ``editor`` words it for a language client."""
    from routelink.link.findings import no_backend

    out = []
    if no_backend(analysis.routes, analysis.calls):
        where = ", ".join(roots) or "."
        if editor:
            out.append(f"no backend routes found in {where}, so calls are not checked; "
                       "open the backend's folder as another workspace folder")
        else:
            out.append(f"no backend routes found in {where}; give the backend's folder as "
                       f"another PATH (routelink check {' '.join(roots) or '.'} ../api) or "
                       "open it as a workspace folder")
    return out


def json_report(index: WorkspaceIndex, config: Config, roots_as_given: list[str],
                seconds: float) -> dict:
    """The SPEC ``--format json`` object for the index's current generation.

    ``roots_as_given`` is echoed as ``roots`` (the PATHs as the user wrote them);
    ``seconds`` is the indexing time reported in ``summary``."""
    analysis = index.analysis()
    diags = diagnostics(index, config, analysis)
    ids = ReportIds(index.roots, analysis)
    routes = []
    for i in ids.route_order:
        r = analysis.routes[i]
        root, rel = relative(index.roots, r.file)
        routes.append({
            "id": ids.route_id[i], "method": r.method, "path": json_path(r.path), "root": root,
            "file": rel, "line": r.span.line + 1, "column": r.span.column + 1,
            "framework": r.framework, "handler": r.handler,
            "callers": [ids.call_id[c] for c in sorted(analysis.callers.get(i, []),
                                                       key=lambda c: ids.call_id[c])],
            "mounted": r.mounted,
            "resolved": r.resolved,
            **({"via": r.via} if r.via else {}),
            **({"catch_all": "required"} if json_path(r.path) != r.path else {}),
        })
    calls = []
    for i in ids.call_order:
        c = analysis.calls[i]
        root, rel = relative(index.roots, c.file)
        calls.append({
            "id": ids.call_id[i], "method": c.method or "ANY", "path": c.path, "raw": c.raw,
            "root": root, "file": rel, "line": c.span.line + 1, "column": c.span.column + 1,
            "client": c.client, "resolved": c.resolved, "side": c.side,
            "routes": [ids.route_id[r] for r in analysis.matches[i].routes],
            **({"proxy": _proxy_json(index.roots, c)} if c.proxy is not None else {}),
        })
    out_diags = []
    for d in diags:
        root, rel = relative(index.roots, d.file)
        out_diags.append({
            "code": d.code, "severity": d.severity, "root": root, "file": rel,
            "line": d.span.line + 1, "column": d.span.column + 1,
            "end_line": d.span.end_line + 1, "end_column": d.span.end_column + 1,
            "message": d.message,
            "call": ids.call_id[d.subject[1]] if d.subject and d.subject[0] == "call" else None,
            "route": ids.route_id[d.subject[1]] if d.subject and d.subject[0] == "route" else None,
            "related": ids.related(d.related),
        })
    linked = sum(1 for m in analysis.matches if m.routes)
    return {
        "routelink": __version__,
        "roots": roots_as_given,
        "routes": routes,
        "calls": calls,
        "diagnostics": out_diags,
        "notes": notes(analysis, roots_as_given) + [
            printable(n) for n in getattr(index, "scan_notes", ())],
        "summary": {
            "files": len(index.files),
            "routes": len(analysis.routes),
            "calls": len(analysis.calls),
            "linked_calls": linked,
            "unmatched_calls": sum(1 for d in diags if d.code in ("unmatched-call", "method-mismatch")),
            "unused_routes": sum(1 for d in diags if d.code == "unused-route"),
            "seconds": round(seconds, 3),
        },
    }


def _proxy_json(roots: list[str], call) -> dict:
    """The dev proxy a call went through: the path it was sent with (``path`` is the one
    the backend receives), the proxy's context and target, and its config file."""
    root, rel = relative(roots, call.proxy.config) if call.proxy.config else (None, "")
    return {"path": call.proxied_from, "context": call.proxy.context,
            "target": call.proxy.target, "config": rel, "config_root": root}


def printable(text: str) -> str:
    """``text`` (a file name, a message naming one) safe on one line of any output:
    control characters (a newline in a file name must not split a report line) are
    written ``\\n``, ``\\t``, ``\\xNN``, ``\\uNNNN``, and a byte of a file name that
    is not UTF-8 (decoded by ``os.fsdecode`` as a lone surrogate) as ``\\xNN``."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # surrogateescape of one undecodable byte
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii") if o < 0xD800 or o > 0xDFFF
                       else f"\\u{o:04x}")
    return "".join(out)


def text_report(report: dict, display_roots: list[str]) -> list[str]:
    """One ``path:line:col: severity code message`` line per diagnostic (1-based, paths
    joined to ``display_roots``), then a one-line summary."""
    lines = []
    for d in report["diagnostics"]:
        root = display_roots[d["root"]] if display_roots else "."
        path = d["file"] if root in (".", "./") else posixpath.join(root.rstrip("/"), d["file"])
        lines.append(f"{printable(path)}:{d['line']}:{d['column']}: {d['severity']} {d['code']} "
                     f"{printable(d['message'])}")
    s = report["summary"]
    counts: dict[str, int] = {}
    for d in report["diagnostics"]:
        counts[d["severity"]] = counts.get(d["severity"], 0) + 1
    found = ", ".join(f"{n} {sev}{'s' if n != 1 and sev in ('error', 'warning', 'hint') else ''}"
                      for sev, n in sorted(counts.items(), key=lambda kv: -SEVERITY_RANK[kv[0]]))
    lines.append(
        f"{s['files']} files, {s['routes']} routes, {s['calls']} calls "
        f"({s['linked_calls']} linked), {found or 'no findings'} in {s['seconds']:.2f}s")
    return lines
