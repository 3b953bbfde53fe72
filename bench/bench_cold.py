"""Benchmark: the phases of a cold index, each mechanism on its own.

    python bench/bench_cold.py PATH [PATH ...] [--repeat 3]

For the workspace made of the PATHs, prints one line per configuration and run:

- ``read``: scanning and reading every source (the floor a cold index is compared with);
- ``extract``: facts of every file (wall and CPU time, children included) for
  ``jobs=1`` (in-process), ``jobs=1`` with the generic walk of the JavaScript extractor
  visiting every node instead of the nodes its compiled query finds (``node walk``),
  ``jobs=N`` (the process pool over every usable core), a cold
  cache (empty database: extraction plus writing) and a warm cache (every file a hit);
- ``link``: resolution and linking (``WorkspaceIndex.apply_changes`` with the facts);
- peak RSS of the process so far.

The cache lives in a temporary folder. Numbers only, no assertions: the machines are
shared and noisy, so run it several times (``--repeat``) and read ranges.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import resource
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "server"))

from routelink.config import Config  # noqa: E402
from routelink.index.cache import open_cache  # noqa: E402
from routelink.index.incremental import WorkspaceIndex  # noqa: E402
from routelink.index.pool import extract_all, usable_cores  # noqa: E402
from routelink.index.scan import read_bytes, scan_root  # noqa: E402


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(roots: list[str], jobs: int, cache_dir: str | None, label: str) -> None:
    t0, c0 = time.perf_counter(), _cpu()
    sources: dict[str, bytes] = {}
    configs: dict[str, bytes] = {}
    for root in roots:
        result, _ = scan_root(root, Config().scan_excludes())
        for p in result.sources:
            data = read_bytes(p)
            if data is not None:
                sources[p] = data
        for p in result.configs:
            data = read_bytes(p)
            if data is not None:
                configs[p] = data
    t1, c1 = time.perf_counter(), _cpu()
    cache = open_cache(cache_dir) if cache_dir else None
    facts = extract_all(sources, 1024 * 1024, jobs=jobs, cache=cache)
    t2, c2 = time.perf_counter(), _cpu()
    index = WorkspaceIndex(roots=list(roots))
    index.apply_changes({**configs, **sources}, facts)
    index.analysis()
    t3, c3 = time.perf_counter(), _cpu()
    size = sum(len(d) for d in sources.values()) / 1e6
    hits = f"  cache {cache.stats['hits']} hits {cache.stats['misses']} misses" if cache else ""
    print(f"{label:<12} {len(sources)} files {size:.1f} MB | read {t1 - t0:5.2f}s | "
          f"extract {t2 - t1:6.2f}s wall {c2 - c1:6.2f}s cpu | link {t3 - t2:5.2f}s | "
          f"total {t3 - t0:6.2f}s wall {c3 - c0:6.2f}s cpu | "
          f"{len(sources) / max(t3 - t0, 1e-9):6.0f} files/s | {(t3 - t0) / max(t1 - t0, 1e-9):5.0f}x read | "
          f"rss {_rss():.0f} MiB{hits}", flush=True)
    if cache is not None:
        cache.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    roots = [os.path.abspath(p) for p in args.paths]
    cores = usable_cores()
    print(f"{cores} usable cores, load average {os.getloadavg()[0]:.1f}")
    from routelink.extract.javascript import JsBuilder

    query_walk = JsBuilder._walk_targets
    for _ in range(args.repeat):
        run(roots, 1, None, "in-process")
        JsBuilder._walk_targets = lambda self: None  # every walk visits every node
        try:
            run(roots, 1, None, "node walk")
        finally:
            JsBuilder._walk_targets = query_walk
        run(roots, cores, None, f"pool x{cores}")
        with tempfile.TemporaryDirectory() as tmp:
            run(roots, cores, tmp, "cache cold")
            run(roots, cores, tmp, "cache warm")


if __name__ == "__main__":
    main()
