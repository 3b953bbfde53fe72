"""Python backend extraction: FastAPI/Starlette, Flask (+ RESTful/RESTX/smorest),
Django URLconfs, Django REST Framework routers and views, Channels, django-ninja.

``extract_python(data)`` is a pure function of a module's bytes and never raises. What
it yields (see :mod:`routelink.facts`):

- ``imports``: ``from .routers import items`` -> ``Import("items", ".routers", "items")``,
  ``import app.urls`` -> ``Import("app", "app", "*")``;
- ``routers``/``routes``/``mounts`` for routes declared in this file;
- ``view_routes`` for routes whose methods come from a view class or function that may
  live in another file (expanded by :mod:`routelink.resolve.views`);
- ``classes`` (bases, methods, DRF ``@action`` facts, class attributes) for that
  expansion; ``functions`` ``"<view:NAME>"`` and values ``"<view:NAME>"`` for function
  views' method decorators;
- ``settings`` (``ROOT_URLCONF``, ``APPEND_SLASH``) and ``ignores``.

Python files contribute no calls (frontend calls are JavaScript/TypeScript).
"""

from __future__ import annotations

from routelink.facts import FileFacts

from .extractor import PyExtractor


def extract_python(data: bytes) -> FileFacts:
    """Facts of one Python module's source bytes."""
    return PyExtractor(data).run()


__all__ = ["extract_python"]
