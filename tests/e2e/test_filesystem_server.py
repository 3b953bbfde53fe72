"""The server and the file system, over real stdio: a file name that is not UTF-8 does
not stop diagnostics (``ready`` is sent, the file's diagnostics are published under a
URI that round-trips), and neither a ``..`` URI nor a symbolic link brings a file from
outside the workspace folders into the index."""

from __future__ import annotations

import os
import pathlib
from urllib.parse import quote

import pytest

from .test_protocol_abuse import RawServer, frame, request

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file names and links")

CALL = "export const f = () => fetch('/api/{}');\n"
BACKEND = "const app = require('express')();\napp.get('/api/users', (req, res) => res.json([]));\n"


def workspace(tmp_path: pathlib.Path) -> pathlib.Path:
    root = tmp_path / "ws"
    (root / "web").mkdir(parents=True)
    (root / "be").mkdir()
    (root / "web/package.json").write_text('{"dependencies": {"react": "18"}}')
    (root / "web/a.ts").write_text(CALL.format("users"))
    (root / "be/app.js").write_text(BACKEND)
    return root


def file_uri(path: bytes | str) -> str:
    return "file://" + quote(os.fsencode(path))


def start(root: pathlib.Path) -> RawServer:
    s = RawServer(root)
    s.send(frame(request(1, "initialize", {"processId": None, "rootUri": file_uri(str(root)),
                                           "capabilities": {}})))
    s.response(1)
    s.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
    return s


def ready(s: RawServer) -> dict:
    return s.wait(lambda m: m.get("method") == "routelink/status" and m["params"]["state"] == "ready",
                  "routelink/status ready")


def published(s: RawServer, until_id) -> dict[str, list]:
    """The diagnostics published until the response to request ``until_id``."""
    out = {}
    while True:
        m = s.wait(lambda m: True, "a message")
        if m.get("method") == "textDocument/publishDiagnostics":
            out[m["params"]["uri"]] = m["params"]["diagnostics"]
        if m.get("id") == until_id and ("result" in m or "error" in m):
            return out


@posix_only
def test_a_file_name_that_is_not_utf8_does_not_stop_diagnostics(tmp_path):
    root = workspace(tmp_path)
    odd = os.path.join(os.fsencode(root / "web"), b"caf\xe9.ts")
    with open(odd, "wb") as fh:
        fh.write(CALL.format("nope").encode())
    s = start(root)
    try:
        status = ready(s)
        assert status["params"]["files"] == 3
        s.send(frame(request(2, "workspace/symbol", {"query": "zzz"})))
        s.response(2)
    finally:
        s.close()
    text = s.stderr.decode(errors="replace")
    assert "Traceback" not in text, text[-2000:]


@posix_only
def test_dotdot_uris_and_symlinks_do_not_bring_outside_files_in(tmp_path):
    root = workspace(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.ts").write_text(CALL.format("evil"))
    os.symlink(outside / "evil.ts", root / "web/link.ts")
    s = start(root)
    try:
        ready(s)
        dotdot = file_uri(str(root / "web")) + "/../../outside/evil.ts"
        s.send(frame({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {
            "changes": [{"uri": dotdot, "type": 1}, {"uri": file_uri(str(root / "web/link.ts")), "type": 2}]}}))
        s.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": dotdot, "languageId": "typescript", "version": 1, "text": CALL.format("evil2")}}}))
        s.send(frame(request(2, "workspace/symbol", {"query": "zzz"})))
        got = published(s, 2)
        import time
        time.sleep(0.5)  # a didOpen is applied after a (zero) debounce: let it run
        s.send(frame(request(3, "routelink/report", {})))
        got.update(published(s, 3))
        s.send(frame(request(4, "routelink/report", {})))
        report = s.response(4)["result"]
    finally:
        s.close()
    assert not any("evil" in uri or "outside" in uri or "link.ts" in uri for uri in got), got
    assert sorted(c["path"] for c in report["calls"]) == ["/api/users"], report["calls"]


@pytest.mark.parametrize("name,data", [("routelink.toml", b"exclude = ['!']\n"),
                                       ("routelink.toml", b"exclude = [\"\xff\"]\n"),
                                       ("pyproject.toml", b"[tool]\nroutelink = 5\n")])
def test_a_bad_config_file_is_shown_and_the_workspace_indexed_with_defaults(tmp_path, name, data):
    root = workspace(tmp_path)
    (root / name).write_bytes(data)
    s = start(root)
    try:
        shown = s.wait(lambda m: m.get("method") == "window/showMessage", "window/showMessage")
        status = ready(s)
    finally:
        s.close()
    assert shown["params"]["type"] == 1 and name in shown["params"]["message"]
    assert "\n" not in shown["params"]["message"]
    assert status["params"]["files"] == 2  # a.ts, app.js
    assert "Traceback" not in s.stderr.decode(errors="replace")


def test_a_file_changed_on_disk_in_a_gitignored_folder_stays_out(tmp_path):
    """Incremental equals fresh for disk events: a file a fresh scan would skip (its
    folder is in .gitignore) is not indexed when the watcher reports it."""
    root = workspace(tmp_path)
    (root / ".gitignore").write_text("web/gen/\n*.local.ts\n")
    (root / "web/gen").mkdir()
    s = start(root)
    try:
        ready(s)
        for rel in ["web/gen/client.ts", "web/x.local.ts"]:
            (root / rel).write_text(CALL.format("generated"))
        s.send(frame({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {
            "changes": [{"uri": file_uri(str(root / "web/gen/client.ts")), "type": 1},
                        {"uri": file_uri(str(root / "web/x.local.ts")), "type": 1}]}}))
        s.send(frame(request(2, "routelink/report", {})))
        report = s.response(2)["result"]
    finally:
        s.close()
    assert sorted(c["path"] for c in report["calls"]) == ["/api/users"], report["calls"]


def test_a_changed_gitignore_re_indexes_the_workspace(tmp_path):
    root = workspace(tmp_path)
    s = start(root)
    try:
        ready(s)
        (root / ".gitignore").write_text("web/\n")
        s.send(frame({"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {
            "changes": [{"uri": file_uri(str(root / ".gitignore")), "type": 1}]}}))
        ready(s)  # indexed again
        s.send(frame(request(2, "routelink/report", {})))
        report = s.response(2)["result"]
    finally:
        s.close()
    assert report["calls"] == []
