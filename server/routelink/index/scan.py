"""Finding the files of a workspace: walk each root, honour ignore files, skip noise.

Every root is walked once. ``.gitignore`` files (at any depth, with git's semantics via
pathspec's ``gitignore`` patterns) and the configuration's ``exclude`` patterns are
honoured. Some folders are always skipped, ignored or not, because real repositories
commit them and they never hold the app's own routes or calls: ``node_modules``,
``dist``/``build``/``out``, coverage reports, VCS folders, virtualenvs, vendored code
and caches. Minified or bundled files are skipped by the extractor.

Symbolic links never lead out of a root (see :func:`scan_root`); links to folders are not
walked (no loops); unreadable entries are skipped; files are read up to the size limit
only (:func:`read_bytes`).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import stat
from dataclasses import dataclass, field

import pathspec

from routelink.extract import DEFAULT_MAX_BYTES
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
    #: entries not walked or not indexed: always-skipped folders, virtualenvs, ignored
    skipped: int = 0
    #: of ``skipped``, the files and folders a ``.gitignore`` or ``exclude`` pattern ignores
    ignored: int = 0
    #: symbolic links skipped because they resolve outside the root
    outside: list[str] = field(default_factory=list)


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

    ``.gitignore`` files are read as git reads them (checked against ``git check-ignore``
    in ``tests/core/test_gitignore.py``): pathspec's :class:`~pathspec.GitIgnoreSpec`
    per file, a UTF-8 byte-order mark and CR line ends dropped, one pattern compiled at
    a time so that an invalid line (``!``, a trailing ``\\``, a bad range) is skipped
    with a warning instead of discarding the file; within a file the last matching
    pattern decides (``!`` re-includes), a deeper ``.gitignore`` overrides the ones
    above it, and nothing under an ignored folder is re-included. ``exclude`` patterns
    (the configuration's, and the test patterns) exclude whatever a ``.gitignore`` says.

    ``ignored(path, is_dir)`` answers for an absolute POSIX path under the root.
    """

    def __init__(self, root: str, exclude: list[str] | None = None) -> None:
        self.root = root
        self._exclude: _RuleSet | None = None
        #: (folder, rules) of each .gitignore, shallowest first
        self._specs: list[tuple[str, _RuleSet]] = []
        #: "file:line: reason" of every pattern skipped as invalid
        self.invalid: list[str] = []
        if exclude:
            self._exclude = _RuleSet(_rules(compile_patterns(exclude, "exclude", self.invalid)))

    def add_gitignore(self, directory: str, text: str) -> None:
        """Add the rules of ``directory/.gitignore`` (its text)."""
        where = posixpath.join(directory, ".gitignore")
        spec = compile_patterns(gitignore_lines(text), where, self.invalid)
        rules = _rules(spec)
        if rules:
            self._specs.append((directory, _RuleSet(rules)))
            self._specs.sort(key=lambda ds: ds[0].count("/"))

    def _decide(self, path: str, is_dir: bool) -> bool:
        """Whether ``path`` itself is ignored, its folders aside."""
        rel = _relative(path, self.root)
        if self._exclude is not None and self._exclude.last_match(rel, is_dir):
            return True
        for base, spec in reversed(self._specs):  # the deepest .gitignore decides first
            if base != self.root:
                if not path.startswith(base.rstrip("/") + "/"):
                    continue
                rel = _relative(path, base)
            else:
                rel = _relative(path, self.root)
            include = spec.last_match(rel, is_dir)
            if include is not None:
                return include
        return False

    def ignored(self, path: str, is_dir: bool = False, folders: bool = True) -> bool:
        """Whether ``path`` is ignored: it, or (``folders``) a folder above it under the
        root (git never re-includes a file of an ignored folder)."""
        if path == self.root:
            return False
        if folders:
            rel = _relative(path, self.root)
            parts = rel.split("/")
            for i in range(1, len(parts)):
                if self._decide(posixpath.join(self.root, *parts[:i]), True):
                    return True
        return self._decide(path, is_dir)

    def under_skipped_dir(self, path: str) -> bool:
        """True when a directory on ``path`` below the root is never walked."""
        rel = posixpath.relpath(path, self.root)
        return any(is_skipped_dir(part) for part in rel.split("/")[:-1])


class _Rule:
    """One gitignore pattern as linear-time regexes (RE2 when available): ``self_re``
    matches a file or folder whose own name the pattern names (``*.js``: ``a.js``,
    ``src/a.js``), ``dir_re`` a folder only (``build/``), tested on ``rel + "/"``.
    A match through a folder above the entry is no match here: :meth:`IgnoreRules.ignored`
    decides each folder on the way on its own, as git does."""

    __slots__ = ("include", "self_re", "dir_re")

    def __init__(self, pattern) -> None:
        self.include: bool = pattern.include
        regex: str = pattern.regex.pattern
        if isinstance(regex, bytes):  # pragma: no cover - str patterns only
            regex = regex.decode("latin-1")
        self.self_re = self.dir_re = None
        if _DIR_MARK_CG not in regex:
            self.self_re = _compile(regex)
        elif regex.endswith(_DIR_MARK_OPT):
            self.self_re = _compile(regex[:-len(_DIR_MARK_OPT)] + "$")
        elif regex.endswith(_DIR_MARK_CG):
            self.dir_re = _compile(regex[:-len(_DIR_MARK_CG)].replace(_DIR_MARK_CG, "/") + "/$")
        else:
            self.self_re = _compile(regex.replace(_DIR_MARK_CG, "/"))

    def matches(self, rel: str, is_dir: bool) -> bool:
        if self.self_re is not None and self.self_re.search(rel) is not None:
            return True
        return is_dir and self.dir_re is not None and self.dir_re.search(rel + "/") is not None


# pathspec marks "the rest is a folder" in its gitignore regexes with this group
_DIR_MARK_CG = "(?P<ps_d>/)"
_DIR_MARK_OPT = f"(?:{_DIR_MARK_CG}|$)"


def _compile(regex: str):
    """``regex`` compiled by RE2 (linear time: a ``.gitignore`` line such as
    ``*a*a*a*a*a*a*a*a*c`` against a long name would backtrack for minutes in Python's
    ``re``), or by ``re`` when google-re2 is not installed."""
    if _re2 is not None:
        try:
            return _re2.compile(regex, _RE2_OPTIONS)
        except Exception:  # noqa: BLE001 - a construct RE2 lacks: fall back to re
            pass
    return re.compile(regex)


try:
    import re2 as _re2

    _RE2_OPTIONS = _re2.Options()
    _RE2_OPTIONS.log_errors = False
except ImportError:  # pragma: no cover - google-re2 is a dependency
    _re2 = None
    _RE2_OPTIONS = None


def _rules(spec: pathspec.PathSpec) -> list[_Rule]:
    """The patterns of ``spec`` that match something, last first."""
    return [_Rule(p) for p in reversed(spec.patterns) if p.include is not None and p.regex is not None]


def _last_match(rules: list[_Rule], rel: str, is_dir: bool) -> bool | None:
    """Whether the last pattern (``rules`` are last first) that matches the file or
    folder ``rel`` itself ignores it (True), re-includes it (False), or None when none
    matches."""
    if _re2 is not None and not rel.isascii():
        # RE2 takes UTF-8: a name byte that is not UTF-8 (a lone surrogate from
        # os.fsdecode) is matched as U+FFFD, as a .gitignore read with errors="replace"
        rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    for rule in rules:
        if rule.matches(rel, is_dir):
            return rule.include
    return None


def _relative(path: str, base: str) -> str:
    """``posixpath.relpath(path, base)`` for a normalized ``path`` below ``base`` (a
    string slice, the common case), else relpath itself."""
    stem = base.rstrip("/") + "/"
    if path.startswith(stem) and len(path) > len(stem):
        return path[len(stem):]
    return posixpath.relpath(path, base)


class _RuleSet:
    """The rules of one ignore file (last first, as :func:`_rules` gives them) matched
    in one pass: all their regexes in one RE2 set per kind (a file's own name, a folder
    with its trailing ``/``), the last matching pattern found as the lowest index. The
    same answer as :func:`_last_match` over the rules one by one (the fallback when
    RE2 is missing or rejects a pattern), at one automaton run per name instead of one
    per pattern."""

    __slots__ = ("rules", "_self_set", "_self_ids", "_dir_set", "_dir_ids")

    def __init__(self, rules: list[_Rule]) -> None:
        self.rules = rules
        self._self_set = self._dir_set = None
        self._self_ids: list[int] = []
        self._dir_ids: list[int] = []
        if _re2 is None or not rules:
            return
        try:
            self_set = _re2.Set.SearchSet(_RE2_OPTIONS)
            dir_set = _re2.Set.SearchSet(_RE2_OPTIONS)
            for i, rule in enumerate(rules):
                for regex, target, ids in ((rule.self_re, self_set, self._self_ids),
                                           (rule.dir_re, dir_set, self._dir_ids)):
                    if regex is None:
                        continue
                    if not isinstance(regex, _re2._Regexp):
                        return  # a pattern only Python's re compiled: one by one
                    target.Add(regex.pattern)
                    ids.append(i)
            if self._self_ids:
                self_set.Compile()
                self._self_set = self_set
            if self._dir_ids:
                dir_set.Compile()
                self._dir_set = dir_set
        except Exception:  # noqa: BLE001 - any RE2 set trouble: match one by one
            self._self_set = self._dir_set = None
            self._self_ids, self._dir_ids = [], []

    def last_match(self, rel: str, is_dir: bool) -> bool | None:
        """:func:`_last_match` of these rules."""
        if self._self_set is None and self._dir_set is None:
            return _last_match(self.rules, rel, is_dir)
        if not rel.isascii():
            rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        best = None
        if self._self_set is not None:
            hits = self._self_set.Match(rel)
            if hits:
                best = self._self_ids[min(hits)]
        if is_dir and self._dir_set is not None:
            hits = self._dir_set.Match(rel + "/")
            if hits:
                j = self._dir_ids[min(hits)]
                best = j if best is None else min(best, j)
        return None if best is None else self.rules[best].include


def gitignore_lines(text: str) -> list[str]:
    """The pattern lines of a ``.gitignore`` text as git reads them: a leading UTF-8
    byte-order mark dropped, LF or CRLF line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def compile_patterns(lines: list[str], where: str, invalid: list[str] | None = None
                     ) -> pathspec.GitIgnoreSpec:
    """A :class:`~pathspec.GitIgnoreSpec` of ``lines`` (gitignore syntax), compiled one
    line at a time: an invalid line is left out, logged once as ``where:N``, and, when
    ``invalid`` is given, listed there."""
    patterns = []
    for n, line in enumerate(lines, 1):
        try:
            patterns.extend(pathspec.GitIgnoreSpec.from_lines([line]).patterns)
        except Exception as exc:  # noqa: BLE001 - pathspec raises ValueError or re.error
            reason = f"{where}:{n}: skipped the invalid pattern {line!r} ({exc})"
            log.info("%s", reason)
            if invalid is not None:
                invalid.append(reason)
    return pathspec.GitIgnoreSpec(patterns)


def invalid_pattern(pattern: str) -> str | None:
    """Why ``pattern`` is no valid gitignore pattern, or None when it is one."""
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except Exception as exc:  # noqa: BLE001
        return str(exc) or type(exc).__name__
    return None


def scan_root(root: str, exclude: list[str] | None = None,
              on_skip=None) -> tuple[ScanResult, IgnoreRules]:
    """Walk ``root`` (absolute) and return its source and config files.

    ``on_skip(path, reason)``, if given, is called for each folder or source file left
    out (``routelink check --show-files``); ``reason`` is a short phrase.

    Symbolic links are never followed out of the root: a link whose target resolves
    outside it (file or folder) is skipped and listed in ``ScanResult.outside`` (logged
    once per scan); a link to a folder inside the root is not walked (its files are
    walked where they are; no loops); a link to a file inside the root is read."""
    result = ScanResult()
    rules = IgnoreRules(root, exclude)
    real_root = os.path.realpath(root)
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
                    if e.is_symlink() and not within(os.path.realpath(e.path), real_root):
                        continue
                    with open(e.path, encoding="utf-8", errors="replace") as fh:
                        rules.add_gitignore(directory, fh.read(MAX_IGNORE_FILE_BYTES))
                except OSError:
                    pass
        subdirs = []
        for e in sorted(entries, key=lambda x: x.name):
            path = e.path.replace(os.sep, "/")
            try:
                if e.is_symlink():
                    target = os.path.realpath(e.path)
                    if not within(target, real_root):
                        result.outside.append(path)
                        if on_skip is not None:
                            on_skip(path, "a symbolic link leading outside the root")
                        continue
                    if os.path.isdir(target):
                        if on_skip is not None:
                            on_skip(path + "/", "a symbolic link to a folder (walked where it is)")
                        continue  # a folder of the root, walked where it is
                if e.is_dir(follow_symlinks=False):
                    if is_skipped_dir(e.name):
                        result.skipped += 1
                        if on_skip is not None:
                            on_skip(path + "/", "always skipped")
                        continue
                    if rules.ignored(path, True, folders=False):
                        result.skipped += 1
                        result.ignored += 1
                        if on_skip is not None:
                            on_skip(path + "/", "ignored by .gitignore or exclude")
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
            if rules.ignored(path, folders=False):
                result.skipped += 1
                result.ignored += 1
                if on_skip is not None:
                    on_skip(path, "ignored by .gitignore, exclude or the test-file patterns")
                continue
            result.sources.append(path)
        stack.extend(reversed(subdirs))
    if result.outside:
        log.info("skipped %d symbolic link(s) to files or folders outside %s: %s",
                    len(result.outside), root, ", ".join(result.outside[:5])
                    + (", ..." if len(result.outside) > 5 else ""))
    return result, rules


#: a .gitignore longer than this is read up to here (no real one comes close)
MAX_IGNORE_FILE_BYTES = 1024 * 1024


def within(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it (both absolute, normalized)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


class Oversized(bytes):
    """The first ``limit + 1`` bytes of a file over the size limit; ``size`` is the
    file's size in bytes (at least ``len(self)``)."""

    size: int

    def __new__(cls, data: bytes, size: int) -> "Oversized":
        obj = super().__new__(cls, data)
        obj.size = max(size, len(data))
        return obj

    def __reduce__(self):
        # bytes' own reduction would drop ``size`` (and call __new__ without it): the
        # cold-index pool sends these to worker processes
        return (Oversized, (bytes(self), self.size))


def read_bytes(path: str, limit: int | None = None) -> bytes | None:
    """A regular file's bytes, or None if it vanished, cannot be read or is no regular
    file (a FIFO, a device: never opened for reading).

    With ``limit`` (bytes), at most ``limit + 1`` bytes are read: a larger file gives
    :class:`Oversized` (its first ``limit + 1`` bytes and its size), which the extractor
    reports as over the limit. A file that grows between the size check and the read
    is still read only up to the limit."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None
        with os.fdopen(fd, "rb", closefd=False) as fh:
            if limit is None:
                return fh.read()
            data = fh.read(limit + 1)
        if len(data) > limit:
            return Oversized(data, st.st_size)
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


@dataclass
class WorkspaceFiles:
    """What a scan of a workspace's roots found and read (:func:`read_workspace`): the
    input of :func:`build_index`, and of the whole-run results cache
    (:mod:`routelink.index.results`), which digests it.

    ``data`` maps every file read (sources and resolution configs; absolute POSIX
    paths, in scan order) to its bytes (at most ``max_bytes + 1``: see
    :class:`routelink.index.scan.Oversized`); ``sources`` is the part of it that is
    extracted. ``ignore_rules`` are the roots' :class:`~routelink.index.scan.IgnoreRules`;
    ``notes`` the scan's messages (links leading outside a root, invalid patterns).
    """

    roots: list[str]
    max_bytes: int
    data: dict[str, bytes] = field(default_factory=dict)
    sources: dict[str, bytes] = field(default_factory=dict)
    ignore_rules: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: source files the scan found (read or not), and entries ignored by patterns
    scanned: int = 0
    ignored: int = 0
    #: :func:`routelink.index.results.inputs_digest` of all this, once computed
    digest: bytes | None = None


def read_workspace(roots: list[str], exclude: list[str] | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, progress=None) -> WorkspaceFiles:
    """Scan ``roots`` (absolute paths; normalized) and read every config and source
    file found (see :func:`routelink.index.scan.scan_root`). ``progress(done, total,
    "reading")``, if given, is called every 50 files. Files that vanish or cannot be
    read between the scan and the read are left out."""
    out = WorkspaceFiles(roots=[posixpath.normpath(r) for r in roots], max_bytes=max_bytes)
    paths: list[str] = []
    for root in out.roots:
        result, rules = scan_root(root, exclude)
        out.ignore_rules.append(rules)
        out.ignored += result.ignored
        if result.outside:
            shown = ", ".join(posixpath.relpath(p, root) for p in result.outside[:3])
            more = f" and {len(result.outside) - 3} more" if len(result.outside) > 3 else ""
            out.notes.append(
                f"skipped {len(result.outside)} symbolic link(s) leading outside {root}: {shown}{more}")
        out.notes.extend(rules.invalid)
        for p in result.configs:
            data = read_bytes(p, max_bytes)
            if data is not None:
                out.data[p] = data
        paths.extend(result.sources)
    total = out.scanned = len(paths)
    for n, p in enumerate(paths):
        data = read_bytes(p, max_bytes)
        if data is not None:
            out.data[p] = data
            if not is_resolution_config(p):
                out.sources[p] = data
        if progress is not None and n % 50 == 0:
            progress(n, total, "reading")
    return out
