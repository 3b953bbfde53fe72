"""``textDocument/documentLink``: a linked call's URL argument links to its handler
(``file:///...#L<line>``, the handler's first line, 1-based), with a tooltip when the
client shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.lsp.convert import lsp_range, path_to_uri, uri_to_path
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer


@safe(list)
def document_link(ls: RoutelinkServer, params: types.DocumentLinkParams):
    """The file's document links."""
    snapshot = ls.snapshot()
    path = uri_to_path(params.text_document.uri)
    if snapshot is None or path is None:
        return []
    td = ls.client_capabilities.text_document
    tooltips = bool(td and td.document_link and td.document_link.tooltip_support)
    return [types.DocumentLink(
        range=lsp_range(link.span),
        target=f"{path_to_uri(link.target.file)}#L{link.target.span.line + 1}",
        tooltip=link.tooltip if tooltips else None) for link in snapshot.document_links(path)]


def register(server: RoutelinkServer) -> None:
    """Document links (resolved when listed)."""
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK,
                   types.DocumentLinkOptions(resolve_provider=False))(document_link)
