"""`routelink check --format json` on examples/nextjs-app: every route handler, every link
and every deliberate mistake its README lists, nothing else."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report() -> dict:
    proc = subprocess.run([sys.executable, "-m", "routelink", "check", "--format", "json",
                           str(REPO / "examples" / "nextjs-app")], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert proc.returncode == 1, proc.stderr  # the example has warnings on purpose
    return json.loads(proc.stdout)


def test_routes(report):
    got = sorted((r["method"], r["path"], r["file"], r["line"], r.get("via", "")) for r in report["routes"])
    assert got == sorted([
        ("GET", "/kb/api/bookmarks", "app/api/bookmarks/route.ts", 9, ""),
        ("POST", "/kb/api/bookmarks", "app/api/bookmarks/route.ts", 13, ""),
        ("PATCH", "/kb/api/bookmarks/{id}", "app/api/bookmarks/[id]/route.ts", 6, ""),
        ("DELETE", "/kb/api/bookmarks/{id}", "app/api/bookmarks/[id]/route.ts", 14, ""),
        ("GET", "/kb/api/files/{path*}", "app/api/files/[...path]/route.ts", 5, ""),
        ("GET", "/kb/api/admin/stats", "app/(admin)/api/admin/stats/route.ts", 4, ""),
        ("GET", "/kb/api/tags", "app/api/tags/route.ts", 3, ""),
        ("GET", "/kb/api/export", "app/api/export/route.ts", 4, ""),
        ("GET", "/kb/api/feed", "app/api/feed/route.ts", 3, ""),
        ("GET", "/kb/feed.xml", "app/api/feed/route.ts", 3, "rewrite /feed.xml -> /api/feed"),
        ("POST", "/kb/api/webhook", "pages/api/webhook.ts", 4, ""),
    ])
    assert {r["framework"] for r in report["routes"]} == {"nextjs"}
    assert all(r["mounted"] for r in report["routes"])


def test_calls_link_to_their_route_handlers(report):
    routes = {r["id"]: (r["method"], r["path"]) for r in report["routes"]}
    got = {(c["method"], c["path"], c["file"]): sorted(routes[i] for i in c["routes"]) for c in report["calls"]}
    assert got == {
        ("GET", "/kb/api/bookmarks", "lib/api.ts"): [("GET", "/kb/api/bookmarks")],
        ("POST", "/kb/api/bookmarks", "lib/api.ts"): [("POST", "/kb/api/bookmarks")],
        ("PATCH", "/kb/api/bookmarks/{}", "lib/api.ts"): [("PATCH", "/kb/api/bookmarks/{id}")],
        ("DELETE", "/kb/api/bookmarks/{}", "lib/api.ts"): [("DELETE", "/kb/api/bookmarks/{id}")],
        ("PUT", "/kb/api/bookmarks/{}", "components/bookmark-list.tsx"): [],
        ("GET", "/kb/api/files/{}/{}", "components/file-preview.tsx"): [("GET", "/kb/api/files/{path*}")],
        ("GET", "/kb/api/admin/stats", "components/admin-stats.tsx"): [("GET", "/kb/api/admin/stats")],
        ("GET", "/kb/api/admin/stats/history", "components/admin-stats.tsx"): [],
        ("GET", "/api/tags", "components/tag-cloud.tsx"): [],
        ("GET", "/kb/feed.xml", "components/feed-link.tsx"): [("GET", "/kb/feed.xml")],
    }


def test_the_deliberate_mistakes_and_nothing_else(report):
    got = {(d["code"], d["file"], d["line"]) for d in report["diagnostics"]}
    assert got == {
        ("unmatched-call", "components/tag-cloud.tsx", 10),
        ("unused-route", "app/api/tags/route.ts", 3),
        ("unmatched-call", "components/admin-stats.tsx", 15),
        ("method-mismatch", "components/bookmark-list.tsx", 21),
        ("unused-route", "app/api/export/route.ts", 4),
    }
    assert report["summary"]["unused_routes"] == 2 and report["summary"]["unmatched_calls"] == 3


# ---------------------------------------------------------------------- incremental index

ROOT = "/ws"
EDITS = [
    (b"basePath: '/kb'", b"basePath: '/kb2'"),
    (b"{ source: '/feed.xml', destination: '/api/feed' }", b"{ source: '/rss', destination: '/api/feed' }"),
    (b"export async function PATCH(", b"export async function PUT("),
    (b"export async function GET() {", b"export async function GET( {"),  # half-typed
    (b"fetch('/api/tags')", b"fetch(`${'/kb'}/api/tags`)"),
]


def _load() -> dict[str, bytes]:
    base = REPO / "examples" / "nextjs-app"
    return {f"{ROOT}/{p.relative_to(base).as_posix()}": p.read_bytes() for p in sorted(base.rglob("*"))
            if p.is_file() and p.suffix in (".ts", ".tsx", ".mjs", ".json")}


def _fresh(files):
    from routelink.index import WorkspaceIndex

    index = WorkspaceIndex(roots=[ROOT])
    index.apply_changes(dict(files))
    return index


@pytest.mark.parametrize("seed", range(6))
def test_incremental_equals_fresh_on_the_example(seed):
    import random

    originals = _load()
    rng = random.Random(seed)
    files = dict(originals)
    index = _fresh(files)
    for _ in range(20):
        path = rng.choice(sorted(originals))
        roll = rng.random()
        if roll < 0.15:
            change = {path: None}  # a deleted file: next.config, package.json, a route file
        elif roll < 0.3:
            change = {path: originals[path]}
        elif roll < 0.4:
            # a route folder renamed: the file moves
            old = f"{ROOT}/app/api/tags/route.ts"
            new = f"{ROOT}/app/api/labels/route.ts"
            src, dst = (old, new) if old in files else (new, old)
            change = {src: None, dst: originals[old]}
        else:
            current = files.get(path, originals[path])
            change = {path: current + b"\n// touched\n"}
            for a, b in rng.sample(EDITS, len(EDITS)):
                if a in current:
                    change = {path: current.replace(a, b, 1)}
                    break
                if b in current:
                    change = {path: current.replace(b, a, 1)}
                    break
        for p, data in change.items():
            if data is None:
                files.pop(p, None)
            else:
                files[p] = data
        index.apply_changes(change)
        assert index.snapshot() == _fresh(files).snapshot()
