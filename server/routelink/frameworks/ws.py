"""WebSocket servers of the ``ws`` package (8): each server is a ``WS`` endpoint.

Follows ws 8:

- A server is ``new WebSocketServer(opts)`` / ``new Server(opts)`` (named imports of
  ``ws``), ``new WebSocket.Server(opts)`` / ``new WebSocket.WebSocketServer(opts)`` of the
  module's default or namespace binding, or ``new (require('ws').Server)(opts)``;
  anywhere in a module.
- With ``opts.path`` it accepts an upgrade only when the request's pathname equals the
  path exactly (``shouldHandle``): trailing slash ``strict``. Without ``path`` (``{ server
  }``, ``{ port }``, ``{ noServer: true }`` where the application routes upgrades itself)
  it accepts any path: a ``WS`` catch-all ``/{path*}``.
- A server attaches to an HTTP server (or opens its own port), not to a router: it is an
  app (a root) whatever prefixes the HTTP framework uses.
"""

from __future__ import annotations

from routelink.facts import Lit
from routelink.frameworks.base import TEMPLATE_SYNTAX, JsFramework
from routelink.frameworks.socketio import options_object

PACKAGE = "ws"
CLASSES = ("WebSocketServer", "Server")
ANY_PATH = "/{path*}"


class Ws(JsFramework):
    """ws servers as WS endpoints (see the module docstring)."""

    name = "ws"
    packages = (PACKAGE,)
    keywords = (rb"WebSocketServer|WebSocket\.Server|require\(\s*['\"]ws['\"]|from\s+['\"]ws['\"]",)
    trailing_slash = "strict"
    dispatch = "method"
    ordering = "router"
    router_noun = "server"

    def on_new(self, b, node, scope):
        ctor = b.unwrap(node.child_by_field_name("constructor"))
        if ctor is None or not self._is_server_class(b, ctor):
            return False
        args = b.args(node)
        opts = options_object(b, args[0]) if args else None
        path, syntax, policy = Lit(ANY_PATH), TEMPLATE_SYNTAX, "ignore"
        if opts is not None:
            value = b.object_property(opts, "path")
            if value is not None:
                paths = b.path_exprs(value, scope)
                path, syntax, policy = (paths[0] if paths else b.expr(value, scope)), "", self.trailing_slash
        span = b.span(node)
        key = f"<ws {span.line + 1}:{span.column + 1}>"
        b.add_router(key, self.name, node, is_app=True, label=_binding_name(b, node) or "WebSocket server")
        b.add_route(key, "WS", path, node, [], self.name, policy, syntax=syntax)
        for a in args:
            b.walk(a, scope)
        return True

    @staticmethod
    def _is_server_class(b, node) -> bool:
        """A ws server class: a named import, a member of the module, or of ``require('ws')``."""
        if node.type == "identifier":
            imp = next((i for i in b.imports if i.local == b.text(node)), None)
            return imp is not None and imp.module == PACKAGE and imp.name in CLASSES
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            obj = b.unwrap(node.child_by_field_name("object"))
            if prop is None or b.text(prop) not in CLASSES or obj is None:
                return False
            if b.is_require(obj):
                return b.require_module(obj) == PACKAGE
            if obj.type == "identifier":
                imp = next((i for i in b.imports if i.local == b.text(obj)), None)
                return imp is not None and imp.module == PACKAGE and imp.name in ("default", "*")
        return False


def _binding_name(b, node) -> str | None:
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression"):
        parent = parent.parent
    if parent is not None and parent.type == "variable_declarator":
        name = parent.child_by_field_name("name")
        return b.text(name) if name is not None else None
    if parent is not None and parent.type == "assignment_expression":
        left = parent.child_by_field_name("left")
        return b.text(left) if left is not None else None
    return None


FRAMEWORK = Ws()
