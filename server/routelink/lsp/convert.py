"""Conversions between routelink values and lsprotocol types (the only LSP-aware helpers
besides the server itself)."""

from __future__ import annotations

import os
from urllib.parse import quote, unquote, urlparse

from lsprotocol import types

from routelink.facts import Span

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


def uri_to_path(uri: str) -> str | None:
    """A ``file://`` URI to an absolute POSIX path; None for other schemes."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return path.replace("\\", "/")


def path_to_uri(path: str) -> str:
    """An absolute POSIX path to a ``file://`` URI."""
    if not path.startswith("/"):
        path = "/" + path
    return "file://" + quote(path)


def contains(span: Span, line: int, character: int) -> bool:
    """True when (line, character) lies within ``span`` (end inclusive, as editors expect
    for a cursor right after the last character)."""
    if line < span.line or line > span.end_line:
        return False
    if line == span.line and character < span.column:
        return False
    if line == span.end_line and character > span.end_column:
        return False
    return True
