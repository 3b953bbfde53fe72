"""Django Channels: ``ProtocolTypeRouter``/``URLRouter`` WebSocket routes to consumers.

Follows Channels 4:

- ``application = ProtocolTypeRouter({"websocket": <middleware>(URLRouter(patterns))})``
  is an app whose WebSocket patterns are mounted (middleware calls are looked through);
  ``x = URLRouter(patterns)`` is a root candidate.
- ``websocket_urlpatterns`` (any pattern list whose name says WebSocket: ``ws_...``,
  ``..._ws_...``) and any list given to ``URLRouter`` hold Django ``path``/``re_path``
  entries (walked by :mod:`routelink.frameworks.django`); their views are consumers
  (``Consumer.as_asgi()``, ``Consumer.as_view()``, a name), each a route with method
  ``WS``. ``Consumer.as_asgi()`` is a consumer in any pattern list; ``URLRouter(...)``
  nests inside Django patterns too.
- Patterns are tried in order, the first path match wins (``dispatch = "path"``,
  ``ordering = "app"``); a WebSocket handshake is never redirected (policy ``strict``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from routelink.extract.python.nodes import call_parts, dotted, literal_string, unwrap
from routelink.facts import Expr
from routelink.frameworks.base import PathTemplate, PyFramework
from routelink.frameworks.django import (
    PATTERNS,
    convert_django_path,
    include,
    patterns_expr,
)

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node

    from routelink.extract.python.extractor import PyBuilder, Scope

#: constructor kinds: ``ProtocolTypeRouter(...)`` and ``URLRouter(...)`` (both create
#: pattern-list routers of this framework)
PROTOCOL = "protocol"
URL_ROUTER = "url-router"


def _is_ws_name(name: str) -> bool:
    lower = name.lower()
    return "websocket" in lower or lower.startswith("ws_") or "_ws_" in lower


class Channels(PyFramework):
    """Channels WebSocket routing (see the module docstring)."""

    name = "channels"
    packages = ("channels",)
    keywords = (rb"channels|URLRouter|ProtocolTypeRouter|websocket",)
    trailing_slash = "strict"
    dispatch = "path"
    ordering = "app"

    constructors = (
        (frozenset({"channels"}), frozenset({"ProtocolTypeRouter"}), PROTOCOL),
        (frozenset({"channels"}), frozenset({"URLRouter"}), URL_ROUTER),
    )
    bare_constructors = {"ProtocolTypeRouter": PROTOCOL, "URLRouter": URL_ROUTER}
    pattern_wrappers = frozenset({"URLRouter"})
    pattern_method = "WS"

    def convert_path(self, raw: str, syntax: str = "") -> list[PathTemplate]:
        """Django's syntaxes; a WebSocket route is never slash-tolerant."""
        return [(t, None) for t, _ in convert_django_path(raw, syntax)]

    # ------------------------------------------------------------------ extraction

    def construct_router(self, b: "PyBuilder", name: str, kind: str, qualified: str, call: "Node",
                         pos: list["Node"], kw: dict[str, "Node"], scope: "Scope") -> None:
        """``URLRouter(patterns)`` (a root candidate) and ``ProtocolTypeRouter({...})``
        (an app)."""
        if kind == URL_ROUTER:
            key = b.new_router(self, PATTERNS, name, call, scope, root_candidate=True)
            patterns_expr(b, key, pos[0] if pos else kw.get("routes"), scope, self)
        else:
            self._protocol_router(b, name, call, pos, kw, scope)

    def _protocol_router(self, b: "PyBuilder", name: str, call: "Node", pos: list["Node"],
                         kw: dict[str, "Node"], scope: "Scope") -> None:
        """``ProtocolTypeRouter({"http": ..., "websocket": Middleware(URLRouter(...))})``."""
        key = b.new_router(self, PATTERNS, name, call, scope, is_app=True)
        mapping = unwrap(pos[0] if pos else kw.get("application_mapping"))
        if mapping is None or mapping.type != "dictionary":
            return
        for pair in mapping.named_children:
            if pair.type != "pair":
                continue
            if literal_string(pair.child_by_field_name("key"), b.src) != "websocket":
                continue
            value = unwrap(pair.child_by_field_name("value"))
            for _ in range(6):
                if value is None or value.type != "call":
                    break
                fn, vpos, vkw = call_parts(value)
                if (dotted(fn, b.src) or "").rsplit(".", 1)[-1] in self.pattern_wrappers:
                    include(b, key, self, None, "", vpos, vkw, value, scope)
                    value = None
                    break
                value = unwrap(vpos[0]) if vpos else None
            if value is not None and value.type in ("identifier", "attribute"):
                child = b.router_ref(value, scope)
                if child is not None:
                    b.mount(key, None, child, value)

    def claims_pattern_list(self, name: str) -> bool:
        """Lists whose name says WebSocket (``websocket_urlpatterns``, ``ws_...``)."""
        return _is_ws_name(name)

    def pattern_view(self, b: "PyBuilder", key: str, owner: PyFramework, path: Expr,
                     syntax: str, view: "Node", call: "Node", scope: "Scope") -> bool:
        """``Consumer.as_asgi()`` anywhere; in this framework's lists also
        ``Consumer.as_view()`` and a consumer named as is."""
        if view.type == "call":
            vfn, _, _ = call_parts(view)
            d = dotted(vfn, b.src) or ""
            last = d.rsplit(".", 1)[-1]
            if last == "as_asgi":
                self._consumer_route(b, key, path, syntax, call, d[: -len(".as_asgi")])
                return True
            if owner is self and last == "as_view" and vfn is not None and vfn.type == "attribute":
                if b.ref(vfn.child_by_field_name("object")) is not None:
                    self._consumer_route(b, key, path, syntax, call, d[: -len(".as_view")])
                return True
            return False
        if owner is self and view.type in ("identifier", "attribute"):
            self._consumer_route(b, key, path, syntax, call, dotted(view, b.src) or "")
            return True
        return False

    def _consumer_route(self, b: "PyBuilder", key: str, path: Expr, syntax: str, call: "Node",
                        handler: str | None) -> None:
        """A consumer route; ``handler`` is the consumer's class name (its span when the
        class is in this file)."""
        handler = handler.rsplit(".", 1)[-1] if handler else None
        handler_span = None
        for c in b.classes:
            if handler and c.name == handler:
                handler_span = c.span
        b.route(key, "WS", path, call, handler=handler or None, handler_span=handler_span,
                syntax=syntax, framework=self)


FRAMEWORK = Channels()
