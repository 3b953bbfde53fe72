"""The incremental workspace index: per-file facts in, links and findings out.

Ground state is the set of indexed files and their text. Derived state, in layers:

1. facts: ``extract_file(path, text)`` per file, a pure function of that file alone;
2. resolution: per file, the requests its call sites make (following imports into
   other files, which are recorded as that file's *dependencies*), and once for the
   workspace, the mount graph giving every route its full path;
3. linking: each call matched against the route table; route-level findings
   (unused, duplicate, shadowed, unmounted) from the links.

``apply_changes`` re-extracts only the changed files. When a file's facts are equal to
its previous facts nothing else is recomputed. Otherwise the calls of that file and of
every file whose resolution depended on it are re-resolved (a file another only probed,
passing through it, counts only when its ``export_signature`` changed; alias sets of
classes are re-checked apart, ``_recheck_aliases``); the route graph is rebuilt
only when a file that declares or mounts routes (or one the graph depended on)
changed; calls are re-matched only when they were re-resolved, or when the route table
itself changed (then every call is re-matched: matching is a few dictionary lookups per
call, while extraction, the dominant cost, stays per file; a route table that only
moved keeps its links). Duplicate, shadowed and unmounted routes are recomputed with the
route table; unused routes from the links on every update. What is derived from every
call on each update (the call list, each route's callers, the call findings) is kept
per calling file (:class:`_Segment`) and rebuilt only for the files whose calls or
links changed.

Architecture Invariant: after any sequence of ``apply_changes`` the index's
:meth:`snapshot` equals that of a fresh index built from the same files
(``tests/core/test_index.py`` checks it on random edit sequences).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import time
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

from routelink.index.config_files import ENV_NAMES, is_resolution_config, public_file_owners
from routelink.index.scan import WorkspaceFiles, read_workspace  # noqa: F401 - re-exported
from routelink.link.findings import (
    Analysis,
    RequestBases,
    Finding,
    call_findings,
    file_findings,
    has_backend,
    reaches_backend,
    request_bases,
    short_names,
    structural_route_findings,
    unused_route_findings,
)
from routelink.frameworks import registry as frameworks
from routelink.link.matcher import CallMatch, RouteTable, SegmentTrie
from routelink.resolve.calls import FileCalls, ResolvedCall, resolve_file_calls
from routelink.extract import DEFAULT_MAX_BYTES, extract_file
from routelink.index import pool as _pool  # noqa: F401 - records the built-in registries first
from routelink.index import deferral as _deferral
from routelink.syntax import language_for_path
from routelink.facts import (Alt, CallExpr, Concat, EnvVar, Expr, FileFacts, Lit, Obj, Ref,
                              catch_all_min)
from routelink.link.templates import LOCAL_HOSTS
from routelink.resolve.evaluate import ClassRef, Ctx, Evaluator, Str, export_signature
from routelink.resolve.devproxy import DevProxyTable
from routelink.resolve.devservers import read_dev_servers
from routelink.resolve.modules import ModuleResolver
from routelink.resolve.workspaces import FrontendWorkspaces, read_frontend_workspaces
from routelink.resolve.routes import ResolvedRoute, RouteResolver, UnmountedRouter

log = logging.getLogger(__name__)



@dataclass
class _FileState:
    facts: FileFacts
    calls: list[ResolvedCall] | None = None
    deps: frozenset[str] = frozenset()
    #: files this file's resolution only probed (``Evaluator.probes``): it depends on
    #: their ``export_signature`` alone
    probes: frozenset[str] = frozenset()
    #: requests written inside this file's wrappers, reported here if nothing calls them
    wrapper_sites: list = field(default_factory=list)
    #: wrappers this file's call sites go through
    wrappers_used: frozenset = frozenset()
    #: hosts of absolute URLs in this file's named values (see ``_hosts``)
    hosts: frozenset = frozenset()
    #: where this file's requests go (``link.findings.request_bases`` of its calls)
    bases: object = None


_NO_CALLS = FileCalls([], [], frozenset())


class _Segment:
    """One calling file's part of :meth:`WorkspaceIndex.iter_calls`, with what the
    per-update passes over every call read of it, kept while its inputs are the same
    objects (see :meth:`WorkspaceIndex._segments`).

    ``items``: (path, call, match) as ``iter_calls`` yields them; ``links``: (position
    in ``items``, route ids the match links to) of the linked ones; ``possible``: the
    route ids its calls may reach at run time; ``proven`` / ``hosts``: the env vars and
    hosts of its linked calls (see :meth:`WorkspaceIndex.analysis`); ``lo`` / ``hi``:
    per item, the lowest and highest route id its match names (-1 / a large number
    when none), ``low`` / ``high`` over all items. ``found``: the findings of its calls as computed last (see
    :meth:`WorkspaceIndex.analysis`)."""

    __slots__ = ("calls_src", "matches_src", "sites_src", "sites_used", "cacheable", "items",
                 "calls", "matches", "links", "possible", "proven", "hosts", "lo", "hi", "low", "high", "found")

    def __init__(self, path: str, st: "_FileState", matches: list | None, used: set,
                 keep_call) -> None:
        self.calls_src = st.calls
        self.matches_src = matches
        self.sites_src = st.wrapper_sites
        self.sites_used = tuple(key in used for key, _ in st.wrapper_sites)
        matches = matches or []
        items: list = []
        tentative = False
        for i, call in enumerate(st.calls or []):
            m = matches[i] if i < len(matches) else CallMatch()
            if call.tentative:
                # whether it is a request reads the routes, the request bases and the
                # pages: computed again on every update
                tentative = True
                if not keep_call(call, m):
                    continue
            items.append((path, call, m))
        for key, call in st.wrapper_sites:
            if key not in used and not call.tentative:
                items.append((path, call, CallMatch()))
        self.cacheable = not tentative
        self.items = items
        self.calls = [c for _, c, _ in items]
        self.matches = [m for _, _, m in items]
        self.links = tuple((j, m.routes) for j, m in enumerate(self.matches) if m.routes)
        self.possible = frozenset(r for m in self.matches for r in m.possible_routes)
        self.proven = frozenset(c.origin_env for c, m in zip(self.calls, self.matches)
                                if c.origin_env and m.routes)
        self.hosts = frozenset(c.origin for c, m in zip(self.calls, self.matches)
                               if c.origin and m.routes)
        lo: list[int] = []
        hi: list[int] = []
        for m in self.matches:
            ids = (*m.routes, *m.uncertain_routes, *m.path_routes, *m.slash_routes,
                   *m.unmounted_routes)
            lo.append(min(ids, default=1 << 60))
            hi.append(max(ids, default=-1))
        self.lo, self.hi = lo, hi
        self.low, self.high = min(lo, default=1 << 60), max(hi, default=-1)
        self.found: tuple | None = None

    def same_inputs(self, st: "_FileState", matches: list | None, used: set) -> bool:
        """Whether this segment is still the file's (its calls, matches and wrapper
        sites are the same objects, the same of its wrapper sites are used, no call is
        tentative)."""
        return (self.cacheable and self.calls_src is st.calls and self.matches_src is matches
                and self.sites_src is st.wrapper_sites
                and (not self.sites_used
                     or self.sites_used == tuple(key in used for key, _ in st.wrapper_sites)))


def _route_key(r: ResolvedRoute) -> tuple:
    """A route without its positions: what linking depends on."""
    return (r.file, r.method, r.path, r.mounted, r.trailing_slash, r.group, r.order, r.framework,
            r.branch)


#: the key of a call or route path that does not start with a literal segment
_ANY = "\0any"


def _literal(segment: str | None) -> bool:
    return segment is not None and not any(ch in segment for ch in "{*:")


def _two_segments(path: str) -> tuple[str | None, str | None]:
    """The first two segments of a path template (None when absent)."""
    parts = path.strip("/").split("/", 2) if path.strip("/") else []
    return (parts[0] if parts else None, parts[1] if len(parts) > 1 else None)


def _path_keys(path: str) -> tuple[str, ...]:
    """The keys a call path is found under by the routes that may serve it (see
    :func:`_route_query`): ``1:<first segment>``, and ``2:<first>/<second>`` when the
    second is literal, else ``2*:<first>``; ``_ANY`` when the first segment is not
    literal (a hole: any route may serve it)."""
    a, b = _two_segments(path)
    if a is None:
        return ("1:",)  # the root path
    if not _literal(a):
        return (_ANY,)
    return (f"1:{a}", f"2:{a}/{b}" if _literal(b) else f"2*:{a}")


def _route_query(path: str, resolved: bool) -> tuple[str, ...] | None:
    """The keys of the call paths a route path may serve (a route matches segment by
    segment: its literal first two segments must be the call's, or the call's hole);
    None when it may serve any call (its first segment is a parameter, a catch-all or
    unknown, or it could not be resolved)."""
    a, b = _two_segments(path)
    if not resolved or (a is not None and not _literal(a)):
        return None
    if a is None:
        return ("1:",)
    if _literal(b):
        return (f"2:{a}/{b}", f"2*:{a}")
    return (f"1:{a}",)


def _call_keys(call: ResolvedCall) -> tuple[str, ...]:
    """The keys of the paths a call is matched with (its path, and the path it is sent
    with before a dev proxy, which mocks answer); none for a call that is never matched
    (unresolved, outbound)."""
    if not call.resolved or call.side != "client":
        return ()
    if call.proxied_from:
        return _path_keys(call.path) + _path_keys(call.proxied_from)
    return _path_keys(call.path)


def _route_changes(old: list[ResolvedRoute], old_keys: list[tuple], new: list[ResolvedRoute],
                   new_keys: list[tuple]) -> tuple[frozenset[str] | None, list | None]:
    """(keys of the calls the routes that came or went may serve (:func:`_route_query`),
    old route id -> new id or None
    when gone; None when ids did not move). The segments are None when one of those
    routes may serve any call (it does not start with a literal segment, or it could not
    be resolved)."""
    from collections import Counter, deque

    gone = Counter(old_keys) - Counter(new_keys)
    came = Counter(new_keys) - Counter(old_keys)
    keys: set[str] = set()
    for routes, route_keys, changed in ((old, old_keys, gone), (new, new_keys, came)):
        for r, k in zip(routes, route_keys):
            if k in changed:
                query = _route_query(r.path, r.resolved)
                if query is None:
                    return None, None
                keys.update(query)
    if old_keys == new_keys:
        return frozenset(keys), None
    slots: dict[tuple, deque] = {}
    for i, k in enumerate(new_keys):
        slots.setdefault(k, deque()).append(i)
    remap = []
    for k in old_keys:
        q = slots.get(k)
        remap.append(q.popleft() if q else None)
    if all(j is None or i == j for i, j in enumerate(remap)):
        # ids did not move (a route replaced in place: only its callers are re-matched)
        remap = None
    return frozenset(keys), remap


def _window(old: list, new: list) -> tuple[int, int, int]:
    """(lo, old_hi, new_hi): ``old[lo:old_hi]`` replaced by ``new[lo:new_hi]`` gives
    ``new``, the rest equal (the same objects, mostly) and as short as that allows."""
    n = min(len(old), len(new))
    lo = 0
    while lo < n and (old[lo] is new[lo] or old[lo] == new[lo]):
        lo += 1
    old_hi, new_hi = len(old), len(new)
    while old_hi > lo and new_hi > lo and (old[old_hi - 1] is new[new_hi - 1]
                                           or old[old_hi - 1] == new[new_hi - 1]):
        old_hi -= 1
        new_hi -= 1
    return lo, old_hi, new_hi


def _window_remap(old_keys: list[tuple], new_keys: list[tuple], lo: int, old_len: int,
                  new_len: int) -> list | None:
    """Old route id -> new id or None when gone, for routes ``old[lo:lo + len(old_keys)]``
    replaced by ``new[lo:lo + len(new_keys)]`` (keys: :func:`_route_key`): a route of the
    window goes to the first route of the new window with its key not taken yet (as
    :func:`_route_changes` pairs them), the routes before the window keep their ids and
    those after it move by the difference of the lengths; None when no id moves."""
    from collections import deque

    slots: dict[tuple, deque] = {}
    for i, k in enumerate(new_keys):
        slots.setdefault(k, deque()).append(i + lo)
    inside = []
    for k in old_keys:
        q = slots.get(k)
        inside.append(q.popleft() if q else None)
    delta = new_len - old_len
    if delta == 0 and all(j is None or j == lo + i for i, j in enumerate(inside)):
        return None  # a route replaced in place: only its callers are re-matched
    hi = lo + len(old_keys)
    return list(range(lo)) + inside + [i + delta for i in range(hi, old_len)]


def _remap_match(m: CallMatch, remap: list) -> CallMatch | None:
    """``m`` with its route ids moved to a new table (None when one is gone)."""
    out = {}
    for name in ("routes", "path_routes", "slash_routes", "unmounted_routes",
                 "uncertain_routes", "possible_routes"):
        ids = getattr(m, name)
        if ids:
            moved = tuple(remap[i] if i < len(remap) else None for i in ids)
            if None in moved:
                return None
            if moved != ids:
                out[name] = tuple(sorted(moved))
    return replace(m, **out) if out else m


def _routing_facts(facts: FileFacts | None) -> tuple:
    """What the route graph reads of a file directly; no file reads as a file with no
    routing facts (a new file without any is no routing change)."""
    if facts is None:
        return _NO_ROUTING
    return (facts.routers, facts.routes, facts.mounts, facts.view_routes, facts.settings,
            facts.listens)


_NO_ROUTING = _routing_facts(FileFacts(language="unknown"))


def _has_routing(facts: FileFacts | None) -> bool:
    return facts is not None and bool(
        facts.routers or facts.routes or facts.mounts or facts.view_routes or facts.settings
        or facts.listens)


@dataclass
class WorkspaceIndex:
    """The index of one workspace (one or more root folders).

    Paths are absolute POSIX strings. ``read_config(path)`` returns the text of a
    non-source file the resolver consults (tsconfig.json, package.json, .env) or None.
    """

    roots: list[str]
    read_config: object = None
    max_bytes: int = DEFAULT_MAX_BYTES
    files: dict[str, _FileState] = field(default_factory=dict)
    configs: dict[str, str] = field(default_factory=dict)
    routes: list[ResolvedRoute] = field(default_factory=list)
    unmounted: list[UnmountedRouter] = field(default_factory=list)
    _route_deps: frozenset[str] = frozenset()
    _client_defaults: dict[tuple[str, str], tuple[Str, ...]] = field(default_factory=dict)
    _defaults_deps: frozenset[str] = frozenset()
    #: (global property name, scope folder) -> (value, file) of each assignment of it
    #: (``app.config.globalProperties.$http = http``), see :meth:`_compute_global_properties`
    _global_properties: dict[tuple[str, str], tuple[tuple[Expr, str], ...]] = field(default_factory=dict)
    _instances: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: base class name -> (file, class name) of the classes that extend it
    _subclasses: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    #: hosts of the app's own named bases (see :func:`_hosts`)
    _own_hosts: frozenset[str] = frozenset()
    #: files of backend code: they declare routers or routes, or only such files import
    #: them; their requests to other services are outbound (``side="server"``)
    _backend: frozenset[str] = frozenset()
    #: called name -> (file, call site index): who calls a function of that name
    _call_sites: dict[str, set[tuple[str, int]]] = field(default_factory=dict)
    #: export name -> the files that export it (auto-imports: ``Evaluator.exporters_of``)
    _exporters: dict[str, set[str]] = field(default_factory=dict)
    _table: RouteTable | None = None
    #: the pages of the frontend apps (``Framework.page_paths``): (file, path template)
    _pages: tuple[tuple[str, str], ...] = ()
    _page_trie: SegmentTrie | None = None
    _pages_changed: bool = False
    _matches: dict[str, list[CallMatch]] = field(default_factory=dict)
    _route_findings: list[Finding] = field(default_factory=list)
    _structural_findings: list[Finding] = field(default_factory=list)
    _route_positions_only: bool = False
    #: after a route table change: the keys of the calls the routes that came or went
    #: may serve (:func:`_route_query`), None when every call must be re-matched
    _changed_route_keys: frozenset[str] | None = None
    #: after a route table change: old route id -> new route id (None: gone), or None
    #: when ids did not move
    _route_remap: list | None = None
    #: key of a call path (its first segments, :func:`_path_keys`) -> files with such
    #: a call: the calls a route may serve are found by :func:`_route_query`
    _files_by_key: dict[str, set[str]] = field(default_factory=dict)
    _keys_of: dict[str, frozenset[str]] = field(default_factory=dict)
    #: files with a call whose link has a note (it names a route's position: re-matched
    #: whenever the route table changes)
    _noted: set[str] = field(default_factory=set)
    #: files with calls, wrapper sites or wrappers used: the only ones
    #: :meth:`iter_calls` and :meth:`_iteration` read
    _calling: set[str] = field(default_factory=set)
    #: files whose facts hold ``routelink-ignore`` comments / errors
    _ignoring: set[str] = field(default_factory=set)
    _erring: set[str] = field(default_factory=set)
    #: ``_calling`` sorted (None when it changed since)
    _calling_order: list | None = None
    #: (calling file -> (wrappers used, request bases), their unions) of the last
    #: :meth:`_iteration` that computed them
    _union_cache: tuple | None = None
    #: the "context" and the routes the findings kept on the segments were computed
    #: with (see :meth:`analysis`)
    _findings_cache: dict = field(default_factory=dict)
    #: calling file -> its :class:`_Segment` of the last :meth:`_segments`
    _segment_cache: dict = field(default_factory=dict)
    #: (the segments, the callers) of the last :meth:`_link_totals`
    _totals_cache: tuple | None = None
    #: a changed file's imports changed (or a file came or went): backend code may change
    _imports_touched: bool = False
    #: (wrappers some call site goes through, request bases, the calling files'
    #: segments (:meth:`_segments`) or None) of the current generation; None when stale
    _iter_cache: tuple | None = None
    _full_relink: bool = False
    _hosts_touched: bool = False
    #: files the pages (``Framework.page_paths``) read; the files of this update
    _pages_deps: frozenset[str] = frozenset()
    _changed_now: set[str] = field(default_factory=set)
    _callers: dict[int, list[int]] = field(default_factory=dict)
    #: origins and base paths the requests use (``link.findings.request_bases``): when
    #: they change, which tentative calls are requests may change
    _request_bases: object = None
    _dependents: dict[str, set[str]] = field(default_factory=dict)
    #: file -> the files whose resolution probed it (see ``_FileState.probes``)
    _probers: dict[str, set[str]] = field(default_factory=dict)
    #: of the files an update changed, those whose ``export_signature`` changed too
    _signature_changed: set[str] = field(default_factory=set)
    _env_cache: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    generation: int = 0
    last_update_seconds: float = 0.0
    #: parse trees of open documents (set by the language server); None in the CLI
    trees: object = None
    #: env var values from the configuration (``[env]``), which win over ``.env`` files
    env: dict[str, str] = field(default_factory=dict)
    #: what the scan of :func:`index_workspace` saw but does not index, one line each
    #: (symbolic links leading outside a root, invalid ``.gitignore`` patterns)
    scan_notes: list[str] = field(default_factory=list)
    #: source files the scan found, and files/folders a ``.gitignore`` or ``exclude``
    #: pattern ignored (a workspace whose every file is ignored is an error for ``check``)
    scan_sources: int = 0
    scan_ignored: int = 0
    #: the ignore rules of each root as the scan read them (``.gitignore`` files and
    #: ``exclude``), for deciding later whether a file changed on disk is indexed
    ignore_rules: list = field(default_factory=list)
    #: Angular CLI / Nx projects (from config files): which app serves a file
    _frontend: FrontendWorkspaces = field(default_factory=FrontendWorkspaces)
    #: dev-server proxy rules by frontend folder (from config files)
    _dev_proxies: DevProxyTable = field(default_factory=DevProxyTable)
    #: backend app (``ResolvedRoute.app``) -> the ports it listens on, when known
    #: (see :meth:`_backend_ports`)
    _ports: dict[str, frozenset[int]] = field(default_factory=dict)
    #: backend app -> (file, 0-based line) where it listens, for messages
    _port_sites: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: the backend apps (``ResolvedRoute.app`` of the mounted routes)
    _apps: frozenset[str] = frozenset()
    #: route ids a call may reach, by ("app", app) / ("package", folder) (see _match);
    #: cleared with the routes and the configs
    _allowed: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    #: whether some route is a backend's (not only mocks: ``Framework.stand_in``)
    _has_backend: bool = False

    def __post_init__(self) -> None:
        self.roots = [posixpath.normpath(r) for r in self.roots]
        #: config files outside the index that resolution read from disk (what a
        #: tsconfig ``extends``), path -> text or None; a change to one re-resolves
        self._external_configs: dict[str, str | None] = {}
        #: every answer resolution got from the disk outside the indexed files, for the
        #: whole-run results cache (:mod:`routelink.index.results`): ("json", path) ->
        #: the text read or None, ("file", path) -> whether a file is there, ("real",
        #: path) -> its real path. Only ever added to: a superset of what the current
        #: results read
        self.disk_probes: dict[tuple[str, str], object] = {}
        #: the evaluator's per-file lookup tables (``Evaluator._index_cache``), kept
        #: across evaluators: an entry is used only while its file's facts are the same
        #: object, so a changed file's tables are rebuilt
        self._tables_cache: dict[str, dict] = {}
        #: the seeds :meth:`_compute_backend` last started from
        self._backend_seeds: frozenset[str] | None = None
        #: alias sets of classes (``Evaluator._export_aliases``) as last computed, the
        #: files each read, and file -> the classes whose alias set read it
        self._alias_results: dict[tuple[str, str], tuple[str, ...]] = {}
        self._alias_files: dict[tuple[str, str], frozenset[str]] = {}
        self._alias_deps: dict[str, set[tuple[str, str]]] = {}
        #: the cross-file prefilter (:mod:`routelink.index.deferral`), None when it is off
        self._deferral: _deferral.Deferral | None = (
            _deferral.Deferral() if _deferral.enabled() else None)
        #: called once the files of an update are extracted (``index_workspace``: its
        #: "linking" progress), or None
        self._on_extracted = None
        #: while a batched cold index is built (:func:`routelink.index.batches.build_batched`):
        #: the sources of the batches not applied yet, path -> facts extracted on first
        #: use; resolution reads them as it reads a deferred file (they exist, their
        #: facts are read through :meth:`_facts`), but they are no indexed files yet. A
        #: batch after the first is applied with its own files still held: adding them
        #: changes no module resolution, so it is no full relink. None otherwise
        self._held: Mapping[str, FileFacts | None] | None = None
        self.modules = ModuleResolver(self._exists, self._read_text, self.roots,
                                      self._read_external, self._probe_realpath)
        self.modules.on_disk = self._probe_file
        #: the route graph, resolved again per changed routing file (see RouteResolver)
        self._resolver = RouteResolver()
        #: the files with routing facts (see :meth:`_routing_files`)
        self._routing: dict[str, FileFacts] | None = None
        #: the indexed Python files (see :meth:`_python_files`)
        self._python: set[str] | None = None

    # ------------------------------------------------------------------ file access

    def _exists(self, path: str) -> bool:
        return path in self.files or (self._held is not None and path in self._held)

    def _read_text(self, path: str) -> str | None:
        return self.configs.get(path)

    def _read_external(self, path: str) -> str | None:
        """A JSON config the index does not hold, read from disk (a package's
        tsconfig in ``node_modules``, a base config with another name), or None."""
        if not path.endswith(".json"):
            return None
        if path in self._external_configs:
            return self._external_configs[path]
        text = None
        from routelink.index.scan import read_bytes

        data = read_bytes(path, self.max_bytes)  # never past the limit, never a FIFO
        if data is not None and len(data) <= self.max_bytes:
            text = data.decode("utf-8", "replace")
        self._external_configs[path] = text
        self.disk_probes[("json", path)] = text
        return text

    def _probe_realpath(self, path: str) -> str:
        real = _realpath(path)
        self.disk_probes[("real", path)] = real
        return real

    def _probe_file(self, path: str) -> bool:
        """Whether a regular file is at ``path`` on disk (indexed or not)."""
        found = os.path.isfile(path)
        self.disk_probes[("file", path)] = found
        return found

    def reads_config(self, path: str) -> bool:
        """True for a config file outside the index that resolution has read (or looked
        for): a change to it must reach :meth:`apply_changes`."""
        return path in self._external_configs

    def _facts(self, path: str) -> FileFacts | None:
        """The facts of an indexed file as resolution reads them: a file the cross-file
        prefilter deferred is extracted here, the first time (from the bytes the index
        holds), and its facts are kept until it changes."""
        st = self.files.get(path)
        if st is None:
            if self._held is not None and path in self._held:
                return self._held[path]  # a file of a later batch (batched cold index)
            return None
        d = self._deferral
        if d is not None and path in d.texts and path not in d.needed_set:
            facts = d.lazy.get(path)
            if facts is None and self._held is not None and path in self._held:
                # (a batched cold index: read before its batch, not extracted again)
                facts = d.lazy[path] = self._held[path]
            if facts is None:
                try:
                    facts = extract_file(path, d.texts[path], self.max_bytes)
                except Exception:  # noqa: BLE001 - a bug in one extractor must not stop indexing
                    log.exception("extraction failed for %s", path)
                    facts = None
                facts = d.lazy[path] = facts if facts is not None else st.facts
            return facts
        return st.facts

    def _exporters_of(self, name: str) -> tuple[str, ...]:
        """The files that export ``name``: the index's table, and the deferred files
        that mention ``name`` and export it (extracted for that)."""
        files = self._exporters.get(name, ())
        d = self._deferral
        if d is not None:
            more = [p for p in d.mentions.get(name, ()) if p not in d.needed_set and p in self.files]
            if more:
                files = set(files)
                for p in more:
                    facts = self._facts(p)
                    if facts is not None and any(e.name == name for e in facts.exports):
                        files.add(p)
        return tuple(sorted(files))

    def _env_value(self, path: str, name: str) -> str | None:
        """The value of env var ``name`` seen from ``path``: ``[env]`` of the
        configuration, else the nearest committed ``.env*`` file up to the root."""
        found = self.env_source(path, name)
        return found[0] if found is not None else None

    def env_source(self, path: str, name: str) -> tuple[str, str] | None:
        """(value, where it comes from) of env var ``name`` seen from file ``path``:
        ``"[env]"`` when the configuration's ``[env]`` table gives it, else the path of
        the nearest committed ``.env*`` file (up to the root) that gives a non-empty
        value, in :data:`ENV_NAMES` order. None when neither does (the code's default,
        if any, is used)."""
        if name in self.env:
            return self.env[name], "[env]"
        d = posixpath.dirname(path)
        while True:
            values = self._env_cache.get(d)
            if values is None:
                values = {}
                for env_name in ENV_NAMES:
                    env_file = posixpath.join(d, env_name)
                    text = self.configs.get(env_file)
                    if text:
                        for k, v in _parse_env(text, env_file).items():
                            if v:
                                values.setdefault(k, (v, env_file))
                self._env_cache[d] = values
            if name in values:
                return values[name]
            parent = posixpath.dirname(d)
            if parent == d or not any(d == r or d.startswith(r + "/") for r in self.roots):
                return None
            d = parent

    def _scope_of(self, path: str) -> str:
        """The folder whose client defaults a file sees (``axios.defaults.baseURL``, an
        Angular interceptor's base URL): the frontend application that serves it
        (:mod:`routelink.resolve.workspaces`), else its package folder."""
        return self._frontend.app_of(path) or self.modules.package_dir(path)

    def _rebuild_frontend(self) -> None:
        """Re-read the frontend workspaces (Angular CLI, Nx): the app that serves each
        file, dev proxies (theirs, and those of Vite, CRA, webpack-dev-server, Vue CLI
        and CRACO configs: :mod:`routelink.resolve.devservers`), and file replacements
        for module resolution."""
        self._frontend = read_frontend_workspaces(self.configs, self._exists, self._read_external)
        scopes = dict(self._frontend.dev_proxies().scopes)
        servers = read_dev_servers(self.configs, self._env_value)
        for folder, rules in servers.items():
            scopes[folder] = scopes.get(folder, ()) + rules
        # the libraries of an Nx workspace get the rules of the app that serves them
        for p in self._frontend.projects:
            app = self._frontend.serving.get(p.folder)
            if app and app != p.folder and app in servers:
                scopes[p.folder] = scopes.get(p.folder, ()) + servers[app]
        self._dev_proxies = DevProxyTable(scopes)
        self.modules.replacements = self._frontend.replacements()
        self._allowed = {}

    def _evaluator(self) -> Evaluator:
        ev = Evaluator(self._facts, self.modules, self._env_value, self._client_defaults,
                       self._scope_of)
        ev._index_cache = self._tables_cache
        ev.own_hosts = self._own_hosts
        ev.env_source = self.env_source
        ev.instances_of = lambda name: self._instances.get(name, ())
        ev.instance_names = lambda: tuple(self._instances)
        ev.subclasses_of = lambda name: self._subclasses.get(name, ())
        ev.callers_of = lambda name: tuple(sorted(self._call_sites.get(name, ())))
        ev.exporters_of = self._exporters_of
        ev.global_properties = lambda name, path: self._global_properties.get(
            (name, self._scope_of(path)), ())
        ev.alias_sink = self._record_aliases
        return ev

    def _record_aliases(self, key: tuple[str, str], names: tuple[str, ...],
                        read: frozenset[str]) -> None:
        """Remember the alias set an evaluator computed for class ``key`` (file, name)
        and the files that computing it read (``Evaluator.alias_sink``)."""
        for f in self._alias_files.get(key, ()):
            keys = self._alias_deps.get(f)
            if keys is not None:
                keys.discard(key)
        self._alias_results[key] = names
        self._alias_files[key] = read
        for f in read:
            self._alias_deps.setdefault(f, set()).add(key)

    def _recheck_aliases(self, changed: set[str]) -> set[str]:
        """The files of the classes whose alias set (``Evaluator._export_aliases``: the
        names modules export them as) may differ now that ``changed`` files changed:
        recomputed for the classes whose alias sets read one of those files; the class
        file when the set differs or the class is gone. Marking it changed re-resolves
        the files that asked for the class's instances (they depend on its file)."""
        keys = {k for p in changed for k in self._alias_deps.get(p, ())}
        if not keys:
            return set()
        evaluator = self._evaluator()
        out: set[str] = set()
        for key in sorted(keys):
            file, name = key
            st = self.files.get(file)
            info = next((c for c in st.facts.classes if c.name == name), None) if st else None
            old = self._alias_results.get(key)
            if info is None:
                self._alias_results.pop(key, None)
                if st is not None:
                    out.add(file)
                continue
            evaluator.deps = set()
            try:
                new = evaluator._export_aliases(ClassRef(file, info))
            except Exception:  # noqa: BLE001 - one bad export must not stop indexing
                log.exception("aliases of %s in %s failed", name, file)
                out.add(file)
                continue
            if new != old:
                out.add(file)
        return out

    def _compute_own_hosts(self) -> frozenset[str]:
        """Hosts of the app's own named bases: absolute URLs in module-level constants,
        class fields, env defaults and client options of any file, and in ``.env`` files
        and ``[env]``."""
        hosts: set[str] = set()
        for st in self.files.values():
            hosts |= st.hosts
        texts = list(self.env.values())
        for path, text in self.configs.items():
            if posixpath.basename(path).startswith(".env"):
                texts.extend(_parse_env(text, path).values())
        for text in texts:
            m = _URL_HOST.match(text)
            if m:
                hosts.add(m.group(1).lower())
        return frozenset(hosts - LOCAL_HOSTS)

    def _compute_backend(self) -> frozenset[str]:
        """Backend code: files that declare a router, an app or a route (Python modules
        too), the files of a backend package (:func:`_backend_package`), and, repeatedly, modules that only backend code imports (import cycles
        among them included). A route fact on a
        name that turns out to be no router (``api.post('user/login', user)`` on an
        imported axios instance) does not count: only routes that resolved do."""
        stand = frameworks.stand_in_names()  # mocks are frontend code
        # (files with routers are routing files: see _routing_files)
        routing = self._routing if self._routing is not None else {
            p: st.facts for p, st in self.files.items()}
        seeds = set(self._python_files()) | {
            p for p, facts in routing.items()
            if any(not r.tentative and r.framework not in stand for r in facts.routers)}
        seeds |= {r.file for r in self.routes if r.framework not in stand}
        if not self._imports_touched and self._backend_seeds == seeds and not self._full_relink:
            return self._backend  # the same seeds and import graph: the same closure
        self._backend_seeds = frozenset(seeds)
        # every file of a backend package (a NestJS service nothing imports)
        packages: dict[str, bool] = {}
        for p in self.files:
            if p not in seeds:
                pkg = self.modules.package_dir(p)
                if pkg not in packages:
                    packages[pkg] = _backend_package(
                        self.modules.read_text(posixpath.join(pkg, "package.json")))
                if packages[pkg]:
                    seeds.add(p)
        importers: dict[str, set[str]] = {}
        imported: dict[str, set[str]] = {}
        for p, st in self.files.items():
            for imp in st.facts.imports:
                target = self.modules.resolve(p, imp.module, st.facts.language)
                if target is not None and target != p:
                    importers.setdefault(target, set()).add(p)
                    imported.setdefault(p, set()).add(target)
        # the modules the seeds import, transitively, less those that code outside
        # imports too (repeatedly): modules that import each other (a model and a
        # service) stay backend code when only backend code imports them
        backend = set(seeds)
        stack = list(seeds)
        while stack:
            for target in imported.get(stack.pop(), ()):
                if target not in backend:
                    backend.add(target)
                    stack.append(target)
        queue = [p for p in backend if p not in seeds]
        while queue:
            p = queue.pop()
            if p in backend and any(w not in backend for w in importers.get(p, ())):
                backend.discard(p)
                queue.extend(t for t in imported.get(p, ()) if t in backend and t not in seeds)
        return frozenset(p for p in backend if p in self.files)

    def _python_files(self) -> set[str]:
        """The indexed Python files (all backend code), kept across updates: updated with
        the files each update changes (``_changed_now``), rebuilt on a full relink."""
        if self._python is None or self._full_relink:
            self._python = {p for p, st in self.files.items() if st.facts.language == "python"}
        else:
            for p in self._changed_now:
                st = self.files.get(p)
                if st is not None and st.facts.language == "python":
                    self._python.add(p)
                else:
                    self._python.discard(p)
        return self._python

    def _update_callers(self, path: str, old: FileFacts | None, new: FileFacts | None) -> set[str]:
        """Keep the called-name index (name -> (file, call site index)) up to date for one
        file; returns the names whose call sites changed."""
        before, after = _called_names(old), _called_names(new)
        for name, i in before - after:
            self._call_sites[name].discard((path, i))
        for name, i in after - before:
            self._call_sites.setdefault(name, set()).add((path, i))
        return {name for name, _ in before ^ after}

    def _update_exporters(self, path: str, old: FileFacts | None, new: FileFacts | None) -> set[str]:
        """Keep the exported-name index (name -> files) up to date for one file; returns
        the names whose exporters changed."""
        before = {e.name for e in old.exports} if old is not None else set()
        after = {e.name for e in new.exports} if new is not None else set()
        for name in before - after:
            self._exporters[name].discard(path)
        for name in after - before:
            self._exporters.setdefault(name, set()).add(path)
        return before ^ after

    def _rebuild_instances(self) -> None:
        """Class name -> (file, value key) of every module-level ``new Class(...)``, and
        class name -> (file, class name) of every class whose bases name it."""
        out: dict[str, list[tuple[str, str]]] = {}
        subs: dict[str, list[tuple[str, str]]] = {}
        for path in sorted(self.files):
            for cname, key in sorted(_instances(self.files[path].facts)):
                out.setdefault(cname, []).append((path, key))
            for base, cname in sorted(_subclasses(self.files[path].facts)):
                subs.setdefault(base, []).append((path, cname))
        self._instances = {k: tuple(v) for k, v in out.items()}
        self._subclasses = {k: tuple(v) for k, v in subs.items()}

    # ------------------------------------------------------------------ updates

    def apply_changes(self, changes: dict[str, bytes | None],
                      extracted: "Mapping[str, FileFacts | None] | None" = None) -> set[str]:
        """Apply file changes (path -> new bytes, or None for a deleted file).

        Returns the set of source files whose findings may have changed. Never raises
        on file content; a file that cannot be read is treated as deleted.
        ``extracted`` may give the facts of some changed files, already extracted from
        the same bytes (by :func:`routelink.index.pool.extract_all`: the cache or the
        process pool); the others are extracted here.
        """
        started = time.perf_counter()
        changed: set[str] = set()
        # facts whose presence before OR after the change matters for the whole index
        touches_routing = False
        touches_defaults = False
        structure_changed = False
        config_changed = False
        # classes whose module-level instances (`new Client(BASE)`) appeared or went away
        instance_classes: set[str] = set()
        # function names whose set of call sites changed (`refreshToken(api)` added)
        called_names: set[str] = set()
        exported_names: set[str] = set()
        # folders whose public folder (`web/public/`) gained, changed or lost a file that
        # is not indexed (`public/data/cities.json`): their packages' requests may name it
        public_owners: set[str] = set()
        self._imports_touched = False
        self._signature_changed = set()
        self._hosts_touched = False
        # the cross-file prefilter: the facts of the deferrable files (real or empty),
        # files whose needed state flipped, deferred files whose text changed
        pre: dict[str, FileFacts | None] = {}
        forced: set[str] = set()
        if self._deferral is not None:
            read_before = {p: self._deferral.lazy[p] for p in changes if p in self._deferral.lazy}
            changes, pre, forced, words = self._plan_deferral(changes, extracted)
            # a deferred file resolution read (its facts extracted on demand) changed:
            # what a probe of it saw changed when its signature did
            for path in sorted(forced & set(read_before)):
                if export_signature(read_before[path]) != export_signature(self._facts(path)):
                    self._signature_changed.add(path)
            if self._on_extracted is not None:
                self._on_extracted()
            # a deferred file may now export a name some call site auto-imports
            exported_names |= {w for w in words if w in self._call_sites or w in self._instances}
        for path, data in changes.items():
            if path in self._external_configs and not is_resolution_config(path):
                self._external_configs.pop(path)
                config_changed = True
                continue
            if is_resolution_config(path):
                old = self.configs.get(path)
                if data is None:
                    self.configs.pop(path, None)
                elif len(data) > self.max_bytes:
                    log.warning("%s: skipped: %d bytes is over the %d-byte limit", path,
                                getattr(data, "size", len(data)), self.max_bytes)
                    self.configs.pop(path, None)
                else:
                    self.configs[path] = data.decode("utf-8", "replace")
                if old != self.configs.get(path):
                    config_changed = True
                continue
            old_state = self.files.get(path)
            old_facts = old_state.facts if old_state is not None else None
            if data is None:
                if old_state is None:
                    public_owners.update(public_file_owners(path))
                else:
                    del self.files[path]
                    self._ignoring.discard(path)
                    self._erring.discard(path)
                    self._signature_changed.add(path)
                    self._hosts_touched |= bool(old_state.hosts)
                    self._tables_cache.pop(path, None)
                    changed.add(path)
                    structure_changed = True
                    self._imports_touched = True
                    touches_routing |= _has_routing(old_facts)
                    touches_defaults |= bool(old_facts.assignments)
                    instance_classes |= {c for c, _ in _instances(old_facts)}
                    instance_classes |= {b for b, _ in _subclasses(old_facts)}
                    called_names |= self._update_callers(path, old_facts, None)
                    exported_names |= self._update_exporters(path, old_facts, None)
                continue
            try:
                if path in pre:
                    facts = pre[path]
                elif extracted is not None and path in extracted and (
                        self.trees is None or not self.trees.is_open(path)):
                    facts = extracted[path]
                else:
                    facts = extract_file(path, data, self.max_bytes, self.trees)
            except Exception:  # noqa: BLE001 - a bug in one extractor must not stop indexing
                log.exception("extraction failed for %s", path)
                facts = FileFacts(language="unknown", errors=("internal error while extracting",))
            if facts is None:
                public_owners.update(public_file_owners(path))
                continue
            if old_state is not None and old_state.facts == facts and path not in forced:
                continue
            self.files[path] = _FileState(facts, hosts=_hosts(facts))
            for marked, holds in ((self._ignoring, facts.ignore_comments), (self._erring, facts.errors)):
                if holds:
                    marked.add(path)
                else:
                    marked.discard(path)
            self._hosts_touched |= self.files[path].hosts != (
                old_state.hosts if old_state is not None else frozenset())
            changed.add(path)
            if old_facts is None or export_signature(old_facts) != export_signature(facts):
                self._signature_changed.add(path)
            # (a file of a batched cold index that resolution could already read, held
            # for its batch, changes no module resolution: see ``_held``)
            structure_changed |= old_state is None and not (
                self._held is not None and path in self._held)
            self._imports_touched |= old_facts is None or old_facts.imports != facts.imports
            # only a change of the routing facts themselves (a value a path reads is a
            # route dependency, handled by _route_deps)
            touches_routing |= _routing_facts(old_facts) != _routing_facts(facts)
            touches_defaults |= bool(facts.assignments) or bool(
                old_facts is not None and old_facts.assignments)
            instance_classes |= _instances(facts) ^ (_instances(old_facts) if old_facts else frozenset())
            # a class that extends another appeared or went away: the base's methods
            # evaluate `this` against it
            instance_classes |= _subclasses(facts) ^ (_subclasses(old_facts) if old_facts else frozenset())
            called_names |= self._update_callers(path, old_facts, facts)
            exported_names |= self._update_exporters(path, old_facts, facts)
        if public_owners:
            # `_public_file` looks on disk: re-resolve the calls of those packages
            changed |= {p for p, st in self.files.items() if st.facts.calls
                        and self.modules.package_dir(p) in public_owners}
        if not changed and not config_changed:
            self.last_update_seconds = time.perf_counter() - started
            return set()
        self.generation += 1
        if structure_changed or config_changed:
            self.modules.clear()
            self._env_cache.clear()
            self._external_configs.clear()
        if called_names:
            # functions of those names with a client parameter evaluate it against the
            # callers (`refreshToken(client)`)
            changed |= {p for p, st in self.files.items() if any(
                c.callee.name.startswith("#arg") and c.function is not None
                and c.function.rsplit(".", 1)[-1] in called_names for c in st.facts.calls)}
        if exported_names:
            # a name that may be auto-imported now has other exporters: its callers
            changed |= {p for name in exported_names for p, _ in self._call_sites.get(name, ())}
        if instance_classes:
            self._rebuild_instances()
            # the methods of those classes evaluate `this` against the new instances
            changed_classes = {c if isinstance(c, str) else c[0] for c in instance_classes}
            changed |= {p for p, st in self.files.items()
                        if any(c.name in changed_classes for c in st.facts.classes)}
        # a class is also created under the names modules export it as (`export {
        # UserApiClient as UserApi }`, a barrel's re-export): a `new` of such a name, or
        # a new exporter of a name written at a `new`, changes the instances of the
        # class it names (a class file that read an alias before depends on its exporters)
        aliases = ({c if isinstance(c, str) else c[0] for c in instance_classes}
                   | exported_names) & set(self._instances)
        if aliases:
            changed |= self._aliased_class_files(aliases)
        # classes whose alias sets read a changed file: their files, when the set moved
        changed |= self._recheck_aliases(changed)
        affected = self._relink(changed, structure_changed or config_changed,
                                touches_routing, touches_defaults)
        self.last_update_seconds = time.perf_counter() - started
        return affected

    def _plan_deferral(self, changes: dict[str, bytes | None], extracted
                       ) -> tuple[dict[str, bytes | None], dict[str, FileFacts | None], set[str], set[str]]:
        """Update the cross-file prefilter with ``changes`` and recompute the needed set.

        Returns (the changes, with the files whose needed state flipped added: their
        text again; the facts of every deferrable file among them: extracted for a
        needed file, empty for a deferred one; the deferred files whose text changed,
        which count as changed although their facts in the index stay empty; the words
        of those files before and after)."""
        d = self._deferral
        touched: dict[str, bytes | None] = {}
        for path, data in changes.items():
            if is_resolution_config(path) or (path in self._external_configs):
                continue
            if language_for_path(path) not in _deferral.DEFERRABLE:
                continue
            if data is not None and not _deferral.plain(data, self.max_bytes):
                # oversized, binary, minified: extraction only says so (cheaply)
                if path in d.texts:
                    d.set_text(path, None)
                continue
            touched[path] = data
        words: set[str] = set()
        if not touched and not d.dirty:
            return changes, {}, set(), words
        before = set(d.needed_set)
        old_texts = {p: d.texts.get(p) for p in touched}
        keywords = {p: _deferral.has_keywords(p, data) for p, data in touched.items() if data is not None}
        if extracted is not None and hasattr(extracted, "prefetch"):
            # one batch (the process pool) for the files extracted whatever the rest says
            extracted.prefetch([
                p for p, data in changes.items() if data is not None and (
                    p not in touched or keywords[p]) and (
                    self.trees is None or not self.trees.is_open(p))])
        ready: dict[str, FileFacts | None] = {}

        def facts_of_needed(paths: list[str]) -> dict[str, FileFacts | None]:
            want: list[str] = []
            for p in paths:
                if p in ready:
                    continue
                if p not in touched and p in before and p in self.files:
                    ready[p] = self.files[p].facts
                elif p not in touched and p in d.lazy:
                    ready[p] = d.lazy[p]
                else:
                    want.append(p)
            if want:
                if extracted is not None and hasattr(extracted, "prefetch"):
                    extracted.prefetch([p for p in want if self.trees is None or not self.trees.is_open(p)])
                for p in want:
                    try:
                        if extracted is not None and p in extracted and p in touched and (
                                self.trees is None or not self.trees.is_open(p)):
                            ready[p] = extracted[p]
                        else:
                            ready[p] = extract_file(p, d.texts[p], self.max_bytes, self.trees)
                    except Exception:  # noqa: BLE001 - a bug in one extractor must not stop indexing
                        log.exception("extraction failed for %s", p)
                        ready[p] = FileFacts(language="unknown", errors=("internal error while extracting",))
            return {p: ready[p] for p in paths}

        needed = d.update(touched, facts_of_needed, keywords)
        out = dict(changes)
        pre: dict[str, FileFacts | None] = {}
        forced: set[str] = set()
        for path, data in touched.items():
            if data is None:
                continue
            if path in needed:
                pre[path] = ready[path] if path in ready else facts_of_needed([path])[path]
            else:
                pre[path] = _deferred_facts(path)
                if old_texts[path] != data:
                    forced.add(path)
                    words |= _deferral.words(data)
                    if old_texts[path] is not None:
                        words |= _deferral.words(old_texts[path])
        for path in needed - before:
            if path not in touched and path in self.files:
                out[path] = d.texts[path]
                pre[path] = facts_of_needed([path])[path]
                d.lazy.pop(path, None)
        for path in before - needed:
            if path not in touched and path in self.files and path in d.texts:
                out[path] = d.texts[path]
                d.lazy[path] = self.files[path].facts
                pre[path] = _deferred_facts(path)
        return out, pre, forced, words

    def _aliased_class_files(self, names: set[str]) -> set[str]:
        """The files of the classes that modules export under one of ``names`` (class
        names written at a ``new``) when that is not the class's own name (``export {
        UserApiClient as UserApi }``, also re-exported from a barrel): what
        ``Evaluator._export_aliases`` finds, for every exporter."""
        evaluator = self._evaluator()
        out: set[str] = set()
        for name in sorted(names):
            for file in sorted(self._exporters.get(name, ())):
                try:
                    value = evaluator.export(file, name)
                except Exception:  # noqa: BLE001 - one bad export must not stop indexing
                    log.exception("export %s of %s failed", name, file)
                    continue
                if isinstance(value, ClassRef) and value.info.name != name and \
                        value.file in self.files:
                    out.add(value.file)
        return out

    def _relink(self, changed: set[str], full: bool, touches_routing: bool,
                touches_defaults: bool) -> set[str]:
        """Re-derive what ``changed`` files touch. ``touches_routing`` /
        ``touches_defaults``: some changed file declared routing facts or an
        default base URL assignment (``axios.defaults.baseURL``) before or after the change."""
        old_findings_files = {f.file for f in self._route_findings}
        self._iter_cache = None
        self._full_relink = full
        self._changed_now = changed
        self._python_files()  # (follows every update's changes)
        if full:
            self._rebuild_frontend()
        # 1. client defaults (axios.defaults.baseURL = ...)
        defaults_changed = False
        if full or touches_defaults or any(p in self._defaults_deps for p in changed):
            new_defaults = self._compute_client_defaults()
            defaults_changed = new_defaults != self._client_defaults
            self._client_defaults = new_defaults
            new_globals = self._compute_global_properties()
            defaults_changed |= new_globals != self._global_properties
            self._global_properties = new_globals
        # own hosts (named bases' hosts): a change re-resolves every call
        # (from the files' named values and the env files: only when one of them changed)
        hosts = self._compute_own_hosts() if full or self._hosts_touched else self._own_hosts
        hosts_changed = hosts != self._own_hosts
        self._own_hosts = hosts
        # 2. which files' calls must be re-resolved
        if full or defaults_changed or hosts_changed:
            stale = set(self.files)
        else:
            stale = set(changed)
            for p in changed:
                stale |= self._dependents.get(p, set())
                if p in self._signature_changed or p not in self.files:
                    stale |= self._probers.get(p, set())
        stale = {p for p in stale if p in self.files}
        for p in changed:
            if p not in self.files:
                self._matches.pop(p, None)
                self._noted.discard(p)
                self._uncalling(p)
                self._forget_deps(p)
                self._index_call_keys(p, ())
        # 3. the route graph
        routes_changed = False
        listening = (self._apps, self._ports)
        if full or touches_routing or any(p in self._route_deps for p in changed):
            self._changed_now = changed
            routes_changed = self._rebuild_routes()
        # which files are backend code (routing files and modules only they import)
        # (it reads routing facts, the routes and the import graph: nothing else)
        if full or touches_routing or routes_changed or self._imports_touched:
            backend = self._compute_backend()
            stale |= (backend ^ self._backend) & set(self.files)
            self._backend = backend
        if listening != (self._apps, self._ports):
            # backend requests to a local port go out or to a backend by these ports
            stale |= {p for p in self._backend if p in self.files and self.files[p].facts.calls}
        # 4. re-resolve stale files
        evaluator = self._evaluator()
        for p in sorted(stale):
            st = self.files[p]
            evaluator.deps = set()
            evaluator.probes = set()
            try:
                resolved = (resolve_file_calls(p, st.facts, evaluator, p in self._backend,
                                               self._dev_proxies.rules_for(p), self._serves_port)
                            if st.facts.calls else _NO_CALLS)
            except Exception:  # noqa: BLE001
                log.exception("resolution failed for %s", p)
                resolved = _NO_CALLS
            self._forget_deps(p)
            st.calls = resolved.calls
            st.wrapper_sites = resolved.wrapper_sites
            st.wrappers_used = resolved.wrappers_used
            st.deps = frozenset(evaluator.deps - {p})
            st.probes = frozenset(evaluator.probes - evaluator.deps - {p})
            for d in st.deps:
                self._dependents.setdefault(d, set()).add(p)
            for d in st.probes:
                self._probers.setdefault(d, set()).add(p)
            self._index_call_keys(p, st.calls)
            st.bases = request_bases(st.calls, self.modules.package_dir) if st.calls else None
            if st.calls or st.wrapper_sites or st.wrappers_used:
                if p not in self._calling:
                    self._calling.add(p)
                    self._calling_order = None
            else:
                self._uncalling(p)
        self._iter_cache = None
        # 5. matching
        rematch = set(stale)
        if routes_changed and not self._route_positions_only:
            rematch |= self._rematch_for_routes(rematch)
        for p in rematch:
            st = self.files.get(p)
            if st is None:
                continue
            self._matches[p] = [self._match(p, c) for c in (st.calls or [])]
            if any(m.note for m in self._matches[p]):
                self._noted.add(p)
            else:
                self._noted.discard(p)
        # 6. route-level findings (derived from all links; O(routes + calls))
        self._callers, possible, any_calls = self._link_totals()
        self._route_findings = self._structural_findings + unused_route_findings(
            self.routes, self._callers, any_calls, possible)
        new_findings_files = {f.file for f in self._route_findings}
        affected = set(rematch) | changed | old_findings_files | new_findings_files
        bases = self._iteration()[1]
        if bases != self._request_bases or self._pages_changed:
            self._request_bases = bases
            self._pages_changed = False
            affected |= {p for p, st in self.files.items() if any(c.tentative for c in st.calls or ())}
        if routes_changed:
            affected |= {r.file for r in self.routes}
        return affected

    def _index_call_keys(self, path: str, calls) -> None:
        """Record which first path segments ``path``'s calls start with (see
        :meth:`_rematch_for_routes`)."""
        keys = frozenset(k for c in calls for k in _call_keys(c))
        old = self._keys_of.get(path, frozenset())
        if keys == old:
            return
        for k in old - keys:
            files = self._files_by_key.get(k)
            if files is not None:
                files.discard(path)
                if not files:
                    del self._files_by_key[k]
        for k in keys - old:
            self._files_by_key.setdefault(k, set()).add(path)
        if keys:
            self._keys_of[path] = keys
        else:
            self._keys_of.pop(path, None)

    def _rematch_for_routes(self, rematch: set[str]) -> set[str]:
        """After a change of the route table: the files whose calls must be matched
        again, and the route ids of every other file's links moved to the new table.

        A route can serve only calls whose path starts with its literal first segments
        (or a hole there: a call starting with a hole may be served by any route, key
        ``_ANY``), so only files with a call that a route that came or went may serve
        are re-matched (and those whose links carry a note naming a route's position);
        when such a route starts with a parameter, a catch-all or an unknown part, or
        when the backends' ports changed, every file is (``_changed_route_keys`` None)."""
        keys = self._changed_route_keys
        if keys is None:
            return set(self.files)  # route ids shift: every link is re-derived
        out: set[str] = {p for p in self._noted if p in self.files}
        for k in keys | {_ANY}:
            out |= self._files_by_key.get(k, set())
        remap = self._route_remap
        if remap is not None:
            for p, ms in self._matches.items():
                if p in out or p in rematch:
                    continue
                moved = [_remap_match(m, remap) for m in ms]
                if any(m is None for m in moved):
                    out.add(p)  # cannot happen: a gone route's callers start with its key
                else:
                    self._matches[p] = moved
        return out

    def _uncalling(self, path: str) -> None:
        """``path`` has no call, wrapper site nor wrapper used (any more)."""
        if path in self._calling:
            self._calling.discard(path)
            self._calling_order = None

    def _calling_paths(self) -> list[str]:
        """The calling files (``_calling``) that are indexed, in path order."""
        if self._calling_order is None:
            self._calling_order = sorted(self._calling)
        files = self.files
        return [p for p in self._calling_order if p in files]

    def _iteration(self) -> tuple:
        """(wrappers used, request bases, segments (:meth:`_segments`) or None) of this
        generation. The unions of the files' wrappers used and request bases are kept
        while every calling file's are equal to the last ones."""
        if self._iter_cache is None:
            files = self.files
            parts = {p: (files[p].wrappers_used, files[p].bases) for p in self._calling_paths()}
            last = self._union_cache
            if last is not None and last[0] == parts:
                used, bases = last[1], last[2]
            else:
                used = frozenset().union(*(wu for wu, _ in parts.values() if wu))
                # the union of the files' request bases (each computed with its calls)
                some = [b for _, b in parts.values() if b is not None]
                bases = RequestBases(frozenset().union(*(b.origins for b in some)),
                                     frozenset().union(*(b.base_paths for b in some)),
                                     frozenset().union(*(b.same_origin_packages for b in some)))
                self._union_cache = (parts, used, bases)
            self._iter_cache = (used, bases, None)
        return self._iter_cache

    def _forget_deps(self, path: str) -> None:
        st = self.files.get(path)
        if st is None:
            for deps in self._dependents.values():
                deps.discard(path)
            for deps in self._probers.values():
                deps.discard(path)
            return
        for d in st.deps:
            s = self._dependents.get(d)
            if s is not None:
                s.discard(path)
        for d in st.probes:
            s = self._probers.get(d)
            if s is not None:
                s.discard(path)

    def _compute_global_properties(self) -> dict[tuple[str, str], tuple[tuple[Expr, str], ...]]:
        """The global properties a UI app gives every component instance
        (``app.config.globalProperties.$http = http``, ``Vue.prototype.$api = api``: an
        assignment a client library records to ``Ref(GLOBAL_PROPERTY, (name,))``), by
        (name, scope folder: see :meth:`_scope_of`), in path order. Their values are
        evaluated where they are read (``Evaluator.global_property``)."""
        from routelink.clients.base import GLOBAL_PROPERTY

        out: dict[tuple[str, str], tuple[tuple[Expr, str], ...]] = {}
        for path in sorted(self.files):
            for a in self.files[path].facts.assignments:
                if a.target.name == GLOBAL_PROPERTY and len(a.target.attrs) == 1:
                    key = (a.target.attrs[0], self._scope_of(path))
                    out[key] = out.get(key, ()) + ((a.value, path),)
        return out

    def _compute_client_defaults(self) -> dict[tuple[str, str], tuple[Str, ...]]:
        """Default base URLs set by assignment (``axios.defaults.baseURL = X``: a member
        path a client library declares in ``base_assignments``; the library's
        ``default_bases`` says what it sets, under which keys), by (key, scope folder:
        see :meth:`_scope_of`); the first assignment in path order wins."""
        from routelink.clients import registry as clients
        from routelink.facts import Ref
        from routelink.resolve.evaluate import Client, Ctx

        suffixes = clients.base_assignment_suffixes()
        deps: set[str] = set()
        out: dict[tuple[str, str], tuple[Str, ...]] = {}
        # a default may read another (an interceptor's prefix read from the value provided
        # for an injection token): evaluate again with what the last pass found, until
        # nothing changes (twice in practice)
        for _ in range(3):
            previous = out
            evaluator = Evaluator(self._facts, self.modules, self._env_value, dict(previous),
                                  self._scope_of)
            evaluator.deps = deps
            out = {}
            for path in sorted(self.files):
                facts = self.files[path].facts
                for a in facts.assignments:
                    suffix = next((s for s in suffixes if a.target.attrs[-len(s):] == s), None)
                    if suffix is None:
                        continue
                    target = evaluator.lookup(Ref(a.target.name, a.target.attrs[:-len(suffix)]), Ctx(path))
                    if not isinstance(target, Client) or target.instance or \
                            suffix not in clients.get(target.library).base_assignments:
                        continue
                    scope = self._scope_of(path)
                    lib = clients.get(target.library)
                    for name, strs in lib.default_bases(evaluator, suffix, a.value, Ctx(path)):
                        key = (name, scope)
                        if key in out:
                            continue
                        out[key] = tuple(replace(s, named_len=len(s.pieces)) for s in strs)
            if out == previous or not out:
                break
        # a default read from another module (`= BASE` imported) is recomputed when it changes
        self._defaults_deps = frozenset(deps)
        return out

    def _routing_files(self) -> dict[str, FileFacts]:
        """The files with routing facts (path -> facts), in the order of ``files``; kept
        across updates, rebuilt when a file joins or leaves them."""
        routing = self._routing
        # (a file joins or leaves them only when its routing facts change: then it is
        # among the changed files of the update that rebuilds the routes)
        if self._full_relink or routing is None or any(
                (p in self.files and _has_routing(self.files[p].facts)) != (p in routing)
                for p in self._changed_now):
            routing = {p: st.facts for p, st in self.files.items() if _has_routing(st.facts)}
        else:
            # facts replaced by updates that did not rebuild the routes (same routing facts)
            for p in routing:
                routing[p] = self.files[p].facts
        self._routing = routing
        return routing

    def _rebuild_routes(self) -> bool:
        routing = self._routing_files()
        evaluator = self._evaluator()
        evaluator.deps = set()
        try:
            routes, unmounted = self._resolver.resolve(
                routing, self._evaluator, None if self._full_relink else self._changed_now)
        except Exception:  # noqa: BLE001
            log.exception("route resolution failed")
            self._resolver.forget()
            routes, unmounted = [], []
        evaluator.deps |= self._resolver.deps
        try:
            ports, sites = self._backend_ports(routes, evaluator, routing)
        except Exception:  # noqa: BLE001
            log.exception("listen ports failed")
            ports, sites = {}, {}
        # the pages depend on the file list (a full relink) and on what they read
        if self._full_relink or self._page_trie is None or self._changed_now & self._pages_deps:
            route_deps, evaluator.deps = evaluator.deps, set()
            self._pages_changed = self._rebuild_pages(evaluator)
            self._pages_deps = frozenset(evaluator.deps)
            evaluator.deps = route_deps
        evaluator.deps |= self._pages_deps
        self._route_deps = frozenset(evaluator.deps)
        stand = frameworks.stand_in_names()
        apps = frozenset(r.app for r in routes if r.mounted and r.app and r.framework not in stand)
        self._has_backend = has_backend(routes)
        same_ports = ports == self._ports and sites == self._port_sites and apps == self._apps
        self._ports, self._port_sites, self._apps = ports, sites, apps
        self._allowed = {}
        # the routes that differ: old[lo:old_hi] became routes[lo:new_hi] (the routes of
        # the files the resolver kept are the same objects)
        lo, old_hi, new_hi = _window(self.routes, routes)
        if lo == old_hi == new_hi and unmounted == self.unmounted and same_ports and \
                self._table is not None:
            return False
        # positions aside, the same routes in the same order: links (route indices) hold
        old_keys = [_route_key(r) for r in self.routes[lo:old_hi]]
        new_keys = [_route_key(r) for r in routes[lo:new_hi]]
        rematch = self._table is None or not same_ports or old_keys != new_keys
        self._changed_route_keys, self._route_remap = None, None
        if rematch and self._table is not None and same_ports:
            self._changed_route_keys, _ = _route_changes(
                self.routes[lo:old_hi], old_keys, routes[lo:new_hi], new_keys)
            if self._changed_route_keys is not None:
                self._route_remap = _window_remap(old_keys, new_keys, lo, len(self.routes), len(routes))
        old_table = self._table
        self.routes = routes
        self.unmounted = unmounted
        self._table = (old_table.updated(routes, lo, old_hi, new_hi) if old_table is not None
                       else RouteTable(routes))
        self._structural_findings = structural_route_findings(routes, unmounted, self._table.shadowed_by)
        self._route_positions_only = not rematch
        return True

    def _rebuild_pages(self, evaluator: Evaluator) -> bool:
        """The pages every framework finds among the indexed files, and their trie; True
        when they changed."""
        pages: list[tuple[str, str]] = []
        files = sorted(self.files)
        for fw in frameworks.FRAMEWORKS:
            try:
                pages.extend(fw.page_paths(files, evaluator))
            except Exception:  # noqa: BLE001
                log.exception("pages of %s failed", fw.name)
        if tuple(pages) == self._pages and self._page_trie is not None:
            return False
        self._pages = tuple(pages)
        trie = SegmentTrie()
        for i, (_, template) in enumerate(pages):
            trie.add(template, i)
        self._page_trie = trie
        return True

    def page_of(self, call: ResolvedCall, m: CallMatch) -> str | None:
        """The page file a browser navigation goes to instead of the backend, or None: a
        ``tentative`` call that links to no route and whose path a page of its own package
        serves (``window.open(`${BASE}/view/${id}`)`` with ``pages/view/[linkId].tsx``)."""
        if not call.tentative or not call.resolved or m.routes or m.uncertain_routes \
                or self._page_trie is None or not self._pages:
            return None
        package = self.modules.package_dir(call.file)
        for _, i in self._page_trie.matches(call.path):
            page = self._pages[i][0]
            if self.modules.package_dir(page) == package:
                return page
        return None

    # ------------------------------------------------------------------ where a call goes

    def _match(self, path: str, call: ResolvedCall) -> CallMatch:
        """Which routes serve ``call`` (written in ``path``), knowing where it really
        goes (ARCHITECTURE.md, "Dev proxies"):

        - a call whose destination port is known (its dev proxy's target, or the origin
          of its absolute URL or base URL), when exactly one backend of the workspace
          listens on that port, links only to routes of that backend (and of backends
          whose port is unknown); when none of them serves it, it is unmatched only if
          every backend that does serve it listens on another known port (never because
          of a port alone). A backend's request to a local port is a call here only when
          a backend may listen there (:meth:`_serves_port`): a microservice call;
        - a same-origin call of a frontend whose dev server has proxy rules, that no rule
          forwards, stays on the dev server: only routes the dev server's own app serves
          (JavaScript routes of the same package: a full-stack app, an Express app
          serving its frontend) can answer it; otherwise it is unmatched, and says so;
        - mocks (``Framework.stand_in``) answer only what no backend route serves, nor
          would with another method or trailing slash, or if mounted: see
          :meth:`_mock_match`.
        """
        m = self._backend_match(path, call)
        if not self._table.stand_ins or call.side != "client" or not call.resolved or \
                m.routes or m.uncertain_routes or m.path_routes or m.slash_routes or m.unmounted_routes:
            return m
        return self._mock_match(path, call, m)

    def _mock_match(self, path: str, call: ResolvedCall, m: CallMatch) -> CallMatch:
        """The mocks of the calling file's package that serve ``call`` at the path it is
        sent with (before a dev proxy: MSW and mockjs answer in the browser, UmiJS and
        vite-plugin-mock in the dev server before its proxy), else ``m``; when a mock
        would serve the path the backend receives but not the one sent (a base URL the
        mocks do not write), ``m`` says so in its note. A mock whose path has a catch-all
        segment (``/api/*``: ``{wild*}``, ``{x+}``) serves any path under it, a typo too,
        so it excuses no call: the call stays unmatched."""
        pkg = self.modules.package_dir(path)
        allowed = self._allowed.get(("stand-in", pkg))
        if allowed is None:
            allowed = self._allowed[("stand-in", pkg)] = frozenset(
                i for i in self._table.stand_ins
                if self.modules.package_dir(self.routes[i].file) == pkg
                and not any(catch_all_min(seg) is not None
                            for seg in self.routes[i].path.split("/")))
        if not allowed:
            return m
        sent = call.proxied_from if call.proxy is not None and call.proxied_from else call.path
        n = self._table.match(replace(call, path=sent), allowed, stand_in=True)
        if n.routes or n.uncertain_routes:
            return replace(n, possible_routes=())
        if sent != call.path:
            late = self._table.match(call, allowed, stand_in=True)
            if late.routes:
                r = self.routes[late.routes[0]]
                note = (f"a mock serves {r.method} {r.path} ({_where(r.file, r.span.line)}), "
                        f"but the request is sent to {sent}")
                return _with_note(m, f"{m.note}; {note}" if m.note else note)
        return m

    def _backend_match(self, path: str, call: ResolvedCall) -> CallMatch:
        """Which backend routes (no mocks) serve ``call``: see :meth:`_match`."""
        table = self._table
        m = table.match(call)
        if call.side != "client" or not call.resolved or not self._has_backend:
            return m
        port = _destination_port(call)
        if port is not None:
            return self._at_port(call, m, port)
        if call.same_origin and call.proxy is None and not call.tentative:
            rules = self._dev_proxies.rules_for(path)
            if rules:
                return self._on_dev_server(path, call, m, rules)
        return m

    def _serves_port(self, port: int) -> bool:
        """Whether a backend of the workspace may listen on ``port``: one is known to,
        or the port of some backend is not known. A request of backend code to a local
        host on a port none may listen on goes out of the workspace
        (:func:`routelink.resolve.calls.resolve_file_calls`); one to a port a backend
        listens on is linked to its routes (:meth:`_match`)."""
        if any(port in ports for ports in self._ports.values()):
            return True
        return any(app not in self._ports for app in self._apps)

    def _at_port(self, call: ResolvedCall, m: CallMatch, port: int) -> CallMatch:
        at = [a for a, ports in self._ports.items() if port in ports]
        if len(at) != 1:
            return m
        app = at[0]
        # the routes of every backend not known to listen elsewhere
        allowed = self._allowed.get(("app", app))
        if allowed is None:
            allowed = self._allowed[("app", app)] = frozenset(
                i for i, r in enumerate(self.routes)
                if r.app == app or not r.mounted or not self._ports.get(r.app))
        n = self._table.match(call, allowed)
        if n.routes or n.uncertain_routes or n == m:
            return n
        note = f"it goes to port {port}, where only {self._backend_label(app)} listens"
        if m.routes:
            r = self.routes[m.routes[0]]
            note += (f"; {r.method} {r.path} ({_where(r.file, r.span.line)}) is served on port "
                     f"{', '.join(map(str, sorted(self._ports.get(r.app, ()))))} by "
                     f"{self._backend_label(r.app)}")
        return _with_note(n, note)

    def _on_dev_server(self, path: str, call: ResolvedCall, m: CallMatch, rules) -> CallMatch:
        pkg = self.modules.package_dir(path)
        allowed = self._allowed.get(("package", pkg))
        if allowed is None:
            allowed = self._allowed[("package", pkg)] = frozenset(
                i for i, r in enumerate(self.routes)
                if not r.file.endswith(".py") and self.modules.package_dir(r.file) == pkg)
        n = self._table.match(call, allowed)
        if n.routes or n.uncertain_routes or n.path_routes or n.slash_routes:
            return n
        contexts = []
        for r in rules:
            if r.context not in contexts:
                contexts.append(r.context)
        configs = sorted({posixpath.basename(r.config) for r in rules if r.config})
        listed = ", ".join(f"'{c}'" for c in contexts[:6]) + (", ..." if len(contexts) > 6 else "")
        note = (f"the dev server proxies only {listed}"
                + (f" ({', '.join(configs)})" if configs else "")
                + ", so this request stays on the dev server")
        if m.routes:
            r = self.routes[m.routes[0]]
            note += f" ({r.method} {r.path} at {_where(r.file, r.span.line)} is not proxied to)"
        return _with_note(n, note)

    def _backend_label(self, app: str) -> str:
        site = self._port_sites.get(app)
        if site is not None:
            return f"the app started at {_where(site[0], site[1])}"
        pkg = app.split("#", 1)[0]
        return f"the app in {posixpath.basename(pkg) or pkg}/"

    def _backend_ports(self, routes: list[ResolvedRoute], ev: Evaluator,
                       routing: "Mapping[str, FileFacts] | None" = None
                       ) -> tuple[dict[str, frozenset[int]], dict[str, tuple[str, int]]]:
        """The ports of the backends (``ResolvedRoute.app``): from
        the apps' ``listen``/``run`` facts (:class:`~routelink.facts.Listen`, the port
        evaluated like any value: constants, env vars with ``[env]`` > ``.env`` > the
        code's default), else the framework's ``default_port`` (for a JavaScript app,
        overridden by ``-p``/``--port``/``PORT=`` in its package.json ``dev`` script)."""
        from routelink.frameworks import registry as frameworks
        from routelink.frameworks.base import JsFramework

        apps: dict[str, set[str]] = {}
        stand = frameworks.stand_in_names()
        for r in routes:
            if r.mounted and r.app and r.framework not in stand:
                apps.setdefault(r.app, set()).add(r.framework)
        if not apps:
            return {}, {}
        ports: dict[str, set[int]] = {}
        sites: dict[str, tuple[str, int]] = {}
        # (files with a listen are routing files: ``routing`` when given)
        for path in sorted(routing if routing is not None else self.files):
            facts = self.files[path].facts
            for listen in facts.listens:
                port = listen.default if listen.port is None else _port_value(ev, listen.port, Ctx(path))
                if port is None:
                    continue
                for app in self._listen_apps(listen, path, facts, ev, apps):
                    ports.setdefault(app, set()).add(port)
                    sites.setdefault(app, (path, listen.span.line))
        for app, names in apps.items():
            if app in ports:
                continue
            fws = [frameworks.get(n) for n in names]
            defaults = {fw.default_port for fw in fws if fw is not None and fw.default_port}
            if len(defaults) != 1:
                continue
            script = None
            if all(isinstance(fw, JsFramework) for fw in fws if fw is not None):
                script = _script_port(self.configs.get(posixpath.join(app.split("#", 1)[0], "package.json")))
            ports[app] = {script} if script else defaults
        return {a: frozenset(p) for a, p in ports.items()}, sites

    def _listen_apps(self, listen, path: str, facts: FileFacts, ev: Evaluator,
                     apps: dict[str, set[str]]) -> set[str]:
        """The backend apps a :class:`~routelink.facts.Listen` starts: the app its router
        names (a root of this file, or an imported one), else the only app of the
        listening file's package."""
        from routelink.resolve.evaluate import RouterVal

        root = None
        if listen.router:
            if any(r.key == listen.router for r in facts.routers):
                root = (path, listen.router)
            else:
                parts = listen.router.split(".")
                value = ev.lookup(Ref(parts[0], tuple(parts[1:])), Ctx(path))
                if isinstance(value, RouterVal):
                    root = (value.file, value.key)
        if root is not None:
            rpkg = self.modules.package_dir(root[0])
            exact = {a for a in apps if a in (rpkg, f"{rpkg}#{root[0]}#{root[1]}")}
            if exact:
                return exact
        pkg = self.modules.package_dir(path)
        same = {a for a in apps if a.split("#", 1)[0] == pkg}
        return same if len(same) == 1 else set()

    def _link_totals(self) -> tuple[dict[int, list[int]], set[int], bool | frozenset[str]]:
        """One pass over every call: (route -> linked call indices, routes some call may
        reach, which routes ``unused-route`` applies to: all (True) when a frontend call
        exists, else the apps (``ResolvedRoute.app``) that backend code's calls reach
        (a backend indexed with only its requests to its sibling services is still a
        backend indexed alone; the services are not)). Call indices are positions in
        ``iter_calls``.

        The pass is over the calling files' segments (:meth:`_segments`): when every
        file holds as many calls at the same position as at the last pass, only the
        links of the segments that changed are replaced in the last result."""
        segs = self._segments()
        possible: set[int] = set()
        for _, seg in segs:
            if seg.possible:
                possible.update(seg.possible)
        frontend = any(seg.items and path not in self._backend for path, seg in segs)
        if not frontend:
            return self._backend_link_totals(segs, possible)
        callers = self._patched_callers(segs)
        if callers is None:
            callers = {}
            ci = 0
            for _, seg in segs:
                for j, routes in seg.links:
                    for ri in routes:
                        callers.setdefault(ri, []).append(ci + j)
                ci += len(seg.items)
        self._totals_cache = (segs, callers)
        return callers, possible, True

    def _patched_callers(self, segs: list) -> dict[int, list[int]] | None:
        """The callers of the last :meth:`_link_totals` with the links of the segments
        that changed since replaced, or None when call positions moved (another file
        order, another number of calls in a file) or there is no last result. A new
        dict: the last one may be held by an analysis."""
        if self._totals_cache is None:
            return None
        old_segs, old_callers = self._totals_cache
        if len(old_segs) != len(segs):
            return None
        changed: list[tuple[int, _Segment, _Segment]] = []
        ci = 0
        for (old_path, old), (path, seg) in zip(old_segs, segs):
            if old is not seg:
                if old_path != path or len(old.items) != len(seg.items):
                    return None
                changed.append((ci, old, seg))
            ci += len(seg.items)
        if not changed:
            return old_callers
        callers = dict(old_callers)
        touched: set[int] = set()
        spans = [(start, start + len(seg.items)) for start, _, seg in changed]
        for _, old, seg in changed:
            for _, routes in old.links:
                touched.update(routes)
        for ri in touched:
            kept = [c for c in callers.get(ri, ()) if not any(a <= c < b for a, b in spans)]
            if kept:
                callers[ri] = kept
            else:
                callers.pop(ri, None)
        added: dict[int, list[int]] = {}
        for start, _, seg in changed:
            for j, routes in seg.links:
                for ri in routes:
                    added.setdefault(ri, []).append(start + j)
        for ri, cis in added.items():
            callers[ri] = sorted([*callers.get(ri, ()), *cis])
        return callers

    def _backend_link_totals(self, segs: list, possible: set[int]
                             ) -> tuple[dict[int, list[int]], set[int], frozenset[str]]:
        """:meth:`_link_totals` when no call is a frontend's: the apps backend code's
        calls reach."""
        callers: dict[int, list[int]] = {}
        reached: set[str] = set()
        own: set[tuple[str, str]] | None = None
        ci = 0
        for path, seg in segs:
            for m in seg.matches:
                for ri in m.routes:
                    callers.setdefault(ri, []).append(ci)
                    # a service other code calls; not an app calling itself from a file
                    # that declares its routes (a warm-up `requests.get(own /health)`)
                    if own is None:
                        own = {(r.file, r.app) for r in self.routes}
                    app = self.routes[ri].app
                    if (path, app) not in own:
                        reached.add(app)
                ci += 1
        self._totals_cache = None
        return callers, possible, frozenset(reached)

    # ------------------------------------------------------------------ queries

    def _segments(self) -> list[tuple[str, _Segment]]:
        """(path, segment) of every calling file in path order, this generation's: a
        file's segment is kept from the last generation while its calls, matches and
        wrapper sites are the same objects and it has no tentative call (see
        :class:`_Segment`); the others are built again."""
        used, bases, segs = self._iteration()
        if segs is not None:
            return segs
        routes = self.routes

        def keep_call(call: ResolvedCall, m: CallMatch) -> bool:
            # a tentative call (a browser navigation) is one only with evidence that it
            # reaches the backend (link.findings.reaches_backend), and not when it goes
            # to a page of the app itself (:meth:`page_of`)
            return reaches_backend(call, m, routes, bases, self.modules.package_dir) \
                and self.page_of(call, m) is None

        cache = self._segment_cache
        fresh: dict[str, _Segment] = {}
        segs = []
        for path in self._calling_paths():
            st = self.files[path]
            matches = self._matches.get(path)
            seg = cache.get(path)
            if seg is None or not seg.same_inputs(st, matches, used):
                seg = _Segment(path, st, matches, used, keep_call)
            fresh[path] = seg
            segs.append((path, seg))
        self._segment_cache = fresh
        self._iter_cache = (used, bases, segs)
        return segs

    def iter_calls(self) -> Iterable[tuple[str, ResolvedCall, CallMatch]]:
        """(path, call, match) for every call, in path order (call index = position).

        After a file's own calls come the requests written in its wrappers that no call
        site of the workspace goes through (unresolved: nothing supplies their URL). A
        tentative call without evidence that it reaches the backend is left out, and so is
        one that goes to a page of the app itself (:meth:`page_of`).
        """
        for _, seg in self._segments():
            yield from seg.items

    def analysis(self) -> Analysis:
        """The current routes, calls, links and findings (unconfigured severities)."""
        if self._table is None:
            self._table = RouteTable(self.routes)
        segs = self._segments()
        calls: list[ResolvedCall] = []
        matches: list[CallMatch] = []
        findings: list[Finding] = []
        for _, seg in segs:
            calls.extend(seg.calls)
            matches.extend(seg.matches)
        # env vars with no known value that a linked call goes through: the app's backend
        proven = frozenset().union(*(seg.proven for _, seg in segs if seg.proven))
        # hosts of absolute URLs through which a call reaches a route: the app's own
        hosts = frozenset().union(*(seg.hosts for _, seg in segs if seg.hosts))
        backend = has_backend(self.routes)
        # a call's findings depend on the call, its match, the routes its match names,
        # the short names of the route files (in messages) and these three: kept on the
        # segments across generations while the routes their matches name are the same
        # (a route edit recomputes only its callers' findings: those naming a route of
        # the window of routes that differ from the last list)
        routes = self.routes
        context = (proven, hosts, backend, short_names(routes))
        cache = self._findings_cache
        if cache.get("context") == context:
            context = cache["context"]  # the same object: the segments compare identities
        else:
            cache = {"context": context, "routes": routes}
        last = cache["routes"]
        lo = hi = 0
        if last is not routes:
            if len(last) != len(routes):
                last = None  # ids moved: every finding is computed again
            else:
                lo, _, hi = _window(last, routes)
        offset = 0
        for _, seg in segs:
            found = seg.found
            # (found: context, routes, offset, findings per item as call 0, as given)
            if found is None or found[0] is not context and found[0] != context \
                    or (found[1] is not routes and found[1] is not last):
                per_call = [call_findings(0, c, m, routes, proven, hosts, backend)
                            for c, m in zip(seg.calls, seg.matches)]
                found = None
            else:
                per_call = found[3]
                if found[1] is not routes and lo < hi and hi > seg.low and seg.high >= lo:
                    # a call naming a route of the window: its findings again
                    again = [call_findings(0, c, m, routes, proven, hosts, backend)
                             if hi > seg.lo[j] and seg.hi[j] >= lo else fs
                             for j, (c, m, fs) in enumerate(zip(seg.calls, seg.matches, per_call))]
                    if again != per_call:
                        per_call = again
                if per_call is not found[3] or found[2] != offset:
                    found = None
            if found is None:
                given = [replace(f, subject=("call", offset + j))
                         for j, fs in enumerate(per_call) for f in fs]
                found = (context, routes, offset, per_call, given)
            elif found[1] is not routes or found[0] is not context:
                found = (context, routes, offset, per_call, found[4])
            seg.found = found
            findings.extend(found[4])
            offset += len(seg.items)
        self._findings_cache = {"context": context, "routes": routes}
        findings.extend(self._route_findings)
        findings.extend(file_findings(sorted((p, self.files[p].facts) for p in self._erring)))
        # callers were derived in _relink from the same matches, in the same call order
        return Analysis(self.routes, calls, matches, self._callers, findings, self.unmounted)

    def snapshot(self) -> tuple:
        """A comparable value of everything derived (for the incremental invariant)."""
        a = self.analysis()
        return (
            tuple(sorted((p, st.facts) for p, st in self.files.items())),
            tuple(a.routes),
            tuple(a.calls),
            tuple(a.matches),
            tuple(sorted(a.findings, key=repr)),
            tuple(sorted((ri, tuple(cis)) for ri, cis in a.callers.items())),
        )

    def files_with_ignore_comments(self) -> list[str]:
        """The indexed files with ``routelink-ignore`` comments, in path order."""
        return sorted(self._ignoring)

    def listen_ports(self) -> dict[str, frozenset[int]]:
        """The ports of the workspace's backends (``ResolvedRoute.app`` -> ports) that are
        known (see :meth:`_backend_ports`)."""
        return dict(self._ports)

    def file_errors(self) -> dict[str, tuple[str, ...]]:
        """Files that were skipped or failed, with the reason."""
        return {p: st.facts.errors for p, st in self.files.items() if st.facts.errors}


def _with_note(m: CallMatch, note: str) -> CallMatch:
    from dataclasses import replace

    return replace(m, note=note)


def _where(file: str, line: int) -> str:
    return f"{posixpath.basename(file)}:{line + 1}"


_PORT_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):(\d+)")


def _destination_port(call: ResolvedCall) -> int | None:
    """The port a call is sent to when it is written down: its dev proxy's target, or the
    origin of its absolute URL / base URL (``localhost:5000``); None otherwise."""
    if call.proxy is not None:
        url = call.proxy.target
    elif not call.same_origin and call.origin:
        url = "//" + call.origin
    else:
        return None
    m = _PORT_URL.match(url)
    return int(m.group(1)) if m else None


_CONVERSIONS = ("Number", "parseInt", "String", "int", "str")


def _port_value(ev: Evaluator, expr, ctx) -> int | None:
    """The one port an expression evaluates to (``3000``, ``PORT`` of ``const PORT =
    process.env.PORT || 5000``, ``Number(process.env.PORT ?? 3000)``,
    ``int(os.environ.get("PORT", 5000))``), or None."""
    for _ in range(8):
        if isinstance(expr, CallExpr) and expr.args and (
                expr.callee.attrs[-1] if expr.callee.attrs else expr.callee.name) in _CONVERSIONS:
            expr = expr.args[0]
        elif isinstance(expr, Ref) and not expr.attrs:
            facts = ev.facts_of(ctx.file)
            value = dict(facts.values).get(expr.name) if facts is not None else None
            if value is None or value == expr:
                break
            expr = value
        else:
            break
    if isinstance(expr, Alt):  # `a || b`: the first with a value
        for option in expr.options:
            port = _port_value(ev, option, ctx)
            if port is not None:
                return port
        return None
    if isinstance(expr, EnvVar):
        value = ev.env_value(ctx.file, expr.name)
        if value is not None:
            return int(value) if value.strip().isdigit() else None
        return _port_value(ev, expr.default, ctx) if expr.default is not None else None
    values = set()
    for s in ev.strings(expr, ctx):
        text = "".join(p for p in s.pieces if isinstance(p, str))
        if len(s.pieces) != 1 or not text.strip().isdigit():
            return None
        values.add(int(text))
    return values.pop() if len(values) == 1 else None


#: packages of a frontend: a package.json that names one is no backend package, whatever
#: else it depends on (with the full-stack frameworks' own packages, from the registry)
_FRONTEND_PACKAGES = frozenset({
    "react", "react-dom", "react-native", "vue", "svelte", "@angular/core", "preact",
    "solid-js", "lit", "astro", "@remix-run/react", "@builder.io/qwik", "ember-source",
})


def _backend_package(package_json: str | None) -> bool:
    """True when a package.json's ``dependencies`` name a backend framework (a package
    of a framework each of whose roots is an app: Express, NestJS, Koa, Fastify...) and
    its dependencies of any kind name no frontend framework (React, Vue, Svelte, Angular,
    or a full-stack one: Next.js, Nuxt, SvelteKit, whose server files are found by their
    routes): all its code is backend code."""
    from routelink.frameworks import registry as framework_registry
    from routelink.index.config_files import package_dependencies

    kinds = package_dependencies(package_json)
    if kinds is None:
        return False
    deps = kinds["dependencies"] | kinds["devDependencies"] | kinds["peerDependencies"]
    runtime = kinds["dependencies"]
    backend, fullstack = set(), set(_FRONTEND_PACKAGES)
    for fw in framework_registry.FRAMEWORKS:
        if "python" in fw.languages:
            continue
        (backend if fw.root_is_app else fullstack).update(fw.packages)
    return bool(runtime & backend) and not (deps & fullstack)


def _script_port(package_json: str | None) -> int | None:
    """The port a package.json ``dev`` script passes (``-p 4000``, ``--port=4000``,
    ``PORT=4000 ...``), or None."""
    if not package_json:
        return None
    try:
        import json

        scripts = json.loads(package_json).get("scripts") or {}
    except (ValueError, AttributeError, RecursionError):
        return None
    script = scripts.get("dev") if isinstance(scripts, dict) else None
    if not isinstance(script, str):
        return None
    m = re.search(r"(?:\s-p|--port)[=\s]+(\d+)|\bPORT=(\d+)", script)
    return int(m.group(1) or m.group(2)) if m else None


def _realpath(path: str) -> str:
    """``path`` with symlinks resolved (``/`` separators)."""
    try:
        return os.path.realpath(path).replace(os.sep, "/")
    except OSError:
        return path


_URL_HOST = re.compile(r"^(?:https?|wss?)://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]+)")


def _deferred_facts(path: str) -> FileFacts:
    """The facts a deferred file has in the index (those of a file the per-file
    prefilter skips)."""
    return FileFacts(language=language_for_path(path) or "unknown")


def _hosts(facts: FileFacts) -> frozenset[str]:
    """Hosts of absolute URLs written in the file's named values: module-level constants,
    class fields, exported values, env defaults, base-like keys of objects in them
    (``baseURL``) and client factories' options; not URLs passed to calls (a
    third-party API called once is not the app's own host)."""
    out: set[str] = set()
    stack: list = [v for _, v in facts.values] + [e.value for e in facts.exports]
    for c in facts.classes:
        stack.extend(v for _, v in c.fields)
    seen = 0
    while stack and seen < 10000:
        seen += 1
        e = stack.pop()
        if isinstance(e, Lit):
            m = _URL_HOST.match(e.value)
            if m:
                out.add(m.group(1).lower())
        elif isinstance(e, Concat):
            stack.extend(e.parts[:1])
        elif isinstance(e, Alt):
            stack.extend(e.options)
        elif isinstance(e, EnvVar) and e.default is not None:
            stack.append(e.default)
        elif isinstance(e, Obj):
            # a config object's base: `{ baseURL: 'https://api.myapp.com' }`
            stack.extend(v for k, v in e.items if _BASE_KEY.search(k))
        elif isinstance(e, CallExpr) and e.callee.attrs[-1:] in (("create",), ("extend",)):
            stack.extend(e.args)  # a client factory's options (`axios.create({ baseURL })`)
    return frozenset(out)


_BASE_KEY = re.compile(r"(?i)base|url|uri|api|host|endpoint|origin|server|target")


def _called_names(facts: FileFacts | None) -> frozenset[tuple[str, int]]:
    """(called name, call site index) of the file's call sites."""
    if facts is None:
        return frozenset()
    return frozenset((s.callee.attrs[-1] if s.callee.attrs else s.callee.name, i)
                     for i, s in enumerate(facts.calls))


def _instances(facts: FileFacts | None) -> frozenset[tuple[str, str]]:
    """(class name, key) of the file's ``new ClassName(...)`` values: a value's key (a
    module-level value or a local), ``<return>:F`` for one function ``F`` returns
    (``useApi = () => new Api(http)``), ``<field>:C.f`` for a field a class's
    constructor sets (``this.recipes = new RecipeApi(http)``); see
    ``Evaluator.instances``."""
    if facts is None:
        return frozenset()
    out = set()

    def add(value, key: str) -> None:
        if isinstance(value, CallExpr) and value.new:
            out.add((value.callee.attrs[-1] if value.callee.attrs else value.callee.name, key))

    for key, value in facts.values:
        add(value, key)
    for key, value in facts.returns:
        add(value, f"<return>:{key}")
    for cls in facts.classes:
        for name, value in cls.fields:
            add(value, f"<field>:{cls.name}.{name}")
    return frozenset(out)


def _subclasses(facts: FileFacts | None) -> frozenset[tuple[str, str]]:
    """(base class name, class name) of the file's classes that extend a named class."""
    if facts is None:
        return frozenset()
    return frozenset((b.attrs[-1] if b.attrs else b.name, c.name)
                     for c in facts.classes for b in c.bases if isinstance(b, Ref))


#: (file, line, text) of .env lines already reported as unreadable (once per process)
_ENV_WARNED: set[tuple[str, int, str]] = set()


def _parse_env(text: str, path: str = "") -> dict[str, str]:
    """Parse a ``.env`` file with python-dotenv's parser (no variable expansion).

    A line that is not ``NAME=value`` (python-dotenv cannot parse it) is skipped, and said
    once as a warning naming ``path`` and the 1-based line."""
    import io

    from dotenv.parser import parse_stream

    out: dict[str, str] = {}
    try:
        for binding in parse_stream(io.StringIO(text)):
            if binding.error:
                key = (path, binding.original.line, binding.original.string)
                if key not in _ENV_WARNED:
                    _ENV_WARNED.add(key)
                    log.warning("%s:%d: skipped a line that is not NAME=value",
                                path or ".env", binding.original.line)
            elif binding.key is not None and binding.value is not None:
                out[binding.key] = binding.value
    except Exception:  # noqa: BLE001 - a malformed .env must not break indexing
        return out
    return out


def build_index(files: WorkspaceFiles, progress=None, env: dict[str, str] | None = None, *,
                jobs: int | None = None, cache=None) -> WorkspaceIndex:
    """A fresh index of the files :func:`read_workspace` read (see
    :func:`index_workspace` for ``progress``, ``env``, ``jobs`` and ``cache``)."""
    import gc

    # the cyclic garbage collector is paused meanwhile: building an index allocates
    # millions of objects and hardly any cycle, and every full collection walks all that
    # was built so far (a third of a warm start's loading of cached facts)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_index(files, progress, env, jobs, cache)
    finally:
        if collecting:
            gc.enable()


def _build_index(files: WorkspaceFiles, progress, env, jobs, cache) -> WorkspaceIndex:
    from routelink.index.pool import extract_all

    index = WorkspaceIndex(roots=list(files.roots), max_bytes=files.max_bytes, env=dict(env or {}))
    index.ignore_rules.extend(files.ignore_rules)
    index.scan_ignored += files.ignored
    index.scan_notes.extend(files.notes)
    total = index.scan_sources = files.scanned
    step = None if progress is None else (lambda done, of: progress(done, of, "extracting"))
    if index._deferral is not None:
        # extracted on demand, in batches: the files the cross-file prefilter defers
        # are never extracted unless resolution reads them
        extracted = _deferral.OnDemand(
            files.sources, lambda items, step, least: extract_all(
                items, files.max_bytes, jobs=jobs, cache=cache, progress=step,
                pool_min_files=least), step)
        if progress is not None:
            index._on_extracted = lambda: progress(total, total, "linking")
    else:
        extracted = extract_all(files.sources, files.max_bytes, jobs=jobs, cache=cache, progress=step)
        if progress is not None:
            progress(total, total, "linking")
    index.apply_changes(dict(files.data), extracted)
    index._on_extracted = None
    # the evaluator's tables of every file are kept for later updates: a one-shot check
    # does not need them, and a server rebuilds those its edits read
    index._tables_cache.clear()
    return index


def index_workspace(roots: list[str], exclude: list[str] | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES, progress=None,
                    env: dict[str, str] | None = None, *, jobs: int | None = None,
                    cache=None) -> WorkspaceIndex:
    """Scan ``roots`` (absolute paths) and build a fresh index of them.

    ``progress(done, total, phase)``, if given, is called as files are read (phase
    ``"reading"``) and extracted (``"extracting"``), then once with phase ``"linking"``
    before the links are computed.
    ``jobs``: extraction worker processes (None: every usable core for a workspace big
    enough, 1: in-process; see :mod:`routelink.index.pool`). ``cache``: a
    :class:`routelink.index.cache.FactsCache` to read and write facts (None: no cache).
    The index equals the one built with ``jobs=1`` and no cache.
    """
    files = read_workspace(roots, exclude, max_bytes, progress)
    return build_index(files, progress, env, jobs=jobs, cache=cache)
