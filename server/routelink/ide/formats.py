"""Output formats of ``routelink check`` beyond text and JSON, as plain functions.

Every function here takes the ``--format json`` report dict (:func:`routelink.ide.report.
json_report`, documented in docs/json-report.md) and returns text or data; none reads
the index, so ``routelink diff`` and other commands can print any report they build
(or filter) with them:

- :func:`display_path`: the path a diagnostic is printed with (its root as given,
  joined with the file relative to that root).
- :func:`text_lines`: the text format (``path:line:col: severity code message`` and a
  summary line), optionally coloured with ANSI styles.
- :func:`statistics_lines` / :func:`statistics_json`: the count of findings per code.
- :func:`sarif`: a SARIF 2.1.0 log (dict), one rule per diagnostic code.
- :func:`github_lines`: GitHub Actions workflow commands (``::warning file=...::msg``).
- :func:`gitlab`: a GitLab Code Quality report (list of dicts).
- :func:`junit`: a JUnit XML report (text).
- :func:`fingerprints`: stable identities of findings that survive line moves, used by
  the SARIF ``partialFingerprints``, GitLab ``fingerprint`` and baselines.

Reports' positions are 1-based lines and 1-based UTF-16 columns (SPEC.md); every format
keeps them so.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from typing import Callable, Iterable
from urllib.parse import quote
from xml.etree import ElementTree as ET

from routelink import __version__
from routelink.link.codes import CODES, DEFAULT_SEVERITY

#: Where each code is documented: docs/diagnostics.md of the repository, one heading per
#: code (GitHub makes ``## unmatched-call`` the anchor ``#unmatched-call``). The
#: repository URL is the one the VS Code extension's package.json declares.
DOCS_URL = "https://github.com/routelink/routelink/blob/main/docs/diagnostics.md"

#: One line per code, for SARIF rule descriptions and other tool UIs (docs/diagnostics.md
#: has the full text). A code missing here is described by its name.
DESCRIPTIONS = {
    "unmatched-call": "No route serves this method and path: a 404 waiting to happen.",
    "method-mismatch": "The path exists, but not for this HTTP method.",
    "duplicate-prefix": "The URL literal repeats the base URL path the client already prepends.",
    "unused-route": "No indexed call reaches this route.",
    "duplicate-route": "The same method and path is declared twice in one app.",
    "shadowed-route": "An earlier route matches every request this one would, so it never runs.",
    "unmounted-route": "This router or controller is never mounted, so its routes are not served.",
    "unresolved-call": "The call's URL could not be resolved statically, so it was not checked.",
    "unresolved-route": "Part of the route's path could not be resolved statically.",
    "mock-only-call": "Only a mock of the dev setup serves this call; no backend route does.",
    "unused-ignore": "A routelink-ignore comment that suppresses nothing.",
    "file-skipped": "routelink did not read this file, or only part of it, so its routes "
                    "and calls are not checked.",
}

#: SPEC severity -> SARIF ``level``
SARIF_LEVEL = {"error": "error", "warning": "warning", "information": "note", "hint": "note"}
#: SPEC severity -> GitHub workflow command
GITHUB_COMMAND = {"error": "error", "warning": "warning", "information": "notice",
                  "hint": "notice"}
#: SPEC severity -> GitLab Code Quality severity (info, minor, major, critical, blocker)
GITLAB_SEVERITY = {"error": "critical", "warning": "major", "information": "minor",
                   "hint": "info"}
#: Code Climate categories of each code (GitLab shows them; unknown codes: Bug Risk)
GITLAB_CATEGORY = {"unused-route": "Clarity", "unused-ignore": "Style",
                   "duplicate-route": "Duplication", "unresolved-call": "Clarity",
                   "unresolved-route": "Clarity", "file-skipped": "Clarity"}
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SEVERITY_RANK = {"error": 4, "warning": 3, "information": 2, "hint": 1}

_STYLE = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow", "bold": True},
          "information": {"fg": "blue", "bold": True}, "hint": {"fg": "cyan"}}


def all_codes() -> list[str]:
    """Every diagnostic code routelink can emit: ``link.findings.CODES`` (the codes
    ``[severity]`` accepts), in their documented order."""
    return list(CODES) + [c for c in DEFAULT_SEVERITY if c not in CODES]


def display_path(report: dict, d: dict, display_roots: list[str] | None = None) -> str:
    """The path an entry (diagnostic, call or route) of ``report`` is printed with: its
    file joined to its root as given (``display_roots``, default ``report["roots"]``),
    exactly as the text format writes it."""
    roots = report["roots"] if display_roots is None else display_roots
    root = roots[d["root"]] if roots else "."
    return d["file"] if root in (".", "./") else posixpath.join(root.rstrip("/"), d["file"])


def text_lines(report: dict, display_roots: list[str] | None = None,
               colour: bool = False) -> list[str]:
    """The text format: one ``path:line:col: severity code message`` line per diagnostic
    and the summary line, exactly as :func:`routelink.ide.report.text_report` (which it
    calls); with ``colour`` the path is bold, the severity coloured and the code dim
    (ANSI escapes through ``click.style``)."""
    from routelink.ide.report import text_report

    roots = report["roots"] if display_roots is None else display_roots
    lines = text_report(report, roots)
    if not colour:
        return lines
    import click

    out = []
    for d, line in zip(report["diagnostics"], lines):
        head = f"{display_path(report, d, roots)}:{d['line']}:{d['column']}:"
        rest = line[len(head):]
        sev, code = d["severity"], d["code"]
        expected = f" {sev} {code} "
        if not rest.startswith(expected):  # pragma: no cover - text_report changed
            out.append(line)
            continue
        out.append(click.style(head, bold=True) + " " + click.style(sev, **_STYLE.get(sev, {}))
                   + " " + click.style(code, dim=True) + " " + rest[len(expected):])
    out.extend(lines[len(report["diagnostics"]):])
    return out


def statistics_json(report: dict) -> list[dict]:
    """The count of diagnostics per code, most frequent first (ties by code):
    ``[{"code": "unused-route", "severity": "information", "count": 11}, ...]``.
    ``severity`` is the highest severity the code has in the report."""
    counts: dict[str, int] = {}
    sev: dict[str, str] = {}
    for d in report["diagnostics"]:
        counts[d["code"]] = counts.get(d["code"], 0) + 1
        if SEVERITY_RANK[d["severity"]] > SEVERITY_RANK.get(sev.get(d["code"], ""), 0):
            sev[d["code"]] = d["severity"]
    return [{"code": c, "severity": sev[c], "count": n}
            for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def statistics_lines(report: dict) -> list[str]:
    """:func:`statistics_json` as aligned text lines, ``count  code  severity``, like
    ``ruff --statistics``; no line when there is no finding."""
    rows = statistics_json(report)
    if not rows:
        return []
    width = max(len(str(r["count"])) for r in rows)
    cwidth = max(len(r["code"]) for r in rows)
    return [f"{r['count']:>{width}}  {r['code']:<{cwidth}}  {r['severity']}" for r in rows]


# -- fingerprints --------------------------------------------------------------------

def normalized_text(text: str) -> str:
    """``text`` with every run of whitespace collapsed to one space, stripped."""
    return " ".join(text.split())


def span_first_line(source: str, d: dict) -> str:
    """The source text of a diagnostic's range, cut at the end of its first line
    (a route's range covers its inline handler, whose body must not matter). Columns
    are 1-based UTF-16 code units (SPEC); a position past the text gives ``""``."""
    lines = source.splitlines()
    if not 1 <= d["line"] <= len(lines):
        return ""
    units = lines[d["line"] - 1].encode("utf-16-le")
    start = max(d["column"] - 1, 0) * 2
    end = (d["end_column"] - 1) * 2 if d.get("end_line", d["line"]) == d["line"] else len(units)
    return units[start:max(end, start)].decode("utf-16-le", errors="replace")


def _source_reader(report: dict, display_roots: list[str] | None) -> Callable[[int, str], str | None]:
    roots = report["roots"] if display_roots is None else display_roots
    cache: dict[tuple[int, str], str | None] = {}

    def read(root: int, file: str) -> str | None:
        key = (root, file)
        if key not in cache:
            base = roots[root] if roots else "."
            try:
                with open(os.path.join(base, file), encoding="utf-8", errors="replace") as fh:
                    cache[key] = fh.read()
            except OSError:
                cache[key] = None
        return cache[key]

    return read


def fingerprints(report: dict, source: Callable[[int, str], str | None] | None = None,
                 display_roots: list[str] | None = None) -> list[str]:
    """A fingerprint per diagnostic of ``report`` (same order), stable across line moves
    and edits elsewhere: a hash of the code, the method and path template of its call or
    route, its file (relative to its root) and the normalized source text it is on (a
    call's URL as written, ``raw``; otherwise the first line of the diagnostic's range,
    whitespace-collapsed), then ``:n``, the occurrence of identical ones in file order
    (``3f1c...:0``). No line or column goes into it, nor the message (messages name
    other places by line).

    ``source(root, file)`` returns a file's text (None when unreadable: the text part is
    then empty); the default reads ``display_roots`` (default ``report["roots"]``, the
    PATHs as given, relative to the working directory) joined with ``file``.
    """
    read = source or _source_reader(report, display_roots)
    calls = {c["id"]: c for c in report.get("calls", [])}
    routes = {r["id"]: r for r in report.get("routes", [])}
    bases = []
    for d in report["diagnostics"]:
        subject = calls.get(d.get("call") or "") or routes.get(d.get("route") or "")
        method, path = (subject["method"], subject["path"]) if subject else ("", "")
        if d.get("call") in calls:
            text = calls[d["call"]].get("raw") or ""
        else:
            src = read(d["root"], d["file"])
            text = span_first_line(src, d) if src is not None else ""
        key = "\0".join(("routelink-fingerprint-v1", d["code"], method, path, d["file"],
                         normalized_text(text)))
        bases.append(hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32])
    order = sorted(range(len(bases)),
                   key=lambda i: (bases[i], report["diagnostics"][i]["line"],
                                  report["diagnostics"][i]["column"], i))
    seen: dict[str, int] = {}
    out = [""] * len(bases)
    for i in order:
        n = seen.get(bases[i], 0)
        seen[bases[i]] = n + 1
        out[i] = f"{bases[i]}:{n}"
    return out


# -- SARIF ---------------------------------------------------------------------------

def _rule_name(code: str) -> str:
    return "".join(part.capitalize() for part in code.split("-"))


def sarif_rules(codes: Iterable[str] | None = None) -> list[dict]:
    """The SARIF ``reportingDescriptor`` of each code (default: every code): ``id`` the
    code, ``name`` in PascalCase, a short description, ``helpUri`` the code's section of
    docs/diagnostics.md, ``defaultConfiguration.level`` from its default severity."""
    rules = []
    for code in (all_codes() if codes is None else codes):
        text = DESCRIPTIONS.get(code, code)
        sev = DEFAULT_SEVERITY.get(code, "hint" if code == "unused-ignore" else "warning")
        rules.append({
            "id": code,
            "name": _rule_name(code),
            "shortDescription": {"text": text},
            "fullDescription": {"text": text},
            "helpUri": f"{DOCS_URL}#{code}",
            "help": {"text": f"{text} See {DOCS_URL}#{code}"},
            "defaultConfiguration": {"level": SARIF_LEVEL[sev]},
            "properties": {"severity": sev},
        })
    return rules


def _file_uri(path: str) -> str:
    path = os.path.abspath(path).replace(os.sep, "/")
    if not path.endswith("/"):
        path += "/"
    return "file://" + ("" if path.startswith("/") else "/") + _quote(path)


def _quote(path: str) -> str:
    """A path percent-encoded from its file-system bytes: a name that is not UTF-8 (lone
    surrogates from ``os.fsdecode``) is encoded byte for byte, never an error."""
    try:
        return quote(os.fsencode(path))
    except UnicodeEncodeError:
        return quote(path.encode("utf-8", "surrogatepass"))


def _artifact(report: dict, entry: dict, display_roots: list[str] | None,
              cwd: str | None, bases: dict[str, dict]) -> dict:
    """An artifactLocation: relative to the working directory (``%SRCROOT%``) when the
    entry's root is inside it, else relative to its own root (``ROOT<n>``)."""
    roots = report["roots"] if display_roots is None else display_roots
    root = roots[entry["root"]] if roots else "."
    shown = posixpath.normpath(display_path(report, entry, roots))
    if not posixpath.isabs(shown) and not shown.startswith("../") and shown != "..":
        if cwd is not None:
            bases.setdefault("%SRCROOT%", {"uri": _file_uri(cwd)})
        return {"uri": _quote(shown), "uriBaseId": "%SRCROOT%"}
    base_id = f"ROOT{entry['root']}"
    if cwd is not None:
        bases.setdefault(base_id, {"uri": _file_uri(os.path.join(cwd, root))})
    return {"uri": _quote(entry["file"]), "uriBaseId": base_id}


def sarif(report: dict, display_roots: list[str] | None = None, cwd: str | None = None,
          fingerprint: list[str] | None = None) -> dict:
    """A SARIF 2.1.0 log of ``report``'s diagnostics (one run).

    - ``tool.driver.rules``: every code (:func:`sarif_rules`); results refer to them by
      ``ruleId`` and ``ruleIndex``.
    - each result: ``level`` from the diagnostic's configured severity (information and
      hint are ``note``), the message, one physical location (``uri`` relative to the
      working directory with ``uriBaseId`` ``%SRCROOT%``, or relative to its root with
      ``ROOT<n>`` for a root outside it; ``region`` 1-based, columns in UTF-16 code units
      as ``run.columnKind`` says), ``relatedLocations`` for the diagnostic's ``related``
      routes and calls (the other side: the route of a method mismatch, the first
      declaration of a duplicate), ``partialFingerprints["routelink/v1"]``
      (:func:`fingerprints`) and ``properties`` with the severity, call and route ids.
    - the report's ``notes`` (remarks about the whole workspace) are
      ``invocations[0].toolExecutionNotifications``.
    - ``cwd`` (absolute; default none): written as ``originalUriBaseIds`` so a consumer
      can resolve the relative URIs; ``fingerprint``: precomputed fingerprints.
    """
    rules = sarif_rules()
    rule_index = {r["id"]: i for i, r in enumerate(rules)}
    for d in report["diagnostics"]:  # a code no list knows still gets a rule
        if d["code"] not in rule_index:
            rule_index[d["code"]] = len(rules)
            rules.extend(sarif_rules([d["code"]]))
    fps = fingerprint if fingerprint is not None else fingerprints(report, None, display_roots)
    entries = {e["id"]: (kind, e) for kind in ("route", "call")
               for e in report.get(kind + "s", [])}
    bases: dict[str, dict] = {}
    results = []
    for d, fp in zip(report["diagnostics"], fps):
        region = {"startLine": d["line"], "startColumn": d["column"],
                  "endLine": d["end_line"], "endColumn": d["end_column"]}
        result = {
            "ruleId": d["code"],
            "ruleIndex": rule_index[d["code"]],
            "level": SARIF_LEVEL[d["severity"]],
            "message": {"text": d["message"]},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(report, d, display_roots, cwd, bases),
                "region": region}}],
            "partialFingerprints": {"routelink/v1": fp},
            "properties": {"severity": d["severity"],
                           **({"call": d["call"]} if d.get("call") else {}),
                           **({"route": d["route"]} if d.get("route") else {})},
        }
        related = []
        for n, rid in enumerate(d.get("related", [])):
            if rid not in entries:
                continue
            kind, e = entries[rid]
            what = (f"{e['method']} {e['path']}" + (f" ({e['handler']})" if kind == "route"
                                                    and e.get("handler") else ""))
            related.append({
                "id": n,
                "message": {"text": f"{kind} {rid}: {what}"},
                "physicalLocation": {
                    "artifactLocation": _artifact(report, e, display_roots, cwd, bases),
                    "region": {"startLine": e["line"], "startColumn": e["column"]}},
            })
        if related:
            result["relatedLocations"] = related
        results.append(result)
    run = {
        "tool": {"driver": {
            "name": "routelink",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": DOCS_URL.rsplit("/blob/", 1)[0],
            "rules": rules,
        }},
        "columnKind": "utf16CodeUnits",
        "results": results,
    }
    if bases:
        run["originalUriBaseIds"] = bases
    if report.get("notes"):  # remarks about the whole workspace (no backend found)
        run["invocations"] = [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "note", "message": {"text": note}} for note in report["notes"]]}]
    return {"$schema": SARIF_SCHEMA_URI, "version": "2.1.0", "runs": [run]}


# -- GitHub workflow commands ----------------------------------------------------------

def github_escape_data(text: str) -> str:
    """A workflow command's message escaped as the runner unescapes it: ``%``, CR, LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """A workflow command property value escaped: ``%``, CR, LF, ``:`` and ``,``."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(report: dict, display_roots: list[str] | None = None) -> list[str]:
    """One GitHub Actions workflow command per diagnostic,
    ``::warning file=P,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::MESSAGE``
    (error -> ``error``, warning -> ``warning``, information and hint -> ``notice``),
    every value escaped (:func:`github_escape_property`, :func:`github_escape_data`) so a
    file name or message with a newline, ``::``, ``,`` or ``%`` cannot start another
    command. ``P`` is the path as the text format prints it (relative to the working
    directory when the PATH was), which GitHub resolves against the checkout."""
    out = []
    for d in report["diagnostics"]:
        props = [("file", display_path(report, d, display_roots)), ("line", d["line"]),
                 ("col", d["column"]), ("endLine", d["end_line"]),
                 ("endColumn", d["end_column"]), ("title", d["code"])]
        head = ",".join(f"{k}={github_escape_property(str(v))}" for k, v in props)
        out.append(f"::{GITHUB_COMMAND[d['severity']]} {head}::"
                   f"{github_escape_data(d['message'])}")
    return out


# -- GitLab Code Quality ---------------------------------------------------------------

def gitlab(report: dict, display_roots: list[str] | None = None,
           fingerprint: list[str] | None = None) -> list[dict]:
    """A GitLab Code Quality report (the Code Climate issue subset GitLab reads): per
    diagnostic ``type`` ``issue``, ``check_name`` (the code), ``description`` (the
    message), ``categories``, ``severity`` (error critical, warning major, information
    minor, hint info), ``fingerprint`` (unique, stable: :func:`fingerprints` hashed to
    32 hex digits) and ``location.path`` (as the text format prints it, relative to the
    working directory, which GitLab takes as the repository root) with
    ``location.lines.begin``/``end``."""
    fps = fingerprint if fingerprint is not None else fingerprints(report, None, display_roots)
    out = []
    for d, fp in zip(report["diagnostics"], fps):
        out.append({
            "type": "issue",
            "check_name": d["code"],
            "description": d["message"],
            "categories": [GITLAB_CATEGORY.get(d["code"], "Bug Risk")],
            "severity": GITLAB_SEVERITY[d["severity"]],
            "fingerprint": hashlib.md5(fp.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest(),
            "location": {"path": display_path(report, d, display_roots),
                         "lines": {"begin": d["line"], "end": d["end_line"]}},
        })
    return out


# -- JUnit -----------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can carry: characters it forbids become U+FFFD."""
    return _XML_INVALID.sub("\ufffd", text)


def junit(report: dict, display_roots: list[str] | None = None,
          failing: Callable[[dict], bool] | None = None) -> str:
    """A JUnit XML report: ``<testsuites>`` with one ``<testsuite name="routelink">``
    and a ``<testcase>`` per diagnostic (``classname`` its path, ``name`` ``code at
    line:col``). A diagnostic for which ``failing(d)`` is true (default: every one;
    the CLI passes "at or above --fail-on") has a ``<failure type=code message=...>``
    whose text is the text-format line; the others pass and carry that line in
    ``<system-out>``. With no diagnostic, one passing testcase ``routelink check`` says
    the run was clean. Text XML cannot carry (control characters) becomes U+FFFD."""
    failing = failing or (lambda d: True)
    roots = report["roots"] if display_roots is None else display_roots
    cases = []
    failures = 0
    for d in report["diagnostics"]:
        path = display_path(report, d, roots)
        case = ET.Element("testcase", {
            "classname": _xml_text(path),
            "name": _xml_text(f"{d['code']} at {d['line']}:{d['column']}"),
            "file": _xml_text(path), "line": str(d["line"]), "time": "0"})
        line = _xml_text(f"{path}:{d['line']}:{d['column']}: {d['severity']} {d['code']} "
                         f"{d['message']}")
        if failing(d):
            failures += 1
            fail = ET.SubElement(case, "failure", {
                "type": d["code"], "message": _xml_text(d["message"])})
            fail.text = line
        else:
            ET.SubElement(case, "system-out").text = line
        cases.append(case)
    if not cases:
        cases.append(ET.Element("testcase", {"classname": "routelink",
                                             "name": "routelink check", "time": "0"}))
    seconds = str(report.get("summary", {}).get("seconds", 0))
    attrs = {"tests": str(len(cases)), "failures": str(failures), "errors": "0",
             "skipped": "0", "time": seconds}
    suites = ET.Element("testsuites", {"name": "routelink", **attrs})
    suite = ET.SubElement(suites, "testsuite", {"name": "routelink", **attrs})
    suite.extend(cases)
    ET.indent(suites)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(suites, encoding="unicode") + "\n")
