"""How pushed diagnostics follow edits: only files whose diagnostics changed are
published again, and an edit's diagnostics are published without waiting for a later
edit (no debounce floor; a burst is coalesced after the first result)."""

from __future__ import annotations

from lsprotocol import types

from .conftest import FRONTEND, change_document, codes, open_document, position, uri, wait_diagnostics

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
    """Two edits sent back to back (the second undoes the first): the first one's
    diagnostics are published for its own version, then the second's."""
    client = push_client
    await client.wait_ready()
    page = uri(workspace, ORDERS_PAGE)
    await wait_diagnostics(client, page, lambda d: codes(d) == ["method-mismatch", "unmatched-call"],
                           "initial diagnostics")
    open_document(client, workspace, ORDERS_PAGE)
    # http.get<Order[]>('/orders') -> '/order', then back
    start = position(workspace, ORDERS_PAGE, "'/orders')", offset=len("'/order"))
    one = types.Range(start, types.Position(start.line, start.character + 1))
    change_document(client, workspace, ORDERS_PAGE, 2, one, "")
    change_document(client, workspace, ORDERS_PAGE, 3, types.Range(start, start), "s")
    broken = "No route serves GET /api/order"
    await client.wait_for(
        lambda: any(p.version == 2 and broken in [d.message for d in p.diagnostics]
                    for p in client.published.get(page, [])),
        "the first edit's diagnostics, for version 2")
    await client.wait_for(
        lambda: any(p.version == 3 and broken not in [d.message for d in p.diagnostics]
                    for p in client.published.get(page, [])),
        "the second edit's diagnostics, for version 3")
    assert codes(client.diagnostics[page]) == ["method-mismatch", "unmatched-call"]


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
