"""Text and file synchronisation: ``didOpen``/``didChange``/``didSave``/``didClose`` of
documents the editor holds, and ``workspace/didChangeWatchedFiles`` for the disk. The
server debounces and applies them (:meth:`routelink.lsp.server.RoutelinkServer.schedule`,
:meth:`~routelink.lsp.server.RoutelinkServer.apply`); saving a settings file
(``routelink.toml``, ``pyproject.toml``: :mod:`routelink.index.config_files`) re-reads
the configuration."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.index.config_files import is_settings_file
from routelink.index.scan import is_source_candidate
from routelink.lsp.convert import uri_to_path
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

log = logging.getLogger(__name__)


@safe()
def did_open(ls: RoutelinkServer, params: types.DidOpenTextDocumentParams) -> None:
    """Index the opened document's text now; keep its tree for incremental parsing."""
    path = uri_to_path(params.text_document.uri)
    if path is not None and is_source_candidate(path):
        if ls.roots and not ls.in_roots(path):
            log.info("not indexing %s: outside the workspace folders", path)
            return
        ls.open_document(path)


@safe()
def did_change(ls: RoutelinkServer, params: types.DidChangeTextDocumentParams) -> None:
    """Re-index the document after the debounce delay (pygls applied the change)."""
    path = uri_to_path(params.text_document.uri)
    if path is not None and is_source_candidate(path):
        ls.schedule(path)


@safe()
def did_save(ls: RoutelinkServer, params: types.DidSaveTextDocumentParams) -> None:
    """A saved settings file re-reads the configuration; a source is re-indexed now."""
    path = uri_to_path(params.text_document.uri)
    if path is None:
        return
    if is_settings_file(path):
        ls.reload_config()
    elif is_source_candidate(path):
        ls.schedule(path, 0)


@safe()
def did_close(ls: RoutelinkServer, params: types.DidCloseTextDocumentParams) -> None:
    """The disk is the truth again for the closed document."""
    path = uri_to_path(params.text_document.uri)
    if path is not None and is_source_candidate(path):
        ls.close_document(path)


@safe()
def did_change_watched_files(ls: RoutelinkServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Files created, changed or deleted on disk, applied as one change."""
    events = []
    for change in params.changes:
        path = uri_to_path(change.uri)
        if path is not None:
            events.append((path, change.type == types.FileChangeType.Deleted))
    ls.on_disk_changes(events)


def register(server: RoutelinkServer) -> None:
    """Document and file synchronisation."""
    server.feature(types.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(types.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(types.TEXT_DOCUMENT_DID_SAVE)(did_save)
    server.feature(types.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)
