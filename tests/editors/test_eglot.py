"""A second real client: Emacs eglot in batch mode (Debian: emacs-nox, elpa-eglot) runs
tests/editors/eglot_client.el against `routelink serve` on a copy of
examples/express-react and reports what Emacs holds (Flymake diagnostics, xref)."""

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
EMACS = shutil.which("emacs")
ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"


def _eglot_available() -> bool:
    if EMACS is None:
        return False
    probe = subprocess.run([EMACS, "--batch", "--no-init-file", "--eval", "(require 'eglot)"],
                           capture_output=True, timeout=60)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(
    not _eglot_available(),
    reason="emacs with eglot not installed (apt-get install -y emacs-nox elpa-eglot)")


@pytest.fixture(scope="module")
def eglot_run(tmp_path_factory) -> tuple[dict, pathlib.Path, dict]:
    tmp = tmp_path_factory.mktemp("eglot")
    ws = tmp / "express-react"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("node_modules"))
    cli = subprocess.run([sys.executable, "-m", "routelink", "check", "--format", "json", str(ws)],
                         capture_output=True, text=True, timeout=60)
    out = tmp / "result.json"
    env = {**os.environ, "HOME": str(tmp),
           "ROUTELINK_WS": str(ws), "ROUTELINK_OUT": str(out),
           "ROUTELINK_CMD": json.dumps([sys.executable, "-m", "routelink", "serve"])}
    proc = subprocess.run([EMACS, "--batch", "--no-init-file", "-l", str(HERE / "eglot_client.el")],
                          env=env, cwd=tmp, capture_output=True, text=True, timeout=120)
    assert out.exists(), f"emacs wrote no result (exit {proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(out.read_text())
    assert result["errors"] == [], result["errors"]
    return result, ws, json.loads(cli.stdout)


def test_eglot_diagnostics(eglot_run):
    result, _, cli = eglot_run
    assert result["server_name"] == "routelink"
    expected = sorted(
        (d["line"] - 1, d["column"] - 1, d["end_line"] - 1, d["end_column"] - 1,
         "eglot-warning", f"routelink [{d['code']}]: {d['message']}")
        for d in cli["diagnostics"] if d["file"] == ORDERS_PAGE)
    got = sorted((d["line"], d["col"], d["end_line"], d["end_col"], d["type"], d["text"])
                 for d in result["diagnostics"])
    assert got == expected
    assert [g[0] for g in got] == [16, 19]


def test_eglot_definition_and_references(eglot_run):
    result, ws, _ = eglot_run
    orders_ts, page = str(ws / "backend/src/routes/orders.ts"), str(ws / ORDERS_PAGE)
    assert result["definitions"] == [{"file": orders_ts, "line": 7}]
    assert result["landed"] == {"file": orders_ts, "line": 7,
                                "text": "ordersRouter.get('/', async (_req, res) => {"}
    # eglot asks with includeDeclaration: the route itself, then its caller
    assert result["references"] == [{"file": orders_ts, "line": 7}, {"file": page, "line": 10}]


def test_eglot_applies_the_quick_fix(eglot_run):
    result, _, _ = eglot_run
    assert result["fixed_line"] == "    http.patch(`/orders/${orderId}/status`, { status: 'cancelled' });"
    assert result["fix_cleared"] is True
    assert [(d["line"], d["text"]) for d in result["diagnostics_after_fix"]] == [
        (19, "routelink [unmatched-call]: No route serves GET /api/orders/{}/invoice")]
    assert result["shutdown"] is True
