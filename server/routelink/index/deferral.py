"""The cross-file prefilter: which JavaScript/TypeScript/Vue/Svelte files are extracted.

The per-file text prefilter (:func:`routelink.extract._prefilter`) lets through every
module that exports anything, since an export may give another file a URL piece, a
wrapper, a component or a client (``export const V1 = 'v1'``, ``(p) => http(p)``), which
no keyword of its own shows. This module decides across files instead:

- a file is *needed* (extracted when it is indexed) when it has keywords of its own
  (:func:`has_keywords`: the per-file keywords without the export patterns, plus member
  calls of client request members and ``routelink-ignore``), or a framework reads it
  whatever its text (:meth:`Framework.always_extract`: a Next.js ``route.ts``);
- a needed file *spreads* when its facts may hand another file something that makes
  requests or routes (:func:`behaves`: call sites, request functions, routing facts,
  client defaults, a module-level value made by a call), and so does every file that
  mentions a name a spreading file shares (:func:`shared_names`: the names it exports,
  global properties it sets, and :func:`file_names`, the names an importer may use for
  the file itself); spreading files are needed; repeated until nothing is added;
- every other file is *deferred*: its facts in the index are empty (as for a file the
  per-file prefilter skips) and it is extracted the first time resolution reads it
  (``WorkspaceIndex._facts``: an imported constant, an imported function's body).

Why a deferred file cannot change what is derived from every file's facts (rather than
read through ``_facts``): it has no keyword, so it declares no route, router, mount,
listen, settings, client call, client default, global property or absolute URL (host);
a call site, component usage, ``new`` or subclass of its that could reach a request
goes through a name a spreading file shares (else every file on that path is deferred
too and none makes a request), which would make it needed; an import of a spreading
module names one of its exports (a named import) or its file (a default, namespace or
side-effect import: a specifier ends with the file's stem, or its folder's name for an
``index`` file), so a deferred file imports no module whose backend side
(``_compute_backend``) matters. The one table a deferred file still answers, the
exporters of a name (auto-imports), is completed on demand by
``WorkspaceIndex._exporters_of`` from the deferred files that mention the name. Parse
errors of a deferred file are not reported (it is not parsed). ``ROUTELINK_PREFILTER=file``
turns the cross-file prefilter off: every file the per-file prefilter lets through is
extracted at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from routelink.clients.base import GLOBAL_PROPERTY
from routelink.extract import cross_file_prefilter, js_frameworks
from routelink.facts import FileFacts

#: languages whose files may be deferred (Angular templates, ``html``, are not)
DEFERRABLE = frozenset({"javascript", "typescript", "tsx", "vue", "svelte"})

#: environment variable: ``file`` turns the cross-file prefilter off
ENV_VAR = "ROUTELINK_PREFILTER"

_WORD = re.compile(rb"[A-Za-z_$][\w$]*(?:-[A-Za-z_$][\w$]*)*")
_PART = re.compile(r"[A-Za-z_$][\w$]*")
#: folders that hold a package's sources: an ``index`` file right in one is imported
#: by the name of the folder above
_SOURCE_DIRS = frozenset({"src", "lib", "dist", "source", "sources"})


def enabled() -> bool:
    """Whether the cross-file prefilter is on (``ROUTELINK_PREFILTER`` is not ``file``)."""
    return os.environ.get(ENV_VAR, "").strip().lower() not in ("file", "off", "0")


def has_keywords(path: str, data: bytes) -> bool:
    """True when the file must be extracted for its own sake: its text matches a keyword
    (:func:`routelink.extract.cross_file_prefilter`) or a
    framework reads it whatever its text (:meth:`Framework.always_extract`)."""
    if any(fw.always_extract(path) for fw in js_frameworks()):
        return True
    return cross_file_prefilter().search(data) is not None


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
        #: word -> files that mention it; module name -> files with such a segment (of
        #: the files in ``indexed``: every file without keywords, and the keyword files
        #: that do not spread by their own facts, whose words decide whether they do)
        self.mentions: dict[str, set[str]] = {}
        self.segments: dict[str, set[str]] = {}
        self.indexed: set[str] = set()
        #: needed file -> (whether it behaves, identifiers, module names it shares)
        self.info: dict[str, tuple[bool, frozenset[str], frozenset[str]]] = {}
        self.needed_set: set[str] = set()
        #: deferred file -> its facts, extracted on demand
        self.lazy: dict[str, FileFacts] = {}
        self.dirty = True

    def set_text(self, path: str, data: bytes | None, keyword: bool | None = None) -> None:
        """Record a deferrable file's new text (None: deleted); ``keyword``:
        :func:`has_keywords` of it, when already known."""
        old = self.texts.get(path)
        if old is not None and path in self.indexed:
            _unindex(self.mentions, words(old), path)
            _unindex(self.segments, segments(old), path)
            self.indexed.discard(path)
        self.keyword.discard(path)
        self.lazy.pop(path, None)
        self.info.pop(path, None)
        self.dirty = True
        if data is None:
            self.texts.pop(path, None)
            return
        self.texts[path] = data
        if keyword if keyword is not None else has_keywords(path, data):
            self.keyword.add(path)  # indexed by compute() if it does not spread by itself
        else:
            self._index(path)

    def _index(self, path: str) -> None:
        data = self.texts[path]
        for w in words(data):
            self.mentions.setdefault(w, set()).add(path)
        for w in segments(data):
            self.segments.setdefault(w, set()).add(path)
        self.indexed.add(path)

    def update(self, touched: "Mapping[str, bytes | None]", facts_of_needed,
               keywords: "Mapping[str, bool] | None" = None) -> set[str]:
        """Record new texts (None: deleted) and return the needed set, recomputed with
        :meth:`compute` unless every touched file is *stable*: present before and after
        with the same keyword state, and either a keyword file that spreads by its own
        facts before and after, with the same shared names, or a file whose words and
        path segments are unchanged (and, if needed, whose shared names are too). A
        stable file's edit cannot move any file in or out (an edit of a page or a route
        file). ``facts_of_needed`` as for :meth:`compute`; ``keywords``: path ->
        :func:`has_keywords`, when already known."""
        pending = self.dirty
        before = {p: (p in self.keyword, self.info.get(p), p in self.needed_set, self.texts.get(p))
                  for p in touched}
        for path, data in touched.items():
            self.set_text(path, data, (keywords or {}).get(path))
        if pending or not all(self._stable(p, before[p], data, facts_of_needed)
                              for p, data in touched.items()):
            return self.compute(facts_of_needed)
        self.dirty = False
        return self.needed_set

    def _stable(self, path: str, before: tuple, data: bytes | None, facts_of_needed) -> bool:
        was_keyword, old_info, was_needed, old_text = before
        if data is None or old_text is None or was_keyword != (path in self.keyword):
            return False
        if was_needed:
            if old_info is None:
                return False
            facts = facts_of_needed([path]).get(path)
            info = (behaves(facts), *shared_names(path, facts)) if facts is not None else (
                False, frozenset(), frozenset())
            if info != old_info:
                return False
            self.info[path] = info
            if was_keyword and info[0]:
                return True  # spreads by its own facts, whatever it mentions
        return old_text == data or (
            words(old_text) == words(data) and segments(old_text) == segments(data))

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
        for p in self.keyword - spreading - self.indexed:
            self._index(p)
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
    batches by :meth:`prefetch` (``extract(items, progress, pool_min_files)``: the cache
    and the process pool of :func:`routelink.index.pool.extract_all`), one file at a
    time otherwise. The first batch uses the pool when its misses, at the same rate over
    every source, would reach the pool's threshold (the first batch of a 1,210-file
    workspace, 995 files with keywords, is worth the pool as the whole would have been);
    later batches (a few files each) when they reach it themselves.
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
        from routelink.index.pool import POOL_MIN_FILES

        least = POOL_MIN_FILES
        if not self._done:  # the first batch: most of what will be extracted
            least = max(1, POOL_MIN_FILES * len(items) // max(1, total))
        self._done.update(self._extract(items, step, least))

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
