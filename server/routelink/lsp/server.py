"""The routelink language server (pygls 2, stdio): its state and how it changes.

:class:`RoutelinkServer` owns the workspace index, the configuration, the open
documents' trees and the diagnostics it has published. Life cycle: ``initialize``
records the roots (workspace folders), the client's capabilities and its settings;
``initialized`` reads the configuration (an invalid ``routelink.toml`` is reported with
``window/showMessage`` and the previous valid configuration, at first the defaults,
stays in force), registers file watching (dynamically, or a watchdog observer when the
client cannot) and indexes the workspace in a worker thread with work-done progress; a
first index of a big workspace is built in batches (:mod:`routelink.index.batches`) and
the diagnostics that cannot be false before it is complete are shown after each
(:mod:`routelink.lsp.streaming`, :meth:`RoutelinkServer._publish_partial`).
From then on every change (didOpen, didChange with incremental sync, didSave, didClose,
watched files, a changed set of workspace folders) goes to :meth:`RoutelinkServer.apply`,
which updates the incremental index and publishes the diagnostics of every file whose
findings changed, open or not (push), or asks the client to pull again
(``workspace/diagnostic/refresh``) when it declared pull diagnostics
(``textDocument.diagnostic``). Never both. An edit is applied at once when the server is
idle (no debounce floor: the first result comes right away); edits that arrive while or
just after an update runs are coalesced into the next one (:meth:`RoutelinkServer.schedule`).
Disk events (``didChangeWatchedFiles``, watchdog) are gathered for a short quiet period
and applied as one change with the pending edits, so a branch switch that rewrites
thousands of files is one update and one publish. Only the diagnostics of a file that
changed are pushed (the last pushed ones are kept per file). ``routelink/status`` is sent
after each publish (a client that sees ``ready`` has every diagnostic).

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
import gc
import logging
import os
import posixpath
import threading
import time
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from routelink import __version__
from routelink.config import Config, ConfigError, load_config
from routelink.extract import OpenTrees
from routelink.ide.snapshot import Snapshot
from routelink.index import WorkspaceIndex, results
from routelink.index.batches import build_batched, cheap_misses, plan_batches
from routelink.index.incremental import build_index, read_workspace
from routelink.index.cache import open_cache
from routelink.index.config_files import is_settings_file, is_watched_config, public_file_owners
from routelink.index.scan import (IgnoreRules, is_skipped_dir, is_source_candidate, read_bytes,
                                  within)
from routelink.lsp.convert import path_to_uri, uri_to_path
from routelink.lsp.features.diagnostics import (diagnostics_from_json, diagnostics_json,
                                                lsp_diagnostic, lsp_diagnostics)
from routelink.lsp.streaming import early_diagnostics
from routelink.lsp.transport import RoutelinkProtocol, serve_stdio

log = logging.getLogger(__name__)

#: the PATHs a language server's stored runs are keyed with (``results.workspace_key``)
STORED_RUN_NAME = "<language server>"

#: an edit that arrives within this long after an update ended was (most likely) sent
#: while the update ran: it waits this long for the rest of its burst
BURST_SECONDS = 0.01
#: the garbage collector's thresholds once the index is built (generation 0 objects,
#: then collections of the younger generation per older one; CPython's default is
#: 700, 10, 10)
EDIT_GC_THRESHOLDS = (20000, 20, 50)
#: disk events are applied once none came for this long...
WATCHDOG_COALESCE_SECONDS = 0.1
#: ...or at the latest this long after the first one of a burst
WATCH_MAX_WAIT_SECONDS = 1.0


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
        #: open documents edited since the last update (their text is read at the flush)
        self._dirty_docs: set[str] = set()
        #: disk changes waiting for the flush: path -> deleted
        self._disk_pending: dict[str, bool] = {}
        self._flush_handle: asyncio.Handle | None = None
        self._flush_at: float | None = None
        self._disk_first: float | None = None
        #: open document -> when the last update that applied an edit of it ended
        self._last_edit_end: dict[str, float] = {}
        #: open documents whose pending update applies an edit (not an open or a save)
        self._edited: set[str] = set()
        self._queued: dict[str, bytes | None] = {}
        self._published: dict[str, tuple] = {}
        #: the diagnostics of the last session (the results cache), path -> LSP
        #: diagnostics as JSON: pushed at start (until the first publish of the index
        #: compares with them) or answered to pulls until the index is ready
        self._stored: dict[str, list] | None = None
        #: the bytes the stored diagnostics are of (what the scan read)
        self._stored_inputs: dict[str, bytes] = {}
        #: while a cold index is built in batches (``routelink.index.batches``): the
        #: diagnostics shown so far (``routelink.lsp.streaming``), path -> LSP
        #: diagnostics, pushed or answered to pulls until the index is ready; None otherwise
        self._partial: dict[str, list] | None = None
        #: the bytes the partial diagnostics are of (what the scan read)
        self._partial_inputs: dict[str, bytes] = {}
        self._observer = None
        self._indexed_versions: dict[str, int] = {}
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
        gc.unfreeze()  # a previous index may be dropped now
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
        last_pct = [0]

        #: share of the work done by each phase's end (reading is cheap; extraction,
        #: then linking, take the time)
        phases = {"reading": (0, 10), "extracting": (10, 90), "linking": (90, 99)}

        # (called from the indexing thread and, for a batched index, from the process
        # pool's callback thread: one at a time, so the percentage never goes back)
        reporting = threading.Lock()

        def report(done: int, total: int, phase: str = "reading") -> None:
            with reporting:
                _report(done, total, phase)

        def _report(done: int, total: int, phase: str) -> None:
            now = time.monotonic()
            if not progress or (now - last[0] < 0.2 and done < total
                                and phase not in ("linking", "linked")):
                return
            last[0] = now
            if phase == "linked":
                # a batch of a batched cold index is linked: extraction runs ahead, so
                # the percentage stays where extraction has taken it
                pct, message = last_pct[0], f"linking {done:,}/{total:,} files"
            else:
                low, high = phases.get(phase, (0, 99))
                pct = low + (int(done * (high - low) / total) if total else high - low)
                message = "linking" if phase == "linking" else f"{phase} {done}/{total} files"
            # (never back: a batched index extracts and links by turns)
            pct = last_pct[0] = max(pct, last_pct[0])
            loop.call_soon_threadsafe(self.work_done_progress.report, token,
                                      types.WorkDoneProgressReport(message=message, percentage=pct))

        started = time.perf_counter()
        config = self.config
        use_cache = getattr(self, "cache_enabled", True)
        first = self.index is None
        run_key = None
        roots = list(self.roots)
        opened: list[str] = []

        def read():
            files = read_workspace(self.roots, config.scan_excludes(),
                                   config.max_file_size_kb * 1024, report)
            key = results.workspace_key(files.roots, [STORED_RUN_NAME], config)
            stored = None
            if use_cache and first:
                cache = open_cache()
                try:
                    stored = results.load(cache, key, files)
                finally:
                    if cache is not None:
                        cache.close()
            return files, key, stored

        def build(files, stream: bool) -> WorkspaceIndex:
            # extraction runs in worker processes (routelink.index.pool) and reads and
            # writes the facts cache; this thread only waits for them
            cache = open_cache() if use_cache else None
            try:
                plan = plan_batches(files, opened) if stream else None
                if plan is None:
                    return build_index(files, report, config.env, cache=cache)
                log.info("indexing in %d batches of %s files", len(plan.batches), plan.sizes())

                def partial(index: WorkspaceIndex, k: int, indexed: int, total: int) -> None:
                    # (this thread, between two batches: the index is still) what may be
                    # shown already, converted here; the event loop sends it
                    try:
                        snapshot = Snapshot.of_index(index, config, roots)
                        chosen = early_diagnostics(snapshot, index, plan.early)
                        ready = {path: (published_key(snapshot, ds),
                                        [lsp_diagnostic(snapshot, d) for d in ds])
                                 for path, ds in chosen.items()}
                    except Exception:  # noqa: BLE001 - the index goes on; all is shown at the end
                        log.exception("the diagnostics of batch %d could not be shown", k + 1)
                        return
                    loop.call_soon_threadsafe(self._publish_partial, ready, files.data)

                return build_batched(files, plan, report, config.env, cache=cache,
                                     on_batch=partial, cheap=cheap_misses())
            finally:
                if cache is not None:
                    cache.close()

        files = None
        try:
            files, run_key, stored = await asyncio.to_thread(read)
            # the documents open by now are indexed with the first batch
            opened.extend(p for p in (uri_to_path(u) for u in list(self.workspace.text_documents)) if p)
            if stored is not None and self.index is None:
                # the last session's diagnostics of these very files, while indexing
                self._show_stored(stored.result.get("diagnostics"), files)
            # with no stored run to show, a first index is built in batches and what
            # cannot be false is shown after each (routelink.lsp.streaming)
            index = await asyncio.to_thread(build, files, first and stored is None)
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
        # what the index holds is the disk's text: its diagnostics may be stored
        storable = files is not None and use_cache and all(
            files.data.get(p) == data for p, data in queued.items())
        # the index is long-lived: keep the cyclic garbage collector from walking it on
        # every edit (a full collection of a 10k-file index is a 100+ ms pause), and
        # collect the young objects of an edit less often (an edit allocates some 10^5:
        # with the default thresholds one edit in ten paid for a collection of older
        # objects; 10k page edit p95 31.6 -> 19-23 ms in-process)
        gc.collect()
        gc.freeze()
        gc.set_threshold(*EDIT_GC_THRESHOLDS)
        self.indexing = False
        seconds = time.perf_counter() - started
        log.info("indexed %d files in %.2fs", len(index.files), seconds)
        if progress:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(
                message=f"{len(index.files)} files, {len(index.routes)} routes"))
        if self.index_ready is not None:
            self.index_ready.set()
        self.publish(all_files=True)
        self._stored, self._stored_inputs = None, {}
        self._partial, self._partial_inputs = None, {}
        if storable and run_key is not None:
            await self._store_run(run_key, files, index)

    async def _store_run(self, key: bytes, files, index: WorkspaceIndex) -> None:
        """Keep this index's diagnostics in the results cache for the next session
        (:mod:`routelink.index.results`), written in a worker thread."""
        snapshot = self.snapshot()
        if snapshot is None or self.index is not index:
            return
        # taken here, on the event loop: edits change the index while the thread writes
        probes = results.probes_of(index)
        if probes is None:
            return
        diagnostics = {path: diagnostics_json(lsp_diagnostics(snapshot, path))
                       for path in sorted(snapshot.diagnostics_by_file)}

        def write() -> None:
            cache = open_cache()
            if cache is None:
                return
            try:
                results.store(cache, key, files, None, {"diagnostics": diagnostics}, [], probes)
            finally:
                cache.close()

        try:
            await asyncio.to_thread(write)
        except Exception:  # noqa: BLE001 - a run not stored costs the next start time only
            log.exception("storing the diagnostics for the next session failed")

    def _show_stored(self, diagnostics, files) -> None:
        """Show the last session's diagnostics of an unchanged workspace while the index
        is built: pushed now (push), or answered to pulls until the index is ready. A
        document open with a text other than the disk's is left for the index."""
        if not isinstance(diagnostics, dict):
            return
        self._stored_inputs = files.data
        stored = {p: items for p, items in diagnostics.items()
                  if isinstance(p, str) and isinstance(items, list)}
        self._stored = stored
        if self.pull_diagnostics:
            self.notify_status()
            return
        for path in sorted(stored):
            if self.stored_diagnostics(path) is None:
                stored.pop(path)  # open with another text: the index will say
                continue
            try:
                items = diagnostics_from_json(stored[path])
            except Exception:  # noqa: BLE001 - not what this server stores: skip it
                stored.pop(path)
                continue
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=path_to_uri(path), diagnostics=items))
        self.notify_status()

    def stored_diagnostics(self, path: str) -> list | None:
        """The last session's diagnostics of ``path`` (LSP, as JSON) while the first
        index is built and the workspace is unchanged since (see :meth:`_show_stored`);
        None otherwise, or when the document has been edited since."""
        if self.index is not None or self._stored is None or path in self._queued:
            return None
        doc = self.open_text(path)
        if doc is not None and doc.source.encode("utf-8") != self._stored_inputs.get(path):
            return None
        return self._stored.get(path, [])

    def _publish_partial(self, ready: dict[str, tuple[tuple, list]], inputs: dict[str, bytes]) -> None:
        """After a batch of a batched cold index (on the event loop): show the
        diagnostics that may be shown already (``ready``: path -> (published key, LSP
        diagnostics), of the text ``inputs`` holds): pushed when they changed, or kept for
        pulls with a ``workspace/diagnostic/refresh``. A document open with another text
        than the disk's is left for the index."""
        if self.index is not None:
            return  # (an index finished meanwhile: it has published)
        shown = {}
        for path, (key, items) in ready.items():
            doc = self.open_text(path)
            if doc is None or doc.source.encode("utf-8") == inputs.get(path):
                shown[path] = (key, items)
        before, self._partial_inputs = self._partial or {}, inputs
        self._partial = {path: items for path, (_, items) in shown.items()}
        if self.pull_diagnostics:
            if self.refreshes_pulls:
                self.workspace_diagnostic_refresh(None)
        else:
            for path in sorted(set(shown) | set(before)):
                key, items = shown.get(path, ((), []))
                if self._published.get(path, ()) == key:
                    continue
                doc = self.open_text(path)
                if path not in shown and doc is not None and \
                        doc.source.encode("utf-8") != inputs.get(path):
                    continue  # shown, then edited: left as shown, for the index
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    uri=path_to_uri(path), diagnostics=items,
                    version=doc.version if doc is not None else None))
                if key:
                    self._published[path] = key
                else:
                    self._published.pop(path, None)
        self.notify_status()

    @property
    def refreshes_pulls(self) -> bool:
        """Whether the client takes ``workspace/diagnostic/refresh`` (so it pulls again
        when the index has more to say)."""
        caps = self.client_capabilities.workspace
        return bool(caps is not None and caps.diagnostics is not None
                    and caps.diagnostics.refresh_support)

    def partial_diagnostics(self, path: str) -> list | None:
        """While a cold index is built in batches, the LSP diagnostics of ``path`` shown
        so far (see :meth:`_publish_partial`); None otherwise, when the document has
        been edited since, or when the client cannot be asked to pull again (it would
        keep an incomplete answer: its pull waits for the complete index, as before)."""
        if self.index is not None or self._partial is None or path in self._queued \
                or not self.refreshes_pulls:
            return None
        doc = self.open_text(path)
        if doc is not None and doc.source.encode("utf-8") != self._partial_inputs.get(path):
            return None
        return self._partial.get(path, [])

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
        """Send the diagnostics that changed (push) or ask the client to pull (pull).

        Push: a file's diagnostics are sent only when what the client would see changed
        (:func:`published_key`: codes, severities, ranges, messages, fixes and related
        places, not the analysis's internal ids), compared with the last ones sent to
        it; a file whose diagnostics are gone gets one empty list. ``all_files`` is
        kept for callers; every file is compared either way."""
        snapshot = self.snapshot()
        if snapshot is None:
            return
        self._show_notes(snapshot)
        if self.pull_diagnostics:
            if self.refreshes_pulls:
                self.workspace_diagnostic_refresh(None)
            self._refresh_code_lens()
            self.notify_status()
            return
        by_file = snapshot.diagnostics_by_file
        # pushed from the last session (results cache): sent again only if different
        stored, self._stored = (self._stored or {}), None
        for path in sorted(set(by_file) | set(self._published) | set(stored)):
            ds = by_file.get(path, ())
            key = published_key(snapshot, ds)
            if self._published.get(path, ()) == key and path not in stored:
                continue
            items = lsp_diagnostics(snapshot, path)
            if path in stored and diagnostics_json(items) == stored[path] \
                    and self.indexed_version(path) is None:
                if key:
                    self._published[path] = key
                continue
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=path_to_uri(path), diagnostics=items,
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

    def open_text(self, path: str):
        """The editor's document for ``path`` when it is open, else None. pygls keys its
        documents by the URI with percent-escapes decoded (``unquote``), so a path with
        a space or a ``+`` is looked up that way too."""
        return self.workspace.text_documents.get(unquote(path_to_uri(path)))

    def indexed_version(self, path: str) -> int | None:
        """The version of an open document whose text the index holds (None when the
        index holds the file on disk): diagnostics are about that text."""
        if self.open_text(path) is None:
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
        if self.index is None and self._stored is not None:
            # files whose diagnostics of the last session are shown meanwhile
            params["stored"] = len(self._stored)
        if self.index is None and self._partial is not None:
            # a batched cold index: files whose diagnostics are shown before it is complete
            params["partial"] = len(self._partial)
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
        self._dirty_docs.discard(path)
        self._last_edit_end.pop(path, None)
        if self.is_indexed_path(path):
            self.apply({path: read_bytes(path, self.config.max_file_size_kb * 1024)})
        else:
            self.apply({path: None})

    def schedule(self, path: str, delay: float | None = None) -> None:
        """Re-index one open document: at once when the server is idle (``delay``
        None: no debounce floor), else with the rest of the burst it belongs to (an
        edit that comes within :data:`BURST_SECONDS` after the update that applied the
        previous edit of the same document ended was typed while it ran: it waits that
        long, so the edits queued behind it are applied together, once, with the latest
        text). ``delay=0`` applies at once whatever the state (open, save)."""
        self._dirty_docs.add(path)
        if delay is None:
            self._edited.add(path)
            last = self._last_edit_end.get(path)
            burst = last is not None and time.monotonic() - last < BURST_SECONDS
            delay = BURST_SECONDS if burst else 0.0
        self._arm(delay)

    def _arm(self, delay: float) -> None:
        """Make sure a flush runs within ``delay`` seconds (one pending flush at most)."""
        loop = asyncio.get_running_loop()
        due = loop.time() + delay
        if self._flush_handle is not None:
            if self._flush_at is not None and self._flush_at <= due:
                return
            self._flush_handle.cancel()
        self._flush_at = due
        if delay <= 0:
            self._flush_handle = loop.call_soon(self._flush)
        else:
            self._flush_handle = loop.call_later(delay, self._flush)

    def _flush(self) -> None:
        """Apply the pending edits (each open document's current text) and disk changes
        as one change, then publish."""
        self._flush_handle = None
        self._flush_at = None
        docs, self._dirty_docs = self._dirty_docs, set()
        edited, self._edited = self._edited, set()
        events, self._disk_pending = self._disk_pending, {}
        self._disk_first = None
        changes: dict[str, bytes | None] = {}
        try:
            if events:
                changes.update(self._disk_changes(list(events.items())))
            for path in docs:
                doc = self.open_text(path)
                if doc is not None:
                    self._indexed_versions[path] = doc.version
                    changes[path] = doc.source.encode("utf-8")
                else:
                    self._indexed_versions.pop(path, None)
                    changes[path] = read_bytes(path, self.config.max_file_size_kb * 1024)
            if changes:
                self.apply(changes)
        except Exception:  # noqa: BLE001 - the server keeps serving
            log.exception("error applying changes")
        finally:
            now = time.monotonic()
            for path in edited:
                self._last_edit_end[path] = now

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
        """Files changed on disk ((path, deleted) from a watcher): gathered until none
        came for :data:`WATCHDOG_COALESCE_SECONDS` (at most
        :data:`WATCH_MAX_WAIT_SECONDS` after the first), then re-read, unless the
        editor owns them, and applied as one change (one publish): a branch switch's
        thousands of events, sent in many notifications, are one update. A
        ``.gitignore`` of the workspace that changed re-indexes it (which files are
        indexed may have changed)."""
        if not events:
            return
        if self.index is not None and any(
                posixpath.basename(p) == ".gitignore" and self.in_roots(p) for p, _ in events):
            log.info(".gitignore changed: re-indexing")
            self.run_task(self.index_workspace())
            return
        for path, deleted in events:
            self._disk_pending[path] = deleted
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._disk_first is None:
            self._disk_first = now
        due = min(now + WATCHDOG_COALESCE_SECONDS, self._disk_first + WATCH_MAX_WAIT_SECONDS)
        if self._flush_handle is not None and self._flush_at is not None and self._flush_at < due \
                and not self._dirty_docs:
            # a later quiet period: move the pending flush (edits never wait for disk)
            self._flush_handle.cancel()
            self._flush_handle = None
        self._arm(max(0.0, due - now))

    def _disk_changes(self, events: list[tuple[str, bool]]) -> dict[str, bytes | None]:
        """The index changes of disk events: indexed paths only, re-read unless the
        editor owns them."""
        changes: dict[str, bytes | None] = {}
        for path, deleted in events:
            if not self.is_indexed_path(path):
                continue
            if public_file_owners(path) and not is_source_candidate(path) \
                    and not is_watched_config(path):
                # a public file: only its existence on disk matters (no need to read it)
                changes[path] = None if deleted else b""
                continue
            if not deleted and self.open_text(path) is not None:
                continue  # the open buffer is the truth
            changes[path] = None if deleted else read_bytes(path, self.config.max_file_size_kb * 1024)
        return changes

    def on_disk_change(self, path: str, deleted: bool) -> None:
        """One file changed on disk."""
        self.on_disk_changes([(path, deleted)])

    def _queue_disk_event(self, path: str, deleted: bool) -> None:
        """From the watchdog thread (via the loop): a burst of events (a save is
        several) is one re-read per file shortly after."""
        self.on_disk_changes([(path, deleted)])

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


def published_key(snapshot: Snapshot, diagnostics) -> tuple:
    """What a client sees of a file's diagnostics, comparable across generations: per
    diagnostic its code, severity, range, message, quick fix and related places (as
    places and texts: the analysis's call and route ids move when another file
    changes)."""
    return tuple((d.code, d.severity, d.span, d.message, d.fix,
                  tuple(snapshot.related(d)) if d.related else ()) for d in diagnostics)


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
