"""The two registries and their invariant: a framework or client library lives in its
own module; nothing else names it."""

from __future__ import annotations

import ast
import pathlib

import pytest

from routelink.clients import registry as clients
from routelink.clients.base import ClientLibrary
from routelink.frameworks import registry as frameworks
from routelink.frameworks.base import Framework

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "server" / "routelink"


def _string_literals(path: pathlib.Path) -> set[str]:
    """String constants of a module, docstrings excluded."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}


def _modules() -> list[pathlib.Path]:
    return sorted(p for p in PACKAGE.rglob("*.py"))


def _home(plugin, package: str) -> pathlib.Path:
    return PACKAGE / package / (type(plugin).__module__.rsplit(".", 1)[-1] + ".py")


def test_every_framework_is_named_only_in_its_module_and_the_registry():
    literals = {p: _string_literals(p) for p in _modules()}
    offenders = []
    for fw in frameworks.FRAMEWORKS:
        allowed = {_home(fw, "frameworks"), PACKAGE / "frameworks" / "registry.py"}
        for path, strings in literals.items():
            if path in allowed or path.parent.name == "clients":
                continue  # a client module may use the same word for its own API
            if fw.name in strings:
                offenders.append(f"{path.relative_to(PACKAGE)} names framework '{fw.name}'")
    assert not offenders, offenders


def test_every_client_library_is_named_only_in_its_module_and_the_registry():
    literals = {p: _string_literals(p) for p in _modules()}
    offenders = []
    for lib in clients.CLIENTS:
        allowed = {_home(lib, "clients"), PACKAGE / "clients" / "registry.py"}
        for path, strings in literals.items():
            if path in allowed or path.parent.name == "frameworks":
                continue  # Starlette's `@app.websocket` is a framework's own API name
            if lib.name in strings:
                offenders.append(f"{path.relative_to(PACKAGE)} names client '{lib.name}'")
    assert not offenders, offenders


def test_the_invariant_check_finds_a_name_outside_its_module(tmp_path):
    bad = tmp_path / "leak.py"
    bad.write_text('"""Docstring may say express."""\nKIND = "express"\n')
    assert "express" in _string_literals(bad)
    assert "Docstring may say express." not in _string_literals(bad)


@pytest.mark.parametrize("fw", frameworks.FRAMEWORKS, ids=lambda f: f.name)
def test_frameworks_declare_their_traits(fw: Framework):
    assert fw.name and fw.languages and fw.keywords
    assert fw.trailing_slash in ("ignore", "redirect", "append", "append-get", "strict")
    assert fw.dispatch in ("method", "path") and fw.ordering in ("router", "app")
    assert type(fw).__module__.startswith("routelink.frameworks.")
    assert frameworks.get(fw.name) is fw
    # every view kind has exactly one owner
    for kind in fw.view_kinds:
        assert frameworks.for_view_kind(kind) is fw


@pytest.mark.parametrize("lib", clients.CLIENTS, ids=lambda c: c.name)
def test_client_libraries_declare_where_they_come_from(lib: ClientLibrary):
    assert lib.name
    assert lib.packages or lib.globals or lib.constructors or lib.instance_imports or \
        type(lib).fallback_requests is not ClientLibrary.fallback_requests
    assert clients.get(lib.name) is lib
    for package in lib.packages:
        assert not clients.is_non_http_module(package)


def test_framework_packages_never_make_requests():
    for fw in frameworks.FRAMEWORKS:
        for package in fw.packages:
            assert clients.is_non_http_module(package), package


def test_the_prefilter_runs_in_re2_and_answers_like_python_re():
    """The prefilter (every registered keyword, one alternation) is compiled by RE2 and
    lets through exactly the files Python's ``re`` would, on every source of the
    examples and on snippets at the edges of the generic patterns."""
    import re

    from routelink.extract import _prefilter, clear_prefilters
    from routelink.syntax import language_for_path

    clear_prefilters()
    examples = PACKAGE.parents[1] / "examples"
    texts: list[tuple[str, bytes]] = []
    for p in sorted(examples.rglob("*")):
        language = language_for_path(str(p))
        if p.is_file() and language in ("javascript", "typescript", "tsx", "python") \
                and "node_modules" not in p.parts:
            texts.append((language, p.read_bytes()))
    for snippet in (b"const x = 1;\n", b"export const V = 'v1'\n", b"x.get (", b"APIKEY",
                    b"V1 = 'v1'\n", b"  V1 = 'v1'\n", b"@app.post(\n", b"ws://h", b"\xff\xfe",
                    b"module.exports", b"requests"):
        texts += [("typescript", snippet), ("python", snippet)]
    assert len(texts) > 50
    for language in ("javascript", "typescript", "tsx", "python"):
        pattern = _prefilter(language)
        assert type(pattern).__module__.startswith("re2"), type(pattern)
        reference = re.compile(pattern.pattern)
        for lang, data in texts:
            if lang == language or language in ("javascript", "tsx"):
                assert bool(pattern.search(data)) == bool(reference.search(data)), (language, data[:80])


def test_a_keyword_re2_cannot_compile_falls_back_to_python_re(monkeypatch):
    """A plug-in keyword with a construct RE2 lacks (a lookahead) still filters."""
    from routelink.extract import _prefilter, clear_prefilters

    class Lookahead(ClientLibrary):
        name = "lookahead-client"
        keywords = (rb"zzq(?=\()",)

    clear_prefilters()
    monkeypatch.setattr(clients, "CLIENTS", (*clients.CLIENTS, Lookahead()))
    try:
        pattern = _prefilter("typescript")
        assert type(pattern).__module__ == "re"
        assert pattern.search(b"zzq(1)") and not pattern.search(b"let zzq = 2;\n")
    finally:
        clear_prefilters()
