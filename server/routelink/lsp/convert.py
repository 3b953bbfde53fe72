"""Conversions between routelink values (``routelink.ide`` answers, spans, paths) and
lsprotocol types. Spans and LSP ranges share units (0-based lines, UTF-16 columns), so
the conversions only change shape."""

from __future__ import annotations

import os
import posixpath
from urllib.parse import quote, unquote_to_bytes, urlparse

from lsprotocol import types

from routelink.facts import Span
from routelink.ide.snapshot import Location

#: Where each diagnostic code is documented (codeDescription.href).
DOCS_URL = "https://github.com/routelink/routelink/blob/main/docs/diagnostics.md#{code}"

SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
}


def lsp_range(span: Span) -> types.Range:
    """An LSP range for a routelink span (both 0-based, UTF-16 columns)."""
    return types.Range(types.Position(span.line, span.column),
                       types.Position(span.end_line, span.end_column))


def span_of(rng: types.Range) -> Span:
    """A routelink span for an LSP range."""
    return Span(rng.start.line, rng.start.character, rng.end.line, rng.end.character)


def lsp_location(loc: Location) -> types.Location:
    """An LSP location for a (file, span) location."""
    return types.Location(path_to_uri(loc.file), lsp_range(loc.span))


def location_json(loc: Location) -> dict:
    """A location as the JSON object a command returns (``{"uri", "range"}``)."""
    return {"uri": path_to_uri(loc.file), "range": range_json(loc.span)}


def range_json(span: Span) -> dict:
    """A span as a JSON LSP range (``{"start": {...}, "end": {...}}``)."""
    return {"start": {"line": span.line, "character": span.column},
            "end": {"line": span.end_line, "character": span.end_column}}


def uri_to_path(uri: str) -> str | None:
    """A ``file://`` URI to an absolute, normalized POSIX path; None for other schemes.

    Percent-escapes are decoded to bytes and the bytes to a name as the file system
    does (``os.fsdecode``: a byte that is not UTF-8 becomes a lone surrogate, the same
    name ``os.scandir`` gives), and ``.``/``..`` segments are resolved, so a URI such as
    ``file:///ws/../etc/passwd`` cannot pass a check that a path is under a root."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = os.fsdecode(unquote_to_bytes(parsed.path))
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    path = path.replace("\\", "/")
    if not path.startswith("/") and not (len(path) > 1 and path[1] == ":"):
        return None
    return posixpath.normpath(path).replace("//", "/")


def path_to_uri(path: str) -> str:
    """An absolute POSIX path to a ``file://`` URI. Any name the file system gives,
    also one with bytes that are not UTF-8 (lone surrogates from ``os.fsdecode``), is
    percent-encoded from its bytes (``os.fsencode``); never raises."""
    if not path.startswith("/"):
        path = "/" + path
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that no file name has: its UTF-8 escape
        raw = path.encode("utf-8", "surrogatepass")
    return "file://" + quote(raw)
