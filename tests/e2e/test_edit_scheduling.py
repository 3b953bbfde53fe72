"""When an edit of an open document is applied (``RoutelinkServer.schedule``): at once
when the server is idle (no debounce floor), and the edits that come while or just
after an update runs are applied together, once, with the latest text."""

from __future__ import annotations

import asyncio
import time
from types import SimpleNamespace

from routelink.lsp.server import BURST_SECONDS, RoutelinkServer

PAGE = "/ws/frontend/src/pages/OrdersPage.tsx"


def server_with_document() -> tuple[RoutelinkServer, list[dict], SimpleNamespace]:
    """A server whose updates are recorded instead of applied, with one open document."""
    server = RoutelinkServer()
    doc = SimpleNamespace(version=1, source="api.get('/orders');\n")
    applied: list[dict] = []
    server.apply = lambda changes: applied.append(dict(changes))  # type: ignore[method-assign]
    server.open_text = lambda path: doc if path == PAGE else None  # type: ignore[method-assign]
    return server, applied, doc


def type_text(server: RoutelinkServer, doc: SimpleNamespace, text: str) -> None:
    doc.version += 1
    doc.source = text
    server.schedule(PAGE)


async def test_the_first_edit_is_applied_at_the_next_turn_of_the_loop():
    server, applied, doc = server_with_document()
    type_text(server, doc, "api.get('/order');\n")
    await asyncio.sleep(0)
    assert applied == [{PAGE: b"api.get('/order');\n"}]
    assert server._indexed_versions[PAGE] == 2


async def test_an_edit_long_after_the_last_update_does_not_wait():
    server, applied, doc = server_with_document()
    server._last_edit_end[PAGE] = time.monotonic() - 10 * BURST_SECONDS
    type_text(server, doc, "api.get('/orderz');\n")
    await asyncio.sleep(0)
    assert applied == [{PAGE: b"api.get('/orderz');\n"}]


async def test_edits_typed_while_an_update_ran_are_applied_once_with_the_latest_text():
    server, applied, doc = server_with_document()
    type_text(server, doc, "api.get('/order');\n")
    await asyncio.sleep(0)
    assert len(applied) == 1
    # the update just ended; the keystrokes queued behind it arrive now
    for text in ("api.get('/orde');\n", "api.get('/ord');\n", "api.get('/or');\n"):
        type_text(server, doc, text)
    await asyncio.sleep(0)
    assert len(applied) == 1  # gathering the rest of the burst
    deadline = time.monotonic() + 5  # generous: only "does not hang"
    while len(applied) == 1 and time.monotonic() < deadline:
        await asyncio.sleep(BURST_SECONDS)
    assert applied[1:] == [{PAGE: b"api.get('/or');\n"}]
    assert server._indexed_versions[PAGE] == 5
    await asyncio.sleep(3 * BURST_SECONDS)
    assert len(applied) == 2
