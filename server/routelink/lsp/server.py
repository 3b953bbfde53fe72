"""The routelink language server (pygls 2, stdio).

Life cycle: ``initialize`` records the roots (workspace folders), the client's
capabilities and its settings; ``initialized`` reads the configuration (an invalid
``routelink.toml`` is reported with ``window/showMessage`` and the previous valid
configuration, at first the defaults, stays in force), registers file watching
(dynamically, or a watchdog observer when the client cannot) and indexes the workspace
in a worker thread with work-done progress. From then on every change (didOpen,
didChange with incremental sync, didSave, didClose, watched files, a changed set of
workspace folders) goes to :meth:`RoutelinkServer.apply`, which updates the incremental
index and publishes the diagnostics of every file whose findings changed, open or not
(push), or asks the client to pull again (``workspace/diagnostic/refresh``) when it
declared pull diagnostics (``textDocument.diagnostic``). Never both. Edits are debounced
per document; a burst of disk events is applied as one change. ``routelink/status`` is
sent after each publish (a client that sees ``ready`` has every diagnostic).

Requests (definition, references, hover, code lens, code actions, commands, symbols,
links, ``routelink/report``) read a :class:`View`: the analysis of one index generation
with per-file lookups, computed once per generation. The commands "Go to handler" and
"Show N callers" open their target with ``window/showDocument`` and return every
location.

Architecture Invariant: this package is the only one that imports pygls or lsprotocol.
Every handler is wrapped so that an exception is logged and answered with an empty
result; the server keeps serving. ``exit`` ends the process at once.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import os
import posixpath
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.lsp.server import LanguageServer

from routelink import __version__
from routelink.link.findings import Analysis
from routelink.config import Config, ConfigError, find_config_file, load_config
from routelink.extract import OpenTrees
from routelink.index import WorkspaceIndex, index_workspace
from routelink.index.config_files import WATCH_GLOB, is_settings_file, is_watched_config
from routelink.lsp.convert import DOCS_URL, SEVERITY, contains, lsp_range, path_to_uri, uri_to_path
from routelink.ide.report import Diagnostic, diagnostics, json_report, relative
from routelink.resolve.routes import ResolvedRoute
from routelink.index.scan import IgnoreRules, is_skipped_dir, is_source_candidate, read_bytes

log = logging.getLogger(__name__)

_CONVERTER = get_converter()

DEBOUNCE_SECONDS = 0.2
WATCHDOG_COALESCE_SECONDS = 0.1
GO_TO_HANDLER = "routelink.server.goToHandler"
SHOW_CALLERS = "routelink.server.showCallers"


@dataclass
class View:
    """The analysis of one index generation, with lookups by file."""

    analysis: Analysis
    diagnostics: list[Diagnostic]
    calls_by_file: dict[str, list[int]] = field(default_factory=dict)
    routes_by_file: dict[str, list[int]] = field(default_factory=dict)
    diags_by_file: dict[str, list[Diagnostic]] = field(default_factory=dict)
    #: routes whose handler is defined in that file but declared in another
    handlers_by_file: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, analysis: Analysis, diags: list[Diagnostic]) -> "View":
        view = cls(analysis, diags)
        for i, c in enumerate(analysis.calls):
            view.calls_by_file.setdefault(c.file, []).append(i)
        for i, r in enumerate(analysis.routes):
            view.routes_by_file.setdefault(r.file, []).append(i)
            if r.handler_file is not None:
                view.handlers_by_file.setdefault(r.handler_file, []).append(i)
        for d in diags:
            view.diags_by_file.setdefault(d.file, []).append(d)
        return view

    def call_at(self, path: str, line: int, character: int) -> list[int]:
        """Calls whose expression contains the position, innermost first."""
        hits = [i for i in self.calls_by_file.get(path, [])
                if contains(self.analysis.calls[i].span, line, character)]
        hits.sort(key=lambda i: _span_size(self.analysis.calls[i].span))
        if hits:
            first = self.analysis.calls[hits[0]].span
            hits = [i for i in hits if self.analysis.calls[i].span == first]
        return hits

    def routes_with_span(self, path: str, span: tuple) -> list[int]:
        """Routes declared exactly at ``span`` (line, column, end_line, end_column)."""
        return [i for i in self.routes_by_file.get(path, [])
                if _span_tuple(self.analysis.routes[i].span) == tuple(span)]

    def callers_of(self, routes: list[int]) -> list[int]:
        """The calls that reach any of ``routes``, each once, in the order of the index."""
        return sorted({c for ri in routes for c in self.analysis.callers.get(ri, [])},
                      key=lambda c: (self.analysis.calls[c].file, self.analysis.calls[c].span.line,
                                     self.analysis.calls[c].span.column))

    def route_at(self, path: str, line: int, character: int) -> list[int]:
        """Routes declared at the position, innermost declaration first; else the
        routes whose handler (a function declared elsewhere in the file) contains it,
        all of them: one function may handle several routes."""
        routes = self.analysis.routes
        ids = self.routes_by_file.get(path, [])
        out = [i for i in ids if contains(routes[i].span, line, character)]
        if out:
            smallest = min(_span_size(routes[i].span) for i in out)
            return [i for i in out if _span_size(routes[i].span) == smallest]
        local = [i for i in ids if routes[i].handler_span is not None and routes[i].handler_file is None
                 and contains(routes[i].handler_span, line, character)]
        if local:
            return local
        # a controller function handling routes declared in a router module
        return [i for i in self.handlers_by_file.get(path, [])
                if contains(routes[i].handler_span, line, character)]


def _span_size(span) -> tuple[int, int]:
    return (span.end_line - span.line, span.end_column - span.column)


def _safe(default: Any = None) -> Callable:
    """Log an exception in a handler and answer ``default`` instead of failing."""

    def wrap(fn: Callable) -> Callable:
        if asyncio.iscoroutinefunction(fn):
            @functools.wraps(fn)
            async def async_wrapper(*args, **kwargs):
                try:
                    return await fn(*args, **kwargs)
                except Exception:  # noqa: BLE001
                    log.exception("error in %s", fn.__name__)
                    return default() if callable(default) else default
            return async_wrapper

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except Exception:  # noqa: BLE001
                log.exception("error in %s", fn.__name__)
                return default() if callable(default) else default
        return wrapper

    return wrap


class RoutelinkServer(LanguageServer):
    """pygls server owning the workspace index, the configuration and the views."""

    def __init__(self) -> None:
        super().__init__("routelink", __version__)
        self.index: WorkspaceIndex | None = None
        self.roots: list[str] = []
        self.client_settings: dict = {}
        self.config = Config()
        self.config_error: str | None = None
        self.trees = OpenTrees()
        self.pull_diagnostics = False
        self.code_lens_enabled = True
        self._view: tuple[tuple, View] | None = None
        self._pending: dict[str, asyncio.Task] = {}
        self._queued: dict[str, bytes | None] = {}
        self._published: dict[str, tuple] = {}
        self._observer = None
        self._disk_events: dict[str, bool] = {}
        self._indexed_versions: dict[str, int] = {}
        self._disk_flush: asyncio.TimerHandle | None = None
        self._ignore_rules: list[IgnoreRules] = []
        self._tasks: set[asyncio.Task] = set()
        self._config_version = 0
        self.indexing = False
        self.index_ready: asyncio.Event | None = None

    # ------------------------------------------------------------------ tasks

    def run_task(self, coro) -> asyncio.Task:
        """Start a task, keep a reference until it finishes, log its exception."""
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def done(t: asyncio.Task) -> None:
            self._tasks.discard(t)
            if not t.cancelled() and t.exception() is not None:
                log.error("task failed", exc_info=t.exception())

        task.add_done_callback(done)
        return task

    # ------------------------------------------------------------------ configuration

    def resolve_config(self) -> Config:
        """Defaults < client settings < the first root's routelink.toml / pyproject."""
        self.config_error = None
        cfg = Config()
        settings = {k: v for k, v in (self.client_settings or {}).items()
                    if k in ("exclude", "severity", "maxFileSizeKb", "max_file_size_kb",
                             "includeTests", "include_tests")}
        if "maxFileSizeKb" in settings:
            settings["max_file_size_kb"] = settings.pop("maxFileSizeKb")
        if "includeTests" in settings:
            settings["include_tests"] = settings.pop("includeTests")
        try:
            cfg = cfg.merged(settings, "editor settings")
        except ConfigError as exc:
            self.config_error = str(exc)
        lens = (self.client_settings or {}).get("codeLens")
        self.code_lens_enabled = not (isinstance(lens, dict) and lens.get("enable") is False)
        if self.roots:
            found = find_config_file(self.roots[0])
            if found:
                try:
                    cfg = load_config(found, cfg)
                except ConfigError as exc:
                    self.config_error = str(exc)
        if self.config_error:
            self.window_show_message(types.ShowMessageParams(
                types.MessageType.Error,
                f"routelink: {self.config_error} (using the previous valid configuration)"))
            log.error("configuration error: %s", self.config_error)
            return self.config
        return cfg

    # ------------------------------------------------------------------ indexing

    async def index_workspace(self) -> None:
        """Index every root in a worker thread, reporting work-done progress."""
        self.indexing = True
        self.notify_status()
        token = f"routelink-index-{time.time_ns()}"
        progress = False
        caps = self.client_capabilities
        if caps.window is not None and caps.window.work_done_progress:
            try:
                await asyncio.wait_for(self.work_done_progress.create_async(token), 5)
                self.work_done_progress.begin(token, types.WorkDoneProgressBegin(
                    title="routelink: indexing", percentage=0, cancellable=False))
                progress = True
            except Exception:  # noqa: BLE001 - progress is optional
                log.info("client refused work-done progress")
        loop = asyncio.get_running_loop()
        last = [0.0]

        def report(done: int, total: int) -> None:
            now = time.monotonic()
            if not progress or (now - last[0] < 0.2 and done < total):
                return
            last[0] = now
            pct = int(done * 100 / total) if total else 100
            loop.call_soon_threadsafe(self.work_done_progress.report, token,
                                      types.WorkDoneProgressReport(message=f"{done}/{total} files",
                                                                   percentage=pct))

        started = time.perf_counter()
        config = self.config
        try:
            index = await asyncio.to_thread(
                index_workspace, self.roots, config.scan_excludes(),
                config.max_file_size_kb * 1024, report)
        except Exception as exc:  # noqa: BLE001 - serve the open documents at least
            log.exception("indexing the workspace failed")
            self.window_show_message(types.ShowMessageParams(
                types.MessageType.Error,
                f"routelink: indexing the workspace failed ({exc}); see the server log"))
            index = WorkspaceIndex(roots=list(self.roots))
        index.trees = self.trees
        self._ignore_rules = [IgnoreRules(r, config.scan_excludes()) for r in self.roots]
        self.index = index
        # open documents: the editor's text wins over the disk
        queued = dict(self._queued)
        self._queued.clear()
        for doc_uri in list(self.workspace.text_documents):
            path = uri_to_path(doc_uri)
            if path is not None:
                self.trees.open(path)
                doc = self.workspace.get_text_document(doc_uri)
                queued[path] = doc.source.encode("utf-8")
                self._indexed_versions[path] = doc.version
        if queued:
            index.apply_changes(queued)
        self.indexing = False
        seconds = time.perf_counter() - started
        log.info("indexed %d files in %.2fs", len(index.files), seconds)
        if progress:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(
                message=f"{len(index.files)} files, {len(index.routes)} routes"))
        if self.index_ready is not None:
            self.index_ready.set()
        self.publish(all_files=True)

    def apply(self, changes: dict[str, bytes | None]) -> None:
        """Apply file changes to the index and publish what changed."""
        if self.index is None:
            self._queued.update(changes)
            return
        config_touched = False
        for path in list(changes):
            if is_settings_file(path):
                config_touched = True
                changes.pop(path)
        if config_touched:
            self.reload_config()
        if not changes:
            return
        self.index.apply_changes(changes)
        self.publish()

    def reload_config(self) -> None:
        """Re-read settings and the config file; re-index when the file set changed."""
        old = self.config
        self.config = self.resolve_config()
        self._config_version += 1
        if (old.scan_excludes(), old.max_file_size_kb) != (
                self.config.scan_excludes(), self.config.max_file_size_kb):
            self.run_task(self.index_workspace())
        else:
            self.publish(all_files=True)

    # ------------------------------------------------------------------ views

    def view(self) -> View | None:
        """The analysis of the current index generation (cached)."""
        if self.index is None:
            return None
        key = (id(self.index), self.index.generation, self._config_version)
        if self._view is not None and self._view[0] == key:
            return self._view[1]
        analysis = self.index.analysis()
        view = View.build(analysis, diagnostics(self.index, self.config, analysis))
        self._view = (key, view)
        return view

    def lsp_diagnostics(self, view: View, path: str) -> list[types.Diagnostic]:
        out = []
        for d in view.diags_by_file.get(path, []):
            related = []
            for kind, i in d.related[:10]:
                if kind == "route":
                    r = view.analysis.routes[i]
                    related.append(types.DiagnosticRelatedInformation(
                        types.Location(path_to_uri(r.file), lsp_range(r.span)),
                        f"{r.method} {r.path}" + (f" ({r.handler})" if r.handler else "")))
                else:
                    c = view.analysis.calls[i]
                    related.append(types.DiagnosticRelatedInformation(
                        types.Location(path_to_uri(c.file), lsp_range(c.span)),
                        f"{c.method or 'ANY'} {c.path}"))
            out.append(types.Diagnostic(
                range=lsp_range(d.span), message=d.message, severity=SEVERITY[d.severity],
                code=d.code, source="routelink",
                code_description=types.CodeDescription(href=DOCS_URL.format(code=d.code)),
                related_information=related or None,
                tags=[types.DiagnosticTag.Unnecessary] if d.code == "unused-route" else None,
                data={"fix": [list(_span_tuple(d.fix[0])), d.fix[1], d.fix[2]]} if d.fix else None,
            ))
        return out

    def publish(self, all_files: bool = False) -> None:
        """Send the diagnostics that changed (push) or ask the client to pull (pull)."""
        view = self.view()
        if view is None:
            return
        if self.pull_diagnostics:
            caps = self.client_capabilities.workspace
            if caps is not None and caps.diagnostics is not None and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            self._refresh_code_lens()
            self.notify_status()
            return
        current = {p: tuple(ds) for p, ds in view.diags_by_file.items()}
        for path in sorted(set(current) | set(self._published)):
            key = current.get(path, ())
            if not all_files and self._published.get(path) == key:
                continue
            if self._published.get(path) == key and not key:
                continue
            uri = path_to_uri(path)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=self.lsp_diagnostics(view, path),
                version=self.indexed_version(path)))
            if key:
                self._published[path] = key
            else:
                self._published.pop(path, None)
        self._refresh_code_lens()
        # after the diagnostics: a client that sees "ready" has them all
        self.notify_status()

    def indexed_version(self, path: str) -> int | None:
        """The version of an open document whose text the index holds (None when the
        index holds the file on disk): diagnostics are about that text."""
        if path_to_uri(path) not in self.workspace.text_documents:
            return None
        return self._indexed_versions.get(path)

    def _refresh_code_lens(self) -> None:
        caps = self.client_capabilities.workspace
        if caps is not None and caps.code_lens is not None and caps.code_lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    def notify_status(self) -> None:
        """``routelink/status``: index state and counts, for status bars."""
        view = self.view() if self.index is not None and not self.indexing else None
        params = {"state": "indexing" if self.indexing or self.index is None else "ready"}
        if view is not None:
            params.update(files=len(self.index.files), routes=len(view.analysis.routes),
                          calls=len(view.analysis.calls), diagnostics=len(view.diagnostics))
        try:
            self.protocol.notify("routelink/status", params)
        except Exception:  # noqa: BLE001
            log.debug("status notification failed", exc_info=True)

    # ------------------------------------------------------------------ file events

    def schedule(self, path: str, delay: float = DEBOUNCE_SECONDS) -> None:
        """Re-index one open document after ``delay`` (debounced per file)."""
        pending = self._pending.pop(path, None)
        if pending is not None:
            pending.cancel()

        async def later() -> None:
            await asyncio.sleep(delay)
            self._pending.pop(path, None)
            doc = self.workspace.text_documents.get(path_to_uri(path))
            if doc is not None:
                self._indexed_versions[path] = doc.version
                data = doc.source.encode("utf-8")
            else:
                self._indexed_versions.pop(path, None)
                data = read_bytes(path)
            self.apply({path: data})

        self._pending[path] = self.run_task(later())

    def is_indexed_path(self, path: str) -> bool:
        """Whether a path on disk belongs to the workspace's indexed files."""
        if not any(path == r or path.startswith(r.rstrip("/") + "/") for r in self.roots):
            return False
        if is_watched_config(path):
            return True
        for rules in self._ignore_rules:
            if path.startswith(rules.root.rstrip("/") + "/"):
                if rules.under_skipped_dir(path) or rules.ignored(path):
                    return False
        return is_source_candidate(path)

    def on_disk_changes(self, events: list[tuple[str, bool]]) -> None:
        """Files changed on disk ((path, deleted) from a watcher): re-read them, unless
        the editor owns them, and apply them as one change (one publish)."""
        changes: dict[str, bytes | None] = {}
        for path, deleted in events:
            if not self.is_indexed_path(path):
                continue
            if not deleted and path_to_uri(path) in self.workspace.text_documents:
                continue  # the open buffer is the truth
            changes[path] = None if deleted else read_bytes(path)
        if changes:
            self.apply(changes)

    def on_disk_change(self, path: str, deleted: bool) -> None:
        """One file changed on disk."""
        self.on_disk_changes([(path, deleted)])

    def _queue_disk_event(self, path: str, deleted: bool) -> None:
        """From the watchdog thread (via the loop): coalesce a burst of events (a save
        is several) into one re-read per file shortly after."""
        self._disk_events[path] = deleted
        if self._disk_flush is None:
            self._disk_flush = asyncio.get_running_loop().call_later(
                WATCHDOG_COALESCE_SECONDS, self._flush_disk_events)

    def _flush_disk_events(self) -> None:
        self._disk_flush = None
        events, self._disk_events = self._disk_events, {}
        try:
            self.on_disk_changes(list(events.items()))
        except Exception:  # noqa: BLE001
            log.exception("error applying file changes")

    def start_watchdog(self) -> None:
        """Watch the roots with watchdog when the client cannot watch files for us."""
        try:
            from watchdog.events import (FileCreatedEvent, FileDeletedEvent, FileModifiedEvent,
                                         FileMovedEvent, FileSystemEventHandler)
            from watchdog.observers import Observer
        except ImportError:  # pragma: no cover
            return
        loop = asyncio.get_running_loop()
        server = self
        # Only changes of content. Never "opened"/"closed_no_write": re-reading a file
        # opens it, which would report another event, forever.
        kinds = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent]
        wanted = {"created", "deleted", "modified", "moved"}

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:  # noqa: D401
                if event.is_directory or event.event_type not in wanted:
                    return
                paths = [(event.src_path, event.event_type == "deleted" or event.event_type == "moved")]
                if getattr(event, "dest_path", None):
                    paths.append((event.dest_path, False))
                for p, deleted in paths:
                    p = os.fsdecode(p).replace(os.sep, "/")
                    rel_parts = p.split("/")
                    if any(is_skipped_dir(part) for part in rel_parts[:-1]):
                        continue
                    loop.call_soon_threadsafe(server._queue_disk_event, p,
                                              deleted or not os.path.exists(p))

        observer = Observer()
        for root in self.roots:
            if os.path.isdir(root):
                observer.schedule(Handler(), root, recursive=True, event_filter=kinds)
        observer.daemon = True
        observer.start()
        self._observer = observer
        log.info("watching %d roots with watchdog", len(self.roots))


def _span_tuple(span) -> tuple[int, int, int, int]:
    return (span.line, span.column, span.end_line, span.end_column)


def _handler_location(route: ResolvedRoute) -> types.Location:
    if route.handler_span is None:
        return types.Location(path_to_uri(route.file), lsp_range(route.span))
    return types.Location(path_to_uri(route.handler_file or route.file), lsp_range(route.handler_span))


def _describe_route(view: View, roots: list[str], i: int) -> str:
    r = view.analysis.routes[i]
    _, rel = relative(roots, r.file)
    return f"{r.method} {r.path} -> {rel}:{r.span.line + 1}"


def create_server() -> RoutelinkServer:
    """Build the server with every feature registered."""
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # pygls logs every JSON-RPC message at INFO: keep that for --log-level debug
        logging.getLogger("pygls").setLevel(logging.WARNING)
    server = RoutelinkServer()

    @server.feature(types.INITIALIZE)
    @_safe()
    def initialize(ls: RoutelinkServer, params: types.InitializeParams) -> None:
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
            ls.client_settings = opts.get("routelink", opts) if isinstance(opts.get("routelink", opts), dict) else {}
        td = params.capabilities.text_document
        ls.pull_diagnostics = td is not None and td.diagnostic is not None
        ls.index_ready = asyncio.Event()

    @server.feature(types.INITIALIZED)
    @_safe()
    async def initialized(ls: RoutelinkServer, params: types.InitializedParams) -> None:
        caps = ls.client_capabilities
        if caps.workspace is not None and caps.workspace.configuration:
            try:
                result = await asyncio.wait_for(ls.workspace_configuration_async(
                    types.ConfigurationParams([types.ConfigurationItem(section="routelink")])), 5)
                if result and isinstance(result[0], dict):
                    ls.client_settings = {**ls.client_settings, **result[0]}
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
                            watchers=[types.FileSystemWatcher(glob_pattern=WATCH_GLOB)]))])), 5)
                registered = True
            except Exception:  # noqa: BLE001
                log.info("dynamic registration of file watching failed; using watchdog")
        if not registered:
            ls.start_watchdog()
        if ls.process_id:
            ls.run_task(_exit_when_client_dies(ls.process_id))
        ls.run_task(ls.index_workspace())

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: RoutelinkServer, params: None) -> None:
        if ls._observer is not None:
            ls._observer.stop()

    @server.feature(types.EXIT)
    def exit_(ls: RoutelinkServer, params: None) -> None:
        # pygls would sys.exit() and then wait for its stdin reader thread, which only
        # returns when the client closes our stdin: clients that wait for the process
        # to end first (eglot) had to kill it. Leave now, with the status the spec asks.
        if ls._observer is not None:
            ls._observer.stop()
        code = 0 if getattr(ls.protocol, "_shutdown", False) else 1
        log.info("exit (status %d)", code)
        logging.shutdown()
        try:
            sys.stdout.flush()
        finally:
            os._exit(code)

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @_safe()
    def did_change_workspace_folders(ls: RoutelinkServer,
                                     params: types.DidChangeWorkspaceFoldersParams) -> None:
        roots = list(ls.roots)
        for folder in params.event.removed or []:
            p = uri_to_path(folder.uri)
            if p and posixpath.normpath(p) in roots:
                roots.remove(posixpath.normpath(p))
        for folder in params.event.added or []:
            p = uri_to_path(folder.uri)
            if p and posixpath.normpath(p) not in roots:
                roots.append(posixpath.normpath(p))
        if roots == ls.roots:
            return
        log.info("workspace folders changed: %s", roots)
        ls.roots = roots
        ls.config = ls.resolve_config()
        ls._config_version += 1
        if ls._observer is not None:  # watch the new set of folders
            ls._observer.stop()
            ls._observer = None
            ls.start_watchdog()
        ls.run_task(ls.index_workspace())

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @_safe()
    async def did_change_configuration(ls: RoutelinkServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings
        if isinstance(settings, dict) and isinstance(settings.get("routelink"), dict):
            ls.client_settings = settings["routelink"]
        elif ls.client_capabilities.workspace and ls.client_capabilities.workspace.configuration:
            try:
                result = await ls.workspace_configuration_async(
                    types.ConfigurationParams([types.ConfigurationItem(section="routelink")]))
                if result and isinstance(result[0], dict):
                    ls.client_settings = result[0]
            except Exception:  # noqa: BLE001
                pass
        if ls.index is not None:
            ls.reload_config()

    # ------------------------------------------------------------------ text sync

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @_safe()
    def did_open(ls: RoutelinkServer, params: types.DidOpenTextDocumentParams) -> None:
        path = uri_to_path(params.text_document.uri)
        if path is None or not is_source_candidate(path):
            return
        ls.trees.open(path)
        ls.schedule(path, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @_safe()
    def did_change(ls: RoutelinkServer, params: types.DidChangeTextDocumentParams) -> None:
        path = uri_to_path(params.text_document.uri)
        if path is not None and is_source_candidate(path):
            ls.schedule(path)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    @_safe()
    def did_save(ls: RoutelinkServer, params: types.DidSaveTextDocumentParams) -> None:
        path = uri_to_path(params.text_document.uri)
        if path is None:
            return
        if is_settings_file(path):
            ls.reload_config()
        elif is_source_candidate(path):
            ls.schedule(path, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @_safe()
    def did_close(ls: RoutelinkServer, params: types.DidCloseTextDocumentParams) -> None:
        path = uri_to_path(params.text_document.uri)
        if path is None or not is_source_candidate(path):
            return
        ls.trees.close(path)
        ls._indexed_versions.pop(path, None)
        pending = ls._pending.pop(path, None)
        if pending is not None:
            pending.cancel()
        if ls.is_indexed_path(path):
            ls.apply({path: read_bytes(path)})  # the disk is the truth again
        else:
            ls.apply({path: None})

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @_safe()
    def did_change_watched_files(ls: RoutelinkServer, params: types.DidChangeWatchedFilesParams) -> None:
        events = []
        for change in params.changes:
            path = uri_to_path(change.uri)
            if path is not None:
                events.append((path, change.type == types.FileChangeType.Deleted))
        ls.on_disk_changes(events)

    # ------------------------------------------------------------------ diagnostics (pull)

    @server.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                    types.DiagnosticOptions(identifier="routelink", inter_file_dependencies=True,
                                            workspace_diagnostics=True))
    @_safe(lambda: types.RelatedFullDocumentDiagnosticReport(items=[]))
    async def document_diagnostic(ls: RoutelinkServer, params: types.DocumentDiagnosticParams):
        if ls.index is None and ls.index_ready is not None:
            await ls.index_ready.wait()
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        items = ls.lsp_diagnostics(view, path)
        result_id = _result_id(items)
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=result_id)

    @server.feature(types.WORKSPACE_DIAGNOSTIC)
    @_safe(lambda: types.WorkspaceDiagnosticReport(items=[]))
    async def workspace_diagnostic(ls: RoutelinkServer, params: types.WorkspaceDiagnosticParams):
        if ls.index is None and ls.index_ready is not None:
            await ls.index_ready.wait()
        view = ls.view()
        if view is None:
            return types.WorkspaceDiagnosticReport(items=[])
        previous = {p.uri: p.value for p in params.previous_result_ids}
        items: list = []
        paths = set(view.diags_by_file) | {uri_to_path(u) for u in previous if uri_to_path(u)}
        for path in sorted(paths):
            uri = path_to_uri(path)
            diags = ls.lsp_diagnostics(view, path)
            result_id = _result_id(diags)
            version = ls.indexed_version(path)
            if previous.get(uri) == result_id:
                items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, version=version, result_id=result_id))
            else:
                items.append(types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, version=version, items=diags, result_id=result_id))
        return types.WorkspaceDiagnosticReport(items=items)

    # ------------------------------------------------------------------ navigation

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @_safe()
    def definition(ls: RoutelinkServer, params: types.DefinitionParams):
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None:
            return None
        pos = params.position
        out = []
        for ci in view.call_at(path, pos.line, pos.character):
            for ri in view.analysis.matches[ci].routes:
                loc = _handler_location(view.analysis.routes[ri])
                if loc not in out:
                    out.append(loc)
        return out or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    @_safe()
    def references(ls: RoutelinkServer, params: types.ReferenceParams):
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None:
            return None
        pos = params.position
        out: list[types.Location] = []
        routes = view.route_at(path, pos.line, pos.character)
        if params.context.include_declaration:
            for ri in routes:
                r = view.analysis.routes[ri]
                loc = types.Location(path_to_uri(r.file), lsp_range(r.span))
                if loc not in out:
                    out.append(loc)
        for ci in view.callers_of(routes):
            c = view.analysis.calls[ci]
            loc = types.Location(path_to_uri(c.file), lsp_range(c.span))
            if loc not in out:
                out.append(loc)
        return out or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @_safe()
    def hover(ls: RoutelinkServer, params: types.HoverParams):
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None:
            return None
        pos = params.position
        lines: list[str] = []
        span = None
        for ci in view.call_at(path, pos.line, pos.character):
            c = view.analysis.calls[ci]
            span = span or c.span
            lines.append(f"**{c.method or 'ANY'} {c.path}** ({c.client})")
            m = view.analysis.matches[ci]
            if not c.resolved:
                lines.append("URL not resolved statically: not checked")
            for ri in m.routes:
                r = view.analysis.routes[ri]
                _, rel = relative(ls.roots, r.file)
                lines.append(f"- serves it: `{r.method} {r.path}`"
                             + (f" handler `{r.handler}`" if r.handler else "")
                             + f" in {rel}:{r.span.line + 1} ({r.framework})")
            if c.resolved and not m.routes:
                lines.append("- no route serves it")
        for ri in view.route_at(path, pos.line, pos.character):
            r = view.analysis.routes[ri]
            span = span or r.span
            callers = view.analysis.callers.get(ri, [])
            lines.append(f"**{r.method} {r.path}** ({r.framework}"
                         + (", not mounted" if not r.mounted else "") + ")")
            lines.append(f"{len(callers)} caller{'s' if len(callers) != 1 else ''}")
            for ci in callers[:10]:
                c = view.analysis.calls[ci]
                _, rel = relative(ls.roots, c.file)
                lines.append(f"- `{c.method or 'ANY'} {c.path}` at {rel}:{c.span.line + 1}")
        if not lines:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, "\n".join(lines)),
                           lsp_range(span) if span else None)

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=True))
    @_safe(list)
    def code_lens(ls: RoutelinkServer, params: types.CodeLensParams):
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None or not ls.code_lens_enabled:
            return []
        out = []
        # one lens per route declaration: a router mounted under two prefixes declares
        # two routes at the same place; their callers are counted together
        groups: dict[tuple[int, int, int, int], list[int]] = {}
        for ri in view.routes_by_file.get(path, []):
            groups.setdefault(_span_tuple(view.analysis.routes[ri].span), []).append(ri)
        starts: dict[int, int] = {}
        for key in groups:
            starts[key[0]] = starts.get(key[0], 0) + 1
        for key, ids in groups.items():
            r = view.analysis.routes[ids[0]]
            methods = sorted({view.analysis.routes[i].method for i in ids})
            out.append(types.CodeLens(range=lsp_range(r.span), data={
                "kind": "route", "uri": params.text_document.uri,
                "line": key[0], "character": key[1], "end_line": key[2], "end_character": key[3],
                "path": r.path, "method": r.method,
                # two declarations starting on one line (router.route().get().put()):
                # say which lens is which
                "label": "/".join(methods) if starts[key[0]] > 1 else ""}))
        for ci in view.calls_by_file.get(path, []):
            c = view.analysis.calls[ci]
            out.append(types.CodeLens(range=lsp_range(c.span), data={
                "kind": "call", "uri": params.text_document.uri,
                "line": c.span.line, "character": c.span.column, "path": c.path,
                "method": c.method or "ANY"}))
        return out

    @server.feature(types.CODE_LENS_RESOLVE)
    def code_lens_resolve(ls: RoutelinkServer, lens: types.CodeLens):
        # a resolve must answer a CodeLens, never null: on error, a lens that says so
        try:
            return _resolve_lens(ls, lens)
        except Exception:  # noqa: BLE001
            log.exception("error in code_lens_resolve")
            lens.command = types.Command(title="routelink: error (see the server log)", command="")
            return lens

    def _resolve_lens(ls: RoutelinkServer, lens: types.CodeLens) -> types.CodeLens:
        view = ls.view()
        data = lens.data if isinstance(lens.data, dict) else {}
        path = uri_to_path(data.get("uri", ""))
        if view is None or path is None:
            lens.command = types.Command(title="routelink: not indexed yet", command="")
            return lens
        line, ch = data.get("line", 0), data.get("character", 0)
        args = [data["uri"], {"line": line, "character": ch}]
        if data.get("kind") == "route":
            key = (line, ch, data.get("end_line"), data.get("end_character"))
            ids = view.routes_with_span(path, key)
            args.append({"start": {"line": key[0], "character": key[1]},
                         "end": {"line": key[2], "character": key[3]}})
            n = len(view.callers_of(ids))
            title = "no callers" if n == 0 else f"{n} caller{'s' if n != 1 else ''}"
            if data.get("label"):
                title = f"{data['label']}: {title}"
            lens.command = types.Command(title=title, command=SHOW_CALLERS if n else "",
                                         arguments=args if n else None)
        else:
            ids = [i for i in view.call_at(path, line, ch)
                   if view.analysis.calls[i].path == data.get("path")]
            routes = sorted({r for i in ids for r in view.analysis.matches[i].routes})
            c = view.analysis.calls[ids[0]] if ids else None
            if c is None:  # the document changed since the lens was listed
                lens.command = types.Command(
                    title=f"{data.get('method', 'ANY')} {data.get('path', '')}", command="")
            elif not c.resolved:
                lens.command = types.Command(
                    title=f"{c.method or 'ANY'} {c.path} (not resolved)", command="")
            elif routes:
                title = _describe_route(view, ls.roots, routes[0]) + (
                    f" (+{len(routes) - 1})" if len(routes) > 1 else "")
                lens.command = types.Command(title=title, command=GO_TO_HANDLER, arguments=args)
            else:
                lens.command = types.Command(
                    title=f"{c.method or 'ANY'} {c.path} -> no route", command="")
        return lens

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                               types.CodeActionKind.Empty]))
    @_safe(list)
    def code_action(ls: RoutelinkServer, params: types.CodeActionParams):
        view = ls.view()
        uri = params.text_document.uri
        path = uri_to_path(uri)
        if view is None or path is None:
            return []
        rng = params.range
        out: list[types.CodeAction] = []
        for d in view.diags_by_file.get(path, []):
            if d.fix is None or not _overlaps(d.span, rng):
                continue
            span, new_text, title = d.fix
            matching = [x for x in params.context.diagnostics
                        if x.code == d.code and x.range == lsp_range(d.span)]
            out.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix,
                diagnostics=matching or ls.lsp_diagnostics(
                    View(view.analysis, [d], diags_by_file={path: [d]}), path),
                # dropping a repeated prefix is safe to auto-apply; switching the method
                # changes what the request does, so it is offered but not preferred
                is_preferred=True if d.code == "duplicate-prefix" else None,
                edit=types.WorkspaceEdit(changes={uri: [types.TextEdit(lsp_range(span), new_text)]})))
        pos = rng.start
        args = [uri, {"line": pos.line, "character": pos.character}]
        for ci in view.call_at(path, pos.line, pos.character):
            routes = view.analysis.matches[ci].routes
            if routes:
                out.append(types.CodeAction(
                    title=f"Go to handler ({_describe_route(view, ls.roots, routes[0])})",
                    command=types.Command(title="Go to handler", command=GO_TO_HANDLER,
                                          arguments=args)))
                break
        routes = view.route_at(path, pos.line, pos.character)
        if routes:
            span = view.analysis.routes[routes[0]].span
            args.append({"start": {"line": span.line, "character": span.column},
                         "end": {"line": span.end_line, "character": span.end_column}})
            n = len(view.callers_of(routes))
            out.append(types.CodeAction(
                title=f"Show {n} caller{'s' if n != 1 else ''}",
                command=types.Command(title=f"Show {n} caller{'s' if n != 1 else ''}",
                                      command=SHOW_CALLERS, arguments=args)))
        return out

    @server.command(GO_TO_HANDLER)
    @_safe()
    async def go_to_handler(ls: RoutelinkServer, *args):
        uri, pos = _command_position(args)
        view = ls.view()
        path = uri_to_path(uri) if uri else None
        if view is None or path is None:
            return None
        locations = []
        for ci in view.call_at(path, pos[0], pos[1]):
            for ri in view.analysis.matches[ci].routes:
                locations.append(_handler_location(view.analysis.routes[ri]))
        if locations:
            await _show(ls, locations[0])
        return [_location_json(loc) for loc in locations]

    @server.command(SHOW_CALLERS)
    @_safe()
    async def show_callers(ls: RoutelinkServer, *args):
        uri, pos = _command_position(args)
        view = ls.view()
        path = uri_to_path(uri) if uri else None
        if view is None or path is None:
            return None
        span = _command_span(args)
        routes = view.routes_with_span(path, span) if span else view.route_at(path, pos[0], pos[1])
        locations = []
        for ci in view.callers_of(routes):
            c = view.analysis.calls[ci]
            locations.append(types.Location(path_to_uri(c.file), lsp_range(c.span)))
        if locations:
            await _show(ls, locations[0])
        return [_location_json(loc) for loc in locations]

    # ------------------------------------------------------------------ symbols and links

    @server.feature(types.WORKSPACE_SYMBOL)
    @_safe(list)
    def workspace_symbol(ls: RoutelinkServer, params: types.WorkspaceSymbolParams):
        view = ls.view()
        if view is None:
            return []
        query = (params.query or "").lower()
        out = []
        for r in view.analysis.routes:
            name = f"{r.method} {r.path}"
            if query and not _fuzzy(query, name.lower()):
                continue
            _, rel = relative(ls.roots, r.file)
            out.append(types.WorkspaceSymbol(
                name=name, kind=types.SymbolKind.Method,
                location=types.Location(path_to_uri(r.file), lsp_range(r.span)),
                container_name=f"{r.handler} ({rel})" if r.handler else rel))
        return out

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @_safe(list)
    def document_symbol(ls: RoutelinkServer, params: types.DocumentSymbolParams):
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None:
            return []
        out = []
        for ri in view.routes_by_file.get(path, []):
            r = view.analysis.routes[ri]
            out.append(types.DocumentSymbol(
                name=f"{r.method} {r.path}", kind=types.SymbolKind.Method,
                range=lsp_range(r.span), selection_range=lsp_range(r.span),
                detail=f"route{' -> ' + r.handler if r.handler else ''}"))
        for ci in view.calls_by_file.get(path, []):
            c = view.analysis.calls[ci]
            out.append(types.DocumentSymbol(
                name=f"{c.method or 'ANY'} {c.path}", kind=types.SymbolKind.Event,
                range=lsp_range(c.span), selection_range=lsp_range(c.url_span),
                detail=f"call ({c.client})"))
        out.sort(key=lambda s: (s.range.start.line, s.range.start.character))
        return out

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False))
    @_safe(list)
    def document_link(ls: RoutelinkServer, params: types.DocumentLinkParams):
        view = ls.view()
        path = uri_to_path(params.text_document.uri)
        if view is None or path is None:
            return []
        out = []
        seen = set()
        td = ls.client_capabilities.text_document
        tooltips = bool(td and td.document_link and td.document_link.tooltip_support)
        for ci in view.calls_by_file.get(path, []):
            c = view.analysis.calls[ci]
            routes = view.analysis.matches[ci].routes
            if not routes or c.url_span in seen or c.url_span.line != c.url_span.end_line:
                continue
            seen.add(c.url_span)
            loc = _handler_location(view.analysis.routes[routes[0]])
            out.append(types.DocumentLink(
                range=lsp_range(c.url_span),
                target=f"{loc.uri}#L{loc.range.start.line + 1}",
                tooltip=f"Go to {_describe_route(view, ls.roots, routes[0])}" if tooltips else None))
        return out

    @server.feature("routelink/report")
    @_safe(dict)
    async def report(ls: RoutelinkServer, params: Any = None):
        if ls.index is None and ls.index_ready is not None:
            await ls.index_ready.wait()
        if ls.index is None:
            return {}
        return json_report(ls.index, ls.config, ls.roots, ls.index.last_update_seconds)

    return server


async def _exit_when_client_dies(pid: int) -> None:
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


def _result_id(items: list[types.Diagnostic]) -> str:
    """A digest of the diagnostics as sent (messages, ranges, related locations), so
    equal ids mean equal reports, also across server restarts."""
    data = json.dumps(_CONVERTER.unstructure(items), sort_keys=True)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()[:16]


def _overlaps(span, rng: types.Range) -> bool:
    if (span.end_line, span.end_column) < (rng.start.line, rng.start.character):
        return False
    if (span.line, span.column) > (rng.end.line, rng.end.character):
        return False
    return True


def _fuzzy(query: str, name: str) -> bool:
    if query in name:
        return True
    it = iter(name)
    return all(ch in it for ch in query)


def _command_position(args: tuple) -> tuple[str | None, tuple[int, int]]:
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    uri = args[0] if args and isinstance(args[0], str) else None
    pos = args[1] if len(args) > 1 else {}
    if isinstance(pos, dict):
        return uri, (int(pos.get("line", 0)), int(pos.get("character", 0)))
    line = getattr(pos, "line", 0)
    return uri, (int(line), int(getattr(pos, "character", 0)))


def _command_span(args: tuple) -> tuple[int, int, int, int] | None:
    """The optional third command argument: the route declaration's range."""
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    rng = args[2] if len(args) > 2 else None
    try:
        return (int(rng["start"]["line"]), int(rng["start"]["character"]),
                int(rng["end"]["line"]), int(rng["end"]["character"]))
    except (TypeError, KeyError, ValueError):
        return None


def _location_json(loc: types.Location) -> dict:
    return {"uri": loc.uri, "range": {
        "start": {"line": loc.range.start.line, "character": loc.range.start.character},
        "end": {"line": loc.range.end.line, "character": loc.range.end.character}}}


async def _show(ls: RoutelinkServer, loc: types.Location) -> None:
    window = ls.client_capabilities.window
    if window is None or window.show_document is None or not window.show_document.support:
        return
    try:
        await asyncio.wait_for(ls.window_show_document_async(types.ShowDocumentParams(
            uri=loc.uri, take_focus=True, selection=loc.range)), 10)
    except Exception:  # noqa: BLE001
        log.info("window/showDocument failed", exc_info=True)
