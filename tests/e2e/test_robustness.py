"""The server keeps serving whatever the workspace holds: syntax errors, half-typed
code, binary and non-UTF-8 files, a broken routelink.toml."""

from __future__ import annotations

import os

import pytest
import pytest_lsp
from lsprotocol import types

from .conftest import (CONFIG, RecordingClient, _start, change_document, cli_diagnostics, codes,
                       lsp_diagnostic_tuples, open_document, position, uri, wait_diagnostics)

ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"

BROKEN_FILES = {
    # a syntax error in the middle of a component
    "frontend/src/pages/Broken.tsx": "export function Broken() {\n  const x = ;\n"
                                     "  return <div>{fetch('/api/nothing'}</div>\n",
    # half-typed code
    "frontend/src/pages/Typing.ts": "import { api } from '../lib/api';\nexport const f = () => api.get(`/users/${",
    # a route file that stops in the middle of a declaration
    "backend/src/routes/half.js": "const r = require('express').Router();\nr.get('/half', (req, res) =>\n",
}


@pytest.fixture
def messy_workspace(workspace):
    for rel, text in BROKEN_FILES.items():
        (workspace / rel).write_text(text)
    (workspace / "frontend/src/lib/blob.js").write_bytes(bytes(range(256)) * 64 + b"\0fetch('/x')")
    # Latin-1, not UTF-8: the call must still be read
    (workspace / "frontend/src/pages/Latin.js").write_bytes(
        "// caf\xe9 cr\xe8me\nexport const load = () => fetch('/api/cart');\n".encode("latin-1"))
    os.makedirs(workspace / "frontend/node_modules/pkg", exist_ok=True)
    (workspace / "frontend/node_modules/pkg/index.js").write_text("fetch('/api/from-node-modules');\n")
    return workspace


@pytest_lsp.fixture(config=CONFIG)
async def messy_client(lsp_client: RecordingClient, messy_workspace):
    await _start(lsp_client, messy_workspace, "push")
    yield
    await lsp_client.shutdown_session()


async def test_broken_files_do_not_break_the_server(messy_client, messy_workspace, cli_report):
    ws = messy_workspace
    ready = await messy_client.wait_ready()
    assert ready["state"] == "ready"
    # the example's own findings are untouched
    expected = cli_diagnostics(cli_report, ws)
    for file_uri, want in expected.items():
        await messy_client.wait_for(lambda u=file_uri: u in messy_client.diagnostics, file_uri)
        assert lsp_diagnostic_tuples(messy_client.diagnostics[file_uri]) == want
    # the Latin-1 file: the extractor skips files that are not UTF-8 today; reading
    # them with a fallback would find its call. Either way, nothing else is disturbed.
    # (status "ready" is sent after the diagnostics, so they are all here now)
    latin = uri(ws, "frontend/src/pages/Latin.js")
    assert [(d.code, d.message) for d in messy_client.diagnostics.get(latin, [])] in (
        [], [("unmatched-call", "No route serves GET /api/cart")])
    # nothing from node_modules or the binary file
    assert not any("node_modules" in u or u.endswith("blob.js") for u in messy_client.diagnostics)
    # requests on the broken files are answered
    for rel in BROKEN_FILES:
        doc = types.TextDocumentIdentifier(uri(ws, rel))
        assert await messy_client.text_document_hover_async(
            types.HoverParams(doc, types.Position(1, 5))) is None
        await messy_client.text_document_document_symbol_async(types.DocumentSymbolParams(doc))
        await messy_client.text_document_code_lens_async(types.CodeLensParams(doc))
    report = await messy_client.protocol.send_request_async("routelink/report", {})
    assert report.summary.routes >= 23


async def test_half_typed_edits_then_completed(push_client, workspace):
    """Typing a call a few characters at a time: every state is answered, and the
    final text gets the right diagnostics."""
    client = push_client
    await client.wait_ready()
    page = uri(workspace, ORDERS_PAGE)
    text = open_document(client, workspace, ORDERS_PAGE)
    line = text.splitlines().index("  return (")
    typed = "  const more = () => http.get(`/users/${1}/avatar`);\n"
    version = 1
    for i in range(1, len(typed) + 1, 7):  # insert the line in chunks
        version += 1
        chunk = typed[i - 1:i + 6]
        at = types.Position(line, i - 1)
        change_document(client, workspace, ORDERS_PAGE, version, types.Range(at, at), chunk)
        hover = await client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(page), at))
        assert hover is None or hover.contents.value
    # the completed call reaches GET /api/users/{id}/avatar, which is no longer unused
    await wait_diagnostics(client, uri(workspace, "backend/src/routes/users.ts"),
                           lambda d: "No indexed call reaches GET /api/users/{id}/avatar"
                           not in [x.message for x in d], "the avatar route to be used")
    diags = await wait_diagnostics(client, page, lambda d: len(d) == 2, "no new finding")
    assert codes(diags) == ["method-mismatch", "unmatched-call"]
    got = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(page), types.Position(line, typed.index("http") + 1)))
    assert [(g.uri, g.range.start.line) for g in got] == [
        (uri(workspace, "backend/src/routes/users.ts"), 24)]
    # break it again: an unterminated template literal
    version += 1
    start = types.Position(line, typed.index("`/users"))
    change_document(client, workspace, ORDERS_PAGE, version,
                    types.Range(start, types.Position(line, len(typed) - 1)), "`/users/${")
    await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(page), start))
    report = await client.protocol.send_request_async("routelink/report", {})
    assert report.summary.files == 12


@pytest.fixture
def bad_config_workspace(workspace):
    (workspace / "routelink.toml").write_text("[severity\nunused-route = 'off'\n")
    return workspace


@pytest_lsp.fixture(config=CONFIG)
async def bad_config_client(lsp_client: RecordingClient, bad_config_workspace):
    await _start(lsp_client, bad_config_workspace, "push")
    yield
    await lsp_client.shutdown_session()


async def test_broken_config_is_reported_and_defaults_are_used(bad_config_client,
                                                               bad_config_workspace, cli_report):
    client, ws = bad_config_client, bad_config_workspace
    await client.wait_ready()
    errors = [m for m in client.messages if m.type == types.MessageType.Error]
    assert len(errors) == 1
    assert errors[0].message.startswith(f"routelink: {ws / 'routelink.toml'}: invalid TOML")
    # served with the defaults: exactly what check reports without a config file
    expected = cli_diagnostics(cli_report, ws)
    await client.wait_for(lambda: set(expected) <= set(client.diagnostics), "diagnostics")
    assert {u: lsp_diagnostic_tuples(d) for u, d in client.diagnostics.items() if d} == expected
    # fixing the file on disk applies it: unused-route turned off everywhere
    (ws / "routelink.toml").write_text("[severity]\nunused-route = 'off'\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent((ws / "routelink.toml").as_uri(), types.FileChangeType.Changed)]))
    await client.wait_for(lambda: not any(d.code == "unused-route" for ds in
                                          client.diagnostics.values() for d in ds),
                          "unused-route off everywhere")
    assert client.diagnostics[uri(ws, "backend/src/routes/products.js")] == ()
    # and breaking it again keeps the last valid configuration
    (ws / "routelink.toml").write_text("[severity]\nunused-route = 'loud'\n")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent((ws / "routelink.toml").as_uri(), types.FileChangeType.Changed)]))
    await client.wait_for(lambda: len([m for m in client.messages
                                       if m.type == types.MessageType.Error]) == 2, "second error")
    assert "severity of 'unused-route' must be one of" in client.messages[-1].message
    hover = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri(ws, ORDERS_PAGE)),
        position(ws, ORDERS_PAGE, "'/orders')", 2)))
    assert hover.contents.value.startswith("**GET /api/orders** (fetch)")
    assert not any(d.code == "unused-route" for ds in client.diagnostics.values() for d in ds)
