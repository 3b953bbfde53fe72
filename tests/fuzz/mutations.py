"""Seeded mutations of real source files, for the fuzz tests.

A case is a file of the corpus (the bundled examples' sources) with one to three
mutations applied; everything about it derives from ``random.Random(f"{seed}:{index}")``,
so ``(seed, index)`` reproduces it alone (:func:`make_case`). The mutations are the
damage an editor, a generator or a hostile file brings: deletions, insertions,
truncation, bracket and quote noise, NUL bytes, invalid UTF-8, a BOM, CRLF and lone CR
line ends, deep nesting and huge lines.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from routelink.syntax import language_for_path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def corpus() -> list[Path]:
    """The source files of the bundled examples (sorted: the same list on every run)."""
    return sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and language_for_path(p)
                  and "node_modules" not in p.parts)


@dataclass(frozen=True)
class Case:
    """One fuzz case: the corpus file it mutates, the mutated bytes, what was done."""

    seed: int
    index: int
    source: Path
    data: bytes
    mutations: tuple[str, ...]

    def describe(self) -> str:
        """Where the case comes from and how to run it alone."""
        rel = self.source.relative_to(REPO)
        return (f"fuzz case {self.index} (seed {self.seed}): {rel} with {', '.join(self.mutations)}; "
                f"reproduce with tests.fuzz.mutations.make_case({self.seed}, {self.index}) or "
                f"ROUTELINK_FUZZ_SEED={self.seed} pytest tests/fuzz --fuzz-cases {self.index + 1}")


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def delete(rng, data, files):
    a = _pos(rng, data)
    n = rng.choice([1, 2, 5, 20, 200])
    return data[:a] + data[a + n:], f"delete {n} at {a}"


def insert(rng, data, files):
    other = rng.choice(files).read_bytes()
    a, b = sorted((_pos(rng, other), _pos(rng, other)))
    b = min(b, a + 400)
    at = _pos(rng, data)
    return data[:at] + other[a:b] + data[at:], f"insert {b - a} bytes at {at}"


def truncate(rng, data, files):
    at = _pos(rng, data)
    return data[:at], f"truncate at {at}"


def _sprinkle(rng, data, alphabet: bytes, name: str):
    out = bytearray(data)
    count = rng.randint(1, 20)
    for _ in range(count):
        at = rng.randint(0, len(out))
        out[at:at] = bytes([rng.choice(alphabet)])
    return bytes(out), f"{name} x{count}"


def brackets(rng, data, files):
    return _sprinkle(rng, data, b"()[]{}<>", "bracket noise")


def quotes(rng, data, files):
    return _sprinkle(rng, data, b"'\"`$\\/", "quote noise")


def nul(rng, data, files):
    return _sprinkle(rng, data, b"\x00", "NUL bytes")


def invalid_utf8(rng, data, files):
    out = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        at = rng.randint(0, len(out))
        out[at:at] = rng.choice([b"\xff", b"\x80", b"\xc3", b"\xe2\x82", b"\xf0\x9f", b"\xed\xa0\x80"])
    return bytes(out), "invalid UTF-8"


def bom(rng, data, files):
    return b"\xef\xbb\xbf" + data, "BOM"


def line_ends(rng, data, files):
    if rng.random() < 0.5:
        return data.replace(b"\n", b"\r\n"), "CRLF"
    return data.replace(b"\n", b"\r"), "lone CR"


def deep_nesting(rng, data, files):
    depth = rng.choice([50, 300, 1000, 3000])
    kind = rng.choice(["parens", "brackets", "callbacks", "functions", "python-parens"])
    if kind == "parens":
        chunk = b"const deep = " + b"(\n" * depth + b"'/api/x'" + b")\n" * depth + b";\n"
    elif kind == "brackets":
        chunk = b"const deep = " + b"[{a:\n" * depth + b"1" + b"}]\n" * depth + b";\n"
    elif kind == "callbacks":
        chunk = b"setTimeout(() => {\n" * depth + b"fetch('/api/x');\n" + b"});\n" * depth
    elif kind == "functions":
        chunk = b"".join(b"function f%d() {\n" % i for i in range(depth)) + b"}\n" * depth
    else:
        chunk = b"deep = " + b"(\n" * depth + b"'/api/x'" + b")\n" * depth
    # at a line start
    at = data.rfind(b"\n", 0, _pos(rng, data)) + 1
    return data[:at] + chunk + data[at:], f"{kind} nested {depth} deep at {at}"


def huge_line(rng, data, files):
    size = rng.choice([20_000, 100_000, 300_000])
    kind = rng.choice(["ascii", "non-ascii", "path"])
    if kind == "ascii":
        line = b"// " + b"x" * size
    elif kind == "non-ascii":
        line = b"const s = '" + "é😀".encode() * (size // 6) + b"'; fetch('/api/x');"
    else:
        line = b"fetch('/" + b"a/" * (size // 2) + b"');"
    at = data.rfind(b"\n", 0, _pos(rng, data)) + 1
    return data[:at] + line + b"\n" + data[at:], f"{kind} line of {size} bytes at {at}"


def duplicate(rng, data, files):
    n = rng.randint(2, 4)
    return data * n, f"repeated x{n}"


MUTATIONS = (delete, insert, truncate, brackets, quotes, nul, invalid_utf8, bom, line_ends,
             deep_nesting, huge_line, duplicate)


def make_case(seed: int, index: int, files: list[Path] | None = None) -> Case:
    """Case ``index`` of ``seed``: a corpus file with one to three mutations."""
    files = files if files is not None else corpus()
    rng = random.Random(f"{seed}:{index}")
    source = rng.choice(files)
    data = source.read_bytes()
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        mutate = rng.choice(MUTATIONS)
        data, what = mutate(rng, data, files)
        done.append(what)
    return Case(seed, index, source, data, tuple(done))
