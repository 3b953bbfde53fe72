"""The CPU cost of one edit inside the server, without the protocol: what the language
server does between a ``didChange`` and its ``publishDiagnostics``, phase by phase.

    python bench/edit_cost.py --size 10k [--edits 40]

On the workspace ``bench/generate.py`` makes (the same edits as ``bench/run.py``: a
page's call path and a route's path toggled), prints per edit kind the median and p95
of the process CPU time (``time.process_time``: unlike wall time, other processes on a
shared machine hardly change it) of ``WorkspaceIndex.apply_changes``, of building the
snapshot (analysis and configured diagnostics), and of choosing what to publish (every
file's visible diagnostics compared with the last ones published), and how many files
would be published. Run it with another checkout's ``server`` first on ``PYTHONPATH``
to compare versions (``--server DIR``).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--server", default=str(HERE.parent / "server"),
                    help="the routelink package's parent folder to measure")
    ap.add_argument("--gc-freeze", action="store_true",
                    help="freeze the garbage collector after indexing, as the server does")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "routelink-bench"))
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    sys.path.insert(0, args.server)
    from generate import generate, size_of

    from routelink.config import Config
    from routelink.ide.snapshot import Snapshot
    from routelink.index import index_workspace

    root = pathlib.Path(args.work) / f"cost-{args.size}-seed{args.seed}"
    if not root.exists():
        generate(root, size_of(args.size), args.seed)
    page = root / "frontend/src/pages/order/OrderPage1.tsx"
    if not page.exists():  # the generator names the first page of the edited resource
        page = sorted((root / "frontend/src/pages/order").iterdir())[0]
    route = root / "backend/src/routes/order.routes.ts"
    config = Config()
    t = time.process_time()
    index = index_workspace([str(root)])
    print(f"{args.size}: index {time.process_time() - t:.1f} s CPU, {len(index.files)} files "
          f"(server {args.server})")

    def key(snapshot, ds):
        return tuple((d.code, d.severity, d.span, d.message, d.fix,
                      tuple(snapshot.related(d)) if d.related else ()) for d in ds)

    snapshot = Snapshot.of_index(index, config)
    if args.gc_freeze:  # as the language server does after indexing
        import gc

        gc.collect()
        gc.freeze()
    published = {p: key(snapshot, ds) for p, ds in snapshot.diagnostics_by_file.items()}
    text_page, text_route = page.read_bytes(), route.read_bytes()
    kinds = {
        "page": (str(page), [text_page.replace(b"api.get('/order')", b"api.get('/orderx')"), text_page]),
        "route file": (str(route), [text_route.replace(b"router.get('/:id/history'",
                                                       b"router.get('/:id/historyx'"), text_route]),
    }
    print(f"{'edit':<11} {'apply p50/p95':>16} {'snapshot p50/p95':>18} {'publish p50/p95':>17} "
          f"{'total p50/p95':>16} {'files sent':>10}")
    for name, (path, variants) in kinds.items():
        rows = []
        for i in range(args.edits):
            t0 = time.process_time()
            index.apply_changes({path: variants[i % 2]})
            t1 = time.process_time()
            snapshot = Snapshot.of_index(index, config)
            t2 = time.process_time()
            sent = 0
            for p in sorted(set(snapshot.diagnostics_by_file) | set(published)):
                k = key(snapshot, snapshot.diagnostics_by_file.get(p, ()))
                if published.get(p, ()) != k:
                    sent += 1
                    published[p] = k
            t3 = time.process_time()
            rows.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0, sent))

        def q(col: int, f: float) -> float:
            values = sorted(r[col] for r in rows)
            return values[min(len(values) - 1, int(f * len(values)))] * 1000

        cells = [f"{q(c, 0.5):7.1f}/{q(c, 0.95):<7.1f}" for c in range(4)]
        mean_sent = sum(r[4] for r in rows) / len(rows)
        print(f"{name:<11} {cells[0]:>16} {cells[1]:>18} {cells[2]:>17} {cells[3]:>16} {mean_sent:>10.1f}")


if __name__ == "__main__":
    main()
