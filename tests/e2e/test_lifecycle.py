"""The server does not outlive its editor: it exits when the client process is gone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def _message(payload: dict) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_server_exits_when_the_client_process_dies(tmp_path):
    client = subprocess.Popen([sys.executable, "-c", "pass"])
    client.wait()  # a process id that no longer exists
    server = subprocess.Popen(
        [sys.executable, "-m", "routelink", "serve"], stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "ROUTELINK_CLIENT_CHECK_SECONDS": "0.2"})
    try:
        server.stdin.write(_message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": client.pid, "rootUri": tmp_path.as_uri(), "capabilities": {}}}))
        server.stdin.write(_message({"jsonrpc": "2.0", "method": "initialized", "params": {}}))
        server.stdin.flush()  # stdin stays open: only the client check can end the server
        deadline = time.monotonic() + 30
        while server.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.returncode == 1
    finally:
        if server.poll() is None:
            server.kill()
