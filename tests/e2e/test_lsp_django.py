"""End to end over LSP stdio on examples/django-react: the server publishes exactly the
findings `routelink check` reports, go-to-definition lands on the DRF action method, and
editing a URLconf or a view class in the editor updates the findings."""

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

ARTICLES_PAGE = "frontend/src/pages/ArticlesPage.tsx"
ACCOUNTS_URLS = "backend/accounts/urls.py"
ACCOUNTS_VIEWS = "backend/accounts/views.py"
ARTICLES_VIEWS = "backend/articles/views.py"


@pytest.fixture
def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    return copy_example(tmp_path, "django-react")


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "push")
    await lsp_client.wait_ready()
    yield
    await lsp_client.shutdown_session()


async def edit(client: RecordingClient, root: pathlib.Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri(root, rel), language_id="python", version=1, text=text)))
    assert old in text
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(root, rel), version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text.replace(old, new))]))


async def test_diagnostics_navigation_and_edits(client: RecordingClient, workspace: pathlib.Path):
    expected = cli_diagnostics(check_json(workspace), workspace)
    await client.wait_for(lambda: set(expected) <= {u for u, d in client.diagnostics.items() if d},
                          "diagnostics of every file with findings")
    got = {u: lsp_diagnostic_tuples(d) for u, d in client.diagnostics.items() if d}
    assert got == expected
    assert codes_in(client, workspace, ACCOUNTS_VIEWS) == ["duplicate-route"]
    assert "method-mismatch" in codes_in(client, workspace, ARTICLES_PAGE)

    # go to the handler of `api.post(`/articles/${slug}/publish/`)`: the @action method
    pos = position(workspace, ARTICLES_PAGE, "api.post(`/articles/${slug}/publish/`)", offset=4)
    defs = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(workspace, ARTICLES_PAGE)),
        position=pos))
    assert [(d.uri, d.range.start.line) for d in defs] == [
        (uri(workspace, ARTICLES_VIEWS), position(workspace, ARTICLES_VIEWS, "def publish").line)]

    # remove the duplicate `me/` pattern: the duplicate-route finding goes away
    await edit(client, workspace, ACCOUNTS_URLS, '    path("me/", views.profile),\n', "")
    await client.wait_for(lambda: codes_in(client, workspace, ACCOUNTS_VIEWS) == [],
                          "duplicate-route cleared")

    # tags become deletable in the view class (another file than the router): the
    # DELETE call now has a route
    await edit(client, workspace, ARTICLES_VIEWS,
               "    serializer_class = TagSerializer\n",
               "    serializer_class = TagSerializer\n\n    def destroy(self, request, pk=None): ...\n")
    await client.wait_for(lambda: "method-mismatch" not in codes_in(client, workspace, ARTICLES_PAGE),
                          "method-mismatch cleared")
