"""Where the time of an edit goes through a real stdio session: a wall-clock timeline
from the client's ``didChange`` to its reading of the ``publishDiagnostics``.

    python bench/edit_trace.py --size 10k [--edits 60] [--show 3]

Starts ``routelink serve`` (this checkout's, or ``--server DIR``) with timestamps
(``time.monotonic``, the clock the client uses too) around the steps of the edit path
(the stdin reader's frame, the dispatch on the event loop, pygls' deserialization and
handler, the flush, ``apply_changes`` and its phases, the snapshot, each publish's
conversion, serialization and write, the status), patched in from outside: nothing of
this is in the product. Drives the edits of ``bench/run.py`` (a page's call path and a
route's path toggled, one edit of each in turn, 20 ms apart) and prints, per edit
kind, when each step first starts and ends (p50 over the edits, ms after the client
wrote ``didChange``) and the time spent inside each step (p50 and mean), with the
client's latency and the server's CPU per edit; ``--show N`` prints the raw timelines
of N edits.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent

#: (module, class or None, function) wrapped with enter/leave timestamps
STEPS = [
    ("routelink.lsp.transport", "RoutelinkProtocol", "handle_raw"),
    ("routelink.lsp.transport", "RoutelinkProtocol", "structure_message"),
    ("routelink.lsp.transport", "RoutelinkProtocol", "handle_message"),
    ("routelink.lsp.transport", "RoutelinkProtocol", "_send_data"),
    ("routelink.lsp.server", "RoutelinkServer", "schedule"),
    ("routelink.lsp.server", "RoutelinkServer", "_flush"),
    ("routelink.lsp.server", "RoutelinkServer", "snapshot"),
    ("routelink.lsp.server", "RoutelinkServer", "publish"),
    ("routelink.lsp.server", "RoutelinkServer", "notify_status"),
    ("routelink.lsp.server", "RoutelinkServer", "text_document_publish_diagnostics"),
    ("routelink.lsp.server", None, "lsp_diagnostics"),
    ("routelink.index.incremental", "WorkspaceIndex", "apply_changes"),
    ("routelink.index.incremental", "WorkspaceIndex", "_plan_deferral"),
    ("routelink.index.incremental", "WorkspaceIndex", "_relink"),
    ("routelink.index.incremental", "WorkspaceIndex", "_rebuild_routes"),
    ("routelink.index.incremental", "WorkspaceIndex", "_link_totals"),
    ("routelink.index.incremental", "WorkspaceIndex", "analysis"),
    ("routelink.index.incremental", None, "extract_file"),
    ("routelink.index.incremental", None, "resolve_file_calls"),
    ("routelink.index.incremental", None, "unused_route_findings"),
    ("routelink.ide.snapshot", None, "diagnostics"),
    ("pygls.io_", "StdoutWriter", "write"),
]


def serve(trace: str) -> None:
    """The server, with timestamps; they are written to ``trace`` at ``shutdown``."""
    import importlib

    events: list = []
    now = time.monotonic

    def wrap(owner, name: str) -> None:
        orig = getattr(owner, name)

        def timed(*args, **kwargs):
            events.append((now(), name + ">"))
            try:
                return orig(*args, **kwargs)
            finally:
                events.append((now(), name + "<"))

        setattr(owner, name, timed)

    for module, cls, name in STEPS:
        mod = importlib.import_module(module)
        wrap(getattr(mod, cls) if cls else mod, name)
    from routelink.lsp import transport
    from routelink.lsp.features import lifecycle

    frame = transport.FrameReader.next

    def next_frame(self):
        body = frame(self)
        events.append((now(), "frame read"))
        return body

    transport.FrameReader.next = next_frame
    shutdown = lifecycle.shutdown

    def dump(ls, params):
        with open(trace, "w") as fh:
            json.dump(events, fh)
        return shutdown(ls, params)

    lifecycle.shutdown = dump
    from routelink.lsp.server import create_server

    create_server().start_io()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def report(events: list, edits: dict[str, list[dict]], show: int) -> None:
    times = [t for t, _ in events]
    for kind, rows in edits.items():
        first: dict[str, list[float]] = {}
        inside: dict[str, list[float]] = {}
        for k, r in enumerate(rows):
            span = events[bisect.bisect_left(times, r["sent"]):bisect.bisect_right(times, r["status"])]
            open_at: dict[str, list[float]] = {}
            spent: dict[str, float] = {}
            seen: dict[str, float] = {}
            for t, name in span:
                seen.setdefault(name, (t - r["sent"]) * 1000)
                step = name.rstrip("<>")
                if name.endswith(">"):
                    open_at.setdefault(step, []).append(t)
                elif name.endswith("<") and open_at.get(step):
                    start = open_at[step].pop()
                    if not open_at[step]:  # the outermost call of a recursive step
                        spent[step] = spent.get(step, 0.0) + (t - start) * 1000
            seen["client read the publish"] = r["ms"]
            for name, ms in seen.items():
                first.setdefault(name, []).append(ms)
            for step, ms in spent.items():
                inside.setdefault(step, []).append(ms)
            if k < show:
                print(f"\n{kind} edit {k}: {r['ms']:.2f} ms, server CPU {r['cpu']:.2f} ms")
                for t, name in span:
                    print(f"  {(t - r['sent']) * 1000:8.2f}  {name}")
        ms = [r["ms"] for r in rows]
        cpu = [r["cpu"] for r in rows]
        print(f"\n{kind}: {len(rows)} edits, latency p50 {pct(ms, .5):.1f} p95 {pct(ms, .95):.1f} ms, "
              f"server CPU p50 {pct(cpu, .5):.1f} p95 {pct(cpu, .95):.1f} ms")
        print(f"  {'step':<36} {'at (p50 ms)':>11}")
        for name, v in sorted(first.items(), key=lambda kv: statistics.median(kv[1])):
            print(f"  {name:<36} {statistics.median(v):11.2f}")
        print(f"  {'time inside':<36} {'p50':>7} {'mean':>7}")
        for step, v in sorted(inside.items(), key=lambda kv: -statistics.mean(kv[1])):
            print(f"  {step:<36} {statistics.median(v):7.2f} {statistics.mean(v):7.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edits", type=int, default=60, help="edits of each file (default 60)")
    ap.add_argument("--show", type=int, default=0, help="raw timelines of this many edits")
    ap.add_argument("--server", default=str(HERE.parent / "server"),
                    help="the routelink package's parent folder to measure")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "routelink-bench"))
    ap.add_argument("--serve", help=argparse.SUPPRESS)  # internal: run the traced server
    args = ap.parse_args()
    if args.serve:
        sys.path.insert(0, args.server)
        serve(args.serve)
        return
    sys.path.insert(0, str(HERE))
    from generate import generate, size_of
    from lspclient import LspClient, cpu_ns
    from run import Toggle, _initialize, uri

    root = pathlib.Path(args.work) / f"trace-{args.size}-seed{args.seed}"
    ws = generate(root, size_of(args.size), args.seed)
    page = Toggle(ws.page, ws.page.read_text().index(ws.page_needle) + len(ws.page_needle) - 2, "x")
    route = Toggle(ws.route_file, ws.route_file.read_text().index(ws.route_needle)
                   + len(ws.route_needle) - 1, "x")
    trace = tempfile.mktemp(prefix="routelink-trace-", suffix=".json")
    env = dict(os.environ, ROUTELINK_CACHE_DIR=tempfile.mkdtemp(prefix="routelink-trace-cache-"),
               PYTHONPATH=args.server + os.pathsep + os.environ.get("PYTHONPATH", ""))
    client = LspClient([sys.executable, str(HERE / "edit_trace.py"), "--serve", trace,
                        "--server", args.server], env=env)
    edits: dict[str, list[dict]] = {"page": [], "route file": []}
    try:
        _initialize(client, [str(root)])
        client.wait(lambda t, m, p: m == "routelink/status" and p.get("state") == "ready")
        for doc in (page, route):
            client.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri(doc.path), "languageId": "typescriptreact" if doc.path.suffix == ".tsx"
                else "typescript", "version": doc.version, "text": doc.text}})
        time.sleep(1.0)
        for _ in range(args.edits):
            for kind, doc in (("page", page), ("route file", route)):
                params = doc.next_change()
                doc_uri, version = params["textDocument"]["uri"], params["textDocument"]["version"]
                mark = client.mark()
                cpu0 = cpu_ns(client.proc.pid)
                sent = client.notify("textDocument/didChange", params)
                _, t, _, _ = client.wait(
                    lambda t, m, p: m == "textDocument/publishDiagnostics" and p["uri"] == doc_uri
                    and (p.get("version") or 0) >= version, mark, timeout=60)
                _, t_status, _, _ = client.wait(lambda t, m, p: m == "routelink/status", mark, timeout=60)
                edits[kind].append({"sent": sent, "status": t_status, "ms": (t - sent) * 1000,
                                    "cpu": (cpu_ns(client.proc.pid) - cpu0) / 1e6})
                time.sleep(0.02)
    finally:
        client.close()
    with open(trace) as fh:
        events = json.load(fh)
    os.unlink(trace)
    report(events, edits, args.show)


if __name__ == "__main__":
    main()
