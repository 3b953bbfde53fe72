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


def ignore_comments(root: Node, data: bytes,
                    span_of: Callable[[Node], Span]) -> list[IgnoreComment]:
    """The ``routelink-ignore`` comments under ``root`` in source order, each with the
    line it covers, its codes, its reason and its own span (``span_of(node)``)."""
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
                                         parsed[1]))
        elif n.type not in ("string", "template_string"):
            stack.extend(reversed(n.children))
    out.sort(key=lambda c: (c.span.line, c.span.column))
    return out


def collect_ignores(root: Node, data: bytes) -> dict[int, tuple[str, ...]]:
    """line -> suppressed codes (empty tuple: all codes) for the comments under ``root``."""
    return {c.line: c.codes for c in ignore_comments(root, data, lambda n: Span(0, 0, 0, 0))}
