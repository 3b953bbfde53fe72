"""The server over real stdio, fed raw bytes: malformed frames are answered with a
JSON-RPC error and the stream resyncs (never a live, deaf server); the LSP life-cycle
rules (-32002 before initialize, -32600 after shutdown, -32602 on bad params); and the
process ends at end of input or on ``exit`` even while a worker thread is busy."""

from __future__ import annotations

import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
import time

import pytest

REPO = pathlib.Path(os.environ.get("ROUTELINK_TEST_REPO") or pathlib.Path(__file__).resolve().parents[2])
TIMEOUT = float(os.environ.get("ROUTELINK_TEST_TIMEOUT", "15"))


def frame(obj, *, header: bytes | None = None) -> bytes:
    body = json.dumps(obj).encode()
    if header is None:
        header = b"Content-Length: %d\r\n\r\n" % len(body)
    return header + body


def request(msg_id, method, params=None) -> dict:
    msg = {"jsonrpc": "2.0", "id": msg_id, "method": method}
    if params is not None:
        msg["params"] = params
    return msg


def initialize(msg_id=1, root: str | None = None) -> dict:
    return request(msg_id, "initialize", {
        "processId": None, "rootUri": None if root is None else pathlib.Path(root).as_uri(),
        "capabilities": {}, "workspaceFolders": None})


class RawServer:
    """``python -m routelink serve`` with raw pipes; a thread parses what it sends."""

    def __init__(self, cwd: pathlib.Path, env: dict | None = None) -> None:
        environ = dict(os.environ)
        environ["PYTHONPATH"] = os.pathsep.join(
            [str(REPO / "server"), *filter(None, [environ.get("PYTHONPATH")])])
        environ.update(env or {})
        self.proc = subprocess.Popen([sys.executable, "-m", "routelink", "serve", "--log-level", "info"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=environ)
        self.messages: queue.Queue = queue.Queue()
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            self.messages.put(json.loads(out.read(length)))

    def _read_err(self) -> None:
        for line in self.proc.stderr:
            self.stderr += line

    def send(self, data: bytes) -> None:
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def wait(self, pred, what: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {what} from the server; stderr:\n{self.stderr.decode(errors='replace')[-3000:]}")
            try:
                msg = self.messages.get(timeout=left)
            except queue.Empty:
                continue
            if pred(msg):
                return msg

    def response(self, msg_id) -> dict:
        return self.wait(lambda m: m.get("id") == msg_id and ("result" in m or "error" in m),
                         f"response to {msg_id!r}")

    def error(self, code: int) -> dict:
        return self.wait(lambda m: "error" in m and m["error"]["code"] == code, f"error {code}")

    def close(self) -> int:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
        try:
            return self.proc.wait(TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture
def server(tmp_path):
    s = RawServer(tmp_path)
    yield s
    s.close()


def handshake(s: RawServer, root) -> None:
    s.send(frame(initialize(1, str(root))))
    assert "capabilities" in s.response(1)["result"]
    s.send(frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}))


def alive(s: RawServer, msg_id) -> None:
    """The server still answers a well-formed request."""
    s.send(frame(request(msg_id, "workspace/symbol", {"query": "x"})))
    assert "result" in s.response(msg_id)


BAD_FRAMES = {
    "content-length too small": lambda body: b"Content-Length: %d\r\n\r\n" % (len(body) - 5) + body,
    "content-length not a number": lambda body: b"Content-Length: twelve\r\n\r\n" + body,
    "content-length missing": lambda body: b"Content-Type: application/json\r\n\r\n" + body,
    "content-length too large": lambda body: b"Content-Length: %d\r\n\r\n" % (len(body) + 40) + body,
    "body not json": lambda body: b"Content-Length: 9\r\n\r\n{not json",
    "json but no message": lambda body: b"Content-Length: 7\r\n\r\n[1,2,3]",
    "nested too deeply": lambda body: frame_bytes(
        b'{"jsonrpc":"2.0","id":7,"method":"workspace/symbol","params":{"query":'
        + b"[" * 200000 + b"]" * 200000 + b"}}"),
    "not utf-8": lambda body: frame_bytes(body.replace(b'"a"', b'"\xff\xfe"')),
    "huge content-length": lambda body: b"Content-Length: 99999999999999\r\n\r\n" + body,
    "empty body": lambda body: b"Content-Length: 0\r\n\r\n",
}


def frame_bytes(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


@pytest.mark.parametrize("kind", list(BAD_FRAMES))
def test_a_malformed_frame_is_answered_and_the_stream_resyncs(server, tmp_path, kind):
    handshake(server, tmp_path)
    body = json.dumps(request(7, "workspace/symbol", {"query": "a"})).encode()
    server.send(BAD_FRAMES[kind](body))
    code = -32600 if kind == "json but no message" else -32700
    err = server.error(code)
    assert err["id"] is None and err["error"]["message"]
    # the next well-formed requests are answered
    alive(server, 8)
    alive(server, 9)
    assert server.proc.poll() is None


@pytest.mark.parametrize("header", [b"content-length: %d\r\n\r\n", b"Content-Length: %d\n\n",
                                    b"CONTENT-LENGTH:%d\r\nContent-Type: x\r\n\r\n"])
def test_lenient_headers_are_read(server, tmp_path, header):
    """Lower-case names and LF-only separators are understood, not rejected."""
    handshake(server, tmp_path)
    body = json.dumps(request(5, "workspace/symbol", {"query": "a"})).encode()
    server.send(header % len(body) + body)
    assert "result" in server.response(5)
    alive(server, 6)


def test_garbage_between_frames_is_skipped(server, tmp_path):
    handshake(server, tmp_path)
    server.send(b"hello\r\n\x00\xff garbage " * 10)
    alive(server, 2)


def test_a_request_before_initialize_is_refused_with_32002(server, tmp_path):
    server.send(frame(request(1, "textDocument/hover", {
        "textDocument": {"uri": (tmp_path / "a.ts").as_uri()}, "position": {"line": 0, "character": 0}})))
    err = server.response(1)
    assert err["error"]["code"] == -32002
    handshake_id = 2
    server.send(frame(initialize(handshake_id, str(tmp_path))))
    assert "result" in server.response(handshake_id)


def test_requests_after_shutdown_get_invalid_request(server, tmp_path):
    handshake(server, tmp_path)
    server.send(frame(request(2, "shutdown")))
    assert server.response(2)["result"] is None
    server.send(frame(request(3, "workspace/symbol", {"query": "x"})))
    assert server.response(3)["error"]["code"] == -32600
    server.send(frame({"jsonrpc": "2.0", "method": "exit"}))
    assert server.proc.wait(TIMEOUT) == 0


def test_a_second_initialize_is_refused(server, tmp_path):
    handshake(server, tmp_path)
    server.send(frame(initialize(2, str(tmp_path))))
    assert server.response(2)["error"]["code"] == -32600


@pytest.mark.parametrize("params", [{"querx": "a"}, {"textDocument": "nope"}, [1, 2]])
def test_params_that_do_not_deserialize_get_32602(server, tmp_path, params):
    handshake(server, tmp_path)
    method = "workspace/symbol" if "querx" in params else "textDocument/hover"
    server.send(frame(request(4, method, params)))
    assert server.response(4)["error"]["code"] == -32602
    alive(server, 5)


SLOW_SITECUSTOMIZE = """
import threading, time
import routelink.index.incremental as inc
_real = inc.index_workspace
def slow(*a, **k):
    while True:  # a worker that never finishes (a parse stuck in a grammar)
        time.sleep(0.05)
inc.index_workspace = slow
import routelink.lsp.server as srv
srv.index_workspace = slow
"""


@pytest.fixture
def busy_server(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_SITECUSTOMIZE)
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.ts").write_text("export const f = () => fetch('/api/x');\n")
    environ = {"PYTHONPATH": os.pathsep.join([str(hook), str(REPO / "server"),
                                              *filter(None, [os.environ.get("PYTHONPATH")])])}
    s = RawServer(ws, environ)
    yield s, ws
    s.close()


def test_end_of_input_ends_the_server_while_a_worker_is_busy(busy_server):
    s, ws = busy_server
    handshake(s, ws)
    time.sleep(0.5)  # the index worker is running (forever)
    s.proc.stdin.close()
    assert s.proc.wait(TIMEOUT) == 1  # no shutdown before: status 1
    assert b"end of input" in s.stderr or s.stderr is not None


def test_exit_ends_the_server_while_a_worker_is_busy(busy_server):
    s, ws = busy_server
    handshake(s, ws)
    time.sleep(0.5)
    s.send(frame(request(2, "shutdown")))
    s.response(2)
    s.send(frame({"jsonrpc": "2.0", "method": "exit"}))
    assert s.proc.wait(TIMEOUT) == 0


STUCK_SITECUSTOMIZE = """
import routelink.lsp.server as srv
def stuck(self, path):
    while True:  # a handler that never returns, on the event loop itself
        pass
srv.RoutelinkServer.open_document = stuck
"""


@pytest.fixture
def stuck_server(tmp_path):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(STUCK_SITECUSTOMIZE)
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.ts").write_text("export const f = () => fetch('/api/x');\n")
    environ = {"PYTHONPATH": os.pathsep.join([str(hook), str(REPO / "server"),
                                              *filter(None, [os.environ.get("PYTHONPATH")])])}
    s = RawServer(ws, environ)
    handshake(s, ws)
    s.send(frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": (ws / "a.ts").as_uri(), "languageId": "typescript", "version": 1,
        "text": "export const f = () => fetch('/api/x');\n"}}}))
    time.sleep(0.5)  # the loop is now stuck in the handler
    yield s
    s.close()


def test_end_of_input_ends_the_server_while_the_event_loop_is_stuck(stuck_server):
    stuck_server.proc.stdin.close()
    assert stuck_server.proc.wait(TIMEOUT) == 1


def test_exit_ends_the_server_while_the_event_loop_is_stuck(stuck_server):
    stuck_server.send(frame({"jsonrpc": "2.0", "method": "exit"}))
    assert stuck_server.proc.wait(TIMEOUT) == 1  # no shutdown was answered
