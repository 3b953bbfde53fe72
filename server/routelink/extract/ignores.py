"""``routelink-ignore`` suppression comments, for every language's extractor.

``routelink-ignore`` suppresses every code; ``routelink-ignore: unused-route, shadowed-route``
only those. The colon may be left out when the codes are dashed code names
(``routelink-ignore unused-route``). A reason may follow after ``--``
(``// routelink-ignore: unused-route -- called by the mobile app``); it is kept for the
sync report and never read as a code. A trailing comment covers its own line; a comment
alone on its line covers the next line (so it can sit above a multi-line call or
decorator).
"""

from __future__ import annotations

import re
from typing import Callable

from tree_sitter import Node

from routelink.facts import IgnoreComment, Span

# after the marker: ': code, code' (any words), or ' code, code' (dashed code names only),
# then an optional '-- reason'
_IGNORE = re.compile(
    r"routelink-ignore"
    r"(?:\s*:\s*(?P<codes>[\w-]+(?:\s*,\s*[\w-]+)*)"
    r"|\s+(?P<bare>[a-z]+(?:-[a-z]+)+(?:\s*,\s*[a-z]+(?:-[a-z]+)+)*))?"
    r"(?:\s*--\s*(?P<reason>.*))?")


def comment_target_line(data: bytes, comment: Node) -> int:
    """The 0-based line a comment applies to (see the module docstring)."""
    line_start = data.rfind(b"\n", 0, comment.start_byte) + 1
    before = data[line_start:comment.start_byte]
    return comment.start_point[0] + (0 if before.strip() else 1)


def parse_ignore(text: str) -> tuple[tuple[str, ...], str] | None:
    """(codes, reason) of the ``routelink-ignore`` in a comment's text (no codes: every
    code; the reason without comment closers such as ``*/`` or ``-->``, '' when none);
    None when the text has no ``routelink-ignore``."""
    m = _IGNORE.search(text)
    if not m:
        return None
    listed = m.group("codes") or m.group("bare") or ""
    codes = tuple(c.strip() for c in listed.split(",") if c.strip())
    reason = (m.group("reason") or "").strip()
    for closer in ("*/", "-->", "#}"):
        if reason.endswith(closer):
            reason = reason[: -len(closer)].rstrip()
    return codes, reason


def ignore_comments(root: Node, data: bytes, span_of: Callable[[Node], Span],
                    bytes_span: Callable[[int, int], Span] | None = None) -> list[IgnoreComment]:
    """The ``routelink-ignore`` comments under ``root`` in source order, each with the
    line it covers, its codes, its reason, its own span (``span_of(node)``) and, given
    ``bytes_span(start, end)`` (the span of a byte range), the span deleting it removes
    (:attr:`IgnoreComment.removal`)."""
    out: list[IgnoreComment] = []
    if b"routelink-ignore" not in data:
        return out
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            parsed = parse_ignore(data[n.start_byte:n.end_byte].decode("utf-8", "replace"))
            if parsed is not None:
                out.append(IgnoreComment(comment_target_line(data, n), parsed[0], span_of(n),
                                         parsed[1], _removal(data, n, bytes_span)))
        elif n.type not in ("string", "template_string"):
            stack.extend(reversed(n.children))
    out.sort(key=lambda c: (c.span.line, c.span.column))
    return out


def _removal(data: bytes, comment: Node, bytes_span) -> Span | None:
    """The span that deleting ``comment`` cleanly removes (see IgnoreComment.removal)."""
    if bytes_span is None:
        return None
    line_start = data.rfind(b"\n", 0, comment.start_byte) + 1
    line_end = data.find(b"\n", comment.end_byte)
    line_end = len(data) if line_end < 0 else line_end
    if not data[line_start:comment.start_byte].strip() and not data[comment.end_byte:line_end].strip():
        return bytes_span(line_start, min(line_end + 1, len(data)))
    start = comment.start_byte
    while start > line_start and data[start - 1:start] in (b" ", b"\t"):
        start -= 1
    return bytes_span(start, comment.end_byte)


def collect_ignores(root: Node, data: bytes) -> dict[int, tuple[str, ...]]:
    """line -> suppressed codes (empty tuple: all codes) for the comments under ``root``."""
    return {c.line: c.codes for c in ignore_comments(root, data, lambda n: Span(0, 0, 0, 0))}
