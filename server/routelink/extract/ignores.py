"""``routelink-ignore`` suppression comments, for every language's extractor.

``routelink-ignore`` suppresses every code; ``routelink-ignore: unused-route, shadowed-route``
only those (text after the codes, ``-- legacy endpoint``, is a reason and is ignored). A trailing comment covers its own line; a comment alone on its line covers
the next line (so it can sit above a multi-line call or decorator).
"""

from __future__ import annotations

import re

from tree_sitter import Node

# codes are words with dashes, separated by commas; anything after them is a reason
_IGNORE = re.compile(r"routelink-ignore(?::\s*([\w-]+(?:\s*,\s*[\w-]+)*))?")


def comment_target_line(data: bytes, comment: Node) -> int:
    """The 0-based line a comment applies to (see the module docstring)."""
    line_start = data.rfind(b"\n", 0, comment.start_byte) + 1
    before = data[line_start:comment.start_byte]
    return comment.start_point[0] + (0 if before.strip() else 1)


def collect_ignores(root: Node, data: bytes) -> dict[int, tuple[str, ...]]:
    """line -> suppressed codes (empty tuple: all codes) for the comments under ``root``."""
    out: dict[int, tuple[str, ...]] = {}
    if b"routelink-ignore" not in data:
        return out
    stack = [root]
    while stack:
        n = stack.pop()
        if n.type == "comment":
            m = _IGNORE.search(data[n.start_byte:n.end_byte].decode("utf-8", "replace"))
            if m:
                codes = tuple(c.strip() for c in (m.group(1) or "").split(",") if c.strip())
                out[comment_target_line(data, n)] = codes
        elif n.type not in ("string", "template_string"):
            stack.extend(n.children)
    return out
