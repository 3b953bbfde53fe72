"""The JSON-RPC transport over stdio and the LSP life-cycle rules, hardened.

pygls' own stdio loop (``pygls.io_.run_async``) trusts every frame: a ``Content-Length``
that is too small, not a number, missing, written in lower case or followed by LF-only
separators leaves it reading message bodies as headers, and the server stays alive but
never answers again. This module replaces that loop for ``routelink serve``:

- :class:`FrameReader` reads frames from a binary stream. Header names are
  case-insensitive, lines may end with CRLF or LF, other headers are ignored. A frame
  with no usable ``Content-Length`` (missing, not a number, over
  :data:`MAX_MESSAGE_BYTES`) or whose body is not JSON is answered with a JSON-RPC
  ``-32700`` parse error (``id: null``), then the reader *resyncs*: it drops bytes up
  to the next ``Content-Length`` header (also one found inside a body that was too
  long or too short) and goes on. A body that is JSON but no JSON-RPC message object is
  answered ``-32600``.
- :func:`serve_stdio` runs the server: a reader thread feeds decoded messages to the
  event loop; at end of input (the editor died) or on ``exit`` the process ends at once
  (``os._exit``), whatever a worker thread is doing, after logging why; if the event
  loop itself is stuck in a handler, the reader thread ends the process after
  :data:`EXIT_GRACE_SECONDS`.
- :class:`RoutelinkProtocol` enforces the life cycle of the LSP specification:
  a request before ``initialize`` is answered ``-32002`` (server not initialized) and a
  notification then is dropped (``exit`` excepted); a second ``initialize`` and any
  request after ``shutdown`` are answered ``-32600`` (invalid request); a request whose
  params do not deserialize is answered ``-32602`` (invalid params) instead of being
  logged and forgotten.

Tested over real stdio with raw bytes in ``tests/e2e/test_protocol_abuse.py``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import select
import sys
import threading
import time
from typing import Any, BinaryIO

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

log = logging.getLogger(__name__)

#: a frame announcing a longer body is refused (and the stream resynced)
MAX_MESSAGE_BYTES = 256 * 1024 * 1024

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002

#: seconds a body may stay incomplete while a new frame's header already appears in it
#: before the frame is declared too long (its Content-Length overstated)
STALL_SECONDS = 0.5

_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:", re.IGNORECASE)
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9!#$%&'*+.^_`|~-]+[ \t]*:")
# a complete frame header inside bytes read as a body: a frame that starts there (at
# most 8 more header lines of at most 1 KiB: each attempt reads a bounded stretch)
_FRAME_START = re.compile(rb"content-length[ \t]*:[ \t]{0,64}\d{1,12}[ \t]{0,64}\r?\n"
                          rb"(?:[^\r\n]{0,1024}\r?\n){0,8}?\r?\n", re.IGNORECASE)


class FrameError(Exception):
    """A frame that cannot be read; ``str()`` says why (the message of the -32700)."""


class FrameReader:
    """Reads LSP frames (``Content-Length`` headers, blank line, body) from a binary
    stream, resyncing after a malformed one.

    :meth:`next` returns the body bytes of the next frame, raises :class:`FrameError`
    for a malformed frame (after which the next call resyncs) and returns None at end of
    input.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._buf = bytearray()
        self._eof = False
        self._resync = False
        self._searched = 0
        try:
            self._fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self._fd = None

    def _fill(self) -> bool:
        """Read more bytes into the buffer; False at end of input."""
        if self._eof:
            return False
        read1 = getattr(self._stream, "read1", None)
        chunk = read1(65536) if read1 is not None else self._stream.read(1)
        if not chunk:
            self._eof = True
            return False
        self._buf += chunk
        return True

    def _readable_soon(self, seconds: float) -> bool:
        """Whether more input arrives within ``seconds`` (True when it cannot be told)."""
        if self._fd is None:
            return not self._eof
        try:
            ready, _, _ = select.select([self._fd], [], [], seconds)
        except (OSError, ValueError):
            return True
        return bool(ready)

    def _line(self) -> bytes | None:
        """The next line without its terminator (CRLF or LF), None at end of input."""
        while True:
            i = self._buf.find(b"\n")
            if i >= 0:
                line = bytes(self._buf[:i])
                del self._buf[:i + 1]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self._buf) > 65536:  # no header line is this long: junk
                line = bytes(self._buf)
                self._buf.clear()
                return line
            if not self._fill():
                return None

    def _skip_to_frame(self) -> bool:
        """Drop bytes up to the next ``Content-Length`` header; False at end of input."""
        while True:
            m = _CONTENT_LENGTH.search(self._buf)
            if m is not None:
                if m.start():
                    log.warning("dropped %d bytes of a malformed frame", m.start())
                del self._buf[:m.start()]
                return True
            keep = 32  # a header split across two reads
            if len(self._buf) > keep:
                del self._buf[:len(self._buf) - keep]
            if not self._fill():
                self._buf.clear()
                return False

    def next(self) -> bytes | None:
        """The body of the next frame (see the class docstring)."""
        if self._resync:
            self._resync = False
            if not self._skip_to_frame():
                return None
        # headers
        length: int | None = None
        problem: str | None = None
        first = True
        while True:
            line = self._line()
            if line is None:
                return None
            if not line.strip():
                if first:
                    continue  # blank lines between frames
                break
            if first and not _HEADER_LINE.match(line):
                # the rest of a body whose Content-Length was too small, or junk
                m = _CONTENT_LENGTH.search(line)
                log.warning("dropped %d bytes that are no frame header", m.start() if m else len(line))
                if m is None:
                    continue
                line = line[m.start():]
            first = False
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                text = value.strip()
                if not text.isdigit():
                    problem = f"Content-Length is not a number: {text[:40]!r}"
                elif int(text) > MAX_MESSAGE_BYTES:
                    problem = f"Content-Length {int(text)} is over the {MAX_MESSAGE_BYTES}-byte limit"
                else:
                    length = int(text)
        if problem is None and length is None:
            problem = "missing Content-Length header"
        if problem is not None:
            self._resync = True
            raise FrameError(problem)
        return self._body(length)

    def _body(self, length: int) -> bytes | None:
        self._searched = 0
        while len(self._buf) < length:
            if not self._eof and self._stalled_on_next_frame():
                # the Content-Length overstated the body: a new frame began inside it
                m = _FRAME_START.search(self._buf)
                del self._buf[:m.start() if m is not None else len(self._buf)]
                raise FrameError(f"Content-Length {length} is longer than the message")
            if not self._fill():
                return None
        body = bytes(self._buf[:length])
        del self._buf[:length]
        try:
            json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: nested too deeply
            # too short (the rest is read as junk before the next header) or too long (a
            # frame starts inside): resync on the first header found in or after it
            m = _FRAME_START.search(body)
            if m is not None:
                self._buf[:0] = body[m.start():]
            raise FrameError("message body is not valid JSON") from None
        return body

    def _stalled_on_next_frame(self) -> bool:
        """No more input is waiting, the body read so far is already a whole message (or
        a new frame begins in it), and nothing more comes for :data:`STALL_SECONDS`: its
        Content-Length overstated it. Cheap while input keeps coming (one ``select``)."""
        if self._readable_soon(0):
            return False
        tail = bytes(self._buf[-64:]).rstrip()
        if not (tail.endswith(b"}") and _is_json(self._buf)):
            # a header inside the body: look only at what came since the last look
            start = max(0, self._searched - 256)
            self._searched = len(self._buf)
            if _FRAME_START.search(self._buf, start) is None:
                return False
        return not self._readable_soon(STALL_SECONDS)


def _is_json(data: bytes | bytearray) -> bool:
    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def error_frame(msg_id: Any, code: int, message: str) -> bytes:
    """One JSON-RPC error response, framed."""
    body = json.dumps({"jsonrpc": "2.0", "id": msg_id,
                       "error": {"code": code, "message": message}}).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class RoutelinkProtocol(LanguageServerProtocol):
    """pygls' language server protocol with the LSP life-cycle rules enforced and
    deserialization errors answered (see the module docstring)."""

    def __init__(self, server, converter) -> None:
        super().__init__(server, converter)
        self._initialize_seen = False

    def send_error(self, msg_id: Any, code: int, message: str) -> None:
        """Answer request ``msg_id`` (None: a message whose id is unknown) with an error."""
        self._send_data({"jsonrpc": "2.0", "id": msg_id,
                         "error": {"code": code, "message": message}})

    def handle_raw(self, data: Any) -> None:
        """Handle one decoded JSON value: check it is a JSON-RPC message, deserialize it
        (answering -32602 for params of the wrong shape) and dispatch it."""
        if not isinstance(data, dict) or data.get("jsonrpc") != "2.0":
            self.send_error(None, INVALID_REQUEST, "not a JSON-RPC 2.0 message object")
            return
        msg_id = data.get("id")
        if not isinstance(msg_id, (int, str)) or isinstance(msg_id, bool):
            msg_id = None
        is_request = "id" in data and "method" in data
        method = data.get("method")
        if "method" in data and not isinstance(method, str):
            if is_request:
                self.send_error(msg_id, INVALID_REQUEST, "'method' must be a string")
            return
        if is_request and not self._lifecycle_allows(msg_id, method):
            return
        if not is_request and isinstance(method, str) and not self._notification_allowed(method):
            return
        try:
            message = self.structure_message(data)
        except (JsonRpcException, RecursionError) as exc:
            log.error("cannot deserialize %s: %s", method or "a message", exc)
            if is_request:
                code = INVALID_PARAMS if "params" in data else INVALID_REQUEST
                self.send_error(msg_id, code, f"invalid params for {method}")
            return
        self.handle_message(message)

    def _lifecycle_allows(self, msg_id: Any, method: str) -> bool:
        if self._shutdown:
            self.send_error(msg_id, INVALID_REQUEST, f"{method}: the server is shutting down")
            return False
        if method == types.INITIALIZE:
            if self._initialize_seen:
                self.send_error(msg_id, INVALID_REQUEST, "initialize was already received")
                return False
            self._initialize_seen = True
            return True
        if not self._initialize_seen:
            self.send_error(msg_id, SERVER_NOT_INITIALIZED,
                            f"{method}: the server is not initialized")
            return False
        return True

    def _notification_allowed(self, method: str) -> bool:
        if method == types.EXIT:
            return True
        if not self._initialize_seen or self._shutdown:
            log.warning("dropped notification %s %s", method,
                        "after shutdown" if self._shutdown else "before initialize")
            return False
        return True


def serve_stdio(server, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Serve ``server`` (a pygls server whose protocol is :class:`RoutelinkProtocol`)
    over stdio until ``exit`` or end of input; then end the process."""
    from pygls.io_ import StdoutWriter

    stdin = stdin or sys.stdin.buffer
    protocol = server.protocol
    protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

    async def main() -> int:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[int] = loop.create_future()

        def dispatch(body: bytes | None, error: str | None) -> None:
            if error is not None:
                protocol.send_error(None, PARSE_ERROR, f"parse error: {error}")
                return
            try:
                protocol.handle_raw(json.loads(body))
            except SystemExit as exc:  # pygls' own exit handler
                if not done.done():
                    done.set_result(exc.code if isinstance(exc.code, int) else 1)
            except Exception:  # noqa: BLE001 - one bad message must not stop the server
                log.exception("error handling a message")

        def read() -> None:
            reader = FrameReader(stdin)
            while True:
                try:
                    body = reader.next()
                except FrameError as exc:
                    log.warning("malformed frame: %s", exc)
                    loop.call_soon_threadsafe(dispatch, None, str(exc))
                    continue
                except Exception:  # noqa: BLE001
                    log.exception("reading stdin failed")
                    body = None
                if body is None:
                    log.info("end of input: the client is gone")
                    loop.call_soon_threadsafe(
                        lambda: done.done() or done.set_result(0 if protocol._shutdown else 1))
                    _exit_unless_loop_does(lambda: 0 if protocol._shutdown else 1)
                    return
                loop.call_soon_threadsafe(dispatch, body, None)
                if b'"exit"' in body and _is_exit(body):
                    _exit_unless_loop_does(lambda: 0 if protocol._shutdown else 1)
                    return

        threading.Thread(target=read, name="routelink-stdin", daemon=True).start()
        _terminate(await done)
        return 1  # not reached

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        _terminate(130)
    except BrokenPipeError:
        log.error("the client closed its end of the pipe: exiting")
    except Exception:  # noqa: BLE001
        log.exception("the server loop failed: exiting")
    _terminate(1)


#: seconds the event loop has to end the process after ``exit`` or end of input before
#: the reader thread does (the loop may be stuck in a long synchronous computation)
EXIT_GRACE_SECONDS = 2.0


def _is_exit(body: bytes) -> bool:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and data.get("method") == types.EXIT and "id" not in data


def _exit_unless_loop_does(code) -> None:
    """From the reader thread: give the event loop :data:`EXIT_GRACE_SECONDS` to end the
    process, then end it here (``code()`` gives the status). A handler stuck on the loop
    (a parse that never returns) must not keep a server alive whose client is gone."""
    time.sleep(EXIT_GRACE_SECONDS)
    log.warning("the event loop did not stop in %.0f s (a handler is busy): exiting anyway",
                EXIT_GRACE_SECONDS)
    _terminate(code())


def _terminate(code: int) -> None:
    """End the process now with ``code``: never wait for worker threads (a parse may be
    running, and asyncio would wait for its default executor) once the client is gone
    or asked to exit."""
    log.info("exiting with status %d", code)
    logging.shutdown()
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001
        pass
    os._exit(code)
