"""`routelink check`: formats, exit statuses, configuration errors (SPEC.md)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "express-react"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routelink", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_check_json_on_the_example():
    proc = run("check", str(EXAMPLE), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert set(report) == {"routelink", "roots", "routes", "calls", "diagnostics", "notes",
                           "summary"}
    assert report["notes"] == []
    codes = sorted({d["code"] for d in report["diagnostics"]})
    assert codes == ["duplicate-prefix", "duplicate-route", "method-mismatch", "shadowed-route",
                     "unmatched-call", "unmounted-route", "unresolved-call", "unused-route"]
    route = next(r for r in report["routes"] if r["path"] == "/api/orders/{orderId}/status")
    assert route["method"] == "PATCH" and route["file"] == "backend/src/routes/orders.ts"
    assert route["line"] == 19 and route["framework"] == "express" and route["mounted"] is True
    admin = [r for r in report["routes"] if r["file"] == "backend/src/routes/admin.js"]
    assert {r["path"] for r in admin} == {"/stats", "/reindex"} and not any(r["mounted"] for r in admin)
    call = next(c for c in report["calls"] if c["path"] == "/api/users/{}" and c["method"] == "DELETE")
    assert call["client"] == "axios" and call["resolved"] and call["raw"] == "`/users/${id}`"
    linked = next(r for r in report["routes"] if r["id"] in call["routes"])
    assert linked["path"] == "/api/users/{id}" and call["id"] in linked["callers"]
    s = report["summary"]
    assert s["routes"] == len(report["routes"]) and s["calls"] == len(report["calls"])
    assert s["linked_calls"] == sum(1 for c in report["calls"] if c["routes"])


def test_json_writes_every_catch_all_as_name_star_and_says_which_need_a_segment(tmp_path):
    (tmp_path / "package.json").write_text('{"name": "web", "dependencies": {"next": "14.2.3"}}')
    folders = tmp_path / "pages" / "api" / "folders"
    folders.mkdir(parents=True)
    (folders / "[...name].ts").write_text("export default function handler(req, res) { res.json([]); }\n")
    docs = tmp_path / "app" / "api" / "docs" / "[[...slug]]"
    docs.mkdir(parents=True)
    (docs / "route.ts").write_text("export async function GET() { return Response.json([]); }\n")
    report = json.loads(run("check", str(tmp_path), "--format", "json").stdout)
    got = sorted((r["path"], r.get("catch_all")) for r in report["routes"])
    assert got == [("/api/docs", None), ("/api/docs/{slug*}", "required"),
                   ("/api/folders/{name*}", "required")]


def test_check_text_lines_and_summary(tmp_path):
    proc = run("check", ".", cwd=EXAMPLE)
    lines = proc.stdout.strip().splitlines()
    assert lines[-1].startswith("12 files, 23 routes, 16 calls")
    assert any(l.startswith("frontend/src/pages/OrdersPage.tsx:17:5: warning method-mismatch ") for l in lines)


def test_two_paths_frontend_and_backend():
    proc = run("check", str(EXAMPLE / "backend"), str(EXAMPLE / "frontend"), "--format", "json")
    report = json.loads(proc.stdout)
    assert report["roots"] == [str(EXAMPLE / "backend"), str(EXAMPLE / "frontend")]
    assert {c["root"] for c in report["calls"]} == {1}
    assert {r["root"] for r in report["routes"]} == {0}
    assert report["summary"]["linked_calls"] == 9


def test_frontend_alone_says_once_that_no_backend_was_found():
    """No route at all: calls are not flagged one by one; one line on stderr (text) or
    one note (JSON) says how to add the backend."""
    proc = run("check", "frontend", cwd=EXAMPLE)
    note = ("routelink: no backend routes found in frontend; give the backend's folder as "
            "another PATH (routelink check frontend ../api) or open it as a workspace folder")
    assert proc.stderr.strip() == note
    assert not [l for l in proc.stdout.splitlines() if " unmatched-call " in l or " method-mismatch " in l]
    assert any(" hint unresolved-call " in l for l in proc.stdout.splitlines())
    assert proc.returncode == 1  # the duplicate-prefix warning is still a warning
    report = json.loads(run("check", "frontend", "--format", "json", cwd=EXAMPLE).stdout)
    assert report["notes"] == [note.removeprefix("routelink: ")]
    assert report["summary"]["unmatched_calls"] == 0 and report["summary"]["calls"] == 16
    assert {d["code"] for d in report["diagnostics"]} == {"duplicate-prefix", "unresolved-call"}
    # a backend alone has no calls to flag: no note
    assert run("check", "backend", cwd=EXAMPLE).stderr == ""


def test_fail_on_levels():
    assert run("check", str(EXAMPLE), "--fail-on", "never").returncode == 0
    assert run("check", str(EXAMPLE), "--fail-on", "error").returncode == 0
    assert run("check", str(EXAMPLE / "backend"), "--fail-on", "warning").returncode == 1


def test_usage_and_config_errors_exit_2_without_traceback(tmp_path):
    proc = run("check", str(tmp_path / "missing"))
    assert proc.returncode == 2 and "no such directory" in proc.stderr and "Traceback" not in proc.stderr
    bad = tmp_path / "routelink.toml"
    bad.write_text("[severity]\nunused-route = 'loud'\n")
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2 and "severity of 'unused-route'" in proc.stderr
    bad.write_text("exclude = [\n")
    proc = run("check", str(tmp_path))
    assert proc.returncode == 2 and "invalid TOML" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("check", "--format", "xml")
    assert proc.returncode == 2


def test_config_file_severity_and_exclude(tmp_path):
    (tmp_path / "routelink.toml").write_text(
        'exclude = ["frontend/"]\n[severity]\nunused-route = "off"\n')
    proc = run("check", str(EXAMPLE), "--config", str(tmp_path / "routelink.toml"), "--format", "json")
    report = json.loads(proc.stdout)
    assert report["calls"] == []
    assert "unused-route" not in {d["code"] for d in report["diagnostics"]}


def test_version():
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("routelink ")
