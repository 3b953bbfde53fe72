"""Extraction: one file's text -> its :class:`~routelink.facts.FileFacts`.

``extract_file`` is a pure function of (path, bytes): the same input always gives equal
facts, and nothing here reads other files. It never raises on bad input: a file that
cannot be decoded or parsed yields facts with an ``errors`` entry and nothing else.

Architecture Invariant: extraction is per file. Anything that needs a second file
(imports, mounts, base URLs defined elsewhere) is left as a reference for the resolver.
"""

from __future__ import annotations

import re
from functools import lru_cache

from routelink.facts import FileFacts
from routelink.syntax import language_for_path

#: Files larger than this are skipped (generated bundles, fixtures, data).
DEFAULT_MAX_BYTES = 1024 * 1024

# A file that mentions none of the keywords of its language's frameworks and of its
# language's client libraries, nor anything a wrapper, a base URL or a router export needs, cannot
# declare a route, a call, a base URL or a router export: it is not parsed at all
# (reading is ~50x cheaper than parsing). Keywords come from the registries.
_JS_GENERIC = (rb"https?:|wss?:|['\"`]/|[aA][pP][iI]|[rR]equest|"
               rb"\.(?:get|post|put|patch|delete|use|route)\s*\(|module\.exports|\bexports\.|export ")
_PY_GENERIC = (rb"route|[Ss]ettings|[Pp]refix|PREFIX|PATH|_URL|['\"]/|"
               # a module of string constants (`V1 = "v1"`) a route path may import
               rb"(?m:^[A-Za-z_]\w*\s*(?::[^=\n]*)?=\s*[rRuUfF]?['\"])|"
               # routes on an imported app: `from app import app` then `@app.get("/x")`
               rb"@\w+\.(?:get|post|put|patch|delete|head|options|websocket)\s*\(")


def compile_alternation(parts, max_mem: int | None = 64 << 20):
    """One pattern matching any of ``parts`` (byte regular expressions), with
    ``search(bytes)``: google-re2's when it takes it (one linear pass over the bytes,
    10-70x faster than ``re`` on alternations of many keywords; ``max_mem``: RE2's memory
    budget in bytes, None for its default), else ``re``'s (RE2 missing, or a construct
    it lacks)."""
    pattern = b"|".join(b"(?:" + p + b")" for p in parts)
    try:
        import re2

        options = re2.Options()
        options.log_errors = False
        if max_mem is not None:
            options.max_mem = max_mem
        return re2.compile(pattern, options)
    except Exception:  # noqa: BLE001 - no RE2, or a construct it lacks
        return re.compile(pattern)


@lru_cache(maxsize=None)
def _prefilter(language: str):
    """The keyword pattern of ``language``'s files (``.search(data)``), compiled by RE2
    when it accepts it: one DFA pass over the bytes, 10-20x faster than Python's ``re``
    on an alternation of some hundred keywords (the same answers: see
    ``tests/core/test_registries.py``); else by ``re`` (a plug-in keyword RE2 lacks)."""
    from routelink.clients import registry as clients
    from routelink.frameworks import registry as frameworks

    if language == "python":
        parts = (_PY_GENERIC, *frameworks.keywords("python"), *clients.keywords("python"))
    else:
        parts = (_JS_GENERIC, *frameworks.keywords(language), *clients.keywords())
    return compile_alternation(parts, max_mem=None)


# The keywords of the cross-file prefilter (``index/deferral.py``): those of the per-file
# one without the export patterns, which that prefilter replaces by following the names
# modules share; a ``routelink-ignore`` comment (an unused one is a hint on its file);
# a call through a member of a parameter (``runner.query(sql)``: a client may be passed
# to it), with the request members of every JavaScript client library.
_JS_CROSS_FILE = (rb"https?:|wss?:|['\"`]/|[aA][pP][iI]|[rR]equest|"
                  rb"\.(?:get|post|put|patch|delete|use|route)\s*\(|routelink-ignore")


@lru_cache(maxsize=None)
def cross_file_prefilter():
    """The keywords a JavaScript/TypeScript/Vue/Svelte file must match to be extracted
    for its own sake under the cross-file prefilter: :data:`_JS_CROSS_FILE`, member
    calls of client request members, every JS client library's keywords and every JS
    framework's ``cross_file_keywords`` (``keywords`` when None). A compiled pattern
    with ``search(bytes)``: google-re2's (linear time; ~70x faster than ``re`` on this
    alternation of many words), or ``re``'s when re2 is missing or rejects it."""
    from routelink.clients import registry as clients

    members = sorted(m for m in clients.member_names() if re.fullmatch(r"[A-Za-z_$][\w$]*", m))
    parts = [_JS_CROSS_FILE, rb"\.(?:" + "|".join(re.escape(m) for m in members).encode() + rb")\s*[<(]",
             *clients.keywords()]
    for fw in js_frameworks():
        kws = fw.keywords if fw.cross_file_keywords is None else fw.cross_file_keywords
        parts.extend(k for k in kws if k not in parts)
    return compile_alternation(parts)


@lru_cache(maxsize=None)
def js_frameworks() -> tuple:
    """The frameworks of JavaScript, TypeScript and TSX files, once each."""
    from routelink.frameworks import registry as frameworks

    out: list = []
    for language in ("javascript", "typescript", "tsx"):
        out.extend(fw for fw in frameworks.for_language(language) if fw not in out)
    return tuple(out)


def clear_prefilters() -> None:
    """Forget the compiled prefilters (after a framework or client is registered)."""
    _prefilter.cache_clear()
    cross_file_prefilter.cache_clear()
    js_frameworks.cache_clear()


def extract_file(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES,
                 trees: "OpenTrees | None" = None) -> FileFacts | None:
    """Facts of one file, or None when the file is not a source routelink indexes.

    ``path`` gives the language (by suffix), the key into ``trees``, and the file's
    location to frameworks whose routes come from it (file-based routing). Oversized,
    binary and minified files give facts whose ``errors`` says why they were skipped;
    text that is not valid UTF-8 is decoded leniently.
    ``trees`` holds the parse trees of open documents: when ``path`` is open there, its
    JS/TS tree is re-parsed incrementally and kept; no other tree is kept.

    Work is bounded (``extract/budget.py``): the file's parses share one time budget
    (:func:`routelink.syntax.parse_seconds`); a file over it gives facts whose
    ``errors`` says so and nothing else. Code nested deeper than the extractors can walk
    (a RecursionError) is blanked below a depth limit and the rest is extracted; the
    ``errors`` entry names the lines left out.
    """
    from routelink.extract.budget import bounded_extract

    return bounded_extract(_extract_file, path, data, max_bytes, trees)


def _extract_file(path: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES,
                  trees: "OpenTrees | None" = None) -> FileFacts | None:
    language = language_for_path(path)
    if language is None:
        return None
    if len(data) > max_bytes:
        # ``data`` may be only the first max_bytes + 1 bytes (``scan.Oversized``)
        size = getattr(data, "size", len(data))
        return FileFacts(language=language, errors=(f"skipped: {size} bytes is over the {max_bytes}-byte limit",))
    if b"\x00" in data[:8192]:
        return FileFacts(language=language, errors=("skipped: binary file",))
    # Not UTF-8 (a Latin-1 comment in an old file): parsed anyway. tree-sitter works on
    # bytes and text is decoded with replacement characters, so one odd byte does not
    # hide the file's routes and calls.
    if _looks_minified(data):
        return FileFacts(language=language, errors=("skipped: minified or bundled file",))
    if language == "python":
        if not _prefilter("python").search(data):
            return FileFacts(language=language)
        from routelink.extract.python import extract_python

        return extract_python(data, path)
    if language in ("vue", "svelte", "html"):
        from routelink.extract.components import extract_component

        return extract_component(path, data, language,
                                 lambda lang, script: bool(_prefilter(lang).search(script)))
    if not _prefilter(language).search(data):
        return FileFacts(language=language)
    from routelink.extract.javascript import extract_javascript, extract_javascript_tree

    if trees is not None and trees.is_open(path) and language in ("typescript", "tsx", "javascript"):
        from routelink.syntax import tree_sitter_language

        old_tree = trees.edited_tree(path, data, tree_sitter_language(language))
        facts, tree = extract_javascript_tree(data, language, old_tree, path)
        trees.store(path, data, tree)
        return facts
    return extract_javascript(data, language, path=path)


class OpenTrees:
    """Parse trees of the documents open in the editor, for incremental re-parsing.

    Only open documents keep a tree (a tree costs ~20x its source in memory).
    ``edited_tree`` turns the stored tree into one edited to the new text, computing the
    single edit as the common prefix/suffix difference of the old and new bytes.
    """

    def __init__(self) -> None:
        self._open: set[str] = set()
        self._trees: dict[str, tuple[bytes, object]] = {}

    def open(self, path: str) -> None:
        self._open.add(path)

    def close(self, path: str) -> None:
        self._open.discard(path)
        self._trees.pop(path, None)

    def is_open(self, path: str) -> bool:
        return path in self._open

    def store(self, path: str, data: bytes, tree: object) -> None:
        if path in self._open:
            self._trees[path] = (data, tree)

    def edited_tree(self, path: str, new: bytes, language: object = None):
        """The old tree with ``tree.edit`` applied for ``new``, or None (full parse).

        ``language`` (a tree-sitter ``Language``), when given, must be the old tree's: a
        tree of another language is dropped, never handed to another parser."""
        entry = self._trees.get(path)
        if entry is None:
            return None
        old, tree = entry
        if language is not None and getattr(tree, "language", language) != language:
            self._trees.pop(path, None)
            return None
        if old == new:
            return tree
        start = _common_prefix(old, new)
        suffix = _common_suffix(old[start:], new[start:])
        old_end, new_end = len(old) - suffix, len(new) - suffix
        tree.edit(
            start_byte=start, old_end_byte=old_end, new_end_byte=new_end,
            start_point=_point(old, start), old_end_point=_point(old, old_end),
            new_end_point=_point(new, new_end))
        return tree


def _common_prefix(a: bytes, b: bytes) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search on slice equality (memcmp speed)
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: bytes, b: bytes) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _point(data: bytes, offset: int) -> tuple[int, int]:
    row = data.count(b"\n", 0, offset)
    line_start = data.rfind(b"\n", 0, offset) + 1
    return row, offset - line_start


def _looks_minified(data: bytes) -> bool:
    """A bundle or minified file: very long lines on average, or one huge line."""
    if len(data) < 4096:
        return False
    lines = data.count(b"\n") + 1
    return len(data) / lines > 500
