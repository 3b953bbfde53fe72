"""The file system as an adversary: symbolic links never lead out of a root (files,
folders, loops), files are never read past the size limit (a 2 GB sparse file), file
names in any encoding and with control characters are handled and printed on one
line, and ``..`` in a URI cannot pass a root check."""

from __future__ import annotations

import json
import os
import pathlib
import resource
import subprocess
import sys

import pytest

from routelink.index import index_workspace
from routelink.index.scan import Oversized, read_bytes, scan_root

REPO = pathlib.Path(__file__).resolve().parents[2]

CALL = "export const f = () => fetch('/api/{}');\n"
BACKEND = "const app = require('express')();\napp.get('/api/users', (req, res) => res.json([]));\n"

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file names and links")


def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "ws"
    (root / "web").mkdir(parents=True)
    (root / "be").mkdir()
    (root / "web/package.json").write_text('{"dependencies": {"react": "18"}}')
    (root / "web/a.ts").write_text(CALL.format("users"))
    (root / "be/app.js").write_text(BACKEND)
    return root


def check(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(REPO / "server"), *filter(None, [os.environ.get("PYTHONPATH")])]))
    return subprocess.run([sys.executable, "-m", "routelink", "check", *args],
                          capture_output=True, env=env, timeout=300)


@posix_only
def test_symlinks_leading_outside_the_root_are_skipped_and_noted(tmp_path):
    root = workspace(tmp_path)
    outside = tmp_path / "outside"
    (outside / "pkg").mkdir(parents=True)
    (outside / "secret.ts").write_text(CALL.format("secret"))
    (outside / "pkg/more.ts").write_text(CALL.format("more"))
    os.symlink(outside / "secret.ts", root / "web/secret.ts")
    os.symlink(outside / "pkg", root / "web/pkg")
    os.symlink("/", root / "web/rootfs")
    index = index_workspace([root.as_posix()])
    assert sorted(os.path.relpath(p, root) for p in index.files) == ["be/app.js", "web/a.ts"]
    assert len(index.scan_notes) == 1 and "3 symbolic link(s) leading outside" in index.scan_notes[0]
    out = check("--format", "json", str(root))
    report = json.loads(out.stdout)
    assert any("symbolic link" in n for n in report["notes"])
    assert all(c["path"] != "/api/secret" for c in report["calls"])


@posix_only
def test_symlink_loops_and_links_inside_the_root(tmp_path):
    root = workspace(tmp_path)
    os.symlink(root / "web", root / "web/again")  # a folder linking to its parent
    os.symlink(root / "web/loop.ts", root / "web/loop.ts")  # a link to itself
    os.symlink(root / "web/x.ts", root / "web/y.ts")
    os.symlink(root / "web/y.ts", root / "web/x.ts")  # two links to each other
    os.symlink(root / "web/a.ts", root / "web/alias.ts")  # a file of the root: read
    result, _ = scan_root(root.as_posix())
    assert sorted(os.path.relpath(p, root) for p in result.sources) == [
        "be/app.js", "web/a.ts", "web/alias.ts"]
    assert result.outside == []


def test_a_file_is_read_only_up_to_the_limit(tmp_path):
    p = tmp_path / "big.js"
    p.write_bytes(b"x" * 5000)
    data = read_bytes(p.as_posix(), 1000)
    assert isinstance(data, Oversized) and len(data) == 1001 and data.size == 5000
    assert read_bytes(p.as_posix(), 5000) == b"x" * 5000
    assert read_bytes(p.as_posix()) == b"x" * 5000
    assert read_bytes((tmp_path / "gone.js").as_posix(), 10) is None


@posix_only
def test_a_fifo_is_never_opened_for_reading(tmp_path):
    fifo = tmp_path / "pipe.js"
    os.mkfifo(fifo)
    assert read_bytes(fifo.as_posix(), 100) is None  # returns at once, no writer needed


@posix_only
def test_a_2gb_sparse_file_does_not_take_memory(tmp_path):
    root = workspace(tmp_path)
    with open(root / "web/huge.js", "wb") as fh:
        fh.truncate(2 * 1024 ** 3)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = check(str(root))
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert out.returncode == 0, out.stderr
    # ru_maxrss of children is the largest child so far (KiB on Linux)
    assert max(rss_kb, before) < 512 * 1024, f"check used {rss_kb} KiB"
    index = index_workspace([root.as_posix()])
    errors = index.file_errors()[(root / "web/huge.js").as_posix()]
    assert errors == ("skipped: 2147483648 bytes is over the 1048576-byte limit",)


@posix_only
def test_file_names_that_are_not_utf8_or_hold_a_newline(tmp_path):
    root = workspace(tmp_path)
    (root / "web/a.ts").unlink()
    odd = os.path.join(os.fsencode(root / "web"), b"caf\xe9.ts")
    with open(odd, "wb") as fh:
        fh.write(CALL.format("nope").encode())
    (root / "web/two\nlines.ts").write_text(CALL.format("other"))
    out = check(str(root))
    assert out.returncode == 1, out.stderr
    assert b"Traceback" not in out.stderr
    lines = out.stdout.decode().splitlines()
    assert len(lines) == 4, lines  # three diagnostics and the summary, one line each
    assert any(line.startswith(f"{root}/web/caf\\xe9.ts:1:") for line in lines), lines
    assert any(line.startswith(f"{root}/web/two\\nlines.ts:1:") for line in lines), lines
    report = json.loads(check("--format", "json", str(root)).stdout)
    assert sorted(c["path"] for c in report["calls"]) == ["/api/nope", "/api/other"]


def test_uri_paths_are_normalized_and_any_name_round_trips():
    from routelink.lsp.convert import path_to_uri, uri_to_path

    assert uri_to_path("file:///ws/web/../../etc/passwd") == "/etc/passwd"
    assert uri_to_path("file:///ws/web/%2e%2e/%2e%2e/etc/passwd") == "/etc/passwd"
    assert uri_to_path("file:///ws/./web//a.ts") == "/ws/web/a.ts"
    for name in ["/ws/caf\udce9.ts", "/ws/a\nb.ts", "/ws/ü x#?.ts", "/ws/%41.ts"]:
        assert uri_to_path(path_to_uri(name)) == name
    assert path_to_uri("/ws/caf\udce9.ts") == "file:///ws/caf%E9.ts"


@posix_only
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "junit"])
def test_every_format_handles_a_file_name_that_is_not_utf8(tmp_path, fmt):
    root = workspace(tmp_path)
    odd = os.path.join(os.fsencode(root / "web"), b"caf\xe9\nx.ts")
    with open(odd, "wb") as fh:
        fh.write(CALL.format("nope").encode())
    out = check("--format", fmt, str(root))
    assert out.returncode == 1, out.stderr.decode(errors="replace")[-2000:]
    assert b"Traceback" not in out.stderr
    if fmt == "sarif":
        assert b"caf%E9%0Ax.ts" in out.stdout
