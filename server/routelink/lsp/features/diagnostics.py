"""Diagnostics: ide :class:`~routelink.ide.report.Diagnostic`\\s as LSP diagnostics, and
the pull handlers (``textDocument/diagnostic``, ``workspace/diagnostic``).

Pushing (``textDocument/publishDiagnostics``) and the choice between push and pull are
the server's (:meth:`routelink.lsp.server.RoutelinkServer.publish`); both send what
:func:`lsp_diagnostics` converts.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from lsprotocol import types
from lsprotocol.converters import get_converter

from routelink.ide.report import Diagnostic
from routelink.ide.snapshot import Snapshot
from routelink.lsp.convert import (DOCS_URL, SEVERITY, lsp_location, lsp_range, path_to_uri,
                                   uri_to_path)
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

_CONVERTER = get_converter()


def lsp_diagnostic(snapshot: Snapshot, d: Diagnostic) -> types.Diagnostic:
    """One diagnostic as LSP: code, ``source`` routelink, a link to the code's docs,
    related information (the first ten), the Unnecessary tag on ``unused-route``, and
    the quick fix in ``data`` (``{"fix": [[line, col, end_line, end_col], text, title]}``)."""
    related = [types.DiagnosticRelatedInformation(lsp_location(r.location), r.message)
               for r in snapshot.related(d)]
    fix = None
    if d.fix is not None:
        span = d.fix[0]
        fix = {"fix": [[span.line, span.column, span.end_line, span.end_column], d.fix[1], d.fix[2]]}
    return types.Diagnostic(
        range=lsp_range(d.span), message=d.message, severity=SEVERITY[d.severity],
        code=d.code, source="routelink",
        code_description=types.CodeDescription(href=DOCS_URL.format(code=d.code)),
        related_information=related or None,
        tags=[types.DiagnosticTag.Unnecessary] if d.code in ("unused-route", "unused-ignore") else None,
        data=fix,
    )


def lsp_diagnostics(snapshot: Snapshot, path: str) -> list[types.Diagnostic]:
    """The diagnostics of one file as LSP."""
    return [lsp_diagnostic(snapshot, d) for d in snapshot.diagnostics_in(path)]


def result_id(items: list[types.Diagnostic]) -> str:
    """A digest of the diagnostics as sent (messages, ranges, related locations), so
    equal ids mean equal reports, also across server restarts."""
    data = json.dumps(_CONVERTER.unstructure(items), sort_keys=True)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


@safe(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
async def document_diagnostic(ls: RoutelinkServer, params: types.DocumentDiagnosticParams):
    """``textDocument/diagnostic``: one file's report, or "unchanged" when the client
    already has it (same result id)."""
    path = uri_to_path(params.text_document.uri)
    stored = ls.stored_diagnostics(path) if path is not None else None
    if stored is not None:  # the last session's, while the index is built
        return _report_of(diagnostics_from_json(stored), params.previous_result_id)
    partial = ls.partial_diagnostics(path) if path is not None else None
    if partial is not None:  # what a batched cold index shows before it is complete
        return _report_of(partial, params.previous_result_id)
    if ls.index is None and ls.index_ready is not None:
        await ls.index_ready.wait()
    snapshot = ls.snapshot()
    if snapshot is None or path is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    return _report_of(lsp_diagnostics(snapshot, path), params.previous_result_id)


def _report_of(items: list[types.Diagnostic], previous: str | None):
    rid = result_id(items)
    if previous == rid:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=rid)
    return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=rid)


def diagnostics_json(items: list[types.Diagnostic]) -> list:
    """LSP diagnostics as JSON data (what the results cache keeps of a session)."""
    return _CONVERTER.unstructure(items)


def diagnostics_from_json(data: list) -> list[types.Diagnostic]:
    """:func:`diagnostics_json` back to LSP diagnostics; raises on anything else."""
    return _CONVERTER.structure(data, list[types.Diagnostic])




@safe(lambda: types.WorkspaceDiagnosticReport(items=[]))
async def workspace_diagnostic(ls: RoutelinkServer, params: types.WorkspaceDiagnosticParams):
    """``workspace/diagnostic``: every file with diagnostics, and every file the client
    had a report for (now possibly empty); unchanged ones as "unchanged"."""
    previous = {p.uri: p.value for p in params.previous_result_ids}
    stored = ls._stored if ls.index is None else None
    if stored is not None:  # the last session's, while the index is built
        def diagnostics_of(path: str) -> list[types.Diagnostic] | None:
            got = ls.stored_diagnostics(path)
            return None if got is None else diagnostics_from_json(got)

        paths = set(stored)
    elif ls.index is None and ls._partial is not None and ls.refreshes_pulls:
        # what a batched cold index shows before it is complete (only to a client that
        # will be asked to pull again: another waits for the complete index)
        diagnostics_of = ls.partial_diagnostics
        paths = set(ls._partial)
    else:
        if ls.index is None and ls.index_ready is not None:
            await ls.index_ready.wait()
        snapshot = ls.snapshot()
        if snapshot is None:
            return types.WorkspaceDiagnosticReport(items=[])

        def diagnostics_of(path: str) -> list[types.Diagnostic] | None:
            return lsp_diagnostics(snapshot, path)

        paths = set(snapshot.diagnostics_by_file)
    items: list = []
    paths |= {uri_to_path(u) for u in previous if uri_to_path(u)}
    for path in sorted(paths):
        uri = path_to_uri(path)
        diags = diagnostics_of(path)
        if diags is None:
            continue  # edited since the last session: reported once the index is ready
        rid = result_id(diags)
        version = ls.indexed_version(path)
        if previous.get(uri) == rid:
            items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(
                uri=uri, version=version, result_id=rid))
        else:
            items.append(types.WorkspaceFullDocumentDiagnosticReport(
                uri=uri, version=version, items=diags, result_id=rid))
    return types.WorkspaceDiagnosticReport(items=items)


def register(server: RoutelinkServer) -> None:
    """Pull diagnostics (the server decides at ``initialize`` whether it pushes)."""
    server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                   types.DiagnosticOptions(identifier="routelink", inter_file_dependencies=True,
                                           workspace_diagnostics=True))(document_diagnostic)
    server.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostic)
