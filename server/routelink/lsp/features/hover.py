"""``textDocument/hover``: what routelink knows about the call or route under the
cursor, as Markdown (:meth:`routelink.ide.snapshot.Snapshot.hover`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.lsp.convert import lsp_range, uri_to_path
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer


@safe()
def hover(ls: RoutelinkServer, params: types.HoverParams):
    """The hover of the position, or null."""
    snapshot = ls.snapshot()
    path = uri_to_path(params.text_document.uri)
    if snapshot is None or path is None:
        return None
    found = snapshot.hover(path, params.position.line, params.position.character)
    if found is None:
        return None
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, found.markdown),
                       lsp_range(found.span) if found.span else None)


def register(server: RoutelinkServer) -> None:
    """Hover."""
    server.feature(types.TEXT_DOCUMENT_HOVER)(hover)
