"""``textDocument/codeLens`` and ``codeLens/resolve``: a lens on each route declaration
("N callers", runs "Show N callers") and on each call (the route it reaches, runs "Go
to handler"). Lenses are listed without a command and resolved one by one; ``data``
carries what the resolve needs to find the declaration or call again:

- route: ``{"kind": "route", "uri", "line", "character", "end_line", "end_character",
  "path", "method", "label"}`` (the declaration's range; ``label`` names the methods
  when several declarations start on one line);
- call: ``{"kind": "call", "uri", "line", "character", "path", "method"}``.

The ``codeLens.enable`` setting (false) turns lenses off.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.facts import Span
from routelink.ide.snapshot import CodeLensItem, Snapshot
from routelink.lsp.convert import lsp_range, uri_to_path
from routelink.lsp.features.navigation import COMMANDS, command_arguments
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

log = logging.getLogger(__name__)


def _data(uri: str, item: CodeLensItem) -> dict:
    span = item.span
    if item.kind == "route":
        return {"kind": "route", "uri": uri, "line": span.line, "character": span.column,
                "end_line": span.end_line, "end_character": span.end_column,
                "path": item.path, "method": item.method, "label": item.label}
    return {"kind": "call", "uri": uri, "line": span.line, "character": span.column,
            "path": item.path, "method": item.method}


@safe(list)
def code_lens(ls: RoutelinkServer, params: types.CodeLensParams):
    """The file's lenses, unresolved (no command)."""
    snapshot = ls.snapshot()
    uri = params.text_document.uri
    path = uri_to_path(uri)
    if snapshot is None or path is None or not ls.code_lens_enabled:
        return []
    return [types.CodeLens(range=lsp_range(item.span), data=_data(uri, item))
            for item in snapshot.code_lenses(path)]


def code_lens_resolve(ls: RoutelinkServer, lens: types.CodeLens):
    """The lens with its title and command. A resolve must answer a CodeLens, never
    null: on error, a lens that says so (this is this handler's guard)."""
    try:
        return _resolve(ls.snapshot(), lens)
    except Exception:  # noqa: BLE001
        log.exception("error in code_lens_resolve")
        lens.command = types.Command(title="routelink: error (see the server log)", command="")
        return lens


def _resolve(snapshot: Snapshot | None, lens: types.CodeLens) -> types.CodeLens:
    data = lens.data if isinstance(lens.data, dict) else {}
    path = uri_to_path(data.get("uri", ""))
    if snapshot is None or path is None:
        lens.command = types.Command(title="routelink: not indexed yet", command="")
        return lens
    line, ch = data.get("line", 0), data.get("character", 0)
    if data.get("kind") == "route":
        declaration = Span(line, ch, data.get("end_line"), data.get("end_character"))
        found = snapshot.route_lens(path, declaration, data.get("label") or "")
        args = command_arguments(data["uri"], line, ch, declaration)
    else:
        found = snapshot.call_lens(path, line, ch, data.get("path", ""), data.get("method", "ANY"))
        args = command_arguments(data["uri"], line, ch)
    if found.action is None:
        lens.command = types.Command(title=found.title, command="")
    else:
        lens.command = types.Command(title=found.title, command=COMMANDS[found.action],
                                     arguments=args)
    return lens


def register(server: RoutelinkServer) -> None:
    """Code lens with lazy resolve."""
    server.feature(types.TEXT_DOCUMENT_CODE_LENS,
                   types.CodeLensOptions(resolve_provider=True))(code_lens)
    server.feature(types.CODE_LENS_RESOLVE)(code_lens_resolve)
