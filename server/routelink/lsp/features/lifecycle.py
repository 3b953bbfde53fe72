"""Life cycle and settings: ``initialize`` (roots, settings, push or pull),
``initialized`` (configuration, file watching, indexing), ``shutdown``, ``exit``,
``workspace/didChangeWorkspaceFolders`` and ``workspace/didChangeConfiguration``.

File watching is registered dynamically with the globs of
:data:`routelink.index.config_files.WATCH_GLOB` and, for the files of a frontend's public
folder of any type, :data:`~routelink.index.config_files.PUBLIC_WATCH_GLOB`; a client that cannot watch files gets a
watchdog observer in the server instead. The server also exits when the editor process
that started it (``processId``) is gone.
"""

from __future__ import annotations

import asyncio
import logging
import os
import posixpath
import sys
from typing import TYPE_CHECKING

from lsprotocol import types

from routelink.index.config_files import PUBLIC_WATCH_GLOB, WATCH_GLOB
from routelink.lsp.convert import uri_to_path
from routelink.lsp.guard import safe

if TYPE_CHECKING:
    from routelink.lsp.server import RoutelinkServer

log = logging.getLogger(__name__)

#: the section of ``workspace/configuration`` and ``initializationOptions`` routelink reads
SECTION = "routelink"


@safe()
def initialize(ls: RoutelinkServer, params: types.InitializeParams) -> None:
    """Record the roots (workspace folders, else rootUri, else rootPath), the client's
    settings and whether it pulls diagnostics."""
    roots: list[str] = []
    for folder in params.workspace_folders or []:
        p = uri_to_path(folder.uri)
        if p:
            roots.append(p.rstrip("/") or "/")
    if not roots and params.root_uri:
        p = uri_to_path(params.root_uri)
        if p:
            roots.append(p.rstrip("/") or "/")
    if not roots and params.root_path:
        roots.append(params.root_path.rstrip("/"))
    ls.roots = [posixpath.normpath(r) for r in roots]
    opts = params.initialization_options
    if isinstance(opts, dict):
        settings = opts.get(SECTION, opts)
        ls.client_settings = settings if isinstance(settings, dict) else {}
    td = params.capabilities.text_document
    ls.pull_diagnostics = td is not None and td.diagnostic is not None
    ls.index_ready = asyncio.Event()


async def _client_configuration(ls: RoutelinkServer, timeout: float | None) -> dict | None:
    """The ``routelink`` section from ``workspace/configuration``, None if unavailable."""
    request = ls.workspace_configuration_async(
        types.ConfigurationParams([types.ConfigurationItem(section=SECTION)]))
    result = await (asyncio.wait_for(request, timeout) if timeout else request)
    return result[0] if result and isinstance(result[0], dict) else None


@safe()
async def initialized(ls: RoutelinkServer, params: types.InitializedParams) -> None:
    """Read the configuration, watch files, and index the workspace in the background."""
    caps = ls.client_capabilities
    if caps.workspace is not None and caps.workspace.configuration:
        try:
            settings = await _client_configuration(ls, 5)
            if settings is not None:
                ls.client_settings = {**ls.client_settings, **settings}
        except Exception:  # noqa: BLE001
            log.info("workspace/configuration unavailable")
    ls.config = ls.resolve_config()
    watched = caps.workspace.did_change_watched_files if caps.workspace else None
    registered = False
    if watched is not None and watched.dynamic_registration:
        try:
            await asyncio.wait_for(ls.client_register_capability_async(types.RegistrationParams([
                types.Registration(
                    id="routelink-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=WATCH_GLOB),
                                  types.FileSystemWatcher(glob_pattern=PUBLIC_WATCH_GLOB),
                                  types.FileSystemWatcher(glob_pattern="**/.gitignore")]))])), 5)
            registered = True
        except Exception:  # noqa: BLE001
            log.info("dynamic registration of file watching failed; using watchdog")
    if not registered:
        ls.start_watchdog()
    if ls.process_id:
        ls.run_task(exit_when_client_dies(ls.process_id))
    ls.run_task(ls.index_workspace())


@safe()
def shutdown(ls: RoutelinkServer, params: None) -> None:
    """Stop watching; ``exit`` follows."""
    ls.stop_watching()


def exit_(ls: RoutelinkServer, params: None) -> None:
    """End the process now: status 0 after ``shutdown``, else 1 (as the spec asks).

    pygls would sys.exit() and then wait for its stdin reader thread, which only
    returns when the client closes our stdin: clients that wait for the process to
    end first (eglot) had to kill it. Never fails, so it needs no guard."""
    try:
        ls.stop_watching()
    except Exception:  # noqa: BLE001
        log.exception("error stopping the file watcher")
    code = 0 if getattr(ls.protocol, "_shutdown", False) else 1
    log.info("exit (status %d)", code)
    logging.shutdown()
    try:
        sys.stdout.flush()
    finally:
        os._exit(code)


@safe()
def did_change_workspace_folders(ls: RoutelinkServer,
                                 params: types.DidChangeWorkspaceFoldersParams) -> None:
    """Folders removed or added: re-read the configuration and re-index."""
    roots = list(ls.roots)
    for folder in params.event.removed or []:
        p = uri_to_path(folder.uri)
        if p and posixpath.normpath(p) in roots:
            roots.remove(posixpath.normpath(p))
    for folder in params.event.added or []:
        p = uri_to_path(folder.uri)
        if p and posixpath.normpath(p) not in roots:
            roots.append(posixpath.normpath(p))
    if roots != ls.roots:
        ls.change_roots(roots)


@safe()
async def did_change_configuration(ls: RoutelinkServer,
                                   params: types.DidChangeConfigurationParams) -> None:
    """New settings (sent, or asked for with ``workspace/configuration``): re-check."""
    settings = params.settings
    if isinstance(settings, dict) and isinstance(settings.get(SECTION), dict):
        ls.client_settings = settings[SECTION]
    elif ls.client_capabilities.workspace and ls.client_capabilities.workspace.configuration:
        try:
            pulled = await _client_configuration(ls, None)
            if pulled is not None:
                ls.client_settings = pulled
        except Exception:  # noqa: BLE001
            pass
    if ls.index is not None:
        ls.reload_config()


async def exit_when_client_dies(pid: int) -> None:
    """Exit when the editor process that started us is gone (``processId`` of
    ``initialize``): a client killed without closing our stdin must not leave an
    orphaned server behind. Checked every 5 s (``ROUTELINK_CLIENT_CHECK_SECONDS``)."""
    interval = float(os.environ.get("ROUTELINK_CLIENT_CHECK_SECONDS", "5"))
    while True:
        await asyncio.sleep(interval)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            log.warning("client process %d is gone: exiting", pid)
            logging.shutdown()
            os._exit(1)
        except PermissionError:
            pass  # exists, owned by another user


def register(server: RoutelinkServer) -> None:
    """Life cycle, workspace folders and configuration."""
    server.feature(types.INITIALIZE)(initialize)
    server.feature(types.INITIALIZED)(initialized)
    server.feature(types.SHUTDOWN)(shutdown)
    server.feature(types.EXIT)(exit_)
    server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(did_change_workspace_folders)
    server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)

