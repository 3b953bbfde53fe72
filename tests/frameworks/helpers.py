"""Helpers for the Python backend tests: extract one module, or index a small workspace."""

from __future__ import annotations

import textwrap

from routelink.extract.python import extract_python
from routelink.facts import FileFacts

from tests.conftest import build_index


def facts(source: str) -> FileFacts:
    """Facts of one dedented Python module."""
    return extract_python(textwrap.dedent(source).encode())


def routes(files: dict[str, str]) -> set[tuple[str, str]]:
    """(method, full path) of every mounted route of a workspace of in-memory files."""
    index = build_index(files)
    return {(r.method, r.path) for r in index.routes if r.mounted}


def all_routes(files: dict[str, str]):
    """Every resolved route (mounted or not) of a workspace."""
    return build_index(files).routes


def findings(files: dict[str, str]) -> set[tuple[str, str, int]]:
    """(code, file name, 0-based line) of every finding."""
    index = build_index(files)
    return {(f.code, f.file.rsplit("/", 1)[-1], f.span.line) for f in index.analysis().findings}
