"""The routelink language server (pygls 2, stdio): its state and how it changes.

:class:`RoutelinkServer` owns the workspace index, the configuration, the open
documents' trees and the diagnostics it has published. Life cycle: ``initialize``
records the roots (workspace folders), the client's capabilities and its settings;
``initialized`` reads the configuration (an invalid ``routelink.toml`` is reported with
``window/showMessage`` and the previous valid configuration, at first the defaults,
stays in force), registers file watching (dynamically, or a watchdog observer when the
client cannot) and indexes the workspace in a worker thread with work-done progress.
From then on every change (didOpen, didChange with incremental sync, didSave, didClose,
watched files, a changed set of workspace folders) goes to :meth:`RoutelinkServer.apply`,
which updates the incremental index and publishes the diagnostics of every file whose
findings changed, open or not (push), or asks the client to pull again
(``workspace/diagnostic/refresh``) when it declared pull diagnostics
(``textDocument.diagnostic``). Never both. Edits are debounced per document; a burst of
disk events is applied as one change. ``routelink/status`` is sent after each publish (a
client that sees ``ready`` has every diagnostic).

Requests read a :class:`~routelink.ide.snapshot.Snapshot` (:meth:`RoutelinkServer.snapshot`):
the analysis of one index generation with its diagnostics, computed once per generation
and configuration. The handlers live in :mod:`routelink.lsp.features`, one module per
feature, each with ``register(server)``; :func:`create_server` registers them all.

Architecture Invariant: ``routelink.lsp`` is the only package that imports pygls or
lsprotocol. Every handler is wrapped (:func:`routelink.lsp.guard.safe`) so that an
exception is logged and answered with an empty result; the server keeps serving.
``exit`` ends the process at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import posixpath
import time

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from routelink import __version__
from routelink.config import Config, ConfigError, load_config
from routelink.extract import OpenTrees
from routelink.ide.snapshot import Snapshot
from routelink.index import WorkspaceIndex, index_workspace
from routelink.index.cache import open_cache
from routelink.index.config_files import is_settings_file, is_watched_config, public_file_owners
from routelink.index.scan import (IgnoreRules, is_skipped_dir, is_source_candidate, read_bytes,
                                  within)
from routelink.lsp.convert import path_to_uri, uri_to_path
from routelink.lsp.features.diagnostics import lsp_diagnostics
from routelink.lsp.transport import RoutelinkProtocol, serve_stdio

log = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.2
WATCHDOG_COALESCE_SECONDS = 0.1


class RoutelinkServer(LanguageServer):
    """pygls server owning the workspace index, the configuration, the snapshots and
    the diagnostics store."""

    def __init__(self) -> None:
        super().__init__("routelink", __version__, protocol_cls=RoutelinkProtocol)
        self.index: WorkspaceIndex | None = None
        self.roots: list[str] = []
        self.client_settings: dict = {}
        self.config = Config()
        self.config_error: str | None = None
        self.trees = OpenTrees()
        self.pull_diagnostics = False
        self.code_lens_enabled = True
        self._snapshot: tuple[tuple, Snapshot] | None = None
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
        #: the workspace-wide notes last shown (``window/showMessage``), so each is
        #: shown once, again only after it went away and came back
        self._notes_shown: tuple[str, ...] = ()

    def start_io(self, stdin=None, stdout=None) -> None:  # type: ignore[override]
        """Serve over stdio with the hardened transport (:mod:`routelink.lsp.transport`):
        malformed frames are answered and skipped, end of input ends the process."""
        serve_stdio(self, stdin, stdout)

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
        """Defaults < client settings < the settings file found walking up from the roots
        (the first root that finds one; the same rule as ``routelink check``)."""
        self.config_error = None
        cfg = Config()
        settings = {k: v for k, v in (self.client_settings or {}).items()
                    if k in ("exclude", "severity", "maxFileSizeKb", "max_file_size_kb",
                             "includeTests", "include_tests", "env")}
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
        # `"cache": false` keeps the index off the facts cache (routelink.index.cache)
        self.cache_enabled = (self.client_settings or {}).get("cache") is not False
        if self.roots:
            from routelink.ide.workspace import discover_config

            found, _ = discover_config(list(self.roots))
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

    def change_roots(self, roots: list[str]) -> None:
        """A new set of workspace folders: re-read the configuration, watch the new
        folders (when watchdog watches) and re-index."""
        log.info("workspace folders changed: %s", roots)
        self.roots = roots
        self.config = self.resolve_config()
        self._config_version += 1
        if self._observer is not None:  # watch the new set of folders
            self._observer.stop()
            self._observer = None
            self.start_watchdog()
        self.run_task(self.index_workspace())

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
        use_cache = getattr(self, "cache_enabled", True)

        def build() -> WorkspaceIndex:
            # extraction runs in worker processes (routelink.index.pool) and reads and
            # writes the facts cache; this thread only waits for them
            cache = open_cache() if use_cache else None
            try:
                return index_workspace(self.roots, config.scan_excludes(),
                                       config.max_file_size_kb * 1024, report, config.env,
                                       cache=cache)
            finally:
                if cache is not None:
                    cache.close()

        try:
            index = await asyncio.to_thread(build)
        except Exception as exc:  # noqa: BLE001 - serve the open documents at least
            log.exception("indexing the workspace failed")
            self.window_show_message(types.ShowMessageParams(
                types.MessageType.Error,
                f"routelink: indexing the workspace failed ({exc}); see the server log"))
            index = WorkspaceIndex(roots=list(self.roots))
        index.trees = self.trees
        # the scan's rules (with the .gitignore files): a file changed on disk is indexed
        # only if a fresh scan would index it
        self._ignore_rules = list(index.ignore_rules) or [
            IgnoreRules(r, config.scan_excludes()) for r in self.roots]
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
        if (old.scan_excludes(), old.max_file_size_kb, old.env) != (
                self.config.scan_excludes(), self.config.max_file_size_kb, self.config.env):
            self.run_task(self.index_workspace())
        else:
            self.publish(all_files=True)

    # ------------------------------------------------------------------ snapshots

    def snapshot(self) -> Snapshot | None:
        """The snapshot of the current index generation and configuration (cached);
        None before the first index exists."""
        if self.index is None:
            return None
        key = (id(self.index), self.index.generation, self._config_version)
        if self._snapshot is not None and self._snapshot[0] == key:
            return self._snapshot[1]
        snapshot = Snapshot.of_index(self.index, self.config, self.roots)
        self._snapshot = (key, snapshot)
        return snapshot

    # ------------------------------------------------------------------ diagnostics store

    def publish(self, all_files: bool = False) -> None:
        """Send the diagnostics that changed (push) or ask the client to pull (pull)."""
        snapshot = self.snapshot()
        if snapshot is None:
            return
        self._show_notes(snapshot)
        if self.pull_diagnostics:
            caps = self.client_capabilities.workspace
            if caps is not None and caps.diagnostics is not None and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            self._refresh_code_lens()
            self.notify_status()
            return
        current = {p: tuple(ds) for p, ds in snapshot.diagnostics_by_file.items()}
        for path in sorted(set(current) | set(self._published)):
            key = current.get(path, ())
            if not all_files and self._published.get(path) == key:
                continue
            if self._published.get(path) == key and not key:
                continue
            uri = path_to_uri(path)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=uri, diagnostics=lsp_diagnostics(snapshot, path),
                version=self.indexed_version(path)))
            if key:
                self._published[path] = key
            else:
                self._published.pop(path, None)
        self._refresh_code_lens()
        # after the diagnostics: a client that sees "ready" has them all
        self.notify_status()

    def _show_notes(self, snapshot: Snapshot) -> None:
        """Show each workspace-wide note (no backend found...) once: when it appears,
        not on every change while it holds."""
        from routelink.ide.report import notes

        current = tuple(notes(snapshot.analysis, self.roots, editor=True))
        for note in current:
            if note not in self._notes_shown:
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Info, f"routelink: {note}"))
        self._notes_shown = current

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
        snapshot = self.snapshot() if self.index is not None and not self.indexing else None
        params = {"state": "indexing" if self.indexing or self.index is None else "ready"}
        if snapshot is not None:
            params.update(files=len(self.index.files), routes=len(snapshot.analysis.routes),
                          calls=len(snapshot.analysis.calls),
                          diagnostics=len(snapshot.diagnostics))
        try:
            self.protocol.notify("routelink/status", params)
        except Exception:  # noqa: BLE001
            log.debug("status notification failed", exc_info=True)

    # ------------------------------------------------------------------ file events

    def open_document(self, path: str) -> None:
        """A document opened in the editor: keep its tree and index its text now."""
        self.trees.open(path)
        self.schedule(path, 0)

    def close_document(self, path: str) -> None:
        """A document closed in the editor: the disk is the truth again (or the file is
        forgotten when it is not one the workspace indexes)."""
        self.trees.close(path)
        self._indexed_versions.pop(path, None)
        pending = self._pending.pop(path, None)
        if pending is not None:
            pending.cancel()
        if self.is_indexed_path(path):
            self.apply({path: read_bytes(path, self.config.max_file_size_kb * 1024)})
        else:
            self.apply({path: None})

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
                data = read_bytes(path, self.config.max_file_size_kb * 1024)
            self.apply({path: data})

        self._pending[path] = self.run_task(later())

    def in_roots(self, path: str) -> bool:
        """Whether ``path`` (absolute, normalized: ``uri_to_path`` resolves ``..``) is
        under a root, also once symbolic links are resolved: a link leading out of the
        workspace is never followed."""
        if not any(path == r or path.startswith(r.rstrip("/") + "/") for r in self.roots):
            return False
        real = os.path.realpath(path)
        if real == path:
            return True
        return any(within(real, os.path.realpath(r)) for r in self.roots)

    def is_indexed_path(self, path: str) -> bool:
        """Whether a path on disk belongs to the workspace's indexed files, or is a file
        of a frontend's public folder (any type: its existence decides whether a
        request naming it is a backend call; see ``config_files.public_file_owners``)."""
        if self.index is not None and self.index.reads_config(path):
            return True  # a config outside the workspace that a tsconfig extends
        if not self.in_roots(path):
            return False
        if is_watched_config(path):
            return True
        if public_file_owners(path) and not is_source_candidate(path):
            # ignored or not (the index looks on disk), but not in node_modules
            return not any(is_skipped_dir(part) for part in path.split("/")[:-1])
        for rules in self._ignore_rules:
            if path.startswith(rules.root.rstrip("/") + "/"):
                if rules.under_skipped_dir(path) or rules.ignored(path):
                    return False
        return is_source_candidate(path)

    def on_disk_changes(self, events: list[tuple[str, bool]]) -> None:
        """Files changed on disk ((path, deleted) from a watcher): re-read them, unless
        the editor owns them, and apply them as one change (one publish). A
        ``.gitignore`` of the workspace that changed re-indexes it (which files are
        indexed may have changed)."""
        if self.index is not None and any(
                posixpath.basename(p) == ".gitignore" and self.in_roots(p) for p, _ in events):
            log.info(".gitignore changed: re-indexing")
            self.run_task(self.index_workspace())
            return
        changes: dict[str, bytes | None] = {}
        for path, deleted in events:
            if not self.is_indexed_path(path):
                continue
            if public_file_owners(path) and not is_source_candidate(path) \
                    and not is_watched_config(path):
                # a public file: only its existence on disk matters (no need to read it)
                changes[path] = None if deleted else b""
                continue
            if not deleted and path_to_uri(path) in self.workspace.text_documents:
                continue  # the open buffer is the truth
            changes[path] = None if deleted else read_bytes(path, self.config.max_file_size_kb * 1024)
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

    def stop_watching(self) -> None:
        """Stop the watchdog observer, if one runs."""
        if self._observer is not None:
            self._observer.stop()

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


def create_server() -> RoutelinkServer:
    """Build the server with every feature registered."""
    from routelink.lsp.features import FEATURES

    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        # pygls logs every JSON-RPC message at INFO: keep that for --log-level debug
        logging.getLogger("pygls").setLevel(logging.WARNING)
    server = RoutelinkServer()
    for feature in FEATURES:
        feature.register(server)
    return server
