"""The language server's cold index in batches, so that diagnostics can be shown before
the whole workspace is indexed (``routelink check`` keeps its single pass).

:func:`plan_batches` orders the files a scan read (:class:`~routelink.index.scan.WorkspaceFiles`)
into a few batches; :func:`build_batched` applies them one after the other to one
:class:`~routelink.index.incremental.WorkspaceIndex` (each an incremental
``apply_changes``: the last one leaves the index a single pass builds, and no file is
extracted twice) and calls back after each.

The first batch, the *foundation*, is every file whose facts may feed a table that
every file's findings read, so that after it the route table and those tables are
complete (a superset, decided from paths, ``package.json`` files and text, before
anything is parsed):

- every configuration file the scan read (``package.json``, ``tsconfig.json``, ``.env``...)
  and every source that is not JavaScript-family (Python modules: backend code);
- every source outside a *frontend-only package*: the nearest ``package.json`` names a
  frontend framework (React, Vue, Svelte, Angular...) in its dependencies of any kind and
  no package of a JavaScript framework that serves routes (Express, NestJS, Next.js,
  Nuxt...; mocks such as MSW do not count); a file under no ``package.json`` counts as
  outside;
- in a frontend-only package, a file that may declare a route anyway: one a framework
  reads whatever its text (``Framework.always_extract``), or whose text matches a mock
  framework's keywords (MSW...) or names the package of any JavaScript framework in
  quotes (``from 'express'`` with the dependency hoisted to a parent folder);
- in a frontend-only package, a file whose text matches a client library's
  :func:`~routelink.clients.registry.table_keywords` (``axios.defaults.baseURL``, Vue
  global properties, Angular interceptors and tokens) or an absolute URL (a host of the
  app's own bases: ``WorkspaceIndex._own_hosts``);
- the documents open in the editor.

The other sources of frontend-only packages follow in :data:`LATER_BATCHES` batches,
each twice the one before: first the files that must be extracted for their own sake
(:func:`routelink.index.deferral.has_keywords`: pages, hooks), split that way; the files
with no keyword of their own (deferred by the cross-file prefilter, or needed only
because they mention a name another file shares: components, styles, utilities) go with
the last batch (they cost no extraction; an exporter of a name that pages call, added
after them, re-resolves those pages, which costs less than showing the first pages later). While a batch is applied, the
files of later batches that resolution reads (an imported constant, a wrapper's body)
are extracted on demand (``WorkspaceIndex._held``), as the cross-file prefilter does for
deferred files, and kept for their own batch. A batch after the first is applied with
its own files still held: they existed for resolution already, so adding them changes no
module resolution and is no full relink (only the files they touch are re-resolved, as
for an edit).

Known limits of the superset: a router declared in a frontend-only package through a
parameter (``function register(router) { router.get(...) }``) with no framework import
in that file is indexed with the pages; a module of such a package that only a later
file's import chain makes backend code is frontend code until then. Both would show as a
diagnostic early that the complete index replaces. A thousand or more files nobody
planned for, read on demand, go to the pool after every planned chunk (its queue is
first in, first out): the batch that reads them waits for the planned extraction too.

Extraction runs ahead of linking (:class:`AheadExtractor`): one process pool, created
once, extracts the files of every batch in batch order while the index links the earlier
ones.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from routelink.facts import FileFacts
from routelink.index import deferral as _deferral
from routelink.index.scan import WorkspaceFiles
from routelink.syntax import language_for_path

log = logging.getLogger(__name__)

#: environment variable: the fewest source files a workspace needs for its cold index to
#: be built in batches (fewer: one pass); tests set it low
MIN_FILES_ENV = "ROUTELINK_STREAM_MIN_FILES"
#: the default of :data:`MIN_FILES_ENV`: below this, a cold index takes about a second
#: and batches would only add their linking passes
DEFAULT_MIN_FILES = 2000
#: batches after the foundation (each is one more linking pass over what is indexed)
LATER_BATCHES = 2
#: environment variable: the number of batches after the foundation (for measurements)
LATER_ENV = "ROUTELINK_STREAM_BATCHES"


def min_files() -> int:
    """:data:`MIN_FILES_ENV` as an int, or :data:`DEFAULT_MIN_FILES` when unset or invalid."""
    raw = os.environ.get(MIN_FILES_ENV, "").strip()
    try:
        return max(0, int(raw)) if raw else DEFAULT_MIN_FILES
    except ValueError:
        return DEFAULT_MIN_FILES


def cheap_misses() -> int:
    """Fewer facts-cache misses than this make a batched cold index one pass (see
    :func:`build_batched`): half of :func:`min_files`, at most
    :data:`routelink.index.pool.POOL_MIN_FILES` (as many as are worth a process pool)."""
    from routelink.index.pool import POOL_MIN_FILES

    return min(POOL_MIN_FILES, min_files() // 2)


@dataclass
class BatchPlan:
    """The order of a batched cold index.

    ``batches``: path -> bytes, in the order they are applied; together they are every
    file the scan read (``WorkspaceFiles.data``), each once. ``early``: the sources whose
    call-side findings may be shown before the last batch (those of frontend-only
    packages; see :mod:`routelink.lsp.streaming`)."""

    batches: list[dict[str, bytes]]
    early: frozenset[str] = field(default_factory=frozenset)

    def sizes(self) -> list[int]:
        """The number of files of each batch."""
        return [len(b) for b in self.batches]


def _js_framework_packages() -> tuple[frozenset[str], frozenset[str]]:
    """(packages of the JavaScript frameworks that serve routes, of all JavaScript
    frameworks) from the framework registry."""
    from routelink.frameworks import registry as frameworks

    serving: set[str] = set()
    every: set[str] = set()
    for fw in frameworks.FRAMEWORKS:
        if "python" in fw.languages:
            continue
        every.update(fw.packages)
        if not fw.stand_in:
            serving.update(fw.packages)
    return frozenset(serving), frozenset(every)


def _frontend_only(package_json: bytes, serving: frozenset[str]) -> bool:
    from routelink.index.config_files import package_dependencies
    from routelink.index.incremental import _FRONTEND_PACKAGES

    kinds = package_dependencies(package_json)
    if kinds is None:
        return False
    deps = set().union(*kinds.values())
    return bool(deps & _FRONTEND_PACKAGES) and not (deps & serving)


def _patterns() -> tuple[re.Pattern, re.Pattern]:
    """(may declare a route in a frontend-only package, may feed a client table)."""
    from routelink.clients import registry as clients
    from routelink.extract import js_frameworks

    _, every = _js_framework_packages()
    route_parts = [rb"""['"](?:""" + b"|".join(re.escape(p).encode() for p in sorted(every))
                   + rb""")(?:['"/])"""]
    for fw in js_frameworks():
        if fw.stand_in:
            route_parts.extend(fw.candidate_keywords)
    table_parts = [rb"(?:https?|wss?)://", *clients.table_keywords()]
    return _compile(route_parts), _compile(table_parts)


def _compile(parts: list[bytes]):
    """One alternation of ``parts`` (:func:`routelink.extract.compile_alternation`)."""
    from routelink.extract import compile_alternation

    return compile_alternation(parts)


def _mock_folders() -> frozenset[str]:
    from routelink.extract import js_frameworks

    return frozenset(f for fw in js_frameworks() if fw.stand_in for f in fw.candidate_folders)


def plan_batches(files: WorkspaceFiles, open_paths: Iterable[str] = (), *,
                 least: int | None = None, later: int | None = None) -> BatchPlan | None:
    """The batches of a cold index of ``files`` (see the module's docstring), or None
    when one pass is better: fewer than ``least`` sources (None: :func:`min_files`), no
    frontend-only package, or none of its files left after the foundation that has
    keywords of its own (nothing could be shown early). ``open_paths``: the documents
    open in the editor; ``later``: the batches after the foundation (None:
    ``ROUTELINK_STREAM_BATCHES``, else :data:`LATER_BATCHES`)."""
    from routelink.extract import js_frameworks

    if len(files.sources) < (min_files() if least is None else least):
        return None
    serving, _ = _js_framework_packages()
    packages = {posixpath.dirname(p): data for p, data in files.data.items()
                if posixpath.basename(p) == "package.json" and p not in files.sources}
    frontend = {d for d, data in packages.items() if _frontend_only(data, serving)}
    if not frontend:
        return None
    roots = sorted(files.roots, key=len, reverse=True)
    package_of: dict[str, str | None] = {}

    def package(directory: str) -> str | None:
        if directory in package_of:
            return package_of[directory]
        d, seen, found = directory, [], None
        while True:
            if d in package_of:
                found = package_of[d]
                break
            seen.append(d)
            if d in packages:
                found = d
                break
            if any(d == r for r in roots) or posixpath.dirname(d) == d:
                break
            d = posixpath.dirname(d)
        for s in seen:
            package_of[s] = found
        return found

    route_text, table_text = _patterns()
    folders = _mock_folders()
    frameworks = js_frameworks()
    opened = set(open_paths)
    foundation: dict[str, bytes] = {}
    own: list[str] = []
    rest: list[str] = []
    early: set[str] = set()
    for path, data in files.data.items():
        if path not in files.sources:
            foundation[path] = data
            continue
        if language_for_path(path) not in _deferral.DEFERRABLE or \
                package(posixpath.dirname(path)) not in frontend:
            foundation[path] = data
            continue
        early.add(path)
        parts = path.split("/")
        if path in opened or any(fw.always_extract(path) for fw in frameworks) \
                or any(f in folders for f in parts[:-1]) \
                or parts[-1].split(".", 1)[0] in folders \
                or route_text.search(data) or table_text.search(data):
            foundation[path] = data
        elif _deferral.has_keywords(path, data):
            own.append(path)
        else:
            rest.append(path)
    if not own:
        return None
    if later is None:
        raw = os.environ.get(LATER_ENV, "").strip()
        later = int(raw) if raw.isdigit() else LATER_BATCHES
    later = max(1, later)
    batches = [foundation]
    # each batch twice the one before: the first findings of pages come soon after the
    # foundation, and the batches (one linking pass each) stay few
    weights = [1 << i for i in range(later)]
    start = 0
    for i, w in enumerate(weights):
        end = len(own) if i == later - 1 else start + -(-len(own) * w // sum(weights))
        batches.append({p: files.data[p] for p in own[start:end]})
        start = end
    # the files with no keyword of their own (deferred, or needed only because they
    # mention another file's names) cost no extraction but their indexing (their words)
    # and, for the names they export, re-resolving the pages that call such a name: with
    # the last batch, after the first pages are shown (with the foundation instead, 0.2 s
    # less CPU until ready at 10k, 0.6 s later first diagnostics)
    batches[-1].update((p, files.data[p]) for p in rest)
    batches = [batches[0]] + [b for b in batches[1:] if b]
    return BatchPlan(batches, frozenset(early))


class AheadExtractor:
    """Extraction for a batched cold index: ``wanted`` (path -> bytes, in the order the
    batches need them) are looked up in the facts cache at once and the misses are
    submitted to one process pool, in that order, when they are enough for one
    (:data:`routelink.index.pool.POOL_MIN_FILES`, two usable cores, default
    registries); :meth:`extract` (the ``extract`` of
    :class:`~routelink.index.deferral.OnDemand`) waits for the files it is asked for and
    extracts in-process what was not submitted (or what a broken pool lost). The facts
    are those of ``extract_file`` on each input, as with :func:`routelink.index.pool.extract_all`;
    extracted files are written to the cache. ``progress(done, total)`` counts the
    wanted files done. Call :meth:`close` at the end (it cancels what nobody asked for)."""

    def __init__(self, wanted: Mapping[str, bytes], max_bytes: int, *, cache=None,
                 jobs: int | None = None, progress: Callable[[int, int], None] | None = None) -> None:
        from routelink.index import pool as _pool
        from routelink.index.cache import content_key
        from routelink.index.scan import Oversized

        self._max_bytes = max_bytes
        self._cache = cache
        self._progress = progress
        #: ``_done`` is counted, and progress reported, from this thread and from the
        #: pool's callback thread
        self._lock = threading.Lock()
        self._total = len(wanted)
        self._facts: dict[str, FileFacts | None] = {}
        self._keys: dict[str, bytes] = {}
        self._futures: dict[str, object] = {}
        self._executor = None
        if cache is not None and cache.usable:
            self._keys = {p: content_key(p, d, max_bytes) for p, d in wanted.items()
                          if not isinstance(d, Oversized)}
            found = cache.get_many(self._keys.values())
            for p, k in self._keys.items():
                if k in found:
                    self._facts[p] = found[k]
        self._wanted = set(wanted)
        misses = [(p, d) for p, d in wanted.items() if p not in self._facts]
        #: how many wanted files the cache did not have
        self.misses = len(misses)
        self._done = len(self._facts)
        workers = _pool.usable_cores() if jobs is None else max(1, jobs)
        if workers > 1 and len(misses) >= _pool.POOL_MIN_FILES and _pool._registries_are_default():
            from concurrent.futures import ProcessPoolExecutor

            chunks = _pool._chunks(misses)
            try:
                self._executor = ProcessPoolExecutor(
                    max_workers=min(workers, len(chunks)), mp_context=_pool._context(),
                    initializer=_pool._warm_worker)
                for chunk in chunks:
                    fut = self._executor.submit(_pool._extract_chunk, chunk, max_bytes)
                    fut.add_done_callback(self._count)
                    for p, _ in chunk:
                        self._futures[p] = fut
            except (OSError, RuntimeError) as exc:
                log.warning("extraction workers failed to start (%s); extracting here", exc)
                self._futures.clear()
        self._report()

    def _count(self, fut) -> None:
        # (a worker thread of the executor) progress as chunks complete
        if not fut.cancelled() and fut.exception() is None:
            self._add(len(fut.result()))

    def _add(self, n: int) -> None:
        with self._lock:
            self._done += n
            self._report_locked()

    def _report(self) -> None:
        with self._lock:
            self._report_locked()

    def _report_locked(self) -> None:
        if self._progress is not None:
            self._progress(min(self._done, self._total), self._total)

    def now(self, path: str, data: bytes) -> FileFacts | None:
        """The facts of one file resolution reads before its batch: the pool's when its
        chunk is done, else extracted here at once (its chunk may be far ahead; what the
        chunk brings later is ignored)."""
        fut = self._futures.get(path)
        return self.extract({path: data}, wait=fut is not None and fut.done())[path]

    def extract(self, items: Mapping[str, bytes], step=None, least: int | None = None, *,
                wait: bool = True) -> dict[str, FileFacts | None]:
        """The facts of ``items`` (path -> bytes), waiting for the pool's chunks that
        hold them (``wait``) or not (then extracted here); ``step`` and ``least`` (of the
        ``OnDemand`` callback) are not used: progress counts over ``wanted``."""
        from concurrent.futures.process import BrokenProcessPool

        from routelink.index import pool as _pool

        out: dict[str, FileFacts | None] = {}
        new: dict[str, FileFacts | None] = {}
        unplanned = [(p, d) for p, d in items.items() if p not in self._facts and p not in self._futures]
        if wait and self._executor is not None and len(unplanned) >= _pool.POOL_MIN_FILES:
            # many files nobody planned for (needed through another file's names): the pool
            try:
                for chunk in _pool._chunks(unplanned):
                    fut = self._executor.submit(_pool._extract_chunk, chunk, self._max_bytes)
                    for p, _ in chunk:
                        self._futures[p] = fut
            except (OSError, RuntimeError) as exc:
                log.warning("extraction workers failed (%s); extracting here", exc)
        for path, data in items.items():
            if path in self._facts:
                out[path] = self._facts[path]
                continue
            fut = self._futures.get(path)
            if fut is not None and (wait or fut.done()):
                try:
                    for p, facts, error in fut.result():
                        self._futures.pop(p, None)
                        if p in self._facts:
                            continue
                        if error is not None:
                            log.error("extraction failed for %s\n%s", p, error)
                        self._facts[p] = new[p] = facts
                except (BrokenProcessPool, OSError, RuntimeError) as exc:
                    log.warning("an extraction worker failed (%s); extracting its files here", exc)
                    for p in [q for q, f in self._futures.items() if f is fut]:
                        del self._futures[p]
            if path not in self._facts:
                self._futures.pop(path, None)
                facts, error = _pool._extract_one(path, data, self._max_bytes)
                if error is not None:
                    log.error("extraction failed for %s\n%s", path, error)
                self._facts[path] = new[path] = facts
                if path in self._wanted and fut is None:
                    self._add(1)
            out[path] = self._facts[path]
        if self._cache is not None and self._cache.usable and new:
            from routelink.index.cache import content_key
            from routelink.index.scan import Oversized

            puts = {}
            for p, f in new.items():
                key = self._keys.get(p)
                if key is None and p in items and not isinstance(items[p], Oversized):
                    key = content_key(p, items[p], self._max_bytes)
                if key is not None:
                    puts[key] = f
            self._cache.put_many(puts)
        return out

    def close(self) -> None:
        """Stop the pool (cancelling the chunks nobody asked for)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def build_batched(files: WorkspaceFiles, plan: BatchPlan, progress=None,
                  env: dict[str, str] | None = None, *, jobs: int | None = None, cache=None,
                  on_batch: Callable[[object, int, int, int], None] | None = None,
                  cheap: int = 0):
    """A fresh :class:`~routelink.index.incremental.WorkspaceIndex` of ``files``, built
    by applying ``plan``'s batches in order; equal to ``build_index(files)``.

    ``progress(done, total, phase)`` as for :func:`routelink.index.incremental.index_workspace`
    (``"extracting"`` counts the files extracted ahead, over the whole workspace), and
    ``progress(indexed, total, "linked")`` after each batch. ``on_batch(index, k,
    indexed, total)`` is called after batch ``k`` (0-based) of all but the last, with
    the sources indexed so far and in all; the index must not be changed by it and is
    changed again when it returns. When the facts cache misses fewer than ``cheap`` of
    the files to extract, the batches are applied as one (the server passes
    :func:`cheap_misses`)."""
    import gc

    from routelink.index.incremental import WorkspaceIndex

    collecting = gc.isenabled()
    gc.disable()
    ahead = None
    try:
        index = WorkspaceIndex(roots=list(files.roots), max_bytes=files.max_bytes,
                               env=dict(env or {}))
        index.ignore_rules.extend(files.ignore_rules)
        index.scan_ignored += files.ignored
        index.scan_notes.extend(files.notes)
        index.scan_sources = files.scanned
        sources = files.sources
        # what each batch will extract, in batch order (the cross-file prefilter
        # extracts the files with keywords and the other languages; the files needed
        # only through another one's names are few and extracted when asked for)
        wanted: dict[str, bytes] = {}
        deferring = index._deferral is not None
        for batch in plan.batches:
            for p in batch:
                if p in sources and (not deferring or language_for_path(p) not in _deferral.DEFERRABLE
                                     or _deferral.has_keywords(p, sources[p])):
                    wanted[p] = sources[p]
        step = None if progress is None else (lambda done, of: progress(done, of, "extracting"))
        ahead = AheadExtractor(wanted, files.max_bytes, cache=cache, jobs=jobs, progress=step)
        extracted = _deferral.OnDemand(sources, ahead.extract)
        held = lambda paths: _Held(paths, ahead, sources)  # noqa: E731
        batches = plan.batches
        if ahead.misses < cheap:
            # the cache has (nearly) every file: extraction costs little, and each batch
            # would add a linking pass to the time until ready: one pass
            batches = [{p: d for b in plan.batches for p, d in b.items()}]
        indexed = 0
        pending = set(sources)
        for k, batch in enumerate(batches):
            last = k == len(batches) - 1
            # the first batch is a fresh index (a full relink); a later one is applied
            # with its files held (they existed for resolution already): only what
            # they touch is relinked
            index._held = held(set(pending) if k else pending - set(batch))
            pending -= set(batch)
            index.apply_changes(dict(batch), extracted)
            index._held = None if last else held(set(pending))
            indexed += sum(1 for p in batch if p in sources)
            if progress is not None:
                progress(indexed, len(sources), "linked")
            if not last and on_batch is not None:
                on_batch(index, k, indexed, len(sources))
        index._held = None
        index._tables_cache.clear()
        return index
    finally:
        if ahead is not None:
            ahead.close()
        if collecting:
            gc.enable()


class _Held(Mapping):
    """The sources of later batches, as resolution may read them while an earlier batch
    is applied (``WorkspaceIndex._held``): their facts, extracted on first use
    (:meth:`AheadExtractor.now`) and kept by it for their own batch."""

    def __init__(self, paths: set[str], ahead: AheadExtractor, sources: Mapping[str, bytes]) -> None:
        self._paths = paths
        self._ahead = ahead
        self._sources = sources

    def __getitem__(self, path: str) -> FileFacts | None:
        if path not in self._paths:
            raise KeyError(path)
        return self._ahead.now(path, self._sources[path])

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self):
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
