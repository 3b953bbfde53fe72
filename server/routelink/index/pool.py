"""Extracting many files at once: the facts cache, then a process pool for the misses.

A cold index extracts every file of the workspace; extraction is pure per file
(:func:`routelink.extract.extract_file`) and CPU-bound Python, so it runs in a pool of
worker processes over all cores. :func:`extract_all` is the one entry point:

1. with a :class:`~routelink.index.cache.FactsCache`, every input is looked up by its
   content key; hits are not extracted;
2. the misses are extracted in-process when they are few (fewer than
   :data:`POOL_MIN_FILES`, one usable core, ``jobs=1``, or frameworks/clients registered
   at run time, which worker processes would not know), else by a
   ``concurrent.futures.ProcessPoolExecutor`` (see :func:`_context` for the start
   method) in chunks of about :data:`CHUNK_BYTES` of source;
3. the facts of the misses are written to the cache.

Facts are frozen dataclasses; they cross the process boundary pickled. A worker that
dies (killed, out of memory) costs time only: what it had not returned is extracted
in-process. The result is the same as ``extract_file`` on each input, in-process, with no
cache (``tests/core/test_cold_index.py`` checks it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping

from routelink.facts import FileFacts

log = logging.getLogger(__name__)

#: fewer misses than this are extracted in-process: each worker first warms its own
#: caches (parsers, queries, registry lookups), ~0.4 s of CPU
POOL_MIN_FILES = 1000
#: source bytes per task sent to a worker
CHUNK_BYTES = 256 * 1024

Progress = Callable[[int, int], None]


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _extract_one(path: str, data: bytes, max_bytes: int) -> tuple[FileFacts | None, str | None]:
    """(facts, error text) of one file, as ``WorkspaceIndex.apply_changes`` would get them."""
    from routelink.extract import extract_file

    try:
        return extract_file(path, data, max_bytes), None
    except Exception:  # noqa: BLE001 - a bug in one extractor must not stop indexing
        import traceback

        return (FileFacts(language="unknown", errors=("internal error while extracting",)),
                traceback.format_exc())


def _extract_chunk(chunk: list[tuple[str, bytes]], max_bytes: int
                   ) -> list[tuple[str, FileFacts | None, str | None]]:
    """Worker task: the facts of each (path, bytes) of ``chunk``."""
    out = []
    for path, data in chunk:
        facts, error = _extract_one(path, data, max_bytes)
        out.append((path, facts, error))
    return out


def _warm_worker() -> None:
    """Worker initializer: import the extractors once, before the first task; collect
    garbage cycles as usual (a worker forked while its parent paused the collector,
    ``incremental.build_index``, would keep every cycle its extraction makes)."""
    import gc

    gc.enable()
    import routelink.extract.components  # noqa: F401
    import routelink.extract.javascript  # noqa: F401
    import routelink.extract.python  # noqa: F401


def _chunks(items: list[tuple[str, bytes]]) -> list[list[tuple[str, bytes]]]:
    out: list[list[tuple[str, bytes]]] = []
    current: list[tuple[str, bytes]] = []
    size = 0
    for item in items:
        current.append(item)
        size += len(item[1]) + 512
        if size >= CHUNK_BYTES:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


_DEFAULT_REGISTRY: str | None = None


def _registries_are_default() -> bool:
    """Whether the registries hold what a fresh process has (workers would not see a
    plug-in registered at run time)."""
    from routelink.index.cache import registry_signature

    return registry_signature() == _DEFAULT_REGISTRY


def _remember_default_registry() -> None:
    global _DEFAULT_REGISTRY
    from routelink.index.cache import registry_signature

    _DEFAULT_REGISTRY = registry_signature()


_remember_default_registry()


def extract_all(items: Mapping[str, bytes], max_bytes: int, *, jobs: int | None = None,
                cache=None, progress: Progress | None = None,
                pool_min_files: int | None = None) -> dict[str, FileFacts | None]:
    """The facts of every (path -> bytes) of ``items``, as ``extract_file(path, bytes,
    max_bytes)`` gives them (None: not a source routelink indexes).

    ``jobs``: worker processes for the misses; None uses every usable core, 1 (or 0)
    extracts in-process. ``cache``: a :class:`~routelink.index.cache.FactsCache` or None.
    ``progress(done, total)`` is called from this thread as files are done.
    ``pool_min_files``: the fewest misses worth the pool (None: :data:`POOL_MIN_FILES`;
    a batch of a larger whole, see ``deferral.OnDemand``, may ask for fewer).
    """
    from routelink.index.cache import content_key
    from routelink.index.scan import Oversized

    total = len(items)
    out: dict[str, FileFacts | None] = {}
    keys: dict[str, bytes] = {}
    if cache is not None and cache.usable:
        # an oversized file's facts name its size, which its first bytes do not fix
        keys = {p: content_key(p, d, max_bytes) for p, d in items.items()
                if not isinstance(d, Oversized)}
        found = cache.get_many(keys.values())
        for p, k in keys.items():
            if k in found:
                out[p] = found[k]
    misses = [(p, d) for p, d in items.items() if p not in out]
    done = len(out)
    if progress is not None:
        progress(done, total)
    workers = usable_cores() if jobs is None else max(1, jobs)
    extracted: dict[str, FileFacts | None] = {}
    if workers > 1 and misses and len(misses) >= (
            POOL_MIN_FILES if pool_min_files is None else pool_min_files) and _registries_are_default():
        extracted = _in_pool(misses, max_bytes, workers, done, total, progress)
        done += len(extracted)
    for path, data in misses:
        if path in extracted:
            continue
        facts, error = _extract_one(path, data, max_bytes)
        if error is not None:
            log.error("extraction failed for %s\n%s", path, error)
        extracted[path] = facts
        done += 1
        if progress is not None and done % 50 == 0:
            progress(done, total)
    out.update(extracted)
    if keys:
        cache.put_many({keys[p]: f for p, f in extracted.items() if p in keys})
    if progress is not None:
        progress(total, total)
    return out


def _context():
    """``fork`` on Linux when this process runs one thread (the CLI, a script: workers
    start at once, and the ``__main__`` module is not imported again, so a script without
    a ``__name__ == "__main__"`` guard works), else ``spawn`` (the language server runs
    threads, and forking a threaded process can copy a held lock)."""
    import multiprocessing
    import sys
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _in_pool(misses: list[tuple[str, bytes]], max_bytes: int, workers: int, done: int,
             total: int, progress: Progress | None) -> dict[str, FileFacts | None]:
    """Extract ``misses`` in a process pool; what a broken pool did not return is left
    out (the caller extracts it in-process)."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(misses)
    workers = min(workers, len(chunks))
    out: dict[str, FileFacts | None] = {}
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                 initializer=_warm_worker) as pool:
            futures = [pool.submit(_extract_chunk, c, max_bytes) for c in chunks]
            for fut in as_completed(futures):
                for path, facts, error in fut.result():
                    if error is not None:
                        log.error("extraction failed for %s\n%s", path, error)
                    out[path] = facts
                done_now = done + len(out)
                if progress is not None:
                    progress(done_now, total)
    except (BrokenProcessPool, OSError, RuntimeError) as exc:
        log.warning("extraction workers failed (%s); extracting the remaining %d files here",
                    exc, len(misses) - len(out))
    return out
