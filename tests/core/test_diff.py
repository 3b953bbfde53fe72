"""`routelink diff BASE`: the pull-request gate, on a real temporary git repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from routelink.diff import compare

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}

SERVER = """
    const express = require('express');
    const app = express();
    app.use(express.json());

    async function listTodos(req, res) { res.json([]); }
    async function stats(req, res) { res.json({ done: 0 }); }

    app.get('/api/todos', listTodos);
    app.post('/api/todos', (req, res) => res.status(201).json(req.body));
    app.delete('/api/todos/:id', (req, res) => res.sendStatus(204));
    app.get('/api/stats', stats);
    app.get('/health', (req, res) => res.send('ok'));

    app.listen(3000);
"""

CLIENT = """
    import axios from 'axios';

    const api = axios.create({ baseURL: '/api' });

    export const listTodos = () => api.get('/todos');
    export const addTodo = (todo) => api.post('/todos', todo);
    export const removeTodo = (id) => api.delete(`/todos/${id}`);
    export const loadStats = () => api.get('/stats');
"""

COMPONENT = """
    import { useEffect, useState } from 'react';
    import { listTodos, loadStats } from './api';

    export function Dashboard() {
      const [todos, setTodos] = useState([]);
      useEffect(() => { listTodos().then((r) => setTodos(r.data)); loadStats(); }, []);
      return <ul>{todos.map((t) => <li key={t.id}>{t.title}</li>)}</ul>;
    }
"""


def git(repo, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def write(repo, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


@pytest.fixture
def repo(tmp_path):
    r = tmp_path / "repo"
    write(r, "server/package.json", '{"name": "api", "dependencies": {"express": "^4.19.0"}}')
    write(r, "server/index.js", SERVER)
    write(r, "web/package.json", '{"name": "web", "dependencies": {"axios": "^1.7.0", "react": "^18.3.0"}}')
    write(r, "web/src/api.js", CLIENT)
    write(r, "web/src/Dashboard.jsx", COMPONENT)
    git(r, "init", "-q")
    git(r, "add", "-A")
    git(r, "commit", "-qm", "todos app")
    return r


def diff(repo, *args: str, cwd=None, tmp=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if tmp is not None:
        env["TMPDIR"] = str(tmp)
    return subprocess.run([sys.executable, "-m", "routelink", "diff", *args], cwd=cwd or repo,
                          capture_output=True, text=True, timeout=180, env=env)


def test_no_change_and_an_unrelated_change_exit_0(repo):
    proc = diff(repo, "HEAD")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("no call broken since HEAD (")
    write(repo, "server/index.js", SERVER.replace("app.listen(3000);",
                                                  "app.get('/api/version', (req, res) => res.json('1'));\napp.listen(3000);"))
    write(repo, "web/src/Dashboard.jsx", COMPONENT.replace("<ul>", "<ul className=\"todos\">"))
    assert diff(repo, "HEAD").returncode == 0


def test_a_removed_route_that_is_still_called_exits_1_and_names_it(repo, tmp_path):
    write(repo, "server/index.js", SERVER.replace("app.get('/api/stats', stats);\n", ""))
    tmp = tmp_path / "t"
    tmp.mkdir()
    proc = diff(repo, "HEAD", tmp=tmp)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines == [
        "web/src/api.js:9:32: error route-removed GET /api/stats reached a route at HEAD and no "
        "longer does: GET /api/stats (server/index.js:12 at HEAD) was removed",
        lines[-1]]
    assert lines[-1].startswith("1 call broken since HEAD (")
    assert list(tmp.iterdir()) == []  # the tree at HEAD was read into a temporary folder, removed


def test_a_route_whose_path_changed_is_route_changed(repo):
    write(repo, "server/index.js", SERVER.replace("app.get('/api/stats', stats);",
                                                  "app.get('/api/statistics', stats);"))
    proc = diff(repo, "HEAD", "--format", "json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    [ch] = data["changes"]
    assert (ch["kind"], ch["code"]) == ("route-changed", "unmatched-call")
    assert ch["message"].endswith("GET /api/stats (server/index.js:12 at HEAD) is now GET /api/statistics")
    assert ch["file"] == "web/src/api.js" and ch["call"]["path"] == "/api/stats"
    assert [r["path"] for r in ch["base_routes"]] == ["/api/stats"]
    assert [r["path"] for r in ch["now"]] == ["/api/statistics"]
    assert data["summary"] == {"changes": 1, "route_removed": 0, "route_changed": 1, "new_call": 0,
                               "call_unlinked": 0}
    assert data["base"] == "HEAD" and len(data["base_commit"]) == 40


def test_a_removed_method_makes_a_method_mismatch_that_is_reported(repo):
    write(repo, "server/index.js", SERVER.replace(
        "app.delete('/api/todos/:id', (req, res) => res.sendStatus(204));",
        "app.get('/api/todos/:id', (req, res) => res.json({}));"))
    proc = diff(repo, "HEAD", "--format", "json")
    [ch] = json.loads(proc.stdout)["changes"]
    assert (ch["kind"], ch["code"], ch["call"]["method"]) == ("route-changed", "method-mismatch", "DELETE")


def test_a_new_call_no_route_serves_exits_1_but_an_old_broken_call_does_not(repo):
    write(repo, "web/src/api.js", CLIENT + "export const legacy = () => api.get('/legacy');\n")
    git(repo, "commit", "-qam", "a call that was already broken")
    assert diff(repo, "HEAD").returncode == 0  # `check` reports it; this change did not break it
    write(repo, "web/src/api.js", CLIENT + "export const legacy = () => api.get('/legacy');\n"
          "export const archive = (id) => api.post(`/todos/${id}/archive`);\n")
    proc = diff(repo, "HEAD")
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0] == (
        "web/src/api.js:11:32: error new-call POST /api/todos/{}/archive is new or changed since "
        "HEAD and no route serves it")


def test_paths_are_the_same_folders_at_base_and_may_be_given_from_a_subfolder(repo):
    write(repo, "server/index.js", SERVER.replace("app.get('/api/stats', stats);\n", ""))
    proc = diff(repo, "HEAD~0", "web", "server")
    assert proc.returncode == 1 and proc.stdout.startswith("web/src/api.js:9:32: error route-removed")
    assert "GET /api/stats (server/index.js:12 at HEAD~0) was removed" in proc.stdout
    proc = diff(repo, "HEAD", ".", "../server", cwd=repo / "web")
    assert proc.returncode == 1 and proc.stdout.startswith("src/api.js:9:32: error route-removed")
    # a folder that did not exist at BASE: everything in it is new
    write(repo, "admin/package.json", '{"name": "admin", "dependencies": {"axios": "^1.7.0"}}')
    write(repo, "admin/src/a.js", "import axios from 'axios';\nexport const s = () => axios.get('/api/settings');\n")
    proc = diff(repo, "HEAD", "admin", "server", "web")
    assert "admin/src/a.js:2:24: error new-call GET /api/settings" in proc.stdout


def test_bad_revision_or_no_repository_exit_2_with_one_line(repo, tmp_path):
    for args, cwd, needle in ((("no-such-rev",), repo, "no-such-rev: not a git revision"),
                              (("--", "-x"), repo, "not a git revision"),
                              (("HEAD",), tmp_path, "not in a git repository"),
                              (("HEAD", str(tmp_path)), repo, "not in a git repository"),
                              (("HEAD", "missing"), repo, "missing: no such directory")):
        proc = diff(repo, *args, cwd=cwd)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert needle in proc.stderr and proc.stderr.count("\n") == 1 and proc.stdout == ""


def test_compare_on_report_objects():
    def rep(routes, calls, diags):
        return {"routes": routes, "calls": calls, "diagnostics": diags}

    route = {"id": "r1", "root": 0, "file": "s.js", "line": 3, "method": "GET", "path": "/a",
             "handler": None, "mounted": True}
    call = {"id": "c1", "root": 0, "file": "w.js", "line": 1, "method": "GET", "path": "/a", "routes": ["r1"]}
    broken = {**call, "routes": []}
    diag = {"code": "unmatched-call", "call": "c1", "message": "No route serves GET /a", "root": 0,
            "file": "w.js", "line": 1, "column": 1, "end_line": 1, "end_column": 5}
    # unmounted at HEAD: its routes are gone
    [ch] = compare(rep([route], [call], []), rep([{**route, "mounted": False}], [broken], [diag]), "main")
    assert ch.kind == "route-changed" and ch.message.endswith("is no longer mounted")
    # the route is still there but the call no longer reaches it
    [ch] = compare(rep([route], [call], []), rep([route], [broken], [{**diag, "message": "No route serves GET /a: it goes to port 4000"}]), "main")
    assert ch.kind == "call-unlinked" and ch.message.endswith("no longer does: it goes to port 4000")
    # broken at BASE already: nothing
    assert compare(rep([], [broken], [diag]), rep([], [broken], [diag]), "main") == []


def test_ci_formats_print_one_error_per_broken_call(repo, tmp_path):
    from tests.core.test_check_formats import sarif_validator

    write(repo, "server/index.js", SERVER.replace("app.get('/api/stats', stats);\n", ""))
    proc = diff(repo, "HEAD", "--format", "github")
    assert proc.returncode == 1
    [line] = proc.stdout.splitlines()
    assert line.startswith("::error file=web/src/api.js,line=9,col=32,")
    assert "title=unmatched-call::route-removed: GET /api/stats reached a route at HEAD" in line
    out = tmp_path / "diff.sarif"
    proc = diff(repo, "HEAD", "--format", "sarif", "--output-file", str(out))
    assert proc.returncode == 1 and proc.stdout == ""
    log = json.loads(out.read_text())
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert not errors, errors[:3]
    [result] = log["runs"][0]["results"]
    assert result["level"] == "error" and result["ruleId"] == "unmatched-call"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("web/src/api.js")
    gl = json.loads(diff(repo, "HEAD", "--format", "gitlab").stdout)
    assert [i["location"]["path"] for i in gl] == ["web/src/api.js"]
    assert "<failure" in diff(repo, "HEAD", "--format", "junit").stdout


def test_a_parameter_renamed_is_no_change_but_a_path_a_parameter_route_now_captures_is(repo):
    write(repo, "server/index.js", SERVER.replace("'/api/todos/:id'", "'/api/todos/:todoId'"))
    assert diff(repo, "HEAD").returncode == 0
    # GET /api/stats renamed; an old route `/api/:section` now takes the call
    git_server = SERVER.replace("app.get('/health'", "app.get('/api/:section', (req, res) => res.json({}));\napp.get('/health'")
    write(repo, "server/index.js", git_server)
    git(repo, "commit", "-qam", "a section route")
    write(repo, "server/index.js", git_server.replace("app.get('/api/stats', stats);", "app.get('/api/statistics', stats);"))
    proc = diff(repo, "HEAD", "--format", "json")
    assert proc.returncode == 1
    [ch] = json.loads(proc.stdout)["changes"]
    assert ch["kind"] == "route-changed" and ch["code"] == "route-changed"
    assert ch["message"].endswith("is now GET /api/statistics; it now reaches GET /api/{section} "
                                  "(server/index.js:13) instead")


def test_a_route_moved_to_a_new_route_that_still_serves_the_call_is_fine(repo):
    write(repo, "server/index.js", SERVER.replace("app.get('/api/stats', stats);",
                                                  "app.get('/api/:report', stats);"))
    proc = diff(repo, "HEAD")
    assert proc.returncode == 0, proc.stdout
