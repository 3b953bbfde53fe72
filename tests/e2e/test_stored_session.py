"""The language server shows the last session's diagnostics at once when nothing changed
since (the results cache, ``routelink.index.results``): pushed before the index is ready
and not sent again when the index agrees; a workspace changed on disk since waits for
its index."""

from __future__ import annotations

import json
import os
import pathlib
import sqlite3
import subprocess
import sys
import time

import pytest
import pytest_lsp

from .conftest import CONFIG, FRONTEND, RecordingClient, _start, uri

ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"


def _frame(obj: dict) -> bytes:
    body = json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _stored_runs(cache: pathlib.Path) -> int:
    total = 0
    for db in cache.glob("facts-*.sqlite3"):
        try:
            with sqlite3.connect(db) as conn:
                total += conn.execute("SELECT count(*) FROM results").fetchone()[0]
        except sqlite3.Error:  # being created
            pass
    return total


def _first_session(root: pathlib.Path, cache: pathlib.Path) -> None:
    """One server session on ``root`` that lasts until it has stored its run."""
    env = dict(os.environ, ROUTELINK_CACHE_DIR=str(cache))
    before = _stored_runs(cache)
    proc = subprocess.Popen([sys.executable, "-m", "routelink", "serve"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        proc.stdin.write(_frame({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": root.as_uri(), "capabilities": {},
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]}}))
        proc.stdin.write(_frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        proc.stdin.flush()
        deadline = time.monotonic() + 60
        while _stored_runs(cache) <= before:
            assert time.monotonic() < deadline, "the first session stored no run"
            time.sleep(0.1)
    finally:
        proc.kill()
        proc.wait()


@pytest.fixture
def cache() -> pathlib.Path:
    """The cache folder the test session gives every server (``tests/conftest.py``):
    the second session's server is started with it."""
    return pathlib.Path(os.environ["ROUTELINK_CACHE_DIR"])


@pytest.fixture
def warmed(workspace, cache) -> pathlib.Path:
    _first_session(workspace, cache)
    return workspace


@pytest_lsp.fixture(config=CONFIG)
async def warm_client(lsp_client: RecordingClient, warmed):
    await _start(lsp_client, warmed, "push")
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def edited(workspace, cache) -> pathlib.Path:
    _first_session(workspace, cache)
    page = workspace / ORDERS_PAGE
    page.write_text(page.read_text().replace("'/orders'", "'/order'", 1))
    return workspace


@pytest_lsp.fixture(config=CONFIG)
async def edited_client(lsp_client: RecordingClient, edited):
    await _start(lsp_client, edited, "push")
    yield
    await lsp_client.shutdown_session()


def _status_index(client, predicate) -> int | None:
    """The position in ``client.events`` of the first status for which ``predicate``
    holds, or None."""
    return next((i for i, (kind, what) in enumerate(client.events)
                 if kind == "status" and predicate(what)), None)


async def test_an_unchanged_workspace_shows_its_diagnostics_before_the_index_is_ready(
        warm_client, warmed):
    """Pushed with a ``routelink/status`` that says so (``stored``: files shown from the
    last session) while the state is still ``indexing``."""
    client = warm_client
    await client.wait_ready()
    stored = _status_index(client, lambda s: s.get("stored"))
    assert client.events[stored][1]["state"] == "indexing"
    for rel in FRONTEND:
        u = uri(warmed, rel)
        sent = [i for i, e in enumerate(client.events) if e == ("publish", u)]
        assert sent and sent[0] < stored, f"{rel}: not published from the last session"
        # the index agreed: not sent again
        assert len(sent) == 1, rel
        assert sorted(d.code for d in client.diagnostics[u]) == sorted(FRONTEND[rel])


async def test_a_workspace_changed_since_waits_for_its_index(edited_client, edited):
    client = edited_client
    await client.wait_ready()
    assert _status_index(client, lambda s: "stored" in s) is None
    page = uri(edited, ORDERS_PAGE)
    await client.wait_for(lambda: any("/api/order" in d.message and "/api/orders" not in d.message
                                      for d in client.diagnostics.get(page, [])),
                          "the edited call's diagnostic")


def test_pulls_are_answered_from_the_last_session_until_the_index_is_ready():
    """Pull clients: while the first index is built, ``textDocument/diagnostic`` and
    ``workspace/diagnostic`` answer with the stored diagnostics (same result ids as the
    index will give them, so the re-pull after ``ready`` is "unchanged"), except for a
    document open with another text, which waits for the index."""
    import asyncio

    from lsprotocol import types
    from lsprotocol.converters import get_converter

    from routelink.lsp.features.diagnostics import (document_diagnostic, result_id,
                                                    workspace_diagnostic)
    from routelink.lsp.server import create_server

    diag = types.Diagnostic(range=types.Range(types.Position(3, 2), types.Position(3, 9)),
                            message="No route serves GET /api/order", code="unmatched-call",
                            source="routelink", severity=types.DiagnosticSeverity.Warning)
    stored_json = get_converter().unstructure([diag])
    server = create_server()
    page, edited = "/ws/web/src/page.ts", "/ws/web/src/edited.ts"
    server._stored = {page: stored_json, edited: stored_json}
    server._stored_inputs = {page: b"fetch('/api/order')", edited: b"old text"}
    open_docs = {edited: types.TextDocumentItem(uri="file://" + edited, language_id="ts",
                                                version=3, text="new text")}

    class Doc:
        def __init__(self, item):
            self.source = item.text

    server.open_text = lambda path: Doc(open_docs[path]) if path in open_docs else None

    async def pulls():
        one = await document_diagnostic(server, types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri="file://" + page)))
        assert [d.message for d in one.items] == [diag.message]
        assert one.result_id == result_id([diag])
        again = await document_diagnostic(server, types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri="file://" + page),
            previous_result_id=one.result_id))
        assert isinstance(again, types.RelatedUnchangedDocumentDiagnosticReport)
        everything = await workspace_diagnostic(server, types.WorkspaceDiagnosticParams(
            previous_result_ids=[]))
        assert [i.uri for i in everything.items] == ["file://" + page]
        # the edited document waits for the index (never answered from the store)
        server.index_ready = asyncio.Event()
        waiting = asyncio.ensure_future(document_diagnostic(
            server, types.DocumentDiagnosticParams(
                text_document=types.TextDocumentIdentifier(uri="file://" + edited))))
        await asyncio.sleep(0.05)
        assert not waiting.done()
        waiting.cancel()

    asyncio.run(pulls())
