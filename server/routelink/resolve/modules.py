"""Module resolution: which indexed file an import specifier names.

JavaScript/TypeScript follows Node/bundler rules as far as they can be known from the
files themselves: relative specifiers with the usual extensions and ``index`` files,
``compilerOptions.paths`` / ``baseUrl`` from the nearest ``tsconfig.json`` or
``jsconfig.json``, and the ``@/`` and ``~/`` aliases of Vue/Nuxt/Vite templates (mapped
to the package's ``src/`` when no config says otherwise). Bare package names resolve to
nothing (they are not workspace files).

Python follows the import system: relative imports from the importer's package, and
absolute imports tried against every ancestor directory of the importer (the source root
is one of them: the folder with ``manage.py``, ``src/``, the repository root), then,
when the root given is itself a package (``routelink check mealie`` with
``mealie/__init__.py``), above it.

Paths are absolute POSIX strings. Resolution consults only the set of indexed files (and
config files read through ``read_text``), never the disk layout beyond that.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Callable, Iterable

JS_EXTENSIONS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".vue", ".svelte")


def strip_jsonc(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments and trailing commas from JSONC text.

    A small lexer that respects string literals (tsconfig.json is JSONC).
    """
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            out.append(ch)
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
            out.append(ch)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j == -1 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j == -1 else j + 2
        else:
            out.append(ch)
            i += 1
    cleaned = "".join(out)
    # trailing commas: `,` followed only by whitespace before `}` or `]`
    result: list[str] = []
    in_string = False
    k = 0
    while k < len(cleaned):
        ch = cleaned[k]
        if in_string:
            result.append(ch)
            if ch == "\\" and k + 1 < len(cleaned):
                result.append(cleaned[k + 1])
                k += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            result.append(ch)
        elif ch == ",":
            j = k + 1
            while j < len(cleaned) and cleaned[j] in " \t\r\n":
                j += 1
            if j < len(cleaned) and cleaned[j] in "}]":
                k += 1
                continue
            result.append(ch)
        else:
            result.append(ch)
        k += 1
    return "".join(result)


@dataclass(frozen=True, slots=True)
class TsPaths:
    """The module-resolution options of one tsconfig/jsconfig (after ``extends``):
    ``base_url`` absolute (None when not set), ``paths`` as written, ``paths_dir`` the
    folder of the config that declares ``paths`` (their base when there is no
    ``baseUrl``)."""

    base_url: str | None
    paths: dict
    paths_dir: str


def _is_file(path: str) -> bool:
    import os

    return os.path.isfile(path)


class ModuleResolver:
    """Resolves import specifiers to indexed file paths; results are cached.

    ``exists(path)`` tells whether a path is an indexed file; ``read_text(path)`` reads a
    config file (tsconfig/jsconfig/package.json) or returns None. Call ``clear()`` when
    the set of files or a config file changes.
    """

    def __init__(self, exists: Callable[[str], bool], read_text: Callable[[str], str | None],
                 roots: Iterable[str],
                 read_external: Callable[[str], str | None] | None = None,
                 realpath: Callable[[str], str] | None = None) -> None:
        self.exists = exists
        self.read_text = read_text
        #: reads a config file the index does not hold (what a tsconfig ``extends``: a
        #: package's config in ``node_modules``, a base with another name); None: none
        self.read_external = read_external
        #: the real path of a file found in ``node_modules`` (symlinks resolved)
        self.realpath = realpath
        self.roots = [r.rstrip("/") or "/" for r in roots]
        self._cache: dict[tuple[str, str, str], str | None] = {}
        self._config_cache: dict[str, TsPaths | None] = {}
        self._effective_cache: dict[str, dict[str, tuple[object, str]] | None] = {}
        self._package_cache: dict[str, str] = {}
        #: whether a regular file is at a path on disk, indexed or not (a public folder's
        #: assets); the index sets one that records what it was asked
        self.on_disk: Callable[[str], bool] = _is_file
        #: file -> the file a build replaces it with (Angular ``fileReplacements``): an
        #: import that resolves to the first resolves to the second (set by the index)
        self.replacements: dict[str, str] = {}

    def clear(self) -> None:
        """Forget every cached resolution (files were added/removed, configs changed)."""
        self._cache.clear()
        self._config_cache.clear()
        self._effective_cache.clear()
        self._package_cache.clear()

    def resolve(self, importer: str, specifier: str, language: str) -> str | None:
        """The indexed file that ``specifier`` imported from ``importer`` names, or None."""
        key = (posixpath.dirname(importer), specifier, "py" if language == "python" else "js")
        if key in self._cache:
            return self._cache[key]
        if language == "python":
            result = self._resolve_python(importer, specifier)
        else:
            result = self._resolve_js(importer, specifier)
        if result is not None and self.replacements:
            result = self.replacements.get(result, result)
        self._cache[key] = result
        return result

    def resolve_python_submodule(self, module_file: str, name: str) -> str | None:
        """``from pkg import name`` where ``name`` is a submodule of package ``pkg``."""
        if not module_file.endswith("/__init__.py"):
            return None
        base = posixpath.join(posixpath.dirname(module_file), name)
        for cand in (base + ".py", base + "/__init__.py"):
            if self.exists(cand):
                return cand
        return None

    # ------------------------------------------------------------------ JavaScript

    def root_of(self, path: str) -> str:
        """The workspace root ``path`` lies under (the longest that holds it), or ``/``."""
        return self._root_of(path)

    def _root_of(self, path: str) -> str:
        best = "/"
        for r in self.roots:
            if (path == r or path.startswith(r + "/")) and len(r) > len(best):
                best = r
        return best

    def _try_file(self, base: str) -> str | None:
        base = posixpath.normpath(base)
        if self.exists(base) and posixpath.splitext(base)[1]:
            return base
        stem, ext = posixpath.splitext(base)
        # `./api.js` written in TS sources that compile to JS
        if ext in (".js", ".jsx", ".mjs", ".cjs"):
            for e in (".ts", ".tsx", ".mts", ".cts"):
                if self.exists(stem + e):
                    return stem + e
        for e in JS_EXTENSIONS:
            if self.exists(base + e):
                return base + e
        for e in JS_EXTENSIONS:
            cand = posixpath.join(base, "index" + e)
            if self.exists(cand):
                return cand
        return None

    def _ts_config(self, directory: str) -> "TsPaths | None":
        """The ``paths``/``baseUrl`` of the nearest tsconfig/jsconfig that has some (its
        own or through ``extends``), or None."""
        if directory in self._config_cache:
            return self._config_cache[directory]
        result = None
        for name in ("tsconfig.json", "jsconfig.json", "tsconfig.app.json", "tsconfig.base.json"):
            options = self._effective(posixpath.join(directory, name))
            if not options:
                continue
            paths, paths_dir = options.get("paths", (None, directory))
            base_url, base_dir = options.get("baseUrl", (None, directory))
            if not paths and not base_url:
                continue
            result = TsPaths(
                base_url=posixpath.normpath(posixpath.join(base_dir, base_url))
                if isinstance(base_url, str) and base_url else None,
                paths=paths if isinstance(paths, dict) else {},
                paths_dir=paths_dir)
            break
        if result is None:
            parent = posixpath.dirname(directory)
            root = self._root_of(directory)
            if parent != directory and (directory != root):
                result = self._ts_config(parent)
        self._config_cache[directory] = result
        return result

    def _read_config(self, path: str, external: bool) -> str | None:
        text = self.read_text(path)
        if text is None and external and self.read_external is not None:
            text = self.read_external(path)
        return text

    def _effective(self, path: str, external: bool = False, seen: tuple[str, ...] = ()
                   ) -> dict[str, tuple[object, str]] | None:
        """``paths`` and ``baseUrl`` of the config file ``path`` after its ``extends``
        chain, each as (value, folder of the config that declares it); None when the
        file cannot be read. ``external``: the file may be outside the index.

        Follows TypeScript 5: ``extends`` is a path relative to the config, or a package
        (``@tsconfig/node18/tsconfig.json``, ``@vue/tsconfig``) found in a
        ``node_modules`` folder when one is there (skipped otherwise), or an array of
        them where a later one overrides an earlier; an option the config sets itself
        overrides every base (a ``paths`` replaces the base's whole ``paths``);
        ``baseUrl`` is relative to the config that declares it, and ``paths`` without a
        ``baseUrl`` to the config that declares them.
        """
        if path in self._effective_cache:
            return self._effective_cache[path]
        if path in seen or len(seen) > 16:
            return None
        text = self._read_config(path, external)
        if text is None and not external:
            return None  # may still be read as another config's base
        data = None
        if text is not None:
            try:
                data = json.loads(strip_jsonc(text))
            except (ValueError, RecursionError):
                data = None
        if not isinstance(data, dict):
            self._effective_cache[path] = None
            return None
        directory = posixpath.dirname(path)
        result: dict[str, tuple[object, str]] = {}
        extends = data.get("extends")
        for spec in [extends] if isinstance(extends, str) else (
                extends if isinstance(extends, list) else []):
            if not isinstance(spec, str):
                continue
            target = self._extends_target(directory, spec)
            if target is None:
                continue
            base = self._effective(target, True, seen + (path,))
            if base:
                result.update(base)
        options = data.get("compilerOptions")
        if isinstance(options, dict):
            for key in ("paths", "baseUrl"):
                if key in options:
                    result[key] = (options[key], directory)
        self._effective_cache[path] = result
        return result

    def _extends_target(self, directory: str, spec: str) -> str | None:
        """The config file an ``extends`` names, or None when it cannot be found."""
        if spec.startswith(("./", "../", "/")) or spec in (".", ".."):
            base = posixpath.normpath(posixpath.join(directory, spec))
            cands = [base] if base.endswith(".json") else [base, base + ".json"]
            return next((c for c in cands if self._read_config(c, True) is not None), None)
        parts = spec.split("/")
        name_len = 2 if spec.startswith("@") else 1
        package, sub = "/".join(parts[:name_len]), "/".join(parts[name_len:])
        d = directory
        while True:
            pkg = posixpath.join(d, "node_modules", package)
            if sub:
                base = posixpath.join(pkg, sub)
                cands = [base] if base.endswith(".json") else [base, base + ".json",
                                                                 posixpath.join(base, "tsconfig.json")]
            else:
                cands = []
                manifest = self._read_config(posixpath.join(pkg, "package.json"), True)
                if manifest is not None:
                    try:
                        field = json.loads(manifest).get("tsconfig")
                    except (ValueError, AttributeError, RecursionError):
                        field = None
                    if isinstance(field, str):
                        cands.append(posixpath.normpath(posixpath.join(pkg, field)))
                cands.append(posixpath.join(pkg, "tsconfig.json"))
            for c in cands:
                if self._read_config(c, True) is not None:
                    # a workspace package linked into node_modules: its real folder, so
                    # that relative `paths` and `baseUrl` mean what they mean to tsc
                    return self.realpath(c) if self.realpath is not None else c
            parent = posixpath.dirname(d)
            if parent == d:
                return None
            d = parent

    def package_dir(self, path: str) -> str:
        """The nearest folder at or above ``path``'s folder with a package.json (or the root)."""
        return self._package_dir(posixpath.dirname(path))

    def _package_dir(self, directory: str) -> str:
        cached = self._package_cache.get(directory)
        if cached is not None:
            return cached
        result = self._find_package_dir(directory)
        self._package_cache[directory] = result
        return result

    def _find_package_dir(self, directory: str) -> str:
        root = self._root_of(directory)
        d = directory
        while True:
            if self.read_text(posixpath.join(d, "package.json")) is not None:
                return d
            if d == root or posixpath.dirname(d) == d:
                return root
            d = posixpath.dirname(d)

    def _resolve_js(self, importer: str, spec: str) -> str | None:
        directory = posixpath.dirname(importer)
        if spec.startswith("./") or spec.startswith("../") or spec in (".", ".."):
            return self._try_file(posixpath.join(directory, spec))
        if spec.startswith("/"):
            return self._try_file(spec)
        config = self._ts_config(directory)
        if config is not None:
            base_url = config.base_url or config.paths_dir
            paths = config.paths
            if isinstance(paths, dict):
                for pattern, targets in paths.items():
                    if not isinstance(targets, list):
                        continue
                    if pattern.endswith("*"):
                        prefix = pattern[:-1]
                        if not spec.startswith(prefix):
                            continue
                        rest = spec[len(prefix):]
                    elif pattern == spec:
                        rest = ""
                    else:
                        continue
                    for t in targets:
                        if not isinstance(t, str):
                            continue
                        found = self._try_file(posixpath.join(base_url, t.replace("*", rest)))
                        if found:
                            return found
            if config.base_url:
                found = self._try_file(posixpath.join(config.base_url, spec))
                if found:
                    return found
        if spec.startswith("@/") or spec.startswith("~/"):
            pkg = self._package_dir(directory)
            for base in (posixpath.join(pkg, "src"), pkg):
                found = self._try_file(posixpath.join(base, spec[2:]))
                if found:
                    return found
        if spec == "$lib" or spec.startswith("$lib/"):
            # SvelteKit's default alias (kit.files.lib)
            return self._try_file(posixpath.join(self._package_dir(directory), "src/lib", spec[5:]))
        return None

    # ------------------------------------------------------------------ Python

    def _resolve_python(self, importer: str, spec: str) -> str | None:
        if spec.startswith("."):
            level = len(spec) - len(spec.lstrip("."))
            rest = spec[level:]
            base = posixpath.dirname(importer)
            for _ in range(level - 1):
                base = posixpath.dirname(base)
            return self._python_module(base, rest)
        directory = posixpath.dirname(importer)
        root = self._root_of(importer)
        d = directory
        while True:
            found = self._python_module(d, spec)
            if found:
                return found
            if d == root or posixpath.dirname(d) == d:
                break
            d = posixpath.dirname(d)
        return self._above_package_root(root, spec)

    def _above_package_root(self, root: str, spec: str) -> str | None:
        """``from mealie.routes import x`` when the root given is the package ``mealie/``
        itself (it has an ``__init__.py``): the import root is above it, where the
        spec's leading parts name the root's own folders (``.../mealie`` for ``mealie.*``,
        ``.../app/api`` for ``app.api.*``), as ``sys.path`` would hold it."""
        if not self.exists(posixpath.join(root, "__init__.py")):
            return None
        parts = spec.split(".")
        for k in range(len(parts), 0, -1):
            suffix = "/" + "/".join(parts[:k])
            if root.endswith(suffix) and len(root) > len(suffix):
                found = self._python_module(root[: -len(suffix)] or "/", spec)
                if found:
                    return found
        return None

    def _python_module(self, base: str, dotted: str) -> str | None:
        if not dotted:
            cand = posixpath.join(base, "__init__.py")
            return cand if self.exists(cand) else None
        path = posixpath.join(base, *dotted.split("."))
        for cand in (path + ".py", path + "/__init__.py"):
            if self.exists(cand):
                return cand
        return None
