"""The pre-commit hook and the GitHub Action: their YAML parses, and the commands they
run are valid routelink invocations that work on an example project."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, REPO

yaml = pytest.importorskip("yaml")  # PyYAML: the `test` extra

EXAMPLE = EXAMPLES / "express-react"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def run(args: list[str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "routelink", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=180)


@pytest.fixture
def project(tmp_path):
    """The example as a git repository (the Action may run `routelink diff`)."""
    dest = tmp_path / "project"
    shutil.copytree(EXAMPLE, dest)
    env = {**os.environ, **GIT_ENV}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "example"]):
        subprocess.run(["git", *args], cwd=dest, check=True, env=env, capture_output=True)
    return dest


def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "routelink" and hook["language"] == "python"
    assert hook["entry"] == "routelink check"
    assert re.search(hook["files"], "frontend/src/pages/UsersPage.tsx")
    assert re.search(hook["files"], "api/main.py") and not re.search(hook["files"], "README.md")


def test_pre_commit_hook_command_runs_on_staged_files(project):
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    args = shlex.split(hook["entry"])[1:] + list(hook.get("args", []))
    files = ["frontend/src/pages/UsersPage.tsx", "backend/src/routes/users.ts"] if hook["pass_filenames"] else []
    proc = run(args + files, cwd=project)
    assert proc.returncode in (0, 1), proc.stderr
    printed = {line.split(":", 1)[0] for line in proc.stdout.splitlines()[:-1]}
    if hook["pass_filenames"]:
        # only the findings of the files pre-commit passes
        assert printed and printed <= set(files), printed


def action_steps() -> tuple[dict, list[dict]]:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    return action, action["runs"]["steps"]


def test_action_definition():
    action, steps = action_steps()
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {"paths", "python-version", "fail-on", "upload-sarif"}
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert uses == ["actions/setup-python", "github/codeql-action/upload-sarif"]
    for s in steps:
        if "run" in s:
            assert s["shell"] == "bash"
            # inputs reach the scripts through env, never pasted into the script
            assert "${{" not in s["run"], s["run"]
    install = next(s for s in steps if "pip install" in s.get("run", ""))
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"


def routelink_commands(steps: list[dict], inputs: dict) -> list[list[str]]:
    """Each `routelink ...` line of the steps' scripts, with the step's env filled in from
    the inputs' defaults (and `|| status=$?` dropped)."""
    out = []
    for s in steps:
        env = {}
        for name, value in s.get("env", {}).items():
            m = re.fullmatch(r"\$\{\{ inputs\.([\w-]+) \}\}", str(value))
            env[name] = inputs[m.group(1)]["default"] if m else ""
        env["DIFF_BASE"] = env.get("DIFF_BASE") or "HEAD"
        for line in s.get("run", "").splitlines():
            line = line.strip().split("||")[0].strip()
            if line.startswith("routelink "):
                text = re.sub(r'"?\$(\w+)"?', lambda m: shlex.quote(env.get(m.group(1), "")) if m.group(0).startswith('"') else env.get(m.group(1), ""), line)
                out.append(shlex.split(text)[1:])
    return out


def test_action_commands_are_valid_and_run(project):
    action, steps = action_steps()
    commands = routelink_commands(steps, action["inputs"])
    assert [c[0] for c in commands] == ["check", "check", "diff"]
    assert commands[0][:4] == ["check", "--format", "github", "--fail-on"]
    for args in commands:
        proc = run(args, cwd=project)
        assert proc.returncode in (0, 1), (args, proc.stderr)
        assert "Traceback" not in proc.stderr
    github = run(commands[0], cwd=project).stdout.splitlines()
    assert github and all(line.startswith("::") for line in github if line.strip())
    sarif = json.loads((project / action["inputs"]["sarif-file"]["default"]).read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
