"""Tree-sitter parsing: languages, parsers, and position conversion.

Architecture Invariant: parsing never fails. ``parse`` returns a tree for any bytes
(tree-sitter produces ERROR nodes for broken code); extractors work on whatever part of
the tree is well-formed. Nothing here knows about routes, calls or LSP.
"""

from __future__ import annotations

import bisect
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import PurePath

import tree_sitter_javascript
import tree_sitter_python
import tree_sitter_typescript
from tree_sitter import Language, Node, Parser, Tree

from routelink.facts import Span

#: file suffix -> language name
LANGUAGE_BY_SUFFIX: dict[str, str] = {
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".vue": "vue",
    ".svelte": "svelte",
    ".py": "python",
}


#: HTML files indexed as component templates (``login.component.html``, the file an
#: Angular component's ``templateUrl`` names by the CLI's convention): their elements
#: (links, forms) are read like the markup of a Vue or Svelte component; no other
#: ``.html`` file is indexed (pages, reports, docs)
TEMPLATE_SUFFIX = ".component.html"


def language_for_path(path: str | PurePath) -> str | None:
    """The routelink language name for a file path, or None when it is not indexed.

    ``.d.ts`` declaration files are not indexed: they declare types, not calls;
    ``*.component.html`` templates are ``"html"`` (:data:`TEMPLATE_SUFFIX`).
    """
    name = str(path)
    if name.endswith(".d.ts"):
        return None
    lower = os.path.basename(name).lower()
    if lower.endswith(TEMPLATE_SUFFIX):
        return "html"
    # PurePath's suffix (none for ``.env`` or ``file.``), without building a path object
    dot = lower.rfind(".")
    if dot <= 0 or dot == len(lower) - 1:
        return None
    return LANGUAGE_BY_SUFFIX.get(lower[dot:])


@lru_cache(maxsize=None)
def tree_sitter_language(language: str) -> Language:
    """The tree-sitter ``Language`` for a routelink language name.

    Raises ``KeyError`` for a name that has no grammar (``vue`` and ``svelte`` files are
    parsed through their ``<script>`` blocks as JavaScript or TypeScript).
    """
    if language == "typescript":
        return Language(tree_sitter_typescript.language_typescript())
    if language == "tsx":
        return Language(tree_sitter_typescript.language_tsx())
    if language == "javascript":
        return Language(tree_sitter_javascript.language())
    if language == "python":
        return Language(tree_sitter_python.language())
    raise KeyError(language)


_local = threading.local()

#: seconds one file's parsing may take before it is given up (``ROUTELINK_PARSE_TIMEOUT``
#: overrides it; 0 or less means no limit)
DEFAULT_PARSE_SECONDS = 5.0

#: a parse is also cancelled after this many times its budget of wall-clock time (the
#: budget itself is CPU time: see :func:`run_parser`)
WALL_FACTOR = 3.0

#: bytes handed to tree-sitter per read callback
_CHUNK = 1 << 16


class ParseTimeout(Exception):
    """Parsing took longer than its budget (``seconds``) and was cancelled.

    tree-sitter's error recovery is not linear on every input: a 45-byte ``.tsx`` file
    (``fetch('/a');`` then ``(``, 30 newlines, ``}``) makes the TSX grammar loop. The
    extractor reports such a file (``file-skipped``) and the workspace goes on.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"parsing took longer than {seconds:g} s")
        self.seconds = seconds


def parse_seconds() -> float:
    """The per-file parse budget in seconds: ``ROUTELINK_PARSE_TIMEOUT`` when it is a
    number, else :data:`DEFAULT_PARSE_SECONDS`; ``0`` or less is no limit (``inf``)."""
    raw = os.environ.get("ROUTELINK_PARSE_TIMEOUT", "")
    try:
        seconds = float(raw) if raw.strip() else DEFAULT_PARSE_SECONDS
    except ValueError:
        seconds = DEFAULT_PARSE_SECONDS
    if seconds != seconds:  # nan
        seconds = DEFAULT_PARSE_SECONDS
    return seconds if seconds > 0 else float("inf")


@contextmanager
def parse_deadline(seconds: float | None = None) -> Iterator[tuple[float, float]]:
    """Share one budget among every parse of this thread inside the block (the parses of
    one file: a component's script and its template expressions): ``seconds`` (default
    :func:`parse_seconds`) of this thread's CPU time, and at most :data:`WALL_FACTOR`
    times that of wall-clock time. Yields (CPU deadline, wall deadline) as
    ``time.thread_time()`` / ``time.monotonic()`` values; a nested block keeps the
    outer budget when it ends sooner."""
    outer = getattr(_local, "limits", None)
    budget = parse_seconds() if seconds is None else seconds
    limits = (time.thread_time() + budget, time.monotonic() + WALL_FACTOR * budget, budget)
    if outer is not None and outer[0] <= limits[0]:
        limits = outer
    _local.limits = limits
    try:
        yield limits[0], limits[1]
    finally:
        _local.limits = outer


def _parser(language: str) -> Parser:
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(language)
    if parser is None:
        parser = parsers[language] = Parser(tree_sitter_language(language))
    return parser


def run_parser(parser: Parser, source: bytes, old_tree: Tree | None = None) -> Tree:
    """``parser.parse(source, old_tree)`` within the current budget (:func:`parse_deadline`,
    else :func:`parse_seconds` from now). Raises :class:`ParseTimeout` when the budget
    runs out: tree-sitter calls the progress callback every few hundred parse steps and
    cancels the parse when it answers true (py-tree-sitter only calls it when the source
    is read through a callback, hence the chunked reader).

    The budget is CPU time of this thread, so a loaded machine does not cut files that a
    quiet one reads (and equal text keeps giving equal facts); wall-clock time is capped
    at :data:`WALL_FACTOR` times the budget all the same."""
    limits = getattr(_local, "limits", None)
    if limits is None:
        budget = parse_seconds()
        limits = (time.thread_time() + budget, time.monotonic() + WALL_FACTOR * budget, budget)
    cpu_deadline, wall_deadline, budget = limits
    if budget == float("inf"):
        return parser.parse(source) if old_tree is None else parser.parse(source, old_tree)
    cpu, wall = time.thread_time, time.monotonic

    def read(offset: int, _point: object) -> bytes:
        return source[offset:offset + _CHUNK]

    ticks = [0]

    def progress(*_state: object) -> bool:
        # called every few hundred parse steps (45,000 times for 2,100 files): the
        # clocks are read every 8th call, which keeps the deadline to well under a
        # millisecond and the budget's cost to a few percent of the parse
        ticks[0] += 1
        if ticks[0] & 7:
            return False
        return cpu() > cpu_deadline or wall() > wall_deadline

    try:
        if old_tree is None:
            tree = parser.parse(read, progress_callback=progress)
        else:
            tree = parser.parse(read, old_tree, progress_callback=progress)
    except ValueError:  # "Parsing failed": the callback cancelled it
        parser.reset()  # else the next parse resumes this one
        raise ParseTimeout(budget) from None
    # a tree read through a callback reads ``Node.text`` through it too: 64 KiB copied
    # per node (35 us instead of 0.5 on a 56 KB file; extraction reads thousands). The
    # same parse again from the bytes, with this tree and no edit, reuses all of it
    # (0.1-0.5 ms, 1-2% of the parse) and gives a tree that slices the bytes. Not for a
    # tree with errors: tree-sitter does not reuse error subtrees, so that parse would
    # recover from the errors again, as long as the first time and outside the budget.
    if tree.root_node.has_error:
        return tree
    return parser.parse(bytes(source), tree)


def parse(source: bytes, language: str, old_tree: Tree | None = None) -> Tree:
    """Parse ``source`` (UTF-8 bytes) as ``language``; never raises on bad code, but
    raises :class:`ParseTimeout` when parsing outlasts its budget (:func:`run_parser`).

    Parsers are per thread (tree-sitter parsers are not thread-safe). ``old_tree``, when
    given, must already have been ``edit()``-ed to match ``source``; it is ignored when it
    is a tree of another language (a ``.vue`` block switched to ``lang="ts"``).

    Invariant: the result equals ``parse(source, language)``. tree-sitter's incremental
    re-parse can recover from errors differently than a fresh parse (measured: up to 1.5%
    of random broken edits of real files gave another tree, never an edit whose tree has
    no error), so a re-parse whose tree has an error is done again from scratch; that
    costs one more parse of a broken file (~0.7 ms for a 10 KB file).
    """
    parser = _parser(language)
    if old_tree is not None and old_tree.language == parser.language:
        tree = run_parser(parser, source, old_tree)
        if not tree.root_node.has_error:
            return tree
    return run_parser(parser, source)


#: bytes between the UTF-16 checkpoints of a long non-ASCII row (SourceText)
_MARK_STEP = 1024


def _utf16_len(data: bytes) -> int:
    """UTF-16 code units of ``data`` decoded leniently."""
    return len(data.decode("utf-8", "replace").encode("utf-16-le")) // 2


class SourceText:
    """A file's bytes plus a line table, for converting tree-sitter points to LSP spans.

    tree-sitter columns are byte offsets; LSP columns are UTF-16 code units. For ASCII
    lines they are equal, so the conversion decodes only lines that are not ASCII.
    """

    __slots__ = ("data", "_line_starts", "line_offset", "_marks")

    def __init__(self, data: bytes, line_offset: int = 0) -> None:
        self.data = data
        self.line_offset = line_offset
        #: long non-ASCII rows -> [(byte column, UTF-16 column)] every ~1 KB
        self._marks: dict[int, list[tuple[int, int]]] = {}
        starts = [0]
        find = data.find
        i = find(b"\n")
        while i != -1:
            starts.append(i + 1)
            i = find(b"\n", i + 1)
        self._line_starts = starts

    def text(self, node: Node) -> str:
        """The node's source text, decoded leniently."""
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def _utf16_column(self, row: int, byte_column: int) -> int:
        if row >= len(self._line_starts):
            return byte_column
        start = self._line_starts[row]
        if byte_column <= _MARK_STEP:
            prefix = self.data[start : start + byte_column]
            if prefix.isascii():
                return byte_column
            return _utf16_len(prefix)
        marks = self._marks.get(row)
        if marks is None:
            marks = self._marks[row] = self._row_marks(row)
        # the last mark at or before the column, then at most ~1 KB decoded
        k = bisect.bisect_right(marks, (byte_column, float("inf"))) - 1
        b0, u0 = marks[k]
        rest = self.data[start + b0 : start + byte_column]
        return u0 + (len(rest) if rest.isascii() else _utf16_len(rest))

    def _row_marks(self, row: int) -> list[tuple[int, int]]:
        """(byte column, UTF-16 column) every :data:`_MARK_STEP` bytes of a row, each at
        a byte that starts a character (decoding from there equals decoding the whole
        prefix): a row of 200 KB is decoded once, not once per position asked."""
        start = self._line_starts[row]
        end = self._line_starts[row + 1] if row + 1 < len(self._line_starts) else len(self.data)
        data = self.data
        marks = [(0, 0)]
        b, u = 0, 0
        while start + b + _MARK_STEP < end:
            nb = b + _MARK_STEP
            while nb < end - start and (data[start + nb] & 0xC0) == 0x80:
                nb += 1  # a continuation byte: move to the next character
            chunk = data[start + b : start + nb]
            u += len(chunk) if chunk.isascii() else _utf16_len(chunk)
            b = nb
            marks.append((b, u))
        return marks

    def span(self, node: Node, end_node: Node | None = None) -> Span:
        """The LSP span of ``node`` (to ``end_node``'s end when given)."""
        end = end_node or node
        (sr, sc), (er, ec) = node.start_point, end.end_point
        return Span(
            sr + self.line_offset,
            self._utf16_column(sr, sc),
            er + self.line_offset,
            self._utf16_column(er, ec),
        )


    def span_of(self, start_byte: int, end_byte: int) -> Span:
        """The LSP span of the bytes ``[start_byte, end_byte)``."""
        def point(offset: int) -> tuple[int, int]:
            row = bisect.bisect_right(self._line_starts, offset) - 1
            return row, self._utf16_column(row, offset - self._line_starts[row])

        (sr, sc), (er, ec) = point(start_byte), point(end_byte)
        return Span(sr + self.line_offset, sc, er + self.line_offset, ec)


def named_children(node: Node) -> list[Node]:
    """The node's named children, skipping comments."""
    return [c for c in node.named_children if c.type != "comment"]
