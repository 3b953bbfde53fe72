"""The language server's first start over stdio with a cold facts cache and no stored
run: the time to the first ``publishDiagnostics`` with a diagnostic, and to
``routelink/status`` ready, and what was published before the index was complete.

Each run starts ``python -m routelink serve`` with an empty ``ROUTELINK_CACHE_DIR``
(push diagnostics, work-done progress). ``--server DIR`` runs another checkout's
``server`` folder, to compare versions; runs of several servers alternate (the machine's
load moves). ``--unserved`` first rewrites a copy of the generated workspace so that the
pages' ``/stats`` calls (about 6% of the pages) go to a path nothing serves: the
generated workspace has no call-side finding otherwise, so its first diagnostic is an
``unused-route`` of the complete index.

    python bench/cold_start.py --size 10k --runs 3 --server /other/checkout/server
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import statistics
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent


def session(server: str, root: pathlib.Path, env_extra: dict[str, str]) -> dict:
    """One cold first start; returns its times (seconds from ``initialize``)."""
    from lspclient import LspClient

    cache = tempfile.mkdtemp(prefix="routelink-cold-")
    env = dict(os.environ, ROUTELINK_CACHE_DIR=cache, PYTHONPATH=server, **env_extra)
    client = LspClient([sys.executable, "-m", "routelink", "serve"], env=env)
    try:
        t0 = time.monotonic()
        client.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "window": {"workDoneProgress": True},
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True},
                              "configuration": True, "workspaceFolders": True},
                "textDocument": {"publishDiagnostics": {"versionSupport": True},
                                 "synchronization": {"didSave": True}}}})
        client.notify("initialized", {})
        _, t_ready, _, _ = client.wait(lambda t, m, p: m == "routelink/status"
                                       and p.get("state") == "ready", timeout=900)
        cpu = process_cpu(client.proc.pid)
        notes = list(client.notes)
    finally:
        client.close()
        shutil.rmtree(cache, ignore_errors=True)
    ends = [t for t, m, p in notes if m == "$/progress" and p["value"].get("kind") == "end"]
    complete = ends[0] if ends else t_ready  # the final publish comes after the progress ends
    pubs = [(t, p) for t, m, p in notes if m == "textDocument/publishDiagnostics"]
    early = [p for t, p in pubs if t < complete]
    first = min((t for t, p in pubs if p["diagnostics"]), default=None)
    codes: dict[str, int] = {}
    for p in early:
        for d in p["diagnostics"]:
            codes[d["code"]] = codes.get(d["code"], 0) + 1
    batches = [f"{t - t0:.2f}s {p['value']['message']}" for t, m, p in notes
               if m == "$/progress" and p["value"].get("kind") == "report"
               and str(p["value"].get("message", "")).startswith("linking ")]
    return {"ready_s": t_ready - t0, "cpu_s": cpu, "first_diag_s": None if first is None else first - t0,
            "files_published_early": len(early), "early_codes": codes, "batches": batches}


def process_cpu(pid: int) -> float | None:
    """CPU seconds of a process and its waited-for children (the extraction workers,
    once their pool is shut down), from ``/proc/<pid>/stat``; None elsewhere."""
    try:
        fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / ticks


def unserved_copy(root: pathlib.Path, work: pathlib.Path) -> pathlib.Path:
    """A copy of ``root`` whose pages' ``api.get('/<resource>/stats')`` calls go to
    ``/zz/<resource>/stats`` (nothing serves it)."""
    out = work / (root.name + "-unserved")
    if out.exists():
        return out
    shutil.copytree(root, out)
    stats = re.compile(r"api\.get\('/([a-z0-9/]*)/stats'\)")
    for page in (out / "frontend/src/pages").rglob("*.tsx"):
        text = page.read_text()
        new = stats.sub(r"api.get('/zz/\1/stats')", text)
        if new != text:
            page.write_text(new)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="10k")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--path", help="a workspace to use instead of a generated one")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--server", action="append", default=[],
                    help="a checkout's server folder (repeat to compare; default: this one)")
    ap.add_argument("--unserved", action="store_true",
                    help="make ~6%% of the generated pages call a path nothing serves")
    ap.add_argument("--env", action="append", default=[], help="NAME=VALUE for the server")
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "routelink-bench"))
    ap.add_argument("--json", help="write the raw runs to this file")
    args = ap.parse_args()
    sys.path.insert(0, str(HERE))
    work = pathlib.Path(args.work)
    if args.path:
        root = pathlib.Path(args.path).resolve()
    else:
        from generate import generate, size_of

        root = work / f"cold-{args.size}-seed{args.seed}"
        if not root.exists():
            generate(root, size_of(args.size), args.seed)
    if args.unserved:
        root = unserved_copy(root, work)
    servers = args.server or [str(HERE.parent / "server")]
    extra = dict(e.split("=", 1) for e in args.env)
    runs: dict[str, list[dict]] = {s: [] for s in servers}
    load = os.getloadavg()[0]
    for n in range(args.runs):
        for server in servers:
            r = session(server, root, extra)
            runs[server].append(r)
            first = "-" if r["first_diag_s"] is None else f"{r['first_diag_s']:.2f}"
            cpu = "-" if r["cpu_s"] is None else f"{r['cpu_s']:.2f}"
            print(f"run {n + 1} {server}: first diagnostic {first} s, ready {r['ready_s']:.2f} s "
                  f"(CPU {cpu} s), "
                  f"published early {r['files_published_early']} files {r['early_codes']} "
                  f"{r['batches']}", flush=True)
    print(f"\n{root} (load {load:.2f} -> {os.getloadavg()[0]:.2f})")
    for server, rs in runs.items():
        ready = statistics.median(r["ready_s"] for r in rs)
        firsts = [r["first_diag_s"] for r in rs if r["first_diag_s"] is not None]
        first = f"{statistics.median(firsts):.2f}" if firsts else "-"
        cpus = [r["cpu_s"] for r in rs if r["cpu_s"] is not None]
        cpu = f"{statistics.median(cpus):.2f}" if cpus else "-"
        print(f"{server}: median first diagnostic {first} s, median ready {ready:.2f} s, "
              f"median CPU until ready {cpu} s ({len(rs)} runs)")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
