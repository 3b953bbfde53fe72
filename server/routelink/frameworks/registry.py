"""The framework registry: the one list of backend frameworks routelink knows.

Adding a framework is one module in this package and one line in :data:`FRAMEWORKS`.
Everything else in routelink asks this module: the extractors for the hooks of a
language's frameworks and the prefilter keywords, the resolver for path conversion,
view expansion and settings, the matcher for dispatch and ordering traits, findings for
the router noun.

Architecture Invariant: no framework name or trait appears outside its module and this
registry (``tests/core/test_registries.py`` checks it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

from routelink.frameworks import (
    channels,
    django,
    drf,
    express,
    fastapi,
    fastify,
    flask,
    hono,
    koa,
    mocks,
    nestjs,
    nextjs,
    ninja,
    nuxt,
    socketio,
    sveltekit,
    ws,
)
from routelink.frameworks.base import Framework

#: every framework, in the order their hooks run (the first that claims a node wins);
#: Koa, Fastify and Hono claim a parameter router only with evidence of themselves, so
#: they come before Express, which claims any router-shaped parameter
FRAMEWORKS: list[Framework] = [
    nestjs.FRAMEWORK,  # before express: a Nest app passed to a function is Nest's
    koa.FRAMEWORK,
    fastify.FRAMEWORK,
    hono.FRAMEWORK,
    express.FRAMEWORK,
    fastapi.FRAMEWORK,
    flask.FRAMEWORK,
    django.FRAMEWORK,
    drf.FRAMEWORK,
    channels.FRAMEWORK,
    ninja.FRAMEWORK,
    nextjs.FRAMEWORK,
    nuxt.FRAMEWORK,
    sveltekit.FRAMEWORK,
    socketio.FRAMEWORK,
    ws.FRAMEWORK,
    mocks.FRAMEWORK,  # mock handlers of a frontend's dev setup (stand_in)
]

#: the built-in entries, in order (what a fresh process has: a plug-in registered at run
#: time makes the registry differ, see ``routelink.index.cache.registry_signature``)
BUILTIN = tuple(FRAMEWORKS)

_GENERIC = Framework()


def register(framework: Framework) -> None:
    """Add a framework at run time (tests, plug-ins); later lookups see it. Registering
    the same framework twice is a no-op."""
    if framework in FRAMEWORKS:
        return
    FRAMEWORKS.append(framework)
    _clear()


def unregister(framework: Framework) -> None:
    """Remove a framework added with :func:`register`."""
    FRAMEWORKS.remove(framework)
    _clear()


def _clear() -> None:
    from routelink.clients import registry as clients
    from routelink.extract import clear_prefilters

    clear_prefilters()
    clients.clear_caches()  # it caches the packages of every framework
    get.cache_clear()
    for_language.cache_clear()
    for_view_kind.cache_clear()
    table.cache_clear()
    stand_in_names.cache_clear()


@lru_cache(maxsize=None)
def get(name: str) -> Framework:
    """The framework called ``name``; a neutral framework (no traits) for an unknown name."""
    for fw in FRAMEWORKS:
        if fw.name == name:
            return fw
    return _GENERIC


@lru_cache(maxsize=None)
def for_language(language: str) -> tuple[Framework, ...]:
    """The frameworks whose hooks run on files of ``language`` (vue/svelte scripts are
    javascript or typescript)."""
    return tuple(fw for fw in FRAMEWORKS if language in fw.languages)


@lru_cache(maxsize=None)
def for_view_kind(kind: str) -> Framework | None:
    """The framework that expands view routes of ``kind``."""
    for fw in FRAMEWORKS:
        if kind in fw.view_kinds:
            return fw
    return None


@lru_cache(maxsize=None)
def stand_in_names() -> frozenset[str]:
    """Names of the frameworks whose routes only stand in for a backend (mocks,
    :attr:`Framework.stand_in`)."""
    return frozenset(fw.name for fw in FRAMEWORKS if fw.stand_in)


def packages() -> frozenset[str]:
    """Import sources of every framework (their calls are never client requests)."""
    return frozenset(p for fw in FRAMEWORKS for p in fw.packages)


def keywords(language: str) -> tuple[bytes, ...]:
    """Prefilter keywords of the frameworks of ``language``."""
    return tuple(k for fw in for_language(language) for k in fw.keywords)


@lru_cache(maxsize=None)
def table(language: str, attribute: str) -> dict[str, tuple[Framework, object]]:
    """The union of one name table over the frameworks of ``language``: name -> (the
    first framework, in registry order, whose table lists it; its value there).

    ``attribute`` names a mapping or a frozenset attribute of the framework classes
    (:class:`~routelink.frameworks.base.PyFramework` ``router_methods``,
    ``router_decorators``, ``generic_views``, ``pattern_functions``, ``pattern_wrappers``);
    a set's values are None. Used where one module consults every framework's table: the
    Python builder for the router method names it dispatches, view expansion for
    the generic view bases, the URL pattern walker for wrappers of pattern lists.
    """
    out: dict[str, tuple[Framework, object]] = {}
    for fw in for_language(language):
        entries = getattr(fw, attribute, None) or ()
        for name in entries:
            if name not in out:
                out[name] = (fw, entries[name] if isinstance(entries, Mapping) else None)
    return out


def generic_view(name: str) -> "Mapping[str, str] | str | None":
    """What a known view base class ``name`` (not in the workspace) serves, from the
    ``generic_views`` tables of the Python frameworks: {HTTP method: handling method},
    :data:`routelink.resolve.classes.ALL_METHODS`, or None when no framework knows it."""
    hit = table("python", "generic_views").get(name)
    return hit[1] if hit is not None else None  # type: ignore[return-value]
