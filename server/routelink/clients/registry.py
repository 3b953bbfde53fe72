"""The client registry: the one list of client libraries routelink knows.

Adding a library is one module in this package and one line in :data:`CLIENTS`. The
extractor reads which names may make requests (:func:`request_names`,
:func:`constructors`, :func:`member_markers`, :func:`member_names`, :func:`chain_members`,
:func:`global_objects`), :func:`base_assignment_suffixes`, :func:`callee_hooks`,
:func:`element_tags`, :func:`element_imports`, :func:`element_markers`,
:func:`element_hooks`, :func:`call_hooks`, :func:`jsx_hooks`,
:func:`assignment_hooks`, :func:`file_hooks`, :func:`is_non_http_module` and :func:`keywords` (the
prefilter); the evaluator reads
:func:`for_import`, :func:`is_client_package`, :func:`for_global`,
:func:`for_global_member`, :func:`for_marker`, :func:`is_instance_import`,
:func:`is_instance_global`, :func:`instance_members`, :func:`value_hooks`, :func:`fallback_hooks` and :func:`get`;
findings read :func:`get` for quick fixes. Lookups are cached; :func:`register` and
:func:`unregister` clear the caches.

Architecture Invariant: no client library name appears outside its module and this
registry (``tests/core/test_registries.py`` checks it).
"""

from __future__ import annotations

from functools import lru_cache

from routelink.clients import (
    ai_sdk, angular, axios, beacon, eventsource, fetch, jquery, ky, navigation, ofetch,
    openapi, python_aiohttp, python_httpx, python_requests, rtk_query, socketio, superagent, swr,
    tus, umi_request, upload, vue, websocket, wretch, xhr,
)
from routelink.clients.base import ClientLibrary

#: every client library, in lookup order (the first that claims an import wins)
CLIENTS: list[ClientLibrary] = [
    fetch.CLIENT,
    axios.CLIENT,
    websocket.CLIENT,
    ky.CLIENT,
    wretch.CLIENT,
    umi_request.CLIENT,
    umi_request.MAX_CLIENT,
    ofetch.CLIENT,
    openapi.CLIENT,
    socketio.CLIENT,
    swr.CLIENT,
    rtk_query.CLIENT,
    superagent.CLIENT,
    jquery.CLIENT,
    xhr.CLIENT,
    eventsource.CLIENT,
    beacon.CLIENT,
    ai_sdk.CLIENT,
    tus.CLIENT,
    navigation.CLIENT,
    angular.CLIENT,
    upload.CLIENT,
    vue.CLIENT,
    # Python: backend code calling other services
    python_requests.CLIENT,
    python_httpx.CLIENT,
    python_aiohttp.CLIENT,
]

#: the built-in entries, in order (what a fresh process has: a plug-in registered at run
#: time makes the registry differ, see ``routelink.index.cache.registry_signature``)
BUILTIN = tuple(CLIENTS)

#: Packages whose calls are never HTTP requests: calls through their bindings are not
#: recorded (keeps the facts of component files small). Framework packages are added
#: from :func:`routelink.frameworks.registry.packages`.
NON_HTTP_PACKAGES = frozenset({
    "react", "react-dom", "react-router", "react-router-dom", "vue", "vue-router",
    "vuex", "pinia", "svelte", "lodash", "lodash-es", "date-fns", "moment", "dayjs",
    "redux", "react-redux", "@reduxjs/toolkit", "styled-components", "classnames",
    "clsx", "zod", "yup", "i18next", "react-i18next", "vue-i18n", "rxjs", "prop-types",
    "next/router", "next/navigation", "next/link", "next/image", "next/head",
    "mongoose", "@prisma/client", "jsonwebtoken", "bcrypt", "bcryptjs",
    "dotenv", "cors", "path", "fs", "util", "crypto", "events", "chalk", "uuid",
    # TanStack Query: its hooks call the queryFn / mutationFn, whose requests are their own
    "@tanstack/react-query", "@tanstack/vue-query", "@tanstack/solid-query",
    "@tanstack/svelte-query", "@tanstack/angular-query-experimental", "react-query",
})
NON_HTTP_SCOPES = ("@mui/", "@angular/", "@testing-library/", "@emotion/", "@chakra-ui/")

_NEUTRAL = ClientLibrary()


def register(client: ClientLibrary) -> None:
    """Add a client library at run time (tests, plug-ins). Registering the same library
    twice is a no-op."""
    if client in CLIENTS:
        return
    CLIENTS.append(client)
    _clear()


def unregister(client: ClientLibrary) -> None:
    """Remove a client library added with :func:`register`."""
    CLIENTS.remove(client)
    _clear()


def clear_caches() -> None:
    """Forget cached lookups (after a framework or client library is registered)."""
    for cached in (get, request_names, member_names, chain_members, python_packages, python_method_first, _non_http, constructors, member_markers,
                   global_objects, base_assignment_suffixes, callee_hooks, fallback_hooks,
                   for_marker, for_global, for_import, is_client_package, is_instance_import,
                   is_instance_global, instance_members, value_hooks, element_tags, element_imports,
                   element_markers,
                   element_hooks, call_hooks, assignment_hooks, jsx_hooks, file_hooks):
        cached.cache_clear()


def _clear() -> None:
    from routelink.extract import clear_prefilters

    clear_prefilters()
    clear_caches()


@lru_cache(maxsize=None)
def get(name: str) -> ClientLibrary:
    """The library called ``name``; a neutral library (no hooks) for another name (a
    wrapper's name, for instance)."""
    for c in CLIENTS:
        if c.name == name:
            return c
    return _NEUTRAL


@lru_cache(maxsize=None)
def value_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that give values to free names or calls (:meth:`ClientLibrary.free_value`,
    :meth:`ClientLibrary.call_value`)."""
    return tuple(c for c in CLIENTS if type(c).free_value is not ClientLibrary.free_value
                 or type(c).call_value is not ClientLibrary.call_value)


@lru_cache(maxsize=None)
def is_instance_import(module: str, name: str) -> bool:
    """Whether ``import {name} from '{module}'`` is a function returning the component
    instance being set up (:attr:`ClientLibrary.instance_imports`)."""
    return any((module, name) in c.instance_imports for c in CLIENTS)


@lru_cache(maxsize=None)
def is_instance_global(name: str) -> bool:
    """Whether the free name ``name`` is such a function, auto-imported (Nuxt,
    unplugin-auto-import: ``getCurrentInstance()`` with no import)."""
    return any(name == n for c in CLIENTS for _, n in c.instance_imports)


@lru_cache(maxsize=None)
def instance_members() -> frozenset[str]:
    """Members of a component instance that lead to the app's global properties
    (:attr:`ClientLibrary.instance_members`)."""
    return frozenset(m for c in CLIENTS for m in c.instance_members)


@lru_cache(maxsize=None)
def for_import(module: str, name: str) -> ClientLibrary | None:
    """The library whose client ``import {name} from '{module}'`` binds, if any."""
    for c in CLIENTS:
        if c.from_import(module, name):
            return c
    return None


@lru_cache(maxsize=None)
def is_client_package(module: str) -> bool:
    """True when ``module`` is one of the libraries' packages."""
    return any(module in c.packages for c in CLIENTS)


@lru_cache(maxsize=None)
def for_global(name: str) -> ClientLibrary | None:
    """The library a free name (no import, no local binding) denotes, if any."""
    for c in CLIENTS:
        if name in c.globals:
            return c
    return None


def for_global_member(obj: str, attr: str) -> ClientLibrary | None:
    """``window.fetch``: the library a member of a browser global denotes, if any."""
    for c in CLIENTS:
        if attr in c.globals and obj in getattr(c, "global_objects", ()):
            return c
    return None


@lru_cache(maxsize=None)
def for_marker(attr: str) -> ClientLibrary | None:
    """The library whose default client a member named ``attr`` denotes (``$axios``)."""
    for c in CLIENTS:
        if attr in c.member_markers:
            return c
    return None


@lru_cache(maxsize=None)
def request_names() -> frozenset[str]:
    """Free names whose calls the extractor records (globals and constructors)."""
    return frozenset(n for c in CLIENTS for n in (*c.globals, *c.constructors))


@lru_cache(maxsize=None)
def constructors() -> frozenset[str]:
    """Names whose ``new`` expressions may be requests (``new WebSocket(url)``)."""
    return frozenset(n for c in CLIENTS for n in c.constructors)


@lru_cache(maxsize=None)
def member_markers() -> frozenset[str]:
    """Member names that denote a library's default client on any object."""
    return frozenset(m for c in CLIENTS for m in c.member_markers)


@lru_cache(maxsize=None)
def member_names() -> frozenset[str]:
    """Every request or factory member of every JavaScript library (``get``, ``post``,
    ``create``)."""
    return frozenset(m for c in CLIENTS if c.language != "python"
                     for m in (*c.request_members, *c.factory_members))


@lru_cache(maxsize=None)
def chain_members() -> frozenset[str]:
    """Members that return a new client when chained on a call's value
    (:attr:`ClientLibrary.chain_members`: wretch's ``url``, ``addon``...)."""
    return frozenset(m for c in CLIENTS if c.language != "python" for m in c.chain_members)


@lru_cache(maxsize=None)
def python_packages() -> frozenset[str]:
    """Top-level packages of the Python libraries (``requests``): the Python extractor
    records call sites only in modules that import one."""
    return frozenset(p.split(".")[0] for c in CLIENTS if c.language == "python" for p in c.packages)


@lru_cache(maxsize=None)
def global_objects() -> frozenset[str]:
    """Browser globals whose members may be clients (``window`` of ``window.fetch``)."""
    return frozenset(o for c in CLIENTS for o in getattr(c, "global_objects", ()))


@lru_cache(maxsize=None)
def base_assignment_suffixes() -> tuple[tuple[str, ...], ...]:
    """Member paths whose assignment sets a library's default base URL."""
    return tuple(s for c in CLIENTS for s in c.base_assignments)


@lru_cache(maxsize=None)
def callee_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that recognise calls on unnamed callees (:meth:`ClientLibrary.callee`)."""
    return tuple(c for c in CLIENTS if type(c).callee is not ClientLibrary.callee)


@lru_cache(maxsize=None)
def jsx_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that look at JSX elements (:meth:`ClientLibrary.on_jsx`)."""
    return tuple(c for c in CLIENTS if type(c).on_jsx is not ClientLibrary.on_jsx)


@lru_cache(maxsize=None)
def file_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that look at whole files after extraction (:meth:`ClientLibrary.on_file`)."""
    return tuple(c for c in CLIENTS if type(c).on_file is not ClientLibrary.on_file)


@lru_cache(maxsize=None)
def fallback_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that recognise calls by their arguments alone."""
    return tuple(c for c in CLIENTS if type(c).fallback_requests is not ClientLibrary.fallback_requests)


@lru_cache(maxsize=None)
def element_tags() -> frozenset[str]:
    """Lower-case HTML tags some library reads (:attr:`ClientLibrary.element_tags`)."""
    return frozenset(t for c in CLIENTS for t in c.element_tags)


@lru_cache(maxsize=None)
def element_imports() -> frozenset[tuple[str, str]]:
    """JSX components some library reads (:attr:`ClientLibrary.element_imports`)."""
    return frozenset(t for c in CLIENTS for t in c.element_imports)


@lru_cache(maxsize=None)
def element_markers() -> frozenset[str]:
    """Attributes that make a Vue component tag an element some library reads
    (:attr:`ClientLibrary.element_markers`)."""
    return frozenset(t for c in CLIENTS for t in c.element_markers)


@lru_cache(maxsize=None)
def element_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that read elements (:meth:`ClientLibrary.element`)."""
    return tuple(c for c in CLIENTS if type(c).element is not ClientLibrary.element)


@lru_cache(maxsize=None)
def call_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that record calls themselves (:meth:`ClientLibrary.on_call`)."""
    return tuple(c for c in CLIENTS if type(c).on_call is not ClientLibrary.on_call)


@lru_cache(maxsize=None)
def assignment_hooks() -> tuple[ClientLibrary, ...]:
    """Libraries that read assignments (:meth:`ClientLibrary.on_assignment`)."""
    return tuple(c for c in CLIENTS if type(c).on_assignment is not ClientLibrary.on_assignment)


@lru_cache(maxsize=None)
def _non_http() -> frozenset[str]:
    from routelink.frameworks import registry as frameworks

    return NON_HTTP_PACKAGES | frameworks.packages()


def is_non_http_module(module: str) -> bool:
    """True for a package whose exports never make requests (React, lodash, a
    backend framework). A client library's own package is never one, even inside a
    non-HTTP scope (``@angular/common/http`` in ``@angular/``)."""
    return module in _non_http() or (module.startswith(NON_HTTP_SCOPES)
                                      and not is_client_package(module))


@lru_cache(maxsize=None)
def python_method_first() -> frozenset[str]:
    """Members of the Python libraries whose first argument is the HTTP method and
    second the URL (``request(method, url)``)."""
    return frozenset(m for c in CLIENTS if c.language == "python"
                     for m in getattr(c, "method_first", ()))


def keywords(language: str = "javascript") -> tuple[bytes, ...]:
    """Prefilter keywords of the libraries of ``language`` (``"python"``, or any other
    for the JavaScript family)."""
    python = language == "python"
    return tuple(k for c in CLIENTS if (c.language == "python") == python for k in c.keywords)


def table_keywords() -> tuple[bytes, ...]:
    """Keywords of the JavaScript-family files whose facts may feed an index-wide table
    of a client library (default base URLs, global properties): each library's
    ``table_keywords`` (see :attr:`ClientLibrary.table_keywords`), and the last member
    of every ``base_assignments`` path as written in code (``baseURL``)."""
    import re

    out: list[bytes] = []
    for c in CLIENTS:
        if c.language == "python":
            continue
        kws = c.table_keywords
        if kws is None:
            t = type(c)
            sets = bool(c.base_assignments) or any(
                getattr(t, hook) is not getattr(ClientLibrary, hook)
                for hook in ("on_assignment", "on_file", "default_bases"))
            kws = c.keywords if sets else ()
        out.extend(k for k in kws if k not in out)
        for suffix in c.base_assignments:
            word = re.escape(suffix[-1]).encode()
            if not suffix[-1].startswith("<") and word not in out:
                out.append(word)
    return tuple(out)
