"""Shared test helpers: paths of the bundled examples and a multi-file index builder."""

from __future__ import annotations

import pathlib
import textwrap

import pytest

REPO = pathlib.Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


@pytest.fixture
def example_path():
    """``example_path("express-react", "frontend/src/lib/api.ts")`` -> absolute path that
    must exist."""

    def get(*parts: str) -> pathlib.Path:
        p = EXAMPLES.joinpath(*parts)
        assert p.exists(), f"missing fixture {p}"
        return p

    return get


def build_index(files: dict[str, str], root: str = "/ws"):
    """An index of in-memory files: ``{"backend/app.js": "...source..."}``.

    Sources are dedented, so tests can write them indented inline.
    """
    from routelink.index import WorkspaceIndex

    index = WorkspaceIndex(roots=[root])
    index.apply_changes({f"{root}/{name}": textwrap.dedent(text).encode() for name, text in files.items()})
    return index
