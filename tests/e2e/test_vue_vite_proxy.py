"""End to end on examples/vue-vite-proxy: `routelink check` reports exactly the
deliberate mistakes its README lists (calls linked through Vite's `server.proxy` with a
`rewrite` that strips `/api`), the language server publishes the same, and moving a
call into the proxy's context in the editor links it."""

from __future__ import annotations

import pathlib

import pytest
import pytest_lsp
from lsprotocol import types

from tests.e2e.conftest import (
    CONFIG,
    RecordingClient,
    _start,
    check_json,
    cli_diagnostics,
    codes_in,
    copy_example,
    lsp_diagnostic_tuples,
    uri,
)

BOOKS_API = "frontend/src/api/books.ts"
AUTH_API = "frontend/src/api/auth.ts"
STATUS = "frontend/src/components/ServerStatus.vue"
BOOKS = "backend/src/routes/books.js"


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    return copy_example(tmp_path, "vue-vite-proxy")


def findings(report: dict) -> set[tuple[str, str, int]]:
    return {(d["code"], d["file"], d["line"]) for d in report["diagnostics"]}


def test_check_reports_the_readme_mistakes_and_nothing_else(workspace: pathlib.Path):
    report = check_json(workspace)
    assert findings(report) == {
        ("unmatched-call", BOOKS_API, 30),  # GET /authors: no route
        ("unmatched-call", AUTH_API, 11),  # POST /auth/password-reset: no route
        ("method-mismatch", BOOKS_API, 22),  # PATCH /books/{id}: only GET, PUT, DELETE
        ("unmatched-call", STATUS, 8),  # /health is outside the proxy's '/api'
        ("unused-route", "backend/src/app.js", 12),  # GET /health
        ("unused-route", "backend/src/routes/auth.js", 9),  # POST /auth/logout
        ("unused-route", BOOKS, 23),  # PUT /books/:id (the frontend sends PATCH)
        ("unused-route", BOOKS, 28),  # DELETE /books/:id
    }
    messages = {(d["file"], d["line"]): d["message"] for d in report["diagnostics"]}
    assert messages[(BOOKS_API, 30)] == (
        "No route serves GET /authors (/api/authors through the dev proxy '/api' to "
        "http://localhost:3001)")
    assert messages[(STATUS, 8)] == (
        "No route serves GET /health: the dev server proxies only '/api' (vite.config.ts), so "
        "this request stays on the dev server (GET /health at app.js:12 is not proxied to)")
    # every other call links to the route the backend serves after the rewrite
    routes = {r["id"]: r for r in report["routes"]}
    linked = {(c["method"], c["proxy"]["path"]): sorted(routes[r]["path"] for r in c["routes"])
              for c in report["calls"] if c["routes"]}
    assert linked == {
        ("GET", "/api/books"): ["/books"],
        ("POST", "/api/books"): ["/books"],
        ("GET", "/api/books/{}"): ["/books/{id}"],
        ("GET", "/api/books/{}/reviews"): ["/books/{id}/reviews"],
        ("POST", "/api/books/{}/reviews"): ["/books/{id}/reviews"],
        ("POST", "/api/auth/login"): ["/auth/login"],
        ("GET", "/api/auth/me"): ["/auth/me"],
    }
    proxy = next(c["proxy"] for c in report["calls"] if c["routes"])
    assert proxy["context"] == "/api" and proxy["target"] == "http://localhost:3001"
    assert proxy["config"] == "frontend/vite.config.ts"


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "push")
    await lsp_client.wait_ready()
    yield
    await lsp_client.shutdown_session()


async def test_the_server_publishes_the_same_and_follows_an_edit(client: RecordingClient,
                                                                 workspace: pathlib.Path):
    expected = cli_diagnostics(check_json(workspace), workspace)
    await client.wait_for(lambda: set(expected) <= {u for u, d in client.diagnostics.items() if d},
                          "diagnostics of every file with findings")
    got = {u: lsp_diagnostic_tuples(d) for u, d in client.diagnostics.items() if d}
    assert got == expected

    # send the health check through the proxy: it reaches GET /health, which is used now
    text = (workspace / STATUS).read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri(workspace, STATUS), language_id="vue", version=1, text=text)))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(workspace, STATUS), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(
            text=text.replace("fetch('/health')", "fetch('/api/health')"))]))
    await client.wait_for(lambda: codes_in(client, workspace, STATUS) == []
                          and codes_in(client, workspace, "backend/src/app.js") == [],
                          "the health check linked")
