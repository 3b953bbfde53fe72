"""The sync report (``routelink report``): every endpoint with its handler, callers and
status, then the calls that do not line up, and a summary.

:func:`sync_report` builds one JSON-able object from the same objects ``check`` uses
(the index's :class:`~routelink.link.findings.Analysis`, its findings configured by
:func:`routelink.ide.report.configure`, handler locations from
:class:`~routelink.ide.snapshot.Snapshot`, ids and rows from
:func:`routelink.ide.report.json_report`); nothing is derived again.
:func:`markdown` and :func:`html` render that object.

The object is the ``check --format json`` object (same ``routes``, ``calls`` with the
same ids, ``diagnostics`` whose ``route``/``call`` name them), with:

- on each route: ``status`` (:data:`ROUTE_STATUSES`), ``handler_at``
  (``file:line`` of the handler, relative to its root), ``note`` (why a route is not
  checked, an alias, an ``external`` pattern), ``ignored`` (the reason of the
  ``routelink-ignore`` that silenced its finding, when one did), ``maybe_callers``
  (status ``possible``: the calls that may reach it at run time), ``endpoint`` (false
  for a mock, an alias, a middleware or a catch-all fallback: not counted in the summary);
- on each call: ``status`` (:data:`CALL_STATUSES`), ``why`` (the message of the
  finding that gave that status), ``service`` (the ``[[services]]`` name) and
  ``ignored``;
- ``backends``: ``[{"root", "app", "label", "groups": [{"file", "router", "routes":
  [ids]}]}]``, routes grouped by the app that serves them and the file that declares them;
- ``sections``: call ids per problem (``unmatched``, ``method_mismatch``,
  ``duplicate_prefix``, ``unresolved``, ``mock_only``, ``external``, ``unchecked``,
  ``outbound``);
- ``suppressed``: findings a ``routelink-ignore`` silenced, with the comment's reason;
- ``report_summary``: counts by status and the two shares (see :func:`_summary`).
"""

from __future__ import annotations

import html as _html
import json
import posixpath

from routelink.config import Config
from routelink.frameworks import registry as frameworks
from routelink.ide.report import ReportIds, configure, json_report, relative
from routelink.ide.snapshot import Snapshot
from routelink.index import WorkspaceIndex
from routelink.link.findings import short_names
from routelink.link.matcher import is_fallback

#: route statuses, in the order they win: a route is ``unmounted`` before anything else
ROUTE_STATUSES = ("unmounted", "shadowed", "duplicate", "linked", "external", "unused",
                  "possible", "unresolved", "dev-mock", "uncalled")
#: call statuses
CALL_STATUSES = ("linked", "unmatched", "method-mismatch", "duplicate-prefix", "mock-only",
                 "unresolved", "external", "outbound", "unchecked")

_CALL_CODE_STATUS = {
    "unresolved-call": "unresolved", "unmatched-call": "unmatched",
    "method-mismatch": "method-mismatch", "mock-only-call": "mock-only",
    "duplicate-prefix": "duplicate-prefix",
}
_SECTION_OF = {"unmatched": "unmatched", "method-mismatch": "method_mismatch",
               "duplicate-prefix": "duplicate_prefix", "unresolved": "unresolved",
               "mock-only": "mock_only", "external": "external", "unchecked": "unchecked",
               "outbound": "outbound"}


def sync_report(index: WorkspaceIndex, config: Config, roots_as_given: list[str],
                seconds: float) -> dict:
    """The sync report object (see the module docstring) of the index's current
    generation; ``roots_as_given`` and ``seconds`` as for
    :func:`~routelink.ide.report.json_report`."""
    analysis = index.analysis()
    out = json_report(index, config, roots_as_given, seconds)
    configured = configure(index, config, analysis)
    snap = Snapshot(analysis, configured.diagnostics, list(index.roots))
    ids = ReportIds(index.roots, analysis)
    stand = frameworks.stand_in_names()

    # every finding of each route/call: reported, suppressed (with the comment) or off
    codes: dict[tuple[str, int], dict[str, str]] = {}  # subject -> code -> message
    related: dict[tuple[tuple[str, int], str], tuple] = {}  # (subject, code) -> related
    ignored: dict[tuple[str, int], str] = {}
    for f in [*configured.diagnostics, *(f for f, _ in configured.suppressed), *configured.off]:
        if f.subject is not None:
            codes.setdefault(f.subject, {}).setdefault(f.code, f.message)
            related.setdefault((f.subject, f.code), f.related)
    for f, comment in configured.suppressed:
        if f.subject is not None:
            ignored[f.subject] = comment.reason or "routelink-ignore"

    def other(i: int, code: str) -> str:
        """``GET /api/users/{id} (users.ts:15)``: the route a finding on route i names."""
        refs = [j for kind, j in related.get((("route", i), code), ()) if kind == "route"]
        if not refs:
            return ""
        o = analysis.routes[refs[0]]
        return f"{o.method} {o.path} ({short_names(analysis.routes).get(o.file, o.file)}:{o.span.line + 1})"

    # calls that may reach a route at run time (a hole that may be its literal segment)
    maybe: dict[int, list[int]] = {}
    for ci, m in enumerate(analysis.matches):
        for ri in (*m.possible_routes, *m.uncertain_routes):
            maybe.setdefault(ri, []).append(ci)
    # the routes of one declared path under each mount of its router (``variant``: the
    # path's number in its file, the mount's)
    declared: dict[tuple, list[int]] = {}
    for ri, r in enumerate(analysis.routes):
        declared.setdefault((r.file, r.span, r.method, r.variant[0]), []).append(ri)
    # the paths of one declaration under one mount (`/posts/:slug?` gives two)
    variants: dict[tuple, list[int]] = {}
    for ri, r in enumerate(analysis.routes):
        variants.setdefault((r.file, r.method, r.variant), []).append(ri)
    reached_apps = {analysis.routes[j].app for j, cs in analysis.callers.items() if cs}
    route_rows = {row["id"]: row for row in out["routes"]}
    for i in ids.route_order:
        r = analysis.routes[i]
        row = route_rows[ids.route_id[i]]
        found = codes.get(("route", i), {})
        note = ""
        if not r.mounted:
            status = "unmounted"
        elif "shadowed-route" in found:
            status, note = "shadowed", f"by {other(i, 'shadowed-route')}, registered first"
        elif "duplicate-route" in found:
            status, note = "duplicate", f"of {other(i, 'duplicate-route')}"
        elif analysis.callers.get(i):
            status = "linked"
        elif i in configured.external_routes:
            status, note = "external", f"external: {configured.external_routes[i].text}"
        elif "unused-route" in found:
            status = "unused"
            elsewhere = sorted({analysis.routes[j].path
                                for j in declared.get((r.file, r.span, r.method, r.variant[0]), ())
                                if analysis.routes[j].variant[1] != r.variant[1]
                                and analysis.callers.get(j)})
            if elsewhere:
                note = "also mounted at " + ", ".join(elsewhere) + ", which is called"
        elif maybe.get(i):
            status = "possible"
            row["maybe_callers"] = sorted(ids.call_id[c] for c in set(maybe[i]))
            note = "a call with a path parameter may reach it at run time"
        elif not r.resolved:
            status, note = "unresolved", found.get("unresolved-route", "")
        elif r.framework in stand:
            status = "dev-mock"
        else:
            status = "uncalled"
            sibling = sorted({analysis.routes[j].path for j in variants.get((r.file, r.method, r.variant), ())
                              if j != i and analysis.callers.get(j)})
            note = (f"served at this path through {r.via}" if r.via else
                    "no frontend call was indexed" if not any(c.side == "client" for c in analysis.calls) else
                    "a middleware that hands requests on" if r.passthrough else
                    "a catch-all fallback" if is_fallback(r) else
                    f"{r.method} is answered by the framework" if r.method in ("HEAD", "OPTIONS") else
                    "the same declaration is called at " + ", ".join(sibling) if sibling else
                    "no indexed call reaches its app (only requests of backend code were "
                    "indexed, no frontend)" if r.app not in reached_apps else "")
        hl = snap.handler_location(i)
        root, rel = relative(index.roots, hl.file)
        row.update(status=status, handler_at=f"{rel}:{hl.span.line + 1}", handler_root=root,
                   note=note,
                   endpoint=not (r.framework in stand or r.via or r.passthrough or is_fallback(r)))
        if ("route", i) in ignored:
            row["ignored"] = ignored[("route", i)]

    sections: dict[str, list[str]] = {k: [] for k in
                                       ("unmatched", "method_mismatch", "duplicate_prefix",
                                        "unresolved", "mock_only", "external", "unchecked",
                                        "outbound")}
    call_rows = {row["id"]: row for row in out["calls"]}
    for i in ids.call_order:
        c = analysis.calls[i]
        row = call_rows[ids.call_id[i]]
        found = codes.get(("call", i), {})
        why = ""
        if i in configured.service_calls:
            status = "external"
            row["service"] = configured.service_calls[i].name
        elif c.side != "client":
            status = "outbound"
        else:
            status = ""
            for code in ("unresolved-call", "unmatched-call", "method-mismatch",
                         "mock-only-call", "duplicate-prefix"):
                if code in found:
                    status, why = _CALL_CODE_STATUS[code], found[code]
                    break
            if not status:
                status = "linked" if analysis.matches[i].routes else "unchecked"
                if status == "unchecked":
                    m = analysis.matches[i]
                    why = ("no backend route was indexed" if out["notes"] else
                           "a route whose path is not fully known may serve it: " + ", ".join(
                               f"{analysis.routes[r].method} {analysis.routes[r].path}"
                               for r in m.uncertain_routes[:3]) if m.uncertain_routes else
                           f"it goes to {c.origin}, where no call reaches a route of the "
                           "workspace: another service" if c.origin else
                           "no finding applies")
        row.update(status=status, why=why)
        if ("call", i) in ignored:
            row["ignored"] = ignored[("call", i)]
        section = _SECTION_OF.get(status)
        if section and ("call", i) not in ignored:
            sections[section].append(row["id"])
        if status != "duplicate-prefix" and "duplicate-prefix" in found and ("call", i) not in ignored:
            sections["duplicate_prefix"].append(row["id"])

    out["backends"] = _backends(index, analysis, ids, route_rows)
    out["sections"] = sections
    out["suppressed"] = [_suppressed_row(index, ids, f, c) for f, c in configured.suppressed]
    out["report_summary"] = _summary(out)
    return out


def _backends(index, analysis, ids, route_rows) -> list[dict]:
    """Routes grouped by (root, app) then by declaring file, in the order of the ids."""
    backends: dict[tuple[int, str], dict] = {}
    for i in ids.route_order:
        r = analysis.routes[i]
        row = route_rows[ids.route_id[i]]
        key = (row["root"], r.app)
        b = backends.get(key)
        if b is None:
            b = backends[key] = {"root": row["root"], "app": _app_label(index.roots, r.app, r.framework),
                                 "groups": {}}
        g = b["groups"].get(row["file"])
        if g is None:
            g = b["groups"][row["file"]] = {"file": row["file"], "routers": [], "routes": []}
        label = r.router_label
        # a name written in the code (`router`, `UsersController`), not a description
        # such as a file-based framework's "route file"
        if label and " " not in label and label not in g["routers"]:
            g["routers"].append(label)
        g["routes"].append(row["id"])
    out = []
    for (_, app), b in sorted(backends.items(), key=lambda kv: (kv[0][0], kv[0][1] == "", kv[1]["app"])):
        out.append({"root": b["root"], "app": b["app"],
                    "groups": sorted(b["groups"].values(), key=lambda g: g["file"])})
    return out


def _app_label(roots: list[str], app: str, framework: str) -> str:
    """``express app `app` in backend/src/server.ts`` from an app key
    ``<package>#<file>#<name>`` (``nextjs project in web`` for a package alone; paths
    relative to their root); ``not mounted`` for routes no app serves."""
    if not app:
        return "not mounted"
    package, _, rest = app.partition("#")
    _, pkg = relative(roots, package)
    pkg = "." if pkg in ("", ".") else pkg
    file, _, name = rest.rpartition("#") if "#" in rest else ("", "", "")
    if not file:
        return f"{framework} project in {pkg}" if pkg != "." else f"{framework} project"
    _, rel = relative(roots, file)
    return f"{framework} app `{name}` in {rel}" if name else f"{framework} app in {rel}"


def _suppressed_row(index, ids, f, comment) -> dict:
    root, rel = relative(index.roots, f.file)
    row = {"code": f.code, "root": root, "file": rel, "line": f.span.line + 1,
           "message": f.message, "reason": comment.reason}
    if f.subject is not None:
        kind, i = f.subject
        row[kind] = ids.route_id[i] if kind == "route" else ids.call_id[i]
    return row


def _summary(report: dict) -> dict:
    """Counts by status; ``endpoints`` are the routes but mocks, aliases (a path a
    rewrite serves a route at), middleware that hands every request on and catch-all
    fallbacks (route ``endpoint`` false), ``called`` those with a caller, ``checked_calls`` the
    calls a frontend makes (not outbound backend requests, not calls to a
    ``[[services]]`` base), ``linked`` those that reach a route. Shares are percentages
    rounded to one decimal, None when there is nothing to divide by."""
    routes = [r for r in report["routes"] if r["endpoint"]]
    called = sum(1 for r in routes if r["callers"])
    calls = [c for c in report["calls"] if c["status"] not in ("outbound", "external")]
    linked = sum(1 for c in calls if c["routes"])
    by_route: dict[str, int] = {}
    for r in report["routes"]:
        by_route[r["status"]] = by_route.get(r["status"], 0) + 1
    by_call: dict[str, int] = {}
    for c in report["calls"]:
        by_call[c["status"]] = by_call.get(c["status"], 0) + 1

    def share(n: int, d: int) -> float | None:
        return round(100.0 * n / d, 1) if d else None

    return {
        "endpoints": len(routes), "called_endpoints": called,
        "called_share": share(called, len(routes)),
        "checked_calls": len(calls), "linked_calls": linked,
        "linked_share": share(linked, len(calls)),
        "routes_by_status": {s: by_route[s] for s in ROUTE_STATUSES if s in by_route},
        "calls_by_status": {s: by_call[s] for s in CALL_STATUSES if s in by_call},
        "suppressed": len(report["suppressed"]),
        "unused_mounted_twice": sum(1 for r in routes if r["status"] == "unused"
                                    and r.get("note", "").startswith("also mounted at ")),
    }


# --------------------------------------------------------------------------- rendering


def _display(report: dict, root: int, file: str) -> str:
    """A root-relative path as the report shows it: as it is with one root (the report
    names it at the top), joined to its root as given when there are several."""
    given = _root_labels(tuple(report["roots"]))[root] if len(report["roots"]) > 1 else "."
    if given in (".", "./"):
        return file
    return posixpath.join(given.rstrip("/"), file)


def _root_labels(roots: tuple[str, ...]) -> list[str]:
    """How paths under each root are prefixed: the root as given, or, when the roots are
    absolute, relative to their common folder (``/work/shop/api`` -> ``api``)."""
    if len(roots) > 1 and all(posixpath.isabs(r.replace("\\", "/")) for r in roots):
        norm = [r.replace("\\", "/").rstrip("/") or "/" for r in roots]
        try:
            common = posixpath.commonpath(norm)
        except ValueError:
            return list(roots)
        labels = [posixpath.relpath(r, common) for r in norm]
        if "." not in labels:
            return labels
    return list(roots)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:g}%"


def _md(text: str) -> str:
    """Text for a markdown table cell: pipes escaped, one line."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: str) -> str:
    text = " ".join(str(text).split())
    tick = "``" if "`" in text else "`"
    pad = " " if tick == "``" else ""
    return f"{tick}{pad}{text}{pad}{tick}"


_STATUS_WORD = {"method-mismatch": "method mismatch", "duplicate-prefix": "duplicate prefix",
                "mock-only": "mock only"}

#: at most this many callers are listed in a route's row; the rest are counted
MAX_CALLERS = 3


def markdown(report: dict) -> str:
    """The report as GitHub-flavoured markdown: summary, one table per router file of
    each backend, then one table per kind of call problem and the suppressed findings."""
    calls = {c["id"]: c for c in report["calls"]}
    routes = {r["id"]: r for r in report["routes"]}
    s = report["report_summary"]
    lines = ["# API sync report", ""]
    roots = ", ".join(_code(r) for r in report["roots"])
    lines.append(f"Generated by routelink {report['routelink']} from {roots}: "
                 f"{report['summary']['files']} files, {s['endpoints']} endpoints, "
                 f"{s['checked_calls']} calls.")
    lines.append("")
    for note in report.get("notes", []):
        lines += [f"> {note}", ""]
    lines += ["## Summary", "", "| | |", "|---|---|"]
    lines.append(f"| Endpoints called | {s['called_endpoints']} of {s['endpoints']} "
                 f"({_pct(s['called_share'])}) |")
    lines.append(f"| Calls linked to a route | {s['linked_calls']} of {s['checked_calls']} "
                 f"({_pct(s['linked_share'])}) |")
    lines.append("| Endpoints by status | " + (", ".join(
        f"{n} {st}" for st, n in s["routes_by_status"].items()) or "none") + " |")
    lines.append("| Calls by status | " + (", ".join(
        f"{n} {_STATUS_WORD.get(st, st)}" for st, n in s["calls_by_status"].items()) or "none") + " |")
    if s.get("unused_mounted_twice"):
        lines.append(f"| Unused endpoints whose declaration is called at another mount | "
                     f"{s['unused_mounted_twice']} |")
    if s["suppressed"]:
        lines.append(f"| Findings suppressed by `routelink-ignore` | {s['suppressed']} |")
    lines.append("")

    sections = report["sections"]
    titles = (("unmatched", "Unmatched calls", "No route serves these calls."),
              ("method_mismatch", "Method mismatches", "The path exists, not with this method."),
              ("duplicate_prefix", "Duplicate prefixes", "The URL repeats the client's base URL."),
              ("mock_only", "Served only by a mock", "No backend route serves these calls."),
              ("unresolved", "Unresolved calls",
               "The URL could not be resolved statically, so these calls were not checked."),
              ("external", "Calls to external services",
               "Calls to a `[[services]]` base of routelink.toml: not checked."),
              ("unchecked", "Calls not checked",
               "These calls were not matched against the routes; the last column says why."),
              ("outbound", "Requests of backend code",
               "Requests the backend makes to other services: neither linked nor checked."))
    for key, title, lead in titles:
        ids = sections.get(key, [])
        if not ids:
            continue
        last = {"external": "Service", "outbound": "URL as written"}.get(key, "Why")
        lines += [f"## {title} ({len(ids)})", "", lead, "",
                  f"| Call | Where | Client | {last} |", "|---|---|---|---|"]
        for cid in ids:
            c = calls[cid]
            why = (c.get("service", "") if key == "external" else
                   (_code(c["raw"][:80]) if c["raw"][:1] in "'\"`" else "-") if key == "outbound"
                   else _why(c, key))
            lines.append("| " + " | ".join((
                _code(f"{c['method']} {c['path']}"), _md(_display(report, c["root"], f"{c['file']}:{c['line']}")),
                _md(c["client"]), _md(why))) + " |")
        lines.append("")
    def route_table(title: str, lead: str, rows: list[dict]) -> None:
        if not rows:
            return
        lines.extend([f"## {title} ({len(rows)})", "", lead, "",
                      "| Method | Path | Declared | Status |", "|---|---|---|---|"])
        for r in rows:
            lines.append("| " + " | ".join((
                r["method"], _code(r["path"]),
                _md(_display(report, r["root"], f"{r['file']}:{r['line']}")),
                _md(_route_status(r)))) + " |")
        lines.append("")

    ordered = [routes[rid] for b in report["backends"] for g in b["groups"] for rid in g["routes"]]
    unused = [r for r in ordered if r["status"] == "unused"]
    twice = [r for r in unused if r.get("note", "").startswith("also mounted at ")]
    alone = [r for r in unused if r not in twice]
    route_table("Endpoints no call reaches", "No indexed call reaches these endpoints "
                "(`unused-route`); `external` patterns of routelink.toml take out the ones "
                "called from elsewhere.", alone)
    if twice:
        lines += [f"{'Also, ' if alone else ''}{len(twice)} endpoint{'s' if len(twice) != 1 else ''} "
                  f"no call reaches {'are' if len(twice) != 1 else 'is'} the same declared "
                  "path under another mount of a router whose other mount is called (status "
                  "`unused`, noted `also mounted at` in the inventory below).", ""]
    maybe_rows = [r for r in ordered if r["status"] == "possible"]
    if maybe_rows:
        lines.extend([f"## Endpoints only maybe called ({len(maybe_rows)})", "",
                      "No call is linked to these endpoints, but a call with a path parameter "
                      "may reach them at run time (`GET /users/{}` may be `/users/profile`); "
                      "they are not reported as `unused-route`.", "",
                      "| Method | Path | Declared | Maybe called by |", "|---|---|---|---|"])
        for r in maybe_rows:
            lines.append("| " + " | ".join((
                r["method"], _code(r["path"]),
                _md(_display(report, r["root"], f"{r['file']}:{r['line']}")),
                _md(_callers(report, r, calls).removeprefix("maybe ")))) + " |")
        lines.append("")
    route_table("Endpoints that are never served",
                "Shadowed by an earlier route, declared twice, or on a router that is never mounted.",
                [r for r in ordered if r["status"] in ("shadowed", "duplicate", "unmounted")])
    if report["suppressed"]:
        lines += [f"## Suppressed findings ({len(report['suppressed'])})", "",
                  "| Code | Where | Finding | Reason |", "|---|---|---|---|"]
        for row in report["suppressed"]:
            lines.append("| " + " | ".join((
                row["code"], _md(_display(report, row["root"], f"{row['file']}:{row['line']}")),
                _md(row["message"]), _md(row["reason"] or "(none given)"))) + " |")
        lines.append("")
    lines += ["## Endpoints", ""]
    if not report["backends"]:
        lines += ["No backend routes were found.", ""]
    for b in report["backends"]:
        where = (f" in {_code(_root_labels(tuple(report['roots']))[b['root']])}"
                 if len(report["roots"]) > 1 else "")
        lines += [f"### {_md(b['app'])}{where}", ""]
        for g in b["groups"]:
            routers = ", ".join(_code(x) for x in g["routers"])
            lines.append(f"**{_md(_display(report, b['root'], g['file']))}**"
                         + (f" (router {routers})" if routers else ""))
            lines += ["", "| Method | Path | Handler | Status | Callers |", "|---|---|---|---|---|"]
            for rid in g["routes"]:
                r = routes[rid]
                lines.append("| " + " | ".join((
                    r["method"], _code(r["path"]), _md(_handler(report, r)),
                    _md(_route_status(r)), _md(_callers(report, r, calls)))) + " |")
            lines.append("")

    return "\n".join(lines).rstrip() + "\n"


def _handler(report: dict, r: dict) -> str:
    """``listUsers (users.ts:6)``: the handler's name and where it is, the file's name
    alone when it is the file that declares the route."""
    file, _, line = r["handler_at"].rpartition(":")
    if file == r["file"] and r["handler_root"] == r["root"]:
        at = f"{posixpath.basename(file)}:{line}"
    else:
        at = _display(report, r["handler_root"], r["handler_at"])
    return f"{r['handler']} ({at})" if r.get("handler") else at


def _route_status(r: dict) -> str:
    text = r["status"]
    if r.get("ignored"):
        text += f" (ignored: {r['ignored']})"
    if r["status"] in ("shadowed", "duplicate") and r.get("note"):
        text += f" {r['note']}"
    elif r["status"] == "external" and r.get("note"):
        text += f" ({r['note'].split(': ', 1)[-1]})"
    elif r["status"] == "unmounted":
        text += ": its router is never mounted"
    elif r["status"] in ("uncalled", "unresolved", "unused") and r.get("note"):
        text += f" ({r['note']})"
    return text


def _by_place(ids: list[str], calls: dict) -> list[str]:
    """Call ids ordered by (root, file, line, column)."""
    return sorted(ids, key=lambda c: (calls[c]["root"], calls[c]["file"], calls[c]["line"],
                                      calls[c]["column"]))


def _callers(report: dict, r: dict, calls: dict) -> str:
    ids = _by_place(r["callers"], calls)
    if not ids and r.get("maybe_callers"):
        return "maybe " + _callers(report, {**r, "callers": r["maybe_callers"], "maybe_callers": []}, calls)
    if not ids:
        return "-"
    shown = [f"{_display(report, calls[c]['root'], calls[c]['file'])}:{calls[c]['line']} "
             f"({calls[c]['client']})" for c in ids[:MAX_CALLERS]]
    more = f", +{len(ids) - MAX_CALLERS} more" if len(ids) > MAX_CALLERS else ""
    return ", ".join(shown) + more


def _why(c: dict, key: str) -> str:
    """The part of a finding's message worth a cell: what follows the restated call."""
    why = c.get("why", "")
    if key == "unresolved" and "could not be resolved statically" in why:
        rest = why.split("could not be resolved statically", 1)[1]
        rest = rest.rsplit(", so this", 1)[0].lstrip(": ").strip()
        raw = " ".join(c.get("raw", "").split())
        if rest:
            return rest
        if raw and len(raw) <= 60:
            return f"{_code(raw)} is only known at run time"
        return "the URL is only known at run time"
    return finding_detail(why, c["method"], c["path"]) or (
        "no route has this path" if key == "unmatched" else why)


def finding_detail(message: str, method: str, path: str) -> str:
    """What a call finding's ``message`` says beyond restating the call (``No route
    serves GET /x``, ``GET /x: ...``): '' when nothing; the message itself when it does
    not start with such a restatement."""
    desc = f"{method} {path}"
    for lead in (f"No route serves {desc}", f"No mounted route serves {desc}", f"{desc}: "):
        if message.startswith(lead):
            rest = message[len(lead):].lstrip(":").strip()
            if lead.startswith("No mounted") and rest:
                rest = "no mounted route: " + rest
            return rest
    return message


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1f2328}
h1{font-size:22px}h2{font-size:18px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;cursor:pointer;user-select:none;white-space:nowrap}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.s-linked{color:#1a7f37}.s-unused,.s-uncalled{color:#9a6700}
.s-unmounted,.s-shadowed,.s-duplicate,.s-unmatched,.s-method-mismatch,.s-duplicate-prefix{color:#cf222e}
.controls{margin:8px 0}.controls input{width:320px;padding:4px}
.summary td:first-child{width:260px}
"""

_JS = """
function sortTable(th){const table=th.closest('table');const i=[...th.parentNode.children].indexOf(th);
const asc=!th.classList.contains('asc');table.querySelectorAll('th').forEach(h=>h.classList.remove('asc','desc'));
th.classList.add(asc?'asc':'desc');const body=table.tBodies[0];const rows=[...body.rows];
rows.sort((a,b)=>{const x=a.cells[i].dataset.v??a.cells[i].textContent,y=b.cells[i].dataset.v??b.cells[i].textContent;
const n=parseFloat(x)-parseFloat(y);return (isNaN(n)?x.localeCompare(y):n)*(asc?1:-1)});
rows.forEach(r=>body.appendChild(r));}
function filterTable(id){const q=document.getElementById(id+'-q').value.toLowerCase();
const st=document.getElementById(id+'-s').value;
for(const r of document.getElementById(id).tBodies[0].rows){
const ok=(!q||r.textContent.toLowerCase().includes(q))&&(!st||r.dataset.status===st);r.style.display=ok?'':'none';}}
document.querySelectorAll('th').forEach(th=>th.addEventListener('click',()=>sortTable(th)));
"""


def html(report: dict) -> str:
    """The report as one self-contained HTML page (inline CSS and JavaScript, nothing
    loaded from elsewhere): the summary, a sortable, filterable table of every endpoint
    and one of every call."""
    e = _html.escape
    calls = {c["id"]: c for c in report["calls"]}
    routes = {r["id"]: r for r in report["routes"]}
    s = report["report_summary"]
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           "<title>API sync report</title>", f"<style>{_CSS}</style></head><body>",
           "<h1>API sync report</h1>",
           f"<p>Generated by routelink {e(report['routelink'])} from "
           + ", ".join(f"<code>{e(r)}</code>" for r in report["roots"]) + "</p>"]
    for note in report.get("notes", []):
        out.append(f"<p><em>{e(note)}</em></p>")
    out.append('<table class="summary"><tbody>')
    rows = [("Endpoints called", f"{s['called_endpoints']} of {s['endpoints']} ({_pct(s['called_share'])})"),
            ("Calls linked to a route", f"{s['linked_calls']} of {s['checked_calls']} ({_pct(s['linked_share'])})"),
            ("Endpoints by status", ", ".join(f"{n} {st}" for st, n in s["routes_by_status"].items()) or "none"),
            ("Calls by status", ", ".join(f"{n} {_STATUS_WORD.get(st, st)}"
                                           for st, n in s["calls_by_status"].items()) or "none"),
            ("Findings suppressed", str(s["suppressed"]))]
    out += [f"<tr><td>{e(k)}</td><td>{e(v)}</td></tr>" for k, v in rows]
    out.append("</tbody></table>")

    route_statuses = [st for st in ROUTE_STATUSES if st in s["routes_by_status"]]
    out += ["<h2>Endpoints</h2>", _controls("routes", route_statuses),
            '<table id="routes"><thead><tr><th>Backend</th><th>File</th><th>Method</th>'
            "<th>Path</th><th>Handler</th><th>Status</th><th>Callers</th></tr></thead><tbody>"]
    for b in report["backends"]:
        for g in b["groups"]:
            for rid in g["routes"]:
                r = routes[rid]
                listed = _by_place(r["callers"] or r.get("maybe_callers", []), calls)
                callers = ("maybe " if not r["callers"] and listed else "") + "<br>".join(
                    e(f"{_display(report, calls[c]['root'], calls[c]['file'])}:{calls[c]['line']} "
                      f"({calls[c]['client']})") for c in listed) or "-"
                out.append(
                    f'<tr data-status="{e(r["status"])}" id="{e(rid)}"><td>{e(b["app"])}</td>'
                    f"<td>{e(_display(report, b['root'], g['file']))}</td><td>{e(r['method'])}</td>"
                    f"<td><code>{e(r['path'])}</code></td><td>{e(_handler(report, r))}</td>"
                    f'<td class="s-{e(r["status"])}">{e(_route_status(r))}</td>'
                    f'<td data-v="{len(r["callers"])}">{callers}</td></tr>')
    out.append("</tbody></table>")

    call_statuses = [st for st in CALL_STATUSES if st in s["calls_by_status"]]
    out += ["<h2>Calls</h2>", _controls("calls", call_statuses),
            '<table id="calls"><thead><tr><th>Method</th><th>Path</th><th>Where</th>'
            "<th>Client</th><th>Status</th><th>Routes / why</th></tr></thead><tbody>"]
    for c in report["calls"]:
        if c["status"] == "linked":
            detail = "<br>".join(e(f"{routes[r]['method']} {routes[r]['path']}") for r in c["routes"])
        else:
            detail = e(c.get("service") or c.get("why") or "")
        if c.get("ignored"):
            detail += e(f" (ignored: {c['ignored']})")
        out.append(
            f'<tr data-status="{e(c["status"])}" id="{e(c["id"])}"><td>{e(c["method"])}</td>'
            f"<td><code>{e(c['path'])}</code></td>"
            f"<td>{e(_display(report, c['root'], c['file']))}:{c['line']}</td><td>{e(c['client'])}</td>"
            f'<td class="s-{e(c["status"])}">{e(_STATUS_WORD.get(c["status"], c["status"]))}</td>'
            f"<td>{detail}</td></tr>")
    out.append("</tbody></table>")
    if report["suppressed"]:
        out += ["<h2>Suppressed findings</h2>", "<table><thead><tr><th>Code</th><th>Where</th>"
                "<th>Finding</th><th>Reason</th></tr></thead><tbody>"]
        for row in report["suppressed"]:
            out.append(f"<tr><td>{e(row['code'])}</td>"
                       f"<td>{e(_display(report, row['root'], row['file']))}:{row['line']}</td>"
                       f"<td>{e(row['message'])}</td><td>{e(row['reason'] or '(none given)')}</td></tr>")
        out.append("</tbody></table>")
    out += [f"<script>{_JS}</script>", "</body></html>"]
    return "\n".join(out) + "\n"


def _controls(table: str, statuses: list[str]) -> str:
    options = "".join(f'<option value="{s}">{_STATUS_WORD.get(s, s)}</option>' for s in statuses)
    return (f'<div class="controls"><input id="{table}-q" type="search" placeholder="Filter" '
            f'oninput="filterTable(\'{table}\')"> <select id="{table}-s" '
            f'onchange="filterTable(\'{table}\')"><option value="">every status</option>'
            f"{options}</select></div>")


def render(report: dict, fmt: str) -> str:
    """The report in ``fmt``: ``markdown``, ``html`` or ``json`` (indented)."""
    if fmt == "json":
        return json.dumps(report, indent=2) + "\n"
    return html(report) if fmt == "html" else markdown(report)


__all__ = ["sync_report", "markdown", "html", "render", "ROUTE_STATUSES", "CALL_STATUSES"]
