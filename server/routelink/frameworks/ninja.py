"""django-ninja: ``NinjaAPI``/``Router`` operations served through a Django URLconf.

Follows django-ninja 1.x:

- ``api = NinjaAPI()`` / ``router = Router()``; ``@api.get/post/put/patch/delete(path)``
  and ``@api.api_operation(methods, path)``; ``api.add_router(prefix, router)`` (the
  router may be given as a dotted string, ``"blog.api.router"``).
- Paths use ``{name}`` / ``{conv:name}`` braces (Starlette's syntax with the converter
  first: ``{int:event_id}`` -> ``{event_id}``, ``{path:p}`` -> ``{p*}``).
- The API is mounted where ``path("api/", api.urls)`` includes it, so Django's
  trailing-slash rule (``append-get``, ``strict`` with ``APPEND_SLASH = False``) applies
  and the whole URL tree is one ordered list (``ordering = "app"``); within one path the
  operation is picked by method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from routelink.extract.python.nodes import arg, literal_string, unwrap
from routelink.facts import Ref
from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.common import HTTP_VERBS
from routelink.frameworks.django import append_slash_policy
from routelink.frameworks.fastapi import starlette_path

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, RouterHandle, Scope

#: the router kind of a ``NinjaAPI`` or a ``Router``
API = "api"


class Ninja(PyFramework):
    """django-ninja APIs and routers (see the module docstring)."""

    name = "ninja"
    packages = ("ninja",)
    keywords = (rb"ninja",)
    trailing_slash = "append-get"
    ordering = "app"

    constructors = ((frozenset({"ninja"}), frozenset({"NinjaAPI", "Router"}), API),)
    bare_constructors = {"NinjaAPI": API}
    router_methods = frozenset({"add_router"})
    router_decorators = frozenset(HTTP_VERBS) | {"api_operation"}

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Brace paths, read as Starlette's (converter first or last)."""
        return [(starlette_path(raw), None)]

    def adjust_policy(self, policy: str, settings: Mapping[str, str]) -> str:
        """Django's ``APPEND_SLASH`` applies."""
        return append_slash_policy(policy, settings)

    # ------------------------------------------------------------------ extraction

    def construct_router(self, b: "PyBuilder", name: str, kind: str, qualified: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``NinjaAPI()`` / ``Router()``."""
        b.new_router(self, API, name, call, scope)

    def guess_router(self, method: str, imports: frozenset[str]) -> "tuple[int, str] | None":
        """Rank 0 for ninja-only methods, 1 when the file imports ninja."""
        if method in ("add_router", "api_operation"):
            return 0, API
        if "ninja" in imports:
            return 1, API
        return None

    def router_decorator(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope", decorator: "Node",
                         target: "Node", handler: str, is_class: bool) -> None:
        """``@api.get(path)``... and ``@api.api_operation(methods, path)`` on functions."""
        if method == "api_operation":
            methods = b.methods(arg(pos, kw, 0, "methods"), ["GET"])
            raw = b.path_expr(arg(pos, kw, 1, "path"), scope)
        elif method in HTTP_VERBS:
            methods = [method.upper()]
            raw = b.path_expr(arg(pos, kw, 0, "path"), scope)
        else:
            return
        if raw is None or is_class:
            return
        for m in methods:
            b.route(router.key, m, raw, decorator, handler=handler, target=target)

    def router_call(self, b: "PyBuilder", router: "RouterHandle", method: str, call: "Node",
                    pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``api.add_router(prefix, router)``; a router given as ``"pkg.module.router"``
        is imported from that module."""
        if method != "add_router":
            return
        raw = b.path_expr(arg(pos, kw, 0, "prefix"), scope)
        sub = unwrap(arg(pos, kw, 1, "router"))
        if raw is None or sub is None:
            return
        text = literal_string(sub, b.src)
        if text is not None:
            module, _, attr = text.rpartition(".")
            local = f"<import:{text}>"
            b.add_import(local, module, "*")
            child: Ref | None = Ref(local, (attr,))
        else:
            child = b.router_ref(sub, scope)
        if child is not None:
            b.mount(router.key, raw, child, call)


FRAMEWORK = Ninja()
