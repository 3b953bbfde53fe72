"""A minimal LSP client over stdio for the benchmarks: JSON-RPC framing, a reader thread
that timestamps every message the server sends, and answers to the server's requests.

Only the standard library: the benchmark must measure the server, not a client library.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from typing import Any, Callable


class LspClient:
    """One ``routelink serve`` process driven over stdio.

    ``notes`` is the list of (monotonic arrival time, method, params) of every
    notification the server sent; :meth:`wait` blocks until a predicate over a new
    notification holds.
    """

    def __init__(self, command: list[str], env: dict[str, str] | None = None,
                 cwd: str | None = None) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        self.notes: list[tuple[float, str, Any]] = []
        self._responses: dict[int, Any] = {}
        self._cond = threading.Condition()
        self._next_id = 0
        self._write_lock = threading.Lock()
        self.closed = False
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------------ framing

    def _send(self, msg: dict) -> None:
        body = json.dumps(msg).encode("utf-8")
        with self._write_lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()

    def _read_loop(self) -> None:
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        raise EOFError
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                body = out.read(length)
                now = time.monotonic()
                msg = json.loads(body)
                if "method" in msg and "id" in msg:
                    self._answer(msg)
                elif "method" in msg:
                    with self._cond:
                        self.notes.append((now, msg["method"], msg.get("params")))
                        self._cond.notify_all()
                else:
                    with self._cond:
                        self._responses[msg["id"]] = msg
                        self._cond.notify_all()
        except (EOFError, ValueError, OSError):
            with self._cond:
                self.closed = True
                self._cond.notify_all()

    def _answer(self, msg: dict) -> None:
        method = msg["method"]
        result: Any = None
        if method == "workspace/configuration":
            result = [{} for _ in msg["params"].get("items", [])]
        with self._cond:
            self.notes.append((time.monotonic(), method, msg.get("params")))
            self._cond.notify_all()
        self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    # ------------------------------------------------------------------ API

    def request(self, method: str, params: Any, timeout: float = 600) -> Any:
        """Send a request and wait for its result."""
        with self._cond:
            self._next_id += 1
            rid = self._next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self._cond:
            while rid not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise TimeoutError(f"no answer to {method}")
                self._cond.wait(left)
            return self._responses.pop(rid).get("result")

    def notify(self, method: str, params: Any) -> float:
        """Send a notification; returns the monotonic time it was written."""
        t = time.monotonic()
        self._send({"jsonrpc": "2.0", "method": method, "params": params})
        return t

    def wait(self, predicate: Callable[[float, str, Any], bool], start: int = 0,
             timeout: float = 600) -> tuple[int, float, str, Any]:
        """The first notification at position >= ``start`` for which ``predicate(time,
        method, params)`` holds: (position, time, method, params). Raises TimeoutError."""
        deadline = time.monotonic() + timeout
        i = start
        with self._cond:
            while True:
                while i < len(self.notes):
                    t, method, params = self.notes[i]
                    if predicate(t, method, params):
                        return i, t, method, params
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    raise TimeoutError("timed out waiting for the server")
                self._cond.wait(left)

    def mark(self) -> int:
        """The position of the next notification (for :meth:`wait`)."""
        with self._cond:
            return len(self.notes)

    def close(self) -> None:
        """shutdown + exit, then wait for the process (killed after 10 s)."""
        try:
            self.request("shutdown", None, timeout=30)
            self.notify("exit", None)
        except (TimeoutError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def tree_rss_kib(pid: int) -> int:
    """Resident set size in KiB of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        p = int(entry)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, ()))
    return total


def cpu_ns(pid: int) -> int:
    """CPU time in ns of all threads of a process (Linux ``/proc/<pid>/task/*/schedstat``):
    unlike wall time, hardly changed by other processes competing for the cores."""
    total = 0
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
                total += int(fh.read().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total
