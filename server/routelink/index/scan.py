"""Finding the files of a workspace: walk each root, honour ignore files, skip noise.

Every root is walked once. ``.gitignore`` files (at any depth, with git's semantics via
pathspec's ``gitignore`` patterns) and the configuration's ``exclude`` patterns are
honoured. Some folders are always skipped, ignored or not, because real repositories
commit them and they never hold the app's own routes or calls: ``node_modules``,
``dist``/``build``/``out``, coverage reports, VCS folders, virtualenvs, vendored code
and caches. Minified or bundled files are skipped by the extractor.

Symlinks to directories are not followed (no loops); unreadable entries are skipped.
"""

from __future__ import annotations

import logging
import os
import posixpath
from dataclasses import dataclass, field

import pathspec

from routelink.index.config_files import is_resolution_config
from routelink.syntax import language_for_path

log = logging.getLogger(__name__)

ALWAYS_SKIPPED_DIRS = frozenset({
    "node_modules", "bower_components", "jspm_packages", "dist", "build", "out", "coverage",
    ".nyc_output", ".git", ".hg", ".svn", ".venv", "venv", "env", ".env", "virtualenv",
    "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".nox", "vendor",
    "vendors", "third_party", ".next", ".nuxt", ".output", ".svelte-kit", ".angular",
    ".cache", ".parcel-cache", ".turbo", ".vercel", ".serverless", "site-packages",
    "storybook-static", ".expo", ".idea", ".vscode-test", "staticfiles",
})

#: Test code is not the frontend or the backend: its requests (e2e suites, API tests)
#: would hide unused routes and its fixture apps would add routes nobody serves.
#: Skipped unless the configuration sets ``include_tests = true``.
TEST_PATTERNS = (
    "*.test.*", "*.spec.*", "*.cy.*", "*.e2e.*", "*.stories.*", "__tests__/", "__mocks__/",
    "e2e/", "cypress/", "playwright/", "test/", "tests/", "spec/", "testing/", "test_*.py",
    "*_test.py", "conftest.py",
    # test and maintenance scripts: `test-api.js`, `smoke-test.ts`, `load_test.js`
    "test-*.js", "test-*.ts", "test-*.mjs", "test-*.cjs", "*-test.*", "*_test.js", "*_test.ts",
)


_BUNDLE_SUFFIXES = (".min.js", ".bundle.js", ".chunk.js", ".min.mjs", "-min.js")


@dataclass
class ScanResult:
    """Source and config files found under the roots (absolute POSIX paths)."""

    sources: list[str] = field(default_factory=list)
    configs: list[str] = field(default_factory=list)
    skipped: int = 0


def is_source_candidate(path: str) -> bool:
    """True for a file name routelink may parse (by suffix; bundles excluded)."""
    name = posixpath.basename(path)
    if name.endswith(_BUNDLE_SUFFIXES):
        return False
    return language_for_path(name) is not None


def is_skipped_dir(name: str) -> bool:
    """True for a directory name that is never walked."""
    return name in ALWAYS_SKIPPED_DIRS or name.endswith(".egg-info")


class IgnoreRules:
    """The ignore rules of one root: nested ``.gitignore`` files plus ``exclude``.

    ``ignored(path, is_dir)`` answers for an absolute POSIX path under the root.
    """

    def __init__(self, root: str, exclude: list[str] | None = None) -> None:
        self.root = root
        self._specs: list[tuple[str, pathspec.PathSpec]] = []
        if exclude:
            self._specs.append((root, pathspec.PathSpec.from_lines("gitignore", exclude)))

    def add_gitignore(self, directory: str, text: str) -> None:
        """Add the rules of ``directory/.gitignore``."""
        try:
            spec = pathspec.PathSpec.from_lines("gitignore", text.splitlines())
        except Exception:  # noqa: BLE001 - a malformed pattern must not stop the scan
            log.warning("unreadable .gitignore in %s", directory)
            return
        self._specs.append((directory, spec))

    def ignored(self, path: str, is_dir: bool = False) -> bool:
        for base, spec in self._specs:
            if path != base and not path.startswith(base.rstrip("/") + "/"):
                continue
            rel = posixpath.relpath(path, base)
            if is_dir:
                rel += "/"
            if spec.match_file(rel):
                return True
        return False

    def under_skipped_dir(self, path: str) -> bool:
        """True when a directory on ``path`` below the root is never walked."""
        rel = posixpath.relpath(path, self.root)
        return any(is_skipped_dir(part) for part in rel.split("/")[:-1])


def scan_root(root: str, exclude: list[str] | None = None,
              on_skip=None) -> tuple[ScanResult, IgnoreRules]:
    """Walk ``root`` (absolute) and return its source and config files.

    ``on_skip(path, reason)``, if given, is called for each folder or source file left
    out (``routelink check --show-files``); ``reason`` is a short phrase."""
    result = ScanResult()
    rules = IgnoreRules(root, exclude)
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError as exc:
            log.warning("cannot read %s: %s", directory, exc)
            continue
        if directory != root and any(e.name == "pyvenv.cfg" for e in entries):
            result.skipped += 1  # a virtualenv under any name
            if on_skip is not None:
                on_skip(directory + "/", "a virtualenv (pyvenv.cfg)")
            continue
        for e in entries:
            if e.name == ".gitignore":
                try:
                    with open(e.path, encoding="utf-8", errors="replace") as fh:
                        rules.add_gitignore(directory, fh.read())
                except OSError:
                    pass
        subdirs = []
        for e in sorted(entries, key=lambda x: x.name):
            path = e.path.replace(os.sep, "/")
            try:
                if e.is_dir(follow_symlinks=False):
                    if is_skipped_dir(e.name) or rules.ignored(path, True):
                        result.skipped += 1
                        if on_skip is not None:
                            on_skip(path + "/", "always skipped" if is_skipped_dir(e.name)
                                    else "ignored by .gitignore or exclude")
                        continue
                    subdirs.append(path)
                    continue
                if not e.is_file(follow_symlinks=True):
                    continue
            except OSError:
                continue
            if is_resolution_config(path):
                result.configs.append(path)
                continue
            if not is_source_candidate(path):
                continue
            if rules.ignored(path):
                result.skipped += 1
                if on_skip is not None:
                    on_skip(path, "ignored by .gitignore, exclude or the test-file patterns")
                continue
            result.sources.append(path)
        stack.extend(reversed(subdirs))
    return result, rules


def read_bytes(path: str) -> bytes | None:
    """A file's bytes, or None if it vanished or cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None
