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


def apply_change(files: dict, index, change: dict) -> None:
    """Apply ``change`` (path -> bytes, or None for a deleted file) to both the
    ``files`` dict a test keeps as the truth and the ``index`` under test."""
    for path, data in change.items():
        if data is None:
            files.pop(path, None)
        else:
            files[path] = data
    index.apply_changes(change)


def written_path(fact) -> str:
    """The path template a route or view-route fact declares when its path is written as
    a literal: the framework's own conversion of what is written (``"/users/:id"`` ->
    ``"/users/{id}"``)."""
    from routelink.facts import Lit
    from routelink.frameworks import registry
    from routelink.frameworks.base import TEMPLATE_SYNTAX

    assert isinstance(fact.path, Lit), f"not a literal path: {fact.path!r}"
    if fact.syntax == TEMPLATE_SYNTAX:
        return fact.path.value
    return registry.get(fact.framework).convert_path(fact.path.value, fact.syntax)[0][0]


def written_policy(fact) -> str:
    """The trailing-slash policy a route or view-route fact's literal path gets: the
    framework's conversion may override the one recorded (Django ``re_path`` ending in
    ``/?``)."""
    from routelink.frameworks import registry
    from routelink.frameworks.base import TEMPLATE_SYNTAX

    if fact.syntax == TEMPLATE_SYNTAX:
        return fact.trailing_slash
    override = registry.get(fact.framework).convert_path(fact.path.value, fact.syntax)[0][1]
    return override or fact.trailing_slash


#: a second backend, so that a workspace has several and their ports are read
OTHER_BACKEND = {
    "other/package.json": '{ "name": "other", "dependencies": { "express": "^4.19.2" } }',
    "other/index.js": "const app = require('express')();\napp.get('/other', (req, res) => res.end());\napp.listen(9000);\n",
}


def backend_ports(files: dict[str, str]) -> dict[str, list[int]]:
    """{package folder of a backend (relative, '.' for the root): its ports} of a workspace
    of in-memory files with :data:`OTHER_BACKEND` added (listening on 9000)."""
    index = build_index({**OTHER_BACKEND, **files})
    out = {}
    for app, ports in index.listen_ports().items():
        folder = app.split("#", 1)[0]
        out[folder[len("/ws/"):] if folder.startswith("/ws/") else "."] = sorted(ports)
    return out


def calls_of(files: dict[str, str]) -> list[tuple[str, str, str, bool]]:
    """(method, path, client, resolved) of every call of a workspace of in-memory files,
    sorted."""
    index = build_index(files)
    return sorted((c.method or "ANY", c.path, c.client, c.resolved) for c in index.analysis().calls)


@pytest.fixture(autouse=True, scope="session")
def _private_facts_cache(tmp_path_factory):
    """Every routelink process the tests start (CLI, server) keeps its facts cache in a
    folder of this test session, never in the user's cache directory."""
    import os

    old = os.environ.get("ROUTELINK_CACHE_DIR")
    os.environ["ROUTELINK_CACHE_DIR"] = str(tmp_path_factory.mktemp("routelink-cache"))
    yield
    if old is None:
        os.environ.pop("ROUTELINK_CACHE_DIR", None)
    else:
        os.environ["ROUTELINK_CACHE_DIR"] = old


def pytest_addoption(parser):
    """``--fuzz-cases N``: how many mutated files ``tests/fuzz`` extracts (default: a few
    hundred, or ``ROUTELINK_FUZZ_CASES``); ``--fuzz-seed S`` (or ``ROUTELINK_FUZZ_SEED``)."""
    group = parser.getgroup("routelink fuzzing")
    group.addoption("--fuzz-cases", type=int, default=None,
                    help="number of fuzz cases (default 300, or ROUTELINK_FUZZ_CASES)")
    group.addoption("--fuzz-seed", type=int, default=None,
                    help="seed of the fuzz cases (default 13, or ROUTELINK_FUZZ_SEED)")
