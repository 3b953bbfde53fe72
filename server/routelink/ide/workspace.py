"""What one command-line run indexes: roots from PATHs, and where its settings come from.

``routelink check [PATH ...]`` takes folders (each a root of one workspace) and files (as
pre-commit and lint-staged pass them). :func:`resolve_paths` turns them into a
:class:`RunPaths`:

- a folder PATH is a root, shown as given;
- a file PATH stands for its enclosing project, found by walking up from the file: the
  nearest folder with a ``routelink.toml`` (or a ``pyproject.toml`` with a
  ``[tool.routelink]`` table), else the nearest folder holding ``.git`` (the
  repository: a monorepo's frontend and backend are one workspace), else the nearest
  folder with a ``pyproject.toml`` or ``package.json``, else the file's own folder. The
  project is a root, shown relative to the working directory; several files of one
  project share it. Only findings in the given files (and under the given folders) are
  printed, and only they decide the exit status.
- a root inside another root is dropped (its files are indexed once, under the outer
  root).

:func:`discover_config` finds the settings file by walking up from each PATH
(``routelink.toml``, else ``[tool.routelink]`` in ``pyproject.toml``; the first PATH
that finds one wins).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from routelink.config import find_config_file

#: Files that make a folder a project, in the order :func:`project_root` tries them.
REPOSITORY_MARKER = ".git"
PACKAGE_MARKERS = ("pyproject.toml", "package.json")


class PathError(Exception):
    """A PATH that cannot be checked (missing, not a file or folder); one-line message."""


@dataclass
class RunPaths:
    """The roots of a run and what to print.

    ``roots``: absolute POSIX paths to index. ``display_roots``: the same roots as shown
    (a folder PATH as given, a file's project relative to the working directory) and as
    echoed in the JSON ``roots``. ``files``: absolute POSIX paths of the file PATHs
    (empty when every PATH is a folder); ``folders``: absolute POSIX paths of the folder
    PATHs. ``given``: the PATHs as written.
    """

    roots: list[str]
    display_roots: list[str]
    files: list[str] = field(default_factory=list)
    folders: list[str] = field(default_factory=list)
    given: list[str] = field(default_factory=list)

    def shows(self, path: str) -> bool:
        """Whether a finding in ``path`` (absolute POSIX) is printed: always when no
        file PATH was given; otherwise when it is one of the files or under a folder
        PATH."""
        if not self.files:
            return True
        return path in self.files or any(_under(path, f) for f in self.folders)


def _posix(path: str) -> str:
    return os.path.abspath(path).replace(os.sep, "/")


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def project_root(file: str) -> str:
    """The enclosing project of ``file`` (absolute), as the module docstring says."""
    start = os.path.dirname(os.path.abspath(file))
    chain = []
    d = start
    while True:
        chain.append(d)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for d in chain:
        if find_config_file(d):
            return d
    for d in chain:
        if os.path.exists(os.path.join(d, REPOSITORY_MARKER)):
            return d
    for d in chain:
        if any(os.path.isfile(os.path.join(d, m)) for m in PACKAGE_MARKERS):
            return d
    return start


def _shown(path: str, cwd: str) -> str:
    try:
        return os.path.relpath(path, cwd).replace(os.sep, "/")
    except ValueError:  # another drive (Windows)
        return path.replace(os.sep, "/")


def resolve_paths(paths: list[str], cwd: str | None = None) -> RunPaths:
    """The :class:`RunPaths` of ``paths`` (default ``["."]``). PathError for a PATH that
    does not exist or is neither a file nor a folder."""
    cwd = cwd or os.getcwd()
    given = list(paths) or ["."]
    roots: list[tuple[str, str]] = []  # (absolute POSIX, shown)
    files: list[str] = []
    folders: list[str] = []
    for p in given:
        if os.path.isdir(p):
            ap = _posix(p)
            folders.append(ap)
            roots.append((ap, p))
        elif os.path.isfile(p):
            files.append(_posix(p))
            proj = project_root(p)
            roots.append((_posix(proj), _shown(proj, cwd)))
        elif os.path.exists(p):
            raise PathError(f"{p}: not a file or directory")
        else:
            raise PathError(f"{p}: no such directory or file")
    kept: list[tuple[str, str]] = []
    for ap, shown in roots:
        if any(ap == k for k, _ in kept):
            continue
        if any(_under(ap, o) and ap != o for o, _ in roots):
            continue  # inside another root: indexed there
        kept.append((ap, shown))
    return RunPaths([a for a, _ in kept], [s for _, s in kept], files, folders, given)


def discover_config(paths: list[str]) -> tuple[str | None, list[tuple[str, str]]]:
    """The settings file for a run over ``paths``: walking up from each PATH (a file's
    folder for a file) to the filesystem root, the first ``routelink.toml`` or
    ``pyproject.toml`` with ``[tool.routelink]``; the first PATH that finds one wins.
    Returns (that file or None, [(PATH, file)] for every PATH that found one)."""
    found: list[tuple[str, str]] = []
    for p in paths or ["."]:
        d = os.path.abspath(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p)))
        while True:
            f = find_config_file(d)
            if f:
                found.append((p, f))
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
    return (found[0][1] if found else None), found
