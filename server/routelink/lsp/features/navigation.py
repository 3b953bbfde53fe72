"""Navigation: ``textDocument/definition`` (a call -> the handlers of the routes it
reaches), ``textDocument/references`` (a route declaration or handler -> the calls
that reach it) and the two commands lenses and code actions run, "Go to handler" and
"Show N callers", which open their first target with ``window/showDocument`` and
return every location (``[{"uri", "range"}]``).

Command arguments: ``[uri, {"line", "character"}]``, plus for "Show N callers" an
optional ``{"start", "end"}`` range of the route declaration (a lens is on a
declaration; the cursor may be anywhere in it).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from routelink.facts import Span
from routelink.ide import snapshot as ide
from routelink.ide.snapshot import Location
from routelink.lsp.convert import location_json, lsp_location, range_json, uri_to_path
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

log = logging.getLogger(__name__)

GO_TO_HANDLER = "routelink.server.goToHandler"
SHOW_CALLERS = "routelink.server.showCallers"

#: ide action kinds -> command ids
COMMANDS = {ide.GO_TO_HANDLER: GO_TO_HANDLER, ide.SHOW_CALLERS: SHOW_CALLERS}


def command_arguments(uri: str, line: int, character: int, declaration: Span | None = None) -> list:
    """The arguments of both commands: the document, the position and, for "Show N
    callers", the route declaration's range."""
    args: list[Any] = [uri, {"line": line, "character": character}]
    if declaration is not None:
        args.append(range_json(declaration))
    return args


def _arguments(args: tuple) -> tuple:
    # some clients send the arguments as one list
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        return tuple(args[0])
    return args


def command_position(args: tuple) -> tuple[str | None, tuple[int, int]]:
    """(uri, (line, character)) of a command's arguments; the position may be a JSON
    object or a structured ``Position``."""
    args = _arguments(args)
    uri = args[0] if args and isinstance(args[0], str) else None
    pos = args[1] if len(args) > 1 else {}
    if isinstance(pos, dict):
        return uri, (int(pos.get("line", 0)), int(pos.get("character", 0)))
    return uri, (int(getattr(pos, "line", 0)), int(getattr(pos, "character", 0)))


def command_span(args: tuple) -> Span | None:
    """The optional third command argument: the route declaration's range."""
    args = _arguments(args)
    rng = args[2] if len(args) > 2 else None
    try:
        return Span(int(rng["start"]["line"]), int(rng["start"]["character"]),
                    int(rng["end"]["line"]), int(rng["end"]["character"]))
    except (TypeError, KeyError, ValueError):
        return None


async def show(ls: RoutelinkServer, loc: Location) -> None:
    """Open ``loc`` in the editor (``window/showDocument``) when the client can."""
    window = ls.client_capabilities.window
    if window is None or window.show_document is None or not window.show_document.support:
        return
    target = lsp_location(loc)
    try:
        await asyncio.wait_for(ls.window_show_document_async(types.ShowDocumentParams(
            uri=target.uri, take_focus=True, selection=target.range)), 10)
    except Exception:  # noqa: BLE001
        log.info("window/showDocument failed", exc_info=True)


@safe()
def definition(ls: RoutelinkServer, params: types.DefinitionParams):
    """The handlers of the routes the call under the cursor reaches; null if none."""
    snapshot = ls.snapshot()
    path = uri_to_path(params.text_document.uri)
    if snapshot is None or path is None:
        return None
    pos = params.position
    return [lsp_location(loc) for loc in snapshot.definition(path, pos.line, pos.character)] or None


@safe()
def references(ls: RoutelinkServer, params: types.ReferenceParams):
    """The calls reaching the route declared (or handled) under the cursor; null if none."""
    snapshot = ls.snapshot()
    path = uri_to_path(params.text_document.uri)
    if snapshot is None or path is None:
        return None
    pos = params.position
    found = snapshot.references(path, pos.line, pos.character, params.context.include_declaration)
    return [lsp_location(loc) for loc in found] or None


# Commands take ``ls`` unannotated: pygls resolves a command handler's type hints at run
# time, and RoutelinkServer is imported here for type checking only (import cycle).

@safe()
async def go_to_handler(ls, *args):
    """Open the handler of the call at the position; every handler location."""
    uri, pos = command_position(args)
    snapshot = ls.snapshot()
    path = uri_to_path(uri) if uri else None
    if snapshot is None or path is None:
        return None
    locations = snapshot.handlers_at(path, pos[0], pos[1])
    if locations:
        await show(ls, locations[0])
    return [location_json(loc) for loc in locations]


@safe()
async def show_callers(ls, *args):
    """Open the first caller of the route declared at the given range (or at the
    position); every caller's location."""
    uri, pos = command_position(args)
    snapshot = ls.snapshot()
    path = uri_to_path(uri) if uri else None
    if snapshot is None or path is None:
        return None
    locations = snapshot.callers_at(path, pos[0], pos[1], command_span(args))
    if locations:
        await show(ls, locations[0])
    return [location_json(loc) for loc in locations]


def register(server: RoutelinkServer) -> None:
    """Definition, references and the two commands."""
    server.feature(types.TEXT_DOCUMENT_DEFINITION)(definition)
    server.feature(types.TEXT_DOCUMENT_REFERENCES)(references)
    server.command(GO_TO_HANDLER)(go_to_handler)
    server.command(SHOW_CALLERS)(show_callers)
