"""Python backend extraction: the builder (:mod:`.extractor`) walks a module's structure
and the Python frameworks of the registry (:mod:`routelink.frameworks`) say what it
declares.

``extract_python(data)`` is a pure function of a module's bytes and never raises. What
it yields (see :mod:`routelink.facts`):

- ``imports``: ``from .routers import items`` -> ``Import("items", ".routers", "items")``,
  ``import app.urls`` -> ``Import("app", "app", "*")``;
- ``routers``/``routes``/``mounts`` for routes declared in this file;
- ``view_routes`` for routes whose methods come from a view class or function that may
  live in another file (expanded by the framework owning their kind, with
  :mod:`routelink.resolve.classes`);
- ``classes`` (bases, methods, decorator facts, class attributes) for that expansion;
  ``functions`` ``"<view:NAME>"`` and values ``"<view:NAME>"`` for function views' method
  decorators;
- ``settings`` (read by the frameworks' settings hooks) and ``ignores``.

- ``calls`` of the Python HTTP client libraries (``requests.post(url)``), in modules that
  import one (:mod:`.calls`): a backend calling other services.

Framework modules import :mod:`.nodes` (node helpers); the builder is imported only when
a file is extracted, so that importing a framework module never imports the registry
through this package.
"""

from __future__ import annotations

from routelink.facts import FileFacts


def extract_python(data: bytes, path: str = "") -> FileFacts:
    """Facts of one Python module's source bytes; ``path`` (absolute) is given to
    frameworks whose routes come from the file's location."""
    from .extractor import PyBuilder

    return PyBuilder(data, path).run()


__all__ = ["extract_python"]
