"""A real editor drives the server: headless Neovim (Debian's 0.7.2 in CI) runs
tests/editors/nvim_client.lua, which starts `routelink serve` with vim.lsp.start_client
on a copy of examples/express-react and reports what Neovim itself holds."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[1]
EXAMPLE = REPO / "examples" / "express-react"
NVIM = shutil.which("nvim")

pytestmark = pytest.mark.skipif(
    NVIM is None, reason="nvim not installed (CI: apt-get install -y neovim)")

ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"


@pytest.fixture(scope="module")
def nvim_run(tmp_path_factory) -> tuple[dict, pathlib.Path, dict]:
    tmp = tmp_path_factory.mktemp("nvim")
    ws = tmp / "express-react"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("node_modules"))
    cli = subprocess.run([sys.executable, "-m", "routelink", "check", "--format", "json", str(ws)],
                         capture_output=True, text=True, timeout=60)
    out = tmp / "result.json"
    env = {**os.environ,
           "ROUTELINK_WS": str(ws), "ROUTELINK_OUT": str(out),
           "ROUTELINK_CMD": json.dumps([sys.executable, "-m", "routelink", "serve"]),
           "XDG_STATE_HOME": str(tmp / "state"), "XDG_CACHE_HOME": str(tmp / "cache"),
           "XDG_DATA_HOME": str(tmp / "data"), "XDG_CONFIG_HOME": str(tmp / "config")}
    proc = subprocess.run(
        [NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-n",
         "-c", f"luafile {HERE / 'nvim_client.lua'}"],
        env=env, cwd=tmp, capture_output=True, text=True, timeout=120)
    assert out.exists(), f"nvim wrote no result (exit {proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(out.read_text())
    assert result["errors"] == [], result["errors"]
    return result, ws, json.loads(cli.stdout)


def test_neovim_holds_the_diagnostics(nvim_run):
    result, ws, cli = nvim_run
    assert result["client_name"] == "routelink"
    expected = sorted(
        (d["line"] - 1, d["column"] - 1, d["end_line"] - 1, d["end_column"] - 1, d["code"],
         d["message"]) for d in cli["diagnostics"] if d["file"] == ORDERS_PAGE)
    got = sorted((d["lnum"], d["col"], d["end_lnum"], d["end_col"], d["code"], d["message"])
                 for d in result["diagnostics"])
    assert got == expected
    assert [d[4] for d in got] == ["method-mismatch", "unmatched-call"]
    assert [(d["lnum"], d["col"]) for d in result["diagnostics"]] == [(16, 4), (19, 39)]
    for d in result["diagnostics"]:
        assert d["source"] == "routelink" and d["severity"] == 2  # vim.diagnostic.severity.WARN
        assert d["href"].endswith("#" + d["code"])


def test_neovim_definition_lands_on_the_handler(nvim_run):
    result, ws, _ = nvim_run
    orders_ts = ws / "backend/src/routes/orders.ts"
    handler_line = orders_ts.read_text().splitlines().index(
        "ordersRouter.get('/', async (_req, res) => {") + 1
    assert handler_line == 7
    assert result["landed"] == {"file": str(orders_ts), "line": handler_line,
                                "text": "ordersRouter.get('/', async (_req, res) => {"}
    assert result["definition"] == [{"uri": orders_ts.as_uri(), "range": {
        "start": {"line": 6, "character": 22}, "end": {"line": 8, "character": 1}}}]


def test_neovim_references_on_the_handler(nvim_run):
    result, ws, _ = nvim_run
    assert result["references"] == [{"uri": (ws / ORDERS_PAGE).as_uri(), "range": {
        "start": {"line": 9, "character": 4}, "end": {"line": 9, "character": 32}}}]


def test_neovim_applies_quick_fixes_and_the_diagnostics_go(nvim_run):
    result, _, _ = nvim_run
    assert result["code_actions"] == ["Change the method to PATCH"]
    assert result["fixed_line"] == "    http.patch(`/orders/${orderId}/status`, { status: 'cancelled' });"
    assert result["fix_cleared"] is True
    assert [(d["code"], d["lnum"]) for d in result["diagnostics_after_fix"]] == [("unmatched-call", 19)]
    assert result["prefix_fixed_line"] == "    await api.post('/users', { name });"
    assert result["prefix_cleared"] is True


def test_neovim_stops_the_server_cleanly(nvim_run):
    result, _, _ = nvim_run
    assert result["server_stopped"] is True
    assert result["server_exit"] == {"code": 0, "signal": 0}
