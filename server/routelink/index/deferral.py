"""The cross-file prefilter: which JavaScript/TypeScript/Vue/Svelte files are extracted.

The per-file text prefilter (:func:`routelink.extract._prefilter`) lets through every
module that exports anything, since an export may give another file a URL piece, a
wrapper, a component or a client (``export const V1 = 'v1'``, ``(p) => http(p)``), which
no keyword of its own shows. This module decides across files instead:

- a file is *needed* (extracted when it is indexed) when its text matches the keywords
  of its language's frameworks and client libraries and the generic ones of
  :data:`_LOCAL` (:func:`has_keywords`, the per-file keywords without ``export``), when
  a framework reads it whatever its text (:meth:`Framework.always_extract`: a Next.js
  ``route.ts``), or when it mentions, as a whole identifier, a *name* a needed file
  shares (:func:`shared_names`: the names it exports or defines at module level, and the
  names an importer may give it after its file name); repeated until nothing is added;
- every other file is *deferred*: its facts in the index are empty (as for a file the
  per-file prefilter skips) and it is extracted the first time resolution reads it
  (``WorkspaceIndex._facts``: an imported constant, an imported function's body).

Why a deferred file cannot change anything that is derived from every file's facts
(not read through ``_facts``): it has no keyword, so it declares no route, router,
mount, listen, settings, client call, client default or absolute URL (the keywords of
each are in :data:`_LOCAL` or the registries); a call site, component usage, ``new`` or
subclass of its that could reach a request names a needed file's name, which makes it
needed; an import of a needed module names it (a named import) or its file (a default,
namespace or side-effect import: the specifier ends with the file's stem, or its folder
for an ``index`` file). The one table whose answers a deferred file changes, the
exporters of a name (auto-imports), is completed on demand by
``WorkspaceIndex._exporters_of``. ``ROUTELINK_PREFILTER=file`` turns the cross-file
prefilter off (every file the per-file prefilter lets through is extracted at once).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache

from routelink.clients.base import GLOBAL_PROPERTY
from routelink.facts import FileFacts

#: languages whose files may be deferred (Angular templates, ``html``, are not)
DEFERRABLE = frozenset({"javascript", "typescript", "tsx", "vue", "svelte"})

#: environment variable: ``file`` turns the cross-file prefilter off
ENV_VAR = "ROUTELINK_PREFILTER"

# The generic keywords of ``extract._JS_GENERIC`` without the export patterns, and the
# ``routelink-ignore`` comment (an unused one is a hint on its file).
_LOCAL = (rb"https?:|wss?:|['\"`]/|[aA][pP][iI]|[rR]equest|"
          rb"\.(?:get|post|put|patch|delete|use|route)\s*\(|routelink-ignore")

_WORD = re.compile(rb"[A-Za-z_$][\w$]*(?:-[A-Za-z_$][\w$]*)*")
_PART = re.compile(r"[A-Za-z_$][\w$]*")
#: folders that hold a package's sources: an ``index`` file right in one is imported
#: by the name of the folder above
_SOURCE_DIRS = frozenset({"src", "lib", "dist", "source", "sources"})


def enabled() -> bool:
    """Whether the cross-file prefilter is on (``ROUTELINK_PREFILTER`` is not ``file``)."""
    return os.environ.get(ENV_VAR, "").strip().lower() not in ("file", "off", "0")


@lru_cache(maxsize=None)
def _keywords() -> "re.Pattern[bytes]":
    from routelink.clients import registry as clients

    # a call through a member of a parameter (`runner.query(sql)`) is a call site of
    # the file (a client may be passed to it) whatever other files say
    members = sorted(m for m in clients.member_names() if re.fullmatch(r"[A-Za-z_$][\w$]*", m))
    member_calls = rb"\.(?:" + "|".join(re.escape(m) for m in members).encode() + rb")\s*[<(]"
    parts = [_LOCAL, member_calls, *clients.keywords()]
    for fw in _js_frameworks():
        kws = fw.keywords if fw.cross_file_keywords is None else fw.cross_file_keywords
        parts.extend(k for k in kws if k not in parts)
    return re.compile(b"|".join(b"(?:" + p + b")" for p in parts))


@lru_cache(maxsize=None)
def _js_frameworks() -> tuple:
    from routelink.frameworks import registry as frameworks

    out: list = []
    for language in ("javascript", "typescript", "tsx"):
        out.extend(fw for fw in frameworks.for_language(language) if fw not in out)
    return tuple(out)


def clear() -> None:
    """Forget the compiled keywords (after a framework or client is registered)."""
    _keywords.cache_clear()
    _js_frameworks.cache_clear()


def has_keywords(path: str, data: bytes) -> bool:
    """True when the file must be extracted for its own sake: its text matches a keyword
    (:data:`_LOCAL`, the client libraries', the JS frameworks' cross-file keywords) or a
    framework reads it whatever its text (:meth:`Framework.always_extract`)."""
    if any(fw.always_extract(path) for fw in _js_frameworks()):
        return True
    return _keywords().search(data) is not None


def words(data: bytes) -> set[str]:
    """The identifiers the text mentions (a superset: in comments and strings too); a
    hyphenated word (``<user-card>``, ``./use-users``) also as its parts and joined in
    PascalCase and camelCase (``UserCard``, ``useUsers``)."""
    out: set[str] = set()
    for w in set(_WORD.findall(data)):
        s = w.decode("ascii")
        out.add(s)
        if "-" in s:
            out.update(_joined(s.split("-")))
    return out


def _joined(parts: list[str]) -> list[str]:
    parts = [p for p in parts if p]
    if not parts:
        return []
    pascal = "".join(p[:1].upper() + p[1:] for p in parts)
    return [*parts, pascal, parts[0] + pascal[len(parts[0]):]]


_SEGMENT = re.compile(rb"/([\w$@+.-]+)|['\"`]([\w$@+.-]+)['\"`]")
_EXTENSION = re.compile(r"\.(?:[cm]?[jt]sx?|vue|svelte)$")


def segments(data: bytes) -> set[str]:
    """The names the text may import a module by: every path segment after a ``/`` and
    every quoted word (``'./user.service'``, ``'../utils'``, ``'api'``), with and
    without a JS/TS/Vue/Svelte extension."""
    out: set[str] = set()
    for a, b in set(_SEGMENT.findall(data)):
        seg = (a or b).decode("ascii")
        out.add(seg)
        out.add(_EXTENSION.sub("", seg))
    return out


def _distinctive(name: str) -> bool:
    """A name unlikely to be an ordinary word: it has an upper-case letter after its
    first (``useUsers``, ``UserCard``)."""
    return any(c.isupper() for c in name[1:])


def file_names(path: str) -> tuple[frozenset[str], frozenset[str]]:
    """(identifiers, module names) an importer may use for the module at ``path``
    without naming anything it exports.

    Module names are matched with the importer's :func:`segments`: the file name without
    its extension (``user.service``), or for an ``index`` file its folder's name (and the
    name of the folder above a ``src``-like folder): a default, namespace or side-effect
    import's specifier ends with one of them. Identifiers are matched with the
    importer's :func:`words`: the file or folder name when it is camelCase or
    PascalCase, and a kebab-case name joined (``user-card.vue``: ``UserCard``,
    ``userCard``): a component a template renders by its file name, a file-named
    auto-import."""
    parts = path.split("/")
    base = parts[-1] if parts else ""
    stem = _EXTENSION.sub("", base)
    modules = {stem}
    if stem.split(".", 1)[0] in ("index", "main", "mod") and len(parts) > 1:
        modules.add(parts[-2])
        if parts[-2] in _SOURCE_DIRS and len(parts) > 2:
            modules.add(parts[-3])
    idents: set[str] = set()
    for name in modules:
        first = name.split(".", 1)[0]
        if _PART.fullmatch(first) and _distinctive(first):
            idents.add(first)
        if "-" in first or "_" in first:
            idents.update(n for n in _joined(re.split(r"[-_]", first))[-2:] if _PART.fullmatch(n))
    return frozenset(idents), frozenset(modules)


def behaves(facts: FileFacts) -> bool:
    """Whether a file's facts may give another file something that makes requests or
    routes: call sites, request functions, routing facts, client defaults, or a
    module-level value made by a call (``axios.create()``, ``new ApiClient()``)."""
    if (facts.calls or facts.functions or facts.routers or facts.routes or facts.mounts
            or facts.view_routes or facts.assignments or facts.listens or facts.settings):
        return True
    return any(_has_call(v) for _, v in facts.values) or any(
        _has_call(e.value) for e in facts.exports)


def _has_call(expr) -> bool:
    from routelink.facts import Alt, CallExpr, Concat, Obj

    stack, seen = [expr], 0
    while stack and seen < 1000:
        seen += 1
        e = stack.pop()
        if isinstance(e, CallExpr):
            return True
        if isinstance(e, Concat):
            stack.extend(e.parts)
        elif isinstance(e, Alt):
            stack.extend(e.options)
        elif isinstance(e, Obj):
            stack.extend(v for _, v in e.items)
            stack.extend(e.spreads)
    return False


def shared_names(path: str, facts: FileFacts) -> tuple[frozenset[str], frozenset[str]]:
    """(identifiers, module names) a needed file shares with other files: the names it
    exports and :func:`file_names`."""
    idents, modules = file_names(path)
    out = set(idents)
    out.update(e.name for e in facts.exports)
    # a global property (`app.config.globalProperties.$http = http`) every component reads
    out.update(a.target.attrs[0] for a in facts.assignments
               if a.target.name == GLOBAL_PROPERTY and len(a.target.attrs) == 1)
    out.discard("default")
    out.discard("*")
    return frozenset(out), modules


class Deferral:
    """The cross-file prefilter's state for one index: the text of every deferrable
    file, which ones have keywords, indexes of the words and segments of each, the
    names each needed file shares, the needed set and the facts of deferred files
    extracted on demand.

    :meth:`compute` recomputes the needed set.
    """

    def __init__(self) -> None:
        self.texts: dict[str, bytes] = {}
        self.keyword: set[str] = set()
        #: word -> files that mention it; module name -> files with such a segment
        self.mentions: dict[str, set[str]] = {}
        self.segments: dict[str, set[str]] = {}
        #: needed file -> (whether it behaves, identifiers, module names it shares)
        self.info: dict[str, tuple[bool, frozenset[str], frozenset[str]]] = {}
        self.needed_set: set[str] = set()
        #: deferred file -> its facts, extracted on demand
        self.lazy: dict[str, FileFacts] = {}
        self.dirty = True

    def set_text(self, path: str, data: bytes | None) -> None:
        """Record a deferrable file's new text (None: deleted)."""
        old = self.texts.get(path)
        if old is not None:
            _unindex(self.mentions, words(old), path)
            _unindex(self.segments, segments(old), path)
        self.keyword.discard(path)
        self.lazy.pop(path, None)
        self.info.pop(path, None)
        self.dirty = True
        if data is None:
            self.texts.pop(path, None)
            return
        self.texts[path] = data
        if has_keywords(path, data):
            self.keyword.add(path)
        for w in words(data):
            self.mentions.setdefault(w, set()).add(path)
        for w in segments(data):
            self.segments.setdefault(w, set()).add(path)

    def words_of(self, path: str) -> set[str]:
        data = self.texts.get(path)
        return words(data) if data is not None else set()

    def compute(self, facts_of_needed) -> set[str]:
        """The needed set: files with keywords, and the closure of the files that
        behave (:func:`behaves`) under "mentions a name such a file shares".
        ``facts_of_needed(paths)`` returns the facts of needed files (path -> FileFacts
        or None) whose info is not known."""

        def learn(paths) -> None:
            missing = sorted(p for p in paths if p not in self.info)
            if missing:
                got = facts_of_needed(missing)
                for p in missing:
                    f = got.get(p)
                    if f is None:
                        self.info[p] = (False, frozenset(), frozenset())
                    else:
                        self.info[p] = (behaves(f), *shared_names(p, f))

        learn(self.keyword)
        spreading = {p for p in self.keyword if self.info[p][0]}
        frontier = set(spreading)
        seen_words: set[str] = set()
        seen_modules: set[str] = set()
        while frontier:
            learn(frontier)
            new: set[str] = set()
            for p in frontier:
                _, idents, modules = self.info[p]
                for name in idents - seen_words:
                    seen_words.add(name)
                    new |= self.mentions.get(name, set())
                for name in modules - seen_modules:
                    seen_modules.add(name)
                    new |= self.segments.get(name, set())
            frontier = new - spreading
            spreading |= frontier
        needed = self.keyword | spreading
        for p in list(self.info):
            if p not in needed:
                del self.info[p]
        self.needed_set = needed
        self.dirty = False
        return needed


def _unindex(index: dict[str, set[str]], keys, path: str) -> None:
    for k in keys:
        files = index.get(k)
        if files is not None:
            files.discard(path)
            if not files:
                del index[k]


def plain(data: bytes, max_bytes: int) -> bool:
    """False for a file extraction only reports (oversized, binary, minified): such a
    file is extracted at once (cheaply), never deferred."""
    from routelink.extract import _looks_minified

    return len(data) <= max_bytes and b"\x00" not in data[:8192] and not _looks_minified(data)


class OnDemand(Mapping):
    """The facts of ``sources`` (path -> bytes), extracted when first asked for: in
    batches by :meth:`prefetch` (``extract(items, progress)``, the cache and the process
    pool of :func:`routelink.index.pool.extract_all`), one file at a time otherwise.
    ``progress(done, total)`` counts over every source; deferred files are never done."""

    def __init__(self, sources: Mapping[str, bytes], extract, progress=None) -> None:
        self._sources = sources
        self._extract = extract
        self._progress = progress
        self._done: dict[str, FileFacts | None] = {}

    def prefetch(self, paths) -> None:
        items = {p: self._sources[p] for p in paths if p in self._sources and p not in self._done}
        if not items:
            return
        base, total = len(self._done), len(self._sources)
        step = None if self._progress is None else (
            lambda done, of: self._progress(base + done, total))
        self._done.update(self._extract(items, step))

    def __getitem__(self, path: str) -> FileFacts | None:
        if path not in self._done:
            if path not in self._sources:
                raise KeyError(path)
            self.prefetch([path])
        return self._done[path]

    def __contains__(self, path: object) -> bool:
        return path in self._sources

    def __iter__(self):
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def extracted(self) -> int:
        """How many files were extracted."""
        return len(self._done)
