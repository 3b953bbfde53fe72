"""The whole-run results cache (``routelink.index.results``): a second ``check`` of an
unchanged workspace prints the first one's report without indexing, and any change to
what the first run read (a source, a config, a file on disk outside the index that
resolution looked at, a setting) indexes again."""

from __future__ import annotations

import json
import re
import sqlite3
import textwrap

import pytest
from click.testing import CliRunner

from routelink.cli import main
from routelink.index import incremental


def _write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))


APP = {
    "backend/server.js": """
        const express = require('express');
        const app = express();
        app.get('/api/users', (req, res) => res.json([]));
        app.post('/api/orders', (req, res) => res.json({}));
        app.listen(3000);
    """,
    "frontend/src/api.js": """
        export async function users() {
          const res = await fetch('/api/users');
          return res.json();
        }
        export async function cities() {
          return (await fetch('/data/cities.json')).json();
        }
    """,
    "frontend/package.json": '{"name": "web", "dependencies": {"react": "18"}}',
}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    root = tmp_path / "app"
    _write(root, APP)
    monkeypatch.setenv("ROUTELINK_CACHE_DIR", str(tmp_path / "cache"))
    return root


@pytest.fixture
def builds(monkeypatch):
    """Counts the indexes ``check`` builds (a results-cache hit builds none)."""
    count = [0]
    real = incremental.build_index

    def counting(*args, **kwargs):
        count[0] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(incremental, "build_index", counting)
    return count


def _check(root, *args) -> tuple[dict, str]:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--fail-on", "never",
                                       *args, str(root)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    report["summary"].pop("seconds")
    return report, result.stderr


def _untimed(text: str) -> str:
    """Output without the run's duration (text summary, JUnit ``time``)."""
    text = re.sub(r'time="[0-9.]+"', 'time=""', text)
    return re.sub(r" in [0-9.]+s$", "", text, flags=re.M)


def _codes(report) -> list[tuple[str, str]]:
    return sorted((d["code"], d["message"]) for d in report["diagnostics"])


def test_an_unchanged_workspace_is_not_indexed_again(workspace, builds):
    first, _ = _check(workspace)
    assert builds[0] == 1
    second, _ = _check(workspace)
    assert builds[0] == 1  # a hit
    assert second == first
    assert any(c == "unused-route" for c, _ in _codes(first))


def test_text_and_other_formats_of_a_hit_equal_a_fresh_run(workspace, builds):
    runner = CliRunner()
    fresh = {fmt: runner.invoke(main, ["check", "--no-cache", "--format", fmt, str(workspace)])
             for fmt in ("text", "github", "junit", "sarif")}
    runner.invoke(main, ["check", "--format", "json", str(workspace)])  # fills the cache
    built = builds[0]
    for fmt, cold in fresh.items():
        warm = runner.invoke(main, ["check", "--format", fmt, str(workspace)])
        assert warm.exit_code == cold.exit_code
        assert _untimed(warm.stdout) == _untimed(cold.stdout), fmt
    assert builds[0] == built


def test_an_edited_source_is_indexed_again(workspace, builds):
    first, _ = _check(workspace)
    (workspace / "frontend/src/api.js").write_text(
        (workspace / "frontend/src/api.js").read_text().replace("'/api/users'", "'/api/user'"))
    second, _ = _check(workspace)
    assert builds[0] == 2
    assert not any("/api/user'" in m or "/api/user " in m for _, m in _codes(first))
    assert [m for c, m in _codes(second) if c == "unmatched-call" and "/api/user" in m]


def test_a_file_appearing_in_a_public_folder_is_seen(workspace, builds):
    """``fetch('/data/cities.json')`` is unmatched until ``public/data/cities.json``
    exists: no indexed file changes, but resolution looked at the disk."""
    first, _ = _check(workspace)
    assert any("/data/cities.json" in m for c, m in _codes(first) if c == "unmatched-call")
    (workspace / "frontend/public/data").mkdir(parents=True)
    (workspace / "frontend/public/data/cities.json").write_text("[]")
    second, _ = _check(workspace)
    assert builds[0] == 2
    assert not any("/data/cities.json" in m for _, m in _codes(second))


def test_a_config_outside_the_index_that_resolution_read_is_checked(tmp_path, monkeypatch, builds):
    """A tsconfig ``extends`` a base in ``node_modules`` (never indexed): changing that
    base's ``paths`` changes where an import leads, and the next check sees it."""
    root = tmp_path / "app"
    _write(root, {
        "server/index.ts": """
            import express from 'express';
            import { PREFIX } from '@shared/prefix';
            const app = express();
            app.get(`${PREFIX}/health`, (req, res) => res.send('ok'));
            app.listen(3000);
        """,
        "server/src/one/prefix.ts": "export const PREFIX = '/v1';\n",
        "server/src/two/prefix.ts": "export const PREFIX = '/v2';\n",
        "server/tsconfig.json": '{"extends": "@acme/tsconfig/base.json"}',
        "server/package.json": '{"name": "server", "dependencies": {"express": "4"}}',
        "web/src/health.ts": "export const ping = () => fetch('http://localhost:3000/v1/health');\n",
        "web/package.json": '{"name": "web"}',
    })
    base = root / "server/node_modules/@acme/tsconfig/base.json"
    base.parent.mkdir(parents=True)
    base.write_text(json.dumps({"compilerOptions": {"baseUrl": "../../../src",
                                                    "paths": {"@shared/*": ["one/*"]}}}))
    monkeypatch.setenv("ROUTELINK_CACHE_DIR", str(tmp_path / "cache"))
    first, _ = _check(root)
    assert [r["path"] for r in first["routes"]] == ["/v1/health"]
    base.write_text(json.dumps({"compilerOptions": {"baseUrl": "../../../src",
                                                    "paths": {"@shared/*": ["two/*"]}}}))
    second, _ = _check(root)
    assert builds[0] == 2
    assert [r["path"] for r in second["routes"]] == ["/v2/health"]


def test_other_settings_are_another_run(workspace, builds, tmp_path):
    first, _ = _check(workspace)
    config = tmp_path / "routelink.toml"
    config.write_text('[severity]\n"unused-route" = "error"\n')
    second, _ = _check(workspace, "--config", str(config))
    assert builds[0] == 2
    assert {d["severity"] for d in second["diagnostics"] if d["code"] == "unused-route"} == {"error"}
    assert {d["severity"] for d in first["diagnostics"] if d["code"] == "unused-route"} != {"error"}


def test_warnings_of_the_indexing_are_said_again_on_a_hit(workspace, builds, caplog):
    (workspace / "backend/.env").write_text("PORT=3000\nthis is not an assignment\n")
    said = []
    for _ in range(2):
        caplog.clear()
        _check(workspace)
        said.append([r.getMessage() for r in caplog.records if r.levelno >= 30
                     and "skipped a line that is not NAME=value" in r.getMessage()])
    assert builds[0] == 1
    assert len(said[0]) == 1 and said[1] == said[0]


def test_a_tampered_result_is_never_trusted(workspace, builds, tmp_path):
    first, _ = _check(workspace)
    db = next(p for p in (tmp_path / "cache").iterdir() if p.name.endswith(".sqlite3"))
    with sqlite3.connect(db) as conn:
        (payload,) = conn.execute("SELECT payload FROM results").fetchone()
        conn.execute("UPDATE results SET payload = ?", (payload[:-1] + bytes([payload[-1] ^ 1]),))
    second, err = _check(workspace)
    assert builds[0] == 2  # indexed again
    assert second == first
    assert "Traceback" not in err
    third, _ = _check(workspace)
    assert builds[0] == 2 and third == first  # the rewritten row is used


def test_no_cache_neither_reads_nor_writes_results(workspace, builds, tmp_path):
    _check(workspace, "--no-cache")
    _check(workspace, "--no-cache")
    assert builds[0] == 2
    assert not (tmp_path / "cache").exists()
