"""A first index with no stored run is built in batches (``routelink.index.batches``) and
what cannot be false is shown before it is complete (``routelink.lsp.streaming``): a
page's call-side diagnostics come while the state is still ``indexing``, route-side ones
(``unused-route``) only with the complete index, and the final diagnostics are those of
``routelink check``.

The server runs with ``ROUTELINK_STREAM_MIN_FILES=1``, so that the example (three
batches: the backend, configs and the frontend files that set up clients; then
``OrdersPage.tsx`` and ``http.ts``; then the other pages) is batched like a big
workspace."""

from __future__ import annotations

import asyncio
import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig

from .conftest import (FRONTEND, SERVER_COMMAND, RecordingClient, _start, capabilities,
                       change_document,
                       check_json, cli_diagnostics, lsp_diagnostic_tuples, make_client,
                       open_document, uri, wait_diagnostics)

ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"
USERS_PAGE = "frontend/src/pages/UsersPage.tsx"


class StreamingConfig(ClientServerConfig):
    """The harness's server, batching every workspace (the environment is read when
    the server starts: the session's cache directory is set by then)."""

    @property
    def server_env(self) -> dict[str, str]:  # type: ignore[override]
        return dict(os.environ, ROUTELINK_STREAM_MIN_FILES="1")

    @server_env.setter
    def server_env(self, value) -> None:
        pass


CONFIG = StreamingConfig(server_command=SERVER_COMMAND, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG)
async def streaming_push(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "push")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def streaming_pull(lsp_client: RecordingClient, workspace: pathlib.Path):
    await _start(lsp_client, workspace, "pull")
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=CONFIG)
async def streaming_pull_no_refresh(lsp_client: RecordingClient, workspace: pathlib.Path):
    """A pull client that does not take ``workspace/diagnostic/refresh``."""
    lsp_client.mode = "pull"
    caps = capabilities("pull")
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=False)
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)]))
    yield
    await lsp_client.shutdown_session()


def _before_ready(client: RecordingClient) -> list[types.PublishDiagnosticsParams]:
    """The diagnostics published while the state was ``indexing``: those before the last
    ``indexing`` status that precedes the first ``ready`` (the final publish comes
    after the last batch and before ``ready``; each partial one is followed by a status
    that is still ``indexing``)."""
    cut = 0
    for i, (kind, value) in enumerate(client.events):
        if kind == "status" and value.get("state") == "ready":
            break
        if kind == "status":
            cut = i
    seen: dict[str, int] = {}
    out = []
    for kind, value in client.events[:cut]:
        if kind == "publish":
            out.append(client.published[value][seen.get(value, 0)])
            seen[value] = seen.get(value, 0) + 1
    return out


async def test_a_page_s_call_diagnostics_come_before_ready_and_route_ones_only_with_it(
        streaming_push, workspace):
    client = streaming_push
    await client.wait_ready()
    early = _before_ready(client)
    early_codes = {str(d.code) for p in early for d in p.diagnostics}
    orders = uri(workspace, ORDERS_PAGE)
    assert any(p.uri == orders and {"unmatched-call", "method-mismatch"} <= {str(d.code) for d in p.diagnostics}
               for p in early), early
    assert early_codes <= {"unmatched-call", "method-mismatch", "duplicate-prefix", "mock-only-call"}
    assert "unused-route" not in early_codes
    # the route-side diagnostics come with the complete index
    assert any(str(d.code) == "unused-route" for ds in client.diagnostics.values() for d in ds)
    # the statuses say "indexing" until the last batch, with the files shown meanwhile
    states = [s for s in client.statuses]
    first_ready = next(i for i, s in enumerate(states) if s.get("state") == "ready")
    assert all(s.get("state") == "indexing" for s in states[:first_ready])
    assert any(s.get("partial") for s in states[:first_ready])
    # the last publish of each file is what `routelink check` reports
    expected = cli_diagnostics(check_json(workspace), workspace)
    got = {u: lsp_diagnostic_tuples(ds) for u, ds in client.diagnostics.items() if ds}
    assert got == expected
    for rel, codes in FRONTEND.items():
        assert sorted({str(d.code) for d in client.diagnostics[uri(workspace, rel)]}) == sorted(set(codes))


async def test_work_done_progress_reports_the_batches(streaming_push):
    """Each batch is reported ("linking 5/11 files"), counts growing to all the files;
    percentages never go back."""
    client = streaming_push
    await client.wait_ready()
    (reports,) = client.progress_reports.values()
    middle = [r for r in reports if isinstance(r, types.WorkDoneProgressReport)]
    linking = [r.message for r in middle if r.message and r.message.startswith("linking ")]
    assert len(linking) >= 2, [r.message for r in middle]
    counts = [tuple(int(x.replace(",", "")) for x in m.split()[1].split("/")) for m in linking]
    assert [c[0] for c in counts] == sorted(c[0] for c in counts)
    assert counts[-1][0] == counts[-1][1]
    percentages = [r.percentage for r in middle]
    assert percentages == sorted(percentages) and percentages[-1] < 100


async def test_an_open_document_is_indexed_first_and_its_diagnostics_come_early(
        streaming_push, workspace):
    """A page open before the index starts is in the first batch; an edit of it sent
    while indexing is applied after the last batch."""
    client = streaming_push
    users = uri(workspace, USERS_PAGE)
    text = open_document(client, workspace, USERS_PAGE)
    await client.wait_ready()
    early = _before_ready(client)
    # UsersPage would be in the last batch; open, it is indexed with the first
    assert any(p.uri == users and "duplicate-prefix" in {str(d.code) for d in p.diagnostics}
               for p in early), [p.uri for p in early]
    assert text


async def test_a_pull_before_ready_answers_what_is_shown(streaming_pull, workspace):
    """Pull: while the index is built in batches, a pull answers the diagnostics shown
    so far (never an unused-route); after ``ready``, the complete ones."""
    client = streaming_pull
    orders = uri(workspace, ORDERS_PAGE)
    await client.wait_for(lambda: any(s.get("partial") for s in client.statuses)
                          or any(s.get("state") == "ready" for s in client.statuses),
                          "a partial publish or ready")
    def ready() -> bool:
        return any(s.get("state") == "ready" for s in client.statuses)

    # the first batches may show other files before the page's batch: pull until the
    # page's findings are shown or the index is ready; every answer before ready holds
    # call-side findings only
    page_codes: set[str] = set()
    while not ready() and not page_codes:
        report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
            previous_result_ids=[]))
        page = await client.text_document_diagnostic_async(types.DocumentDiagnosticParams(
            text_document=types.TextDocumentIdentifier(uri=orders)))
        if ready():
            break  # (these answers may be the complete index's)
        codes = {str(d.code) for item in report.items for d in getattr(item, "items", [])}
        assert codes <= {"unmatched-call", "method-mismatch", "duplicate-prefix", "mock-only-call"}
        page_codes = {str(d.code) for d in page.items}
        if not page_codes:
            await asyncio.sleep(0.02)
    if page_codes:  # shown before ready: the page's call-side findings, all of them
        assert {"unmatched-call", "method-mismatch"} <= page_codes
    await client.wait_ready()
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=[]))
    got = {item.uri: lsp_diagnostic_tuples(item.items) for item in report.items if item.items}
    assert got == cli_diagnostics(check_json(workspace), workspace)


async def test_an_edit_sent_while_indexing_is_applied_after_the_last_batch(streaming_push, workspace):
    """An edit that arrives while the batches run is queued and applied once the index
    is complete: the page's diagnostics end with the edit's call, for its version."""
    client = streaming_push
    users = uri(workspace, USERS_PAGE)
    text = open_document(client, workspace, USERS_PAGE)
    end = text.count("\n")
    change_document(client, workspace, USERS_PAGE, 2,
                    types.Range(types.Position(end, 0), types.Position(end, 0)),
                    "export const zz = () => api.get('/zz-never');\n")
    await client.wait_ready()
    diags = await wait_diagnostics(client, users, lambda d: any("/zz-never" in x.message for x in d),
                                   "the edit's unmatched-call")
    assert "unmatched-call" in {str(d.code) for d in diags}
    assert client.published[users][-1].version == 2
    # nothing about the edited text was shown for the text on disk after it was sent
    early = [p for p in _before_ready(client) if p.uri == users]
    assert all(p.version in (1, None) for p in early)


async def test_a_pull_client_that_cannot_be_refreshed_gets_the_complete_answer(
        streaming_pull_no_refresh, workspace):
    """A pull client without ``workspace/diagnostic/refresh`` would keep an answer given
    before the index is complete (a route file's ``unused-route`` missing): its pulls wait
    for the complete index, as without batches."""
    client = streaming_pull_no_refresh
    await client.wait_for(lambda: any(s.get("partial") for s in client.statuses)
                          or any(s.get("state") == "ready" for s in client.statuses),
                          "a batch shown or ready")
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        previous_result_ids=[]))
    got = {item.uri: lsp_diagnostic_tuples(item.items) for item in report.items if item.items}
    expected = cli_diagnostics(check_json(workspace), workspace)
    assert got == expected
    assert any("unused-route" in str(d) for ds in expected.values() for d in ds)


def test_a_document_edited_after_it_was_shown_keeps_what_was_shown():
    """Push: a page shown after one batch, then edited in the editor, is no longer the
    disk's text the batches index: the next batch leaves its diagnostics alone (they are
    the index's to replace once it has the edit), never an empty list for the edit's
    version."""
    from routelink.lsp.server import create_server

    diag = types.Diagnostic(range=types.Range(types.Position(3, 2), types.Position(3, 9)),
                            message="No route serves GET /api/order", code="unmatched-call",
                            source="routelink", severity=types.DiagnosticSeverity.Warning)
    server = create_server()
    page, other = "/ws/web/src/page.ts", "/ws/web/src/other.ts"
    disk = {page: b"fetch('/api/order')", other: b"fetch('/api/other')"}
    sent: list[types.PublishDiagnosticsParams] = []
    server.text_document_publish_diagnostics = sent.append
    server.notify_status = lambda: None
    docs: dict[str, str] = {}

    class Doc:
        def __init__(self, text):
            self.source, self.version = text, 7

    server.open_text = lambda path: Doc(docs[path]) if path in docs else None
    # batch 1 shows the page (as on disk), batch 2 the other file: the page is edited
    # in between
    server._publish_partial({page: (("k1",), [diag])}, disk)
    assert [p.uri for p in sent] == ["file://" + page]
    docs[page] = "fetch('/api/orders')"
    server._publish_partial({other: (("k2",), [diag])}, disk)
    assert [p.uri for p in sent] == ["file://" + page, "file://" + other]
    # a file shown before and not now, unedited, is cleared as before
    server._publish_partial({}, disk)
    assert [(p.uri, len(p.diagnostics)) for p in sent[2:]] == [("file://" + other, 0)]
