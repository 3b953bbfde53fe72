"""``routelink/report``: the SPEC's ``--format json`` object for the workspace as the
server sees it (the same :func:`routelink.ide.report.json_report` the CLI prints).
Waits for the first index."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from routelink.ide.report import json_report
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

METHOD = "routelink/report"


@safe(dict)
async def report(ls: RoutelinkServer, params: Any = None):
    """The JSON report (``{}`` when nothing could be indexed)."""
    if ls.index is None and ls.index_ready is not None:
        await ls.index_ready.wait()
    if ls.index is None:
        return {}
    return json_report(ls.index, ls.config, ls.roots, ls.index.last_update_seconds)


def register(server: RoutelinkServer) -> None:
    """The custom ``routelink/report`` request."""
    server.feature(METHOD)(report)
