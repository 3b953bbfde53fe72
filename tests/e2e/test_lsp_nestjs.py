"""End to end over LSP stdio on examples/nestjs-vue: the server publishes exactly the
findings `routelink check` reports (the forgotten controller is `unmounted-route`),
go to definition on a Vue-side call lands on the controller method, find references on
that method lists the call, and registering the controller in the editor clears the
findings."""

from __future__ import annotations

import pathlib

import pytest
import pytest_lsp
from lsprotocol import types

from tests.e2e.conftest import (
    CONFIG,
    check_json,
    codes_in,
    copy_example,
    RecordingClient,
    _start,
    cli_diagnostics,
    lsp_diagnostic_tuples,
    position,
    uri,
)

BOOKS_API = "frontend/src/api/books.ts"
ADMIN_API = "frontend/src/api/admin.ts"
BOOKS_CONTROLLER = "backend/src/books/books.controller.ts"
ADMIN_CONTROLLER = "backend/src/admin/admin.controller.ts"
APP_MODULE = "backend/src/app.module.ts"


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    return copy_example(tmp_path, "nestjs-vue")


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "push")
    await lsp_client.wait_ready()
    yield
    await lsp_client.shutdown_session()


async def test_definition_references_and_the_forgotten_controller(client: RecordingClient,
                                                                  workspace: pathlib.Path):
    expected = cli_diagnostics(check_json(workspace), workspace)
    await client.wait_for(lambda: set(expected) <= {u for u, d in client.diagnostics.items() if d},
                          "diagnostics of every file with findings")
    got = {u: lsp_diagnostic_tuples(d) for u, d in client.diagnostics.items() if d}
    assert got == expected

    # the controller no module registers: unmounted-route on its class name
    [unmounted] = client.diagnostics[uri(workspace, ADMIN_CONTROLLER)]
    assert unmounted.code == "unmounted-route"
    assert unmounted.range.start == position(workspace, ADMIN_CONTROLLER, "AdminController {")
    assert "registered by no module" in unmounted.message
    assert codes_in(client, workspace, ADMIN_API) == ["unmatched-call"]

    # go to definition on `http.get<Book>(`/books/${id}`)` lands on the controller method
    call = position(workspace, BOOKS_API, "http.get<Book>(`/books/${id}`)", offset=4)
    defs = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(workspace, BOOKS_API)), position=call))
    method = position(workspace, BOOKS_CONTROLLER, "findOne(@Param")
    assert [(d.uri, d.range.start.line) for d in defs] == [(uri(workspace, BOOKS_CONTROLLER), method.line)]

    # find references on the method name lists that call
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri(workspace, BOOKS_CONTROLLER)),
        position=types.Position(method.line, method.character + 2),
        context=types.ReferenceContext(include_declaration=False)))
    assert [(r.uri, r.range.start.line) for r in refs] == [(uri(workspace, BOOKS_API), call.line)]

    # register the controller in AppModule (in the editor, unsaved): both findings go away
    rel = APP_MODULE
    text = (workspace / rel).read_text()
    new = text.replace("import { Module } from '@nestjs/common';",
                       "import { Module } from '@nestjs/common';\n"
                       "import { AdminController } from './admin/admin.controller';").replace(
        "controllers: [HealthController]", "controllers: [HealthController, AdminController]")
    assert new != text
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri(workspace, rel), language_id="typescript", version=1, text=text)))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(workspace, rel), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new)]))
    await client.wait_for(lambda: codes_in(client, workspace, ADMIN_CONTROLLER) == ["unused-route"]
                          and codes_in(client, workspace, ADMIN_API) == [],
                          "unmounted-route and unmatched-call cleared")
