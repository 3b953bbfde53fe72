"""``workspace/symbol`` (every route, fuzzy-matched on ``"METHOD /path"``) and
``textDocument/documentSymbol`` (the routes and calls of a file)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.lsp.convert import lsp_location, lsp_range, uri_to_path
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

_KIND = {"route": types.SymbolKind.Method, "call": types.SymbolKind.Event}


@safe(list)
def workspace_symbol(ls: RoutelinkServer, params: types.WorkspaceSymbolParams):
    """The routes matching the query."""
    snapshot = ls.snapshot()
    if snapshot is None:
        return []
    return [types.WorkspaceSymbol(name=s.name, kind=types.SymbolKind.Method,
                                  location=lsp_location(s.location), container_name=s.container)
            for s in snapshot.workspace_symbols(params.query or "")]


@safe(list)
def document_symbol(ls: RoutelinkServer, params: types.DocumentSymbolParams):
    """The file's routes (Method) and calls (Event), in order of position."""
    snapshot = ls.snapshot()
    path = uri_to_path(params.text_document.uri)
    if snapshot is None or path is None:
        return []
    return [types.DocumentSymbol(name=s.name, kind=_KIND[s.kind], range=lsp_range(s.span),
                                 selection_range=lsp_range(s.selection_span), detail=s.detail)
            for s in snapshot.document_symbols(path)]


def register(server: RoutelinkServer) -> None:
    """Workspace and document symbols."""
    server.feature(types.WORKSPACE_SYMBOL)(workspace_symbol)
    server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)(document_symbol)
