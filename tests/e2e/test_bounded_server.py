"""The language server never freezes on a file its parser cannot finish (issue 13,
item 1): with the file on disk and open in the editor, requests are answered within
the parse budget and ``exit`` ends the process."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time

from tests.core.test_bounded import HEALTHY, TSX_LOOP

#: generous: the parse budget is 1 s here
ANSWER_SECONDS = 30.0


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _reader(stream, out: queue.Queue) -> None:
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            chunk = stream.read(1)
            if not chunk:
                out.put(None)
                return
            header += chunk
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        out.put(json.loads(stream.read(length)))


def _wait(messages: queue.Queue, accept, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            msg = messages.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg is None:
            raise AssertionError("the server closed its output")
        if accept(msg):
            return msg
    raise AssertionError(f"no answer within {seconds:.0f} s")


def test_a_file_the_parser_cannot_finish_does_not_freeze_the_server(tmp_path):
    for rel, text in {**HEALTHY, "frontend/loop.tsx": TSX_LOOP}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    server = subprocess.Popen(
        [sys.executable, "-m", "routelink", "serve"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        env={**os.environ, "ROUTELINK_PARSE_TIMEOUT": "1"})
    messages: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(server.stdout, messages), daemon=True).start()

    def send(payload: dict) -> None:
        server.stdin.write(_message(payload))
        server.stdin.flush()

    try:
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": tmp_path.as_uri(), "capabilities": {}}})
        _wait(messages, lambda m: m.get("id") == 1, ANSWER_SECONDS)
        send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        # indexing (in a worker thread) finishes: the loop file is cut by its budget
        diagnostics = _wait(messages, lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"].endswith("loop.tsx"), ANSWER_SECONDS)
        assert [d["code"] for d in diagnostics["params"]["diagnostics"]] == ["file-skipped"]
        # the editor opens it (extracted on the server's event loop) and types into it
        uri = (tmp_path / "frontend/loop.tsx").as_uri()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "typescriptreact", "version": 1, "text": TSX_LOOP}}})
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"text": TSX_LOOP + "\n" * 40}]}})
        started = time.monotonic()
        send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": uri}, "position": {"line": 0, "character": 2}}})
        _wait(messages, lambda m: m.get("id") == 2, ANSWER_SECONDS)
        send({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": None})
        _wait(messages, lambda m: m.get("id") == 3, ANSWER_SECONDS)
        send({"jsonrpc": "2.0", "method": "exit", "params": None})
        server.wait(timeout=ANSWER_SECONDS)
        assert time.monotonic() - started < ANSWER_SECONDS
        assert server.returncode == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
