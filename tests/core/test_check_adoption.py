"""Adopting `routelink check` on an existing codebase and in hooks: baselines, file
PATHs, settings found walking up, --show-settings/--show-files, and the JSON Schema of
the report (issue 11, items 2, 6 and 8)."""

from __future__ import annotations

import importlib.resources
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

EXAMPLE = EXAMPLES / "express-react"


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run([sys.executable, "-m", "routelink", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120, env=env)


@pytest.fixture
def shop(tmp_path):
    """A copy of examples/express-react in a git repository (a `.git` folder)."""
    dest = tmp_path / "shop"
    shutil.copytree(EXAMPLE, dest)
    (dest / ".git").mkdir()
    return dest


def _prepend(path, text):
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


# --------------------------------------------------------------------------- baselines


def test_baseline_survives_line_moves_and_edits_and_shows_only_the_new_finding(shop):
    base = shop / "routelink-baseline.json"
    proc = run("check", ".", "--write-baseline", str(base), cwd=shop)
    assert proc.returncode == 0 and proc.stdout == ""
    assert proc.stderr.strip() == f"routelink: wrote 21 findings to {base}"
    data = json.loads(base.read_text(encoding="utf-8"))
    assert data["routelink_baseline"] == 1 and len(data["findings"]) == 21
    assert {"fingerprint", "code", "file", "message"} <= set(data["findings"][0])
    proc = run("check", ".", "--baseline", str(base), cwd=shop)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1] == f"21 findings in the baseline {base} not shown"

    # lines inserted above everything, unrelated edits, a handler body changed
    for rel in ("frontend/src/components/ProductGrid.jsx", "frontend/src/pages/OrdersPage.tsx",
                "backend/src/routes/products.js", "backend/src/routes/orders.ts",
                "backend/src/routes/users.ts", "frontend/src/lib/http.ts"):
        _prepend(shop / rel, "// a header comment\n// added later\n\n\n")
    orders = shop / "backend/src/routes/orders.ts"
    orders.write_text(orders.read_text().replace("res.json({ id: req.params.orderId });",
                                                 "const id = req.params.orderId;\n  res.json({ id, ok: true });"))
    grid = shop / "frontend/src/components/ProductGrid.jsx"
    grid.write_text(grid.read_text().replace(
        "  // a third-party API",
        "  const loadWishlist = () => fetch('/api/wishlist');\n"
        "  const loadCartAgain = () => fetch('/api/cart').then((res) => res.json());\n"
        "  // a third-party API"))
    proc = run("check", ".", "--baseline", str(base), "--format", "json", cwd=shop)
    report = json.loads(proc.stdout)
    got = [(d["code"], d["file"], d["message"]) for d in report["diagnostics"]]
    assert got == [
        ("unmatched-call", "frontend/src/components/ProductGrid.jsx", "No route serves GET /api/wishlist"),
        ("unmatched-call", "frontend/src/components/ProductGrid.jsx", "No route serves GET /api/cart"),
    ]
    # the second '/api/cart' call is the new one (the occurrence counter), not the old
    again = 1 + grid.read_text().splitlines().index(
        "  const loadCartAgain = () => fetch('/api/cart').then((res) => res.json());")
    assert report["diagnostics"][1]["line"] == again
    assert report["summary"]["baseline"] == {"file": str(base), "matched": 21, "stale": 0}
    assert report["summary"]["unmatched_calls"] == 2 and report["summary"]["unused_routes"] == 0
    assert proc.returncode == 1
    # without the baseline everything is back
    assert len(json.loads(run("check", ".", "--format", "json", cwd=shop).stdout)["diagnostics"]) == 23


def test_fixed_findings_are_counted_as_stale(shop):
    base = shop / "b.json"
    run("check", ".", "--write-baseline", str(base), cwd=shop)
    grid = shop / "frontend/src/components/ProductGrid.jsx"
    grid.write_text(grid.read_text().replace("fetch('/api/cart')", "fetch('/api/products')"))
    proc = run("check", ".", "--baseline", str(base), cwd=shop)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[-1] == (
        f"20 findings in the baseline {base} not shown; 1 baseline entry no longer found "
        "(rewrite it with --write-baseline)")


def test_missing_or_corrupt_baseline_is_a_usage_error(tmp_path):
    proc = run("check", str(EXAMPLE), "--baseline", str(tmp_path / "none.json"))
    assert proc.returncode == 2 and "no such baseline file" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    bad = tmp_path / "bad.json"
    for text, says in (("{not json", "invalid JSON"), ('{"findings": []}', "not a routelink baseline"),
                       ('{"routelink_baseline": 99, "findings": []}', "not supported"),
                       ('{"routelink_baseline": 1, "findings": [3]}', "'findings' must be")):
        bad.write_text(text)
        proc = run("check", str(EXAMPLE), "--baseline", str(bad))
        assert proc.returncode == 2 and says in proc.stderr, (text, proc.stderr)
        assert "Traceback" not in proc.stderr
    proc = run("check", str(EXAMPLE), "--baseline", str(bad), "--write-baseline", str(bad))
    assert proc.returncode == 2


def test_fingerprint_text_reads_utf16_columns():
    from routelink.ide.formats import span_first_line

    src = "const a = '😀'; fetch('/x')\nnext line\n"
    # '😀' is two UTF-16 units: fetch starts at UTF-16 column 17 (1-based)
    d = {"line": 1, "column": 17, "end_line": 2, "end_column": 3}
    assert span_first_line(src, d) == "fetch('/x')"
    assert span_first_line(src, {"line": 9, "column": 1, "end_line": 9, "end_column": 2}) == ""


# ------------------------------------------------------------------------- file PATHs


def test_a_file_path_checks_its_project_and_prints_only_its_findings(shop):
    proc = run("check", "frontend/src/pages/OrdersPage.tsx", cwd=shop)
    lines = proc.stdout.splitlines()
    assert lines[:-1] == [
        "frontend/src/pages/OrdersPage.tsx:17:5: warning method-mismatch POST /api/orders/{}/status: "
        "the route exists but only for PATCH (orders.ts:19)",
        "frontend/src/pages/OrdersPage.tsx:20:40: warning unmatched-call No route serves GET "
        "/api/orders/{}/invoice",
    ]
    assert proc.returncode == 1 and proc.stderr == ""
    # a file with only an information finding: exit 0
    proc = run("check", "backend/src/server.ts", cwd=shop)
    assert proc.returncode == 0 and " unused-route " in proc.stdout


def test_several_files_of_one_project_share_one_workspace(shop):
    files = ["frontend/src/pages/OrdersPage.tsx", "frontend/src/components/ProductGrid.jsx",
             "backend/src/routes/products.js"]
    report = json.loads(run("check", *files, "--format", "json", cwd=shop).stdout)
    assert report["roots"] == ["."]
    assert {d["file"] for d in report["diagnostics"]} == set(files)
    assert report["summary"]["linked_calls"] == 9  # the whole project was indexed


def test_a_file_path_from_another_directory(shop, tmp_path):
    target = shop / "frontend/src/pages/OrdersPage.tsx"
    proc = run("check", str(target), cwd=tmp_path)
    assert all(l.startswith("shop/frontend/src/pages/OrdersPage.tsx:") for l in proc.stdout.splitlines()[:-1])


def test_without_a_repository_the_nearest_package_is_the_project(shop):
    shutil.rmtree(shop / ".git")
    proc = run("check", "frontend/src/pages/OrdersPage.tsx", cwd=shop)
    assert "no backend routes found in frontend" in proc.stderr


def test_a_missing_path_is_a_usage_error(tmp_path):
    proc = run("check", "nope.ts", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.strip() == "routelink: nope.ts: no such directory or file"


# -------------------------------------------------------------------------- settings


def test_settings_are_found_walking_up_from_the_path(shop):
    (shop / "routelink.toml").write_text('[severity]\nunused-route = "off"\n')
    report = json.loads(run("check", str(shop / "backend"), "--format", "json").stdout)
    assert report["routes"] and not [d for d in report["diagnostics"] if d["code"] == "unused-route"]
    assert any(d["code"] == "duplicate-route" for d in report["diagnostics"])


def test_show_settings_prints_valid_toml_and_its_source(shop):
    (shop / "pyproject.toml").write_text('[tool.routelink]\nexclude = ["legacy/**"]\n'
                                         '[tool.routelink.severity]\nunused-route = "off"\n'
                                         '[tool.routelink.env]\nAPI_URL = "http://localhost:3000"\n')
    proc = run("check", "frontend", "--show-settings", cwd=shop)
    assert proc.returncode == 0
    first = proc.stdout.splitlines()[0]
    assert first == f"# settings from {shop / 'pyproject.toml'} (found walking up from frontend)"
    settings = tomllib.loads(proc.stdout)
    assert settings["exclude"] == ["legacy/**"] and settings["include_tests"] is False
    assert settings["severity"]["unused-route"] == "off"
    assert settings["severity"]["unmatched-call"] == "warning"
    assert settings["env"] == {"API_URL": "http://localhost:3000"}
    proc = run("check", "--show-settings", cwd=shop / "frontend" / "src")
    assert "found walking up from ." in proc.stdout.splitlines()[0]


def test_show_settings_without_a_file_and_with_two_files(tmp_path):
    (tmp_path / "a").mkdir()
    proc = run("check", "a", "--show-settings", cwd=tmp_path)
    assert proc.stdout.startswith("# settings: defaults")
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "routelink.toml").write_text("include_tests = true\n")
    (tmp_path / "b" / "routelink.toml").write_text("include_tests = false\n")
    proc = run("check", "a", "b", "--show-settings", cwd=tmp_path)
    assert tomllib.loads(proc.stdout)["include_tests"] is True
    assert f"# not used: {tmp_path / 'b' / 'routelink.toml'} (found from b)" in proc.stdout
    assert "is not used" in proc.stderr


def test_show_files_lists_what_is_indexed_and_says_why_others_are_skipped(shop):
    (shop / "frontend" / "node_modules" / "axios").mkdir(parents=True)
    (shop / "frontend" / "node_modules" / "axios" / "index.js").write_text("module.exports = {}\n")
    (shop / "frontend" / "src" / "App.test.tsx").write_text("fetch('/api/x')\n")
    proc = run("check", ".", "--show-files", cwd=shop)
    assert proc.returncode == 0
    files = proc.stdout.splitlines()
    assert "backend/src/server.ts" in files and "frontend/src/pages/OrdersPage.tsx" in files
    assert "frontend/package.json" in files
    assert not [f for f in files if "node_modules" in f or f.endswith(".test.tsx")]
    assert "routelink: skipped frontend/node_modules/: always skipped" in proc.stderr
    assert "routelink: skipped frontend/src/App.test.tsx: ignored by" in proc.stderr


# ------------------------------------------------------------------ the JSON Schema


def _report_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(importlib.resources.files("routelink.schemas")
                        .joinpath("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("example", ["express-react", "django-react", "fastapi-react",
                                     "nestjs-vue", "vue-vite-proxy", "nextjs-app"])
def test_json_output_of_the_examples_satisfies_the_shipped_schema(example):
    report = json.loads(run("check", str(EXAMPLES / example), "--format", "json").stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _report_validator().iter_errors(report)]
    assert errors == []
    assert report["routes"] or report["calls"]


def test_the_schema_rejects_what_the_contract_forbids():
    validator = _report_validator()
    report = json.loads(run("check", str(EXAMPLE), "--format", "json").stdout)
    broken = dict(report, summary={k: v for k, v in report["summary"].items() if k != "seconds"})
    assert not validator.is_valid(broken)
    d = dict(report["diagnostics"][0], severity="loud")
    assert not validator.is_valid(dict(report, diagnostics=[d]))
    r = dict(report["routes"][0], line=0)
    assert not validator.is_valid(dict(report, routes=[r]))


def test_the_language_server_finds_its_settings_the_same_way(tmp_path):
    """CI and the editor agree: a workspace folder below the settings file uses it."""
    from routelink.lsp.server import RoutelinkServer

    (tmp_path / "routelink.toml").write_text('[severity]\nunused-route = "off"\n')
    (tmp_path / "web").mkdir()
    server = RoutelinkServer()
    server.roots = [str(tmp_path / "web").replace(os.sep, "/")]
    config = server.resolve_config()
    assert config.source == str(tmp_path / "routelink.toml")
    assert config.severity["unused-route"] == "off"
