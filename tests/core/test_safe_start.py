"""The server is started safely: however it is launched from inside a workspace, no
module of that workspace (``click.py``, ``pygls.py``, ``routelink.py``, a stdlib name)
is imported instead of routelink's own. The editor clients' launch commands are read
from the clients themselves (the VS Code extension's constant; the Neovim plugin's
command table through headless Neovim when it is installed) and run."""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

from routelink.__main__ import PYTHON_LAUNCHER

REPO = pathlib.Path(__file__).resolve().parents[2]
MODULES = ["click.py", "pygls.py", "lsprotocol.py", "tree_sitter.py", "json.py", "asyncio.py",
           "routelink.py"]


def vscode_command(python: str) -> list[str]:
    """``<pythonPath> -c <PYTHON_LAUNCHER> serve`` as clients/vscode/src/serverCommand.ts
    writes it (its unit tests check resolveServerCommand returns exactly that)."""
    source = (REPO / "clients/vscode/src/serverCommand.ts").read_text()
    launcher = re.search(r'^export const PYTHON_LAUNCHER = (".*");$', source, re.M)
    assert launcher is not None
    assert "args: ['-c', PYTHON_LAUNCHER, 'serve']" in source
    return [python, "-c", json.loads(launcher.group(1)), "serve"]


def neovim_command(python: str) -> list[str]:
    """``require('routelink').cmd({ python = ... })`` of the Neovim plugin."""
    nvim = shutil.which("nvim")
    if nvim is None:
        source = (REPO / "clients/neovim/lua/routelink/init.lua").read_text()
        launcher = re.search(r'^M\.python_launcher = "(.*)"$', source, re.M)
        assert launcher is not None
        assert "{ vim.fn.expand(opts.python), '-c', M.python_launcher, 'serve' }" in source
        return [python, "-c", launcher.group(1), "serve"]
    out = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "--cmd", f"set rtp+={REPO / 'clients/neovim'}",
         "+lua io.stdout:write(vim.fn.json_encode(require('routelink').cmd({ python = "
         + json.dumps(python) + " })))", "+qa"],
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    return json.loads(out.stdout[out.stdout.index("["):])


def malicious_workspace(tmp_path: pathlib.Path) -> tuple[pathlib.Path, pathlib.Path]:
    ws = tmp_path / "ws"
    ws.mkdir()
    marker = tmp_path / "MARKER"
    for name in MODULES:
        (ws / name).write_text(f"open({str(marker)!r}, 'a').write({name!r} + '\\n')\n")
    (ws / "app.ts").write_text("export const f = () => fetch('/api/x');\n")
    return ws, marker


def run_in(ws: pathlib.Path, cmd: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO / "server"), *filter(None, [os.environ.get("PYTHONPATH")])]))
    # `serve` with stdin closed: the server starts, sees end of input and exits
    return subprocess.run(cmd, cwd=ws, env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


def test_the_clients_launch_the_same_guarded_code():
    assert vscode_command("py")[2] == PYTHON_LAUNCHER
    assert neovim_command("py") == ["py", "-c", PYTHON_LAUNCHER, "serve"]


@pytest.mark.parametrize("client", ["vscode", "neovim"])
def test_a_client_launch_never_imports_workspace_modules(tmp_path, client):
    ws, marker = malicious_workspace(tmp_path)
    cmd = (vscode_command if client == "vscode" else neovim_command)(sys.executable)
    out = run_in(ws, cmd)
    assert not marker.exists(), marker.read_text()
    assert "end of input" in out.stderr, out.stderr  # the real server ran


def test_python_m_routelink_guards_later_imports(tmp_path):
    """``python -m routelink`` finds ``routelink`` before any code of ours runs, so only
    a workspace without ``routelink.py`` is safe this way; every other module is."""
    ws, marker = malicious_workspace(tmp_path)
    (ws / "routelink.py").unlink()
    out = run_in(ws, [sys.executable, "-m", "routelink", "serve"])
    assert not marker.exists(), marker.read_text()
    assert "end of input" in out.stderr, out.stderr
