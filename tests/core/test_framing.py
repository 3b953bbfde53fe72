"""The stdio frame reader resyncs after any corruption: seeded random damage to one
frame of a stream (bytes flipped, dropped or inserted in its header or body, a wrong
Content-Length, CR removed, junk between frames) never costs more than the damaged frame
and the one after it, and the reader never hangs or raises.
``ROUTELINK_FRAMING_CASES`` runs more cases."""

from __future__ import annotations

import io
import json
import os
import random

import pytest

from routelink.lsp.transport import FrameError, FrameReader

CASES = int(os.environ.get("ROUTELINK_FRAMING_CASES", "300"))


def frame(i: int) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", "id": i, "method": "workspace/symbol",
                       "params": {"query": f"q{i}" * (i % 7)}}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def damage(rng: random.Random, data: bytes) -> bytes:
    kind = rng.randrange(7)
    header_end = data.index(b"\r\n\r\n") + 4
    if kind == 0:  # a wrong Content-Length
        n = int(data[16:header_end - 4]) + rng.choice([-9, -1, 1, 9])
        return b"Content-Length: %d\r\n\r\n" % max(n, 0) + data[header_end:]
    if kind == 1:  # no CR
        return data.replace(b"\r", b"")
    if kind == 2:  # a byte flipped anywhere
        i = rng.randrange(len(data))
        return data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
    if kind == 3:  # bytes dropped
        i = rng.randrange(len(data))
        return data[:i] + data[i + rng.randint(1, 8):]
    if kind == 4:  # junk before the frame
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 40))) + data
    if kind == 5:  # the header name damaged
        return data.replace(b"Content-Length", rng.choice([b"Content-Lenght", b"content-length",
                                                           b"Content_Length", b""]), 1)
    return data[:rng.randrange(len(data))]  # truncated


@pytest.mark.parametrize("seed", range(CASES))
def test_one_damaged_frame_costs_at_most_two(seed):
    rng = random.Random(seed)
    frames = [frame(i) for i in range(8)]
    bad = rng.randrange(1, 5)
    stream = b"".join(frames[:bad]) + damage(rng, frames[bad]) + b"".join(frames[bad + 1:])
    reader = FrameReader(io.BufferedReader(io.BytesIO(stream)))
    ids = []
    for _ in range(100):
        try:
            body = reader.next()
        except FrameError:
            continue
        if body is None:
            break
        try:
            ids.append(json.loads(body)["id"])
        except (ValueError, KeyError, TypeError):
            pass
    else:
        pytest.fail("the reader did not reach the end of the stream")
    assert ids[:bad] == list(range(bad))
    assert set(range(bad + 2, 8)) <= set(ids), (ids, stream[:300])
