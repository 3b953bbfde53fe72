"""Bounded extraction: a time budget per file and a nesting-depth fallback.

:func:`bounded_extract` wraps one file's extraction (``extract/__init__._extract_file``):

- **Time.** Every parse of the file runs under one deadline
  (:func:`routelink.syntax.parse_deadline`, :func:`routelink.syntax.parse_seconds`,
  default 5 s, ``ROUTELINK_PARSE_TIMEOUT``). tree-sitter cancels a parse that outlasts
  it; the file then gives facts with one ``errors`` entry (``skipped: parsing took
  longer than 5 s``) and nothing else, which the index reports as a ``file-skipped``
  hint. The budget is about the parser: extraction after it is linear or near-linear
  in the tree (``tests/core/test_bounded.py``).
- **Depth.** The extractors walk trees recursively. Code nested deeper than Python's
  stack allows (~330 nested callbacks, ~500 nested functions, a 3,000-term expression)
  raises RecursionError. The file is then extracted again from a copy of its bytes in
  which every syntax node at :data:`DEPTH_LIMITS` levels below the root is blanked
  (same length, newlines kept, so positions do not move): what lies above the limit is
  extracted as usual, and the ``errors`` entry names the lines left out
  (``partly read: ...``). Normal files never pay for this: it only runs after a
  RecursionError.

An ``errors`` entry that starts with ``skipped:`` means the file gave nothing else;
``partly read:`` means its facts hold everything above the depth limit.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from routelink.facts import FileFacts
from routelink.syntax import ParseTimeout, language_for_path, parse, parse_deadline

#: tree depths tried in turn after a RecursionError (syntax levels below the root)
DEPTH_LIMITS = (160, 80, 40)

#: the ``errors`` prefix of a file whose facts hold only part of it
PARTLY_READ = "partly read: "

#: every byte but CR and LF -> space
_BLANK = bytes(b if b in (10, 13) else 32 for b in range(256))

_CLOSERS = {ord("("): ord(")"), ord("["): ord("]"), ord("{"): ord("}")}


#: the ``errors`` prefix of a file given up because parsing outlasted its budget
TIMED_OUT = "skipped: parsing took longer than"


def timed_out(facts: FileFacts | None) -> bool:
    """Whether ``facts`` are those of a file whose parse ran out of time: a fact about
    the run (the machine, the budget), not about the text, so never cached."""
    return facts is not None and any(e.startswith(TIMED_OUT) for e in facts.errors)


def bounded_extract(extract: Callable, path: str, data: bytes, max_bytes: int,
                    trees=None) -> FileFacts | None:
    """``extract(path, data, max_bytes, trees)`` within the file's parse budget, with
    the depth fallback (module docstring). Never raises ParseTimeout or RecursionError."""
    with parse_deadline():
        try:
            return extract(path, data, max_bytes, trees)
        except ParseTimeout as exc:
            _forget_tree(trees, path)
            return _timed_out(path, exc)
        except RecursionError:
            pass
    _forget_tree(trees, path)
    return _shallow(extract, path, data, max_bytes)


def _forget_tree(trees, path: str) -> None:
    """Drop an open document's kept tree (it may have been edited for text it does
    not hold): its next change parses in full."""
    if trees is not None and trees.is_open(path):
        trees.close(path)
        trees.open(path)


def _timed_out(path: str, exc: ParseTimeout) -> FileFacts:
    return FileFacts(language=language_for_path(path) or "unknown",
                     errors=(f"skipped: {exc} (ROUTELINK_PARSE_TIMEOUT sets the budget)",))


def _shallow(extract: Callable, path: str, data: bytes, max_bytes: int) -> FileFacts | None:
    """Extract ``data`` with everything nested deeper than a limit blanked (the first
    of :data:`DEPTH_LIMITS` that the extractors can walk)."""
    language = language_for_path(path)
    for limit in DEPTH_LIMITS:
        with parse_deadline():
            try:
                blanked, lines = blank_deep(data, language or "", limit)
                facts = extract(path, blanked, max_bytes, None)
            except ParseTimeout as exc:
                return _timed_out(path, exc)
            except RecursionError:
                continue
        if facts is None:
            return None
        if not lines:
            return facts
        return dataclasses.replace(facts, errors=(*facts.errors, PARTLY_READ + (
            f"code nested more than {limit} syntax levels deep was not read "
            f"({_lines(lines)})")))
    return FileFacts(language=language or "unknown",
                     errors=("skipped: code nested too deeply to read",))


def _lines(lines: list[tuple[int, int]]) -> str:
    first, last = lines[0][0], max(end for _, end in lines)
    return f"line {first}" if first == last else f"lines {first}-{last}"


def blank_deep(data: bytes, language: str, limit: int) -> tuple[bytes, list[tuple[int, int]]]:
    """``data`` with every syntax node ``limit`` levels below the root blanked, and the
    (first, last) 1-based lines of each blanked node, in order.

    A blanked node keeps its length and its newlines: one that is bracketed keeps its
    brackets (``(...)`` -> ``(   )``), a Python block becomes ``pass``, anything else the
    identifier ``_`` (an unknown value), so the code around it still parses. The walk is
    iterative (a tree cursor), linear in the nodes above the limit. ``vue``/``svelte``/
    ``html`` files are measured on their ``<script>`` blocks (everything else is not
    walked by an extractor that can recurse deeply).
    """
    if language in ("vue", "svelte", "html"):
        from routelink.extract.components import script_blocks

        found = script_blocks(data)
        if found is None:
            return data, []
        source, grammar = found
    elif language in ("javascript", "typescript", "tsx", "python"):
        source, grammar = data, language
    else:
        return data, []
    tree = parse(source, grammar)
    ranges: list[tuple[int, int, str]] = []
    cursor = tree.walk()
    depth = 0
    lines: list[tuple[int, int]] = []
    while True:
        node = cursor.node
        if depth >= limit and node.child_count:
            ranges.append((node.start_byte, node.end_byte, node.type))
            lines.append((node.start_point[0] + 1, node.end_point[0] + 1))
        elif cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return _blank(data, ranges, grammar), lines
            depth -= 1


def _blank(data: bytes, ranges: list[tuple[int, int, str]], grammar: str) -> bytes:
    out = bytearray(data)
    for start, end, kind in ranges:
        if end - start < 2:
            continue
        first, last = out[start], out[end - 1]
        lo, hi = start, end
        filler = b"_"
        if _CLOSERS.get(first) == last:
            lo, hi, filler = start + 1, end - 1, b""
        elif grammar == "python" and kind == "block" and end - start >= 4:
            filler = b"pass"
        out[lo:hi] = bytes(out[lo:hi]).translate(_BLANK)
        out[lo:lo + len(filler)] = filler
    return bytes(out)
