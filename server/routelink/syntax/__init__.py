"""Tree-sitter parsing: languages, parsers, and position conversion.

Architecture Invariant: parsing never fails. ``parse`` returns a tree for any bytes
(tree-sitter produces ERROR nodes for broken code); extractors work on whatever part of
the tree is well-formed. Nothing here knows about routes, calls or LSP.
"""

from __future__ import annotations

import threading
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
    if name.lower().endswith(TEMPLATE_SUFFIX):
        return "html"
    suffix = PurePath(name).suffix.lower()
    return LANGUAGE_BY_SUFFIX.get(suffix)


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


def parse(source: bytes, language: str, old_tree: Tree | None = None) -> Tree:
    """Parse ``source`` (UTF-8 bytes) as ``language``; never raises on bad code.

    Parsers are per thread (tree-sitter parsers are not thread-safe). ``old_tree``, when
    given, must already have been ``edit()``-ed to match ``source``; it is ignored when it
    is a tree of another language (a ``.vue`` block switched to ``lang="ts"``).

    Invariant: the result equals ``parse(source, language)``. tree-sitter's incremental
    re-parse can recover from errors differently than a fresh parse (measured: up to 1.5%
    of random broken edits of real files gave another tree, never an edit whose tree has
    no error), so a re-parse whose tree has an error is done again from scratch; that
    costs one more parse of a broken file (~0.7 ms for a 10 KB file).
    """
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = _local.parsers = {}
    parser = parsers.get(language)
    if parser is None:
        parser = parsers[language] = Parser(tree_sitter_language(language))
    if old_tree is not None and old_tree.language == parser.language:
        tree = parser.parse(source, old_tree)
        if not tree.root_node.has_error:
            return tree
    return parser.parse(source)


class SourceText:
    """A file's bytes plus a line table, for converting tree-sitter points to LSP spans.

    tree-sitter columns are byte offsets; LSP columns are UTF-16 code units. For ASCII
    lines they are equal, so the conversion decodes only lines that are not ASCII.
    """

    __slots__ = ("data", "_line_starts", "line_offset")

    def __init__(self, data: bytes, line_offset: int = 0) -> None:
        self.data = data
        self.line_offset = line_offset
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
        prefix = self.data[start : start + byte_column]
        if prefix.isascii():
            return byte_column
        return len(prefix.decode("utf-8", "replace").encode("utf-16-le")) // 2

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
        import bisect

        def point(offset: int) -> tuple[int, int]:
            row = bisect.bisect_right(self._line_starts, offset) - 1
            return row, self._utf16_column(row, offset - self._line_starts[row])

        (sr, sc), (er, ec) = point(start_byte), point(end_byte)
        return Span(sr + self.line_offset, sc, er + self.line_offset, ec)


def named_children(node: Node) -> list[Node]:
    """The node's named children, skipping comments."""
    return [c for c in node.named_children if c.type != "comment"]
