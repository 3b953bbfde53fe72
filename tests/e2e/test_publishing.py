"""How pushed diagnostics follow edits: only files whose diagnostics changed are
published again, and an edit's diagnostics are published without waiting for a later
edit (no debounce floor: the first result does not wait for the typing to stop); an open
document's text is what is indexed whatever characters its path has."""

from __future__ import annotations

import shutil

import pytest_lsp
from lsprotocol import types

from .conftest import (CONFIG, EXAMPLE, FRONTEND, RecordingClient, capabilities, change_document, codes, open_document,
                       position, uri, wait_diagnostics)

ORDERS_PAGE = "frontend/src/pages/OrdersPage.tsx"
ORDERS = "backend/src/routes/orders.ts"


async def test_a_change_publishes_only_the_files_whose_diagnostics_changed(push_client, workspace):
    """A route added at the end of a route file moves the ids of the routes after it
    (those of products.js, which ProductGrid's method-mismatch names); the diagnostics of the other files that name those routes read the same to
    the client, so they are not sent again."""
    client = push_client
    await client.wait_ready()
    orders = uri(workspace, ORDERS)
    untouched = [uri(workspace, rel) for rel in FRONTEND] + [
        uri(workspace, "backend/src/routes/users.ts")]
    for u in untouched:
        await wait_diagnostics(client, u, lambda d: bool(d), f"diagnostics of {u}")
    before = {u: len(client.published.get(u, [])) for u in untouched}
    text = open_document(client, workspace, ORDERS)
    end = text.rstrip("\n").count("\n") + 1
    change_document(client, workspace, ORDERS, 2,
                    types.Range(types.Position(end, 0), types.Position(end, 0)),
                    "ordersRouter.get('/zz-reports', (req, res) => res.json([]));\n")
    await wait_diagnostics(client, orders, lambda d: any("/zz-reports" in x.message for x in d),
                           "the new route's unused-route")
    # one more round trip: anything the server published with that change has arrived
    await client.wait_for(lambda: client.statuses and client.statuses[-1].get("state") == "ready",
                          "ready")
    after = {u: len(client.published.get(u, [])) for u in untouched}
    assert after == before


async def test_an_edit_is_published_without_waiting_for_a_later_edit(push_client, workspace):
    """An edit that breaks a path, then edits that change nothing routelink reads, one
    every 50 ms while the first edit's diagnostics are not out: they come out while
    the edits continue, for a version before the last (a debounce that waits for the
    typing to stop would publish only the last version, after the edits stop)."""
    import asyncio

    client = push_client
    await client.wait_ready()
    page = uri(workspace, ORDERS_PAGE)
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "initial diagnostics")
    open_document(client, workspace, ORDERS_PAGE)
    # http.get<Order[]>('/orders') -> '/order'
    start = position(workspace, ORDERS_PAGE, "'/orders')", offset=len("'/order"))
    change_document(client, workspace, ORDERS_PAGE, 2,
                    types.Range(start, types.Position(start.line, start.character + 1)), "")
    broken = "No route serves GET /api/order"

    def published() -> list[int]:
        return [p.version for p in client.published.get(page, [])
                if broken in [d.message for d in p.diagnostics]]

    version = 2
    end = types.Position(0, 0)  # a blank at the start of the file changes no fact
    while not published() and version < 200:
        await asyncio.sleep(0.05)
        version += 1
        change_document(client, workspace, ORDERS_PAGE, version, types.Range(end, end), " ")
    await client.wait_for(published, "the first edit's diagnostics")
    assert min(published()) < version


async def test_indexing_progress_goes_through_extraction_and_linking(push_client):
    """Work-done progress of the first index: percentages never go back, and the last
    report before the end says the links are being computed."""
    client = push_client
    await client.wait_ready()
    (reports,) = client.progress_reports.values()
    middle = [r for r in reports if isinstance(r, types.WorkDoneProgressReport)]
    assert middle and middle[-1].message == "linking"
    percentages = [r.percentage for r in middle]
    assert percentages == sorted(percentages) and percentages[-1] < 100


@pytest_lsp.fixture(config=CONFIG)
async def spaced_client(lsp_client: RecordingClient, tmp_path):
    """A push client on a copy of the example in a folder named with a space and a
    ``+`` (which a URI percent-encodes)."""
    root = tmp_path / "my app+web"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("node_modules"))
    lsp_client.root = root
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=capabilities("push"), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)]))
    yield
    await lsp_client.shutdown_session()


async def test_edits_reach_the_index_when_the_path_has_escaped_characters(spaced_client):
    """The editor's text of an open document is what is indexed, also when its URI has
    percent-escapes (``my%20app%2Bweb``): an edit's diagnostics follow it."""
    client = spaced_client
    root = client.root
    await client.wait_ready()
    page = uri(root, ORDERS_PAGE)
    open_document(client, root, ORDERS_PAGE)
    start = position(root, ORDERS_PAGE, "'/orders')", offset=len("'/order"))
    change_document(client, root, ORDERS_PAGE, 2,
                    types.Range(start, types.Position(start.line, start.character + 1)), "")
    await wait_diagnostics(client, page, lambda d: "No route serves GET /api/order" in [
        x.message for x in d], "the edit's unmatched-call")
    assert client.published[page][-1].version == 2
